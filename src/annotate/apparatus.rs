//! A document's archival apparatus (issue 17): its REF entries and the
//! citations in its text, normalized to document numbers
//! ([`crate::parse::apparatus::number`]); its withheld-text gaps; its
//! declassification data and handling caveats; its telegram paragraph
//! numbering (for links to "PARA 5 OF REF A"); and the documents its
//! commentary links to. Computed per document in the first pass; what needs
//! the whole edition (cited by, threads) is the index's
//! ([`crate::index::citations`]).

use std::sync::LazyLock;

use regex::Regex;

use crate::base::pattern::re;
use serde::{Deserialize, Serialize};

use crate::load::strings::Strings;
use crate::model::Document;
use crate::parse::apparatus::cite::{self, RefBlock};
use crate::parse::apparatus::{caveats, declass, withheld};

/// One entry of the REF block, normalized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefEntry {
    /// The letter (A, B, ...) when the block lists several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// As typed.
    pub text: String,
    /// The document numbers it cites (`1978MOSCOW08357`); empty when none is
    /// recognisable ("5 FAM 900", or no year known).
    pub ids: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub notal: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dtg: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub para: Option<u32>,
}

/// A citation in the reading text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextCitation {
    /// The reading paragraph and the byte range in its text.
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub ids: Vec<String>,
    /// The REF letters, when cited by letter ("REF B").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub para: Option<u32>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub notal: bool,
    /// Where it links (relative to documents/), once resolved.
    #[serde(skip)]
    pub href: Option<String>,
    /// Whether each of `ids` is a document of the edition, once resolved.
    #[serde(skip)]
    pub inside: Vec<bool>,
}

/// A withheld-text marker in the reading text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphGap {
    pub paragraph: usize,
    #[serde(flatten)]
    pub gap: withheld::Gap,
}

/// The declassification record of a document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Declassification {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executive_order: Option<declass::ExecutiveOrder>,
    /// Review and release stamps, each once, in the order found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stamps: Vec<declass::Stamp>,
    /// The PlusD review attributes that say something (not "n/a").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<(String, String)>,
    /// ISO date of the PlusD "Review Date".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
    /// "released" or "released in part", when the record says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<&'static str>,
    /// The years of every review (stamps and the PlusD Review Date).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub review_years: Vec<String>,
}

/// Everything of the apparatus that one document gives.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Apparatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<RefEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<TextCitation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<ParagraphGap>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<caveats::Caveat>,
    pub declassification: Declassification,
    /// The telegram's own paragraph numbers: (number typed, reading paragraph).
    #[serde(skip)]
    pub numbered: Vec<(u32, usize)>,
    /// The cited document numbers that are documents of the edition (a
    /// document whose id is the number).
    #[serde(skip)]
    pub in_edition: Vec<String>,
    /// The TAGS that name a register entry (persons, places).
    #[serde(skip)]
    pub tag_links: Vec<String>,
}

/// Stands in a page for the `#pN` anchor of paragraph `para` (by its own
/// numbering) of document `id`, filled in by the build's second pass when
/// every document's paragraphs are known (empty when there is no such
/// paragraph).
pub(crate) fn para_marker(id: &str, para: u32) -> String {
    format!("{PARA_MARK}{id}:{para}\u{1}")
}

/// The start of a [`para_marker`].
pub(crate) const PARA_MARK: &str = "\u{1}folio:para:";

/// Reads a [`para_marker`] at the start of `s`: (id, paragraph, length).
pub(crate) fn read_para_marker(s: &str) -> Option<(&str, u32, usize)> {
    let rest = s.strip_prefix(PARA_MARK)?;
    let end = rest.find('\u{1}')?;
    let (id, p) = rest[..end].rsplit_once(':')?;
    Some((id, p.parse().ok()?, PARA_MARK.len() + end + 1))
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:-\s*)?(\d{1,2})\s*\.(?:\s|$)"));

/// The PlusD attributes of a review, shown when they say something.
const REVIEW_KEYS: &[&str] = &[
    "Review Action",
    "Review Date",
    "Review Authority",
    "Review History",
    "Review Exemptions",
    "Review Withdrawn Fields",
    "Review Release Event",
    "Review Release Date",
    "Original Classification",
    "Current Classification",
    "Original Handling Restrictions",
    "Handling Restrictions",
    "Decaption Date",
    "Decaption Note",
    "Disposition Action",
    "Disposition Date",
];

