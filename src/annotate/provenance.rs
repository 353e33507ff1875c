//! Provenance: where a document's copy comes from (commentary `source`, or
//! site.toml's), and where its date comes from: the text, the archive's
//! record, the editor, or an inference (the editor's `date_inferred`, or the
//! year of the document number), shown as inferred on the page, in TEI and
//! in JSON.

use crate::base::error::{Diagnostic, Diagnostics, Pos};
use crate::load::commentary::Commentary;
use crate::model::{DateBasis, Document, PartialDate, DATE_FROM_NUMBER};

/// The commentary's `date`, `date_inferred` and `source`.
pub(crate) fn from_commentary(doc: &mut Document, c: &Commentary, diags: &mut Diagnostics) {
    let (fm, path) = (&c.front, c.path.as_path());
    // The editor's date; one that repeats the date read keeps its basis.
    if let Some(d) = fm.date.as_ref().filter(|d| doc.date != Some(d.0)) {
        doc.date = Some(d.0);
        doc.date_basis = Some(DateBasis::Editor);
    }
    if let Some(how) = fm.date_inferred.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        if doc.date.is_some() {
            doc.date_basis = Some(DateBasis::Inferred);
            doc.date_note = Some(how.to_string());
        } else {
            diags.push(
                Diagnostic::warning_at(
                    path,
                    c.locate("date_inferred", how),
                    "`date_inferred` explains a date, but there is no date",
                )
                .hint("give the date too, e.g. date = 1999-08-26"),
            );
        }
    }
    // An empty source says nothing: the site's applies, and the editor is told.
    doc.source = match fm.source.as_deref().map(str::trim) {
        Some("") => {
            let raw = fm.source.as_deref().unwrap_or("");
            let Pos { line, col } = c.locate("source", raw);
            diags.push(
                Diagnostic::warning(
                    path,
                    line,
                    "`source` is empty; it is left out (site.toml's source applies, if any)",
                )
                .col(col)
                .hint(
                    "write where this copy comes from, e.g. source = \"National Archives, RG 59\", or remove the line",
                ),
            );
            None
        }
        Some(s) => Some(s.to_string()),
        None => None,
    };
}

/// The site's source for a document without its own, and an inferred date
/// for an undated one.
pub(crate) fn defaults(doc: &mut Document, site_source: Option<&str>) {
    if doc.source.is_none() {
        doc.source = site_source.map(str::to_string);
    }
    infer_date(doc);
}

/// A document without a date gets the year of its document number
/// ("1978MOSCOW08357", the header's or the file name's), marked inferred.
pub(crate) fn infer_date(doc: &mut Document) {
    if doc.date.is_some() {
        return;
    }
    let numbered = |n: &str| {
        let b = n.as_bytes();
        (b.len() > 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4].is_ascii_uppercase())
            .then(|| &n[..4])
            .filter(|y| ("1900".."2100").contains(y))
            .and_then(PartialDate::read)
    };
    let year = doc.metadata.document_number.as_deref().and_then(numbered).or_else(|| numbered(doc.id.as_str()));
    if let Some(y) = year {
        doc.date = Some(y);
        doc.date_basis = Some(DateBasis::Inferred);
        doc.date_note = Some(DATE_FROM_NUMBER.to_string());
    }
}

/// Where the document's date comes from, when not from its text ("inferred
/// from the year of the document number"): the metadata panel's gloss, and
/// the tooltip of an inferred date wherever the document is listed (lists,
/// "cited by", search results).
pub(crate) fn date_gloss(doc: &Document, s: &crate::load::strings::Strings) -> Option<String> {
    doc.date.as_ref()?;
    Some(match (doc.date_basis.filter(|b| *b != DateBasis::Text)?, doc.date_note.as_deref()) {
        (DateBasis::Record, _) => s.get("gloss.date_record").to_string(),
        (DateBasis::Inferred, Some(DATE_FROM_NUMBER)) => s.get("gloss.date_from_number").to_string(),
        (DateBasis::Inferred, how) => s.fmt("gloss.date_inferred", &[("how", &how.unwrap_or(""))]),
        _ => s.get("gloss.date_editor").to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_of_the_document_number_is_inferred_and_nothing_else() {
        let mut d = Document { id: crate::model::DocId::any("1977BONN20123"), ..Default::default() };
        infer_date(&mut d);
        assert_eq!((d.date.as_ref().map(|d| d.as_str()), d.date_basis), (Some("1977"), Some(DateBasis::Inferred)));
        for id in ["undated", "1977", "2345BONN1", "1977bonn1"] {
            let mut d = Document { id: crate::model::DocId::any(id), ..Default::default() };
            infer_date(&mut d);
            assert_eq!(d.date, None, "{id}");
        }
        // A date read is never replaced.
        let mut d = Document {
            id: crate::model::DocId::any("1977BONN20123"),
            date: crate::model::PartialDate::read("1978-01-02"),
            ..Default::default()
        };
        infer_date(&mut d);
        assert_eq!(d.date.as_ref().map(|d| d.as_str()), Some("1978-01-02"));
    }
}
