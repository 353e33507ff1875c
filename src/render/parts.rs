//! Parts: the reader-visible pieces of pages that are built once per
//! sheet, paragraph, note, document or mention, each a Tera template in
//! `templates/parts/` with a plain view model (docs/templates.md). The
//! facsimile sheet, reading paragraph and note are in
//! [`crate::render::reading`].
//!
//! The built-in parts also have a fast path here, in Rust, that writes the
//! same bytes as the part template (tests/parts.rs builds the demo and the
//! fixture telegrams both ways and compares every file): a telegram page
//! has hundreds of lines, and a template render per line would double the
//! build. When the edition has its own `templates/parts/NAME.html`, or
//! `FOLIO_PARTS=templates` is set, the template is rendered instead.

use std::fmt::Write;

use serde::Serialize;

use crate::base::text::{escape_into, time_html};
use crate::index::DocSummary;
use crate::load::strings::Strings;
use crate::render::view::{EntityGroup, Fact};

use super::templates::Renderer;

// ---- metadata.html, attributes.html, entities.html ------------------------

#[derive(Serialize)]
pub(crate) struct FactsPart<'a> {
    pub facts: &'a [Fact],
    /// The interface's language (each value's `lang` when it differs).
    pub lang: &'a str,
}

/// The metadata panel's rows (inside `<dl class="facts">`).
pub(crate) fn facts(r: &Renderer, facts: &[Fact], out: &mut String) -> crate::base::error::Result<()> {
    let lang = r.strings().lang.as_str();
    r.part(
        "parts/metadata.html",
        || FactsPart { facts, lang },
        out,
        |out| {
            let attr_lang = |l: Option<&str>, out: &mut String| {
                if let Some(l) = l {
                    out.push_str(" lang=\"");
                    escape_into(l, out);
                    out.push('"');
                }
            };
            for f in facts {
                let _ = write!(out, "<div class=\"fact fact-{}\"><dt>", f.key);
                escape_into(&f.label, out);
                out.push_str("</dt>");
                for v in &f.values {
                    out.push_str("<dd lang=\"");
                    escape_into(lang, out);
                    out.push_str("\">");
                    match &v.url {
                        Some(url) => {
                            out.push_str("<a href=\"");
                            escape_into(url, out);
                            out.push('"');
                            attr_lang(v.lang, out);
                            out.push('>');
                            escape_into(&v.text, out);
                            out.push_str("</a>");
                        }
                        None => {
                            out.push_str(if v.typed { "<span class=\"v typed-value\"" } else { "<span class=\"v\"" });
                            attr_lang(v.lang, out);
                            out.push('>');
                            escape_into(&v.text, out);
                            out.push_str("</span>");
                        }
                    }
                    if let Some(g) = &v.gloss {
                        out.push_str(" <span class=\"gloss\">");
                        escape_into(g, out);
                        out.push_str("</span>");
                    }
                    out.push_str("</dd>");
                }
                out.push_str("</div>\n");
            }
        },
    )
}

#[derive(Serialize)]
pub(crate) struct AttributeRow<'a> {
    pub key: &'a str,
    pub value: &'a str,
}

#[derive(Serialize)]
pub(crate) struct AttributesPart<'a> {
    pub attributes: Vec<AttributeRow<'a>>,
    /// The documents' language when it is not the interface's.
    pub lang: Option<&'a str>,
}

/// The rows of the message attributes table (PlusD's key/value list).
pub(crate) fn attributes(
    r: &Renderer,
    m: &crate::model::Metadata,
    lang: Option<&str>,
    out: &mut String,
) -> crate::base::error::Result<()> {
    r.part(
        "parts/attributes.html",
        || AttributesPart {
            attributes: m.attributes.iter().map(|a| AttributeRow { key: &a.key, value: &a.value }).collect(),
            lang,
        },
        out,
        |out| {
            for a in &m.attributes {
                out.push_str("<tr");
                if let Some(l) = lang {
                    out.push_str(" lang=\"");
                    escape_into(l, out);
                    out.push('"');
                }
                out.push_str("><th scope=\"row\">");
                escape_into(&a.key, out);
                out.push_str("</th><td>");
                escape_into(&a.value, out);
                out.push_str("</td></tr>");
            }
        },
    )
}

#[derive(Serialize)]
pub(crate) struct EntitiesPart<'a> {
    pub groups: &'a [EntityGroup],
}

