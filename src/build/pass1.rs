//! The first pass of a build, per document and in parallel: each document
//! is read (or taken from the cache), annotated and rendered; its page and
//! exports (without the parts that need the whole edition: navigation,
//! "cited by"), concordance rows and search entry go to the scratch file,
//! and what the index needs is returned ([`Scanned`]). Nothing is written
//! to the output here: the second pass does that.

use crate::model::{DocId, EntryId};
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::annotate::markdown::LinkTargets;
use crate::annotate::markdown::ParagraphCheck;
use crate::annotate::{self, Annotated, MentionMatcher};
use crate::base::error::{Diagnostics, Error, Result};
use crate::base::progress::Progress;
use crate::base::spill::Spill;
use crate::build::cache::{DocState, Stamp, State};
use crate::build::record::{Kept, Slot};
use crate::build::site::{Nav, Site};
use crate::export::search::SearchBuilder;
use crate::index::{DocFacts, DocSummary, FactMention};
use crate::load::registers::Kind;
use crate::load::sources::{parse_inputs, Inputs, SourceDoc};
use crate::load::strings::Strings;
use crate::render::templates::Renderer;
use crate::render::view::{Counts, Frame, Link, SiteView};

use rayon::prelude::*;

/// One document after the first pass.
pub(super) struct Scanned {
    pub id: DocId,
    pub paragraphs: usize,
    pub diags: Diagnostics,
    /// Its `doc:ID#pN` links, checked once every document is read.
    pub checks: Vec<ParagraphCheck>,
    /// Nothing if the document has errors.
    pub done: Option<(DocFacts, Kept)>,
    /// What the cache keeps of it (builds with a cache).
    pub state: Option<DocState>,
    /// Key of its search record.
    pub search_key: u64,
    /// Whether it was read (not taken from the cache).
    pub read: bool,
}

/// Pass 1 over every document, in parallel (see [`Pass1::document`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    site: &Site,
    nav: &Nav,
    renderer: &Renderer,
    search: &SearchBuilder,
    spill: &Spill,
    previous: Option<&State>,
    cache: bool,
    progress: &Progress,
) -> Vec<Result<Scanned>> {
    let matcher = MentionMatcher::new(&site.registers);
    // Document pages do not show the edition's counts.
    let sv = SiteView::new(&site.config, nav.pages.clone(), Counts::default(), renderer.strings());
    let previous: Option<HashMap<&str, &DocState>> =
        previous.map(|p| p.docs.iter().map(|d| (d.id.as_str(), d)).collect());
    let pass = Pass1 {
        site,
        matcher: &matcher,
        ids: &nav.ids,
        page_slugs: &nav.page_slugs,
        renderer,
        sv: &sv,
        search,
        spill,
        previous: previous.as_ref(),
        cache,
        started: Stamp::now(),
    };
    let bar = progress.bar("reading", site.sources.len());
    let r = site
        .sources
        .par_iter()
        .map(|src| {
            bar.inc(1);
            pass.document(src)
        })
        .collect();
    bar.finish_and_clear();
    r
}

/// The first pass over one document (see [`run`]).
pub(super) struct Pass1<'a> {
    pub site: &'a Site,
    pub matcher: &'a MentionMatcher,
    pub ids: &'a HashMap<DocId, usize>,
    pub page_slugs: &'a HashSet<String>,
    pub renderer: &'a Renderer,
    pub sv: &'a SiteView,
    pub search: &'a SearchBuilder<'a>,
    pub spill: &'a Spill,
    /// The previous build's documents, by id (incremental builds).
    pub previous: Option<&'a HashMap<&'a str, &'a DocState>>,
    /// Whether the build keeps a cache: each document's record is written.
    pub cache: bool,
    /// When the build started, as a file time.
    pub started: u128,
}

