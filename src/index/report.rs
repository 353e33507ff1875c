//! The build report (end of stage 6): what went into the edition, as counts
//! an editor can check: documents per format, register entries and
//! mentions, TAGS codes and Concepts that no topic maps (with the built-in
//! meaning where there is one), codes nobody knows, ambiguous aliases left
//! unresolved, and entries never mentioned.
//!
//! A summary is printed by `folio build`; the full report is written into
//! the output as `build-report.txt` (no timings, so it is byte-identical
//! across builds like the rest of the site).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::index;
use crate::load::registers::{Kind, Registers};
use crate::model::{DocId, FormatName};

use crate::annotate::tags;

/// The file name of the report in the output folder.
pub(crate) const FILE: &str = "build-report.txt";

/// How many document ids to list per line item before "and N more".
const EXAMPLES: usize = 5;

/// Counts of one register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterCounts {
    pub entries: usize,
    /// Entries with at least one document.
    pub used: usize,
    pub mentions: usize,
    /// Ids of entries no document mentions or attaches.
    pub never_mentioned: Vec<String>,
}

/// The report of one build.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub documents: usize,
    pub undated: usize,
    /// Documents per format.
    pub formats: BTreeMap<FormatName, usize>,
    pub registers: BTreeMap<Kind, RegisterCounts>,
    pub mentions: usize,
    pub unmapped: tags::Unmapped,
    /// Ambiguous aliases found but not resolved: folded alias → documents.
    pub unresolved: BTreeMap<String, Vec<DocId>>,
    /// Parse warnings per document (id → "line N: kind: message"), the
    /// documents worth a look.
    pub parse_warnings: BTreeMap<DocId, Vec<String>>,
}

