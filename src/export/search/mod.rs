//! Stage 6 (write), search index: the full-text and facet index that
//! `search.html` (theme/search.js) queries in the browser, from a web server
//! or from file://.
//!
//! The browser cannot `fetch()` files from file://, so every part of the
//! index is a small JavaScript file that calls one global registration
//! function, `FolioSearch.load(key, data)`, and is loaded on demand with a
//! `<script src>` element. Nothing is loaded that a query does not need:
//!
//! - `search/manifest.js`: counts, the first term of every term shard, the
//!   facet dimensions and their file sizes. Small: it grows with the number
//!   of shards and facet dimensions, not with the documents.
//! - `search/terms-N.js`: term shards. The sorted term list (UTF-16 order, as
//!   JavaScript compares strings) is cut into consecutive ranges of about
//!   [`SHARD_BUDGET`] bytes, so a term is looked up by binary search over the
//!   manifest's first terms and a prefix (`sov*`) loads the few consecutive
//!   shards its expansions fall in. A term larger than the budget is a shard
//!   of its own.
//! - `search/facet-<dim>.js`: one file per facet dimension (person, place,
//!   organization, topic, tag, year, classification, format, origin): each
//!   value's label, count and document set (run-length or bitset, whichever
//!   is shorter). Small dimensions are loaded with the first query; large
//!   ones only when their panel is opened or one of their values is active.
//! - `search/doc/G.js`: the documents numbered G×[`DOC_GROUP`] up to the
//!   next group, loaded only for the results shown: title, date, link, and
//!   the reading paragraphs for the snippet. Grouped so an edition of
//!   100,000 documents does not need 100,000 more files.
//!
//! Documents are numbered in [`crate::index::Index`] order (by date, undated
//! last), so sorting by date is sorting by number and needs no data.
//!
//! Terms are whole words folded by [`fold`] (compatibility decomposition,
//! combining marks dropped, lowercase, a few letters that do not decompose),
//! which search.js repeats with `normalize("NFKD")`; the unicode-normalization
//! crate provides the same decomposition on the Rust side.
//!
//! Postings are positional and per paragraph: for every document a term
//! occurs in, its BM25 weight (computed here, with the title counted
//! [`TITLE_WEIGHT`] times, quantised to an integer "impact"), and for every
//! paragraph (0 = the title) the word positions. Phrase queries are exact
//! (adjacent positions in one paragraph) and a snippet links to `#pN`.
//!
//! Numbers are written as variable-length base-32 digits in a 64-character
//! alphabet that needs no escaping in a JavaScript string (see [`put`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

mod encode;
mod facets;
#[cfg(test)]
mod reader;
#[cfg(test)]
mod tests;
mod words;
mod write;

use encode::put;
use facets::{Dim, Facet, FacetValue};
use words::for_each_word;
pub(crate) use write::{entry_script, is_index_file, SearchStats};

use facets::facet_values;
use words::cmp_utf16;
use write::{extra_paragraphs, json, write_index, DocEntry};

use crate::annotate::Annotated;
use crate::base::error::{Error, Result};
use crate::base::output::Output;
use crate::load::registers::Registers;
use crate::load::strings::Strings;

/// Target size in bytes of one term shard.
pub(crate) const SHARD_BUDGET: usize = 48 * 1024;
/// How many times a title word counts against a body word in BM25.
pub(crate) const TITLE_WEIGHT: u32 = 2;
/// BM25 parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Impacts are BM25 scores times this, rounded (at least 1).
const IMPACT_SCALE: f64 = 8.0;
/// Format version of the index files, checked by search.js.
pub(crate) const VERSION: u32 = 2;

/// Documents per `search/doc/G.js` file. A page of results loads one file
/// per result (results rarely share a file), so this is what a query pays
/// per result: at 32, twenty results loaded 2.7 MB of a 100,000-document
/// edition (about 4.4 KB per document); at 4, about 350 KB, for a quarter
/// of a file more per document.
pub(crate) const DOC_GROUP: usize = 4;

/// Where a term occurs in one document: (paragraph, word positions).
type Occurrences = Vec<(u32, Vec<u32>)>;

/// A document's words: term → [(paragraph, positions)], with paragraph 0 the
/// title; and its length for BM25 (title words counted [`TITLE_WEIGHT`] times).
struct DocTerms {
    terms: BTreeMap<String, Occurrences>,
    len: u32,
}

