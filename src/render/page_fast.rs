//! The document page's fast path: the built-in `document.html` (in
//! `base.html`) drawn without Tera, the same bytes.
//!
//! Tera drew every document page from its template: about a tenth of a
//! 10,000-document build's CPU time went to evaluating the template's
//! expressions (lookups in the context, `t()` calls, the serialized view).
//! Here the template is read once per build, as Tera gets it (the
//! interface strings baked in, minified when the build minifies): its text
//! between the tags is kept as it is, and each tag is matched to the Rust
//! that gives what Tera gives for it (the same escaping, the same `t()`).
//! A tag that is not known here (a changed template, a string that could
//! not be baked) leaves the page to Tera; so does an edition with its own
//! `document.html` or `base.html`, and `FOLIO_PARTS=templates` (the test
//! that compares both ways, tests/parts.rs).

use crate::base::text::escape_into;
use crate::load::strings::{fill, fill_html, Strings};
use crate::render::view::{DocumentView, Frame};

/// What a `{{ }}` tag prints.
#[derive(Clone, Copy, Debug)]
enum Val {
    SiteLanguage,
    Title,
    SiteTitle,
    Root,
    Section,
    PageUrl,
    PageTitle,
    CrumbUrl,
    CrumbTitle,
    EditedBy,
    FooterTitle,
    License,
    ScriptStrings,
    MetaContent,
    MetaName,
    Canonical,
    Format,
    Id,
    FormatLabel,
    Classification,
    Lang,
    Dateline,
    Summary,
    DocNav,
    Headnote,
    Facts,
    AttributeCount,
    Attributes,
    InterventionCount,
    InterventionHref,
    InterventionWhat,
    InterventionReason,
    AsTyped,
    RemovedTotal,
    SheetLabel,
    Sheet,
    SheetNumber,
    SheetSection,
    Lines,
    ReadingCountsNotes,
    ReadingCounts,
    Paragraphs,
    ExcerptNotice,
    Entities,
    Related,
    CiteHtml,
    CiteFormats,
    CiteHowOwn,
    CiteHow,
    Exports,
}

/// What an `{% if %}` tests.
#[derive(Clone, Copy, Debug)]
enum Cond {
    TitleNotSiteTitle,
    Section(&'static str),
    CurrentPage,
    NotSearch,
    Breadcrumbs,
    Editors,
    License,
    ScriptStrings,
    Canonical,
    Classification,
    Lang,
    Dateline,
    Summary,
    Headnote,
    Entities,
    AttributeCount,
    Interventions,
    InterventionHref,
    RemovedTotal,
    SheetLabel,
    SheetSection,
    NoteCount,
    Excerpt,
    OwnNumbers,
}

/// What a `{% for %}` loops over.
#[derive(Clone, Copy, Debug)]
enum Loop {
    Pages,
    Breadcrumbs,
    Meta,
    Interventions,
    Sheets,
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Out(Val),
    /// The condition, the `{% else %}` (or the `{% endif %}` when there is
    /// none) and the `{% endif %}`.
    If(Cond, usize, usize),
    Else,
    EndIf,
    /// The loop and its `{% endfor %}`.
    For(Loop, usize),
    EndFor,
    /// `{% set %}`: its value is computed where it is used.
    Nop,
}

/// The strings the tags use (each must exist, else Tera would fail: the
/// page is left to Tera, which says so).
const KEYS: &[&str] = &[
    "site.edited_by",
    "site.footer_title",
    "count.sheets",
    "document.as_typed",
    "document.sheet_label",
    "document.sheet",
    "document.section",
    "count.paragraphs",
    "count.passage_notes",
    "document.reading_counts_notes",
    "document.reading_counts",
    "document.excerpt_notice",
    "document.cite_each",
    "document.cite_formats",
    "document.cite_how_own",
    "document.cite_how",
    "document.tei",
    "document.json",
    "document.raw",
    "document.exports",
];

/// The document page template, compiled: `lits[i]` is the text before
/// `ops[i]`; the last text follows the last tag.
pub(crate) struct DocumentPage {
    lits: Vec<String>,
    ops: Vec<Op>,
}

/// Which item of each loop the page is at.
#[derive(Clone, Copy, Default)]
struct Scope {
    page: usize,
    crumb: usize,
    meta: usize,
    intervention: usize,
    sheet: usize,
}

/// A template's text and tags in order (`{# #}` comments dropped).
fn tokens(source: &str) -> Option<Vec<(bool, &str)>> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find('{') {
        let close = match rest.as_bytes().get(i + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                out.push((false, &rest[..i + 1]));
                rest = &rest[i + 1..];
                continue;
            }
        };
        let end = i + rest[i..].find(close)? + 2;
        out.push((false, &rest[..i]));
        if !rest[i..].starts_with("{#") {
            out.push((true, &rest[i..end]));
        }
        rest = &rest[end..];
    }
    out.push((false, rest));
    Some(out)
}