fn says_something(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && !v.eq_ignore_ascii_case("n/a") && !v.eq_ignore_ascii_case("na")
}

/// The apparatus of one document; `is_doc` tells whether an id is a
/// document of the edition.
pub(crate) fn of(doc: &Document, is_doc: &dyn Fn(&str) -> bool) -> Apparatus {
    let year: Option<u16> = doc.year().and_then(|y| y.parse().ok());
    let m = &doc.metadata;
    let references: Vec<RefEntry> = m
        .references
        .iter()
        .map(|r| {
            let q = cite::qualifiers(&r.text);
            let mut ids: Vec<String> = r.document.iter().cloned().collect();
            for d in &r.documents {
                if !ids.contains(d) {
                    ids.push(d.clone());
                }
            }
            RefEntry { label: r.label.clone(), text: r.text.clone(), ids, notal: q.notal, dtg: q.dtg, para: q.para }
        })
        .collect();
    let block = RefBlock { entries: references.iter().map(|r| (r.label.as_deref(), r.ids.as_slice())).collect() };
    let mut citations = Vec::new();
    let mut gaps = Vec::new();
    let mut numbered = Vec::new();
    for p in &doc.paragraphs {
        for c in cite::scan(&p.text, year, &block) {
            citations.push(TextCitation {
                paragraph: p.n,
                start: c.start,
                end: c.end,
                ids: c.ids,
                labels: c.labels,
                para: c.para,
                notal: c.notal,
                href: None,
                inside: Vec::new(),
            });
        }
        for g in withheld::find(&p.text) {
            gaps.push(ParagraphGap { paragraph: p.n, gap: g });
        }
        // The document's own paragraph number: the label the correction
        // stage gave it (annotate::correct::numbers), or, when the editor
        // turned labels off, the number the paragraph starts with.
        let own = match &p.label {
            Some(l) => l.parse::<u32>().ok(),
            None => NUMBERED.captures(&p.text).and_then(|c| c.get(1)).and_then(|n| n.as_str().parse::<u32>().ok()),
        };
        if let Some(n) = own {
            if !numbered.iter().any(|(k, _)| *k == n) {
                numbered.push((n, p.n));
            }
        }
    }
    let attr = |key: &str| m.attributes.iter().find(|a| a.key == key).map(|a| a.value.as_str());
    let mut caveat_texts: Vec<&str> = m.caveats.iter().map(String::as_str).collect();
    caveat_texts.extend(m.captions.iter().map(String::as_str));
    caveat_texts.extend(["Original Handling Restrictions", "Handling Restrictions"].iter().filter_map(|k| attr(k)));
    let caveats = caveats::collect(caveat_texts);
    let mut in_edition: Vec<String> = references
        .iter()
        .flat_map(|r| r.ids.iter())
        .chain(citations.iter().flat_map(|c| c.ids.iter()))
        .filter(|id| is_doc(id))
        .cloned()
        .collect();
    in_edition.sort();
    in_edition.dedup();
    Apparatus {
        references,
        citations,
        gaps,
        caveats,
        declassification: declassification(doc),
        numbered,
        in_edition,
        tag_links: Vec::new(),
    }
}

