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

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use crate::commentary::Commentary;
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkTargets, Source};
use crate::model::Document;
pub use crate::mentions::{Mention, MentionMatcher};
use crate::registers::{Kind, Registers};
use crate::text::{self, escape_html, Folded};

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
    pub unresolved: crate::mentions::Unresolved,
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

/// Where in the document a quote occurs: (paragraph, start, end).
fn find_quote(doc: &Document, quote: &str) -> Vec<(usize, usize, usize)> {
    let needle = text::fold(quote);
    let mut hits = Vec::new();
    for p in &doc.paragraphs {
        for (s, e) in Folded::new(&p.text).find_all(&needle) {
            hits.push((p.n, s, e));
        }
    }
    hits
}

/// The paragraphs' passages closest to `quote`, for "did you mean".
fn nearest_passages(doc: &Document, quote: &str, n: usize) -> Vec<String> {
    let words_q: Vec<String> = quote.split_whitespace().map(|w| w.to_lowercase()).collect();
    let k = words_q.len().max(1);
    let mut cands: Vec<(usize, usize, String)> = Vec::new();
    for p in &doc.paragraphs {
        let words: Vec<&str> = p.text.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let mut best: Option<(usize, String)> = None;
        for i in 0..words.len().saturating_sub(k.saturating_sub(1)).max(1) {
            let window = words[i..(i + k).min(words.len())].join(" ");
            let d = text::edit_distance(&window.to_lowercase(), &quote.to_lowercase());
            if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                best = Some((d, window));
            }
        }
        if let Some((d, w)) = best {
            cands.push((d, p.n, w));
        }
    }
    cands.sort();
    cands.into_iter().take(n).map(|(_, p, w)| format!("\"{w}\" (paragraph {p})")).collect()
}

/// Everything a document's annotation needs from the site.
pub struct Context<'a> {
    pub registers: &'a Registers,
    pub matcher: &'a MentionMatcher,
    pub links: &'a LinkTargets<'a>,
    pub allow_html: bool,
}

/// Annotates one document with its commentary.
pub fn annotate(mut doc: Document, commentary: Option<&Commentary>, cx: &Context, diags: &mut Diagnostics) -> Annotated {
    let root = "../";
    let mut out = Annotated {
        doc: Document { ..doc.clone() },
        commentary: commentary.map(|c| c.path.clone()),
        summary: None,
        headnote_html: String::new(),
        notes: Vec::new(),
        emendations: Vec::new(),
        mentions: Vec::new(),
        attached: BTreeSet::new(),
        unresolved: Default::default(),
    };
    let mut mention_opts = crate::mentions::DocOptions::default();
    if let Some(c) = commentary {
        let path = c.path.as_path();
        let fm = &c.front;
        if let Some(t) = &fm.title {
            doc.title = t.clone();
        }
        if let Some(d) = &fm.date {
            doc.date = Some(d.to_string());
        }
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
                } else {
                    let line = front_matter_line(c, kind.plural());
                    diags.push(
                        Diagnostic::error(path, line, format!("unknown {} `{id}` in `{}`", kind.singular(), kind.plural()))
                            .hint(cx.registers.suggest(kind, id)),
                    );
                }
            }
        }
        mention_opts = cx.matcher.doc_options(c, cx.registers, diags);
        out.headnote_html = markdown::render(
            &c.headnote,
            root,
            cx.links,
            cx.allow_html,
            &Source { path, line: c.headnote_line },
            diags,
        );
        for (i, e) in fm.emendations.iter().enumerate() {
            let line = c.emendation_lines.get(i).copied().unwrap_or(1);
            let hits = find_quote(&doc, &e.reading);
            match pick(&hits, e.occurrence) {
                Ok((p, s, en)) => out.emendations.push(AppliedEmendation {
                    paragraph: p,
                    start: s,
                    end: en,
                    reading: e.reading.clone(),
                    correction: e.correction.clone(),
                    note: e.note.clone(),
                }),
                Err(msg) => {
                    let hint = match hits.len() {
                        0 => format!("the reading must be copied from the text; closest: {}", nearest_passages(&doc, &e.reading, 3).join("; ")),
                        _ => format!("add occurrence = N (1 to {}) to the [[emendation]]", hits.len()),
                    };
                    diags.push(Diagnostic::error(path, line, format!("emendation reading \"{}\" {msg}", e.reading)).hint(hint));
                }
            }
        }
        for note in &c.notes {
            let hits = find_quote(&doc, &note.quote);
            let html = markdown::render(
                &note.body,
                root,
                cx.links,
                cx.allow_html,
                &Source { path, line: note.body_line },
                diags,
            );
            match pick(&hits, note.occurrence) {
                Ok((p, s, e)) => out.notes.push(Note { n: 0, quote: note.quote.clone(), paragraph: p, start: s, end: e, html }),
                Err(msg) => {
                    let hint = if hits.is_empty() {
                        let near = nearest_passages(&doc, &note.quote, 3);
                        format!("quote the reading text exactly (case and spacing do not matter); closest passages: {}", near.join("; "))
                    } else {
                        let places: Vec<String> = hits.iter().map(|(p, _, _)| format!("paragraph {p}")).collect();
                        format!(
                            "found in {}; quote more words to make it unique, or choose one with ## \"{}\" (N)",
                            places.join(", "),
                            note.quote
                        )
                    };
                    diags.push(Diagnostic::error(path, note.line, format!("note passage \"{}\" {msg}", note.quote)).hint(hint));
                }
            }
        }
        // Number notes in reading order.
        out.notes.sort_by_key(|n| (n.paragraph, n.start, std::cmp::Reverse(n.end)));
        for (i, n) in out.notes.iter_mut().enumerate() {
            n.n = i + 1;
        }
    }
    for p in &doc.paragraphs {
        cx.matcher.find_with(p.n, &p.text, &mention_opts, &mut out.mentions, &mut out.unresolved);
    }
    // A mention that overlaps an emendation partially is dropped: the
    // corrected text replaces those words.
    let ems = out.emendations.clone();
    out.mentions.retain(|m| {
        !ems.iter().any(|e| e.paragraph == m.paragraph && m.start < e.end && e.start < m.end && !(e.start <= m.start && m.end <= e.end))
    });
    out.doc = doc;
    out
}

