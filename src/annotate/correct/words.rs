//! The editorial interventions and the excerpt notice in the edition's
//! language ([`Strings`], sections `[intervention]` and `[excerpt]`): what
//! the reader is told under "About this document", in the marks of the
//! reading text and at the end of an excerpt. The English table gives the
//! words the exports (TEI, JSON) record.

use std::sync::OnceLock;

use crate::base::text::escape_html;
use crate::load::strings::Strings;
use crate::model::{Document, Intervention, InterventionKind};

/// The built-in English table (the exports' language).
pub(crate) fn english() -> &'static Strings {
    static EN: OnceLock<Strings> = OnceLock::new();
    EN.get_or_init(|| Strings::built_in("en"))
}

/// A header field's name ("SUBJECT", "date-time group").
fn field(s: &Strings, field: &str) -> String {
    let key = format!("intervention.field_{field}");
    if s.has(&key) {
        s.get(&key).to_string()
    } else {
        field.to_string()
    }
}

fn quote(s: &Strings, t: &Option<String>) -> String {
    t.as_deref().map(|t| s.fmt("intervention.quote", &[("text", &t)])).unwrap_or_default()
}

/// What an intervention did, in a few words for readers: "passage deleted
/// by the editor: “END SUMMARY.”".
pub(crate) fn describe(i: &Intervention, s: &Strings) -> String {
    let lines = match i.lines.as_slice() {
        [] => String::new(),
        [one] => s.fmt("intervention.line", &[("n", one)]),
        [first, .., last] => s.fmt("intervention.lines", &[("first", first), ("last", last)]),
    };
    let (before, after) = (quote(s, &i.before), quote(s, &i.after));
    let args: [(&str, &dyn std::fmt::Display); 3] = [("lines", &lines), ("before", &before), ("after", &after)];
    match i.kind {
        InterventionKind::Header => {
            let f = field(s, i.field.as_deref().unwrap_or(""));
            let key = if i.before.is_some() { "intervention.header_corrected" } else { "intervention.header_supplied" };
            s.fmt(key, &[("field", &f), ("before", &before), ("after", &after)])
        }
        InterventionKind::Omit => s.fmt("intervention.omit", &args),
        InterventionKind::Include => s.fmt("intervention.include", &args),
        InterventionKind::Split => s.fmt("intervention.split", &args),
        InterventionKind::Join => s.get("intervention.join").to_string(),
        InterventionKind::Delete => s.fmt("intervention.delete", &args),
        InterventionKind::Emendation => s.fmt("intervention.emendation", &args),
        InterventionKind::Excerpt => match i.after.as_deref() {
            Some("complete") => s.get("intervention.declared_complete").to_string(),
            _ => s.get("intervention.declared_excerpt").to_string(),
        },
    }
}

/// The reason given when the editor wrote none, in `s`'s language.
pub(crate) fn default_reason(i: &Intervention, s: &Strings) -> String {
    let key = match i.kind {
        InterventionKind::Header => {
            return s.fmt("intervention.reason_header", &[("field", &field(s, i.field.as_deref().unwrap_or("")))])
        }
        InterventionKind::Omit => "intervention.reason_omit",
        InterventionKind::Include => "intervention.reason_include",
        InterventionKind::Split => "intervention.reason_split",
        InterventionKind::Join => "intervention.reason_join",
        InterventionKind::Delete => "intervention.reason_delete",
        InterventionKind::Emendation => "intervention.reason_emendation",
        InterventionKind::Excerpt => match i.after.as_deref() {
            Some("complete") => "intervention.declared_complete",
            _ => "intervention.declared_excerpt",
        },
    };
    s.get(key).to_string()
}

/// The editor's reason as shown: their own words, or the default reason
/// in the edition's language when they gave none (the recorded reason is
/// then the English default).
pub(crate) fn reason(i: &Intervention, s: &Strings) -> String {
    if i.reason == default_reason(i, english()) {
        default_reason(i, s)
    } else {
        i.reason.clone()
    }
}

/// The mark of an intervention in the reading text: a small sign, the
/// editor's reason revealed on hover and keyboard focus by the stylesheet
/// (and shown inline where there is no stylesheet). No JavaScript. The
/// reason is marked with the interface's language when that is not
/// English (the reading text around it is the document's English).
pub(crate) fn mark_html(i: &Intervention, s: &Strings) -> String {
    let what = s.get(match i.kind {
        InterventionKind::Omit => "intervention.mark_omit",
        InterventionKind::Include => "intervention.mark_include",
        InterventionKind::Split => "intervention.mark_split",
        InterventionKind::Join => "intervention.mark_join",
        InterventionKind::Delete => "intervention.mark_delete",
        _ => "intervention.mark_other",
    });
    let why_reason = reason(i, s);
    let why = match (i.kind, &i.before) {
        (InterventionKind::Delete | InterventionKind::Omit, Some(_)) => s.fmt(
            "intervention.mark_quoted",
            &[("what", &what), ("quote", &quote(s, &i.before)), ("reason", &why_reason)],
        ),
        _ => s.fmt("intervention.mark", &[("what", &what), ("reason", &why_reason)]),
    };
    let lang = match s.lang.split(['-', '_']).next() {
        Some(p) if !p.eq_ignore_ascii_case("en") => format!(" lang=\"{}\"", escape_html(&s.lang)),
        _ => String::new(),
    };
    format!(
        "<span class=\"intervention\" tabindex=\"0\" id=\"i{}\"><span class=\"isign\" aria-hidden=\"true\">*</span><span class=\"ireason\"{lang}> [{}]</span></span>",
        i.n,
        escape_html(&why)
    )
}

