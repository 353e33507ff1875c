//! Citations of telegrams in running text: "AS REPORTED MOSCOW 8357",
//! "(77 BONN 20123)", "STATE 98001", "REFTEL", "REF A", "PARA 2 OF REF B",
//! "REF B, PARA 4", "REFS A AND B".
//!
//! A number is recognised after a post of [`KNOWN_POSTS`] only, with at
//! least three digits, and not when it reads as a year after a preposition
//! ("IN LONDON 1976"). A REF shorthand is resolved against the document's
//! REF block: a letter only when the block has that letter, a bare REFTEL
//! only when the block has exactly one reference. Anything else stays text.

use std::sync::LazyLock;

use regex::Regex;

use crate::base::pattern::re;

use super::number::{normalize, KNOWN_POSTS};

/// One citation found in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextCite {
    /// Byte range in the paragraph's text.
    pub start: usize,
    pub end: usize,
    /// The normalized document numbers cited (several for "REFS A AND B").
    pub ids: Vec<String>,
    /// The REF letters cited, when by letter.
    pub labels: Vec<String>,
    /// The paragraph of the cited telegram, when named.
    pub para: Option<u32>,
    /// "(NOTAL)" follows.
    pub notal: bool,
}

/// The REF block of the citing document, for resolving shorthand.
pub struct RefBlock<'a> {
    /// (letter, document numbers) of each REF entry.
    pub entries: Vec<(Option<&'a str>, &'a [String])>,
}

impl RefBlock<'_> {
    fn by_label(&self, l: &str) -> Option<&[String]> {
        self.entries.iter().find(|(label, _)| *label == Some(l)).map(|(_, ids)| *ids)
    }
    fn single(&self) -> Option<&[String]> {
        match self.entries.as_slice() {
            [(_, ids)] => Some(ids),
            _ => None,
        }
    }
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    let mut posts: Vec<&str> = KNOWN_POSTS.to_vec();
    posts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let alts: Vec<String> = posts.iter().map(|p| regex::escape(p).replace(' ', r"\s+")).collect();
    re(&format!(
        r"(?x)
        \b(?:(\d{{2}})\s+)?
        ({})\s+(\d{{3,6}})\b(?:[^\w-]|$)
        ",
        alts.join("|")
    ))
});

static MORE_NUMBERS: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:,|AND)\s*(\d{3,6})\b"));

static PARA_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"^,?\s*PARA(?:GRAPH)?S?\.?\s*(\d{1,2})\b"));

static PARA_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"\bPARA(?:GRAPH)?S?\.?\s*(\d{1,2})\s+(?:OF\s+)?$"));

static NOTAL: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*\(NOTAL\)"));

static SHORTHAND: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        \b(REFTELS?|REFS?)\b
        (?:\s*\(?([A-Z])\)?(?:[^\w]|$))?
        ")
});

static LETTER: LazyLock<Regex> = LazyLock::new(|| re(r"^(\s*(?:,|AND|&)\s*)\(?([A-Z])\)?(?:[^\w]|$)"));

const PREPOSITIONS: &[&str] = &["IN", "AT", "FROM", "TO", "SINCE", "OF", "FOR", "AND", "UNTIL", "BY", "THE"];

