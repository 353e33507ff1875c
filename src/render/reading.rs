//! The parts of the document page's two panes: the facsimile sheet's
//! lines (`parts/facsimile-sheet.html`), the reading paragraphs
//! (`parts/reading-paragraph.html`) and their notes (`parts/note.html`),
//! each with its fast path that writes the template's bytes (see
//! [`crate::render::parts`]).

use std::borrow::Cow;
use std::fmt::Write;

use serde::Serialize;

use crate::base::error::Result;
use crate::base::text::escape_into;
use crate::load::strings::Strings;
use crate::model::{FormatName, Line, LineKind, Page};

use super::templates::Renderer;

/// The language of a document's own text: telegrams and press-digest
/// articles are in English; other texts in the edition's language.
pub(crate) fn text_language(format: FormatName, edition: &str) -> &str {
    match format {
        FormatName::Cable | FormatName::Article => "en",
        FormatName::Memo | FormatName::Plain => edition,
    }
}

/// The documents' language when it differs from the interface's (for
/// `lang` attributes), else None.
pub(crate) fn text_lang(format: FormatName, s: &Strings) -> Option<&'static str> {
    let primary = |l: &str| l.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    (text_language(format, &s.lang) == "en" && primary(&s.lang) != "en").then_some("en")
}

/// The line kind's name in snake case, as serialized (CSS class `k-<name>`).
pub(crate) fn kind_name(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Text => "text",
        LineKind::Blank => "blank",
        LineKind::ExportHeading => "export_heading",
        LineKind::Banner => "banner",
        LineKind::PageHeader => "page_header",
        LineKind::Routing => "routing",
        LineKind::Control => "control",
        LineKind::Header => "header",
        LineKind::Caption => "caption",
        LineKind::Correction => "correction",
        LineKind::Note => "note",
        LineKind::EndMarker => "end_marker",
        LineKind::Signature => "signature",
        LineKind::Stamp => "stamp",
        LineKind::Attributes => "attributes",
        LineKind::Headline => "headline",
        LineKind::NextItem => "next_item",
        LineKind::Marking => "marking",
        LineKind::Omitted => "omitted",
    }
}

pub(crate) use crate::load::strings::removed_key;

// ---- facsimile-sheet.html ------------------------------------------------

#[derive(Serialize)]
pub(crate) struct SheetInfo<'a> {
    pub number: usize,
    pub label: Option<&'a str>,
    pub section: Option<u32>,
}

#[derive(Serialize)]
pub(crate) struct LinePart<'a> {
    pub n: usize,
    /// The line kind, snake case (CSS class `k-KIND`).
    pub kind: &'static str,
    /// The reading paragraph the line feeds.
    pub paragraph: Option<usize>,
    /// The line as typed.
    pub text: &'a str,
    /// Why the line is not in the reading text, or why the editor put it
    /// in (with the editor's reason).
    pub why: Option<Cow<'a, str>>,
    /// `why` says the editor put the line into the reading text.
    pub editor: bool,
    /// A classification banner or declassification stamp.
    pub stamp: bool,
}

#[derive(Serialize)]
pub(crate) struct SheetPart<'a> {
    pub sheet: SheetInfo<'a>,
    pub lines: Vec<LinePart<'a>>,
}

/// Why line `l` is not in the reading text ("page header"), with the
/// editor's reason when the editor took it out or put it in; and whether
/// the editor put it in.
pub(crate) fn why<'a>(l: &'a Line, s: &'a Strings) -> (Option<Cow<'a, str>>, bool) {
    match (removed_key(l.kind), &l.editor) {
        (Some(k), Some(reason)) => {
            (Some(Cow::Owned(s.fmt("removed.with_reason", &[("why", &s.get(k)), ("reason", reason)]))), false)
        }
        (Some(k), None) => (Some(Cow::Borrowed(s.get(k))), false),
        (None, Some(reason)) => (Some(Cow::Owned(s.fmt("removed.included", &[("reason", reason)]))), true),
        (None, None) => (None, false),
    }
}

