//! The register entry page's fast path: the built-in `entry.html` (in
//! `base.html`, with the pager macro of `pager.html`) drawn without Tera,
//! the same bytes (the engine and why: [`crate::render::fast`]).

use crate::load::strings::Strings;
use crate::render::fast::{
    base_cond, base_items, base_loop, base_print, base_test, base_value, esc, expr, number, some, stmt, t, tokens,
    BaseCond, BaseLoop, BaseVal, Eval, Op, Program, Scope, BASE_KEYS,
};
use crate::render::view::{EntryView, Frame};

/// What a `{{ }}` tag prints.
#[derive(Clone, Copy, Debug)]
enum Val {
    Base(BaseVal),
    Name,
    Role,
    Dates,
    Description,
    AuthorityUrl,
    AuthorityTitle,
    Mapped,
    SeeAlsoUrl,
    SeeAlsoTitle,
    Form,
    FormCount,
    CountsPageRange,
    CountsPage,
    Counts,
    Timeline,
    /// The pager above the documents, and below (`Scope::mode` 0 and 1
    /// inside it).
    PagerTop,
    PagerBottom,
    FirstDocument,
    Documents,
    Kwic,
    // The pager macro's own tags.
    Label,
    Prev,
    Next,
    LinkUrl,
    LinkN,
}

/// What an `{% if %}` tests.
#[derive(Clone, Copy, Debug)]
enum Cond {
    Base(BaseCond),
    RoleOrDates,
    Role,
    RoleAndDates,
    Dates,
    FirstPage,
    Description,
    Authorities,
    NotLast,
    Mapped,
    SeeAlso,
    Forms,
    PagesAndRange,
    Pages,
    Timeline,
    HasDocuments,
    Prev,
    Next,
    Gap,
    LinkUrl,
}

/// What a `{% for %}` loops over.
#[derive(Clone, Copy, Debug)]
enum Loop {
    Base(BaseLoop),
    Authorities,
    Mapped,
    SeeAlso,
    Forms,
    Links,
}

/// Loop slots (the base's are 0 and 1; the entry's loops are not nested).
const LIST: usize = 2;
const LINKS: usize = 3;

/// The strings the page's tags use.
const KEYS: &[&str] = &[
    "count.documents",
    "count.mentions",
    "entry.counts_page_range",
    "entry.counts_page",
    "entry.counts",
    "site.pages_of",
    "site.pages_of_bottom",
];

/// The entry page template and the pager macro, compiled.
pub(crate) struct EntryPage {
    page: Program<Val, Cond, Loop>,
    pager: Program<Val, Cond, Loop>,
}

impl EntryPage {
    /// Compiles `entry.html` in `base.html` and the pager of `pager.html`
    /// (as Tera gets them); None when a tag is not one this fast path knows.
    pub(crate) fn new(base: &str, entry: &str, pager: &str, strings: &Strings) -> Option<EntryPage> {
        if BASE_KEYS.iter().chain(KEYS).any(|k| !strings.has(k)) {
            return None;
        }
        let tokens_of_page =
            crate::render::fast::extend(base, entry, |tag| tag == "{% import \"pager.html\" as pg %}")?;
        let page = Program::new(&tokens_of_page, parse)?;
        // The macro's body: pager.html is the one macro and nothing else.
        let all = tokens(pager)?;
        let start = all.iter().position(|t| *t == (true, "{% macro pager(p, label) %}"))?;
        let end = all.iter().position(|t| *t == (true, "{% endmacro pager %}"))?;
        if all[..start].iter().chain(&all[end + 1..]).any(|(tag, text)| *tag || !text.trim().is_empty()) {
            return None;
        }
        let pager = Program::new(&all[start + 1..end], parse)?;
        Some(EntryPage { page, pager })
    }

    /// The page: what Tera renders from the same template and view.
    pub(crate) fn render(&self, f: &Frame<EntryView>, s: &Strings) -> String {
        let e = &f.page;
        let size = e.documents_html.len()
            + e.kwic_html.len()
            + e.timeline_svg.len()
            + e.description_html.as_ref().map_or(0, String::len)
            + self.page.text_len()
            + 8192;
        let mut out = String::with_capacity(size);
        self.page.render(&Page { f, s, pager: &self.pager }, Scope::default(), &mut out);
        out
    }
}

/// A page being drawn.
struct Page<'a, 'b> {
    f: &'a Frame<'a, EntryView<'b>>,
    s: &'a Strings,
    pager: &'a Program<Val, Cond, Loop>,
}

