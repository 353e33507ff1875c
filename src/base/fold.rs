//! Folding for register mentions: register aliases and the reading text are
//! compared after [`fold`]: Unicode lowercase, curly apostrophes and quotes
//! as straight ones, dashes as hyphens, whitespace runs as one space. So
//! "Klebanov’s" is a mention of the alias "KLEBANOV" and "HUA  KUO-FENG"
//! split over two lines still matches. Used by the registers (to find alias
//! clashes) and by mention matching.

/// Folds one char for mention matching: Unicode lowercase, typographic
/// apostrophes and quotes to ASCII, dashes to a hyphen.
fn fold_char(c: char, out: &mut String) {
    match c {
        '‘' | '’' | '‚' | '′' | '`' => out.push('\''),
        '“' | '”' | '„' | '″' => out.push('"'),
        '‐' | '‑' | '‒' | '–' | '—' => out.push('-'),
        c => out.extend(c.to_lowercase()),
    }
}

/// The folded form of an alias or text: see the module comment.
pub(crate) fn fold(s: &str) -> String {
    fold_with_map(s).0
}

/// Folds `s` and collapses whitespace runs to one space (trimmed at both
/// ends); `map[i]` is the byte offset in `s` of the char that produced byte
/// `i` of the result, and `map[len]` is `s.len()`.
pub(crate) fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut pending_space: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if pending_space.is_none() && !out.is_empty() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(at) = pending_space.take() {
            out.push(' ');
            map.push(at);
        }
        if c.is_ascii() && c != '`' {
            // Most of a telegram: one byte in, one byte out (the backtick
            // is folded to an apostrophe by fold_char).
            out.push(c.to_ascii_lowercase());
            map.push(i);
            continue;
        }
        let before = out.len();
        fold_char(c, &mut out);
        map.extend(std::iter::repeat_n(i, out.len() - before));
    }
    map.push(pending_space.unwrap_or(s.len()));
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_spaces_and_maps_back_to_the_text() {
        let (f, map) = fold_with_map(" A  b ");
        assert_eq!(f, "a b");
        assert_eq!(map, vec![1, 2, 4, 5]);
    }
}
