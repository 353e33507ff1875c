//! The `cable` format: US State Department telegrams in the PlusD / NARA
//! text layouts (one line a teletype line, or the PlusD "Message Text"
//! export with its "Message Attributes" block).
//!
//! A line-by-line state machine classifies every raw line (banner, page
//! header, routing, header field, caption, body text, stamp, attributes, ...)
//! and feeds the body words to the [`Builder`], which reflows them into
//! reading paragraphs. The recognisers of single lines live in
//! `furniture.rs`, `fields.rs`, `references.rs` and `attributes.rs`; this
//! file and its `header.rs` and `body.rs` decide between them by position:
//!
//! - **header**: page header, line count, ACTION/ORIGIN and INFO
//!   distribution, DRAFTED BY / APPROVED BY / clearances, control line,
//!   precedence and DTG, FM, TO and INFO addressees;
//! - **captions**: after the classification line ("C O N F I D E N T I A L
//!   SECTION 01 OF 03 MOSCOW 08357") until E.O./TAGS/SUBJECT: handling
//!   lines such as "CINCPAC FOR POLAD";
//! - **fields**: E.O., TAGS, SUBJECT and REF, each possibly wrapped;
//! - **body**: everything else, until NNN ends the section.
//!
//! Banners, page headers, stamps, control lines and notes are recognised
//! anywhere. Paragraphs continue across page and section breaks unless the
//! text before the break ended a paragraph; a word cut by a banner glued to
//! it ("STATECONFIDENTIAL" / "MENTS") is rejoined; a hyphen at a line end is
//! dropped unless the word is a compound ("SINO-SOVIET"). Parts of text
//! lines kept out of the reading text are listed in the line's `removed`.

use std::borrow::Cow;

mod attributes;
mod body;
mod copies;
mod fields;
mod flat;
mod furniture;
mod header;
mod memo;
mod memo_head;
mod ocr;
mod references;
#[cfg(test)]
mod tests;
mod warnings;

use attributes::*;
use fields::*;
use furniture::*;
use references::*;

use crate::base::text::collapse_ws;
use crate::model::{DocId, Document, FormatName, LineKind, Metadata, ParseWarning, PartialDate, WarningKind};
use crate::parse::builder::{title_from_text, Builder, Vocabulary};
use crate::parse::format::Format;
use memo::{is_end_serial, is_sitroom_line, MEMO_FIELD, MEMO_FOR, RELEASE_STAMP};

/// The document numbers a reference text cites ("TOKYO 1653" in 1974 →
/// `1974TOKYO01653`), read as of `year` when the reference has none; for
/// references the editor writes in the commentary.
pub fn reference_documents(text: &str, year: Option<u32>) -> Vec<String> {
    ref_documents(text, year)
}

/// The items of a TAGS value read as the TAGS line is ("PFOR, UR,
/// (KAPITSA)" → `PFOR`, `UR`, `KAPITSA`); for the PlusD TAGS attribute,
/// which can name tags the TAGS line lacks.
pub fn tags_of(value: &str) -> Vec<String> {
    parse_tags(value)
}

pub struct Cable;

impl Format for Cable {
    fn name(&self) -> FormatName {
        FormatName::Cable
    }

    fn detect(&self, text: &str) -> u32 {
        let mut score = 0;
        let (lines, _) = flat::virtual_lines(text);
        for l in lines.into_iter().map(str::trim).filter(|l| !l.is_empty()).take(80) {
            if page_header(l).is_some_and(|h| !h.short || l.len() <= 8) {
                score += 30;
            }
            if l.starts_with("FM ") && l.len() < 60 || dtg(l).is_some() {
                score += 20;
            }
            if TAGS.is_match(l) || SUBJECT.is_match(l) || EO.is_match(l) {
                score += 15;
            }
            if banner(l).is_some() || class_line(l).is_some() {
                score += 10;
            }
            if l == "Message Text" || l == "Show Headers" || l == "NNN" {
                score += 20;
            }
            if score >= 100 {
                break;
            }
        }
        score.min(100)
    }

    fn parse(&self, id: &DocId, text: &str) -> Document {
        parse_as(id, text, false)
    }
}

/// The `memo` format ([`memo`]): memoranda, Situation Room cables, CREST records.
pub struct Memo;

impl Format for Memo {
    fn name(&self) -> FormatName {
        FormatName::Memo
    }

