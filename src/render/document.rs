//! Stage 5, render (the document page): builds the [`DocumentView`] of one
//! annotated document, the model of `documents/<id>.html`.
//!
//! The page shows the raw text as facsimile sheets (every line as typed, each
//! with why it is or is not part of the reading text), the reading
//! transcription with its notes, and a metadata panel whose codes are
//! explained: the date-time group read out, precedence, TAGS codes with their
//! meanings (and the topic each files under), addressees spelled out.
//! Everything here is computed in Rust so the template only loops.

use std::collections::BTreeMap;

use crate::annotate::tags::TagView;
use crate::annotate::{self, Annotated};
use crate::index::DocSummary;
use crate::model::{Document, LineKind, Metadata};
use crate::render::context::Ctx;
use crate::render::view::*;

/// The line kind's name in snake case, as serialized (CSS class `k-<name>`).
pub fn kind_name(kind: LineKind) -> &'static str {
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

/// Why a line of this kind is not in the reading text (None: it is, or it is blank).
pub fn removed_because(kind: LineKind) -> Option<&'static str> {
    Some(match kind {
        LineKind::Text | LineKind::Blank => return None,
        LineKind::ExportHeading => "export heading",
        LineKind::Banner => "classification banner",
        LineKind::PageHeader => "page header",
        LineKind::Routing => "routing",
        LineKind::Control => "transmission control",
        LineKind::Header => "heading, in the metadata",
        LineKind::Caption => "caption",
        LineKind::Correction => "correction notice",
        LineKind::Note => "communication-centre note",
        LineKind::EndMarker => "end of section",
        LineKind::Signature => "signature",
        LineKind::Stamp => "declassification stamp",
        LineKind::Attributes => "message attributes",
        LineKind::Headline => "headline, in the metadata",
        LineKind::NextItem => "next item, cut off",
        LineKind::Marking => "marking or conversion artefact",
        LineKind::Omitted => "left out by the editor",
    })
}

/// "1978-04-20" → "20 April 1978"; "1978-04" → "April 1978"; else as given.
pub fn long_date(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    let (y, m, d) = (parts.next(), parts.next(), parts.next());
    let month = m.and_then(|m| m.parse::<usize>().ok()).and_then(|m| crate::base::text::MONTHS.get(m.wrapping_sub(1)));
    match (y, month, d.and_then(|d| d.get(..2)).and_then(|d| d.parse::<u32>().ok())) {
        (Some(y), Some(m), Some(d)) => format!("{d} {m} {y}"),
        (Some(y), Some(m), None) => format!("{m} {y}"),
        _ => iso.to_string(),
    }
}

/// The reading of a date-time group from its ISO form
/// (`1978-04-20T13:17Z` → "20 April 1978, 13:17 GMT").
pub fn dtg_reading(iso: &str) -> Option<String> {
    let (date, time) = iso.split_once('T')?;
    let time = time.trim_end_matches('Z');
    if time.len() != 5 || date.len() != 10 {
        return None;
    }
    Some(format!("{}, {time} GMT", long_date(date)))
}

/// What a telegram's precedence letter means.
pub fn precedence_meaning(p: &str) -> Option<&'static str> {
    Some(match p {
        "R" => "routine",
        "P" => "priority",
        "O" => "immediate",
        "Z" => "flash",
        "N" => "niact immediate (night action)",
        _ => return None,
    })
}

