//! Anchoring a commentary's emendations and passage notes in the reading
//! text ([`emendations`], [`notes`]), with a located error for each quote
//! that is not found, ambiguous, across two paragraphs, or (emendations)
//! overlapping another. The quotes are found all at once
//! ([`crate::annotate::quotes`]); the errors come in the commentary's order.

use std::collections::BTreeMap;

use crate::annotate::quotes::{AppliedEmendation, Hit, Nearest, Note, Quotes};
use crate::base::error::{Diagnostic, Diagnostics, Pos};
use crate::base::text;
use crate::load::commentary::Commentary;
use crate::model::Document;

/// Indentation of continuation lines in a diagnostic's help text.
const HELP_INDENT: &str = "\n          ";

/// The help text for a quote that is not in the reading text: where it is
/// in the facsimile (`facsimile`: its raw lines, if there), and the closest
/// passages of the reading text.
fn not_found_help(doc: &Document, quote: &str, facsimile: Option<&[usize]>, near: &mut Nearest, what: &str) -> String {
    let closest = near.passages(doc, quote, 3);
    if let Some(lines) = facsimile.filter(|l| !l.is_empty()) {
        let (first, last) = (lines[0], lines[lines.len() - 1]);
        let which = if lines.len() == 1 { format!("line {first}") } else { format!("lines {first}–{last}") };
        let kind = doc
            .lines()
            .find(|l| l.n == first)
            .and_then(|l| serde_json::to_value(l.kind).ok())
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .filter(|k| k != "text")
            .map(|k| format!(", read as {k}"))
            .unwrap_or_default();
        let reading = match closest.as_deref() {
            None | Some([]) => String::new(),
            Some(near) => format!("; the reading text has:{HELP_INDENT}{}", near.join(HELP_INDENT)),
        };
        return format!(
            "{what} is in the facsimile ({which}{kind}) but not in the reading text{reading}{HELP_INDENT}quote the reading text, or put the line into it with [[transcription.include]] lines = \"{}\"",
            if lines.len() == 1 { first.to_string() } else { format!("{first}-{last}") }
        );
    }
    match closest.as_deref() {
        Some([]) => format!(
            "{what} must be copied from the reading text of `{}` (case, spacing and quotation marks do not matter); no passage of it is close: is this the right document?",
            doc.id
        ),
        Some(near) => format!(
            "{what} must be copied from the reading text (case, spacing and quotation marks do not matter); the closest passages are:{HELP_INDENT}{}",
            near.join(HELP_INDENT)
        ),
        None => format!(
            "{what} must be copied from the reading text (case, spacing and quotation marks do not matter); the closest passages are shown only for the first misquoted passages of this commentary: correct those first"
        ),
    }
}

/// Each hit as `(N) paragraph P: "… context …"`, for ambiguity errors.
fn list_hits(doc: &Document, hits: &[Hit]) -> String {
    let mut lines: Vec<String> = hits
        .iter()
        .take(LISTED_HITS)
        .enumerate()
        .map(|(i, h)| {
            let text = doc.paragraphs.get(h.paragraph - 1).map_or("", |p| p.text.as_str());
            let (l, k, r) = text::context(text, h.start, h.end, 4);
            let k = k.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("({}) paragraph {}: \"{}{k}{}\"", i + 1, h.paragraph, l.trim_start(), r.trim_end())
        })
        .collect();
    if let (Some(next), Some(last)) = (hits.get(LISTED_HITS), hits.last()) {
        lines.push(format!(
            "… and {} more, ({}) in paragraph {} to ({}) in paragraph {}",
            hits.len() - LISTED_HITS,
            LISTED_HITS + 1,
            next.paragraph,
            hits.len(),
            last.paragraph
        ));
    }
    lines.join(HELP_INDENT)
}

/// How many occurrences of an ambiguous quote its error lists: a word that
/// occurs hundreds of times needs more words, not a list of every place.
const LISTED_HITS: usize = 10;

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

/// Lazily computed facts about the quotes that were not found: whether each
/// runs across paragraphs, and where the facsimile has it. Each is one pass
/// over the document for all quotes, made only when some quote is missing.
struct Missing<'q> {
    quotes: &'q Quotes,
    across: Option<Vec<Option<(usize, usize)>>>,
    facsimile: Option<Vec<Option<Vec<usize>>>>,
}

impl<'q> Missing<'q> {
    fn new(quotes: &'q Quotes) -> Missing<'q> {
        Missing { quotes, across: None, facsimile: None }
    }

    fn across(&mut self, doc: &Document, i: usize) -> Option<(usize, usize)> {
        self.across.get_or_insert_with(|| self.quotes.across_paragraphs(doc)).get(i).copied().flatten()
    }

    fn facsimile(&mut self, doc: &Document, i: usize) -> Option<&[usize]> {
        self.facsimile.get_or_insert_with(|| self.quotes.in_facsimile(doc)).get(i).and_then(|l| l.as_deref())
    }
}

/// The ranges taken so far by emendations, by (paragraph, start): their end
/// and their index in the order taken. They never overlap, so the ones a
/// new range overlaps are consecutive (a sweep instead of a comparison with
/// each).
#[derive(Default)]
struct Taken(BTreeMap<(usize, usize), (usize, usize)>);

impl Taken {
    /// The first taken range that `h` overlaps (its index), if any.
    fn first_overlap(&self, h: Hit) -> Option<usize> {
        self.0
            .range((h.paragraph, 0)..(h.paragraph, h.end))
            .rev()
            .take_while(|(_, (end, _))| *end > h.start)
            .map(|(_, &(_, k))| k)
            .min()
    }