/// `{% block NAME %}` → NAME.
fn block_name(tag: &str) -> Option<&str> {
    tag.strip_prefix("{% block ")?.strip_suffix(" %}")
}

impl DocumentPage {
    /// Compiles `document.html` in `base.html` (both as Tera gets them);
    /// None when a tag is not one this fast path knows.
    pub(crate) fn new(base: &str, document: &str, strings: &Strings) -> Option<DocumentPage> {
        if KEYS.iter().any(|k| !strings.has(k)) {
            return None;
        }
        // The child's blocks.
        let child = tokens(document)?;
        let mut blocks: Vec<(&str, Vec<(bool, &str)>)> = Vec::new();
        let mut current: Option<usize> = None;
        for &(tag, text) in &child {
            if !tag {
                if let Some(b) = current {
                    blocks[b].1.push((tag, text));
                }
                continue;
            }
            if let Some(name) = block_name(text) {
                if current.is_some() {
                    return None;
                }
                blocks.push((name, Vec::new()));
                current = Some(blocks.len() - 1);
            } else if text.starts_with("{% endblock") {
                current = None;
            } else if let Some(b) = current {
                blocks[b].1.push((tag, text));
            } else if text != "{% extends \"base.html\" %}" {
                return None;
            }
        }
        // The base with the child's blocks in place.
        let mut flat: Vec<(bool, &str)> = Vec::new();
        let mut skipping = false;
        for (tag, text) in tokens(base)? {
            if tag && text.starts_with("{% endblock") {
                skipping = false;
                continue;
            }
            if skipping {
                continue;
            }
            if let Some(name) = block_name(text).filter(|_| tag) {
                // The child's block in place of the base's; a block the
                // child does not fill keeps the base's content.
                if let Some((_, own)) = blocks.iter().find(|(n, _)| *n == name) {
                    flat.extend(own.iter().copied());
                    skipping = true;
                }
                continue;
            }
            flat.push((tag, text));
        }
        let mut lits = vec![String::new()];
        let mut ops = Vec::new();
        for (tag, text) in flat {
            if !tag {
                lits.last_mut()?.push_str(text);
                continue;
            }
            ops.push(op(text)?);
            lits.push(String::new());
        }
        // Jumps: each if to its else and endif, each for to its endfor.
        let mut open: Vec<usize> = Vec::new();
        for i in 0..ops.len() {
            match ops[i] {
                Op::If(..) | Op::For(..) => open.push(i),
                Op::Else => {
                    let &at = open.last()?;
                    let Op::If(c, _, _) = ops[at] else { return None };
                    ops[at] = Op::If(c, i, 0);
                }
                Op::EndIf => {
                    let at = open.pop()?;
                    let Op::If(c, e, _) = ops[at] else { return None };
                    ops[at] = Op::If(c, if e == 0 { i } else { e }, i);
                }
                Op::EndFor => {
                    let at = open.pop()?;
                    let Op::For(l, _) = ops[at] else { return None };
                    ops[at] = Op::For(l, i);
                }
                Op::Out(_) | Op::Nop => {}
            }
        }
        if !open.is_empty() {
            return None;
        }
        Some(DocumentPage { lits, ops })
    }

