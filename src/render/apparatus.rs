//! The archival apparatus on the page: REF entries as links or citations,
//! the declassification record, handling caveats and withheld text in
//! "About this document"; "Cited by" and the thread of a document (filled
//! in by the build's second pass); the edition's page of references.

use std::fmt::Write;

use crate::annotate::apparatus::{para_marker, Apparatus};
use crate::annotate::Annotated;
use crate::base::text::{escape_html, escape_into, time_html};
use crate::index::citations::{Citations, Via};
use crate::index::DocSummary;
use crate::parse::apparatus::declass;
use crate::render::view::{Fact, FactValue};

/// Where a document outside the edition can be read, from site.toml's
/// `reference_url` ("https://example.org/cable/{id}").
pub fn outside_url(pattern: Option<&str>, id: &str) -> Option<String> {
    pattern.map(|p| p.replace("{id}", id))
}

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
pub fn ref_values(ap: &Apparatus, reference_url: Option<&str>) -> Vec<FactValue> {
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
                    gloss.push(format!("{id}, in this edition"));
                    url = url.or_else(|| Some(doc_href(id, r.para)));
                } else {
                    gloss.push(format!("{id}, not in this edition"));
                    url = url.or_else(|| outside_url(reference_url, id));
                }
            }
            if r.ids.is_empty() {
                gloss.push("no telegram number recognised".into());
            }
            if let Some(p) = r.para {
                gloss.push(format!("paragraph {p}"));
            }
            if let Some(d) = &r.dtg {
                gloss.push(format!("date-time group {d}"));
            }
            if r.notal {
                gloss.push("NOTAL: not sent to all the addressees of this telegram".into());
            }
            FactValue { text, gloss: Some(gloss.join("; ")), url, typed: true, lang: None }
        })
        .collect()
}

fn typed(text: &str, gloss: Option<String>) -> FactValue {
    FactValue { text: text.to_string(), gloss, typed: true, ..Default::default() }
}

fn plain(text: String) -> FactValue {
    FactValue { text, ..Default::default() }
}

/// The apparatus facts of "About this document": E.O. line, handling,
/// declassification record and release, withheld text.
pub fn facts(a: &Annotated, s: &crate::load::strings::Strings) -> Vec<Fact> {
    let ap = &a.apparatus;
    let d = &ap.declassification;
    let mut out = Vec::new();
    if let Some(eo) = &d.executive_order {
        out.push(Fact {
            key: "eo",
            label: s.get("fact.eo").to_string(),
            values: vec![typed(&eo.typed, declass::explain(eo))],
        });
    }
    if !ap.caveats.is_empty() {
        let values = ap.caveats.iter().map(|c| typed(c.code, Some(c.meaning.to_string()))).collect();
        out.push(Fact { key: "handling", label: s.get("fact.handling").to_string(), values });
    }
    let mut review: Vec<FactValue> = d
        .stamps
        .iter()
        .map(|s| {
            let mut words = vec![s.action.to_lowercase()];
            if let Some(a) = &s.agency {
                words.push(format!("by {a}"));
            }
            if let Some(r) = &s.review {
                words.push(format!("({r})"));
            }
            words.push(format!("on {}", declass::long_date(&s.date)));
            if let Some(r) = &s.reviewer {
                words.push(format!("reviewer {r}"));
            }
            if let Some(doc) = &s.document {
                words.push(format!("document {doc}"));
            }
            typed(&s.typed, Some(words.join(" ")))
        })
        .collect();
    if !d.review.is_empty() {
        let text = d.review.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(" · ");
        let gloss = d.review_date.as_deref().map(|r| format!("the PlusD record's review of {}", declass::long_date(r)));
        review.push(typed(&text, gloss));
    }
    if !review.is_empty() {
        out.push(Fact { key: "declassification", label: s.get("fact.declassification").to_string(), values: review });
    }
    if let Some(r) = d.release {
        out.push(Fact { key: "release", label: s.get("fact.release").to_string(), values: vec![plain(r.to_string())] });
    }
    if !ap.gaps.is_empty() {
        let values = ap
            .gaps
            .iter()
            .map(|g| FactValue {
                url: Some(format!("#p{}", g.paragraph)),
                ..plain(format!("paragraph {}: {}", g.paragraph, g.gap.text))
            })
            .collect();
        out.push(Fact { key: "withheld", label: s.get("fact.withheld").to_string(), values });
    }
    out
}

fn doc_link(d: &DocSummary, para: Option<u32>, dir: &str, out: &mut String) {
    let _ = write!(out, "<a href=\"{dir}{}.html", d.id);
    if let Some(p) = para {
        let _ = write!(out, "#p{p}");
    }
    out.push_str("\">");
    escape_into(&d.title, out);
    out.push_str("</a> <span class=doc-id>");
    escape_into(&d.id, out);
    out.push_str("</span>");
    if let Some(date) = &d.date {
        out.push(' ');
        time_html(date, out);
    }
}

