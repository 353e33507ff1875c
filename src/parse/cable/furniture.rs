//! Line recognisers of the `cable` format, page furniture: classification
//! banners (also letter-spaced), classification lines with sections, page
//! headers, control and count lines, the date-time group. Each function
//! reads one (whitespace-collapsed) line and says what it is, without
//! context; the state machine in `mod.rs` decides between them by position.
//!
//! Cheap prefix checks come before every regex so that 100,000 telegrams
//! parse in seconds.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::base::text::collapse_ws;
use crate::model::PartialDate;

pub(super) use crate::base::pattern::re;

pub(super) const CLASSIFICATIONS: [&str; 7] =
    ["TOP SECRET", "SECRET", "CONFIDENTIAL", "LIMITED OFFICIAL USE", "UNCLASSIFIED", "UNCLAS", "LOU"];

/// Handling caveats recorded in `metadata.caveats`.
pub(super) const CAVEATS: [&str; 13] = [
    "NODIS",
    "EXDIS",
    "LIMDIS",
    "NOFORN",
    "STADIS",
    "NOCONTRACT",
    "ORCON",
    "EFTO",
    "CHEROKEE",
    "SENSITIVE",
    "EXCLUSIVELY EYES ONLY",
    "EYES ONLY",
    "EYES'ONLY",
];

/// The canonical name of a classification word.
pub(super) fn canonical_class(c: &str) -> &'static str {
    match c {
        "TOP SECRET" => "TOP SECRET",
        "SECRET" => "SECRET",
        "CONFIDENTIAL" => "CONFIDENTIAL",
        "LIMITED OFFICIAL USE" | "LOU" => "LIMITED OFFICIAL USE",
        _ => "UNCLASSIFIED",
    }
}

/// Joins leading letter-spaced capitals: "C O N F I D E N T I A L USUN 3077"
/// → "CONFIDENTIAL USUN 3077", "UNCLAS E F T O STATE" → "UNCLAS EFTO STATE".
pub(super) fn unspace(s: &str) -> Cow<'_, str> {
    // Cheap test first: most lines have no run of four single letters.
    let b = s.as_bytes();
    let singles = (0..b.len())
        .filter(|&i| {
            b[i].is_ascii_uppercase() && (i == 0 || b[i - 1] == b' ') && b.get(i + 1).is_none_or(|&c| c == b' ')
        })
        .count();
    if singles < 4 {
        return Cow::Borrowed(s);
    }
    let toks: Vec<&str> = s.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        // "C 0 N F I D E N T I A L": a zero read for an O inside the run
        // (the classification repair reads it as the word).
        let run = toks[i..]
            .iter()
            .enumerate()
            .take_while(|(k, t)| t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase() || (*k > 0 && c == '0')))
            .count();
        if run >= 4 {
            let joined = toks[i..i + run].concat();
            out.push(match joined.as_str() {
                "LIMITEDOFFICIALUSE" => "LIMITED OFFICIAL USE".to_string(),
                "TOPSECRET" => "TOP SECRET".to_string(),
                _ => joined,
            });
            i += run;
        } else {
            out.push(toks[i].to_string());
            i += 1;
        }
    }
    Cow::Owned(out.join(" "))
}

