//! OCR misreadings of a scanned telegram's page header and classification
//! ("PAGE O2 TEHRAN O4112", "CONFIDENT IAL", "C0NFIDENTIAL", "SECRE T"),
//! repaired before the line recognisers of `furniture.rs` read them again.

use std::borrow::Cow;

/// "PAGE O2 TEHRAN O4112 1O1233Z" → "PAGE 02 TEHRAN 04112 101233Z": a
/// letter O read for a zero in the numbers of a page header.
pub(super) fn page_digits(t: &str) -> Option<String> {
    if !t.starts_with("PAGE ") || !t.contains('O') {
        return None;
    }
    let fixed: Vec<Cow<str>> = t
        .split_whitespace()
        .map(|w| {
            let body = w.strip_suffix('Z').unwrap_or(w);
            let numeric = body.chars().any(|c| c.is_ascii_digit()) || body == "O" || body == "OO";
            if numeric && body.len() >= 2 && body.chars().all(|c| c.is_ascii_digit() || c == 'O') {
                Cow::Owned(w.replace('O', "0"))
            } else {
                Cow::Borrowed(w)
            }
        })
        .collect();
    let out = fixed.join(" ");
    (out != t).then_some(out)
}

/// "CONFIDENT IAL TEHRAN 4112" → "CONFIDENTIAL TEHRAN 4112", "C0NFIDENTIAL"
/// → "CONFIDENTIAL", "SECRE T" → "SECRET": a classification word broken by
/// the OCR (a space inside it, a zero for an O) at the start of a line.
pub(super) fn class_word_repaired(t: &str) -> Option<String> {
    const WORDS: [&str; 4] = ["CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS"];
    let mut toks = t.split_whitespace();
    let a = toks.next()?;
    // Cheap test first: the first word is (zeros read as O) the start of a
    // classification word.
    let prefix =
        |w: &str| a.len() <= w.len() && w.bytes().zip(a.bytes()).all(|(x, y)| x == y || (x == b'O' && y == b'0'));
    if a.len() < 2 || !WORDS.iter().any(|w| prefix(w)) || (a.len() < 4 && !t.contains(' ')) {
        return None;
    }
    let rest: Vec<&str> = toks.collect();
    let fix = |s: &str| s.replace('0', "O");
    let join =
        |head: &str, tail: &[&str]| std::iter::once(head).chain(tail.iter().copied()).collect::<Vec<_>>().join(" ");
    if a.contains('0') && WORDS.contains(&fix(a).as_str()) {
        return Some(join(&fix(a), &rest));
    }
    let b = rest.first()?;
    let joined = fix(&format!("{a}{b}"));
    (a.len() >= 2 && b.len() <= 4 && WORDS.contains(&joined.as_str())).then(|| join(&joined, &rest[1..]))
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
        assert_eq!(class_word_repaired("SECRET"), None);
        assert_eq!(class_word_repaired("SECRETARY SAID"), None);
    }
}
