//! The edition's citation graph: which documents cite which (by REF, by a
//! number in the text, by a `doc:` link in commentary), "cited by" for every
//! document, the threads REF entries make (what a telegram answers, what
//! answered it), the most-cited documents and the documents cited but not in
//! the edition (the editor's list of what to add next).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

/// How one document cites another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Via {
    /// An entry of the REF block, with its letter.
    Ref(Option<String>),
    /// A number or REF shorthand in the reading text, in this paragraph.
    Text(u32),
    /// A `doc:` link of the commentary.
    Commentary,
}

/// One citation a document makes, as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutCite {
    /// The document number (or id) cited.
    pub target: String,
    pub via: Via,
    /// The paragraph of the cited telegram named ("PARA 5"), by its own
    /// numbering.
    pub para: Option<u32>,
    /// The reading paragraph named by a commentary link (`#p6`).
    pub reading_para: Option<u32>,
}

/// What the index needs of one document's citations.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DocCitations {
    /// Its paragraphs by their own numbers: (number typed, reading paragraph).
    pub numbered: Vec<(u32, u32)>,
    pub cites: Vec<OutCite>,
}

/// A document citing another, as the cited one lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitedBy {
    /// The citing document (position in the index).
    pub doc: usize,
    /// Each way it cites, in order (REF A, paragraph 3, commentary).
    pub via: Vec<Via>,
    /// The reading paragraphs of the cited document it points at.
    pub paragraphs: Vec<u32>,
}

/// A document cited by the edition but not in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outside {
    pub id: String,
    /// Positions of the citing documents, in date order.
    pub cited_by: Vec<usize>,
}

/// The citation graph of the edition, by document position.
#[derive(Debug, Default)]
pub struct Citations {
    pub cited_by: Vec<Vec<CitedBy>>,
    /// REF targets in the edition (what a document answers or follows up).
    pub answers: Vec<Vec<usize>>,
    /// Documents whose REF block cites it.
    pub answered_by: Vec<Vec<usize>>,
    /// Cited documents not in the edition, most cited first, then by id.
    pub outside: Vec<Outside>,
    /// Telegram paragraph numbers per position.
    numbered: Vec<Vec<(u32, u32)>>,
    /// Document id → position.
    lookup: HashMap<String, usize>,
}

impl Citations {
    /// The graph from each document's citations, by position, with ids.
    pub fn build(docs: &[(&str, &DocCitations)]) -> Citations {
        let n = docs.len();
        let mut lookup: HashMap<String, usize> = HashMap::with_capacity(n);
        for (pos, (id, _)) in docs.iter().enumerate() {
            lookup.insert((*id).to_string(), pos);
        }
        let mut g = Citations {
            cited_by: vec![Vec::new(); n],
            answers: vec![Vec::new(); n],
            answered_by: vec![Vec::new(); n],
            outside: Vec::new(),
            numbered: docs.iter().map(|(_, c)| c.numbered.clone()).collect(),
            lookup,
        };
        let mut outside: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for (from, (_, c)) in docs.iter().enumerate() {
            let mut by_target: BTreeMap<usize, CitedBy> = BTreeMap::new();
            for oc in &c.cites {
                match g.lookup.get(&oc.target).copied() {
                    Some(to) if to == from => {}
                    Some(to) => {
                        let e = by_target.entry(to).or_insert_with(|| CitedBy {
                            doc: from,
                            via: Vec::new(),
                            paragraphs: Vec::new(),
                        });
                        if !e.via.contains(&oc.via) {
                            e.via.push(oc.via.clone());
                        }
                        let p = oc.reading_para.or_else(|| oc.para.and_then(|k| g.paragraph(to, k)));
                        if let Some(p) = p.filter(|p| !e.paragraphs.contains(p)) {
                            e.paragraphs.push(p);
                        }
                        if matches!(oc.via, Via::Ref(_)) && !g.answers[from].contains(&to) {
                            g.answers[from].push(to);
                            g.answered_by[to].push(from);
                        }
                    }
                    // A commentary link to anything but a document of the
                    // edition is no citation of a telegram.
                    None if oc.via == Via::Commentary => {}
                    None => {
                        outside.entry(oc.target.as_str()).or_default().insert(from);
                    }
                }
            }
            for (to, e) in by_target {
                g.cited_by[to].push(e);
            }
        }
        for v in g.answered_by.iter_mut().chain(g.answers.iter_mut()) {
            v.sort_unstable();
        }
        g.outside = outside
            .into_iter()
            .map(|(id, s)| Outside { id: id.to_string(), cited_by: s.into_iter().collect() })
            .collect();
        g.outside.sort_by(|a, b| b.cited_by.len().cmp(&a.cited_by.len()).then_with(|| a.id.cmp(&b.id)));
        g
    }