    /// The page: what Tera renders from the same template and view.
    pub(crate) fn render(&self, f: &Frame<DocumentView>, s: &Strings) -> String {
        let size = f.page.paragraphs_html.len()
            + f.page.sheets.iter().map(|p| p.lines_html.len()).sum::<usize>()
            + f.page.facts_html.len()
            + f.page.entities_html.len()
            + f.page.cite.html.len()
            + self.lits.iter().map(String::len).sum::<usize>()
            + 8192;
        let mut out = String::with_capacity(size);
        self.run(0, self.ops.len(), Scope::default(), f, s, &mut out);
        out
    }

    /// Texts `from..=to` and the tags between them.
    fn run(&self, from: usize, to: usize, scope: Scope, f: &Frame<DocumentView>, s: &Strings, out: &mut String) {
        let mut j = from;
        loop {
            out.push_str(&self.lits[j]);
            if j >= to {
                return;
            }
            match self.ops[j] {
                Op::Out(v) => {
                    value(v, &scope, f, s, out);
                    j += 1;
                }
                Op::If(c, e, end) => {
                    if test(c, &scope, f) {
                        self.run(j + 1, e, scope, f, s, out);
                    } else if e != end {
                        self.run(e + 1, end, scope, f, s, out);
                    }
                    j = end + 1;
                }
                Op::For(l, end) => {
                    let n = match l {
                        Loop::Pages => f.site.pages.len(),
                        Loop::Breadcrumbs => f.breadcrumbs.len(),
                        Loop::Meta => f.page.cite.meta.len(),
                        Loop::Interventions => f.page.interventions.len(),
                        Loop::Sheets => f.page.sheets.len(),
                    };
                    for i in 0..n {
                        let mut inner = scope;
                        match l {
                            Loop::Pages => inner.page = i,
                            Loop::Breadcrumbs => inner.crumb = i,
                            Loop::Meta => inner.meta = i,
                            Loop::Interventions => inner.intervention = i,
                            Loop::Sheets => inner.sheet = i,
                        }
                        self.run(j + 1, end, inner, f, s, out);
                    }
                    j = end + 1;
                }
                Op::Nop => j += 1,
                // Jumped over by their if or for.
                Op::Else | Op::EndIf | Op::EndFor => j += 1,
            }
        }
    }
}

