//! The archival apparatus on the page: REF entries as links or citations,
//! the declassification record, handling caveats and withheld text in
//! "About this document"; "Cited by" and the thread of a document (filled
//! in by the build's second pass, `parts/cited-by.html`). Every word from
//! the strings tables (`[apparatus]`, `[caveat]`); the edition's pages of
//! references are in [`crate::render::references`].

use serde::Serialize;

use crate::annotate::apparatus::{caveat_meaning, para_marker, release_key, Apparatus};
use crate::annotate::Annotated;
use crate::base::text::{escape_into, time_html};
use crate::index::citations::{Citations, Via};
use crate::index::DocSummary;
use crate::load::strings::{fill_html, Strings};
use crate::parse::apparatus::declass;
use crate::render::references::{most_cited_page, outside_url};
use crate::render::view::{Fact, FactValue};

use super::templates::Renderer;

/// The link (relative to documents/) for a cited document: the page, with
/// a slot for the paragraph when one is named.
fn doc_href(id: &str, para: Option<u32>) -> String {
    match para {
        Some(p) => format!("{id}.html{}", para_marker(id, p)),
        None => format!("{id}.html"),
    }
}

/// The REF entries: in-edition documents linked, others cited by their
/// normalized number (and linked to `reference_url` when set).
///
/// `text_lang`: the documents' language when it is not the interface's
/// (the `lang` of what is quoted from the document).
pub(crate) fn ref_values(
    ap: &Apparatus,
    reference_url: Option<&str>,
    s: &Strings,
    text_lang: Option<&'static str>,
) -> Vec<FactValue> {
    ap.references
        .iter()
        .map(|r| {
            let text = match &r.label {
                Some(l) => format!("{l}. {}", r.text),
                None => r.text.clone(),
            };
            let mut gloss: Vec<String> = Vec::new();
            let mut url = None;
            for id in &r.ids {
                if ap.in_edition.contains(id) {
                    gloss.push(s.fmt("apparatus.in_edition", &[("id", id)]));
                    url = url.or_else(|| Some(doc_href(id, r.para)));
                } else {
                    gloss.push(s.fmt("apparatus.not_in_edition", &[("id", id)]));
                    url = url.or_else(|| outside_url(reference_url, id));
                }
            }
            if r.ids.is_empty() {
                gloss.push(s.get("apparatus.no_number").to_string());
            }
            if let Some(p) = r.para {
                gloss.push(s.fmt("apparatus.ref_paragraph", &[("n", &p)]));
            }
            if let Some(d) = &r.dtg {
                gloss.push(s.fmt("apparatus.ref_dtg", &[("dtg", d)]));
            }
            if r.notal {
                gloss.push(s.get("apparatus.notal").to_string());
            }
            FactValue { text, gloss: Some(gloss.join(s.get("apparatus.separator"))), url, typed: true, lang: text_lang }
        })
        .collect()
}

fn typed(text: &str, gloss: Option<String>, lang: Option<&'static str>) -> FactValue {
    FactValue { text: text.to_string(), gloss, typed: true, lang, ..Default::default() }
}

fn plain(text: String) -> FactValue {
    FactValue { text, ..Default::default() }
}

/// Explains an E.O. line in plain words, from what is certain only.
pub(crate) fn eo_gloss(eo: &declass::ExecutiveOrder, s: &Strings) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(o) = &eo.order {
        parts.push(match o.as_str() {
            "11652" | "12065" | "12356" | "12958" => s.get(&format!("apparatus.eo_{o}")).to_string(),
            _ => s.fmt("apparatus.eo_order", &[("order", o)]),
        });
    }
    match (eo.schedule.as_deref(), eo.category.as_deref()) {
        (Some("N/A"), _) => parts.push(s.get("apparatus.eo_none").to_string()),
        (Some("GDS"), _) => parts.push(s.get("apparatus.eo_gds").to_string()),
        (Some("XGDS"), Some(c)) if eo.order.as_deref() != Some("12065") => {
            // The exemption categories of E.O. 11652, section 5(B).
            parts.push(match c {
                "1" | "2" | "3" | "4" => s.fmt(
                    "apparatus.eo_xgds_category_meaning",
                    &[("category", &c), ("meaning", &s.get(&format!("apparatus.xgds_{c}")))],
                ),
                _ => s.fmt("apparatus.eo_xgds_category", &[("category", &c)]),
            })
        }
        (Some("XGDS"), _) => parts.push(s.get("apparatus.eo_xgds").to_string()),
        _ => {}
    }
    if let Some(d) = &eo.date_iso {
        parts.push(s.fmt("apparatus.eo_date", &[("date", &s.long_date(d))]));
    }
    if let Some(w) = &eo.official {
        parts.push(s.fmt("apparatus.eo_official", &[("official", w)]));
    }
    (!parts.is_empty()).then(|| parts.join(s.get("apparatus.separator")))
}

