//! Stage 4, index: from the compact facts of every document
//! ([`DocFacts`], made by the first pass of the build while each document
//! is in memory), the data of the index pages: every register entry's
//! documents and mentions, the forms found, mentions over time, and related
//! documents. Computed here in Rust, not in template loops.
//!
//! The index stays compact so memory grows with the number of mentions, not
//! with the size of the site: a mention is two integers and the place of its
//! keyword-in-context row in the build's scratch file ([`crate::base::spill`]).

pub(crate) mod citations;
pub(crate) mod cite;
pub(crate) mod report;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::base::spill::Span;
use crate::load::registers::{Kind, Registers};
use crate::model::{DocId, EntryId, FormatName, PartialDate};

/// A document as the index pages list it.
#[derive(Debug, Clone, Serialize, Deserialize, Hash)]
pub struct DocSummary {
    pub id: DocId,
    pub title: String,
    pub date: Option<PartialDate>,
    /// When the date was inferred rather than read (the editor's
    /// `date_inferred`, or the year of the document number): how, as the
    /// document page glosses it, in the edition's language. Lists show such
    /// a date in brackets, with this as its tooltip.
    pub date_inferred: Option<String>,
    pub format: FormatName,
    pub classification: Option<String>,
    pub from: Option<String>,
    pub to: Vec<String>,
    pub summary: Option<String>,
}

/// What the index needs of one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocFacts {
    pub summary: DocSummary,
    /// Year of the document's date, if dated.
    pub year: Option<String>,
    /// Every entity mentioned or attached (front matter, TAGS, Concepts),
    /// sorted, each once.
    pub entities: Vec<(Kind, EntryId)>,
    /// Mentions, grouped by entity (index into `entities`) in that order,
    /// then by paragraph and offset: the order of their concordance rows in
    /// the scratch file.
    pub mentions: Vec<FactMention>,
    /// Forms found in the text per entity (index into `entities`; as
    /// written, whitespace collapsed) with counts.
    pub forms: Vec<(u32, String, u32)>,
    /// Its citations of other documents (REF, text, commentary links).
    pub citations: citations::DocCitations,
    /// Key of what index pages show of the document: its summary and its
    /// concordance rows (an incremental build keeps the entry pages whose
    /// documents' keys are unchanged).
    pub key: u64,
    /// What the edition-wide citation files need of the document.
    pub cite: cite::CiteData,
}

/// One mention in [`DocFacts`].
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct FactMention {
    pub entity: u32,
    pub paragraph: u32,
    /// Its concordance row (HTML) in the scratch file.
    pub row: Span,
}

/// One mention, by position: document (index into [`Index::docs`]),
/// paragraph (1-based), and its concordance row in the scratch file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionRef {
    pub doc: u32,
    pub paragraph: u32,
    pub row: Span,
}

/// Everything known of one register entry across the edition.
#[derive(Debug, Clone, Default)]
pub struct EntryIndex {
    /// Documents mentioning the entry or attached to it (front matter,
    /// TAGS, Concepts), in date order (indexes into `Index::docs`).
    pub docs: Vec<u32>,
    /// Every mention, in document date order, then paragraph and offset.
    pub mentions: Vec<MentionRef>,
    /// Forms found in the text (as written, whitespace collapsed), with counts.
    pub forms: BTreeMap<String, usize>,
    /// Mentions per year ("1978" → 3); mentions in undated documents are
    /// not counted.
    pub years: BTreeMap<String, usize>,
}

/// The edition's indexes.
#[derive(Debug, Default)]
pub struct Index {
    /// All documents, sorted by date (undated last), then id.
    pub docs: Vec<DocSummary>,
    pub position: HashMap<DocId, usize>,
    /// For each position in `docs`, the index of the document in the list
    /// of facts the index was built from.
    pub source: Vec<usize>,
    pub entries: HashMap<(Kind, EntryId), EntryIndex>,
    /// Related documents per document: (doc index, shared entities), best first.
    pub related: Vec<Vec<(usize, usize)>>,
    /// Which document cites which; threads; documents cited but not in the
    /// edition.
    pub citations: citations::Citations,
    /// Citation data per document, in the order of `docs`.
    pub cites: Vec<cite::CiteData>,
}

/// Related documents shown per document.
const RELATED: usize = 10;

/// Documents ranked with one table of shared counts (one per task, sized
/// by the edition: 1.6 MB at 100,000 documents).
const RELATED_CHUNK: usize = 256;

/// An entity in more documents than this says little about how two
/// documents are related (and would make the ranking quadratic).
const RELATED_MAX_DF: usize = 500;