/// The tag `text` as an operation; None when it is not known here.
fn op(text: &str) -> Option<Op> {
    if let Some(expr) = text.strip_prefix("{{ ").and_then(|t| t.strip_suffix(" }}")) {
        return Some(Op::Out(match expr {
            "site.language" => Val::SiteLanguage,
            "title" => Val::Title,
            "site.title" => Val::SiteTitle,
            "root" => Val::Root,
            "section" => Val::Section,
            "p.url" => Val::PageUrl,
            "p.title" => Val::PageTitle,
            "c.url" => Val::CrumbUrl,
            "c.title" => Val::CrumbTitle,
            "t(k='site.edited_by', title=site.title, editors=site.editors | join(sep=', '))" => Val::EditedBy,
            "t(k='site.footer_title', title=site.title)" => Val::FooterTitle,
            "site.license" => Val::License,
            "site.script_strings" => Val::ScriptStrings,
            "m.content" => Val::MetaContent,
            "m.name" => Val::MetaName,
            "cite.canonical" => Val::Canonical,
            "format" => Val::Format,
            "id" => Val::Id,
            "format_label" => Val::FormatLabel,
            "classification" => Val::Classification,
            "lang" => Val::Lang,
            "dateline" => Val::Dateline,
            "summary" => Val::Summary,
            "doc_nav_html | safe" => Val::DocNav,
            "headnote_html | safe" => Val::Headnote,
            "facts_html | safe" => Val::Facts,
            "attribute_count" => Val::AttributeCount,
            "attributes_html | safe" => Val::Attributes,
            "interventions | length" => Val::InterventionCount,
            "i.href" => Val::InterventionHref,
            "i.what" => Val::InterventionWhat,
            "i.reason" => Val::InterventionReason,
            "t(k='document.as_typed', sheets=nsheets ~ ' ' ~ t(k='count.sheets', n=nsheets))" => Val::AsTyped,
            "removed_total" => Val::RemovedTotal,
            "t(k='document.sheet_label', n=page.number, label=page.label)" => Val::SheetLabel,
            "t(k='document.sheet', n=page.number)" => Val::Sheet,
            "page.number" => Val::SheetNumber,
            "t(k='document.section', n=page.section)" => Val::SheetSection,
            "page.lines_html | safe" => Val::Lines,
            "t(k='document.reading_counts_notes', paragraphs=paras, notes=note_count ~ ' ' ~ t(k='count.passage_notes', n=note_count))" => {
                Val::ReadingCountsNotes
            }
            "t(k='document.reading_counts', paragraphs=paras)" => Val::ReadingCounts,
            "paragraphs_html | safe" => Val::Paragraphs,
            "t(k='document.excerpt_notice', excerpt=excerpt)" => Val::ExcerptNotice,
            "entities_html | safe" => Val::Entities,
            "related_html | safe" => Val::Related,
            "cite.html | safe" => Val::CiteHtml,
            "t(k='document.cite_formats', html=true, bib='<a download=\"' ~ eid ~ '.bib\" href=\"' ~ cite.links.bib ~ '\">BibTeX</a>', ris='<a download=\"' ~ eid ~ '.ris\" href=\"' ~ cite.links.ris ~ '\">RIS</a>', csl='<a download=\"' ~ eid ~ '.json\" href=\"' ~ cite.links.csl ~ '\">CSL-JSON</a>', each=each) | safe" => {
                Val::CiteFormats
            }
            "t(k='document.cite_how_own', html=true, paragraph='<code>' ~ eid ~ '.html#p3</code>', own='<code>' ~ eid ~ '.html#para-3</code>', sheet='<code>#f2</code>', note='<code>#n1</code>') | safe" => {
                Val::CiteHowOwn
            }
            "t(k='document.cite_how', html=true, paragraph='<code>' ~ eid ~ '.html#p3</code>', sheet='<code>#f2</code>', note='<code>#n1</code>') | safe" => {
                Val::CiteHow
            }
            "t(k='document.exports', html=true, tei='<a href=\"../tei/' ~ eid ~ '.xml\">' ~ tei ~ '</a>', json='<a href=\"../data/' ~ eid ~ '.json\">' ~ json ~ '</a>', raw='<a href=\"../downloads/edition-data.zip\">' ~ raw ~ '</a>') | safe" => {
                Val::Exports
            }
            _ => return None,
        }));
    }
    let stmt = text.strip_prefix("{% ")?.strip_suffix(" %}")?;
    Some(match stmt {
        "else" => Op::Else,
        "endif" => Op::EndIf,
        "endfor" => Op::EndFor,
        "for p in site.pages" => Op::For(Loop::Pages, 0),
        "for c in breadcrumbs" => Op::For(Loop::Breadcrumbs, 0),
        "for m in cite.meta" => Op::For(Loop::Meta, 0),
        "for i in interventions" => Op::For(Loop::Interventions, 0),
        "for page in sheets" => Op::For(Loop::Sheets, 0),
        "set nsheets = sheets | length"
        | "set paras = paragraph_count ~ ' ' ~ t(k='count.paragraphs', n=paragraph_count)"
        | "set eid = id | escape"
        | "set tei = t(k='document.tei') | escape"
        | "set json = t(k='document.json') | escape"
        | "set each = t(k='document.cite_each') | escape"
        | "set raw = t(k='document.raw') | escape" => Op::Nop,
        _ => {
            let cond = stmt.strip_prefix("if ")?;
            let c = match cond {
                "title != site.title" => Cond::TitleNotSiteTitle,
                "section == 'pages' and p.title == title" => Cond::CurrentPage,
                "section != \"search\"" => Cond::NotSearch,
                "breadcrumbs" => Cond::Breadcrumbs,
                "site.editors" => Cond::Editors,
                "site.license" => Cond::License,
                "site.script_strings" => Cond::ScriptStrings,
                "cite.canonical" => Cond::Canonical,
                "classification" => Cond::Classification,
                "lang" => Cond::Lang,
                "dateline" => Cond::Dateline,
                "summary" => Cond::Summary,
                "headnote_html" => Cond::Headnote,
                "entities_html" => Cond::Entities,
                "attribute_count" => Cond::AttributeCount,
                "interventions" => Cond::Interventions,
                "i.href" => Cond::InterventionHref,
                "removed_total" => Cond::RemovedTotal,
                "page.label" => Cond::SheetLabel,
                "page.section" => Cond::SheetSection,
                "note_count" => Cond::NoteCount,
                "excerpt" => Cond::Excerpt,
                "own_numbers" => Cond::OwnNumbers,
                _ => {
                    let name = cond.strip_prefix("section == '")?.strip_suffix('\'')?;
                    Cond::Section(match name {
                        "home" => "home",
                        "documents" => "documents",
                        "persons" => "persons",
                        "places" => "places",
                        "organizations" => "organizations",
                        "topics" => "topics",
                        "chronology" => "chronology",
                        "search" => "search",
                        _ => return None,
                    })
                }
            };
            Op::If(c, 0, 0)
        }
    })
}

