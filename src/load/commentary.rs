//! Stage 2b, parse commentary: the editor's Markdown beside a raw document.
//!
//! A commentary file is TOML front matter between `+++` lines, then a
//! headnote (Markdown before the first note), then passage notes: each level-2
//! heading that is a quotation opens a note anchored to that passage of the
//! reading text. Anchoring happens later (stage annotate); here we only split
//! the file and remember lines for error messages.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base::error::{Diagnostic, Diagnostics, Pos};
use crate::load::transcription;
use crate::model::PartialDate;

/// Front matter of a commentary file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    /// Title shown for the document (overrides SUBJECT or the headline).
    pub title: Option<String>,
    /// Date of the document (overrides the DTG): a TOML date such as
    /// `1978-04-20`, or a partial date in quotes, `"1978-04"` or `"1978"`.
    pub date: Option<FrontDate>,
    /// How the date was established when it is not read in the document
    /// ("from the issue number"): the date is then shown as inferred.
    pub date_inferred: Option<String>,
    /// Provenance: where this copy of the document comes from (archive,
    /// collection, database and record, date retrieved). Overrides
    /// site.toml's `source`.
    pub source: Option<String>,
    /// One or two sentences shown in lists and search results.
    pub summary: Option<String>,
    /// Force a raw format: "cable", "article" or "plain".
    pub format: Option<String>,
    /// Register ids to add to those found in the text.
    #[serde(default)]
    pub persons: Vec<String>,
    /// Place ids to add to those found in the text.
    #[serde(default)]
    pub places: Vec<String>,
    /// Organization ids to add to those found in the text.
    #[serde(default)]
    pub organizations: Vec<String>,
    /// Topic ids to add to those found in the text.
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
    /// Corrections of the parse: header fields, lines in or out of the
    /// reading text, paragraphs split, joined or cut, excerpt, numbering.
    pub transcription: Option<crate::load::transcription::Transcription>,
}

/// The keys front matter accepts, for error hints.
pub(crate) const FRONT_MATTER_KEYS: &str =
    "title, date, date_inferred, source, summary, format, persons, places, organizations, topics, ignore_mentions, resolve, [[emendation]], [transcription]";

/// The keys an `[[emendation]]` table accepts, for error hints.
pub(crate) const EMENDATION_KEYS: &str = "reading, correction, note, occurrence";

/// The front matter's `date`: a TOML date (`date = 1978-04-20`) or, when
/// only the month or year is known, a string (`date = "1978-04"`), read
/// with the editor's rule ([`PartialDate::parse`]: a real day of the month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontDate(pub PartialDate);

