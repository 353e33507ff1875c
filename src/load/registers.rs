//! Stage 1b, load registers: persons, places, organizations and topics.
//!
//! Each register is a TOML file of entries (`[[person]]`, `[[place]]`,
//! `[[organization]]`, `[[topic]]`). Entries are validated (safe ids, no
//! duplicate ids, no alias claimed twice, no empty alias) with errors that
//! name the file and line.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::error::{Diagnostic, Diagnostics};
use crate::model::EntryId;

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
    /// Identifier: lowercase letters, digits and hyphens; becomes the file
    /// name. Checked as the register is read ([`Registers::add_file`]: an
    /// entry with an invalid id is reported and left out).
    pub id: EntryId,
    /// Display name.
    pub name: String,
    /// Where the entry is filed in the register's alphabetical index, when
    /// not under its name: "Kapitsa, Mikhail" for "Mikhail Kapitsa".
    #[serde(default)]
    pub sort: Option<String>,
    /// Forms found in the documents, matched as whole words, case-insensitive.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Forms this entry shares with other entries ("KIM"): a mention only in
    /// documents whose front matter resolves them
    /// (`resolve = { KIM = "kim-il-sung" }`). Every entry that claims such
    /// a form must list it here.
    #[serde(default)]
    pub ambiguous_aliases: Vec<String>,
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
    index: HashMap<(Kind, EntryId), usize>,
    paths: HashMap<Kind, std::path::PathBuf>,
    /// The text of each register file, to locate aliases in messages.
    sources: HashMap<Kind, String>,
    /// Byte offset of each line of `sources` (for [`Registers::line_of`]).
    line_starts: HashMap<Kind, Vec<usize>>,
    /// Registers whose file could not be read as TOML: their error is
    /// reported alone, and ids of that kind are not reported as unknown.
    broken: std::collections::HashSet<Kind>,
}

/// Warns about each .toml file in `dir` that is not one of the four
/// registers (`people.toml`, `person.toml`): it would be left out silently.
fn unread_files(dir: &Path, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut names: Vec<std::path::PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| !Kind::ALL.iter().any(|k| p.file_stem().is_some_and(|s| s == k.plural())))
        .collect();
    names.sort();
    let known = Kind::ALL.iter().map(|k| format!("{}.toml", k.plural())).collect::<Vec<_>>().join(", ");
    for p in names {
        diags.push(Diagnostic::warning(&p, 0, "not a register file: not read").hint(format!(
            "the registers are {known}: rename the file to one of them, or move it out of content/registers"
        )));
    }
}

impl Registers {
    /// Loads `registers/<plural>.toml` for every kind that has a file; a
    /// file over `max_bytes` (`[build] max_document_mb`) is refused unread.
    pub fn load(dir: &Path, max_bytes: u64, diags: &mut Diagnostics) -> Registers {
        let mut regs = Registers::default();
        for kind in Kind::ALL {
            let path = dir.join(format!("{}.toml", kind.plural()));
            let text = match crate::base::read::text(&path, crate::base::read::Limit::Setting(max_bytes)) {
                Ok(t) => t,
                Err(None) => continue,
                Err(Some(d)) => {
                    regs.broken.insert(kind);
                    diags.push(d);
                    continue;
                }
            };
            regs.add_file(kind, &path, &text, diags);
        }
        unread_files(dir, diags);
        regs.validate(diags);
        regs
    }