/// The typed lines of one sheet (inside `<pre class="typed">`).
pub(crate) fn sheet(r: &Renderer, page: &Page, out: &mut String) -> Result<()> {
    let s = r.strings();
    r.part(
        "parts/facsimile-sheet.html",
        || SheetPart {
            sheet: SheetInfo { number: page.number, label: page.label.as_deref(), section: page.section },
            lines: page
                .lines
                .iter()
                .map(|l| {
                    let (why, editor) = why(l, s);
                    LinePart {
                        n: l.n,
                        kind: kind_name(l.kind),
                        paragraph: l.paragraph,
                        text: &l.text,
                        why,
                        editor,
                        stamp: matches!(l.kind, LineKind::Banner | LineKind::Stamp),
                    }
                })
                .collect(),
        },
        out,
        |out| sheet_fast(&page.lines, s, out),
    )
}

fn sheet_fast(lines: &[Line], s: &Strings, out: &mut String) {
    out.reserve(lines.iter().map(|l| l.text.len() + 90).sum());
    for l in lines {
        if l.kind == LineKind::Blank && l.paragraph.is_none() {
            // Half the lines of a telegram: no number shown, nothing to link.
            let _ = write!(out, "<span class=\"ln k-blank\" id=l{}>", l.n);
            escape_into(&l.text, out);
            out.push_str("\n</span>");
            continue;
        }
        let _ = write!(out, "<span class=\"ln k-{}\" id=l{} data-n={}", kind_name(l.kind), l.n, l.n);
        if let Some(p) = l.paragraph {
            let _ = write!(out, " data-p={p}");
        }
        out.push('>');
        match l.paragraph {
            Some(p) => {
                let _ = write!(out, "<a href=#p{p}>");
                escape_into(&l.text, out);
                out.push_str("</a>");
            }
            None => {
                if matches!(l.kind, LineKind::Banner | LineKind::Stamp) {
                    out.push_str("<span class=stamp>");
                    escape_into(&l.text, out);
                    out.push_str("</span>");
                } else {
                    escape_into(&l.text, out);
                }
            }
        }
        if let (Some(why), editor) = why(l, s) {
            out.push_str(if editor { "<span class=\"why ed\"> " } else { "<span class=why> " });
            escape_into(&why, out);
            out.push_str("</span>");
        }
        out.push_str("\n</span>");
    }
}

// ---- reading-paragraph.html and note.html --------------------------------

#[derive(Serialize)]
pub(crate) struct ParagraphInfo<'a> {
    pub n: usize,
    /// Raw line numbers it was made from.
    pub lines: &'a [usize],
    /// The sheet where it starts.
    pub page: usize,
    /// Its first line (`#lN`).
    pub first_line: usize,
    /// The paragraph as HTML: mentions linked, emendations, note
    /// references, the marks of the editor's interventions.
    pub html: &'a str,
    /// The documents' language when it is not the interface's.
    pub lang: Option<&'a str>,
    /// The document's own number of the paragraph ("3", "3-a"), and its
    /// anchor (`para-3`), when it has one.
    pub label: Option<&'a str>,
    pub anchor: Option<&'a str>,
    /// The paragraph's citation (HTML), shown under "Cite ¶N".
    pub cite_html: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct NoteInfo<'a> {
    pub n: usize,
    /// The passage the note is anchored to, as in the reading text.
    pub quote: &'a str,
    /// The note, Markdown rendered to HTML.
    pub html: &'a str,
    /// The language of the quote when it is not the interface's.
    pub quote_lang: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct NotePart<'a> {
    pub note: &'a NoteInfo<'a>,
}

#[derive(Serialize)]
pub(crate) struct ParagraphPart<'a> {
    pub paragraph: &'a ParagraphInfo<'a>,
    pub notes: &'a [NoteInfo<'a>],
    /// The notes, each rendered by parts/note.html.
    pub notes_html: &'a str,
}

