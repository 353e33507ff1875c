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
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::annotate::Annotated;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::registers::{Kind, Registers};

/// Target size in bytes of one term shard.
pub const SHARD_BUDGET: usize = 48 * 1024;
/// How many times a title word counts against a body word in BM25.
pub const TITLE_WEIGHT: u32 = 2;
/// BM25 parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Impacts are BM25 scores times this, rounded (at least 1).
const IMPACT_SCALE: f64 = 8.0;
/// Format version of the index files, checked by search.js.
pub const VERSION: u32 = 2;

/// Documents per `search/doc/G.js` file.
pub const DOC_GROUP: usize = 32;

/// The 64 digits: the first 32 end a number, the last 32 continue it.
const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `v` as big-endian base-32 digits: every digit but the last is
/// taken from the upper half of [`ALPHABET`].
pub fn put(out: &mut String, mut v: u64) {
    let mut buf = [0u8; 14];
    let mut i = buf.len() - 1;
    buf[i] = ALPHABET[(v & 31) as usize];
    v >>= 5;
    while v > 0 {
        i -= 1;
        buf[i] = ALPHABET[32 + (v & 31) as usize];
        v >>= 5;
    }
    for &b in &buf[i..] {
        out.push(b as char);
    }
}

/// Reads numbers written by [`put`] (the Rust twin of search.js's reader).
#[derive(Debug)]
pub struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    pub fn new(s: &'a str) -> Reader<'a> {
        Reader { s: s.as_bytes(), i: 0 }
    }
    pub fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    /// The next number, or None at the end or on a malformed string.
    pub fn next_num(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        loop {
            let c = *self.s.get(self.i)?;
            self.i += 1;
            let d = ALPHABET.iter().position(|&a| a == c)? as u64;
            if d < 32 {
                return Some(v * 32 + d);
            }
            v = v * 32 + (d - 32);
        }
    }
}

/// Whether `c` belongs to a word: letters, digits and combining marks
/// (search.js: `[\p{Alphabetic}\p{N}\p{M}]`).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Folds a word to its search term: compatibility decomposition (NFKD), all
/// combining marks dropped, lowercase, and letters that do not decompose
/// mapped by hand (ß→ss, æ→ae, œ→oe, ø→o, đ/ð→d, ł→l, þ→th, ı→i, ς→σ). So
/// `KAPITSA`, `Kapitsa` and `Kapítsa` are one term, as are `ﬁ` and `fi`.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        // Most words of the telegrams: nothing to decompose.
        return word.to_ascii_lowercase();
    }
    let stripped: String = word.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    let lower = stripped.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            'ς' => out.push('σ'),
            c => out.push(c),
        }
    }
    out
}

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// The folded term.
    pub term: String,
}

/// The words of a text, in order; a word's position is its index here.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_word(text, |start, end, term| out.push(Token { start, end, term: term.to_string() }));
    out
}

/// Calls `f(start, end, folded)` for every word of `text`, in order, the
/// folded form in a buffer reused from word to word (no allocation for
/// ASCII words).
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let bytes = text.as_bytes();
    let mut buf = String::new();
    // The current word: where it starts, and whether it is ASCII so far.
    let mut word: Option<(usize, bool)> = None;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes (most of the text) are classified without decoding.
        let (is_word, len, ascii) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1, true),
            _ => match text[i..].chars().next() {
                Some(c) => (is_word_char(c), c.len_utf8(), false),
                None => break,
            },
        };
        match (is_word, &mut word) {
            (true, None) => word = Some((i, ascii)),
            (true, Some((_, all_ascii))) => *all_ascii &= ascii,
            (false, Some((start, all_ascii))) => {
                emit_word(text, *start, i, *all_ascii, &mut buf, &mut f);
                word = None;
            }
            (false, None) => {}
        }
        i += len;
    }
    if let Some((start, all_ascii)) = word {
        emit_word(text, start, text.len(), all_ascii, &mut buf, &mut f);
    }
}

