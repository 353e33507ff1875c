//! The document model: what the parse and clean stages produce, and what
//! `folio inspect` prints.
//!
//! A [`Document`] keeps both views of a raw file:
//! - `pages`: the raw text exactly as received, split into facsimile sheets,
//!   every line classified ([`LineKind`]) so nothing is dropped silently: a line
//!   is either part of the reading text or shown as removed with its reason;
//! - `paragraphs`: the cleaned reading transcription, each paragraph pointing
//!   back at the raw lines it came from.
//!
//! The field names are a public contract (`folio inspect`, data/<id>.json):
//! extend, do not rename.

use serde::Serialize;

mod date;
mod ids;
pub use date::PartialDate;
pub use ids::{DocId, DocIdError, EntryId, EntryIdError, FormatName};

/// One raw document, parsed and cleaned.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// The file stem ([`DocId`]: valid in an edition, any stem in `folio inspect`).
    pub id: DocId,
    /// The format that parsed it: `cable`, `memo`, `article` or `plain`.
    pub format: FormatName,
    /// From SUBJECT, the headline, the commentary, or the first words.
    pub title: String,
    /// ISO 8601 date (`1978-04-20`, or `1978-04` or `1978` when only the
    /// month or year is known), or null when unknown.
    pub date: Option<PartialDate>,
    /// Where `date` comes from; absent when there is no date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<DateBasis>,
    /// How an inferred date was established ("from the document number").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_note: Option<String>,
    /// Provenance: where the edition's copy of the document comes from
    /// (commentary `source`, or site.toml's `source` for every document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub metadata: Metadata,
    /// Facsimile sheets in order, numbered from 1 (`#f1`).
    pub pages: Vec<Page>,
    /// Reading paragraphs in order, numbered from 1 (`#p1`).
    pub paragraphs: Vec<Paragraph>,
    /// Problems found while decoding or parsing (never fatal): what an
    /// editor should look at, with the raw line when there is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ParseWarning>,
    /// Every editorial intervention, in order (`#i1`...): corrections of
    /// the parse from the commentary's `[transcription]`, emendations, the
    /// editor's excerpt declaration.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interventions: Vec<Intervention>,
    /// Set when the text is incomplete (declared by the editor or detected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<Excerpt>,
}

/// Where a document's date comes from: read in its text (the date-time
/// group, a date line), read in the archive's record of it (a PlusD "Draft
/// Date", a reading room's publication date), given by the editor, or
/// inferred (by Folio or, with a note, by the editor): an inferred date is
/// shown in brackets and marked in TEI and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    Text,
    Record,
    Editor,
    Inferred,
}

/// The `date_note` of a year Folio read from the document number.
pub const DATE_FROM_NUMBER: &str = "from the document number";

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Text => "text",
            DateBasis::Record => "record",
            DateBasis::Editor => "editor",
            DateBasis::Inferred => "inferred",
        }
    }
}

/// A problem found while decoding or parsing a raw document. Never fatal:
/// `folio inspect` shows it (`warnings`), `folio check` and `folio build`
/// print it as `file:line: warning: message`, build-report.txt lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseWarning {
    pub kind: WarningKind,
    /// The raw line (1-based) it is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What is wrong and what to do, for the editor.
    pub message: String,
}

impl ParseWarning {
    pub fn new(kind: WarningKind, line: Option<usize>, message: impl Into<String>) -> Self {
        ParseWarning { kind, line, message: message.into() }
    }
}

impl std::fmt::Display for ParseWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What kind of problem a [`ParseWarning`] is: lets an editor with
/// thousands of documents list the ones worth a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// The bytes were not plain UTF-8 text: read as Windows-1252 or UTF-16,
    /// or control characters replaced.
    Encoding,
    /// The layout was not recognised; the text was read as plain paragraphs.
    UnknownLayout,
    /// A telegram or memorandum without a SUBJECT line.
    NoSubject,
    /// A line that looks like a header field was left in the reading text.
    HeaderInText,
    /// A REF list did not end where expected (it ran on for many lines).
    RefUnended,
    /// Sections missing or out of order.
    Sections,
    /// The text stops mid-sentence: an excerpt.
    Truncated,
    /// The text starts in the middle of the document (no header before the body).
    MidDocument,
    /// The line breaks were lost; the lines were reconstructed.
    Flattened,
}

/// One facsimile sheet: a typed page of the original.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// 1-based sheet number, the `#fN` anchor.
    pub number: usize,
    /// The page header as typed, e.g. `PAGE 02 MOSCOW 08357 01 OF 03 210028Z`.
    pub label: Option<String>,
    /// Section of a multi-section telegram (1-based), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<u32>,
    pub lines: Vec<Line>,
}

