//! Stage 3a, correct: the editor's `[transcription]` corrections (from the
//! commentary's front matter) applied to the parsed document, before
//! anything is anchored to it, so that notes, emendations, mentions, search,
//! the exports and the facsimile ↔ reading-text links all see the corrected
//! text. The raw file is never touched: the facsimile keeps every line as
//! typed, and each change is recorded as an [`Intervention`].
//!
//! Order: lines out of / into the reading text, header fields, then splits,
//! joins and deletions in the order written (each passage looked up in the
//! text as corrected so far). Then the paragraphs are renumbered, the
//! document's own paragraph numbers read, and the excerpt status decided.
//! Every mistake is reported (file:line:col), all in one build.

mod header;
mod hits;
mod lines;
mod numbers;
mod passages;
pub(crate) mod words;

use std::collections::HashMap;
use std::path::Path;

use crate::base::error::{Diagnostic, Diagnostics};
use crate::load::commentary::Commentary;
use crate::model::{Document, Excerpt, Intervention, InterventionKind};

pub(crate) use numbers::paragraph_labels;

/// Whether an intervention of this kind is marked in the reading text
/// (header changes and the excerpt declaration are listed, not marked;
/// emendations have their own markup).
pub(crate) fn marked_in_text(kind: InterventionKind) -> bool {
    !matches!(kind, InterventionKind::Header | InterventionKind::Excerpt | InterventionKind::Emendation)
}

/// A reading paragraph while corrections are applied: `key` identifies it
/// across splits, joins and deletions (marks point at keys), and becomes
/// the paragraph number at the end.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub key: usize,
    pub text: String,
    pub page: usize,
    pub lines: Vec<usize>,
    pub marking: Option<String>,
}

/// The document being corrected.
pub(crate) struct Work<'a> {
    pub doc: &'a mut Document,
    pub paras: Vec<Para>,
    pub next_key: usize,
    /// Interventions in the order applied; `paragraph` holds a key until
    /// [`Work::finish`] renumbers.
    pub done: Vec<Intervention>,
    pub path: &'a Path,
    pub c: &'a Commentary,
    /// Where each raw line is: its number → (page, index in the page).
    line_at: HashMap<usize, (usize, usize)>,
    /// The highest raw line number.
    pub last_line: usize,
    /// The raw lines by their folded text (made when first asked for).
    by_text: std::cell::OnceCell<HashMap<Vec<char>, Vec<usize>>>,
}

impl<'a> Work<'a> {
    fn new(doc: &'a mut Document, c: &'a Commentary) -> Self {
        let paras = doc
            .paragraphs
            .iter()
            .map(|p| Para {
                key: p.n,
                text: p.text.clone(),
                page: p.page,
                lines: p.lines.clone(),
                marking: p.marking.clone(),
            })
            .collect::<Vec<_>>();
        let next_key = paras.len() + 1;
        let mut line_at = HashMap::new();
        for (pg, page) in doc.pages.iter().enumerate() {
            for (i, l) in page.lines.iter().enumerate() {
                line_at.entry(l.n).or_insert((pg, i));
            }
        }
        let last_line = line_at.keys().copied().max().unwrap_or(0);
        Work {
            doc,
            paras,
            next_key,
            done: Vec::new(),
            path: c.path.as_path(),
            c,
            line_at,
            last_line,
            by_text: std::cell::OnceCell::new(),
        }
    }

    /// Where a byte span of the front matter starts in the commentary file.
    pub(crate) fn at(&self, span: std::ops::Range<usize>) -> crate::base::error::Pos {
        crate::base::error::line_col(&self.c.source, self.c.front_start + span.start)
    }

    /// An error located at a span of the front matter.
    pub(crate) fn error(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error_at(self.path, self.at(span), message)
    }

    pub(crate) fn index_of(&self, key: usize) -> Option<usize> {
        self.paras.iter().position(|p| p.key == key)
    }

    pub(crate) fn new_key(&mut self) -> usize {
        self.next_key += 1;
        self.next_key - 1
    }

    /// Records an intervention marked at byte `offset` of paragraph `key`.
    pub(crate) fn record(&mut self, mut i: Intervention, at: Option<(usize, usize)>) {
        if let Some((key, offset)) = at {
            i.paragraph = Some(key);
            i.offset = Some(offset);
        }
        self.done.push(i);
    }

    /// Moves marks of paragraph `key` at or after `from` by `delta` bytes
    /// (negative: text was cut before them).
    pub(crate) fn shift_marks(&mut self, key: usize, from: usize, delta: isize) {
        for i in &mut self.done {
            if i.paragraph == Some(key) {
                if let Some(o) = i.offset.as_mut().filter(|o| **o >= from) {
                    *o = (*o as isize + delta).max(from as isize) as usize;
                }
            }
        }
    }

