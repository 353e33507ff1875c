//! The `cable` format: US State Department telegrams in the PlusD / NARA
//! text layout.
//!
//! A line-by-line state machine classifies every raw line (banner, page
//! header, routing, header field, caption, body text, stamp, attributes, ...)
//! and feeds the body words to the [`Builder`], which reflows them into
//! reading paragraphs. Paragraphs continue across page and section breaks
//! unless the text before the break ended a sentence, and a word cut by a
//! banner glued to it ("STATECONFIDENTIAL" / "MENTS") is rejoined.

use std::sync::LazyLock;

use regex::Regex;

use super::{collapse_ws, title_from_text, Builder, Format};
use crate::model::{Attribute, Document, LineKind, Metadata, Reference};

pub struct Cable;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid regex")
}

const CLASSIFICATIONS: [&str; 7] = [
    "TOP SECRET",
    "SECRET",
    "CONFIDENTIAL",
    "LIMITED OFFICIAL USE",
    "UNCLASSIFIED",
    "UNCLAS",
    "LOU",
];
const CAVEATS: [&str; 6] = ["NODIS", "EXDIS", "LIMDIS", "NOFORN", "STADIS", "NOCONTRACT"];

static PAGE_HEADER: LazyLock<Regex> = LazyLock::new(|| re(r"^PAGE\s+(\d{1,3})\b"));
static PAGE_HEADER_CONT: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[A-Z][A-Z ]{1,15}\s\d{4,6}(\s+\d{1,2}\s+OF\s+\d{1,2})?\s+\d{6}\s?Z?\b"));
static ACTION: LazyLock<Regex> = LazyLock::new(|| re(r"\b(ACTION|ORIGIN)\s+([A-Z]+(?:-\d+)?)"));
static OFFICE_CODE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:[A-Z/]{1,6}-\d{1,3}|/\d+|W|/\d+\s*W)$"));
static CONTROL: LazyLock<Regex> = LazyLock::new(|| re(r"^-{3,}\s*\d*"));
static DTG: LazyLock<Regex> =
    LazyLock::new(|| re(r"^([ROPZ])\s+(\d{2})(\d{2})(\d{2})\s?Z\s+([A-Z]{3})\s+(\d{2})\b"));
