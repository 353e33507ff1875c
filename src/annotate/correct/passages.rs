//! `[[transcription.split]]`, `[[transcription.join]]` and
//! `[[transcription.delete]]`: paragraphs divided after a passage, joined
//! with the next, passages deleted. Passages are matched like note passages
//! (case, spacing and quotation marks ignored) in the text as corrected so
//! far.

use toml::Spanned;

use crate::base::error::Diagnostics;
use crate::base::text::fold;
use crate::load::transcription::Transcription;
use crate::model::InterventionKind;

use super::hits::Hits;
use super::{intervention, reason, Para, Work};

/// Indentation of continuation lines in a diagnostic's help text.
const HELP_INDENT: &str = "\n          ";

/// How many passages not found get told whether they run across
/// paragraphs or are only in the facsimile (each look searches the whole
/// document).
const EXPLAINED: usize = 100;

/// The occurrences of every passage, kept up to date, and how many were
/// not found so far.
struct Index {
    hits: Hits,
    missing: usize,
}

/// Where a passage is: paragraph key and byte range.
#[derive(Debug, Clone, Copy)]
struct Found {
    key: usize,
    start: usize,
    end: usize,
}

/// Finds `passage` (its `occurrence`) in the corrected paragraphs, or
/// reports why not: not there (in the facsimile only? across paragraphs?
/// close passages?) or ambiguous.
fn find(
    w: &Work,
    index: &mut Index,
    what: &str,
    passage: &Spanned<String>,
    occurrence: Option<usize>,
    diags: &mut Diagnostics,
) -> Option<Found> {
    let needle = fold(passage.get_ref());
    if needle.is_empty() {
        diags.push(
            w.error(passage.span(), format!("the {what} passage is empty")).hint("copy some words of the reading text"),
        );
        return None;
    }
    let hits: Vec<Found> = index
        .hits
        .find(&needle, w.paras.iter().map(|p| p.key))
        .into_iter()
        .map(|(key, start, end)| Found { key, start, end })
        .collect();
    let number = |key: usize| w.index_of(key).map_or(0, |i| i + 1);
    let q = passage.get_ref();
    match (hits.len(), occurrence) {
        (1, None) => return Some(hits[0]),
        (n, Some(k)) if k >= 1 && k <= n => return Some(hits[k - 1]),
        (0, _) => {}
        (n, Some(k)) => {
            diags.push(w.error(
                passage.span(),
                format!(
                    "\"{q}\" occurs {n} time{} in the reading text, so there is no occurrence {k}",
                    if n == 1 { "" } else { "s" }
                ),
            ));
            return None;
        }
        (n, None) => {
            let places = hits
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let text = w.paras.iter().find(|p| p.key == h.key).map_or("", |p| p.text.as_str());
                    let (l, k, r) = crate::base::text::context(text, h.start, h.end, 4);
                    format!("({}) paragraph {}: \"{}{k}{}\"", i + 1, number(h.key), l.trim_start(), r.trim_end())
                })
                .collect::<Vec<_>>()
                .join(HELP_INDENT);
            diags.push(
                w.error(passage.span(), format!("\"{q}\" occurs {n} times in the reading text"))
                    .hint(format!("quote more words, or add occurrence = N to choose one:{HELP_INDENT}{places}")),
            );
            return None;
        }
    }
    // Not found: say why, as precisely as we can (each look costs a
    // search of the whole document, so only for the first few).
    index.missing += 1;
    let hint = if index.missing > EXPLAINED {
        format!(
            "copy the passage from the reading text as corrected so far (case, spacing and quotation marks do not matter); whether it runs across paragraphs or is only in the facsimile is worked out for the first {EXPLAINED} passages not found in this commentary"
        )
    } else if let Some((a, b)) = across(&w.paras, &needle) {
        format!(
            "the passage runs from paragraph {} into paragraph {}; a {what} passage must lie within one paragraph: quote only the part in paragraph {}",
            number(a),
            number(b),
            number(a)
        )
    } else if let Some(lines) = in_facsimile(w, &needle) {
        format!(
            "the passage is in the facsimile (line{} {}) but not in the reading text; to put those lines into the reading text first, add [[transcription.include]] with lines = \"{}\"",
            if lines.len() == 1 { "" } else { "s" },
            lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", "),
            if lines.len() == 1 { lines[0].to_string() } else { format!("{}-{}", lines[0], lines[lines.len() - 1]) }
        )
    } else {
        "copy the passage from the reading text as corrected so far (case, spacing and quotation marks do not matter)"
            .to_string()
    };
    diags.push(w.error(passage.span(), format!("{what} passage \"{q}\" is not in the reading text")).hint(hint));
    None
}