/// One raw line, exactly as in the file.
///
/// Serialized compactly (the JSON export has a line object for every raw
/// line, issue 22's budget): `kind` is left out when it is `text` (body
/// text) and for an empty blank line, which has no `text` either: `{"n": 2}`
/// is an empty line, `{"n": 3, "text": "..."}` a line of body text. Every
/// other line says its kind, and its text when it has one.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the raw file.
    pub n: usize,
    pub text: String,
    /// What the line is; anything but `text` is kept out of the reading text.
    pub kind: LineKind,
    /// The reading paragraph this line feeds, if any.
    pub paragraph: Option<usize>,
    /// Parts of a `text` line kept out of the reading text (a banner glued
    /// to the last word of a page, a stamp, a paragraph marking, a
    /// signature), each with its reason.
    pub removed: Vec<Removed>,
    /// The editor's reason when the commentary took this line out of the
    /// reading text (kind `omitted`) or put it in (kind `text`).
    pub editor: Option<String>,
}

impl Serialize for Line {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let empty = self.text.is_empty();
        // The kind goes without saying for body text, and for an empty
        // blank line (no text, no kind). An empty line of another kind,
        // or a text line left empty, says both.
        let kind = match self.kind {
            LineKind::Text => empty,
            LineKind::Blank => !empty,
            _ => true,
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("n", &self.n)?;
        if !empty || kind {
            m.serialize_entry("text", &self.text)?;
        }
        if kind {
            m.serialize_entry("kind", &self.kind)?;
        }
        if let Some(p) = &self.paragraph {
            m.serialize_entry("paragraph", p)?;
        }
        if !self.removed.is_empty() {
            m.serialize_entry("removed", &self.removed)?;
        }
        if let Some(e) = &self.editor {
            m.serialize_entry("editor", e)?;
        }
        m.end()
    }
}

/// A piece of a text line that is not in the reading text, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Removed {
    pub text: String,
    /// The reason, named like a [`LineKind`] (`banner`, `stamp`, `marking`,
    /// `signature`, `artefact`).
    pub kind: LineKind,
}

/// The role of a raw line. Every kind other than `Text` is a reason why the
/// line is not in the reading text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Body text, part of the reading transcription.
    Text,
    /// Blank line.
    Blank,
    /// Export heading such as "Message Text".
    ExportHeading,
    /// Classification banner (CONFIDENTIAL, C O N F I D E N T I A L ...).
    Banner,
    /// Page header ("PAGE 02 MOSCOW 08357 01 OF 03 210028Z").
    PageHeader,
    /// Distribution and routing: ACTION, INFO offices, DRAFTED BY, ...
    Routing,
    /// Transmission control line ("-----114256 210725Z /11").
    Control,
    /// Header field moved into metadata: DTG, FM, TO, INFO, E.O., TAGS,
    /// SUBJECT, REF, section line.
    Header,
    /// Caption or handling line (USSALTTWO, CINCPAC FOR POLAD).
    Caption,
    /// "CORRECTED COPY" line.
    Correction,
    /// Communication-centre note ("NOTE BY OC/T: ...").
    Note,
    /// End-of-section marker "NNN".
    EndMarker,
    /// Signature (e.g. TOON).
    Signature,
    /// Declassification stamp.
    Stamp,
    /// The PlusD "Message Attributes" block.
    Attributes,
    /// Article headline or publication line (in metadata).
    Headline,
    /// A trailing headline of the next item, cut off by the excerpt.
    NextItem,
    /// A paragraph classification marking standing alone ("1. (C-ENTIRE
    /// TEXT)"), or a conversion artefact such as a stray list marker.
    Marking,
    /// Taken out of the reading text by the editor (`[[transcription.omit]]`
    /// in the commentary); the reason is the line's `editor`.
    Omitted,
}

impl LineKind {
    /// Whether the line's words belong to the reading text.
    pub fn is_reading(self) -> bool {
        matches!(self, LineKind::Text)
    }
}

/// One paragraph of the reading transcription.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    /// 1-based number, the `#pN` anchor.
    pub n: usize,
    pub text: String,
    /// The facsimile sheet where the paragraph starts.
    pub page: usize,
    /// Raw line numbers (1-based, in the file) the paragraph was made from.
    pub lines: Vec<usize>,
    /// The paragraph's classification marking, taken out of its text
    /// ("C-ENTIRE TEXT" from "1. (C-ENTIRE TEXT) WE HAVE ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<String>,
    /// The document's own number of the paragraph ("3" from "3. WE HAVE",
    /// "A" from "A. THE"), as the telegram's readers cite it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The anchor of that number (`para-3`, `para-3-a`), unique in the
    /// document; `None` for a number that came earlier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// Structured metadata. The cable fields are always present for cables
