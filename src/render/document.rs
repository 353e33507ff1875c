//! Stage 5, render (the document page): builds the [`DocumentView`] of one
//! annotated document, the model of `documents/<id>.html`.
//!
//! The page shows the raw text as facsimile sheets (every line as typed, each
//! with why it is or is not part of the reading text), the reading
//! transcription with its notes, and a metadata panel whose codes are
//! explained: the date-time group read out, precedence, TAGS codes with their
//! meanings (and the topic each files under), addressees spelled out.
//! Everything here is computed in Rust, in the edition's language
//! ([`Strings`]), so the templates only loop; the parts are drawn by
//! [`parts`].

use std::collections::BTreeMap;

use crate::annotate::tags::TagView;
use crate::annotate::{self, Annotated};
use crate::base::error::Result;
use crate::load::strings::{format_key, Strings};
use crate::model::{DateBasis, Document, Metadata};
use crate::render::context::Ctx;
use crate::render::parts;
use crate::render::reading::{self, removed_key, text_lang, NoteInfo, ParagraphInfo};
use crate::render::templates::Renderer;
use crate::render::view::*;

/// The reading of a date-time group from its ISO form
/// (`1978-04-20T13:17Z` → "20 April 1978, 13:17 GMT").
pub(crate) fn dtg_reading(iso: &str, s: &Strings) -> Option<String> {
    let (date, time) = iso.split_once('T')?;
    let time = time.trim_end_matches('Z');
    if time.len() != 5 || date.len() != 10 {
        return None;
    }
    Some(s.fmt("gloss.dtg_time", &[("date", &s.long_date(date)), ("time", &time)]))
}

/// The strings key of what a telegram's precedence letter means.
pub(crate) fn precedence_key(p: &str) -> Option<&'static str> {
    Some(match p {
        "R" => "gloss.routine",
        "P" => "gloss.priority",
        "O" => "gloss.immediate",
        "Z" => "gloss.flash",
        "N" => "gloss.niact",
        _ => return None,
    })
}

/// Spells out a telegram addressee ("AMEMBASSY MOSCOW" → "American Embassy,
/// Moscow"); None when it is not a recognised form.
pub(crate) fn addressee(a: &str, s: &Strings) -> Option<String> {
    let a = a.trim();
    let fixed = match a {
        "SECSTATE WASHDC" => Some("addressee.secstate"),
        "USMISSION USNATO" | "USNATO" => Some("addressee.usnato"),
        "USMISSION USUN NEW YORK" | "USUN NEW YORK" | "USMISSION USUN" => Some("addressee.usun"),
        "USMISSION USBERLIN" | "USBERLIN" => Some("addressee.usberlin"),
        "CINCPAC HONOLULU HI" | "CINCPAC" => Some("addressee.cincpac"),
        "SECDEF WASHDC" => Some("addressee.secdef"),
        "JCS WASHDC" => Some("addressee.jcs"),
        "CIA WASHDC" => Some("addressee.cia"),
        "USLO PEKING" => Some("addressee.uslo_peking"),
        _ => None,
    };
    if let Some(f) = fixed {
        return Some(s.get(f).to_string());
    }
    let (prefix, place) = a.split_once(' ')?;
    let office = match prefix {
        "AMEMBASSY" => "addressee.amembassy",
        "AMCONSUL" => "addressee.amconsul",
        "AMCONGEN" => "addressee.amcongen",
        "USMISSION" => "addressee.usmission",
        "USDEL" => "addressee.usdel",
        "USLO" => "addressee.uslo",
        "USINT" => "addressee.usint",
        _ => return None,
    };
    Some(s.fmt(office, &[("place", &title_case(place))]))
}
/// "NEW DELHI" → "New Delhi".
fn title_case(s: &str) -> String {
    s.split_whitespace().map(crate::base::text::capitalize).collect::<Vec<_>>().join(" ")
}

fn plain(text: impl Into<String>) -> FactValue {
    FactValue { text: text.into(), ..Default::default() }
}

fn dedup(v: &[String]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    v.iter().map(String::as_str).filter(|s| seen.insert(*s)).collect()
}

