//! Where the passages of `[[transcription.split]]`, `join` and `delete`
//! occur in the reading text as corrected so far, kept up to date through
//! the corrections instead of searched anew for each item: searching the
//! whole document once per item made 2,500 deletions in a 1 MB document
//! cost items × document length (5.4 s).
//!
//! One Aho-Corasick automaton over every passage (folded like
//! [`crate::base::text::Folded`]: whitespace dropped, lowercase, ASCII
//! quotes and dashes) finds all their occurrences, overlapping ones too, in
//! one sweep over the paragraphs. A correction then changes only what is
//! near it: occurrences inside what was cut, or across a split, are gone;
//! those after a cut move; new ones can only run across the place where
//! two pieces of text now meet, so only a few characters either side of it
//! are searched again. The work is linear in the text plus the items (and
//! the occurrences of each paragraph a correction touches).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::base::text::fold_char;

/// One occurrence of a passage: paragraph key and byte range in its text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    key: usize,
    start: usize,
    end: usize,
    alive: bool,
}

/// The occurrences of a set of folded passages in the corrected paragraphs.
pub(super) struct Hits {
    ac: Option<AhoCorasick>,
    /// Each distinct folded passage's number.
    ids: HashMap<Vec<char>, usize>,
    /// The longest passage, in folded chars.
    longest: usize,
    hits: Vec<Hit>,
    by_needle: Vec<Vec<usize>>,
    by_para: HashMap<usize, Vec<usize>>,
}