/// Spells out a telegram addressee ("AMEMBASSY MOSCOW" → "American Embassy,
/// Moscow"); None when it is not a recognised form.
pub fn addressee(a: &str) -> Option<String> {
    let a = a.trim();
    let fixed = match a {
        "SECSTATE WASHDC" => Some("Secretary of State, Washington (the Department of State)"),
        "USMISSION USNATO" | "USNATO" => Some("US Mission to NATO, Brussels"),
        "USMISSION USUN NEW YORK" | "USUN NEW YORK" | "USMISSION USUN" => {
            Some("US Mission to the United Nations, New York")
        }
        "USMISSION USBERLIN" | "USBERLIN" => Some("US Mission, Berlin"),
        "CINCPAC HONOLULU HI" | "CINCPAC" => Some("Commander-in-Chief, Pacific, Honolulu"),
        "SECDEF WASHDC" => Some("Secretary of Defense, Washington"),
        "JCS WASHDC" => Some("Joint Chiefs of Staff, Washington"),
        "CIA WASHDC" => Some("Central Intelligence Agency, Washington"),
        "USLO PEKING" => Some("US Liaison Office, Peking"),
        _ => None,
    };
    if let Some(f) = fixed {
        return Some(f.to_string());
    }
    let (prefix, place) = a.split_once(' ')?;
    let office = match prefix {
        "AMEMBASSY" => "American Embassy",
        "AMCONSUL" => "American Consulate",
        "AMCONGEN" => "American Consulate General",
        "USMISSION" => "US Mission",
        "USDEL" => "US Delegation",
        "USLO" => "US Liaison Office",
        "USINT" => "US Interests Section",
        _ => return None,
    };
    Some(format!("{office}, {}", title_case(place)))
}

/// "NEW DELHI" → "New Delhi".
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn typed(text: &str) -> FactValue {
    FactValue { text: text.to_string(), typed: true, ..Default::default() }
}

fn plain(text: impl Into<String>) -> FactValue {
    FactValue { text: text.into(), ..Default::default() }
}

fn dedup(v: &[String]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    v.iter().map(String::as_str).filter(|s| seen.insert(*s)).collect()
}

