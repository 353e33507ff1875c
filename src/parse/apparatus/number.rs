//! Telegram numbers: how a citation ("MOSCOW 8357", "77 BONN 20123",
//! "STATE 123456") becomes the archive's document number
//! (`1978MOSCOW08357`, `1977BONN20123`, `1978STATE123456`).
//!
//! The rules (docs/wip/apparatus.md, docs/apparatus.md):
//! - year: a two-digit prefix is 19YY (from 40) or 20YY, a four-digit one
//!   is taken as is; without a prefix, the citing document's own year;
//!   without that, no number (never a guess);
//! - post: the first six characters of the post name, spaces dropped, as the
//!   archive's page headers type it ("NEW DELHI" → `NEWDE`), with the few
//!   fixed forms of [`FIXED`] ("USUN" → `USUNN`, "USNATO" → `NATO`,
//!   "DEPTEL" → `STATE`);
//! - number: digits, zero-padded to five (six for `STATE` and `TOSEC`); a
//!   longer number, or zero, is not a telegram number.

use std::fmt;

/// A normalized telegram number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TelegramNumber {
    pub year: u16,
    /// The archive's post code: `MOSCOW`, `NEWDE`, `USUNN`, `STATE`.
    pub post: String,
    pub number: u32,
}

impl fmt::Display for TelegramNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{}{:0w$}", self.year, self.post, self.number, w = width(&self.post))
    }
}

/// Citation forms whose archive post code is not the first six letters of
/// what is typed: (as typed, code).
const FIXED: &[(&str, &str)] = &[
    ("USUN", "USUNN"),
    ("USUN N", "USUNN"),
    ("USUN NEW YORK", "USUNN"),
    ("USNATO", "NATO"),
    ("USBER", "USBERL"),
    ("SECSTATE", "STATE"),
    ("DEPTEL", "STATE"),
    ("DEPTELS", "STATE"),
];

/// Digits of a number for a post code: six for the Department's own
/// series, five for posts.
fn width(code: &str) -> usize {
    if matches!(code, "STATE" | "TOSEC") {
        6
    } else {
        5
    }
}

/// The archive's code for a post as typed in a citation, or `None` when it
/// is not a post name (anything but capital letters and single spaces).
pub fn post_code(typed: &str) -> Option<String> {
    let words: Vec<&str> = typed.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|w| w.bytes().all(|b| b.is_ascii_uppercase())) {
        return None;
    }
    let joined = words.join(" ");
    if let Some((_, code)) = FIXED.iter().find(|(t, _)| *t == joined) {
        return Some((*code).to_string());
    }
    let first6: String = joined.chars().take(6).filter(|c| *c != ' ').collect();
    Some(first6)
}

/// The year of a citation prefix: "77" → 1977, "05" → 2005, "1977" → 1977.
pub fn prefix_year(prefix: &str) -> Option<u16> {
    if !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: u16 = prefix.parse().ok()?;
    match prefix.len() {
        2 if y >= 40 => Some(1900 + y),
        2 => Some(2000 + y),
        4 if (1900..2100).contains(&y) => Some(y),
        _ => None,
    }
}