impl DocTerms {
    fn new(a: &Annotated) -> DocTerms {
        // Each word looked up once in a hash map (the folded word is moved
        // in, not copied), then the distinct terms sorted once. The map
        // lives for one document and its keys are short words of the
        // edition's own text: FNV instead of SipHash (whose protection
        // against crafted collisions buys nothing here; it cost a tenth of
        // gathering the postings).
        let words = a.doc.paragraphs.iter().map(|p| p.text.len()).sum::<usize>() / 6;
        let mut map: HashMap<String, Occurrences, fnv::FnvBuildHasher> =
            HashMap::with_capacity_and_hasher(words / 2, Default::default());
        let mut len = 0u32;
        let extra = extra_paragraphs(a);
        let first_extra = a.doc.paragraphs.len() as u32 + 1;
        let title = std::iter::once((0u32, a.doc.title.as_str()));
        let paras = a.doc.paragraphs.iter().map(|p| (p.n as u32, p.text.as_str()));
        let commentary = extra.iter().enumerate().map(|(i, x)| (first_extra + i as u32, x.text.as_str()));
        for (n, text) in title.chain(paras).chain(commentary) {
            let mut pos = 0u32;
            let mut add = |term: &str, pos: u32| {
                let list = match map.get_mut(term) {
                    Some(list) => list,
                    None => map.entry(term.to_string()).or_default(),
                };
                match list.last_mut() {
                    Some((p, positions)) if *p == n => positions.push(pos),
                    _ => list.push((n, vec![pos])),
                }
            };
            for_each_word(text, |_, _, term| {
                add(term, pos);
                pos += 1;
            });
            // An emended reading is found under both forms: the
            // correction's words are indexed in its paragraph too, after
            // the text (a gap of one position, so no phrase runs into them).
            for e in a.emendations.iter().filter(|e| e.paragraph as u32 == n && n > 0 && n < first_extra) {
                pos += 1;
                for_each_word(&e.correction, |_, _, term| {
                    add(term, pos);
                    pos += 1;
                });
            }
            len += pos * if n == 0 { TITLE_WEIGHT } else { 1 };
        }
        let mut sorted: Vec<(String, Occurrences)> = map.into_iter().collect();
        // Distinct keys: an unstable sort gives the same order, and the
        // map is then built from sorted input without sorting again.
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let terms: BTreeMap<String, Occurrences> = sorted.into_iter().collect();
        DocTerms { terms, len }
    }

    /// BM25 term frequency: title occurrences weighted.
    fn tf(paras: &[(u32, Vec<u32>)]) -> u32 {
        paras.iter().map(|(n, p)| p.len() as u32 * if *n == 0 { TITLE_WEIGHT } else { 1 }).sum()
    }
}

/// BM25 weight of a term in a document, as an integer impact (≥ 1).
pub(crate) fn impact(tf: f64, df: u32, docs: usize, len: u32, avg_len: f64) -> u64 {
    let n = docs as f64;
    let df = df as f64;
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    let norm = K1 * (1.0 - B + B * len as f64 / avg_len.max(1.0));
    let score = idf * tf * (K1 + 1.0) / (tf + norm);
    ((score * IMPACT_SCALE).round() as u64).max(1)
}

/// One document's contribution, kept until [`SearchBuilder::finish`]:
/// its terms (interned) with their weighted frequency and encoded
/// paragraphs and positions, and its facet values.
#[derive(Default)]
pub(crate) struct DocData {
    len: u32,
    /// (term id, weighted tf, end of its paragraphs in `enc`).
    terms: Vec<(u32, u32, u32)>,
    enc: String,
    /// (dimension, interned (value id, label): see
    /// [`SearchBuilder::facet_values`]).
    facets: Vec<(Dim, u32)>,
}

impl DocData {
    /// The bytes of this record, for the build's scratch file.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(12 + self.terms.len() * 12 + self.facets.len() * 5 + self.enc.len());
        for n in [self.len, self.terms.len() as u32, self.facets.len() as u32] {
            b.extend_from_slice(&n.to_le_bytes());
        }
        for &(id, tf, end) in &self.terms {
            for n in [id, tf, end] {
                b.extend_from_slice(&n.to_le_bytes());
            }
        }
        for &(dim, v) in &self.facets {
            b.push(dim.number());
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(self.enc.as_bytes());
        b
    }

