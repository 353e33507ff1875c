//! Names and ids that carry meaning across the stages, as types of their
//! own instead of bare strings: a document's id ([`DocId`]), a register
//! entry's id ([`EntryId`]) and the name of a raw format ([`FormatName`]).
//!
//! Each serializes exactly as the string it replaces (JSON, TEI, templates,
//! the build cache's bincode), hashes and orders like it, so output and the
//! cache are byte-identical to the string days.

use std::borrow::Borrow;
use std::fmt;

/// A document's id: its raw file's stem (`1978MOSCOW08357` for
/// `content/documents/1978MOSCOW08357.txt`), which names its page
/// (`documents/<id>.html`), its exports (`data/<id>.json`, `tei/<id>.xml`)
/// and links to it (`doc:<id>` in commentary).
///
/// A valid id ([`DocId::new`]) is 1 to [`DocId::MAX_BYTES`] bytes of ASCII
/// letters, digits, `-`, `_` and `.`, starts with a letter or digit and has
/// no `..`: safe as a file name on every system. Every document of an
/// edition has a valid id (load/ refuses other files with a located error).
/// `folio inspect` reads any file, inside an edition or not, so
/// [`DocId::any`] takes any stem unchecked: the parser records the name it
/// is given.
///
/// Serialized as the bare string (`#[serde(transparent)]`); hashes, orders
/// and compares like it, and a map keyed by `DocId` is looked up with a
/// `&str` ([`Borrow<str>`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct DocId(String);

/// Why a file stem cannot be a document id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocIdError {
    /// Longer than [`DocId::MAX_BYTES`].
    TooLong,
    /// Empty, or a character other than letters, digits, `-`, `_` and `.`,
    /// or not starting with a letter or digit, or with `..`.
    Invalid,
    /// `index` in any case: its page would be `documents/index.html`, the
    /// list of documents, and one would replace the other.
    Reserved,
}

impl DocId {
    /// The longest document id: a file name holds 255 bytes, and the output
    /// adds extensions, folders and the staging folder's prefix.
    pub const MAX_BYTES: usize = 120;

    /// A document id from a raw file's stem, checked (see [`DocId`]).
    pub fn new(stem: &str) -> Result<DocId, DocIdError> {
        if stem.len() > DocId::MAX_BYTES {
            return Err(DocIdError::TooLong);
        }
        let valid = stem.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
            && !stem.contains("..");
        if valid && stem.eq_ignore_ascii_case("index") {
            Err(DocIdError::Reserved)
        } else if valid {
            Ok(DocId(stem.to_string()))
        } else {
            Err(DocIdError::Invalid)
        }
    }