/// Finds the citations in one paragraph. `year` is the citing document's.
pub fn scan(text: &str, year: Option<u16>, refs: &RefBlock) -> Vec<TextCite> {
    let mut out: Vec<TextCite> = Vec::new();
    for c in NUMBER.captures_iter(text) {
        let (Some(whole), Some(post), Some(num)) = (c.get(0), c.get(2), c.get(3)) else { continue };
        let prefix = c.get(1).map(|m| m.as_str());
        // "IN LONDON 1976": a year after a preposition is not a number.
        let before = text[..whole.start()].trim_end();
        let prev_word = before.rsplit(|ch: char| !ch.is_ascii_alphanumeric()).next().unwrap_or("");
        let n = num.as_str();
        if prefix.is_none()
            && n.len() == 4
            && (n.starts_with("19") || n.starts_with("20"))
            && PREPOSITIONS.contains(&prev_word)
        {
            continue;
        }
        // An airgram ("A-123") or a number glued to a hyphen is not a telegram.
        if before.ends_with('-') && before.len() == text[..whole.start()].len() {
            continue;
        }
        let post_text = post.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        let mut end = num.end();
        let mut ids: Vec<String> = normalize(prefix, &post_text, n, year).map(|t| t.to_string()).into_iter().collect();
        while let Some(m) = MORE_NUMBERS.captures(&text[end..]) {
            let (Some(all), Some(d)) = (m.get(0), m.get(1)) else { break };
            if let Some(t) = normalize(prefix, &post_text, d.as_str(), year) {
                ids.push(t.to_string());
            }
            end += all.end();
        }
        if ids.is_empty() {
            continue;
        }
        let mut cite = TextCite { start: whole.start(), end, ids, labels: Vec::new(), para: None, notal: false };
        extend(text, &mut cite);
        out.push(cite);
    }
    for c in SHORTHAND.captures_iter(text) {
        let Some(word) = c.get(1) else { continue };
        if out.iter().any(|o| o.start <= word.start() && word.start() < o.end) {
            continue;
        }
        let mut labels: Vec<String> = Vec::new();
        let mut end = word.end();
        if let Some(l) = c.get(2).filter(|l| refs.by_label(l.as_str()).is_some()) {
            labels.push(l.as_str().to_string());
            // The closing parenthesis of "REF (A)" belongs to the citation.
            end = l.end() + usize::from(text[l.end()..].starts_with(')') && text[word.end()..l.start()].contains('('));
            while let Some(m) = LETTER.captures(&text[end..]) {
                let (Some(sep), Some(l2)) = (m.get(1), m.get(2)) else { break };
                if refs.by_label(l2.as_str()).is_none() {
                    break;
                }
                let _ = sep;
                labels.push(l2.as_str().to_string());
                let close = usize::from(text[end + l2.end()..].starts_with(')'));
                end += l2.end() + close;
            }
        }
        let ids: Vec<String> = if labels.is_empty() {
            match refs.single() {
                Some(ids) => ids.to_vec(),
                None => continue,
            }
        } else {
            labels.iter().filter_map(|l| refs.by_label(l)).flatten().cloned().collect()
        };
        if ids.is_empty() {
            continue;
        }
        let mut cite = TextCite { start: word.start(), end, ids, labels, para: None, notal: false };
        extend(text, &mut cite);
        out.push(cite);
    }
    out.sort_by_key(|c| c.start);
    out
}

/// Takes in a paragraph named before ("PARA 2 OF ") or after (", PARA 5")
/// and a following "(NOTAL)".
fn extend(text: &str, cite: &mut TextCite) {
    if let Some(m) = PARA_BEFORE.captures(&text[..cite.start]) {
        if let (Some(all), Some(n)) = (m.get(0), m.get(1)) {
            cite.para = n.as_str().parse().ok();
            cite.start = all.start();
        }
    }
    if cite.para.is_none() {
        if let Some(m) = PARA_AFTER.captures(&text[cite.end..]) {
            if let (Some(all), Some(n)) = (m.get(0), m.get(1)) {
                cite.para = n.as_str().parse().ok();
                cite.end += all.end();
            }
        }
    }
    if let Some(m) = NOTAL.find(&text[cite.end..]) {
        cite.notal = true;
        cite.end += m.end();
    }
}

/// What a REF entry says beside its number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qualifiers {
    /// "(NOTAL)": the cited telegram was not sent to all this one's addressees.
    pub notal: bool,
    /// A date-time group typed with the number ("DTG 080915Z MAY 78").
    pub dtg: Option<String>,
    /// A paragraph of the cited telegram ("PARA 3").
    pub para: Option<u32>,
}

static DTG: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{6}Z\s*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s*\d{2})\b"));
static PARA_ANY: LazyLock<Regex> = LazyLock::new(|| re(r"\bPARA(?:GRAPH)?S?\.?\s*(\d{1,2})\b"));

