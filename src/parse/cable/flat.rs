//! Telegrams whose line breaks were lost: the OCR of a printout or a web
//! page flattened to one paragraph ("Message Text LIMITED OFFICIAL USE PAGE
//! 01 STATE 311722 ... FM SECSTATE WASHDC TO USDEL SECRETARY ... TAGS SOPN
//! SUBJECT PRESS GUIDANCE ...").
//!
//! A long line is cut into the lines it probably had, before (and after)
//! what starts a line in a telegram: a page header, a classification
//! banner or line, a declassification or release stamp, a transmission
//! control line, the end-of-section NNN, a precedence and DTG, FM / TO /
//! INFO, E.O., TAGS, SUBJECT, REF, a memo's TO: / FROM:, a date line, a
//! numbered paragraph. The cable
//! parser then reads the pieces as lines ([`split`]); the document keeps the
//! raw line as typed, with the pieces that are not reading text listed as
//! removed from it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::furniture::re;
use crate::base::text::collapse_ws;
use crate::model::{Document, Line, LineKind, Page, Removed};

/// A line this long holding this many markers has lost its line breaks.
const LONG: usize = 400;

/// Segments that stand alone: cut before and after them.
static WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\b(?:(?:[A-Z][a-z]+|[A-Z])\.?\s+){1,4}Declassified[/ ]Released\s+US\s+Department\s+of\s+State\s+EO\s+Systematic\s+Review(?:\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4})?",
        r"|No\s+Objection\s+to\s+Declassification\s+in\s+(?:Part|Full)\s+\d{4}/\d{2}/\d{2}\s*:\s*\S+",
        r"|(?:Declassified\s+in\s+Part\s+-\s+Sanitized\s+Copy\s+)?Approved\s+For\s+Release\s+\d{4}/\d{2}/\d{2}\s*:\s*\S+",
        r"|\bMessage Text\b",
        r"|\bNNNN?\b",
        r"|\bPAGE\s+\d{2}\s+[A-Z]+(?:\s[A-Z])?\s+\d{3,6}(?:\s+(?:TOSEC|SECTO|TOHAK|HAKTO|TODEP|DEPTO)\s+\d{3,6})?(?:\s+\d{1,2}\s+OF\s+\d{1,2})?(?:\s+\d{6}\s?Z)?",
        r"|-{5,}\s*\d{6}Z?\s+\d{6}(?:\s+/?\d{1,3})?",
        r"|\b(?:[ROPZ0]\s+){0,2}\d{6}\s?Z\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+\d{2}(?:\s+Z[A-Z]{2}(?:-?\d)?)*(?:\s+ZYH)?",
        r"|\b\d{5}\s+\d{7}\b",
        r"|\b(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\s+\d{1,2},\s+\d{4}\b",
    ))
});

/// A classification, spelt out or letter-spaced, with what may follow it on
/// a banner or classification line.
static CLASS: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\b(?:LIMITED OFFICIAL USE|CONFIDENTIAL|TOP SECRET|SECRET|UNCLASSIFIED|UNCLAS",
        r"|L I M I T E D O F F I C I A L U S E|C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D)\b",
        r"(?:\s+(?:SENSITIVE|EYES\s?'?ONLY|NODIS|EXDIS|LIMDIS|NOFORN))*",
        r"(?:\s+(?:SECTION\s+\d{1,2}\s+OF\s+\d{1,2}\s+)?[A-Z]{3,}(?:\s[A-Z]{2,})?\s+\d{3,6}(?:\s+(?:TOSEC|SECTO|TOHAK|HAKTO|TODEP|DEPTO)\s+\d{3,6})?)?",
    ))
});

/// Words that start a header line: cut before them (in the header only).
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\b(?:ORIGIN\s+[A-Z]+-\d|ACTION\s+[A-Z]+-\d|INFO\s+[A-Z]+-\d|DRAFTED\s+BY|APPROVED\s+BY|CLEARANCE|DESIRED\s+DISTRIBUTION",
        r"|FM\s|TO\s|TO:|INFO\s|XMT\s|E\.?\s?O\.?\s+1\d{4}|TAGS\b|SUBJECT\b|SUBJ\b|REFS?\b|FROM[:;]|MEMORANDUM\s+FOR|VIA\s+T[A-Z0-9]HAK)",
    ))
});

/// A numbered paragraph: "1. FORTIFIED", "2. THE".
static PARA: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d{1,2}\.\s+[A-Z]"));

