//! The Rust twin of search.js's reader, for tests: decodes postings and
//! document sets and runs phrase queries over an index built in memory.

use rayon::prelude::*;

use super::encode::ALPHABET;
use super::words::{cmp_utf16, tokenize};
use super::{Postings, SearchBuilder};
use crate::annotate::Annotated;
use crate::load::registers::Registers;

/// Reads numbers written by [`put`] (the Rust twin of search.js's reader).
#[derive(Debug)]
pub struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    pub fn new(s: &'a str) -> Reader<'a> {
        Reader { s: s.as_bytes(), i: 0 }
    }
    pub fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    /// The next number, or None at the end or on a malformed string.
    pub fn next_num(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        loop {
            let c = *self.s.get(self.i)?;
            self.i += 1;
            let d = ALPHABET.iter().position(|&a| a == c)? as u64;
            if d < 32 {
                return Some(v * 32 + d);
            }
            v = v * 32 + (d - 32);
        }
    }
}

impl Postings {
    /// Builds the postings of `docs`, numbered in slice order (for tests and
    /// tools; the site build goes through [`SearchBuilder`]).
    pub fn build(docs: &[&Annotated], registers: &Registers) -> Postings {
        let strings = crate::load::strings::Strings::built_in("en");
        let b = SearchBuilder::new(docs.len(), registers, &strings);
        docs.par_iter().enumerate().for_each(|(n, a)| {
            let _ = b.collect(n, a);
        });
        b.build(None).map(|b| b.0).unwrap_or(Postings { terms: Vec::new(), documents: 0 })
    }

    /// The encoded postings of a term.
    pub fn get(&self, term: &str) -> Option<&str> {
        self.terms.binary_search_by(|(t, _)| cmp_utf16(t, term)).ok().map(|i| self.terms[i].1.as_str())
    }
}

/// One document's entry in a term's postings, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub impact: u64,
    /// (paragraph, word positions); paragraph 0 is the title.
    pub paras: Vec<(u32, Vec<u32>)>,
}

/// Decodes a term's postings (what search.js does in the browser).
pub fn decode(enc: &str) -> Option<Vec<Hit>> {
    let mut r = Reader::new(enc);
    let mut out = Vec::new();
    let mut doc = 0u64;
    while !r.done() {
        let delta = r.next_num()?;
        doc = if out.is_empty() { delta } else { doc + delta };
        let impact = r.next_num()?;
        let np = r.next_num()?;
        let mut paras = Vec::new();
        let mut para = 0u64;
        for _ in 0..np {
            para += r.next_num()?;
            let k = r.next_num()?;
            let mut pos = Vec::new();
            let mut prev = 0u64;
            for j in 0..k {
                let d = r.next_num()?;
                prev = if j == 0 { d } else { prev + d };
                pos.push(prev as u32);
            }
            paras.push((para as u32, pos));
        }
        out.push(Hit { doc: doc as u32, impact, paras });
    }
    Some(out)
}

/// Documents and paragraphs where the folded words of `phrase` occur one
/// after the other: (document, paragraph). The reference implementation of
/// search.js's phrase matching.
pub fn phrase_matches(postings: &Postings, phrase: &str) -> Vec<(u32, u32)> {
    let words: Vec<String> = tokenize(phrase).into_iter().map(|t| t.term).collect();
    let Some(first) = words.first() else { return Vec::new() };
    let lists: Option<Vec<Vec<Hit>>> = words.iter().map(|w| postings.get(w).and_then(decode)).collect();
    let Some(lists) = lists else { return Vec::new() };
    let mut out = Vec::new();
    let _ = first;
    for hit in &lists[0] {
        'para: for (para, positions) in &hit.paras {
            for &p in positions {
                let all = lists[1..].iter().enumerate().all(|(k, list)| {
                    list.iter()
                        .find(|h| h.doc == hit.doc)
                        .is_some_and(|h| h.paras.iter().any(|(q, pos)| q == para && pos.contains(&(p + k as u32 + 1))))
                });
                if all {
                    out.push((hit.doc, *para));
                    continue 'para;
                }
            }
        }
    }
    out
}

/// Decodes [`encode_set`].
pub fn decode_set(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    match s.as_bytes().first()? {
        b'r' => {
            let mut r = Reader::new(&s[1..]);
            let mut end = 0u64;
            while !r.done() {
                let start = end + r.next_num()?;
                let len = r.next_num()? + 1;
                out.extend((start..start + len).map(|d| d as u32));
                end = start + len;
            }
        }
        b'b' => {
            for (i, c) in s.bytes().skip(1).enumerate() {
                let v = ALPHABET.iter().position(|&a| a == c)?;
                for bit in 0..6 {
                    if v & (1 << bit) != 0 {
                        out.push((i * 6 + bit) as u32);
                    }
                }
            }
        }
        _ => return None,
    }
    Some(out)
}
