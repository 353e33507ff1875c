//! The facet dimensions of search (person, place, organization, topic,
//! tag, year, classification, format, origin) and a document's values.

use super::words::tokenize;
use crate::annotate::Annotated;
use crate::load::registers::{Kind, Registers};
use crate::load::strings::Strings;

/// A facet dimension and its values.
#[derive(Debug, Clone)]
pub(crate) struct Facet {
    /// The key in the URL fragment: `person`, `year`, ...
    pub dim: &'static str,
    pub label: &'static str,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Clone)]
pub(crate) struct FacetValue {
    /// The value in the URL fragment (`kapitsa`, `1978`, `confidential`).
    pub id: String,
    pub label: String,
    /// Document numbers, ascending.
    pub docs: Vec<u32>,
}

/// A lowercase slug for a free-text facet value ("AMEMBASSY MOSCOW" →
/// "amembassy-moscow").
pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for t in tokenize(s) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&t.term);
    }
    out
}

/// Facet dimensions: (key in the URL fragment, label).
pub(super) const DIMS: [(&str, &str); 13] = [
    ("person", "Person"),
    ("place", "Place"),
    ("organization", "Organization"),
    ("topic", "Topic"),
    ("tag", "TAGS"),
    ("year", "Year"),
    ("classification", "Classification"),
    ("format", "Format"),
    ("origin", "Origin"),
    ("handling", "Handling"),
    ("review", "Review year"),
    ("release", "Release"),
    ("withheld", "Withheld text"),
];

/// A document's facet values, from the model: register entries (mentioned
/// or attached), TAGS, year, classification, format and origin post:
/// (dimension index into [`DIMS`], value id, label).
pub(super) fn facet_values(a: &Annotated, registers: &Registers, s: &Strings) -> Vec<(usize, String, String)> {
    let mut v = Vec::new();
    for (kind, id) in a.entities() {
        let d = match kind {
            Kind::Person => 0,
            Kind::Place => 1,
            Kind::Organization => 2,
            Kind::Topic => 3,
        };
        let label = registers.get(kind, &id).map(|e| e.name.clone()).unwrap_or_else(|| id.clone());
        v.push((d, id, label));
    }
    let m = &a.doc.metadata;
    for t in m.tag_items() {
        let t = t.trim();
        if !t.is_empty() {
            v.push((4, t.to_uppercase(), t.to_string()));
        }
    }
    if let Some(y) = a.doc.year() {
        v.push((5, y.to_string(), y.to_string()));
    }
    if let Some(c) = m.classification.as_deref().filter(|c| !slug(c).is_empty()) {
        v.push((6, slug(c), c.to_string()));
    }
    // The id stays the internal name (`#format=cable`), the label is the
    // format's name in the edition's language.
    v.push((7, a.doc.format.to_string(), s.get(crate::load::strings::format_key(a.doc.format)).to_string()));
    if let Some(f) = m.from.as_deref().filter(|f| !slug(f).is_empty()) {
        v.push((8, slug(f), f.to_string()));
    }
    let ap = &a.apparatus;
    for c in &ap.caveats {
        v.push((9, slug(c.code), c.code.to_string()));
    }
    for y in &ap.declassification.review_years {
        v.push((10, y.clone(), y.clone()));
    }
    if let Some(r) = ap.declassification.release {
        v.push((11, slug(r), s.get(crate::annotate::apparatus::release_key(r)).to_string()));
    }
    if !ap.gaps.is_empty() {
        v.push((12, "partly-withheld".into(), s.get("apparatus.partly_withheld").to_string()));
    }
    v
}
