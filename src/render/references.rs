//! The edition's pages of references (template `references.html`): the
//! most-cited documents of the edition and the documents cited but not in
//! it (the editor's list of what to add next), most cited first.
//!
//! Bounded at any size: `references.html` (beside the home page, so that no
//! document id can clash with it) has the head of both lists; the rest of
//! each list follows on numbered pages, `references/cited-N.html` and
//! `references/outside-N.html` (N from 2), linked by a pager. A page holds
//! at most [`PER_PAGE`] documents and [`BUDGET`] links; an outside document
//! lists at most [`CITERS`] of the documents citing it (each of those lists
//! its references on its own page and in its JSON).

use serde::Serialize;

use crate::index::citations::Citations;
use crate::index::DocSummary;
use crate::render::view::Pagination;

/// Documents of each list on references.html.
pub(crate) const FIRST: usize = 100;
/// Documents on each further page.
pub(crate) const PER_PAGE: usize = 250;
/// Citing documents listed for one outside document.
pub(crate) const CITERS: usize = 25;
/// Links on one page of the outside list (documents and citing documents).
pub(crate) const BUDGET: usize = 1500;

/// A document of the edition, with how many documents cite it.
#[derive(Serialize)]
pub(crate) struct RefDoc<'a> {
    pub rank: usize,
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// How an inferred date was inferred (the date is shown in brackets).
    pub date_inferred: Option<&'a str>,
    pub count: usize,
}

/// A document citing an outside document.
#[derive(Serialize)]
pub(crate) struct CitingLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// How an inferred date was inferred (the date is shown in brackets).
    pub date_inferred: Option<&'a str>,
}

/// A document cited but not in the edition.
#[derive(Serialize)]
pub(crate) struct OutsideDoc<'a> {
    pub rank: usize,
    /// The normalized document number.
    pub id: &'a str,
    /// Where it can be read (site.toml's `reference_url`).
    pub url: Option<String>,
    /// How many documents of the edition cite it.
    pub count: usize,
    /// The first of them, in date order (at most [`CITERS`]).
    pub cited_by: Vec<CitingLink<'a>>,
    /// How many more cite it.
    pub more: usize,
}

/// One page of references.
#[derive(Serialize)]
pub(crate) struct ReferencesView<'a> {
    /// "first" (references.html: the head of both lists), "cited" (a
    /// further page of the most-cited documents) or "outside" (of the
    /// documents not in the edition).
    pub part: &'static str,
    /// The path from this page to documents/.
    pub docs: &'static str,
    pub cited: Vec<RefDoc<'a>>,
    /// The ranks of the first and last documents of `cited`.
    pub cited_first: usize,
    pub cited_last: usize,
    pub cited_total: usize,
    pub cited_pages: Pagination,
    pub outside: Vec<OutsideDoc<'a>>,
    pub outside_first: usize,
    pub outside_last: usize,
    pub outside_total: usize,
    pub outside_pages: Pagination,
}

/// A page to write: its path in the output, the page number in its list,
/// and its view.
pub(crate) struct RefPage<'a> {
    pub path: String,
    pub number: usize,
    pub view: ReferencesView<'a>,
}

/// Where a document outside the edition can be read, from site.toml's
/// `reference_url` ("https://example.org/cable/{id}").
pub(crate) fn outside_url(pattern: Option<&str>, id: &str) -> Option<String> {
    pattern.map(|p| p.replace("{id}", id))
}

/// The page (1: references.html, N: references/cited-N.html) of the
/// most-cited list on which the document ranked `rank` (from 1) stands.
pub(crate) fn most_cited_page(rank: usize) -> usize {
    if rank <= FIRST {
        1
    } else {
        2 + (rank - 1 - FIRST) / PER_PAGE
    }
}

/// Splits `n` items into pages: the first of at most `first` items, then
/// at most `per` items, each page within `budget` by `cost`.
fn split(n: usize, first: usize, per: usize, budget: usize, cost: impl Fn(usize) -> usize) -> Vec<(usize, usize)> {
    let mut pages = Vec::new();
    let mut at = 0;
    while at < n {
        let (max, budget) = if pages.is_empty() { (first, budget / 2) } else { (per, budget) };
        let mut end = at;
        let mut spent = 0;
        while end < n && end - at < max && (end == at || spent + cost(end) <= budget) {
            spent += cost(end);
            end += 1;
        }
        pages.push((at, end));
        at = end;
    }
    pages
}

/// The file of page `n` of a list (`kind` "cited" or "outside"), from the
/// root of the site.
fn file(kind: &str, n: usize) -> String {
    if n == 1 {
        let anchor = if kind == "cited" { "most-cited" } else { "not-in-edition" };
        format!("references.html#{anchor}")
    } else {
        format!("references/{kind}-{n}.html")
    }
}

/// The pager of page `page` (0: none of them) of a list of `pages` pages,
/// its links relative to references.html (`at_root`) or to a page in
/// references/.
fn pager(kind: &str, pages: usize, page: usize, at_root: bool) -> Pagination {
    let urls: Vec<String> = (1..=pages)
        .map(|n| {
            let f = file(kind, n);
            match (at_root, n) {
                (true, _) => f,
                (false, 1) => format!("../{f}"),
                (false, _) => f.trim_start_matches("references/").to_string(),
            }
        })
        .collect();
    Pagination::new(page, &urls)
}