/// Folds the word `text[start..end]` and passes it to `f` (see
/// [`for_each_word`]).
fn emit_word(
    text: &str,
    start: usize,
    end: usize,
    ascii: bool,
    buf: &mut String,
    f: &mut impl FnMut(usize, usize, &str),
) {
    let word = &text[start..end];
    if ascii {
        buf.clear();
        buf.push_str(word);
        buf.make_ascii_lowercase();
        if !buf.is_empty() {
            f(start, end, buf);
        }
    } else {
        let term = fold(word);
        if !term.is_empty() {
            f(start, end, &term);
        }
    }
}

/// Compares strings as JavaScript does (UTF-16 code units), so the shard
/// boundaries in the manifest can be binary-searched with `<` in the browser.
fn cmp_utf16(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

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
        let title = std::iter::once((0u32, a.doc.title.as_str()));
        let paras = a.doc.paragraphs.iter().map(|p| (p.n as u32, p.text.as_str()));
        for (n, text) in title.chain(paras) {
            let mut pos = 0u32;
            for_each_word(text, |_, _, term| {
                let list = match map.get_mut(term) {
                    Some(list) => list,
                    None => map.entry(term.to_string()).or_default(),
                };
                match list.last_mut() {
                    Some((p, positions)) if *p == n => positions.push(pos),
                    _ => list.push((n, vec![pos])),
                }
                pos += 1;
            });
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
pub fn impact(tf: f64, df: u32, docs: usize, len: u32, avg_len: f64) -> u64 {
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
pub struct DocData {
    len: u32,
    /// (term id, weighted tf, end of its paragraphs in `enc`).
    terms: Vec<(u32, u32, u32)>,
    enc: String,
    /// (dimension index into [`DIMS`], interned (value id, label): see
    /// [`SearchBuilder::facet_values`]).
    facets: Vec<(u8, u32)>,
}

impl DocData {
    /// The bytes of this record, for the build's scratch file.
    pub fn to_bytes(&self) -> Vec<u8> {
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
            b.push(dim);
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(self.enc.as_bytes());
        b
    }

    /// A record from [`DocData::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Option<DocData> {
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
            let dim = *b.get(at)?;
            at += 1;
            facets.push((dim, u32_at(&mut at)?));
        }
        let enc = String::from_utf8(b.get(at..)?.to_vec()).ok()?;
        Some(DocData { len, terms, enc, facets })
    }
}

/// A document's contribution, in memory or in the build's scratch file.
pub enum Stored {
    Memory(DocData),
    Spilled(crate::spill::Span),
}

/// Collects the documents as the render stage produces them, in any order
/// and from any thread ([`SearchBuilder::add`]), then writes the index
/// ([`SearchBuilder::finish`]). Memory grows with the index (about the size
/// of the term shards), not with the documents' HTML.
pub struct SearchBuilder<'a> {
    registers: &'a Registers,
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
type FacetKey = (u8, String, String);

/// A builder's interned terms and facet values, by number: kept by an
/// incremental build so that the records of unchanged documents, which
/// refer to them by number, stay valid ([`SearchBuilder::with_tables`]).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Tables {
    pub terms: Vec<String>,
    pub facets: Vec<(u8, String, String)>,
}

