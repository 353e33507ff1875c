//! Writes the search index's files: term shards, facet files, the manifest
//! and the per-group document entries, each a `<script>` that registers
//! itself with `FolioSearch.load`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::DocId;

use crate::base::error::{Error, Result};
use crate::base::output::Output;

use super::encode::encode_set;
use super::facets::{Dim, Facet};
use super::words::tokenize;
use super::{Postings, DOC_GROUP, SHARD_BUDGET, VERSION};
use crate::annotate::Annotated;
use crate::load::registers::{Kind, Registers};
use std::collections::BTreeMap;

/// The manifest: what search.js reads first.
#[derive(Serialize)]
pub(super) struct Manifest<'a> {
    version: u32,
    documents: usize,
    terms: usize,
    /// The first term of every shard; shard `i` is `search/terms-i.js`.
    shards: Vec<&'a str>,
    facets: Vec<FacetInfo>,
    /// Documents per `search/doc/G.js`.
    doc_group: usize,
    /// The shards of register entries by the first two characters of
    /// their folded names: `search/entries-K.js` for each K.
    entries: Vec<&'a str>,
}

#[derive(Serialize)]
pub(super) struct FacetInfo {
    dim: &'static str,
    label: &'static str,
    values: usize,
    /// Size of `search/facet-<dim>.js`: search.js loads small dimensions at
    /// once and large ones only when asked.
    bytes: usize,
}

/// A document as search results show it (in `search/doc/G.js`).
#[derive(Serialize)]
pub(super) struct DocEntry<'a> {
    pub(super) id: &'a DocId,
    pub(super) title: &'a str,
    pub(super) date: Option<&'a str>,
    /// How an inferred date was inferred (the date is shown in brackets,
    /// this as its tooltip); left out when the date was not inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) date_inferred: Option<String>,
    /// Relative to the site root.
    pub(super) url: String,
    pub(super) classification: Option<&'a str>,
    pub(super) from: Option<&'a str>,
    /// Reading paragraphs: `paras[i]` is paragraph `#p(i+1)`.
    pub(super) paras: Vec<&'a str>,
    /// What is searched besides the reading text, numbered on after it:
    /// `extra[i]` is paragraph `paras.len() + 1 + i` of the postings.
    pub(super) extra: Vec<Extra>,
}

/// What the index consists of (for reports and tests).
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct SearchStats {
    pub documents: usize,
    pub terms: usize,
    pub shards: usize,
    pub shard_bytes: u64,
    pub facet_files: usize,
    pub facet_bytes: u64,
    pub doc_files: usize,
    pub doc_bytes: u64,
    pub manifest_bytes: u64,
    /// The register entries' shards (`search/entries-K.js`).
    pub entry_bytes: u64,
}

/// Document number `n`'s entry (JSON from [`SearchBuilder::document`]) as
/// a line of its `search/doc/G.js` file.
pub(crate) fn entry_script(n: usize, json: &str) -> String {
    script(&format!("d{n}"), json)
}

/// `FolioSearch.load("key", json);` with JSON made safe for a script.
pub(super) fn script(key: &str, json: &str) -> String {
    // JSON allows U+2028/2029 in strings; old script parsers did not.
    let json = json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
    format!("FolioSearch.load({},{json});\n", serde_json::Value::String(key.to_string()))
}

pub(super) fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Other(format!("search index: {e}")))
}

/// Whether an output file is one of the index's own (term shards, facet
/// files, manifest), not a group of documents' entries.
pub(crate) fn is_index_file(rel: &str) -> bool {
    rel.strip_prefix("search/").is_some_and(|f| !f.contains('/'))
}

/// Writes the term shards, the facet files and the manifest under `search/`.
pub(super) fn write_index(
    postings: &Postings,
    facets: &[Facet],
    registers: &Registers,
    out: &Output,
) -> Result<SearchStats> {
    let total = postings.documents;
    let mut stats = SearchStats { documents: total, ..Default::default() };
    let starts = postings.shards(SHARD_BUDGET);
    stats.terms = postings.terms.len();
    stats.shards = starts.len();
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(postings.terms.len());
        let mut body = String::from("{");
        for (k, (t, p)) in postings.terms[s..e].iter().enumerate() {
            if k > 0 {
                body.push(',');
            }
            let _ = write!(body, "{}:\"{p}\"", serde_json::Value::String(t.clone()));
        }
        body.push('}');
        let js = script(&format!("t{i}"), &body);
        stats.shard_bytes += js.len() as u64;
        out.write(&format!("search/terms-{i}.js"), js.as_bytes())?;
    }
    let mut infos = Vec::new();
    for f in facets {
        let values: Vec<(&str, &str, usize, String)> = f
            .values
            .iter()
            .map(|v| (v.id.as_str(), v.label.as_str(), v.docs.len(), encode_set(&v.docs, total)))
            .collect();
        let js = script(&format!("f-{}", f.dim.key()), &json(&values)?);
        stats.facet_files += 1;
        stats.facet_bytes += js.len() as u64;
        infos.push(FacetInfo { dim: f.dim.key(), label: f.dim.label(), values: f.values.len(), bytes: js.len() });
        out.write(&format!("search/facet-{}.js", f.dim.key()), js.as_bytes())?;
    }
    let entries = entry_shards(facets, registers);
    for (key, list) in &entries {
        let js = script(&format!("e-{key}"), &json(list)?);
        stats.entry_bytes += js.len() as u64;
        out.write(&format!("search/entries-{key}.js"), js.as_bytes())?;
    }
    let manifest = Manifest {
        version: VERSION,
        documents: total,
        terms: postings.terms.len(),
        shards: starts.iter().map(|&s| postings.terms[s].0.as_str()).collect(),
        facets: infos,
        doc_group: DOC_GROUP,
        entries: entries.keys().map(String::as_str).collect(),
    };
    let js = script("manifest", &json(&manifest)?);
    stats.manifest_bytes = js.len() as u64;
    out.write("search/manifest.js", js.as_bytes())?;
    Ok(stats)
}

