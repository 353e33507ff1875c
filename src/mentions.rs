//! Mention detection: register aliases found in the reading text as whole
//! words, case-insensitively, longest match first ("HUA KUO-FENG" wins over
//! "HUA"), with one Aho-Corasick automaton built once per build.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;

use crate::registers::{normalize_alias, Kind, Registers};
use crate::text;

/// A register entry found in a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub kind: Kind,
    pub id: String,
    /// Reading paragraph number (1-based).
    pub paragraph: usize,
    /// Byte range in the paragraph's text.
    pub start: usize,
    pub end: usize,
}

/// The alias matcher for all registers, built once per build.
pub struct MentionMatcher {
    ac: Option<AhoCorasick>,
    /// For each pattern: (kind, entry id, normalized alias).
    targets: Vec<(Kind, String, String)>,
}

impl MentionMatcher {
    pub fn new(registers: &Registers) -> MentionMatcher {
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for kind in Kind::ALL {
            for e in registers.of(kind) {
                for a in &e.aliases {
                    let norm = normalize_alias(a);
                    if norm.is_empty() {
                        continue;
                    }
                    patterns.push(norm.clone());
                    targets.push((kind, e.id.clone(), norm));
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .ok()
        };
        MentionMatcher { ac, targets }
    }

    /// Mentions in one paragraph. `ignore` holds normalized aliases to skip.
    pub fn find(&self, paragraph: usize, text: &str, ignore: &[String], out: &mut Vec<Mention>) {
        let Some(ac) = &self.ac else { return };
        // Match on a lowercased copy with whitespace runs collapsed, mapping
        // offsets back to the original text.
        let (folded, map) = lower_with_map(text);
        for m in ac.find_iter(&folded) {
            let (s, e) = (m.start(), m.end());
            let (os, oe) = (map[s], map[e]);
            if !text::is_whole_word(text, os, oe) {
                continue;
            }
            let (kind, id, alias) = &self.targets[m.pattern().as_usize()];
            if ignore.iter().any(|i| i == alias) {
                continue;
            }
            out.push(Mention { kind: *kind, id: id.clone(), paragraph, start: os, end: oe });
        }
    }
}

/// Lowercases `s` and collapses whitespace runs to one space; `map[i]` is the
/// byte offset in `s` of byte `i` of the result (plus one past the end).
fn lower_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if prev_space {
                continue;
            }
            prev_space = true;
            out.push(' ');
            map.push(i);
            continue;
        }
        prev_space = false;
        let before = out.len();
        for l in c.to_lowercase() {
            out.push(l);
        }
        // Every byte of the lowercased char maps to the original char start.
        for _ in before..out.len() {
            map.push(i);
        }
    }
    map.push(s.len());
    // Make ends map to the end of the original char: a match ending at a
    // char boundary in `out` ends where the next original char starts.
    (out, map)
}