impl<'a> SearchBuilder<'a> {
    /// A builder for `documents` documents, numbered 0.. in
    /// [`crate::index::Index`] order.
    pub fn new(documents: usize, registers: &'a Registers) -> SearchBuilder<'a> {
        SearchBuilder::with_tables(documents, registers, Tables::default())
    }

    /// A builder that numbers terms and facet values on from `tables` (an
    /// earlier build's: see [`SearchBuilder::tables`]). Terms and values
    /// no document has are left out of the index.
    pub fn with_tables(documents: usize, registers: &'a Registers, tables: Tables) -> SearchBuilder<'a> {
        let mut docs = Vec::new();
        docs.resize_with(documents, || None);
        let terms = tables.terms.into_iter().enumerate().map(|(i, t)| (t, i as u32)).collect();
        let values = tables.facets.iter().enumerate().map(|(i, v)| (v.clone(), i as u32)).collect();
        SearchBuilder {
            registers,
            terms: Mutex::new(terms),
            docs: Mutex::new(docs),
            doc_bytes: AtomicU64::new(0),
            doc_files: AtomicUsize::new(0),
            facet_values: Mutex::new((values, tables.facets)),
        }
    }

    /// The terms and facet values numbered so far.
    pub fn tables(&self) -> Tables {
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
    pub fn document(&self, a: &Annotated) -> Result<(DocData, String)> {
        let entry = DocEntry {
            id: &a.doc.id,
            title: &a.doc.title,
            date: a.doc.date.as_deref(),
            url: format!("documents/{}.html", a.doc.id),
            classification: a.doc.metadata.classification.as_deref(),
            from: a.doc.metadata.from.as_deref(),
            paras: a.doc.paragraphs.iter().map(|p| p.text.as_str()).collect(),
        };
        Ok((self.data(a)?, json(&entry)?))
    }

    /// Writes `search/doc/G.js`: the entries of documents
    /// G×[`DOC_GROUP`].. (from [`SearchBuilder::document`]), concatenated
    /// by `make`, unless the output has it with the same `key`.
    pub fn write_group(
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

    /// Adds document number `n` (in date order).
    pub fn collect(&self, n: usize, a: &Annotated) -> Result<()> {
        let data = self.data(a)?;
        self.insert(n, Stored::Memory(data))
    }

    /// Places a document's contribution as number `n` (in date order).
    pub fn insert(&self, n: usize, data: Stored) -> Result<()> {
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
        let values = facet_values(a, self.registers);
        {
            let mut guard =
                self.facet_values.lock().map_err(|_| Error::Other("search index: a thread failed".into()))?;
            let (ids, all) = &mut *guard;
            for (dim, id, label) in values {
                let key = (dim as u8, id, label);
                let n = match ids.get(&key) {
                    Some(&n) => n,
                    None => {
                        let n = all.len() as u32;
                        ids.insert(key.clone(), n);
                        all.push(key);
                        n
                    }
                };
                data.facets.push((dim as u8, n));
            }
        }
        // Kept until the whole edition is read: no spare capacity.
        data.enc.shrink_to_fit();
        data.terms.shrink_to_fit();
        Ok(data)
    }

    /// The postings and facets of everything added (documents never added
    /// count as empty).
    pub fn build(self, spill: Option<&crate::spill::Spill>) -> Result<(Postings, Vec<Facet>)> {
        let terms = self.terms.into_inner().unwrap_or_else(|e| e.into_inner());
        let stored = self.docs.into_inner().unwrap_or_else(|e| e.into_inner());
        // Spilled records are read back one at a time, in order.
        let read = |span: crate::spill::Span| -> Result<DocData> {
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
        let mut dims: Vec<BTreeMap<String, (String, Vec<u32>)>> = vec![BTreeMap::new(); DIMS.len()];
        for ((dim, id, label), docs) in values.into_iter().zip(value_docs) {
            let Some(d) = dims.get_mut(dim as usize).filter(|_| !docs.is_empty()) else { continue };
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
        let facets = DIMS
            .iter()
            .zip(dims)
            .map(|(&(dim, label), values)| {
                let mut values: Vec<FacetValue> =
                    values.into_iter().map(|(id, (label, docs))| FacetValue { id, label, docs }).collect();
                if dim == "year" {
                    values.sort_by(|a, b| a.id.cmp(&b.id));
                } else {
                    values.sort_by(|a, b| b.docs.len().cmp(&a.docs.len()).then_with(|| a.label.cmp(&b.label)));
                }
                Facet { dim, label, values }
            })
            .collect();
        Ok((Postings { terms, documents: total }, facets))
    }

    /// Writes the term shards, facet files and manifest.
    pub fn finish(self, out: &Output, spill: Option<&crate::spill::Spill>) -> Result<SearchStats> {
        let doc_bytes = self.doc_bytes.load(Ordering::Relaxed);
        let doc_files = self.doc_files.load(Ordering::Relaxed);
        let (postings, facets) = self.build(spill)?;
        let mut stats = write_index(&postings, &facets, out)?;
        stats.doc_bytes = doc_bytes;
        stats.doc_files = doc_files;
        Ok(stats)
    }
}

/// The inverted index: every term with its encoded postings, sorted as
/// JavaScript sorts strings.
pub struct Postings {
    pub terms: Vec<(String, String)>,
    pub documents: usize,
}

impl Postings {
    /// Builds the postings of `docs`, numbered in slice order (for tests and
    /// tools; the site build goes through [`SearchBuilder`]).
    pub fn build(docs: &[&Annotated], registers: &Registers) -> Postings {
        let b = SearchBuilder::new(docs.len(), registers);
        docs.par_iter().enumerate().for_each(|(n, a)| {
            let _ = b.collect(n, a);
        });
        b.build(None).map(|b| b.0).unwrap_or(Postings { terms: Vec::new(), documents: 0 })
    }

    /// Cuts the sorted terms into shards of about `budget` bytes: the
    /// index of the first term of every shard.
    pub fn shards(&self, budget: usize) -> Vec<usize> {
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

    /// The encoded postings of a term.
    pub fn get(&self, term: &str) -> Option<&str> {
        self.terms.binary_search_by(|(t, _)| cmp_utf16(t, term)).ok().map(|i| self.terms[i].1.as_str())
    }
}

/// One document's entry in a term's postings, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub impact: u64,
    /// (paragraph, word positions); paragraph 0 is the title.
    pub paras: Vec<(u32, Vec<u32>)>,
}

/// Decodes a term's postings (what search.js does in the browser).
pub fn decode(enc: &str) -> Option<Vec<Hit>> {
    let mut r = Reader::new(enc);
    let mut out = Vec::new();
    let mut doc = 0u64;
    while !r.done() {
        let delta = r.next_num()?;
        doc = if out.is_empty() { delta } else { doc + delta };
        let impact = r.next_num()?;
        let np = r.next_num()?;
        let mut paras = Vec::new();
        let mut para = 0u64;
        for _ in 0..np {
            para += r.next_num()?;
            let k = r.next_num()?;
            let mut pos = Vec::new();
            let mut prev = 0u64;
            for j in 0..k {
                let d = r.next_num()?;
                prev = if j == 0 { d } else { prev + d };
                pos.push(prev as u32);
            }
            paras.push((para as u32, pos));
        }
        out.push(Hit { doc: doc as u32, impact, paras });
    }
    Some(out)
}

/// Documents and paragraphs where the folded words of `phrase` occur one
/// after the other: (document, paragraph). The reference implementation of
/// search.js's phrase matching.
pub fn phrase_matches(postings: &Postings, phrase: &str) -> Vec<(u32, u32)> {
    let words: Vec<String> = tokenize(phrase).into_iter().map(|t| t.term).collect();
    let Some(first) = words.first() else { return Vec::new() };
    let lists: Option<Vec<Vec<Hit>>> = words.iter().map(|w| postings.get(w).and_then(decode)).collect();
    let Some(lists) = lists else { return Vec::new() };
    let mut out = Vec::new();
    let _ = first;
    for hit in &lists[0] {
        'para: for (para, positions) in &hit.paras {
            for &p in positions {
                let all = lists[1..].iter().enumerate().all(|(k, list)| {
                    list.iter()
                        .find(|h| h.doc == hit.doc)
                        .is_some_and(|h| h.paras.iter().any(|(q, pos)| q == para && pos.contains(&(p + k as u32 + 1))))
                });
                if all {
                    out.push((hit.doc, *para));
                    continue 'para;
                }
            }
        }
    }
    out
}

/// A facet dimension and its values.
#[derive(Debug, Clone)]
pub struct Facet {
    /// The key in the URL fragment: `person`, `year`, ...
    pub dim: &'static str,
    pub label: &'static str,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Clone)]
pub struct FacetValue {
    /// The value in the URL fragment (`kapitsa`, `1978`, `confidential`).
    pub id: String,
    pub label: String,
    /// Document numbers, ascending.
    pub docs: Vec<u32>,
}

/// A lowercase slug for a free-text facet value ("AMEMBASSY MOSCOW" →
/// "amembassy-moscow").
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for t in tokenize(s) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&t.term);
    }
    out
}

/// Facet dimensions: (key in the URL fragment, label).
pub const DIMS: [(&str, &str); 9] = [
    ("person", "Person"),
    ("place", "Place"),
    ("organization", "Organization"),
    ("topic", "Topic"),
    ("tag", "TAGS"),
    ("year", "Year"),
    ("classification", "Classification"),
    ("format", "Format"),
    ("origin", "Origin"),
];

/// A document's facet values, from the model: register entries (mentioned
/// or attached), TAGS, year, classification, format and origin post:
/// (dimension index into [`DIMS`], value id, label).
fn facet_values(a: &Annotated, registers: &Registers) -> Vec<(usize, String, String)> {
    let mut v = Vec::new();
    for (kind, id) in a.entities() {
        let d = match kind {
            Kind::Person => 0,
            Kind::Place => 1,
            Kind::Organization => 2,
            Kind::Topic => 3,
        };
        let label = registers.get(kind, &id).map(|e| e.name.clone()).unwrap_or_else(|| id.clone());
        v.push((d, id, label));
    }
    let m = &a.doc.metadata;
    for t in &m.tags {
        let t = t.trim();
        if !t.is_empty() {
            v.push((4, t.to_uppercase(), t.to_string()));
        }
    }
    if let Some(y) = a.doc.year() {
        v.push((5, y.to_string(), y.to_string()));
    }
    if let Some(c) = m.classification.as_deref().filter(|c| !slug(c).is_empty()) {
        v.push((6, slug(c), c.to_string()));
    }
    v.push((7, a.doc.format.clone(), a.doc.format.clone()));
    if let Some(f) = m.from.as_deref().filter(|f| !slug(f).is_empty()) {
        v.push((8, slug(f), f.to_string()));
    }
    v
}

/// Encodes an ascending set of document numbers: `r` + runs (gap from the
/// end of the previous run, length − 1), or `b` + a bitset six documents a
/// digit, whichever is shorter.
pub fn encode_set(docs: &[u32], total: usize) -> String {
    let mut runs = String::from("r");
    let mut i = 0;
    let mut end = 0u32;
    while i < docs.len() {
        let start = docs[i];
        let mut j = i;
        while j + 1 < docs.len() && docs[j + 1] == docs[j] + 1 {
            j += 1;
        }
        put(&mut runs, (start - end) as u64);
        put(&mut runs, (j - i) as u64);
        end = docs[j] + 1;
        i = j + 1;
    }
    let bits_len = total.div_ceil(6) + 1;
    if runs.len() <= bits_len {
        return runs;
    }
    let mut bits = vec![0u8; total.div_ceil(6)];
    for &d in docs {
        bits[d as usize / 6] |= 1 << (d % 6);
    }
    let mut s = String::with_capacity(bits.len() + 1);
    s.push('b');
    s.extend(bits.into_iter().map(|b| ALPHABET[b as usize] as char));
    s
}

/// Decodes [`encode_set`].
pub fn decode_set(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    match s.as_bytes().first()? {
        b'r' => {
            let mut r = Reader::new(&s[1..]);
            let mut end = 0u64;
            while !r.done() {
                let start = end + r.next_num()?;
                let len = r.next_num()? + 1;
                out.extend((start..start + len).map(|d| d as u32));
                end = start + len;
            }
        }
        b'b' => {
            for (i, c) in s.bytes().skip(1).enumerate() {
                let v = ALPHABET.iter().position(|&a| a == c)?;
                for bit in 0..6 {
                    if v & (1 << bit) != 0 {
                        out.push((i * 6 + bit) as u32);
                    }
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// The manifest: what search.js reads first.
#[derive(Serialize)]
struct Manifest<'a> {
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
struct FacetInfo {
    dim: &'static str,
    label: &'static str,
    values: usize,
    /// Size of `search/facet-<dim>.js`: search.js loads small dimensions at
    /// once and large ones only when asked.
    bytes: usize,
}

/// A document as search results show it (in `search/doc/G.js`).
#[derive(Serialize)]
struct DocEntry<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    /// Relative to the site root.
    url: String,
    classification: Option<&'a str>,
    from: Option<&'a str>,
    /// Reading paragraphs: `paras[i]` is paragraph `#p(i+1)`.
    paras: Vec<&'a str>,
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
fn script(key: &str, json: &str) -> String {
    // JSON allows U+2028/2029 in strings; old script parsers did not.
    let json = json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
    format!("FolioSearch.load({},{json});\n", serde_json::Value::String(key.to_string()))
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Other(format!("search index: {e}")))
}

/// Whether an output file is one of the index's own (term shards, facet
/// files, manifest), not a group of documents' entries.
pub fn is_index_file(rel: &str) -> bool {
    rel.strip_prefix("search/").is_some_and(|f| !f.contains('/'))
}

/// Writes the term shards, the facet files and the manifest under `search/`.
fn write_index(postings: &Postings, facets: &[Facet], out: &Output) -> Result<SearchStats> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("KAPITSA"), "kapitsa");
        assert_eq!(fold("Kapítsa"), "kapitsa");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("ŁÓDŹ"), "lodz");
        assert_eq!(fold("Søren"), "soren");
        assert_eq!(fold("ﬁnal"), "final");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ΟΔΟΣ"), "οδοσ");
        assert_eq!(fold("Москва"), "москва");
    }

    #[test]
    fn tokenizes_words_with_offsets() {
        let t = tokenize("ARMS SALES TO CHINA, (Itar-Tass) café 08357");
        let terms: Vec<&str> = t.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, ["arms", "sales", "to", "china", "itar", "tass", "cafe", "08357"]);
        let s = "x CAFÉ y";
        let t = tokenize(s);
        assert_eq!(&s[t[1].start..t[1].end], "CAFÉ");
        // A decomposed accent stays inside its word.
        let t = tokenize("cafe\u{301} noir");
        assert_eq!(t[0].term, "cafe");
        assert_eq!(t.len(), 2);
        assert!(tokenize("  -- ,, ").is_empty());
    }

    #[test]
    fn numbers_round_trip() {
        let nums = [0u64, 1, 31, 32, 33, 1023, 1024, 99_999, u32::MAX as u64, u64::MAX];
        let mut s = String::new();
        for &n in &nums {
            put(&mut s, n);
        }
        assert!(s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let mut r = Reader::new(&s);
        for &n in &nums {
            assert_eq!(r.next_num(), Some(n));
        }
        assert!(r.done());
        let mut one = String::new();
        put(&mut one, 31);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn sets_round_trip_in_both_encodings() {
        let sparse = vec![3, 4, 5, 90, 1000];
        let e = encode_set(&sparse, 2000);
        assert!(e.starts_with('r'), "{e}");
        assert_eq!(decode_set(&e).unwrap(), sparse);
        let dense: Vec<u32> = (0..2000).filter(|d| d % 3 != 0).collect();
        let e = encode_set(&dense, 2000);
        assert!(e.starts_with('b'), "{e}");
        assert_eq!(decode_set(&e).unwrap(), dense);
        let range: Vec<u32> = (100..1900).collect();
        assert_eq!(encode_set(&range, 2000).len(), 1 + 2 + 3);
        assert_eq!(decode_set(&encode_set(&[], 10)).unwrap(), Vec::<u32>::new());
    }

    fn doc(id: &str, title: &str, paras: &[&str]) -> Annotated {
        let paragraphs = paras
            .iter()
            .enumerate()
            .map(|(i, t)| crate::model::Paragraph {
                n: i + 1,
                text: t.to_string(),
                page: 1,
                lines: vec![],
                marking: None,
            })
            .collect();
        Annotated {
            doc: crate::model::Document {
                id: id.into(),
                format: "plain".into(),
                title: title.into(),
                date: None,
                metadata: Default::default(),
                pages: vec![],
                paragraphs,
                warnings: vec![],
            },
            commentary: None,
            summary: None,
            headnote_html: String::new(),
            notes: vec![],
            emendations: vec![],
            mentions: vec![],
            unresolved: Default::default(),
            attached: Default::default(),
        }
    }

    fn sample() -> Vec<Annotated> {
        vec![
            doc("a", "Kapitsa on China", &["ARMS SALES TO CHINA WOULD BE TAKEN VERY BADLY.", "NO SALES OF ARMS."]),
            doc("b", "Monitor", &["Klebanov discussed arms sales with Beijing.", "Arms, sales."]),
            doc("c", "Other", &["Nothing here about weapons.", "Sales arms sales"]),
        ]
    }

    #[test]
    fn postings_are_positional_per_paragraph() {
        let docs = sample();
        let refs: Vec<&Annotated> = docs.iter().collect();
        let p = Postings::build(&refs, &Registers::default());
        let arms = decode(p.get("arms").unwrap()).unwrap();
        assert_eq!(arms.iter().map(|h| h.doc).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(arms[0].paras, vec![(1, vec![0]), (2, vec![3])]);
        let kap = decode(p.get("kapitsa").unwrap()).unwrap();
        assert_eq!(kap[0].paras, vec![(0, vec![0])], "title words are paragraph 0");
        assert!(p.get("weapon").is_none());
        // A rarer term weighs more than a common one in the same position.
        let klebanov = decode(p.get("klebanov").unwrap()).unwrap();
        let arms_b = arms.iter().find(|h| h.doc == 1).unwrap();
        assert!(klebanov[0].impact > arms_b.impact);
    }

    #[test]
    fn phrases_match_exactly() {
        let docs = sample();
        let refs: Vec<&Annotated> = docs.iter().collect();
        let p = Postings::build(&refs, &Registers::default());
        assert_eq!(phrase_matches(&p, "arms sales"), vec![(0, 1), (1, 1), (1, 2), (2, 2)]);
        assert_eq!(phrase_matches(&p, "sales arms"), vec![(2, 2)]);
        // Punctuation between words does not break a phrase, a paragraph does.
        assert_eq!(phrase_matches(&p, "ARMS, SALES"), vec![(0, 1), (1, 1), (1, 2), (2, 2)]);
        assert_eq!(phrase_matches(&p, "badly no"), vec![]);
        assert_eq!(phrase_matches(&p, "sales to china"), vec![(0, 1)]);
        assert_eq!(phrase_matches(&p, "sales of china"), vec![]);
    }

    #[test]
    fn shards_cover_every_term_once_in_order() {
        let docs = sample();
        let refs: Vec<&Annotated> = docs.iter().collect();
        let p = Postings::build(&refs, &Registers::default());
        assert_eq!(p.shards(SHARD_BUDGET), vec![0]);
        let starts = p.shards(40);
        assert!(starts.len() > 3, "{starts:?}");
        assert_eq!(starts[0], 0);
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
        for w in p.terms.windows(2) {
            assert_eq!(cmp_utf16(&w[0].0, &w[1].0), std::cmp::Ordering::Less);
        }
        // A term bigger than the budget is a shard of its own.
        let starts = p.shards(1);
        assert_eq!(starts.len(), p.terms.len());
    }

    #[test]
    fn utf16_order_differs_from_utf8_where_it_matters() {
        // U+FF21 (fullwidth A) sorts after U+1F600 in UTF-8 but before it in UTF-16.
        assert_eq!(cmp_utf16("\u{FF21}", "\u{1F600}"), std::cmp::Ordering::Greater);
        assert_eq!("\u{FF21}".cmp("\u{1F600}"), std::cmp::Ordering::Less);
    }

    #[test]
    fn build_is_deterministic() {
        let docs = sample();
        let refs: Vec<&Annotated> = docs.iter().collect();
        let a = Postings::build(&refs, &Registers::default());
        let b = Postings::build(&refs, &Registers::default());
        assert_eq!(a.terms, b.terms);
    }

    #[test]
    fn spilled_records_give_the_same_index() {
        let docs = sample();
        let regs = Registers::default();
        let memory = SearchBuilder::new(docs.len(), &regs);
        let spilled = SearchBuilder::new(docs.len(), &regs);
        let dir = tempfile::tempdir().unwrap();
        let spill = crate::spill::Spill::new(dir.path()).unwrap();
        for (n, a) in docs.iter().enumerate() {
            memory.collect(n, a).unwrap();
            let (data, _) = spilled.document(a).unwrap();
            let bytes = data.to_bytes();
            assert_eq!(DocData::from_bytes(&bytes).map(|d| d.to_bytes()), Some(bytes.clone()));
            spilled.insert(n, Stored::Spilled(spill.put(&bytes).unwrap())).unwrap();
        }
        let (a, fa) = memory.build(None).unwrap();
        let (b, fb) = spilled.build(Some(&spill)).unwrap();
        assert_eq!(a.terms, b.terms);
        let facets = |f: &[Facet]| {
            f.iter()
                .map(|f| f.values.iter().map(|v| (v.id.clone(), v.docs.clone())).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        assert_eq!(facets(&fa), facets(&fb));
        assert!(!a.terms.is_empty());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("AMEMBASSY MOSCOW"), "amembassy-moscow");
        assert_eq!(slug("LIMITED OFFICIAL USE"), "limited-official-use");
    }
}