/// "section 2" / "sections 2–4" / "sections 2, 4 and 5".
pub(crate) fn sections_phrase(sections: &[u32], s: &Strings) -> String {
    match sections {
        [] => String::new(),
        [one] => s.fmt("excerpt.section", &[("n", one)]),
        _ if sections.windows(2).all(|w| w[1] == w[0] + 1) => {
            s.fmt("excerpt.sections_range", &[("first", &sections[0]), ("last", &sections[sections.len() - 1])])
        }
        [rest @ .., last] => {
            let list = rest.iter().map(u32::to_string).collect::<Vec<_>>().join(s.get("site.list_separator"));
            s.fmt("excerpt.sections_list", &[("list", &list), ("last", last)])
        }
    }
}

/// What the reader is told about an excerpt, detected: "the text ends
/// mid-sentence; sections 2–4 of 4 are missing" (None: nothing detected).
pub(crate) fn detected(doc: &Document, missing: &[u32], s: &Strings) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if doc.metadata.truncated {
        parts.push(s.get("excerpt.ends_mid_sentence").to_string());
    }
    if !missing.is_empty() {
        let total = doc.metadata.sections.unwrap_or(0);
        parts.push(s.fmt(
            "excerpt.missing",
            &[("n", &missing.len()), ("sections", &sections_phrase(missing, s)), ("total", &total)],
        ));
    }
    (!parts.is_empty()).then(|| parts.join(s.get("excerpt.separator")))
}

/// The excerpt notice in `s`'s language: the editor's own statement as
/// written, else what was detected (or that the editor gives only part).
pub(crate) fn excerpt_description(doc: &Document, s: &Strings) -> Option<String> {
    let e = doc.excerpt.as_ref()?;
    let en = detected(doc, &e.missing_sections, english());
    let partial = english().get("excerpt.partial");
    if en.as_deref() == Some(e.description.as_str()) {
        detected(doc, &e.missing_sections, s)
    } else if e.declared && e.description == partial {
        Some(s.get("excerpt.partial").to_string())
    } else {
        Some(e.description.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: InterventionKind, reason: &str) -> Intervention {
        Intervention {
            n: 2,
            kind,
            field: None,
            before: None,
            after: None,
            lines: Vec::new(),
            paragraph: None,
            offset: None,
            reason: reason.into(),
        }
    }

    #[test]
    fn english_defaults_are_the_recorded_ones_and_other_languages_translate_them() {
        let de = Strings::built_in("de");
        // The defaults correct:: records (see lines.rs, passages.rs, header.rs).
        for (kind, recorded) in [
            (InterventionKind::Omit, "taken out of the reading text by the editor"),
            (InterventionKind::Include, "put into the reading text by the editor"),
            (InterventionKind::Split, "a new paragraph begins here (the editor's division)"),
            (InterventionKind::Join, "two paragraphs of the parse joined by the editor"),
            (InterventionKind::Delete, "deleted by the editor"),
            (InterventionKind::Emendation, "corrected by the editor"),
        ] {
            let i = rec(kind, recorded);
            assert_eq!(reason(&i, english()), recorded);
            assert_ne!(reason(&i, &de), recorded, "{kind:?} translated");
        }
        let mut h = rec(InterventionKind::Header, "SUBJECT corrected by the editor");
        h.field = Some("subject".into());
        assert_eq!(reason(&h, &de), "SUBJECT vom Herausgeber berichtigt");
        // The editor's own words stay as written.
        let own = rec(InterventionKind::Delete, "Ein Zusatz des Archivs.");
        assert_eq!(reason(&own, &de), "Ein Zusatz des Archivs.");
    }

    #[test]
    fn marks_and_descriptions_in_german_and_english() {
        let mut i = rec(InterventionKind::Delete, "deleted by the editor");
        i.before = Some("END SUMMARY.".into());
        assert_eq!(describe(&i, english()), "passage deleted by the editor: “END SUMMARY.”");
        assert_eq!(
            mark_html(&i, english()),
            "<span class=\"intervention\" tabindex=\"0\" id=\"i2\"><span class=\"isign\" aria-hidden=\"true\">*</span><span class=\"ireason\"> [deleted by the editor “END SUMMARY.”: deleted by the editor]</span></span>"
        );
        let de = Strings::built_in("de");
        assert_eq!(describe(&i, &de), "Textstelle vom Herausgeber gestrichen: „END SUMMARY.“");
        assert!(mark_html(&i, &de).contains("<span class=\"ireason\" lang=\"de\"> [vom Herausgeber gestrichen „END SUMMARY.“: vom Herausgeber gestrichen]</span>"));
        let mut o = rec(InterventionKind::Omit, "x");
        o.lines = vec![4, 5, 6];
        o.before = Some("A B".into());
        assert_eq!(describe(&o, english()), "lines 4–6 left out of the reading text by the editor: “A B”");
    }

    #[test]
    fn sections_phrases() {
        let en = english();
        assert_eq!(sections_phrase(&[2], en), "section 2");
        assert_eq!(sections_phrase(&[2, 3, 4], en), "sections 2–4");
        assert_eq!(sections_phrase(&[2, 4, 5], en), "sections 2, 4 and 5");
        let fr = Strings::built_in("fr");
        assert_eq!(sections_phrase(&[2, 4, 5], &fr), "les sections 2, 4 et 5");
    }
}
