//! Export, TEI: names shared by the TEI writers: escaping, the ids and
//! pointers of register entries, editorial choices, line kinds.

use std::fmt::Write;

use crate::load::registers::Kind;
use crate::model::LineKind;

/// The edition's register file, as seen from `tei/`.
pub(crate) const REGISTERS_FROM_TEI: &str = "../downloads/registers.xml";

/// Escapes text for XML content and attributes, dropping the control
/// characters XML 1.0 forbids (a raw telegram may contain any byte).
pub(crate) fn esc(s: &str) -> String {
    let allowed =
        |c: char| ((c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if s.chars().all(allowed) {
        crate::base::text::escape_html(s)
    } else {
        crate::base::text::escape_html(&s.chars().filter(|&c| allowed(c)).collect::<String>())
    }
}

/// The TEI element of a mention of an entry of this kind.
pub(crate) fn element(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "persName",
        Kind::Place => "placeName",
        Kind::Organization => "orgName",
        Kind::Topic => "term",
    }
}

/// The `xml:id` of a register entry in the register file (`person-kapitsa`).
pub(crate) fn entry_xml_id(kind: Kind, id: &str) -> String {
    format!("{}-{id}", kind.singular())
}

/// The private URI scheme of pointers into the register file
/// (`reg:person-kapitsa`), declared by [`prefix_def`].
pub(crate) const REGISTER_PREFIX: &str = "reg";

/// The header's declaration of [`REGISTER_PREFIX`] (`encodingDesc`): a
/// mention's `@ref` is `reg:person-kapitsa`, not the 27 characters of
/// `../downloads/registers.xml#` again for each of a document's mentions
/// (issue 22's budget; TEI's own way, `prefixDef`, chapter 16.2.3).
pub(crate) fn prefix_def(s: &crate::load::strings::Strings) -> String {
    let p = crate::load::strings::fill_html(s.get("tei.prefix_def"), |k| match k {
        "pointer" => Some("<code>reg:ID</code>".into()),
        "id" => Some("<code>ID</code>".into()),
        "file" => Some("<ref target=\"../downloads/registers.xml\">registers.xml</ref>".into()),
        _ => None,
    });
    format!("<listPrefixDef><prefixDef ident=\"reg\" matchPattern=\"(.+)\" replacementPattern=\"../downloads/registers.xml#$1\"><p>{p}</p></prefixDef></listPrefixDef>\n")
}

/// `@ref` of a mention: the entry in the edition's register file.
pub(crate) fn entry_ref(kind: Kind, id: &str) -> String {
    format!("{REGISTER_PREFIX}:{}", entry_xml_id(kind, id))
}

/// An editorial choice: the text as typed and the editors' reading
/// (emendations; corrections of the parse use the same form).
pub(crate) fn choice(out: &mut String, xml_id: &str, sic: &str, corr: &str) {
    let _ = write!(
        out,
        "<choice xml:id=\"{xml_id}\"><sic>{}</sic><corr resp=\"#editors\">{}</corr></choice>",
        esc(sic),
        esc(corr)
    );
}

/// The line kind's name as serialized (`page_header`), for `@type`.
pub(crate) fn kind_name(kind: LineKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| "removed".into())
}

/// The `xml:id` of the category for lines of this kind (why they are not
/// in the reading text), declared in the header's `classDecl`.
pub(crate) fn removed_category(kind: LineKind) -> String {
    format!("removed-{}", kind_name(kind))
}

/// The kebab-case name of an intervention's kind (`omit`, `header`...).
pub(crate) fn intervention_kind(k: crate::model::InterventionKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
