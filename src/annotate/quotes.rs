//! Finding a commentary's quotes (note passages, emendation readings) in a
//! document's reading text: all of them at once, in one Aho-Corasick pass
//! over the text folded once, so that the work grows with the text plus the
//! quotes plus the places found, not with their product (a commentary of
//! 20,000 notes used to match each quote against the whole document).
//!
//! Quotes are compared folded ([`text::fold`]): case, whitespace and the
//! style of quotation marks and dashes do not matter. Every occurrence is
//! found, overlapping ones too.

use std::collections::{BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::base::text::{self, Folded};
use crate::model::Document;

/// A passage note anchored in the reading text.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// 1-based note number, the `#nN` anchor.
    pub n: usize,
    pub quote: String,
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    /// The note's Markdown rendered to HTML (links relative to documents/).
    pub html: String,
}

/// An emendation anchored in the reading text.
#[derive(Debug, Clone, Serialize)]
pub struct AppliedEmendation {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub reading: String,
    pub correction: String,
    pub note: Option<String>,
}

/// Where a quote was found: paragraph number and byte range in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// Every occurrence of every needle in the segments, as `each(needle,
/// segment, first char, char after the last)`, char positions counted in
/// the segment. Needles never contain whitespace (they are folded), so no
/// occurrence runs from one segment into the next. Occurrences of one
/// needle come in order of position.
fn occurrences(segs: &[&[char]], needles: &[&[char]], mut each: impl FnMut(usize, usize, usize, usize)) {
    let pats: Vec<(usize, String)> =
        needles.iter().enumerate().filter(|(_, n)| !n.is_empty()).map(|(i, n)| (i, n.iter().collect())).collect();
    if pats.is_empty() || segs.is_empty() {
        return;
    }
    let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).build(pats.iter().map(|(_, p)| p));
    let Ok(ac) = ac else {
        // Too many quotes for one automaton (never with commentary files
        // under the size limit): each on its own, the slow way.
        for (k, s) in segs.iter().enumerate() {
            for &(i, _) in &pats {
                let n = needles[i];
                for at in (0..(s.len() + 1).saturating_sub(n.len())).filter(|&at| s[at..at + n.len()] == *n) {
                    each(i, k, at, at + n.len());
                }
            }
        }
        return;
    };
    // The segments as one string, '\n' between them (never a folded char),
    // with each char's byte offset; a segment's first char's index.
    let total: usize = segs.iter().map(|s| s.len() + 1).sum();
    let mut hay = String::with_capacity(total);
    let mut byte_of = Vec::with_capacity(total);
    let mut first = Vec::with_capacity(segs.len());
    for s in segs {
        first.push(byte_of.len());
        for &c in *s {
            byte_of.push(hay.len());
            hay.push(c);
        }
        byte_of.push(hay.len());
        hay.push('\n');
    }
    let Ok(found) = ac.try_find_overlapping_iter(&hay) else { return };
    for m in found {
        // A match of UTF-8 in UTF-8 starts on a char boundary.
        let Ok(at) = byte_of.binary_search(&m.start()) else { continue };
        let k = first.partition_point(|&f| f <= at) - 1;
        let (i, _) = pats[m.pattern().as_usize()];
        let local = at - first[k];
        each(i, k, local, local + needles[i].len());
    }
}

/// The quotes of one commentary, each folded once; identical quotes share
/// their places.
pub(crate) struct Quotes {
    needles: Vec<Vec<char>>,
    /// Quote → its needle.
    of: Vec<usize>,
}

