//! The `memo` format: US government documents that are not State
//! Department telegrams but read like them: memoranda (`MEMORANDUM FOR`,
//! `FROM:`, `SUBJECT:`), White House Situation Room cables (`FM THE
//! SITUATION ROOM`, `O 241200Z MAY 74 ZFF-1`, `TOHAK 310`), and records of
//! an intelligence agency's reading room (CIA CREST) with their record
//! block (`Document Number (FOIA) /ESDN (CREST):`, `Publication Date:`, an
//! attachment table, then `Body:`) and release stamps (`Approved For
//! Release 2006/02/01 : CIA-RDP...`, `No Objection to Declassification in
//! Part ...`, `25X1`).
//!
//! The telegram machinery of `cable/` reads them, with the memo fields
//! and the record block added (the cable parser in memo mode, `Memo` in `cable/mod.rs`); this
//! file holds the recognisers.

use std::sync::LazyLock;

use regex::Regex;

use super::furniture::{month_number, re};
use crate::base::text::collapse_ws;
use crate::model::{Attribute, PartialDate};

/// The field labels of a CIA reading-room (CREST) record.
pub(super) const RECORD_KEYS: &[&str] = &[
    "Document Type",
    "Collection",
    "Document Number (FOIA) /ESDN (CREST)",
    "Release Decision",
    "Original Classification",
    "Document Page Count",
    "Document Creation Date",
    "Document Release Date",
    "Sequence Number",
    "Case Number",
    "Publication Date",
    "Content Type",
    "File",
    "Body",
];

/// Where the record block of a reading-room copy ends: the index of its
/// `Body:` line, when the text starts with such a block (a title line, then
/// labels from [`RECORD_KEYS`]).
pub(super) fn record_end(lines: &[&str]) -> Option<usize> {
    let mut keys = 0;
    for (i, l) in lines.iter().enumerate().take(80) {
        let t = l.trim();
        if let Some(k) = record_key(t) {
            keys += 1;
            if k == "Body" {
                return (keys >= 4).then_some(i);
            }
        }
    }
    None
}

/// The label of a record line ("Publication Date:" → "Publication Date"),
/// also with its value on the same line ("Publication Date: June 14, 1975").
pub(super) fn record_key(t: &str) -> Option<&'static str> {
    record_key_value(t).map(|(k, _)| k)
}

/// The label of a record line and the value typed after it on the line
/// ("" when the value is on the lines below).
pub(super) fn record_key_value(t: &str) -> Option<(&'static str, &str)> {
    let (k, v) = t.split_once(':')?;
    let k = k.trim_end();
    RECORD_KEYS.iter().copied().find(|x| *x == k).map(|k| (k, v.trim()))
}

/// The record block as attributes: each label with the lines up to the
/// next label as its value (an attachment table keeps its cells).
pub(super) fn record_attributes(lines: &[&str]) -> Vec<Attribute> {
    let mut out: Vec<Attribute> = Vec::new();
    for l in lines {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if let Some((k, v)) = record_key_value(t) {
            out.push(Attribute { key: k.to_string(), value: v.to_string() });
        } else if let Some(a) = out.last_mut() {
            let cell = t.trim_matches(|c: char| c == '|' || c.is_whitespace());
            let cell = collapse_ws(&cell.replace('|', " "));
            if cell.chars().any(char::is_alphanumeric) {
                if !a.value.is_empty() {
                    a.value.push(' ');
                }
                a.value.push_str(&cell);
            }
        }
    }
    out.retain(|a| a.key != "Body");
    out
}

/// The classification letter of a record ("S") spelt out.
pub(super) fn record_class(v: &str) -> Option<&'static str> {
    Some(match v.trim() {
        "U" => "UNCLASSIFIED",
        "C" => "CONFIDENTIAL",
        "S" => "SECRET",
        "TS" => "TOP SECRET",
        _ => return None,
    })
}