/// The metadata panel of a document: every structured field, explained.
/// `text_lang`: the documents' language when it is not the interface's
/// (typed values are marked with it).
pub(crate) fn facts(doc: &Document, tags: &[TagView], s: &Strings, text_lang: Option<&'static str>) -> Vec<Fact> {
    let m: &Metadata = &doc.metadata;
    let mut out = Vec::new();
    let mut push = |key: &'static str, values: Vec<FactValue>| {
        if !values.is_empty() {
            out.push(Fact { key, label: s.get(&format!("fact.{}", key.replace('-', "_"))).to_string(), values });
        }
    };
    let typed = |text: &str| FactValue { text: text.to_string(), typed: true, lang: text_lang, ..Default::default() };
    if let Some(c) = &m.classification {
        let mut v = typed(&format!("{c}{}", m.caveats.iter().map(|c| format!(" {c}")).collect::<String>()));
        let now = m.attributes.iter().find(|a| a.key.eq_ignore_ascii_case("Current Classification"));
        if let Some(now) = now.filter(|n| !n.value.eq_ignore_ascii_case(c)) {
            v.gloss = Some(s.fmt("gloss.now", &[("value", &now.value)]));
        }
        push("classification", vec![v]);
    }
    // A date not read in the text: where it comes from.
    if let (Some(date), Some(gloss)) = (&doc.date, crate::annotate::provenance::date_gloss(doc, s)) {
        push(
            "date",
            vec![FactValue {
                text: shown_date(doc, s).unwrap_or_else(|| date.to_string()),
                gloss: Some(gloss),
                ..Default::default()
            }],
        );
    }
    if let Some(d) = &m.dtg {
        let mut v = typed(d);
        v.gloss = m.dtg_iso.as_deref().and_then(|i| dtg_reading(i, s)).map(|r| s.fmt("gloss.dtg", &[("reading", &r)]));
        push("dtg", vec![v]);
    }
    if let Some(p) = &m.precedence {
        let mut v = typed(p);
        v.gloss = precedence_key(p).map(|k| s.fmt("gloss.precedence", &[("meaning", &s.get(k))]));
        push("precedence", vec![v]);
    }
    let addr = |a: &str| FactValue { gloss: addressee(a, s), ..typed(a) };
    if let Some(f) = &m.from {
        push("from", vec![addr(f)]);
    }
    push("to", dedup(&m.to).into_iter().map(addr).collect());
    if !m.info.is_empty() {
        push("info", vec![typed(&dedup(&m.info).join(" · "))]);
    }
    if let Some(subject) = &m.subject {
        push("subject", vec![typed(subject)]);
    }
    let sep = s.get("site.list_separator");
    let tag_values = tags
        .iter()
        .map(|t| {
            let mut v = typed(&t.code);
            let topics: Vec<&str> = t.topics.iter().map(|(_, name)| name.as_str()).collect();
            let topics = topics.join(sep);
            v.gloss = match (&t.meaning, topics.is_empty()) {
                (Some(m), false) => Some(s.fmt("gloss.tag_filed", &[("meaning", m), ("topics", &topics)])),
                (Some(m), true) => Some(m.clone()),
                (None, false) => Some(s.fmt("gloss.filed_under", &[("topics", &topics)])),
                (None, true) => None,
            };
            if let Some((plural, id, name)) = &t.entry {
                let who = format!("{}: {name}", if *plural == "persons" { "person" } else { "place" });
                v.gloss = Some(match v.gloss.take() {
                    Some(g) => format!("{g}; {who}"),
                    None => who,
                });
                v.url = Some(format!("../{plural}/{id}.html"));
            } else {
                v.url = t.topics.first().map(|(id, _)| format!("../topics/{id}.html"));
            }
            v
        })
        .collect();
    push("tags", tag_values);
    push(
        "ref",
        m.references
            .iter()
            .map(|r| {
                let text = match &r.label {
                    Some(l) => format!("{l}. {}", r.text),
                    None => r.text.clone(),
                };
                FactValue {
                    gloss: r.document.as_ref().map(|d| s.fmt("gloss.ref_document", &[("id", d)])),
                    ..typed(&text)
                }
            })
            .collect(),
    );
    if let Some(e) = &m.executive_order {
        let mut v = typed(e);
        if e.contains("11652") {
            v.gloss = Some(s.get("gloss.eo_11652").to_string());
        }
        push("eo", vec![v]);
    }
    push("captions", m.captions.iter().map(|c| typed(c)).collect());
    if let Some(n) = m.sections.filter(|n| *n > 1) {
        let text = match &doc.excerpt {
            Some(e) if !e.missing_sections.is_empty() => s.fmt(
                "gloss.sections_missing",
                &[
                    ("n", &e.missing_sections.len()),
                    ("total", &n),
                    ("sections", &crate::annotate::correct::words::sections_phrase(&e.missing_sections, s)),
                ],
            ),
            _ => s.fmt("gloss.sections", &[("n", &n)]),
        };
        push("sections", vec![plain(text)]);
    }
    if let Some(e) = &doc.excerpt {
        let description = crate::annotate::correct::words::excerpt_description(doc, s).unwrap_or_default();
        let text =
            if e.declared { s.fmt("gloss.excerpt_declared", &[("description", &description)]) } else { description };
        push("excerpt", vec![plain(text)]);
    }
    if m.action.is_some() || !m.distribution.is_empty() {
        let mut parts: Vec<&str> = m.action.iter().map(String::as_str).collect();
        parts.extend(dedup(&m.distribution));
        push(
            "distribution",
            vec![FactValue { gloss: Some(s.get("gloss.distribution").to_string()), ..typed(&parts.join(" ")) }],
        );
    }
    if let Some(sig) = &m.signature {
        push("signature", vec![typed(sig)]);
    }
    push("corrections", m.corrections.iter().map(|c| typed(c)).collect());
    push("notes", m.notes.iter().map(|c| typed(c)).collect());
    push("stamps", m.stamps.iter().map(|c| typed(c)).collect());
    if let Some(p) = &m.publication {
        let mut t = p.clone();
        if let Some(v) = &m.volume {
            t = s.fmt("gloss.volume", &[("publication", &t), ("volume", v)]);
        }
        if let Some(i) = &m.issue {
            t = s.fmt("gloss.issue", &[("publication", &t), ("issue", i)]);
        }
        push("publication", vec![FactValue { lang: text_lang, ..plain(t) }]);
    }
    push(
        "citations",
        m.citations
            .iter()
            .map(|c| FactValue { url: Some(format!("#p{}", c.paragraph)), lang: text_lang, ..plain(c.text.clone()) })
            .collect(),
    );
    if let Some(n) = &m.next_item {
        push("next-item", vec![typed(n)]);
    }
    if let Some(n) = &m.document_number {
        push("number", vec![typed(n)]);
    }
    if !m.concepts.is_empty() && !m.attributes.iter().any(|a| a.key == "Concepts") {
        push("concepts", m.concepts.iter().map(|c| typed(c)).collect());
    }
    if let Some(src) = doc.source.as_deref().filter(|s| !s.trim().is_empty()) {
        push("source", vec![FactValue { text: src.to_string(), ..Default::default() }]);
    }
    out
}