/// The metadata panel of a document: every structured field, explained.
pub fn facts(doc: &Document, tags: &[TagView]) -> Vec<Fact> {
    let m: &Metadata = &doc.metadata;
    let mut out = Vec::new();
    let mut push = |key: &'static str, label: &'static str, values: Vec<FactValue>| {
        if !values.is_empty() {
            out.push(Fact { key, label, values });
        }
    };
    if let Some(c) = &m.classification {
        let mut v = typed(&format!("{c}{}", m.caveats.iter().map(|c| format!(" {c}")).collect::<String>()));
        let now = m.attributes.iter().find(|a| a.key.eq_ignore_ascii_case("Current Classification"));
        if let Some(now) = now.filter(|n| !n.value.eq_ignore_ascii_case(c)) {
            v.gloss = Some(format!("now {}", now.value));
        }
        push("classification", "Classification", vec![v]);
    }
    if let Some(d) = &m.dtg {
        let mut v = typed(d);
        v.gloss = m.dtg_iso.as_deref().and_then(dtg_reading).map(|r| {
            format!("{r}: the date-time group gives day, hour and minute in Greenwich (“Z”, Zulu) time, then month and year")
        });
        push("dtg", "Date-time group", vec![v]);
    }
    if let Some(p) = &m.precedence {
        let mut v = typed(p);
        v.gloss = precedence_meaning(p).map(|s| format!("precedence: {s}"));
        push("precedence", "Precedence", vec![v]);
    }
    let addr = |a: &str| FactValue { gloss: addressee(a), ..typed(a) };
    if let Some(f) = &m.from {
        push("from", "From", vec![addr(f)]);
    }
    push("to", "To", dedup(&m.to).into_iter().map(addr).collect());
    if !m.info.is_empty() {
        push("info", "Info (repeated to)", vec![typed(&dedup(&m.info).join(" · "))]);
    }
    if let Some(s) = &m.subject {
        push("subject", "Subject", vec![typed(s)]);
    }
    let tag_values = tags
        .iter()
        .map(|t| {
            let mut v = typed(&t.code);
            let topics: Vec<&str> = t.topics.iter().map(|(_, name)| name.as_str()).collect();
            v.gloss = match (&t.meaning, topics.is_empty()) {
                (Some(m), false) => Some(format!("{m}; filed under {}", topics.join(", "))),
                (Some(m), true) => Some(m.clone()),
                (None, false) => Some(format!("filed under {}", topics.join(", "))),
                (None, true) => None,
            };
            v.url = t.topics.first().map(|(id, _)| format!("../topics/{id}.html"));
            v
        })
        .collect();
    push("tags", "TAGS", tag_values);
    push(
        "ref",
        "REF",
        m.references
            .iter()
            .map(|r| {
                let text = match &r.label {
                    Some(l) => format!("{l}. {}", r.text),
                    None => r.text.clone(),
                };
                FactValue { gloss: r.document.clone().map(|d| format!("document {d}")), ..typed(&text) }
            })
            .collect(),
    );
    if let Some(e) = &m.executive_order {
        let mut v = typed(e);
        if e.contains("11652") {
            v.gloss = Some(
                "Executive Order 11652 (1972) governed classification; GDS is its General Declassification Schedule, XGDS an exemption from it"
                    .into(),
            );
        }
        push("eo", "E.O.", vec![v]);
    }
    push("captions", "Captions", m.captions.iter().map(|c| typed(c)).collect());
    if let Some(n) = m.sections.filter(|n| *n > 1) {
        let text = match &doc.excerpt {
            Some(e) if !e.missing_sections.is_empty() => format!(
                "sent in {n} sections; {} of {n} {} missing from this copy",
                crate::annotate::correct::sections_phrase(&e.missing_sections),
                if e.missing_sections.len() == 1 { "is" } else { "are" }
            ),
            _ => format!("sent in {n} sections, joined in the reading text"),
        };
        push("sections", "Sections", vec![plain(text)]);
    }
    if let Some(e) = &doc.excerpt {
        push(
            "excerpt",
            "Excerpt",
            vec![plain(format!("{}{}", e.description, if e.declared { " (the editor's statement)" } else { "" }))],
        );
    }
    if m.action.is_some() || !m.distribution.is_empty() {
        let mut parts: Vec<&str> = m.action.iter().map(String::as_str).collect();
        parts.extend(dedup(&m.distribution));
        push(
            "distribution",
            "Distribution",
            vec![FactValue { gloss: Some("offices that received copies".into()), ..typed(&parts.join(" ")) }],
        );
    }
    if let Some(s) = &m.signature {
        push("signature", "Signature", vec![typed(s)]);
    }
    push("corrections", "Corrections", m.corrections.iter().map(|c| typed(c)).collect());
    push("notes", "Communication-centre notes", m.notes.iter().map(|c| typed(c)).collect());
    push("stamps", "Declassification", m.stamps.iter().map(|c| typed(c)).collect());
    if let Some(p) = &m.publication {
        let mut t = p.clone();
        if let Some(v) = &m.volume {
            t.push_str(&format!(", volume {v}"));
        }
        if let Some(i) = &m.issue {
            t.push_str(&format!(", issue {i}"));
        }
        push("publication", "Publication", vec![plain(t)]);
    }
    push(
        "citations",
        "Sources cited",
        m.citations
            .iter()
            .map(|c| FactValue { url: Some(format!("#p{}", c.paragraph)), ..plain(c.text.clone()) })
            .collect(),
    );
    if let Some(n) = &m.next_item {
        push("next-item", "Next item (cut off)", vec![typed(n)]);
    }
    if let Some(n) = &m.document_number {
        push("number", "Document number", vec![typed(n)]);
    }
    if !m.concepts.is_empty() && !m.attributes.iter().any(|a| a.key == "Concepts") {
        push("concepts", "Concepts", m.concepts.iter().map(|c| typed(c)).collect());
    }
    out
}

/// The editorial interventions as listed under "About this document".
pub fn interventions_view(a: &Annotated) -> Vec<crate::render::view::InterventionView> {
    a.doc
        .interventions
        .iter()
        .map(|i| crate::render::view::InterventionView {
            n: i.n,
            what: crate::annotate::correct::describe(i),
            reason: i.reason.clone(),
            href: match (i.kind, i.paragraph) {
                (k, Some(_)) if crate::annotate::correct::marked_in_text(k) && i.offset.is_some() => {
                    Some(format!("#i{}", i.n))
                }
                (_, Some(p)) => Some(format!("#p{p}")),
                _ => None,
            },
        })
        .collect()
}

