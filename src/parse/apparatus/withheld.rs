//! Markers of withheld text in a reading paragraph: the exemption codes a
//! reviewer stamps where text was cut (`25X1` … `25X9` of the CIA's
//! 25-year review, `(b)(1)` … `(b)(9)` of the Freedom of Information Act),
//! and the bracketed notices of editions and releases (`[EXCISED]`,
//! `[DELETED]`, `TEXT NOT DECLASSIFIED`, `[1 line not declassified]`,
//! `[less than 1 line not declassified]`, `[name not declassified]`).
//!
//! Each is a gap: the words of the marker are kept, as typed, and shown as
//! a gap in the reading text (TEI `<gap reason="withheld">`).

use std::sync::LazyLock;

use regex::Regex;

use crate::base::pattern::re;
use serde::Serialize;

/// One withheld-text marker in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Byte range in the paragraph's text.
    pub start: usize,
    pub end: usize,
    /// The marker as typed.
    pub text: String,
    /// The exemption cited (`25X1`, `(b)(1)`), when the marker is a code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemption: Option<String>,
    /// The extent withheld, when the marker says it: (quantity, unit),
    /// unit `line`, `paragraph`, `page` or `word`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extent: Option<(String, String)>,
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?xi)
        (?P<bracket>\[[^\[\]\n]{0,60}?\bnot\s+declassified\])
        | (?P<excised>\[\s*(?:EXCISED|DELETED|WITHHELD|REDACTED|SANITIZED)\s*\])
        | (?P<tnd>\bTEXT\s+NOT\s+DECLASSIFIED\b)
        | (?P<x25>\b25X[1-9]\b)
        | (?P<foia>\(b\)\s*\([1-9]\)(?-i:\([A-Z]\))?(?:\s*,?\s*\(b\)\s*\([1-9]\)(?-i:\([A-Z]\))?)*)
        ")
});

static EXTENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(less\s+than\s+1|\d+(?:\s*1/2|½)?)\s+(line|paragraph|page|word)s?\b"));

/// The withheld-text markers of a paragraph, in order.
pub fn find(text: &str) -> Vec<Gap> {
    MARKER
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let typed = m.as_str().to_string();
            let exemption = if c.name("x25").is_some() || c.name("foia").is_some() {
                Some(typed.to_ascii_lowercase().replace(char::is_whitespace, "").replace("25x", "25X"))
            } else {
                None
            };
            let extent = c.name("bracket").and_then(|b| EXTENT.captures(b.as_str())).and_then(|e| {
                let q = e.get(1)?.as_str().to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
                Some((q, e.get(2)?.as_str().to_ascii_lowercase()))
            });
            Some(Gap { start: m.start(), end: m.end(), text: typed, exemption, extent })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(t: &str) -> Vec<String> {
        find(t).into_iter().map(|g| g.text).collect()
    }

    #[test]
    fn markers() {
        assert_eq!(typed("2. 25X1 REPORTING OF LATE APRIL"), vec!["25X1"]);
        assert_eq!(typed("3. [EXCISED]"), vec!["[EXCISED]"]);
        assert_eq!(typed("4. [2 LINES NOT DECLASSIFIED]"), vec!["[2 LINES NOT DECLASSIFIED]"]);
        assert_eq!(
            typed("the [less than 1 line not declassified] source"),
            vec!["[less than 1 line not declassified]"]
        );
        assert_eq!(typed("met [name not declassified] in Rome"), vec!["[name not declassified]"]);
        assert_eq!(typed("1. (S) TEXT NOT DECLASSIFIED."), vec!["TEXT NOT DECLASSIFIED"]);
        assert_eq!(typed("(b)(1) (b)(3) and more"), vec!["(b)(1) (b)(3)"]);
        assert_eq!(typed("(B)(1), (B)(6)"), vec!["(B)(1), (B)(6)"]);
        assert_eq!(typed("(b)(3)(A) withheld"), vec!["(b)(3)(A)"]);
    }

    #[test]
    fn not_markers() {
        assert!(find("125X1 IS A PART NUMBER; 25X10").is_empty());
        assert!(find("2. (C) THE AMBASSADOR").is_empty());
        assert!(find("SUBPARAGRAPH (B)(1) OF THE TREATY").len() == 1, "a FOIA code is a code wherever it stands");
        assert!(find("THE TEXT WAS DECLASSIFIED").is_empty());
        assert!(find("[sic]").is_empty());
    }

    #[test]
    fn extent_and_exemption() {
        let g = &find("[2 lines not declassified]")[0];
        assert_eq!(g.extent, Some(("2".into(), "line".into())));
        let g = &find("[less than 1 line not declassified]")[0];
        assert_eq!(g.extent, Some(("less than 1".into(), "line".into())));
        let g = &find("[1 paragraph (5 lines) not declassified]")[0];
        assert_eq!(g.extent, Some(("1".into(), "paragraph".into())));
        assert_eq!(find("25X1")[0].exemption.as_deref(), Some("25X1"));
        assert_eq!(find("(B)(1)")[0].exemption.as_deref(), Some("(b)(1)"));
        assert_eq!(find("[EXCISED]")[0].extent, None);
    }
}