/// The first and last paragraph a needle runs across, if it does.
fn across(paras: &[Para], needle: &[char]) -> Option<(usize, usize)> {
    let mut chars = Vec::new();
    let mut owner = Vec::new();
    for p in paras {
        for c in p.text.chars().filter_map(crate::base::text::fold_char) {
            chars.push(c);
            owner.push(p.key);
        }
    }
    (0..(chars.len() + 1).saturating_sub(needle.len()))
        .find(|&i| chars[i..i + needle.len()] == *needle)
        .map(|i| (owner[i], owner[i + needle.len() - 1]))
        .filter(|(a, b)| a != b)
}

/// The raw lines where a needle is, when the facsimile has it.
pub(crate) fn in_facsimile(w: &Work, needle: &[char]) -> Option<Vec<usize>> {
    facsimile_lines(w.doc, needle)
}

/// The raw lines of `doc` where the folded `needle` is (it may run over
/// several lines), if anywhere.
fn facsimile_lines(doc: &crate::model::Document, needle: &[char]) -> Option<Vec<usize>> {
    if needle.is_empty() {
        return None;
    }
    let mut chars = Vec::new();
    let mut owner = Vec::new();
    for l in doc.lines() {
        for c in l.text.chars().filter_map(crate::base::text::fold_char) {
            chars.push(c);
            owner.push(l.n);
        }
    }
    let i = (0..(chars.len() + 1).saturating_sub(needle.len())).find(|&i| chars[i..i + needle.len()] == *needle)?;
    let (a, b) = (owner[i], owner[i + needle.len() - 1]);
    Some((a..=b).collect())
}

