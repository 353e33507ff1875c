//! The document's own paragraph numbers: telegrams number their paragraphs
//! ("3.", "A.", "(B)") and editors cite them. Each paragraph that starts
//! with one gets it as a `label` and, when unique, an `anchor` (`para-3`,
//! `para-3-a` for sub-paragraph A under paragraph 3) beside the stable
//! `#pN`.

use crate::model::Document;

/// The number a paragraph starts with: `3` from "3. WE HAVE", `A` from "A.
/// THE" or "(A) THE", `12` from "12.THE" (telegrams drop the space).
pub(super) fn leading_number(text: &str) -> Option<String> {
    let t = text.trim_start();
    let (inner, rest) = if let Some(r) = t.strip_prefix('(') {
        let close = r.find(')')?;
        (&r[..close], &r[close + 1..])
    } else {
        let dot = t.find(['.', ')'])?;
        (&t[..dot], &t[dot + 1..])
    };
    let digits = !inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_digit());
    let letter = inner.len() == 1 && inner.bytes().all(|b| b.is_ascii_uppercase());
    if !(digits || letter) || inner == "0" {
        return None;
    }
    // Something must follow: "A." alone, or "A.B.C." initials, are not numbers.
    let rest_t = rest.trim_start();
    if rest_t.is_empty() || (letter && rest.starts_with(|c: char| c.is_ascii_uppercase()) && !t.starts_with('(')) {
        return None;
    }
    if letter && rest_t.starts_with(|c: char| c.is_ascii_uppercase()) && rest_t.chars().nth(1) == Some('.') {
        return None;
    }
    Some(inner.to_string())
}

/// Sets each paragraph's `label` (the document's own number) and `anchor`
/// (`para-3`, `para-3-a`; left out when the same anchor came earlier).
pub(crate) fn paragraph_labels(doc: &mut Document) {
    let mut seen = std::collections::HashSet::new();
    let mut last_number: Option<String> = None;
    for p in &mut doc.paragraphs {
        p.label = None;
        p.anchor = None;
        let Some(label) = leading_number(&p.text) else { continue };
        let anchor = if label.bytes().all(|b| b.is_ascii_digit()) {
            last_number = Some(label.clone());
            format!("para-{label}")
        } else {
            match &last_number {
                Some(n) => format!("para-{n}-{}", label.to_ascii_lowercase()),
                None => format!("para-{}", label.to_ascii_lowercase()),
            }
        };
        if seen.insert(anchor.clone()) {
            p.anchor = Some(anchor);
        }
        p.label = Some(label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_numbers() {
        assert_eq!(leading_number("3. WE HAVE").as_deref(), Some("3"));
        assert_eq!(leading_number("12.THE MINISTER").as_deref(), Some("12"));
        assert_eq!(leading_number("A. THE FIRST").as_deref(), Some("A"));
        assert_eq!(leading_number("(B) THE SECOND").as_deref(), Some("B"));
        assert_eq!(leading_number("A.B. SMITH SAID").as_deref(), None);
        assert_eq!(leading_number("A NUMBER OF").as_deref(), None);
        assert_eq!(leading_number("1978. THE YEAR").as_deref(), None);
        assert_eq!(leading_number("SUMMARY: X").as_deref(), None);
    }
}