impl Quotes {
    pub(crate) fn new<'a>(quotes: impl IntoIterator<Item = &'a str>) -> Quotes {
        let mut needles = Vec::new();
        let mut seen: HashMap<Vec<char>, usize> = HashMap::new();
        let of = quotes
            .into_iter()
            .map(|q| {
                let n = text::fold(q);
                *seen.entry(n.clone()).or_insert_with(|| {
                    needles.push(n);
                    needles.len() - 1
                })
            })
            .collect();
        Quotes { needles, of }
    }

    fn needle_refs(&self) -> Vec<&[char]> {
        self.needles.iter().map(Vec::as_slice).collect()
    }

    /// Where each quote occurs, in the text as typed and in the text as
    /// emended (`ems` sorted by paragraph and start, never overlapping). A
    /// match that cuts into an emendation is widened to cover it. Per
    /// quote, sorted, without repeats.
    pub(crate) fn find(&self, doc: &Document, ems: &[AppliedEmendation]) -> Found {
        // Segments: every paragraph as typed, then the paragraphs with
        // emendations as emended.
        let mut folded: Vec<(usize, Folded)> = doc.paragraphs.iter().map(|p| (p.n, Folded::new(&p.text))).collect();
        for p in &doc.paragraphs {
            let pe = of_paragraph(ems, p.n);
            if !pe.is_empty() {
                folded.push((p.n, corrected_folded(&p.text, pe)));
            }
        }
        let segs: Vec<&[char]> = folded.iter().map(|(_, f)| f.chars.as_slice()).collect();
        let mut hits: Vec<BTreeSet<Hit>> = vec![BTreeSet::new(); self.needles.len()];
        occurrences(&segs, &self.needle_refs(), |i, k, a, b| {
            let (n, f) = &folded[k];
            let (mut s, mut e) = (f.starts[a], f.ends[b - 1]);
            // Emendations are sorted and apart: those a match cuts into are
            // consecutive, and widening over one reaches no other.
            let pe = of_paragraph(ems, *n);
            let (s0, e0) = (s, e);
            for em in pe[pe.partition_point(|em| em.end <= s0)..].iter().take_while(|em| em.start < e0) {
                s = s.min(em.start);
                e = e.max(em.end);
            }
            hits[i].insert(Hit { paragraph: *n, start: s, end: e });
        });
        Found { hits: hits.into_iter().map(|h| h.into_iter().collect()).collect(), of: self.of.clone() }
    }

    /// For each quote, when it runs from one paragraph into the next (first
    /// found): the first and last paragraph it covers.
    pub(crate) fn across_paragraphs(&self, doc: &Document) -> Vec<Option<(usize, usize)>> {
        let mut chars = Vec::new();
        let mut owner = Vec::new();
        for p in &doc.paragraphs {
            for c in p.text.chars().filter_map(text::fold_char) {
                chars.push(c);
                owner.push(p.n);
            }
        }
        self.first_in(&chars, &owner).into_iter().map(|r| r.filter(|(a, b)| a != b)).collect()
    }

    /// For each quote, the raw lines of the facsimile where it is first
    /// found (it may run over several lines), if anywhere.
    pub(crate) fn in_facsimile(&self, doc: &Document) -> Vec<Option<Vec<usize>>> {
        let mut chars = Vec::new();
        let mut owner = Vec::new();
        for l in doc.lines() {
            for c in l.text.chars().filter_map(text::fold_char) {
                chars.push(c);
                owner.push(l.n);
            }
        }
        self.first_in(&chars, &owner).into_iter().map(|r| r.map(|(a, b)| (a..=b).collect())).collect()
    }

    /// For each quote, the owners of its first and last char at its first
    /// occurrence in `chars` (`None`: nowhere, or an empty quote).
    fn first_in(&self, chars: &[char], owner: &[usize]) -> Vec<Option<(usize, usize)>> {
        let mut at: Vec<Option<(usize, usize)>> = vec![None; self.needles.len()];
        occurrences(&[chars], &self.needle_refs(), |i, _, a, b| {
            if at[i].is_none() {
                at[i] = Some((owner[a], owner[b - 1]));
            }
        });
        self.of.iter().map(|&i| at[i]).collect()
    }
}

/// The places of each quote, from [`Quotes::find`].
pub(crate) struct Found {
    hits: Vec<Vec<Hit>>,
    of: Vec<usize>,
}

impl Found {
    /// The places of quote `i` (in the order given to [`Quotes::new`]).
    pub(crate) fn get(&self, i: usize) -> &[Hit] {
        self.of.get(i).map_or(&[], |&n| &self.hits[n])
    }
}

/// The emendations of paragraph `n` (`ems` sorted by paragraph).
fn of_paragraph(ems: &[AppliedEmendation], n: usize) -> &[AppliedEmendation] {
    let from = ems.partition_point(|e| e.paragraph < n);
    let to = ems.partition_point(|e| e.paragraph <= n);
    &ems[from..to]
}

/// The reading text with the emendations applied, folded for matching:
/// the emended words are replaced by their correction, and every folded char
/// of a correction maps to the whole emended range of the original.
fn corrected_folded(text: &str, ems: &[AppliedEmendation]) -> Folded {
    let mut f = Folded { chars: Vec::new(), starts: Vec::new(), ends: Vec::new() };
    let mut next = ems.iter().peekable();
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        // Emendations start on chars (they are found by their folded chars).
        while next.peek().is_some_and(|e| e.start < i) {
            next.next();
        }
        if let Some(e) = next.next_if(|e| e.start == i) {
            for fc in e.correction.chars().filter_map(text::fold_char) {
                f.chars.push(fc);
                f.starts.push(e.start);
                f.ends.push(e.end);
            }
            skip_to = e.end;
            continue;
        }
        if let Some(fc) = text::fold_char(c) {
            f.chars.push(fc);
            f.starts.push(i);
            f.ends.push(i + c.len_utf8());
        }
    }
    f
}

