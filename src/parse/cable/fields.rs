//! Line recognisers of the `cable` format, header fields and body marks:
//! paragraph markings and numbers, SUBJECT markings, signatures, sentence
//! ends, addressee lists with precedence, TAGS.

use std::sync::LazyLock;

use regex::Regex;

use crate::base::text::collapse_ws;

use super::furniture::*;

/// "- 6." list markers left by the PlusD conversion.
pub(super) static LIST_ARTEFACT: LazyLock<Regex> = LazyLock::new(|| re(r"^-\s+(\d{1,2}\.|\(\d{1,2}\))"));

pub(super) const MARK_CLASS: &str =
    r"U|C|S|TS|LOU|SBU|C/NF|S/NF|C-NF|S-NF|NF|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE";

/// A paragraph classification marking after the paragraph number:
/// "(C-ENTIRE TEXT)", "(U)", "(ENTIRE TEXT UNCLASSIFIED)", "C - ENTIRE TEXT."
pub(super) static MARKING: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:\(\s*((?:{MARK_CLASS})(?:\s*[-–]+\s*ENTIRE\s+(?:TEXT|MESSAGE))?|ENTIRE\s+TEXT\s*[-–]?\s*(?:{MARK_CLASS}))\s*\.?\s*\)\.?|((?:{MARK_CLASS})\s*[-–]+\s*ENTIRE\s+(?:TEXT|MESSAGE)|ENTIRE\s+TEXT\s*[-–]?\s*(?:{MARK_CLASS}))\s*\.?(?:\s|$))"
    ))
});

