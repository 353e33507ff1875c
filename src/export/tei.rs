//! Export, TEI: each document as a TEI P5 XML file (tei/<id>.xml), valid
//! against tei_all (checked with jing by scripts/validate-tei.sh).
//!
//! - `teiHeader` ([`crate::export::tei_header`]): the edition (title, editors,
//!   licence, URL), the document's identity (`msDesc/msIdentifier` with its
//!   number), its metadata, classification, TAGS and topics as `textClass`
//!   keywords whose schemes are declared in `encodingDesc/classDecl`;
//! - `text/front`: the editors' headnote;
//! - `text/body`: the reading text (`div type="reading"`, one `<p>` per
//!   paragraph with `@n` and the page's `xml:id` `pN`, mentions as
//!   persName/placeName/orgName/term with `@ref` into the edition's register
//!   file, emendations as `choice/sic/corr`, note anchors), then the text as
//!   typed (`div type="transcription"`: every raw line with `<pb/>` and
//!   `<lb/>`, lines and parts of lines kept out of the reading text as
//!   `<seg>` whose `@ana` points at the reason);
//! - `text/back`: the editors' notes, each `<note target targetEnd>`
//!   pointing at the anchors around its passage (anchors, not `<seg>`, so
//!   overlapping passages stay well-formed), their Markdown as TEI with
//!   links as `<ref target>`; the notes of the emendations.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::annotate::mentions::Mention;
use crate::annotate::paragraph::{emendation_over, take_at, Bucket, ByParagraph};
use crate::annotate::{Annotated, AppliedEmendation};
use crate::export::tei_html::{self, Context};
use crate::load::config::SiteConfig;
use crate::load::registers::Registers;
use crate::load::strings::Strings;
use crate::model::LineKind;

pub(crate) use crate::export::tei_names::*;

/// The TEI document for one annotated document.
pub(crate) fn document(a: &Annotated, cfg: &SiteConfig, registers: &Registers, s: &Strings) -> String {
    let d = &a.doc;
    let mut x = String::with_capacity(d.paragraphs.iter().map(|p| p.text.len()).sum::<usize>() * 4 + 8192);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(x, "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"{}\">", esc(&cfg.language));
    crate::export::tei_header::header(&mut x, a, cfg, registers, s);
    x.push_str("<text>\n");
    if !a.headnote_html.trim().is_empty() {
        let _ = writeln!(x, "<front>\n<div type=\"headnote\">\n<head>{}</head>", esc(s.get("document.headnote")));
        x.push_str(&tei_html::to_tei(&a.headnote_html, Context::Block));
        x.push_str("\n</div>\n</front>\n");
    }
    let _ = writeln!(x, "<body>\n<div type=\"reading\">\n<head>{}</head>", esc(s.get("document.reading")));
    let mut emendation_ids = vec![None; a.emendations.len()];
    // The annotations by paragraph, once: linear in the document.
    let by_paragraph = ByParagraph::new(a);
    for p in &d.paragraphs {
        let _ = write!(x, "<p xml:id=\"p{0}\" n=\"{0}\"", p.n);
        if !p.lines.is_empty() {
            x.push_str(" corresp=\"");
            for (i, l) in p.lines.iter().enumerate() {
                let _ = write!(x, "{}#l{l}", if i > 0 { " " } else { "" });
            }
            x.push('"');
        }
        x.push('>');
        paragraph(&mut x, a, by_paragraph.get(p.n), p.n, &mut emendation_ids, s);
        x.push_str("</p>\n");
    }
    if d.paragraphs.is_empty() {
        x.push_str("<p><gap reason=\"no-reading-text\"/></p>\n");
    }
    if let Some(e) = &d.excerpt {
        let description = crate::annotate::correct::words::excerpt_description(d, s).unwrap_or(e.description.clone());
        let _ = writeln!(x, "<gap reason=\"excerpt\"><desc>{}</desc></gap>", esc(&description));
    }
    x.push_str("</div>\n");
    transcription(&mut x, a, s);
    x.push_str("</body>\n");
    let ems_with_notes: Vec<_> = a
        .emendations
        .iter()
        .zip(&emendation_ids)
        .filter(|(e, _)| e.note.as_deref().is_some_and(|n| !n.trim().is_empty()))
        .collect();
    if !a.notes.is_empty() || !ems_with_notes.is_empty() {
        let _ = writeln!(x, "<back>\n<div type=\"notes\">\n<head>{}</head>", esc(s.get("tei.notes")));
        for n in &a.notes {
            let _ = write!(
                x,
                "<note xml:id=\"n{0}\" n=\"{0}\" type=\"commentary\" resp=\"#editors\" target=\"#q{0}\" targetEnd=\"#q{0}-end\"><quote>{1}</quote>",
                n.n,
                esc(&n.quote)
            );
            x.push_str(&tei_html::to_tei(&n.html, Context::Block));
            x.push_str("</note>\n");
        }
        for (e, id) in ems_with_notes {
            if let (Some(note), Some(id)) = (&e.note, id) {
                let _ =
                    writeln!(x, "<note type=\"emendation\" resp=\"#editors\" target=\"#{id}\">{}</note>", esc(note));
            }
        }
        x.push_str("</div>\n</back>\n");
    }
    x.push_str("</text>\n</TEI>\n");
    x
}

