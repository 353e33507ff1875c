//! `[transcription.header]`: header fields the editor sets or replaces.

use toml::Spanned;

use crate::base::error::Diagnostics;
use crate::base::text::collapse_ws;
use crate::load::transcription::HeaderFix;
use crate::model::{InterventionKind, Reference};

use super::{intervention, reason, Work};

/// Reads a date-time group `DDHHMMZ MON YY` as ISO 8601
/// (`201317Z APR 78` → `1978-04-20T13:17Z`).
pub(super) fn dtg_iso(dtg: &str) -> Option<String> {
    let mut it = dtg.split_whitespace();
    let dhm = it.next()?.strip_suffix(['Z', 'z'])?;
    let mon = it.next()?.to_ascii_uppercase();
    let yy = it.next()?;
    if dhm.len() != 6 || !dhm.bytes().all(|b| b.is_ascii_digit()) || !(yy.len() == 2 || yy.len() == 4) {
        return None;
    }
    let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    let m = months.iter().position(|x| mon.starts_with(x))? + 1;
    let year: u32 = yy.parse().ok()?;
    let year = if yy.len() == 2 { 1900 + year } else { year };
    let (d, h, mi) = (&dhm[0..2], &dhm[2..4], &dhm[4..6]);
    let day: u32 = d.parse().ok()?;
    let hour: u32 = h.parse().ok()?;
    let min: u32 = mi.parse().ok()?;
    if day == 0 || day > 31 || hour > 23 || min > 59 {
        return None;
    }
    crate::model::PartialDate::parse(&format!("{year}-{m:02}-{d}")).ok()?;
    Some(format!("{year}-{m:02}-{d}T{h}:{mi}Z"))
}

/// Reads one reference as the editor writes it: "A. TOKYO 1653", "(B)
/// STATE 12345", or without a label.
pub(super) fn reference(s: &str, year: Option<u32>) -> Reference {
    let s = collapse_ws(s);
    let (label, text) = match s.split_once(' ') {
        Some((l, rest)) => {
            let l2 = l.trim_start_matches('(').trim_end_matches(['.', ')']);
            if l2.len() == 1 && l2.chars().all(|c| c.is_ascii_uppercase()) && l != l2 {
                (Some(l2.to_string()), rest.to_string())
            } else {
                (None, s.clone())
            }
        }
        None => (None, s.clone()),
    };
    let documents = crate::parse::reference_documents(&text, year);
    Reference {
        label,
        document: documents.first().cloned(),
        documents: if documents.len() > 1 { documents } else { Vec::new() },
        text,
    }
}

fn show_ref(r: &Reference) -> String {
    match &r.label {
        Some(l) => format!("{l}. {}", r.text),
        None => r.text.clone(),
    }
}