/// Reads the qualifiers of a REF entry's text.
pub fn qualifiers(text: &str) -> Qualifiers {
    Qualifiers {
        notal: text.contains("NOTAL"),
        dtg: DTG
            .captures(text)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" ")),
        para: PARA_ANY.captures(text).and_then(|c| c.get(1)).and_then(|m| m.as_str().parse().ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn found(text: &str, year: Option<u16>, refs: &RefBlock) -> Vec<(String, Vec<String>, Option<u32>)> {
        scan(text, year, refs).into_iter().map(|c| (text[c.start..c.end].to_string(), c.ids, c.para)).collect()
    }

    #[test]
    fn numbers_in_running_text() {
        let none = RefBlock { entries: vec![] };
        assert_eq!(
            found("THE BRITISH (MOSCOW 8357, PARA 5) WAS AGREED", Some(1978), &none),
            vec![("MOSCOW 8357, PARA 5".into(), ids(&["1978MOSCOW08357"]), Some(5))]
        );
        assert_eq!(
            found("LAST AUTUMN (77 MOSCOW 17452). TOON", Some(1978), &none),
            vec![("77 MOSCOW 17452".into(), ids(&["1977MOSCOW17452"]), None)]
        );
        assert_eq!(
            found("MAY DRAW ON STATE 98001 IN EXPLAINING", Some(1978), &none),
            vec![("STATE 98001".into(), ids(&["1978STATE098001"]), None)]
        );
        assert_eq!(
            found("SEE NEW DELHI 1234 AND STATE 216511, 216512.", Some(1973), &none),
            vec![
                ("NEW DELHI 1234".into(), ids(&["1973NEWDE01234"]), None),
                ("STATE 216511, 216512".into(), ids(&["1973STATE216511", "1973STATE216512"]), None)
            ]
        );
        assert!(found("THE 1968 EXAMPLE OF CZECHOSLOVAKIA", Some(1978), &none).is_empty());
        assert!(found("HE WAS IN LONDON 1976 AND", Some(1978), &none).is_empty(), "a year");
        assert!(found("APRIL 27 AND MOSCOW 281425Z", Some(1978), &none).is_empty(), "a DTG");
        assert!(found("MOSCOW 12 TIMES", Some(1978), &none).is_empty(), "too short");
        assert!(found("MOSCOW 8357", None, &none).is_empty(), "no year known");
        assert_eq!(found("PARA 2 OF LONDON 6120 (NOTAL)", Some(1978), &none)[0].0, "PARA 2 OF LONDON 6120 (NOTAL)");
    }

    #[test]
    fn ref_qualifiers() {
        let q = qualifiers("TOKYO 7012 DTG 080915Z MAY 78 (NOTAL)");
        assert_eq!(q, Qualifiers { notal: true, dtg: Some("080915Z MAY 78".into()), para: None });
        assert_eq!(qualifiers("MOSCOW 8357, PARA 5").para, Some(5));
        assert_eq!(qualifiers("STATE 104512"), Qualifiers::default());
    }

    #[test]
    fn shorthand() {
        let a = ids(&["1978MOSCOW08357"]);
        let b = ids(&["1978LONDON06120"]);
        let refs = RefBlock { entries: vec![(Some("A"), &a[..]), (Some("B"), &b[..])] };
        assert_eq!(
            found("DEPARTMENT FOUND REF A MOST USEFUL (PARA 5 OF REF A).", Some(1978), &refs),
            vec![("REF A".into(), a.clone(), None), ("PARA 5 OF REF A".into(), a.clone(), Some(5))]
        );
        assert_eq!(found("IN LONDON (REF B) REFLECT", Some(1978), &refs), vec![("REF B".into(), b.clone(), None)]);
        assert_eq!(found("PROMISED IN PARA 4 OF REF B AS", Some(1978), &refs)[0].2, Some(4));
        assert_eq!(found("SEE REF B, PARA 4.", Some(1978), &refs)[0].0, "REF B, PARA 4");
        assert_eq!(found("SEE REFS A AND B.", Some(1978), &refs)[0].1, ids(&["1978MOSCOW08357", "1978LONDON06120"]));
        assert_eq!(found("SEE REF (B).", Some(1978), &refs)[0].0, "REF (B)");
        assert!(found("AS REPORTED REFTEL, KAPITSA", Some(1978), &refs).is_empty(), "several refs: which one?");
        assert!(found("SEE REF C", Some(1978), &refs).is_empty(), "no C in the REF block");
        let one = ids(&["1978STATE104512"]);
        let single = RefBlock { entries: vec![(None, &one[..])] };
        assert_eq!(found("AS REQUESTED REFTEL, DCM", Some(1978), &single), vec![("REFTEL".into(), one.clone(), None)]);
        assert_eq!(found("REF A MEETING", Some(1978), &single)[0].0, "REF", "an article, not a letter");
        assert!(found("THE REFERENCE", Some(1978), &single).is_empty());
        assert!(found("NO REF.", Some(1978), &RefBlock { entries: vec![] }).is_empty());
    }
}