    /// A record from [`DocData::to_bytes`].
    pub(crate) fn from_bytes(b: &[u8]) -> Option<DocData> {
        let mut at = 0usize;
        let u32_at = |at: &mut usize| -> Option<u32> {
            let v = u32::from_le_bytes(b.get(*at..*at + 4)?.try_into().ok()?);
            *at += 4;
            Some(v)
        };
        let len = u32_at(&mut at)?;
        let (terms_n, facets_n) = (u32_at(&mut at)? as usize, u32_at(&mut at)? as usize);
        let mut terms = Vec::with_capacity(terms_n);
        for _ in 0..terms_n {
            terms.push((u32_at(&mut at)?, u32_at(&mut at)?, u32_at(&mut at)?));
        }
        let mut facets = Vec::with_capacity(facets_n);
        for _ in 0..facets_n {
            let dim = Dim::from_number(*b.get(at)?)?;
            at += 1;
            facets.push((dim, u32_at(&mut at)?));
        }
        let enc = String::from_utf8(b.get(at..)?.to_vec()).ok()?;
        Some(DocData { len, terms, enc, facets })
    }
}

/// A document's contribution, in memory or in the build's scratch file.
pub(crate) enum Stored {
    #[cfg(test)]
    Memory(DocData),
    Spilled(crate::base::spill::Span),
}

/// Collects the documents as the render stage produces them, in any order
/// and from any thread ([`SearchBuilder::add`]), then writes the index
/// ([`SearchBuilder::finish`]). Memory grows with the index (about the size
/// of the term shards), not with the documents' HTML.
pub(crate) struct SearchBuilder<'a> {
    registers: &'a Registers,
    /// The edition's language: the labels of facet values Folio names.
    strings: &'a Strings,
    terms: Mutex<HashMap<String, u32>>,
    docs: Mutex<Vec<Option<Stored>>>,
    doc_bytes: AtomicU64,
    doc_files: AtomicUsize,
    /// Facet values, interned: (dimension, id, label) → number, and by
    /// number. Where documents give one id different labels, the index
    /// shows the smallest label, whatever order they came in.
    facet_values: Mutex<(HashMap<FacetKey, u32>, Vec<FacetKey>)>,
}

/// A facet value: dimension, id, label.
type FacetKey = (Dim, String, String);

/// A builder's interned terms and facet values, by number: kept by an
/// incremental build so that the records of unchanged documents, which
/// refer to them by number, stay valid ([`SearchBuilder::with_tables`]).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Tables {
    pub terms: Vec<String>,
    pub facets: Vec<FacetKey>,
}