/// Whether `text` has lost its line breaks: a long line with telegram
/// markers in it, and few lines.
#[cfg(test)]
pub fn is_flattened(text: &str) -> bool {
    let mut lines = 0;
    let mut long = false;
    for l in text.lines() {
        lines += 1;
        if l.len() >= LONG && !long {
            let markers = WHOLE.find_iter(l).take(3).count() + CLASS.find_iter(l).take(3).count();
            long = markers >= 3;
        }
        if lines > 60 {
            return false;
        }
    }
    long
}

/// Whether line `l` should be cut into pieces.
pub(super) fn is_flat_line(l: &str) -> bool {
    l.len() >= LONG && WHOLE.find_iter(l).take(2).count() + CLASS.find_iter(l).take(2).count() >= 2
}

/// The byte ranges of the lines `line` probably had, trimmed, in order,
/// covering every non-blank character.
pub(super) fn split(line: &str) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = vec![0, line.len()];
    // Header words only before the body: the first numbered paragraph, or
    // the end of the subject.
    let body_start = body_start(line);
    for m in WHOLE.find_iter(line) {
        cuts.push(m.start());
        cuts.push(m.end());
    }
    // In the body a classification is a banner only next to another banner
    // or a page header ("... LIMITED OFFICIAL USE LIMITED OFFICIAL USE PAGE
    // 02 ..."): "THE CONFIDENTIAL REPORT" stays text.
    let classes: Vec<Range<usize>> = CLASS.find_iter(line).map(|m| m.range()).collect();
    for (i, m) in classes.iter().enumerate() {
        let next = line[m.end..].trim_start();
        let before_banner = classes.get(i + 1).is_some_and(|n| line[m.end..n.start].trim().is_empty());
        let after_banner = i > 0 && line[classes[i - 1].end..m.start].trim().is_empty();
        // ... and at the end of a section: "... CARLUCCI CONFIDENTIAL NNN".
        let at_end = next.is_empty() || next.starts_with("NNN");
        if m.start < body_start || before_banner || after_banner || at_end || next.starts_with("PAGE ") {
            cuts.push(m.start);
            cuts.push(m.end);
        }
    }
    for m in FIELD.find_iter(&line[..body_start]) {
        cuts.push(m.start());
    }
    for m in PARA.find_iter(line) {
        cuts.push(m.start());
    }
    cuts.push(body_start);
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = &line[a..b];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if a + lead < b - trail {
            out.push(a + lead..b - trail);
        }
    }
    out
}

/// Where the body starts: after the subject (which ends at the first
/// paragraph label), else at the first numbered paragraph.
fn body_start(line: &str) -> usize {
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| re(r"\bSUBJ(?:ECT)?\b[:.]?\s*"));
    let para = PARA.find(line).map_or(line.len(), |m| m.start());
    let Some(s) = SUBJECT.find(&line[..para]) else { return para };
    // The subject runs to the first paragraph label: "1", "1.", "A." or a
    // bare "A" after a word that cannot end a subject's noun phrase.
    let rest = &line[s.end()..para];
    let mut words = 0;
    let mut prev = "";
    let mut at = s.end();
    for (i, w) in rest.split(' ').enumerate() {
        let start = s.end() + rest.split(' ').take(i).map(|x| x.len() + 1).sum::<usize>();
        if w.is_empty() {
            continue;
        }
        let label = matches!(w, "1" | "1." | "A." | "(A)" | "SUMMARY" | "SUMMARY:" | "REF" | "REFS")
            || (w == "A" && words >= 2 && !is_connective(prev));
        if label && words >= 1 {
            return start;
        }
        words += 1;
        prev = w;
        at = start + w.len();
        if words >= 16 {
            return at;
        }
    }
    para.max(at)
}

fn is_connective(w: &str) -> bool {
    matches!(
        w,
        "ON" | "OF"
            | "FOR"
            | "TO"
            | "IN"
            | "WITH"
            | "AS"
            | "IS"
            | "AT"
            | "BY"
            | "FROM"
            | "AND"
            | "OR"
            | "INTO"
            | "ABOUT"
            | "BE"
            | "WAS"
            | "ARE"
            | "HAS"
            | "HAVE"
            | "NOT"
            | "AGAINST"
            | "UNDER"
            | "OVER"
    )
}

