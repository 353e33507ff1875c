//! OCR misreadings of a scanned telegram's page header and classification
//! ("PAGE O2 TEHRAN O4112", "CONFIDENT IAL", "C0NFIDENTIAL", "SECRE T"),
//! repaired before the line recognisers of `furniture.rs` read them again.

use std::borrow::Cow;

/// "PAGE O2 TEHRAN O4112 1O1233Z" → "PAGE 02 TEHRAN 04112 101233Z": a
/// letter O read for a zero (or l, I for a one) in the numbers of a page
/// header.
pub(super) fn page_digits(t: &str) -> Option<String> {
    if !t.starts_with("PAGE ") || !t.contains(['O', 'l', 'I']) {
        return None;
    }
    let fixed: Vec<Cow<str>> = t
        .split_whitespace()
        .map(|w| {
            let body = w.strip_suffix('Z').unwrap_or(w);
            let numeric = body.chars().any(|c| c.is_ascii_digit()) || body == "O" || body == "OO";
            if numeric && body.len() >= 2 && body.chars().all(|c| c.is_ascii_digit() || matches!(c, 'O' | 'l' | 'I')) {
                Cow::Owned(w.replace('O', "0").replace(['l', 'I'], "1"))
            } else {
                Cow::Borrowed(w)
            }
        })
        .collect();
    let out = fixed.join(" ");
    (out != t).then_some(out)
}

/// A letter of a classification word (`x`) and what an OCR may have read
/// for it (`y`): itself, a zero for an O, an I or 1 for an L, an l or 1
/// for an I.
fn ocr_same(x: u8, y: u8) -> bool {
    x == y || matches!((x, y), (b'O', b'0') | (b'L', b'I' | b'1') | (b'I', b'l' | b'1'))
}

/// "CONFIDENT IAL TEHRAN 4112" → "CONFIDENTIAL TEHRAN 4112", "C0NFIDENTIAL"
/// → "CONFIDENTIAL", "CONFIDENTIAI" → "CONFIDENTIAL", "SECRE T" →
/// "SECRET": a classification word broken by the OCR (a space inside it, a
/// zero for an O, an I for an L) at the start of a line.
pub(super) fn class_word_repaired(t: &str) -> Option<String> {
    const WORDS: [&str; 4] = ["CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS"];
    let mut toks = t.split_whitespace();
    let a = toks.next()?;
    // Cheap test first: the first word is (OCR confusions allowed) the
    // start of a classification word.
    let prefix = |w: &str| a.len() <= w.len() && w.bytes().zip(a.bytes()).all(|(x, y)| ocr_same(x, y));
    if a.len() < 2 || !WORDS.iter().any(|w| prefix(w)) || (a.len() < 4 && !t.contains(' ')) {
        return None;
    }
    let rest: Vec<&str> = toks.collect();
    // The classification word `s` reads as, at most two letters misread.
    let fix = |s: &str| -> Option<&'static str> {
        WORDS.iter().copied().find(|w| {
            w.len() == s.len()
                && w.bytes().zip(s.bytes()).all(|(x, y)| ocr_same(x, y))
                && w.bytes().zip(s.bytes()).filter(|(x, y)| x != y).count() <= 2
        })
    };
    let join =
        |head: &str, tail: &[&str]| std::iter::once(head).chain(tail.iter().copied()).collect::<Vec<_>>().join(" ");
    if let Some(w) = fix(a).filter(|w| *w != a) {
        return Some(join(w, &rest));
    }
    let b = rest.first()?;
    let joined = fix(&format!("{a}{b}"))?;
    (a.len() >= 2 && b.len() <= 4).then(|| join(joined, &rest[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_repairs() {
        assert_eq!(page_digits("PAGE O2 TEHRAN O4112 1O1233Z").as_deref(), Some("PAGE 02 TEHRAN 04112 101233Z"));
        assert_eq!(page_digits("PAGE 02 TEHRAN 04112"), None);
        assert_eq!(page_digits("PAGE O2 TOKYO 1234").as_deref(), Some("PAGE 02 TOKYO 1234"));
        assert_eq!(class_word_repaired("CONFIDENT IAL TEHRAN 4112").as_deref(), Some("CONFIDENTIAL TEHRAN 4112"));
        assert_eq!(class_word_repaired("C0NFIDENTIAL").as_deref(), Some("CONFIDENTIAL"));
        assert_eq!(class_word_repaired("SECRE T").as_deref(), Some("SECRET"));
        assert_eq!(class_word_repaired("CONFIDENTIAI").as_deref(), Some("CONFIDENTIAL"));
        assert_eq!(class_word_repaired("UNCLASSIFlED").as_deref(), Some("UNCLASSIFIED"));
        assert_eq!(class_word_repaired("CONFIDENTIAL"), None);
        assert_eq!(class_word_repaired("C0NF1DENTIAI"), None, "three letters misread: not trusted");
        assert_eq!(page_digits("PAGE O2 MOSCOW Ol234 Ol1530Z").as_deref(), Some("PAGE 02 MOSCOW 01234 011530Z"));
        assert_eq!(page_digits("PAGE 02 LIMA 01234"), None);
        assert_eq!(class_word_repaired("SECRET"), None);
        assert_eq!(class_word_repaired("SECRETARY SAID"), None);
    }
}
