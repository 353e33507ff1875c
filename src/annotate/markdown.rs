//! Markdown rendering for commentary and essays, with Folio's link schemes.
//!
//! `person:`, `place:`, `org:`, `topic:`, `doc:` (with `#pN`) and `page:`
//! links are resolved at build time against the registers, documents and
//! essays; an unknown target is an error naming the file and line. Raw HTML
//! is shown as text unless site.toml allows it (script never). Fenced code
//! is highlighted with CSS classes ([`crate::annotate::highlight`]); footnotes become
//! a numbered section with back-links.
//! The pulldown-cmark options are fixed here, in one place.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::annotate::safety::{image_scheme, is_scripty, sanitize, unsafe_scheme, EXTERNAL_SCHEMES};
use crate::base::error::{Diagnostic, Diagnostics, Pos};
use crate::load::registers::{Kind, Registers};

/// The pulldown-cmark options used everywhere.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// What link targets exist, for resolving link schemes.
pub(crate) struct LinkTargets<'a> {
    pub registers: &'a Registers,
    /// Document id → number of reading paragraphs.
    pub documents: &'a HashMap<crate::model::DocId, usize>,
    /// Essay slugs.
    pub pages: &'a HashSet<String>,
    /// When set, paragraph counts in `documents` are not known yet (the
    /// first pass of a build): `doc:ID#pN` links are collected here and
    /// checked once every document is parsed ([`ParagraphCheck::verify`]).
    pub later: Option<&'a std::sync::Mutex<Vec<ParagraphCheck>>>,
}

/// How many paragraphs a document needs for the fragment `f` of a `doc:`
/// link to exist: `#pN` needs N, `#fN` and `#nN` (N ≥ 1) none, anything
/// else can never exist (`usize::MAX`).
fn paragraphs_needed(f: &str) -> Option<usize> {
    let number = |prefix: char| f.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok());
    // The document's own paragraph numbers (`#para-3`, `#para-3-a`): the
    // form is checked, not (yet) that the other document has that number.
    let own = f
        .strip_prefix("para-")
        .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'-'));
    if own {
        return None;
    }
    match number('p') {
        Some(n) if n >= 1 => Some(n),
        _ if number('f').or(number('n')).is_some_and(|n| n >= 1) => None,
        _ => Some(usize::MAX),
    }
}

/// A `doc:ID#pN` link whose paragraph is checked after the first pass.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct ParagraphCheck {
    pub doc: String,
    pub n: usize,
    /// The error to report, without its hint, if `#pN` does not exist.
    pub error: Diagnostic,
}

impl ParagraphCheck {
    /// The error if document `doc` has only `paras` paragraphs (the same
    /// message as a link checked at once).
    pub(crate) fn verify(self, paras: usize) -> Option<Diagnostic> {
        (self.n > paras).then(|| self.error.hint(format!("`{}` has paragraphs #p1 to #p{paras}", self.doc)))
    }
}

