//! Stage 3, annotate and link: the cleaned document plus its commentary and
//! the registers become an [`Annotated`] document.
//!
//! - passage notes are anchored to byte ranges of reading paragraphs (the
//!   quote matched ignoring case, whitespace and quote style);
//! - emendations are anchored the same way;
//! - register aliases are found as whole words, longest first, with an
//!   Aho-Corasick automaton built once per build ([`MentionMatcher`]);
//! - commentary Markdown is rendered with its links resolved.
//!
//! All problems are collected as diagnostics with the commentary's file and
//! line.

pub(crate) mod apparatus;
pub(crate) mod correct;
pub(crate) mod highlight;
pub(crate) mod markdown;
pub(crate) mod mentions;
pub(crate) mod paragraph;
pub(crate) mod provenance;
pub(crate) mod safety;
pub(crate) mod tags;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::annotate::markdown::{LinkTargets, Source};
pub(crate) use crate::annotate::mentions::{Mention, MentionMatcher};
use crate::base::error::{Diagnostic, Diagnostics};
use crate::base::text::{self, Folded};
use crate::load::commentary::Commentary;
use crate::load::registers::{Kind, Registers};
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

/// A document with everything the later stages need.
#[derive(Debug, Clone)]
pub struct Annotated {
    pub doc: Document,
    /// The commentary file, when there is one.
    pub commentary: Option<std::path::PathBuf>,
    pub summary: Option<String>,
    pub headnote_html: String,
    pub notes: Vec<Note>,
    pub emendations: Vec<AppliedEmendation>,
    pub mentions: Vec<Mention>,
    /// Entities attached by front matter, in addition to mentions.
    pub attached: BTreeSet<(Kind, String)>,
    /// Ambiguous aliases found but not resolved by the front matter (for
    /// the build report).
    pub unresolved: crate::annotate::mentions::Unresolved,
    /// References, citations, withheld text, declassification, caveats.
    pub apparatus: crate::annotate::apparatus::Apparatus,
}

impl Annotated {
    /// All entities of the document: mentioned or attached, sorted.
    pub fn entities(&self) -> BTreeSet<(Kind, String)> {
        let mut set = self.attached.clone();
        for m in &self.mentions {
            set.insert((m.kind, m.id.clone()));
        }
        set
    }
}

/// Where a quote was found: paragraph number and byte range in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// Indentation of continuation lines in a diagnostic's help text.
const HELP_INDENT: &str = "\n          ";

