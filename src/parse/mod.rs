//! Stage 2, parse and clean: raw text in, [`Document`] out.
//!
//! Each raw format implements [`Format`]: it recognises its own text
//! (`detect`) and turns it into a document with both views, the facsimile
//! pages (every raw line kept and classified) and the cleaned reading
//! paragraphs (each pointing back at its raw lines). [`builder::Builder`] does the
//! bookkeeping shared by all formats so a format only decides what each line
//! is. Parsing never fails: any text is at worst `plain`.

pub mod apparatus;
mod article;
pub(crate) mod builder;
mod cable;
pub mod format;
mod plain;

/// Whitespace collapsed to single spaces (what the reading text does to a line).
pub use crate::base::text::collapse_ws;
pub use article::Article;
pub use cable::{reference_documents, tags_of, Cable, Memo};
pub use format::Format;
pub use plain::Plain;

use crate::model::{DocId, Document, FormatName, ParseWarning, WarningKind};

/// All formats, in order of preference on a tie (a reading-room record
/// of a cable is a `memo`).
pub fn all() -> [&'static dyn Format; 4] {
    [&Memo, &Cable, &Article, &Plain]
}

/// The format called `name`.
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    let name = FormatName::from_name(name)?;
    all().into_iter().find(|f| f.name() == name)
}

/// The names of all formats, for error messages.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|f| f.name().as_str()).collect()
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
pub fn parse(id: &DocId, text: &str, format: Option<&'static dyn Format>) -> Document {
    let forced = format.is_some();
    let format = format.unwrap_or_else(|| detect(text));
    let mut doc = format.parse(id, text);
    if !forced && doc.format == FormatName::Plain && !text.trim().is_empty() {
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
/// warning. Never fails. Line endings are normalised to `\n`. The notes of
/// [`decode_located`] joined into one warning.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    let d = decode_located(bytes);
    let warning = if d.notes.is_empty() {
        None
    } else {
        Some(d.notes.iter().map(|n| n.message.as_str()).collect::<Vec<_>>().join("; "))
    };
    (d.text, warning)
}

/// Raw bytes decoded, with what the decoding changed.
pub struct Decoded {
    pub text: String,
    /// Every change the decoding made to the bytes as received, for the
    /// editor: an encoding guessed, control characters replaced.
    pub notes: Vec<DecodeNote>,
}

/// One change the decoding made, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeNote {
    /// 1-based line of the (first) change; 0 for the whole file.
    pub line: usize,
    pub message: String,
}

/// Decodes raw bytes: UTF-8 (a BOM is dropped), UTF-16 when the file starts
/// with its byte-order mark, else Windows-1252, each but plain UTF-8 with a
/// note. Never fails. Line endings are normalised to `\n`. Control
/// characters (NUL and the other C0 codes but tab and line ends, and DEL)
/// are replaced by U+FFFD, shown in the facsimile and the reading text,
/// with a note naming the lines: a page, title or export never holds one.
pub fn decode_located(bytes: &[u8]) -> Decoded {
    let mut notes: Vec<DecodeNote> = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8_or_1252(rest, &mut notes)
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "UTF-16 little-endian")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16 big-endian")
        };
        let (cow, had_errors) = enc.decode_with_bom_removal(bytes);
        let message = if had_errors {
            format!(
                "read as {name} (it starts with that byte-order mark); some bytes were not valid UTF-16 and are \
                 shown as U+FFFD"
            )
        } else {
            format!("read as {name} (it starts with that byte-order mark); saving it as UTF-8 is safer")
        };
        notes.push(DecodeNote { line: 0, message });
        cow.into_owned()
    } else {
        utf8_or_1252(bytes, &mut notes)
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    let controls = text.chars().filter(|&c| is_control(c)).count();
    let text = if controls > 0 {
        let nul = text.contains('\0');
        let lines: Vec<usize> =
            text.split('\n').enumerate().filter(|(_, l)| l.chars().any(is_control)).map(|(i, _)| i + 1).collect();
        const SHOWN: usize = 8;
        let mut at = lines.iter().take(SHOWN).map(|n| n.to_string()).collect::<Vec<_>>().join(", ");
        if lines.len() > SHOWN {
            at.push_str(&format!(" and {} more", lines.len() - SHOWN));
        }
        notes.push(DecodeNote {
            line: lines[0],
            message: format!(
                "{} control character{} ({}on line{} {at}) replaced by U+FFFD (\u{FFFD}){}",
                controls,
                if controls == 1 { "" } else { "s" },
                if nul { "NUL among them; " } else { "" },
                if lines.len() == 1 { "" } else { "s" },
                if nul || controls * 100 > text.len().max(1) {
                    "; the file looks binary, not text: is it the right file?"
                } else {
                    ""
                }
            ),
        });
        text.chars().map(|c| if is_control(c) { '\u{FFFD}' } else { c }).collect()
    } else {
        text
    };
    Decoded { text, notes }
}