impl Index {
    /// The index of documents given by their facts (in any order).
    pub fn build(facts: Vec<DocFacts>) -> Index {
        let mut order: Vec<usize> = (0..facts.len()).collect();
        order.sort_by(|&a, &b| {
            let (da, db) = (&facts[a].summary, &facts[b].summary);
            (da.date.is_none(), &da.date, &da.id).cmp(&(db.date.is_none(), &db.date, &db.id))
        });
        let mut idx = Index { source: order.clone(), ..Default::default() };
        let mut slots: Vec<Option<DocFacts>> = facts.into_iter().map(Some).collect();
        // Entities numbered as first seen; each document's by number, in
        // its own (sorted) order.
        let mut numbers: HashMap<(Kind, EntryId), u32> = HashMap::new();
        let mut keys: Vec<(Kind, EntryId)> = Vec::new();
        let mut entries: Vec<EntryIndex> = Vec::new();
        let mut doc_entities: Vec<Vec<u32>> = Vec::with_capacity(order.len());
        let mut doc_citations: Vec<citations::DocCitations> = Vec::with_capacity(order.len());
        for (pos, &i) in order.iter().enumerate() {
            let Some(f) = slots[i].take() else { continue };
            idx.position.insert(f.summary.id.clone(), pos);
            doc_citations.push(f.citations);
            idx.docs.push(f.summary);
            idx.cites.push(f.cite);
            let global: Vec<u32> = f
                .entities
                .into_iter()
                .map(|key| match numbers.get(&key) {
                    Some(&n) => n,
                    None => {
                        let n = entries.len() as u32;
                        numbers.insert(key.clone(), n);
                        keys.push(key);
                        entries.push(EntryIndex::default());
                        n
                    }
                })
                .collect();
            // Mentions per entity (they are grouped by entity).
            let mut per_entity = vec![0usize; global.len()];
            for m in &f.mentions {
                if let Some(n) = per_entity.get_mut(m.entity as usize) {
                    *n += 1;
                }
            }
            for (&g, n) in global.iter().zip(per_entity) {
                let e = &mut entries[g as usize];
                e.docs.push(pos as u32);
                if let (Some(y), true) = (&f.year, n > 0) {
                    match e.years.get_mut(y) {
                        Some(c) => *c += n,
                        None => {
                            e.years.insert(y.clone(), n);
                        }
                    }
                }
            }
            for m in &f.mentions {
                let Some(&g) = global.get(m.entity as usize) else { continue };
                entries[g as usize].mentions.push(MentionRef { doc: pos as u32, paragraph: m.paragraph, row: m.row });
            }
            for (k, form, n) in f.forms {
                let Some(&g) = global.get(k as usize) else { continue };
                *entries[g as usize].forms.entry(form).or_default() += n as usize;
            }
            doc_entities.push(global);
        }
        idx.related = related(&doc_entities, &entries);
        let cited: Vec<(&str, &citations::DocCitations)> =
            idx.docs.iter().zip(&doc_citations).map(|(d, c)| (d.id.as_str(), c)).collect();
        idx.citations = citations::Citations::build(&cited);
        idx.entries = keys.into_iter().zip(entries).collect();
        idx
    }

    pub fn entry(&self, kind: Kind, id: &str) -> Option<&EntryIndex> {
        self.entries.get(&(kind, EntryId::any(id)))
    }
}

/// Related documents: those sharing the most entities, ties broken by the
/// rarer shared entities, then by date order. Entities found in more than
/// [`RELATED_MAX_DF`] documents are left out of the ranking. Shared counts
/// are gathered in a dense table per thread (reset after each document),
/// not a hash map: this is the index stage's largest cost.
fn related(doc_entities: &[Vec<u32>], entries: &[EntryIndex]) -> Vec<Vec<(usize, usize)>> {
    let n = doc_entities.len();
    let chunks: Vec<Vec<Vec<(usize, usize)>>> = doc_entities
        .par_chunks(RELATED_CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut shared = vec![(0u32, 0f64); n];
            let mut touched = Vec::new();
            let mut lists = Vec::with_capacity(chunk.len());
            for (k, ents) in chunk.iter().enumerate() {
                let d = c * RELATED_CHUNK + k;
                for &e in ents {
                    let Some(e) = entries.get(e as usize) else { continue };
                    if e.docs.len() > RELATED_MAX_DF || e.docs.len() < 2 {
                        continue;
                    }
                    let weight = 1.0 / e.docs.len() as f64;
                    for &o in &e.docs {
                        if o as usize != d {
                            let s = &mut shared[o as usize];
                            if s.0 == 0 {
                                touched.push(o);
                            }
                            s.0 += 1;
                            s.1 += weight;
                        }
                    }
                }
                let mut v: Vec<(u32, (u32, f64))> = Vec::with_capacity(touched.len());
                for o in touched.drain(..) {
                    v.push((o, std::mem::take(&mut shared[o as usize])));
                }
                let better = |a: &(u32, (u32, f64)), b: &(u32, (u32, f64))| {
                    b.1 .0.cmp(&a.1 .0).then(b.1 .1.total_cmp(&a.1 .1)).then(a.0.cmp(&b.0))
                };
                if v.len() > RELATED {
                    v.select_nth_unstable_by(RELATED, better);
                    v.truncate(RELATED);
                }
                v.sort_by(better);
                // A new vector, not the candidates' (`collect` would reuse
                // their allocation, thousands of entries, for every document).
                let mut best = Vec::with_capacity(v.len());
                best.extend(v.iter().map(|&(o, (n, _))| (o as usize, n as usize)));
                lists.push(best);
            }
            lists
        })
        .collect();
    chunks.into_iter().flatten().collect()
}