/// (null when absent); the rest are omitted when empty.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metadata {
    pub classification: Option<String>,
    /// Handling caveats: NODIS, EXDIS, LIMDIS, NOFORN.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
    pub from: Option<String>,
    pub to: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub info: Vec<String>,
    /// Date-time group as typed, e.g. `201317Z APR 78`.
    pub dtg: Option<String>,
    /// The DTG read as ISO 8601 (`1978-04-20T13:17Z`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dtg_iso: Option<String>,
    /// Precedence: R (routine), P (priority), O (immediate), Z (flash).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precedence: Option<String>,
    pub tags: Vec<String>,
    pub subject: Option<String>,
    pub document_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Routing offices from the INFO distribution line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub distribution: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executive_order: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<String>,
    /// Section count of a multi-section telegram.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<String>,
    /// Communication-centre notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// A classification marking for the whole text ("C - ENTIRE TEXT").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<String>,
    /// Addressees the message was not transmitted to ("XMT AMEMBASSY TAIPEI").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
    /// The text stops mid-sentence without an end marker: an excerpt.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stamps: Vec<String>,
    /// PlusD "Message Attributes", in the order found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// PlusD "Concepts".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub concepts: Vec<String>,
    /// Article: publication name, volume, issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// Article: source citations such as "(Itar-Tass, August 24)".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Article: the headline of the next item, cut off by the excerpt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_item: Option<String>,
}

/// A `REF:` reference of a telegram ("A. STATE 123456").
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reference {
    /// The letter (A, B, ...) when the REF line lists several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub text: String,
    /// A document number the reference points at, when recognisable
    /// (e.g. `1978STATE123456` from "78 STATE 123456"); a reference without
    /// a year is read as of the telegram's own year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// All document numbers when the reference names several
    /// ("STATE 216511, 216512").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
}

/// One "Key: value" pair of the Message Attributes block.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Attribute {
    pub key: String,
    pub value: String,
}

/// A source citation of an article.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Citation {
    /// As printed, without the parentheses.
    pub text: String,
    /// The source ("Itar-Tass"), when the citation reads "source, date".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The date as printed ("August 23-24").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The reading paragraph it occurs in.
    pub paragraph: usize,
}

impl Metadata {
    /// The TAGS items one by one, a name in parentheses apart from the code
    /// it is typed with: "OVIP (SADAT, ANWAR)" gives "OVIP" and "(SADAT,
    /// ANWAR)"; a name standing alone is kept as it is.
    pub fn tag_items(&self) -> impl Iterator<Item = &str> {
        self.tags.iter().flat_map(|t| tag_parts(t))
    }
}

/// One TAGS item apart: "OVIP (SADAT, ANWAR)" gives "OVIP" and "(SADAT,
/// ANWAR)"; anything else is kept as it is.
pub fn tag_parts(t: &str) -> impl Iterator<Item = &str> {
    let t = t.trim();
    match t.find(" (") {
        Some(i) if t.ends_with(')') && i > 0 => [Some(t[..i].trim_end()), Some(t[i + 1..].trim())],
        _ => [Some(t), None],
    }
    .into_iter()
    .flatten()
}

impl Document {
    /// All raw lines, in file order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.pages.iter().flat_map(|p| p.lines.iter())
    }

    /// The year of the document's date, as written (`1978`), if dated.
    pub fn year(&self) -> Option<&str> {
        self.date.as_ref().map(PartialDate::year_str)
    }
}

/// An editorial intervention: a change the editor made to the parsed
/// document from the commentary (`[transcription]`, `[[emendation]]`), or
/// the editor's declaration that the text is an excerpt. Listed in "About
/// this document", marked in the reading text, recorded in the exports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Intervention {
    /// 1-based, in the order listed; the `#iN` anchor of its mark.
    pub n: usize,
    pub kind: InterventionKind,
    /// The header field changed (`subject`, `dtg`, `references`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The text as read or typed before the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The text after the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The raw lines concerned (1-based, in the file).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<usize>,
    /// The reading paragraph where the change is marked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// Byte offset of the mark in that paragraph's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// The editor's reason (or a description of the change when none given).
    pub reason: String,
}

/// What an [`Intervention`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InterventionKind {
    /// A header field set or replaced.
    Header,
    /// Raw lines taken out of the reading text.
    Omit,
    /// Raw lines put into the reading text.
    Include,
    /// A paragraph split in two after a passage.
    Split,
    /// A paragraph joined with the next.
    Join,
    /// A passage deleted from the reading text.
    Delete,
    /// A reading replaced by the editor's correction (`[[emendation]]`).
    Emendation,
    /// The editor declared the text an excerpt or complete.
    Excerpt,
}

impl InterventionKind {
    /// How the kind is named to readers.
    pub fn label(self) -> &'static str {
        match self {
            InterventionKind::Header => "header corrected",
            InterventionKind::Omit => "lines left out of the reading text",
            InterventionKind::Include => "lines put into the reading text",
            InterventionKind::Split => "paragraph divided",
            InterventionKind::Join => "paragraphs joined",
            InterventionKind::Delete => "passage deleted",
            InterventionKind::Emendation => "emendation",
            InterventionKind::Excerpt => "excerpt",
        }
    }
}

/// Why the text is incomplete: declared by the editor or detected.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Excerpt {
    /// `true` when the editor declared it (`excerpt = true`).
    pub declared: bool,
    /// What the reader is told, e.g. "the text ends mid-sentence; sections
    /// 2–4 of 4 are missing".
    pub description: String,
    /// Sections announced by "SECTION n OF m" that the text lacks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_sections: Vec<u32>,
}
