//! Line recognisers of the `cable` format: each function reads one
//! (whitespace-collapsed) line and says what it is, without context. The
//! state machine in `cable.rs` decides between them by position.
//!
//! Cheap prefix checks come before every regex so that 100,000 telegrams
//! parse in seconds.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::collapse_ws;
use crate::model::{Attribute, Reference};

pub(super) fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid regex")
}

const CLASSIFICATIONS: [&str; 7] =
    ["TOP SECRET", "SECRET", "CONFIDENTIAL", "LIMITED OFFICIAL USE", "UNCLASSIFIED", "UNCLAS", "LOU"];

/// Handling caveats recorded in `metadata.caveats`.
pub(super) const CAVEATS: [&str; 9] =
    ["NODIS", "EXDIS", "LIMDIS", "NOFORN", "STADIS", "NOCONTRACT", "ORCON", "EFTO", "CHEROKEE"];

/// The canonical name of a classification word.
fn canonical_class(c: &str) -> &'static str {
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
        let run = toks[i..].iter().take_while(|t| t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase())).count();
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

fn word_end(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

fn leading_class(s: &str) -> Option<(&'static str, &str)> {
    let c = CLASSIFICATIONS.iter().find(|c| s.starts_with(*c) && word_end(s, c.len()))?;
    Some((canonical_class(c), s[c.len()..].trim_start()))
}

/// Splits caveat words off the front of `rest`.
fn take_caveats(mut rest: &str) -> (Vec<String>, &str) {
    let mut caveats = Vec::new();
    loop {
        let r = rest.trim_start_matches([' ', '-', '/']);
        let Some(c) = CAVEATS.iter().find(|c| r.starts_with(*c) && word_end(r, c.len())) else { break };
        caveats.push(c.to_string());
        rest = &r[c.len()..];
    }
    (caveats, rest.trim_start_matches([' ', '-', '/']))
}

/// A classification banner standing alone, possibly letter-spaced, with
/// caveats: "CONFIDENTIAL", "S E C R E T", "SECRET NODIS".
pub(super) fn banner(t: &str) -> Option<(&'static str, Vec<String>)> {
    let first = t.as_bytes().first()?;
    if !matches!(first, b'C' | b'S' | b'L' | b'U' | b'T') {
        return None;
    }
    let norm = unspace(t.trim());
    let norm = norm.trim_end_matches(['.', ' ']);
    let (class, rest) = leading_class(norm)?;
    let (caveats, rest) = take_caveats(rest);
    rest.is_empty().then_some((class, caveats))
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

static CLASS_REST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:SECTION\s+(\d{1,2})\s+OF\s+(\d{1,2})\s+)?([A-Z][A-Z/]*(?:\s[A-Z]+){0,2}?)\s+(\d{1,6})(?:\s+(.{0,40}))?$")
});

