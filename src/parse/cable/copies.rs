//! The furniture of the copies telegrams come in, which is not the
//! telegram's own: the web page it was copied from (PlusD navigation lines,
//! the page's record table "Canonical ID: ...", "Original Classification:
//! ..."), and on a scan the printed form ("Department of State TELEGRAM",
//! "INCOMING TELEGRAM") and the archive's stamps ("DECLASSIFIED" /
//! "Authority NND 969000" / "By JW NARA Date 3/5/02", "E.O. 12958, SEC.
//! 3.5", "GERALD R. FORD LIBRARY"). The OCR misreadings of a scan's page
//! header and classification are repaired in `ocr.rs`.
//!
//! Web-page lines are recognised only where the telegram's header is read
//! (before it, and after NNN), stamps and form headings anywhere.

use std::sync::LazyLock;

use regex::Regex;

use super::attributes::{parse_attributes, ATTRIBUTE_KEY, ATTRIBUTE_KEYS};
use super::memo::DATE_LINE;
use super::{norm, Parser, Zone};
use crate::base::pattern::re;
use crate::model::{Attribute, LineKind};

impl Parser<'_> {
    /// A line of the copy, not of the telegram: an archive's stamp or the
    /// printed form anywhere; where the header is read, a web page's
    /// navigation line, its record table (into the attributes) or a line
    /// of scan noise.
    pub(super) fn copy_line(&mut self, t: &str) -> Option<LineKind> {
        if is_archive_stamp(t) {
            self.meta.stamps.push(t.to_string());
            return Some(LineKind::Stamp);
        }
        // "E.O. 12958, as amended" / "June 20, 2005": the date of a stamp
        // on the line under it, before the telegram's header.
        if self.zone == Zone::Header
            && !self.header_seen
            && self.current > 0
            && DATE_LINE.is_match(t)
            && is_archive_stamp(&norm(self.lines[self.current - 1]))
        {
            if let Some(last) = self.meta.stamps.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
            return Some(LineKind::Stamp);
        }
        if is_form_heading(t) {
            return Some(LineKind::Banner);
        }
        if self.zone != Zone::Header {
            return None;
        }
        if is_navigation(t) {
            return Some(LineKind::ExportHeading);
        }
        if is_noise(t) {
            return Some(LineKind::Control);
        }
        if let Some(kind) = self.sitroom_routing(t) {
            return Some(kind);
        }
        if self.letterhead(self.current, t) {
            self.push_caption(t);
            return Some(LineKind::Caption);
        }
        if !self.header_seen && !self.fields_seen {
            if let Some(mut a) = page_attribute(t) {
                // "Date: 1974 October 17 ... Canonical ID: 1974MOSCOW15802_b":
                // the page's rows can run several to a line.
                let more = match ATTRIBUTE_KEY.find(&a.value) {
                    Some(m) => {
                        let rest = parse_attributes(&a.value[m.start()..]);
                        a.value = a.value[..m.start()].trim().to_string();
                        rest
                    }
                    None => Vec::new(),
                };
                let record = self.record.get_or_insert_with(Vec::new);
                record.push(a);
                record.extend(more);
                return Some(LineKind::Attributes);
            }
        }
        None
    }
}

/// Navigation and action lines of the web pages telegrams are copied
/// from (WikiLeaks PlusD and Cablegate).
const NAVIGATION: &[&str] = &[
    "PUBLIC LIBRARY OF US DIPLOMACY",
    "Public Library of US Diplomacy",
    "Press release About PlusD",
    "PRESS RELEASE ABOUT PLUSD",
    "About PlusD",
    "Specified Search",
    "Browse by creation date",
    "Browse by origin",
    "Browse by tag",
    "Browse by classification",
    "Browse by handling restriction",
    "Browse by type",
    "Browse by office",
    "Browse by",
    "Raw content",
    "Content",
    "Metadata",
    "Print",
    "Share",
    "Cite",
    "Tweet",
    "Submit this story",
    "Expand",
    "Collapse",
    "Understanding cables",
    "Discussing cables",
    "Wikileaks logo",
    "WikiLeaks logo",
    "WikiLeaks",
    "Wikileaks",
];

/// A navigation line of a web page: one item, or several run together
/// ("About PlusD | Browse by origin | Specified Search", "Print Share
/// Cite").
pub(super) fn is_navigation(t: &str) -> bool {
    let item =
        |x: &str| x.len() <= 40 && x.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) && NAVIGATION.contains(&x);
    if item(t) {
        return true;
    }
    if !t.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) || t.len() > 300 {
        return false;
    }
    if t.contains('|') {
        return t.split('|').map(str::trim).filter(|x| !x.is_empty()).all(item);
    }
    // Single-word items side by side: every word one.
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() >= 2 && words.iter().all(|w| item(w))
}

/// A row of the PlusD page's record table, one "Key: value" a line, the
/// key in title case as the page prints it ("Canonical ID: 1976ATHENS02214_b",
/// "TAGS: PFOR - Foreign Policy and Relations | GR - Greece"); None for the
/// telegram's own fields ("TAGS: PFOR, GR", "SUBJECT: ...").
pub(super) fn page_attribute(t: &str) -> Option<Attribute> {
    let (key, value) = t.split_once(':')?;
    let key = key.trim_end();
    let value = value.trim();
    let known = matches!(key, "Identifier" | "Date") || ATTRIBUTE_KEYS.contains(&key);
    if !known {
        return None;
    }
    // The telegram's own TAGS line lists codes; the page's names them.
    let titled = key.chars().any(|c| c.is_ascii_lowercase()) || value.contains(" - ") || value.contains(" | ");
    titled.then(|| Attribute { key: key.to_string(), value: value.to_string() })
}

