//! Stage 2b, parse commentary: the editor's Markdown beside a raw document.
//!
//! A commentary file is TOML front matter between `+++` lines, then a
//! headnote (Markdown before the first note), then passage notes: each level-2
//! heading that is a quotation opens a note anchored to that passage of the
//! reading text. Anchoring happens later (stage annotate); here we only split
//! the file and remember lines for error messages.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Diagnostics};

/// Front matter of a commentary file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title shown for the document (overrides SUBJECT or the headline).
    pub title: Option<String>,
    /// Date of the document (overrides the DTG), e.g. 1978-04-20.
    pub date: Option<toml::value::Datetime>,
    /// One or two sentences shown in lists and search results.
    pub summary: Option<String>,
    /// Force a raw format: "cable", "article" or "plain".
    pub format: Option<String>,
    /// Register ids to add to those found in the text.
    #[serde(default)]
    pub persons: Vec<String>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    /// Aliases not to count as mentions in this document (false positives).
    #[serde(default)]
    pub ignore_mentions: Vec<String>,
    /// Which entry an ambiguous alias (one listed under `ambiguous_aliases`
    /// by several register entries) means in this document:
    /// `resolve = { KIM = "kim-il-sung" }`; "person:kim-il-sung" when the id
    /// exists in several registers.
    #[serde(default)]
    pub resolve: std::collections::BTreeMap<String, String>,
    /// Corrections of the reading text; the facsimile keeps the original.
    #[serde(default, rename = "emendation")]
    pub emendations: Vec<Emendation>,
}

/// The keys front matter accepts, for error hints.
pub const FRONT_MATTER_KEYS: &str =
    "title, date, summary, format, persons, places, organizations, topics, ignore_mentions, resolve, [[emendation]]";

/// An `[[emendation]]`: the reading text shows `correction`, the original
/// `reading` stays available on hover and focus.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emendation {
    /// The text as typed in the original (must occur in the reading text).
    pub reading: String,
    /// The editor's correction.
    pub correction: String,
    /// Why.
    #[serde(default)]
    pub note: Option<String>,
    /// Which occurrence, when `reading` occurs more than once (1-based).
    #[serde(default)]
    pub occurrence: Option<usize>,
}

/// A passage note: a quotation heading and its Markdown body.
#[derive(Debug, Clone)]
pub struct NoteSource {
    /// The quoted passage, without the quotation marks.
    pub quote: String,
    /// Which occurrence, when written as `## "QUOTE" (2)`.
    pub occurrence: Option<usize>,
    /// Line of the heading in the commentary file.
    pub line: usize,
    /// Markdown of the note.
    pub body: String,
    /// Line where the body starts.
    pub body_line: usize,
}

/// A parsed commentary file.
#[derive(Debug, Clone, Default)]
pub struct Commentary {
    pub path: PathBuf,
    pub front: FrontMatter,
    /// Line of each emendation's table in the file, same order as `front.emendations`.
    pub emendation_lines: Vec<usize>,
    /// Markdown of the headnote.
    pub headnote: String,
    /// Line where the headnote starts.
    pub headnote_line: usize,
    pub notes: Vec<NoteSource>,
}

/// Splits `+++` front matter from the body. Returns (front matter, line
/// where it starts, body, line where the body starts).
pub fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    let start = text.len() - rest.len();
    let mut offset = start;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let fm = &text[start..offset];
            let body = &text[offset + line.len()..];
            let fm_line = 2;
            let body_line = text[..offset + line.len()].matches('\n').count() + 1;
            return Some((fm, fm_line, body, body_line));
        }
        offset += line.len();
    }
    None
}

const OPEN_QUOTES: [char; 5] = ['"', '“', '”', '„', '«'];
const CLOSE_QUOTES: [char; 4] = ['"', '”', '“', '»'];

/// A level-2 heading that is a quotation: `## "TEXT"` or `## “TEXT” (2)`.
pub fn quotation_heading(line: &str) -> Option<(String, Option<usize>)> {
    let h = line.strip_prefix("## ")?.trim();
    let h = h.trim_end_matches('#').trim();
    let mut rest = h;
    let first = rest.chars().next()?;
    if !OPEN_QUOTES.contains(&first) {
        return None;
    }
    rest = &rest[first.len_utf8()..];
    // Optional occurrence: a trailing "(2)".
    let (body, occurrence) = match rest.rfind(['(']) {
        Some(i) if rest.ends_with(')') && rest[i + 1..rest.len() - 1].trim().parse::<usize>().is_ok() => {
            (rest[..i].trim_end(), rest[i + 1..rest.len() - 1].trim().parse::<usize>().ok())
        }
        _ => (rest, None),
    };
    let last = body.chars().last()?;
    if !CLOSE_QUOTES.contains(&last) {
        return None;
    }
    let quote = body[..body.len() - last.len_utf8()].trim();
    if quote.is_empty() {
        return None;
    }
    Some((quote.to_string(), occurrence))
}

