//! The bookkeeping shared by all formats: [`Builder`] records every raw
//! line on its facsimile page and reflows the words a format marks as text
//! into reading paragraphs that point back at their lines, rejoining words
//! cut at line and page breaks ([`Vocabulary`] tells a split word from a
//! compound).

use std::collections::HashSet;

use crate::base::text::collapse_ws;
use crate::model::{DocId, Document, FormatName, Line, LineKind, Metadata, Page, Paragraph, Removed};

/// How a text fragment joins the paragraph text before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Join {
    /// With a space (a reflowed line break).
    Space,
    /// Directly: the previous fragment ended in the middle of a word.
    Glued,
}

struct OpenParagraph {
    text: String,
    page: usize,
    lines: Vec<usize>,
    next_join: Join,
    marking: Option<String>,
}

/// Collects facsimile pages and reading paragraphs while a format walks the
/// raw lines.
#[derive(Default)]
pub(crate) struct Builder {
    pages: Vec<Page>,
    paragraphs: Vec<Paragraph>,
    open: Option<OpenParagraph>,
}

impl Builder {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Starts a new facsimile sheet.
    pub(crate) fn page(&mut self, label: Option<String>, section: Option<u32>) {
        let number = self.pages.len() + 1;
        self.pages.push(Page { number, label, section, lines: Vec::new() });
    }

    /// Sets the header label of the current sheet.
    pub(crate) fn set_label(&mut self, label: String) {
        if self.pages.is_empty() {
            self.page(None, None);
        }
        if let Some(p) = self.pages.last_mut() {
            p.label = Some(label);
        }
    }

    /// Adds the second line of a page header split over two lines.
    pub(crate) fn append_label(&mut self, more: &str) {
        if let Some(p) = self.pages.last_mut() {
            let label = p.label.get_or_insert_with(String::new);
            if !label.is_empty() {
                label.push(' ');
            }
            label.push_str(more);
        }
    }

    /// Sets the section of the current sheet.
    pub(crate) fn set_section(&mut self, section: u32) {
        if let Some(p) = self.pages.last_mut() {
            p.section = Some(section);
        }
    }

    /// The current sheet number (1 when none was started).
    pub(crate) fn page_number(&self) -> usize {
        self.pages.len().max(1)
    }

    /// Records a raw line on the current sheet.
    pub(crate) fn line(&mut self, n: usize, text: &str, kind: LineKind) {
        if self.pages.is_empty() {
            self.page(None, None);
        }
        let page = self.pages.last_mut().expect("a page exists");
        page.lines.push(Line { n, text: text.to_string(), kind, paragraph: None, removed: Vec::new(), editor: None });
    }

    fn line_mut(&mut self, n: usize) -> Option<&mut Line> {
        self.pages.iter_mut().rev().flat_map(|p| p.lines.iter_mut().rev()).find(|l| l.n == n)
    }

    /// Records that part of raw line `n` was kept out of the reading text.
    pub(crate) fn removed(&mut self, n: usize, text: &str, kind: LineKind) {
        let text = collapse_ws(text);
        if text.is_empty() {
            return;
        }
        if let Some(l) = self.line_mut(n) {
            l.removed.push(Removed { text, kind });
        }
    }

    /// Changes the kind of raw line `n` (recorded earlier).
    pub(crate) fn set_kind(&mut self, n: usize, kind: LineKind) {
        if let Some(l) = self.line_mut(n) {
            l.kind = kind;
        }
    }

    /// Sets the classification marking of the open paragraph.
    pub(crate) fn set_marking(&mut self, marking: String) {
        if let Some(open) = &mut self.open {
            open.marking.get_or_insert(marking);
        }
    }

    /// Takes raw line `n` out of the open paragraph's sources.
    pub(crate) fn unlink_line(&mut self, n: usize) {
        if let Some(open) = &mut self.open {
            open.lines.retain(|&l| l != n);
        }
    }

    /// The word before a hyphen that ends the open paragraph ("GOVERN" for
    /// "... GOVERN-"), when the next fragment would be glued to it.
    pub(crate) fn open_hyphen_word(&self) -> Option<&str> {
        let open = self.open.as_ref()?;
        if open.next_join == Join::Glued || !ends_with_line_hyphen(&open.text) {
            return None;
        }
        let body = &open.text[..open.text.len() - 1];
        Some(body.rsplit([' ', '-', '/']).next().unwrap_or(body))
    }