/// The printed telegram form of a scan: "Department of State TELEGRAM",
/// "INCOMING TELEGRAM", "OUTGOING TELEGRAM".
pub(super) fn is_form_heading(t: &str) -> bool {
    static FORM: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?i:(?:Department\s+of\s+State(?:\s+(?:INCOMING|OUTGOING|ACTION))?\s+TELEGRAM|(?:INCOMING|OUTGOING)\s+TELEGRAM|Department\s+of\s+State))$",
        )
    });
    (t.ends_with("TELEGRAM") || t.eq_ignore_ascii_case("Department of State")) && t.len() <= 50 && FORM.is_match(t)
}

/// A declassification stamp of an archive or library on a scan, one line
/// of it: "DECLASSIFIED", "Authority NND 969000", "By JW NARA Date 3/5/02",
/// "E.O. 12958, SEC. 3.5", "NSC MEMO, 11/24/98, STATE DEPT. GUIDELINES",
/// "BY LR NARA, DATE 6/2/03", "GERALD R. FORD LIBRARY".
pub(super) fn is_archive_stamp(t: &str) -> bool {
    static STAMP: LazyLock<Regex> = LazyLock::new(|| {
        re(concat!(
            r"^(?:DECLASSIFIED|Declassified)$",
            r"|^(?i:Authority)\s+(?:NND|NLF|NLC|NLN|NLJ|NLE|MR|E\.?O\.?)\b.{0,60}$",
            r"|^(?i:By)\s+\S{1,12}\s+(?i:NARA),?\s+(?i:Date)\b.{0,20}$",
            r"|^E\.\s?O\.\s?(?:12958|12356|13292|13526),?\s+(?:(?i:SEC)\.?\s*\d|(?i:as\s+amended)).{0,40}$",
            r"|^PA/HO,?\s+(?i:Department\s+of\s+State)$",
            r"|^(?:MR|NLF|NLC|NLJ|NLN|NLE)\s+\d{2,4}-\d{1,4}\b.{0,60}$",
            r"|^[A-Z]{2,5}\s+MEMO,\s+\d{1,2}/\d{1,2}/\d{2,4},\s+STATE\s+DEPT\.?\s+GUIDELINES.{0,20}$",
            r"|^(?:GERALD\s+R\.\s+FORD|JIMMY\s+CARTER|LYNDON\s+B\.\s+JOHNSON|RICHARD\s+NIXON|NIXON)\s+(?:PRESIDENTIAL\s+)?(?:LIBRARY|MATERIALS)$",
        ))
    });
    let likely = t.starts_with("DECLASSIFIED")
        || t.starts_with("Declassified")
        || t.starts_with(['A', 'a', 'B', 'b'])
        || t.starts_with("E.")
        || t.starts_with("PA/HO")
        || t.starts_with(['M', 'N'])
        || t.contains(" MEMO, ")
        || t.ends_with("LIBRARY")
        || t.ends_with("MATERIALS");
    likely && t.len() <= 90 && STAMP.is_match(t)
}

/// A line of nothing but symbols ("~~~", "* * *"): scan noise.
pub(super) fn is_noise(t: &str) -> bool {
    !t.is_empty() && !t.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_page_lines() {
        assert!(is_navigation("Browse by origin"));
        assert!(!is_navigation("PRINT THE TEXT"));
        assert!(is_navigation("About PlusD | Browse by creation date | Browse by tag | Specified Search"));
        assert!(is_navigation("Print Share Cite"));
        assert!(!is_navigation("Print | the text"));
        assert!(!is_navigation("Share Cite the cable"));
        let a = page_attribute("Canonical ID: 1976ATHENS02214_b").unwrap();
        assert_eq!((a.key.as_str(), a.value.as_str()), ("Canonical ID", "1976ATHENS02214_b"));
        assert!(page_attribute("TAGS: PFOR - Foreign Policy and Relations | GR - Greece").is_some());
        assert!(page_attribute("TAGS: PFOR, GR, TU").is_none());
        assert!(page_attribute("SUBJECT: GREEK VIEWS").is_none());
        assert!(page_attribute("NOTE: A LINE").is_none());
    }

    #[test]
    fn scan_lines() {
        for s in ["DECLASSIFIED", "Authority NND 969000", "By JW NARA Date 3/5/02", "E.O. 12958, SEC. 3.5"] {
            assert!(is_archive_stamp(s), "{s}");
        }
        assert!(is_archive_stamp("NSC MEMO, 11/24/98, STATE DEPT. GUIDELINES"));
        assert!(is_archive_stamp("BY LR NARA, DATE 6/2/03"));
        assert!(is_archive_stamp("GERALD R. FORD LIBRARY"));
        assert!(is_archive_stamp("PA/HO, Department of State"));
        assert!(is_archive_stamp("E.O. 12958, as amended"));
        assert!(is_archive_stamp("MR 04-12, #3; State ltr. 6/2/04"));
        assert!(!is_archive_stamp("MR. SMITH SAID"));
        assert!(!is_archive_stamp("E.O. 11652: GDS"));
        assert!(!is_archive_stamp("BY THE MINISTER, DATE OF THE VISIT"));
        assert!(is_form_heading("Department of State TELEGRAM"));
        assert!(is_form_heading("INCOMING TELEGRAM"));
        assert!(!is_form_heading("THE DEPARTMENT OF STATE TELEGRAM OF MAY 3"));
        assert!(is_noise("~~~") && !is_noise("1."));
    }
}
