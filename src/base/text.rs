//! Small text utilities shared by the stages: HTML escaping, text
//! normalisation for quote matching, word boundaries, edit distance.

/// English month names, for dates shown to readers.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Decodes the character references of HTML text or an attribute value:
/// the named ones pulldown-cmark writes (amp, lt, gt, quot, apos, nbsp)
/// and numeric ones; anything else is left as it is.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                n if n.starts_with("#x") || n.starts_with("#X") => {
                    u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32)
                }
                n if n.starts_with('#') => n[1..].parse::<u32>().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a byte is a control character no HTML or XML file may hold
/// raw: C0 controls other than tab, newline and carriage return, and DEL.
/// (In UTF-8 these bytes are always whole characters.) Bitwise, without
/// branches, so that block scans vectorize.
#[inline(always)]
fn is_control_byte(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7f)
}

/// Whether `bytes` holds a control byte. Every page and export is
/// scanned (about a gigabyte at 10,000 documents), so whole blocks are
/// tested at once (the compiler vectorizes a fold without an early exit);
/// a byte-by-byte `any` cost several times more.
fn has_control_byte(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | is_control_byte(b)) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| is_control_byte(b))
}

/// Text with every raw control character (see [`is_control_byte`])
/// replaced by U+FFFD; borrowed when there is none (the usual case).
pub(crate) fn without_controls(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !has_control_byte(bytes) {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    for &b in bytes {
        if is_control_byte(b) {
            out.extend_from_slice("\u{FFFD}".as_bytes());
        } else {
            out.push(b);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(s, &mut out);
    out
}

pub(crate) fn escape_into(s: &str, out: &mut String) {
    // Copy runs of ordinary text at once; the five special characters are
    // ASCII, so byte positions are char boundaries.
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(esc);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// `<time datetime="D">D</time>` for a date as the edition writes it;
/// `<time datetime="D" title="HOW">[D]</time>` for an inferred one.
pub(crate) fn time_html(date: &str, inferred: Option<&str>, out: &mut String) {
    out.push_str("<time datetime=\"");
    escape_into(date, out);
    match inferred {
        // An inferred date in brackets, how it was inferred as its tooltip.
        Some(how) => {
            out.push_str("\" title=\"");
            escape_into(how, out);
            out.push_str("\">[");
            escape_into(date, out);
            out.push(']');
        }
        None => {
            out.push_str("\">");
            escape_into(date, out);
        }
    }
    out.push_str("</time>");
}

/// Folds a character for quote matching: lowercase, typographic quotes and
/// dashes to their ASCII forms. Returns None for whitespace.
pub(crate) fn fold_char(c: char) -> Option<char> {
    if c.is_whitespace() {
        return None;
    }
    Some(match c {
        '‘' | '’' | '‚' | '′' | '`' => '\'',
        '“' | '”' | '„' | '″' | '«' | '»' => '"',
        '–' | '—' | '‐' | '‑' => '-',
        c => {
            let mut l = c.to_lowercase();
            let first = l.next().unwrap_or(c);
            if l.next().is_some() {
                c
            } else {
                first
            }
        }
    })
}

/// A text folded for matching, with each folded character's byte offset in
/// the original. Whitespace is dropped, so matching ignores it entirely.
#[derive(Debug, Clone)]
pub struct Folded {
    pub chars: Vec<char>,
    /// Byte offset in the original of each folded char.
    pub starts: Vec<usize>,
    /// Byte offset just after each folded char.
    pub ends: Vec<usize>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
        let mut f = Folded {
            chars: Vec::with_capacity(s.len()),
            starts: Vec::with_capacity(s.len()),
            ends: Vec::with_capacity(s.len()),
        };
        for (i, c) in s.char_indices() {
            if let Some(fc) = fold_char(c) {
                f.chars.push(fc);
                f.starts.push(i);
                f.ends.push(i + c.len_utf8());
            }
        }
        f
    }

    /// Byte ranges in the original where `needle` (folded) occurs.
    pub fn find_all(&self, needle: &[char]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if needle.is_empty() || needle.len() > self.chars.len() {
            return out;
        }
        // The first char is compared inline and the rest only where it
        // matches: a slice comparison at every position is a memcmp call
        // each, which made a search of a long document slow.
        let (first, rest) = (needle[0], &needle[1..]);
        let last = self.chars.len() - needle.len();
        for (i, &c) in self.chars[..=last].iter().enumerate() {
            if c == first && self.chars[i + 1..i + needle.len()] == *rest {
                out.push((self.starts[i], self.ends[i + needle.len() - 1]));
            }
        }
        out
    }
}

/// The byte offset in `text` where folded `needle` first occurs at or after
/// byte `from` (a char boundary): the first of `Folded::new(text)
/// .find_all(needle)` starting there, without folding the whole text.
pub(crate) fn find_folded_from(text: &str, needle: &[char], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let tail = text.get(from..)?;
    'start: for (i, c) in tail.char_indices() {
        if fold_char(c) != Some(first) {
            continue;
        }
        let mut want = rest.iter();
        let mut next = want.next();
        for c in tail[i + c.len_utf8()..].chars() {
            let Some(w) = next else { break };
            match fold_char(c) {
                None => {}
                Some(f) if f == *w => next = want.next(),
                Some(_) => continue 'start,
            }
        }
        if next.is_none() {
            return Some(from + i);
        }
        // The text ran out before the needle did: no later start can fit.
        return None;
    }
    None
}

/// Folds a needle the same way as [`Folded`].
pub fn fold(s: &str) -> Vec<char> {
    s.chars().filter_map(fold_char).collect()
}

/// Whether the byte range `start..end` of `s` is a whole word (not preceded
/// or followed by a letter or digit).
pub(crate) fn is_whole_word(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

/// Levenshtein distance over chars (small strings: ids, quotes).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Up to `n` words either side of a byte range, for keyword-in-context lines.
pub(crate) fn context(s: &str, start: usize, end: usize, words: usize) -> (String, String, String) {
    // Only the words needed (plus one, to know whether to elide): a long
    // paragraph with many mentions is not split again for each.
    let mut before: Vec<&str> = s[..start].split_whitespace().rev().take(words + 1).collect();
    let elided = before.len() > words;
    before.truncate(words);
    before.reverse();
    let after: Vec<&str> = s[end..].split_whitespace().take(words + 1).collect();
    let mut left = before.join(" ");
    if elided {
        left = format!("… {left}");
    }
    if s[..start].ends_with(char::is_whitespace) && !left.is_empty() {
        left.push(' ');
    }
    let mut right = after[..after.len().min(words)].join(" ");
    if s[end..].starts_with(char::is_whitespace) && !right.is_empty() {
        right.insert(0, ' ');
    }
    if after.len() > words {
        right.push_str(" …");
    }
    (left, s[start..end].to_string(), right)
}

/// A word with its first letter upper case and the rest lower case
/// ("MOSCOW" → "Moscow").
pub(crate) fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_matching_ignores_case_space_and_quotes() {
        let f = Folded::new("THE CHINESE ARE  PATHOLOGICALLY\nAFRAID OF “IT”");
        let hits = f.find_all(&fold("pathologically afraid"));
        assert_eq!(hits.len(), 1);
        assert_eq!(&"THE CHINESE ARE  PATHOLOGICALLY\nAFRAID OF “IT”"[hits[0].0..hits[0].1], "PATHOLOGICALLY\nAFRAID");
        assert_eq!(f.find_all(&fold("of \"it\"")).len(), 1);
    }

    #[test]
    fn escapes() {
        assert_eq!(escape_html("<script>&amp;"), "&lt;script&gt;&amp;amp;");
        assert_eq!(escape_html("Zoë's \"café\" <b>"), "Zoë&#39;s &quot;café&quot; &lt;b&gt;");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain"), "plain");
    }

    /// The block scan finds a control byte wherever it falls in or across
    /// blocks, and only a control byte.
    #[test]
    fn control_scan_finds_every_control_byte() {
        for len in [1, 15, 16, 17, 63, 64, 65, 130] {
            for at in 0..len {
                for special in ["\u{0}", "\u{7f}", "\u{1b}", "\u{1f}", "é", "\t", "\n", "\r", " ", "\u{80}"] {
                    let mut s: String = "abcdefghijklmnopqrstuvwxyz".chars().cycle().take(len).collect();
                    s.replace_range(at..at + 1, special);
                    let controls = s.bytes().any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f);
                    assert_eq!(has_control_byte(s.as_bytes()), controls, "{s:?}");
                    match without_controls(s.as_bytes()) {
                        std::borrow::Cow::Borrowed(b) => assert!(!controls && b == s.as_bytes()),
                        std::borrow::Cow::Owned(o) => {
                            assert!(controls);
                            assert_eq!(String::from_utf8(o).unwrap(), s.replace(special, "\u{FFFD}"));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn kwic() {
        let s = "one two three KAPITSA four five six";
        let (l, k, r) = context(s, 14, 21, 2);
        assert_eq!((l.as_str(), k.as_str(), r.as_str()), ("… two three ", "KAPITSA", " four five …"));
        assert_eq!(edit_distance("kapitza", "kapitsa"), 1);
    }
}
