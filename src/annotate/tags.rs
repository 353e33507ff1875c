//! State Department TAGS and PlusD "Concepts": what a code means, and which
//! topics of the edition it attaches to a document.
//!
//! Stage 3c (after annotation): every document's `metadata.tags` and
//! `metadata.concepts` (parsed by the cable format) are looked up in the
//! `tags = [...]` and `concepts = [...]` lists of topics.toml; a match
//! attaches the topic to the document. A code no topic maps still shows
//! with its meaning from the built-in table ([`meaning`]); a code neither
//! mapped nor in the table is listed in the build report, never dropped
//! silently.
//!
//! The built-in table holds the TAGS subject codes (Traffic Analysis by
//! Geography and Subject: political P…, economic E…, military M…, social
//! S…, operations O…, administration A…, science and technology T…,
//! consular C…), the two-letter country codes TAGS uses (FIPS 10-4 as of
//! the 1970s: UR for the USSR, CH for the People's Republic of China) and
//! the organization codes seen in TAGS lines. Only codes whose meaning is
//! certain are listed; editors add others by mapping them in topics.toml.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::load::registers::{Kind, Registers};
use crate::model::{DocId, EntryId};

/// What kind of TAGS code a tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TagClass {
    /// Four letters: a subject (PFOR, ETRD, ...).
    Subject,
    /// Two letters: a country or region (UR, CH, ...).
    Country,
    /// An international organization (UN, NATO, CSCE, ...).
    Organization,
    /// A person, written in parentheses: "(KAPITSA)", "(SADAT, ANWAR)".
    Person,
    /// Anything else.
    Other,
}

/// TAGS subject codes: (code, meaning).
const SUBJECTS: &[(&str, &str)] = &[
    // Political affairs.
    ("PARM", "Arms controls and disarmament"),
    ("PBOR", "Boundaries and boundary disputes"),
    ("PDIP", "Diplomatic and consular representation"),
    ("PFOR", "Foreign policy relations"),
    ("PGOV", "Internal governmental affairs"),
    ("PHUM", "Human rights"),
    ("PINR", "Intelligence"),
    ("PINS", "National security"),
    ("PINT", "Internal political affairs"),
    ("PLOS", "Law of the sea"),
    ("PORG", "Policy relations with international organizations"),
    ("PREF", "Refugees"),
    ("PREL", "External political relations"),
    ("PTER", "Terrorism"),
    // Military and defense affairs.
    ("MARR", "Military and defense arrangements"),
    ("MASS", "Military assistance and sales"),
    ("MCAP", "Military capabilities"),
    ("MNUC", "Military nuclear applications"),
    ("MOPS", "Military operations"),
    // Economic affairs.
    ("EAGR", "Agriculture and forestry"),
    ("EAID", "Foreign economic assistance"),
    ("EAIR", "Civil aviation"),
    ("ECIN", "Economic integration and cooperation"),
    ("ECON", "Economic conditions and trends"),
    ("EFIN", "Financial and monetary affairs"),
    ("EFIS", "Commercial fishing"),
    ("EGEN", "Economic affairs, general"),
    ("EIND", "Industry and manufacturing"),
    ("EINV", "Foreign investment"),
    ("ELAB", "Labor"),
    ("ELTN", "Land transportation"),
    ("EMIN", "Minerals and metals"),
    ("ENRG", "Energy and power"),
    ("EORG", "Economic affairs, international organizations"),
    ("EPET", "Petroleum and natural gas"),
    ("ESTC", "Strategic trade controls"),
    ("ETEL", "Telecommunications"),
    ("ETRD", "Foreign trade"),
    ("EWWT", "Waterborne transportation"),
    ("BEXP", "Export promotion"),
    // Social affairs.
    ("SCUL", "Cultural affairs"),
    ("SENV", "Environmental affairs"),
    ("SHUM", "Human rights"),
    ("SNAR", "Narcotics"),
    ("SOCI", "Social conditions"),
    ("SOPN", "Public opinion"),
    ("SREF", "Refugees"),
    // Science and technology.
    ("TBIO", "Biological and medical science"),
    ("TGEN", "Science and technology, general"),
    ("TPHY", "Physical sciences"),
    ("TSPA", "Space"),
    // Operations.
    ("OCON", "Conferences and meetings"),
    ("OEXC", "Educational and cultural exchange"),
    ("OGEN", "Operations, general"),
    ("OREP", "Congressional travel"),
    ("OTRA", "Official travel"),
    ("OVIP", "Visits of prominent persons"),
    // Administration.
    ("AFIN", "Financial management"),
    ("AFSP", "Foreign Service posts"),
    ("AMGT", "Management"),
    ("APER", "Personnel"),
    ("ASEC", "Security"),
    // Consular affairs.
    ("CASC", "Assistance to citizens abroad"),
    ("CGEN", "Consular affairs, general"),
    ("CPAS", "Passports and citizenship"),
    ("CVIS", "Visas"),
];