/// Normalizes one citation: `prefix` the typed year ("77") if any, `post`
/// and `number` as typed, `own_year` the citing document's year.
pub fn normalize(prefix: Option<&str>, post: &str, number: &str, own_year: Option<u16>) -> Option<TelegramNumber> {
    let year = match prefix {
        Some(p) => prefix_year(p)?,
        None => own_year?,
    };
    let post = post_code(post)?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = number.trim_start_matches('0');
    if digits.is_empty() || digits.len() > width(&post) {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    Some(TelegramNumber { year, post, number })
}

/// Reads a document number back: `1978MOSCOW08357` → (1978, MOSCOW, 8357).
pub fn parse_id(id: &str) -> Option<TelegramNumber> {
    let b = id.as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let rest = &id[4..];
    let split = rest.find(|c: char| c.is_ascii_digit())?;
    let (post, digits) = rest.split_at(split);
    if post.is_empty() || !post.bytes().all(|c| c.is_ascii_uppercase()) || digits.len() != width(post) {
        return None;
    }
    let n = normalize(Some(&id[..4]), post, digits, None)?;
    // The post of an id is already a code: keep it as it is.
    Some(TelegramNumber { post: post.to_string(), ..n })
}

/// Posts of the period that running text cites by name ("AS REPORTED
/// MOSCOW 8357"), in the forms typed. Numbers after other words are
/// recognised in REF blocks only (and after the posts of the document's
/// own addressees).
pub const KNOWN_POSTS: &[&str] = &[
    "STATE",
    "SECSTATE",
    "DEPTEL",
    "SECTO",
    "TOSEC",
    "USUN",
    "USNATO",
    "NATO",
    "ABIDJAN",
    "ABU DHABI",
    "ACCRA",
    "ADDIS ABABA",
    "ALGIERS",
    "AMMAN",
    "ANKARA",
    "ATHENS",
    "BAGHDAD",
    "BANGKOK",
    "BEIRUT",
    "BELGRADE",
    "BERLIN",
    "BERN",
    "BOGOTA",
    "BONN",
    "BRASILIA",
    "BRUSSELS",
    "BUCHAREST",
    "BUDAPEST",
    "BUENOS AIRES",
    "CAIRO",
    "CANBERRA",
    "CAPE TOWN",
    "CARACAS",
    "COLOMBO",
    "COPENHAGEN",
    "DACCA",
    "DAMASCUS",
    "DAR ES SALAAM",
    "DUBLIN",
    "FRANKFURT",
    "GENEVA",
    "HAMBURG",
    "HELSINKI",
    "HONG KONG",
    "ISLAMABAD",
    "ISTANBUL",
    "JAKARTA",
    "JERUSALEM",
    "JIDDA",
    "KABUL",
    "KATHMANDU",
    "KHARTOUM",
    "KINSHASA",
    "KUALA LUMPUR",
    "KUWAIT",
    "LAGOS",
    "LENINGRAD",
    "LIMA",
    "LISBON",
    "LONDON",
    "LUSAKA",
    "MADRID",
    "MANILA",
    "MEXICO",
    "MONROVIA",
    "MONTEVIDEO",
    "MOSCOW",
    "MUNICH",
    "NAIROBI",
    "NEW DELHI",
    "NICOSIA",
    "OSLO",
    "OTTAWA",
    "PANAMA",
    "PARIS",
    "PEKING",
    "PRAGUE",
    "PRETORIA",
    "QUITO",
    "RABAT",
    "RANGOON",
    "RIYADH",
    "ROME",
    "SAIGON",
    "SANTIAGO",
    "SEOUL",
    "SINGAPORE",
    "SOFIA",
    "STOCKHOLM",
    "TAIPEI",
    "TEHRAN",
    "TEL AVIV",
    "THE HAGUE",
    "TOKYO",
    "TRIPOLI",
    "TUNIS",
    "USBERLIN",
    "VIENNA",
    "VIENTIANE",
    "WARSAW",
    "WELLINGTON",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn id(prefix: Option<&str>, post: &str, n: &str, year: Option<u16>) -> Option<String> {
        normalize(prefix, post, n, year).map(|t| t.to_string())
    }

    #[test]
    fn the_citing_documents_year_when_none_is_typed() {
        assert_eq!(id(None, "STATE", "123456", Some(1977)).as_deref(), Some("1977STATE123456"));
        assert_eq!(id(None, "MOSCOW", "8357", Some(1978)).as_deref(), Some("1978MOSCOW08357"));
        assert_eq!(id(None, "MOSCOW", "8357", None), None, "no year, no number");
    }

    #[test]
    fn a_typed_year_wins() {
        assert_eq!(id(Some("77"), "BONN", "20123", Some(1978)).as_deref(), Some("1977BONN20123"));
        assert_eq!(id(Some("1977"), "BONN", "20123", None).as_deref(), Some("1977BONN20123"));
        assert_eq!(id(Some("05"), "BAGHDAD", "1", None).as_deref(), Some("2005BAGHDA00001"));
        assert_eq!(id(Some("7"), "BONN", "1", Some(1978)), None);
        assert_eq!(id(Some("X7"), "BONN", "1", Some(1978)), None);
    }

    #[test]
    fn zero_padding() {
        assert_eq!(id(None, "STATE", "98001", Some(1978)).as_deref(), Some("1978STATE098001"));
        assert_eq!(id(None, "STATE", "038560", Some(1979)).as_deref(), Some("1979STATE038560"));
        assert_eq!(id(None, "TOSEC", "80095", Some(1975)).as_deref(), Some("1975TOSEC080095"));
        assert_eq!(id(None, "SECTO", "1234", Some(1975)).as_deref(), Some("1975SECTO01234"));
        assert_eq!(id(None, "LONDON", "06120", Some(1978)).as_deref(), Some("1978LONDON06120"));
        assert_eq!(id(None, "BONN", "123456", Some(1978)), None, "six digits are too many for a post");
        assert_eq!(id(None, "STATE", "1234567", Some(1978)), None);
        assert_eq!(id(None, "STATE", "0", Some(1978)), None);
        assert_eq!(id(None, "STATE", "12A", Some(1978)), None);
    }

    #[test]
    fn post_codes() {
        for (typed, code) in [
            ("MOSCOW", "MOSCOW"),
            ("NEW DELHI", "NEWDE"),
            ("BUENOS AIRES", "BUENOS"),
            ("KINSHASA", "KINSHA"),
            ("SANTIAGO", "SANTIA"),
            ("HONG KONG", "HONGK"),
            ("TEL AVIV", "TELAV"),
            ("THE HAGUE", "THEHA"),
            ("DAR ES SALAAM", "DARES"),
            ("USUN", "USUNN"),
            ("USUN NEW YORK", "USUNN"),
            ("USNATO", "NATO"),
            ("NATO", "NATO"),
            ("SECSTATE", "STATE"),
            ("DEPTEL", "STATE"),
            ("USBERLIN", "USBERL"),
            ("NEW  DELHI", "NEWDE"),
        ] {
            assert_eq!(post_code(typed).as_deref(), Some(code), "{typed}");
        }
        assert_eq!(post_code("Moscow"), None);
        assert_eq!(post_code("A-1"), None);
        assert_eq!(post_code(""), None);
    }

    #[test]
    fn ids_read_back() {
        let t = parse_id("1978MOSCOW08357").unwrap();
        assert_eq!((t.year, t.post.as_str(), t.number), (1978, "MOSCOW", 8357));
        assert_eq!(parse_id("1978STATE098001").unwrap().number, 98001);
        assert_eq!(parse_id("1978NEWDE01234").unwrap().post, "NEWDE");
        assert_eq!(parse_id("1978STATE98001"), None, "STATE numbers have six digits");
        assert_eq!(parse_id("monitor-1999-5-156"), None);
        assert_eq!(parse_id("CIA-RDP80B01554R003400120005-7"), None);
        for id in ["1978MOSCOW08357", "1977BONN20123", "1979USUNN05014", "1975STATE177755"] {
            assert_eq!(parse_id(id).unwrap().to_string(), id);
        }
    }

    #[test]
    fn known_posts_have_codes() {
        for p in KNOWN_POSTS {
            let c = post_code(p).unwrap();
            assert!(!c.is_empty() && c.len() <= 6, "{p} → {c}");
        }
    }
}