pub(super) fn apply(w: &mut Work, h: &HeaderFix, diags: &mut Diagnostics) {
    let why = |field: &str| reason(&h.reason, || format!("{field} corrected by the editor"));
    let mut changes: Vec<(&'static str, Option<String>, String)> = Vec::new();
    let m = &mut w.doc.metadata;
    let one = |v: &Option<Spanned<String>>| v.as_ref().map(|s| collapse_ws(s.get_ref()));
    let many = |v: &Option<Spanned<Vec<String>>>| {
        v.as_ref().map(|s| s.get_ref().iter().map(|x| collapse_ws(x)).filter(|x| !x.is_empty()).collect::<Vec<_>>())
    };
    if let Some(s) = one(&h.subject) {
        let before = m.subject.replace(s.clone());
        // The title comes from the SUBJECT (a commentary `title` still wins).
        w.doc.title = s.clone();
        changes.push(("subject", before, s));
    }
    if let (Some(s), Some(span)) = (one(&h.dtg), h.dtg.as_ref().map(|d| d.span())) {
        match dtg_iso(&s) {
            Some(iso) => {
                let before = m.dtg.replace(s.clone());
                m.dtg_iso = Some(iso.clone());
                // A real day of the month (dtg_iso checked it).
                w.doc.date = crate::model::PartialDate::read(&iso[..10]);
                changes.push(("dtg", before, s));
            }
            None => diags.push(w.error(span, format!("`{s}` is not a date-time group")).hint(
                "write it as typed in telegrams: day, hour and minute, Z, month, year, e.g. dtg = \"201317Z APR 78\"",
            )),
        }
    }
    let m = &mut w.doc.metadata;
    if let Some(s) = one(&h.from) {
        let before = m.from.replace(s.clone());
        changes.push(("from", before, s));
    }
    if let Some(v) = many(&h.to) {
        let before = std::mem::replace(&mut m.to, v.clone());
        changes.push(("to", Some(before.join("; ")).filter(|b| !b.is_empty()), v.join("; ")));
    }
    if let Some(v) = many(&h.info) {
        let before = std::mem::replace(&mut m.info, v.clone());
        changes.push(("info", Some(before.join("; ")).filter(|b| !b.is_empty()), v.join("; ")));
    }
    if let Some(s) = one(&h.classification) {
        let before = m.classification.replace(s.clone());
        changes.push(("classification", before, s));
    }
    if let Some(v) = many(&h.tags) {
        let v: Vec<String> = v.iter().map(|t| t.to_uppercase()).collect();
        let before = std::mem::replace(&mut m.tags, v.clone());
        changes.push(("tags", Some(before.join(", ")).filter(|b| !b.is_empty()), v.join(", ")));
    }
    if let Some(s) = one(&h.signature) {
        let before = m.signature.replace(s.clone());
        changes.push(("signature", before, s));
    }
    let year: Option<u32> = w.doc.date.map(|d| d.year().into());
    let m = &mut w.doc.metadata;
    let refs_before: Vec<String> = m.references.iter().map(show_ref).collect();
    let mut refs_changed = false;
    if let Some(v) = many(&h.references) {
        m.references = v.iter().map(|r| reference(r, year)).collect();
        refs_changed = true;
    }
    for r in &h.remove_references {
        let want = collapse_ws(r.get_ref());
        let label = want.trim_start_matches('(').trim_end_matches(['.', ')']);
        let pos = w.doc.metadata.references.iter().position(|x| {
            x.label.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(label))
                || collapse_ws(&x.text).eq_ignore_ascii_case(&want)
                || show_ref(x).eq_ignore_ascii_case(&want)
        });
        match pos {
            Some(i) => {
                w.doc.metadata.references.remove(i);
                refs_changed = true;
            }
            None => {
                let have: Vec<String> =
                    w.doc.metadata.references.iter().map(|x| format!("\"{}\"", show_ref(x))).collect();
                diags.push(w.error(r.span(), format!("no reference of `{}` is \"{want}\"", w.doc.id)).hint(
                    if have.is_empty() {
                        "the document has no references (REF) to remove".to_string()
                    } else {
                        format!("name one by its letter or its text; the references are: {}", have.join(", "))
                    },
                ));
            }
        }
    }
    for r in &h.add_references {
        w.doc.metadata.references.push(reference(r.get_ref(), year));
        refs_changed = true;
    }
    if refs_changed {
        let after: Vec<String> = w.doc.metadata.references.iter().map(show_ref).collect();
        changes.push(("references", Some(refs_before.join("; ")).filter(|b| !b.is_empty()), after.join("; ")));
    }
    for (field, before, after) in changes {
        let mut rec = intervention(InterventionKind::Header, why(field_label(field)));
        rec.field = Some(field.to_string());
        rec.before = before.filter(|b| !b.is_empty());
        rec.after = Some(after);
        w.record(rec, None);
    }
}

/// A header field as readers know it.
pub(super) fn field_label(field: &str) -> &str {
    match field {
        "subject" => "SUBJECT",
        "dtg" => "date-time group",
        "from" => "FM",
        "to" => "TO",
        "info" => "INFO",
        "classification" => "classification",
        "tags" => "TAGS",
        "signature" => "signature",
        "references" => "REF",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtgs() {
        assert_eq!(dtg_iso("201317Z APR 78").as_deref(), Some("1978-04-20T13:17Z"));
        assert_eq!(dtg_iso("011800Z FEB 1978").as_deref(), Some("1978-02-01T18:00Z"));
        assert_eq!(dtg_iso("301317Z FEB 78"), None);
        assert_eq!(dtg_iso("APR 78"), None);
        assert_eq!(dtg_iso("201317 APR 78"), None);
    }

    #[test]
    fn references_with_labels() {
        let r = reference("B. TOKYO 1996 DTG 131127Z FEB 74", Some(1974));
        assert_eq!(r.label.as_deref(), Some("B"));
        assert_eq!(r.text, "TOKYO 1996 DTG 131127Z FEB 74");
        let r = reference("STATE 015196", Some(1978));
        assert_eq!(r.label, None);
    }
}
