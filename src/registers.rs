//! Stage 1b, load registers: persons, places, organizations and topics.
//!
//! Each register is a TOML file of entries (`[[person]]`, `[[place]]`,
//! `[[organization]]`, `[[topic]]`). Entries are validated (safe ids, no
//! duplicate ids, no alias claimed twice, no empty alias) with errors that
//! name the file and line.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Diagnostics};

/// The four kinds of register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Place,
    Organization,
    Topic,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Person, Kind::Place, Kind::Organization, Kind::Topic];

    /// The TOML table name: `person`.
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "organization",
            Kind::Topic => "topic",
        }
    }
    /// Output folder and register file stem: `persons`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Person => "persons",
            Kind::Place => "places",
            Kind::Organization => "organizations",
            Kind::Topic => "topics",
        }
    }
    /// The link scheme in Markdown: `person:`, `org:`.
    pub fn scheme(self) -> &'static str {
        match self {
            Kind::Organization => "org",
            k => k.singular(),
        }
    }
    /// Heading for index pages.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Person => "Persons",
            Kind::Place => "Places",
            Kind::Organization => "Organizations",
            Kind::Topic => "Topics",
        }
    }
    pub fn from_scheme(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.scheme() == s)
    }
}

/// One register entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Identifier: lowercase letters, digits and hyphens; becomes the file name.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Forms found in the documents, matched as whole words, case-insensitive.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Short description, Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Dates, free text ("1921–1995").
    #[serde(default)]
    pub dates: Option<String>,
    /// Role or office.
    #[serde(default)]
    pub role: Option<String>,
    /// Wikidata id (Q...), only when verified.
    #[serde(default)]
    pub wikidata: Option<String>,
    /// VIAF id, only when verified.
    #[serde(default)]
    pub viaf: Option<String>,
    /// GND id, only when verified.
    #[serde(default)]
    pub gnd: Option<String>,
    /// Related entries of the same register.
    #[serde(default)]
    pub see_also: Vec<String>,
    /// Topics only: State Department TAGS codes mapped to this topic.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Topics only: PlusD "Concepts" mapped to this topic.
    #[serde(default)]
    pub concepts: Vec<String>,
    /// Line of the entry in its file (for errors).
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    person: Vec<Entry>,
    #[serde(default)]
    place: Vec<Entry>,
    #[serde(default)]
    organization: Vec<Entry>,
    #[serde(default)]
    topic: Vec<Entry>,
}

/// All registers of an edition.
#[derive(Debug, Clone, Default)]
pub struct Registers {
    /// Entries by kind, sorted by id.
    pub entries: BTreeMap<Kind, Vec<Entry>>,
    index: HashMap<(Kind, String), usize>,
    paths: HashMap<Kind, std::path::PathBuf>,
}