/// The editorial interventions as listed under "About this document", in
/// the edition's language.
pub(crate) fn interventions_view(a: &Annotated, s: &Strings) -> Vec<InterventionView> {
    use crate::annotate::correct::{marked_in_text, words};
    a.doc
        .interventions
        .iter()
        .map(|i| InterventionView {
            n: i.n,
            what: words::describe(i, s),
            reason: words::reason(i, s),
            href: match (i.kind, i.paragraph) {
                (k, Some(_)) if marked_in_text(k) && i.offset.is_some() => Some(format!("#i{}", i.n)),
                (_, Some(p)) => Some(format!("#p{p}")),
                _ => None,
            },
        })
        .collect()
}

/// The metadata panel with the archival apparatus (issue 17): the REF
/// entries (linked) after the TAGS, then the E.O. line, handling,
/// declassification, release and withheld text in place of the plain
/// E.O. and stamp lines.
pub(crate) fn all_facts(
    a: &Annotated,
    tags: &[TagView],
    s: &Strings,
    text_lang: Option<&'static str>,
    reference_url: Option<&str>,
) -> Vec<Fact> {
    let mut out = facts(&a.doc, tags, s, text_lang);
    let read_stamps = !a.apparatus.declassification.stamps.is_empty();
    out.retain(|f| f.key != "ref" && f.key != "eo" && !(read_stamps && f.key == "stamps"));
    let at = out.iter().position(|f| f.key == "tags").map_or(out.len().min(1), |i| i + 1);
    let refs = crate::render::apparatus::ref_values(&a.apparatus, reference_url, s, text_lang);
    if !refs.is_empty() {
        out.insert(at, Fact { key: "ref", label: s.get("fact.ref").to_string(), values: refs });
    }
    let at = out.iter().position(|f| f.key == "captions" || f.key == "sections").unwrap_or(out.len());
    for (i, f) in crate::render::apparatus::facts(a, s, text_lang).into_iter().enumerate() {
        out.insert(at + i, f);
    }
    out
}