fn declassification(doc: &Document) -> Declassification {
    let m = &doc.metadata;
    let mut d = Declassification {
        executive_order: m.executive_order.as_deref().map(declass::executive_order),
        ..Default::default()
    };
    let push = |s: declass::Stamp, d: &mut Declassification| {
        if !d.stamps.iter().any(|o| o.action == s.action && o.date == s.date && o.reviewer == s.reviewer) {
            d.stamps.push(s);
        }
    };
    for line in doc.lines() {
        if line.text.contains("Declassified") || line.text.contains("Release") || line.text.contains("Declassification")
        {
            for s in declass::stamps(&line.text) {
                push(s, &mut d);
            }
        }
    }
    for t in &m.stamps {
        for s in declass::stamps(t) {
            push(s, &mut d);
        }
    }
    for a in &m.attributes {
        if REVIEW_KEYS.contains(&a.key.as_str()) && says_something(&a.value) {
            d.review.push((a.key.clone(), a.value.clone()));
        }
        if a.key == "Review Date" {
            d.review_date = declass::day_month_year(&a.value);
        }
    }
    let mut years: Vec<String> = d.stamps.iter().map(|s| s.date[..4].to_string()).collect();
    years.extend(d.review_date.iter().map(|r| r[..4].to_string()));
    years.sort();
    years.dedup();
    d.review_years = years;
    let action = m.attributes.iter().find(|a| a.key == "Review Action").map(|a| a.value.to_ascii_uppercase());
    let released = d.stamps.iter().any(|s| !s.partial)
        || action.as_deref().is_some_and(|a| a.split([',', ' ']).any(|w| w == "RELEASED"));
    let partial =
        d.stamps.iter().any(|s| s.partial) || doc.paragraphs.iter().any(|p| !withheld::find(&p.text).is_empty());
    d.release = if partial && (released || !d.stamps.is_empty()) {
        Some("released in part")
    } else if released {
        Some("released")
    } else {
        None
    };
    d
}

/// Sets where each citation in the text links: a document of the edition
/// (to the paragraph when one is named), else `reference_url` when set.
pub(crate) fn resolve(ap: &mut Apparatus, reference_url: Option<&str>) {
    let in_edition = ap.in_edition.clone();
    for c in &mut ap.citations {
        c.inside = c.ids.iter().map(|id| in_edition.binary_search(id).is_ok()).collect();
        for (id, &inside) in c.ids.iter().zip(&c.inside) {
            if c.href.is_none() {
                c.href = if inside {
                    Some(match c.para {
                        Some(p) => format!("{id}.html{}", para_marker(id, p)),
                        None => format!("{id}.html"),
                    })
                } else {
                    reference_url.map(|u| u.replace("{id}", id))
                };
            }
        }
    }
}

/// Sorted ranges (paragraph, start, end) of citations and gaps.
pub struct Covered {
    ranges: Vec<(usize, usize, usize)>,
    max_end: Vec<usize>,
}

impl Covered {
    /// Whether a range of a paragraph overlaps a citation or a gap.
    pub fn covers(&self, paragraph: usize, start: usize, end: usize) -> bool {
        let lo = self.ranges.partition_point(|r| r.0 < paragraph);
        let hi = self.ranges.partition_point(|r| (r.0, r.1) < (paragraph, end));
        hi > lo && self.max_end[hi - 1] > start
    }
}

impl Apparatus {
    /// The ranges of the citations and gaps, to ask [`Covered::covers`]
    /// many times (each mention of a document) in logarithmic time.
    pub fn covered(&self) -> Covered {
        let mut r: Vec<(usize, usize, usize)> = self.citations.iter().map(|c| (c.paragraph, c.start, c.end)).collect();
        r.extend(self.gaps.iter().map(|g| (g.paragraph, g.gap.start, g.gap.end)));
        r.sort_unstable();
        // The largest end so far within each paragraph.
        let mut max_end = Vec::with_capacity(r.len());
        for (i, &(p, _, e)) in r.iter().enumerate() {
            let before = if i > 0 && r[i - 1].0 == p { max_end[i - 1] } else { 0 };
            max_end.push(e.max(before));
        }
        Covered { ranges: r, max_end }
    }
}

/// What a citation in the text cites, in words (its link's title):
/// "1978MOSCOW08357, in this edition; paragraph 5".
pub(crate) fn cite_title(c: &TextCitation, s: &Strings) -> String {
    let mut words: Vec<String> = c
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let key = if c.inside.get(i) == Some(&true) { "apparatus.in_edition" } else { "apparatus.not_in_edition" };
            s.fmt(key, &[("id", id)])
        })
        .collect();
    if let Some(p) = c.para {
        words.push(s.fmt("apparatus.ref_paragraph", &[("n", &p)]));
    }
    words.join(s.get("apparatus.separator"))
}