/// A control character no page may hold (tab and newline are text).
fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || c == '\u{7f}'
}

fn utf8_or_1252(bytes: &[u8], notes: &mut Vec<DecodeNote>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            notes.push(DecodeNote {
                line,
                message: format!(
                    "not valid UTF-8 (first bad byte at offset {}, line {line}); read as Windows-1252",
                    e.valid_up_to()
                ),
            });
            cow.into_owned()
        }
    }
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
    fn decode_reads_utf16_by_its_byte_order_mark() {
        let le: Vec<u8> = "\u{feff}MOSCOW 08357\r\nSUBJ: TEST".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let (t, w) = decode(&le);
        assert_eq!(t, "MOSCOW 08357\nSUBJ: TEST");
        assert!(w.unwrap().contains("UTF-16 little-endian"));
        let be: Vec<u8> = "\u{feff}ok".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let (t, w) = decode(&be);
        assert_eq!(t, "ok");
        assert!(w.unwrap().contains("UTF-16 big-endian"));
    }

    #[test]
    fn decode_replaces_control_characters_and_says_where() {
        let d = decode_located(b"TITLE\x00 ONE\x07\n\tTAB KEPT\n\x1b[0m\x7f");
        assert_eq!(d.text, "TITLE\u{FFFD} ONE\u{FFFD}\n\tTAB KEPT\n\u{FFFD}[0m\u{FFFD}");
        assert_eq!(d.notes.len(), 1);
        let n = &d.notes[0];
        assert_eq!(n.line, 1);
        assert!(n.message.contains("4 control characters") && n.message.contains("NUL"), "{}", n.message);
        assert!(n.message.contains("lines 1, 3") && n.message.contains("looks binary"), "{}", n.message);
        // Form feeds too, but no claim that text with a few is binary.
        let d = decode_located(format!("{}\n\x0c{}", "A".repeat(200), "B").as_bytes());
        assert!(!d.text.contains('\x0c'));
        assert_eq!(d.notes[0].line, 2);
        assert!(!d.notes[0].message.contains("binary"), "{}", d.notes[0].message);
        // Many lines: the first few named, the rest counted.
        let d = decode_located("x\x01\n".repeat(20).as_bytes());
        assert!(d.notes[0].message.contains("1, 2, 3, 4, 5, 6, 7, 8 and 12 more"), "{}", d.notes[0].message);
    }

    #[test]
    fn decode_locates_the_first_byte_that_is_not_utf8() {
        let d = decode_located(b"ok\nstill ok\ncaf\xe9");
        assert_eq!(d.text, "ok\nstill ok\ncaf\u{e9}");
        assert_eq!(d.notes, vec![DecodeNote { line: 3, message: d.notes[0].message.clone() }]);
        assert!(d.notes[0].message.contains("Windows-1252"));
    }

    #[test]
    fn every_format_survives_odd_input() {
        for input in ["", "\n\n\n", "PAGE", "NNN", "Message Attributes\nKey:", "SUBJECT:", "- 6.", "\u{0}\u{7f}é"] {
            for f in all() {
                let d = f.parse(&crate::model::DocId::any("x"), input);
                assert!(!d.pages.is_empty());
            }
        }
    }
}