pub(super) fn class_line(t: &str) -> Option<ClassLine> {
    let first = t.as_bytes().first()?;
    if !matches!(first, b'C' | b'S' | b'L' | b'U' | b'T') {
        return None;
    }
    let norm = unspace(t);
    let letter_spaced = norm.len() + 6 < t.len();
    let (class, rest) = leading_class(&norm)?;
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
static PAGE_HEADER: LazyLock<Regex> = LazyLock::new(|| re(r"^PAGE\s+(\d{1,3})(?:\s+(.*))?$"));
/// What follows "PAGE NN": post, number, section, time (optionally with the
/// ACTION office and a line count).
static PAGE_REST: LazyLock<Regex> = LazyLock::new(|| {
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
    let c = PAGE_HEADER.captures(t)?;
    let page = c[1].parse().ok()?;
    match c.get(2) {
        None => Some(PageHeader { page, post: None, section: None, short: true }),
        Some(rest) => {
            let rest = rest.as_str();
            if rest.starts_with("ACTION") || rest.starts_with("ORIGIN") {
                return Some(PageHeader { page, post: None, section: None, short: true });
            }
            let mut h = page_rest(rest)?;
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
pub(super) fn is_control(t: &str) -> bool {
    t.starts_with("---") && t.trim_start_matches('-').chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '/')
}

/// A line count or serial on its own after the page header ("42", "52-41").
pub(super) fn is_count(t: &str) -> bool {
    t.len() <= 12
        && t.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        && t.starts_with(|c: char| c.is_ascii_digit())
}

/// Precedence and date-time group: "R 201317Z APR 78", "O P 131150 Z APR 73".
pub(super) static DTG: LazyLock<Regex> =
    LazyLock::new(|| re(r"^((?:[ROPZ]\s+){0,2})(\d{2})(\d{2})(\d{2})\s?Z\s+([A-Z]{3})\s+(\d{2})\b"));

pub(super) struct Dtg {
    pub precedence: Option<String>,
    pub dtg: String,
    pub iso: Option<String>,
}

pub(super) fn dtg(t: &str) -> Option<Dtg> {
    let c = DTG.captures(t)?;
    let prec = collapse_ws(&c[1]);
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

/// "20 apr 1978" → "1978-04-20".
pub(super) fn attribute_date(s: &str) -> Option<String> {
    let toks: Vec<&str> = s.split_whitespace().collect();
    if toks.len() != 3 {
        return None;
    }
    let day: u32 = toks[0].parse().ok()?;
    let month = month_number(toks[1])?;
    let year: u32 = toks[2].parse().ok()?;
    ((1..=31).contains(&day) && (1900..2100).contains(&year)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

pub(super) static EO: LazyLock<Regex> = LazyLock::new(|| re(r"^E\s?\.?\s?O\s?\.?\s*\d{4,5}\b"));
pub(super) static TAGS: LazyLock<Regex> = LazyLock::new(|| re(r"^TAGS\s*:\s*(.*)$"));
pub(super) static SUBJECT: LazyLock<Regex> = LazyLock::new(|| re(r"^SUBJ(?:ECT)?\s*[:.]\s*(.*)$"));
pub(super) static REF: LazyLock<Regex> = LazyLock::new(|| re(r"^REF(?:S|TELS?|ERENCES?)?\s*:\s*(.*)$"));

/// The start of a body paragraph: "1.", "(2)", "A.", "SUMMARY", ...
pub(super) static PARA_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:-\s+)?(?:\d{1,2}\s?\.(?:\s|$)|\(\d{1,2}\)\s|[A-Z]\.\s|\([A-Z]\)\s|(?:BEGIN\s+)?SUMMARY\b|END\s+SUMMARY\b|COMMENT\s*:|BEGIN\s+(?:TEXT|QUOTE|UNCLASSIFIED|CONFIDENTIAL)\b)",
    )
});

/// "- 6." list markers left by the PlusD conversion.
pub(super) static LIST_ARTEFACT: LazyLock<Regex> = LazyLock::new(|| re(r"^-\s+(\d{1,2}\.|\(\d{1,2}\))"));

const MARK_CLASS: &str =
    r"U|C|S|TS|LOU|SBU|C/NF|S/NF|C-NF|S-NF|NF|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE";

/// A paragraph classification marking after the paragraph number:
/// "(C-ENTIRE TEXT)", "(U)", "(ENTIRE TEXT UNCLASSIFIED)", "C - ENTIRE TEXT."
static MARKING: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:\(\s*((?:{MARK_CLASS})(?:\s*[-–]+\s*ENTIRE\s+(?:TEXT|MESSAGE))?|ENTIRE\s+TEXT\s*[-–]?\s*(?:{MARK_CLASS}))\s*\.?\s*\)\.?|((?:{MARK_CLASS})\s*[-–]+\s*ENTIRE\s+(?:TEXT|MESSAGE)|ENTIRE\s+TEXT\s*[-–]?\s*(?:{MARK_CLASS}))\s*\.?(?:\s|$))"
    ))
});

/// The paragraph number at the start of a line, if any ("1. ", "(2) ").
static PARA_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:\d{1,2}\s?\.|\(\d{1,2}\)|[A-Z]\.|\([A-Z]\))\s*"));

/// Finds a classification marking at the start of a paragraph. Returns
/// (byte range of the marking with its trailing space, the marking text).
pub(super) fn marking(text: &str) -> Option<(std::ops::Range<usize>, String)> {
    // "(U)" / "(S)" opening a line are markings; "(C)" may be a list letter.
    let opens_with_mark = ["(U)", "(S)", "(LOU)", "(TS)"].iter().any(|m| text.starts_with(m));
    let start = if opens_with_mark { 0 } else { PARA_NUMBER.find(text).map_or(0, |m| m.end()) };
    let rest = &text[start..];
    if !rest.starts_with(['(', 'U', 'C', 'S', 'T', 'L', 'E']) {
        return None;
    }
    let c = MARKING.captures(rest)?;
    let whole = c.get(0)?;
    let inner = c.get(1).or_else(|| c.get(2))?.as_str();
    Some((start..start + whole.end(), collapse_ws(inner)))
}