/// The opening tag of a citation in the reading text.
pub(crate) fn cite_open(c: &TextCitation, s: &Strings) -> String {
    let title = crate::base::text::escape_html(&cite_title(c, s));
    match &c.href {
        Some(h) if h.starts_with("http") => {
            format!("<a class=\"cite ext\" href=\"{}\" title=\"{title}\">", crate::base::text::escape_html(h))
        }
        Some(h) => format!("<a class=\"cite\" href=\"{h}\" title=\"{title}\">"),
        None => format!("<span class=\"cite\" title=\"{title}\">"),
    }
}

/// The closing tag of [`cite_open`].
pub(crate) fn cite_close(c: &TextCitation) -> &'static str {
    if c.href.is_some() {
        "</a>"
    } else {
        "</span>"
    }
}

/// What a withheld-text marker says was withheld, in words: "withheld
/// under exemption 25X1", "withheld: 2 lines".
pub(crate) fn gap_words(g: &withheld::Gap, s: &Strings) -> String {
    match (&g.exemption, &g.extent) {
        (Some(e), _) => s.fmt("apparatus.gap_exemption", &[("exemption", e)]),
        (None, Some((q, u))) => {
            let unit = u.to_ascii_lowercase();
            if !["line", "paragraph", "page", "word"].contains(&unit.as_str()) {
                return s.get("apparatus.gap").to_string();
            }
            let extent = if q.to_ascii_lowercase().starts_with("less") {
                s.get(&format!("apparatus.extent_less_{unit}")).to_string()
            } else {
                s.fmt(&format!("apparatus.extent_{unit}"), &[("n", q)])
            };
            s.fmt("apparatus.gap_extent", &[("extent", &extent)])
        }
        _ => s.get("apparatus.gap").to_string(),
    }
}

/// The opening of a withheld-text gap; the marker itself follows as text.
pub(crate) fn gap_open(g: &ParagraphGap, s: &Strings) -> String {
    let what = gap_words(&g.gap, s);
    format!(
        "<span class=\"gap\" title=\"{0}\"><span class=\"visually-hidden\">{0}: </span>",
        crate::base::text::escape_html(&what)
    )
}

/// Where a commentary link points inside the document it links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// The document as a whole.
    Document,
    /// A reading paragraph (`#pN`).
    Reading(usize),
    /// The document's own paragraph number (`#para-N`).
    Own(u32),
}

/// The ids of the documents the commentary's rendered HTML links to
/// (`href="../documents/ID.html"`, as `doc:` links render, optionally with
/// `#pN` or `#para-N`), with the paragraph when named.
pub(crate) fn commentary_links(html: &str) -> Vec<(String, LinkTarget)> {
    static HREF: LazyLock<Regex> = LazyLock::new(|| {
        re(r#"href="(?:\.\./documents/)?([A-Za-z0-9][A-Za-z0-9._-]*)\.html(?:#p(\d+)|#para-(\d+))?""#)
    });
    let mut out: Vec<(String, LinkTarget)> = Vec::new();
    for c in HREF.captures_iter(html) {
        let Some(id) = c.get(1) else { continue };
        let number = |i: usize| c.get(i).and_then(|p| p.as_str().parse::<u32>().ok());
        let target = match (number(2), number(3)) {
            (Some(p), _) => LinkTarget::Reading(p as usize),
            (None, Some(k)) => LinkTarget::Own(k),
            _ => LinkTarget::Document,
        };
        let link = (id.as_str().to_string(), target);
        if !out.contains(&link) {
            out.push(link);
        }
    }
    out
}

/// The strings key of a release status ("released in part").
pub(crate) fn release_key(release: &str) -> &'static str {
    if release == "released in part" {
        "apparatus.released_in_part"
    } else {
        "apparatus.released"
    }
}