static FM: LazyLock<Regex> = LazyLock::new(|| re(r"^FM\s+(.+)$"));
static TO: LazyLock<Regex> = LazyLock::new(|| re(r"^TO\s+(.+)$"));
static INFO: LazyLock<Regex> = LazyLock::new(|| re(r"^INFO\s+(.+)$"));
static SECTION: LazyLock<Regex> = LazyLock::new(|| re(r"\bSECTION\s+(\d{1,2})\s+OF\s+(\d{1,2})\b"));
static SECTION_IN_HEADER: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{1,2})\s+OF\s+(\d{1,2})\b"));
static EO: LazyLock<Regex> = LazyLock::new(|| re(r"^E\.?\s?O\.?\s*\d{4,5}"));
static TAGS: LazyLock<Regex> = LazyLock::new(|| re(r"^TAGS:?\s*(.*)$"));
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| re(r"^SUBJ(?:ECT)?\s*:\s*(.*)$"));
static REF: LazyLock<Regex> = LazyLock::new(|| re(r"^REFS?\s*:?\s+(.*)$"));
static CORRECTED: LazyLock<Regex> = LazyLock::new(|| re(r"^CORRECTED\s*COPY"));
static NOTE: LazyLock<Regex> = LazyLock::new(|| re(r"^NOTE\s+BY\s+[A-Z/]+\s*:"));
static PARA_START: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:-\s+)?(?:\d{1,2}\.\s|\(\d{1,2}\)\s|[A-H]\.\s|(?:BEGIN\s+)?SUMMARY\b|END\s+SUMMARY\b)"));
static LIST_ARTEFACT: LazyLock<Regex> = LazyLock::new(|| re(r"^-\s+(\d{1,2}\.)"));
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:[A-Z][a-z]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+\s+)?Declassified/Released\s+US\s+Department\s+of\s+State\s+EO\s+Systematic\s+Review\s+\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}")
});
static TRAILING_BANNER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(.*?)(\s*)(TOP SECRET|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE|UNCLASSIFIED)$"));
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| re(r#"^(.*[.?!)"'])\s+([A-Z][A-Z'-]{2,})$"#));

/// The keys of the PlusD "Message Attributes" block, longest first so a key
/// that contains another wins.
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
    "Review Markings",
    "Review Action",
    "Review Event",
    "Review Date",
    "Automatic Decaptioning",
    "Channel Indicators",
    "Document Unique ID",
    "Document Number",
    "Document Source",
    "Decaption Date",
    "Decaption Note",
    "Executive Order",
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

/// "C O N F I D E N T I A L" → "CONFIDENTIAL"; other text unchanged.
fn unspace(s: &str) -> String {
    let toks: Vec<&str> = s.split_whitespace().collect();
    if toks.len() >= 4 && toks.iter().all(|t| t.chars().count() == 1) {
        toks.concat()
    } else {
        s.to_string()
    }
}

/// A classification banner, possibly letter-spaced, with caveats.
/// Returns the classification and the caveats.
fn banner(line: &str) -> Option<(String, Vec<String>)> {
    let norm = collapse_ws(&unspace(line.trim()));
    let norm = norm.trim_end_matches(['.', ' ']);
    let mut rest = norm;
    let class = CLASSIFICATIONS.iter().find(|c| rest.starts_with(*c) && word_end(rest, c.len()))?;
    rest = rest[class.len()..].trim_start_matches([' ', '-', '/']);
    let mut caveats = Vec::new();
    for tok in rest.split([' ', '-', '/']).filter(|t| !t.is_empty()) {
        if CAVEATS.contains(&tok) {
            caveats.push(tok.to_string());
        } else {
            return None;
        }
    }
    let class = match *class {
        "UNCLAS" => "UNCLASSIFIED",
        "LOU" => "LIMITED OFFICIAL USE",
        c => c,
    };
    Some((class.to_string(), caveats))
}

fn word_end(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// A line that opens the text part of a telegram: classification followed by
/// the post and number, or a section line ("C O N F I D E N T I A L SECTION
/// 01 OF 02 MOSCOW 30030", "UNCLAS STATE 004082").
fn classification_line(line: &str) -> Option<String> {
    // Letter-spaced classification followed by more words.
    let toks: Vec<&str> = line.split_whitespace().collect();
    let spaced: usize = toks.iter().take_while(|t| t.chars().count() == 1).count();
    let (head, rest): (String, String) = if spaced >= 4 {
        (toks[..spaced].concat(), toks[spaced..].join(" "))
    } else {
        (line.to_string(), String::new())
    };
    let text = if rest.is_empty() { head } else { format!("{head} {rest}") };
    let class = CLASSIFICATIONS.iter().find(|c| text.starts_with(*c) && word_end(&text, c.len()))?;
    let after = text[class.len()..].trim();
    if after.is_empty() {
        return None;
    }
    let looks_like_id = SECTION.is_match(after)
        || after.split_whitespace().any(|t| t.len() >= 4 && t.chars().all(|c| c.is_ascii_digit()));
    looks_like_id.then(|| class.to_string())
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', ')', ' ']);
    t.ends_with(['.', '?', '!', ':']) || t.ends_with("END SUMMARY")
}

const ADDRESS_PREFIXES: &[&str] = &[
    "AMEMBASSY", "AMCONSUL", "USMISSION", "USLO", "SECSTATE", "USDEL", "USINT", "CINCPAC", "CINCEUR", "CINCLANT",
    "CINCUSAREUR", "USCINCEUR", "USNMR", "USUN", "DIA", "JCS", "SECDEF", "WHITEHOUSE", "NSC", "USIA", "AMCONGEN",
];

/// Splits "AMEMBASSY TOKYO USMISSION USBERLIN" into its addressees.
fn split_addressees(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tok in s.split_whitespace() {
        let starts = ADDRESS_PREFIXES.contains(&tok);
        match out.last_mut() {
            Some(last) if !starts => {
                last.push(' ');
                last.push_str(tok);
            }
            _ => out.push(tok.to_string()),
        }
    }
    out.into_iter()
        .map(|a| strip_precedence(&a))
        .filter(|a| !a.is_empty())
        .collect()
}

/// "SECSTATE WASHDC PRIORITY 0048" → "SECSTATE WASHDC".
fn strip_precedence(a: &str) -> String {
    let mut toks: Vec<&str> = a.split_whitespace().collect();
    while let Some(last) = toks.last() {
        if last.chars().all(|c| c.is_ascii_digit())
            || matches!(*last, "PRIORITY" | "IMMEDIATE" | "ROUTINE" | "NIACT" | "FLASH")
        {
            toks.pop();
        } else {
            break;
        }
    }
    toks.join(" ")
}

/// "201317Z APR 78" → "1978-04-20T13:17Z".
fn dtg_iso(day: &str, hh: &str, mm: &str, mon: &str, yy: &str) -> Option<String> {
    let month = month_number(mon)?;
    let yy: u32 = yy.parse().ok()?;
    let year = if yy >= 40 { 1900 + yy } else { 2000 + yy };
    let day: u32 = day.parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}T{hh}:{mm}Z"))
}