/// "(U)" / "(C)" at the start or end of a subject.
static SUBJECT_MARK: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^\((?:{MARK_CLASS})\)\s*|\s*\((?:{MARK_CLASS})\)$")));

pub(super) fn strip_subject_marking(s: &str) -> String {
    SUBJECT_MARK.replace_all(s, "").trim().to_string()
}

pub(super) static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:[A-Z][A-Za-z]*\.?\s+){0,3}Declassified/Released\s+US\s+Department\s+of\s+State\s+EO\s+Systematic\s+Review(?:\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4})?",
    )
});

/// A classification word ending a line: "STATECONFIDENTIAL", "ARE CONFIDENTIAL".
pub(super) static TRAILING_BANNER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(.*?)(\s*)(TOP SECRET|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE|UNCLASSIFIED)$"));

/// A signature glued to the end of the last sentence: "... FUTURE. TOON".
pub(super) static SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^(.*(?:[.?!)"']|\bUNQUOTE|\bUNQTE|\bEND TEXT))\s+([A-Z][A-Z'-]{2,})$"#));

/// A lone name on the last line of a telegram: "TOON", "KISSINGER".
pub(super) fn is_signature_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && t.len() <= 24
        && words
            .iter()
            .all(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase() || c == '\'' || c == '-' || c == '.'))
        && !matches!(t, "NNN" | "BT" | "QUOTE" | "UNQUOTE" | "UNQTE" | "END" | "END TEXT" | "END QUOTE")
}

pub(super) fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', ')', ' ']);
    t.ends_with(['.', '?', '!', ':'])
        || t.ends_with("END SUMMARY")
        || t.ends_with("UNQUOTE")
        || t.ends_with("UNQTE")
        || t.ends_with("END TEXT")
}

/// Known first words of addressees: "AMEMBASSY TOKYO USMISSION USBERLIN"
/// holds two addressees.
const ADDRESS_PREFIXES: &[&str] = &[
    "AMEMBASSY",
    "AMCONSUL",
    "AMCONGEN",
    "USMISSION",
    "USLO",
    "USINT",
    "SECSTATE",
    "USDEL",
    "CINCPAC",
    "CINCEUR",
    "CINCLANT",
    "CINCUSAREUR",
    "CINCUSAFE",
    "USCINCEUR",
    "USCINCSO",
    "USCINCPAC",
    "USNMR",
    "USUN",
    "DIA",
    "JCS",
    "SECDEF",
    "WHITEHOUSE",
    "NSC",
    "USIA",
    "CIA",
    "FBI",
    "USNATO",
    "USEC",
    "COMUSMACV",
    "CINCSAC",
    "CSAF",
    "CNO",
    "USAFE",
    "USEUCOM",
    "ERDA",
    "DOE",
    "USDOC",
    "TREASURY",
    "AMB",
    "DEPT",
];

/// Words after an addressee that are not part of it.
fn is_precedence(tok: &str) -> bool {
    const WORDS: [&str; 7] = ["PRIORITY", "IMMEDIATE", "ROUTINE", "NIACT", "FLASH", "POUCH", "OPIMMED"];
    if WORDS.contains(&tok) || tok == "BY" {
        return true;
    }
    // Garbled precedence words: "IMMEIDATE", "PRIORTY", "RPIROITY".
    tok.len() >= 6 && WORDS[..3].iter().any(|w| same_letters(tok, w))
}

fn same_letters(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut x: Vec<u8> = a.bytes().collect();
    let mut y: Vec<u8> = b.bytes().collect();
    x.sort_unstable();
    y.sort_unstable();
    let common = {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        n
    };
    common + 1 >= b.len()
}