fn front_matter_line(c: &Commentary, key: &str) -> usize {
    let text = std::fs::read_to_string(&c.path).unwrap_or_default();
    crate::commentary::find_line(&text, key).unwrap_or(1)
}

/// Chooses the occurrence of a quote.
fn pick(hits: &[(usize, usize, usize)], occurrence: Option<usize>) -> Result<(usize, usize, usize), String> {
    match (hits.len(), occurrence) {
        (0, _) => Err("is not in the reading text".into()),
        (n, Some(k)) if k >= 1 && k <= n => Ok(hits[k - 1]),
        (n, Some(k)) => Err(format!("occurs {n} time{}, so occurrence ({k}) does not exist", if n == 1 { "" } else { "s" })),
        (1, None) => Ok(hits[0]),
        (n, None) => Err(format!("occurs {n} times in the reading text")),
    }
}

/// Renders one reading paragraph's text with notes, emendations and mention
/// links. `root` is the path to the site root from the page.
pub fn paragraph_html(a: &Annotated, paragraph: usize, root: &str) -> String {
    let Some(p) = a.doc.paragraphs.get(paragraph.wrapping_sub(1)) else { return String::new() };
    let text = &p.text;
    let notes: Vec<&Note> = a.notes.iter().filter(|n| n.paragraph == paragraph).collect();
    let ems: Vec<&AppliedEmendation> = a.emendations.iter().filter(|e| e.paragraph == paragraph).collect();
    let mentions: Vec<&Mention> = a
        .mentions
        .iter()
        .filter(|m| m.paragraph == paragraph)
        .filter(|m| !ems.iter().any(|e| m.start < e.end && e.start < m.end))
        .collect();
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for n in &notes {
        cuts.insert(n.start);
        cuts.insert(n.end);
    }
    for e in &ems {
        cuts.insert(e.start);
        cuts.insert(e.end);
    }
    for m in &mentions {
        cuts.insert(m.start);
        cuts.insert(m.end);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut html = String::with_capacity(text.len() * 2);
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s == e {
            continue;
        }
        // Inside an emendation, emit it once at its start.
        if let Some(em) = ems.iter().find(|em| em.start <= s && e <= em.end) {
            if em.start == s {
                let mut inner = String::new();
                inner.push_str("<span class=\"corr\">");
                inner.push_str(&escape_html(&em.correction));
                inner.push_str("</span><span class=\"sic\"> [");
                inner.push_str("original: ");
                inner.push_str(&escape_html(&em.reading));
                if let Some(n) = &em.note {
                    inner.push_str(" — ");
                    inner.push_str(&escape_html(n));
                }
                inner.push_str("]</span>");
                let wrapped = format!("<span class=\"emendation\" tabindex=\"0\">{inner}</span>");
                html.push_str(&wrap_notes(&wrapped, &notes, s, e));
            }
            for n in notes.iter().filter(|n| n.end == em.end && em.end == e) {
                html.push_str(&note_ref(n));
            }
            continue;
        }
        let mut seg = escape_html(&text[s..e]);
        // Mentions of different registers may nest: the innermost links.
        if let Some(m) = mentions.iter().filter(|m| m.start <= s && e <= m.end).min_by_key(|m| m.end - m.start) {
            seg = format!(
                "<a class=\"mention {kind}\" href=\"{root}{plural}/{id}.html\">{seg}</a>",
                kind = m.kind.singular(),
                plural = m.kind.plural(),
                id = m.id
            );
        }
        html.push_str(&wrap_notes(&seg, &notes, s, e));
        for n in notes.iter().filter(|n| n.end == e) {
            html.push_str(&note_ref(n));
        }
    }
    html
}

fn wrap_notes(inner: &str, notes: &[&Note], s: usize, e: usize) -> String {
    let mut out = inner.to_string();
    for n in notes.iter().filter(|n| n.start <= s && e <= n.end) {
        let id = if n.start == s { format!(" id=\"q{}\"", n.n) } else { String::new() };
        out = format!("<mark class=\"passage\" data-note=\"{}\"{id}>{out}</mark>", n.n);
    }
    out
}

fn note_ref(n: &Note) -> String {
    format!(
        "<a class=\"noteref\" href=\"#n{0}\" id=\"r{0}\" aria-label=\"note {0}\"><sup>{0}</sup></a>",
        n.n
    )
}

/// The path of a commentary file for a raw document.
pub fn commentary_path(raw: &Path) -> std::path::PathBuf {
    raw.with_extension("md")
}
