#![allow(dead_code)]
//! Invariants shared by the format tests.

use folio::model::{Document, LineKind};

/// Letters and digits only: the text a reader must find, whatever the
/// spacing, hyphenation and line breaks.
fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Nothing is lost; nothing foreign is in the reading text.
pub fn check_invariants(doc: &Document, text: &str) {
    check(doc, text, true)
}

/// The invariants that hold for any input, however mangled: nothing is
/// lost, every line is classified (glued garbage may stay text).
pub fn check_lossless(doc: &Document, text: &str) {
    check(doc, text, false)
}

fn check(doc: &Document, text: &str, strict: bool) {
    let raw_lines: Vec<&str> = text.lines().collect();
    let lines: Vec<_> = doc.lines().collect();
    assert_eq!(lines.len(), raw_lines.len(), "{}: every raw line is kept", doc.id);
    let mut expected = String::new();
    for (l, raw) in lines.iter().zip(&raw_lines) {
        assert_eq!(l.text, *raw, "{}: line {} kept as typed", doc.id, l.n);
        if raw.trim().is_empty() {
            assert_eq!(l.kind, LineKind::Blank, "{}: line {}", doc.id, l.n);
            continue;
        }
        assert_ne!(l.kind, LineKind::Blank, "{}: line {} is not blank", doc.id, l.n);
        if l.kind == LineKind::Text {
            assert!(l.paragraph.is_some(), "{}: text line {} feeds a paragraph: {:?}", doc.id, l.n, l.text);
            let mut rest = collapse_ws(&l.text);
            for r in &l.removed {
                match rest.find(&r.text) {
                    Some(at) => rest.replace_range(at..at + r.text.len(), " "),
                    None => panic!("{}: line {}: removed {:?} not in {:?}", doc.id, l.n, r.text, rest),
                }
            }
            expected.push_str(&letters(&rest));
        } else {
            assert!(l.paragraph.is_none(), "{}: line {} ({:?}) is not in the reading text", doc.id, l.n, l.kind);
        }
    }
    let got: String = doc.paragraphs.iter().map(|p| letters(&p.text)).collect();
    assert_eq!(got, expected, "{}: the reading text holds every word of the text lines, in order", doc.id);
    for p in &doc.paragraphs {
        assert!(!p.lines.is_empty());
        if doc.format == "cable" && strict {
            assert!(!p.text.contains("Declassified/Released"), "{}: stamp in p{}: {}", doc.id, p.n, p.text);
            assert!(!p.text.split_whitespace().any(|w| w == "NNN"), "{}: NNN in p{}", doc.id, p.n);
            for w in ["PAGE 01", "PAGE 02", "PAGE 03", "PAGE 04", "C O N F I D E N T I A L", "S E C R E T"] {
                assert!(!p.text.contains(w), "{}: {w:?} in p{}: {}", doc.id, p.n, p.text);
            }
            for l in doc.lines().filter(|l| matches!(l.kind, LineKind::Banner | LineKind::PageHeader)) {
                let t = collapse_ws(&l.text);
                if t.len() > 14 {
                    assert!(!p.text.contains(&t), "{}: {t:?} left in p{}", doc.id, p.n);
                }
            }
        }
    }
}

/// Whitespace runs as one space, trimmed.
fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