impl Pass1<'_> {
    fn racy(&self, raw: Stamp, commentary: Option<Stamp>) -> bool {
        raw.racy(self.started) || commentary.is_some_and(|c| c.racy(self.started))
    }

    /// One document: taken from the previous build when its files are
    /// unchanged (same size and time, or else the same bytes), else read.
    pub(super) fn document(&self, src: &SourceDoc) -> Result<Scanned> {
        let raw = Stamp::of(&src.raw)?;
        let commentary = src.commentary.as_deref().map(Stamp::of).transpose()?;
        let mut inputs = None;
        if let Some(prev) = self.previous.and_then(|p| p.get(src.id.as_str())) {
            let input = if !prev.racy && prev.raw == raw && prev.commentary == commentary {
                prev.input
            } else {
                let i = Inputs::read(src, self.site.config.max_document_bytes())?;
                let key = i.key();
                inputs = Some(i);
                key
            };
            if input == prev.input {
                if let Some(s) = self.reuse(src, prev, raw, commentary)? {
                    return Ok(s);
                }
            }
        }
        let inputs = match inputs {
            Some(i) => i,
            None => Inputs::read(src, self.site.config.max_document_bytes())?,
        };
        self.read(src, &inputs, raw, commentary)
    }

    /// A document as the previous build left it, if its record and its
    /// exports are there.
    fn reuse(
        &self,
        src: &SourceDoc,
        prev: &DocState,
        raw: Stamp,
        commentary: Option<Stamp>,
    ) -> Result<Option<Scanned>> {
        let Some(record) = crate::build::cache::decode_record(&self.spill.get(prev.record)?) else { return Ok(None) };
        Ok(Some(Scanned {
            id: src.id.clone(),
            paragraphs: record.paragraphs,
            diags: Diagnostics(record.warnings),
            checks: record.checks,
            done: Some((record.facts, record.kept)),
            state: Some(DocState { raw, commentary, racy: self.racy(raw, commentary), ..prev.clone() }),
            search_key: record.search,
            read: false,
        }))
    }

    /// Reads, annotates and renders one document; writes its exports and
    /// its page and rows to the scratch file; returns what the rest of the
    /// build needs (nothing if the document has errors).
    fn read(&self, src: &SourceDoc, inputs: &Inputs, raw: Stamp, commentary: Option<Stamp>) -> Result<Scanned> {
        let site = self.site;
        let mut d = Diagnostics::default();
        let (doc, c) = parse_inputs(src, inputs, &mut d)?;
        let later = std::sync::Mutex::new(Vec::new());
        let links = LinkTargets {
            registers: &site.registers,
            documents: self.ids,
            pages: self.page_slugs,
            later: Some(&later),
        };
        let cx = annotate::Context {
            registers: &site.registers,
            matcher: self.matcher,
            links: &links,
            allow_html: site.config.build.allow_html,
            reference_url: site.config.reference_url.as_deref(),
            source: site.config.source.as_deref(),
        };
        let mut a = annotate::annotate(doc, c.as_ref(), &cx, &mut d);
        site.topic_map.attach(&a.doc, &mut a.attached);
        let mut scanned = Scanned {
            id: src.id.clone(),
            paragraphs: a.doc.paragraphs.len(),
            diags: d,
            checks: later.into_inner().unwrap_or_else(|e| e.into_inner()),
            done: None,
            state: None,
            search_key: 0,
            read: true,
        };
        if scanned.diags.has_errors() {
            return Ok(scanned);
        }
        let input = inputs.key();

        // The page, with slots for what needs the whole edition.
        let frame = Frame {
            site: self.sv,
            root: "../",
            title: a.doc.title.clone(),
            section: "documents",
            breadcrumbs: vec![
                Link { url: "../index.html".into(), title: self.renderer.strings().get("site.home").to_string() },
                Link { url: "index.html".into(), title: self.renderer.strings().get("site.documents").to_string() },
            ],
            page: crate::render::document::document_view(site.ctx(), &a, self.renderer)?,
        };
        let html = self.renderer.document_page(&frame)?;
        // The view holds the facsimile's and the reading text's HTML: a
        // copy of the document or two that the rest does not need.
        drop(frame);
        // (offset, slot, length of its marker); every occurrence: a template
        // may print a slot more than once. Found with memmem: the same
        // non-overlapping matches as `str::match_indices`, many times faster
        // (every page is scanned once per marker).
        let mut slots: Vec<(usize, Slot, usize)> =
            [(crate::render::document::NAV_SLOT, Slot::Nav), (crate::render::document::RELATED_SLOT, Slot::Related)]
                .into_iter()
                .flat_map(|(marker, slot)| {
                    memchr::memmem::find_iter(html.as_bytes(), marker).map(move |at| (at, slot, marker.len()))
                })
                .collect();
        // Links to a cited telegram's paragraph, by its own numbering.
        let mut para_links: Vec<(String, u32)> = Vec::new();
        for at in memchr::memmem::find_iter(html.as_bytes(), crate::annotate::apparatus::PARA_MARK) {
            if let Some((id, p, len)) = crate::annotate::apparatus::read_para_marker(&html[at..]) {
                slots.push((at, Slot::Para(para_links.len() as u32), len));
                para_links.push((id.to_string(), p));
            }
        }
        slots.sort_unstable_by_key(|s| s.0);
        // The page without its slot markers, written as the pieces between
        // them (not copied into one string first).
        let mut pieces: Vec<&[u8]> = Vec::with_capacity(slots.len() + 1);
        let mut kept_slots = Vec::with_capacity(slots.len());
        let (mut from, mut written) = (0, 0);
        for (at, slot, len) in slots {
            pieces.push(&html.as_bytes()[from..at]);
            written += at - from;
            kept_slots.push((written as u32, slot));
            from = at + len;
        }
        pieces.push(&html.as_bytes()[from..]);
        let page_span = self.spill.put_parts(&pieces)?;
        drop(pieces);
        drop(html);

        // The exports, kept for the second pass, which adds "cited by". The
        // JSON carries the document's reference as CSL-JSON (the page
        // offers it, BibTeX and RIS as data: links; no file per format).
        let cite = crate::index::cite::data(&a, &site.config);
        let edition = crate::index::cite::edition(&site.config, self.renderer.strings());
        let csl = crate::index::cite::csl(&cite, &edition);
        let json = serde_json::to_vec(&Export {
            doc: &a.doc,
            summary: a.summary.as_deref(),
            headnote_html: &a.headnote_html,
            notes: &a.notes,
            emendations: &a.emendations,
            mentions: &a.mentions,
            apparatus: &a.apparatus,
            csl: &csl,
        })
        .map_err(|e| Error::Other(e.to_string()))?;
        // Each export is dropped once in the scratch file (a shadowing
        // `let` would keep every one until the document is done).
        let json_span = self.spill.put(&json)?;
        drop(json);
        let json = json_span;
        let (tei, tei_cited_at) = {
            let tei = crate::export::tei::document(&a, &site.config, &site.registers, self.renderer.strings());
            let cited_at = memchr::memmem::find(tei.as_bytes(), b"</sourceDesc>").unwrap_or(tei.len()) as u32;
            (self.spill.put(tei.as_bytes())?, cited_at)
        };

        let (search, snippet) = {
            let (search, entry) = self.search.document(&a)?;
            let search = search.to_bytes();
            scanned.search_key = crate::base::keys::key_of(&search);
            (self.spill.put(&search)?, self.spill.put(entry.as_bytes())?)
        };
        let facts = facts(&a, self.spill, cite, self.renderer.strings())?;
        let kept = Kept {
            input,
            page: page_span,
            slots: kept_slots,
            para_links,
            json,
            tei,
            tei_cited_at,
            snippet,
            search: Some(search),
            report: crate::index::report::DocReport::new(&a, &site.topic_map),
            notes: a.notes.len(),
        };
        if self.cache {
            let record = crate::build::cache::DocRecordRef {
                paragraphs: scanned.paragraphs,
                warnings: &scanned.diags.0,
                checks: &scanned.checks,
                facts: &facts,
                kept: &kept,
                search: scanned.search_key,
            };
            let record = self.spill.put(&crate::build::cache::encode_record(&record)?)?;
            let racy = self.racy(raw, commentary);
            scanned.state = Some(DocState { id: src.id.clone(), raw, commentary, input, racy, record });
        }
        scanned.done = Some((facts, kept));
        Ok(scanned)
    }
}