impl<'de> Deserialize<'de> for FrontDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FrontDate;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date such as 1978-04-20, or \"1978-04\" or \"1978\" in quotes")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FrontDate, E> {
                PartialDate::parse(v.trim()).map(FrontDate).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<FrontDate, A::Error> {
                // A TOML date or date-time arrives as toml's private map.
                let dt = toml::value::Datetime::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                match (dt.date, dt.time) {
                    (Some(date), None) => {
                        PartialDate::parse(&date.to_string()).map(FrontDate).map_err(serde::de::Error::custom)
                    }
                    _ => Err(serde::de::Error::custom(format!(
                        "`{dt}` has a time of day; give only the date, e.g. 1978-04-20"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// An `[[emendation]]`: the reading text shows `correction`, the original
/// `reading` stays available on hover and focus.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Emendation {
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
pub(crate) struct NoteSource {
    /// The quoted passage, without the quotation marks.
    pub quote: String,
    /// Which occurrence, when written as `## "QUOTE" (2)`.
    pub occurrence: Option<usize>,
    /// Line of the heading in the commentary file.
    pub line: usize,
    /// Column of the opening quotation mark.
    pub col: usize,
    /// Markdown of the note.
    pub body: String,
    /// Line where the body starts.
    pub body_line: usize,
}

/// A parsed commentary file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Commentary {
    pub path: PathBuf,
    /// The whole file, for locating values in error messages.
    pub source: String,
    pub front: FrontMatter,
    /// Where each emendation's `reading` value is (or its `[[emendation]]`
    /// header), same order as `front.emendations`.
    pub emendation_at: Vec<Pos>,
    /// Byte offsets in `source` where the front matter's TOML starts and
    /// ends (the spans of `front` are relative to the start).
    pub front_start: usize,
    pub front_end: usize,
    /// Markdown of the headnote.
    pub headnote: String,
    /// Line of the file where the headnote's Markdown starts (the line after
    /// the front matter), so that link errors can be located.
    pub headnote_line: usize,
    pub notes: Vec<NoteSource>,
}

impl Commentary {
    /// Where `value` is written as a quoted string after `key = ` in the
    /// front matter (arrays may span lines); the key when the value is not
    /// found; the file's start when neither is.
    pub(crate) fn locate(&self, key: &str, value: &str) -> Pos {
        let end = front_matter_end(&self.source);
        let fm = &self.source[..end];
        let mut offset = 0;
        for line in fm.split_inclusive('\n') {
            let t = line.trim_start();
            if t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')) {
                let key_at = offset + (line.len() - t.len());
                for quoted in [format!("\"{value}\""), format!("'{value}'")] {
                    if let Some(i) = fm[key_at..].find(&quoted) {
                        return crate::base::error::line_col(&self.source, key_at + i + 1);
                    }
                }
                return crate::base::error::line_col(&self.source, key_at);
            }
            offset += line.len();
        }
        Pos::START
    }
}

/// Byte offset just past the front matter's closing `+++` line (0 if none).
fn front_matter_end(text: &str) -> usize {
    match split_front_matter(text) {
        Some((_, _, body, _)) => text.len() - body.len(),
        None => 0,
    }
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

/// What a level-2 heading line is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Heading {
    /// `## "TEXT"` or `## “TEXT” (2)`: (quote, occurrence).
    Quotation(String, Option<usize>),
    /// Starts with a quotation mark but is not a well-formed quotation.
    Malformed(&'static str),
    /// Any other level-2 heading.
    Other,
}

/// Classifies a line that may be a level-2 heading (`None`: not one).
pub(crate) fn classify_heading(line: &str) -> Option<Heading> {
    let h = line.strip_prefix("## ")?.trim();
    let h = h.trim_end_matches('#').trim();
    let Some(first) = h.chars().next().filter(|c| OPEN_QUOTES.contains(c)) else {
        return Some(Heading::Other);
    };
    let rest = &h[first.len_utf8()..];
    // Optional occurrence: a trailing "(2)".
    let (body, occurrence) = match rest.rfind('(') {
        Some(i) if rest.ends_with(')') && rest[..i].trim_end().ends_with(CLOSE_QUOTES) => {
            match rest[i + 1..rest.len() - 1].trim().parse::<usize>() {
                Ok(n) if n >= 1 => (rest[..i].trim_end(), Some(n)),
                _ => {
                    return Some(Heading::Malformed(
                        "the occurrence in parentheses must be a number from 1, as in ## \"QUOTE\" (2)",
                    ))
                }
            }
        }
        _ => (rest, None),
    };
    let Some(last) = body.chars().last().filter(|c| CLOSE_QUOTES.contains(c)) else {
        return Some(Heading::Malformed(
            "the quotation is not closed: end it with a quotation mark, as in ## \"QUOTE\"",
        ));
    };
    let quote = body[..body.len() - last.len_utf8()].trim();
    if quote.is_empty() {
        return Some(Heading::Malformed("the quotation is empty"));
    }
    Some(Heading::Quotation(quote.to_string(), occurrence))
}

/// Parses a commentary file. Problems are pushed to `diags`; the result is
/// still usable (empty parts where they failed).
pub(crate) fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Commentary {
    let mut c = Commentary { path: path.to_path_buf(), source: text.to_string(), ..Default::default() };
    let (body, body_line) = if text.starts_with("+++") {
        match split_front_matter(text) {
            Some((fm, fm_line, body, body_line)) => {
                c.front_start = fm.as_ptr() as usize - text.as_ptr() as usize;
                c.front_end = c.front_start + fm.len();
                // Every problem of the front matter in one build: after an
                // error in a key's value, that key's lines are blanked and the
                // rest read again (while the TOML itself stays well-formed).
                let well_formed = fm.parse::<toml::Table>().is_ok();
                let mut work = fm.to_string();
                let mut blanked: Vec<(usize, usize)> = Vec::new();
                loop {
                    match toml::from_str::<FrontMatter>(&work) {
                        Ok(front) => {
                            c.front = front;
                            break;
                        }
                        Err(e) => {
                            diags.push(front_matter_error(path, fm, fm_line, &e));
                            let Some(span) = e.span().filter(|_| well_formed && blanked.len() < 64) else { break };
                            if e.message().starts_with("missing field") {
                                break;
                            }
                            let from = work[..span.start.min(work.len())].rfind('\n').map_or(0, |i| i + 1);
                            let mut to =
                                work[span.end.min(work.len())..].find('\n').map_or(work.len(), |i| span.end + i);
                            // A table's header goes with the whole table, so
                            // that its keys do not fall into the table before.
                            if work[from..to].trim_start().starts_with('[') {
                                let mut at = to;
                                for line in work[to..].split_inclusive('\n') {
                                    if line.trim_start().starts_with('[') {
                                        break;
                                    }
                                    at += line.len();
                                }
                                to = at;
                            }
                            if blanked.contains(&(from, to)) || from >= to {
                                break;
                            }
                            blanked.push((from, to));
                            let spaces = " ".repeat(to - from);
                            work.replace_range(from..to, &spaces);
                            if work.parse::<toml::Table>().is_err() {
                                break;
                            }
                        }
                    }
                }
                c.emendation_at = emendation_positions(fm, fm_line);
                (body, body_line)
            }
            None => {
                diags.push(
                    Diagnostic::error(path, 1, "front matter is not closed")
                        .col(1)
                        .hint("the front matter opened with +++ on line 1 must end with a line holding only +++, before the headnote"),
                );
                return c;
            }
        }
    } else {
        (text, 1)
    };
    if let Some(f) = &c.front.format {
        if crate::parse::by_name(f).is_none() {
            diags.push(
                Diagnostic::error_at(path, c.locate("format", f), format!("unknown format `{f}`"))
                    .hint(format!("use one of: {}", crate::parse::names().join(", "))),
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
        } else {
            match classify_heading(line.trim_end()) {
                Some(Heading::Quotation(quote, occurrence)) => {
                    if let Some(note) = current.take() {
                        c.notes.push(note);
                    }
                    let col =
                        line.find(|ch: char| OPEN_QUOTES.contains(&ch)).map_or(4, |b| line[..b].chars().count() + 1);
                    current =
                        Some(NoteSource { quote, occurrence, line: n, col, body: String::new(), body_line: n + 1 });
                    continue;
                }
                Some(Heading::Malformed(why)) => {
                    diags.push(
                        Diagnostic::error(path, n, format!("this heading looks like a passage note, but {why}"))
                            .col(4)
                            .hint("a note heading is ## followed by the passage in quotation marks, e.g. ## \"PATHOLOGICALLY AFRAID\""),
                    );
                }
                Some(Heading::Other) if current.is_some() => {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            n,
                            "a level-2 heading that is not a quotation ends no note; it is part of the previous note",
                        )
                        .col(1)
                        .hint("put the passage in quotation marks to anchor a note: ## \"QUOTED WORDS\""),
                    );
                }
                _ => {}
            }
        }
        match &mut current {
            Some(note) => note.body.push_str(line),
            None => headnote.push_str(line),
        }
    }
    if let Some(note) = current.take() {
        c.notes.push(note);
    }
    c.headnote_line = body_line;
    c.headnote = headnote;
    c
}

/// The name of the table byte `offset` of the front matter lies in
/// (`emendation`, `transcription.header`, ...; empty at the top level).
fn table_at(fm: &str, offset: usize) -> String {
    let before = &fm[..offset.min(fm.len())];
    before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_start_matches('[').trim_end_matches(']').trim().to_string())
        .unwrap_or_default()
}

/// The forms a front matter date may take, for the hint of a date error.
pub(crate) const DATE_FORMS: &str =
    "a date is written date = 1978-04-20 (a real day: month 01-12, a day the month has), \
     or date = \"1978-04\" or date = \"1978\" (in quotation marks) when only the month or the year is known";

/// The diagnostic for a front matter that TOML or serde refused, with a
/// hint for the table the error is in.
fn front_matter_error(path: &Path, fm: &str, fm_line: usize, e: &toml::de::Error) -> Diagnostic {
    let mut d = Diagnostic::from_toml(path, fm, fm_line - 1, e);
    // toml's messages may run over two lines.
    d.message = d.message.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", ");
    // An error on a `date = ...` line lists the forms a date may take.
    let on_date_line = e.span().is_some_and(|sp| {
        let start = fm[..sp.start.min(fm.len())].rfind('\n').map_or(0, |i| i + 1);
        let key = fm[start..].trim_start();
        key.starts_with("date") && key[4..].trim_start().starts_with('=')
    });
    if on_date_line {
        d = d.hint(DATE_FORMS);
    } else if e.message().starts_with("invalid") && !e.message().starts_with("invalid type") {
        d = d.hint("in front matter, text and ids go in quotation marks (title = \"...\", persons = [\"kapitsa\"]), dates do not (date = 1978-04-20); see https://toml.io");
    }
    if e.message().starts_with("unknown field") {
        let table = e.span().map(|s| table_at(fm, s.start)).unwrap_or_default();
        d = d.hint(match table.as_str() {
            "emendation" => format!("an [[emendation]] accepts: {EMENDATION_KEYS}"),
            "transcription" => format!("[transcription] accepts: {}", transcription::TRANSCRIPTION_KEYS),
            "transcription.header" => {
                format!("[transcription.header] accepts: {}", transcription::HEADER_KEYS)
            }
            "transcription.omit" | "transcription.include" => {
                format!("[[{table}]] accepts: {}", transcription::LINE_KEYS)
            }
            "transcription.split" => format!("[[{table}]] accepts: {}", transcription::SPLIT_KEYS),
            "transcription.join" | "transcription.delete" => {
                format!("[[{table}]] accepts: {}", transcription::PASSAGE_KEYS)
            }
            _ => format!("front matter accepts: {FRONT_MATTER_KEYS}"),
        });
    } else if e.message().starts_with("missing field")
        && e.span().map(|s| table_at(fm, s.start)).unwrap_or_default().starts_with("transcription")
    {
        d = d.hint("[[transcription.split]] needs after = \"PASSAGE\"; [[transcription.join]] and [[transcription.delete]] need passage = \"PASSAGE\"");
    } else if e.message().starts_with("missing field") {
        d = d.hint(format!(
            "each [[emendation]] needs reading = \"AS TYPED\" and correction = \"CORRECTED\"; it accepts: {EMENDATION_KEYS}"
        ));
    }
    if d.col == 0 {
        d.col = 1;
    }
    d
}

/// Where each `[[emendation]]`'s `reading` value is, or its table header
/// when it has none. `fm_line` is the front matter's first line.
fn emendation_positions(fm: &str, fm_line: usize) -> Vec<Pos> {
    let mut out: Vec<Pos> = Vec::new();
    let mut in_table = false;
    for (i, l) in fm.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            in_table = t.trim_start_matches('[').trim_end_matches(']').trim() == "emendation";
            if in_table {
                out.push(Pos::new(i + fm_line, l.len() - l.trim_start().len() + 1));
            }
        } else if in_table && t.strip_prefix("reading").is_some_and(|r| r.trim_start().starts_with('=')) {
            let col = l.find('=').map_or(1, |e| e + 1 + l[e + 1..].len() - l[e + 1..].trim_start().len() + 1);
            if let Some(last) = out.last_mut() {
                *last = Pos::new(i + fm_line, l[..col.min(l.len() + 1) - 1].chars().count() + 1);
            }
        }
    }
    out
}