impl<'a> SearchBuilder<'a> {
    /// A builder for `documents` documents, numbered 0.. in
    /// [`crate::index::Index`] order.
    pub(crate) fn new(documents: usize, registers: &'a Registers, strings: &'a Strings) -> SearchBuilder<'a> {
        SearchBuilder::with_tables(documents, registers, strings, Tables::default())
    }

    /// A builder that numbers terms and facet values on from `tables` (an
    /// earlier build's: see [`SearchBuilder::tables`]). Terms and values
    /// no document has are left out of the index.
    pub(crate) fn with_tables(
        documents: usize,
        registers: &'a Registers,
        strings: &'a Strings,
        tables: Tables,
    ) -> SearchBuilder<'a> {
        let mut docs = Vec::new();
        docs.resize_with(documents, || None);
        let terms = tables.terms.into_iter().enumerate().map(|(i, t)| (t, i as u32)).collect();
        let values = tables.facets.iter().enumerate().map(|(i, v)| (v.clone(), i as u32)).collect();
        SearchBuilder {
            registers,
            strings,
            terms: Mutex::new(terms),
            docs: Mutex::new(docs),
            doc_bytes: AtomicU64::new(0),
            doc_files: AtomicUsize::new(0),
            facet_values: Mutex::new((values, tables.facets)),
        }
    }

    /// The terms and facet values numbered so far.
    pub(crate) fn tables(&self) -> Tables {
        let terms = self.terms.lock().unwrap_or_else(|e| e.into_inner());
        let mut names = vec![String::new(); terms.len()];
        for (t, &id) in terms.iter() {
            names[id as usize] = t.clone();
        }
        let facets = self.facet_values.lock().unwrap_or_else(|e| e.into_inner()).1.clone();
        Tables { terms: names, facets }
    }

    /// A document's contribution to the index, numbered later
    /// ([`SearchBuilder::insert`]), and its entry for the `search/doc/G.js`
    /// file that will hold it (JSON; see [`entry_script`]).
    pub(crate) fn document(&self, a: &Annotated) -> Result<(DocData, String)> {
        let entry = DocEntry {
            id: &a.doc.id,
            title: &a.doc.title,
            date: a.doc.date.as_ref().map(|d| d.as_str()),
            date_inferred: (a.doc.date_basis == Some(crate::model::DateBasis::Inferred))
                .then(|| crate::annotate::provenance::date_gloss(&a.doc, self.strings))
                .flatten(),
            url: format!("documents/{}.html", a.doc.id),
            classification: a.doc.metadata.classification.as_deref(),
            from: a.doc.metadata.from.as_deref(),
            paras: a.doc.paragraphs.iter().map(|p| p.text.as_str()).collect(),
            extra: extra_paragraphs(a),
        };
        Ok((self.data(a)?, json(&entry)?))
    }

    /// Writes `search/doc/G.js`: the entries of documents
    /// G×[`DOC_GROUP`].. (from [`SearchBuilder::document`]), concatenated
    /// by `make`, unless the output has it with the same `key`.
    pub(crate) fn write_group(
        &self,
        group: usize,
        key: u64,
        out: &Output,
        make: impl FnOnce() -> Result<String>,
    ) -> Result<()> {
        self.doc_files.fetch_add(1, Ordering::Relaxed);
        out.write_keyed(&format!("search/doc/{group}.js"), key, || {
            let js = make()?;
            self.doc_bytes.fetch_add(js.len() as u64, Ordering::Relaxed);
            Ok(js.into_bytes())
        })
    }

    #[cfg(test)]
    /// Adds document number `n` (in date order).
    pub fn collect(&self, n: usize, a: &Annotated) -> Result<()> {
        let data = self.data(a)?;
        self.insert(n, Stored::Memory(data))
    }

    /// Places a document's contribution as number `n` (in date order).
    pub(crate) fn insert(&self, n: usize, data: Stored) -> Result<()> {
        let mut docs = self.docs.lock().map_err(|_| Error::Other("search index: a thread failed".into()))?;
        match docs.get_mut(n) {
            Some(slot) => *slot = Some(data),
            None => return Err(Error::Other(format!("search index: document number {n} out of range"))),
        }
        Ok(())
    }

    /// A document's terms (interned here) and facet values.
    fn data(&self, a: &Annotated) -> Result<DocData> {
        let dt = DocTerms::new(a);
        let mut data = DocData { len: dt.len, ..Default::default() };
        let mut ids = Vec::with_capacity(dt.terms.len());
        {
            let mut terms = self.terms.lock().map_err(|_| Error::Other("search index: a thread failed".into()))?;
            for t in dt.terms.keys() {
                let id = match terms.get(t.as_str()) {
                    Some(&id) => id,
                    None => {
                        let next = terms.len() as u32;
                        terms.insert(t.clone(), next);
                        next
                    }
                };
                ids.push(id);
            }
        }
        for (id, paras) in ids.into_iter().zip(dt.terms.values()) {
            put(&mut data.enc, paras.len() as u64);
            let mut prev_para = 0;
            for (p, positions) in paras {
                put(&mut data.enc, (*p - prev_para) as u64);
                prev_para = *p;
                put(&mut data.enc, positions.len() as u64);
                let mut prev = 0;
                for (k, &pos) in positions.iter().enumerate() {
                    put(&mut data.enc, if k == 0 { pos } else { pos - prev } as u64);
                    prev = pos;
                }
            }
            data.terms.push((id, DocTerms::tf(paras), data.enc.len() as u32));
        }
        let values = facet_values(a, self.registers, self.strings);
        {
            let mut guard =
                self.facet_values.lock().map_err(|_| Error::Other("search index: a thread failed".into()))?;
            let (ids, all) = &mut *guard;
            for (dim, id, label) in values {
                let key = (dim, id, label);
                let n = match ids.get(&key) {
                    Some(&n) => n,
                    None => {
                        let n = all.len() as u32;
                        ids.insert(key.clone(), n);
                        all.push(key);
                        n
                    }
                };
                data.facets.push((dim, n));
            }
        }
        // Kept until the whole edition is read: no spare capacity.
        data.enc.shrink_to_fit();
        data.terms.shrink_to_fit();
        Ok(data)
    }

    /// The postings and facets of everything added (documents never added
    /// count as empty).
    pub(crate) fn build(self, spill: Option<&crate::base::spill::Spill>) -> Result<(Postings, Vec<Facet>)> {
        let terms = self.terms.into_inner().unwrap_or_else(|e| e.into_inner());
        let stored = self.docs.into_inner().unwrap_or_else(|e| e.into_inner());
        // Spilled records are read back one at a time, in order.
        let read = |span: crate::base::spill::Span| -> Result<DocData> {
            let spill = spill.ok_or_else(|| Error::Other("search index: no scratch file".into()))?;
            DocData::from_bytes(&spill.get(span)?)
                .ok_or_else(|| Error::Other("search index: a scratch record is damaged".into()))
        };
        let total = stored.len();
        let mut names = vec![String::new(); terms.len()];
        for (t, id) in terms {
            names[id as usize] = t;
        }
        // Document frequencies and lengths first (BM25 needs them before
        // any posting is written); spilled records are read again below.
        let mut df = vec![0u32; names.len()];
        let mut len_sum = 0f64;
        let mut count = |d: &DocData| {
            len_sum += d.len as f64;
            for &(id, _, _) in &d.terms {
                if let Some(n) = df.get_mut(id as usize) {
                    *n += 1;
                }
            }
        };
        for s in stored.iter().flatten() {
            match s {
                #[cfg(test)]
                Stored::Memory(d) => count(d),
                Stored::Spilled(span) => count(&read(*span)?),
            }
        }
        let avg = if total == 0 { 1.0 } else { len_sum / total as f64 };
        let mut building: Vec<(u32, String)> = vec![(0, String::new()); names.len()];
        let (_, values) = self.facet_values.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut value_docs: Vec<Vec<u32>> = vec![Vec::new(); values.len()];
        for (n, d) in stored.into_iter().enumerate() {
            let d = match d {
                None => continue,
                #[cfg(test)]
                Some(Stored::Memory(d)) => d,
                Some(Stored::Spilled(span)) => read(span)?,
            };
            let n = n as u32;
            let mut start = 0usize;
            for (id, tf, end) in d.terms {
                let (last, enc) = &mut building[id as usize];
                put(enc, if enc.is_empty() { n } else { n - *last } as u64);
                *last = n;
                put(enc, impact(tf as f64, df[id as usize], total, d.len, avg));
                enc.push_str(&d.enc[start..end as usize]);
                start = end as usize;
            }
            for (_, v) in d.facets {
                if let Some(list) = value_docs.get_mut(v as usize).filter(|l| l.last() != Some(&n)) {
                    list.push(n);
                }
            }
        }
        // One value per (dimension, id), with the smallest of its labels.
        let mut dims: Vec<BTreeMap<String, (String, Vec<u32>)>> = vec![BTreeMap::new(); Dim::ALL.len()];
        for ((dim, id, label), docs) in values.into_iter().zip(value_docs) {
            let Some(d) = dims.get_mut(usize::from(dim.number())).filter(|_| !docs.is_empty()) else { continue };
            match d.get_mut(&id) {
                Some((l, all)) => {
                    if label < *l {
                        *l = label;
                    }
                    all.extend(docs);
                    all.sort_unstable();
                    all.dedup();
                }
                None => {
                    d.insert(id, (label, docs));
                }
            }
        }
        let mut terms: Vec<(String, String)> = names
            .into_iter()
            .zip(building)
            .filter(|(_, (_, enc))| !enc.is_empty())
            .map(|(t, (_, enc))| (t, enc))
            .collect();
        terms.sort_by(|a, b| cmp_utf16(&a.0, &b.0));
        let facets = Dim::ALL
            .into_iter()
            .zip(dims)
            .map(|(dim, values)| {
                let mut values: Vec<FacetValue> =
                    values.into_iter().map(|(id, (label, docs))| FacetValue { id, label, docs }).collect();
                if dim.sorted_by_id() {
                    values.sort_by(|a, b| a.id.cmp(&b.id));
                } else {
                    values.sort_by(|a, b| b.docs.len().cmp(&a.docs.len()).then_with(|| a.label.cmp(&b.label)));
                }
                Facet { dim, values }
            })
            .collect();
        Ok((Postings { terms, documents: total }, facets))
    }

    /// Writes the term shards, facet files and manifest.
    pub(crate) fn finish(self, out: &Output, spill: Option<&crate::base::spill::Spill>) -> Result<SearchStats> {
        let doc_bytes = self.doc_bytes.load(Ordering::Relaxed);
        let doc_files = self.doc_files.load(Ordering::Relaxed);
        let registers = self.registers;
        let (postings, facets) = self.build(spill)?;
        let mut stats = write_index(&postings, &facets, registers, out)?;
        stats.doc_bytes = doc_bytes;
        stats.doc_files = doc_files;
        Ok(stats)
    }
}

/// The inverted index: every term with its encoded postings, sorted as
/// JavaScript sorts strings.
pub(crate) struct Postings {
    pub terms: Vec<(String, String)>,
    pub documents: usize,
}

impl Postings {
    /// Cuts the sorted terms into shards of about `budget` bytes: the
    /// index of the first term of every shard.
    pub(crate) fn shards(&self, budget: usize) -> Vec<usize> {
        let mut starts = Vec::new();
        let mut size = usize::MAX;
        for (i, (t, p)) in self.terms.iter().enumerate() {
            let entry = t.len() + p.len() + 6;
            if size.saturating_add(entry) > budget {
                starts.push(i);
                size = 0;
            }
            size += entry;
        }
        starts
    }
}