/// What a handling caveat meant, in the edition's language (the caveats
/// table's English when the strings have no such key).
pub(crate) fn caveat_meaning(
    c: &crate::parse::apparatus::caveats::Caveat,
    s: &crate::load::strings::Strings,
) -> String {
    let key = format!("caveat.{}", c.code.to_ascii_lowercase().replace([' ', '\''], "_"));
    if s.has(&key) {
        s.get(&key).to_string()
    } else {
        c.meaning.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attribute, Paragraph, Reference};

    fn para(n: usize, text: &str) -> Paragraph {
        Paragraph { n, text: text.into(), page: 1, lines: vec![n], marking: None, label: None, anchor: None }
    }

    fn doc() -> Document {
        let mut d = Document {
            id: crate::model::DocId::any("1978STATE104512"),
            date: crate::model::PartialDate::read("1978-04-25"),
            ..Default::default()
        };
        d.metadata.references = vec![
            Reference {
                label: Some("A".into()),
                text: "MOSCOW 8357".into(),
                document: Some("1978MOSCOW08357".into()),
                documents: vec![],
            },
            Reference {
                label: Some("B".into()),
                text: "LONDON 6120 (NOTAL)".into(),
                document: Some("1978LONDON06120".into()),
                documents: vec![],
            },
        ];
        d.metadata.captions = vec!["EXDIS".into()];
        d.metadata.executive_order = Some("E.O. 11652: GDS".into());
        d.metadata.attributes = vec![
            Attribute { key: "Review Action".into(), value: "RELEASED, APPROVED".into() },
            Attribute { key: "Review Date".into(), value: "07 mar 2005".into() },
            Attribute { key: "Review Exemptions".into(), value: "n/a".into() },
            Attribute {
                key: "Markings".into(),
                value: "Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014"
                    .into(),
            },
        ];
        d.metadata.stamps = vec![
            "Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014".into(),
        ];
        d.paragraphs = vec![
            para(1, "2. DEPARTMENT FOUND REF A MOST USEFUL (PARA 5 OF REF A)."),
            para(2, "3. SEE ALSO STATE 98001 AND [1 LINE NOT DECLASSIFIED]"),
            para(3, "- 4. FOR LONDON: PARA 4 OF REF B."),
        ];
        d
    }

    #[test]
    fn references_and_citations() {
        let a = of(&doc(), &|id| id == "1978MOSCOW08357");
        assert_eq!(a.references[1].ids, vec!["1978LONDON06120"]);
        assert!(a.references[1].notal);
        let c: Vec<(usize, &str, Option<u32>)> =
            a.citations.iter().map(|c| (c.paragraph, c.ids[0].as_str(), c.para)).collect();
        assert_eq!(
            c,
            vec![
                (1, "1978MOSCOW08357", None),
                (1, "1978MOSCOW08357", Some(5)),
                (2, "1978STATE098001", None),
                (3, "1978LONDON06120", Some(4))
            ]
        );
        assert_eq!(a.numbered, vec![(2, 1), (3, 2), (4, 3)]);
        assert_eq!(a.in_edition, vec!["1978MOSCOW08357"]);
    }

    #[test]
    fn para_markers() {
        let m = para_marker("1978MOSCOW08357", 5);
        let s = format!("{m}\">");
        assert_eq!(read_para_marker(&s), Some(("1978MOSCOW08357", 5, m.len())));
        assert_eq!(read_para_marker("x"), None);
    }

    #[test]
    fn declassification_and_caveats() {
        let a = of(&doc(), &|id| id == "1978MOSCOW08357");
        assert_eq!(a.caveats.iter().map(|c| c.code).collect::<Vec<_>>(), vec!["EXDIS"]);
        let d = &a.declassification;
        assert_eq!(d.stamps.len(), 1, "the stamp in the text and in the attributes is one review");
        assert_eq!(d.review_years, vec!["2005", "2014"]);
        assert_eq!(d.release, Some("released in part"), "a withheld line");
        assert!(d.review.iter().all(|(k, _)| k != "Review Exemptions"), "n/a is not shown");
        assert_eq!(a.gaps.len(), 1);
    }

    #[test]
    fn links_of_commentary() {
        let html = r#"<a href="../documents/1978MOSCOW08357.html">x</a> <a href="../documents/1978MOSCOW08357.html#p6">y</a> <a href="../persons/kapitsa.html">k</a> <a href="1978LONDON06120.html#para-4">z</a> <a href="https://example.org/a.html">w</a>"#;
        assert_eq!(
            commentary_links(html),
            vec![
                ("1978MOSCOW08357".to_string(), LinkTarget::Document),
                ("1978MOSCOW08357".to_string(), LinkTarget::Reading(6)),
                ("1978LONDON06120".to_string(), LinkTarget::Own(4)),
            ]
        );
    }
}