impl LinkTargets<'_> {
    /// Resolves a scheme link to a root-relative URL. `Ok(None)`: not a Folio
    /// scheme (an ordinary link). `Err`: (message, hint).
    pub(crate) fn resolve(&self, dest: &str) -> Result<Option<String>, (String, String)> {
        let Some((scheme, rest)) = dest.split_once(':') else { return Ok(None) };
        let (target, fragment) = match rest.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (rest, None),
        };
        if let Some(kind) = Kind::from_scheme(scheme) {
            // A register that could not be read has its own error; its ids
            // are not reported one by one.
            if self.registers.get(kind, target).is_none() && !self.registers.is_broken(kind) {
                return Err((
                    format!("unknown {} `{target}` in link `{dest}`", kind.singular()),
                    self.registers.suggest(kind, target),
                ));
            }
            return Ok(Some(format!("{}/{target}.html", kind.plural())));
        }
        match scheme {
            "doc" => {
                let Some(&paras) = self.documents.get(target) else {
                    let mut ids: Vec<&crate::model::DocId> = self.documents.keys().collect();
                    ids.sort_by_key(|i| crate::base::text::edit_distance(i.as_str(), target));
                    let hint = match ids.first() {
                        Some(i) => format!("did you mean `{i}`? Document ids are the raw files' names without .txt"),
                        None => "document ids are the raw files' names without .txt".into(),
                    };
                    return Err((format!("unknown document `{target}` in link `{dest}`"), hint));
                };
                let mut url = format!("documents/{target}.html");
                if let Some(f) = fragment {
                    // Without paragraph counts the fragment is checked later
                    // (see `ParagraphCheck`).
                    let ok = match paragraphs_needed(f) {
                        None => true,
                        Some(n) => self.later.is_some() || n <= paras,
                    };
                    if !ok {
                        return Err((
                            format!("`#{f}` is not a paragraph of `{target}` in link `{dest}`"),
                            format!("`{target}` has paragraphs #p1 to #p{paras}"),
                        ));
                    }
                    url.push('#');
                    url.push_str(f);
                }
                Ok(Some(url))
            }
            "page" => {
                if !self.pages.contains(target) {
                    let mut slugs: Vec<&String> = self.pages.iter().collect();
                    slugs.sort();
                    return Err((
                        format!("unknown page `{target}` in link `{dest}`"),
                        format!(
                            "essays in content/pages/: {}",
                            slugs.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                let mut url = format!("pages/{target}.html");
                if let Some(f) = fragment {
                    url.push('#');
                    url.push_str(f);
                }
                Ok(Some(url))
            }
            _ => Ok(None),
        }
    }
}

/// Where a piece of Markdown comes from, for error messages.
pub(crate) struct Source<'a> {
    pub path: &'a Path,
    /// Line of the Markdown's first line in the file.
    pub line: usize,
}

/// How to render a piece of Markdown.
pub(crate) struct RenderOptions<'a> {
    /// The relative path from the page being rendered to the site root
    /// (`""` or `"../"`), prefixed to every resolved link.
    pub root: &'a str,
    pub links: &'a LinkTargets<'a>,
    /// Let raw HTML through (site.toml `build.allow_html`); script never.
    pub allow_html: bool,
    /// Prefix of the footnote ids, so that several pieces of Markdown on one
    /// page (a headnote and its notes) cannot clash: `""` for an essay.
    pub id_prefix: &'a str,
}

/// Folio's link schemes, for hints.
const FOLIO_SCHEMES: &str = "person:, place:, org:, topic:, doc: (with #pN), page:";

/// Renders Markdown to HTML. `root` is the relative path from the page being
/// rendered to the site root ("" or "../").
pub(crate) fn render(
    md: &str,
    root: &str,
    links: &LinkTargets,
    allow_html: bool,
    source: &Source,
    diags: &mut Diagnostics,
) -> String {
    render_with(md, &RenderOptions { root, links, allow_html, id_prefix: "" }, source, diags)
}

/// A footnote definition being collected.
struct FootnoteDef<'a> {
    events: Vec<Event<'a>>,
    at: Pos,
}