/// One reading paragraph: mentions, emendations and note anchors.
/// `emendation_ids` gets the `xml:id` of each emendation written, at its
/// index in `a.emendations`. One sweep over the cut points, every list
/// walked with a cursor (linear in the paragraph and its annotations).
fn paragraph(
    out: &mut String,
    a: &Annotated,
    b: &Bucket,
    n: usize,
    emendation_ids: &mut [Option<String>],
    st: &Strings,
) {
    let Some(p) = a.doc.paragraphs.get(n - 1) else { return };
    let text = &p.text;
    // Sorted by start, never overlapping (see ByParagraph).
    let ems = &b.emendations;
    let em_list: Vec<&AppliedEmendation> = ems.iter().map(|(_, e)| *e).collect();
    let mut mentions: Vec<&Mention> =
        b.mentions.iter().copied().filter(|m| emendation_over(&em_list, m.start, m.end).is_none()).collect();
    mentions.sort_by_key(|m| m.start);
    let mut notes_by_start: Vec<_> = b.notes.clone();
    notes_by_start.sort_by_key(|x| x.start);
    let mut notes_by_end: Vec<_> = b.notes.clone();
    notes_by_end.sort_by_key(|x| x.end);
    // The editor's corrections of the parse marked at their place (after an
    // emendation they fall in).
    let mut marks: Vec<(usize, &crate::model::Intervention)> = b
        .interventions
        .iter()
        .filter(|i| crate::annotate::correct::marked_in_text(i.kind))
        .filter_map(|i| {
            let mut at = i.offset?.min(text.len());
            if let Some(e) = emendation_over(&em_list, at, at) {
                at = e.end;
            }
            while !text.is_char_boundary(at) {
                at += 1;
            }
            Some((at, *i))
        })
        .collect();
    marks.sort_by_key(|(at, _)| *at);
    // Withheld-text markers (issue 17), as gaps; never inside an emendation.
    let mut gaps: Vec<_> = b
        .gaps
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, g)| g.gap.end <= text.len())
        .filter(|(_, g)| emendation_over(&em_list, g.gap.start, g.gap.end).is_none())
        .collect();
    gaps.sort_by_key(|(_, g)| g.gap.start);
    // Cut points; mentions and emendations never overlap each other here,
    // note anchors are empty elements.
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for (_, g) in &gaps {
        cuts.insert(g.gap.start);
        cuts.insert(g.gap.end);
    }
    for m in &mentions {
        cuts.insert(m.start);
        cuts.insert(m.end);
    }
    for (_, e) in ems {
        cuts.insert(e.start);
        cuts.insert(e.end);
    }
    for no in &b.notes {
        cuts.insert(no.start);
        cuts.insert(no.end);
    }
    for (at, _) in &marks {
        cuts.insert(*at);
    }
    let cuts: Vec<usize> = cuts.into_iter().filter(|&c| text.is_char_boundary(c)).collect();
    let (mut next_mark, mut next_start, mut next_end, mut next_mention, mut next_gap) = (0, 0, 0, 0, 0);
    // The gaps begun so far that may still hold the current stretch, in the
    // order of the document's list.
    let mut open_gaps: Vec<(usize, &crate::annotate::apparatus::ParagraphGap)> = Vec::new();
    let mut open_mention: Option<&Mention> = None;
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        for (_, i) in take_at(&marks, &mut next_mark, s, |m| m.0) {
            out.push_str(&intervention_note(i, st));
        }
        for no in take_at(&notes_by_start, &mut next_start, s, |x| x.start) {
            let _ = write!(out, "<anchor xml:id=\"q{}\"/>", no.n);
        }
        let starting = take_at(&mentions, &mut next_mention, s, |m| m.start);
        if open_mention.is_none() {
            if let Some(m) = starting.first() {
                let _ = write!(out, "<{} ref=\"{}\">", element(m.kind), esc(&entry_ref(m.kind, m.id.as_str())));
                open_mention = Some(m);
            }
        }
        while next_gap < gaps.len() && gaps[next_gap].1.gap.start <= s {
            open_gaps.push(gaps[next_gap]);
            next_gap += 1;
        }
        open_gaps.retain(|(_, g)| g.gap.end > s);
        let holding = open_gaps.iter().filter(|(_, g)| e <= g.gap.end).min_by_key(|(k, _)| *k);
        let k = ems.partition_point(|(_, x)| x.end <= s);
        let em = ems.get(k).filter(|(_, x)| x.start <= s && e <= x.end);
        if let Some((_, g)) = holding {
            if g.gap.start == s {
                gap(out, &g.gap);
            }
        } else if let Some(&(i, em)) = em {
            if em.start == s {
                let id = format!("e{}", i + 1);
                choice(out, &id, &em.reading, &em.correction);
                if let Some(slot) = emendation_ids.get_mut(i) {
                    *slot = Some(id);
                }
            }
        } else if s < e {
            out.push_str(&esc(&text[s..e]));
        }
        if let Some(m) = open_mention {
            if m.end == e {
                let _ = write!(out, "</{}>", element(m.kind));
                open_mention = None;
            }
        }
        for no in take_at(&notes_by_end, &mut next_end, e, |x| x.end) {
            let _ = write!(out, "<anchor xml:id=\"q{}-end\"/>", no.n);
        }
    }
    if let Some(m) = open_mention {
        let _ = write!(out, "</{}>", element(m.kind));
    }
    if !text.is_empty() {
        for (_, i) in take_at(&marks, &mut next_mark, text.len(), |m| m.0) {
            out.push_str(&intervention_note(i, st));
        }
    }
}