    /// Parses one register file of `kind`.
    pub fn add_file(&mut self, kind: Kind, path: &Path, text: &str, diags: &mut Diagnostics) {
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                self.broken.insert(kind);
                let mut d = Diagnostic::from_toml(path, text, 0, &e);
                if e.message().starts_with("unknown field") {
                    d = d.hint("register entries accept: id, name, sort, aliases, ambiguous_aliases, description, dates, role, wikidata, viaf, gnd, see_also, tags, concepts");
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
                // Only a valid id becomes an entry: it names a file.
                if e.id == "index" {
                    let list = format!("{}/index.html", kind.plural());
                    diags.push(
                        Diagnostic::error(
                            path,
                            e.line,
                            format!("`index` cannot be an entry id: its page would be {list}, the register's list, and one would replace the other"),
                        )
                        .hint(format!("choose another id, e.g. \"{}-index\"", kind.singular())),
                    );
                    continue;
                }
                if EntryId::new(e.id.as_str()).is_err() {
                    diags.push(
                        Diagnostic::error(path, e.line, format!("invalid id `{}`", e.id))
                            .hint("ids use lowercase letters, digits and hyphens only, e.g. \"deng-xiaoping\""),
                    );
                    continue;
                }
                e.description = e.description.map(|d| d.trim().to_string());
                self.entries.entry(kind).or_default().push(e);
            }
        }
        if let Some(v) = self.entries.get_mut(&kind) {
            v.sort_by(|a, b| a.id.cmp(&b.id));
        }
        self.reindex();
        self.paths.insert(kind, path.to_path_buf());
        self.sources.insert(kind, text.to_string());
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        self.line_starts.insert(kind, starts);
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
    ///
    /// An alias may belong to one entry only. The exception is an alias
    /// every claimant lists under `ambiguous_aliases` ("KIM" for Kim Il-sung
    /// and Kim Dae-jung): it is a mention only in documents whose front
    /// matter says which entry it means (`resolve = { KIM = "kim-il-sung" }`).
    pub fn validate(&self, diags: &mut Diagnostics) {
        // Folded alias → every claimant.
        let mut claims: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
        for (kind, entries) in &self.entries {
            let path = self.path(*kind);
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for e in entries {
                if let Some(first) = seen.insert(e.id.as_str(), e.line) {
                    diags.push(
                        Diagnostic::error(
                            &path,
                            e.line,
                            format!("duplicate id `{}` (first defined on line {first})", e.id),
                        )
                        .hint("give each entry its own id, or merge the two entries"),
                    );
                }
                if e.name.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(&path, e.line, format!("entry `{}` has an empty name", e.id))
                            .hint("name = \"...\" is the form shown on the site"),
                    );
                }
                let mut own: HashMap<String, &str> = HashMap::new();
                let forms = e.aliases.iter().map(|a| (a, false)).chain(e.ambiguous_aliases.iter().map(|a| (a, true)));
                for (a, ambiguous) in forms {
                    let key = normalize_alias(a);
                    let line = self.line_of(*kind, e.line, a);
                    let list = if ambiguous { "ambiguous_aliases" } else { "aliases" };
                    if key.is_empty() {
                        diags.push(
                            Diagnostic::error(&path, line, format!("entry `{}` has an empty alias in `{list}`", e.id))
                                .hint("remove the empty string \"\" from the list"),
                        );
                        continue;
                    }
                    // A word of one or two letters is found wherever it
                    // stands alone, in any case: "T" in every initial, "US"
                    // in "LET US KNOW". Worth a warning when it is one
                    // character or a common short word; "UK" or "U.S."
                    // (whose dots are part of the match) are not words.
                    let letters = key.chars().filter(|c| c.is_alphanumeric()).count();
                    if is_risky_short_alias(&key) && !ambiguous {
                        diags.push(
                            Diagnostic::warning(
                                &path,
                                line,
                                format!(
                                    "alias \"{a}\" of `{}` is {} long: it is linked wherever it stands as a word, in any case",
                                    e.id,
                                    if letters == 1 { "one character" } else { "two characters" }
                                ),
                            )
                            .hint(
                                "use a longer form (a name with an initial, \"M. TOON\"); or list it under \
                                 ambiguous_aliases and say in each document's front matter where it means this entry",
                            ),
                        );
                    }
                    if let Some(prev) = own.insert(key.clone(), a) {
                        diags.push(
                            Diagnostic::warning(
                                &path,
                                line,
                                format!("entry `{}` lists \"{a}\" twice (as \"{prev}\" too)", e.id),
                            )
                            .hint("aliases match regardless of case, spacing and apostrophe style: one form is enough"),
                        );
                        continue;
                    }
                    claims.entry(key).or_default().push((*kind, e.id.as_str(), a, ambiguous, line));
                }
                for s in &e.see_also {
                    if self.get(*kind, s).is_none() && !self.is_broken(*kind) {
                        diags.push(
                            Diagnostic::error(
                                &path,
                                self.line_of(*kind, e.line, s),
                                format!("see_also of `{}` names unknown {} `{s}`", e.id, kind.singular()),
                            )
                            .hint(self.suggest(*kind, s)),
                        );
                    } else if e.id == *s {
                        diags.push(
                            Diagnostic::error(&path, e.line, format!("see_also of `{}` names the entry itself", e.id))
                                .hint("remove it"),
                        );
                    }
                }
                let misplaced = match kind {
                    Kind::Topic => false,
                    Kind::Place => !e.concepts.is_empty(),
                    _ => !e.tags.is_empty() || !e.concepts.is_empty(),
                };
                if misplaced {
                    diags.push(
                        Diagnostic::error(
                            &path,
                            e.line,
                            format!("`tags` and `concepts` belong to topics, not to {} `{}`", kind.singular(), e.id),
                        )
                        .hint("move the mapping to an entry of topics.toml (a place may claim TAGS country codes: tags = [\"UR\"])"),
                    );
                }
                if *kind == Kind::Place {
                    for t in &e.tags {
                        if t.len() != 2 || !t.bytes().all(|b| b.is_ascii_uppercase()) {
                            diags.push(
                                Diagnostic::error(
                                    &path,
                                    self.line_of(*kind, e.line, t),
                                    format!("place `{}` claims `{t}`, which is not a TAGS country code", e.id),
                                )
                                .hint("a country code of TAGS is two capital letters, e.g. tags = [\"UR\"] for the Soviet Union"),
                            );
                        } else if let Some(other) =
                            self.of(Kind::Place).iter().find(|o| o.id != e.id && o.tags.contains(t))
                        {
                            diags.push(
                                Diagnostic::error(
                                    &path,
                                    self.line_of(*kind, e.line, t),
                                    format!("places `{}` and `{}` both claim the TAGS code `{t}`", other.id, e.id),
                                )
                                .hint("a country code belongs to one place: remove it from one of them"),
                            );
                        }
                    }
                }
                for t in e.tags.iter().chain(&e.concepts) {
                    if t.trim().is_empty() {
                        diags.push(
                            Diagnostic::error(
                                &path,
                                e.line,
                                format!("topic `{}` maps an empty TAGS code or concept", e.id),
                            )
                            .hint("remove the empty string"),
                        );
                    }
                }
                for (key, value, ok, example) in [
                    ("wikidata", &e.wikidata, e.wikidata.as_deref().is_none_or(is_wikidata), "Q7207"),
                    (
                        "viaf",
                        &e.viaf,
                        e.viaf.as_deref().is_none_or(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())),
                        "27066848",
                    ),
                    ("gnd", &e.gnd, e.gnd.as_deref().is_none_or(is_gnd), "118530097"),
                ] {
                    if !ok {
                        let v = value.as_deref().unwrap_or("");
                        diags.push(
                            Diagnostic::error(&path, self.line_of(*kind, e.line, v), format!("`{key}` of `{}` is not a {key} id: \"{v}\"", e.id))
                                .hint(format!("give the bare identifier, e.g. {key} = \"{example}\", not a URL; leave it out unless verified")),
                        );
                    }
                }
            }
        }
        for owners in claims.values() {
            if owners.len() < 2 || owners.iter().all(|o| o.3) {
                continue;
            }
            // One error per alias, at the first claimant (after the first)
            // that did not declare it ambiguous.
            let at = owners.iter().skip(1).position(|o| !o.3).map_or(0, |i| i + 1);
            let o = owners[at];
            let other = if at == 0 { owners[1] } else { owners[0] };
            let alias = o.2;
            diags.push(
                Diagnostic::error(
                    self.path(o.0),
                    o.4,
                    format!(
                        "alias \"{alias}\" of `{}` is already claimed by {} `{}` ({}:{})",
                        o.1,
                        other.0.singular(),
                        other.1,
                        self.path(other.0).file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
                        other.4
                    ),
                )
                    .hint(format!(
                        "an alias points at one entry. Use a longer, unambiguous form; or, if \"{alias}\" means different entries in different documents, list it under `ambiguous_aliases` (not `aliases`) in every entry that has it, and say in each document's front matter which one it means: resolve = {{ \"{alias}\" = \"{}\" }}",
                        other.1
                    )),
            );
        }
    }

    /// The line of `needle` (quoted) in the entry starting at `entry_line`,
    /// or the entry's line.
    fn line_of(&self, kind: Kind, entry_line: usize, needle: &str) -> usize {
        let Some(text) = self.sources.get(&kind) else { return entry_line };
        let quoted = format!("\"{needle}\"");
        let first = entry_line.saturating_sub(1);
        let Some(&offset) = self.line_starts.get(&kind).and_then(|s| s.get(first)) else { return entry_line };
        let header = format!("[[{}]]", kind.singular());
        text[offset..]
            .lines()
            .enumerate()
            .map(|(i, l)| (i + first, l))
            .take_while(|(i, l)| *i + 1 == entry_line || l.trim() != header)
            .find(|(_, l)| l.contains(&quoted))
            .map_or(entry_line, |(i, _)| i + 1)
    }

    /// The path of a register file, for messages.
    pub fn path(&self, kind: Kind) -> std::path::PathBuf {
        self.paths
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| Path::new("content/registers").join(format!("{}.toml", kind.plural())))
    }

    pub fn get(&self, kind: Kind, id: &str) -> Option<&Entry> {
        let i = *self.index.get(&(kind, EntryId::any(id)))?;
        self.entries.get(&kind)?.get(i)
    }

    pub fn of(&self, kind: Kind) -> &[Entry] {
        self.entries.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A hint naming the closest ids.
    /// Whether the register file of `kind` could not be read (its TOML
    /// error is reported; references to its ids are not).
    pub fn is_broken(&self, kind: Kind) -> bool {
        self.broken.contains(&kind)
    }

    pub fn suggest(&self, kind: Kind, id: &str) -> String {
        let mut ids: Vec<(usize, &str)> = self
            .of(kind)
            .iter()
            .map(|e| (crate::base::text::edit_distance(e.id.as_str(), id), e.id.as_str()))
            .collect();
        ids.sort();
        ids.dedup_by(|a, b| a.1 == b.1);
        // Only close ids: a third of the length in edits (at least one, at
        // most three), or the same letters in another order.
        let letters = |s: &str| {
            let mut v: Vec<char> = s.chars().collect();
            v.sort_unstable();
            v
        };
        let limit = (id.chars().count() / 3).clamp(1, 3);
        let close: Vec<String> = ids
            .iter()
            .filter(|(d, i)| *d <= limit || letters(i) == letters(id))
            .take(3)
            .map(|(_, i)| format!("`{i}`"))
            .collect();
        if close.is_empty() {
            format!("add it to {}.toml, or check the id", kind.plural())
        } else {
            format!("did you mean {}? Otherwise add it to {}.toml", close.join(" or "), kind.plural())
        }
    }
}