    fn insert(&mut self, h: Hit, index: usize) {
        self.0.insert((h.paragraph, h.start), (h.end, index));
    }
}

/// The commentary's emendations found in the reading text (as typed),
/// sorted by paragraph and start. One that overlaps an emendation taken
/// before it is an error naming the first such one.
pub(crate) fn emendations(
    doc: &Document,
    c: &Commentary,
    near: &mut Nearest,
    diags: &mut Diagnostics,
) -> Vec<AppliedEmendation> {
    let path = c.path.as_path();
    let ems = &c.front.emendations;
    let quotes = Quotes::new(ems.iter().map(|e| e.reading.as_str()));
    let found = quotes.find(doc, &[]);
    let mut missing = Missing::new(&quotes);
    let mut out: Vec<AppliedEmendation> = Vec::new();
    let mut taken = Taken::default();
    for (i, e) in ems.iter().enumerate() {
        let Pos { line, col } = c.emendation_at.get(i).copied().unwrap_or(Pos::START);
        if text::fold(&e.reading).is_empty() {
            diags.push(
                Diagnostic::error(path, line, "this [[emendation]] has an empty reading")
                    .col(col)
                    .hint("give the words as they stand in the reading text: reading = \"FORE-SEEABLE\""),
            );
            continue;
        }
        let hits = found.get(i);
        match pick(hits, e.occurrence) {
            Ok(h) => {
                if let Some(other) = taken.first_overlap(h) {
                    diags.push(
                        Diagnostic::error(
                            path,
                            line,
                            format!("emendation \"{}\" overlaps emendation \"{}\"", e.reading, out[other].reading),
                        )
                        .col(col)
                        .hint("emendations may not overlap: merge them into one [[emendation]]"),
                    );
                    continue;
                }
                taken.insert(h, out.len());
                out.push(AppliedEmendation {
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
                    match missing.across(doc, i) {
                        Some((a, b)) => format!("an emendation must lie within one paragraph; this one runs from paragraph {a} into {b}: split it in two"),
                        None => not_found_help(doc, &e.reading, missing.facsimile(doc, i), near, "the reading"),
                    }
                } else {
                    format!(
                        "make the reading longer so that it is unique, or add occurrence = N to this [[emendation]]:{HELP_INDENT}{}",
                        list_hits(doc, hits)
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
    out.sort_by_key(|e| (e.paragraph, e.start));
    out
}

/// The commentary's passage notes found in the reading text (as typed or as
/// emended by `ems`), numbered in reading order, an enclosing passage before
/// the passages inside it. `render` turns a note's Markdown (its line, the
/// prefix of its ids) into HTML.
pub(crate) fn notes(
    doc: &Document,
    c: &Commentary,
    ems: &[AppliedEmendation],
    near: &mut Nearest,
    render: &mut dyn FnMut(&str, usize, &str, &mut Diagnostics) -> String,
    diags: &mut Diagnostics,
) -> Vec<Note> {
    let path = c.path.as_path();
    let quotes = Quotes::new(c.notes.iter().map(|n| n.quote.as_str()));
    let found = quotes.find(doc, ems);
    let mut missing = Missing::new(&quotes);
    let mut out = Vec::new();
    for (i, note) in c.notes.iter().enumerate() {
        let hits = found.get(i);
        let html = render(&note.body, note.body_line, &format!("c{}-", i + 1), diags);
        match pick(hits, note.occurrence) {
            Ok(h) => out.push(Note {
                n: 0,
                quote: note.quote.clone(),
                paragraph: h.paragraph,
                start: h.start,
                end: h.end,
                html,
            }),
            Err(msg) => {
                let hint = if hits.is_empty() {
                    match missing.across(doc, i) {
                        Some((a, b)) => format!(
                            "a note's passage must lie within one paragraph; this one runs from paragraph {a} into paragraph {b}: quote only the part in one of them"
                        ),
                        None => not_found_help(doc, &note.quote, missing.facsimile(doc, i), near, "the passage"),
                    }
                } else {
                    format!(
                        "quote more words to make it unique, or choose one by its number, e.g. ## \"{}\" ({}):{HELP_INDENT}{}",
                        note.quote,
                        hits.len().min(2),
                        list_hits(doc, hits)
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
    out.sort_by_key(|n| (n.paragraph, n.start, std::cmp::Reverse(n.end)));
    for (i, n) in out.iter_mut().enumerate() {
        n.n = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The sweep finds the same overlapping emendation as comparing
        /// with each taken one in order, as Folio did before.
        #[test]
        fn overlaps_are_found_as_by_comparing_each(ranges in prop::collection::vec((1usize..3, 0usize..40, 1usize..8), 0..60)) {
            let mut taken = Taken::default();
            let mut kept: Vec<Hit> = Vec::new();
            for (paragraph, start, len) in ranges {
                let h = Hit { paragraph, start, end: start + len };
                let pairwise = kept.iter().position(|o| o.paragraph == h.paragraph && h.start < o.end && o.start < h.end);
                prop_assert_eq!(taken.first_overlap(h), pairwise);
                if pairwise.is_none() {
                    taken.insert(h, kept.len());
                    kept.push(h);
                }
            }
        }
    }
}
