//! Export, TEI: the editors' Markdown (headnote and notes), already rendered
//! to HTML with its links resolved, converted to TEI.
//!
//! The HTML comes from pulldown-cmark (plus, where site.toml allows it, the
//! editors' own HTML), so the converter is tolerant: known elements are
//! mapped (`p`, `em`/`i` and `strong`/`b` to `hi`, `a href` to `ref target`,
//! `code`, lists, block quotes, tables, line breaks); any other element is
//! dropped with its text kept; end tags that close nothing are ignored and
//! whatever is open at the end is closed, so the result is always
//! well-formed. Text outside a block in a block context is wrapped in `<p>`.
//!
//! Link targets are rewritten for the TEI file's folder (`tei/`): the HTML
//! was made for `documents/`, a sibling, so `../persons/x.html` stays as it
//! is and `X.html#p3` becomes `../documents/X.html#p3`.

use crate::base::text::decode_entities as decode;
use crate::export::tei_names::esc;

/// Where the converted HTML goes: a block container (`div`, `note`) or
/// inline content (`p`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Block,
    #[allow(dead_code)] // for markup inside a paragraph (used by the tests)
    Inline,
}

/// One open TEI element and whether it takes block content.
struct Open {
    /// The HTML element it came from.
    html: String,
    /// The TEI element name written (empty: nothing written).
    tei: &'static str,
    block: bool,
}

/// A TEI element for an HTML start tag: (name, attributes, takes blocks).
fn map(tag: &str, attrs: &str) -> Option<(&'static str, String, bool)> {
    Some(match tag {
        "p" => ("p", String::new(), false),
        "em" | "i" | "cite" => ("hi", " rend=\"italic\"".into(), false),
        "strong" | "b" => ("hi", " rend=\"bold\"".into(), false),
        "sup" => ("hi", " rend=\"superscript\"".into(), false),
        "sub" => ("hi", " rend=\"subscript\"".into(), false),
        "del" | "s" => ("hi", " rend=\"strikethrough\"".into(), false),
        "code" => ("code", String::new(), false),
        "pre" => ("ab", " type=\"code\"".into(), false),
        "blockquote" => ("quote", String::new(), true),
        "ul" => ("list", String::new(), true),
        "ol" => ("list", " rend=\"numbered\"".into(), true),
        "li" => ("item", String::new(), true),
        "table" => ("table", String::new(), true),
        "tr" => ("row", String::new(), true),
        "th" => ("cell", " role=\"label\"".into(), false),
        "td" => ("cell", String::new(), false),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ("p", format!(" rend=\"{tag}\""), false),
        "a" => {
            let href = attr(attrs, "href")?;
            ("ref", format!(" target=\"{}\"", esc(&retarget(&href))), false)
        }
        _ => return None,
    })
}

/// An HTML link target as seen from `tei/`.
pub(crate) fn retarget(href: &str) -> String {
    let has_scheme = href.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || href.starts_with('#') || href.starts_with("../") || href.starts_with('/') {
        href.to_string()
    } else {
        format!("../documents/{href}")
    }
}

/// The value of an attribute in a start tag's attribute text.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest[..i].ends_with(|c: char| c.is_whitespace());
        let after = &rest[i + name.len()..];
        let after_trim = after.trim_start();
        if before_ok && after_trim.starts_with('=') {
            let v = after_trim[1..].trim_start();
            let (q, body) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &v[1..]),
                _ => (None, v),
            };
            let end = match q {
                Some(q) => body.find(q).unwrap_or(body.len()),
                None => body.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(body.len()),
            };
            return Some(decode(&body[..end]));
        }
        rest = &rest[i + name.len()..];
    }
    None
}

/// Converts rendered HTML to TEI for a block or an inline context.
pub(crate) fn to_tei(html: &str, context: Context) -> String {
    let mut c = Converter {
        out: String::with_capacity(html.len() + html.len() / 4),
        stack: Vec::new(),
        implicit_at: None,
        context,
    };
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            c.text(rest);
            break;
        };
        if lt > 0 {
            c.text(&rest[..lt]);
        }
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            c.text(rest); // a lone "<"
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue; // comment, doctype
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(pos) = c.stack.iter().rposition(|o| o.html == name) {
                c.close_to(pos);
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attrs) = match tag.find(char::is_whitespace) {
            Some(i) => (&tag[..i], &tag[i..]),
            None => (tag, ""),
        };
        c.start(&name.to_ascii_lowercase(), attrs, self_closing);
    }
    c.close_to(0);
    if c.implicit_at.is_some() {
        c.out.push_str("</p>");
    }
    c.out
}