/// The JSON export of a document: the model, and its apparatus.
#[derive(serde::Serialize)]
struct Export<'a> {
    #[serde(flatten)]
    doc: &'a crate::model::Document,
    /// The commentary's summary, headnote and notes (HTML as on the page,
    /// links relative to documents/), the emendations applied and the
    /// register mentions found (byte offsets in the paragraph's text): what
    /// the page carries beside the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    headnote_html: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [crate::annotate::Note],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    emendations: &'a [crate::annotate::AppliedEmendation],
    #[serde(skip_serializing_if = "<[_]>::is_empty", serialize_with = "crate::export::json::mentions")]
    mentions: &'a [crate::annotate::mentions::Mention],
    apparatus: &'a crate::annotate::apparatus::Apparatus,
    /// The document's reference, one CSL-JSON item.
    csl: &'a serde_json::Value,
}

/// What the index keeps of a document's citations.
fn citations(a: &Annotated) -> crate::index::citations::DocCitations {
    use crate::index::citations::{DocCitations, OutCite, Via};
    let ap = &a.apparatus;
    let mut cites = Vec::new();
    for r in &ap.references {
        for id in &r.ids {
            cites.push(OutCite {
                target: id.clone(),
                via: Via::Ref(r.label.clone()),
                para: r.para,
                reading_para: None,
            });
        }
    }
    for c in &ap.citations {
        for id in &c.ids {
            cites.push(OutCite {
                target: id.clone(),
                via: Via::Text(c.paragraph as u32),
                para: c.para,
                reading_para: None,
            });
        }
    }
    let mut html = a.headnote_html.clone();
    for n in &a.notes {
        html.push_str(&n.html);
    }
    for (id, at) in crate::annotate::apparatus::commentary_links(&html) {
        use crate::annotate::apparatus::LinkTarget;
        let (para, reading_para) = match at {
            LinkTarget::Document => (None, None),
            LinkTarget::Reading(p) => (None, Some(p as u32)),
            LinkTarget::Own(k) => (Some(k), None),
        };
        cites.push(OutCite { target: id, via: Via::Commentary, para, reading_para });
    }
    DocCitations { numbered: ap.numbered.iter().map(|&(k, p)| (k, p as u32)).collect(), cites }
}