/// Whether `id` is safe as a file name: lowercase ASCII letters, digits,
/// hyphens, not starting with a hyphen.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('-')
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Registers {
    /// Loads `registers/<plural>.toml` for every kind that has a file.
    pub fn load(dir: &Path, diags: &mut Diagnostics) -> Registers {
        let mut regs = Registers::default();
        for kind in Kind::ALL {
            let path = dir.join(format!("{}.toml", kind.plural()));
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    diags.push(Diagnostic::error(&path, 0, format!("cannot read: {e}")));
                    continue;
                }
            };
            regs.add_file(kind, &path, &text, diags);
        }
        regs.validate(diags);
        regs
    }

    /// Parses one register file of `kind`.
    pub fn add_file(&mut self, kind: Kind, path: &Path, text: &str, diags: &mut Diagnostics) {
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let mut d = Diagnostic::from_toml(path, text, 0, &e);
                if e.message().starts_with("unknown field") {
                    d = d.hint("register entries accept: id, name, aliases, description, dates, role, wikidata, viaf, gnd, see_also, tags, concepts");
                }
                diags.push(d);
                return;
            }
        };
        let lines = entry_lines(text, kind.singular());
        for (k, entries) in [
            (Kind::Person, file.person),
            (Kind::Place, file.place),
            (Kind::Organization, file.organization),
            (Kind::Topic, file.topic),
        ] {
            if entries.is_empty() {
                continue;
            }
            if k != kind {
                diags.push(
                    Diagnostic::error(path, 0, format!("[[{}]] entries in {}", k.singular(), kind.plural()))
                        .hint(format!("move them to {}.toml", k.plural())),
                );
                continue;
            }
            for (i, mut e) in entries.into_iter().enumerate() {
                e.line = lines.get(i).copied().unwrap_or(0);
                e.description = e.description.map(|d| d.trim().to_string());
                self.entries.entry(kind).or_default().push(e);
            }
        }
        if let Some(v) = self.entries.get_mut(&kind) {
            v.sort_by(|a, b| a.id.cmp(&b.id));
        }
        self.reindex();
        self.paths.insert(kind, path.to_path_buf());
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (kind, entries) in &self.entries {
            for (i, e) in entries.iter().enumerate() {
                self.index.entry((*kind, e.id.clone())).or_insert(i);
            }
        }
    }

    /// Checks ids, aliases and references between entries.
    pub fn validate(&self, diags: &mut Diagnostics) {
        let mut aliases: HashMap<String, (Kind, &str)> = HashMap::new();
        for (kind, entries) in &self.entries {
            let path = self.path(*kind);
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for e in entries {
                if !valid_id(&e.id) {
                    diags.push(
                        Diagnostic::error(&path, e.line, format!("invalid id `{}`", e.id))
                            .hint("ids use lowercase letters, digits and hyphens only, e.g. \"deng-xiaoping\""),
                    );
                }
                if let Some(first) = seen.insert(&e.id, e.line) {
                    diags.push(
                        Diagnostic::error(&path, e.line, format!("duplicate id `{}` (first defined on line {first})", e.id))
                            .hint("give each entry its own id, or merge the two entries"),
                    );
                }
                if e.name.trim().is_empty() {
                    diags.push(Diagnostic::error(&path, e.line, format!("entry `{}` has an empty name", e.id)));
                }
                for a in &e.aliases {
                    let key = normalize_alias(a);
                    if key.is_empty() {
                        diags.push(
                            Diagnostic::error(&path, e.line, format!("entry `{}` has an empty alias", e.id))
                                .hint("remove the empty string from aliases"),
                        );
                        continue;
                    }
                    if let Some((k2, other)) = aliases.get(&key) {
                        if !(*k2 == *kind && *other == e.id) {
                            diags.push(
                                Diagnostic::error(
                                    &path,
                                    e.line,
                                    format!("alias \"{a}\" of `{}` is already claimed by {} `{other}`", e.id, k2.singular()),
                                )
                                .hint("an alias can point at one entry only: use a longer, unambiguous form"),
                            );
                        }
                    } else {
                        aliases.insert(key, (*kind, &e.id));
                    }
                }
                for s in &e.see_also {
                    if self.get(*kind, s).is_none() {
                        diags.push(
                            Diagnostic::error(&path, e.line, format!("see_also of `{}` names unknown {} `{s}`", e.id, kind.singular()))
                                .hint(self.suggest(*kind, s)),
                        );
                    }
                }
                if *kind != Kind::Topic && (!e.tags.is_empty() || !e.concepts.is_empty()) {
                    diags.push(
                        Diagnostic::error(&path, e.line, format!("`tags` and `concepts` belong to topics, not to {} `{}`", kind.singular(), e.id))
                            .hint("move the mapping to an entry of topics.toml"),
                    );
                }
            }
        }
    }

    /// The path of a register file, for messages.
    pub fn path(&self, kind: Kind) -> std::path::PathBuf {
        self.paths
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| Path::new("content/registers").join(format!("{}.toml", kind.plural())))
    }

    pub fn get(&self, kind: Kind, id: &str) -> Option<&Entry> {
        let i = *self.index.get(&(kind, id.to_string()))?;
        self.entries.get(&kind)?.get(i)
    }

    pub fn of(&self, kind: Kind) -> &[Entry] {
        self.entries.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A hint naming the closest ids.
    pub fn suggest(&self, kind: Kind, id: &str) -> String {
        let mut ids: Vec<(usize, &str)> =
            self.of(kind).iter().map(|e| (crate::text::edit_distance(&e.id, id), e.id.as_str())).collect();
        ids.sort();
        let close: Vec<String> = ids.iter().take(3).filter(|(d, _)| *d <= 4.max(id.len() / 2)).map(|(_, i)| format!("`{i}`")).collect();
        if close.is_empty() {
            format!("add it to {}.toml, or check the id", kind.plural())
        } else {
            format!("did you mean {}? Otherwise add it to {}.toml", close.join(" or "), kind.plural())
        }
    }
}

/// Aliases compare case-insensitively with whitespace collapsed.
pub fn normalize_alias(a: &str) -> String {
    crate::formats::collapse_ws(a).to_lowercase()
}

/// Lines of each `[[table]]` header in a register file.
fn entry_lines(text: &str, table: &str) -> Vec<usize> {
    let header = format!("[[{table}]]");
    text.lines().enumerate().filter(|(_, l)| l.trim() == header).map(|(i, _)| i + 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(kind: Kind, text: &str) -> (Registers, Diagnostics) {
        let mut d = Diagnostics::default();
        let mut r = Registers::default();
        r.add_file(kind, Path::new("persons.toml"), text, &mut d);
        r.validate(&mut d);
        (r, d)
    }

    #[test]
    fn duplicate_ids_and_aliases_are_errors() {
        let (_, d) = load(
            Kind::Person,
            "[[person]]\nid = \"a\"\nname = \"A\"\naliases = [\"X\"]\n\n[[person]]\nid = \"a\"\nname = \"B\"\naliases = [\"\"]\n\n[[person]]\nid = \"b\"\nname = \"B\"\naliases = [\"x\"]\n",
        );
        let msgs: Vec<String> = d.0.iter().map(|d| d.to_string()).collect();
        assert!(msgs.iter().any(|m| m.starts_with("persons.toml:6: error: duplicate id `a` (first defined on line 1)")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("alias \"x\" of `b` is already claimed by person `a`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("empty alias")), "{msgs:?}");
    }

    #[test]
    fn unsafe_ids_are_refused() {
        let (_, d) = load(Kind::Person, "[[person]]\nid = \"../../etc\"\nname = \"A\"\n");
        assert!(d.0[0].message.contains("invalid id"));
        assert!(!valid_id("A"));
        assert!(valid_id("deng-xiaoping"));
    }
}