/// The 1-based line of the first line starting with `key` (for errors about
/// values that parsed but are wrong).
pub(crate) fn find_line(text: &str, key: &str) -> Option<usize> {
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
    fn every_problem_of_a_front_matter_in_one_go() {
        let text = "+++\ntitel = \"T\"\ndate = \"1978-13\"\nsummary = \"ok\"\n\n[transcriptio]\nexcerpt = true\n\n[transcription]\nexerpt = true\n+++\n";
        let mut d = Diagnostics::default();
        let c = parse(Path::new("a.md"), text, &mut d);
        let msgs: Vec<String> = d.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:#?}");
        assert!(msgs[0].starts_with("a.md:2:1: error: unknown field `titel`"), "{msgs:#?}");
        assert!(msgs[1].starts_with("a.md:3:8: error: `1978-13`: there is no month 13"), "{msgs:#?}");
        assert!(msgs[2].starts_with("a.md:6:2: error: unknown field `transcriptio`"), "{msgs:#?}");
        assert!(msgs[3].starts_with("a.md:10:1: error: unknown field `exerpt`"), "{msgs:#?}");
        // What was right is kept.
        assert_eq!(c.front.summary.as_deref(), Some("ok"));
    }

    #[test]
    fn unclosed_front_matter() {
        let mut d = Diagnostics::default();
        parse(Path::new("a.md"), "+++\ntitle = \"x\"\n", &mut d);
        assert!(d.0[0].message.contains("not closed"));
    }

    fn front(toml: &str) -> (Commentary, Vec<String>) {
        let mut d = Diagnostics::default();
        let c = parse(Path::new("a.md"), &format!("+++\n{toml}\n+++\n"), &mut d);
        (c, d.0.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn dates_full_or_partial() {
        for (input, want) in [
            ("1978-04-20", "1978-04-20"),
            ("\"1978-04\"", "1978-04"),
            ("\"1978\"", "1978"),
            ("\"1980-02-29\"", "1980-02-29"),
        ] {
            let (c, errs) = front(&format!("date = {input}"));
            assert!(errs.is_empty(), "{input}: {errs:?}");
            assert_eq!(c.front.date.map(|d| d.0.to_string()).as_deref(), Some(want), "{input}");
        }
        let (_, errs) = front("date = \"1978-13\"");
        assert!(errs[0].starts_with("a.md:2:8: error: `1978-13`: there is no month 13"), "{errs:?}");
        let (_, errs) = front("date = \"1979-02-29\"");
        assert!(errs[0].contains("month 2 of 1979 has no day 29"), "{errs:?}");
        let (_, errs) = front("date = \"April 1978\"");
        assert!(errs[0].contains("`April 1978` is not a date"), "{errs:?}");
        let (_, errs) = front("date = 1978-04-20T10:00:00");
        assert!(errs[0].contains("has a time of day"), "{errs:?}");
        let (_, errs) = front("date = 1978");
        assert!(errs[0].contains("expected a date such as 1978-04-20"), "{errs:?}");
        // Every date error is located and lists the accepted forms.
        for bad in ["1978-13-45", "\"1979-02-29\"", "\"20 April 78\"", "1978-04-20T10:00:00", "1978", "\"\""] {
            let (_, errs) = front(&format!("title = \"T\"\ndate = {bad}"));
            assert!(errs.len() == 1 && errs[0].starts_with("a.md:3:"), "{bad}: {errs:?}");
            assert!(errs[0].contains(&format!("help: {DATE_FORMS}")), "{bad}: {errs:?}");
        }
    }

    #[test]
    fn emendation_keys_get_their_own_hint() {
        let (_, errs) = front("[[emendation]]\nreading = \"A\"\ncorection = \"B\"");
        assert!(errs[0].starts_with("a.md:4:1: error: unknown field `corection`"), "{errs:?}");
        assert!(
            errs[0].contains("= help: an [[emendation]] accepts: reading, correction, note, occurrence"),
            "{errs:?}"
        );
        let (c, errs) = front("title = \"x\"\n[[emendation]]\nreading = \"A\"\ncorrection = \"B\"\n\n[[emendation]]\ncorrection = \"D\"\n   reading =   \"C\"");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(c.emendation_at, vec![Pos::new(4, 11), Pos::new(9, 16)]);
    }

    #[test]
    fn malformed_note_headings_are_errors() {
        let mut d = Diagnostics::default();
        let c = parse(Path::new("a.md"), "Head.\n\n## \"UNCLOSED\n\n## \"X\" (0)\n\n## Plain heading\n", &mut d);
        assert!(c.notes.is_empty());
        let msgs: Vec<String> = d.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].starts_with(
                "a.md:3:4: error: this heading looks like a passage note, but the quotation is not closed"
            ),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("a.md:5:4: error: this heading looks like a passage note, but the occurrence"),
            "{msgs:?}"
        );
    }

    #[test]
    fn notes_in_fenced_code_are_not_notes() {
        let mut d = Diagnostics::default();
        let c = parse(Path::new("a.md"), "```\n## \"NOT A NOTE\"\n```\n## \"A NOTE\"\nbody\n", &mut d);
        assert_eq!(c.notes.len(), 1);
        assert_eq!((c.notes[0].line, c.notes[0].col, c.notes[0].body_line), (4, 4, 5));
    }
}