fn month_number(mon: &str) -> Option<u32> {
    let m = mon.get(..3)?.to_ascii_uppercase();
    let i = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        .iter()
        .position(|x| *x == m)?;
    Some(i as u32 + 1)
}

/// "20 apr 1978" → "1978-04-20".
fn attribute_date(s: &str) -> Option<String> {
    let toks: Vec<&str> = s.split_whitespace().collect();
    if toks.len() != 3 {
        return None;
    }
    let day: u32 = toks[0].parse().ok()?;
    let month = month_number(toks[1])?;
    let year: u32 = toks[2].parse().ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// Parses the joined text of a Message Attributes block.
fn parse_attributes(text: &str) -> Vec<Attribute> {
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
            let end = keys.get(i + 1).map_or(text.len(), |k| k.0);
            Attribute { key: key.clone(), value: text[*value_start..end].trim().to_string() }
        })
        .collect()
}

fn parse_tags(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(|t| t.trim())
        .filter(|t| !t.is_empty() && t.len() <= 6 && t.chars().all(|c| c.is_ascii_uppercase()))
        .map(str::to_string)
        .collect()
}

/// Where the parser is in the telegram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// Before the addressees: banners, page header, routing, DTG.
    Preamble,
    /// FM / TO / INFO and the addressee lines that follow them.
    Addressees(List),
    /// After the classification or section line: captions, E.O., TAGS, ...
    Captions,
    /// SUBJECT wrapping over lines.
    Subject,
    /// REF wrapping over lines.
    Ref,
    Body,
    Attributes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    To,
    Info,
}

impl Format for Cable {
    fn name(&self) -> &'static str {
        "cable"
    }

    fn detect(&self, text: &str) -> u32 {
        let head: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(60).collect();
        let mut score = 0;
        for l in &head {
            let l = l.trim();
            if PAGE_HEADER.is_match(l) {
                score += 30;
            }
            if DTG.is_match(l) || FM.is_match(l) && l.len() < 60 {
                score += 20;
            }
            if TAGS.is_match(l) || SUBJECT.is_match(l) || EO.is_match(l) {
                score += 15;
            }
            if banner(l).is_some() {
                score += 10;
            }
            if l == "Message Text" || l == "Show Headers" {
                score += 20;
            }
        }
        score.min(100)
    }

    fn parse(&self, id: &str, text: &str) -> Document {
        Parser::new(text).run(id)
    }
}

