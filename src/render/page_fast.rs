//! The document page's fast path: the built-in `document.html` (in
//! `base.html`) drawn without Tera, the same bytes (the engine and why:
//! [`crate::render::fast`]).

use crate::load::strings::Strings;
use crate::render::fast::{
    base_cond, base_items, base_loop, base_print, base_test, base_value, esc, expr, number, some, stmt, t, tera_escape,
    BaseCond, BaseLoop, BaseVal, Eval, Op, Program, Scope, BASE_KEYS,
};
use crate::render::view::{DocumentView, Frame};

/// What a `{{ }}` tag prints.
#[derive(Clone, Copy, Debug)]
enum Val {
    Base(BaseVal),
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
    Base(BaseCond),
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
    Base(BaseLoop),
    Meta,
    Interventions,
    Sheets,
}

/// Loop slots (the base's are 0 and 1).
const META: usize = 2;
const INTERVENTIONS: usize = 3;
const SHEETS: usize = 4;

/// The strings the page's tags use (each must exist, else Tera would fail:
/// the page is left to Tera, which says so).
const KEYS: &[&str] = &[
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

/// The document page template, compiled.
pub(crate) struct DocumentPage(Program<Val, Cond, Loop>);

impl DocumentPage {
    /// Compiles `document.html` in `base.html` (both as Tera gets them);
    /// None when a tag is not one this fast path knows.
    pub(crate) fn new(base: &str, document: &str, strings: &Strings) -> Option<DocumentPage> {
        if BASE_KEYS.iter().chain(KEYS).any(|k| !strings.has(k)) {
            return None;
        }
        let tokens = crate::render::fast::extend(base, document, |_| false)?;
        Program::new(&tokens, parse).map(DocumentPage)
    }

    /// The page: what Tera renders from the same template and view.
    pub(crate) fn render(&self, f: &Frame<DocumentView>, s: &Strings) -> String {
        let d = &f.page;
        let size = d.paragraphs_html.len()
            + d.sheets.iter().map(|p| p.lines_html.len()).sum::<usize>()
            + d.facts_html.len()
            + d.entities_html.len()
            + d.cite.html.len()
            + self.0.text_len()
            + 8192;
        let mut out = String::with_capacity(size);
        self.0.render(&Page { f, s }, Scope::default(), &mut out);
        out
    }
}

/// A page being drawn.
struct Page<'a, 'b> {
    f: &'a Frame<'a, DocumentView<'b>>,
    s: &'a Strings,
}

impl Eval for Page<'_, '_> {
    type V = Val;
    type C = Cond;
    type L = Loop;

    fn value(&self, v: Val, sc: &Scope, out: &mut String) {
        let (f, s) = (self.f, self.s);
        let d = &f.page;
        let eid = || tera_escape(d.id.as_str());
        let sheet = || &d.sheets[sc.at[SHEETS]];
        let intervention = || &d.interventions[sc.at[INTERVENTIONS]];
        match v {
            Val::Base(b) => base_print(b, sc, f, s, out),
            Val::MetaContent => esc(&d.cite.meta[sc.at[META]].content, out),
            Val::MetaName => esc(d.cite.meta[sc.at[META]].name, out),
            Val::Canonical => esc(d.cite.canonical.as_deref().unwrap_or(""), out),
            Val::Format => esc(d.format.as_str(), out),
            Val::Id => esc(d.id.as_str(), out),
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
            Val::InterventionHref => esc(intervention().href.as_deref().unwrap_or(""), out),
            Val::InterventionWhat => esc(&intervention().what, out),
            Val::InterventionReason => esc(&intervention().reason, out),
            Val::AsTyped => {
                let n = d.sheets.len();
                let sheets = format!("{n} {}", t(s, "count.sheets", Some(n), false, &[]));
                esc(&t(s, "document.as_typed", None, false, &[("sheets", &sheets)]), out)
            }
            Val::RemovedTotal => number(d.removed_total, out),
            Val::SheetLabel => {
                let p = sheet();
                esc(&t(s, "document.sheet_label", Some(p.number), false, &[("label", p.label.unwrap_or(""))]), out)
            }
            Val::Sheet => esc(&t(s, "document.sheet", Some(sheet().number), false, &[]), out),
            Val::SheetNumber => number(sheet().number, out),
            Val::SheetSection => {
                let n = sheet().section.unwrap_or(0) as usize;
                esc(&t(s, "document.section", Some(n), false, &[]), out)
            }
            Val::Lines => out.push_str(&sheet().lines_html),
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
                let args = [("bib", bib.as_str()), ("ris", &ris), ("csl", &csl), ("each", &each)];
                out.push_str(&t(s, "document.cite_formats", None, true, &args));
            }
            Val::CiteHowOwn | Val::CiteHow => {
                let eid = eid();
                let paragraph = format!("<code>{eid}.html#p3</code>");
                let own = format!("<code>{eid}.html#para-3</code>");
                let (sheet, note) = ("<code>#f2</code>", "<code>#n1</code>");
                out.push_str(&if matches!(v, Val::CiteHowOwn) {
                    let args = [("paragraph", paragraph.as_str()), ("own", &own), ("sheet", sheet), ("note", note)];
                    t(s, "document.cite_how_own", None, true, &args)
                } else {
                    let args = [("paragraph", paragraph.as_str()), ("sheet", sheet), ("note", note)];
                    t(s, "document.cite_how", None, true, &args)
                });
            }
            Val::Exports => {
                let eid = eid();
                let word = |key: &str| tera_escape(&t(s, key, None, false, &[]));
                let tei = format!("<a href=\"../tei/{eid}.xml\">{}</a>", word("document.tei"));
                let json = format!("<a href=\"../data/{eid}.json\">{}</a>", word("document.json"));
                let raw = format!("<a href=\"../downloads/edition-data.zip\">{}</a>", word("document.raw"));
                let args = [("tei", tei.as_str()), ("json", &json), ("raw", &raw)];
                out.push_str(&t(s, "document.exports", None, true, &args));
            }
        }
    }

    fn test(&self, c: Cond, sc: &Scope) -> bool {
        let d = &self.f.page;
        match c {
            Cond::Base(b) => base_test(b, sc, self.f),
            Cond::Canonical => some(d.cite.canonical.as_deref()),
            Cond::Classification => some(d.classification),
            Cond::Lang => some(d.lang),
            Cond::Dateline => some(d.dateline.as_deref()),
            Cond::Summary => some(d.summary),
            Cond::Headnote => !d.headnote_html.is_empty(),
            Cond::Entities => !d.entities_html.is_empty(),
            Cond::AttributeCount => d.attribute_count != 0,
            Cond::Interventions => !d.interventions.is_empty(),
            Cond::InterventionHref => some(d.interventions[sc.at[INTERVENTIONS]].href.as_deref()),
            Cond::RemovedTotal => d.removed_total != 0,
            Cond::SheetLabel => some(d.sheets[sc.at[SHEETS]].label),
            Cond::SheetSection => d.sheets[sc.at[SHEETS]].section.is_some_and(|n| n != 0),
            Cond::NoteCount => d.note_count != 0,
            Cond::Excerpt => some(d.excerpt.as_deref()),
            Cond::OwnNumbers => d.own_numbers,
        }
    }

    fn items(&self, l: Loop, _: &Scope) -> (usize, usize) {
        let d = &self.f.page;
        match l {
            Loop::Base(b) => base_items(b, self.f),
            Loop::Meta => (d.cite.meta.len(), META),
            Loop::Interventions => (d.interventions.len(), INTERVENTIONS),
            Loop::Sheets => (d.sheets.len(), SHEETS),
        }
    }
}

/// The tag `text` as an operation; None when it is not known here.
fn parse(text: &str) -> Option<Op<Val, Cond, Loop>> {
    if let Some(expr) = expr(text) {
        if let Some(b) = base_value(expr) {
            return Some(Op::Out(Val::Base(b)));
        }
        return Some(Op::Out(match expr {
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
    let stmt = stmt(text)?;
    if let Some(l) = base_loop(stmt) {
        return Some(Op::For(Loop::Base(l), 0));
    }
    Some(match stmt {
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
            if let Some(b) = base_cond(cond) {
                return Some(Op::If(Cond::Base(b), 0, 0));
            }
            let c = match cond {
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
                _ => return None,
            };
            Op::If(c, 0, 0)
        }
    })
}
