//! Stage 2, parse and clean: raw text in, [`Document`] out.
//!
//! Each raw format implements [`Format`]: it recognises its own text
//! (`detect`) and turns it into a document with both views, the facsimile
//! pages (every raw line kept and classified) and the cleaned reading
//! paragraphs (each pointing back at its raw lines). [`builder::Builder`] does the
//! bookkeeping shared by all formats so a format only decides what each line
//! is. Parsing never fails: any text is at worst `plain`.

mod article;
pub(crate) mod builder;
mod cable;
pub mod format;
mod plain;

/// Whitespace collapsed to single spaces (what the reading text does to a line).
pub use crate::base::text::collapse_ws;
pub use article::Article;
pub use cable::{reference_documents, Cable, Memo};
pub use format::Format;
pub use plain::Plain;

use crate::model::{Document, ParseWarning, WarningKind};

/// All formats, in order of preference on a tie (a reading-room record
/// of a cable is a `memo`).
pub fn all() -> [&'static dyn Format; 4] {
    [&Memo, &Cable, &Article, &Plain]
}

/// The format called `name`.
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    all().into_iter().find(|f| f.name() == name)
}

/// The names of all formats, for error messages.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|f| f.name()).collect()
}

/// The best format for `text`.
pub fn detect(text: &str) -> &'static dyn Format {
    let mut best: &'static dyn Format = &Plain;
    let mut best_score = 0;
    for f in all() {
        let s = f.detect(text);
        if s > best_score {
            best = f;
            best_score = s;
        }
    }
    best
}

/// Parses `text` with the given format, or the detected one.
/// A detected `plain` is flagged: an unknown layout read as paragraphs.
pub fn parse(id: &str, text: &str, format: Option<&'static dyn Format>) -> Document {
    let forced = format.is_some();
    let format = format.unwrap_or_else(|| detect(text));
    let mut doc = format.parse(id, text);
    if !forced && doc.format == "plain" && !text.trim().is_empty() {
        doc.warnings.push(ParseWarning::new(
            WarningKind::UnknownLayout,
            None,
            format!(
                "no known layout recognised (formats: {}): read as plain paragraphs (set `format` in the \
                 commentary's front matter if it is one of them)",
                names().join(", ")
            ),
        ));
    }
    doc
}

/// Decodes raw bytes: UTF-8 (a BOM is dropped), else Windows-1252 with a
/// warning. Never fails. Line endings are normalised to `\n`.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, warning) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(e) => {
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (
                cow.into_owned(),
                Some(format!("not valid UTF-8 (first bad byte at offset {}); read as Windows-1252", e.valid_up_to())),
            )
        }
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    (text, warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_falls_back_to_windows_1252() {
        let (t, w) = decode(b"caf\xe9 \x93quoted\x94\r\nnext");
        assert_eq!(t, "café “quoted”\nnext");
        assert!(w.unwrap().contains("Windows-1252"));
        let (t, w) = decode("\u{feff}ok".as_bytes());
        assert_eq!(t, "ok");
        assert!(w.is_none());
    }

    #[test]
    fn every_format_survives_odd_input() {
        for input in ["", "\n\n\n", "PAGE", "NNN", "Message Attributes\nKey:", "SUBJECT:", "- 6.", "\u{0}\u{7f}é"] {
            for f in all() {
                let d = f.parse("x", input);
                assert!(!d.pages.is_empty());
            }
        }
    }
}