/// Turns a parse of the reconstructed lines back into one of the raw
/// lines: each raw line keeps its text as typed; it is reading text when
/// any of its pieces is, and then lists the other pieces (banners, page
/// headers, stamps, header fields) as removed, in order. `origin` gives the
/// raw line (0-based) of each reconstructed line.
pub(super) fn merge(doc: Document, raw: &[&str], origin: &[usize]) -> Document {
    let raw_of = |n: usize| origin.get(n.wrapping_sub(1)).copied().unwrap_or(0);
    // Raw line -> (merged line, sheet of its first piece).
    let mut merged: HashMap<usize, (Line, usize)> = HashMap::new();
    let mut order: Vec<usize> = Vec::new();
    for page in &doc.pages {
        for l in &page.lines {
            let r = raw_of(l.n);
            let entry = merged.entry(r).or_insert_with(|| {
                order.push(r);
                let line = Line {
                    n: r + 1,
                    text: raw.get(r).map_or_else(String::new, |t| t.to_string()),
                    kind: LineKind::Blank,
                    paragraph: None,
                    removed: Vec::new(),
                    editor: None,
                };
                (line, page.number)
            });
            let m = &mut entry.0;
            if l.kind == LineKind::Text {
                if m.kind != LineKind::Text {
                    m.kind = LineKind::Text;
                }
                m.paragraph = m.paragraph.or(l.paragraph);
                m.removed.extend(l.removed.iter().cloned());
            } else if l.kind != LineKind::Blank {
                if m.kind == LineKind::Blank {
                    m.kind = l.kind;
                }
                m.removed.push(Removed { text: collapse_ws(&l.text), kind: l.kind });
            }
        }
    }
    // Sheets keep the raw lines whose first piece is on them; a sheet left
    // empty is dropped and its paragraphs go to the sheet before.
    let mut pages: Vec<Page> = Vec::new();
    let mut sheet_of: HashMap<usize, usize> = HashMap::new();
    for page in &doc.pages {
        let lines: Vec<Line> = order
            .iter()
            .filter(|r| merged.get(r).is_some_and(|(_, p)| *p == page.number))
            .filter_map(|r| merged.get(r).map(|(l, _)| l.clone()))
            .collect();
        if !lines.is_empty() {
            pages.push(Page { number: pages.len() + 1, label: page.label.clone(), section: page.section, lines });
        }
        sheet_of.insert(page.number, pages.len().max(1));
    }
    for page in &mut pages {
        for l in &mut page.lines {
            if l.kind != LineKind::Text {
                l.removed.clear();
                l.paragraph = None;
            }
        }
    }
    let mut paragraphs = doc.paragraphs;
    for p in &mut paragraphs {
        let mut lines: Vec<usize> = Vec::new();
        for &n in &p.lines {
            let r = raw_of(n) + 1;
            if lines.last() != Some(&r) {
                lines.push(r);
            }
        }
        p.lines = lines;
        p.page = sheet_of.get(&p.page).copied().unwrap_or(1);
    }
    Document { pages, paragraphs, ..doc }
}