/// A searchable part of a document page besides its reading text: the
/// metadata panel, the headnote, a note.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(super) struct Extra {
    /// "about", "headnote" or "note".
    pub kind: &'static str,
    /// What a result says it matched in: "About this document", "Headnote",
    /// "Note 3".
    pub label: String,
    /// Its anchor on the document page.
    pub anchor: String,
    /// Its plain text.
    pub text: String,
}

/// The metadata (subject, from, to, signature, ...), the headnote and the
/// notes of a document as plain text, in that order: indexed after the
/// reading text, so a word of the commentary or a signature finds the
/// document, and the snippet links to the note.
pub(super) fn extra_paragraphs(a: &Annotated) -> Vec<Extra> {
    let m = &a.doc.metadata;
    let mut about: Vec<&str> = Vec::new();
    about.extend(m.subject.as_deref());
    about.extend(m.from.as_deref());
    about.extend(m.to.iter().map(String::as_str));
    about.extend(m.info.iter().map(String::as_str));
    about.extend(m.signature.as_deref());
    about.extend(m.captions.iter().map(String::as_str));
    about.extend(m.document_number.as_deref());
    let mut out = vec![Extra {
        kind: "about",
        label: "About this document".into(),
        anchor: "meta-h".into(),
        text: about.join(" · "),
    }];
    out.push(Extra {
        kind: "headnote",
        label: "Headnote".into(),
        anchor: "headnote-h".into(),
        text: html_text(&a.headnote_html),
    });
    let mut notes: Vec<&crate::annotate::Note> = a.notes.iter().collect();
    notes.sort_by_key(|n| n.n);
    for n in notes {
        out.push(Extra {
            kind: "note",
            label: format!("Note {}", n.n),
            anchor: format!("n{}", n.n),
            text: format!("{} — {}", n.quote, html_text(&n.html)),
        });
    }
    out
}

/// The text of rendered HTML: tags dropped (block ends as spaces), the
/// entities Folio's own escaping writes decoded.
pub(super) fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A register entry as search shows it above the results of a query that
/// names it (by its name or any alias).
#[derive(Debug, Serialize, PartialEq)]
pub(super) struct EntryRecord {
    /// The facet dimension: person, place, organization, topic.
    pub dim: &'static str,
    pub id: crate::model::EntryId,
    pub name: String,
    /// Its other forms (aliases), as written in the register.
    pub aliases: Vec<String>,
    /// Every form folded to search terms, joined by spaces ("teng hsiao ping").
    pub keys: Vec<String>,
    pub documents: usize,
    /// Its page, from the site root.
    pub url: String,
}

/// The register entries found in documents, by the first two characters
/// of each of their folded forms (an entry is in every shard one of its
/// forms starts in).
pub(super) fn entry_shards(facets: &[Facet], registers: &Registers) -> BTreeMap<String, Vec<EntryRecord>> {
    let mut shards: BTreeMap<String, Vec<EntryRecord>> = BTreeMap::new();
    for kind in Kind::ALL {
        let dim = Dim::of_kind(kind);
        let Some(f) = facets.iter().find(|f| f.dim == dim) else { continue };
        for v in &f.values {
            let Some(e) = registers.get(kind, &v.id) else { continue };
            let forms = std::iter::once(&e.name).chain(&e.aliases).chain(&e.ambiguous_aliases);
            let mut keys: Vec<String> = forms.map(|f| fold_key(f)).filter(|k| !k.is_empty()).collect();
            keys.sort();
            keys.dedup();
            let mut firsts: Vec<String> = keys.iter().map(|k| shard_key(k)).collect();
            firsts.sort();
            firsts.dedup();
            for first in firsts {
                shards.entry(first).or_default().push(EntryRecord {
                    dim: dim.key(),
                    id: e.id.clone(),
                    name: e.name.clone(),
                    aliases: e.aliases.iter().filter(|a| fold_key(a) != fold_key(&e.name)).cloned().collect(),
                    keys: keys.clone(),
                    documents: v.docs.len(),
                    url: format!("{}/{}.html", kind.plural(), e.id),
                });
            }
        }
    }
    shards
}

/// A name as search terms joined by spaces ("TENG HSIAO-PING" → "teng hsiao ping").
fn fold_key(name: &str) -> String {
    tokenize(name).into_iter().map(|t| t.term).collect::<Vec<_>>().join(" ")
}

/// The shard of a folded form by its first two characters: ASCII letters
/// and digits as themselves, a space as `_`, anything else as its code
/// point (search.js repeats this). Two characters: by one, a shard held up
/// to 168 KB at 100,000 documents (3,000 persons), loaded by every query.
fn shard_key(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars().take(2) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == ' ' {
            out.push('_');
        } else {
            let _ = write!(out, "u{:x}", c as u32);
        }
    }
    out
}