/// A review or release stamp in words: the action as printed, then what
/// the stamp says of agency, review, date, reviewer and document.
fn stamp_gloss(st: &declass::Stamp, s: &Strings) -> String {
    let action = st.action.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let key = match action.replace(" / ", "/").as_str() {
        "declassified/released" => Some("apparatus.action_declassified"),
        "approved for release" => Some("apparatus.action_approved"),
        "no objection to declassification in full" => Some("apparatus.action_no_objection_full"),
        "no objection to declassification in part" => Some("apparatus.action_no_objection_part"),
        _ => None,
    };
    let mut words = vec![key.map_or(action.clone(), |k| s.get(k).to_string())];
    if let Some(a) = &st.agency {
        words.push(s.fmt("apparatus.stamp_agency", &[("agency", a)]));
    }
    if let Some(r) = &st.review {
        words.push(s.fmt("apparatus.stamp_review", &[("review", r)]));
    }
    words.push(s.fmt("apparatus.stamp_date", &[("date", &s.long_date(&st.date))]));
    if let Some(r) = &st.reviewer {
        words.push(s.fmt("apparatus.stamp_reviewer", &[("reviewer", r)]));
    }
    if let Some(doc) = &st.document {
        words.push(s.fmt("apparatus.stamp_document", &[("document", doc)]));
    }
    words.join(" ")
}

/// The apparatus facts of "About this document": E.O. line, handling,
/// declassification record and release, withheld text. `text_lang` as for
/// [`ref_values`].
pub(crate) fn facts(a: &Annotated, s: &Strings, text_lang: Option<&'static str>) -> Vec<Fact> {
    let ap = &a.apparatus;
    let d = &ap.declassification;
    let mut out = Vec::new();
    if let Some(eo) = &d.executive_order {
        out.push(Fact {
            key: "eo",
            label: s.get("fact.eo").to_string(),
            values: vec![typed(&eo.typed, eo_gloss(eo, s), text_lang)],
        });
    }
    if !ap.caveats.is_empty() {
        let values = ap.caveats.iter().map(|c| typed(c.code, Some(caveat_meaning(c, s)), text_lang)).collect();
        out.push(Fact { key: "handling", label: s.get("fact.handling").to_string(), values });
    }
    let mut review: Vec<FactValue> =
        d.stamps.iter().map(|st| typed(&st.typed, Some(stamp_gloss(st, s)), text_lang)).collect();
    if !d.review.is_empty() {
        let text = d.review.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(" · ");
        let gloss = d.review_date.as_deref().map(|r| s.fmt("apparatus.review_record", &[("date", &s.long_date(r))]));
        review.push(typed(&text, gloss, text_lang));
    }
    if !review.is_empty() {
        out.push(Fact { key: "declassification", label: s.get("fact.declassification").to_string(), values: review });
    }
    if let Some(r) = d.release {
        out.push(Fact {
            key: "release",
            label: s.get("fact.release").to_string(),
            values: vec![plain(s.get(release_key(r)).to_string())],
        });
    }
    if !ap.gaps.is_empty() {
        let values = ap
            .gaps
            .iter()
            .map(|g| FactValue {
                url: Some(format!("#p{}", g.paragraph)),
                ..plain(s.fmt("apparatus.withheld_in", &[("n", &g.paragraph), ("text", &g.gap.text)]))
            })
            .collect();
        out.push(Fact { key: "withheld", label: s.get("fact.withheld").to_string(), values });
    }
    out
}

// ---- parts/cited-by.html --------------------------------------------------

/// One way a document cites this one.
#[derive(Serialize)]
pub(crate) struct ViaView<'a> {
    /// "ref" (an entry of its REF block), "text" (a number or REF
    /// shorthand in its reading text) or "commentary" (a `doc:` link).
    pub kind: &'static str,
    /// The REF entry's letter.
    pub label: Option<&'a str>,
    /// The citing document's reading paragraph (kind "text").
    pub paragraph: Option<u32>,
}