/// The documents of an entry with their mentions, split into pages of at
/// most `per_page` lines (a document attached without mentions counts as
/// one line), never more: a name found in 50,000 documents still gives
/// small pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryPage {
    /// (document position, range of `EntryIndex::mentions`) on this page, in
    /// order. A document whose mentions run over a page boundary appears
    /// on both pages.
    pub groups: Vec<(u32, std::ops::Range<usize>)>,
}

/// Splits an entry's documents and mentions into pages.
pub(crate) fn paginate(e: &EntryIndex, per_page: usize) -> Vec<EntryPage> {
    let per_page = per_page.max(1);
    let mut pages = vec![EntryPage { groups: Vec::new() }];
    let mut lines = 0;
    let mut mi = 0;
    for &d in &e.docs {
        let start = mi;
        while mi < e.mentions.len() && e.mentions[mi].doc == d {
            mi += 1;
        }
        let mut from = start;
        loop {
            if lines == per_page {
                pages.push(EntryPage { groups: Vec::new() });
                lines = 0;
            }
            let take = (mi - from).min(per_page - lines);
            pages.last_mut().expect("one page at least").groups.push((d, from..from + take));
            lines += take.max(1);
            from += take;
            if from >= mi {
                break;
            }
        }
    }
    if pages.len() > 1 && pages.last().is_some_and(|p| p.groups.is_empty()) {
        pages.pop();
    }
    pages
}

/// Entries of a register that nothing mentions or attaches.
pub(crate) fn never_mentioned<'a>(index: &Index, registers: &'a Registers, kind: Kind) -> Vec<&'a str> {
    registers
        .of(kind)
        .iter()
        .filter(|e| index.entry(kind, e.id.as_str()).is_none_or(|i| i.docs.is_empty()))
        .map(|e| e.id.as_str())
        .collect()
}

/// Entities of each kind with at least one document, and their mentions.
pub(crate) fn counts(index: &Index) -> BTreeMap<Kind, (usize, usize)> {
    let mut c: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    for ((k, _), e) in &index.entries {
        let x = c.entry(*k).or_default();
        x.0 += 1;
        x.1 += e.mentions.len();
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(docs: &[u32], mentions_per_doc: &[usize]) -> EntryIndex {
        let mut e = EntryIndex { docs: docs.to_vec(), ..Default::default() };
        for (&d, &n) in docs.iter().zip(mentions_per_doc) {
            for i in 0..n {
                e.mentions.push(MentionRef { doc: d, paragraph: 1, row: Span { offset: i as u64, len: 1 } });
            }
        }
        e
    }

    #[test]
    fn pages_hold_at_most_per_page_lines() {
        let e = entry(&[0, 1, 2, 3], &[3, 0, 5, 1]);
        let pages = paginate(&e, 4);
        let lines: Vec<usize> = pages.iter().map(|p| p.groups.iter().map(|g| g.1.len().max(1)).sum()).collect();
        assert_eq!(lines, vec![4, 4, 2]);
        assert_eq!(pages[0].groups, vec![(0, 0..3), (1, 3..3)]);
        assert_eq!(pages[1].groups, vec![(2, 3..7)]);
        assert_eq!(pages[2].groups, vec![(2, 7..8), (3, 8..9)]);
    }

    #[test]
    fn an_entry_without_documents_has_one_empty_page() {
        assert_eq!(paginate(&EntryIndex::default(), 200), vec![EntryPage { groups: vec![] }]);
        let e = entry(&[0], &[2]);
        assert_eq!(paginate(&e, 2).len(), 1);
    }
}