pub(super) fn word_end(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

pub(super) fn leading_class(s: &str) -> Option<(&'static str, &str)> {
    let c = CLASSIFICATIONS.iter().find(|c| s.starts_with(*c) && word_end(s, c.len()))?;
    Some((canonical_class(c), s[c.len()..].trim_start()))
}

/// Splits caveat words off the front of `rest`.
pub(super) fn take_caveats(mut rest: &str) -> (Vec<String>, &str) {
    let mut caveats = Vec::new();
    loop {
        let r = rest.trim_start_matches([' ', '-', '/']);
        let Some(c) = CAVEATS.iter().find(|c| r.starts_with(*c) && word_end(r, c.len())) else { break };
        caveats.push(c.replace('\'', " "));
        rest = &r[c.len()..];
    }
    (caveats, rest.trim_start_matches([' ', '-', '/']))
}

/// A classification banner standing alone, possibly letter-spaced, with
/// caveats: "CONFIDENTIAL", "S E C R E T", "SECRET NODIS".
pub(super) fn banner(t: &str) -> Option<(&'static str, Vec<String>)> {
    // "#***#*# S E C R E T *******S COpy": a Situation Room banner between
    // rows of symbols, with the copy marker.
    if t.contains(['*', '#']) {
        let toks: Vec<&str> = t.split_whitespace().filter(|w| !w.contains(['*', '#', '~'])).collect();
        let toks = match toks.split_last() {
            Some((last, rest)) if last.eq_ignore_ascii_case("COPY") => rest,
            _ => &toks[..],
        };
        let clean = toks.join(" ");
        return if clean.is_empty() || clean.contains(['*', '#']) { None } else { banner(&clean) };
    }
    let first = t.as_bytes().first()?;
    if !matches!(first, b'C' | b'S' | b'L' | b'U' | b'T') {
        return None;
    }
    let norm = unspace(t.trim());
    let norm = norm.trim_end_matches(['.', ' ']);
    let Some((class, rest)) = leading_class(norm) else {
        // "CONFIDENT IAL", "C0NFIDENTIAL": a classification the OCR broke.
        return super::ocr::class_word_repaired(norm).and_then(|fixed| banner(&fixed));
    };
    let (caveats, rest) = take_caveats(rest);
    // A remark of the archive or the communications centre after the
    // banner: "CONFIDENTIAL POSS DUPE".
    let rest = rest.trim_start_matches("POSS DUPE").trim_start_matches("POSSIBLE DUPLICATE").trim();
    (rest.is_empty() || is_handling_tail(rest)).then_some((class, caveats))
}

/// What may follow the classification on a banner besides caveats: a
/// channel ("VIA CAS CHANNELS", "HANDLE VIA BYEMAN CHANNELS ONLY") or a
/// declassification category ("GDS", "XGDS-2", "RDS-1").
pub(super) fn is_handling_tail(rest: &str) -> bool {
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:(?:HANDLE\s+)?VIA\s+[A-Z][A-Z/ -]{1,30}\s+CHANNELS?(?:\s+ONLY)?|X?GDS(?:-\d)?|RDS(?:-\d)?|XDS(?:-\d)?)$",
        )
    });
    matches!(rest.as_bytes().first(), Some(b'H' | b'V' | b'G' | b'X' | b'R')) && rest.len() <= 50 && TAIL.is_match(rest)
}

/// The line that opens the text part of a telegram (or of one of its
/// sections): classification, caveats, section, post and serial number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ClassLine {
    pub class: &'static str,
    pub caveats: Vec<String>,
    pub section: Option<(u32, u32)>,
    pub post: String,
    pub number: String,
    pub letter_spaced: bool,
}

pub(super) static CLASS_REST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:SECTION\s+(\d{1,2})\s+OF\s+(\d{1,2})\s+)?([A-Z][A-Z/]*(?:\s[A-Z]+){0,2}?)\s+(\d{1,6})(?:\s+(.{0,40}))?$")
});

pub(super) fn class_line(t: &str) -> Option<ClassLine> {
    let first = t.as_bytes().first()?;
    if !matches!(first, b'C' | b'S' | b'L' | b'U' | b'T') {
        return None;
    }
    let norm = unspace(t);
    let letter_spaced = norm.len() + 6 < t.len();
    let Some((class, rest)) = leading_class(&norm) else {
        return super::ocr::class_word_repaired(&norm).and_then(|fixed| class_line(&fixed));
    };
    let (mut caveats, rest) = take_caveats(rest);
    let c = CLASS_REST.captures(rest)?;
    let post = c.get(3)?.as_str().to_string();
    if post.starts_with("SECTION") || post == "PAGE" {
        return None;
    }
    let section = match (c.get(1), c.get(2)) {
        (Some(a), Some(b)) => Some((a.as_str().parse().ok()?, b.as_str().parse().ok()?)),
        _ => None,
    };
    if let Some(tail) = c.get(5) {
        let (more, _) = take_caveats(tail.as_str());
        caveats.extend(more);
        for tok in tail.as_str().split_whitespace() {
            if CAVEATS.contains(&tok) && !caveats.iter().any(|c| c == tok) {
                caveats.push(tok.to_string());
            }
        }
    }
    Some(ClassLine { class, caveats, section, post, number: c[4].to_string(), letter_spaced })
}

/// "SECTION 2 OF 3" anywhere in a line.
pub(super) static SECTION: LazyLock<Regex> = LazyLock::new(|| re(r"\bSECTION\s+(\d{1,2})\s+OF\s+(\d{1,2})\b"));

/// "PAGE 02 MOSCOW 08357 01 OF 03 210028Z ACTION EUR-12", or "PAGE 02" alone.
pub(super) static PAGE_HEADER: LazyLock<Regex> = LazyLock::new(|| re(r"^PAGE\s+(\d{1,3})(?:\s+(.*))?$"));
/// What follows "PAGE NN": post, number, section, time (optionally with the
/// ACTION office and a line count).
pub(super) static PAGE_REST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^([A-Z][A-Z]*(?:\s[A-Z]{1,6})?)\s+(\d{3,6})(?:\s+(\d{1,2})\s+OF\s+(\d{1,2}))?(?:\s+(\d{6})\s?Z)?\b")
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageHeader {
    pub page: u32,
    /// Post and number as typed ("USUN N", "03077").
    pub post: Option<(String, String)>,
    pub section: Option<(u32, u32)>,
    /// Nothing after the page number: the rest is on the next line.
    pub short: bool,
}