/// How a document cites this one, in words, with links: to the place in
/// the citing document (`its paragraph 3`) and to the paragraphs of this
/// one it points at.
fn via_html(citing: &str, via: &[Via], paragraphs: &[u32]) -> String {
    let mut words: Vec<String> = via
        .iter()
        .map(|v| match v {
            Via::Ref(Some(l)) => format!("REF {}", escape_html(l)),
            Via::Ref(None) => "REF".into(),
            Via::Text(p) => format!("in its <a href=\"{}.html#p{p}\">paragraph {p}</a>", escape_html(citing)),
            Via::Commentary => "in the commentary".into(),
        })
        .collect();
    if !paragraphs.is_empty() {
        let ps: Vec<String> = paragraphs.iter().map(|p| format!("<a href=\"#p{p}\">paragraph {p}</a>")).collect();
        words.push(format!("on {} here", ps.join(", ")));
    }
    words.join(", ")
}

/// "Cited by" and the thread of the document at `pos` (the second pass's
/// slot): plain lists, no script.
pub fn cited_html(g: &Citations, docs: &[DocSummary], pos: usize) -> String {
    let cited = g.cited_by.get(pos).map_or(&[][..], Vec::as_slice);
    let (answers, answered) = g.thread(pos);
    if cited.is_empty() && answers.is_empty() && answered.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("<section class=apparatus aria-labelledby=cited-h><h2 id=cited-h>Cited by and thread</h2>");
    if !cited.is_empty() {
        out.push_str("<h3>Cited by</h3><ul class=cited-by>");
        for c in cited {
            let Some(d) = docs.get(c.doc) else { continue };
            out.push_str("<li>");
            doc_link(d, None, "", &mut out);
            let _ = write!(out, " <span class=via>({})</span></li>", via_html(&d.id, &c.via, &c.paragraphs));
        }
        out.push_str("</ul>");
    }
    for (list, head, class) in
        [(&answers, "Answers or follows up", "answers"), (&answered, "Answered or followed up by", "answered")]
    {
        if list.is_empty() {
            continue;
        }
        let _ = write!(out, "<h3>{head}</h3><ul class=\"thread {class}\">");
        for &(p, depth) in list.iter() {
            let Some(d) = docs.get(p) else { continue };
            let _ = write!(out, "<li class=depth-{}>", depth.min(9));
            doc_link(d, None, "", &mut out);
            if depth > 1 {
                let _ = write!(
                    out,
                    " <span class=via>(through {} other{})</span>",
                    depth - 1,
                    if depth > 2 { "s" } else { "" }
                );
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}

/// The edition's page of references (references.html, beside the home
/// page, so that no document id can clash with it): the
/// most-cited documents, and the documents cited but not in the edition,
/// most cited first.
pub fn references_page_html(g: &Citations, docs: &[DocSummary], reference_url: Option<&str>) -> String {
    let mut out = String::new();
    out.push_str("<p>Telegrams cite each other by number in their REF lines and text; commentary cites documents with <code>doc:</code> links. Numbers are normalized to the archive's document numbers (year, post, number: <code>1978MOSCOW08357</code>).</p>");
    out.push_str("<h2 id=most-cited>Most cited documents of the edition</h2>");
    let most = g.most_cited();
    if most.is_empty() {
        out.push_str("<p>No document of the edition is cited by another.</p>");
    } else {
        out.push_str("<ol class=most-cited>");
        for (p, n) in most {
            let Some(d) = docs.get(p) else { continue };
            out.push_str("<li>");
            doc_link(d, None, "documents/", &mut out);
            let _ =
                write!(out, " <span class=count>cited by {n} document{}</span></li>", if n == 1 { "" } else { "s" });
        }
        out.push_str("</ol>");
    }
    out.push_str("<h2 id=not-in-edition>Cited but not in the edition</h2>");
    if g.outside.is_empty() {
        out.push_str("<p>Every document cited is in the edition.</p>");
    } else {
        out.push_str("<p>The editor's list of what to add next, most cited first.</p><table class=outside><thead><tr><th scope=col>Document number</th><th scope=col>Cited by</th></tr></thead><tbody>");
        for o in &g.outside {
            out.push_str("<tr><td>");
            match outside_url(reference_url, &o.id) {
                Some(u) => {
                    let _ = write!(
                        out,
                        "<a class=ext href=\"{}\"><code>{}</code></a>",
                        escape_html(&u),
                        escape_html(&o.id)
                    );
                }
                None => {
                    let _ = write!(out, "<code>{}</code>", escape_html(&o.id));
                }
            }
            out.push_str("</td><td><ul>");
            for &p in &o.cited_by {
                if let Some(d) = docs.get(p) {
                    out.push_str("<li>");
                    doc_link(d, None, "documents/", &mut out);
                    out.push_str("</li>");
                }
            }
            out.push_str("</ul></td></tr>");
        }
        out.push_str("</tbody></table>");
    }
    out
}
