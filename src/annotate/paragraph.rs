//! The reading text's markup: one paragraph's text with its passages
//! (notes), emendations, mention links, citations, withheld-text gaps and
//! the editor's marks.
//!
//! A document's annotations are put in buckets by paragraph once
//! ([`ByParagraph`]) and each paragraph is written in one sweep over its
//! cut points, every list walked with a cursor: the work is linear in the
//! text and its annotations (issue 21: a 5 MB line full of register names
//! took minutes when every cut point looked at every mention, and a long
//! document when every paragraph looked at every mention of the document).

use std::collections::BTreeSet;

use crate::annotate::apparatus::{ParagraphGap, TextCitation};
use crate::annotate::correct;
use crate::annotate::mentions::Mention;
use crate::annotate::{Annotated, AppliedEmendation, Note};
use crate::base::text::escape_html;
use crate::load::strings::Strings;
use crate::model::Intervention;

/// One paragraph's annotations, each list in the document's order.
#[derive(Default)]
pub(crate) struct Bucket<'a> {
    pub notes: Vec<&'a Note>,
    /// With their index in `Annotated::emendations` (the TEI ids).
    pub emendations: Vec<(usize, &'a AppliedEmendation)>,
    pub mentions: Vec<&'a Mention>,
    pub citations: Vec<&'a TextCitation>,
    pub gaps: Vec<&'a ParagraphGap>,
    /// The editor's corrections of the parse placed in this paragraph.
    pub interventions: Vec<&'a Intervention>,
}

/// A document's annotations by paragraph, made in one pass over each list.
pub(crate) struct ByParagraph<'a> {
    /// Index = paragraph number (1-based; 0 and numbers past the last
    /// paragraph hold nothing).
    buckets: Vec<Bucket<'a>>,
}

impl<'a> ByParagraph<'a> {
    pub(crate) fn new(a: &'a Annotated) -> Self {
        let n = a.doc.paragraphs.len();
        let mut buckets: Vec<Bucket<'a>> = (0..=n).map(|_| Bucket::default()).collect();
        let ok = |p: usize| p >= 1 && p <= n;
        for x in a.notes.iter().filter(|x| ok(x.paragraph)) {
            buckets[x.paragraph].notes.push(x);
        }
        for (i, x) in a.emendations.iter().enumerate().filter(|(_, x)| ok(x.paragraph)) {
            buckets[x.paragraph].emendations.push((i, x));
        }
        for x in a.mentions.iter().filter(|x| ok(x.paragraph)) {
            buckets[x.paragraph].mentions.push(x);
        }
        for x in a.apparatus.citations.iter().filter(|x| ok(x.paragraph)) {
            buckets[x.paragraph].citations.push(x);
        }
        for x in a.apparatus.gaps.iter().filter(|x| ok(x.paragraph)) {
            buckets[x.paragraph].gaps.push(x);
        }
        for x in &a.doc.interventions {
            if let Some(p) = x.paragraph.filter(|&p| ok(p)) {
                buckets[p].interventions.push(x);
            }
        }
        for b in &mut buckets {
            // Emendations never overlap (annotate refuses it), so sorted by
            // start their ends are sorted too: see [`emendation_over`].
            b.emendations.sort_by_key(|(_, e)| e.start);
        }
        ByParagraph { buckets }
    }

    /// The annotations of paragraph `n` (none for a number out of range).
    pub(crate) fn get(&self, n: usize) -> &Bucket<'a> {
        self.buckets.get(n).unwrap_or(&self.buckets[0])
    }

    /// The notes of paragraph `n`.
    pub(crate) fn notes(&self, n: usize) -> &[&'a Note] {
        &self.get(n).notes
    }
}

/// The emendation that overlaps `start..end` (or, for an empty range,
/// holds `start` strictly inside), if any. `ems` is sorted by start and its
/// ranges do not overlap, so a binary search finds it.
pub(crate) fn emendation_over<'e>(
    ems: &[&'e AppliedEmendation],
    start: usize,
    end: usize,
) -> Option<&'e AppliedEmendation> {
    let i = ems.partition_point(|e| e.end <= start);
    ems.get(i).copied().filter(|e| e.start < end)
}