/// The document's date read out ("20 April 1978"), in brackets when it is
/// inferred ("[1978]"), the editions' convention for a conjectured date.
pub(crate) fn shown_date(doc: &Document, s: &Strings) -> Option<String> {
    let long = s.long_date(doc.date.as_ref().map(|d| d.as_str())?);
    Some(if doc.date_basis == Some(DateBasis::Inferred) { format!("[{long}]") } else { long })
}

/// The line under the title: sender and date, FRUS style.
pub(crate) fn dateline(doc: &Document, s: &Strings) -> Option<String> {
    let m = &doc.metadata;
    let date = shown_date(doc, s);
    let who = match (&m.from, m.to.first()) {
        (Some(f), Some(t)) => Some(
            s.fmt(
                "document.dateline_route",
                &[
                    ("from", &addressee(f, s).map(|a| a.replace(", ", " ")).unwrap_or_else(|| f.clone())),
                    (
                        "to",
                        &addressee(t, s)
                            .map(|a| a.split(" (").next().unwrap_or("").to_string())
                            .unwrap_or_else(|| t.clone()),
                    ),
                ],
            ),
        ),
        (Some(f), None) => Some(addressee(f, s).unwrap_or_else(|| f.clone())),
        _ => m.publication.clone(),
    };
    match (who, date) {
        (Some(w), Some(d)) => Some(s.fmt("document.dateline", &[("who", &w), ("date", &d)])),
        (Some(w), None) => Some(w),
        (None, Some(d)) => Some(d),
        (None, None) => None,
    }
}

/// Stands in a rendered document page for the links to the previous and
/// next documents until the whole edition is known ([`parts::doc_nav`]).
pub(crate) const NAV_SLOT: &str = "\u{1}folio:doc-nav\u{1}";
/// Stands in a rendered document page for its related documents
/// ([`parts::related`]).
pub(crate) const RELATED_SLOT: &str = "\u{1}folio:related\u{1}";