    fn detect(&self, text: &str) -> u32 {
        let mut score = 0;
        let mut record_keys = 0;
        for l in text.lines().map(str::trim).filter(|l| !l.is_empty()).take(80) {
            if memo::record_key(l).is_some() {
                record_keys += 1;
            }
            if MEMO_FOR.is_match(l) && l.len() < 120 {
                score += 60;
            }
            if l.starts_with("FM THE SITUATION ROOM") || l.starts_with("FM THE WHITE HOUSE") || is_sitroom_line(l) {
                score += 60;
            }
        }
        if record_keys >= 4 {
            score += 100;
        }
        score.min(100)
    }

    fn parse(&self, id: &DocId, text: &str) -> Document {
        parse_as(id, text, true)
    }
}

/// Parses a telegram, or (`memo`) a memorandum or Situation Room cable.
pub(super) fn parse_as(id: &DocId, text: &str, memo: bool) -> Document {
    let mut p = Parser::new(text);
    p.memo = memo;
    p.run(id)
}

/// Where the parser is in the telegram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Header,
    Captions,
    Field(Field),
    Body,
    Attributes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Eo,
    Tags,
    Subject,
    Ref,
}

/// Which header list a continuation line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sub {
    None,
    Distribution,
    Clearances,
    To,
    Info,
    Xmt,
}

/// The last body line fed to the open paragraph.
#[derive(Debug, Clone, Copy)]
struct LastBody {
    n: usize,
    len: usize,
    /// Length of the open paragraph's text before this line was added.
    open_before: usize,
    /// Whether the line's whole text went into the paragraph.
    whole: bool,
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<&'a str>,
    /// For a text whose line breaks were lost: the raw line (0-based) of
    /// each line of `lines`.
    origin: Option<Vec<usize>>,
    /// Reading a memorandum or Situation Room cable (the `memo` format).
    memo: bool,
    /// Blank lines between most lines.
    double_spaced: bool,
    /// The reading-room record block before `Body:`: its attributes.
    record: Option<Vec<crate::model::Attribute>>,
    record_title: Option<String>,
    /// The date line of a memo, as ISO.
    memo_date: Option<PartialDate>,
    /// The line before was a memo's addressee (MEMORANDUM FOR): another
    /// may stand under it.
    memo_to_open: bool,
    warnings: Vec<ParseWarning>,
    /// The number of the first page header seen.
    first_page_seen: Option<u32>,
    /// Body text came before any header line.
    text_before_header: bool,
    /// A classification line, FM, TO or DTG was seen.
    header_seen: bool,
    b: Builder,
    meta: Metadata,
    zone: Zone,
    sub: Sub,
    /// A blank line was seen since the last body text.
    blank_since_text: bool,
    /// A banner was seen since the last body text.
    banner_since_text: bool,
    /// The current sheet has had nothing but banners and blanks.
    sheet_fresh: bool,
    /// The previous line was a page header; its number.
    after_page_header: Option<u32>,
    /// The previous line was the header of a first page (a line count may follow).
    after_first_page: bool,
    /// E.O., TAGS or SUBJECT seen.
    fields_seen: bool,
    /// The last line was a release stamp cut before its archive number.
    stamp_open: bool,
    /// A page break came after the SUBJECT line: only a closing line can
    /// go on with it.
    subject_paged: bool,
    /// The TAGS value as typed so far (its lines joined).
    tags_text: String,
    subject: String,
    subject_lines: usize,
    /// A blank line or a page break came after the SUBJECT line: it does
    /// not continue.
    subject_broken: bool,
    last_subject_len: usize,
    refs: String,
    /// Lines in the current REF block, and the line it started on.
    ref_lines: usize,
    ref_start: usize,
    section: Option<u32>,
    width: usize,
    /// Classifications printed on banner lines, for banners glued to text.
    banner_classes: Vec<&'static str>,
    vocab: Option<Vocabulary<'a>>,
    last_body: Option<LastBody>,
    /// Lines in the open paragraph.
    para_lines: usize,
    /// The last body text, to recognise a quoted repeat ("QUOTE").
    prev_body: String,
    page_post: Option<(String, String)>,
    class_post: Option<(String, String)>,
    note_open: bool,
    /// The index of the last caption line, and of the line being read.
    last_caption: Option<usize>,
    current: usize,
    attributes_text: String,
    ended_with_nnn: bool,
}