/// Renders Markdown to HTML with Folio's rules:
/// - scheme links (`person:kapitsa`, `doc:ID#p3`, ...) resolved, unknown
///   targets and unknown schemes reported with file, line and column;
/// - raw HTML escaped unless allowed (and script-like HTML always);
/// - fenced code highlighted with CSS classes ([`crate::annotate::highlight`]);
/// - footnotes gathered into a numbered section at the end, with a link
///   from each reference to its note and back-links (↩) from each note to
///   every reference; a reference to an undefined footnote is an error, an
///   unreferenced definition a warning.
pub(crate) fn render_with(md: &str, opts: &RenderOptions, source: &Source, diags: &mut Diagnostics) -> String {
    // Where an offset of the Markdown is in the file.
    let line_col = |offset: usize| {
        let at = crate::base::error::line_col(md, offset);
        Pos::new(source.line + at.line - 1, at.col)
    };
    let error = |offset: usize, msg: String| Diagnostic::error_at(source.path, line_col(offset), msg);
    let p = opts.id_prefix;
    let parsed: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(md, options()).into_offset_iter().collect();
    let scripty = scripty_html_runs(&parsed);
    let mut events: Vec<Event> = Vec::new();
    let mut defs: BTreeMap<String, FootnoteDef> = BTreeMap::new();
    // Footnote labels in order of first reference: (label, references,
    // where the first one is).
    let mut refs: Vec<(String, usize, Pos)> = Vec::new();
    let mut current_def: Option<String> = None;
    let mut code: Option<(Option<String>, String)> = None;
    let mut code_ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (at, (event, range)) in parsed.into_iter().enumerate() {
        // Fenced and indented code: collected, then highlighted as a whole.
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            code_ranges.push(range.clone());
        }
        if let Some((_, buf)) = &mut code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, buf) = code.take().unwrap_or_default();
                    let html = crate::annotate::highlight::code_block(&buf, lang.as_deref());
                    sink(&mut events, &mut defs, &current_def).push(Event::Html(html.into()));
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()).filter(|i| !i.trim().is_empty()),
                    CodeBlockKind::Indented => None,
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let at = line_col(range.start);
                let label = label.to_string();
                if defs.contains_key(&label) {
                    diags.push(
                        error(range.start, format!("footnote [^{label}] is defined twice"))
                            .hint("give each footnote its own label"),
                    );
                }
                defs.insert(label.clone(), FootnoteDef { events: Vec::new(), at });
                current_def = Some(label);
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                current_def = None;
                continue;
            }
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let (n, k) = match refs.iter_mut().position(|r| r.0 == label) {
                    Some(i) => {
                        refs[i].1 += 1;
                        (i + 1, refs[i].1)
                    }
                    None => {
                        refs.push((label.clone(), 1, line_col(range.start)));
                        (refs.len(), 1)
                    }
                };
                let id = if k == 1 { format!("{p}fnref{n}") } else { format!("{p}fnref{n}-{k}") };
                Event::InlineHtml(
                    format!("<sup class=\"footnote-ref\"><a href=\"#{p}fn{n}\" id=\"{id}\" aria-label=\"footnote {n}\">{n}</a></sup>")
                        .into(),
                )
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = match opts.links.resolve(&dest_url) {
                    Ok(Some(url)) => {
                        let fragment = dest_url.strip_prefix("doc:").and_then(|r| r.split_once('#'));
                        if let (Some(later), Some((doc, f))) = (opts.links.later, fragment) {
                            if let Some(n) = paragraphs_needed(f) {
                                let msg = format!("`#{f}` is not a paragraph of `{doc}` in link `{dest_url}`");
                                let check = ParagraphCheck { doc: doc.to_string(), n, error: error(range.start, msg) };
                                later.lock().unwrap_or_else(|e| e.into_inner()).push(check);
                            }
                        }
                        CowStr::from(format!("{}{url}", opts.root))
                    }
                    Ok(None) => {
                        if let Some(scheme) = unknown_scheme(&dest_url) {
                            diags.push(
                                error(range.start, format!("unknown link scheme `{scheme}:` in link `{dest_url}`"))
                                    .hint(format!(
                                        "Folio's link schemes are {FOLIO_SCHEMES}; web links start with https://"
                                    )),
                            );
                        }
                        dest_url
                    }
                    Err((msg, hint)) => {
                        diags.push(error(range.start, msg).hint(hint));
                        dest_url
                    }
                };
                let dest = if let Some(scheme) = unsafe_scheme(&dest) {
                    // Already an error if it reads as a scheme; this is the
                    // disguised kind (`java\tscript:`), which browsers run.
                    if unknown_scheme(&dest).is_none() {
                        let Pos { line: l, col: c } = line_col(range.start);
                        diags.push(
                            Diagnostic::warning(
                                source.path,
                                l,
                                format!(
                                    "link `{}` uses the scheme `{scheme}:`, which is not allowed; it links nowhere",
                                    dest.escape_debug()
                                ),
                            )
                            .col(c)
                            .hint("links may be relative, #fragments, Folio's own (person:, doc:, ...), http(s): or mailto:"),
                        );
                    }
                    CowStr::from("#")
                } else {
                    dest
                };
                Event::Start(Tag::Link { link_type, dest_url: dest, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = if dest_url.contains("://") || dest_url.starts_with("//") {
                    diags.push(error(range.start, format!("image `{dest_url}` is on another host")).hint(
                        "the edition must work offline: put the image in theme/ or static/ and link it relatively",
                    ));
                    dest_url
                } else if let Some(scheme) = image_scheme(&dest_url) {
                    diags.push(
                        error(
                            range.start,
                            format!(
                                "image `{}` uses the scheme `{scheme}:`; an image must be a file of the edition",
                                dest_url.escape_debug()
                            ),
                        )
                        .hint("put the image in theme/ and give its relative path, e.g. ![A map](../theme/map.png)"),
                    );
                    CowStr::from("")
                } else {
                    dest_url
                };
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if opts.allow_html && !scripty[at] {
                    Event::Html(h)
                } else {
                    // One warning for a run of HTML lines (a block).
                    if opts.allow_html && (at == 0 || !scripty[at - 1]) {
                        let Pos { line: l, col: c } = line_col(range.start);
                        diags.push(
                            Diagnostic::warning(
                                source.path,
                                l,
                                "script in raw HTML is not allowed; it is shown as text",
                            )
                            .col(c),
                        );
                    }
                    Event::Text(h)
                }
            }
            e => e,
        };
        sink(&mut events, &mut defs, &current_def).push(event);
    }
    // pulldown-cmark leaves a reference to an undefined footnote as text.
    for (at, label) in footnote_like(md, &code_ranges) {
        if !refs.iter().any(|r| r.0 == label) && !defs.contains_key(&label) {
            diags.push(
                error(at, format!("footnote [^{label}] is referenced but not defined"))
                    .hint(format!("add a line \"[^{label}]: the note's text\" after the paragraph")),
            );
        }
    }
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if !refs.is_empty() {
        out.push_str("<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n");
        for (i, (label, count, at)) in refs.iter().enumerate() {
            let n = i + 1;
            let Some(def) = defs.remove(label) else {
                diags.push(
                    Diagnostic::error_at(
                        source.path,
                        *at,
                        format!("footnote [^{label}] is referenced but not defined"),
                    )
                    .hint(format!("add a line \"[^{label}]: the note's text\" after the paragraph")),
                );
                continue;
            };
            let mut body = String::new();
            html::push_html(&mut body, def.events.into_iter());
            let backs: Vec<String> = (1..=*count)
                .map(|k| {
                    let (id, mark) = if k == 1 {
                        (format!("{p}fnref{n}"), String::new())
                    } else {
                        (format!("{p}fnref{n}-{k}"), format!("<sup>{k}</sup>"))
                    };
                    format!(
                        "<a href=\"#{id}\" class=\"footnote-back\" aria-label=\"Back to reference {n}{}\">↩{mark}</a>",
                        if k == 1 { String::new() } else { format!("-{k}") }
                    )
                })
                .collect();
            let backs = backs.join(" ");
            let trimmed = body.trim_end();
            if let Some(inner) = trimmed.strip_suffix("</p>") {
                body = format!("{inner} {backs}</p>\n");
            } else {
                body = format!("{trimmed}\n<p>{backs}</p>\n");
            }
            out.push_str(&format!("<li id=\"{p}fn{n}\">{body}</li>\n"));
        }
        out.push_str("</ol>\n</section>\n");
    }
    for (label, def) in defs {
        diags.push(
            Diagnostic::warning_at(
                source.path,
                def.at,
                format!("footnote [^{label}] is defined but never referenced; it is not shown"),
            )
            .hint(format!("refer to it with [^{label}] in the text, or delete it")),
        );
    }
    // The editor's raw HTML is let through: what could run script goes.
    if opts.allow_html {
        out = sanitize(&out);
    }
    // No raw control character in a page (essays are read as they are).
    if let std::borrow::Cow::Owned(clean) = crate::base::text::without_controls(out.as_bytes()) {
        return String::from_utf8_lossy(&clean).into_owned();
    }
    out
}