/// The paragraph number at the start of a line, if any ("1. ", "(2) ").
pub(super) static PARA_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\d{1,2}\s?\.|\(\d{1,2}\)|[A-Z]\.|\([A-Z]\))\s*"));

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
pub(super) static SUBJECT_MARK: LazyLock<Regex> =
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
pub(super) const ADDRESS_PREFIXES: &[&str] = &[
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
pub(super) fn is_precedence(tok: &str) -> bool {
    const WORDS: [&str; 7] = ["PRIORITY", "IMMEDIATE", "ROUTINE", "NIACT", "FLASH", "POUCH", "OPIMMED"];
    if WORDS.contains(&tok) || tok == "BY" {
        return true;
    }
    // Garbled precedence words: "IMMEIDATE", "PRIORTY", "RPIROITY".
    tok.len() >= 6 && WORDS[..3].iter().any(|w| same_letters(tok, w))
}

pub(super) fn same_letters(a: &str, b: &str) -> bool {
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
    let mut prev_tok = "";
    for tok in s.split_whitespace() {
        // A routing indicator glued to the address: "RUEHCSTATE" is
        // RUEHC (the Department's) and STATE, i.e. SECSTATE.
        if tok.len() == 10 && tok.starts_with("RU") && tok.ends_with("STATE") {
            out.push(vec!["SECSTATE"]);
            prev_tok = "SECSTATE";
            continue;
        }
        let garbled = ADDRESS_PREFIXES.iter().find(|p| tok.len() > p.len() + 2 && tok.ends_with(*p) && p.len() >= 6);
        let tok = match garbled {
            Some(p) => &tok[tok.len() - p.len()..],
            None => tok,
        };
        // A prefix right after a lone prefix is part of the same addressee
        // ("USMISSION USUN NEW YORK", "USMISSION USNATO"), unless it came out
        // of a garble ("AMEMBASSY BANAMEMBASSY BANGKOK": the address
        // restarts); a prefix after FOR is who it is for ("DOD FOR DIA").
        let lone_prefix = out.last().is_some_and(|last| last.len() == 1 && ADDRESS_PREFIXES.contains(&last[0]));
        // "CINC USAFE RAMSTEIN": a short word that is not an address yet.
        let lone_word = out.last().is_some_and(|last| last.len() == 1 && last[0].len() <= 4);
        let starts = ADDRESS_PREFIXES.contains(&tok) && !lone_prefix && !lone_word && prev_tok != "FOR";
        if garbled.is_some() && lone_prefix {
            out.pop();
        }
        match out.last_mut() {
            Some(last) if !(starts || garbled.is_some() && lone_prefix) => last.push(tok),
            _ => out.push(vec![tok]),
        }
        prev_tok = tok;
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
            // An addressee cut by the end of an excerpt: "TO S".
            if toks.len() == 1 && toks[0].len() < 3 {
                return None;
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

/// TAGS: codes, and names in parentheses. A name typed right after a code
/// belongs to it ("OVIP (SADAT, ANWAR)" is one tag: the visit of a
/// person); a name after a comma stands alone ("CY, (ESENBEL, MELIH)" gives
/// "ESENBEL, MELIH"). Connecting words ("AND") are not tags.
pub(super) fn parse_tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = s.trim();
    // A comma (or the start) since the last item.
    let mut separated = true;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix([',', ';']) {
            separated = true;
            rest = r;
            continue;
        }
        if rest.is_empty() {
            break;
        }
        if let Some(r) = rest.strip_prefix('(') {
            let end = r.find(')').unwrap_or(r.len());
            let name = collapse_ws(&r[..end]);
            if !name.is_empty() {
                match out.last_mut() {
                    Some(last) if !separated && !last.contains('(') => {
                        last.push_str(" (");
                        last.push_str(&name);
                        last.push(')');
                    }
                    _ => out.push(name),
                }
            }
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find([',', ' ', ';', '(']).unwrap_or(rest.len());
            let tag = rest[..end].trim_end_matches('.');
            if !tag.is_empty() && !matches!(tag, "AND" | "&") {
                out.push(tag.to_string());
            }
            rest = &rest[end..];
        }
        separated = false;
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

/// "1973SAIGON19561": a year, a post code, a number.
pub(super) fn is_document_number(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() >= 9
        && b[..4].iter().all(u8::is_ascii_digit)
        && (id.starts_with("19") || id.starts_with("20"))
        && b[4..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && b[4].is_ascii_uppercase()
        && b[b.len() - 1].is_ascii_digit()
}

/// A REF item label at the start of a line: "B. STATE 36519", "(C) ...".
pub(super) fn ref_label_start(t: &str) -> bool {
    let b = t.as_bytes();
    match b {
        [b'(', l, b')', b' ', ..] => l.is_ascii_uppercase(),
        [l, b'.' | b')', b' ', ..] => l.is_ascii_uppercase(),
        _ => false,
    }
}

/// A handling line after the classification line, in a section after the
/// first: "CINCPAC FOR POLAD", "USSALTTWO", "DEPT PASS USIA".
pub(super) fn caption_like(t: &str) -> bool {
    let words = t.split_whitespace().count();
    if t.ends_with(['.', ',', ';']) || words > 8 {
        return false;
    }
    (words == 1 && t.len() >= 4 && t.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        || (t.contains(" FOR ") && words <= 6)
        || t.contains(" PASS")
        || t.starts_with("PASS ")
        || t.contains("DISTRIBUTION")
        || t.starts_with("FOR ") && t.contains(" FROM ")
}

/// A word a wrapped line of a title starts with when it continues the line
/// before: "AND SPEAKER OF THE HOUSE", "IN THE HAGUE".
pub(super) fn starts_connected(w: &str) -> bool {
    matches!(
        w,
        "AND"
            | "OF"
            | "TO"
            | "FOR"
            | "ON"
            | "IN"
            | "WITH"
            | "AT"
            | "BY"
            | "FROM"
            | "OR"
            | "INTO"
            | "ABOUT"
            | "AGAINST"
            | "UNDER"
            | "OVER"
            | "BETWEEN"
            | "DURING"
            | "AFTER"
            | "BEFORE"
            | "&"
            | "-"
            | "--"
    )
}