/// The reading text with the emendations applied, folded for matching:
/// the emended words are replaced by their correction, and every folded char
/// of a correction maps to the whole emended range of the original.
fn corrected_folded(text: &str, ems: &[&AppliedEmendation]) -> Folded {
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

/// Where a quote occurs in the document, matched ignoring case, whitespace
/// and quotation-mark style, in the text as typed and in the text as
/// emended. A match that cuts into an emendation is widened to cover it.
pub(crate) fn find_quote(doc: &Document, ems: &[AppliedEmendation], quote: &str) -> Vec<Hit> {
    let needle = text::fold(quote);
    let mut hits = BTreeSet::new();
    for p in &doc.paragraphs {
        let pe: Vec<&AppliedEmendation> = ems.iter().filter(|e| e.paragraph == p.n).collect();
        let mut found = Folded::new(&p.text).find_all(&needle);
        if !pe.is_empty() {
            found.extend(corrected_folded(&p.text, &pe).find_all(&needle));
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

/// When a quote runs from one paragraph into the next: the first and last
/// paragraph it covers.
pub(crate) fn spans_paragraphs(doc: &Document, quote: &str) -> Option<(usize, usize)> {
    let needle = text::fold(quote);
    if needle.is_empty() {
        return None;
    }
    let mut chars = Vec::new();
    let mut owner = Vec::new();
    for p in &doc.paragraphs {
        for c in p.text.chars().filter_map(text::fold_char) {
            chars.push(c);
            owner.push(p.n);
        }
    }
    (0..(chars.len() + 1).saturating_sub(needle.len()))
        .find(|&i| chars[i..i + needle.len()] == needle[..])
        .map(|i| (owner[i], owner[i + needle.len() - 1]))
        .filter(|(a, b)| a != b)
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

/// The passages closest to a quote that was not found: at most `n`, one per
/// paragraph, nearest first, as `paragraph N: "WORDS"` lines. Only passages
/// within a third of the quote's length in edits are offered.
pub(crate) fn nearest_passages(doc: &Document, quote: &str, n: usize) -> Vec<String> {
    let needle = text::fold(quote);
    if needle.is_empty() {
        return Vec::new();
    }
    let mut cands: Vec<(usize, usize, String)> = Vec::new();
    for p in &doc.paragraphs {
        let f = Folded::new(&p.text);
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
    cands.into_iter().take(n).map(|(_, p, w)| format!("paragraph {p}: \"{w}\"")).collect()
}

/// The help text for a quote that is not in the reading text.
fn not_found_help(doc: &Document, quote: &str, what: &str) -> String {
    let near = nearest_passages(doc, quote, 3);
    if let Some(lines) = correct::facsimile_lines(doc, &text::fold(quote)) {
        let which = match lines.as_slice() {
            [one] => format!("line {one}"),
            _ => format!("lines {}–{}", lines[0], lines[lines.len() - 1]),
        };
        let kind = doc
            .lines()
            .find(|l| l.n == lines[0])
            .and_then(|l| serde_json::to_value(l.kind).ok())
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .filter(|k| k != "text")
            .map(|k| format!(", read as {k}"))
            .unwrap_or_default();
        let reading = if near.is_empty() {
            String::new()
        } else {
            format!("; the reading text has:{HELP_INDENT}{}", near.join(HELP_INDENT))
        };
        return format!(
            "{what} is in the facsimile ({which}{kind}) but not in the reading text{reading}{HELP_INDENT}quote the reading text, or put the line into it with [[transcription.include]] lines = \"{}\"",
            if lines.len() == 1 { lines[0].to_string() } else { format!("{}-{}", lines[0], lines[lines.len() - 1]) }
        );
    }
    if near.is_empty() {
        format!(
            "{what} must be copied from the reading text of `{}` (case, spacing and quotation marks do not matter); no passage of it is close: is this the right document?",
            doc.id
        )
    } else {
        format!(
            "{what} must be copied from the reading text (case, spacing and quotation marks do not matter); the closest passages are:{HELP_INDENT}{}",
            near.join(HELP_INDENT)
        )
    }
}

/// Each hit as `(N) paragraph P: "… context …"`, for ambiguity errors.
fn list_hits(doc: &Document, hits: &[Hit]) -> String {
    hits.iter()
        .enumerate()
        .map(|(i, h)| {
            let text = doc.paragraphs.get(h.paragraph - 1).map_or("", |p| p.text.as_str());
            let (l, k, r) = text::context(text, h.start, h.end, 4);
            let k = k.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("({}) paragraph {}: \"{}{k}{}\"", i + 1, h.paragraph, l.trim_start(), r.trim_end())
        })
        .collect::<Vec<_>>()
        .join(HELP_INDENT)
}

/// Everything a document's annotation needs from the site.
pub(crate) struct Context<'a> {
    pub registers: &'a Registers,
    pub matcher: &'a MentionMatcher,
    pub links: &'a LinkTargets<'a>,
    pub allow_html: bool,
    /// site.toml's `reference_url`: where a cited document outside the
    /// edition can be read (`{id}` stands for its number).
    pub reference_url: Option<&'a str>,
    /// site.toml's `source`: the provenance of documents whose commentary
    /// gives none.
    pub source: Option<&'a str>,
}

/// Annotates one document with its commentary.
pub(crate) fn annotate(
    mut doc: Document,
    commentary: Option<&Commentary>,
    cx: &Context,
    diags: &mut Diagnostics,
) -> Annotated {
    let mut out = Annotated {
        // Moved in at the end, once the front matter has changed it.
        doc: Document::default(),
        commentary: commentary.map(|c| c.path.clone()),
        summary: None,
        headnote_html: String::new(),
        notes: Vec::new(),
        emendations: Vec::new(),
        mentions: Vec::new(),
        attached: BTreeSet::new(),
        unresolved: Default::default(),
        apparatus: Default::default(),
    };
    // The editor's corrections of the parse first: everything below sees
    // the corrected document.
    correct::apply(&mut doc, commentary, diags);
    let mut mention_opts = crate::annotate::mentions::DocOptions::default();
    if let Some(c) = commentary {
        let path = c.path.as_path();
        let fm = &c.front;
        if let Some(t) = &fm.title {
            doc.title = t.clone();
        }
        provenance::from_commentary(&mut doc, c, diags);
        out.summary = fm.summary.clone();
        for (kind, ids) in [
            (Kind::Person, &fm.persons),
            (Kind::Place, &fm.places),
            (Kind::Organization, &fm.organizations),
            (Kind::Topic, &fm.topics),
        ] {
            for id in ids {
                if cx.registers.get(kind, id).is_some() {
                    out.attached.insert((kind, id.clone()));
                } else if !cx.registers.is_broken(kind) {
                    let (line, col) = c.locate(kind.plural(), id);
                    diags.push(
                        Diagnostic::error(
                            path,
                            line,
                            format!("unknown {} `{id}` in `{}`", kind.singular(), kind.plural()),
                        )
                        .col(col)
                        .hint(cx.registers.suggest(kind, id)),
                    );
                }
            }
        }
        mention_opts = cx.matcher.doc_options(c, cx.registers, diags);
        let render = |md: &str, line: usize, id_prefix: &str, diags: &mut Diagnostics| {
            let opts = markdown::RenderOptions { root: "../", links: cx.links, allow_html: cx.allow_html, id_prefix };
            markdown::render_with(md, &opts, &Source { path, line }, diags)
        };
        out.headnote_html = render(&c.headnote, c.headnote_line, "h-", diags);

        // Emendations first: notes may quote the corrected text.
        for (i, e) in fm.emendations.iter().enumerate() {
            let (line, col) = c.emendation_lines.get(i).copied().unwrap_or((1, 1));
            let hits = find_quote(&doc, &[], &e.reading);
            match pick(&hits, e.occurrence) {
                Ok(h) => {
                    if let Some(other) = out
                        .emendations
                        .iter()
                        .find(|o| o.paragraph == h.paragraph && h.start < o.end && o.start < h.end)
                    {
                        diags.push(
                            Diagnostic::error(
                                path,
                                line,
                                format!("emendation \"{}\" overlaps emendation \"{}\"", e.reading, other.reading),
                            )
                            .col(col)
                            .hint("emendations may not overlap: merge them into one [[emendation]]"),
                        );
                        continue;
                    }
                    out.emendations.push(AppliedEmendation {
                        paragraph: h.paragraph,
                        start: h.start,
                        end: h.end,
                        reading: e.reading.clone(),
                        correction: e.correction.clone(),
                        note: e.note.clone(),
                    })
                }
                Err(msg) => {
                    let hint = if hits.is_empty() {
                        match spans_paragraphs(&doc, &e.reading) {
                            Some((a, b)) => format!("an emendation must lie within one paragraph; this one runs from paragraph {a} into {b}: split it in two"),
                            None => not_found_help(&doc, &e.reading, "the reading"),
                        }
                    } else {
                        format!(
                            "make the reading longer so that it is unique, or add occurrence = N to this [[emendation]]:{HELP_INDENT}{}",
                            list_hits(&doc, &hits)
                        )
                    };
                    diags.push(
                        Diagnostic::error(path, line, format!("emendation reading \"{}\" {msg}", e.reading))
                            .col(col)
                            .hint(hint),
                    );
                }
            }
        }
        out.emendations.sort_by_key(|e| (e.paragraph, e.start));
        for e in &out.emendations {
            let mut i = correct::intervention(
                crate::model::InterventionKind::Emendation,
                e.note.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "corrected by the editor".into()),
            );
            i.before = Some(e.reading.clone());
            i.after = Some(e.correction.clone());
            i.paragraph = Some(e.paragraph);
            i.offset = Some(e.start);
            i.lines = doc.paragraphs.get(e.paragraph - 1).map(|p| p.lines.clone()).unwrap_or_default();
            doc.interventions.push(i);
        }
        for (i, d) in doc.interventions.iter_mut().enumerate() {
            d.n = i + 1;
        }

        for (i, note) in c.notes.iter().enumerate() {
            let hits = find_quote(&doc, &out.emendations, &note.quote);
            let html = render(&note.body, note.body_line, &format!("c{}-", i + 1), diags);
            match pick(&hits, note.occurrence) {
                Ok(h) => out.notes.push(Note {
                    n: 0,
                    quote: note.quote.clone(),
                    paragraph: h.paragraph,
                    start: h.start,
                    end: h.end,
                    html,
                }),
                Err(msg) => {
                    let hint = if hits.is_empty() {
                        match spans_paragraphs(&doc, &note.quote) {
                            Some((a, b)) => format!(
                                "a note's passage must lie within one paragraph; this one runs from paragraph {a} into paragraph {b}: quote only the part in one of them"
                            ),
                            None => not_found_help(&doc, &note.quote, "the passage"),
                        }
                    } else {
                        format!(
                            "quote more words to make it unique, or choose one by its number, e.g. ## \"{}\" ({}):{HELP_INDENT}{}",
                            note.quote,
                            hits.len().min(2),
                            list_hits(&doc, &hits)
                        )
                    };
                    diags.push(
                        Diagnostic::error(path, note.line, format!("note passage \"{}\" {msg}", note.quote))
                            .col(note.col)
                            .hint(hint),
                    );
                }
            }
        }
        // Number notes in reading order; an enclosing passage before the
        // passages inside it.
        out.notes.sort_by_key(|n| (n.paragraph, n.start, std::cmp::Reverse(n.end)));
        for (i, n) in out.notes.iter_mut().enumerate() {
            n.n = i + 1;
        }
    }
    provenance::defaults(&mut doc, cx.source);
    for p in &doc.paragraphs {
        cx.matcher.find_with(p.n, &p.text, &mention_opts, &mut out.mentions, &mut out.unresolved);
    }
    // A mention that overlaps an emendation partially is dropped: the
    // corrected text replaces those words.
    // Emendations are sorted and never overlap, so their (paragraph, end)
    // are sorted too: the one a mention could cut is found by a binary
    // search (a document may have many of both).
    let ems = &out.emendations;
    out.mentions.retain(|m| {
        let i = ems.partition_point(|e| (e.paragraph, e.end) <= (m.paragraph, m.start));
        !ems.get(i)
            .is_some_and(|e| e.paragraph == m.paragraph && e.start < m.end && !(e.start <= m.start && m.end <= e.end))
    });
    out.apparatus = crate::annotate::apparatus::of(&doc, &|id| cx.links.documents.contains_key(id));
    crate::annotate::apparatus::resolve(&mut out.apparatus, cx.reference_url);
    out.apparatus.tag_links = crate::annotate::tags::linked_tags(&doc, cx.registers);
    // A telegram number is not a mention of its post ("MOSCOW 8357"), and
    // a withheld-text marker is not a mention either.
    let ap = &out.apparatus;
    let covered = ap.covered();
    out.mentions.retain(|m| !covered.covers(m.paragraph, m.start, m.end));
    out.doc = doc;
    out
}

/// Chooses the occurrence of a quote; the error completes "QUOTE ...".
fn pick(hits: &[Hit], occurrence: Option<usize>) -> Result<Hit, String> {
    match (hits.len(), occurrence) {
        (0, _) => Err("is not in the reading text".into()),
        (n, Some(k)) if k >= 1 && k <= n => Ok(hits[k - 1]),
        (n, Some(k)) => Err(format!(
            "occurs {n} time{} in the reading text, so there is no occurrence ({k})",
            if n == 1 { "" } else { "s" }
        )),
        (1, None) => Ok(hits[0]),
        (n, None) => Err(format!("occurs {n} times in the reading text")),
    }
}

#[cfg(test)]
mod tests;
