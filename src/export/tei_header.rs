//! Export, TEI: the `teiHeader` of a document.
//!
//! - `fileDesc`: the document's title and the edition's (title, editors as
//!   `editor` and as the `respStmt` every `@resp="#editors"` points at,
//!   publisher, licence, the page's URL when base_url is set); the source as
//!   `msDesc` (identifier with the document number, contents, extent in
//!   sheets and lines, origin with date and sender, classification,
//!   declassification and the PlusD message attributes), and for an article
//!   also its bibliographic description;
//! - `encodingDesc`: how the reading text was made, and the schemes of the
//!   classification: security classification, State Department TAGS (each
//!   code of the document with its meaning), PlusD concepts, the edition's
//!   topics (in the register file), and why lines are not in the reading text;
//! - `profileDesc`: language, correspondence (from, to, info), `textClass`.

use std::fmt::Write;

use crate::annotate::Annotated;
use crate::export::tei_names::{entry_ref, esc, removed_category, REGISTERS_FROM_TEI};
use crate::load::config::SiteConfig;
use crate::load::registers::{Kind, Registers};
use crate::load::strings::{fill_html, removed_key, Strings};
use crate::model::{DateBasis, LineKind};

/// A date valid as `@when` (xsd:date, gYearMonth, gYear or dateTime), or None.
pub(crate) fn when(iso: &str) -> Option<String> {
    let b = iso.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let date_ok = match b.len().min(10) {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    };
    if !date_ok {
        return None;
    }
    if b.len() <= 10 {
        return Some(iso.to_string());
    }
    // 1978-04-20T13:17Z → 1978-04-20T13:17:00Z
    let (date, time) = iso.split_once('T')?;
    let t = time.trim_end_matches('Z');
    let tb = t.as_bytes();
    let ok = |r: std::ops::Range<usize>| tb.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    match tb.len() {
        5 if ok(0..2) && tb[2] == b':' && ok(3..5) => Some(format!("{date}T{t}:00Z")),
        8 if ok(0..2) && tb[2] == b':' && ok(3..5) && tb[5] == b':' && ok(6..8) => Some(format!("{date}T{t}Z")),
        _ => Some(date.to_string()),
    }
}

fn date_el(x: &mut String, el: &str, iso: &str, extra: &str) {
    match when(iso) {
        Some(w) => {
            let _ = write!(x, "<{el} when=\"{}\"{extra}>{}</{el}>", esc(&w), esc(iso));
        }
        None => {
            let _ = write!(x, "<{el}{extra}>{}</{el}>", esc(iso));
        }
    }
}

/// `@evidence` of a document's date: read in the text (internal), in the
/// archive's record (external), or inferred (conjecture); nothing for a
/// date the editor gives.
fn evidence(d: &crate::model::Document) -> &'static str {
    match d.date_basis {
        Some(DateBasis::Text) => " evidence=\"internal\"",
        Some(DateBasis::Record) => " evidence=\"external\"",
        Some(DateBasis::Inferred) => " evidence=\"conjecture\"",
        Some(DateBasis::Editor) | None => "",
    }
}