/// "State Department telegram", ...
pub fn format_label(format: &str) -> &'static str {
    match format {
        "cable" => "State Department telegram",
        "article" => "Press-digest article",
        _ => "Text",
    }
}

/// The line under the title: sender and date, FRUS style.
pub fn dateline(doc: &Document) -> Option<String> {
    let m = &doc.metadata;
    let date = doc.date.as_deref().map(long_date);
    let who = match (&m.from, m.to.first()) {
        (Some(f), Some(t)) => Some(format!(
            "{} to {}",
            addressee(f).map(|s| s.replace(", ", " ")).unwrap_or_else(|| f.clone()),
            addressee(t).map(|s| s.split(" (").next().unwrap_or("").to_string()).unwrap_or_else(|| t.clone())
        )),
        (Some(f), None) => Some(addressee(f).unwrap_or_else(|| f.clone())),
        _ => m.publication.clone(),
    };
    match (who, date) {
        (Some(w), Some(d)) => Some(format!("{w}, {d}")),
        (Some(w), None) => Some(w),
        (None, Some(d)) => Some(d),
        (None, None) => None,
    }
}

/// Stands in a rendered document page for the links to the previous and
/// next documents until the whole edition is known ([`doc_nav_html`]).
pub const NAV_SLOT: &str = "\u{1}folio:doc-nav\u{1}";
/// Stands in a rendered document page for its related documents
/// ([`related_html`]).
pub const RELATED_SLOT: &str = "\u{1}folio:related\u{1}";

/// The view of one document page. What depends on the whole edition (the
/// previous and next documents by date, related documents) is left as
/// [`NAV_SLOT`] and [`RELATED_SLOT`], filled in by the build's second pass.
pub fn document_view<'a>(site: Ctx<'a>, a: &'a Annotated) -> DocumentView<'a> {
    let paragraphs_html = paragraphs_html(a);
    let sheets = a
        .doc
        .pages
        .iter()
        .map(|p| SheetView {
            number: p.number,
            label: p.label.as_deref(),
            section: p.section,
            lines_html: sheet_html(&p.lines),
        })
        .collect();
    let entities = crate::render::registers::document_entities(&site, a);
    let tags = crate::annotate::tags::tag_views(&a.doc, site.topic_map, site.registers);
    let mut removed: BTreeMap<&'static str, usize> = BTreeMap::new();
    for l in a.doc.lines() {
        if let Some(why) = removed_because(l.kind) {
            *removed.entry(why).or_default() += 1;
        }
    }
    DocumentView {
        id: &a.doc.id,
        format: &a.doc.format,
        format_label: format_label(&a.doc.format),
        date: a.doc.date.as_deref(),
        dateline: dateline(&a.doc),
        summary: a.summary.as_deref(),
        classification: a.doc.metadata.classification.as_deref(),
        facts_html: facts_html(&facts(&a.doc, &tags), &site.config.language),
        attribute_count: a.doc.metadata.attributes.len(),
        attributes_html: attributes_html(&a.doc.metadata),
        headnote_html: &a.headnote_html,
        sheets,
        paragraphs_html,
        paragraph_count: a.doc.paragraphs.len(),
        note_count: a.notes.len(),
        entities_html: entities_html(&entities),
        doc_nav_html: NAV_SLOT,
        related_html: RELATED_SLOT,
        removed_total: removed.values().sum(),
        interventions: interventions_view(a),
        excerpt: a.doc.excerpt.as_ref().map(|e| e.description.clone()),
        own_numbers: a.doc.paragraphs.iter().any(|p| p.anchor.is_some()),
        removed: removed.into_iter().collect(),
    }
}