/// The entity panel: people, places, organizations and topics of the
/// document, with mention counts or why they are listed.
pub(crate) fn entities(r: &Renderer, groups: &[EntityGroup], out: &mut String) -> crate::base::error::Result<()> {
    let s = r.strings();
    r.part(
        "parts/entities.html",
        || EntitiesPart { groups },
        out,
        |out| {
            for g in groups {
                out.push_str("<div class=\"entity-group\"><h3>");
                escape_into(&g.title, out);
                out.push_str("</h3><ul>");
                for e in &g.items {
                    out.push_str("<li><a href=\"../");
                    escape_into(g.plural, out);
                    out.push('/');
                    escape_into(e.id.as_str(), out);
                    out.push_str(".html\">");
                    escape_into(&e.name, out);
                    out.push_str("</a>");
                    if e.count > 0 {
                        out.push_str(" <span class=\"count\">");
                        escape_into(&s.fmt("document.mention_count", &[("n", &e.count)]), out);
                        out.push_str("</span>");
                    } else if let Some(via) = &e.via {
                        out.push_str(" <span class=\"via\">");
                        escape_into(via, out);
                        out.push_str("</span>");
                    }
                    out.push_str("</li>");
                }
                out.push_str("</ul></div>");
            }
        },
    )
}

// ---- doc-nav.html and related.html ----------------------------------------

#[derive(Serialize)]
pub(crate) struct DocLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// How an inferred date was inferred (the date is shown in brackets).
    pub date_inferred: Option<&'a str>,
}

impl<'a> DocLink<'a> {
    fn of(d: &'a DocSummary) -> DocLink<'a> {
        DocLink {
            id: d.id.as_str(),
            title: &d.title,
            date: d.date.as_ref().map(|d| d.as_str()),
            date_inferred: d.date_inferred.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct DocNavPart<'a> {
    pub prev: Option<DocLink<'a>>,
    pub next: Option<DocLink<'a>>,
}

/// The links to the previous and next documents by date of the document
/// at `pos`.
pub(crate) fn doc_nav(r: &Renderer, docs: &[DocSummary], pos: usize) -> crate::base::error::Result<String> {
    let prev = pos.checked_sub(1).and_then(|p| docs.get(p));
    let next = docs.get(pos + 1);
    let s = r.strings();
    let mut out = String::new();
    r.part(
        "parts/doc-nav.html",
        || DocNavPart { prev: prev.map(DocLink::of), next: next.map(DocLink::of) },
        &mut out,
        |out| {
            if prev.is_none() && next.is_none() {
                return;
            }
            out.push_str("<nav class=doc-nav aria-label=\"");
            escape_into(s.get("document.nav"), out);
            out.push_str("\">");
            for (d, class, label) in [(prev, "prev", "document.previous"), (next, "next", "document.next")] {
                let Some(d) = d else { continue };
                let _ = write!(out, "<a class={class} rel={class} href=\"");
                escape_into(d.id.as_str(), out);
                out.push_str(".html\"><span class=dir>");
                escape_into(s.get(label), out);
                out.push_str("</span> <span class=t>");
                escape_into(&d.title, out);
                out.push_str("</span>");
                if let Some(date) = &d.date {
                    out.push(' ');
                    time_html(date.as_str(), d.date_inferred.as_deref(), out);
                }
                out.push_str("</a>");
            }
            out.push_str("</nav>");
        },
    )?;
    Ok(out)
}

#[derive(Serialize)]
pub(crate) struct RelatedDoc<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// How an inferred date was inferred (the date is shown in brackets).
    pub date_inferred: Option<&'a str>,
    /// Register entries it shares with this document.
    pub shared: usize,
}

#[derive(Serialize)]
pub(crate) struct RelatedPart<'a> {
    pub related: Vec<RelatedDoc<'a>>,
}

/// The related documents panel: documents sharing the most entities.
pub(crate) fn related(
    r: &Renderer,
    docs: &[DocSummary],
    related: &[(usize, usize)],
) -> crate::base::error::Result<String> {
    let s = r.strings();
    let mut out = String::new();
    let list = || related.iter().filter_map(|&(i, shared)| docs.get(i).map(|d| (d, shared)));
    r.part(
        "parts/related.html",
        || RelatedPart {
            related: list()
                .map(|(d, shared)| RelatedDoc {
                    id: d.id.as_str(),
                    title: &d.title,
                    date: d.date.as_ref().map(|d| d.as_str()),
                    date_inferred: d.date_inferred.as_deref(),
                    shared,
                })
                .collect(),
        },
        &mut out,
        |out| {
            if list().next().is_none() {
                return;
            }
            out.push_str("<section class=related aria-labelledby=rel-h><h2 id=rel-h>");
            escape_into(s.get("document.related"), out);
            out.push_str("</h2><ul>");
            for (d, shared) in list() {
                out.push_str("<li><a href=\"");
                escape_into(d.id.as_str(), out);
                out.push_str(".html\">");
                escape_into(&d.title, out);
                out.push_str("</a>");
                if let Some(date) = &d.date {
                    out.push(' ');
                    time_html(date.as_str(), d.date_inferred.as_deref(), out);
                }
                out.push_str(" <span class=count>");
                escape_into(&s.fmt("document.shared", &[("n", &shared)]), out);
                out.push_str("</span></li>");
            }
            out.push_str("</ul></section>");
        },
    )?;
    Ok(out)
}

// ---- kwic-row.html, doc-list.html, kwic-doc.html --------------------------

/// One mention in context: what the cache keeps of a concordance row.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct KwicRow<'a> {
    /// The document's id.
    pub doc: &'a str,
    pub paragraph: usize,
    /// Words before the mention, the mention as written, words after.
    pub left: &'a str,
    pub keyword: &'a str,
    pub right: &'a str,
    /// The documents' language when it is not the interface's.
    pub lang: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct KwicRowPart<'a> {
    pub row: &'a KwicRow<'a>,
}