/// Writes the `teiHeader`.
pub(crate) fn header(x: &mut String, a: &Annotated, cfg: &SiteConfig, registers: &Registers, s: &Strings) {
    let d = &a.doc;
    x.push_str("<teiHeader>\n<fileDesc>\n<titleStmt>\n");
    let _ = writeln!(x, "<title type=\"main\">{}</title>", esc(&d.title));
    let _ = writeln!(x, "<title type=\"sub\">{}</title>", esc(&cfg.title));
    for e in &cfg.editors {
        let _ = writeln!(x, "<editor>{}</editor>", esc(e));
    }
    let _ = write!(x, "<respStmt xml:id=\"editors\"><resp>{}</resp>", esc(s.get("tei.resp")));
    if cfg.editors.is_empty() {
        let _ = write!(x, "<name>{}</name>", esc(&s.fmt("tei.editors_of", &[("title", &cfg.title)])));
    }
    for e in &cfg.editors {
        let _ = write!(x, "<name>{}</name>", esc(e));
    }
    x.push_str("</respStmt>\n</titleStmt>\n<publicationStmt>\n");
    let _ = writeln!(x, "<publisher>{}</publisher>", esc(&cfg.title));
    let _ = writeln!(x, "<idno type=\"folio\">{}</idno>", esc(d.id.as_str()));
    if let Some(base) = &cfg.base_url {
        let slash = if base.ends_with('/') { "" } else { "/" };
        let url = format!("{base}{slash}documents/{}.html", d.id);
        let _ = writeln!(x, "<idno type=\"URI\">{}</idno>", esc(&url));
    }
    if let Some(l) = &cfg.license {
        let _ = writeln!(x, "<availability><licence>{}</licence></availability>", esc(l));
    }
    x.push_str("</publicationStmt>\n");
    let _ = writeln!(x, "<seriesStmt><title>{}</title></seriesStmt>", esc(&cfg.title));
    interventions_stmt(x, &a.doc, s);
    x.push_str("<sourceDesc>\n");
    source(x, a, cfg, s);
    x.push_str("</sourceDesc>\n</fileDesc>\n");
    encoding_desc(x, a, s);
    profile_desc(x, a, cfg, registers);
    x.push_str("</teiHeader>\n");
}

/// The source: `msDesc`, and for an article its `bibl`.
fn source(x: &mut String, a: &Annotated, cfg: &SiteConfig, s: &Strings) {
    let d = &a.doc;
    let m = &d.metadata;
    if let Some(p) = &m.publication {
        x.push_str("<bibl type=\"article\">");
        let _ = write!(x, "<title level=\"a\">{}</title> ", esc(&d.title));
        let _ = write!(x, "<title level=\"j\">{}</title>", esc(p));
        if let Some(v) = &m.volume {
            let _ = write!(x, " <biblScope unit=\"volume\">{}</biblScope>", esc(v));
        }
        if let Some(i) = &m.issue {
            let _ = write!(x, " <biblScope unit=\"issue\">{}</biblScope>", esc(i));
        }
        if let Some(date) = &d.date {
            x.push(' ');
            date_el(x, "date", date.as_str(), evidence(d));
        }
        x.push_str("</bibl>\n");
    }
    x.push_str("<msDesc>\n<msIdentifier>");
    let _ = write!(x, "<collection>{}</collection>", esc(&cfg.title));
    match &m.document_number {
        Some(n) => {
            let _ = write!(x, "<idno type=\"document-number\">{}</idno>", esc(n));
        }
        None => {
            let _ = write!(x, "<idno type=\"folio\">{}</idno>", esc(d.id.as_str()));
        }
    }
    for at in &m.attributes {
        let key = at.key.to_ascii_lowercase();
        let v = at.value.trim();
        if matches!(key.as_str(), "film number" | "legacy key") && !v.is_empty() && !v.eq_ignore_ascii_case("n/a") {
            let _ =
                write!(x, "<altIdentifier type=\"{}\"><idno>{}</idno></altIdentifier>", key.replace(' ', "-"), esc(v));
        }
    }
    x.push_str("</msIdentifier>\n<msContents>");
    if let Some(s) = a.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = write!(x, "<summary>{}</summary>", esc(s));
    }
    x.push_str("<msItem>");
    let _ = write!(x, "<title>{}</title>", esc(m.subject.as_deref().unwrap_or(&d.title)));
    let notes: [(&str, Vec<&str>); 8] = [
        ("precedence", m.precedence.iter().map(String::as_str).collect()),
        ("dtg", m.dtg.iter().map(String::as_str).collect()),
        ("executive-order", m.executive_order.iter().map(String::as_str).collect()),
        ("caption", m.captions.iter().map(String::as_str).collect()),
        ("correction", m.corrections.iter().map(String::as_str).collect()),
        ("communication-centre", m.notes.iter().map(String::as_str).collect()),
        ("signature", m.signature.iter().map(String::as_str).collect()),
        ("next-item", m.next_item.iter().map(String::as_str).collect()),
    ];
    for (kind, values) in notes {
        for v in values {
            let _ = write!(x, "<note type=\"{kind}\">{}</note>", esc(v));
        }
    }
    references(x, a, cfg.reference_url.as_deref());
    for c in &m.citations {
        let _ = write!(x, "<note type=\"source-citation\" target=\"#p{}\">{}</note>", c.paragraph, esc(&c.text));
    }
    if m.truncated {
        let _ = write!(x, "<note type=\"excerpt\">{}</note>", esc(s.get("tei.excerpt")));
    }
    x.push_str("</msItem>\n</msContents>\n");
    let lines = d.lines().count();
    let _ = writeln!(
        x,
        "<physDesc><objectDesc form=\"{}\"><supportDesc><extent><measure unit=\"sheet\" quantity=\"{}\">{}</measure>, <measure unit=\"line\" quantity=\"{lines}\">{}</measure></extent></supportDesc></objectDesc></physDesc>",
        esc(d.format.as_str()),
        d.pages.len(),
        esc(&s.count("tei.sheets", d.pages.len())),
        esc(&s.count("tei.lines", lines)),
    );
    if d.date.is_some() || m.from.is_some() || d.source.is_some() {
        x.push_str("<history>");
        if d.date.is_some() || m.from.is_some() {
            x.push_str("<origin>");
            if let Some(date) = &d.date {
                let dt = m.dtg_iso.as_deref().filter(|t| t.starts_with(date.as_str())).unwrap_or(date.as_str());
                date_el(x, "origDate", dt, evidence(d));
                // How an inferred date was established, after the date.
                if let Some(how) = &d.date_note {
                    // Folio's own inference in the edition's language, the
                    // editor's words as written.
                    let how = if how == crate::model::DATE_FROM_NUMBER { s.get("gloss.date_from_number") } else { how };
                    let _ = write!(x, "<note type=\"date\">{}</note>", esc(how));
                }
            }
            if let Some(f) = &m.from {
                let _ = write!(x, " <origPlace>{}</origPlace>", esc(f));
            }
            x.push_str("</origin>");
        }
        if let Some(s) = &d.source {
            let _ = write!(x, "<provenance>{}</provenance>", esc(s));
        }
        x.push_str("</history>\n");
    }
    admin_info(x, a, s);
    x.push_str("</msDesc>\n");
}

