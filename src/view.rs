//! View models: the plain, serializable shapes the templates get. One struct
//! per template variable; no logic in templates beyond loops over these.

use serde::Serialize;

use crate::config::SiteConfig;
use crate::index::{Concordance, DocSummary};
use crate::model::{Metadata, Page};

/// Site-wide values, on every page as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub editors: Vec<String>,
    pub language: String,
    pub license: Option<String>,
    /// Essays for the navigation: (slug, title).
    pub pages: Vec<Link>,
    /// Counts shown on the home page.
    pub counts: Counts,
}

impl SiteView {
    pub fn new(cfg: &SiteConfig, pages: Vec<Link>, counts: Counts) -> SiteView {
        SiteView {
            title: cfg.title.clone(),
            description: cfg.description.clone(),
            editors: cfg.editors.clone(),
            language: cfg.language.clone(),
            license: cfg.license.clone(),
            pages,
            counts,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub documents: usize,
    pub persons: usize,
    pub places: usize,
    pub organizations: usize,
    pub topics: usize,
    pub notes: usize,
    pub mentions: usize,
}

/// A link: relative URL (from the site root) and label.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub url: String,
    pub title: String,
}

/// What every page gets: the site, the path to the root, the page title,
/// the active section of the navigation and breadcrumbs.
#[derive(Serialize)]
pub struct Frame<'a, T: Serialize> {
    pub site: &'a SiteView,
    /// "" at the root, "../" one folder down: prefix of every internal URL.
    pub root: &'static str,
    pub title: String,
    /// Active navigation item: home, documents, persons, ..., search, pages.
    pub section: &'static str,
    pub breadcrumbs: Vec<Link>,
    #[serde(flatten)]
    pub page: T,
}

#[derive(Serialize)]
pub struct HomeView<'a> {
    pub introduction_html: Option<String>,
    pub documents: Vec<&'a DocSummary>,
}

#[derive(Serialize)]
pub struct DocumentsView<'a> {
    pub documents: Vec<&'a DocSummary>,
}

/// One reading paragraph.
#[derive(Serialize)]
pub struct ParagraphView {
    pub n: usize,
    pub html: String,
    pub page: usize,
    /// Raw line numbers it came from.
    pub lines: Vec<usize>,
    /// Notes anchored in this paragraph.
    pub notes: Vec<usize>,
}

#[derive(Serialize)]
pub struct NoteView {
    pub n: usize,
    pub quote: String,
    pub paragraph: usize,
    pub html: String,
}

#[derive(Serialize)]
pub struct EntityItem {
    pub id: String,
    pub name: String,
    /// Mentions in this document (0: attached by the commentary).
    pub count: usize,
}

#[derive(Serialize)]
pub struct EntityGroup {
    pub kind: &'static str,
    pub plural: &'static str,
    pub title: &'static str,
    pub items: Vec<EntityItem>,
}

#[derive(Serialize)]
pub struct DocLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
}

#[derive(Serialize)]
pub struct DocumentView<'a> {
    pub id: &'a str,
    pub format: &'a str,
    pub date: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub metadata: &'a Metadata,
    pub headnote_html: &'a str,
    pub pages: &'a [Page],
    pub paragraphs: Vec<ParagraphView>,
    pub notes: Vec<NoteView>,
    pub entities: Vec<EntityGroup>,
    pub related: Vec<DocLink<'a>>,
    pub prev: Option<DocLink<'a>>,
    pub next: Option<DocLink<'a>>,
    /// Lines removed from the reading text, counted by reason.
    pub removed: Vec<(String, usize)>,
}

#[derive(Serialize)]
pub struct RegisterRow {
    pub id: String,
    pub name: String,
    pub letter: String,
    pub documents: usize,
    pub mentions: usize,
}

#[derive(Serialize)]
pub struct RegisterView {
    pub kind: &'static str,
    pub plural: &'static str,
    pub letters: Vec<String>,
    pub entries: Vec<RegisterRow>,
}

#[derive(Serialize)]
pub struct Pagination {
    pub page: usize,
    pub pages: usize,
    /// URL (relative to the entry's folder) of each page.
    pub urls: Vec<String>,
}

#[derive(Serialize)]
pub struct EntryView<'a> {
    pub kind: &'static str,
    pub plural: &'static str,
    pub id: &'a str,
    pub name: &'a str,
    pub description_html: Option<String>,
    pub dates: Option<&'a str>,
    pub role: Option<&'a str>,
    pub authorities: Vec<Link>,
    pub see_also: Vec<Link>,
    pub forms: Vec<(String, usize)>,
    pub documents: Vec<&'a DocSummary>,
    pub mention_count: usize,
    pub mentions: &'a [Concordance],
    /// Titles of documents in `mentions`, by id.
    pub doc_titles: std::collections::BTreeMap<&'a str, &'a str>,
    pub pagination: Pagination,
    /// Mentions over time as an inline SVG (already escaped markup).
    pub timeline_svg: Option<String>,
}

#[derive(Serialize)]
pub struct MonthGroup<'a> {
    pub key: String,
    pub label: String,
    pub documents: Vec<&'a DocSummary>,
}

#[derive(Serialize)]
pub struct YearGroup<'a> {
    pub year: String,
    pub months: Vec<MonthGroup<'a>>,
}

#[derive(Serialize)]
pub struct ChronologyView<'a> {
    pub years: Vec<YearGroup<'a>>,
    pub undated: Vec<&'a DocSummary>,
    pub timeline_svg: String,
}

#[derive(Serialize)]
pub struct EssayView {
    pub slug: String,
    pub html: String,
}