struct Parser<'a> {
    lines: Vec<&'a str>,
    b: Builder,
    meta: Metadata,
    zone: Zone,
    /// A blank line was seen since the last body text.
    blank_since_text: bool,
    /// The current sheet has had nothing but banners and blanks.
    sheet_fresh: bool,
    /// The previous non-blank line was a lone "PAGE NN".
    after_short_page_header: bool,
    attributes_text: String,
    subject: String,
    refs: Vec<String>,
    section: Option<u32>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            lines: text.lines().collect(),
            b: Builder::new(),
            meta: Metadata::default(),
            zone: Zone::Preamble,
            blank_since_text: false,
            sheet_fresh: true,
            after_short_page_header: false,
            attributes_text: String::new(),
            subject: String::new(),
            refs: Vec::new(),
            section: None,
        }
    }

    /// The next non-blank line after index `i`.
    fn next_nonblank(&self, i: usize) -> Option<&'a str> {
        self.lines[i + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty())
    }

    /// Whether the page (or the section) ends after line `i`.
    fn page_ends_after(&self, i: usize) -> bool {
        match self.next_nonblank(i) {
            None => true,
            Some(n) => banner(n).is_some() || PAGE_HEADER.is_match(n) || n == "NNN" || n == "Message Attributes",
        }
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

    fn run(mut self, id: &str) -> Document {
        for i in 0..self.lines.len() {
            let raw = self.lines[i];
            self.line(i, raw);
        }
        self.finish(id)
    }

    fn line(&mut self, i: usize, raw: &str) {
        let n = i + 1;
        let t = collapse_ws(raw);
        let t = t.as_str();
        if self.zone == Zone::Attributes {
            self.b.line(n, raw, LineKind::Attributes);
            self.attributes_text.push(' ');
            self.attributes_text.push_str(t);
            return;
        }
        if t.is_empty() {
            self.b.line(n, raw, LineKind::Blank);
            self.blank_since_text = true;
            if matches!(self.zone, Zone::Ref) {
                self.zone = Zone::Captions;
            }
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
        if t == "Message Text" || t == "Show Headers" {
            self.b.line(n, raw, LineKind::ExportHeading);
            return;
        }
        // A stamp on a line of its own.
        if let Some(m) = STAMP.find(t) {
            if m.start() == 0 && m.end() == t.len() {
                self.meta.stamps.push(m.as_str().to_string());
                self.b.line(n, raw, LineKind::Stamp);
                return;
            }
        }
        let after_short = std::mem::replace(&mut self.after_short_page_header, false);
        if after_short && PAGE_HEADER_CONT.is_match(t) {
            self.b.line(n, raw, LineKind::PageHeader);
            if let Some(c) = ACTION.captures(t) {
                self.meta.action.get_or_insert_with(|| format!("{} {}", &c[1], &c[2]));
            }
            self.add_label_continuation(t);
            return;
        }
        if let Some(c) = PAGE_HEADER.captures(t) {
            let rest = t[c.get(0).map_or(0, |m| m.end())..].trim();
            self.start_sheet();
            self.b.line(n, raw, LineKind::PageHeader);
            self.b.set_label(t.to_string());
            if let Some(c) = SECTION_IN_HEADER.captures(t) {
                self.section = c[1].parse().ok();
            }
            if let Some(sec) = self.section {
                self.b.set_section(sec);
            }
            if let Some(c) = ACTION.captures(t) {
                self.meta.action.get_or_insert_with(|| format!("{} {}", &c[1], &c[2]));
            }
            self.after_short_page_header = rest.is_empty() || rest.chars().all(|c| c.is_ascii_digit() || c == ' ');
            self.sheet_fresh = false;
            return;
        }
        if let Some((class, caveats)) = banner(t) {
            // A banner before a PAGE header belongs to the new sheet.
            if self.next_nonblank(i).is_some_and(|n| PAGE_HEADER.is_match(n)) {
                self.start_sheet();
            }
            self.record_classification(class, caveats);
            self.b.line(n, raw, LineKind::Banner);
            return;
        }
        self.sheet_fresh = false;
        if t == "NNN" {
            // End of a section: the next section's header follows.
            self.zone = Zone::Preamble;
            self.b.line(n, raw, LineKind::EndMarker);
            return;
        }
        if CONTROL.is_match(t) {
            self.b.line(n, raw, LineKind::Control);
            return;
        }
        if CORRECTED.is_match(t) {
            self.meta.corrections.push(t.to_string());
            self.b.line(n, raw, LineKind::Correction);
            return;
        }
        if NOTE.is_match(t) {
            let (note, _) = self.strip_trailing_banner(i, t);
            self.meta.notes.push(note.to_string());
            self.b.line(n, raw, LineKind::Note);
            return;
        }
        if self.zone != Zone::Body || !self.b.in_paragraph() {
            if let Some(kind) = self.header_line(i, t) {
                self.b.line(n, raw, kind);
                return;
            }
        }
        self.body_line(i, n, raw, t);
    }

    fn add_label_continuation(&mut self, t: &str) {
        // "PAGE 02" then "MOSCOW 30030 01 OF 02 062340Z": one label.
        self.b.append_label(t);
    }

    fn record_classification(&mut self, class: String, caveats: Vec<String>) {
        if self.meta.classification.is_none() {
            self.meta.classification = Some(class);
        }
        for c in caveats {
            if !self.meta.caveats.contains(&c) {
                self.meta.caveats.push(c);
            }
        }
    }

    /// Splits a banner glued to the end of the last line of a page.
    /// Returns the text and whether the banner was glued without a space.
    fn strip_trailing_banner<'t>(&self, i: usize, t: &'t str) -> (&'t str, bool) {
        if self.page_ends_after(i) {
            if let Some(c) = TRAILING_BANNER.captures(t) {
                let (Some(text), Some(space)) = (c.get(1), c.get(2)) else { return (t, false) };
                if !text.as_str().is_empty() {
                    return (text.as_str(), space.as_str().is_empty());
                }
            }
        }
        (t, false)
    }

    /// Classifies a line of the telegram's header. None: it is body text.
    fn header_line(&mut self, i: usize, t: &str) -> Option<LineKind> {
        if let Some(c) = DTG.captures(t) {
            self.meta.precedence = Some(c[1].to_string());
            self.meta.dtg = Some(format!("{}{}{}Z {} {}", &c[2], &c[3], &c[4], &c[5], &c[6]));
            self.meta.dtg_iso = dtg_iso(&c[2], &c[3], &c[4], &c[5], &c[6]);
            self.zone = Zone::Preamble;
            return Some(LineKind::Header);
        }
        if let Some(c) = ACTION.captures(t) {
            if c.get(0).is_some_and(|m| m.start() == 0) {
                self.meta.action.get_or_insert_with(|| format!("{} {}", &c[1], &c[2]));
                self.zone = Zone::Preamble;
                return Some(LineKind::Routing);
            }
        }
        if let Some(c) = FM.captures(t) {
            self.meta.from.get_or_insert_with(|| strip_precedence(&c[1]));
            self.zone = Zone::Addressees(List::To);
            return Some(LineKind::Header);
        }
        if let Some(c) = INFO.captures(t) {
            let rest = c[1].to_string();
            if rest.split_whitespace().filter(|x| OFFICE_CODE.is_match(x)).count() >= 2 {
                self.meta.distribution.extend(
                    rest.split_whitespace().filter(|x| x.contains('-')).map(str::to_string),
                );
                return Some(LineKind::Routing);
            }
            if matches!(self.zone, Zone::Addressees(_)) {
                self.push_addressees(List::Info, &rest);
                self.zone = Zone::Addressees(List::Info);
                return Some(LineKind::Header);
            }
        }
        if let Some(c) = TO.captures(t) {
            if matches!(self.zone, Zone::Addressees(_)) {
                self.push_addressees(List::To, &c[1].to_string());
                self.zone = Zone::Addressees(List::To);
                return Some(LineKind::Header);
            }
        }
        // Wrapped distribution codes: "EB-08 /137 W".
        let toks: Vec<&str> = t.split_whitespace().collect();
        if self.zone == Zone::Preamble && toks.iter().all(|x| OFFICE_CODE.is_match(x)) {
            self.meta.distribution.extend(toks.iter().filter(|x| x.contains('-')).map(|x| x.to_string()));
            return Some(LineKind::Routing);
        }
        if let Some(c) = SECTION.captures(t) {
            if let Ok(s) = c[1].parse::<u32>() {
                self.section = Some(s);
                self.b.set_section(s);
            }
            self.meta.sections = c[2].parse().ok();
            if let Some(class) = classification_line(t) {
                self.record_classification(class, Vec::new());
            }
            self.zone = Zone::Captions;
            return Some(LineKind::Header);
        }
        if let Some(class) = classification_line(t) {
            if matches!(self.zone, Zone::Addressees(_) | Zone::Preamble) {
                self.record_classification(class, Vec::new());
                self.zone = Zone::Captions;
                return Some(LineKind::Header);
            }
        }
        if EO.is_match(t) {
            self.meta.executive_order = Some(t.to_string());
            self.zone = Zone::Captions;
            return Some(LineKind::Header);
        }
        if let Some(c) = TAGS.captures(t) {
            self.meta.tags.extend(parse_tags(&c[1]));
            self.zone = Zone::Captions;
            return Some(LineKind::Header);
        }
        if let Some(c) = SUBJECT.captures(t) {
            let (s, _) = self.strip_trailing_banner(i, &c[1]);
            self.subject = s.to_string();
            self.zone = Zone::Subject;
            return Some(LineKind::Header);
        }
        if let Some(c) = REF.captures(t) {
            self.refs.push(c[1].to_string());
            self.zone = Zone::Ref;
            return Some(LineKind::Header);
        }
        match self.zone {
            Zone::Addressees(list) => {
                if !PARA_START.is_match(t) && t.len() <= 80 && !t.contains('.') {
                    self.push_addressees(list, t);
                    return Some(LineKind::Header);
                }
                None
            }
            Zone::Preamble => {
                if t.starts_with("DRAFTED BY") || t.starts_with("APPROVED BY") || t.starts_with("DESIRED DISTRIBUTION") {
                    return Some(LineKind::Routing);
                }
                None
            }
            Zone::Subject => {
                // SUBJECT wraps: short lines before the body starts.
                let wrapped = self.subject.len() >= 40 && t.len() <= 70 && !PARA_START.is_match(t);
                if wrapped {
                    let (s, _) = self.strip_trailing_banner(i, t);
                    self.subject.push(' ');
                    self.subject.push_str(s);
                    self.zone = Zone::Captions;
                    return Some(LineKind::Header);
                }
                self.zone = Zone::Captions;
                None
            }
            Zone::Ref => {
                if !PARA_START.is_match(t) || t.starts_with(|c: char| c.is_ascii_uppercase() && t.as_bytes().get(1) == Some(&b'.')) {
                    if !self.blank_since_text {
                        self.refs.push(t.to_string());
                        return Some(LineKind::Header);
                    }
                }
                self.zone = Zone::Captions;
                None
            }
            Zone::Captions => {
                let caption = t.len() <= 50
                    && !PARA_START.is_match(t)
                    && !t.ends_with(['.', ',', ';'])
                    && !t.starts_with('(')
                    && !self.b.in_paragraph();
                if caption {
                    if !self.meta.captions.iter().any(|c| c == t) {
                        self.meta.captions.push(t.to_string());
                    }
                    return Some(LineKind::Caption);
                }
                None
            }
            Zone::Body | Zone::Attributes => None,
        }
    }

    fn push_addressees(&mut self, list: List, s: &str) {
        // Every section repeats the addressees: keep each once.
        let target = match list {
            List::To => &mut self.meta.to,
            List::Info => &mut self.meta.info,
        };
        for a in split_addressees(s) {
            if !target.contains(&a) {
                target.push(a);
            }
        }
    }

    fn body_line(&mut self, i: usize, n: usize, raw: &str, t: &str) {
        self.zone = Zone::Body;
        let mut text = t.to_string();
        // A declassification stamp inside a line of text.
        if let Some(m) = STAMP.find(&text) {
            self.meta.stamps.push(m.as_str().to_string());
            text = format!("{} {}", &text[..m.start()], &text[m.end()..]);
        }
        let starts_paragraph = PARA_START.is_match(&text);
        if self.b.in_paragraph() {
            let prev_ended = self.b.open_text().is_some_and(ends_sentence);
            if starts_paragraph || (self.blank_since_text && prev_ended) {
                self.b.end_paragraph();
            }
        }
        self.blank_since_text = false;
        if let Some(c) = LIST_ARTEFACT.captures(&text) {
            let start = c.get(1).map_or(0, |m| m.start());
            text = text[start..].to_string();
        }
        let (body, glued) = self.strip_trailing_banner(i, &text);
        let body = body.to_string();
        self.b.line(n, raw, LineKind::Text);
        self.b.text(n, &body);
        if glued {
            self.b.glue_next();
        }
    }

    /// The signature: a lone name after the last sentence of the body.
    fn take_signature(&mut self) {
        if self.meta.from.is_none() || self.meta.signature.is_some() {
            return;
        }
        if let Some(open) = self.b.open_text() {
            if let Some(c) = SIGNATURE.captures(open) {
                let keep = c.get(1).map_or(0, |m| m.end());
                self.meta.signature = Some(c[2].to_string());
                self.b.truncate_open(keep);
            }
        }
    }

    fn finish(mut self, id: &str) -> Document {
        self.take_signature();
        self.b.end_paragraph();
        let mut meta = self.meta;
        meta.attributes = parse_attributes(&self.attributes_text);
        for a in &meta.attributes {
            match a.key.as_str() {
                "Concepts" => {
                    meta.concepts =
                        a.value.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
                }
                "Document Number" if !a.value.is_empty() => meta.document_number = Some(a.value.clone()),
                "TAGS" if meta.tags.is_empty() => meta.tags = parse_tags(&a.value),
                "Subject" if self.subject.is_empty() => self.subject = a.value.clone(),
                "From" if meta.from.is_none() && a.value != "n/a" => meta.from = Some(a.value.clone()),
                _ => {}
            }
        }
        for r in self.refs {
            meta.references.push(Reference { label: None, text: r, document: None });
        }
        let subject = collapse_ws(&self.subject);
        let subject = TRAILING_BANNER
            .captures(&subject)
            .and_then(|c| c.get(1).map(|m| m.as_str().trim().to_string()))
            .filter(|s| !s.is_empty())
            .unwrap_or(subject);
        if !subject.is_empty() {
            meta.subject = Some(subject.clone());
        }
        let date = meta
            .dtg_iso
            .as_ref()
            .map(|d| d[..10].to_string())
            .or_else(|| meta.attributes.iter().find(|a| a.key == "Draft Date").and_then(|a| attribute_date(&a.value)));
        if meta.document_number.is_none() {
            meta.document_number = document_number(&self.lines, date.as_deref());
        }
        let title = if subject.is_empty() {
            self.b.open_text().map(|t| title_from_text(t, 12)).unwrap_or_default()
        } else {
            subject
        };
        let mut doc = self.b.finish(id, "cable", title, date, meta);
        if doc.title.is_empty() {
            doc.title = doc.paragraphs.first().map(|p| title_from_text(&p.text, 12)).unwrap_or_else(|| id.to_string());
        }
        doc
    }
}