/// An entry claiming an alias: (kind, id, alias as written, declared in
/// `ambiguous_aliases`, line).
type Claim<'a> = (Kind, &'a str, &'a str, bool, usize);

/// Aliases compare as [`crate::base::fold::fold`] makes them: lowercase,
/// whitespace collapsed, curly apostrophes and dashes as ASCII.
pub(crate) fn normalize_alias(a: &str) -> String {
    crate::base::fold::fold(a)
}

/// Whether an alias (folded) is so short that it is linked where it is not
/// meant: one letter or digit (with or without a dot: "T", "T."), or a
/// two-letter word common in English, French or German text ("US", "AN",
/// "LE", "DU"). A longer alias, or a short one with inner punctuation
/// ("U.S."), matches only itself.
fn is_risky_short_alias(key: &str) -> bool {
    /// Two-letter words of running text in the languages Folio ships.
    const WORDS: &[&str] = &[
        // English
        "am", "an", "as", "at", "be", "by", "do", "go", "he", "hi", "if", "in", "is", "it", "me", "my", "no", "of",
        "oh", "ok", "on", "or", "ox", "so", "to", "up", "us", "we", "ye", // French
        "au", "ce", "de", "du", "en", "et", "il", "je", "la", "le", "ne", "ni", "nu", "ou", "où", "sa", "se", "si",
        "ta", "te", "tu", "un", "vu", "ça", // German
        "ab", "da", "eh", "er", "es", "ja", "im", "ob", "um", "wo", "zu",
    ];
    let core = key.trim_end_matches('.');
    let letters = core.chars().filter(|c| c.is_alphanumeric()).count();
    if letters != core.chars().count() {
        // Inner punctuation or spaces ("u.s.", "d c"): only itself.
        return letters <= 1;
    }
    letters <= 1 || (letters == 2 && WORDS.contains(&core))
}