/// Approximate substring match (Sellers): the edit distance of `needle` to
/// its best-matching substring of `hay`, and that substring's char range.
fn best_substring(hay: &[char], needle: &[char]) -> (usize, usize, usize) {
    // (distance, start in hay) for the previous and current needle row.
    let mut prev: Vec<(usize, usize)> = (0..=hay.len()).map(|j| (0, j)).collect();
    let mut cur = prev.clone();
    for (i, &nc) in needle.iter().enumerate() {
        cur[0] = (i + 1, 0);
        for j in 1..=hay.len() {
            let subst = (prev[j - 1].0 + usize::from(hay[j - 1] != nc), prev[j - 1].1);
            let skip_needle = (prev[j].0 + 1, prev[j].1);
            let skip_hay = (cur[j - 1].0 + 1, cur[j - 1].1);
            // Ties: prefer the later start (the shorter passage).
            cur[j] = [subst, skip_needle, skip_hay]
                .into_iter()
                .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .unwrap_or(subst);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let (end, &(d, start)) =
        prev.iter().enumerate().min_by_key(|(j, (d, _))| (*d, *j)).unwrap_or((0, &(needle.len(), 0)));
    (d, start, end)
}

/// How many chars of text times chars of quote [`Nearest`] compares in one
/// document at most (about a second of work): enough for hundreds of
/// misquoted passages in an ordinary document, and a bound on a commentary
/// of thousands of them in a long one, which would otherwise take hours.
pub(crate) const NEAREST_BUDGET: usize = 400_000_000;

/// The search for the passages closest to quotes that were not found,
/// within [`NEAREST_BUDGET`] for one document (its paragraphs folded once).
pub(crate) struct Nearest {
    left: usize,
    folded: Option<(Vec<Folded>, usize)>,
}

impl Default for Nearest {
    fn default() -> Nearest {
        Nearest { left: NEAREST_BUDGET, folded: None }
    }
}

impl Nearest {
    /// The passages closest to a quote that was not found: at most `n`, one
    /// per paragraph, nearest first, as `paragraph N: "WORDS"` lines. Only
    /// passages within a third of the quote's length in edits are offered.
    /// None once the budget is spent (the search was not made). Always
    /// asked of the same document.
    pub(crate) fn passages(&mut self, doc: &Document, quote: &str, n: usize) -> Option<Vec<String>> {
        let needle = text::fold(quote);
        if needle.is_empty() {
            return Some(Vec::new());
        }
        let (folded, chars) = self.folded.get_or_insert_with(|| {
            let f: Vec<Folded> = doc.paragraphs.iter().map(|p| Folded::new(&p.text)).collect();
            let chars = f.iter().map(|f| f.chars.len()).sum();
            (f, chars)
        });
        self.left = self.left.checked_sub(needle.len().saturating_mul(*chars))?;
        let mut cands: Vec<(usize, usize, String)> = Vec::new();
        for (p, f) in doc.paragraphs.iter().zip(folded.iter()) {
            if f.chars.is_empty() {
                continue;
            }
            let (d, s, e) = best_substring(&f.chars, &needle);
            if e <= s || d * 3 > needle.len() {
                continue;
            }
            // Widen to whole words of the original.
            let mut bs = f.starts[s];
            let mut be = f.ends[e - 1];
            while let Some(c) = p.text[..bs].chars().next_back().filter(|c| !c.is_whitespace()) {
                bs -= c.len_utf8();
            }
            while let Some(c) = p.text[be..].chars().next().filter(|c| !c.is_whitespace()) {
                be += c.len_utf8();
            }
            let words = p.text[bs..be].split_whitespace().collect::<Vec<_>>().join(" ");
            cands.push((d, p.n, words));
        }
        cands.sort();
        Some(cands.into_iter().take(n).map(|(_, p, w)| format!("paragraph {p}: \"{w}\"")).collect())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn nearest_passage_is_an_approximate_substring() {
        let hay: Vec<char> = "abcdefghij".chars().collect();
        let needle: Vec<char> = "dxfg".chars().collect();
        assert_eq!(best_substring(&hay, &needle), (1, 3, 7));
    }

    /// Folio's search before the quotes were found all at once (each quote
    /// against every paragraph): what the one pass must give, place for
    /// place.
    fn find_quote_each(doc: &Document, ems: &[AppliedEmendation], quote: &str) -> Vec<Hit> {
        fn corrected(text: &str, ems: &[&AppliedEmendation]) -> Folded {
            let mut f = Folded { chars: Vec::new(), starts: Vec::new(), ends: Vec::new() };
            let mut skip_to = 0;
            for (i, c) in text.char_indices() {
                if i < skip_to {
                    continue;
                }
                if let Some(e) = ems.iter().find(|e| e.start == i) {
                    for fc in e.correction.chars().filter_map(text::fold_char) {
                        f.chars.push(fc);
                        f.starts.push(e.start);
                        f.ends.push(e.end);
                    }
                    skip_to = e.end;
                    continue;
                }
                if let Some(fc) = text::fold_char(c) {
                    f.chars.push(fc);
                    f.starts.push(i);
                    f.ends.push(i + c.len_utf8());
                }
            }
            f
        }
        let needle = text::fold(quote);
        let mut hits = BTreeSet::new();
        for p in &doc.paragraphs {
            let pe: Vec<&AppliedEmendation> = ems.iter().filter(|e| e.paragraph == p.n).collect();
            let mut found = Folded::new(&p.text).find_all(&needle);
            if !pe.is_empty() {
                found.extend(corrected(&p.text, &pe).find_all(&needle));
            }
            for (mut s, mut e) in found {
                for em in &pe {
                    if s < em.end && em.start < e {
                        s = s.min(em.start);
                        e = e.max(em.end);
                    }
                }
                hits.insert(Hit { paragraph: p.n, start: s, end: e });
            }
        }
        hits.into_iter().collect()
    }

    /// The scan across paragraphs and facsimile lines before (first
    /// occurrence, its first and last owner).
    fn first_each(chars: &[char], owner: &[usize], needle: &[char]) -> Option<(usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        (0..(chars.len() + 1).saturating_sub(needle.len()))
            .find(|&i| chars[i..i + needle.len()] == needle[..])
            .map(|i| (owner[i], owner[i + needle.len() - 1]))
    }

    /// Non-overlapping emendations of the paragraphs, from (paragraph
    /// pick, char pick, length, correction) seeds: each starts and ends on
    /// a folded char, as one anchored by its reading does.
    fn emendations(doc: &Document, seeds: &[(usize, usize, usize, String)]) -> Vec<AppliedEmendation> {
        let mut out: Vec<AppliedEmendation> = Vec::new();
        for (p, at, len, correction) in seeds {
            let Some(para) = doc.paragraphs.get(p % doc.paragraphs.len().max(1)) else { continue };
            let f = Folded::new(&para.text);
            if f.chars.is_empty() {
                continue;
            }
            let a = at % f.chars.len();
            let b = (a + len).min(f.chars.len() - 1);
            let (start, end) = (f.starts[a], f.ends[b]);
            if out.iter().any(|o| o.paragraph == para.n && start < o.end && o.start < end) {
                continue;
            }
            out.push(AppliedEmendation {
                paragraph: para.n,
                start,
                end,
                reading: para.text[start..end].to_string(),
                correction: correction.clone(),
                note: None,
            });
        }
        out.sort_by_key(|e| (e.paragraph, e.start));
        out
    }

    /// Words from a small stock, so that quotes occur often, overlapping
    /// and across paragraphs; with typographic quotes, dashes, capitals
    /// and a letter outside ASCII.
    fn raw() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec!["a", "ab", "ba", "AB", "“a”", "a–b", "é", "É", "aa", "b"]);
        let sep = prop::sample::select(vec![" ", " ", "  ", "\n", "\n\n"]);
        prop::collection::vec((word, sep), 1..80).prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// All quotes at once find exactly what each quote alone found, in
        /// the text as typed and as emended; and the same paragraphs
        /// crossed and facsimile lines.
        #[test]
        fn one_pass_finds_what_each_quote_alone_found(
            text in raw(),
            quotes in prop::collection::vec("[abAB é“”'\"–-]{0,7}", 1..12),
            seeds in prop::collection::vec((0usize..20, 0usize..200, 0usize..4, "[abé “-]{0,4}"), 0..6),
        ) {
            let doc = crate::parse::parse(&crate::model::DocId::any("T"), &text, crate::parse::by_name("plain"));
            let ems = emendations(&doc, &seeds);
            let q = Quotes::new(quotes.iter().map(String::as_str));
            for ems in [&[][..], &ems[..]] {
                let found = q.find(&doc, ems);
                for (i, quote) in quotes.iter().enumerate() {
                    prop_assert_eq!(found.get(i), &find_quote_each(&doc, ems, quote)[..], "quote {:?}", quote);
                }
            }
            let (mut pc, mut po, mut lc, mut lo) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for p in &doc.paragraphs {
                for c in p.text.chars().filter_map(text::fold_char) {
                    pc.push(c);
                    po.push(p.n);
                }
            }
            for l in doc.lines() {
                for c in l.text.chars().filter_map(text::fold_char) {
                    lc.push(c);
                    lo.push(l.n);
                }
            }
            let across = q.across_paragraphs(&doc);
            let facsimile = q.in_facsimile(&doc);
            for (i, quote) in quotes.iter().enumerate() {
                let needle = text::fold(quote);
                prop_assert_eq!(across[i], first_each(&pc, &po, &needle).filter(|(a, b)| a != b));
                prop_assert_eq!(facsimile[i].clone(), first_each(&lc, &lo, &needle).map(|(a, b)| (a..=b).collect()));
            }
        }
    }
}
