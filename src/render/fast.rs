//! Built-in page templates without Tera, the same bytes: the engine under
//! [`crate::render::page_fast`] (document pages) and
//! [`crate::render::entry_fast`] (register entry pages).
//!
//! Tera drew every document and entry page from its template: about an
//! eighth of a 10,000-document build's CPU time went to evaluating the
//! templates' expressions (lookups in the serialized context, `t()` calls).
//! Here a template is read once per build, as Tera gets it (the interface
//! strings baked in, minified when the build minifies, in `base.html`): the
//! text between its tags is kept as it is, and each tag is matched to the
//! Rust that gives what Tera gives for it (the same escaping, the same
//! `t()`). A tag that is not known (a changed template, a string that
//! could not be baked) leaves the page to Tera; so does an edition with its
//! own page template or `base.html`, and `FOLIO_PARTS=templates` (the test
//! that compares both ways, tests/parts.rs).

use crate::base::text::escape_into;
use crate::load::strings::{fill, fill_html, Strings};
use crate::render::view::Frame;

/// One compiled tag.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Op<V, C, L> {
    /// `{{ }}`.
    Out(V),
    /// The condition, the next branch (`{% elif %}`, `{% else %}` or the
    /// `{% endif %}`) and the `{% endif %}`.
    If(C, usize, usize),
    /// The condition and the next branch.
    Elif(C, usize),
    Else,
    EndIf,
    /// The loop and its `{% endfor %}`.
    For(L, usize),
    EndFor,
    /// `{% set %}`, `{% import %}`: a set value is computed where it is used.
    Nop,
}

/// A tag as the page's own module reads it: `{{ }}`, `{% if %}`, `{% for
/// %}`, `{% set %}` (else, elif and the ends are the engine's).
pub(crate) type Parse<V, C, L> = fn(&str) -> Option<Op<V, C, L>>;

/// Where the page is in its loops: per loop slot the item and the count;
/// `inner` is the innermost loop's slot (for `loop.last`); `mode` is free
/// for the page (which call of a macro).
#[derive(Clone, Copy, Default)]
pub(crate) struct Scope {
    pub at: [usize; 6],
    pub len: [usize; 6],
    pub inner: usize,
    pub mode: usize,
}

impl Scope {
    /// Whether the innermost loop is at its last item.
    pub(crate) fn last(&self) -> bool {
        self.at[self.inner] + 1 == self.len[self.inner]
    }
}

/// What a page's tags print and test.
pub(crate) trait Eval {
    type V: Copy;
    type C: Copy;
    type L: Copy;
    fn value(&self, v: Self::V, scope: &Scope, out: &mut String);
    fn test(&self, c: Self::C, scope: &Scope) -> bool;
    /// How many items loop `l` has, and the scope slot it sets.
    fn items(&self, l: Self::L, scope: &Scope) -> (usize, usize);
}

/// A compiled template: `lits[i]` is the text before `ops[i]`; the last
/// text follows the last tag.
pub(crate) struct Program<V, C, L> {
    lits: Vec<String>,
    ops: Vec<Op<V, C, L>>,
}

/// A template's text and tags in order (`{# #}` comments dropped; a tag
/// is `true`).
pub(crate) fn tokens(source: &str) -> Option<Vec<(bool, &str)>> {
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

/// The tokens of `child` (which extends `base.html`) put in `base`'s
/// blocks; None when the child has anything but blocks, the `extends`
/// and tags `outside` accepts.
pub(crate) fn extend<'a>(
    base: &'a str,
    child: &'a str,
    outside: impl Fn(&str) -> bool,
) -> Option<Vec<(bool, &'a str)>> {
    let mut blocks: Vec<(&str, Vec<(bool, &str)>)> = Vec::new();
    let mut current: Option<usize> = None;
    for (tag, text) in tokens(child)? {
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
        } else if text != "{% extends \"base.html\" %}" && !outside(text) {
            return None;
        }
    }
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
            // The child's block in place of the base's; a block the child
            // does not fill keeps the base's content.
            if let Some((_, own)) = blocks.iter().find(|(n, _)| *n == name) {
                flat.extend(own.iter().copied());
                skipping = true;
            }
            continue;
        }
        flat.push((tag, text));
    }
    Some(flat)
}