    /// Re-points the marks of paragraph `from` at or after byte `at` to
    /// paragraph `to`, `delta` bytes further on.
    pub(crate) fn move_marks(&mut self, from: usize, at: usize, to: usize, delta: isize) {
        for i in &mut self.done {
            if i.paragraph == Some(from) && i.offset.is_some_and(|o| o >= at) {
                i.paragraph = Some(to);
                i.offset = i.offset.map(|o| (o as isize + delta).max(0) as usize);
            }
        }
    }

    /// Removes paragraph `key` (it has no text left): its marks go to the
    /// end of the paragraph before (or the start of the one after); its
    /// lines leave the reading text.
    pub(crate) fn remove_para(&mut self, key: usize) {
        let Some(i) = self.index_of(key) else { return };
        let p = self.paras.remove(i);
        let target = if i > 0 {
            self.paras.get(i - 1).map(|q| (q.key, q.text.len()))
        } else {
            self.paras.first().map(|q| (q.key, 0))
        };
        for d in &mut self.done {
            if d.paragraph == Some(key) {
                d.paragraph = target.map(|t| t.0);
                d.offset = target.map(|t| t.1);
            }
        }
        for &n in &p.lines {
            if let Some(l) = self.line_mut(n).filter(|l| l.paragraph == Some(key)) {
                l.paragraph = None;
            }
        }
    }

