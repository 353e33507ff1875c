//! The ways into the documents: the document navigator
//! (`documents/index.html`), one list per month (`documents/by-date/`), per
//! originating post (`documents/by-post/`) and per classification
//! (`documents/by-class/`), and what the home page shows of them.
//!
//! Every list is a table in date order cut into pages of at most
//! [`LIST_PAGE`] rows, so no page grows with the edition: at 100,000
//! documents the navigator lists months, posts, classifications and topics
//! with their counts, not documents; the home page shows the latest
//! [`LATEST`] documents and the [`HOME_GROUPS`] largest groups of each kind.
//! Sorting and filtering a table in place is theme/folio.js's (progressive
//! enhancement: without JavaScript the table is in date order).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::error::Result;
use crate::base::output::Output;
use crate::index::{DocSummary, Index};
use crate::load::registers::{Kind, Registers};
use crate::load::strings::Strings;
use crate::render::chronology::{month_key, month_label, months};
use crate::render::templates::Renderer;
use crate::render::view::{Frame, Link, Pagination, SiteView};

/// Rows per page of a list.
pub(crate) const LIST_PAGE: usize = 500;
/// Up to this many documents the navigator also lists every document.
pub(crate) const INLINE_MAX: usize = 500;
/// Documents on the home page.
pub(crate) const LATEST: usize = 10;
/// Posts, classifications and topics on the home page (the largest).
pub(crate) const HOME_GROUPS: usize = 12;

/// A group of documents and where its list is.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct GroupLink {
    pub title: String,
    pub count: usize,
    /// From the site root.
    pub url: String,
}

/// A month of a year and where its list is.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct MonthLink {
    /// "1978-04" ("1978" for documents dated by the year only).
    pub key: String,
    /// "April 1978".
    pub label: String,
    /// "Apr" ("year only").
    pub short: String,
    pub count: usize,
    pub url: String,
}

/// A year: its count, its first month's list, its months.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct YearLinks {
    pub year: String,
    pub count: usize,
    pub url: String,
    pub months: Vec<MonthLink>,
}

/// The ways in: by date, by post, by classification, by topic.
#[derive(Debug, Clone, Default, Serialize, Hash)]
pub(crate) struct Browse {
    pub years: Vec<YearLinks>,
    pub undated: Option<GroupLink>,
    pub posts: Vec<GroupLink>,
    pub classifications: Vec<GroupLink>,
    pub topics: Vec<GroupLink>,
}

/// How many groups of each kind there are (the home page shows a few).
#[derive(Debug, Clone, Default, Serialize, Hash)]
pub(crate) struct Totals {
    pub posts: usize,
    pub classifications: usize,
    pub topics: usize,
}

#[derive(Serialize)]
pub(crate) struct HomeView<'a> {
    pub introduction_html: Option<String>,
    /// The newest documents, newest first.
    pub latest: Vec<&'a DocSummary>,
    pub browse: Browse,
    pub totals: Totals,
}

#[derive(Serialize)]
pub(crate) struct DocumentsView<'a> {
    pub total: usize,
    /// "1978–1999", the years of the dated documents.
    pub span: Option<String>,
    pub browse: &'a Browse,
    /// Every document, for a small edition only (see [`INLINE_MAX`]).
    pub documents: Vec<&'a DocSummary>,
}

/// One page of a list.
#[derive(Serialize)]
pub(crate) struct ListView<'a> {
    /// What kind of list: "Documents by date", "Documents by originating post".
    pub kicker: &'a str,
    pub heading: String,
    /// Documents in the whole list.
    pub count: usize,
    /// Numbers (from 1) of the first and last document on this page.
    pub first: usize,
    pub last: usize,
    pub documents: Vec<&'a DocSummary>,
    pub pagination: Pagination,
    /// The years (for the year navigator of a date list).
    pub browse: &'a Browse,
    /// The year of a date list ("undated" for undated documents).
    pub year: Option<String>,
    /// This month's key, and the months of its year.
    pub key: String,
    pub months: Vec<MonthLink>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// Another way into the same documents (a search with this facet).
    pub link: Option<Link>,
}

/// A list to write: its folder and file stem, heading, documents
/// (positions in `Index::docs`, in date order).
struct List {
    stem: String,
    heading: String,
    docs: Vec<usize>,
    year: Option<String>,
}

/// `STEM.html`, `STEM-2.html`, ...
fn page_file(stem: &str, page: usize) -> String {
    if page <= 1 {
        format!("{stem}.html")
    } else {
        format!("{stem}-{page}.html")
    }
}