/// Tera's truth of a string: set and not empty.
fn some(s: Option<&str>) -> bool {
    s.is_some_and(|s| !s.is_empty())
}

fn test(c: Cond, sc: &Scope, f: &Frame<DocumentView>) -> bool {
    let d = &f.page;
    match c {
        Cond::TitleNotSiteTitle => f.title != f.site.title,
        Cond::Section(name) => f.section == name,
        Cond::CurrentPage => f.section == "pages" && f.site.pages[sc.page].title == f.title,
        Cond::NotSearch => f.section != "search",
        Cond::Breadcrumbs => !f.breadcrumbs.is_empty(),
        Cond::Editors => !f.site.editors.is_empty(),
        Cond::License => some(f.site.license.as_deref()),
        Cond::ScriptStrings => some(f.site.script_strings.as_deref()),
        Cond::Canonical => some(d.cite.canonical.as_deref()),
        Cond::Classification => some(d.classification),
        Cond::Lang => some(d.lang),
        Cond::Dateline => some(d.dateline.as_deref()),
        Cond::Summary => some(d.summary),
        Cond::Headnote => !d.headnote_html.is_empty(),
        Cond::Entities => !d.entities_html.is_empty(),
        Cond::AttributeCount => d.attribute_count != 0,
        Cond::Interventions => !d.interventions.is_empty(),
        Cond::InterventionHref => some(d.interventions[sc.intervention].href.as_deref()),
        Cond::RemovedTotal => d.removed_total != 0,
        Cond::SheetLabel => some(d.sheets[sc.sheet].label),
        Cond::SheetSection => d.sheets[sc.sheet].section.is_some_and(|n| n != 0),
        Cond::NoteCount => d.note_count != 0,
        Cond::Excerpt => some(d.excerpt.as_deref()),
        Cond::OwnNumbers => d.own_numbers,
    }
}