/// The view of one document page. What depends on the whole edition (the
/// previous and next documents by date, related documents) is left as
/// [`NAV_SLOT`] and [`RELATED_SLOT`], filled in by the build's second pass.
pub(crate) fn document_view<'a>(site: Ctx<'a>, a: &'a Annotated, r: &Renderer) -> Result<DocumentView<'a>> {
    let s = r.strings();
    let lang = text_lang(a.doc.format, s);
    // The data too, when the edition's own document.html may loop over it.
    let data = r.own_page("document.html");
    let cite_data = crate::index::cite::data(a, site.config);
    let edition = crate::index::cite::edition(site.config, s);
    let mut paragraphs_html = String::with_capacity(a.doc.paragraphs.iter().map(|p| p.text.len() * 2 + 200).sum());
    let mut paragraphs = Vec::new();
    // The annotations by paragraph, once: linear in the document.
    let by_paragraph = annotate::paragraph::ByParagraph::new(a);
    let cite_notes = crate::index::cite::ParagraphNotes::new(&cite_data, &edition);
    for p in &a.doc.paragraphs {
        let notes: Vec<NoteInfo> = by_paragraph
            .notes(p.n)
            .iter()
            .map(|n| NoteInfo { n: n.n, quote: &n.quote, html: &n.html, quote_lang: lang })
            .collect();
        let html = by_paragraph.html(a, p.n, "../", s);
        let cite_html = cite_notes.html(p.n);
        let info = ParagraphInfo {
            n: p.n,
            lines: &p.lines,
            page: p.page,
            first_line: p.lines.first().copied().unwrap_or(0),
            html: &html,
            lang,
            label: p.label.as_deref(),
            anchor: p.anchor.as_deref(),
            cite_html: Some(&cite_html),
        };
        reading::paragraph(r, &info, &notes, &mut paragraphs_html)?;
        if data {
            paragraphs.push(ParagraphData {
                n: p.n,
                page: p.page,
                lines: p.lines.clone(),
                html,
                label: p.label.clone(),
                anchor: p.anchor.clone(),
            });
        }
    }
    let mut sheets = Vec::with_capacity(a.doc.pages.len());
    for p in &a.doc.pages {
        let mut lines_html = String::new();
        reading::sheet(r, p, &mut lines_html)?;
        sheets.push(SheetView { number: p.number, label: p.label.as_deref(), section: p.section, lines_html });
    }
    let entities = crate::render::registers::document_entities(&site, a, s);
    let tags = crate::annotate::tags::tag_views(&a.doc, site.topic_map, site.registers);
    let mut removed: BTreeMap<&str, usize> = BTreeMap::new();
    for l in a.doc.lines() {
        if let Some(why) = removed_key(l.kind) {
            *removed.entry(s.get(why)).or_default() += 1;
        }
    }
    let facts = all_facts(a, &tags, s, lang, site.config.reference_url.as_deref());
    let mut facts_html = String::new();
    parts::facts(r, &facts, &mut facts_html)?;
    let mut attributes_html = String::new();
    parts::attributes(r, &a.doc.metadata, lang, &mut attributes_html)?;
    let mut entities_html = String::new();
    parts::entities(r, &entities, &mut entities_html)?;
    Ok(DocumentView {
        id: &a.doc.id,
        format: a.doc.format,
        format_label: s.get(format_key(a.doc.format)).to_string(),
        lang,
        date: a.doc.date.as_ref().map(|d| d.as_str()),
        dateline: dateline(&a.doc, s),
        summary: a.summary.as_deref(),
        classification: a.doc.metadata.classification.as_deref(),
        facts_html,
        attribute_count: a.doc.metadata.attributes.len(),
        attributes_html,
        headnote_html: &a.headnote_html,
        sheets,
        paragraphs_html,
        paragraph_count: a.doc.paragraphs.len(),
        note_count: a.notes.len(),
        entities_html,
        doc_nav_html: NAV_SLOT,
        related_html: RELATED_SLOT,
        removed_total: removed.values().sum(),
        interventions: interventions_view(a, s),
        // The notice ends with its own full stop (`document.excerpt_notice`).
        excerpt: crate::annotate::correct::words::excerpt_description(&a.doc, s)
            .map(|d| d.trim_end().trim_end_matches('.').to_string()),
        own_numbers: a.doc.paragraphs.iter().any(|p| p.anchor.is_some()),
        removed: removed.into_iter().map(|(k, n)| (k.to_string(), n)).collect(),
        facts: data.then_some(facts),
        paragraphs: data.then_some(paragraphs),
        entities: data.then_some(entities),
        cite: crate::index::cite::view(&cite_data, &edition),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FormatName, LineKind};
    use crate::render::reading::kind_name;

    fn en() -> Strings {
        Strings::built_in("en")
    }

    #[test]
    fn dates_read_out() {
        let s = en();
        assert_eq!(s.long_date("1978-04-20"), "20 April 1978");
        assert_eq!(s.long_date("1978-04-02"), "2 April 1978");
        assert_eq!(dtg_reading("1978-04-20T13:17Z", &s).as_deref(), Some("20 April 1978, 13:17 GMT"));
        assert_eq!(dtg_reading("garbage", &s), None);
        let de = Strings::built_in("de");
        assert_eq!(dtg_reading("1978-04-20T13:17Z", &de).as_deref(), Some("20. April 1978, 13:17 Uhr GMT"));
    }

    #[test]
    fn addressees_explained() {
        let s = en();
        assert_eq!(addressee("AMEMBASSY NEW DELHI", &s).as_deref(), Some("American Embassy, New Delhi"));
        assert_eq!(
            addressee("SECSTATE WASHDC", &s).as_deref(),
            Some("Secretary of State, Washington (the Department of State)")
        );
        assert_eq!(addressee("USMISSION USNATO", &s).as_deref(), Some("US Mission to NATO, Brussels"));
        assert_eq!(addressee("TOON", &s), None);
        assert_eq!(precedence_key("R").map(|k| s.get(k)), Some("routine"));
        assert_eq!(precedence_key("Q"), None);
        let fr = Strings::built_in("fr");
        assert_eq!(addressee("AMEMBASSY MOSCOW", &fr).as_deref(), Some("Ambassade américaine, Moscow"));
    }

    #[test]
    fn tags_get_meanings_and_topics() {
        let tags = vec![
            TagView {
                code: "PARM".into(),
                class: crate::annotate::tags::TagClass::Subject,
                meaning: Some("Arms controls and disarmament".into()),
                topics: vec![(crate::model::EntryId::any("arms-control"), "Arms control".into())],
                entry: None,
            },
            TagView {
                code: "ZZ".into(),
                class: crate::annotate::tags::TagClass::Country,
                meaning: None,
                topics: vec![],
                entry: None,
            },
        ];
        let doc = crate::parse::parse(&crate::model::DocId::any("x"), "TAGS: PARM, ZZ\n", None);
        let f = facts(&doc, &tags, &en(), None);
        let t = f.iter().find(|f| f.key == "tags").expect("a TAGS fact");
        assert_eq!(t.label, "TAGS");
        assert_eq!(t.values[0].gloss.as_deref(), Some("Arms controls and disarmament; filed under Arms control"));
        assert_eq!(t.values[0].url.as_deref(), Some("../topics/arms-control.html"));
        assert_eq!(t.values[1].gloss, None);
        let f = facts(&doc, &tags, &Strings::built_in("de"), Some("en"));
        let t = f.iter().find(|f| f.key == "tags").expect("a TAGS fact");
        assert_eq!(t.values[0].lang, Some("en"));
        assert!(t.values[0].gloss.as_deref().is_some_and(|g| g.ends_with("eingeordnet unter Arms control")));
    }

    #[test]
    fn dateline_names_sender_and_date() {
        let mut doc = crate::parse::parse(&crate::model::DocId::any("x"), "hello\n", None);
        doc.date = crate::model::PartialDate::read("1978-04-20");
        doc.metadata.from = Some("AMEMBASSY MOSCOW".into());
        doc.metadata.to = vec!["SECSTATE WASHDC".into()];
        assert_eq!(
            dateline(&doc, &en()).as_deref(),
            Some("American Embassy Moscow to Secretary of State, Washington, 20 April 1978")
        );
        assert_eq!(
            dateline(&doc, &Strings::built_in("de")).as_deref(),
            Some("Amerikanische Botschaft Moscow an Außenminister, Washington, 20. April 1978")
        );
        doc.metadata.from = None;
        assert_eq!(dateline(&doc, &en()).as_deref(), Some("20 April 1978"));
    }

    #[test]
    fn every_removed_kind_has_a_reason() {
        let s = en();
        assert_eq!(removed_key(LineKind::Text), None);
        assert_eq!(removed_key(LineKind::Blank), None);
        assert_eq!(removed_key(LineKind::Banner).map(|k| s.get(k)), Some("classification banner"));
        assert_eq!(kind_name(LineKind::PageHeader), "page_header");
        // The names match the model's serialization.
        let json = serde_json::to_string(&LineKind::EndMarker).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", kind_name(LineKind::EndMarker)));
    }

    #[test]
    fn documents_in_english_are_marked_in_other_editions() {
        assert_eq!(text_lang(FormatName::Cable, &en()), None);
        assert_eq!(text_lang(FormatName::Cable, &Strings::built_in("de-AT")), Some("en"));
        assert_eq!(text_lang(FormatName::Plain, &Strings::built_in("fr")), None);
    }
}