/// The lines of `text`, a line that lost its line breaks cut into the
/// lines it had (this file); with each line's raw line index.
pub(super) fn virtual_lines(text: &str) -> (Vec<&str>, Option<Vec<usize>>) {
    let raw: Vec<&str> = text.lines().collect();
    if !raw.iter().any(|l| is_flat_line(l)) {
        return (raw, None);
    }
    let mut lines = Vec::new();
    let mut origin = Vec::new();
    for (i, l) in raw.iter().enumerate() {
        if is_flat_line(l) {
            for r in split(l) {
                lines.push(&l[r]);
                origin.push(i);
            }
        } else {
            lines.push(l);
            origin.push(i);
        }
    }
    (lines, Some(origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(l: &str) -> Vec<&str> {
        split(l).into_iter().map(|r| &l[r]).collect()
    }

    #[test]
    fn cuts_a_flattened_state_telegram() {
        let l = "Margaret P Grafeld Declassified Released US Department of State EO Systematic Review 04 MAY 2006 Message Text LIMITED OFFICIAL USE PAGE 01 STATE 311722 TOSEC 340058 ORIGIN L-03 INFO OCT-01 SS-15 /019 R DRAFTED BY L MLEIGH BE APPROVED BY L MLEIGH DESIRED DISTRIBUTION S AND L ONLY ------------------281618Z 011536 44 Z 281605Z DEC 76 ZFF4 FM SECSTATE WASHDC TO USDEL SECRETARY FLASH LIMITED OFFICIAL USE STATE 311722 TOSEC 340058 FOR THE SECRETARY ONLY FROM LEIGH E O 11652 N A TAGS SOPN SUBJECT PRESS GUIDANCE A FOLLOWING ARE Q A'S TO BE USED BY SPOKESMAN ON AN IF ASKED BASIS QUOTE Q WHY DIDN'T THE SECRETARY SIMPLY INCLUDE THE OTHER PAPERS LIMITED OFFICIAL USE LIMITED OFFICIAL USE PAGE 02 STATE 311722 TOSEC 340058 Q WHY WASN'T THE FIRST";
        let p = pieces(l);
        assert_eq!(
            p,
            vec![
                "Margaret P Grafeld Declassified Released US Department of State EO Systematic Review 04 MAY 2006",
                "Message Text",
                "LIMITED OFFICIAL USE",
                "PAGE 01 STATE 311722 TOSEC 340058",
                "ORIGIN L-03",
                "INFO OCT-01 SS-15 /019 R",
                "DRAFTED BY L MLEIGH BE",
                "APPROVED BY L MLEIGH",
                "DESIRED DISTRIBUTION S AND L ONLY",
                "------------------281618Z 011536 44",
                "Z 281605Z DEC 76 ZFF4",
                "FM SECSTATE WASHDC",
                "TO USDEL SECRETARY FLASH",
                "LIMITED OFFICIAL USE STATE 311722 TOSEC 340058",
                "FOR THE SECRETARY ONLY FROM LEIGH",
                "E O 11652 N A",
                "TAGS SOPN",
                "SUBJECT PRESS GUIDANCE",
                "A FOLLOWING ARE Q A'S TO BE USED BY SPOKESMAN ON AN IF ASKED BASIS QUOTE Q WHY DIDN'T THE SECRETARY SIMPLY INCLUDE THE OTHER PAPERS",
                "LIMITED OFFICIAL USE",
                "LIMITED OFFICIAL USE",
                "PAGE 02 STATE 311722 TOSEC 340058",
                "Q WHY WASN'T THE FIRST",
            ]
        );
        assert!(is_flattened(l));
    }

    #[test]
    fn cuts_a_flattened_situation_room_cable() {
        let l = "No Objection to Declassification in Part 2009/12/04: LOC-HAK-260-3-25-2 pppp~ W, W **** S E C R E T *******S COPY 02936 1441923 0 241923Z MAY 74 ZFF-1 ZFF-4 ZYH FM THE SITUATION ROOM TO AMCONSUL JERUSALEM S E C R E T SENSITIVE EYES ONLY VIA TDHAK 310 MAY 24, 1974 TO: JERRY BREMER/PETER RODMAN FOR. SECRETARY KISSINGER FROM; BRENT SCOWCROFT 1. FORTIFIED WITH YOUR VERY HELPFUL COMMENTS ABOUT A PRESIDENTIAL TRIP (HAKTO 140-142) 1 HAD A GOOD TALK WITH THE PRESIDENT AND I THINK LEFT HIM RELAXED ABOUT THE WHOLE THING.";
        let p = pieces(l);
        assert_eq!(
            p,
            vec![
                "No Objection to Declassification in Part 2009/12/04: LOC-HAK-260-3-25-2",
                "pppp~ W, W ****",
                "S E C R E T",
                "*******S COPY",
                "02936 1441923",
                "0 241923Z MAY 74 ZFF-1 ZFF-4 ZYH",
                "FM THE SITUATION ROOM",
                "TO AMCONSUL JERUSALEM",
                "S E C R E T SENSITIVE EYES ONLY",
                "VIA TDHAK 310",
                "MAY 24, 1974",
                "TO: JERRY BREMER/PETER RODMAN FOR. SECRETARY KISSINGER",
                "FROM; BRENT SCOWCROFT",
                "1. FORTIFIED WITH YOUR VERY HELPFUL COMMENTS ABOUT A PRESIDENTIAL TRIP (HAKTO 140-142) 1 HAD A GOOD TALK WITH THE PRESIDENT AND I THINK LEFT HIM RELAXED ABOUT THE WHOLE THING.",
            ]
        );
    }

    #[test]
    fn ordinary_lines_are_not_cut() {
        assert!(!is_flat_line("1. THE PRESIDENT CALLED TO ASK WHAT YOUR CURRENT THOUGHTS"));
        assert!(!is_flattened("CONFIDENTIAL\nPAGE 01 MOSCOW 08357 01 OF 03 210028Z\n"));
    }
}