/// What the `t()` of the templates gives (`Strings::tera_function`): the
/// string for the count `n` if there is one, its placeholders filled from
/// the arguments (`k` and `n` are arguments too); with `html`, the string's
/// text escaped and the values inserted as they are.
fn t(s: &Strings, key: &str, n: Option<usize>, html: bool, args: &[(&str, &str)]) -> String {
    let template = match n {
        Some(n) => s.form(key, n as u64),
        None => s.get(key),
    };
    let value = |name: &str| -> Option<String> {
        match name {
            "k" => Some(key.to_string()),
            "n" if n.is_some() => n.map(|n| n.to_string()),
            "html" if html => Some("true".to_string()),
            _ => args.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()),
        }
    };
    if html {
        fill_html(template, value)
    } else {
        fill(template, value)
    }
}

/// Tera's `escape` filter (which, unlike the autoescape Folio sets, also
/// escapes `/` and writes `'` as `&#x27;`).
fn tera_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2F;"),
            _ => out.push(c),
        }
    }
    out
}

fn number(n: usize, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

fn value(v: Val, sc: &Scope, f: &Frame<DocumentView>, s: &Strings, out: &mut String) {
    let d = &f.page;
    let esc = |text: &str, out: &mut String| escape_into(text, out);
    let eid = || tera_escape(d.id);
    match v {
        Val::SiteLanguage => esc(&f.site.language, out),
        Val::Title => esc(&f.title, out),
        Val::SiteTitle => esc(&f.site.title, out),
        Val::Root => esc(f.root, out),
        Val::Section => esc(f.section, out),
        Val::PageUrl => esc(&f.site.pages[sc.page].url, out),
        Val::PageTitle => esc(&f.site.pages[sc.page].title, out),
        Val::CrumbUrl => esc(&f.breadcrumbs[sc.crumb].url, out),
        Val::CrumbTitle => esc(&f.breadcrumbs[sc.crumb].title, out),
        Val::EditedBy => {
            let editors = f.site.editors.join(", ");
            esc(&t(s, "site.edited_by", None, false, &[("title", &f.site.title), ("editors", &editors)]), out)
        }
        Val::FooterTitle => esc(&t(s, "site.footer_title", None, false, &[("title", &f.site.title)]), out),
        Val::License => esc(f.site.license.as_deref().unwrap_or(""), out),
        Val::ScriptStrings => esc(f.site.script_strings.as_deref().unwrap_or(""), out),
        Val::MetaContent => esc(&d.cite.meta[sc.meta].content, out),
        Val::MetaName => esc(d.cite.meta[sc.meta].name, out),
        Val::Canonical => esc(d.cite.canonical.as_deref().unwrap_or(""), out),
        Val::Format => esc(d.format.as_str(), out),
        Val::Id => esc(d.id, out),
        Val::FormatLabel => esc(&d.format_label, out),
        Val::Classification => esc(d.classification.unwrap_or(""), out),
        Val::Lang => esc(d.lang.unwrap_or(""), out),
        Val::Dateline => esc(d.dateline.as_deref().unwrap_or(""), out),
        Val::Summary => esc(d.summary.unwrap_or(""), out),
        Val::DocNav => out.push_str(d.doc_nav_html),
        Val::Headnote => out.push_str(d.headnote_html),
        Val::Facts => out.push_str(&d.facts_html),
        Val::AttributeCount => number(d.attribute_count, out),
        Val::Attributes => out.push_str(&d.attributes_html),
        Val::InterventionCount => number(d.interventions.len(), out),
        Val::InterventionHref => esc(d.interventions[sc.intervention].href.as_deref().unwrap_or(""), out),
        Val::InterventionWhat => esc(&d.interventions[sc.intervention].what, out),
        Val::InterventionReason => esc(&d.interventions[sc.intervention].reason, out),
        Val::AsTyped => {
            let n = d.sheets.len();
            let sheets = format!("{n} {}", t(s, "count.sheets", Some(n), false, &[]));
            esc(&t(s, "document.as_typed", None, false, &[("sheets", &sheets)]), out)
        }
        Val::RemovedTotal => number(d.removed_total, out),
        Val::SheetLabel => {
            let p = &d.sheets[sc.sheet];
            esc(&t(s, "document.sheet_label", Some(p.number), false, &[("label", p.label.unwrap_or(""))]), out)
        }
        Val::Sheet => esc(&t(s, "document.sheet", Some(d.sheets[sc.sheet].number), false, &[]), out),
        Val::SheetNumber => number(d.sheets[sc.sheet].number, out),
        Val::SheetSection => {
            let n = d.sheets[sc.sheet].section.unwrap_or(0) as usize;
            esc(&t(s, "document.section", Some(n), false, &[]), out)
        }
        Val::Lines => out.push_str(&d.sheets[sc.sheet].lines_html),
        Val::ReadingCountsNotes | Val::ReadingCounts => {
            let pc = d.paragraph_count;
            let paras = format!("{pc} {}", t(s, "count.paragraphs", Some(pc), false, &[]));
            let text = if matches!(v, Val::ReadingCounts) {
                t(s, "document.reading_counts", None, false, &[("paragraphs", &paras)])
            } else {
                let nc = d.note_count;
                let notes = format!("{nc} {}", t(s, "count.passage_notes", Some(nc), false, &[]));
                t(s, "document.reading_counts_notes", None, false, &[("paragraphs", &paras), ("notes", &notes)])
            };
            esc(&text, out)
        }
        Val::Paragraphs => out.push_str(&d.paragraphs_html),
        Val::ExcerptNotice => {
            let excerpt = d.excerpt.as_deref().unwrap_or("");
            esc(&t(s, "document.excerpt_notice", None, false, &[("excerpt", excerpt)]), out)
        }
        Val::Entities => out.push_str(&d.entities_html),
        Val::Related => out.push_str(d.related_html),
        Val::CiteHtml => out.push_str(&d.cite.html),
        Val::CiteFormats => {
            let (eid, l) = (eid(), &d.cite.links);
            let bib = format!("<a download=\"{eid}.bib\" href=\"{}\">BibTeX</a>", l.bib);
            let ris = format!("<a download=\"{eid}.ris\" href=\"{}\">RIS</a>", l.ris);
            let csl = format!("<a download=\"{eid}.json\" href=\"{}\">CSL-JSON</a>", l.csl);
            let each = tera_escape(&t(s, "document.cite_each", None, false, &[]));
            out.push_str(&t(
                s,
                "document.cite_formats",
                None,
                true,
                &[("bib", &bib), ("ris", &ris), ("csl", &csl), ("each", &each)],
            ));
        }
        Val::CiteHowOwn | Val::CiteHow => {
            let eid = eid();
            let paragraph = format!("<code>{eid}.html#p3</code>");
            let own = format!("<code>{eid}.html#para-3</code>");
            let (sheet, note) = ("<code>#f2</code>", "<code>#n1</code>");
            out.push_str(&if matches!(v, Val::CiteHowOwn) {
                t(
                    s,
                    "document.cite_how_own",
                    None,
                    true,
                    &[("paragraph", &paragraph), ("own", &own), ("sheet", sheet), ("note", note)],
                )
            } else {
                t(s, "document.cite_how", None, true, &[("paragraph", &paragraph), ("sheet", sheet), ("note", note)])
            });
        }
        Val::Exports => {
            let eid = eid();
            let word = |key: &str| tera_escape(&t(s, key, None, false, &[]));
            let tei = format!("<a href=\"../tei/{eid}.xml\">{}</a>", word("document.tei"));
            let json = format!("<a href=\"../data/{eid}.json\">{}</a>", word("document.json"));
            let raw = format!("<a href=\"../downloads/edition-data.zip\">{}</a>", word("document.raw"));
            out.push_str(&t(s, "document.exports", None, true, &[("tei", &tei), ("json", &json), ("raw", &raw)]));
        }
    }
}