/// An element of the reading-text markup that spans a range.
#[derive(Clone, Copy)]
enum Span<'a> {
    /// A note's passage: `<mark class="passage">`.
    Passage(&'a Note),
    /// A piece of a register mention: `<a class="mention KIND">`, with the
    /// piece's byte range (mentions that nest are cut into pieces that do
    /// not overlap, each linking to the innermost mention).
    Mention(&'a Mention, usize, usize),
    /// A citation of a telegram: a link to it, or its number.
    Cite(&'a TextCitation),
    /// Withheld text: the marker, shown as a gap.
    Gap(&'a ParagraphGap),
}

impl Span<'_> {
    /// Nesting rank: passages outside, mention links inside.
    fn rank(&self) -> u8 {
        match self {
            Span::Passage(_) => 0,
            Span::Mention(..) | Span::Cite(_) | Span::Gap(_) => 1,
        }
    }
    fn start(&self) -> usize {
        match self {
            Span::Passage(n) => n.start,
            Span::Mention(_, start, _) => *start,
            Span::Cite(c) => c.start,
            Span::Gap(g) => g.gap.start,
        }
    }
    fn end(&self) -> usize {
        match self {
            Span::Passage(n) => n.end,
            Span::Mention(_, _, end) => *end,
            Span::Cite(c) => c.end,
            Span::Gap(g) => g.gap.end,
        }
    }
    /// A stable key for "has this element been opened before".
    fn key(&self) -> (u8, usize) {
        match self {
            Span::Passage(n) => (0, n.n),
            Span::Mention(_, start, _) => (1, *start),
            Span::Cite(c) => (2, c.start),
            Span::Gap(g) => (3, g.gap.start),
        }
    }
    fn open(&self, first: bool, root: &str, strings: &Strings) -> String {
        match self {
            Span::Passage(n) => {
                let id = if first { format!(" id=\"q{}\"", n.n) } else { String::new() };
                format!("<mark class=\"passage\" data-note=\"{}\"{id}>", n.n)
            }
            Span::Mention(m, ..) => {
                format!("<a class=\"mention {}\" href=\"{root}{}/{}.html\">", m.kind.singular(), m.kind.plural(), m.id)
            }
            Span::Cite(c) => crate::annotate::apparatus::cite_open(c, strings),
            Span::Gap(g) => crate::annotate::apparatus::gap_open(g, strings),
        }
    }
    fn close(&self) -> &'static str {
        match self {
            Span::Passage(_) => "</mark>",
            Span::Mention(..) => "</a>",
            Span::Cite(c) => crate::annotate::apparatus::cite_close(c),
            Span::Gap(_) => "</span>",
        }
    }
}

/// Renders one reading paragraph's text with notes, emendations and mention
/// links. `root` is the path to the site root from the page. For a whole
/// document, make the [`ByParagraph`] once and call [`ByParagraph::html`].
#[cfg(test)]
pub fn paragraph_html(a: &Annotated, paragraph: usize, root: &str, s: &Strings) -> String {
    ByParagraph::new(a).html(a, paragraph, root, s)
}

impl ByParagraph<'_> {
    /// Renders one reading paragraph's text with notes, emendations and
    /// mention links. `root` is the path to the site root from the page.
    ///
    /// Passages may overlap and nest; the markup is always properly nested:
    /// where two passages overlap without nesting, the inner `<mark>` is
    /// closed and reopened (only the first piece carries the `qN` id).
    /// Mention links sit inside passages and never contain a note reference.
    /// An emendation is one unit that passages may enclose but not cut.
    pub(crate) fn html(&self, a: &Annotated, paragraph: usize, root: &str, s: &Strings) -> String {
        let strings = s;
        let Some(p) = a.doc.paragraphs.get(paragraph.wrapping_sub(1)) else { return String::new() };
        let b = self.get(paragraph);
        let text = &p.text;
        let notes: Vec<&Note> = b.notes.iter().copied().filter(|n| n.start < n.end && n.end <= text.len()).collect();
        let ems: Vec<&AppliedEmendation> =
            b.emendations.iter().map(|(_, e)| *e).filter(|e| e.end <= text.len()).collect();
        let mut spans: Vec<Span> = notes.iter().map(|n| Span::Passage(n)).collect();
        let mentions: Vec<&Mention> = b
            .mentions
            .iter()
            .copied()
            .filter(|m| m.start < m.end && m.end <= text.len())
            .filter(|m| emendation_over(&ems, m.start, m.end).is_none())
            .collect();
        spans.extend(mention_pieces(&mentions).into_iter().map(|(m, s, e)| Span::Mention(m, s, e)));
        let clear =
            |start: usize, end: usize| start < end && end <= text.len() && emendation_over(&ems, start, end).is_none();
        spans.extend(b.citations.iter().copied().filter(|c| clear(c.start, c.end)).map(Span::Cite));
        spans.extend(b.gaps.iter().copied().filter(|g| clear(g.gap.start, g.gap.end)).map(Span::Gap));
        let mut points: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
        for s in &spans {
            points.insert(s.start());
            points.insert(s.end());
        }
        for e in &ems {
            points.insert(e.start);
            points.insert(e.end);
        }
        // The editor's corrections of the parse, as marks between
        // characters (never inside an emendation or a character).
        let mut marks: Vec<(usize, &Intervention)> = b
            .interventions
            .iter()
            .filter(|i| correct::marked_in_text(i.kind))
            .filter_map(|i| {
                let mut at = i.offset?.min(text.len());
                if let Some(e) = emendation_over(&ems, at, at) {
                    at = e.end;
                }
                while !text.is_char_boundary(at) {
                    at += 1;
                }
                Some((at, *i))
            })
            .collect();
        for (at, _) in &marks {
            points.insert(*at);
        }
        // Cursors: what starts, ends or is marked at each point, in the
        // order the markup wants (stable sorts keep the document's order).
        marks.sort_by_key(|(at, _)| *at);
        let mut by_start: Vec<Span> = spans;
        by_start.sort_by_key(|s| s.start());
        let mut by_end: Vec<&Note> = notes;
        by_end.sort_by_key(|n| (n.end, n.n));
        let (mut next_mark, mut next_span, mut next_end, mut next_em) = (0, 0, 0, 0);

        let mut html = String::with_capacity(text.len() * 2);
        let mut stack: Vec<Span> = Vec::new();
        let mut opened: BTreeSet<(u8, usize)> = BTreeSet::new();
        let mut pos = 0;
        for &c in &points {
            if c > pos && text.is_char_boundary(pos) && text.is_char_boundary(c) {
                html.push_str(&escape_html(&text[pos..c]));
            }
            // Close what ends here; what is closed without ending is reopened.
            let mut reopen: Vec<Span> = Vec::new();
            if let Some(i) = stack.iter().position(|s| s.end() <= c) {
                for s in stack.drain(i..).rev() {
                    html.push_str(s.close());
                    if s.end() > c {
                        reopen.push(s);
                    }
                }
            }
            // Note references after their passage, outside any mention link.
            let ending = take_at(&by_end, &mut next_end, c, |n| n.end);
            let marks_here = take_at(&marks, &mut next_mark, c, |m| m.0);
            if !ending.is_empty() || !marks_here.is_empty() {
                if let Some(i) = stack.iter().position(|s| s.rank() > 0) {
                    for s in stack.drain(i..).rev() {
                        html.push_str(s.close());
                        reopen.push(s);
                    }
                }
                for n in ending {
                    html.push_str(&note_ref(n, s));
                }
                for (_, i) in marks_here {
                    html.push_str(&correct::words::mark_html(i, s));
                }
            }
            // Open what starts here, outer first.
            let mut to_open = reopen;
            to_open
                .extend(take_at(&by_start, &mut next_span, c, |s| s.start()).iter().filter(|s| s.end() > c).copied());
            if to_open.iter().any(|s| s.rank() == 0) {
                if let Some(i) = stack.iter().position(|s| s.rank() > 0) {
                    for s in stack.drain(i..).rev() {
                        html.push_str(s.close());
                        to_open.push(s);
                    }
                }
            }
            to_open.sort_by_key(|s| (s.rank(), std::cmp::Reverse(s.end()), s.key()));
            for s in to_open {
                let first = opened.insert(s.key());
                html.push_str(&s.open(first, root, strings));
                stack.push(s);
            }
            pos = c;
            if let Some(em) = take_at(&ems, &mut next_em, c, |e| e.start).iter().find(|e| e.end > c) {
                html.push_str(&emendation_html(em, s));
                pos = em.end;
            }
        }
        for s in stack.drain(..).rev() {
            html.push_str(s.close());
        }
        html
    }
}