pub(super) fn page_header(t: &str) -> Option<PageHeader> {
    if !t.starts_with("PAGE") {
        return None;
    }
    let Some(c) = PAGE_HEADER.captures(t) else {
        // "PAGE O2 TEHRAN O4112": letters O read for zeros.
        return super::ocr::page_digits(t).and_then(|fixed| page_header(&fixed));
    };
    let page = c[1].parse().ok()?;
    match c.get(2) {
        None => Some(PageHeader { page, post: None, section: None, short: true }),
        Some(rest) => {
            let rest = rest.as_str();
            if rest.starts_with("ACTION") || rest.starts_with("ORIGIN") {
                return Some(PageHeader { page, post: None, section: None, short: true });
            }
            let Some(mut h) = page_rest(rest) else {
                // "PAGE 02 MOSCOW Ol234 Ol1530Z": an l read for a one.
                return super::ocr::page_digits(t).and_then(|fixed| page_header(&fixed));
            };
            h.page = page;
            Some(h)
        }
    }
}

/// The second line of a two-line page header ("MOSCOW 30030 01 OF 02 062340Z").
pub(super) fn page_rest(rest: &str) -> Option<PageHeader> {
    let r = PAGE_REST.captures(rest)?;
    let section = match (r.get(3), r.get(4)) {
        (Some(a), Some(b)) => Some((a.as_str().parse().ok()?, b.as_str().parse().ok()?)),
        _ => None,
    };
    if section.is_none() && r.get(5).is_none() && !r[1].starts_with("STATE") && rest.split_whitespace().count() > 2 {
        // "PAGE 2 OF THE REPORT" is prose; a header has a time or a section
        // (STATE's own headers have neither).
        let tail: Vec<&str> = rest.split_whitespace().skip(2).collect();
        if !tail.iter().all(|t| {
            t.chars().all(|c| c.is_ascii_digit() || c == '-') || is_office_code(t) || *t == "ACTION" || *t == "ORIGIN"
        }) {
            return None;
        }
    }
    Some(PageHeader { page: 0, post: Some((r[1].to_string(), r[2].to_string())), section, short: false })
}

/// "ACTION EUR-12" / "ORIGIN AF-06", anywhere on a header line.
pub(super) static ACTION: LazyLock<Regex> = LazyLock::new(|| re(r"\b(ACTION|ORIGIN)\s+([A-Z][A-Z/]*-\d{1,3})"));

/// An office code of a distribution line: "EUR-12", "/137", "W".
pub(super) fn is_office_code(t: &str) -> bool {
    static CODE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:[A-Z][A-Z/]{0,6}-\d{1,3}|/\d{1,4}|W|R)$"));
    CODE.is_match(t)
}

/// "-----114256 210725Z /11", "--------------------- 096845".
/// A transmission control line: dashes, then numbers ("-----114256
/// 210725Z /11"); "--- POINTS OUT THE ADVANTAGES" is a dashed list item.
pub(super) fn is_control(t: &str) -> bool {
    // "- - - - - 081766": the dashes of a scan, spaced (or read as
    // underscores).
    (t.starts_with("---") || t.starts_with("- - - - -") || t.starts_with("___") || t.starts_with("_ _ _ _ _"))
        && t.trim_start_matches(['-', '_', ' '])
            .split_whitespace()
            .all(|w| w.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | 'Z')))
}

/// A line count or serial on its own after the page header ("42", "52-41").
pub(super) fn is_count(t: &str) -> bool {
    // "4l", "O5": a digit read as a letter by the OCR.
    let ocr_digit = |c: char| matches!(c, 'l' | 'I' | 'O');
    t.len() <= 12
        && t.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || ocr_digit(c))
        && t.chars().filter(|c| ocr_digit(*c)).count() <= 1
        && t.starts_with(|c: char| c.is_ascii_digit())
}

/// Precedence and date-time group: "R 201317Z APR 78", "O P 131150 Z APR 73".
pub(super) static DTG: LazyLock<Regex> =
    LazyLock::new(|| re(r"^((?:[ROPZ0]\s+){0,2})(\d{2})(\d{2})(\d{2})\s?Z\s+([A-Z]{3})\s+(\d{2})\b"));

pub(super) struct Dtg {
    pub precedence: Option<String>,
    pub dtg: String,
    pub iso: Option<String>,
}

pub(super) fn dtg(t: &str) -> Option<Dtg> {
    let c = DTG.captures(t)?;
    // "0 241923Z MAY 74": an OCR'd O (immediate).
    let prec = collapse_ws(&c[1]).replace('0', "O");
    Some(Dtg {
        precedence: (!prec.is_empty()).then_some(prec),
        dtg: format!("{}{}{}Z {} {}", &c[2], &c[3], &c[4], &c[5], &c[6]),
        iso: dtg_iso(&c[2], &c[3], &c[4], &c[5], &c[6]),
    })
}

