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

pub(crate) mod anchor;
pub(crate) mod apparatus;
pub(crate) mod correct;
pub(crate) mod highlight;
pub(crate) mod markdown;
pub(crate) mod mentions;
pub(crate) mod paragraph;
pub(crate) mod provenance;
pub(crate) mod quotes;
pub(crate) mod safety;
pub(crate) mod tags;

use std::collections::BTreeSet;

use crate::annotate::markdown::{LinkTargets, Source};
pub(crate) use crate::annotate::mentions::{Mention, MentionMatcher};
pub use crate::annotate::quotes::{AppliedEmendation, Note};
use crate::base::error::{Diagnostic, Diagnostics};
use crate::load::commentary::Commentary;
use crate::load::registers::{Kind, Registers};
use crate::model::{Document, EntryId};

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
    pub attached: BTreeSet<(Kind, EntryId)>,
    /// Ambiguous aliases found but not resolved by the front matter (for
    /// the build report).
    pub unresolved: crate::annotate::mentions::Unresolved,
    /// References, citations, withheld text, declassification, caveats.
    pub apparatus: crate::annotate::apparatus::Apparatus,
}

impl Annotated {
    /// All entities of the document: mentioned or attached, sorted.
    pub fn entities(&self) -> BTreeSet<(Kind, EntryId)> {
        let mut set = self.attached.clone();
        for m in &self.mentions {
            set.insert((m.kind, m.id.clone()));
        }
        set
    }
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
                if let Some(e) = cx.registers.get(kind, id) {
                    out.attached.insert((kind, e.id.clone()));
                } else if !cx.registers.is_broken(kind) {
                    diags.push(
                        Diagnostic::error_at(
                            path,
                            c.locate(kind.plural(), id),
                            format!("unknown {} `{id}` in `{}`", kind.singular(), kind.plural()),
                        )
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

        // Emendations first: notes may quote the corrected text. One
        // search for the closest passages per document (it is bounded).
        let mut near = quotes::Nearest::default();
        out.emendations = anchor::emendations(&doc, c, &mut near, diags);
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

        out.notes = anchor::notes(
            &doc,
            c,
            &out.emendations,
            &mut near,
            &mut |md, line, prefix, diags| render(md, line, prefix, diags),
            diags,
        );
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

#[cfg(test)]
mod tests;
