//! Export, "cited by" (issue 17): what the edition's citation graph says
//! of one document, for its JSON and TEI files. Both are written in the
//! build's second pass, when every document is known: the first pass keeps
//! each export without it, the second adds it ([`json_fields`] before the
//! JSON object's closing brace, [`tei_list`] at the end of `sourceDesc`).

use std::fmt::Write;

use serde::Serialize;

use crate::export::tei_names::esc;
use crate::index::citations::{Citations, Via};
use crate::index::DocSummary;
use crate::load::strings::Strings;

/// A document of the edition citing this one, as the JSON export lists it.
#[derive(Debug, Serialize)]
struct CitedByJson<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    /// The letters of its REF entries citing this document ("A"; "" for an
    /// entry without a letter).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ref_labels: Vec<&'a str>,
    /// Its reading paragraphs citing this document in the text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    in_paragraphs: Vec<u32>,
    /// Its commentary links here (`doc:` links).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    in_commentary: bool,
    /// The reading paragraphs of this document it points at (`#pN`).
    #[serde(skip_serializing_if = "<[u32]>::is_empty")]
    paragraphs: &'a [u32],
}

/// A document of a thread.
#[derive(Debug, Serialize)]
struct ThreadJson<'a> {
    id: &'a str,
    /// 1 when directly, 2 through one other, ...
    depth: usize,
}

#[derive(Debug, Serialize)]
struct Fields<'a> {
    cited_by: Vec<CitedByJson<'a>>,
    thread: Thread<'a>,
}

#[derive(Debug, Serialize)]
struct Thread<'a> {
    /// What it answers or follows up (by its REF entries), directly or not.
    answers: Vec<ThreadJson<'a>>,
    /// What answered or followed it up.
    answered_by: Vec<ThreadJson<'a>>,
}

/// The `"cited_by"` and `"thread"` members of the JSON export of the
/// document at `pos`, with a leading comma (empty lists when nothing cites
/// it: the keys are always there).
pub(crate) fn json_fields(g: &Citations, docs: &[DocSummary], pos: usize) -> String {
    let cited = g.cited_by.get(pos).map_or(&[][..], Vec::as_slice);
    let cited_by = cited
        .iter()
        .filter_map(|c| {
            let d = docs.get(c.doc)?;
            let mut e = CitedByJson {
                id: d.id.as_str(),
                title: &d.title,
                date: d.date.as_ref().map(|d| d.as_str()),
                ref_labels: Vec::new(),
                in_paragraphs: Vec::new(),
                in_commentary: false,
                paragraphs: &c.paragraphs,
            };
            for v in &c.via {
                match v {
                    Via::Ref(l) => e.ref_labels.push(l.as_deref().unwrap_or("")),
                    Via::Text(p) => e.in_paragraphs.push(*p),
                    Via::Commentary => e.in_commentary = true,
                }
            }
            Some(e)
        })
        .collect();
    let (answers, answered) = g.thread(pos);
    let list = |v: &[(usize, usize)]| -> Vec<ThreadJson<'_>> {
        v.iter().filter_map(|&(p, depth)| docs.get(p).map(|d| ThreadJson { id: d.id.as_str(), depth })).collect()
    };
    let fields = Fields { cited_by, thread: Thread { answers: list(&answers), answered_by: list(&answered) } };
    let json = serde_json::to_string(&fields).unwrap_or_else(|_| "{}".into());
    // `{"cited_by":…,"thread":…}` → `,"cited_by":…,"thread":…`
    match json.strip_prefix('{').and_then(|j| j.strip_suffix('}')) {
        Some(inner) => format!(",{inner}"),
        None => String::new(),
    }
}