/// An intervention at its place in the reading text.
fn intervention_note(i: &crate::model::Intervention, s: &Strings) -> String {
    format!(
        "<note type=\"editorial\" subtype=\"{}\" resp=\"#editors\" xml:id=\"i{}\" n=\"{}\">{}</note>",
        crate::export::tei_names::intervention_kind(i.kind),
        i.n,
        i.n,
        esc(&s.fmt(
            "intervention.mark",
            &[("what", &crate::annotate::correct::words::describe(i, s)), ("reason", &i.reason)]
        ))
    )
}

/// The text as typed: every sheet (`<pb/>`) and line (`<lb/>`, with its
/// number and, unless it is an empty line nothing points at, `xml:id`), what is not
/// part of the reading text as `<seg ana>` (its `@ana` the reason, declared
/// in the header: a `@type` naming the kind again was a kilobyte a document).
fn transcription(x: &mut String, a: &Annotated, s: &Strings) {
    let d = &a.doc;
    let _ = write!(
        x,
        "<div type=\"transcription\" subtype=\"diplomatic\">\n<head>{}</head>\n<ab>",
        esc(s.get("tei.as_typed"))
    );
    // The lines the reading paragraphs point at (`corresp`): they keep their
    // xml:id even when blank. Every other line has one but an empty line,
    // half of a telegram's lines, which nothing points at (issue 22).
    let pointed: BTreeSet<usize> = d.paragraphs.iter().flat_map(|p| p.lines.iter().copied()).collect();
    for page in &d.pages {
        let _ = write!(x, "<pb n=\"{0}\" xml:id=\"f{0}\"", page.number);
        if let Some(s) = page.section {
            let _ = write!(x, " type=\"section-{s}\"");
        }
        x.push_str("/>\n");
        for l in &page.lines {
            if l.kind == LineKind::Blank && !pointed.contains(&l.n) {
                // An empty line nothing points at: its number, no id.
                let _ = write!(x, "<lb n=\"{}\"/>", l.n);
            } else {
                let _ = write!(x, "<lb n=\"{0}\" xml:id=\"l{0}\"/>", l.n);
            }
            match l.kind {
                LineKind::Blank => {}
                LineKind::Text => text_line(x, &l.text, &l.removed),
                k => {
                    let _ = write!(x, "<seg ana=\"#{}\">{}</seg>", removed_category(k), esc(&l.text));
                }
            }
            x.push('\n');
        }
    }
    x.push_str("</ab>\n</div>\n");
}

/// A text line whose parts may be kept out of the reading text.
fn text_line(x: &mut String, text: &str, removed: &[crate::model::Removed]) {
    let mut pos = 0;
    for r in removed {
        if r.text.is_empty() {
            continue;
        }
        let Some(i) = text[pos..].find(&r.text) else { continue };
        let start = pos + i;
        x.push_str(&esc(&text[pos..start]));
        let _ = write!(x, "<seg ana=\"#{}\">{}</seg>", removed_category(r.kind), esc(&r.text));
        pos = start + r.text.len();
    }
    x.push_str(&esc(&text[pos..]));
}

/// A withheld-text marker as a TEI gap: the marker's words in `<desc>`,
/// the extent in `@quantity`/`@unit` when the marker states a number, the
/// exemption cited in `@n`.
fn gap(out: &mut String, g: &crate::parse::apparatus::withheld::Gap) {
    out.push_str("<gap reason=\"withheld\"");
    if let Some((q, u)) = &g.extent {
        if q.bytes().all(|b| b.is_ascii_digit()) {
            let _ = write!(out, " quantity=\"{q}\" unit=\"{}\"", esc(u));
        }
    }
    if let Some(e) = &g.exemption {
        let _ = write!(out, " n=\"{}\"", esc(e));
    }
    let _ = write!(out, "><desc>{}</desc></gap>", esc(&g.text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips() {
        assert_eq!(esc("a<b>&\u{1}\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
    }

    #[test]
    fn removed_parts_of_a_line_are_segments() {
        let mut x = String::new();
        let removed = vec![crate::model::Removed { text: "CONFIDENTIAL".into(), kind: LineKind::Banner }];
        text_line(&mut x, "THE STATECONFIDENTIAL", &removed);
        assert_eq!(x, "THE STATE<seg ana=\"#removed-banner\">CONFIDENTIAL</seg>");
    }
}
