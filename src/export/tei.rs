//! Export, TEI: each document as a TEI P5 XML file (tei/<id>.xml), for
//! scholars who work with XML tools.
//!
//! The header carries the metadata (title, date, sender, addressees,
//! classification, TAGS, document number, source attributes); the body has
//! two divisions: the reading transcription (`div type="reading"`, one `<p>`
//! per paragraph with the same ids as the HTML, mentions as
//! persName/placeName/orgName/rs, emendations as choice/sic/corr, passage
//! notes as anchors plus `<note target targetEnd>` so overlapping passages
//! stay well-formed) and the text as typed (`div type="diplomatic"`, every
//! raw line with `<pb/>` and `<lb/>`, its role in `@type`).

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::annotate::Annotated;
use crate::load::config::SiteConfig;
use crate::load::registers::{Kind, Registers};
use crate::model::LineKind;

/// Escapes text for XML content and attributes, dropping the control
/// characters XML 1.0 forbids (a raw telegram may contain any byte).
pub fn esc(s: &str) -> String {
    let allowed =
        |c: char| ((c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if s.chars().all(allowed) {
        crate::base::text::escape_html(s)
    } else {
        crate::base::text::escape_html(&s.chars().filter(|&c| allowed(c)).collect::<String>())
    }
}

fn element(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Person => ("persName", ""),
        Kind::Place => ("placeName", ""),
        Kind::Organization => ("orgName", ""),
        Kind::Topic => ("rs", " type=\"topic\""),
    }
}

/// The TEI document for one annotated document.
pub fn document(a: &Annotated, cfg: &SiteConfig, registers: &Registers) -> String {
    let d = &a.doc;
    let m = &d.metadata;
    let mut x = String::with_capacity(d.paragraphs.iter().map(|p| p.text.len()).sum::<usize>() * 3 + 4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(x, "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"{}\">", esc(&cfg.language));
    x.push_str("<teiHeader>\n<fileDesc>\n<titleStmt>\n");
    let _ = writeln!(x, "<title>{}</title>", esc(&d.title));
    for e in &cfg.editors {
        let _ = writeln!(x, "<editor>{}</editor>", esc(e));
    }
    if !d.interventions.is_empty() {
        x.push_str(&editor_resp(cfg));
    }
    x.push_str("</titleStmt>\n<publicationStmt>\n");
    let _ = writeln!(x, "<publisher>{}</publisher>", esc(&cfg.title));
    let _ = writeln!(x, "<idno type=\"folio\">{}</idno>", esc(&d.id));
    if let Some(l) = &cfg.license {
        let _ = writeln!(x, "<availability><licence>{}</licence></availability>", esc(l));
    }
    x.push_str("</publicationStmt>\n");
    x.push_str(&interventions_stmt(d));
    x.push_str("<sourceDesc>\n<bibl>\n");
    let _ = writeln!(x, "<title>{}</title>", esc(m.subject.as_deref().unwrap_or(&d.title)));
    if let Some(n) = &m.document_number {
        let _ = writeln!(x, "<idno type=\"document-number\">{}</idno>", esc(n));
    }
    if let Some(date) = &d.date {
        let _ = writeln!(x, "<date when=\"{0}\">{0}</date>", esc(date));
    }
    if let Some(p) = &m.publication {
        let _ = writeln!(x, "<title level=\"j\">{}</title>", esc(p));
        if let Some(v) = &m.volume {
            let _ = writeln!(x, "<biblScope unit=\"volume\">{}</biblScope>", esc(v));
        }
        if let Some(i) = &m.issue {
            let _ = writeln!(x, "<biblScope unit=\"issue\">{}</biblScope>", esc(i));
        }
    }
    if let Some(c) = &m.classification {
        let _ = writeln!(x, "<note type=\"classification\">{}</note>", esc(c));
    }
    for c in &m.caveats {
        let _ = writeln!(x, "<note type=\"caveat\">{}</note>", esc(c));
    }
    if let Some(dtg) = &m.dtg {
        let _ = writeln!(x, "<note type=\"dtg\">{}</note>", esc(dtg));
    }
    for s in &m.stamps {
        let _ = writeln!(x, "<note type=\"declassification\">{}</note>", esc(s));
    }
    for r in &m.references {
        let _ = writeln!(x, "<note type=\"reference\">{}</note>", esc(&r.text));
    }
    for at in &m.attributes {
        let _ = writeln!(x, "<note type=\"attribute\" subtype=\"{}\">{}</note>", esc(&at.key), esc(&at.value));
    }
    x.push_str("</bibl>\n</sourceDesc>\n</fileDesc>\n");
    x.push_str("<encodingDesc><editorialDecl><p>Reading text cleaned from the raw document: banners, page headers, routing and end markers moved to metadata; words split by page breaks rejoined; lines reflowed. Emendations are recorded as choice/sic/corr.</p></editorialDecl></encodingDesc>\n");
    x.push_str("<profileDesc>\n");
    if m.from.is_some() || !m.to.is_empty() {
        x.push_str("<correspDesc>\n");
        if let Some(f) = &m.from {
            let _ = writeln!(
                x,
                "<correspAction type=\"sent\"><orgName>{}</orgName>{}</correspAction>",
                esc(f),
                d.date.as_ref().map(|dt| format!("<date when=\"{}\"/>", esc(dt))).unwrap_or_default()
            );
        }
        for t in &m.to {
            let _ = writeln!(x, "<correspAction type=\"received\"><orgName>{}</orgName></correspAction>", esc(t));
        }
        for t in &m.info {
            let _ = writeln!(
                x,
                "<correspAction type=\"received\" subtype=\"info\"><orgName>{}</orgName></correspAction>",
                esc(t)
            );
        }
        x.push_str("</correspDesc>\n");
    }
    if !m.tags.is_empty() || !m.concepts.is_empty() {
        x.push_str("<textClass>\n");
        if !m.tags.is_empty() {
            x.push_str("<keywords scheme=\"#state-department-tags\">");
            for t in &m.tags {
                let _ = write!(x, "<term>{}</term>", esc(t));
            }
            x.push_str("</keywords>\n");
        }
        if !m.concepts.is_empty() {
            x.push_str("<keywords scheme=\"#plusd-concepts\">");
            for t in &m.concepts {
                let _ = write!(x, "<term>{}</term>", esc(t));
            }
            x.push_str("</keywords>\n");
        }
        x.push_str("</textClass>\n");
    }
    x.push_str("</profileDesc>\n</teiHeader>\n");

    // Entities referred to, so @ref values resolve inside the file.
    let entities: BTreeSet<(Kind, String)> = a.entities();
    x.push_str("<standOff>\n");
    for kind in Kind::ALL {
        let list: Vec<&(Kind, String)> = entities.iter().filter(|(k, _)| *k == kind).collect();
        if list.is_empty() {
            continue;
        }
        let (wrap, item, name) = match kind {
            Kind::Person => ("listPerson", "person", "persName"),
            Kind::Place => ("listPlace", "place", "placeName"),
            Kind::Organization => ("listOrg", "org", "orgName"),
            Kind::Topic => ("list", "item", "term"),
        };
        let _ = writeln!(x, "<{wrap}{}>", if kind == Kind::Topic { " type=\"topics\"" } else { "" });
        for (_, id) in list {
            let Some(e) = registers.get(kind, id) else { continue };
            let _ = write!(x, "<{item} xml:id=\"{}-{}\"><{name}>{}</{name}>", kind.singular(), esc(id), esc(&e.name));
            if let Some(q) = &e.wikidata {
                let _ = write!(x, "<idno type=\"wikidata\">{}</idno>", esc(q));
            }
            let _ = writeln!(x, "</{item}>");
        }
        let _ = writeln!(x, "</{wrap}>");
    }
    x.push_str("</standOff>\n");

    x.push_str("<text>\n<body>\n<div type=\"reading\">\n");
    for p in &d.paragraphs {
        let _ = write!(x, "<p xml:id=\"p{}\" facs=\"#f{}\">", p.n, p.page);
        x.push_str(&paragraph(a, p.n));
        x.push_str("</p>\n");
    }
    x.push_str(&excerpt_gap(d));
    for n in &a.notes {
        let _ = writeln!(
            x,
            "<note xml:id=\"n{0}\" n=\"{0}\" type=\"editorial\" target=\"#q{0}\" targetEnd=\"#q{0}-end\">{1}</note>",
            n.n,
            esc(&html_to_text(&n.html))
        );
    }
    x.push_str("</div>\n<div type=\"diplomatic\">\n<ab>");
    for page in &d.pages {
        let _ = write!(x, "<pb n=\"{0}\" xml:id=\"f{0}\"/>", page.number);
        for l in &page.lines {
            let kind =
                serde_json::to_value(l.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            if l.kind == LineKind::Text {
                let _ = writeln!(x, "<lb n=\"{}\"/>{}", l.n, esc(&l.text));
            } else {
                let _ = writeln!(x, "<lb n=\"{}\" type=\"{}\"/>{}", l.n, kind, esc(&l.text));
            }
        }
    }
    x.push_str("</ab>\n</div>\n</body>\n</text>\n</TEI>\n");
    x
}

/// One reading paragraph as TEI: mentions, emendations and note anchors.
fn paragraph(a: &Annotated, n: usize) -> String {
    let Some(p) = a.doc.paragraphs.get(n - 1) else { return String::new() };
    let text = &p.text;
    let ems: Vec<_> = a.emendations.iter().filter(|e| e.paragraph == n).collect();
    let mentions: Vec<_> = a
        .mentions
        .iter()
        .filter(|m| m.paragraph == n)
        .filter(|m| !ems.iter().any(|e| m.start < e.end && e.start < m.end))
        .collect();
    let notes: Vec<_> = a.notes.iter().filter(|x| x.paragraph == n).collect();
    let marks: Vec<(usize, &crate::model::Intervention)> = a
        .doc
        .interventions
        .iter()
        .filter(|i| i.paragraph == Some(n) && crate::annotate::correct::marked_in_text(i.kind))
        .filter_map(|i| {
            let mut at = i.offset?.min(text.len());
            if let Some(e) = ems.iter().find(|e| e.start < at && at < e.end) {
                at = e.end;
            }
            while !text.is_char_boundary(at) {
                at += 1;
            }
            Some((at, i))
        })
        .collect();
    let mut out = String::new();
    // Events sorted by position; mentions and emendations never overlap
    // each other here, note anchors are empty elements.
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for m in &mentions {
        cuts.insert(m.start);
        cuts.insert(m.end);
    }
    for e in &ems {
        cuts.insert(e.start);
        cuts.insert(e.end);
    }
    for no in &notes {
        cuts.insert(no.start);
        cuts.insert(no.end);
    }
    for (at, _) in &marks {
        cuts.insert(*at);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut open_mention: Option<usize> = None;
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        for (_, i) in marks.iter().filter(|(at, _)| *at == s) {
            out.push_str(&intervention_note(i));
        }
        for no in notes.iter().filter(|no| no.start == s) {
            let _ = write!(out, "<anchor xml:id=\"q{}\"/>", no.n);
        }
        if open_mention.is_none() {
            if let Some(k) = mentions.iter().position(|m| m.start == s) {
                let m = mentions[k];
                let (el, extra) = element(m.kind);
                let _ = write!(out, "<{el}{extra} ref=\"#{}-{}\">", m.kind.singular(), esc(&m.id));
                open_mention = Some(k);
            }
        }
        if let Some(em) = ems.iter().find(|em| em.start <= s && e <= em.end) {
            if em.start == s {
                let _ = write!(
                    out,
                    "<choice><sic>{}</sic><corr resp=\"#editor\">{}</corr></choice>",
                    esc(&em.reading),
                    esc(&em.correction)
                );
            }
        } else if s < e {
            out.push_str(&esc(&text[s..e]));
        }
        if let Some(k) = open_mention {
            if mentions[k].end == e {
                let (el, _) = element(mentions[k].kind);
                let _ = write!(out, "</{el}>");
                open_mention = None;
            }
        }
        for no in notes.iter().filter(|no| no.end == e) {
            let _ = write!(out, "<anchor xml:id=\"q{}-end\"/>", no.n);
        }
    }
    for (_, i) in marks.iter().filter(|(at, _)| *at == text.len() && !text.is_empty()) {
        out.push_str(&intervention_note(i));
    }
    out
}

/// Who made the editorial interventions: `<respStmt xml:id="editor">`,
/// the target of every `resp="#editor"`.
fn editor_resp(cfg: &SiteConfig) -> String {
    let names = if cfg.editors.is_empty() { vec!["The editor".to_string()] } else { cfg.editors.clone() };
    let mut x = String::from("<respStmt xml:id=\"editor\"><resp>editorial interventions in the transcription</resp>");
    for n in names {
        let _ = write!(x, "<name>{}</name>", esc(&n));
    }
    x.push_str("</respStmt>\n");
    x
}

/// Every editorial intervention, listed in the file description
/// (`<notesStmt>`): header fields as `<choice><sic/><corr resp/></choice>`,
/// the rest as the words they concern; each with the editor's reason.
fn interventions_stmt(d: &crate::model::Document) -> String {
    use crate::model::InterventionKind as K;
    if d.interventions.is_empty() {
        return String::new();
    }
    let mut x = String::from("<notesStmt>\n");
    for i in &d.interventions {
        let _ = write!(x, "<note type=\"editorial\" subtype=\"{}\" resp=\"#editor\" n=\"{}\"", kind_name(i.kind), i.n);
        if let Some(p) = i.paragraph {
            let _ = write!(x, " target=\"#p{p}\"");
        }
        x.push('>');
        match (i.kind, &i.before, &i.after) {
            (K::Header | K::Emendation, Some(b), Some(a)) => {
                let _ = write!(x, "<choice><sic>{}</sic><corr resp=\"#editor\">{}</corr></choice>", esc(b), esc(a));
            }
            (K::Header, None, Some(a)) => {
                let _ = write!(x, "<supplied resp=\"#editor\">{}</supplied>", esc(a));
            }
            (K::Delete | K::Omit, Some(b), _) => {
                let _ = write!(x, "<surplus resp=\"#editor\">{}</surplus>", esc(b));
            }
            (K::Include, _, Some(a)) => {
                let _ = write!(x, "<supplied resp=\"#editor\">{}</supplied>", esc(a));
            }
            _ => {}
        }
        let _ = writeln!(x, " {}</note>", esc(&format!("{}: {}", crate::annotate::correct::describe(i), i.reason)));
    }
    x.push_str("</notesStmt>\n");
    x
}

/// An intervention at its place in the reading text.
fn intervention_note(i: &crate::model::Intervention) -> String {
    format!(
        "<note type=\"editorial\" subtype=\"{}\" resp=\"#editor\" xml:id=\"i{}\" n=\"{}\">{}</note>",
        kind_name(i.kind),
        i.n,
        i.n,
        esc(&format!("{}: {}", crate::annotate::correct::describe(i), i.reason))
    )
}

fn kind_name(k: crate::model::InterventionKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// An excerpt ends its reading text with a `<gap reason="excerpt">`.
fn excerpt_gap(d: &crate::model::Document) -> String {
    match &d.excerpt {
        Some(e) => format!("<gap reason=\"excerpt\"><desc>{}</desc></gap>\n", esc(&e.description)),
        None => String::new(),
    }
}

/// The text of rendered note HTML: tags dropped, the entities the
/// Markdown renderer emits decoded, whitespace collapsed.
fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    crate::base::text::collapse_ws(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips() {
        assert_eq!(esc("a<b>&\u{1}\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(html_to_text("<p>A <em>note</em> &amp; more</p>\n"), "A note & more");
    }
}