/// Two-letter country and region codes of TAGS (FIPS 10-4 of the period).
const COUNTRIES: &[(&str, &str)] = &[
    ("AF", "Afghanistan"),
    ("AG", "Algeria"),
    ("AL", "Albania"),
    ("AO", "Angola"),
    ("AR", "Argentina"),
    ("AS", "Australia"),
    ("AU", "Austria"),
    ("BE", "Belgium"),
    ("BG", "Bangladesh"),
    ("BM", "Burma"),
    ("BR", "Brazil"),
    ("BU", "Bulgaria"),
    ("CA", "Canada"),
    ("CB", "Cambodia"),
    ("CE", "Sri Lanka"),
    ("CG", "Zaire"),
    ("CH", "China (People's Republic)"),
    ("CI", "Chile"),
    ("CO", "Colombia"),
    ("CU", "Cuba"),
    ("CY", "Cyprus"),
    ("CZ", "Czechoslovakia"),
    ("DA", "Denmark"),
    ("EG", "Egypt"),
    ("EI", "Ireland"),
    ("ET", "Ethiopia"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("GH", "Ghana"),
    ("GR", "Greece"),
    ("GW", "West Germany (Federal Republic)"),
    ("HK", "Hong Kong"),
    ("HU", "Hungary"),
    ("IC", "Iceland"),
    ("ID", "Indonesia"),
    ("IN", "India"),
    ("IR", "Iran"),
    ("IS", "Israel"),
    ("IT", "Italy"),
    ("IZ", "Iraq"),
    ("JA", "Japan"),
    ("JO", "Jordan"),
    ("KE", "Kenya"),
    ("KN", "North Korea"),
    ("KS", "South Korea"),
    ("KU", "Kuwait"),
    ("LA", "Laos"),
    ("LE", "Lebanon"),
    ("LU", "Luxembourg"),
    ("LY", "Libya"),
    ("MG", "Mongolia"),
    ("MO", "Morocco"),
    ("MT", "Malta"),
    ("MU", "Oman"),
    ("MX", "Mexico"),
    ("MY", "Malaysia"),
    ("NI", "Nigeria"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("NP", "Nepal"),
    ("NZ", "New Zealand"),
    ("PE", "Peru"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("PO", "Portugal"),
    ("PU", "Guinea-Bissau"),
    ("RH", "Rhodesia"),
    ("RO", "Romania"),
    ("RP", "Philippines"),
    ("SA", "Saudi Arabia"),
    ("SF", "South Africa"),
    ("SG", "Senegal"),
    ("SN", "Singapore"),
    ("SO", "Somalia"),
    ("SP", "Spain"),
    ("SU", "Sudan"),
    ("SW", "Sweden"),
    ("SY", "Syria"),
    ("SZ", "Switzerland"),
    ("TH", "Thailand"),
    ("TS", "Tunisia"),
    ("TU", "Turkey"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania"),
    ("UG", "Uganda"),
    ("UK", "United Kingdom"),
    ("UR", "Soviet Union"),
    ("US", "United States"),
    ("VE", "Venezuela"),
    ("VT", "Vatican"),
    ("YO", "Yugoslavia"),
    ("ZA", "Zambia"),
];

/// Organization codes seen in TAGS lines.
const ORGANIZATIONS: &[(&str, &str)] = &[
    ("ASEAN", "Association of Southeast Asian Nations"),
    ("CSCE", "Conference on Security and Cooperation in Europe"),
    ("EEC", "European Economic Community"),
    ("IAEA", "International Atomic Energy Agency"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("OAS", "Organization of American States"),
    ("OECD", "Organisation for Economic Co-operation and Development"),
    ("OPEC", "Organization of the Petroleum Exporting Countries"),
    ("UN", "United Nations"),
    ("UNGA", "United Nations General Assembly"),
    ("UNSC", "United Nations Security Council"),
];

/// The families of subject codes, by first letter, for codes not in the table.
const FAMILIES: &[(char, &str)] = &[
    ('A', "administration"),
    ('B', "business"),
    ('C', "consular affairs"),
    ('E', "economic affairs"),
    ('M', "military and defense affairs"),
    ('O', "operations"),
    ('P', "political affairs"),
    ('S', "social affairs"),
    ('T', "science and technology"),
];

fn find(table: &[(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == code).map(|(_, m)| *m)
}

/// Normalizes one TAGS item: trimmed, inner whitespace collapsed, uppercase.
pub(crate) fn normalize(code: &str) -> String {
    crate::base::text::collapse_ws(code).to_uppercase()
}

/// The class of a (normalized) TAGS item.
pub(crate) fn class(code: &str) -> TagClass {
    if code.starts_with('(') {
        return TagClass::Person;
    }
    if find(ORGANIZATIONS, code).is_some() {
        return TagClass::Organization;
    }
    let letters = code.bytes().all(|b| b.is_ascii_uppercase());
    match code.len() {
        2 if letters => TagClass::Country,
        4 if letters => TagClass::Subject,
        _ => TagClass::Other,
    }
}

/// The meaning of a (normalized) TAGS code in the built-in table.
pub(crate) fn meaning(code: &str) -> Option<&'static str> {
    find(SUBJECTS, code).or_else(|| find(COUNTRIES, code)).or_else(|| find(ORGANIZATIONS, code))
}

/// The family of a four-letter subject code not in the table
/// ("political affairs" for an unknown P... code).
pub(crate) fn family(code: &str) -> Option<&'static str> {
    if class(code) != TagClass::Subject {
        return None;
    }
    let first = code.chars().next()?;
    FAMILIES.iter().find(|(c, _)| *c == first).map(|(_, f)| *f)
}

/// The topics of topics.toml by the TAGS codes and Concepts they map.
#[derive(Debug, Default)]
pub struct TopicMap {
    /// Normalized TAGS code → topic ids.
    tags: HashMap<String, Vec<EntryId>>,
    /// Normalized concept → topic ids.
    concepts: HashMap<String, Vec<EntryId>>,
}

/// How a topic came to a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TopicVia {
    pub topic: EntryId,
    /// "TAGS PARM" or "Concept SALT (ARMS CONTROL)".
    pub via: String,
}

impl TopicMap {
    pub fn new(registers: &Registers) -> TopicMap {
        let mut map = TopicMap::default();
        for e in registers.of(Kind::Topic) {
            for t in &e.tags {
                map.tags.entry(normalize(t)).or_default().push(e.id.clone());
            }
            for c in &e.concepts {
                map.concepts.entry(normalize(c)).or_default().push(e.id.clone());
            }
        }
        map
    }

    /// Topic ids a TAGS code maps to.
    pub fn for_tag(&self, code: &str) -> &[EntryId] {
        self.tags.get(&normalize(code)).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Topic ids a concept maps to.
    pub fn for_concept(&self, concept: &str) -> &[EntryId] {
        self.concepts.get(&normalize(concept)).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The topics a document's TAGS and Concepts attach, sorted.
    pub fn topics(&self, doc: &crate::model::Document) -> Vec<TopicVia> {
        let mut out = BTreeSet::new();
        for t in doc.metadata.tag_items() {
            for id in self.for_tag(t) {
                out.insert(TopicVia { topic: id.clone(), via: format!("TAGS {}", normalize(t)) });
            }
        }
        for c in &doc.metadata.concepts {
            for id in self.for_concept(c) {
                out.insert(TopicVia { topic: id.clone(), via: format!("Concept {}", normalize(c)) });
            }
        }
        out.into_iter().collect()
    }

    /// Attaches a document to the topics its TAGS and Concepts map to
    /// (stage 3c): adds them to `attached`, the annotated document's set.
    pub fn attach(&self, doc: &crate::model::Document, attached: &mut BTreeSet<(Kind, EntryId)>) {
        for t in self.topics(doc) {
            attached.insert((Kind::Topic, t.topic));
        }
    }
}

/// One TAGS code as a document page shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagView {
    /// As normalized: `PARM`, `(KAPITSA)`.
    pub code: String,
    pub class: TagClass,
    /// From the built-in table, or the family of an unknown subject code.
    pub meaning: Option<String>,
    /// Topics of the edition it maps to: (id, name).
    pub topics: Vec<(EntryId, String)>,
    /// The register entry it names: (register, id, name): a person tag's
    /// person, the place that claims a country code.
    pub entry: Option<(&'static str, EntryId, String)>,
}

/// The TAGS of a document (its TAGS line, then those only the PlusD
/// attribute has) with meanings, topics and register entries, in order. A
/// code not in the built-in table has no meaning: none is guessed.
pub(crate) fn tag_views(doc: &crate::model::Document, map: &TopicMap, registers: &Registers) -> Vec<TagView> {
    all_tags(doc)
        .into_iter()
        .map(|code| {
            let meaning = meaning(&code).map(str::to_string);
            let topics = map
                .for_tag(&code)
                .iter()
                .filter_map(|id| registers.get(Kind::Topic, id.as_str()))
                .map(|e| (e.id.clone(), e.name.clone()))
                .collect();
            let entry = tag_entry(&code, registers).map(|(k, e)| (k.plural(), e.id.clone(), e.name.clone()));
            TagView { class: class(&code), code, meaning, topics, entry }
        })
        .collect()
}

/// The TAGS of a document that name a register entry (for the report).
pub(crate) fn linked_tags(doc: &crate::model::Document, registers: &Registers) -> Vec<String> {
    all_tags(doc).into_iter().filter(|c| tag_entry(c, registers).is_some()).collect()
}

/// The TAGS of a document: those of its TAGS line, then those only the
/// PlusD "TAGS" attribute has (the demo telegram's "(KAPITSA)").
pub(crate) fn all_tags(doc: &crate::model::Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in doc.metadata.tag_items() {
        let item = normalize(item);
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    let attr = doc.metadata.attributes.iter().filter(|a| a.key == "TAGS").map(|a| a.value.as_str());
    for value in attr {
        for item in crate::parse::tags_of(value) {
            for part in crate::model::tag_parts(&item) {
                let part = normalize(part);
                if !part.is_empty() && !out.contains(&part) {
                    out.push(part);
                }
            }
        }
    }
    out
}

fn fold_name(s: &str) -> String {
    normalize(s).trim_end_matches('.').to_string()
}

/// The register entry a TAGS item names: the person whose name, sort name
/// or alias it is (case and spacing ignored; exactly one person), or the
/// place that claims a country code (`tags = ["UR"]` in places.toml).
pub(crate) fn tag_entry<'r>(code: &str, registers: &'r Registers) -> Option<(Kind, &'r crate::load::registers::Entry)> {
    let class = class(code);
    if class == TagClass::Country {
        if let Some(p) = registers.of(Kind::Place).iter().find(|e| e.tags.iter().any(|t| t == code)) {
            return Some((Kind::Place, p));
        }
    }
    if matches!(class, TagClass::Person | TagClass::Other) && code.chars().any(|c| c.is_alphabetic()) {
        let want = fold_name(code.trim_start_matches('(').trim_end_matches(')'));
        let mut found = registers.of(Kind::Person).iter().filter(|e| {
            std::iter::once(&e.name).chain(e.sort.iter()).chain(e.aliases.iter()).any(|n| fold_name(n) == want)
        });
        let first = found.next()?;
        return found.next().is_none().then_some((Kind::Person, first));
    }
    None
}

/// TAGS codes and concepts of the whole edition that no topic maps:
/// code → documents carrying it (sorted ids).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Unmapped {
    /// Codes in the built-in table (or person tags) that no topic maps.
    pub known: BTreeMap<String, Vec<DocId>>,
    /// Codes that are neither mapped nor in the built-in table.
    pub unknown: BTreeMap<String, Vec<DocId>>,
    /// PlusD Concepts no topic maps.
    pub concepts: BTreeMap<String, Vec<DocId>>,
}

impl Unmapped {
    /// Adds the TAGS codes and Concepts of one document that no topic maps.
    /// Codes that name a register entry (`linked`, see [`linked_tags`])
    /// count as mapped.
    pub fn add(&mut self, doc: &crate::model::Document, map: &TopicMap, linked: &[String]) {
        let id = &doc.id;
        let mut seen = BTreeSet::new();
        for code in all_tags(doc) {
            if code.is_empty() || !map.for_tag(&code).is_empty() || linked.contains(&code) || !seen.insert(code.clone())
            {
                continue;
            }
            let known = meaning(&code).is_some() || class(&code) == TagClass::Person;
            let bucket = if known { &mut self.known } else { &mut self.unknown };
            bucket.entry(code).or_default().push(id.clone());
        }
        for c in &doc.metadata.concepts {
            let c = normalize(c);
            if c.is_empty() || !map.for_concept(&c).is_empty() || !seen.insert(format!("concept:{c}")) {
                continue;
            }
            self.concepts.entry(c).or_default().push(id.clone());
        }
    }

    /// Merges another document's (or group's) findings.
    pub fn merge(&mut self, other: Unmapped) {
        for (mine, theirs) in
            [(&mut self.known, other.known), (&mut self.unknown, other.unknown), (&mut self.concepts, other.concepts)]
        {
            for (k, v) in theirs {
                mine.entry(k).or_default().extend(v);
            }
        }
    }

    /// Sorts the document lists (once everything is added).
    pub fn finish(&mut self) {
        for v in self.known.values_mut().chain(self.unknown.values_mut()).chain(self.concepts.values_mut()) {
            v.sort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (code, _) in SUBJECTS.iter().chain(COUNTRIES).chain(ORGANIZATIONS) {
            assert!(seen.insert(code), "{code} is listed twice");
        }
    }

    #[test]
    fn subject_codes_are_four_letters_in_a_known_family() {
        for (code, _) in SUBJECTS {
            assert_eq!(class(code), TagClass::Subject, "{code}");
            assert!(FAMILIES.iter().any(|(c, _)| code.starts_with(*c)), "{code}");
        }
        for (code, _) in COUNTRIES {
            assert_eq!(class(code), TagClass::Country, "{code}");
        }
    }

    #[test]
    fn meanings() {
        assert_eq!(meaning("PARM"), Some("Arms controls and disarmament"));
        assert_eq!(meaning("UR"), Some("Soviet Union"));
        assert_eq!(meaning("KN"), Some("North Korea"));
        assert_eq!(meaning(&normalize(" pfor ")), Some("Foreign policy relations"));
        assert_eq!(meaning("PXYZ"), None);
        assert_eq!(family("PXYZ"), Some("political affairs"));
        assert_eq!(class("(KAPITSA)"), TagClass::Person);
        assert_eq!(class("CSCE"), TagClass::Organization);
        assert_eq!(class("X1"), TagClass::Other);
    }
}