impl Page<'_, '_> {
    /// `document_count ~ ' ' ~ t(k='count.documents', n=document_count)`,
    /// and the same of mentions.
    fn counts(&self) -> (String, String) {
        let (e, s) = (&self.f.page, self.s);
        let (d, m) = (e.document_count, e.mention_count);
        (
            format!("{d} {}", t(s, "count.documents", Some(d), false, &[])),
            format!("{m} {}", t(s, "count.mentions", Some(m), false, &[])),
        )
    }
}

impl Eval for Page<'_, '_> {
    type V = Val;
    type C = Cond;
    type L = Loop;

    fn value(&self, v: Val, sc: &Scope, out: &mut String) {
        let (f, s) = (self.f, self.s);
        let e = &f.page;
        let p = &e.pagination;
        let at = sc.at[LIST];
        match v {
            Val::Base(b) => base_print(b, sc, f, s, out),
            Val::Name => esc(e.name, out),
            Val::Role => esc(e.role.unwrap_or(""), out),
            Val::Dates => esc(e.dates.unwrap_or(""), out),
            Val::Description => out.push_str(e.description_html.as_deref().unwrap_or("")),
            Val::AuthorityUrl => esc(&e.authorities[at].url, out),
            Val::AuthorityTitle => esc(&e.authorities[at].title, out),
            Val::Mapped => esc(&e.mapped[at], out),
            Val::SeeAlsoUrl => esc(&e.see_also[at].url, out),
            Val::SeeAlsoTitle => esc(&e.see_also[at].title, out),
            Val::Form => esc(&e.forms[at].0, out),
            Val::FormCount => number(e.forms[at].1, out),
            Val::CountsPageRange | Val::CountsPage | Val::Counts => {
                let (docs, ments) = self.counts();
                let (page, pages) = (p.page.to_string(), p.pages.to_string());
                let (first, last) = (e.first_mention.to_string(), e.last_mention.to_string());
                let text = match v {
                    Val::CountsPageRange => {
                        let args = [
                            ("documents", docs.as_str()),
                            ("mentions", &ments),
                            ("page", &page),
                            ("pages", &pages),
                            ("first", &first),
                            ("last", &last),
                        ];
                        t(s, "entry.counts_page_range", None, false, &args)
                    }
                    Val::CountsPage => {
                        let args =
                            [("documents", docs.as_str()), ("mentions", &ments), ("page", &page), ("pages", &pages)];
                        t(s, "entry.counts_page", None, false, &args)
                    }
                    _ => t(s, "entry.counts", None, false, &[("documents", &docs), ("mentions", &ments)]),
                };
                esc(&text, out)
            }
            Val::Timeline => out.push_str(&e.timeline_svg),
            Val::PagerTop | Val::PagerBottom => {
                let mode = usize::from(matches!(v, Val::PagerBottom));
                self.pager.render(self, Scope { mode, ..Scope::default() }, out)
            }
            Val::FirstDocument => number(e.first_document, out),
            Val::Documents => out.push_str(&e.documents_html),
            Val::Kwic => out.push_str(&e.kwic_html),
            Val::Label => {
                let key = if sc.mode == 1 { "site.pages_of_bottom" } else { "site.pages_of" };
                esc(&t(s, key, None, false, &[("name", e.name)]), out)
            }
            Val::Prev => esc(p.prev.as_deref().unwrap_or(""), out),
            Val::Next => esc(p.next.as_deref().unwrap_or(""), out),
            Val::LinkUrl => esc(p.links[sc.at[LINKS]].url.as_deref().unwrap_or(""), out),
            Val::LinkN => number(p.links[sc.at[LINKS]].n, out),
        }
    }

    fn test(&self, c: Cond, sc: &Scope) -> bool {
        let e = &self.f.page;
        let p = &e.pagination;
        match c {
            Cond::Base(b) => base_test(b, sc, self.f),
            Cond::RoleOrDates => some(e.role) || some(e.dates),
            Cond::Role => some(e.role),
            Cond::RoleAndDates => some(e.role) && some(e.dates),
            Cond::Dates => some(e.dates),
            Cond::FirstPage => p.page == 1,
            Cond::Description => some(e.description_html.as_deref()),
            Cond::Authorities => !e.authorities.is_empty(),
            Cond::NotLast => !sc.last(),
            Cond::Mapped => !e.mapped.is_empty(),
            Cond::SeeAlso => !e.see_also.is_empty(),
            Cond::Forms => !e.forms.is_empty(),
            Cond::PagesAndRange => p.pages > 1 && e.last_mention >= e.first_mention,
            Cond::Pages => p.pages > 1,
            Cond::Timeline => !e.timeline_svg.is_empty(),
            Cond::HasDocuments => e.has_documents,
            Cond::Prev => some(p.prev.as_deref()),
            Cond::Next => some(p.next.as_deref()),
            Cond::Gap => p.links[sc.at[LINKS]].n == 0,
            Cond::LinkUrl => some(p.links[sc.at[LINKS]].url.as_deref()),
        }
    }