/// A file name from a label: ASCII letters and digits, lowercase, the rest
/// as single hyphens ("AMEMBASSY MOSCOW" → "amembassy-moscow"). Labels that
/// give the same name get -2, -3, ... in the order of the labels.
fn file_stems(labels: &[&str]) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    labels
        .iter()
        .map(|l| {
            let mut s = String::new();
            for c in l.chars() {
                if c.is_ascii_alphanumeric() {
                    s.push(c.to_ascii_lowercase());
                } else if !s.ends_with('-') && !s.is_empty() {
                    s.push('-');
                }
            }
            while s.ends_with('-') {
                s.pop();
            }
            if s.is_empty() {
                s.push('x');
            }
            let n = seen.entry(s.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                format!("{s}-{n}")
            } else {
                s
            }
        })
        .collect()
}

/// The documents grouped by a field of their summary (posts,
/// classifications): (label, positions), by label.
fn grouped(index: &Index, field: impl Fn(&DocSummary) -> Option<&str>) -> Vec<(String, Vec<usize>)> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (pos, d) in index.docs.iter().enumerate() {
        if let Some(v) = field(d).map(str::trim).filter(|v| !v.is_empty()) {
            groups.entry(v).or_default().push(pos);
        }
    }
    groups.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Everything the lists need, computed once.
pub(crate) struct Lists {
    pub browse: Browse,
    lists: Vec<(&'static str, String, Vec<List>)>,
}

impl Lists {
    /// The lists, their headings in the edition's language (`s`).
    pub(crate) fn new(index: &Index, registers: &Registers, s: &Strings) -> Lists {
        let m = months(index);
        let mut browse = Browse::default();
        let mut by_date = Vec::new();
        for (y, mo, ps) in &m.months {
            let key = month_key(*y, *mo);
            let url = format!("documents/by-date/{key}.html");
            let link = MonthLink {
                key: key.clone(),
                label: month_label(*y, *mo, s),
                short: match s.short_month(*mo as usize) {
                    Some(m) => m.to_string(),
                    None => s.get("browse.year_only").to_string(),
                },
                count: ps.len(),
                url: url.clone(),
            };
            let year = format!("{y:04}");
            match browse.years.last_mut() {
                Some(last) if last.year == year => {
                    last.count += ps.len();
                    last.months.push(link.clone());
                }
                _ => browse.years.push(YearLinks {
                    year: year.clone(),
                    count: ps.len(),
                    url,
                    months: vec![link.clone()],
                }),
            }
            by_date.push(List { stem: key, heading: link.label, docs: ps.clone(), year: Some(year) });
        }
        if !m.undated.is_empty() {
            browse.undated = Some(GroupLink {
                title: s.get("browse.undated").to_string(),
                count: m.undated.len(),
                url: "documents/by-date/undated.html".into(),
            });
            by_date.push(List {
                stem: "undated".into(),
                heading: s.get("browse.undated").to_string(),
                docs: m.undated.clone(),
                year: Some("undated".into()),
            });
        }
        let mut lists = vec![("by-date", s.get("browse.kicker_date").to_string(), by_date)];
        for (dir, kicker, groups) in [
            ("by-post", s.get("browse.kicker_post"), grouped(index, |d| d.from.as_deref())),
            ("by-class", s.get("browse.kicker_class"), grouped(index, |d| d.classification.as_deref())),
        ] {
            let labels: Vec<&str> = groups.iter().map(|(l, _)| l.as_str()).collect();
            let stems = file_stems(&labels);
            let links: Vec<GroupLink> = groups
                .iter()
                .zip(&stems)
                .map(|((l, ps), s)| GroupLink {
                    title: l.clone(),
                    count: ps.len(),
                    url: format!("documents/{dir}/{s}.html"),
                })
                .collect();
            if dir == "by-post" {
                browse.posts = links;
            } else {
                browse.classifications = links;
            }
            let ls = groups
                .into_iter()
                .zip(stems)
                .map(|((heading, docs), stem)| List { stem, heading, docs, year: None })
                .collect();
            lists.push((dir, kicker.to_string(), ls));
        }
        // Topics: their register pages list their documents.
        browse.topics = registers
            .of(Kind::Topic)
            .iter()
            .filter_map(|e| {
                let n = index.entries.get(&(Kind::Topic, e.id.clone())).map_or(0, |x| x.docs.len());
                (n > 0).then(|| GroupLink { title: e.name.clone(), count: n, url: format!("topics/{}.html", e.id) })
            })
            .collect();
        browse.topics.sort_by(|a, b| a.title.to_lowercase().cmp(&b.title.to_lowercase()).then(a.url.cmp(&b.url)));
        Lists { browse, lists }
    }

