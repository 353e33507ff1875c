//! Words as the search index and search.js see them: what a word character
//! is, how words fold (case, diacritics: NFKD), and JavaScript's string order.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Whether `c` belongs to a word: letters, digits and combining marks
/// (search.js: `[\p{Alphabetic}\p{N}\p{M}]`).
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Folds a word to its search term: compatibility decomposition (NFKD), all
/// combining marks dropped, lowercase, and letters that do not decompose
/// mapped by hand (ß→ss, æ→ae, œ→oe, ø→o, đ/ð→d, ł→l, þ→th, ı→i, ς→σ). So
/// `KAPITSA`, `Kapitsa` and `Kapítsa` are one term, as are `ﬁ` and `fi`.
pub(super) fn fold(word: &str) -> String {
    if word.is_ascii() {
        // Most words of the telegrams: nothing to decompose.
        return word.to_ascii_lowercase();
    }
    let stripped: String = word.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    let lower = stripped.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            'ς' => out.push('σ'),
            c => out.push(c),
        }
    }
    out
}

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// The folded term.
    pub term: String,
}

/// The words of a text, in order; a word's position is its index here.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_word(text, |start, end, term| out.push(Token { start, end, term: term.to_string() }));
    out
}

/// Calls `f(start, end, folded)` for every word of `text`, in order, the
/// folded form in a buffer reused from word to word (no allocation for
/// ASCII words).
pub(super) fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let bytes = text.as_bytes();
    let mut buf = String::new();
    // The current word: where it starts, and whether it is ASCII so far.
    let mut word: Option<(usize, bool)> = None;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes (most of the text) are classified without decoding.
        let (is_word, len, ascii) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1, true),
            _ => match text[i..].chars().next() {
                Some(c) => (is_word_char(c), c.len_utf8(), false),
                None => break,
            },
        };
        match (is_word, &mut word) {
            (true, None) => word = Some((i, ascii)),
            (true, Some((_, all_ascii))) => *all_ascii &= ascii,
            (false, Some((start, all_ascii))) => {
                emit_word(text, *start, i, *all_ascii, &mut buf, &mut f);
                word = None;
            }
            (false, None) => {}
        }
        i += len;
    }
    if let Some((start, all_ascii)) = word {
        emit_word(text, start, text.len(), all_ascii, &mut buf, &mut f);
    }
}

/// Folds the word `text[start..end]` and passes it to `f` (see
/// [`for_each_word`]).
pub(super) fn emit_word(
    text: &str,
    start: usize,
    end: usize,
    ascii: bool,
    buf: &mut String,
    f: &mut impl FnMut(usize, usize, &str),
) {
    let word = &text[start..end];
    if ascii {
        buf.clear();
        buf.push_str(word);
        buf.make_ascii_lowercase();
        if !buf.is_empty() {
            f(start, end, buf);
        }
    } else {
        let term = fold(word);
        if !term.is_empty() {
            f(start, end, &term);
        }
    }
}

/// Compares strings as JavaScript does (UTF-16 code units), so the shard
/// boundaries in the manifest can be binary-searched with `<` in the browser.
pub(super) fn cmp_utf16(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}
