//! The `article` format: press-digest articles such as the Jamestown
//! Foundation Monitor. A headline, a "Publication: Monitor Volume: 5 Issue:
//! 156" line, one paragraph a line (or blank-separated), source citations in
//! parentheses, and possibly the headline of the next item cut off by the
//! excerpt.

use std::sync::LazyLock;

use regex::Regex;

use crate::base::pattern::re;

use crate::base::text::collapse_ws;
use crate::model::{Citation, DocId, Document, FormatName, LineKind, Metadata, ParseWarning, WarningKind};
use crate::parse::builder::{title_from_text, Builder};
use crate::parse::format::Format;

pub struct Article;

static PUBLICATION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\s*Publication:\s*(?P<pub>.+?)(?:\s+Volume:\s*(?P<vol>\S+))?(?:\s+Issue:\s*(?P<iss>\S+))?\s*$")
});

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.";

/// A parenthesised source citation ending in a date: "(Itar-Tass, August
/// 24)", "(UPI, August 23-24)", "(NTV, August 24; Segodnya, August 25)".
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\(([^()]{{2,160}}?,\s*(?:{MONTHS})\s+\d{{1,2}}(?:\s*[-–]\s*(?:(?:{MONTHS})\s+)?\d{{1,2}})?(?:,\s*\d{{4}})?)\)"
    ))
});

/// One "source, date" part of a citation.
static SOURCE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"^(.*?),\s*((?:{MONTHS})\s+\d{{1,2}}(?:\s*[-–]\s*(?:(?:{MONTHS})\s+)?\d{{1,2}})?(?:,\s*\d{{4}})?)$"))
});

/// The citations of one paragraph, a "source; source" list split in parts.
fn citations(text: &str, paragraph: usize) -> Vec<Citation> {
    let mut out = Vec::new();
    for c in CITATION.captures_iter(text) {
        for part in c[1].split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (source, date) = match SOURCE_DATE.captures(part) {
                Some(sd) => (Some(sd[1].trim().to_string()), Some(sd[2].trim().to_string())),
                None => (None, None),
            };
            out.push(Citation { text: part.to_string(), source, date, paragraph });
        }
    }
    out
}

/// A line in capitals: a headline.
fn is_headline(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 8 && letters.iter().all(|c| !c.is_lowercase()) && line.split_whitespace().count() >= 2
}

/// A headline in title case: "Swiss Firm Reportedly Provided First Family
/// With Generous Pocket Money", "Russia Steps Up Pressure on Georgia." Short
/// (2 to 20 words), one sentence at most, no source citation, and at least
/// three quarters of its words of four letters or more capitalized (short
/// function words may stay lower case).
fn is_title_case(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if !(2..=20).contains(&words.len()) || line.len() > 160 || CITATION.is_match(line) {
        return false;
    }
    if line.ends_with([':', ',', ';']) || SENTENCE_BREAK.is_match(line) {
        return false;
    }
    let significant: Vec<&str> = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let capitalized = significant.iter().filter(|w| w.starts_with(|c: char| c.is_uppercase())).count();
    significant.len() >= 2 && capitalized * 4 >= significant.len() * 3
}

/// A sentence ending inside a line ("... said. The ..."), not an
/// abbreviation ("U.S. Envoy").
static SENTENCE_BREAK: LazyLock<Regex> = LazyLock::new(|| re(r"\p{Ll}{2,}[.!?][\s\u{201D}\u{2019}\x22']+\p{L}"));

/// Whether a line ends a sentence (so what follows can be a new item).
fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '\u{201D}', '\u{2019}', '"', '\'', ')'])
}

/// An excerpt of a digest item without its headline and publication
/// line: running prose in mixed case (it may start mid-sentence) that cites
/// its sources the digest's way, "(Interfax, July 3)".
fn is_digest_excerpt(text: &str) -> bool {
    let head: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).take(40).collect();
    if head.is_empty() {
        return false;
    }
    let (mut lower, mut upper) = (0usize, 0usize);
    for l in &head {
        for c in l.chars() {
            if c.is_lowercase() {
                lower += 1;
            } else if c.is_uppercase() {
                upper += 1;
            }
        }
    }
    // Prose: most letters lower case; and a source cited by name and date.
    lower > 200 && upper * 4 < lower && head.iter().any(|l| CITATION.is_match(l))
}

impl Format for Article {
    fn name(&self) -> FormatName {
        FormatName::Article
    }

    fn detect(&self, text: &str) -> u32 {
        if text.lines().take(10).any(|l| PUBLICATION.is_match(l)) {
            80
        } else if is_digest_excerpt(text) {
            40
        } else {
            0
        }
    }