/// One row of a concordance table.
pub(crate) fn kwic_row(r: &Renderer, row: &KwicRow, out: &mut String) -> crate::base::error::Result<()> {
    let s = r.strings();
    r.part(
        "parts/kwic-row.html",
        || KwicRowPart { row },
        out,
        |out| {
            out.push_str("<tr><td><a href=\"../documents/");
            escape_into(row.doc, out);
            let _ = write!(out, ".html#p{}\">", row.paragraph);
            escape_into(&s.fmt("entry.paragraph", &[("n", &row.paragraph)]), out);
            out.push_str("</a><td");
            if let Some(l) = row.lang {
                out.push_str(" lang=\"");
                escape_into(l, out);
                out.push('"');
            }
            out.push_str("><span class=left>");
            escape_into(row.left, out);
            out.push_str("</span><mark>");
            escape_into(row.keyword, out);
            out.push_str("</mark>");
            escape_into(row.right, out);
            out.push('\n');
        },
    )
}

/// Encodes concordance rows for the cache: per row its paragraph and the
/// three texts, each length-prefixed.
pub(crate) fn encode_row(paragraph: usize, left: &str, keyword: &str, right: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(&(paragraph as u32).to_le_bytes());
    for s in [left, keyword, right] {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
}

/// Decodes rows written by [`encode_row`]: (paragraph, left, keyword, right).
pub(crate) fn decode_rows(mut data: &[u8]) -> crate::base::error::Result<Vec<(usize, &str, &str, &str)>> {
    let bad = || crate::base::error::Error::Other("scratch file: a concordance row is damaged".into());
    let take_u32 = |d: &mut &[u8]| -> crate::base::error::Result<u32> {
        let (head, rest) = d.split_first_chunk::<4>().ok_or_else(bad)?;
        *d = rest;
        Ok(u32::from_le_bytes(*head))
    };
    let mut rows = Vec::new();
    while !data.is_empty() {
        let paragraph = take_u32(&mut data)? as usize;
        let mut texts = [""; 3];
        for t in &mut texts {
            let len = take_u32(&mut data)? as usize;
            let (s, rest) = (data.get(..len).ok_or_else(bad)?, &data[len..]);
            *t = std::str::from_utf8(s).map_err(|_| bad())?;
            data = rest;
        }
        rows.push((paragraph, texts[0], texts[1], texts[2]));
    }
    Ok(rows)
}

/// A document on an entry page.
#[derive(Serialize)]
pub(crate) struct EntryDoc<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// How an inferred date was inferred (the date is shown in brackets).
    pub date_inferred: Option<&'a str>,
    /// All mentions of the entry in this document (on every page).
    pub mentions: usize,
    /// Attached by front matter, TAGS or Concepts, with no mention.
    pub attached_only: bool,
    /// The document's mentions began on the previous page.
    pub continued: bool,
}

#[derive(Serialize)]
pub(crate) struct DocListPart<'a> {
    pub documents: &'a [EntryDoc<'a>],
}

#[derive(Serialize)]
pub(crate) struct KwicDocPart<'a> {
    pub document: &'a EntryDoc<'a>,
    /// Its mention rows on this page, each rendered by parts/kwic-row.html.
    pub rows_html: &'a str,
}

fn date_or_undated(s: &Strings, date: Option<&str>, inferred: Option<&str>, out: &mut String) {
    match date {
        Some(d) => time_html(d, inferred, out),
        None => escape_into(s.get("site.undated"), out),
    }
}