/// Classification, declassification and the PlusD message attributes.
fn admin_info(x: &mut String, a: &Annotated, s: &Strings) {
    let m = &a.doc.metadata;
    let ap = &a.apparatus;
    let dc = &ap.declassification;
    let has_class = m.classification.is_some() || !ap.caveats.is_empty() || m.marking.is_some();
    let has_history = !dc.stamps.is_empty() || !m.stamps.is_empty() || dc.release.is_some() || !ap.gaps.is_empty();
    if !has_class && !has_history && m.attributes.is_empty() {
        return;
    }
    x.push_str("<additional><adminInfo>");
    if has_class {
        // One sentence in the edition's language: classification, caveats
        // (each with its meaning), marking.
        let mut parts: Vec<String> = Vec::new();
        if let Some(c) = &m.classification {
            let term = format!("<term type=\"classification\">{}</term>", esc(c));
            parts.push(fill_html(s.get("tei.classified"), |k| (k == "classification").then(|| term.clone())));
        }
        if !ap.caveats.is_empty() {
            let terms = ap
                .caveats
                .iter()
                .map(|c| {
                    format!(
                        "<term type=\"caveat\" n=\"{0}\">{0}</term> ({1})",
                        esc(c.code),
                        esc(&crate::annotate::apparatus::caveat_meaning(c, s))
                    )
                })
                .collect::<Vec<_>>()
                .join(&esc(s.get("site.list_separator")));
            parts.push(fill_html(s.get("tei.caveats"), |k| (k == "caveats").then(|| terms.clone())));
        }
        if let Some(mk) = &m.marking {
            let term = format!("<term type=\"marking\">{}</term>", esc(mk));
            parts.push(fill_html(s.get("tei.marking"), |k| (k == "marking").then(|| term.clone())));
        }
        let _ = write!(
            x,
            "<availability status=\"restricted\"><p>{}.</p></availability>",
            parts.join(&esc(s.get("apparatus.separator")))
        );
    }
    if has_history {
        x.push_str("<custodialHist>");
        // The reviews read from the stamps, dated; a stamp not read as one
        // is kept as typed.
        for s in &dc.stamps {
            let when = when(&s.date).map(|w| format!(" when=\"{}\"", esc(&w))).unwrap_or_default();
            let _ = write!(x, "<custEvent type=\"declassification\"{when}>{}</custEvent>", esc(&s.typed));
        }
        for s in m.stamps.iter().filter(|t| !dc.stamps.iter().any(|d| &d.typed == *t)) {
            let _ = write!(x, "<custEvent type=\"declassification\">{}</custEvent>", esc(s));
        }
        // In the edition's language, as the page says it.
        let withheld = (!ap.gaps.is_empty()).then(|| s.count("apparatus.withheld_count", ap.gaps.len()));
        let release = dc.release.map(|r| s.get(crate::annotate::apparatus::release_key(r)).to_string());
        let event = [release, withheld].into_iter().flatten().collect::<Vec<_>>().join(s.get("apparatus.separator"));
        if !event.is_empty() {
            let _ = write!(x, "<custEvent type=\"release\">{}</custEvent>", esc(&event));
        }
        x.push_str("</custodialHist>");
    }
    if !m.attributes.is_empty() {
        x.push_str("<note type=\"message-attributes\"><list>");
        for at in &m.attributes {
            let _ = write!(x, "<item><label>{}</label> {}</item>", esc(&at.key), esc(&at.value));
        }
        x.push_str("</list></note>");
    }
    x.push_str("</adminInfo></additional>\n");
}