fn norm(raw: &str) -> Cow<'_, str> {
    let t = raw.trim();
    let needs = t.contains("  ") || t.contains(|c: char| c.is_whitespace() && c != ' ');
    if needs {
        Cow::Owned(collapse_ws(t))
    } else {
        Cow::Borrowed(t)
    }
}

fn first_word_len(t: &str) -> usize {
    t.split_whitespace().next().map_or(0, str::len)
}

/// Estimates the teletype line width from the lines that look wrapped.
fn line_width(lines: &[&str]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .take_while(|l| l.trim() != "Message Attributes")
        .map(|l| l.trim().len())
        .filter(|&l| (25..=80).contains(&l))
        .collect();
    if lens.len() < 5 {
        return 69;
    }
    lens.sort_unstable();
    lens[(lens.len() * 9 / 10).min(lens.len() - 1)]
}

fn is_field(t: &str) -> bool {
    matches!(t.as_bytes().first(), Some(b'E' | b'T' | b'S' | b'R'))
        && (EO.is_match(t) || TAGS.is_match(t) || SUBJECT.is_match(t) || REF.is_match(t))
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let (lines, origin) = flat::virtual_lines(text);
        let double_spaced = header_double_spaced(&lines);
        let width = line_width(&lines);
        let mut banner_classes = Vec::new();
        for l in &lines {
            if let Some((c, _)) = banner(l.trim()) {
                if !banner_classes.contains(&c) {
                    banner_classes.push(c);
                }
            }
        }
        Parser {
            text,
            lines,
            double_spaced,
            origin,
            memo: false,
            record: None,
            record_title: None,
            memo_date: None,
            memo_to_open: false,
            warnings: Vec::new(),
            first_page_seen: None,
            text_before_header: false,
            header_seen: false,
            b: Builder::new(),
            meta: Metadata::default(),
            zone: Zone::Header,
            sub: Sub::None,
            blank_since_text: false,
            banner_since_text: false,
            sheet_fresh: true,
            after_page_header: None,
            after_first_page: false,
            fields_seen: false,
            subject_paged: false,
            stamp_open: false,
            tags_text: String::new(),
            subject: String::new(),
            subject_lines: 0,
            subject_broken: false,
            last_subject_len: 0,
            refs: String::new(),
            ref_lines: 0,
            ref_start: 0,
            section: None,
            width,
            banner_classes,
            vocab: None,
            last_body: None,
            para_lines: 0,
            prev_body: String::new(),
            page_post: None,
            class_post: None,
            note_open: false,
            last_caption: None,
            current: 0,
            attributes_text: String::new(),
            ended_with_nnn: false,
        }
    }

    fn run(mut self, id: &DocId) -> Document {
        let mut start = 0;
        if self.memo {
            if let Some(end) = memo::record_end(&self.lines) {
                self.record_block(end);
                start = end + 1;
            }
        }
        for i in start..self.lines.len() {
            self.line(i);
        }
        let origin = self.origin.clone();
        let raw: Vec<&str> = self.text.lines().collect();
        let doc = self.finish(id);
        match origin {
            Some(origin) => flat::merge(doc, &raw, &origin),
            None => doc,
        }
    }

    /// The next line after index `i` that is neither blank nor a
    /// declassification stamp.
    fn next_nonblank_raw(&self, i: usize) -> Option<&'a str> {
        self.lines[i + 1..].iter().copied().find(|l| !l.trim().is_empty() && !l.contains("Declassified/Released"))
    }

    /// The next non-blank line after index `i`, collapsed.
    fn next_nonblank(&self, i: usize) -> Option<Cow<'a, str>> {
        self.lines[i + 1..].iter().map(|l| norm(l)).find(|l| !l.is_empty())
    }

    /// Starts a new facsimile sheet unless the current one holds nothing but
    /// banners and blank lines (the banner at the top of a page comes before
    /// its PAGE header).
    fn start_sheet(&mut self) {
        if !self.sheet_fresh {
            self.b.page(None, self.section);
        }
        self.sheet_fresh = true;
    }

    fn record_classification(&mut self, class: &str, caveats: &[String]) {
        if self.meta.classification.is_none() {
            self.meta.classification = Some(class.to_string());
        }
        for c in caveats {
            if !self.meta.caveats.contains(c) {
                self.meta.caveats.push(c.clone());
            }
        }
    }

    fn set_section(&mut self, s: u32, of: u32) {
        if let Some(prev) = self.section {
            if s >= 1 && s != prev && s != prev + 1 {
                let n = self.current + 1;
                let what = if s < prev { "out of order" } else { "missing" };
                self.warn(
                    WarningKind::Sections,
                    n,
                    format!(
                        "section {s} follows section {prev}: sections {what} (the reading text joins them as found)"
                    ),
                );
            }
        }
        if s >= 1 {
            self.section = Some(s);
            self.b.set_section(s);
        }
        if of >= 1 && self.meta.sections.is_none_or(|x| x < of) {
            self.meta.sections = Some(of);
        }
    }

    fn line(&mut self, i: usize) {
        self.current = i;
        let raw = self.lines[i];
        let n = i + 1;
        let t = norm(raw);
        let t: &str = &t;
        if self.zone == Zone::Attributes && t == "Message Text" {
            // The attributes printed before the telegram: its text follows.
            self.start_sheet();
            self.b.line(n, raw, LineKind::ExportHeading);
            self.zone = Zone::Header;
            self.sub = Sub::None;
            return;
        }
        if self.zone == Zone::Attributes && !t.is_empty() {
            self.b.line(n, raw, LineKind::Attributes);
            self.attributes_text.push(' ');
            self.attributes_text.push_str(t);
            return;
        }
        if t.is_empty() {
            self.b.line(n, raw, LineKind::Blank);
            self.blank_since_text = true;
            // A blank line ends the subject, unless every line is followed
            // by one (the PlusD export of some telegrams).
            if !self.double_spaced {
                self.subject_broken = true;
            }
            self.note_open = false;
            return;
        }
        if t == "Message Attributes" {
            self.take_signature();
            self.b.end_paragraph();
            self.start_sheet();
            self.b.line(n, raw, LineKind::Attributes);
            self.sheet_fresh = false;
            self.zone = Zone::Attributes;
            return;
        }
        if let Some(kind) = self.copy_line(t) {
            self.b.line(n, raw, kind);
            return;
        }
        if std::mem::take(&mut self.stamp_open) && memo::STAMP_TAIL.is_match(t) {
            if let Some(last) = self.meta.stamps.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
            self.b.line(n, raw, LineKind::Stamp);
            return;
        }
        // "STAT": a reading-room copy's mark of withheld text, like 25X1.
        let stat = self.memo && t == "STAT";
        if stat || (t.contains("Declassified") || t.starts_with(['A', 'N', 'S', '2'])) && RELEASE_STAMP.is_match(t) {
            self.meta.stamps.push(t.to_string());
            self.stamp_open = !stat && memo::stamp_incomplete(t);
            self.b.line(n, raw, LineKind::Stamp);
            return;
        }
        if matches!(t, "Message Text" | "Show Headers" | "Hide Headers") {
            self.b.line(n, raw, LineKind::ExportHeading);
            return;
        }
        if t.contains("Declassified/Released") {
            if let Some(m) = STAMP.find(t) {
                if m.start() == 0 && m.end() == t.len() {
                    self.meta.stamps.push(m.as_str().to_string());
                    self.b.line(n, raw, LineKind::Stamp);
                    return;
                }
            }
        }
        // "PAGE 01" then "MOSCOW 30030 01 OF 02 062340Z": one header.
        if let Some(page) = self.after_page_header.take() {
            if let Some(h) = page_rest(t) {
                self.b.line(n, raw, LineKind::PageHeader);
                self.b.append_label(t);
                self.page_header_found(page, &h, t);
                return;
            }
        }
        if std::mem::take(&mut self.after_first_page) && is_count(t) {
            self.b.line(n, raw, LineKind::Routing);
            return;
        }
        // A page header cut off by the end of an excerpt: "PAGE 01 SAIG".
        let cut_header =
            i + 1 == self.lines.len() && t.starts_with("PAGE ") && t.as_bytes().get(5).is_some_and(u8::is_ascii_digit);
        if let Some(h) = page_header(t)
            .or_else(|| cut_header.then_some(PageHeader { page: 0, post: None, section: None, short: false }))
        {
            self.start_sheet();
            self.b.line(n, raw, LineKind::PageHeader);
            self.b.set_label(t.to_string());
            self.first_page_seen.get_or_insert(h.page);
            if !ends_dangling(&self.subject) {
                // A subject that was the last thing on the page may close on
                // the next one ("... SUMMARY OF DEVELOPING" / page break /
                // "COUNTRY REQUESTS" / "REF: ..."); anything else ends it.
                let open = self.zone == Zone::Field(Field::Subject)
                    && !self.subject_broken
                    && !self.subject.is_empty()
                    && !ends_sentence(&self.subject);
                if open {
                    self.subject_paged = true;
                } else {
                    self.subject_broken = true;
                }
            }
            self.sheet_fresh = false;
            self.note_open = false;
            if h.page == 1 {
                // The first page of a message or section: its header follows.
                self.zone = Zone::Header;
                self.sub = Sub::None;
            }
            if h.short {
                self.after_page_header = Some(h.page);
            }
            self.page_header_found(h.page, &h, t);
            return;
        }
        if let Some((class, caveats)) = banner(t) {
            // A memo's classification line after FM and TO opens the
            // captions: "S E C R E T SENSITIVE EYES ONLY".
            if self.memo && self.zone == Zone::Header && (self.meta.from.is_some() || !self.meta.to.is_empty()) {
                self.record_classification(class, &caveats);
                self.b.line(n, raw, LineKind::Header);
                self.zone = Zone::Captions;
                self.sub = Sub::None;
                self.header_seen = true;
                return;
            }
            // A banner before a PAGE header belongs to the new sheet.
            if self.next_nonblank(i).is_some_and(|l| page_header(&l).is_some()) {
                self.start_sheet();
            }
            self.record_classification(class, &caveats);
            self.b.line(n, raw, LineKind::Banner);
            self.banner_since_text = true;
            self.note_open = false;
            return;
        }
        // "GDS" on its own line under the last banner: the declassification
        // category, not text.
        if self.zone == Zone::Body && t.len() <= 7 && !t.contains("VIA") && is_handling_tail(t) {
            self.b.line(n, raw, LineKind::Marking);
            return;
        }
        self.sheet_fresh = false;
        if t == "NNN" || t == "NNNN" {
            self.take_signature();
            self.zone = Zone::Header;
            self.sub = Sub::None;
            self.ended_with_nnn = true;
            self.b.line(n, raw, LineKind::EndMarker);
            return;
        }
        self.ended_with_nnn = false;
        if is_control(t) || t == "BT" || is_end_serial(t) {
            self.b.line(n, raw, LineKind::Control);
            if self.zone == Zone::Header {
                self.sub = Sub::None;
            }
            return;
        }
        if t.starts_with("CORRECTED") || t.starts_with("C O R R E C T E D") {
            self.meta.corrections.push(t.to_string());
            self.b.line(n, raw, LineKind::Correction);
            return;
        }
        if t.starts_with("NOTE BY ") || self.note_open {
            let (note, banner) = self.split_trailing_banner(i, t);
            if t.starts_with("NOTE BY ") {
                self.meta.notes.push(note.to_string());
            } else if let Some(last) = self.meta.notes.last_mut() {
                last.push(' ');
                last.push_str(note);
            }
            self.note_open = !ends_sentence(note) && banner.is_none();
            self.b.line(n, raw, LineKind::Note);
            return;
        }
        let memo_kind = match self.zone {
            Zone::Header | Zone::Captions if self.memo => self.memo_line(t),
            _ => None,
        };
        if let Some(kind) = memo_kind {
            self.b.line(n, raw, kind);
            return;
        }
        let kind = match self.zone {
            // OCR noise before a memo's header fields.
            Zone::Header if self.memo => self
                .header_line(i, t)
                .or_else(|| (!self.fields_seen && memo::is_garbled(t)).then_some(LineKind::Marking)),
            Zone::Header => self.header_line(i, t),
            Zone::Captions => self.caption_line(i, t),
            Zone::Field(f) => self.field_line(i, t, f),
            Zone::Body => self.repeat_header(t),
            Zone::Attributes => None,
        };
        match kind {
            Some(kind) => self.b.line(n, raw, kind),
            None => self.body_line(i, n, raw, t),
        }
    }

    fn finish(mut self, doc_id: &DocId) -> Document {
        let id = doc_id.as_str();
        if self.banner_since_text || self.ended_with_nnn {
            self.take_signature();
        }
        self.meta.truncated =
            self.zone == Zone::Body && !self.banner_since_text && self.b.open_text().is_some_and(|t| !ends_sentence(t));
        self.b.end_paragraph();
        let mut meta = std::mem::take(&mut self.meta);
        meta.attributes = parse_attributes(&self.attributes_text);
        // A reading-room record: its number, classification and date.
        let mut record_date = None;
        if let Some(record) = self.record.take() {
            for a in &record {
                match a.key.as_str() {
                    "Document Number (FOIA) /ESDN (CREST)" if !a.value.is_empty() => {
                        meta.document_number = Some(a.value.clone())
                    }
                    "Original Classification" if meta.classification.is_none() => {
                        meta.classification = memo::record_class(&a.value).map(str::to_string)
                    }
                    "Publication Date" => record_date = memo::record_date(&a.value),
                    _ => {}
                }
            }
            meta.attributes.splice(0..0, record);
        }
        let mut subject = collapse_ws(&self.subject);
        for a in &meta.attributes {
            let v = a.value.as_str();
            let usable = !v.is_empty() && !v.eq_ignore_ascii_case("n/a");
            match a.key.as_str() {
                "Concepts" => {
                    meta.concepts = v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
                }
                "Document Number" | "Canonical ID" if usable && meta.document_number.is_none() => {
                    meta.document_number = Some(v.split('_').next().unwrap_or(v).to_string())
                }
                "TAGS" if meta.tags.is_empty() => meta.tags = parse_tags(v),
                "Subject" if subject.is_empty() && usable => subject = v.to_string(),
                "From" if meta.from.is_none() && usable => meta.from = Some(v.to_string()),
                "Original Classification" if meta.classification.is_none() && usable => {
                    meta.classification = Some(v.to_string())
                }
                _ => {}
            }
        }
        // "... ASIAN TOPICS CONFIDENTIAL": a banner glued to the subject.
        if let Some(c) = TRAILING_BANNER.captures(&subject) {
            let keep = c.get(1).map_or("", |m| m.as_str()).trim();
            if !keep.is_empty() && self.banner_classes.contains(&c.get(3).map_or("", |m| m.as_str())) {
                subject = keep.to_string();
            }
        }
        let subject = strip_subject_marking(&subject);
        if !subject.is_empty() {
            meta.subject = Some(subject.clone());
        }
        // The date as typed in the text first; then the archive record's.
        let in_text = meta.dtg_iso.as_ref().and_then(|d| d.get(..10)).and_then(PartialDate::read).or(self.memo_date);
        let from_record = in_text.is_none();
        let date = in_text
            .or_else(|| meta.attributes.iter().find(|a| a.key == "Draft Date").and_then(|a| attribute_date(&a.value)))
            .or(record_date);
        let year: Option<u32> = date.map(|d| d.year().into());
        meta.references = parse_references(&self.refs, year);
        if meta.document_number.is_none() {
            if let Some(y) = year {
                meta.document_number = match (&self.page_post, &self.class_post) {
                    (Some((post, num)), _) => {
                        let code: String = post.chars().filter(|c| !c.is_whitespace()).collect();
                        Some(format!("{y}{code}{num}"))
                    }
                    (None, Some((post, num))) => document_number(y, post, num),
                    _ => None,
                };
            }
        }
        // The file stem names the telegram ("1973SAIGON19561") when the text
        // has no date to build the number from: use it if the page header
        // agrees.
        if meta.document_number.is_none() && is_document_number(id) {
            let agrees = match (&self.page_post, &self.class_post) {
                (Some((post, num)), _) => {
                    let code: String = post.chars().filter(|c| !c.is_whitespace()).collect();
                    id.get(4..).is_some_and(|rest| rest == format!("{code}{num}"))
                }
                (None, Some((_, num))) => {
                    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                    id[id.len() - digits..].parse::<u64>().ok() == num.parse::<u64>().ok()
                }
                (None, None) => false,
            };
            if agrees {
                meta.document_number = Some(id.to_string());
            }
        }
        self.memo_number(&mut meta);
        self.end_warnings(&meta);
        let title = if subject.is_empty() { self.record_title.clone().unwrap_or_default() } else { subject };
        let format = if self.memo { FormatName::Memo } else { FormatName::Cable };
        let mut doc = self.b.finish(doc_id, format, title, date, meta);
        if from_record && doc.date.is_some() {
            doc.date_basis = Some(crate::model::DateBasis::Record);
        }
        doc.warnings = std::mem::take(&mut self.warnings);
        if doc.title.is_empty() {
            doc.title = doc.paragraphs.first().map(|p| title_from_text(&p.text, 12)).unwrap_or_else(|| id.to_string());
        }
        doc
    }
}