/// `Q` and digits.
fn is_wikidata(v: &str) -> bool {
    v.len() > 1 && v.starts_with('Q') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Digits, hyphens and a final check character X.
fn is_gnd(v: &str) -> bool {
    !v.is_empty()
        && v.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && v.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'X')
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
    fn short_aliases_warn_when_they_are_words() {
        for (alias, risky) in [
            ("t", true),
            ("t.", true),
            ("7", true),
            ("us", true),
            ("an", true),
            ("du", true),
            ("zu", true),
            ("uk", false),
            ("u.s.", false),
            ("un.", true),
            ("eec", false),
            ("a b", false),
            ("ab", true),
            ("gb", false),
        ] {
            assert_eq!(is_risky_short_alias(alias), risky, "{alias}");
        }
    }

    #[test]
    fn very_short_aliases_warn_at_their_line() {
        let toml = "[[person]]\nid = \"toon\"\nname = \"Malcolm Toon\"\naliases = [\"TOON\",\n  \"T\"]\n\n[[person]]\nid = \"us\"\nname = \"Ursula Smith\"\naliases = [\"US\", \"URSULA\", \"U.S.\", \"UK\"]\n";
        let (_, d) = load(Kind::Person, toml);
        let msgs: Vec<String> = d.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains(":5: warning: alias \"T\" of `toon` is one character long"), "{msgs:?}");
        assert!(msgs[1].contains(":10: warning: alias \"US\" of `us` is two characters long"), "{msgs:?}");
        assert!(msgs.iter().all(|m| m.contains("help: use a longer form")), "{msgs:?}");
    }

    #[test]
    fn duplicate_ids_and_aliases_are_errors() {
        let (_, d) = load(
            Kind::Person,
            "[[person]]\nid = \"a\"\nname = \"A\"\naliases = [\"X\"]\n\n[[person]]\nid = \"a\"\nname = \"B\"\naliases = [\"\"]\n\n[[person]]\nid = \"b\"\nname = \"B\"\naliases = [\"x\"]\n",
        );
        let msgs: Vec<String> = d.0.iter().map(|d| d.to_string()).collect();
        assert!(
            msgs.iter().any(|m| m.starts_with("persons.toml:6: error: duplicate id `a` (first defined on line 1)")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("alias \"x\" of `b` is already claimed by person `a`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("empty alias")), "{msgs:?}");
    }

    #[test]
    fn unsafe_ids_are_refused() {
        let (r, d) = load(Kind::Person, "[[person]]\nid = \"../../etc\"\nname = \"A\"\n");
        assert!(d.0[0].message.contains("invalid id"));
        assert!(r.of(Kind::Person).is_empty(), "an entry with an invalid id is left out");
    }
}