    /// Removes the hyphen ending the open paragraph and glues the next
    /// fragment to the word ("GOVERN-" + "ING" = "GOVERNING").
    pub(crate) fn drop_line_hyphen(&mut self) {
        if let Some(open) = &mut self.open {
            if open.text.ends_with('-') {
                open.text.pop();
                open.next_join = Join::Glued;
            }
        }
    }

    /// Appends words from raw line `n` to the open paragraph, opening one if
    /// needed. Whitespace inside the fragment is collapsed.
    pub(crate) fn text(&mut self, n: usize, fragment: &str) {
        let fragment = collapse_ws(fragment);
        if fragment.is_empty() {
            return;
        }
        let page = self.page_number();
        let open = self.open.get_or_insert_with(|| OpenParagraph {
            text: String::new(),
            page,
            lines: Vec::new(),
            next_join: Join::Space,
            marking: None,
        });
        if !open.text.is_empty() && open.next_join == Join::Space && !ends_with_line_hyphen(&open.text) {
            open.text.push(' ');
        }
        open.text.push_str(&fragment);
        open.next_join = Join::Space;
        if open.lines.last() != Some(&n) {
            open.lines.push(n);
        }
    }

    /// The next fragment continues the last word (a word split by a page break).
    pub(crate) fn glue_next(&mut self) {
        if let Some(open) = &mut self.open {
            open.next_join = Join::Glued;
        }
    }

    /// Whether a paragraph is open.
    pub(crate) fn in_paragraph(&self) -> bool {
        self.open.is_some()
    }

    /// The text of the open paragraph so far.
    pub(crate) fn open_text(&self) -> Option<&str> {
        self.open.as_ref().map(|o| o.text.as_str())
    }

    /// Closes the open paragraph, if any.
    pub(crate) fn end_paragraph(&mut self) {
        if let Some(open) = self.open.take() {
            let text = open.text.trim().to_string();
            if !text.is_empty() {
                let n = self.paragraphs.len() + 1;
                self.paragraphs.push(Paragraph {
                    n,
                    text,
                    page: open.page,
                    lines: open.lines,
                    marking: open.marking,
                    label: None,
                    anchor: None,
                });
            }
        }
    }

    /// Removes the last `len` bytes of the open paragraph's text (used to take
    /// a signature out of the reading text).
    pub(crate) fn truncate_open(&mut self, new_len: usize) {
        if let Some(open) = &mut self.open {
            open.text.truncate(new_len);
            let t = open.text.trim_end().len();
            open.text.truncate(t);
        }
    }

    /// Finishes the document: links every line to its paragraph.
    pub(crate) fn finish(
        mut self,
        id: &DocId,
        format: FormatName,
        title: String,
        date: Option<crate::model::PartialDate>,
        metadata: Metadata,
    ) -> Document {
        self.end_paragraph();
        let mut owner = std::collections::HashMap::new();
        for p in &self.paragraphs {
            for &l in &p.lines {
                owner.entry(l).or_insert(p.n);
            }
        }
        for page in &mut self.pages {
            for line in &mut page.lines {
                line.paragraph = owner.get(&line.n).copied();
            }
        }
        if self.pages.is_empty() {
            self.page(None, None);
        }
        Document {
            id: id.clone(),
            format,
            title,
            date_basis: date.as_ref().map(|_| crate::model::DateBasis::Text),
            date,
            date_note: None,
            source: None,
            metadata,
            pages: self.pages,
            paragraphs: self.paragraphs,
            warnings: Vec::new(),
            interventions: Vec::new(),
            excerpt: None,
        }
    }
}

/// The words of a document, to decide whether a hyphen at a line end is
/// part of a compound ("SINO-SOVIET") or only breaks a word ("GOVERN-ING").
/// Borrowed from the text: no allocation per word.
pub(crate) struct Vocabulary<'a> {
    words: HashSet<&'a str>,
}