/// "MEMORANDUM FOR: Deputy Director ...", also OCR-garbled (",M FOF s
/// Deputy Director ..."): the addressee.
pub(super) static MEMO_FOR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\W{0,3}M(?:EMORANDUM|EMO|[A-Z]{0,9})\.?\s+F[O0][RF]\b\s*[:;.,]?\s*(?:[a-z:;.,]\s+)?(\S.*)$")
});

/// A memo's own FROM / TO line ("FROM: BRENT SCOWCROFT", "FROM; ...").
pub(super) static MEMO_FIELD: LazyLock<Regex> = LazyLock::new(|| re(r"^(FROM|TO|VIA|THROUGH)\s*[:;]\s*(\S.*)$"));

/// A release or declassification stamp of an archive, standing on its own.
pub(super) static RELEASE_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"^(?:Declassified\s+in\s+Part\s+-\s+Sanitized\s+Copy\s+)?Approved\s+(?i:for)\s+Release\s+\d{4}/\d{2}/\d{2}\s*:.*$",
        r"|^No\s+Objection\s+to\s+Declassification\s+in\s+(?:Part|Full)(?:\s+\d{4}/\d{2}/\d{2}\s*:.*)?$",
        r"|^Sanitized\s+Copy\s+Approved\s+for\s+Release.*$",
        r"|^(?:25X\d\s*)+$",
        r"|^(?:[A-Z][a-z]+\.?\s+|[A-Z]\.?\s+){1,4}Declassified\s+Released\s+US\s+Department\s+of\s+State\s+EO\s+Systematic\s+Review.*$",
    ))
});

/// The rest of a release stamp broken over two lines: "2009/07/21 :
/// LOC-HAK-19-3-27-5" under "No Objection to Declassification in Full",
/// "CIA-RDP85T00875R001100130045-2" under "... Release 2012/03/14 :".
pub(super) static STAMP_TAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\d{4}/\d{2}/\d{2}\s*:\s*)?[A-Z][A-Z0-9]*-[A-Z0-9-]{5,}$|^\d{4}/\d{2}/\d{2}\s*:\s*\S.*$"));

/// Whether a release stamp stops before its archive number (its line
/// ends with the colon, or before the date).
pub(super) fn stamp_incomplete(stamp: &str) -> bool {
    stamp.trim_end().ends_with(':') || !stamp.contains('/')
}

/// A memo's date line: "MAY 20, 1974", "20 NOV 1974", "November 20, 1974".
pub(super) static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?i:(?:(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?\s+(\d{1,2}),?\s+(\d{4,5}))|(?:(\d{1,2})\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?,?\s+(\d{4,5})))$",
    )
});

/// The date of a date line, when it is a real date.
pub(super) fn date_line_iso(t: &str) -> Option<PartialDate> {
    let c = DATE_LINE.captures(t)?;
    let (mon, day, year) = match (c.get(1), c.get(5)) {
        (Some(m), _) => (m.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()),
        (None, Some(m)) => (m.as_str(), c.get(4)?.as_str(), c.get(6)?.as_str()),
        _ => return None,
    };
    let month = month_number(mon)?;
    let day: u32 = day.parse().ok()?;
    let year: u32 = year.parse().ok()?;
    ((1..=31).contains(&day) && (1900..2100).contains(&year)).then(|| PartialDate::ymd(year, Some(month), Some(day)))?
}

/// A record date ("November 20, 1974").
pub(super) fn record_date(v: &str) -> Option<PartialDate> {
    date_line_iso(v.trim())
}

/// A line that is OCR noise rather than words: most tokens are not words
/// ("Era a Lii]o as re - Internai use \" iv qz").
pub(super) fn is_garbled(t: &str) -> bool {
    // Rows of symbols around a banner or copy marker: "*******S COPY".
    if t.contains("***") || t.contains("###") {
        return true;
    }
    let toks: Vec<&str> = t.split_whitespace().collect();
    if toks.len() < 3 {
        return false;
    }
    let words = toks
        .iter()
        .filter(|w| {
            let w = w.trim_end_matches([',', '.', ';', ':']);
            w.len() >= 3 && w.chars().all(char::is_alphabetic)
        })
        .count();
    words * 2 < toks.len()
}