/// The REF entries: each a note with its letter in `@n`, the cited
/// document number in `<ref @n>`, pointing at the document's TEI file when
/// it is in the edition, else at site.toml's `reference_url`.
fn references(x: &mut String, a: &Annotated, reference_url: Option<&str>) {
    let ap = &a.apparatus;
    for r in &ap.references {
        let label = r.label.as_deref().map(|l| format!(" n=\"{}\"", esc(l))).unwrap_or_default();
        let _ = write!(x, "<note type=\"reference\"{label}>");
        match r.ids.first() {
            Some(id) => {
                let target = if ap.in_edition.contains(id) {
                    Some(format!("{id}.xml"))
                } else {
                    reference_url.map(|u| u.replace("{id}", id))
                };
                let target = target.map(|t| format!(" target=\"{}\"", esc(&t))).unwrap_or_default();
                let _ = write!(x, "<ref n=\"{}\"{target}>{}</ref>", esc(id), esc(&r.text));
            }
            None => x.push_str(&esc(&r.text)),
        }
        x.push_str("</note>");
    }
}

/// `encodingDesc`: editorial principles and the classification schemes.
fn encoding_desc(x: &mut String, a: &Annotated, s: &Strings) {
    let m = &a.doc.metadata;
    let _ = write!(
        x,
        "<encodingDesc>\n<editorialDecl><p>{}</p></editorialDecl>\n<classDecl>\n",
        esc(s.get("tei.editorial"))
    );
    let _ = writeln!(
        x,
        "<taxonomy xml:id=\"security-classification\"><desc>{}</desc></taxonomy>",
        esc(s.get("tei.classification_scheme"))
    );
    if !m.tags.is_empty() {
        let _ = write!(x, "<taxonomy xml:id=\"state-department-tags\"><desc>{}</desc>", esc(s.get("tei.tags_scheme")));
        let mut seen = std::collections::BTreeSet::new();
        for t in &m.tags {
            let code = crate::annotate::tags::normalize(t);
            if !valid_ncname(&format!("tag-{code}")) || !seen.insert(code.clone()) {
                continue;
            }
            // A code not in the table gets no meaning: none is guessed. The
            // meanings are the Department's, in English.
            let meaning = match crate::annotate::tags::meaning(&code) {
                Some(m) if s.primary() != "en" => format!("<foreign xml:lang=\"en\">{}</foreign>", esc(m)),
                Some(m) => esc(m),
                None => esc(s.get("tei.tag_unknown")),
            };
            let _ = write!(
                x,
                "<category xml:id=\"tag-{0}\"><catDesc><term>{0}</term>: {1}</catDesc></category>",
                esc(&code),
                meaning
            );
        }
        x.push_str("</taxonomy>\n");
    }
    if !m.concepts.is_empty() {
        let _ = writeln!(
            x,
            "<taxonomy xml:id=\"plusd-concepts\"><desc>{}</desc></taxonomy>",
            esc(s.get("tei.concepts_scheme"))
        );
    }
    let _ = writeln!(
        x,
        "<taxonomy xml:id=\"topics\"><bibl><title>{}</title> <ref target=\"{REGISTERS_FROM_TEI}\">{}</ref></bibl></taxonomy>",
        esc(s.get("tei.topics")),
        esc(s.get("tei.register_file"))
    );
    let _ = write!(x, "<taxonomy xml:id=\"removed\"><desc>{}</desc>", esc(s.get("tei.removed_scheme")));
    // The reasons this document gives (every `ana` of its transcription
    // points at one of them), not all seventeen: a tenth of a small file.
    let lines = || a.doc.pages.iter().flat_map(|p| &p.lines);
    let used = |kind: LineKind| lines().any(|l| l.kind == kind || l.removed.iter().any(|r| r.kind == kind));
    for kind in REMOVED_KINDS.into_iter().filter(|&k| used(k)) {
        let _ = write!(
            x,
            "<category xml:id=\"{}\"><catDesc>{}</catDesc></category>",
            removed_category(kind),
            esc(s.get(removed_key(kind).unwrap_or("document.reading")))
        );
    }
    x.push_str("</taxonomy>\n</classDecl>\n");
    x.push_str(&crate::export::tei_names::prefix_def(s));
    x.push_str("</encodingDesc>\n");
}