/// Parses a commentary file. Problems are pushed to `diags`; the result is
/// still usable (empty parts where they failed).
pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Commentary {
    let mut c = Commentary { path: path.to_path_buf(), ..Default::default() };
    let (body, body_line) = if text.starts_with("+++") {
        match split_front_matter(text) {
            Some((fm, fm_line, body, body_line)) => {
                match toml::from_str::<FrontMatter>(fm) {
                    Ok(front) => c.front = front,
                    Err(e) => {
                        let mut d = Diagnostic::from_toml(path, fm, fm_line - 1, &e);
                        if e.message().starts_with("unknown field") {
                            d = d.hint(format!("front matter accepts: {FRONT_MATTER_KEYS}"));
                        }
                        diags.push(d);
                    }
                }
                c.emendation_lines = fm
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| l.trim() == "[[emendation]]")
                    .map(|(i, _)| i + fm_line)
                    .collect();
                (body, body_line)
            }
            None => {
                diags.push(
                    Diagnostic::error(path, 1, "front matter is not closed")
                        .hint("end the front matter with a line holding only +++"),
                );
                return c;
            }
        }
    } else {
        (text, 1)
    };
    if let Some(f) = &c.front.format {
        if crate::formats::by_name(f).is_none() {
            let line = find_line(text, "format").unwrap_or(1);
            diags.push(
                Diagnostic::error(path, line, format!("unknown format `{f}`"))
                    .hint(format!("use one of: {}", crate::formats::names().join(", "))),
            );
        }
    }
    // Split the body at quotation headings, outside fenced code blocks.
    let mut headnote = String::new();
    let mut current: Option<NoteSource> = None;
    let mut fence: Option<&str> = None;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let n = body_line + i;
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(if trimmed.starts_with("```") { "```" } else { "~~~" });
        } else if let Some((quote, occurrence)) = quotation_heading(line.trim_end()) {
            if let Some(note) = current.take() {
                c.notes.push(note);
            }
            current = Some(NoteSource { quote, occurrence, line: n, body: String::new(), body_line: n + 1 });
            continue;
        } else if line.starts_with("## ") && current.is_some() {
            diags.push(
                Diagnostic::warning(path, n, "a level-2 heading that is not a quotation ends no note; it is part of the previous note")
                    .hint("put the passage in quotation marks to anchor a note: ## \"QUOTED WORDS\""),
            );
        }
        match &mut current {
            Some(note) => note.body.push_str(line),
            None => {
                if headnote.is_empty() && c.headnote_line == 0 && !line.trim().is_empty() {
                    c.headnote_line = n;
                }
                headnote.push_str(line)
            }
        }
    }
    if let Some(note) = current.take() {
        c.notes.push(note);
    }
    if c.headnote_line == 0 {
        c.headnote_line = body_line;
    }
    c.headnote = headnote;
    c
}

/// The 1-based line of the first line starting with `key` (for errors about
/// values that parsed but are wrong).
pub fn find_line(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|l| l.trim_start().starts_with(key)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_headnote_and_notes() {
        let text = "+++\ntitle = \"T\"\n+++\nHeadnote.\n\n## \"PATHOLOGICALLY AFRAID\"\nA note.\n\n## “OF THE SOVIET UNION” (2)\nAnother.\n";
        let mut d = Diagnostics::default();
        let c = parse(Path::new("a.md"), text, &mut d);
        assert!(d.0.is_empty(), "{:?}", d);
        assert_eq!(c.front.title.as_deref(), Some("T"));
        assert_eq!(c.headnote.trim(), "Headnote.");
        assert_eq!(c.notes.len(), 2);
        assert_eq!(c.notes[0].quote, "PATHOLOGICALLY AFRAID");
        assert_eq!(c.notes[0].line, 6);
        assert_eq!(c.notes[1].quote, "OF THE SOVIET UNION");
        assert_eq!(c.notes[1].occurrence, Some(2));
    }

    #[test]
    fn unknown_front_matter_key_is_located() {
        let text = "+++\ntitle = \"T\"\npersonz = []\n+++\n";
        let mut d = Diagnostics::default();
        parse(Path::new("a.md"), text, &mut d);
        let msg = d.0[0].to_string();
        assert!(msg.starts_with("a.md:3:1: error: unknown field `personz`"), "{msg}");
        assert!(msg.contains("front matter accepts: title"), "{msg}");
    }

    #[test]
    fn unclosed_front_matter() {
        let mut d = Diagnostics::default();
        parse(Path::new("a.md"), "+++\ntitle = \"x\"\n", &mut d);
        assert!(d.0[0].message.contains("not closed"));
    }
}