/// Splits an addressee line ("AMEMBASSY TOKYO USMISSION USBERLIN") into its
/// addressees, without precedence and serial ("SECSTATE WASHDC PRIORITY 0048"
/// → "SECSTATE WASHDC"). A routing-indicator garble glued before a known
/// prefix ("RUMJHTOAMEMBASSY KATHMANDU") is dropped.
pub(super) fn split_addressees(s: &str) -> Vec<String> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for tok in s.split_whitespace() {
        let tok = match ADDRESS_PREFIXES.iter().find(|p| tok.len() > p.len() + 2 && tok.ends_with(*p) && p.len() >= 6) {
            Some(p) => &tok[tok.len() - p.len()..],
            None => tok,
        };
        // A prefix right after a lone prefix is part of the same addressee:
        // "USMISSION USUN NEW YORK", "USMISSION USNATO".
        let starts = ADDRESS_PREFIXES.contains(&tok)
            && !out.last().is_some_and(|last| last.len() == 1 && ADDRESS_PREFIXES.contains(&last[0]));
        match out.last_mut() {
            Some(last) if !starts => last.push(tok),
            _ => out.push(vec![tok]),
        }
    }
    out.into_iter()
        .filter_map(|mut toks| {
            // A garble before a known prefix: "TJUQVGM/".
            if toks.len() == 1 && toks[0].ends_with('/') {
                return None;
            }
            while let Some(last) = toks.last() {
                if last.chars().all(|c| c.is_ascii_digit()) || is_precedence(last) {
                    toks.pop();
                } else {
                    break;
                }
            }
            (!toks.is_empty()).then(|| toks.join(" "))
        })
        .collect()
}

/// "SECSTATE WASHDC PRIORITY 0048" → "SECSTATE WASHDC".
pub(super) fn strip_precedence(a: &str) -> String {
    let mut toks: Vec<&str> = a.split_whitespace().collect();
    while let Some(last) = toks.last() {
        if last.chars().all(|c| c.is_ascii_digit()) || is_precedence(last) {
            toks.pop();
        } else {
            break;
        }
    }
    toks.join(" ")
}

/// TAGS: codes and parenthesised names: "OVIP (SADAT, ANWAR), IR" →
/// ["OVIP", "SADAT, ANWAR", "IR"].
pub(super) fn parse_tags(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        rest = rest.trim_start_matches([',', ' ', ';']);
        if rest.is_empty() {
            break;
        }
        if let Some(r) = rest.strip_prefix('(') {
            let end = r.find(')').unwrap_or(r.len());
            let name = collapse_ws(&r[..end]);
            if !name.is_empty() {
                out.push(name);
            }
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find([',', ' ', ';', '(']).unwrap_or(rest.len());
            let tag = rest[..end].trim_end_matches('.');
            if !tag.is_empty() {
                out.push(tag.to_string());
            }
            rest = &rest[end..];
        }
    }
    out
}

/// A line that continues a TAGS list: "PINT, PGOV, PINR, GJ".
pub(super) fn looks_like_tags(t: &str) -> bool {
    let tags = parse_tags(t);
    !tags.is_empty()
        && t.len() <= 70
        && tags.iter().all(|g| g.len() <= 6 && g.chars().all(|c| c.is_ascii_uppercase()) || t.contains('('))
        && (t.contains(',') || tags.len() == 1)
}

/// Words a wrapped subject line may end on.
pub(super) fn ends_dangling(s: &str) -> bool {
    let last = s.split_whitespace().next_back().unwrap_or("");
    s.ends_with(['-', ',', ':', '/', '&'])
        || matches!(
            last,
            "AND"
                | "OF"
                | "THE"
                | "TO"
                | "FOR"
                | "ON"
                | "IN"
                | "WITH"
                | "A"
                | "AN"
                | "AT"
                | "BY"
                | "FROM"
                | "OR"
                | "ITS"
                | "HIS"
                | "HER"
                | "THEIR"
                | "NEW"
                | "US"
                | "U.S."
                | "-"
                | "--"
        )
}

// ---------------------------------------------------------------- REF lines

/// A letter label in a REF list: "A.", "(A)", "A)".
static REF_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[\s;,])(?:\(([A-Z])\)|([A-Z])[.)])\s"));

/// A telegram reference inside a REF item: "78 STATE 287307", "LIMA 9608".
static REF_DOC: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:(19\d{2}|\d{2})\s+)?([A-Z][A-Z]{2,}(?:\s[A-Z]{2,}){0,2}?)\s+(\d{2,6})\b((?:\s*,\s*\d{2,6}\b)*)")
});