/// Every reason a line can be out of the reading text.
const REMOVED_KINDS: [LineKind; 17] = [
    LineKind::ExportHeading,
    LineKind::Banner,
    LineKind::PageHeader,
    LineKind::Routing,
    LineKind::Control,
    LineKind::Header,
    LineKind::Caption,
    LineKind::Correction,
    LineKind::Note,
    LineKind::EndMarker,
    LineKind::Signature,
    LineKind::Stamp,
    LineKind::Attributes,
    LineKind::Headline,
    LineKind::NextItem,
    LineKind::Marking,
    LineKind::Omitted,
];

/// Whether `s` is a valid xml:id (an NCName, ASCII subset).
pub(crate) fn valid_ncname(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.'))
}

/// `profileDesc`: language, correspondence, classification and keywords.
fn profile_desc(x: &mut String, a: &Annotated, cfg: &SiteConfig, registers: &Registers) {
    let d = &a.doc;
    let m = &d.metadata;
    x.push_str("<profileDesc>\n");
    let _ = writeln!(x, "<langUsage><language ident=\"{0}\">{0}</language></langUsage>", esc(&cfg.language));
    if m.from.is_some() || !m.to.is_empty() {
        x.push_str("<correspDesc>\n");
        if let Some(f) = &m.from {
            let _ = write!(x, "<correspAction type=\"sent\"><orgName>{}</orgName>", esc(f));
            if let Some(date) = &d.date {
                date_el(
                    x,
                    "date",
                    m.dtg_iso.as_deref().filter(|t| t.starts_with(date.as_str())).unwrap_or(date.as_str()),
                    "",
                );
            }
            x.push_str("</correspAction>\n");
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
    let topic_ids: Vec<crate::model::EntryId> =
        a.entities().into_iter().filter(|(k, _)| *k == Kind::Topic).map(|(_, id)| id).collect();
    let has_class = m.classification.is_some();
    if has_class || !m.tags.is_empty() || !m.concepts.is_empty() || !topic_ids.is_empty() {
        x.push_str("<textClass>\n");
        if let Some(c) = &m.classification {
            let _ = writeln!(x, "<classCode scheme=\"#security-classification\">{}</classCode>", esc(c));
        }
        if !m.tags.is_empty() {
            x.push_str("<keywords scheme=\"#state-department-tags\">");
            for t in &m.tags {
                let code = crate::annotate::tags::normalize(t);
                if valid_ncname(&format!("tag-{code}")) {
                    let _ = write!(x, "<term ref=\"#tag-{}\">{}</term>", esc(&code), esc(t));
                } else {
                    let _ = write!(x, "<term>{}</term>", esc(t));
                }
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
        if !topic_ids.is_empty() {
            x.push_str("<keywords scheme=\"#topics\">");
            for id in &topic_ids {
                let name = registers.get(Kind::Topic, id.as_str()).map_or(id.as_str(), |e| e.name.as_str());
                let _ = write!(x, "<term ref=\"{}\">{}</term>", esc(&entry_ref(Kind::Topic, id.as_str())), esc(name));
            }
            x.push_str("</keywords>\n");
        }
        x.push_str("</textClass>\n");
    }
    x.push_str("</profileDesc>\n");
}

/// Every editorial intervention, listed in the file description
/// (`<notesStmt>`): header fields as `<choice><sic/><corr/></choice>`, the
/// rest as the words they concern; each with the editor's reason.
fn interventions_stmt(x: &mut String, d: &crate::model::Document, s: &Strings) {
    use crate::model::InterventionKind as K;
    if d.interventions.is_empty() {
        return;
    }
    x.push_str("<notesStmt>\n");
    for i in &d.interventions {
        let _ = write!(
            x,
            "<note type=\"editorial\" subtype=\"{}\" resp=\"#editors\" n=\"{}\"",
            crate::export::tei_names::intervention_kind(i.kind),
            i.n
        );
        if let Some(p) = i.paragraph {
            let _ = write!(x, " target=\"#p{p}\"");
        }
        x.push('>');
        match (i.kind, &i.before, &i.after) {
            (K::Header | K::Emendation, Some(b), Some(a)) => {
                let _ = write!(x, "<choice><sic>{}</sic><corr resp=\"#editors\">{}</corr></choice>", esc(b), esc(a));
            }
            (K::Header, None, Some(a)) | (K::Include, _, Some(a)) => {
                let _ = write!(x, "<supplied resp=\"#editors\">{}</supplied>", esc(a));
            }
            (K::Delete | K::Omit, Some(b), _) => {
                let _ = write!(x, "<surplus resp=\"#editors\">{}</surplus>", esc(b));
            }
            _ => {}
        }
        let _ = writeln!(
            x,
            " {}</note>",
            esc(&s.fmt(
                "intervention.mark",
                &[("what", &crate::annotate::correct::words::describe(i, s)), ("reason", &i.reason)]
            ))
        );
    }
    x.push_str("</notesStmt>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_values() {
        assert_eq!(when("1978-04-20").as_deref(), Some("1978-04-20"));
        assert_eq!(when("1978-04").as_deref(), Some("1978-04"));
        assert_eq!(when("1978").as_deref(), Some("1978"));
        assert_eq!(when("1978-04-20T13:17Z").as_deref(), Some("1978-04-20T13:17:00Z"));
        assert_eq!(when("April 1978"), None);
        assert_eq!(when("78-4-2"), None);
    }
}
