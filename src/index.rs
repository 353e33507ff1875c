//! Stage 4, index: from all annotated documents, the data of the index
//! pages: every register entry's documents and mentions, the forms found,
//! mentions over time, and related documents. Computed here in Rust, not in
//! template loops.
//!
//! The index stays compact so memory grows with the number of mentions, not
//! with the size of the site: a mention is four integers ([`MentionRef`]);
//! its keyword-in-context line is cut from the paragraph only when the page
//! that shows it is rendered ([`Index::kwic`]).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::annotate::Annotated;
use crate::registers::{Kind, Registers};
use crate::text;

/// A document as the index pages list it.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub format: String,
    pub classification: Option<String>,
    pub from: Option<String>,
    pub to: Vec<String>,
    pub summary: Option<String>,
}

/// One mention, by position: document (index into [`Index::docs`]),
/// paragraph (1-based) and byte range in the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionRef {
    pub doc: u32,
    pub paragraph: u32,
    pub start: u32,
    pub end: u32,
}

/// One line of a concordance: a mention in its context.
#[derive(Debug, Clone, Serialize)]
pub struct Concordance {
    pub doc: String,
    pub paragraph: usize,
    pub left: String,
    pub keyword: String,
    pub right: String,
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
    pub position: HashMap<String, usize>,
    /// For each position in `docs`, the index of the document in the slice
    /// the index was built from.
    pub source: Vec<usize>,
    pub entries: HashMap<(Kind, String), EntryIndex>,
    /// Related documents per document: (doc index, shared entities), best first.
    pub related: Vec<Vec<(usize, usize)>>,
}

/// Words either side of a mention in the concordance.
pub const CONTEXT_WORDS: usize = 8;

/// Related documents shown per document.
const RELATED: usize = 10;

/// An entity in more documents than this says little about how two
/// documents are related (and would make the ranking quadratic).
const RELATED_MAX_DF: usize = 500;

impl Index {
    pub fn build(docs: &[Annotated], _registers: &Registers) -> Index {
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| {
            let (da, db) = (&docs[a].doc, &docs[b].doc);
            (da.date.is_none(), &da.date, &da.id).cmp(&(db.date.is_none(), &db.date, &db.id))
        });
        let mut idx = Index { source: order.clone(), ..Default::default() };
        for &i in &order {
            let a = &docs[i];
            idx.position.insert(a.doc.id.clone(), idx.docs.len());
            idx.docs.push(DocSummary {
                id: a.doc.id.clone(),
                title: a.doc.title.clone(),
                date: a.doc.date.clone(),
                format: a.doc.format.clone(),
                classification: a.doc.metadata.classification.clone(),
                from: a.doc.metadata.from.clone(),
                to: a.doc.metadata.to.clone(),
                summary: a.summary.clone(),
            });
        }
        let mut doc_entities: Vec<Vec<(Kind, String)>> = Vec::with_capacity(order.len());
        for (pos, &i) in order.iter().enumerate() {
            let a = &docs[i];
            let entities = a.entities();
            for key in &entities {
                let e = idx.entries.entry(key.clone()).or_default();
                e.docs.push(pos as u32);
            }
            doc_entities.push(entities.into_iter().collect());
            let mut mentions: Vec<&crate::mentions::Mention> = a.mentions.iter().collect();
            mentions.sort_by_key(|m| (m.paragraph, m.start));
            for m in mentions {
                let Some(p) = a.doc.paragraphs.get(m.paragraph.wrapping_sub(1)) else { continue };
                let Some(form) = p.text.get(m.start..m.end) else { continue };
                let e = idx.entries.entry((m.kind, m.id.clone())).or_default();
                *e.forms.entry(crate::formats::collapse_ws(form)).or_default() += 1;
                if let Some(y) = a.doc.year() {
                    *e.years.entry(y.to_string()).or_default() += 1;
                }
                e.mentions.push(MentionRef {
                    doc: pos as u32,
                    paragraph: m.paragraph as u32,
                    start: m.start as u32,
                    end: m.end as u32,
                });
            }
        }
        idx.related = related(&doc_entities, &idx.entries);
        idx
    }

    pub fn entry(&self, kind: Kind, id: &str) -> Option<&EntryIndex> {
        self.entries.get(&(kind, id.to_string()))
    }

    /// The keyword-in-context line of a mention; `docs` is the slice the
    /// index was built from.
    pub fn kwic(&self, docs: &[Annotated], m: MentionRef) -> Concordance {
        let a = &docs[self.source[m.doc as usize]];
        let p = &a.doc.paragraphs[m.paragraph as usize - 1];
        let (left, keyword, right) = text::context(&p.text, m.start as usize, m.end as usize, CONTEXT_WORDS);
        Concordance { doc: a.doc.id.clone(), paragraph: m.paragraph as usize, left, keyword, right }
    }
}

/// Related documents: those sharing the most entities, ties broken by the
/// rarer shared entities, then by date order. Entities found in more than
/// [`RELATED_MAX_DF`] documents are left out of the ranking.
fn related(
    doc_entities: &[Vec<(Kind, String)>],
    entries: &HashMap<(Kind, String), EntryIndex>,
) -> Vec<Vec<(usize, usize)>> {
    doc_entities
        .par_iter()
        .enumerate()
        .map(|(d, ents)| {
            // other doc → (shared count, rarity score)
            let mut shared: HashMap<u32, (usize, f64)> = HashMap::new();
            for k in ents {
                let Some(e) = entries.get(k) else { continue };
                if e.docs.len() > RELATED_MAX_DF || e.docs.len() < 2 {
                    continue;
                }
                let weight = 1.0 / e.docs.len() as f64;
                for &o in &e.docs {
                    if o as usize != d {
                        let s = shared.entry(o).or_default();
                        s.0 += 1;
                        s.1 += weight;
                    }
                }
            }
            let mut v: Vec<(u32, (usize, f64))> = shared.into_iter().collect();
            v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(b.1 .1.total_cmp(&a.1 .1)).then(a.0.cmp(&b.0)));
            v.truncate(RELATED);
            v.into_iter().map(|(o, (n, _))| (o as usize, n)).collect()
        })
        .collect()
}

/// The documents of an entry with their mentions, split into pages of at
/// most `per_page` lines (a document attached without mentions counts as
/// one line), never more: a name found in 50,000 documents still gives
/// small pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPage {
    /// (document position, range of `EntryIndex::mentions`) on this page, in
    /// order. A document whose mentions run over a page boundary appears
    /// on both pages.
    pub groups: Vec<(u32, std::ops::Range<usize>)>,
}

/// Splits an entry's documents and mentions into pages.
pub fn paginate(e: &EntryIndex, per_page: usize) -> Vec<EntryPage> {
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
pub fn never_mentioned<'a>(index: &Index, registers: &'a Registers, kind: Kind) -> Vec<&'a str> {
    registers
        .of(kind)
        .iter()
        .filter(|e| index.entry(kind, &e.id).is_none_or(|i| i.docs.is_empty()))
        .map(|e| e.id.as_str())
        .collect()
}

/// Entities of each kind with at least one document, and their mentions.
pub fn counts(index: &Index) -> BTreeMap<Kind, (usize, usize)> {
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
                e.mentions.push(MentionRef { doc: d, paragraph: 1, start: i as u32, end: i as u32 + 1 });
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