const NOT_POSTS: &[&str] = &[
    "PARA",
    "PARAS",
    "PARAGRAPH",
    "PAGE",
    "NO",
    "NUMBER",
    "NOTAL",
    "DTG",
    "AND",
    "OF",
    "THE",
    "TEL",
    "TELEGRAM",
    "CIRCULAR",
    "AIRGRAM",
    "YOUR",
    "OUR",
    "MY",
    "FAM",
    "SECTION",
    "ITEM",
    "ANNEX",
    "JAN",
    "FEB",
    "MAR",
    "APR",
    "MAY",
    "JUN",
    "JUL",
    "AUG",
    "SEP",
    "SEPT",
    "OCT",
    "NOV",
    "DEC",
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
    "TO",
    "IN",
    "ON",
    "AT",
    "OF",
    "FY",
    "PL",
    "USC",
    "CFR",
    "RES",
    "ARTICLE",
    "LETTER",
    "MEMCON",
    "MEMO",
    "A",
    "REFTEL",
    "STADIS",
];

/// The PlusD document number of a telegram reference: the post as its page
/// header types it (first six characters, spaces dropped: "NEW DELHI" →
/// "NEWDE", "USUN" → "USUNN") and the number padded to five digits (six for
/// STATE).
pub(super) fn document_number(year: u32, post: &str, number: &str) -> Option<String> {
    let first6: String = post.chars().take(6).collect();
    let mut code: String = first6.chars().filter(|c| !c.is_whitespace()).collect();
    if code == "USUN" {
        code = "USUNN".into();
    }
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let n: u64 = number.parse().ok()?;
    let width = if matches!(code.as_str(), "STATE" | "TOSEC") { 6 } else { 5 };
    Some(format!("{year:04}{code}{n:0width$}"))
}