    /// Byte offset in the paragraph's text where each of its raw lines'
    /// words start (found in order; `None` when a line's words were changed
    /// beyond recognition by the parse). Each line's first words are looked
    /// for from where the line before starts, up to their first occurrence
    /// only: the paragraph is read about once, not once per line.
    pub(crate) fn line_offsets(&self, p: &Para) -> Vec<(usize, Option<usize>)> {
        let mut from = 0;
        let mut out = Vec::new();
        for &n in &p.lines {
            let words: String = self
                .line_text(n)
                .map(|t| t.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let needle = crate::base::text::fold(&words);
            let hit = crate::base::text::find_folded_from(&p.text, &needle, from);
            if let Some(s) = hit {
                from = s;
            }
            out.push((n, hit));
        }
        out
    }

    /// Raw line `n`.
    pub(crate) fn line(&self, n: usize) -> Option<&crate::model::Line> {
        let &(page, i) = self.line_at.get(&n)?;
        self.doc.pages.get(page)?.lines.get(i).filter(|l| l.n == n)
    }

    /// The raw lines whose folded text is `folded`, in order.
    pub(crate) fn lines_reading(&self, folded: &[char]) -> &[usize] {
        let map = self.by_text.get_or_init(|| {
            let mut map: HashMap<Vec<char>, Vec<usize>> = HashMap::new();
            for l in self.doc.lines() {
                map.entry(crate::base::text::fold(&l.text)).or_default().push(l.n);
            }
            map
        });
        map.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Raw line `n`, to change.
    pub(crate) fn line_mut(&mut self, n: usize) -> Option<&mut crate::model::Line> {
        let &(page, i) = self.line_at.get(&n)?;
        self.doc.pages.get_mut(page)?.lines.get_mut(i).filter(|l| l.n == n)
    }

    /// The reading words of raw line `n`: its text without the parts the
    /// parser kept out (banner, marking, signature).
    pub(crate) fn line_text(&self, n: usize) -> Option<String> {
        let l = self.line(n)?;
        let mut t = l.text.clone();
        for r in &l.removed {
            if let Some(i) = t.find(&r.text) {
                t.replace_range(i..i + r.text.len(), " ");
            }
        }
        Some(crate::base::text::collapse_ws(&t))
    }

    /// Writes the corrected paragraphs back, renumbered from 1, and points
    /// every line, mark and citation at the new numbers.
    fn finish(self) -> Vec<Intervention> {
        let Work { doc, paras, mut done, .. } = self;
        let number = |key: usize| paras.iter().position(|p| p.key == key).map(|i| i + 1);
        for d in &mut done {
            d.paragraph = d.paragraph.and_then(number);
            if d.paragraph.is_none() {
                d.offset = None;
            }
        }
        for l in doc.pages.iter_mut().flat_map(|pg| pg.lines.iter_mut()) {
            l.paragraph = l.paragraph.and_then(number);
        }
        for c in &mut doc.metadata.citations {
            c.paragraph = number(c.paragraph).unwrap_or(c.paragraph.min(paras.len()).max(1));
        }
        doc.paragraphs = paras
            .into_iter()
            .enumerate()
            .map(|(i, p)| crate::model::Paragraph {
                n: i + 1,
                text: p.text,
                page: p.page,
                lines: p.lines,
                marking: p.marking,
                label: None,
                anchor: None,
            })
            .collect();
        done
    }
}

/// The reason shown for an intervention: the editor's, or `default`.
pub(crate) fn reason(given: &Option<String>, default: impl FnOnce() -> String) -> String {
    given.as_ref().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).unwrap_or_else(default)
}

/// A new intervention of `kind` (not yet placed).
pub(crate) fn intervention(kind: InterventionKind, reason: String) -> Intervention {
    Intervention {
        n: 0,
        kind,
        field: None,
        before: None,
        after: None,
        lines: Vec::new(),
        paragraph: None,
        offset: None,
        reason,
    }
}

/// Applies the commentary's `[transcription]` corrections to `doc`, then
/// reads the document's own paragraph numbers and decides whether it is an
/// excerpt. Problems go to `diags`; what could be applied is applied.
pub(crate) fn apply(doc: &mut Document, c: Option<&Commentary>, diags: &mut Diagnostics) {
    let t = c.and_then(|c| c.front.transcription.as_ref());
    if let (Some(c), Some(t)) = (c, t) {
        let mut w = Work::new(doc, c);
        lines::apply(&mut w, t, diags);
        if let Some(h) = &t.header {
            header::apply(&mut w, h, diags);
        }
        passages::apply(&mut w, t, diags);
        let done = w.finish();
        doc.interventions.extend(done);
    }
    let numbering = t.and_then(|t| t.paragraph_numbers.as_ref());
    let numbers_on = match numbering.map(|s| s.get_ref().as_str()) {
        None | Some("document") => true,
        Some("none") => false,
        Some(other) => {
            if let Some(c) = c {
                let span = numbering.map(|s| s.span()).unwrap_or(0..0);
                let at = crate::base::error::line_col(&c.source, c.front_start + span.start);
                diags.push(
                    Diagnostic::error_at(&c.path, at, format!("unknown paragraph_numbers `{other}`"))
                        .hint("write paragraph_numbers = \"document\" (the document's own numbers as labels and #para-N anchors, the default) or \"none\""),
                );
            }
            true
        }
    };
    if numbers_on {
        paragraph_labels(doc);
    }
    decide_excerpt(doc, t);
    for (i, d) in doc.interventions.iter_mut().enumerate() {
        d.n = i + 1;
    }
}

/// Whether the document is an excerpt: as declared, else as detected (the
/// text stops mid-sentence without an end marker, or sections announced by
/// "SECTION n OF m" are missing).
fn decide_excerpt(doc: &mut Document, t: Option<&crate::load::transcription::Transcription>) {
    let m = &doc.metadata;
    let mut missing: Vec<u32> = Vec::new();
    if let Some(total) = m.sections.filter(|n| *n > 1) {
        let present: std::collections::BTreeSet<u32> = doc.pages.iter().filter_map(|p| p.section).collect();
        if let Some(&last) = present.iter().next_back() {
            missing = (1..=total).filter(|s| !present.contains(s) && *s > last.min(total)).collect();
            // Sections before the last present one are missing too when
            // the text starts mid-document.
            missing.extend((1..last).filter(|s| !present.contains(s)));
            missing.sort_unstable();
            missing.dedup();
        }
    }
    let detected = words::detected(doc, &missing, words::english());
    let declared = t.and_then(|t| t.excerpt.as_ref()).map(|e| *e.get_ref());
    let reason = t.and_then(|t| t.excerpt_reason.clone()).filter(|r| !r.trim().is_empty());
    doc.excerpt = match declared {
        Some(false) => None,
        Some(true) => {
            let description = match (&reason, detected) {
                (Some(r), _) => r.trim().to_string(),
                (None, Some(d)) => d,
                (None, None) => words::english().get("excerpt.partial").to_string(),
            };
            Some(Excerpt { declared: true, description, missing_sections: missing })
        }
        None => detected.map(|description| Excerpt { declared: false, description, missing_sections: missing }),
    };
    if let Some(d) = declared {
        let mut i = intervention(
            InterventionKind::Excerpt,
            reason.unwrap_or_else(|| {
                let key = if d { "intervention.declared_excerpt" } else { "intervention.declared_complete" };
                words::english().get(key).to_string()
            }),
        );
        i.after = Some(if d { "excerpt" } else { "complete" }.into());
        doc.interventions.push(i);
    }
}

#[cfg(test)]
mod tests;
