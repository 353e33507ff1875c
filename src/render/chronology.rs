//! The chronology (stage 5, render): all documents by date, grouped by
//! year and month, telegrams and articles together, undated documents
//! apart; and the timelines drawn at build time as inline SVG (no
//! JavaScript): documents per month above the chronology, mentions per year
//! on each register entry's page.
//!
//! Dates come from the documents (the DTG or draft date of a telegram, the
//! commentary's `date`). A small edition lists every document on
//! `chronology.html`; above [`INLINE_MAX`] documents that page keeps the
//! timeline and a table of months, and each month gets its own pages
//! (`chronology/1978-04.html`, `chronology/1978-04-2.html`, ...) of at most
//! [`PAGE_MAX`] documents, so no page grows with the edition.

use crate::base::error::Result;
use crate::base::output::Output;
use crate::index::{DocSummary, Index};
use crate::load::strings::Strings;
use crate::render::parts::{BarView, TimelinePart};
use crate::render::templates::Renderer;
use crate::render::view::{
    ChronologyMonthView, ChronologyView, Frame, Link, MonthGroup, Pagination, SiteView, YearGroup,
};

/// Up to this many documents the chronology is one page.
pub(crate) const INLINE_MAX: usize = 2000;
/// Documents per month page of a large edition.
pub(crate) const PAGE_MAX: usize = 1000;

/// Documents by month: `(year, month 1-12 or 0 when only the year is known,
/// positions in `Index::docs`)`, in date order; and the undated ones.
pub(crate) struct Months {
    pub months: Vec<(i32, u32, Vec<usize>)>,
    pub undated: Vec<usize>,
}

/// Groups the documents (already in date order) by month.
pub(crate) fn months(index: &Index) -> Months {
    let mut m = Months { months: Vec::new(), undated: Vec::new() };
    for (pos, d) in index.docs.iter().enumerate() {
        let Some((y, mo)) = d.date.map(|d| (i32::from(d.year()), d.month().map_or(0, u32::from))) else {
            m.undated.push(pos);
            continue;
        };
        match m.months.last_mut() {
            Some(last) if last.0 == y && last.1 == mo => last.2.push(pos),
            _ => m.months.push((y, mo, vec![pos])),
        }
    }
    m
}

pub(crate) fn month_key(y: i32, mo: u32) -> String {
    if mo == 0 {
        format!("{y:04}")
    } else {
        format!("{y:04}-{mo:02}")
    }
}

pub(crate) fn month_label(y: i32, mo: u32, s: &Strings) -> String {
    match s.month(mo as usize) {
        Some(m) => s.fmt("date.month_year", &[("month", &m), ("year", &y)]),
        None => s.fmt("date.month_unknown", &[("year", &y)]),
    }
}

/// `1978-04.html`, `1978-04-2.html`, ...
fn month_file(key: &str, page: usize) -> String {
    if page <= 1 {
        format!("{key}.html")
    } else {
        format!("{key}-{page}.html")
    }
}