/// What the index keeps of a document; its concordance rows go to the
/// scratch file, grouped by entity.
fn facts(a: &Annotated, spill: &Spill, cite: crate::index::cite::CiteData, s: &Strings) -> Result<DocFacts> {
    let entities: Vec<(Kind, EntryId)> = a.entities().into_iter().collect();
    let entity_of = |kind: Kind, id: &str| {
        entities.binary_search_by(|(k, i)| (*k, i.as_str()).cmp(&(kind, id))).unwrap_or(0) as u32
    };
    let mut mentions: Vec<(u32, &crate::annotate::mentions::Mention)> =
        a.mentions.iter().map(|m| (entity_of(m.kind, m.id.as_str()), m)).collect();
    mentions.sort_by_key(|(e, m)| (*e, m.paragraph, m.start));
    // The concordance rows as data (the part kwic-row.html draws them).
    let mut rows: Vec<u8> = Vec::new();
    let mut cuts = Vec::with_capacity(mentions.len());
    let mut forms: BTreeMap<(u32, String), u32> = BTreeMap::new();
    for (e, m) in &mentions {
        let Some(p) = a.doc.paragraphs.get(m.paragraph.wrapping_sub(1)) else { continue };
        let Some(form) = p.text.get(m.start..m.end) else { continue };
        *forms.entry((*e, crate::base::text::collapse_ws(form))).or_default() += 1;
        let start = rows.len();
        crate::render::registers::kwic_data(m.paragraph, &p.text, m.start, m.end, &mut rows);
        cuts.push((*e, m.paragraph as u32, start as u32, (rows.len() - start) as u32));
    }
    let base = spill.put(&rows)?;
    let summary = DocSummary {
        id: a.doc.id.clone(),
        title: a.doc.title.clone(),
        date: a.doc.date,
        date_inferred: (a.doc.date_basis == Some(crate::model::DateBasis::Inferred))
            .then(|| crate::annotate::provenance::date_gloss(&a.doc, s))
            .flatten(),
        format: a.doc.format,
        classification: a.doc.metadata.classification.clone(),
        from: a.doc.metadata.from.clone(),
        to: a.doc.metadata.to.clone(),
        summary: a.summary.clone(),
    };
    let key = crate::base::keys::KeyHasher::new().value(&summary).bytes(&rows).finish();
    Ok(DocFacts {
        key,
        summary,
        year: a.doc.year().map(str::to_string),
        mentions: cuts
            .into_iter()
            .map(|(entity, paragraph, from, len)| FactMention { entity, paragraph, row: base.sub(from, len) })
            .collect(),
        forms: forms.into_iter().map(|((e, f), n)| (e, f, n)).collect(),
        entities,
        citations: citations(a),
        cite,
    })
}