/// The HTML of a facsimile sheet's lines (inside `<pre class="typed">`):
/// per line `<span class="ln k-KIND" id=lN>` holding the line number, the
/// text as typed (a link to its paragraph, or a stamp) and, for a removed
/// line, why it is not in the reading text.
pub fn sheet_html(lines: &[crate::model::Line]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(lines.iter().map(|l| l.text.len() + 90).sum());
    for l in lines {
        if l.kind == LineKind::Blank && l.paragraph.is_none() {
            // Half the lines of a telegram: no number shown, nothing to link.
            let _ = write!(out, "<span class=\"ln k-blank\" id=l{}>", l.n);
            crate::base::text::escape_into(&l.text, &mut out);
            out.push_str("\n</span>");
            continue;
        }
        let _ = write!(out, "<span class=\"ln k-{}\" id=l{}", kind_name(l.kind), l.n);
        if let Some(p) = l.paragraph {
            let _ = write!(out, " data-p={p}");
        }
        let _ = write!(out, "><span class=lno aria-hidden=true>{}</span>", l.n);
        match l.paragraph {
            Some(p) => {
                let _ = write!(out, "<a class=lt href=#p{p}>");
                crate::base::text::escape_into(&l.text, &mut out);
                out.push_str("</a>");
            }
            None => {
                let stamp = matches!(l.kind, LineKind::Banner | LineKind::Stamp);
                out.push_str(if stamp { "<span class=\"lt stamp\">" } else { "<span class=lt>" });
                crate::base::text::escape_into(&l.text, &mut out);
                out.push_str("</span>");
            }
        }
        match (removed_because(l.kind), &l.editor) {
            (Some(why), Some(reason)) => {
                let _ = write!(out, "<span class=why> {why}: ");
                crate::base::text::escape_into(reason, &mut out);
                out.push_str("</span>");
            }
            (Some(why), None) => {
                let _ = write!(out, "<span class=why> {why}</span>");
            }
            (None, Some(reason)) => {
                out.push_str("<span class=\"why ed\"> put into the reading text by the editor: ");
                crate::base::text::escape_into(reason, &mut out);
                out.push_str("</span>");
            }
            (None, None) => {}
        }
        out.push_str("\n</span>");
    }
    out
}

/// The metadata panel's rows (inside `<dl class="facts">`): a label and
/// its values, each with its gloss, link and language (`lang` is the
/// edition's).
pub fn facts_html(facts: &[Fact], lang: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for f in facts {
        let _ = write!(out, "<div class=\"fact fact-{}\"><dt>", f.key);
        crate::base::text::escape_into(f.label, &mut out);
        out.push_str("</dt>");
        for v in &f.values {
            out.push_str("<dd lang=\"");
            crate::base::text::escape_into(v.lang.unwrap_or(lang), &mut out);
            out.push_str("\">");
            match &v.url {
                Some(url) => {
                    out.push_str("<a href=\"");
                    crate::base::text::escape_into(url, &mut out);
                    out.push_str("\">");
                    crate::base::text::escape_into(&v.text, &mut out);
                    out.push_str("</a>");
                }
                None => {
                    out.push_str(if v.typed { "<span class=\"v typed-value\">" } else { "<span class=\"v\">" });
                    crate::base::text::escape_into(&v.text, &mut out);
                    out.push_str("</span>");
                }
            }
            if let Some(g) = &v.gloss {
                out.push_str(" <span class=\"gloss\">");
                crate::base::text::escape_into(g, &mut out);
                out.push_str("</span>");
            }
            out.push_str("</dd>");
        }
        out.push_str("</div>\n");
    }
    out
}

/// The rows of the message attributes table (PlusD's key/value list).
pub fn attributes_html(m: &Metadata) -> String {
    let mut out = String::new();
    for a in &m.attributes {
        out.push_str("<tr><th scope=\"row\">");
        crate::base::text::escape_into(&a.key, &mut out);
        out.push_str("</th><td>");
        crate::base::text::escape_into(&a.value, &mut out);
        out.push_str("</td></tr>");
    }
    out
}