/// `[^label]` references in the Markdown source outside code: (offset, label).
fn footnote_like(md: &str, code: &[std::ops::Range<usize>]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = md[from..].find("[^").map(|i| i + from) {
        from = i + 2;
        let Some(len) = md[i + 2..].find(']') else { break };
        let label = &md[i + 2..i + 2 + len];
        let is_definition = md[i + 2 + len + 1..].starts_with(':');
        if label.is_empty()
            || label.contains(char::is_whitespace)
            || is_definition
            || code.iter().any(|r| r.contains(&i))
        {
            continue;
        }
        out.push((i, label.to_string()));
    }
    out
}

/// Where the next event goes: the footnote definition being read, or the text.
fn sink<'s, 'a>(
    events: &'s mut Vec<Event<'a>>,
    defs: &'s mut BTreeMap<String, FootnoteDef<'a>>,
    current: &Option<String>,
) -> &'s mut Vec<Event<'a>> {
    match current.as_ref().and_then(|l| defs.get_mut(l)) {
        Some(d) => &mut d.events,
        None => events,
    }
}

/// The scheme of a link that is neither relative, nor Folio's, nor a known
/// external scheme (a misspelling such as `persn:kapitsa`).
fn unknown_scheme(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let looks_like_scheme = !scheme.is_empty()
        && scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.');
    (looks_like_scheme && !EXTERNAL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())).then_some(scheme)
}

