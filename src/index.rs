//! Stage 4, index: from all annotated documents, the data of the index
//! pages: every register entry's documents and concordance, counts, the
//! chronology and related documents. Computed here in Rust, not in template
//! loops, and kept compact (no rendered HTML) so memory grows with the
//! indexes, not with the site.

use std::collections::{BTreeMap, BTreeSet, HashMap};

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
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntryIndex {
    /// Documents mentioning or attached to the entry, in date order (indexes
    /// into `Index::docs`).
    pub docs: Vec<usize>,
    pub mentions: Vec<Concordance>,
    /// Forms found in the text, with counts.
    pub forms: BTreeMap<String, usize>,
    /// Mentions per year ("1978" → 3).
    pub years: BTreeMap<String, usize>,
}

/// The edition's indexes.
#[derive(Debug, Default)]
pub struct Index {
    /// All documents, sorted by date (undated last), then id.
    pub docs: Vec<DocSummary>,
    pub position: HashMap<String, usize>,
    pub entries: HashMap<(Kind, String), EntryIndex>,
    /// Related documents per document: (doc index, shared entities), best first.
    pub related: Vec<Vec<(usize, usize)>>,
}

/// Words either side of a mention in the concordance.
const CONTEXT_WORDS: usize = 8;

impl Index {
    pub fn build(docs: &[Annotated], _registers: &Registers) -> Index {
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| {
            let (da, db) = (&docs[a].doc, &docs[b].doc);
            (da.date.is_none(), &da.date, &da.id).cmp(&(db.date.is_none(), &db.date, &db.id))
        });
        let mut idx = Index::default();
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
        let mut doc_entities: Vec<BTreeSet<(Kind, String)>> = vec![BTreeSet::new(); idx.docs.len()];
        for &i in &order {
            let a = &docs[i];
            let pos = idx.position[&a.doc.id];
            for key in a.entities() {
                let e = idx.entries.entry(key.clone()).or_default();
                if e.docs.last() != Some(&pos) {
                    e.docs.push(pos);
                }
                doc_entities[pos].insert(key);
            }
            for m in &a.mentions {
                let Some(p) = a.doc.paragraphs.get(m.paragraph - 1) else { continue };
                let (left, keyword, right) = text::context(&p.text, m.start, m.end, CONTEXT_WORDS);
                let e = idx.entries.entry((m.kind, m.id.clone())).or_default();
                *e.forms.entry(crate::formats::collapse_ws(&keyword)).or_default() += 1;
                if let Some(y) = a.doc.year() {
                    *e.years.entry(y.to_string()).or_default() += 1;
                }
                e.mentions.push(Concordance { doc: a.doc.id.clone(), paragraph: m.paragraph, left, keyword, right });
            }
        }
        // Related documents: ranked by shared entities.
        let mut by_entity: HashMap<&(Kind, String), Vec<usize>> = HashMap::new();
        for (d, set) in doc_entities.iter().enumerate() {
            for k in set {
                by_entity.entry(k).or_default().push(d);
            }
        }
        idx.related = (0..idx.docs.len())
            .map(|d| {
                let mut shared: HashMap<usize, usize> = HashMap::new();
                for k in &doc_entities[d] {
                    let list = &by_entity[k];
                    // Very common entities say little about relatedness.
                    if list.len() > 1000 {
                        continue;
                    }
                    for &o in list {
                        if o != d {
                            *shared.entry(o).or_default() += 1;
                        }
                    }
                }
                let mut v: Vec<(usize, usize)> = shared.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                v.truncate(10);
                v
            })
            .collect();
        idx
    }

    pub fn entry(&self, kind: Kind, id: &str) -> Option<&EntryIndex> {
        self.entries.get(&(kind, id.to_string()))
    }
}