/// Writes chronology.html and, for a large edition, the month pages.
pub(crate) fn write(index: &Index, renderer: &Renderer, out: &Output, sv: &SiteView) -> Result<()> {
    let m = months(index);
    let split = index.docs.len() > INLINE_MAX;
    let s = renderer.strings();
    let home = |root: &str| Link { url: format!("{root}index.html"), title: s.get("site.home").to_string() };
    let docs = |ps: &[usize]| -> Vec<&DocSummary> { ps.iter().map(|&p| &index.docs[p]).collect() };
    let mut years: Vec<YearGroup> = Vec::new();
    for (y, mo, ps) in &m.months {
        let key = month_key(*y, *mo);
        if years.last().is_none_or(|g| g.year != format!("{y:04}")) {
            years.push(YearGroup { year: format!("{y:04}"), count: 0, months: Vec::new() });
        }
        let g = years.last_mut().expect("just pushed");
        g.count += ps.len();
        g.months.push(MonthGroup {
            url: if split { format!("chronology/{}", month_file(&key, 1)) } else { format!("#m{key}") },
            label: month_label(*y, *mo, s),
            count: ps.len(),
            documents: if split { Vec::new() } else { docs(ps) },
            key,
        });
    }
    let bars: Vec<Bar> = month_bars(
        &m.months,
        |key| if split { format!("chronology/{}", month_file(key, 1)) } else { format!("#m{key}") },
        s,
    );
    let timeline_svg = crate::render::parts::timeline(
        renderer,
        &timeline_view(&bars, s.get("chronology.timeline_label"), "count.documents", s),
    )?;
    let page = ChronologyView {
        years,
        undated_count: m.undated.len(),
        undated: if split { Vec::new() } else { docs(&m.undated) },
        undated_url: (split && !m.undated.is_empty()).then(|| "chronology/undated.html".to_string()),
        timeline_svg,
        split,
    };
    let frame = Frame {
        site: sv,
        root: "",
        title: s.get("site.chronology").to_string(),
        section: "chronology",
        breadcrumbs: vec![home("")],
        page,
    };
    out.write("chronology.html", renderer.render("chronology.html", &frame)?.as_bytes())?;
    if !split {
        return Ok(());
    }
    // Month pages, and pages of undated documents.
    let mut sections: Vec<(String, String, &[usize])> =
        m.months.iter().map(|(y, mo, ps)| (month_key(*y, *mo), month_label(*y, *mo, s), ps.as_slice())).collect();
    if !m.undated.is_empty() {
        sections.push(("undated".into(), s.get("chronology.undated_documents").to_string(), &m.undated));
    }
    for (i, (key, label, ps)) in sections.iter().enumerate() {
        let pages = ps.len().div_ceil(PAGE_MAX).max(1);
        let urls: Vec<String> = (1..=pages).map(|p| month_file(key, p)).collect();
        for (p, chunk) in ps.chunks(PAGE_MAX).enumerate() {
            let view = ChronologyMonthView {
                key: key.clone(),
                label: label.clone(),
                count: ps.len(),
                documents: docs(chunk),
                pagination: Pagination::new(p + 1, &urls),
                prev: i
                    .checked_sub(1)
                    .map(|j| Link { url: month_file(&sections[j].0, 1), title: sections[j].1.clone() }),
                next: sections.get(i + 1).map(|s| Link { url: month_file(&s.0, 1), title: s.1.clone() }),
            };
            let title = if p > 0 { s.fmt("site.page_n", &[("title", label), ("n", &(p + 1))]) } else { label.clone() };
            let frame = Frame {
                site: sv,
                root: "../",
                title,
                section: "chronology",
                breadcrumbs: vec![
                    home("../"),
                    Link { url: "../chronology.html".into(), title: s.get("site.chronology").to_string() },
                ],
                page: view,
            };
            out.write(
                &format!("chronology/{}", month_file(key, p + 1)),
                renderer.render("chronology-month.html", &frame)?.as_bytes(),
            )?;
        }
    }
    Ok(())
}

/// One bar of a timeline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    /// Label for the tooltip ("April 1978").
    pub label: String,
    /// Year, for the axis.
    pub year: i32,
    pub count: usize,
    /// Where the bar links (None: an empty month, no link).
    pub url: Option<String>,
}

/// One bar per month from the first dated month to the last, empty months
/// included so gaps show; documents known only by year go to January.
/// Above 40 years, one bar per year.
fn month_bars(months: &[(i32, u32, Vec<usize>)], url: impl Fn(&str) -> String, s: &Strings) -> Vec<Bar> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else { return Vec::new() };
    let by_year = last.0 - first.0 > 40;
    let mut bars: Vec<Bar> = Vec::new();
    let slot = |y: i32, mo: u32| if by_year { (y, 0) } else { (y, mo.max(1)) };
    let (mut y, mut mo) = slot(first.0, first.1);
    let end = slot(last.0, last.1);
    let mut it = months.iter().peekable();
    loop {
        let mut count = 0;
        let mut link = None;
        while let Some((my, mm, ps)) = it.peek() {
            if slot(*my, *mm) != (y, mo) {
                break;
            }
            count += ps.len();
            link.get_or_insert_with(|| url(&month_key(*my, *mm)));
            it.next();
        }
        let label = if by_year { format!("{y}") } else { month_label(y, mo, s) };
        bars.push(Bar { label, year: y, count, url: link });
        if (y, mo) == end {
            break;
        }
        if by_year || mo == 12 {
            y += 1;
            mo = if by_year { 0 } else { 1 };
        } else {
            mo += 1;
        }
    }
    bars
}