/// An open if (its index and the branch whose next is not known yet) or
/// for.
struct Open {
    at: usize,
    branch: Option<usize>,
}

impl<V: Copy, C: Copy, L: Copy> Program<V, C, L> {
    /// Compiles tokens; None when a tag is not known (`parse`) or the ifs
    /// and fors do not nest.
    pub(crate) fn new(tokens: &[(bool, &str)], parse: Parse<V, C, L>) -> Option<Program<V, C, L>> {
        let mut lits = vec![String::new()];
        let mut ops: Vec<Op<V, C, L>> = Vec::new();
        let mut open: Vec<Open> = Vec::new();
        // Sets the next branch of op `at` to `next`.
        fn link<V, C, L>(ops: &mut [Op<V, C, L>], at: usize, next: usize) -> Option<()> {
            match &mut ops[at] {
                Op::If(_, n, _) | Op::Elif(_, n) => *n = next,
                _ => return None,
            }
            Some(())
        }
        for &(tag, text) in tokens {
            if !tag {
                lits.last_mut()?.push_str(text);
                continue;
            }
            let here = ops.len();
            let op = match text {
                "{% else %}" => {
                    let o = open.last_mut()?;
                    link(&mut ops, o.branch.take()?, here)?;
                    Op::Else
                }
                "{% endif %}" => {
                    let o = open.pop()?;
                    if let Some(b) = o.branch {
                        link(&mut ops, b, here)?;
                    }
                    let Op::If(c, next, _) = ops[o.at] else { return None };
                    ops[o.at] = Op::If(c, next, here);
                    Op::EndIf
                }
                "{% endfor %}" => {
                    let o = open.pop()?;
                    let Op::For(l, _) = ops[o.at] else { return None };
                    ops[o.at] = Op::For(l, here);
                    Op::EndFor
                }
                _ => match stmt(text).and_then(|s| s.strip_prefix("elif ")) {
                    Some(cond) => {
                        let Op::If(c, _, _) = parse(&format!("{{% if {cond} %}}"))? else { return None };
                        let o = open.last_mut()?;
                        link(&mut ops, o.branch.replace(here)?, here)?;
                        Op::Elif(c, 0)
                    }
                    None => {
                        let op = parse(text)?;
                        match op {
                            Op::If(..) => open.push(Open { at: here, branch: Some(here) }),
                            Op::For(..) => open.push(Open { at: here, branch: None }),
                            Op::Out(_) | Op::Nop => {}
                            _ => return None,
                        }
                        op
                    }
                },
            };
            ops.push(op);
            lits.push(String::new());
        }
        if !open.is_empty() {
            return None;
        }
        Some(Program { lits, ops })
    }

    /// The template's text and what its tags give, appended to `out`.
    pub(crate) fn render<E: Eval<V = V, C = C, L = L>>(&self, e: &E, scope: Scope, out: &mut String) {
        self.run(0, self.ops.len(), scope, e, out);
    }

    /// The text of the template between its tags (for sizing buffers).
    pub(crate) fn text_len(&self) -> usize {
        self.lits.iter().map(String::len).sum()
    }