/// An entry page's numbered list of documents (`<li>` items; a document
/// continued from the previous page is not listed again).
pub(crate) fn doc_list(r: &Renderer, documents: &[EntryDoc], out: &mut String) -> crate::base::error::Result<()> {
    let s = r.strings();
    r.part(
        "parts/doc-list.html",
        || DocListPart { documents },
        out,
        |out| {
            for d in documents.iter().filter(|d| !d.continued) {
                out.push_str("<li><a href=\"#d-");
                escape_into(d.id, out);
                out.push_str("\">");
                date_or_undated(s, d.date, d.date_inferred, out);
                out.push_str(" · ");
                escape_into(d.title, out);
                out.push_str("</a> <span class=\"count\">");
                if d.attached_only {
                    escape_into(s.get("entry.no_mention"), out);
                } else {
                    let _ = write!(out, "({})", d.mentions);
                }
                out.push_str("</span></li>");
            }
        },
    )
}

/// One document's group of the concordance: heading and rows.
pub(crate) fn kwic_doc(
    r: &Renderer,
    d: &EntryDoc,
    rows_html: &str,
    out: &mut String,
) -> crate::base::error::Result<()> {
    let s = r.strings();
    r.part(
        "parts/kwic-doc.html",
        || KwicDocPart { document: d, rows_html },
        out,
        |out| {
            out.push_str("<div class=\"kwic-doc\" id=\"d-");
            escape_into(d.id, out);
            if d.continued {
                out.push_str("-cont");
            }
            out.push_str("\"><h3><a href=\"../documents/");
            escape_into(d.id, out);
            out.push_str(".html\">");
            escape_into(d.title, out);
            out.push_str("</a> <span class=\"doc-meta\">");
            date_or_undated(s, d.date, d.date_inferred, out);
            out.push_str(" · ");
            escape_into(d.id, out);
            if d.continued {
                escape_into(s.get("entry.continued"), out);
            }
            out.push_str("</span></h3>");
            if d.attached_only {
                out.push_str("<p class=\"attached\">");
                escape_into(s.get("entry.attached"), out);
                out.push_str("</p>");
            } else {
                out.push_str("<table class=\"kwic\"><tbody>\n");
                out.push_str(rows_html);
                out.push_str("</tbody></table>");
            }
            out.push_str("</div>\n");
        },
    )
}

// ---- timeline.html --------------------------------------------------------

/// One bar of a drawn timeline.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct BarView {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
    pub count: usize,
    /// The tooltip ("April 1978: 3 documents").
    pub title: String,
    pub url: Option<String>,
    /// A year label drawn at `x` before the bar.
    pub year: Option<i32>,
}

/// A timeline as an SVG bar chart: sizes computed, markup in the part.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct TimelinePart {
    pub label: String,
    pub width: usize,
    pub height: usize,
    /// The y of the axis line.
    pub axis: usize,
    /// The y of the year labels.
    pub label_y: usize,
    pub bars: Vec<BarView>,
}

/// Draws a timeline (empty when it has no bars).
pub(crate) fn timeline(r: &Renderer, t: &TimelinePart) -> crate::base::error::Result<String> {
    let mut out = String::new();
    r.part("parts/timeline.html", || t, &mut out, |svg| {
        if t.bars.is_empty() {
            return;
        }
        let (w, h) = (t.width, t.height);
        svg.push_str("<svg class=\"timeline\" role=\"group\" aria-label=\"");
        escape_into(&t.label, svg);
        let _ = write!(
            svg,
            "\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" preserveAspectRatio=\"xMinYMin meet\"><line class=\"axis\" x1=\"0\" y1=\"{a}\" x2=\"{w}\" y2=\"{a}\"></line>",
            a = t.axis
        );
        for b in &t.bars {
            if let Some(y) = b.year {
                let _ = write!(svg, "<text x=\"{}\" y=\"{}\">{y}</text>", b.x, t.label_y);
            }
            if b.count == 0 {
                continue;
            }
            match &b.url {
                Some(u) => {
                    svg.push_str("<a href=\"");
                    escape_into(u, svg);
                    svg.push_str("\">");
                }
                None => svg.push_str("<g>"),
            }
            svg.push_str("<title>");
            escape_into(&b.title, svg);
            let _ = write!(
                svg,
                "</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"></rect>",
                b.x, b.y, b.width, b.height
            );
            svg.push_str(if b.url.is_some() { "</a>" } else { "</g>" });
        }
        svg.push_str("</svg>");
    })?;
    Ok(out)
}
