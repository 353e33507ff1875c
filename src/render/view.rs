//! View models: the plain, serializable shapes the templates get. One struct
//! per template variable; no logic in templates beyond loops over these.

use serde::Serialize;

use crate::index::DocSummary;
use crate::load::config::SiteConfig;
use crate::model::{DocId, EntryId, FormatName};

/// Site-wide values, on every page as `site`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub editors: Vec<String>,
    pub language: String,
    pub license: Option<String>,
    /// Essays for the navigation: (slug, title).
    pub pages: Vec<Link>,
    /// Counts shown on the home page.
    pub counts: Counts,
    /// The `scripts.*` strings as JSON for folio.js (the `data-strings`
    /// attribute of its `<script>`), when they are not the built-in English ones.
    pub script_strings: Option<String>,
}

impl SiteView {
    pub(crate) fn new(
        cfg: &SiteConfig,
        pages: Vec<Link>,
        counts: Counts,
        s: &crate::load::strings::Strings,
    ) -> SiteView {
        let scripts = s.section_json("scripts");
        let english = crate::load::strings::Strings::built_in("en").section_json("scripts");
        SiteView {
            script_strings: (scripts != english).then_some(scripts),
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

#[derive(Debug, Clone, Default, Serialize, Hash)]
pub(crate) struct Counts {
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
pub(crate) struct Link {
    pub url: String,
    pub title: String,
}

/// What every page gets: the site, the path to the root, the page title,
/// the active section of the navigation and breadcrumbs.
#[derive(Serialize)]
pub(crate) struct Frame<'a, T: Serialize> {
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
pub(crate) struct EntityItem {
    pub id: EntryId,
    pub name: String,
    /// Mentions in this document (0: attached by the commentary or TAGS).
    pub count: usize,
    /// Why an entity without mentions is listed: "commentary", "TAGS PARM".
    pub via: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct EntityGroup {
    pub kind: &'static str,
    pub plural: &'static str,
    /// The register's name in the edition's language.
    pub title: String,
    pub items: Vec<EntityItem>,
}

/// One facsimile sheet: a typed page of the original, every line as typed.
#[derive(Serialize)]
pub(crate) struct SheetView<'a> {
    /// The `#fN` anchor.
    pub number: usize,
    /// The page header as typed.
    pub label: Option<&'a str>,
    /// Section of a multi-section telegram.
    pub section: Option<u32>,
    /// The typed lines as HTML, drawn by the part facsimile-sheet.html
    /// ([`crate::render::reading::sheet`]): one element per line, with its
    /// `#lN` anchor, its number, a link to the reading paragraph it feeds
    /// and, for removed lines, the reason.
    pub lines_html: String,
}

/// One row of the metadata panel: a label and its values.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct Fact {
    /// Stable key, the CSS class `fact-<key>`.
    pub key: &'static str,
    /// In the edition's language.
    pub label: String,
    pub values: Vec<FactValue>,
}

/// One value of a [`Fact`].
#[derive(Serialize, Debug, Default, PartialEq)]
pub(crate) struct FactValue {
    pub text: String,
    /// An explanation: what a code or abbreviation means.
    pub gloss: Option<String>,
    /// A link (relative to documents/), e.g. to the topic a TAGS code files under.
    pub url: Option<String>,
    /// Shown as typed in the original (monospace).
    pub typed: bool,
    /// A `lang` attribute when not the interface's language (the documents'
    /// own text in an edition in another language).
    pub lang: Option<&'static str>,
}

/// The document page (`documents/<id>.html`).
#[derive(Serialize)]
pub(crate) struct DocumentView<'a> {
    pub id: &'a DocId,
    pub format: FormatName,
    /// "State Department telegram", "Press-digest article", "Text" (in the
    /// edition's language).
    pub format_label: String,
    /// The language of the document's own text when it is not the
    /// interface's ("en" for a telegram in a German edition), else None.
    pub lang: Option<&'static str>,
    pub date: Option<&'a str>,
    /// The date spelled out ("20 April 1978"), with place for telegrams.
    pub dateline: Option<String>,
    pub summary: Option<&'a str>,
    pub classification: Option<&'a str>,
    /// The metadata panel, computed (glosses of TAGS, DTG, addressees),
    /// drawn by the part metadata.html.
    pub facts_html: String,
    /// PlusD message attributes: how many, and the table rows
    /// (the part attributes.html).
    pub attribute_count: usize,
    pub attributes_html: String,
    pub headnote_html: &'a str,
    pub sheets: Vec<SheetView<'a>>,
    /// The reading text (the parts reading-paragraph.html and note.html).
    pub paragraphs_html: String,
    pub paragraph_count: usize,
    /// Passage notes in the reading text.
    pub note_count: usize,
    /// The entity panel (the part entities.html).
    pub entities_html: String,
    /// [`crate::render::document::NAV_SLOT`]: previous and next documents, filled in
    /// once the whole edition is known.
    pub doc_nav_html: &'static str,
    /// [`crate::render::document::RELATED_SLOT`]: related documents, likewise.
    pub related_html: &'static str,
    /// Lines removed from the reading text, counted by reason.
    pub removed: Vec<(String, usize)>,
    pub removed_total: usize,
    /// Every editorial intervention, for "About this document".
    pub interventions: Vec<InterventionView>,
    /// What is missing when the text is an excerpt ("the text ends
    /// mid-sentence; sections 2–4 of 4 are missing").
    pub excerpt: Option<String>,
    /// Whether any paragraph has the document's own number as an anchor.
    pub own_numbers: bool,
    /// The metadata panel, paragraphs and entities as data, for an
    /// edition's own document.html (None with the built-in one: not needed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<Vec<Fact>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<Vec<ParagraphData>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<EntityGroup>>,
    /// Citation, reference-manager meta tags, canonical URL.
    pub cite: crate::index::cite::CiteView,
}

/// One editorial intervention as listed under "About this document".
#[derive(Serialize)]
pub(crate) struct InterventionView {
    pub n: usize,
    /// What was done ("SUBJECT corrected: …").
    pub what: String,
    /// The editor's reason.
    pub reason: String,
    /// The mark in the reading text (`#i3`), or the paragraph.
    pub href: Option<String>,
}

/// A paragraph of the reading text as data (for an edition's own
/// document.html).
#[derive(Serialize)]
pub(crate) struct ParagraphData {
    pub n: usize,
    /// The sheet where it starts.
    pub page: usize,
    /// Raw line numbers it was made from.
    pub lines: Vec<usize>,
    /// Its text as HTML (mentions linked, emendations, note references,
    /// the marks of the editor's interventions).
    pub html: String,
    /// The document's own number ("3") and its anchor (`para-3`).
    pub label: Option<String>,
    pub anchor: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct RegisterRow {
    pub id: EntryId,
    pub name: String,
    /// The sort key, lowercased.
    #[serde(skip)]
    pub sort: String,
    pub letter: String,
    /// Role or dates, shown after the name.
    pub note: Option<String>,
    pub documents: usize,
    pub mentions: usize,
}

/// A letter of a register's index, with its number of entries.
#[derive(Serialize)]
pub(crate) struct LetterLink {
    pub letter: String,
    pub count: usize,
    /// The letter's own page (`by-letter/a.html`, relative to the page
    /// showing the link) when the index is split by letter; else None and
    /// the link is `#letter-A` on the same page.
    pub url: Option<String>,
}

/// The entries of a register under one initial letter.
#[derive(Serialize)]
pub(crate) struct LetterGroup {
    pub letter: String,
    pub entries: Vec<RegisterRow>,
}

#[derive(Serialize)]
pub(crate) struct RegisterView {
    pub kind: &'static str,
    pub plural: &'static str,
    pub letters: Vec<LetterLink>,
    /// The entries under their initial letters, in order.
    pub groups: Vec<LetterGroup>,
    /// Number of entries.
    pub total: usize,
    /// Entries with at least one document.
    pub used: usize,
    /// Split by initial letter: the index lists the letters, each letter's
    /// page its entries.
    pub split: bool,
    /// The letter of a letter page.
    pub current: Option<String>,
    /// Prefix of the entries' links ("" on the index, "../" on a letter page).
    pub entry_prefix: &'static str,
}

/// One link of a pager: a page number, or a gap ("…") when `n` is 0.
#[derive(Serialize)]
pub(crate) struct PageLink {
    pub n: usize,
    /// None for the current page and for gaps.
    pub url: Option<String>,
}

/// Links between the numbered pages of one listing: first, last, previous,
/// next and a window around the current page, so a listing of 5,000 pages
/// still has a small pager.
#[derive(Serialize)]
pub(crate) struct Pagination {
    pub page: usize,
    pub pages: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

impl Pagination {
    /// The pager of page `page` (1-based) of `urls`.
    pub(crate) fn new(page: usize, urls: &[String]) -> Pagination {
        let pages = urls.len();
        let url = |n: usize| urls.get(n.wrapping_sub(1)).cloned();
        let mut links = Vec::new();
        let mut last = 0;
        for n in 1..=pages {
            let show = n == 1 || n == pages || n.abs_diff(page) <= 3;
            if !show {
                continue;
            }
            if n > last + 1 {
                links.push(PageLink { n: 0, url: None });
            }
            links.push(PageLink { n, url: if n == page { None } else { url(n) } });
            last = n;
        }
        Pagination { page, pages, prev: page.checked_sub(1).and_then(url), next: url(page + 1), links }
    }
}

#[derive(Serialize)]
pub(crate) struct EntryView<'a> {
    pub kind: &'static str,
    pub plural: &'static str,
    pub id: &'a str,
    pub name: &'a str,
    pub description_html: Option<String>,
    pub dates: Option<&'a str>,
    pub role: Option<&'a str>,
    pub authorities: Vec<Link>,
    pub see_also: Vec<Link>,
    /// Other names it is known by in the register (aliases not found).
    pub forms: Vec<(String, usize)>,
    /// TAGS codes and Concepts mapped to this topic.
    pub mapped: Vec<String>,
    /// All documents of the entry.
    pub document_count: usize,
    pub mention_count: usize,
    /// The documents on this page (numbers from 1 across pages).
    pub first_document: usize,
    pub first_mention: usize,
    pub last_mention: usize,
    /// Whether any document is on this page.
    pub has_documents: bool,
    /// The numbered list of this page's documents (`<li>` items,
    /// [`crate::render::registers::entry_documents_html`]).
    pub documents_html: String,
    /// The concordance: per document its heading and mention rows.
    pub kwic_html: String,
    pub pagination: Pagination,
    /// Mentions over time as an inline SVG (markup built and escaped in Rust).
    pub timeline_svg: String,
}

#[derive(Serialize)]
pub(crate) struct MonthGroup<'a> {
    pub key: String,
    pub label: String,
    pub count: usize,
    /// `#m1978-04` on a one-page chronology, else `chronology/1978-04.html`.
    pub url: String,
    /// Empty when the month has its own pages.
    pub documents: Vec<&'a DocSummary>,
}

#[derive(Serialize)]
pub(crate) struct YearGroup<'a> {
    pub year: String,
    pub count: usize,
    pub months: Vec<MonthGroup<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ChronologyView<'a> {
    pub years: Vec<YearGroup<'a>>,
    pub undated: Vec<&'a DocSummary>,
    pub undated_count: usize,
    /// The pages of undated documents, in a large edition.
    pub undated_url: Option<String>,
    pub timeline_svg: String,
    /// Months have their own pages (large edition).
    pub split: bool,
}

/// One page of a month of a large edition's chronology.
#[derive(Serialize)]
pub(crate) struct ChronologyMonthView<'a> {
    pub key: String,
    pub label: String,
    /// Documents of the whole month.
    pub count: usize,
    pub documents: Vec<&'a DocSummary>,
    pub pagination: Pagination,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

/// The search page: its strings for search.js (the `search` section as
/// JSON, in the `data-strings` attribute).
#[derive(Serialize)]
pub(crate) struct SearchView {
    pub search_strings: String,
}

#[derive(Serialize)]
pub(crate) struct EssayView {
    pub slug: String,
    pub html: String,
}
