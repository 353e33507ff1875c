//! The facet dimensions of search (person, place, organization, topic,
//! tag, year, classification, format, origin) and a document's values.

use super::words::tokenize;
use crate::annotate::Annotated;
use crate::load::registers::{Kind, Registers};
use crate::load::strings::Strings;

/// A facet dimension and its values.
#[derive(Debug, Clone)]
pub(crate) struct Facet {
    pub dim: Dim,
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

/// A facet dimension of search. Its number ([`Dim::number`], the order
/// here) is what the build's scratch records and the cache store; its key
/// ([`Dim::key`]) is what the site shows (`#person=kapitsa`,
/// `search/facet-person.js`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Dim {
    Person,
    Place,
    Organization,
    Topic,
    Tag,
    Year,
    Classification,
    Format,
    Origin,
    Handling,
    Review,
    Release,
    Withheld,
}

impl Dim {
    /// Every dimension, in the order of their numbers (and of the facets
    /// search shows).
    pub(crate) const ALL: [Dim; 13] = [
        Dim::Person,
        Dim::Place,
        Dim::Organization,
        Dim::Topic,
        Dim::Tag,
        Dim::Year,
        Dim::Classification,
        Dim::Format,
        Dim::Origin,
        Dim::Handling,
        Dim::Review,
        Dim::Release,
        Dim::Withheld,
    ];

    /// The key in the URL fragment and the facet's file name.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Dim::Person => "person",
            Dim::Place => "place",
            Dim::Organization => "organization",
            Dim::Topic => "topic",
            Dim::Tag => "tag",
            Dim::Year => "year",
            Dim::Classification => "classification",
            Dim::Format => "format",
            Dim::Origin => "origin",
            Dim::Handling => "handling",
            Dim::Review => "review",
            Dim::Release => "release",
            Dim::Withheld => "withheld",
        }
    }

    /// The label of the search index's manifest.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Dim::Person => "Person",
            Dim::Place => "Place",
            Dim::Organization => "Organization",
            Dim::Topic => "Topic",
            Dim::Tag => "TAGS",
            Dim::Year => "Year",
            Dim::Classification => "Classification",
            Dim::Format => "Format",
            Dim::Origin => "Origin",
            Dim::Handling => "Handling",
            Dim::Review => "Review year",
            Dim::Release => "Release",
            Dim::Withheld => "Withheld text",
        }
    }

    /// The dimension of a register's entries.
    pub(crate) fn of_kind(kind: Kind) -> Dim {
        match kind {
            Kind::Person => Dim::Person,
            Kind::Place => Dim::Place,
            Kind::Organization => Dim::Organization,
            Kind::Topic => Dim::Topic,
        }
    }

    /// Its number, 0 to 12: its place in [`Dim::ALL`].
    pub(crate) fn number(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_number(n: u8) -> Option<Dim> {
        Dim::ALL.get(usize::from(n)).copied()
    }

    /// Values sorted by their id (years), not by how many documents have them.
    pub(crate) fn sorted_by_id(self) -> bool {
        matches!(self, Dim::Year | Dim::Review)
    }
}

/// Written as its number: the cache's search tables hold it so.
impl serde::Serialize for Dim {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

impl<'de> serde::Deserialize<'de> for Dim {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u8::deserialize(d)?;
        Dim::from_number(n).ok_or_else(|| serde::de::Error::custom(format!("no facet dimension {n}")))
    }
}

/// A document's facet values, from the model: register entries (mentioned
/// or attached), TAGS, year, classification, format and origin post:
/// (dimension, value id, label).
pub(super) fn facet_values(a: &Annotated, registers: &Registers, s: &Strings) -> Vec<(Dim, String, String)> {
    let mut v = Vec::new();
    for (kind, id) in a.entities() {
        let label = registers.get(kind, id.as_str()).map(|e| e.name.clone()).unwrap_or_else(|| id.to_string());
        v.push((Dim::of_kind(kind), id.to_string(), label));
    }
    let m = &a.doc.metadata;
    for t in m.tag_items() {
        let t = t.trim();
        if !t.is_empty() {
            v.push((Dim::Tag, t.to_uppercase(), t.to_string()));
        }
    }
    if let Some(y) = a.doc.year() {
        v.push((Dim::Year, y.to_string(), y.to_string()));
    }
    if let Some(c) = m.classification.as_deref().filter(|c| !slug(c).is_empty()) {
        v.push((Dim::Classification, slug(c), c.to_string()));
    }
    // The id stays the internal name (`#format=cable`), the label is the
    // format's name in the edition's language.
    v.push((Dim::Format, a.doc.format.to_string(), s.get(crate::load::strings::format_key(a.doc.format)).to_string()));
    if let Some(f) = m.from.as_deref().filter(|f| !slug(f).is_empty()) {
        v.push((Dim::Origin, slug(f), f.to_string()));
    }
    let ap = &a.apparatus;
    for c in &ap.caveats {
        v.push((Dim::Handling, slug(c.code), c.code.to_string()));
    }
    for y in &ap.declassification.review_years {
        v.push((Dim::Review, y.clone(), y.clone()));
    }
    if let Some(r) = ap.declassification.release {
        v.push((Dim::Release, slug(r), s.get(crate::annotate::apparatus::release_key(r)).to_string()));
    }
    if !ap.gaps.is_empty() {
        v.push((Dim::Withheld, "partly-withheld".into(), s.get("apparatus.partly_withheld").to_string()));
    }
    v
}

#[cfg(test)]
mod dim_tests {
    use super::Dim;

    #[test]
    fn dimensions_are_numbered_in_order_and_written_as_numbers() {
        for (i, d) in Dim::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(d.number()), i);
            assert_eq!(Dim::from_number(d.number()), Some(d));
            // The cache's bytes: the number as a u8, as before the type.
            assert_eq!(bincode::serialize(&d).unwrap(), bincode::serialize(&d.number()).unwrap());
        }
        assert_eq!(Dim::from_number(13), None);
        let keys: std::collections::HashSet<&str> = Dim::ALL.iter().map(|d| d.key()).collect();
        assert_eq!(keys.len(), Dim::ALL.len());
    }
}