/// A document of the edition citing this one.
#[derive(Serialize)]
pub(crate) struct CitingDoc<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// How an inferred date was inferred (the date is shown in brackets).
    pub date_inferred: Option<&'a str>,
    pub via: Vec<ViaView<'a>>,
    /// The reading paragraphs of this document it points at.
    pub paragraphs: &'a [u32],
}

/// A document of the thread.
#[derive(Serialize)]
pub(crate) struct ThreadDoc<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// How an inferred date was inferred (the date is shown in brackets).
    pub date_inferred: Option<&'a str>,
    /// 1: directly; 2: through one other; ...
    pub depth: usize,
    /// The depth, at most 9 (CSS class `depth-N`).
    pub level: usize,
    /// The documents in between (depth - 1).
    pub through: usize,
}

/// Documents listed in each list of "Cited by" and the thread on a
/// document page: the rest are counted, and listed in full in the
/// document's JSON (the most-cited list of the references pages ranks it).
pub(crate) const LISTED: usize = 50;

/// "Cited by" and the thread of a document.
#[derive(Serialize)]
pub(crate) struct CitedPart<'a> {
    /// The document's id (its JSON is `../data/{id}.json`).
    pub id: &'a str,
    /// The first [`LISTED`] documents citing it, in date order.
    pub cited: Vec<CitingDoc<'a>>,
    /// How many more cite it.
    pub cited_more: usize,
    /// Its rank among the most cited documents (when `cited_more` > 0).
    pub cited_rank: usize,
    /// The page of the most-cited list that ranks it: 1 is
    /// `references.html`, N `references/cited-N.html`.
    pub cited_page: usize,
    /// What it answers or follows up, directly or through others (the
    /// first [`LISTED`]).
    pub answers: Vec<ThreadDoc<'a>>,
    pub answers_more: usize,
    /// What answered or followed it up, directly or through others.
    pub answered: Vec<ThreadDoc<'a>>,
    pub answered_more: usize,
}

/// The view of "Cited by" and the thread of the document at `pos`.
pub(crate) fn cited_view<'a>(g: &'a Citations, docs: &'a [DocSummary], pos: usize) -> CitedPart<'a> {
    let all = g.cited_by.get(pos).map_or(&[][..], Vec::as_slice);
    let cited_more = all.len().saturating_sub(LISTED);
    let cited_rank = if cited_more > 0 { g.rank(pos).unwrap_or(0) } else { 0 };
    let cited = all
        .iter()
        .take(LISTED)
        .filter_map(|c| {
            let d = docs.get(c.doc)?;
            Some(CitingDoc {
                id: d.id.as_str(),
                title: &d.title,
                date: d.date.as_ref().map(|d| d.as_str()),
                date_inferred: d.date_inferred.as_deref(),
                via: c
                    .via
                    .iter()
                    .map(|v| match v {
                        Via::Ref(l) => ViaView { kind: "ref", label: l.as_deref(), paragraph: None },
                        Via::Text(p) => ViaView { kind: "text", label: None, paragraph: Some(*p) },
                        Via::Commentary => ViaView { kind: "commentary", label: None, paragraph: None },
                    })
                    .collect(),
                paragraphs: &c.paragraphs,
            })
        })
        .collect();
    let (answers, answered) = g.thread(pos);
    let (answers_more, answered_more) = (answers.len().saturating_sub(LISTED), answered.len().saturating_sub(LISTED));
    let thread = |list: Vec<(usize, usize)>| -> Vec<ThreadDoc<'a>> {
        list.into_iter()
            .take(LISTED)
            .filter_map(|(p, depth)| {
                let d = docs.get(p)?;
                Some(ThreadDoc {
                    id: d.id.as_str(),
                    title: &d.title,
                    date: d.date.as_ref().map(|d| d.as_str()),
                    date_inferred: d.date_inferred.as_deref(),
                    depth,
                    level: depth.min(9),
                    through: depth.saturating_sub(1),
                })
            })
            .collect()
    };
    CitedPart {
        id: docs.get(pos).map_or("", |d| d.id.as_str()),
        cited,
        cited_more,
        cited_rank,
        cited_page: if cited_rank > 0 { most_cited_page(cited_rank) } else { 0 },
        answers: thread(answers),
        answers_more,
        answered: thread(answered),
        answered_more,
    }
}