    /// Texts `from..=to` and the tags between them.
    fn run<E: Eval<V = V, C = C, L = L>>(&self, from: usize, to: usize, scope: Scope, e: &E, out: &mut String) {
        let mut j = from;
        loop {
            out.push_str(&self.lits[j]);
            if j >= to {
                return;
            }
            match self.ops[j] {
                Op::Out(v) => {
                    e.value(v, &scope, out);
                    j += 1;
                }
                Op::If(_, _, end) => {
                    // The first branch whose condition holds, or the else.
                    let mut k = j;
                    loop {
                        match self.ops[k] {
                            Op::If(c, next, _) | Op::Elif(c, next) => {
                                if e.test(c, &scope) {
                                    self.run(k + 1, next, scope, e, out);
                                    break;
                                }
                                k = next;
                            }
                            Op::Else => {
                                self.run(k + 1, end, scope, e, out);
                                break;
                            }
                            _ => break,
                        }
                    }
                    j = end + 1;
                }
                Op::For(l, end) => {
                    let (n, slot) = e.items(l, &scope);
                    let mut inner = scope;
                    inner.inner = slot;
                    inner.len[slot] = n;
                    for i in 0..n {
                        inner.at[slot] = i;
                        self.run(j + 1, end, inner, e, out);
                    }
                    j = end + 1;
                }
                // Jumped over by their if or for.
                Op::Nop | Op::Elif(..) | Op::Else | Op::EndIf | Op::EndFor => j += 1,
            }
        }
    }
}