/// For each event, whether it is raw HTML in a run of consecutive HTML
/// events (the lines of an HTML block) that together could run script: a
/// tag or an attribute may span lines (`<a href="java` / `script:...">`),
/// so the run is judged whole and shown as text whole.
fn scripty_html_runs(events: &[(Event, std::ops::Range<usize>)]) -> Vec<bool> {
    let mut out = vec![false; events.len()];
    let mut i = 0;
    while i < events.len() {
        let html = |e: &Event| matches!(e, Event::Html(_) | Event::InlineHtml(_));
        if !html(&events[i].0) {
            i += 1;
            continue;
        }
        let start = i;
        let mut joined = String::from(" ");
        while i < events.len() {
            match &events[i].0 {
                Event::Html(h) | Event::InlineHtml(h) => joined.push_str(h),
                _ => break,
            }
            i += 1;
        }
        if is_scripty(&joined) {
            out[start..i].iter_mut().for_each(|b| *b = true);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> (Registers, HashMap<crate::model::DocId, usize>, HashSet<String>) {
        let mut r = Registers::default();
        let mut d = Diagnostics::default();
        r.add_file(Kind::Person, Path::new("persons.toml"), "[[person]]\nid = \"kapitsa\"\nname = \"K\"\n", &mut d);
        let docs = HashMap::from([(crate::model::DocId::any("1978MOSCOW08357"), 12)]);
        let pages = HashSet::from(["introduction".to_string()]);
        (r, docs, pages)
    }

    #[test]
    fn resolves_schemes_and_reports_unknown_targets() {
        let (r, docs, pages) = targets();
        let links = LinkTargets { registers: &r, documents: &docs, pages: &pages, later: None };
        let mut d = Diagnostics::default();
        let src = Source { path: Path::new("a.md"), line: 10 };
        let html = render(
            "[K](person:kapitsa) [D](doc:1978MOSCOW08357#p3) [I](page:introduction)\n\n[X](person:kapitza)",
            "../",
            &links,
            false,
            &src,
            &mut d,
        );
        assert!(html.contains(r#"href="../persons/kapitsa.html""#), "{html}");
        assert!(html.contains(r#"href="../documents/1978MOSCOW08357.html#p3""#), "{html}");
        assert!(html.contains(r#"href="../pages/introduction.html""#), "{html}");
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].to_string(), "a.md:12:1: error: unknown person `kapitza` in link `person:kapitza`\n  = help: did you mean `kapitsa`? Otherwise add it to persons.toml");
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let (r, docs, pages) = targets();
        let links = LinkTargets { registers: &r, documents: &docs, pages: &pages, later: None };
        let mut d = Diagnostics::default();
        let src = Source { path: Path::new("a.md"), line: 1 };
        let html = render("<b>x</b> <script>alert(1)</script>", "", &links, false, &src, &mut d);
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        let html = render("<b>x</b> <img src=x onerror=alert(1)>", "", &links, true, &src, &mut d);
        assert!(html.contains("<b>x</b>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    fn render_allowing(md: &str, allow_html: bool) -> (String, Vec<String>) {
        let (r, docs, pages) = targets();
        let links = LinkTargets { registers: &r, documents: &docs, pages: &pages, later: None };
        let mut d = Diagnostics::default();
        let html = render(md, "", &links, allow_html, &Source { path: Path::new("a.md"), line: 1 }, &mut d);
        (html, d.sorted().0.iter().map(|d| d.to_string()).collect())
    }

    /// Whether HTML holds a tag a browser would run something from (text,
    /// escaped, is harmless whatever it says).
    fn live(html: &str) -> bool {
        use crate::annotate::safety::{on_attribute, unhide};
        html.split('<').skip(1).filter_map(|t| t.split_once('>').map(|(tag, _)| tag)).any(|tag| {
            let l = unhide(tag);
            ["script", "iframe", "object", "embed", "style"].iter().any(|n| l.starts_with(n))
                || l.contains("javascript:")
                || l.contains("vbscript:")
                || l.contains("data:")
                || on_attribute(&format!(" {}", tag.to_ascii_lowercase()))
        })
    }

    #[test]
    fn allowed_html_with_script_is_text_and_formatting_stays() {
        for md in [
            "<span onclick=\"alert(1)\">x</span>",
            "<a href=\"jav&#x61;script:alert(1)\">x</a>",
            "<a href=\"jav&#97;script&colon;alert(1)\">x</a>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<img src=x onerror=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
            // An HTML block whose attribute runs over two lines.
            "<div><a href=\"java\nscript:alert(1)\">x</a></div>",
            "<div><a\nonclick=\"alert(1)\">x</a></div>",
        ] {
            let (html, errs) = render_allowing(md, true);
            assert!(!live(&html), "{md} -> {html}");
            assert!(!html.contains("<iframe") && !html.contains("<div style"), "{md} -> {html}");
            assert!(errs.len() == 1 && errs[0].starts_with("a.md:1:1: warning: script in raw HTML"), "{md}: {errs:?}");
        }
        let (html, errs) =
            render_allowing("<b>bold</b> <abbr title=\"Union\">USSR</abbr> <sup>2</sup>[^n]\n\n[^n]: A note.\n", true);
        assert!(errs.is_empty(), "{errs:?}");
        assert!(html.contains("<b>bold</b>") && html.contains("<abbr title=\"Union\">USSR</abbr>"), "{html}");
        assert!(html.contains("<section class=\"footnotes\" aria-label=\"Footnotes\">"), "{html}");
        assert!(html.contains("id=\"fnref1\"") && html.contains("href=\"#fn1\""), "{html}");
    }

    #[test]
    fn markdown_links_and_images_with_script_schemes_go_nowhere() {
        for allow in [false, true] {
            for md in [
                "[x](javascript:alert(1))",
                "[x](jav&#x61;script:alert(1))",
                "[x](<java\tscript:alert(1)>)",
                "[x](VBScript:msgbox)",
                "[x](data:text/html,<script>alert(1)</script>)",
                "![i](javascript:alert(1))",
                "![i](jav&#x61;script:alert(1))",
                "![i](data:image/svg+xml;base64,PHN2Zz4=)",
            ] {
                let (html, errs) = render_allowing(md, allow);
                assert!(!live(&html), "{md} -> {html}");
                assert!(!html.contains("data:"), "{md} -> {html}");
                assert!(!errs.is_empty(), "{md}: nothing said");
                assert!(errs.iter().all(|e| e.starts_with("a.md:1:1: ")), "{md}: {errs:?}");
            }
        }
        // Ordinary links are left alone.
        let (html, errs) =
            render_allowing("[a](https://example.org) [b](other.html#x:y) [c](mailto:a@b.c) ![m](map.png)", false);
        assert!(errs.is_empty(), "{errs:?}");
        assert!(html.contains("href=\"other.html#x:y\"") && html.contains("src=\"map.png\""), "{html}");
    }

    fn render_essay(md: &str, prefix: &str) -> (String, Vec<String>) {
        let (r, docs, pages) = targets();
        let links = LinkTargets { registers: &r, documents: &docs, pages: &pages, later: None };
        let mut d = Diagnostics::default();
        let opts = RenderOptions { root: "../", links: &links, allow_html: false, id_prefix: prefix };
        let html = render_with(md, &opts, &Source { path: Path::new("e.md"), line: 4 }, &mut d);
        (html, d.sorted().0.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn footnotes_are_collected_at_the_end_with_back_links() {
        let md = "Kapitsa spoke.[^k] Again.[^k] And [^2].\n\n[^k]: British record.\n\n[^2]: Second *note*.\n\nAfter.\n";
        let (html, errs) = render_essay(md, "");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(
            html,
            "<p>Kapitsa spoke.<sup class=\"footnote-ref\"><a href=\"#fn1\" id=\"fnref1\" aria-label=\"footnote 1\">1</a></sup> \
             Again.<sup class=\"footnote-ref\"><a href=\"#fn1\" id=\"fnref1-2\" aria-label=\"footnote 1\">1</a></sup> \
             And <sup class=\"footnote-ref\"><a href=\"#fn2\" id=\"fnref2\" aria-label=\"footnote 2\">2</a></sup>.</p>\n\
             <p>After.</p>\n\
             <section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n\
             <li id=\"fn1\"><p>British record. <a href=\"#fnref1\" class=\"footnote-back\" aria-label=\"Back to reference 1\">↩</a> \
             <a href=\"#fnref1-2\" class=\"footnote-back\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>\n</li>\n\
             <li id=\"fn2\"><p>Second <em>note</em>. <a href=\"#fnref2\" class=\"footnote-back\" aria-label=\"Back to reference 2\">↩</a></p>\n</li>\n\
             </ol>\n</section>\n"
        );
        let (html, _) = render_essay(md, "c3-");
        assert!(html.contains("id=\"c3-fn1\"") && html.contains("href=\"#c3-fnref1-2\""), "{html}");
    }

    #[test]
    fn footnote_mistakes_are_reported() {
        let (_, errs) = render_essay("Text.[^a]\n\n[^b]: Unused.\n", "");
        assert_eq!(
            errs,
            [
                "e.md:4:6: error: footnote [^a] is referenced but not defined\n  = help: add a line \"[^a]: the note's text\" after the paragraph",
                "e.md:6:1: warning: footnote [^b] is defined but never referenced; it is not shown\n  = help: refer to it with [^b] in the text, or delete it",
            ]
        );
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let (html, errs) = render_essay("```xml\n<TEI>&amp;</TEI>\n```\n\n    indented <b>\n", "");
        assert!(errs.is_empty(), "{errs:?}");
        assert!(html.starts_with("<pre class=\"hl-code\"><code class=\"language-xml\"><span class=\"hl-"), "{html}");
        assert!(html.contains("&amp;</span>amp<"), "{html}");
        assert!(html.contains("<pre class=\"hl-code\"><code>indented &lt;b&gt;\n</code></pre>"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn link_errors_have_columns_and_unknown_schemes_are_caught() {
        let md = "See [a](doc:nope) and\n  [b](doc:1978MOSCOW08357#p13), [c](persn:kapitsa), [d](https://example.org) [e](mailto:x@y.z) [f](other.html#x:y).";
        let (_, errs) = render_essay(md, "");
        assert_eq!(
            errs,
            [
                "e.md:4:5: error: unknown document `nope` in link `doc:nope`\n  = help: did you mean `1978MOSCOW08357`? Document ids are the raw files' names without .txt",
                "e.md:5:3: error: `#p13` is not a paragraph of `1978MOSCOW08357` in link `doc:1978MOSCOW08357#p13`\n  = help: `1978MOSCOW08357` has paragraphs #p1 to #p12",
                "e.md:5:33: error: unknown link scheme `persn:` in link `persn:kapitsa`\n  = help: Folio's link schemes are person:, place:, org:, topic:, doc: (with #pN), page:; web links start with https://",
            ]
        );
    }
}