    fn items(&self, l: Loop, _: &Scope) -> (usize, usize) {
        let e = &self.f.page;
        match l {
            Loop::Base(b) => base_items(b, self.f),
            Loop::Authorities => (e.authorities.len(), LIST),
            Loop::Mapped => (e.mapped.len(), LIST),
            Loop::SeeAlso => (e.see_also.len(), LIST),
            Loop::Forms => (e.forms.len(), LIST),
            Loop::Links => (e.pagination.links.len(), LINKS),
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
            "name" => Val::Name,
            "role" => Val::Role,
            "dates" => Val::Dates,
            "description_html | safe" => Val::Description,
            "a.url" => Val::AuthorityUrl,
            "a.title" => Val::AuthorityTitle,
            "m" => Val::Mapped,
            "s.url" => Val::SeeAlsoUrl,
            "s.title" => Val::SeeAlsoTitle,
            "f.0" => Val::Form,
            "f.1" => Val::FormCount,
            "t(k='entry.counts_page_range', documents=docs, mentions=ments, page=pagination.page, pages=pagination.pages, first=first_mention, last=last_mention)" => {
                Val::CountsPageRange
            }
            "t(k='entry.counts_page', documents=docs, mentions=ments, page=pagination.page, pages=pagination.pages)" => {
                Val::CountsPage
            }
            "t(k='entry.counts', documents=docs, mentions=ments)" => Val::Counts,
            "timeline_svg | safe" => Val::Timeline,
            "pg::pager(p=pagination, label=t(k='site.pages_of', name=name))" => Val::PagerTop,
            "pg::pager(p=pagination, label=t(k='site.pages_of_bottom', name=name))" => Val::PagerBottom,
            "first_document" => Val::FirstDocument,
            "documents_html | safe" => Val::Documents,
            "kwic_html | safe" => Val::Kwic,
            "label" => Val::Label,
            "p.prev" => Val::Prev,
            "p.next" => Val::Next,
            "l.url" => Val::LinkUrl,
            "l.n" => Val::LinkN,
            _ => return None,
        }));
    }
    let stmt = stmt(text)?;
    if let Some(l) = base_loop(stmt) {
        return Some(Op::For(Loop::Base(l), 0));
    }
    Some(match stmt {
        "for a in authorities" => Op::For(Loop::Authorities, 0),
        "for m in mapped" => Op::For(Loop::Mapped, 0),
        "for s in see_also" => Op::For(Loop::SeeAlso, 0),
        "for f in forms" => Op::For(Loop::Forms, 0),
        "for l in p.links" => Op::For(Loop::Links, 0),
        "set docs = document_count ~ ' ' ~ t(k='count.documents', n=document_count)"
        | "set ments = mention_count ~ ' ' ~ t(k='count.mentions', n=mention_count)" => Op::Nop,
        _ => {
            let cond = stmt.strip_prefix("if ")?;
            if let Some(b) = base_cond(cond) {
                return Some(Op::If(Cond::Base(b), 0, 0));
            }
            let c = match cond {
                "role or dates" => Cond::RoleOrDates,
                "role" => Cond::Role,
                "role and dates" => Cond::RoleAndDates,
                "dates" => Cond::Dates,
                "pagination.page == 1" => Cond::FirstPage,
                "description_html" => Cond::Description,
                "authorities" => Cond::Authorities,
                "not loop.last" => Cond::NotLast,
                "mapped" => Cond::Mapped,
                "see_also" => Cond::SeeAlso,
                "forms" => Cond::Forms,
                "pagination.pages > 1 and last_mention >= first_mention" => Cond::PagesAndRange,
                "pagination.pages > 1" | "p.pages > 1" => Cond::Pages,
                "timeline_svg" => Cond::Timeline,
                "has_documents" => Cond::HasDocuments,
                "p.prev" => Cond::Prev,
                "p.next" => Cond::Next,
                "l.n == 0" => Cond::Gap,
                "l.url" => Cond::LinkUrl,
                _ => return None,
            };
            Op::If(c, 0, 0)
        }
    })
}