    /// The position of a document by id (a document of the edition is
    /// cited when its id is the normalized number).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.lookup.get(id).copied()
    }

    /// The reading paragraph of paragraph `k` (its own numbering) of the
    /// document at `pos`.
    pub fn paragraph(&self, pos: usize, k: u32) -> Option<u32> {
        self.numbered.get(pos)?.iter().find(|(n, _)| *n == k).map(|(_, p)| *p)
    }

    /// The documents of the edition cited at least once, most cited first
    /// (by the number of citing documents), then by position.
    pub fn most_cited(&self) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> =
            self.cited_by.iter().enumerate().filter(|(_, c)| !c.is_empty()).map(|(p, c)| (p, c.len())).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// The rank (from 1) of the document at `pos` in [`Self::most_cited`]
    /// without sorting; `None` when nothing cites it.
    pub fn rank(&self, pos: usize) -> Option<usize> {
        let n = self.cited_by.get(pos).map_or(0, Vec::len);
        if n == 0 {
            return None;
        }
        let before =
            self.cited_by.iter().enumerate().filter(|(p, c)| c.len() > n || (c.len() == n && *p < pos)).count();
        Some(before + 1)
    }

    /// The thread of a document: every document it answers, directly or
    /// through others (oldest first), and every document that answers it,
    /// directly or through others; each with its depth (1 = directly).
    pub fn thread(&self, pos: usize) -> (Vec<Reached>, Vec<Reached>) {
        (walk(&self.answers, pos), walk(&self.answered_by, pos))
    }
}

/// A document reached in a thread: (position, depth; 1 = directly).
pub(crate) type Reached = (usize, usize);

/// Breadth-first walk from `start` along `edges`: (position, depth),
/// each once, in position (date) order.
fn walk(edges: &[Vec<usize>], start: usize) -> Vec<(usize, usize)> {
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    let mut frontier = vec![start];
    let mut depth = 0;
    while !frontier.is_empty() && depth < 50 {
        depth += 1;
        let mut next = Vec::new();
        for p in frontier {
            for &q in edges.get(p).map_or(&[][..], Vec::as_slice) {
                if q != start && !seen.contains_key(&q) {
                    seen.insert(q, depth);
                    next.push(q);
                }
            }
        }
        frontier = next;
    }
    seen.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(target: &str, via: Via, para: Option<u32>) -> OutCite {
        OutCite { target: target.into(), via, para, reading_para: None }
    }

    fn edition() -> Vec<(&'static str, DocCitations)> {
        vec![
            (
                "1978LONDON06120",
                DocCitations { numbered: vec![(4, 4)], cites: vec![cite("1978STATE091022", Via::Ref(None), None)] },
            ),
            ("1978MOSCOW08357", DocCitations { numbered: vec![(5, 6)], ..Default::default() }),
            (
                "1978STATE104512",
                DocCitations {
                    cites: vec![
                        cite("1978MOSCOW08357", Via::Ref(Some("A".into())), None),
                        cite("1978LONDON06120", Via::Ref(Some("B".into())), None),
                        cite("1978MOSCOW08357", Via::Text(1), Some(5)),
                        cite("1978STATE098001", Via::Text(2), None),
                    ],
                    ..Default::default()
                },
            ),
            (
                "1978MOSCOW09310",
                DocCitations {
                    cites: vec![
                        cite("1978STATE104512", Via::Ref(None), None),
                        cite("1978STATE098001", Via::Text(1), None),
                        cite("1978STATE091022", Via::Text(1), None),
                    ],
                    ..Default::default()
                },
            ),
            (
                "1978STATE118220",
                DocCitations {
                    cites: vec![
                        cite("1978MOSCOW09310", Via::Ref(Some("A".into())), Some(3)),
                        cite("1977BONN20123", Via::Ref(Some("B".into())), None),
                    ],
                    ..Default::default()
                },
            ),
        ]
    }

    fn graph() -> Citations {
        let e = edition();
        let docs: Vec<(&str, &DocCitations)> = e.iter().map(|(id, c)| (*id, c)).collect();
        Citations::build(&docs)
    }

    #[test]
    fn cited_by_with_letters_and_paragraphs() {
        let g = graph();
        assert_eq!(
            g.cited_by[1],
            vec![CitedBy { doc: 2, via: vec![Via::Ref(Some("A".into())), Via::Text(1)], paragraphs: vec![6] }]
        );
        assert_eq!(g.cited_by[3][0].doc, 4);
        assert!(g.cited_by[4].is_empty());
    }

    #[test]
    fn outside_most_cited_first() {
        let g = graph();
        let got: Vec<(&str, usize)> = g.outside.iter().map(|o| (o.id.as_str(), o.cited_by.len())).collect();
        assert_eq!(got, vec![("1978STATE091022", 2), ("1978STATE098001", 2), ("1977BONN20123", 1)]);
        assert_eq!(g.most_cited(), vec![(0, 1), (1, 1), (2, 1), (3, 1)]);
    }

    #[test]
    fn rank_is_the_place_in_most_cited() {
        let mut g = graph();
        // One more citation of document 3: it comes first.
        g.cited_by[3].push(CitedBy { doc: 0, via: vec![Via::Commentary], paragraphs: vec![] });
        let most = g.most_cited();
        for (i, &(p, _)) in most.iter().enumerate() {
            assert_eq!(g.rank(p), Some(i + 1), "document {p}");
        }
        assert_eq!(g.rank(4), None, "nothing cites it");
    }

    #[test]
    fn threads() {
        let g = graph();
        let (answers, answered) = g.thread(2);
        assert_eq!(answers, vec![(0, 1), (1, 1)]);
        assert_eq!(answered, vec![(3, 1), (4, 2)]);
        let (answers, _) = g.thread(4);
        assert_eq!(answers, vec![(0, 3), (1, 3), (2, 2), (3, 1)]);
    }
}