/// A second addressee under a memo's first (`raw` as typed, `t`
/// collapsed): indented, short, a name or title rather than a sentence or
/// a field.
pub(super) fn addressee_below(raw: &str, t: &str) -> bool {
    let indent = raw.len() - raw.trim_start().len();
    indent >= 4
        && t.len() <= 60
        && !t.ends_with(['.', ':', ';', ','])
        && !t.contains(':')
        && t.split_whitespace().count() <= 8
        && !MEMO_FIELD.is_match(t)
        && !DATE_LINE.is_match(t)
}

/// A transmission serial line of digit groups: "02752 1401938".
pub(super) fn is_serial(t: &str) -> bool {
    let toks: Vec<&str> = t.split_whitespace().collect();
    (2..=3).contains(&toks.len()) && toks.iter().all(|x| x.len() >= 4 && x.chars().all(|c| c.is_ascii_digit()))
}

/// "DE WTE #1128 1441205": the routing line of a Situation Room cable.
pub(super) static DE_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"^DE\s+[A-Z]{3,5}\s*#\s?\d{3,5}(?:\s+\d{6,8})?$"));

/// "TOHAK 123", "HAKTO 014": the series slug of a Situation Room cable.
pub(super) static SLUG: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:TOHAK|HAKTO|TOSEC|SECTO|TODEP|DEPTO|WH)\s?\d{1,5}$"));

/// Whether a text is a Situation Room cable by its routing line or its
/// FM line with a series slug ("FM USDEL SECRETARY ASWAN //HAKTO 014//").
pub(super) fn is_sitroom_line(l: &str) -> bool {
    (l.starts_with("DE ") && DE_LINE.is_match(l))
        || (l.starts_with("FM ") && l.split("//").nth(1).is_some_and(|s| SLUG.is_match(s.trim())))
}

