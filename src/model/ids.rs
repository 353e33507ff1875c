//! Names and ids that carry meaning across the stages, as types of their
//! own instead of bare strings: the name of a raw format ([`FormatName`]).
//!
//! Each serializes exactly as the string it replaces (JSON, TEI, templates,
//! the build cache's bincode), hashes and orders like it, so output and the
//! cache are byte-identical to the string days.

use std::fmt;

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