/// Mentions per year of a register entry, one bar per year from the first
/// to the last; `url` gives the page holding a year's first mention.
pub(crate) fn year_bars(
    years: &std::collections::BTreeMap<String, usize>,
    url: impl Fn(&str) -> Option<String>,
) -> Vec<Bar> {
    let parsed: Vec<(i32, usize, &str)> =
        years.iter().filter_map(|(y, n)| Some((y.parse().ok()?, *n, y.as_str()))).collect();
    let (Some(first), Some(last)) = (parsed.first(), parsed.last()) else { return Vec::new() };
    (first.0..=last.0)
        .map(|y| {
            let hit = parsed.iter().find(|p| p.0 == y);
            Bar { label: y.to_string(), year: y, count: hit.map_or(0, |h| h.1), url: hit.and_then(|h| url(h.2)) }
        })
        .collect()
}

/// The drawing of bars as an SVG bar chart with a year axis (the part
/// timeline.html): every bar with a link is an `<a>`; every bar has a
/// `<title>` ("April 1978: 3 documents", `noun` the plural's key). Sized by
/// its viewBox, so it scales to the page width.
pub(crate) fn timeline_view(bars: &[Bar], label: &str, noun: &str, s: &Strings) -> TimelinePart {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let h = 60usize;
    let bw = if bars.len() > 120 {
        2
    } else if bars.len() > 40 {
        6
    } else {
        16
    };
    let gap = if bw > 2 { 2 } else { 0 };
    // Room for a year label even under a single bar.
    let width = (bars.len() * (bw + gap) + 2).max(40);
    let mut last_year = None;
    let mut last_label_x: Option<usize> = None;
    let mut views = Vec::with_capacity(bars.len());
    for (i, b) in bars.iter().enumerate() {
        let x = 1 + i * (bw + gap);
        let mut year = None;
        if last_year != Some(b.year) {
            last_year = Some(b.year);
            // A year label where it fits (at least 30 units from the last).
            if last_label_x.is_none_or(|lx| x >= lx + 30) {
                year = Some(b.year);
                last_label_x = Some(x);
            }
        }
        let bh = if b.count == 0 { 0 } else { (b.count * h).div_ceil(max).max(2) };
        let count = format!("{} {}", b.count, s.form(noun, b.count as u64));
        views.push(BarView {
            x,
            y: h - bh,
            width: bw,
            height: bh,
            count: b.count,
            title: s.fmt("chronology.bar", &[("label", &b.label), ("count", &count)]),
            url: b.url.clone(),
            year,
        });
    }
    TimelinePart { label: label.to_string(), width, height: h + 16, axis: h, label_y: h + 12, bars: views }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_bars_include_empty_months() {
        let months = vec![(1978, 11, vec![0]), (1979, 2, vec![1, 2])];
        let bars = month_bars(&months, |k| format!("#m{k}"), &Strings::built_in("en"));
        let got: Vec<(String, usize, Option<String>)> = bars.into_iter().map(|b| (b.label, b.count, b.url)).collect();
        assert_eq!(
            got,
            vec![
                ("November 1978".into(), 1, Some("#m1978-11".into())),
                ("December 1978".into(), 0, None),
                ("January 1979".into(), 0, None),
                ("February 1979".into(), 2, Some("#m1979-02".into())),
            ]
        );
    }

    #[test]
    fn long_spans_are_drawn_by_year() {
        let months = vec![(1900, 1, vec![0]), (1950, 6, vec![1])];
        let bars = month_bars(&months, |k| k.to_string(), &Strings::built_in("en"));
        assert_eq!(bars.len(), 51);
        assert_eq!(bars[50].url.as_deref(), Some("1950-06"));
    }

    #[test]
    fn svg_escapes_and_links() {
        let bars = vec![Bar { label: "A<B".into(), year: 1978, count: 2, url: Some("x.html#a&b".into()) }];
        let s = Strings::built_in("en");
        let r =
            crate::render::templates::Renderer::new(std::path::Path::new("/nonexistent"), false, s.clone()).unwrap();
        let svg = crate::render::parts::timeline(&r, &timeline_view(&bars, "Mentions", "count.mentions", &s)).unwrap();
        assert!(svg.contains("<title>A&lt;B: 2 mentions</title>"), "{svg}");
        assert!(svg.contains("href=\"x.html#a&amp;b\""), "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let empty = crate::render::parts::timeline(&r, &timeline_view(&[], "x", "count.mentions", &s)).unwrap();
        assert_eq!(empty, "");
    }

    #[test]
    fn year_bars_span_gaps() {
        let years = [("1978".to_string(), 3), ("1980".to_string(), 1)].into_iter().collect();
        let bars = year_bars(&years, |y| Some(format!("p-{y}")));
        assert_eq!(bars.iter().map(|b| b.count).collect::<Vec<_>>(), vec![3, 0, 1]);
        assert_eq!(bars[1].url, None);
    }
}
