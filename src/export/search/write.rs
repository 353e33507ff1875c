//! Writes the search index's files: term shards, facet files, the manifest
//! and the per-group document entries, each a `<script>` that registers
//! itself with `FolioSearch.load`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::base::error::{Error, Result};
use crate::base::output::Output;

use super::encode::encode_set;
use super::facets::Facet;
use super::{Postings, DOC_GROUP, SHARD_BUDGET, VERSION};

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
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) date: Option<&'a str>,
    /// Relative to the site root.
    pub(super) url: String,
    pub(super) classification: Option<&'a str>,
    pub(super) from: Option<&'a str>,
    /// Reading paragraphs: `paras[i]` is paragraph `#p(i+1)`.
    pub(super) paras: Vec<&'a str>,
}

/// What the index consists of (for reports and tests).
#[derive(Debug, Default, Clone, Serialize)]
pub struct SearchStats {
    pub documents: usize,
    pub terms: usize,
    pub shards: usize,
    pub shard_bytes: u64,
    pub facet_files: usize,
    pub facet_bytes: u64,
    pub doc_files: usize,
    pub doc_bytes: u64,
    pub manifest_bytes: u64,
}

/// Document number `n`'s entry (JSON from [`SearchBuilder::document`]) as
/// a line of its `search/doc/G.js` file.
pub fn entry_script(n: usize, json: &str) -> String {
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
pub fn is_index_file(rel: &str) -> bool {
    rel.strip_prefix("search/").is_some_and(|f| !f.contains('/'))
}

/// Writes the term shards, the facet files and the manifest under `search/`.
pub(super) fn write_index(postings: &Postings, facets: &[Facet], out: &Output) -> Result<SearchStats> {
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
        let js = script(&format!("f-{}", f.dim), &json(&values)?);
        stats.facet_files += 1;
        stats.facet_bytes += js.len() as u64;
        infos.push(FacetInfo { dim: f.dim, label: f.label, values: f.values.len(), bytes: js.len() });
        out.write(&format!("search/facet-{}.js", f.dim), js.as_bytes())?;
    }
    let manifest = Manifest {
        version: VERSION,
        documents: total,
        terms: postings.terms.len(),
        shards: starts.iter().map(|&s| postings.terms[s].0.as_str()).collect(),
        facets: infos,
        doc_group: DOC_GROUP,
    };
    let js = script("manifest", &json(&manifest)?);
    stats.manifest_bytes = js.len() as u64;
    out.write("search/manifest.js", js.as_bytes())?;
    Ok(stats)
}
