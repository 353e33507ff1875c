//! The head of a memorandum or White House Situation Room cable (the
//! `memo` format) around its fields: the letterhead above them ("THE WHITE
//! HOUSE" / "SITUATION ROOM", "NATIONAL SECURITY COUNCIL", "ACTION"), the
//! Situation Room's routing line ("DE WTE #1128 1441205") and end serial
//! ("#1128" before "NNNN"), and the document's number when no record block
//! gives it: the archive number a release stamp names ("No Objection to
//! Declassification in Part 2011/10/27 : LOC-HAK-212-4-18-7"), else the
//! cable's series slug ("FM THE SITUATION ROOM //TOHAK 123//").

use super::furniture::{banner, class_line, dtg, leading_class, page_header, unspace};
use super::memo::{self, DATE_LINE, DE_LINE, MEMO_FIELD, MEMO_FOR, SLUG};
use super::{norm, Parser, Sub};
use crate::model::{LineKind, Metadata};

/// The archive number a release stamp names after its date: "Approved For
/// Release 2004/08/31 : CIA-RDP79T00975A027400010002-6" → the number.
fn stamp_number(stamp: &str) -> Option<&str> {
    let approved = stamp.contains("Approved For Release") || stamp.contains("Approved for Release");
    if !(approved || stamp.starts_with("No Objection to Declassification")) {
        return None;
    }
    let (_, id) = stamp.split_once(" : ").or_else(|| stamp.split_once(": "))?;
    let id = id.trim();
    let ok = id.len() >= 8
        && id.contains('-')
        && id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(id)
}

/// A short line of capitals: a letterhead or handling word, not a sentence.
fn heading_like(t: &str) -> bool {
    t.len() <= 40
        && t.split_whitespace().count() <= 5
        && t.chars().all(|c| c.is_ascii_uppercase() || matches!(c, ' ' | '/' | '-' | '&' | '\''))
        && !t.ends_with(['.', ':', ','])
}

impl Parser<'_> {
    /// A letterhead line above a memo's or cable's header: a short line of
    /// capitals at the top, with a banner, page header, FM line, DTG,
    /// MEMORANDUM FOR, routing or date line within the next three lines.
    pub(super) fn letterhead(&self, i: usize, t: &str) -> bool {
        // Only at the top: before any routing, page header or field.
        let top = self.sub == Sub::None && self.first_page_seen.is_none() && self.meta.action.is_none();
        if !top || self.header_seen || self.fields_seen || self.text_before_header || !heading_like(t) {
            return false;
        }
        // The header's own lines are read as such.
        if banner(t).is_some() || class_line(t).is_some() || MEMO_FOR.is_match(t) || t == "BT" {
            return false;
        }
        self.lines[i + 1..].iter().map(|l| norm(l)).filter(|l| !l.is_empty()).take(3).any(|l| {
            banner(&l).is_some()
                || class_line(&l).is_some()
                || page_header(&l).is_some()
                || l.starts_with("FM ")
                || dtg(&l).is_some()
                || MEMO_FOR.is_match(&l)
                || DATE_LINE.is_match(&l)
                || DE_LINE.is_match(&l)
        })
    }

    /// The document number of a memo without a record block: the number a
    /// release stamp names, else the series slug of the FM line.
    pub(super) fn memo_number(&self, meta: &mut Metadata) {
        if !self.memo || meta.document_number.is_some() {
            return;
        }
        meta.document_number = meta
            .stamps
            .iter()
            .find_map(|s| stamp_number(s))
            .or_else(|| meta.captions.iter().map(String::as_str).find(|c| SLUG.is_match(c)))
            .map(str::to_string);
    }

    /// The record block of a reading-room copy (lines up to `Body:`): the
    /// title line, then labels and values, into the attributes.
    pub(super) fn record_block(&mut self, end: usize) {
        let mut title_done = false;
        for i in 0..=end {
            let raw = self.lines[i];
            let t = norm(raw);
            if t.is_empty() {
                self.b.line(i + 1, raw, LineKind::Blank);
            } else if !title_done && memo::record_key(&t).is_none() {
                title_done = true;
                self.record_title = Some(t.to_string());
                self.b.line(i + 1, raw, LineKind::Headline);
            } else {
                title_done = true;
                self.b.line(i + 1, raw, LineKind::Attributes);
            }
        }
        self.record = Some(memo::record_attributes(&self.lines[..=end]));
        self.sheet_fresh = false;
    }

    /// The lines of a memorandum's or Situation Room cable's header: FROM,
    /// TO, MEMORANDUM FOR, the date line, transmission serials, OCR noise.
    pub(super) fn memo_line(&mut self, t: &str) -> Option<LineKind> {
        let after_to = std::mem::take(&mut self.memo_to_open);
        if let Some(c) = MEMO_FOR.captures(t) {
            if self.meta.to.is_empty() {
                self.meta.to.push(c[1].trim().to_string());
                self.memo_to_open = true;
            } else {
                self.push_caption(t);
            }
            self.fields_seen = true;
            return Some(LineKind::Header);
        }
        // "MEMORANDUM FOR: THE SECRETARY OF STATE" / (indented) "THE
        // SECRETARY OF DEFENSE": one addressee a line, under the first.
        if after_to && memo::addressee_below(self.lines[self.current], t) {
            self.meta.to.push(t.to_string());
            self.memo_to_open = true;
            return Some(LineKind::Header);
        }
        // "CONFIDENTIAL    April 2, 1976": the classification and the date
        // on one line.
        if !self.fields_seen {
            let u = unspace(t);
            if let Some((class, rest)) = leading_class(&u) {
                if let Some(date) = DATE_LINE.is_match(rest).then(|| memo::date_line_iso(rest)).flatten() {
                    self.record_classification(class, &[]);
                    self.memo_date.get_or_insert(date);
                    return Some(LineKind::Header);
                }
            }
        }
        if let Some(c) = MEMO_FIELD.captures(t) {
            let v = c[2].trim().to_string();
            match &c[1] {
                "FROM" if self.meta.from.is_none() => self.meta.from = Some(v),
                "TO" if self.meta.to.is_empty() => self.meta.to.push(v),
                _ => self.push_caption(t),
            }
            self.fields_seen = true;
            return Some(LineKind::Header);
        }
        if DATE_LINE.is_match(t) {
            if self.memo_date.is_none() {
                self.memo_date = memo::date_line_iso(t);
            }
            return Some(LineKind::Header);
        }
        if memo::is_serial(t) {
            return Some(LineKind::Control);
        }
        None
    }

    /// The Situation Room's routing line in the header.
    pub(super) fn sitroom_routing(&self, t: &str) -> Option<LineKind> {
        (t.starts_with("DE ") && DE_LINE.is_match(t)).then_some(LineKind::Routing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_head_lines() {
        assert_eq!(
            stamp_number("No Objection to Declassification in Part 2011/10/27 : LOC-HAK-212-4-18-7"),
            Some("LOC-HAK-212-4-18-7")
        );
        assert_eq!(stamp_number("Approved For Release 2006/02/01 : CIA-RDP80BO1495RQW 2 01 01 3"), None);
        assert!(heading_like("THE WHITE HOUSE") && !heading_like("1. THE PRESIDENT."));
    }
}