    /// The home page's share: the largest groups of each kind, by size.
    pub(crate) fn home(&self) -> (Browse, Totals) {
        let top = |v: &[GroupLink]| {
            let mut v = v.to_vec();
            v.sort_by(|a, b| b.count.cmp(&a.count).then(a.title.cmp(&b.title)));
            v.truncate(HOME_GROUPS);
            v
        };
        let b = &self.browse;
        let browse = Browse {
            years: b.years.iter().map(|y| YearLinks { months: Vec::new(), ..y.clone() }).collect(),
            undated: b.undated.clone(),
            posts: top(&b.posts),
            classifications: top(&b.classifications),
            topics: top(&b.topics),
        };
        let totals = Totals { posts: b.posts.len(), classifications: b.classifications.len(), topics: b.topics.len() };
        (browse, totals)
    }

    /// The years of the dated documents, "1978–1999".
    pub(crate) fn span(&self) -> Option<String> {
        let (first, last) = (self.browse.years.first()?, self.browse.years.last()?);
        Some(if first.year == last.year { first.year.clone() } else { format!("{}–{}", first.year, last.year) })
    }

    /// Writes every list page.
    pub(crate) fn write(&self, index: &Index, renderer: &Renderer, out: &Output, sv: &SiteView) -> Result<()> {
        let s = renderer.strings();
        let home = Link { url: "../../index.html".into(), title: s.get("site.home").to_string() };
        let documents = Link { url: "../index.html".into(), title: s.get("site.documents").to_string() };
        // The year navigator only, on every page of every list.
        let years =
            Browse { years: self.browse.years.clone(), undated: self.browse.undated.clone(), ..Default::default() };
        for (dir, kicker, lists) in &self.lists {
            for (i, list) in lists.iter().enumerate() {
                let pages = list.docs.len().div_ceil(LIST_PAGE).max(1);
                let urls: Vec<String> = (1..=pages).map(|p| page_file(&list.stem, p)).collect();
                let months: Vec<MonthLink> = match &list.year {
                    Some(y) => {
                        self.browse.years.iter().find(|x| &x.year == y).map(|x| x.months.clone()).unwrap_or_default()
                    }
                    None => Vec::new(),
                };
                let step = |j: usize| {
                    lists.get(j).map(|l| Link {
                        url: format!("documents/{dir}/{}", page_file(&l.stem, 1)),
                        title: l.heading.clone(),
                    })
                };
                for (p, chunk) in list.docs.chunks(LIST_PAGE).enumerate() {
                    let view = ListView {
                        kicker,
                        heading: list.heading.clone(),
                        count: list.docs.len(),
                        first: p * LIST_PAGE + 1,
                        last: p * LIST_PAGE + chunk.len(),
                        documents: chunk.iter().filter_map(|&pos| index.docs.get(pos)).collect(),
                        pagination: Pagination::new(p + 1, &urls),
                        browse: &years,
                        year: list.year.clone(),
                        key: list.stem.clone(),
                        months: months.clone(),
                        prev: i.checked_sub(1).and_then(step),
                        next: step(i + 1),
                        link: None,
                    };
                    let title = if p > 0 {
                        s.fmt("site.page_n", &[("title", &list.heading), ("n", &(p + 1))])
                    } else {
                        list.heading.clone()
                    };
                    let frame = Frame {
                        site: sv,
                        root: "../../",
                        title,
                        section: "documents",
                        breadcrumbs: vec![home.clone(), documents.clone()],
                        page: view,
                    };
                    // Keyed by what the page shows, so an incremental build
                    // renders only the lists whose documents changed.
                    let mut key = crate::base::keys::KeyHasher::new();
                    key.str("list").str(dir).str(&urls[p]).str(&frame.title).value(&frame.page.documents);
                    key.value(&years).value(&frame.page.months).value(&pages);
                    for l in [&frame.page.prev, &frame.page.next].into_iter().flatten() {
                        key.str(&l.url).str(&l.title);
                    }
                    key.value(&sv.pages.iter().map(|l| (&l.url, &l.title)).collect::<Vec<_>>());
                    out.write_keyed(&format!("documents/{dir}/{}", urls[p]), key.finish(), || {
                        Ok(renderer.render("document-list.html", &frame)?.into_bytes())
                    })?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_ascii_and_distinct() {
        let stems = file_stems(&["AMEMBASSY MOSCOW", "Amembassy  Moscow!", "", "Žilina"]);
        assert_eq!(stems, ["amembassy-moscow", "amembassy-moscow-2", "x", "ilina"]);
    }

    #[test]
    fn pages_are_numbered_from_the_second() {
        assert_eq!(page_file("1978-04", 1), "1978-04.html");
        assert_eq!(page_file("1978-04", 3), "1978-04-3.html");
    }
}