impl<'a> Vocabulary<'a> {
    /// Every word of `text` that is whole: not broken by a hyphen at a
    /// line end, nor the rest of such a word at the start of the next line.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut words = HashSet::new();
        let mut prev_hyphen = false;
        for line in text.lines() {
            let line = line.trim_end();
            let mut toks = line.split_whitespace().peekable();
            let mut first = true;
            while let Some(w) = toks.next() {
                let last = toks.peek().is_none();
                let skip = (first && prev_hyphen) || (last && w.ends_with('-'));
                first = false;
                if skip {
                    continue;
                }
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').trim_end_matches('-');
                if !w.is_empty() {
                    words.insert(w);
                }
            }
            if !line.trim().is_empty() {
                prev_hyphen = line.ends_with('-');
            }
        }
        Vocabulary { words }
    }

    fn has(&self, w: &str) -> bool {
        self.words.contains(w)
    }

    /// Whether the hyphen between `left` (the word before a line-end
    /// hyphen) and `right` (the first word of the next line) is kept.
    pub(crate) fn keep_hyphen(&self, left: &str, right: &str) -> bool {
        let right = right.trim_end_matches(|c: char| !c.is_alphanumeric());
        let right = right.split('-').next().unwrap_or(right);
        if left.is_empty() || right.is_empty() {
            return true;
        }
        // Figures and codes keep it: "F-5S", "FY-80".
        if left.ends_with(|c: char| c.is_ascii_digit()) || right.starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
        let compound = format!("{left}-{right}");
        if self.has(&compound) {
            return true;
        }
        let joined = format!("{left}{right}");
        if self.has(&joined) {
            return false;
        }
        if right.starts_with(char::is_lowercase) {
            return false;
        }
        let up = left.to_ascii_uppercase();
        if COMPOUND_FIRST.contains(&up.as_str()) {
            return true;
        }
        // Two words each found on their own elsewhere: "WHOLE-HEARTED".
        if left.chars().count() >= 3 && right.chars().count() >= 3 && self.has(left) && self.has(right) {
            return true;
        }
        // A whole word before the hyphen ("SOCIALIST-" / "COMMUNIST", found
        // as SOCIALISTS elsewhere), and after it no ending of a broken word
        // ("-ATION", "-MENT"): a compound, never glued into one word.
        let whole_left = self.has(left) || self.has(&format!("{left}S")) || self.has(&format!("{left}ES"));
        whole_left && left.len() >= 4 && right.len() >= 4 && !WORD_ENDINGS.iter().any(|e| right.starts_with(e))
    }
}

/// First parts of compounds that telegrams break at the hyphen.
const COMPOUND_FIRST: &[&str] = &[
    "SINO", "ANTI", "NON", "SELF", "HIGH", "LOW", "LONG", "SHORT", "WELL", "SOVIET", "US", "EAST", "WEST", "NORTH",
    "SOUTH", "ARAB", "AFRO", "EURO", "FULL", "HALF", "TOP", "VICE", "CO", "ISRAELI", "EGYPTIAN", "FRENCH", "GERMAN",
    "JAPANESE", "CHINESE", "SAUDI", "SYRIAN", "SOUTH", "FOLLOW", "SET", "LEFT", "RIGHT", "RADIO", "MULTI", "CROSS",
    "COUNTER", "SEMI", "ALL", "NEO", "PAN", "ULTRA", "QUASI", "PSEUDO", "MID", "SECOND", "THIRD", "ONE", "TWO",
    "THREE", "FOUR", "FIVE",
];

/// How the second part of a word broken at a line end typically starts.
const WORD_ENDINGS: &[&str] = &[
    "TION", "SION", "MENT", "ING", "ITY", "ANCE", "ENCE", "ABLE", "IBLE", "ICAL", "ALLY", "IVE", "IAL", "IOUS", "OUS",
    "ATE", "ATED", "ERS", "ED", "ES", "LY", "NESS", "SHIP", "URE", "ICS", "IST", "ISM", "IZE", "ISE", "ARY", "ORY",
];

fn ends_with_line_hyphen(text: &str) -> bool {
    // "SINO-" at a line end joins "SOVIET" without a space.
    let mut chars = text.chars().rev();
    chars.next() == Some('-') && chars.next().is_some_and(|c| c.is_alphabetic())
}

/// A title from the first words of a text, for documents without one.
pub(crate) fn title_from_text(text: &str, max_words: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(max_words + 1).collect();
    if words.len() > max_words {
        format!("{} …", words[..max_words].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_joins_split_words_and_records_lines() {
        let mut b = Builder::new();
        b.line(1, "WERE THE STATE", LineKind::Text);
        b.text(1, "WERE THE STATE");
        b.glue_next();
        b.page(Some("PAGE 02".into()), None);
        b.line(2, "MENTS OF PEOPLE", LineKind::Text);
        b.text(2, "MENTS OF PEOPLE");
        let d = b.finish(&DocId::any("x"), FormatName::Plain, String::new(), None, Metadata::default());
        assert_eq!(d.paragraphs[0].text, "WERE THE STATEMENTS OF PEOPLE");
        assert_eq!(d.paragraphs[0].lines, vec![1, 2]);
        assert_eq!(d.pages[1].lines[0].paragraph, Some(1));
    }
}