/// "201317Z APR 78" → "1978-04-20T13:17Z".
pub(super) fn dtg_iso(day: &str, hh: &str, mm: &str, mon: &str, yy: &str) -> Option<String> {
    let month = month_number(mon)?;
    let yy: u32 = yy.parse().ok()?;
    let year = if yy >= 40 { 1900 + yy } else { 2000 + yy };
    let day: u32 = day.parse().ok()?;
    let (h, m): (u32, u32) = (hh.parse().ok()?, mm.parse().ok()?);
    if !(1..=31).contains(&day) || h > 24 || m > 59 {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}T{hh}:{mm}Z"))
}

pub(super) fn month_number(mon: &str) -> Option<u32> {
    let m = mon.get(..3)?.to_ascii_uppercase();
    let i = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        .iter()
        .position(|x| *x == m)?;
    Some(i as u32 + 1)
}

/// "20 apr 1978" → 1978-04-20.
pub(super) fn attribute_date(s: &str) -> Option<PartialDate> {
    let toks: Vec<&str> = s.split_whitespace().collect();
    if toks.len() != 3 {
        return None;
    }
    let day: u32 = toks[0].parse().ok()?;
    let month = month_number(toks[1])?;
    let year: u32 = toks[2].parse().ok()?;
    ((1..=31).contains(&day) && (1900..2100).contains(&year)).then(|| PartialDate::ymd(year, Some(month), Some(day)))?
}

/// "E.O. 11652: GDS", "E.O.11652", "E. O. 12065", "E. O. GDS" (no order
/// number), "EO 11652".
pub(super) static EO: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:E\s?\.?\s?O\s?\.?\s*\d{4,5}\b|E\s?\.\s?O\s?\.\s*(?::|(?:X?GDS|RDS|N/?A|XDS)\b))"));
/// "TAGS:", and its typos "TAGE:", "TAG:", "TAGS.".
pub(super) static TAGS: LazyLock<Regex> = LazyLock::new(|| re(r"^TA[GC][SE]?\s*[:.;]\s*(.*)$"));
/// A field label without its colon ("TAGS MASS, AR", "SUBJECT ARMS ..."),
/// read only where header fields are expected.
pub(super) static BARE_FIELD: LazyLock<Regex> = LazyLock::new(|| re(r"^(TAGS|SUBJECT|SUBJ)\s+([A-Z0-9(].*)$"));
pub(super) static SUBJECT: LazyLock<Regex> = LazyLock::new(|| re(r"^SUBJ(?:ECT)?\s*[:.]\s*(.*)$"));
/// "REF: STATE 123", and "REF A. LONDON 7792" (one lettered reference a
/// line, without a colon: the letter, then a post and a number, so that
/// "REF A) POINTED UP ..." in the body is not one).
pub(super) static REF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^REF(?:S|TELS?|ERENCES?)?(?:\s*:\s*(.*)|\s+(\(?[A-Z][.)]\s+(?:\d{2}\s+)?[A-Z][A-Z ]{1,20}\s\d{3,6}\b.*))$")
});

/// The start of a body paragraph: "1.", "(2)", "A.", "SUMMARY", ...
pub(super) static PARA_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:-\s+)?(?:\d{1,2}\s?\.(?:\s|$|[A-Z]{2})|\(\d{1,2}\)\s|[A-Z]\.\s|\([A-Z]\)\s|(?:BEGIN\s+)?SUMMARY\b|END\s+SUMMARY\b|COMMENT\s*:|BEGIN\s+(?:TEXT|QUOTE|UNCLASSIFIED|CONFIDENTIAL)\b)",
    )
});

/// Whether the header is double-spaced (a blank line after most lines, as
/// in the PlusD "Message Text" export), judged on the lines up to the
/// SUBJECT line (at most the first 60; the whole file when SUBJECT comes
/// within the first six lines): the body of such a telegram is often
/// single-spaced, hard-wrapped paragraphs, which must not hide the header's
/// spacing, where a blank line does not end a wrapped subject.
pub(super) fn header_double_spaced(lines: &[&str]) -> bool {
    let end = lines
        .iter()
        .take(60)
        .position(|l| {
            let t = l.trim_start();
            t.starts_with("SUBJECT") || t.starts_with("SUBJ:")
        })
        .unwrap_or(lines.len().min(60));
    // Too few lines before SUBJECT to judge: the whole file decides.
    let head = if end >= 6 { &lines[..end] } else { lines };
    head.iter().filter(|l| l.trim().is_empty()).count() * 5 >= head.len() * 2
}