/// Every page of references, the first one first.
pub(crate) fn pages<'a>(g: &'a Citations, docs: &'a [DocSummary], reference_url: Option<&str>) -> Vec<RefPage<'a>> {
    let most = g.most_cited();
    let cited_split = split(most.len(), FIRST, PER_PAGE, usize::MAX, |_| 1);
    let outside_cost = |i: usize| 1 + g.outside[i].cited_by.len().min(CITERS);
    let outside_split = split(g.outside.len(), FIRST, PER_PAGE, BUDGET, outside_cost);
    let cited_rows = |(from, to): (usize, usize)| -> Vec<RefDoc<'a>> {
        most[from..to]
            .iter()
            .enumerate()
            .filter_map(|(i, &(p, n))| {
                let d = docs.get(p)?;
                Some(RefDoc {
                    rank: from + i + 1,
                    id: d.id.as_str(),
                    title: &d.title,
                    date: d.date.as_ref().map(|d| d.as_str()),
                    date_inferred: d.date_inferred.as_deref(),
                    count: n,
                })
            })
            .collect()
    };
    let outside_rows = |(from, to): (usize, usize)| -> Vec<OutsideDoc<'a>> {
        g.outside[from..to]
            .iter()
            .enumerate()
            .map(|(i, o)| OutsideDoc {
                rank: from + i + 1,
                id: &o.id,
                url: outside_url(reference_url, &o.id),
                count: o.cited_by.len(),
                cited_by: o
                    .cited_by
                    .iter()
                    .take(CITERS)
                    .filter_map(|&p| docs.get(p))
                    .map(|d| CitingLink {
                        id: d.id.as_str(),
                        title: &d.title,
                        date: d.date.as_ref().map(|d| d.as_str()),
                        date_inferred: d.date_inferred.as_deref(),
                    })
                    .collect(),
                more: o.cited_by.len().saturating_sub(CITERS),
            })
            .collect()
    };
    let (nc, no) = (cited_split.len().max(1), outside_split.len().max(1));
    let view = |part: &'static str, c: Option<(usize, usize)>, o: Option<(usize, usize)>, pc: usize, po: usize| {
        let root = part == "first";
        ReferencesView {
            part,
            docs: if root { "documents/" } else { "../documents/" },
            cited: c.map(&cited_rows).unwrap_or_default(),
            cited_first: c.map_or(0, |r| r.0 + 1),
            cited_last: c.map_or(0, |r| r.1),
            cited_total: most.len(),
            cited_pages: pager("cited", nc, pc, root),
            outside: o.map(&outside_rows).unwrap_or_default(),
            outside_first: o.map_or(0, |r| r.0 + 1),
            outside_last: o.map_or(0, |r| r.1),
            outside_total: g.outside.len(),
            outside_pages: pager("outside", no, po, root),
        }
    };
    let mut out = vec![RefPage {
        path: "references.html".into(),
        number: 1,
        view: view("first", cited_split.first().copied(), outside_split.first().copied(), 1, 1),
    }];
    for (i, &r) in cited_split.iter().enumerate().skip(1) {
        out.push(RefPage { path: file("cited", i + 1), number: i + 1, view: view("cited", Some(r), None, i + 1, 0) });
    }
    for (i, &r) in outside_split.iter().enumerate().skip(1) {
        out.push(RefPage {
            path: file("outside", i + 1),
            number: i + 1,
            view: view("outside", None, Some(r), 0, i + 1),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_bounded_by_count_and_by_links() {
        assert_eq!(split(0, 100, 250, usize::MAX, |_| 1), vec![]);
        assert_eq!(split(90, 100, 250, usize::MAX, |_| 1), vec![(0, 90)]);
        assert_eq!(split(600, 100, 250, usize::MAX, |_| 1), vec![(0, 100), (100, 350), (350, 600)]);
        // Each item costs 26 links: 28 fit in half the budget of 1500, 57 in all of it.
        let s = split(200, 100, 250, 1500, |_| 26);
        assert_eq!(s[0], (0, 28));
        assert_eq!(s[1], (28, 85));
        // An item over the budget alone still gets a page.
        assert_eq!(split(2, 100, 250, 10, |_| 50), vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn a_rank_is_found_on_its_page() {
        let pages = split(1000, FIRST, PER_PAGE, usize::MAX, |_| 1);
        for (i, &(from, to)) in pages.iter().enumerate() {
            for rank in from + 1..=to {
                assert_eq!(most_cited_page(rank), i + 1, "rank {rank}");
            }
        }
    }

    #[test]
    fn pager_links_are_relative_to_the_page() {
        let p = pager("outside", 3, 1, true);
        assert_eq!(p.next.as_deref(), Some("references/outside-2.html"));
        let p = pager("outside", 3, 2, false);
        assert_eq!(p.prev.as_deref(), Some("../references.html#not-in-edition"));
        assert_eq!(p.next.as_deref(), Some("outside-3.html"));
        let p = pager("cited", 3, 0, false);
        assert!(p.links.iter().all(|l| l.url.is_some() || l.n == 0));
    }
}