/// What the report needs of one document (made while it is in memory).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DocReport {
    pub id: DocId,
    pub format: FormatName,
    pub mentions: usize,
    pub undated: bool,
    /// Folded ambiguous aliases found and not resolved.
    pub unresolved: Vec<String>,
    pub unmapped: tags::Unmapped,
    /// The document's parse warnings, as listed in the report.
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// One parse warning as the report lists it: "line 12: no-subject: ...".
fn warning_line(w: &crate::model::ParseWarning) -> String {
    let kind = serde_json::to_value(w.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    match w.line {
        Some(l) => format!("line {l}: {kind}: {}", w.message),
        None => format!("{kind}: {}", w.message),
    }
}

impl DocReport {
    pub fn new(a: &crate::annotate::Annotated, map: &tags::TopicMap) -> DocReport {
        let mut unmapped = tags::Unmapped::default();
        unmapped.add(&a.doc, map, &a.apparatus.tag_links);
        DocReport {
            id: a.doc.id.clone(),
            format: a.doc.format,
            mentions: a.mentions.len(),
            undated: a.doc.date.is_none(),
            unresolved: a.unresolved.ambiguous.iter().map(|(_, alias)| alias.clone()).collect(),
            unmapped,
            warnings: a.doc.warnings.iter().map(warning_line).collect(),
        }
    }
}

impl Report {
    /// The report of an edition from its documents' reports (in any order)
    /// and its index.
    pub fn new(registers: &Registers, docs: Vec<DocReport>, index: &index::Index) -> Report {
        let mut r = Report { documents: docs.len(), ..Default::default() };
        for d in docs {
            *r.formats.entry(d.format).or_default() += 1;
            r.mentions += d.mentions;
            if d.undated {
                r.undated += 1;
            }
            for alias in d.unresolved {
                let docs = r.unresolved.entry(alias).or_default();
                if docs.last() != Some(&d.id) {
                    docs.push(d.id.clone());
                }
            }
            r.unmapped.merge(d.unmapped);
            if !d.warnings.is_empty() {
                r.parse_warnings.insert(d.id.clone(), d.warnings);
            }
        }
        r.unmapped.finish();
        for docs in r.unresolved.values_mut() {
            docs.sort();
            docs.dedup();
        }
        let counts = index::counts(index);
        for kind in Kind::ALL {
            let (used, mentions) = counts.get(&kind).copied().unwrap_or_default();
            r.registers.insert(
                kind,
                RegisterCounts {
                    entries: registers.of(kind).len(),
                    used: used.min(registers.of(kind).len()),
                    mentions,
                    never_mentioned: index::never_mentioned(index, registers, kind)
                        .into_iter()
                        .map(String::from)
                        .collect(),
                },
            );
        }
        r
    }

    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let formats: Vec<String> = self.formats.iter().map(|(f, n)| format!("{n} {f}")).collect();
        let _ = writeln!(s, "documents: {} ({}), {} undated", self.documents, formats.join(", "), self.undated);
        let regs: Vec<String> = self
            .registers
            .iter()
            .map(|(k, c)| format!("{} {} ({} in documents)", c.entries, k.plural(), c.used))
            .collect();
        let _ = writeln!(s, "registers: {}; {} mentions", regs.join(", "), self.mentions);
        let never: usize = self.registers.values().map(|c| c.never_mentioned.len()).sum();
        if never > 0 {
            let _ = writeln!(s, "entries never mentioned: {never}");
        }
        if !self.unmapped.known.is_empty() || !self.unmapped.unknown.is_empty() || !self.unmapped.concepts.is_empty() {
            let _ = writeln!(
                s,
                "unmapped: {} TAGS codes, {} unknown codes, {} Concepts (map them in topics.toml)",
                self.unmapped.known.len(),
                self.unmapped.unknown.len(),
                self.unmapped.concepts.len()
            );
        }
        if !self.parse_warnings.is_empty() {
            let n: usize = self.parse_warnings.values().map(Vec::len).sum();
            let _ = writeln!(s, "parse warnings: {n} in {} documents (listed in {FILE})", self.parse_warnings.len());
        }
        if !self.unresolved.is_empty() {
            let _ = writeln!(
                s,
                "ambiguous aliases not resolved: {} (add `resolve` to the documents' front matter)",
                self.unresolved.len()
            );
        }
        s
    }

    /// The full report, as written to [`FILE`].
    pub fn full(&self) -> String {
        let mut s = String::from("Folio build report\n\n");
        s.push_str(&self.summary());
        let _ = writeln!(s, "\n## Documents per format");
        for (f, n) in &self.formats {
            let _ = writeln!(s, "{f}: {n}");
        }
        let _ = writeln!(s, "\n## Registers (entries, entries with documents, mentions)");
        for (k, c) in &self.registers {
            let _ = writeln!(s, "{}: {}, {}, {}", k.plural(), c.entries, c.used, c.mentions);
        }
        let _ = writeln!(s, "\n## TAGS codes no topic maps (meaning from the built-in table)");
        if self.unmapped.known.is_empty() {
            let _ = writeln!(s, "none");
        }
        for (code, docs) in &self.unmapped.known {
            let meaning = tags::meaning(code).unwrap_or("person");
            let _ = writeln!(s, "{code} ({meaning}): {}", examples(docs));
        }
        let _ = writeln!(s, "\n## Unknown TAGS codes (not in the built-in table, not mapped)");
        if self.unmapped.unknown.is_empty() {
            let _ = writeln!(s, "none");
        }
        for (code, docs) in &self.unmapped.unknown {
            let family = tags::family(code).map(|f| format!(" ({f}?)")).unwrap_or_default();
            let _ = writeln!(s, "{code}{family}: {}", examples(docs));
        }
        let _ = writeln!(s, "\n## Concepts no topic maps");
        if self.unmapped.concepts.is_empty() {
            let _ = writeln!(s, "none");
        }
        for (c, docs) in &self.unmapped.concepts {
            let _ = writeln!(s, "{c}: {}", examples(docs));
        }
        let _ = writeln!(s, "\n## Parse warnings (documents worth a look)");
        if self.parse_warnings.is_empty() {
            let _ = writeln!(s, "none");
        }
        for (id, ws) in &self.parse_warnings {
            for w in ws {
                let _ = writeln!(s, "{id}: {w}");
            }
        }
        let _ = writeln!(s, "\n## Ambiguous aliases not resolved (not counted as mentions)");
        if self.unresolved.is_empty() {
            let _ = writeln!(s, "none");
        }
        for (a, docs) in &self.unresolved {
            let _ = writeln!(s, "\"{a}\": {}", examples(docs));
        }
        let _ = writeln!(s, "\n## Entries never mentioned");
        for (k, c) in &self.registers {
            if !c.never_mentioned.is_empty() {
                let _ = writeln!(s, "{}: {}", k.plural(), c.never_mentioned.join(", "));
            }
        }
        if self.registers.values().all(|c| c.never_mentioned.is_empty()) {
            let _ = writeln!(s, "none");
        }
        s
    }
}

/// "n documents: a, b, c and 12 more".
fn examples(docs: &[DocId]) -> String {
    let shown: Vec<&str> = docs.iter().take(EXAMPLES).map(DocId::as_str).collect();
    let more = docs.len().saturating_sub(EXAMPLES);
    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!("{} document{} ({}{tail})", docs.len(), if docs.len() == 1 { "" } else { "s" }, shown.join(", "))
}
