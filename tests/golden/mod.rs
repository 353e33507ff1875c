#![allow(dead_code)]
//! Helpers of the golden format tests: load a fixture, render a parse for
//! review, compare the header fields.

use std::path::Path;

use folio::model::Document;
use folio::parse;

use crate::invariants::check_invariants;

/// Parses tests/fixtures/`rel` with the detected format and checks the
/// invariants (nothing lost, nothing foreign in the reading text).
pub fn fixture(rel: &str) -> (Document, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (text, warning) = parse::decode(&bytes);
    assert!(warning.is_none(), "{rel}: {warning:?}");
    let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or("x").to_string();
    let doc = parse::parse(&folio::model::DocId::any(id), &text, None);
    check_invariants(&doc, &text);
    (doc, text)
}

/// A reviewable rendering of a parse: metadata, warnings, every line with
/// its kind, the reading paragraphs.
pub fn render(doc: &Document) -> String {
    let mut out = format!("format: {}\ntitle: {}\ndate: {:?}\n", doc.format, doc.title, doc.date);
    let mut meta = serde_json::to_value(&doc.metadata).expect("serialisable");
    if let Some(m) = meta.as_object_mut() {
        m.remove("attributes");
    }
    out.push_str(&serde_json::to_string_pretty(&meta).expect("serialisable"));
    out.push_str(&format!("\nattributes: {}\n", doc.metadata.attributes.len()));
    for a in &doc.metadata.attributes {
        out.push_str(&format!("  {}: {}\n", a.key, a.value));
    }
    for w in &doc.warnings {
        out.push_str(&format!("warning: {}\n", serde_json::to_string(w).expect("serialisable")));
    }
    for page in &doc.pages {
        out.push_str(&format!("--- sheet {} {:?} section {:?}\n", page.number, page.label, page.section));
        for l in &page.lines {
            let kind =
                serde_json::to_value(l.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let para = l.paragraph.map_or(String::new(), |p| format!("p{p}"));
            let text: String = l.text.trim_end().chars().take(160).collect();
            out.push_str(&format!("{:>4} {:<14} {:<4} {}\n", l.n, kind, para, text));
            for r in &l.removed {
                out.push_str(&format!("{:>24} removed {:?}: {}\n", "", r.kind, r.text));
            }
        }
    }
    out.push_str("=== reading text\n");
    for p in &doc.paragraphs {
        let mark = p.marking.as_deref().map_or(String::new(), |m| format!(" [{m}]"));
        out.push_str(&format!("[p{} f{}{}] {}\n", p.n, p.page, mark, p.text));
    }
    out
}

/// The header fields every telegram is judged on.
pub struct Header<'a> {
    pub classification: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: &'a [&'a str],
    pub dtg: Option<&'a str>,
    pub tags: &'a [&'a str],
    pub subject: Option<&'a str>,
    pub document_number: Option<&'a str>,
}

pub fn check_header(doc: &Document, h: Header) {
    let m = &doc.metadata;
    assert_eq!(m.classification.as_deref(), h.classification, "{}: classification", doc.id);
    assert_eq!(m.from.as_deref(), h.from, "{}: from", doc.id);
    assert_eq!(m.to, h.to, "{}: to", doc.id);
    assert_eq!(m.dtg.as_deref(), h.dtg, "{}: dtg", doc.id);
    assert_eq!(m.tags, h.tags, "{}: tags", doc.id);
    assert_eq!(m.subject.as_deref(), h.subject, "{}: subject", doc.id);
    assert_eq!(m.document_number.as_deref(), h.document_number, "{}: document number", doc.id);
}

/// (letter, document number) of each reference.
pub fn refs(doc: &Document) -> Vec<(Option<&str>, Option<&str>)> {
    doc.metadata.references.iter().map(|r| (r.label.as_deref(), r.document.as_deref())).collect()
}

/// The reading text, one paragraph a line.
pub fn text(doc: &Document) -> String {
    doc.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n")
}