/// "#1128": the serial after the last BT of a Situation Room cable.
pub(super) fn is_end_serial(t: &str) -> bool {
    (4..=6).contains(&t.len()) && t.starts_with('#') && t[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A line of a mixed-case subject that goes on: title case, short, not a
/// sentence ("Melo Antunes" after "SUBJECT: Your Meeting with Portuguese
/// Foreign Minister").
pub(super) fn title_case_line(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 || t.ends_with(['.', ':', ';', ',']) {
        return false;
    }
    words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .all(|w| w.starts_with(|c: char| c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_lines() {
        let c = MEMO_FOR.captures(",M FOF s Deputy Director for Intelligence").unwrap();
        assert_eq!(&c[1], "Deputy Director for Intelligence");
        let c = MEMO_FOR.captures("MEMORANDUM FOR: The Secretary of State").unwrap();
        assert_eq!(&c[1], "The Secretary of State");
        assert!(!MEMO_FOR.is_match("MAY FORCE THE ISSUE"));
        assert_eq!(date_line_iso("MAY 20, 1974").map(|d| d.to_string()).as_deref(), Some("1974-05-20"));
        assert_eq!(date_line_iso("20 NOV 1974").map(|d| d.to_string()).as_deref(), Some("1974-11-20"));
        assert!(DATE_LINE.is_match("20 NOV 11914") && date_line_iso("20 NOV 11914").is_none());
        assert!(RELEASE_STAMP.is_match("Approved For Release 2006/02/01 : CIA-RDP80BO1495RQW 2 01 01 3"));
        assert!(RELEASE_STAMP.is_match("No Objection to Declassification in Part 2010/12/08: LOC-HAK-260-2-34-3"));
        assert!(RELEASE_STAMP.is_match("25X1"));
        assert!(RELEASE_STAMP.is_match("No Objection to Declassification in Full"));
        assert!(RELEASE_STAMP.is_match("Declassified in Part - Sanitized Copy Approved for Release 2012/03/14 :"));
        assert!(STAMP_TAIL.is_match("2009/07/21 : LOC-HAK-19-3-27-5"));
        assert!(STAMP_TAIL.is_match("CIA-RDP85T00875R001100130045-2"));
        assert!(!STAMP_TAIL.is_match("THE TALKS WENT ON"));
        assert!(stamp_incomplete("No Objection to Declassification in Full"));
        assert!(!stamp_incomplete("Approved For Release 2004/08/31 : CIA-RDP79T00975A027400010002-6"));
        assert!(is_garbled("Era a Lii]o as re - Internai use \" iv qz"));
        assert!(!is_garbled("1. This memorandum outlines current Agency thinking"));
        assert!(is_serial("02752 1401938"));
        assert_eq!(record_class("S"), Some("SECRET"));
    }

    #[test]
    fn record_block() {
        let lines = [
            "CABLE TO AMCONSUL JERUSALEM",
            "Document Type:",
            "Collection:",
            "Document Number (FOIA) /ESDN (CREST):",
            "LOC-HAK-260-2-34-3",
            "Publication Date:",
            "May 20, 1974",
            "File:",
            "| Attachment | Size |",
            "|---|---|",
            "| 85.07 KB |",
            "Body:",
        ];
        assert_eq!(record_end(&lines), Some(11));
        let a = record_attributes(&lines[1..]);
        let pairs: Vec<(&str, &str)> = a.iter().map(|a| (a.key.as_str(), a.value.as_str())).collect();
        assert_eq!(
            pairs,
            vec![
                ("Document Type", ""),
                ("Collection", ""),
                ("Document Number (FOIA) /ESDN (CREST)", "LOC-HAK-260-2-34-3"),
                ("Publication Date", "May 20, 1974"),
                ("File", "Attachment Size 85.07 KB"),
            ]
        );
    }

    #[test]
    fn record_block_with_values_on_the_label_lines() {
        let lines = [
            "SOVIET ECONOMIC PERFORMANCE IN 1973",
            "Document Type: CREST",
            "Document Number (FOIA) /ESDN (CREST): CIA-RDP85T00875R001100130045-2",
            "Original Classification: C",
            "Case Number:",
            "Publication Date: January 15, 1974",
            "Body:",
        ];
        assert_eq!(record_end(&lines), Some(6));
        let a = record_attributes(&lines[1..]);
        let pairs: Vec<(&str, &str)> = a.iter().map(|a| (a.key.as_str(), a.value.as_str())).collect();
        assert_eq!(
            pairs,
            vec![
                ("Document Type", "CREST"),
                ("Document Number (FOIA) /ESDN (CREST)", "CIA-RDP85T00875R001100130045-2"),
                ("Original Classification", "C"),
                ("Case Number", ""),
                ("Publication Date", "January 15, 1974"),
            ]
        );
        assert_eq!(record_key("Collection: Special Collection"), Some("Collection"));
        assert_eq!(record_key("FILE: THE TEXT"), None);
    }

    #[test]
    fn sitroom_lines() {
        assert!(is_sitroom_line("DE WTE #1128 1441205"));
        assert!(is_sitroom_line("FM USDEL SECRETARY ASWAN //HAKTO 014//"));
        assert!(is_sitroom_line("FM THE SITUATION ROOM //TOHAK 123//"));
        assert!(!is_sitroom_line("FM AMEMBASSY BONN"));
        assert!(is_end_serial("#1128") && !is_end_serial("#12") && !is_end_serial("1128"));
        assert!(title_case_line("Melo Antunes"));
        assert!(!title_case_line("Foreign Minister Melo Antunes will call on you March 17"));
    }
}
