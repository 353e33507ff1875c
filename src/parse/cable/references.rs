//! REF lines of the `cable` format: lettered references and the PlusD
//! document numbers they cite.

use std::sync::LazyLock;

use regex::Regex;

use crate::base::text::collapse_ws;
use crate::model::Reference;

use super::furniture::*;

/// A letter label in a REF list: "A.", "(A)", "A)".
pub(super) static REF_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[\s;,])(?:\(([A-Z])\)|([A-Z])[.)])\s"));

/// A telegram reference inside a REF item: "78 STATE 287307", "LIMA 9608".
pub(super) static REF_DOC: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:(19\d{2}|\d{2})\s+)?((?:EC\s)?[A-Z][A-Z]{2,}(?:\s[A-Z]{2,}){0,2}?)\s+(\d{2,6})\b((?:\s*,\s*\d{2,6}\b)*)")
});

pub(super) const NOT_POSTS: &[&str] = &[
    "PARA",
    "PARAS",
    "PARAGRAPH",
    "PAGE",
    "NO",
    "NUMBER",
    "NOTAL",
    "DTG",
    "AND",
    "OF",
    "THE",
    "TEL",
    "TELEGRAM",
    "CIRCULAR",
    "AIRGRAM",
    "YOUR",
    "OUR",
    "MY",
    "FAM",
    "SECTION",
    "ITEM",
    "ANNEX",
    "JAN",
    "FEB",
    "MAR",
    "APR",
    "MAY",
    "JUN",
    "JUL",
    "AUG",
    "SEP",
    "SEPT",
    "OCT",
    "NOV",
    "DEC",
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
    "TO",
    "IN",
    "ON",
    "AT",
    "OF",
    "FY",
    "PL",
    "USC",
    "CFR",
    "RES",
    "ARTICLE",
    "LETTER",
    "MEMCON",
    "MEMO",
    "A",
    "REFTEL",
    "STADIS",
];

/// The PlusD document number of a telegram reference ("MOSCOW 8357" of
/// 1978 → `1978MOSCOW08357`): one rule for the REF lines, the running text
/// and the commentary, [`crate::parse::apparatus::number::normalize`] (post
/// codes as the archive's page headers type them, the fixed forms such as
/// USUN → USUNN and DEPTEL → STATE, zero padding; a number too long for its
/// post, or zero, is none).
pub(super) fn document_number(year: u32, post: &str, number: &str) -> Option<String> {
    crate::parse::apparatus::number::normalize(Some(&format!("{year:04}")), post, number, None).map(|t| t.to_string())
}

pub(super) fn ref_documents(text: &str, year: Option<u32>) -> Vec<String> {
    let mut out = Vec::new();
    for c in REF_DOC.captures_iter(text) {
        let post = &c[2];
        if post.split_whitespace().any(|w| NOT_POSTS.contains(&w)) {
            continue;
        }
        // A reference preceded by "A-" or "CA-" is an airgram, not a telegram.
        if c.get(0).is_some_and(|m| text[..m.start()].ends_with('-')) {
            continue;
        }
        let y = match c.get(1) {
            Some(y) if y.as_str().len() == 4 => y.as_str().parse().ok(),
            Some(y) => y.as_str().parse::<u32>().ok().map(|y| if y >= 40 { 1900 + y } else { 2000 + y }),
            None => year,
        };
        let Some(y) = y else { continue };
        let mut numbers = vec![c[3].to_string()];
        if let Some(more) = c.get(4) {
            numbers.extend(more.as_str().split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        }
        for n in numbers {
            if let Some(d) = document_number(y, post, &n) {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// Splits the joined text of the REF lines into labelled references.
pub(super) fn parse_references(text: &str, year: Option<u32>) -> Vec<Reference> {
    let text = collapse_ws(text);
    let text = text.trim().trim_end_matches(['.', ';', ',']);
    if text.is_empty() {
        return Vec::new();
    }
    let mut labels: Vec<(usize, usize, String)> = REF_LABEL
        .captures_iter(text)
        .filter_map(|c| {
            let l = c.get(1).or_else(|| c.get(2))?;
            let whole = c.get(0)?;
            let start = if whole.as_str().starts_with(|ch: char| ch.is_whitespace() || ch == ';' || ch == ',') {
                whole.start() + 1
            } else {
                whole.start()
            };
            Some((start, whole.end(), l.as_str().to_string()))
        })
        .collect();
    // Labels must be distinct and start at A (two columns may interleave:
    // "B. STATE 36519 H. CAPE TOWN 195").
    let distinct = {
        let mut seen: Vec<&str> = labels.iter().map(|l| l.2.as_str()).collect();
        seen.sort_unstable();
        let n = seen.len();
        seen.dedup();
        seen.len() == n
    };
    if !distinct || labels.first().is_none_or(|l| l.2 != "A" && l.0 > 0) {
        labels.clear();
    }
    let make = |label: Option<String>, t: &str| {
        let t = t.trim().trim_end_matches([';', ',', ' ']).trim_end_matches(" AND").trim().to_string();
        let docs = ref_documents(&t, year);
        Reference {
            label,
            document: docs.first().cloned(),
            documents: if docs.len() > 1 { docs } else { Vec::new() },
            text: t,
        }
    };
    if labels.is_empty() {
        return vec![make(None, text)];
    }
    let mut out = Vec::new();
    if labels[0].0 > 0 {
        let head = text[..labels[0].0].trim();
        if !head.is_empty() {
            out.push(make(None, head));
        }
    }
    for (i, (_, end, label)) in labels.iter().enumerate() {
        let stop = labels.get(i + 1).map_or(text.len(), |l| l.0);
        out.push(make(Some(label.clone()), &text[*end..stop.max(*end)]));
    }
    out.sort_by(|a, b| a.label.is_some().cmp(&b.label.is_some()).then(a.label.cmp(&b.label)));
    out
}
