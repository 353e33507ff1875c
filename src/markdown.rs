//! Markdown rendering for commentary and essays, with Folio's link schemes.
//!
//! `person:`, `place:`, `org:`, `topic:`, `doc:` (with `#pN`) and `page:`
//! links are resolved at build time against the registers, documents and
//! essays; an unknown target is an error naming the file and line. Raw HTML
//! is shown as text unless site.toml allows it (script never).
//! The pulldown-cmark options are fixed here, in one place.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag};

use crate::error::{Diagnostic, Diagnostics};
use crate::registers::{Kind, Registers};
use crate::text::escape_html;

/// The pulldown-cmark options used everywhere.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// What link targets exist, for resolving link schemes.
pub struct LinkTargets<'a> {
    pub registers: &'a Registers,
    /// Document id → number of reading paragraphs.
    pub documents: &'a HashMap<String, usize>,
    /// Essay slugs.
    pub pages: &'a HashSet<String>,
}

impl LinkTargets<'_> {
    /// Resolves a scheme link to a root-relative URL. `Ok(None)`: not a Folio
    /// scheme (an ordinary link). `Err`: (message, hint).
    pub fn resolve(&self, dest: &str) -> Result<Option<String>, (String, String)> {
        let Some((scheme, rest)) = dest.split_once(':') else { return Ok(None) };
        let (target, fragment) = match rest.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (rest, None),
        };
        if let Some(kind) = Kind::from_scheme(scheme) {
            if self.registers.get(kind, target).is_none() {
                return Err((format!("unknown {} `{target}` in link `{dest}`", kind.singular()), self.registers.suggest(kind, target)));
            }
            return Ok(Some(format!("{}/{target}.html", kind.plural())));
        }
        match scheme {
            "doc" => {
                let Some(&paras) = self.documents.get(target) else {
                    let mut ids: Vec<&String> = self.documents.keys().collect();
                    ids.sort_by_key(|i| crate::text::edit_distance(i, target));
                    let hint = match ids.first() {
                        Some(i) => format!("did you mean `{i}`? Document ids are the raw files' names without .txt"),
                        None => "document ids are the raw files' names without .txt".into(),
                    };
                    return Err((format!("unknown document `{target}` in link `{dest}`"), hint));
                };
                let mut url = format!("documents/{target}.html");
                if let Some(f) = fragment {
                    let ok = f.strip_prefix('p').and_then(|n| n.parse::<usize>().ok()).is_some_and(|n| n >= 1 && n <= paras)
                        || f.strip_prefix('f').and_then(|n| n.parse::<usize>().ok()).is_some_and(|n| n >= 1)
                        || f.strip_prefix('n').and_then(|n| n.parse::<usize>().ok()).is_some_and(|n| n >= 1);
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
                        format!("essays in content/pages/: {}", slugs.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
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
pub struct Source<'a> {
    pub path: &'a Path,
    /// Line of the Markdown's first line in the file.
    pub line: usize,
}

/// Renders Markdown to HTML. `root` is the relative path from the page being
/// rendered to the site root ("" or "../").
pub fn render(
    md: &str,
    root: &str,
    links: &LinkTargets,
    allow_html: bool,
    source: &Source,
    diags: &mut Diagnostics,
) -> String {
    let line_of = |offset: usize| source.line + md[..offset.min(md.len())].matches('\n').count();
    let parser = Parser::new_ext(md, options()).into_offset_iter();
    let mut events: Vec<Event> = Vec::new();
    for (event, range) in parser {
        let event = match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = match links.resolve(&dest_url) {
                    Ok(Some(url)) => CowStr::from(format!("{root}{url}")),
                    Ok(None) => dest_url,
                    Err((msg, hint)) => {
                        diags.push(Diagnostic::error(source.path, line_of(range.start), msg).hint(hint));
                        dest_url
                    }
                };
                let dest = if is_dangerous_url(&dest) { CowStr::from("#") } else { dest };
                Event::Start(Tag::Link { link_type: link_type_for(link_type), dest_url: dest, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                if dest_url.contains("://") || dest_url.starts_with("//") {
                    diags.push(
                        Diagnostic::error(source.path, line_of(range.start), format!("image `{dest_url}` is on another host"))
                            .hint("the edition must work offline: put the image in theme/ or static/ and link it relatively"),
                    );
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if allow_html && !is_scripty(&h) {
                    Event::Html(h)
                } else {
                    if allow_html {
                        diags.push(Diagnostic::warning(
                            source.path,
                            line_of(range.start),
                            "script in raw HTML is not allowed; it is shown as text",
                        ));
                    }
                    Event::Text(h)
                }
            }
            e => e,
        };
        events.push(event);
    }
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

fn link_type_for(t: LinkType) -> LinkType {
    t
}

fn is_dangerous_url(u: &str) -> bool {
    let l = u.trim_start().to_ascii_lowercase();
    l.starts_with("javascript:") || l.starts_with("vbscript:") || l.starts_with("data:text/html")
}

fn is_scripty(h: &str) -> bool {
    let l = h.to_ascii_lowercase();
    l.contains("<script") || l.contains("javascript:") || l.contains("<iframe") || l.contains("<object")
        || l.contains("<embed") || l.contains("<style")
        || regex_lite_on_attr(&l)
}

/// Detects `on...=` event-handler attributes.
fn regex_lite_on_attr(l: &str) -> bool {
    let b = l.as_bytes();
    (1..b.len().saturating_sub(3)).any(|i| {
        (b[i - 1] == b' ' || b[i - 1] == b'\t' || b[i - 1] == b'\n' || b[i - 1] == b'/')
            && b[i] == b'o'
            && b[i + 1] == b'n'
            && {
                let rest = &l[i + 2..];
                let name_len = rest.bytes().take_while(|c| c.is_ascii_alphabetic()).count();
                name_len > 0 && rest[name_len..].trim_start().starts_with('=')
            }
    })
}

/// Plain text of Markdown (for summaries and search).
pub fn plain_text(md: &str) -> String {
    let mut out = String::new();
    for e in Parser::new_ext(md, options()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    crate::formats::collapse_ws(&out)
}

/// Escaped text as a paragraph (for descriptions without Markdown).
pub fn text_paragraph(s: &str) -> String {
    format!("<p>{}</p>", escape_html(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> (Registers, HashMap<String, usize>, HashSet<String>) {
        let mut r = Registers::default();
        let mut d = Diagnostics::default();
        r.add_file(Kind::Person, Path::new("persons.toml"), "[[person]]\nid = \"kapitsa\"\nname = \"K\"\n", &mut d);
        let docs = HashMap::from([("1978MOSCOW08357".to_string(), 12)]);
        let pages = HashSet::from(["introduction".to_string()]);
        (r, docs, pages)
    }

    #[test]
    fn resolves_schemes_and_reports_unknown_targets() {
        let (r, docs, pages) = targets();
        let links = LinkTargets { registers: &r, documents: &docs, pages: &pages };
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
        assert_eq!(d.0[0].to_string(), "a.md:12: error: unknown person `kapitza` in link `person:kapitza`\n  = help: did you mean `kapitsa`? Otherwise add it to persons.toml");
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let (r, docs, pages) = targets();
        let links = LinkTargets { registers: &r, documents: &docs, pages: &pages };
        let mut d = Diagnostics::default();
        let src = Source { path: Path::new("a.md"), line: 1 };
        let html = render("<b>x</b> <script>alert(1)</script>", "", &links, false, &src, &mut d);
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        let html = render("<b>x</b> <img src=x onerror=alert(1)>", "", &links, true, &src, &mut d);
        assert!(html.contains("<b>x</b>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }
}