struct Converter {
    out: String,
    stack: Vec<Open>,
    /// Stack depth at which an implicit `<p>` was opened for text in a
    /// block context (the elements above that depth are inside it).
    implicit_at: Option<usize>,
    context: Context,
}

impl Converter {
    /// Whether the current position takes blocks only.
    fn in_block(&self) -> bool {
        if self.implicit_at.is_some() {
            return false;
        }
        match self.stack.iter().rev().find(|o| !o.tei.is_empty()) {
            Some(o) => o.block,
            None => self.context == Context::Block,
        }
    }

    fn open_implicit(&mut self) {
        self.out.push_str("<p>");
        self.implicit_at = Some(self.stack.len());
    }

    /// Closes the elements from the top of the stack down to `pos`
    /// (inclusive), and an implicit paragraph opened inside them.
    fn close_to(&mut self, pos: usize) {
        while self.stack.len() > pos {
            if self.implicit_at == Some(self.stack.len()) {
                self.out.push_str("</p>");
                self.implicit_at = None;
            }
            if let Some(o) = self.stack.pop() {
                if !o.tei.is_empty() {
                    self.out.push_str(&format!("</{}>", o.tei));
                }
            }
        }
    }

    fn text(&mut self, html_text: &str) {
        let t = decode(html_text);
        if self.in_block() {
            if t.trim().is_empty() {
                return;
            }
            self.open_implicit();
        }
        self.out.push_str(&esc(&t));
    }

    fn start(&mut self, name: &str, attrs: &str, self_closing: bool) {
        if name == "br" {
            if !self.in_block() {
                self.out.push_str("<lb/>");
            }
            return;
        }
        if name == "img" {
            if let Some(alt) = attr(attrs, "alt").filter(|a| !a.trim().is_empty()) {
                self.text(&crate::base::text::escape_html(&alt));
            }
            return;
        }
        if self_closing || matches!(name, "hr" | "input" | "meta" | "link" | "wbr") {
            return;
        }
        let Some((tei, tei_attrs, takes_blocks)) = map(name, attrs) else {
            self.stack.push(Open { html: name.to_string(), tei: "", block: false });
            return;
        };
        let is_block_el = matches!(tei, "p" | "list" | "quote" | "table" | "ab" | "item" | "row");
        // A block element ends an implicit paragraph opened at this level.
        if is_block_el && self.implicit_at == Some(self.stack.len()) {
            self.out.push_str("</p>");
            self.implicit_at = None;
        }
        let block_here = self.in_block();
        if matches!(tei, "p" | "ab") && !block_here {
            // A paragraph inside inline content: keep the text only.
            self.stack.push(Open { html: name.to_string(), tei: "", block: false });
            return;
        }
        if !is_block_el && tei != "cell" && block_here {
            self.open_implicit();
        }
        self.out.push_str(&format!("<{tei}{tei_attrs}>"));
        self.stack.push(Open { html: name.to_string(), tei, block: takes_blocks });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_links_and_emphasis() {
        let html = "<p>See <a href=\"../persons/kapitsa.html\">Kapitsa</a> and <em>the <a href=\"X.html#p3\">report</a></em> &amp; more.</p>\n<ul>\n<li>one</li>\n<li><p>two</p></li>\n</ul>\n";
        assert_eq!(
            to_tei(html, Context::Block),
            "<p>See <ref target=\"../persons/kapitsa.html\">Kapitsa</ref> and <hi rend=\"italic\">the <ref target=\"../documents/X.html#p3\">report</ref></hi> &amp; more.</p><list><item><p>one</p></item><item><p>two</p></item></list>"
        );
    }

    #[test]
    fn stray_text_and_unknown_tags_stay_well_formed() {
        let out = to_tei("loose <span class=x>text</span></b> <div>x</div><p>a<br />b", Context::Block);
        assert_eq!(out, "<p>loose text x</p><p>a<lb/>b</p>");
        let out = to_tei("<p>a</p><p>b</p>", Context::Inline);
        assert_eq!(out, "ab");
    }

    #[test]
    fn attributes_and_entities() {
        assert_eq!(attr(" href=\"a&amp;b\" title='t'", "href").as_deref(), Some("a&b"));
        assert_eq!(attr(" title='t'", "href"), None);
        assert_eq!(decode("&#39;&#x41;&bogus;&"), "'A&bogus;&");
        assert_eq!(retarget("https://x.org/"), "https://x.org/");
        assert_eq!(retarget("#n2"), "#n2");
    }
}