/// One note (inside the paragraph's `<div class="notes">`).
pub(crate) fn note(r: &Renderer, note: &NoteInfo, out: &mut String) -> Result<()> {
    r.part("parts/note.html", || NotePart { note }, out, |out| {
        let k = note.n;
        let _ = write!(
            out,
            "<aside class=\"note\" id=\"n{k}\" aria-labelledby=\"nh{k}\"><p class=\"note-head\" id=\"nh{k}\"><a class=\"note-no\" href=\"#r{k}\" title=\""
        );
        escape_into(r.strings().get("document.back_to_passage"), out);
        let _ = write!(out, "\">{k}</a> <q");
        if let Some(l) = note.quote_lang {
            out.push_str(" lang=\"");
            escape_into(l, out);
            out.push('"');
        }
        out.push('>');
        escape_into(note.quote, out);
        out.push_str("</q></p>");
        out.push_str(note.html);
        out.push_str("</aside>");
    })
}

/// One paragraph of the reading text with its notes.
pub(crate) fn paragraph(r: &Renderer, p: &ParagraphInfo, notes: &[NoteInfo], out: &mut String) -> Result<()> {
    let mut notes_html = String::new();
    for n in notes {
        note(r, n, &mut notes_html)?;
    }
    let s = r.strings();
    r.part(
        "parts/reading-paragraph.html",
        || ParagraphPart { paragraph: p, notes, notes_html: &notes_html },
        out,
        |out| {
            let n = p.n;
            let _ = write!(
                out,
                "<div class=\"para-wrap{}\"><p class=\"para\" id=\"p{n}\" data-lines=\"",
                if notes.is_empty() { "" } else { " has-notes" }
            );
            for (i, l) in p.lines.iter().enumerate() {
                let _ = write!(out, "{}{l}", if i == 0 { "" } else { " " });
            }
            let _ = write!(out, "\"><a class=\"pno\" href=\"#p{n}\" title=\"");
            escape_into(&s.fmt("document.paragraph", &[("n", &n)]), out);
            let _ = write!(out, "\">{n}</a> ");
            if let (Some(anchor), Some(label)) = (p.anchor, p.label) {
                // An anchor target, not a second link beside ¶N.
                out.push_str("<span class=\"dpn\" id=\"");
                escape_into(anchor, out);
                out.push_str("\" title=\"");
                escape_into(&s.fmt("document.own_paragraph", &[("label", &label), ("anchor", &anchor)]), out);
                out.push_str("\">");
                escape_into(&s.fmt("document.own_paragraph_short", &[("label", &label)]), out);
                out.push_str("</span> ");
            }
            match p.lang {
                Some(l) => {
                    out.push_str("<span lang=\"");
                    escape_into(l, out);
                    out.push_str("\">");
                    out.push_str(p.html);
                    out.push_str("</span>");
                }
                None => out.push_str(p.html),
            }
            let _ = write!(out, " <a class=\"src\" href=\"#l{}\">", p.first_line);
            escape_into(&s.fmt("document.source_sheet", &[("n", &p.page)]), out);
            out.push_str("</a></p>");
            if let Some(c) = p.cite_html {
                out.push_str("<details class=\"cite-p\"><summary>");
                escape_into(&s.fmt("document.cite_paragraph", &[("n", &n)]), out);
                out.push_str("</summary><p class=\"citation\" data-cite=\"");
                escape_into(&s.fmt("document.cite_paragraph_label", &[("n", &n)]), out);
                out.push_str("\">");
                out.push_str(c);
                out.push_str("</p></details>");
            }
            if !notes.is_empty() {
                out.push_str("<div class=\"notes\">");
                out.push_str(&notes_html);
                out.push_str("</div>");
            }
            out.push_str("</div>\n");
        },
    )
}