pub(super) fn apply(w: &mut Work, t: &Transcription, diags: &mut Diagnostics) {
    let needles = (t.split.iter().map(|s| &s.after))
        .chain(t.join.iter().map(|j| &j.passage))
        .chain(t.delete.iter().map(|d| &d.passage))
        .map(|p| fold(p.get_ref()));
    let mut index = Index { hits: Hits::new(needles, w.paras.iter().map(|p| (p.key, p.text.as_str()))), missing: 0 };
    for s in &t.split {
        let Some(f) = find(w, &mut index, "split", &s.after, s.occurrence, diags) else { continue };
        let Some(i) = w.index_of(f.key) else { continue };
        let text = w.paras[i].text.clone();
        let first = text[..f.end].trim_end().to_string();
        let second = text[f.end..].trim_start().to_string();
        if second.is_empty() {
            let n = i + 1;
            diags.push(
                w.error(
                    s.after.span(),
                    format!("\"{}\" ends paragraph {n}: there is nothing to split off", s.after.get_ref()),
                )
                .hint("give the passage after which the new paragraph is to start"),
            );
            continue;
        }
        let cut = text.len() - second.len();
        let offsets = w.line_offsets(&w.paras[i]);
        let old = w.paras[i].clone();
        // A line whose words start before the cut stays; one that starts
        // after it goes; the line holding the cut feeds both.
        let mut first_lines = Vec::new();
        let mut second_lines = Vec::new();
        let mut last_start = 0;
        for (n, o) in &offsets {
            let o = o.unwrap_or(last_start);
            last_start = o;
            if o < cut {
                first_lines.push(*n);
            } else {
                second_lines.push(*n);
            }
        }
        if let Some(&straddle) = first_lines.last() {
            if second_lines
                .first()
                .is_none_or(|&f| offsets.iter().find(|(n, _)| *n == f).and_then(|(_, o)| *o) != Some(cut))
            {
                second_lines.insert(0, straddle);
            }
        }
        let page = second_lines
            .first()
            .and_then(|&n| w.doc.pages.iter().find(|pg| pg.lines.iter().any(|l| l.n == n)))
            .map_or(old.page, |pg| pg.number);
        let key = w.new_key();
        index.hits.split(old.key, first.len(), cut, key);
        w.move_marks(old.key, cut, key, -(cut as isize));
        w.paras[i].text = first.clone();
        w.paras[i].lines = first_lines.clone();
        w.paras.insert(i + 1, Para { key, text: second, page, lines: second_lines.clone(), marking: None });
        let stays: std::collections::HashSet<usize> = first_lines.iter().copied().collect();
        for &n in &second_lines {
            if stays.contains(&n) {
                continue;
            }
            if let Some(l) = w.line_mut(n).filter(|l| l.paragraph == Some(old.key)) {
                l.paragraph = Some(key);
            }
        }
        let mut rec = intervention(
            InterventionKind::Split,
            reason(&s.reason, || "a new paragraph begins here (the editor's division)".into()),
        );
        rec.before = Some(s.after.get_ref().clone());
        w.record(rec, Some((old.key, first.len())));
    }
    for j in &t.join {
        let Some(f) = find(w, &mut index, "join", &j.passage, j.occurrence, diags) else { continue };
        let Some(i) = w.index_of(f.key) else { continue };
        if i + 1 >= w.paras.len() {
            diags.push(
                w.error(
                    j.passage.span(),
                    format!(
                        "\"{}\" is in the last paragraph ({}), which has no next paragraph to join",
                        j.passage.get_ref(),
                        i + 1
                    ),
                )
                .hint("`join` joins the paragraph holding the passage with the one after it"),
            );
            continue;
        }
        let next = w.paras.remove(i + 1);
        let a = &mut w.paras[i];
        let at = a.text.len();
        a.text.push(' ');
        a.text.push_str(&next.text);
        for n in &next.lines {
            if !a.lines.contains(n) {
                a.lines.push(*n);
            }
        }
        if a.marking.is_none() {
            a.marking = next.marking.clone();
        }
        let key = a.key;
        index.hits.join(key, next.key, at, &a.text);
        w.move_marks(next.key, 0, key, at as isize + 1);
        for l in w.doc.pages.iter_mut().flat_map(|pg| pg.lines.iter_mut()) {
            if l.paragraph == Some(next.key) {
                l.paragraph = Some(key);
            }
        }
        let mut rec = intervention(
            InterventionKind::Join,
            reason(&j.reason, || "two paragraphs of the parse joined by the editor".into()),
        );
        rec.before = Some(j.passage.get_ref().clone());
        w.record(rec, Some((key, at)));
    }
    for d in &t.delete {
        let Some(f) = find(w, &mut index, "delete", &d.passage, d.occurrence, diags) else { continue };
        let Some(i) = w.index_of(f.key) else { continue };
        let p = &w.paras[i];
        let deleted = p.text[f.start..f.end].to_string();
        let left = p.text[..f.start].trim_end();
        let right = p.text[f.end..].trim_start();
        let sep =
            if left.is_empty() || right.is_empty() || right.starts_with([',', '.', ';', ':', ')']) { "" } else { " " };
        let text = format!("{left}{sep}{right}");
        let at = left.len();
        let removed = p.text.len() - text.len();
        let key = p.key;
        index.hits.cut(key, at, p.text.len() - right.len(), sep.len(), &text);
        w.shift_marks(key, at, -(removed as isize));
        w.paras[i].text = text;
        let mut rec = intervention(InterventionKind::Delete, reason(&d.reason, || "deleted by the editor".into()));
        rec.before = Some(deleted);
        rec.lines = line_of(w, key, at);
        if w.paras[i].text.is_empty() {
            w.remove_para(key);
            let to = if i > 0 {
                w.paras.get(i - 1).map(|q| (q.key, q.text.len()))
            } else {
                w.paras.first().map(|q| (q.key, 0))
            };
            w.record(rec, to);
        } else {
            w.record(rec, Some((key, at)));
        }
    }
}

/// The raw line that holds byte `at` of paragraph `key` (by the lines'
/// starting offsets).
fn line_of(w: &Work, key: usize, at: usize) -> Vec<usize> {
    let Some(i) = w.index_of(key) else { return Vec::new() };
    let offsets = w.line_offsets(&w.paras[i]);
    offsets.iter().filter(|(_, o)| o.is_some_and(|o| o <= at)).map(|(n, _)| *n).next_back().into_iter().collect()
}
