//! The `[transcription]` table of a commentary's front matter: the editor's
//! corrections of the parse (header fields, lines in or out of the reading
//! text, paragraphs split, joined or cut, excerpt or complete, paragraph
//! numbering). Only read and typed here; the stage `annotate::correct`
//! applies them to the parsed document before annotation.
//!
//! Values the corrections address (line numbers, passages, texts) are kept
//! with their byte span in the front matter ([`toml::Spanned`]) so that an
//! error points at the exact place.

use serde::Deserialize;
use toml::Spanned;

/// `[transcription]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Transcription {
    /// `true`: the text is an excerpt (cut off); `false`: it is complete,
    /// whatever the detection says.
    pub excerpt: Option<Spanned<bool>>,
    /// Why the editor declares the document an excerpt or complete.
    pub excerpt_reason: Option<String>,
    /// `"document"` (default): the document's own paragraph numbers
    /// ("3.", "A.") become labels and `#para-3` anchors; `"none"`: not.
    pub paragraph_numbers: Option<Spanned<String>>,
    /// Header fields that replace what the parser read.
    pub header: Option<HeaderFix>,
    /// Raw lines taken out of the reading text.
    #[serde(default)]
    pub omit: Vec<LineFix>,
    /// Raw lines put into the reading text.
    #[serde(default)]
    pub include: Vec<LineFix>,
    /// New paragraphs after a passage.
    #[serde(default)]
    pub split: Vec<SplitFix>,
    /// Paragraphs joined with the next.
    #[serde(default)]
    pub join: Vec<PassageFix>,
    /// Passages deleted from the reading text.
    #[serde(default)]
    pub delete: Vec<PassageFix>,
}

/// The keys `[transcription]` accepts, for error hints.
pub(crate) const TRANSCRIPTION_KEYS: &str =
    "excerpt, excerpt_reason, paragraph_numbers, [transcription.header], [[transcription.omit]], [[transcription.include]], [[transcription.split]], [[transcription.join]], [[transcription.delete]]";
/// The keys `[transcription.header]` accepts.
pub(crate) const HEADER_KEYS: &str = "subject, dtg, from, to, info, classification, tags, signature, references, add_references, remove_references, reason";
/// The keys of `[[transcription.omit]]` and `[[transcription.include]]`.
pub(crate) const LINE_KEYS: &str = "lines, text, reason";
/// The keys of `[[transcription.split]]`.
pub(crate) const SPLIT_KEYS: &str = "after, occurrence, reason";
/// The keys of `[[transcription.join]]` and `[[transcription.delete]]`.
pub(crate) const PASSAGE_KEYS: &str = "passage, occurrence, reason";

/// `[transcription.header]`: each field given replaces the parsed one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeaderFix {
    pub subject: Option<Spanned<String>>,
    /// The date-time group as typed, `201317Z APR 78`.
    pub dtg: Option<Spanned<String>>,
    pub from: Option<Spanned<String>>,
    pub to: Option<Spanned<Vec<String>>>,
    pub info: Option<Spanned<Vec<String>>>,
    pub classification: Option<Spanned<String>>,
    pub tags: Option<Spanned<Vec<String>>>,
    pub signature: Option<Spanned<String>>,
    /// Replaces every reference.
    pub references: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub add_references: Vec<Spanned<String>>,
    /// A reference's label ("A") or its text as read.
    #[serde(default)]
    pub remove_references: Vec<Spanned<String>>,
    pub reason: Option<String>,
}

/// A line number, a range, or a range on a sheet: `57`, `"57-60"`,
/// `"2:57-60"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum LineSpec {
    One(usize),
    Text(String),
}

/// `[[transcription.omit]]` / `[[transcription.include]]`: raw lines by
/// number (`lines`) or by their text (`text`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LineFix {
    pub lines: Option<Spanned<LineSpec>>,
    pub text: Option<Spanned<String>>,
    pub reason: Option<String>,
}

/// `[[transcription.split]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SplitFix {
    pub after: Spanned<String>,
    pub occurrence: Option<usize>,
    pub reason: Option<String>,
}

/// `[[transcription.join]]` / `[[transcription.delete]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PassageFix {
    pub passage: Spanned<String>,
    pub occurrence: Option<usize>,
    pub reason: Option<String>,
}

/// Lines addressed by number: the raw lines `first..=last`, and the sheet
/// they must be on when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineRange {
    pub sheet: Option<usize>,
    pub first: usize,
    pub last: usize,
}

impl LineSpec {
    /// Reads `57`, `"57"`, `"57-60"`, `"2:57"` or `"2:57-60"`.
    pub(crate) fn range(&self) -> Result<LineRange, String> {
        let s = match self {
            LineSpec::One(n) => return Ok(LineRange { sheet: None, first: *n, last: *n }),
            LineSpec::Text(s) => s.trim(),
        };
        let bad = || {
            format!("`{s}` is not a line number or range; write 57, \"57-60\", or \"2:57-60\" for lines 57 to 60 on sheet 2")
        };
        let num = |t: &str| t.trim().parse::<usize>().map_err(|_| bad());
        let (sheet, rest) = match s.split_once(':') {
            Some((a, b)) => (Some(num(a)?), b),
            None => (None, s),
        };
        let (first, last) = match rest.split_once(['-', '–']) {
            Some((a, b)) => (num(a)?, num(b)?),
            None => (num(rest)?, num(rest)?),
        };
        if first == 0 || sheet == Some(0) {
            return Err(format!("`{s}`: lines and sheets are numbered from 1"));
        }
        if last < first {
            return Err(format!("`{s}`: the range ends before it starts; write \"{last}-{first}\""));
        }
        Ok(LineRange { sheet, first, last })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_specs() {
        let r = |s: &str| LineSpec::Text(s.into()).range();
        assert_eq!(LineSpec::One(7).range(), Ok(LineRange { sheet: None, first: 7, last: 7 }));
        assert_eq!(r("57-60"), Ok(LineRange { sheet: None, first: 57, last: 60 }));
        assert_eq!(r("2:57"), Ok(LineRange { sheet: Some(2), first: 57, last: 57 }));
        assert!(r("60-57").unwrap_err().contains("ends before it starts"));
        assert!(r("abc").unwrap_err().contains("is not a line number"));
        assert!(r("0").unwrap_err().contains("numbered from 1"));
    }
}