/// The items of `sorted` (sorted by `key`) whose key is `at`, advancing the
/// cursor `next` past them (and past any before `at`).
pub(crate) fn take_at<'s, T>(sorted: &'s [T], next: &mut usize, at: usize, key: impl Fn(&T) -> usize) -> &'s [T] {
    while *next < sorted.len() && key(&sorted[*next]) < at {
        *next += 1;
    }
    let from = *next;
    while *next < sorted.len() && key(&sorted[*next]) == at {
        *next += 1;
    }
    &sorted[from..*next]
}

/// Mentions cut into pieces that do not overlap: where mentions nest (a
/// place inside an organization's name), each stretch links to the
/// innermost one. Adjacent stretches of the same mention are one piece.
/// One sweep over the cuts with the mentions open at each (a paragraph of
/// a million words full of aliases took minutes when every stretch looked
/// at every mention).
fn mention_pieces<'a>(mentions: &[&'a Mention]) -> Vec<(&'a Mention, usize, usize)> {
    let mut cuts: Vec<usize> = mentions.iter().flat_map(|m| [m.start, m.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    // Stable: among equal spans the first given still wins, as before.
    let mut by_start: Vec<&'a Mention> = mentions.to_vec();
    by_start.sort_by_key(|m| m.start);
    let mut next = 0;
    let mut open: Vec<&'a Mention> = Vec::new();
    let mut pieces: Vec<(&Mention, usize, usize)> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        while next < by_start.len() && by_start[next].start <= s {
            open.push(by_start[next]);
            next += 1;
        }
        // Every end is a cut, so a mention open past s covers [s, e).
        open.retain(|m| m.end > s);
        let Some(m) = open.iter().min_by_key(|m| (m.end - m.start, m.start)) else {
            continue;
        };
        match pieces.last_mut() {
            Some(last) if std::ptr::eq(last.0, *m) && last.2 == s => last.2 = e,
            _ => pieces.push((m, s, e)),
        }
    }
    pieces
}

/// An emendation: the correction shown, the original reading (and the
/// editor's reason) in `.sic`, revealed on hover and keyboard focus by the
/// stylesheet (and shown inline where there is no stylesheet).
fn emendation_html(em: &AppliedEmendation, s: &Strings) -> String {
    let mut title = s.fmt("document.original", &[("reading", &em.reading)]);
    if let Some(n) = &em.note {
        title.push_str(" — ");
        title.push_str(n);
    }
    format!(
        "<span class=\"emendation\" tabindex=\"0\"><span class=\"corr\">{c}</span><span class=\"sic\"> [{t}]</span></span>",
        t = escape_html(&title),
        c = escape_html(&em.correction)
    )
}

fn note_ref(n: &Note, s: &Strings) -> String {
    format!(
        "<a class=\"noteref\" href=\"#n{0}\" id=\"r{0}\" aria-label=\"{1}\"><sup>{0}</sup></a>",
        n.n,
        escape_html(&s.fmt("document.note_ref", &[("n", &n.n)]))
    )
}