static POST_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"^PAGE\s+\d+\s+([A-Z][A-Z ]*?)\s+(\d{4,6})\b"));

/// "1978MOSCOW08357" from the page header and the date.
fn document_number(lines: &[&str], date: Option<&str>) -> Option<String> {
    let year = date?.get(..4)?;
    let c = lines.iter().find_map(|l| POST_NUMBER.captures(&collapse_ws(l)).map(|c| (c[1].replace(' ', ""), c[2].to_string())))?;
    Some(format!("{year}{}{}", c.0, c.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banners_in_every_form() {
        assert_eq!(banner("CONFIDENTIAL").unwrap().0, "CONFIDENTIAL");
        assert_eq!(banner("C O N F I D E N T I A L").unwrap().0, "CONFIDENTIAL");
        assert_eq!(banner("SECRET NODIS").unwrap(), ("SECRET".into(), vec!["NODIS".into()]));
        assert_eq!(banner("LIMITED OFFICIAL USE").unwrap().0, "LIMITED OFFICIAL USE");
        assert!(banner("CONFIDENTIAL SECTION 01 OF 03 MOSCOW 08357").is_none());
        assert!(banner("SECRETARY VANCE").is_none());
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
    fn dtg_reads_as_iso() {
        assert_eq!(dtg_iso("20", "13", "17", "APR", "78").as_deref(), Some("1978-04-20T13:17Z"));
        assert_eq!(split_addressees("AMEMBASSY TOKYO USMISSION USBERLIN"), vec!["AMEMBASSY TOKYO", "USMISSION USBERLIN"]);
        assert_eq!(strip_precedence("SECSTATE WASHDC PRIORITY 0048"), "SECSTATE WASHDC");
    }
}