    fn parse(&self, id: &DocId, text: &str) -> Document {
        let mut b = Builder::new();
        b.page(None, None);
        let mut meta = Metadata::default();
        let mut headline: Option<String> = None;
        let lines: Vec<&str> = text.lines().collect();
        let last_nonblank = lines.iter().rposition(|l| !l.trim().is_empty());
        // Hard-wrapped text (short lines, paragraphs between blank lines) is
        // reflowed; the digests' export has one paragraph a line.
        let wrapped = {
            let body: Vec<usize> = lines.iter().map(|l| l.trim().len()).filter(|&l| l > 0).collect();
            let long = body.iter().filter(|&&l| l > 100).count();
            let consecutive = lines.windows(2).filter(|w| !w[0].trim().is_empty() && !w[1].trim().is_empty()).count();
            long * 4 < body.len() && consecutive * 2 > body.len()
        };
        // A headline in title case before the "Publication:" line (the
        // capitals rule below finds the all-capitals ones).
        let publication_at = lines.iter().take(10).position(|l| PUBLICATION.is_match(l.trim()));
        let mut seen_body = false;
        let mut previous: Option<&str> = None;
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() {
                b.line(n, line, LineKind::Blank);
                b.end_paragraph();
                previous = None;
                continue;
            }
            if let Some(c) = PUBLICATION.captures(trimmed) {
                b.line(n, line, LineKind::Headline);
                b.end_paragraph();
                meta.publication = c.name("pub").map(|m| m.as_str().trim().to_string());
                meta.volume = c.name("vol").map(|m| m.as_str().to_string());
                meta.issue = c.name("iss").map(|m| m.as_str().to_string());
                continue;
            }
            let before_publication = publication_at.is_some_and(|p| i < p) && !seen_body;
            // The headline, possibly over several lines.
            if (is_headline(trimmed) || (before_publication && is_title_case(trimmed)))
                && !seen_body
                && meta.publication.is_none()
            {
                b.line(n, line, LineKind::Headline);
                let h = headline.get_or_insert_with(String::new);
                if !h.is_empty() {
                    h.push(' ');
                }
                h.push_str(&collapse_ws(trimmed));
                continue;
            }
            // The next item's headline cut off by the excerpt: the last line,
            // after a finished sentence, in capitals or title case.
            if Some(i) == last_nonblank
                && seen_body
                && previous.is_none_or(ends_sentence)
                && (is_headline(trimmed) || is_title_case(trimmed))
            {
                b.line(n, line, LineKind::NextItem);
                b.end_paragraph();
                meta.next_item = Some(collapse_ws(trimmed));
                continue;
            }
            seen_body = true;
            previous = Some(trimmed);
            b.line(n, line, LineKind::Text);
            b.text(n, line);
            if !wrapped {
                b.end_paragraph();
            }
        }
        let mut doc = {
            let title = headline.clone().unwrap_or_default();
            b.finish(id, self.name(), title, None, meta)
        };
        for p in &doc.paragraphs {
            doc.metadata.citations.extend(citations(&p.text, p.n));
        }
        if doc.title.is_empty() {
            doc.title = doc.paragraphs.first().map(|p| title_from_text(&p.text, 12)).unwrap_or_default();
            // An item cut from a digest without its head: say so, and
            // whether it starts mid-sentence.
            if headline.is_none() && doc.metadata.publication.is_none() && !doc.paragraphs.is_empty() {
                let first = doc.paragraphs[0].text.trim_start();
                let mid = first.starts_with(|c: char| c.is_lowercase());
                let line = doc.pages.iter().flat_map(|p| &p.lines).find(|l| l.paragraph == Some(1)).map(|l| l.n);
                doc.warnings.push(ParseWarning::new(
                    WarningKind::MidDocument,
                    line,
                    if mid {
                        "the text starts mid-sentence, without the item's headline or publication line: an \
                         excerpt (the title is taken from its first words; give it a `title` in the commentary)"
                    } else {
                        "no headline or publication line: an excerpt of a digest item (the title is taken from its \
                         first words; give it a `title` in the commentary)"
                    },
                ));
            }
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_monitor_layout() {
        let text = "TALKS IN BEIJING.\nPublication: Monitor Volume: 5 Issue: 156\nThe talks (Itar-Tass, August 24) went on (UPI, August 23-24).\nNEXT STORY HEADLINE HERE.";
        let d = Article.parse(&crate::model::DocId::any("m"), text);
        assert_eq!(d.title, "TALKS IN BEIJING.");
        assert_eq!(d.metadata.publication.as_deref(), Some("Monitor"));
        assert_eq!(d.metadata.volume.as_deref(), Some("5"));
        assert_eq!(d.metadata.issue.as_deref(), Some("156"));
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(d.metadata.citations.len(), 2);
        assert_eq!(d.metadata.citations[1].text, "UPI, August 23-24");
        assert_eq!(d.metadata.citations[1].source.as_deref(), Some("UPI"));
        let c = citations("x (NTV, August 24; Segodnya, August 25) and (see the Monitor, August 23).", 3);
        let parts: Vec<(&str, Option<&str>)> = c.iter().map(|c| (c.text.as_str(), c.date.as_deref())).collect();
        assert_eq!(
            parts,
            vec![
                ("NTV, August 24", Some("August 24")),
                ("Segodnya, August 25", Some("August 25")),
                ("see the Monitor, August 23", Some("August 23"))
            ]
        );
        assert_eq!(d.metadata.next_item.as_deref(), Some("NEXT STORY HEADLINE HERE."));
    }

    fn next_item(text: &str) -> Option<String> {
        Article.parse(&crate::model::DocId::any("m"), text).metadata.next_item
    }

    #[test]
    fn title_case_next_item_headlines_are_kept_out() {
        let body = "Moscow Warns Kiev Over Gas.\nPublication: Monitor Volume: 3 Issue: 12\nThe talks went on (Itar-Tass, May 4).\n";
        // Title case, with and without a final period, with and without a blank line.
        for tail in [
            "Russia Steps Up Pressure on Georgia",
            "Russia Steps Up Pressure on Georgia.",
            "\nSwiss Firm Reportedly Provided First Family With Generous \u{201C}Pocket Money.\u{201D}",
            "U.S. Envoy Arrives in Tbilisi for Talks",
        ] {
            let text = format!("{body}{tail}");
            let d = Article.parse(&crate::model::DocId::any("m"), &text);
            assert_eq!(d.paragraphs.len(), 1, "{tail}");
            assert!(d.metadata.next_item.is_some(), "{tail}");
            assert_eq!(d.title, "Moscow Warns Kiev Over Gas.", "title-case headline at the start");
        }
        // Not headlines: a short last paragraph in sentence case, two sentences,
        // a line with a citation, the end of a wrapped paragraph.
        for tail in [
            "The ministry declined to comment.",
            "Kuchma Agreed. Moscow Did Not Reply.",
            "Kuchma Agreed With Putin (Interfax, May 5).",
        ] {
            assert_eq!(next_item(&format!("{body}{tail}")), None, "{tail}");
        }
        let wrapped = "Publication: Monitor Volume: 3 Issue: 12\n\nThe talks went on between the\ndelegations of Russia and\nUkraine Over Black Sea Fleet Basing Rights\n";
        assert_eq!(next_item(wrapped), None);
        // No headline at the start: the title comes from the text.
        let d = Article.parse(&crate::model::DocId::any("m"), "Publication: Monitor Volume: 3 Issue: 12\nThe talks went on (Itar-Tass, May 4).\nKremlin Says Talks With Tokyo Will Continue");
        assert_eq!(d.metadata.next_item.as_deref(), Some("Kremlin Says Talks With Tokyo Will Continue"));
        assert!(d.title.starts_with("The talks went on"), "{}", d.title);
    }

    #[test]
    fn digest_excerpts_without_headline_are_articles() {
        let prose = "said on Tuesday that the ruble corridor would be kept for the rest of the year, despite the fall in oil prices, and that the bank had the reserves to defend it (Reuters, June 2).\nMarket analysts were less sure, and several Western banks were said to be reducing their exposure to Russian debt this week.\nUKRAINIAN MINERS END STRIKE IN DONETSK.\n";
        assert_eq!(Article.detect(prose), 40);
        let d = Article.parse(&crate::model::DocId::any("m"), prose);
        assert_eq!(d.metadata.next_item.as_deref(), Some("UKRAINIAN MINERS END STRIKE IN DONETSK."));
        assert_eq!(d.paragraphs.len(), 2);
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].kind, WarningKind::MidDocument);
        assert!(d.warnings[0].message.contains("mid-sentence"), "{}", d.warnings[0].message);
        assert_eq!(d.warnings[0].line, Some(1));
        // Without a source cited the digest's way, or in capitals: not one.
        assert_eq!(Article.detect(&prose.replace("(Reuters, June 2)", "")), 0);
        assert_eq!(Article.detect(&prose.to_uppercase()), 0);
    }
}