    /// Any name, unchecked: for `folio inspect`, which parses any file,
    /// and for tests. An edition's documents get theirs from [`DocId::new`].
    pub fn any(name: impl Into<String>) -> DocId {
        DocId(name.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for DocId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for DocId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for DocId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for DocId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A register entry's id (`kapitsa`, `soviet-union`): unique in its
/// register (persons, places, organizations, topics), it names the entry's
/// page (`persons/<id>.html`) and its exports, and commentary links to it
/// (`person:<id>`, front matter `persons = ["<id>"]`).
///
/// A valid id ([`EntryId::new`]) is 1 to [`EntryId::MAX_BYTES`] bytes of
/// lowercase ASCII letters, digits and hyphens, not starting with a hyphen:
/// safe as a file name and in a URL fragment. load/ reads every entry's id
/// with it and leaves out an entry whose id is not valid, with a located
/// error. What an editor types elsewhere to name an entry (front matter,
/// links, `see_also`, `resolve`) stays text until it is looked up.
///
/// Serialized as the bare string (`#[serde(transparent)]`, unchecked when
/// read back: the build cache holds only ids that were checked); hashes,
/// orders and compares like it, and a map keyed by `EntryId` is looked up
/// with a `&str` ([`Borrow<str>`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct EntryId(String);

/// Why a text cannot be a register entry's id (empty, too long, a character
/// other than lowercase letters, digits and hyphens, or a leading hyphen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryIdError;

impl EntryId {
    /// The longest entry id.
    pub const MAX_BYTES: usize = 100;

    /// An entry id, checked (see [`EntryId`]).
    pub fn new(id: &str) -> Result<EntryId, EntryIdError> {
        if EntryId::is_valid(id) {
            Ok(EntryId(id.to_string()))
        } else {
            Err(EntryIdError)
        }
    }

    /// Whether `id` is a valid entry id (the rule of [`EntryId::new`]; also
    /// the rule of an essay's slug). `index` is not: the entry's page would
    /// replace its register's list (`persons/index.html`).
    pub fn is_valid(id: &str) -> bool {
        id != "index"
            && !id.is_empty()
            && id.len() <= EntryId::MAX_BYTES
            && !id.starts_with('-')
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    /// Any text, unchecked: for tests and for synthetic editions, whose ids
    /// are made valid.
    pub fn any(id: impl Into<String>) -> EntryId {
        EntryId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EntryId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for EntryId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for EntryId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for EntryId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for EntryId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

/// The name of a raw format: what a document was parsed as, as written in
/// the commentary's front matter (`format = "cable"`) and shown in output
/// (`folio inspect`, data/<id>.json, the TEI header, the search facet
/// `#format=cable`, build-report.txt).
///
/// The set is closed: a new format implements `parse::Format`, is added to
/// `parse::all`, and gets a variant here. Text an editor types is read with
/// [`FormatName::from_name`] (the commentary reports an unknown name with
/// its line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormatName {
    /// A State Department telegram (`cable`).
    Cable,
    /// A memorandum, Situation Room cable or reading-room record of a cable (`memo`).
    Memo,
    /// A press-digest article (`article`).
    Article,
    /// Anything else, read as plain paragraphs (`plain`).
    #[default]
    Plain,
}

impl FormatName {
    /// Every format name, in the order of `parse::all` ties aside.
    pub const ALL: [FormatName; 4] = [FormatName::Memo, FormatName::Cable, FormatName::Article, FormatName::Plain];

    /// The name as written in front matter and output: `cable`, `memo`,
    /// `article`, `plain`.
    pub fn as_str(self) -> &'static str {
        match self {
            FormatName::Cable => "cable",
            FormatName::Memo => "memo",
            FormatName::Article => "article",
            FormatName::Plain => "plain",
        }
    }

    /// The format called `name` (exactly, lowercase), if there is one.
    pub fn from_name(name: &str) -> Option<FormatName> {
        FormatName::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

impl fmt::Display for FormatName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for FormatName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for FormatName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FormatName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Hashed as its name (as the `String` it replaces was): keys of what the
/// index pages show stay the same.
impl std::hash::Hash for FormatName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// Ordered by name (the build report lists formats alphabetically).
impl Ord for FormatName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for FormatName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Written as its name: the same bytes in JSON and in the cache's bincode
/// as the string it replaces (a derived enum would write a variant number).
impl serde::Serialize for FormatName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for FormatName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        FormatName::from_name(&name).ok_or_else(|| {
            let names: Vec<&str> = FormatName::ALL.iter().map(|f| f.as_str()).collect();
            serde::de::Error::custom(format!("unknown format `{name}` (use one of: {})", names.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_ids_are_safe_file_names() {
        for ok in ["1978MOSCOW08357", "memo-1", "a", "9", "v1.2_final", &"x".repeat(120)] {
            assert_eq!(DocId::new(ok).map(|d| d.to_string()), Ok(ok.to_string()), "{ok}");
        }
        for bad in ["", "-x", "_x", ".hidden", "a..b", "a b", "caf\u{e9}", "a/b", "a\\b", "1978:MOSCOW"] {
            assert_eq!(DocId::new(bad), Err(DocIdError::Invalid), "{bad:?}");
        }
        assert_eq!(DocId::new(&"x".repeat(121)), Err(DocIdError::TooLong));
        // The list of documents is documents/index.html.
        for reserved in ["index", "INDEX", "Index"] {
            assert_eq!(DocId::new(reserved), Err(DocIdError::Reserved));
        }
        assert!(DocId::new("index-1").is_ok() && DocId::new("index.1").is_ok());
        assert!(!EntryId::is_valid("index") && EntryId::is_valid("index-person"));
        // Anything goes for inspect.
        assert_eq!(DocId::any("a b").as_str(), "a b");
    }

    #[test]
    fn document_ids_serialize_hash_and_look_up_as_strings() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        type H = BuildHasherDefault<std::collections::hash_map::DefaultHasher>;
        let id = DocId::new("1978MOSCOW08357").unwrap();
        let s = id.to_string();
        assert_eq!(serde_json::to_string(&id).unwrap(), serde_json::to_string(&s).unwrap());
        assert_eq!(bincode::serialize(&id).unwrap(), bincode::serialize(&s).unwrap());
        assert_eq!(H::default().hash_one(&id), H::default().hash_one(&s));
        let map: std::collections::HashMap<DocId, usize> = [(id.clone(), 3)].into();
        assert_eq!(map.get("1978MOSCOW08357"), Some(&3));
        assert!(DocId::any("a") < DocId::any("b"));
    }

    #[test]
    fn entry_ids_are_lowercase_file_names() {
        for ok in ["kapitsa", "soviet-union", "a", "9", "g-7", &"x".repeat(100)] {
            assert_eq!(EntryId::new(ok).map(|e| e.to_string()), Ok(ok.to_string()), "{ok}");
        }
        for bad in ["", "-x", "Kapitsa", "a b", "a_b", "a.b", "../../etc", "caf\u{e9}", &"x".repeat(101)] {
            assert_eq!(EntryId::new(bad), Err(EntryIdError), "{bad:?}");
        }
    }

    #[test]
    fn entry_ids_serialize_hash_and_look_up_as_strings() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        type H = BuildHasherDefault<std::collections::hash_map::DefaultHasher>;
        let id = EntryId::new("kapitsa").unwrap();
        let s = id.to_string();
        assert_eq!(serde_json::to_string(&id).unwrap(), serde_json::to_string(&s).unwrap());
        assert_eq!(bincode::serialize(&id).unwrap(), bincode::serialize(&s).unwrap());
        assert_eq!(H::default().hash_one(&id), H::default().hash_one(&s));
        let map: std::collections::HashMap<EntryId, usize> = [(id.clone(), 3)].into();
        assert_eq!(map.get("kapitsa"), Some(&3));
        assert!(EntryId::any("a") < EntryId::any("b"));
    }

    #[test]
    fn format_names_round_trip_as_strings() {
        for f in FormatName::ALL {
            assert_eq!(FormatName::from_name(f.as_str()), Some(f));
            assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{f}\""));
            // The cache's bytes: the same as the name as a String.
            assert_eq!(bincode::serialize(&f).unwrap(), bincode::serialize(&f.as_str().to_string()).unwrap());
            let back: FormatName = bincode::deserialize(&bincode::serialize(&f).unwrap()).unwrap();
            assert_eq!(back, f);
        }
        assert_eq!(FormatName::from_name("Cable"), None);
        assert_eq!(FormatName::from_name(""), None);
        assert!(serde_json::from_str::<FormatName>("\"telegram\"").is_err());
    }

    #[test]
    fn format_names_hash_and_order_as_their_strings() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        type H = BuildHasherDefault<std::collections::hash_map::DefaultHasher>;
        for f in FormatName::ALL {
            assert_eq!(H::default().hash_one(f), H::default().hash_one(f.as_str().to_string()));
        }
        let mut sorted = FormatName::ALL;
        sorted.sort();
        let names: Vec<&str> = sorted.iter().map(|f| f.as_str()).collect();
        assert_eq!(names, ["article", "cable", "memo", "plain"]);
    }
}