impl Hits {
    /// Finds every occurrence of `needles` (folded; empty ones ignored) in
    /// the paragraphs, given as (key, text).
    pub(super) fn new<'t>(
        needles: impl IntoIterator<Item = Vec<char>>,
        paras: impl IntoIterator<Item = (usize, &'t str)>,
    ) -> Hits {
        let mut ids = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        for n in needles {
            if n.is_empty() || ids.contains_key(&n) {
                continue;
            }
            patterns.push(n.iter().collect());
            ids.insert(n, patterns.len() - 1);
        }
        let longest = ids.keys().map(Vec::len).max().unwrap_or(0);
        // Standard semantics with overlapping search report every
        // occurrence of every passage, as a naive search of each would.
        let ac = (!patterns.is_empty())
            .then(|| AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns).ok())
            .flatten();
        let mut h = Hits {
            ac,
            ids,
            longest,
            hits: Vec::new(),
            by_needle: vec![Vec::new(); patterns.len()],
            by_para: HashMap::new(),
        };
        for (key, text) in paras {
            h.scan(key, text, 0, text.len(), |_, _| true);
        }
        h
    }

    /// The occurrences of folded `needle`, in the order of the paragraphs
    /// (their keys in order) and by position within a paragraph: (key,
    /// start, end).
    pub(super) fn find(&self, needle: &[char], keys: impl Iterator<Item = usize>) -> Vec<(usize, usize, usize)> {
        let Some(&id) = self.ids.get(needle) else { return Vec::new() };
        let mut out: Vec<(usize, usize, usize)> = self.by_needle[id]
            .iter()
            .map(|&i| self.hits[i])
            .filter(|h| h.alive)
            .map(|h| (h.key, h.start, h.end))
            .collect();
        if out.len() > 1 {
            let order: HashMap<usize, usize> = keys.enumerate().map(|(i, key)| (key, i)).collect();
            out.sort_by_key(|&(key, start, _)| (order.get(&key).copied().unwrap_or(usize::MAX), start));
        }
        out
    }

    /// Paragraph `key` had bytes `left..right` cut and `sep` bytes of
    /// whitespace put in their place: its text is now `text`.
    pub(super) fn cut(&mut self, key: usize, left: usize, right: usize, sep: usize, text: &str) {
        let ids = self.by_para.remove(&key).unwrap_or_default();
        let mut kept = Vec::with_capacity(ids.len());
        for i in ids {
            let h = &mut self.hits[i];
            if !h.alive {
                continue;
            }
            if h.end <= left {
                kept.push(i);
            } else if h.start >= right {
                h.start = h.start - right + left + sep;
                h.end = h.end - right + left + sep;
                kept.push(i);
            } else {
                h.alive = false;
            }
        }
        self.by_para.insert(key, kept);
        self.junction(key, text, left, left + sep);
    }

    /// Paragraph `key` was divided: its first `first` bytes stay, the text
    /// from byte `cut` on is paragraph `new`.
    pub(super) fn split(&mut self, key: usize, first: usize, cut: usize, new: usize) {
        let ids = self.by_para.remove(&key).unwrap_or_default();
        let (mut stay, mut go) = (Vec::new(), Vec::new());
        for i in ids {
            let h = &mut self.hits[i];
            if !h.alive {
                continue;
            }
            if h.end <= first {
                stay.push(i);
            } else if h.start >= cut {
                h.key = new;
                h.start -= cut;
                h.end -= cut;
                go.push(i);
            } else {
                h.alive = false;
            }
        }
        self.by_para.insert(key, stay);
        self.by_para.insert(new, go);
    }

    /// Paragraph `next` was appended to paragraph `key` after a space: the
    /// text of `key` is now `text`, `next`'s from byte `at + 1`.
    pub(super) fn join(&mut self, key: usize, next: usize, at: usize, text: &str) {
        let moved = self.by_para.remove(&next).unwrap_or_default();
        for &i in &moved {
            let h = &mut self.hits[i];
            h.key = key;
            h.start += at + 1;
            h.end += at + 1;
        }
        self.by_para.entry(key).or_default().extend(moved);
        self.junction(key, text, at, at + 1);
    }

    /// Searches `text` of paragraph `key` again where its bytes before
    /// `left` now meet those from `right` on (the bytes between are
    /// whitespace): only occurrences running across are new.
    fn junction(&mut self, key: usize, text: &str, left: usize, right: usize) {
        if left == 0 || right >= text.len() || self.longest < 2 {
            return;
        }
        // An occurrence across has at most longest - 1 folded chars on
        // either side.
        let reach = self.longest - 1;
        let mut from = left;
        let mut seen = 0;
        for (i, c) in text[..left].char_indices().rev() {
            if seen == reach {
                break;
            }
            from = i;
            if !c.is_whitespace() {
                seen += 1;
            }
        }
        let mut to = right;
        seen = 0;
        for (i, c) in text[right..].char_indices() {
            if seen == reach {
                break;
            }
            to = right + i + c.len_utf8();
            if !c.is_whitespace() {
                seen += 1;
            }
        }
        self.scan(key, text, from, to, |s, e| s < left && e > left);
    }

    /// Adds the occurrences in bytes `from..to` of paragraph `key`'s `text`
    /// that `keep` accepts (by their byte range in `text`).
    fn scan(&mut self, key: usize, text: &str, from: usize, to: usize, keep: impl Fn(usize, usize) -> bool) {
        let Some(ac) = &self.ac else { return };
        // The folded text as UTF-8, with the byte range in `text` of the
        // char each of its bytes belongs to.
        let mut folded = String::with_capacity(to - from);
        let mut starts = Vec::with_capacity(to - from);
        let mut ends = Vec::with_capacity(to - from);
        for (i, c) in text[from..to].char_indices() {
            if let Some(f) = fold_char(c) {
                folded.push(f);
                for _ in 0..f.len_utf8() {
                    starts.push(from + i);
                    ends.push(from + i + c.len_utf8());
                }
            }
        }
        let mut found = Vec::new();
        for m in ac.find_overlapping_iter(folded.as_str()) {
            let (s, e) = (starts[m.start()], ends[m.end() - 1]);
            if keep(s, e) {
                found.push((m.pattern().as_usize(), s, e));
            }
        }
        let list = self.by_para.entry(key).or_default();
        for (needle, start, end) in found {
            let i = self.hits.len();
            self.hits.push(Hit { key, start, end, alive: true });
            self.by_needle[needle].push(i);
            list.push(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::text::{fold, Folded};

    #[derive(Debug)]
    struct Para {
        key: usize,
        text: String,
    }

    fn para(key: usize, text: &str) -> Para {
        Para { key, text: text.into() }
    }

    fn keys(paras: &[Para]) -> impl Iterator<Item = usize> + '_ {
        paras.iter().map(|p| p.key)
    }

    /// What a fresh search of every paragraph finds (the old way).
    fn naive(needle: &[char], paras: &[Para]) -> Vec<(usize, usize, usize)> {
        paras
            .iter()
            .flat_map(|p| Folded::new(&p.text).find_all(needle).into_iter().map(move |(s, e)| (p.key, s, e)))
            .collect()
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
        fn text(&mut self, len: usize) -> String {
            const ALPHABET: [&str; 8] = ["a", "b", " ", "A", "é", "“", "\u{2019}", "  "];
            (0..len).map(|_| ALPHABET[self.next(ALPHABET.len())]).collect()
        }
        /// A char boundary of `s` (0..=len).
        fn boundary(&mut self, s: &str) -> usize {
            let b: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            b[self.next(b.len())]
        }
    }

    #[test]
    fn kept_up_to_date_through_cuts_splits_and_joins() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..300 {
            let needles: Vec<Vec<char>> = (0..6)
                .map(|_| {
                    let len = 1 + rng.next(4);
                    fold(&rng.text(len))
                })
                .collect();
            let mut paras: Vec<Para> = (1..=4)
                .map(|k| {
                    let len = rng.next(30);
                    para(k, &rng.text(len))
                })
                .collect();
            let mut next_key = 5;
            let mut hits = Hits::new(needles.clone(), paras.iter().map(|p| (p.key, p.text.as_str())));
            for step in 0..12 {
                match rng.next(3) {
                    0 if !paras.is_empty() => {
                        let i = rng.next(paras.len());
                        let t = paras[i].text.clone();
                        let (a, b) = (rng.boundary(&t), rng.boundary(&t));
                        let (a, b) = (a.min(b), a.max(b));
                        let (left, right) = (t[..a].trim_end(), t[b..].trim_start());
                        let sep = if left.is_empty() || right.is_empty() { "" } else { " " };
                        let new = format!("{left}{sep}{right}");
                        hits.cut(paras[i].key, left.len(), t.len() - right.len(), sep.len(), &new);
                        paras[i].text = new;
                    }
                    1 if !paras.is_empty() => {
                        let i = rng.next(paras.len());
                        let t = paras[i].text.clone();
                        let at = rng.boundary(&t);
                        let (first, second) = (t[..at].trim_end(), t[at..].trim_start());
                        if second.is_empty() {
                            continue;
                        }
                        hits.split(paras[i].key, first.len(), t.len() - second.len(), next_key);
                        paras.insert(i + 1, para(next_key, second));
                        paras[i].text = first.to_string();
                        next_key += 1;
                    }
                    _ if paras.len() > 1 => {
                        let i = rng.next(paras.len() - 1);
                        let next = paras.remove(i + 1);
                        let at = paras[i].text.len();
                        paras[i].text = format!("{} {}", paras[i].text, next.text);
                        let t = paras[i].text.clone();
                        hits.join(paras[i].key, next.key, at, &t);
                    }
                    _ => {}
                }
                for n in &needles {
                    assert_eq!(
                        hits.find(n, keys(&paras)),
                        naive(n, &paras),
                        "round {round} step {step}: {n:?} in {paras:?}"
                    );
                }
            }
        }
    }
}