/// "Cited by" in the TEI header: a `listBibl` of the edition's documents
/// citing the document at `pos`, each pointing at its TEI file, with how it
/// cites; empty when nothing cites it.
pub(crate) fn tei_list(g: &Citations, docs: &[DocSummary], pos: usize, s: &Strings) -> String {
    let cited = g.cited_by.get(pos).map_or(&[][..], Vec::as_slice);
    if cited.is_empty() {
        return String::new();
    }
    let mut x = format!("<listBibl type=\"cited-by\">\n<head>{}</head>\n", esc(s.get("apparatus.cited_by")));
    for c in cited {
        let Some(d) = docs.get(c.doc) else { continue };
        let _ = write!(
            x,
            "<bibl><ref target=\"{0}.xml\">{1}</ref> <idno type=\"folio\">{0}</idno>",
            esc(d.id.as_str()),
            esc(&d.title)
        );
        if let Some(date) = d.date.as_ref().map(|d| d.as_str()) {
            match crate::export::tei_header::when(date) {
                Some(w) => {
                    let _ = write!(x, " <date when=\"{}\">{}</date>", esc(&w), esc(date));
                }
                None => {
                    let _ = write!(x, " <date>{}</date>", esc(date));
                }
            }
        }
        let mut how: Vec<String> = c
            .via
            .iter()
            .map(|v| match v {
                Via::Ref(Some(l)) => s.fmt("apparatus.via_ref", &[("label", l)]),
                Via::Ref(None) => s.get("apparatus.via_ref_bare").to_string(),
                Via::Text(p) => {
                    s.fmt("apparatus.via_text", &[("paragraph", &s.fmt("apparatus.paragraph", &[("n", p)]))])
                }
                Via::Commentary => s.get("apparatus.via_commentary").to_string(),
            })
            .collect();
        if !c.paragraphs.is_empty() {
            let ps: Vec<String> = c.paragraphs.iter().map(|p| s.fmt("apparatus.paragraph", &[("n", p)])).collect();
            how.push(s.fmt("apparatus.via_here", &[("paragraphs", &ps.join(s.get("site.list_separator")))]));
        }
        let _ = writeln!(x, " <note type=\"cites\">{}</note></bibl>", esc(&how.join(s.get("apparatus.separator"))));
    }
    x.push_str("</listBibl>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::citations::{DocCitations, OutCite};

    fn summary(id: &str, title: &str) -> DocSummary {
        DocSummary {
            id: crate::model::DocId::any(id),
            title: title.into(),
            date: crate::model::PartialDate::read("1978-04-25"),
            date_inferred: None,
            format: crate::model::FormatName::Cable,
            classification: None,
            from: None,
            to: Vec::new(),
            summary: None,
        }
    }

    fn graph() -> (Citations, Vec<DocSummary>) {
        let cite = |target: &str, via: Via, reading_para: Option<u32>| OutCite {
            target: target.into(),
            via,
            para: None,
            reading_para,
        };
        let a = DocCitations::default();
        let b = DocCitations {
            numbered: Vec::new(),
            cites: vec![cite("A", Via::Ref(Some("A".into())), None), cite("A", Via::Commentary, Some(6))],
        };
        let c = DocCitations { numbered: Vec::new(), cites: vec![cite("B", Via::Ref(None), None)] };
        let g = Citations::build(&[("A", &a), ("B", &b), ("C", &c)]);
        (g, vec![summary("A", "First"), summary("B", "Second & reply"), summary("C", "Third")])
    }

    #[test]
    fn json_lists_who_cites_and_how() {
        let (g, docs) = graph();
        let f = json_fields(&g, &docs, 0);
        let v: serde_json::Value = serde_json::from_str(&format!("{{\"x\":1{f}}}")).unwrap();
        assert_eq!(v["cited_by"][0]["id"], "B");
        assert_eq!(v["cited_by"][0]["ref_labels"], serde_json::json!(["A"]));
        assert_eq!(v["cited_by"][0]["in_commentary"], true);
        assert_eq!(v["cited_by"][0]["paragraphs"], serde_json::json!([6]));
        assert_eq!(v["thread"]["answered_by"], serde_json::json!([{"id": "B", "depth": 1}, {"id": "C", "depth": 2}]));
        let none: serde_json::Value =
            serde_json::from_str(&format!("{{\"x\":1{}}}", json_fields(&g, &docs, 2))).unwrap();
        assert_eq!(none["cited_by"], serde_json::json!([]), "the key is there when nothing cites it");
    }

    #[test]
    fn tei_points_at_the_citing_files() {
        let (g, docs) = graph();
        let en = Strings::built_in("en");
        let x = tei_list(&g, &docs, 1, &en);
        assert!(x.contains("<ref target=\"C.xml\">Third</ref>"), "{x}");
        let x = tei_list(&g, &docs, 0, &en);
        assert!(x.contains("Second &amp; reply"), "{x}");
        assert!(x.contains("REF A; in the commentary; on paragraph 6 here"), "{x}");
        assert!(x.contains("<head>Cited by</head>"), "{x}");
        let de = tei_list(&g, &docs, 0, &Strings::built_in("de"));
        assert!(!de.contains("Cited by") && !de.contains("in the commentary"), "{de}");
        assert_eq!(tei_list(&g, &docs, 2, &en), "", "nothing cites it");
    }
}