/// The entity panel: people, places, organizations and topics of the
/// document, with mention counts or why they are listed.
pub fn entities_html(groups: &[EntityGroup]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for g in groups {
        let _ = write!(out, "<div class=\"entity-group\"><h3>{}</h3><ul>", crate::base::text::escape_html(g.title));
        for e in &g.items {
            let _ = write!(out, "<li><a href=\"../{}/", g.plural);
            crate::base::text::escape_into(&e.id, &mut out);
            out.push_str(".html\">");
            crate::base::text::escape_into(&e.name, &mut out);
            out.push_str("</a>");
            if e.count > 0 {
                let _ = write!(out, " <span class=\"count\">{}×</span>", e.count);
            } else if let Some(via) = &e.via {
                out.push_str(" <span class=\"via\">");
                crate::base::text::escape_into(via, &mut out);
                out.push_str("</span>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ul></div>");
    }
    out
}

/// The reading text: every paragraph with its anchor, the lines it came
/// from, a link to its sheet and the notes anchored in it. Built in Rust
/// rather than in a template loop, like the facsimile lines.
pub fn paragraphs_html(a: &Annotated) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(a.doc.paragraphs.iter().map(|p| p.text.len() * 2 + 200).sum());
    for p in &a.doc.paragraphs {
        let notes: Vec<&annotate::Note> = a.notes.iter().filter(|n| n.paragraph == p.n).collect();
        let n = p.n;
        let _ = write!(
            out,
            "<div class=\"para-wrap{}\"><p class=\"para\" id=\"p{n}\" data-lines=\"",
            if notes.is_empty() { "" } else { " has-notes" }
        );
        for (i, l) in p.lines.iter().enumerate() {
            let _ = write!(out, "{}{l}", if i == 0 { "" } else { " " });
        }
        let _ = write!(
            out,
            "\"><a class=\"pno\" href=\"#p{n}\" title=\"Paragraph {n} of the reading text (#p{n})\">{n}</a> "
        );
        if let (Some(anchor), Some(label)) = (&p.anchor, &p.label) {
            let _ = write!(
                out,
                "<span class=\"dpn\" id=\"{anchor}\" title=\"The document's own paragraph {label} (#{anchor})\">para {label}</span> "
            );
        }
        out.push_str(&annotate::paragraph_html(a, n, "../"));
        let first = p.lines.first().map(|l| l.to_string()).unwrap_or_default();
        let _ = write!(out, " <a class=\"src\" href=\"#l{first}\">sheet {}</a></p>", p.page);
        if !notes.is_empty() {
            out.push_str("<div class=\"notes\">");
            for note in notes {
                let k = note.n;
                let _ = write!(
                    out,
                    "<aside class=\"note\" id=\"n{k}\" aria-labelledby=\"nh{k}\"><p class=\"note-head\" id=\"nh{k}\"><a class=\"note-no\" href=\"#r{k}\" title=\"Back to the passage\">{k}</a> <q>"
                );
                crate::base::text::escape_into(&note.quote, &mut out);
                out.push_str("</q></p>");
                out.push_str(&note.html);
                out.push_str("</aside>");
            }
            out.push_str("</div>");
        }
        out.push_str("</div>\n");
    }
    out
}

/// The links to the previous and next documents by date of the document
/// at `pos` (what [`NAV_SLOT`] stands for).
pub fn doc_nav_html(docs: &[DocSummary], pos: usize) -> String {
    use std::fmt::Write;
    let prev = pos.checked_sub(1).and_then(|p| docs.get(p));
    let next = docs.get(pos + 1);
    if prev.is_none() && next.is_none() {
        return String::new();
    }
    let mut out = String::from("<nav class=doc-nav aria-label=\"Previous and next document by date\">");
    for (d, class, label) in [(prev, "prev", "Previous"), (next, "next", "Next")] {
        let Some(d) = d else { continue };
        let _ = write!(
            out,
            "<a class={class} rel={class} href=\"{}.html\"><span class=dir>{label}</span> <span class=t>",
            d.id
        );
        crate::base::text::escape_into(&d.title, &mut out);
        out.push_str("</span>");
        if let Some(date) = &d.date {
            out.push(' ');
            crate::base::text::time_html(date, &mut out);
        }
        out.push_str("</a>");
    }
    out.push_str("</nav>");
    out
}

/// The related documents panel of the document at `pos` (what
/// [`RELATED_SLOT`] stands for): documents sharing the most entities.
pub fn related_html(docs: &[DocSummary], related: &[(usize, usize)]) -> String {
    use std::fmt::Write;
    if related.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section class=related aria-labelledby=rel-h><h2 id=rel-h>Related documents</h2><ul>");
    for &(i, shared) in related {
        let Some(d) = docs.get(i) else { continue };
        let _ = write!(out, "<li><a href=\"{}.html\">", d.id);
        crate::base::text::escape_into(&d.title, &mut out);
        out.push_str("</a>");
        if let Some(date) = &d.date {
            out.push(' ');
            crate::base::text::time_html(date, &mut out);
        }
        let _ = write!(
            out,
            " <span class=count>{shared} shared {}</span></li>",
            if shared == 1 { "entry" } else { "entries" }
        );
    }
    out.push_str("</ul></section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_out() {
        assert_eq!(long_date("1978-04-20"), "20 April 1978");
        assert_eq!(long_date("1978-04-02"), "2 April 1978");
        assert_eq!(long_date("1999-08"), "August 1999");
        assert_eq!(long_date("1999"), "1999");
        assert_eq!(long_date("1999-13-01"), "1999-13-01");
        assert_eq!(dtg_reading("1978-04-20T13:17Z").as_deref(), Some("20 April 1978, 13:17 GMT"));
        assert_eq!(dtg_reading("garbage"), None);
    }

    #[test]
    fn addressees_explained() {
        assert_eq!(addressee("AMEMBASSY NEW DELHI").as_deref(), Some("American Embassy, New Delhi"));
        assert_eq!(
            addressee("SECSTATE WASHDC").as_deref(),
            Some("Secretary of State, Washington (the Department of State)")
        );
        assert_eq!(addressee("USMISSION USNATO").as_deref(), Some("US Mission to NATO, Brussels"));
        assert_eq!(addressee("TOON"), None);
        assert_eq!(precedence_meaning("R"), Some("routine"));
        assert_eq!(precedence_meaning("Q"), None);
    }

    #[test]
    fn tags_get_meanings_and_topics() {
        let tags = vec![
            TagView {
                code: "PARM".into(),
                class: crate::annotate::tags::TagClass::Subject,
                meaning: Some("Arms controls and disarmament".into()),
                topics: vec![("arms-control".into(), "Arms control".into())],
            },
            TagView {
                code: "ZZ".into(),
                class: crate::annotate::tags::TagClass::Country,
                meaning: None,
                topics: vec![],
            },
        ];
        let doc = crate::parse::parse("x", "TAGS: PARM, ZZ\n", None);
        let f = facts(&doc, &tags);
        let t = f.iter().find(|f| f.key == "tags").expect("a TAGS fact");
        assert_eq!(t.values[0].gloss.as_deref(), Some("Arms controls and disarmament; filed under Arms control"));
        assert_eq!(t.values[0].url.as_deref(), Some("../topics/arms-control.html"));
        assert_eq!(t.values[1].gloss, None);
    }

    #[test]
    fn dateline_names_sender_and_date() {
        let mut doc = crate::parse::parse("x", "hello\n", None);
        doc.date = Some("1978-04-20".into());
        doc.metadata.from = Some("AMEMBASSY MOSCOW".into());
        doc.metadata.to = vec!["SECSTATE WASHDC".into()];
        assert_eq!(
            dateline(&doc).as_deref(),
            Some("American Embassy Moscow to Secretary of State, Washington, 20 April 1978")
        );
        doc.metadata.from = None;
        assert_eq!(dateline(&doc).as_deref(), Some("20 April 1978"));
    }

    #[test]
    fn every_removed_kind_has_a_reason() {
        assert_eq!(removed_because(LineKind::Text), None);
        assert_eq!(removed_because(LineKind::Blank), None);
        assert_eq!(removed_because(LineKind::Banner), Some("classification banner"));
        assert_eq!(kind_name(LineKind::PageHeader), "page_header");
        // The names match the model's serialization.
        let json = serde_json::to_string(&LineKind::EndMarker).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", kind_name(LineKind::EndMarker)));
    }
}
