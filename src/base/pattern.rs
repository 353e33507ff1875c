//! The fixed patterns of the parsers, compiled one way.
//!
//! Word boundaries are ASCII: [`re`] compiles `\b` as `(?-u:\b)` (and `\B`
//! as `(?-u:\B)`). The patterns look for typed telegram furniture (`TAGS`,
//! `PARA 2`, `MOSCOW 8357`), for which the two meanings agree; a Unicode
//! boundary instead keeps the regex crate off its lazy DFA whenever the text
//! holds one non-ASCII character, and a binary file read as Windows-1252 then
//! took about two seconds a megabyte in the backtracking engines.

use regex::Regex;

/// Compiles one of Folio's own patterns (never an editor's), with ASCII word
/// boundaries. Panics on an invalid pattern: they are constants, and the
/// unit tests of every parser compile them.
pub(crate) fn re(pattern: &str) -> Regex {
    Regex::new(&ascii_boundaries(pattern)).expect("valid built-in pattern")
}

/// `pattern` with `\b` and `\B` made ASCII; every other escape as written.
fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some('B') => out.push_str(r"(?-u:\B)"),
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_become_ascii_and_other_escapes_stay() {
        assert_eq!(ascii_boundaries(r"\bREF\b\s+\\b\B"), r"(?-u:\b)REF(?-u:\b)\s+\\b(?-u:\B)");
        assert!(re(r"\bREF\b").is_match("SEE REF A"));
        assert!(!re(r"\bREF\b").is_match("PREFACE"));
        // Non-ASCII text is searched, and an ASCII word next to it is a word.
        assert!(re(r"\bTAGS\b").is_match("é TAGS é"));
    }

    #[test]
    fn a_megabyte_of_non_ascii_text_is_searched_by_the_fast_engine() {
        // 1 MB of Windows-1252 letters around one match: linear and quick
        // (the Unicode \b took seconds here). No timing asserted: the
        // count is the check, the bench and the hostile-input test time it.
        let mut hay = "äöü ".repeat(250_000);
        hay.push_str("REFTEL");
        let n = re(r"\b(REFTELS?|REFS?)\b").find_iter(&hay).count();
        assert_eq!(n, 1);
    }
}