fn ref_documents(text: &str, year: Option<u32>) -> Vec<String> {
    let mut out = Vec::new();
    for c in REF_DOC.captures_iter(text) {
        let post = &c[2];
        if post.split_whitespace().any(|w| NOT_POSTS.contains(&w)) {
            continue;
        }
        // A reference preceded by "A-" or "CA-" is an airgram, not a telegram.
        if c.get(0).is_some_and(|m| text[..m.start()].ends_with('-')) {
            continue;
        }
        let y = match c.get(1) {
            Some(y) if y.as_str().len() == 4 => y.as_str().parse().ok(),
            Some(y) => y.as_str().parse::<u32>().ok().map(|y| if y >= 40 { 1900 + y } else { 2000 + y }),
            None => year,
        };
        let Some(y) = y else { continue };
        let mut numbers = vec![c[3].to_string()];
        if let Some(more) = c.get(4) {
            numbers.extend(more.as_str().split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        }
        for n in numbers {
            if let Some(d) = document_number(y, post, &n) {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// Splits the joined text of the REF lines into labelled references.
pub(super) fn parse_references(text: &str, year: Option<u32>) -> Vec<Reference> {
    let text = collapse_ws(text);
    let text = text.trim().trim_end_matches(['.', ';', ',']);
    if text.is_empty() {
        return Vec::new();
    }
    let mut labels: Vec<(usize, usize, String)> = REF_LABEL
        .captures_iter(text)
        .filter_map(|c| {
            let l = c.get(1).or_else(|| c.get(2))?;
            let whole = c.get(0)?;
            let start = if whole.as_str().starts_with(|ch: char| ch.is_whitespace() || ch == ';' || ch == ',') {
                whole.start() + 1
            } else {
                whole.start()
            };
            Some((start, whole.end(), l.as_str().to_string()))
        })
        .collect();
    // Labels must be distinct and start at A (two columns may interleave:
    // "B. STATE 36519 H. CAPE TOWN 195").
    let distinct = {
        let mut seen: Vec<&str> = labels.iter().map(|l| l.2.as_str()).collect();
        seen.sort_unstable();
        let n = seen.len();
        seen.dedup();
        seen.len() == n
    };
    if !distinct || labels.first().is_none_or(|l| l.2 != "A" && l.0 > 0) {
        labels.clear();
    }
    let make = |label: Option<String>, t: &str| {
        let t = t.trim().trim_end_matches([';', ',', ' ']).trim_end_matches(" AND").trim().to_string();
        let docs = ref_documents(&t, year);
        Reference {
            label,
            document: docs.first().cloned(),
            documents: if docs.len() > 1 { docs } else { Vec::new() },
            text: t,
        }
    };
    if labels.is_empty() {
        return vec![make(None, text)];
    }
    let mut out = Vec::new();
    if labels[0].0 > 0 {
        let head = text[..labels[0].0].trim();
        if !head.is_empty() {
            out.push(make(None, head));
        }
    }
    for (i, (_, end, label)) in labels.iter().enumerate() {
        let stop = labels.get(i + 1).map_or(text.len(), |l| l.0);
        out.push(make(Some(label.clone()), &text[*end..stop.max(*end)]));
    }
    out.sort_by(|a, b| a.label.is_some().cmp(&b.label.is_some()).then(a.label.cmp(&b.label)));
    out
}

// ---------------------------------------------------- Message Attributes

/// The keys of the PlusD "Message Attributes" block (and of the PlusD page
/// header table), longest first so that a key containing another wins.
const ATTRIBUTE_KEYS: &[&str] = &[
    "Original Previous Handling Restrictions",
    "Original Previous Classification",
    "Original Handling Restrictions",
    "Previous Handling Restrictions",
    "Disposition Approved on Date",
    "Previous Channel Indicators",
    "Original Classification",
    "Previous Classification",
    "Current Classification",
    "Handling Restrictions",
    "Disposition Case Number",
    "Disposition Authority",
    "Disposition Comment",
    "Disposition Remarks",
    "Disposition History",
    "Disposition Reason",
    "Disposition Action",
    "Disposition Event",
    "Disposition Date",
    "Litigation Code IDs",
    "Litigation Codes",
    "Litigation History",
    "Review Withdrawn Fields",
    "Review Media Identifier",
    "Review Release Event",
    "Review Release Date",
    "Review Transfer Date",
    "Review Content Flags",
    "Review Exemptions",
    "Review Authority",
    "Review Markings",
    "Review Action",
    "Review Event",
    "Review Date",
    "Review History",
    "Automatic Decaptioning",
    "Channel Indicators",
    "Document Unique ID",
    "Character Count",
    "Document Number",
    "Document Source",
    "Decaption Date",
    "Decaption Note",
    "Executive Order",
    "Office Origin",
    "Office Action",
    "Archive Status",
    "Canonical ID",
    "Capture Date",
    "Control Number",
    "Film Number",
    "Image Path",
    "Legacy Key",
    "Line Count",
    "Message ID",
    "Page Count",
    "Draft Date",
    "Expiration",
    "Enclosure",
    "Concepts",
    "Retention",
    "Reference",
    "Markings",
    "Locator",
    "Drafter",
    "ISecure",
    "SAS ID",
    "Secure",
    "Status",
    "Subject",
    "Office",
    "Format",
    "Errors",
    "Copy",
    "From",
    "TAGS",
    "Type",
    "To",
    "vdkvgwkey",
];

static ATTRIBUTE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = ATTRIBUTE_KEYS.iter().map(|k| regex::escape(k)).collect();
    re(&format!(r"(?:^|\s)({}):", alts.join("|")))
});

/// Parses the joined text of a Message Attributes block: several
/// "Key: value" pairs to a line, values with spaces, keys from a known set.
pub(super) fn parse_attributes(text: &str) -> Vec<Attribute> {
    let text = text.replace("**", "");
    let text = collapse_ws(&text);
    let keys: Vec<(usize, usize, String)> = ATTRIBUTE_KEY
        .captures_iter(&text)
        .filter_map(|c| {
            let m = c.get(1)?;
            Some((m.start(), c.get(0)?.end(), m.as_str().to_string()))
        })
        .collect();
    keys.iter()
        .enumerate()
        .map(|(i, (_, value_start, key))| {
            let end = keys.get(i + 1).map_or(text.len(), |k| k.0).max(*value_start);
            Attribute { key: key.clone(), value: text[*value_start..end].trim().to_string() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banners_in_every_form() {
        assert_eq!(banner("CONFIDENTIAL").unwrap().0, "CONFIDENTIAL");
        assert_eq!(banner("C O N F I D E N T I A L").unwrap().0, "CONFIDENTIAL");
        assert_eq!(banner("SECRET NODIS").unwrap(), ("SECRET", vec!["NODIS".to_string()]));
        assert_eq!(banner("LIMITED OFFICIAL USE").unwrap().0, "LIMITED OFFICIAL USE");
        assert!(banner("CONFIDENTIAL SECTION 01 OF 03 MOSCOW 08357").is_none());
        assert!(banner("SECRETARY VANCE").is_none());
        assert!(banner("SECRET SERVICE").is_none());
    }

    #[test]
    fn classification_lines() {
        let c = class_line("C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 30030").unwrap();
        assert_eq!(
            (c.class, c.section, c.post.as_str(), c.number.as_str()),
            ("CONFIDENTIAL", Some((1, 2)), "MOSCOW", "30030")
        );
        assert!(c.letter_spaced);
        let c = class_line("UNCLAS STATE 011518").unwrap();
        assert_eq!((c.class, c.post.as_str()), ("UNCLASSIFIED", "STATE"));
        let c = class_line("LIMITED OFFICIAL USE STATE 004082").unwrap();
        assert_eq!(c.class, "LIMITED OFFICIAL USE");
        let c = class_line("S E C R E T STATE 123456 NODIS").unwrap();
        assert_eq!(c.caveats, vec!["NODIS"]);
        let c = class_line("UNCLAS E F T O SECTION 02 OF 03 GENEVA 1234").unwrap();
        assert_eq!((c.caveats.clone(), c.section), (vec!["EFTO".to_string()], Some((2, 3))));
        assert!(class_line("CONFIDENTIAL").is_none());
        let c = class_line("L I M I T E D O F F I C I A L U S E SECTION 01 OF 02 WARSAW 01877").unwrap();
        assert_eq!((c.class, c.post.as_str()), ("LIMITED OFFICIAL USE", "WARSAW"));
        assert_eq!(banner("L I M I T E D O F F I C I A L U S E").unwrap().0, "LIMITED OFFICIAL USE");
        assert!(class_line("SECRETARY KISSINGER WILL ARRIVE AT 1800").is_none());
    }

    #[test]
    fn page_headers() {
        let h = page_header("PAGE 02 MOSCOW 08357 01 OF 03 210028Z ACTION EUR-12").unwrap();
        assert_eq!((h.page, h.section), (2, Some((1, 3))));
        assert_eq!(h.post, Some(("MOSCOW".into(), "08357".into())));
        assert!(page_header("PAGE 02").unwrap().short);
        let h = page_header("PAGE 01 USUN N 03077 060232Z").unwrap();
        assert_eq!(h.post, Some(("USUN N".into(), "03077".into())));
        assert!(page_header("PAGE 01 STATE 004082").is_some());
        assert!(page_header("PAGE 01 TEHRAN 02381 01 OF 02 131308 Z").is_some());
        assert!(page_header("PAGES OF THE REPORT").is_none());
    }

    #[test]
    fn dtg_reads_as_iso() {
        let d = dtg("O P 131150 Z APR 73").unwrap();
        assert_eq!((d.precedence.as_deref(), d.dtg.as_str()), (Some("O P"), "131150Z APR 73"));
        assert_eq!(d.iso.as_deref(), Some("1973-04-13T11:50Z"));
        assert_eq!(dtg_iso("20", "13", "17", "APR", "78").as_deref(), Some("1978-04-20T13:17Z"));
    }

    #[test]
    fn addressees() {
        assert_eq!(
            split_addressees("AMEMBASSY TOKYO USMISSION USBERLIN"),
            vec!["AMEMBASSY TOKYO", "USMISSION USBERLIN"]
        );
        assert_eq!(strip_precedence("SECSTATE WASHDC PRIORITY 0048"), "SECSTATE WASHDC");
        assert_eq!(split_addressees("SECSTATE WASHDC IMMEIDATE 6806"), vec!["SECSTATE WASHDC"]);
        assert_eq!(split_addressees("RUMJHTOAMEMBASSY KATHMANDU PRIORITY 124"), vec!["AMEMBASSY KATHMANDU"]);
        assert_eq!(split_addressees("TJUQVGM/ AMEMBASSY ISLAMABAD PRIORITY 1512"), vec!["AMEMBASSY ISLAMABAD"]);
        assert_eq!(split_addressees("AMEMBASSY BANJUL BY POUCH"), vec!["AMEMBASSY BANJUL"]);
        assert_eq!(split_addressees("ALL OECD CAPITALS"), vec!["ALL OECD CAPITALS"]);
        assert_eq!(split_addressees("USMISSION USUN NEW YORK"), vec!["USMISSION USUN NEW YORK"]);
    }

    #[test]
    fn tags_with_names() {
        assert_eq!(parse_tags("OVIP (SADAT, ANWAR)"), vec!["OVIP", "SADAT, ANWAR"]);
        assert_eq!(parse_tags("PFOR, XM, US, CI"), vec!["PFOR", "XM", "US", "CI"]);
        assert_eq!(parse_tags("OVIP (VANCE, CYRUS) IS, SY"), vec!["OVIP", "VANCE, CYRUS", "IS", "SY"]);
    }

    #[test]
    fn markings() {
        let t = "1. (C-ENTIRE TEXT) WE HAVE RECEIVED";
        let (r, m) = marking(t).unwrap();
        assert_eq!(m, "C-ENTIRE TEXT");
        assert_eq!(collapse_ws(&format!("{}{}", &t[..r.start], &t[r.end..])), "1. WE HAVE RECEIVED");
        assert_eq!(marking("1. C - ENTIRE TEXT.").unwrap().1, "C - ENTIRE TEXT");
        assert_eq!(marking("2. (U) THE MEETING").unwrap().1, "U");
        assert_eq!(marking("(U) SUMMARY: X").unwrap().1, "U");
        assert!(marking("(C) JAPANESE SIDE WOULD LIKE").is_none(), "a list letter, not a marking");
        assert!(marking("2. CHINESE FOREIGN POLICY").is_none());
        assert!(marking("3. (CONFIDENTIAL -- USUN'S 3069)").is_none());
        assert_eq!(strip_subject_marking("(U) SOVIET VIEWS"), "SOVIET VIEWS");
    }

    #[test]
    fn references() {
        let r =
            parse_references("(A) 78 STATE 287307 (B) 78 BONN 07942 (C) 78 BONN 22504 (D) STATE 038560", Some(1979));
        let got: Vec<(Option<&str>, Option<&str>)> =
            r.iter().map(|r| (r.label.as_deref(), r.document.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (Some("A"), Some("1978STATE287307")),
                (Some("B"), Some("1978BONN07942")),
                (Some("C"), Some("1978BONN22504")),
                (Some("D"), Some("1979STATE038560"))
            ]
        );
        let r = parse_references("STATE 207894", Some(1973));
        assert_eq!(r[0].document.as_deref(), Some("1973STATE207894"));
        let r = parse_references("A. STATE 36519 B. CAPE TOWN 195 NOTAL", Some(1975));
        assert_eq!(r[1].document.as_deref(), Some("1975CAPET00195"));
        let r = parse_references("STATE 216511, 216512", Some(1973));
        assert_eq!(r[0].documents, vec!["1973STATE216511", "1973STATE216512"]);
        let r = parse_references("5 FAM 900", Some(1974));
        assert_eq!(r[0].document, None);
        let r = parse_references("USUN 3077", Some(1973));
        assert_eq!(r[0].document.as_deref(), Some("1973USUNN03077"));
    }

    #[test]
    fn attributes_several_to_a_line() {
        let a = parse_attributes("Automatic Decaptioning: X Capture Date: 01 jan 1994 Channel Indicators: n/a **Review Media Identifier:** Review Release Date: n/a");
        let pairs: Vec<(&str, &str)> = a.iter().map(|a| (a.key.as_str(), a.value.as_str())).collect();
        assert_eq!(
            pairs,
            vec![
                ("Automatic Decaptioning", "X"),
                ("Capture Date", "01 jan 1994"),
                ("Channel Indicators", "n/a"),
                ("Review Media Identifier", ""),
                ("Review Release Date", "n/a"),
            ]
        );
    }

    #[test]
    fn stamps() {
        assert!(STAMP.is_match(
            "Margaret P. Grafeld Declassified/Released US Department of State EO Systematic Review 04 MAY 2006"
        ));
        let m = STAMP.find("ONE OF THE TWO Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014 WESTERN").unwrap();
        assert!(m.as_str().starts_with("Sheryl"));
    }
}