/// What the `t()` of the templates gives (`Strings::tera_function`): the
/// string for the count `n` if there is one, its placeholders filled from
/// the arguments (`k` and `n` are arguments too); with `html`, the string's
/// text escaped and the values inserted as they are.
pub(crate) fn t(s: &Strings, key: &str, n: Option<usize>, html: bool, args: &[(&str, &str)]) -> String {
    let template = match n {
        Some(n) => s.form(key, n as u64),
        None => s.get(key),
    };
    let value = |name: &str| -> Option<String> {
        match name {
            "k" => Some(key.to_string()),
            "n" if n.is_some() => n.map(|n| s.count_value(key, n as u64)),
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

/// The `escape` filter as the renderer registers it: Folio's HTML escape,
/// the same as autoescape ([`crate::render::templates`] replaces Tera's own
/// filter, which wrote `&#x27;` and `&#x2F;`).
pub(crate) fn tera_escape(s: &str) -> String {
    crate::base::text::escape_html(s)
}

/// A number as Tera prints it.
pub(crate) fn number(n: usize, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// Text as `{{ }}` prints it (autoescaped).
pub(crate) fn esc(text: &str, out: &mut String) {
    escape_into(text, out)
}

/// Tera's truth of a string: set and not empty.
pub(crate) fn some(s: Option<&str>) -> bool {
    s.is_some_and(|s| !s.is_empty())
}

/// `{{ EXPR }}` → EXPR.
pub(crate) fn expr(tag: &str) -> Option<&str> {
    tag.strip_prefix("{{ ")?.strip_suffix(" }}")
}

/// `{% STMT %}` → STMT.
pub(crate) fn stmt(tag: &str) -> Option<&str> {
    tag.strip_prefix("{% ")?.strip_suffix(" %}")
}

/// The tags of `base.html`: what every page's frame gives.
#[derive(Clone, Copy, Debug)]
pub(crate) enum BaseVal {
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
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum BaseCond {
    TitleNotSiteTitle,
    Section(&'static str),
    CurrentPage,
    NotSearch,
    Breadcrumbs,
    Editors,
    License,
    ScriptStrings,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum BaseLoop {
    Pages,
    Breadcrumbs,
}

/// Loop slots of the base's loops (the pages' own loops use 2 and up).
const PAGES: usize = 0;
const CRUMBS: usize = 1;

/// The strings the base's tags use (each must exist, else Tera would
/// fail: the page is left to Tera, which says so).
pub(crate) const BASE_KEYS: &[&str] = &["site.edited_by", "site.footer_title"];

pub(crate) fn base_value(expr: &str) -> Option<BaseVal> {
    Some(match expr {
        "site.language" => BaseVal::SiteLanguage,
        "title" => BaseVal::Title,
        "site.title" => BaseVal::SiteTitle,
        "root" => BaseVal::Root,
        "section" => BaseVal::Section,
        "p.url" => BaseVal::PageUrl,
        "p.title" => BaseVal::PageTitle,
        "c.url" => BaseVal::CrumbUrl,
        "c.title" => BaseVal::CrumbTitle,
        "t(k='site.edited_by', title=site.title, editors=site.editors | join(sep=', '))" => BaseVal::EditedBy,
        "t(k='site.footer_title', title=site.title)" => BaseVal::FooterTitle,
        "site.license" => BaseVal::License,
        "site.script_strings" => BaseVal::ScriptStrings,
        _ => return None,
    })
}

pub(crate) fn base_loop(stmt: &str) -> Option<BaseLoop> {
    Some(match stmt {
        "for p in site.pages" => BaseLoop::Pages,
        "for c in breadcrumbs" => BaseLoop::Breadcrumbs,
        _ => return None,
    })
}

pub(crate) fn base_cond(cond: &str) -> Option<BaseCond> {
    Some(match cond {
        "title != site.title" => BaseCond::TitleNotSiteTitle,
        "section == 'pages' and p.title == title" => BaseCond::CurrentPage,
        "section != \"search\"" => BaseCond::NotSearch,
        "breadcrumbs" => BaseCond::Breadcrumbs,
        "site.editors" => BaseCond::Editors,
        "site.license" => BaseCond::License,
        "site.script_strings" => BaseCond::ScriptStrings,
        _ => {
            let name = cond.strip_prefix("section == '")?.strip_suffix('\'')?;
            BaseCond::Section(match name {
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
    })
}

pub(crate) fn base_print<T: serde::Serialize>(v: BaseVal, sc: &Scope, f: &Frame<T>, s: &Strings, out: &mut String) {
    match v {
        BaseVal::SiteLanguage => esc(&f.site.language, out),
        BaseVal::Title => esc(&f.title, out),
        BaseVal::SiteTitle => esc(&f.site.title, out),
        BaseVal::Root => esc(f.root, out),
        BaseVal::Section => esc(f.section, out),
        BaseVal::PageUrl => esc(&f.site.pages[sc.at[PAGES]].url, out),
        BaseVal::PageTitle => esc(&f.site.pages[sc.at[PAGES]].title, out),
        BaseVal::CrumbUrl => esc(&f.breadcrumbs[sc.at[CRUMBS]].url, out),
        BaseVal::CrumbTitle => esc(&f.breadcrumbs[sc.at[CRUMBS]].title, out),
        BaseVal::EditedBy => {
            let editors = f.site.editors.join(", ");
            esc(&t(s, "site.edited_by", None, false, &[("title", &f.site.title), ("editors", &editors)]), out)
        }
        BaseVal::FooterTitle => esc(&t(s, "site.footer_title", None, false, &[("title", &f.site.title)]), out),
        BaseVal::License => esc(f.site.license.as_deref().unwrap_or(""), out),
        BaseVal::ScriptStrings => esc(f.site.script_strings.as_deref().unwrap_or(""), out),
    }
}

pub(crate) fn base_test<T: serde::Serialize>(c: BaseCond, sc: &Scope, f: &Frame<T>) -> bool {
    match c {
        BaseCond::TitleNotSiteTitle => f.title != f.site.title,
        BaseCond::Section(name) => f.section == name,
        BaseCond::CurrentPage => f.section == "pages" && f.site.pages[sc.at[PAGES]].title == f.title,
        BaseCond::NotSearch => f.section != "search",
        BaseCond::Breadcrumbs => !f.breadcrumbs.is_empty(),
        BaseCond::Editors => !f.site.editors.is_empty(),
        BaseCond::License => some(f.site.license.as_deref()),
        BaseCond::ScriptStrings => some(f.site.script_strings.as_deref()),
    }
}

pub(crate) fn base_items<T: serde::Serialize>(l: BaseLoop, f: &Frame<T>) -> (usize, usize) {
    match l {
        BaseLoop::Pages => (f.site.pages.len(), PAGES),
        BaseLoop::Breadcrumbs => (f.breadcrumbs.len(), CRUMBS),
    }
}