/// "and N more documents (…; all in the document's JSON data)" after a
/// list of "Cited by" or the thread; `ranking` the link to the most-cited
/// list ("Cited by" only).
fn more_fast(v: &CitedPart, s: &Strings, n: usize, cited: bool, out: &mut String) {
    let mut data = String::from("<a href=\"../data/");
    escape_into(v.id, &mut data);
    data.push_str(".json\">");
    escape_into(s.get("apparatus.more_data"), &mut data);
    data.push_str("</a>");
    out.push_str("<p class=more>");
    if cited {
        let mut ranking = String::from("<a href=\"../");
        if v.cited_page > 1 {
            ranking.push_str(&format!("references/cited-{}.html", v.cited_page));
        } else {
            ranking.push_str("references.html");
        }
        ranking.push_str("#c-");
        escape_into(v.id, &mut ranking);
        ranking.push_str("\">");
        escape_into(&s.fmt("apparatus.cited_ranking", &[("rank", &v.cited_rank)]), &mut ranking);
        ranking.push_str("</a>");
        out.push_str(&fill_html(s.form("apparatus.cited_more", n as u64), |k| match k {
            "n" => Some(n.to_string()),
            "ranking" => Some(ranking.clone()),
            "data" => Some(data.clone()),
            _ => None,
        }));
    } else {
        out.push_str(&fill_html(s.form("apparatus.thread_more", n as u64), |k| match k {
            "n" => Some(n.to_string()),
            "data" => Some(data.clone()),
            _ => None,
        }));
    }
    out.push_str("</p>");
}

fn doc_link(id: &str, title: &str, date: Option<&str>, inferred: Option<&str>, out: &mut String) {
    out.push_str("<a href=\"");
    escape_into(id, out);
    out.push_str(".html\">");
    escape_into(title, out);
    out.push_str("</a> <span class=doc-id>");
    escape_into(id, out);
    out.push_str("</span>");
    if let Some(date) = date {
        out.push(' ');
        time_html(date, inferred, out);
    }
}

/// `key` filled with HTML values, the text escaped (the template's
/// `t(k=..., html=true, ...)`).
fn fmt_html(s: &Strings, key: &str, name: &str, value: &str) -> String {
    fill_html(s.get(key), |n| (n == name).then(|| value.to_string()))
}

/// The fast path of parts/cited-by.html.
fn cited_fast(v: &CitedPart, s: &Strings, out: &mut String) {
    if v.cited.is_empty() && v.answers.is_empty() && v.answered.is_empty() {
        return;
    }
    let sep = s.get("site.list_separator");
    out.push_str("<section class=apparatus aria-labelledby=cited-h><h2 id=cited-h>");
    escape_into(s.get("apparatus.cited_heading"), out);
    out.push_str("</h2>");
    if !v.cited.is_empty() {
        out.push_str("<h3>");
        escape_into(s.get("apparatus.cited_by"), out);
        out.push_str("</h3><ul class=cited-by>");
        for d in &v.cited {
            out.push_str("<li>");
            doc_link(d.id, d.title, d.date, d.date_inferred, out);
            out.push_str(" <span class=via>(");
            for (i, via) in d.via.iter().enumerate() {
                if i > 0 {
                    escape_into(sep, out);
                }
                match (via.kind, via.label, via.paragraph) {
                    ("ref", Some(l), _) => escape_into(&s.fmt("apparatus.via_ref", &[("label", &l)]), out),
                    ("ref", None, _) => escape_into(s.get("apparatus.via_ref_bare"), out),
                    ("text", _, Some(p)) => {
                        let mut link = String::from("<a href=\"");
                        escape_into(d.id, &mut link);
                        link.push_str(&format!(".html#p{p}\">"));
                        escape_into(&s.fmt("apparatus.paragraph", &[("n", &p)]), &mut link);
                        link.push_str("</a>");
                        out.push_str(&fmt_html(s, "apparatus.via_text", "paragraph", &link));
                    }
                    _ => escape_into(s.get("apparatus.via_commentary"), out),
                }
            }
            if !d.paragraphs.is_empty() {
                if !d.via.is_empty() {
                    escape_into(sep, out);
                }
                let mut links = String::new();
                for (i, p) in d.paragraphs.iter().enumerate() {
                    if i > 0 {
                        escape_into(sep, &mut links);
                    }
                    links.push_str(&format!("<a href=\"#p{p}\">"));
                    escape_into(&s.fmt("apparatus.paragraph", &[("n", p)]), &mut links);
                    links.push_str("</a>");
                }
                out.push_str(&fmt_html(s, "apparatus.via_here", "paragraphs", &links));
            }
            out.push_str(")</span></li>");
        }
        out.push_str("</ul>");
        if v.cited_more > 0 {
            more_fast(v, s, v.cited_more, true, out);
        }
    }
    for (list, more, head, class) in [
        (&v.answers, v.answers_more, "apparatus.answers", "answers"),
        (&v.answered, v.answered_more, "apparatus.answered", "answered"),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str("<h3>");
        escape_into(s.get(head), out);
        out.push_str("</h3><ul class=\"thread ");
        out.push_str(class);
        out.push_str("\">");
        for d in list.iter() {
            out.push_str(&format!("<li class=depth-{}>", d.level));
            doc_link(d.id, d.title, d.date, d.date_inferred, out);
            if d.through > 0 {
                out.push_str(" <span class=via>(");
                escape_into(&s.fmt("apparatus.through", &[("n", &d.through)]), out);
                out.push_str(")</span>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
        if more > 0 {
            more_fast(v, s, more, false, out);
        }
    }
    out.push_str("</section>");
}

/// "Cited by" and the thread of the document at `pos` (the second pass's
/// slot): plain lists, no script.
pub(crate) fn cited_html(
    r: &Renderer,
    g: &Citations,
    docs: &[DocSummary],
    pos: usize,
) -> crate::base::error::Result<String> {
    let view = cited_view(g, docs, pos);
    let mut out = String::new();
    r.part("parts/cited-by.html", || &view, &mut out, |out| cited_fast(&view, r.strings(), out))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executive_orders_explained_in_the_interface_language() {
        let en = Strings::built_in("en");
        assert_eq!(
            eo_gloss(&declass::executive_order("E.O. 11652: XGDS-1"), &en).unwrap(),
            "classified under Executive Order 11652 (1972); exempt from the General Declassification Schedule, category 1 (information furnished in confidence by a foreign government or international organization)"
        );
        let line = declass::executive_order("E.O. 12065: RDS-4 6/5/99 (GERLACH, FREDERICK H.) OR-M");
        let s = eo_gloss(&line, &en).unwrap();
        assert_eq!(s, "classified under Executive Order 12065 (in force from 1 December 1978); date given 5 June 1999; classified by GERLACH, FREDERICK H.");
        assert!(!s.contains("OR-M"), "the office code is not explained");
        let de = eo_gloss(&line, &Strings::built_in("de")).unwrap();
        assert_eq!(de, "eingestuft nach Executive Order 12065 (in Kraft seit 1. Dezember 1978); angegebenes Datum 5. Juni 1999; eingestuft von GERLACH, FREDERICK H.");
        let fr = eo_gloss(&line, &Strings::built_in("fr")).unwrap();
        assert!(fr.contains("5 juin 1999") && fr.contains(" ; "), "{fr}");
    }

    #[test]
    fn every_caveat_has_its_meaning_in_every_language() {
        for lang in ["en", "de", "fr"] {
            let s = Strings::built_in(lang);
            for code in [
                "NODIS",
                "EXDIS",
                "LIMDIS",
                "STADIS",
                "NOFORN",
                "CHEROKEE",
                "EYES ONLY",
                "ORCON",
                "WNINTEL",
                "NOCONTRACT",
            ] {
                let c = crate::parse::apparatus::caveats::find(code).pop().expect(code);
                let key = format!("caveat.{}", code.to_ascii_lowercase().replace(' ', "_"));
                assert!(s.has(&key), "{lang}: no {key}");
                assert_eq!(caveat_meaning(&c, &s), s.get(&key));
            }
        }
        assert_eq!(
            caveat_meaning(&crate::parse::apparatus::caveats::find("EXDIS")[0], &Strings::built_in("en")),
            crate::parse::apparatus::caveats::meaning("EXDIS").unwrap(),
            "the English table says what the caveats table says"
        );
    }
}
