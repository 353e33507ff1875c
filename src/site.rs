//! The build, as one-way stages:
//!
//! 1. **load** – site.toml, registers, essays, the list of raw documents
//!    ([`Site::load`]);
//! 2. **parse and clean** – each raw file through its [`crate::formats::Format`];
//! 3. **annotate and link** – notes, emendations, mentions, links
//!    ([`crate::annotate`]);
//! 4. **index** – concordances, chronology, related documents ([`crate::index`]);
//! 5. **render** – view models through Tera ([`crate::render`]);
//! 6. **write** – into a staging folder swapped into place at the end
//!    ([`crate::output`]).
//!
//! Stages 2–6 stream ([`generate`]): documents are parsed, annotated and
//! rendered in parallel (rayon), one at a time per thread, and never all
//! held in memory; what waits for the whole edition goes to a scratch file
//! ([`crate::spill`]). Anything that comes from the file system is sorted so
//! output is byte-identical. Content errors from every stage are collected
//! and reported together; a build with errors leaves the output untouched.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::annotate::{self, Annotated, MentionMatcher};
use crate::cache::{Cache, DocState, Stamp, State};
use crate::commentary::{self, Commentary};
use crate::config::SiteConfig;
use crate::error::{Diagnostic, Diagnostics, Error, IoContext, Result};
use crate::formats;
use crate::index::{DocFacts, DocSummary, FactMention, Index};
use crate::markdown::{self, LinkTargets, ParagraphCheck, Source};
use crate::model::Document;
use crate::output::Output;
use crate::progress::Progress;
use crate::registers::{Kind, Registers};
use crate::render::{self, Renderer};
use crate::spill::{Span, Spill};
use crate::view::*;

/// What `folio build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The edition folder (holds site.toml).
    pub root: PathBuf,
    /// Where the site goes (default `<root>/public`).
    pub output: PathBuf,
    /// Override site.toml's `build.minify`.
    pub minify: Option<bool>,
    /// Build on the previous build's cache (`.<output>.folio-cache/`),
    /// redoing only what changed; `false` (`--no-cache`) builds everything.
    pub cache: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub documents: usize,
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    /// Documents per format.
    pub formats: BTreeMap<String, usize>,
    pub mentions: usize,
    /// Counts of registers, mentions, unmapped TAGS... (also written to
    /// `build-report.txt` in the output).
    pub report: crate::report::Report,
    /// Whether the build patched the previous output (an incremental build).
    pub incremental: bool,
    /// Documents read and rendered (in an incremental build, those whose
    /// raw file or commentary changed).
    pub documents_read: usize,
    /// Files written (the others were kept as they were).
    pub written: usize,
}

/// A raw document and its commentary, as found on disk.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    pub id: String,
    pub raw: PathBuf,
    pub commentary: Option<PathBuf>,
}

/// An essay in content/pages/.
#[derive(Debug, Clone)]
pub struct Essay {
    pub slug: String,
    pub path: PathBuf,
    pub title: String,
    pub order: i64,
    pub body: String,
    pub body_line: usize,
}

/// Front matter of an essay.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EssayFront {
    /// Title of the essay.
    title: String,
    /// Position in the navigation (ascending; then by title).
    #[serde(default)]
    order: i64,
}

/// Whether a document id (a raw file's stem) is safe as a file name.
pub fn valid_doc_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && !id.contains("..")
}

/// Stage 1: finds the raw documents and their commentary, sorted by id.
pub fn find_documents(root: &Path, diags: &mut Diagnostics) -> Vec<SourceDoc> {
    let dir = root.join("content").join("documents");
    let mut docs = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut commentary_files: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if dir.exists() {
                    diags.push(Diagnostic::error(&dir, 0, format!("cannot read: {e}")));
                }
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "md" {
            commentary_files.push(path);
            continue;
        }
        if ext != "txt" {
            continue;
        }
        let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        if !valid_doc_id(&id) {
            diags.push(
                Diagnostic::error(&path, 0, format!("`{id}` cannot be a document id"))
                    .hint("rename the file: letters, digits, '-', '_' and '.' only, e.g. 1978MOSCOW08357.txt"),
            );
            continue;
        }
        if let Some(prev) = seen.insert(id.clone(), path.clone()) {
            diags.push(
                Diagnostic::error(&path, 0, format!("document id `{id}` is used twice (also {})", prev.display()))
                    .hint("ids are file names without .txt and must be unique across content/documents"),
            );
            continue;
        }
        let md = path.with_extension("md");
        let commentary = md.is_file().then_some(md);
        docs.push(SourceDoc { id, raw: path, commentary });
    }
    for md in commentary_files {
        if !md.with_extension("txt").is_file() {
            diags.push(
                Diagnostic::error(&md, 0, "commentary without a raw document")
                    .hint("a commentary file needs a raw .txt file of the same name beside it"),
            );
        }
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    docs
}

/// Stage 1: the essays in content/pages/, sorted by order then title.
pub fn load_essays(root: &Path, diags: &mut Diagnostics) -> Vec<Essay> {
    let dir = root.join("content").join("pages");
    let mut essays = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).max_depth(1).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let slug = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        if !crate::registers::valid_id(&slug) {
            diags.push(
                Diagnostic::error(path, 0, format!("`{slug}` cannot be a page slug"))
                    .hint("rename the file with lowercase letters, digits and hyphens, e.g. editorial-principles.md"),
            );
            continue;
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::error(path, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        let Some((fm, fm_line, body, body_line)) = commentary::split_front_matter(&text) else {
            diags.push(
                Diagnostic::error(path, 1, "an essay needs front matter with a title")
                    .hint("start the file with:\n+++\ntitle = \"Introduction\"\n+++"),
            );
            continue;
        };
        match toml::from_str::<EssayFront>(fm) {
            Ok(f) => essays.push(Essay {
                slug,
                path: path.to_path_buf(),
                title: f.title,
                order: f.order,
                body: body.to_string(),
                body_line,
            }),
            Err(e) => {
                let mut d = Diagnostic::from_toml(path, fm, fm_line - 1, &e);
                if e.message().starts_with("unknown field") {
                    d = d.hint("essay front matter accepts: title, order");
                }
                diags.push(d)
            }
        }
    }
    essays.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
    essays
}

/// The bytes of a document's raw file and commentary.
pub struct Inputs {
    pub raw: Vec<u8>,
    pub commentary: Option<Vec<u8>>,
}

impl Inputs {
    pub fn read(src: &SourceDoc) -> Result<Inputs> {
        let raw = std::fs::read(&src.raw).with_path(&src.raw)?;
        let commentary = match &src.commentary {
            Some(p) => Some(std::fs::read(p).with_path(p)?),
            None => None,
        };
        Ok(Inputs { raw, commentary })
    }

    /// The key of these bytes: a document whose key is unchanged is the
    /// same document.
    pub fn key(&self) -> u64 {
        let mut h = crate::cache::KeyHasher::new();
        h.bytes(&self.raw);
        match &self.commentary {
            Some(c) => h.u64(1).bytes(c),
            None => h.u64(0),
        };
        h.finish()
    }
}

/// Stage 2: reads, decodes and parses one document with its commentary.
pub fn parse_document(src: &SourceDoc, diags: &mut Diagnostics) -> Result<(Document, Option<Commentary>)> {
    parse_inputs(src, &Inputs::read(src)?, diags)
}

/// Stage 2: decodes and parses one document with its commentary.
pub fn parse_inputs(
    src: &SourceDoc,
    inputs: &Inputs,
    diags: &mut Diagnostics,
) -> Result<(Document, Option<Commentary>)> {
    let (text, warning) = formats::decode(&inputs.raw);
    let commentary = match (&src.commentary, &inputs.commentary) {
        (Some(p), Some(t)) => {
            let (t, w) = formats::decode(t);
            if let Some(w) = w {
                diags.push(Diagnostic::warning(p, 0, w));
            }
            Some(commentary::parse(p, &t, diags))
        }
        _ => None,
    };
    let forced = commentary.as_ref().and_then(|c| c.front.format.as_deref()).and_then(formats::by_name);
    let mut doc = formats::parse(&src.id, &text, forced);
    if let Some(w) = warning {
        diags.push(Diagnostic::warning(&src.raw, 0, w.clone()));
        doc.warnings.push(w);
    }
    Ok((doc, commentary))
}

/// The edition as loaded before its documents are read: configuration,
/// registers, essays and the list of documents; then (after the first pass
/// of [`generate`]) the index built from the documents' facts.
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub registers: Registers,
    pub essays: Vec<Essay>,
    /// The raw documents found, sorted by id.
    pub sources: Vec<SourceDoc>,
    /// TAGS codes and Concepts → topics (topics.toml).
    pub topic_map: crate::tags::TopicMap,
    /// Empty until [`generate`] has read every document.
    pub index: Index,
}

impl Site {
    /// Stage 1: site.toml (whose errors stop here), registers, essays and
    /// the documents' file names. Other content errors go to `diags`, to be
    /// reported with the documents' own.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Site> {
        // "./content/x.md" reads better as "content/x.md" in messages.
        let root = if root == Path::new(".") { Path::new("") } else { root };
        let config_path = root.join("site.toml");
        if !config_path.is_file() {
            return Err(Error::Other(format!(
                "{}: no site.toml here; run folio in an edition folder, give --root, or start one with `folio new DIR`",
                config_path.display()
            )));
        }
        let config = SiteConfig::load(&config_path)?;
        if !crate::highlight::has_theme(&config.build.highlight_theme) {
            let line = std::fs::read_to_string(&config_path)
                .ok()
                .and_then(|t| commentary::find_line(&t, "highlight_theme"))
                .unwrap_or(0);
            diags.push(
                Diagnostic::error(
                    &config_path,
                    line,
                    format!("unknown highlight theme `{}`", config.build.highlight_theme),
                )
                .col(1)
                .hint(format!("use one of: {}", crate::highlight::theme_names().join(", "))),
            );
        }
        let registers = Registers::load(&root.join("content").join("registers"), diags);
        let sources = find_documents(root, diags);
        let essays = load_essays(root, diags);
        let topic_map = crate::tags::TopicMap::new(&registers);
        Ok(Site { root: root.to_path_buf(), config, registers, essays, sources, topic_map, index: Index::default() })
    }
}

/// `folio build`: all stages; the previous output is replaced only on success.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_with(opts, &Progress::stderr())
}

/// [`build`], with progress shown where `progress` says (a bar on a
/// terminal, or nothing: `folio build --quiet`).
///
/// With `opts.cache`, the build keeps a cache beside the output and the next
/// one builds on it ([`crate::cache`]): only documents whose files changed
/// are read again, and only output files whose inputs changed are written.
pub fn build_with(opts: &BuildOptions, progress: &Progress) -> Result<BuildReport> {
    let staged = stage(opts, progress)?;
    let t = std::time::Instant::now();
    let report = staged.commit()?;
    progress.stage("swap into place", t);
    Ok(report)
}

/// A build done but not yet in place (see [`stage`]).
pub struct Staged {
    out: Output,
    cache: Cache,
    state: Option<(State, u64)>,
    report: BuildReport,
}

impl Staged {
    /// Puts the site into place and saves the cache for the next build.
    pub fn commit(self) -> Result<BuildReport> {
        self.cache.forget()?;
        let manifest = self.out.commit()?;
        if let Some((mut state, records)) = self.state {
            state.files = manifest;
            self.cache.save(state, records)?;
        }
        Ok(self.report)
    }

    /// What the build did.
    pub fn report(&self) -> &BuildReport {
        &self.report
    }
}

/// Builds the site into a staging folder (only the files that changed, if
/// the cache allows) without touching the output: [`Staged::commit`] puts it
/// into place. On failure nothing is left behind.
pub fn stage(opts: &BuildOptions, progress: &Progress) -> Result<Staged> {
    let t = std::time::Instant::now();
    let mut diags = Diagnostics::default();
    let mut site = Site::load(&opts.root, &mut diags)?;
    let minify = opts.minify.unwrap_or(site.config.build.minify);
    let global = global_key(&site, minify)?;
    let mut cache = Cache::open(&opts.output, global, opts.cache)?;
    let out = match cache.previous.as_mut() {
        Some(state) => Output::patching(&opts.output, minify, std::mem::take(&mut state.files))?,
        None => Output::new(&opts.output, minify)?,
    };
    progress.stage("load", t);
    match run(&mut site, diags, &out, progress, cache.enabled().then_some(&cache)) {
        Ok((mut report, state)) => {
            let (files, bytes) = out.stats();
            report.files = files;
            report.bytes = bytes;
            report.written = out.written();
            report.incremental = out.is_patching();
            Ok(Staged { out, cache, state, report })
        }
        Err(e) => {
            out.abandon();
            cache.discard_new();
            Err(e)
        }
    }
}

/// The key of everything every page may depend on besides its documents:
/// minification, site.toml, registers, templates, theme, the essays'
/// slugs and titles (in every page's navigation) and the set of document
/// ids (a `doc:` link's validity). When it changes, the build is a full one.
fn global_key(site: &Site, minify: bool) -> Result<u64> {
    let mut h = crate::cache::KeyHasher::new();
    h.u64(u64::from(minify));
    let config = site.root.join("site.toml");
    h.bytes(&std::fs::read(&config).with_path(&config)?);
    for dir in [site.root.join("content").join("registers"), site.root.join("templates"), site.root.join("theme")] {
        crate::cache::hash_tree(&mut h, &dir)?;
    }
    for e in &site.essays {
        h.str(&e.slug).str(&e.title);
    }
    h.u64(site.sources.len() as u64);
    for s in &site.sources {
        h.str(&s.id);
    }
    Ok(h.finish())
}

/// What the first pass keeps of a document, besides its index facts.
#[derive(Debug, Serialize, Deserialize)]
pub struct Kept {
    /// Key of the document's raw file and commentary ([`Inputs::key`]).
    pub input: u64,
    /// The rendered page in the scratch file, without its slots, and where
    /// the slots go: (byte offset, which slot).
    page: Span,
    slots: Vec<(u32, Slot)>,
    /// Its search entry (JSON) in the scratch file.
    snippet: Span,
    /// Its search postings, in the scratch file.
    search: Option<Span>,
    report: crate::report::DocReport,
    notes: usize,
}

/// One document after the first pass.
struct Scanned {
    id: String,
    paragraphs: usize,
    diags: Diagnostics,
    /// Its `doc:ID#pN` links, checked once every document is read.
    checks: Vec<ParagraphCheck>,
    /// Nothing if the document has errors.
    done: Option<(DocFacts, Kept)>,
    /// What the cache keeps of it (builds with a cache).
    state: Option<DocState>,
    /// Key of its search record.
    search_key: u64,
    /// Whether it was read (not taken from the cache).
    read: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Slot {
    Nav,
    Related,
}

/// Stages 2–6 into `out`, streaming: documents are read, rendered and
/// written in two parallel passes and never all held in memory.
///
/// 1. Each document is parsed, annotated and rendered; its JSON and TEI
///    exports are written, and its page (but for the parts that depend on
///    the whole edition), concordance rows and search entry go to a scratch
///    file ([`Spill`]). What is kept in memory is compact: the facts the
///    index needs and the document's search postings.
/// 2. The index is built from those facts ([`Index::build`]).
/// 3. Each page is completed (previous/next, related documents) and
///    written, with the search entries in groups.
/// 4. Index pages, chronology, search index, essays and the report.
///
/// Content errors from every stage are collected and reported together.
pub fn generate(site: &mut Site, diags: Diagnostics, out: &Output, progress: &Progress) -> Result<BuildReport> {
    run(site, diags, out, progress, None).map(|(report, _)| report)
}

/// [`generate`], with a cache or without. With one, the scratch file is
/// the cache's records file, documents unchanged since the previous build
/// are taken from it, and the new state is returned with the length of the
/// records file (to be saved once the output is in place).
fn run(
    site: &mut Site,
    mut diags: Diagnostics,
    out: &Output,
    progress: &Progress,
    cache: Option<&Cache>,
) -> Result<(BuildReport, Option<(State, u64)>)> {
    let t = std::time::Instant::now();
    let renderer = Renderer::new(&site.root, out.minify())?;
    let spill = match cache {
        Some(c) => c.records()?,
        None => Spill::new(out.staging().parent().unwrap_or(Path::new(".")))?,
    };
    let previous = cache.and_then(|c| c.previous.as_ref());

    // Theme: the generated code-highlighting stylesheet first, so that an
    // edition's own theme/highlight.css replaces it.
    let css = crate::highlight::stylesheet(&site.config.build.highlight_theme).map_err(Error::Other)?;
    out.write("theme/highlight.css", css.as_bytes())?;
    for (name, bytes) in render::theme_files(&site.root)? {
        out.write(&format!("theme/{name}"), &bytes)?;
    }

    // Pass 1. Paragraph counts are not known yet: `doc:ID#pN` links are
    // checked after it.
    let ids: HashMap<String, usize> = site.sources.iter().map(|s| (s.id.clone(), usize::MAX)).collect();
    let page_slugs: HashSet<String> = site.essays.iter().map(|e| e.slug.clone()).collect();
    let search = match previous {
        Some(p) => crate::search::SearchBuilder::with_tables(site.sources.len(), &site.registers, p.search.clone()),
        None => crate::search::SearchBuilder::new(site.sources.len(), &site.registers),
    };
    let pages_nav: Vec<Link> =
        site.essays.iter().map(|e| Link { url: format!("pages/{}.html", e.slug), title: e.title.clone() }).collect();
    let scanned: Vec<Result<Scanned>> = {
        let matcher = MentionMatcher::new(&site.registers);
        // Document pages do not show the edition's counts.
        let sv = SiteView::new(&site.config, pages_nav.clone(), Counts::default());
        let previous: Option<HashMap<&str, &DocState>> =
            previous.map(|p| p.docs.iter().map(|d| (d.id.as_str(), d)).collect());
        let pass = Pass1 {
            site,
            matcher: &matcher,
            ids: &ids,
            page_slugs: &page_slugs,
            renderer: &renderer,
            sv: &sv,
            search: &search,
            spill: &spill,
            out,
            previous: previous.as_ref(),
            cache: cache.is_some(),
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
    };
    let mut facts = Vec::with_capacity(scanned.len());
    let mut kept = Vec::with_capacity(scanned.len());
    let mut doc_paras: HashMap<String, usize> = HashMap::with_capacity(scanned.len());
    let mut checks = Vec::new();
    let mut states = Vec::with_capacity(scanned.len());
    let mut search_keys = Vec::with_capacity(scanned.len());
    let mut documents_read = 0;
    for r in scanned {
        let s = r?;
        diags.extend(s.diags.0);
        doc_paras.insert(s.id, s.paragraphs);
        checks.extend(s.checks);
        documents_read += usize::from(s.read);
        if let Some((f, k)) = s.done {
            facts.push(f);
            kept.push(k);
            search_keys.push(s.search_key);
        }
        states.extend(s.state);
    }
    for check in checks {
        if let Some(d) = doc_paras.get(&check.doc).and_then(|&p| check.verify(p)) {
            diags.push(d);
        }
    }
    // Essays' links are checked now too, so all errors come together.
    let targets = LinkTargets { registers: &site.registers, documents: &doc_paras, pages: &page_slugs, later: None };
    let mut essays_html = Vec::with_capacity(site.essays.len());
    for e in &site.essays {
        let src = Source { path: &e.path, line: e.body_line };
        essays_html.push(markdown::render(&e.body, "../", &targets, site.config.build.allow_html, &src, &mut diags));
    }
    let warnings = diags.into_result()?;
    let t = progress.stage("read, annotate, render", t);

    // Stage 4.
    let counts = Counts {
        documents: facts.len(),
        persons: site.registers.of(Kind::Person).len(),
        places: site.registers.of(Kind::Place).len(),
        organizations: site.registers.of(Kind::Organization).len(),
        topics: site.registers.of(Kind::Topic).len(),
        notes: kept.iter().map(|k| k.notes).sum(),
        mentions: kept.iter().map(|k| k.report.mentions).sum(),
    };
    let fact_keys: Vec<u64> = facts.iter().map(|f| f.key).collect();
    site.index = Index::build(facts);
    let mut search_key = crate::cache::KeyHasher::new();
    search_key.u64(site.index.source.len() as u64);
    for (pos, &i) in site.index.source.iter().enumerate() {
        search_key.u64(search_keys[i]);
        if let Some(data) = kept[i].search.take() {
            search.insert(pos, crate::search::Stored::Spilled(data))?;
        }
    }
    let search_key = search_key.finish();
    // Each document's facts' key, by position: what index pages show of it.
    let doc_keys: Vec<u64> = site.index.source.iter().map(|&i| fact_keys[i]).collect();
    let t = progress.stage("index", t);

    // Pass 2: the document pages completed, the search entries in groups.
    let group = crate::search::DOC_GROUP;
    let bar = progress.bar("writing", site.index.docs.len());
    site.index.docs.par_chunks(group).enumerate().try_for_each(|(g, chunk)| -> Result<()> {
        let mut group_key = crate::cache::KeyHasher::new();
        group_key.str("search group").u64(g as u64);
        let mut members = Vec::with_capacity(chunk.len());
        for (k, summary) in chunk.iter().enumerate() {
            bar.inc(1);
            let pos = g * group + k;
            let Some(kept) = site.index.source.get(pos).and_then(|&i| kept.get(i)) else { continue };
            group_key.u64(pos as u64).u64(kept.input);
            members.push((pos, kept));
            let nav = crate::reading::doc_nav_html(&site.index.docs, pos);
            let related = crate::reading::related_html(
                &site.index.docs,
                site.index.related.get(pos).map_or(&[][..], Vec::as_slice),
            );
            let key = crate::cache::KeyHasher::new().str("page").u64(kept.input).str(&nav).str(&related).finish();
            out.write_keyed(&format!("documents/{}.html", summary.id), key, || {
                let page = spill.get(kept.page)?;
                let mut html = Vec::with_capacity(page.len() + nav.len() + related.len());
                let mut from = 0;
                for &(at, slot) in &kept.slots {
                    html.extend_from_slice(&page[from..at as usize]);
                    html.extend_from_slice(match slot {
                        Slot::Nav => nav.as_bytes(),
                        Slot::Related => related.as_bytes(),
                    });
                    from = at as usize;
                }
                html.extend_from_slice(&page[from..]);
                Ok(html)
            })?;
        }
        search.write_group(g, group_key.finish(), out, || {
            let mut js = String::new();
            for (pos, kept) in &members {
                js.push_str(&crate::search::entry_script(*pos, &spill.get_string(kept.snippet)?));
            }
            Ok(js)
        })
    })?;
    bar.finish_and_clear();
    let t = progress.stage("document pages", t);

    let sv = SiteView::new(&site.config, pages_nav, counts);
    let home_crumb = |root: &str| Link { url: format!("{root}index.html"), title: "Home".into() };
    // The introduction again on the home page, where links start at the root.
    let intro = site.essays.iter().find(|e| e.slug == "introduction").map(|e| {
        let src = Source { path: &e.path, line: e.body_line };
        markdown::render(&e.body, "", &targets, site.config.build.allow_html, &src, &mut Diagnostics::default())
    });
    // Both list every document: keyed by the counts and the documents'
    // summaries, so an incremental build renders them only when those change.
    let mut lists_key = crate::cache::KeyHasher::new();
    lists_key.value(&sv.counts).value(&site.index.docs);
    let home_key = lists_key.clone().str("home").value(&intro).finish();
    out.write_keyed("index.html", home_key, || {
        let home = Frame {
            site: &sv,
            root: "",
            title: site.config.title.clone(),
            section: "home",
            breadcrumbs: vec![],
            page: HomeView { introduction_html: intro.clone(), documents: site.index.docs.iter().collect() },
        };
        Ok(renderer.render("index.html", &home)?.into_bytes())
    })?;
    out.write_keyed("documents/index.html", lists_key.str("documents").finish(), || {
        let list = Frame {
            site: &sv,
            root: "../",
            title: "Documents".into(),
            section: "documents",
            breadcrumbs: vec![home_crumb("../")],
            page: DocumentsView { documents: site.index.docs.iter().collect() },
        };
        Ok(renderer.render("documents.html", &list)?.into_bytes())
    })?;
    let t = progress.stage("home, document list", t);

    // Registers and chronology.
    crate::register_pages::write(site, &spill, &renderer, out, &sv, &targets, &doc_keys)?;
    let t = progress.stage("register pages", t);
    crate::chronology::write(&site.index, &renderer, out, &sv)?;
    let t = progress.stage("chronology", t);

    // Essays.
    for (e, html) in site.essays.iter().zip(essays_html) {
        let frame = Frame {
            site: &sv,
            root: "../",
            title: e.title.clone(),
            section: "pages",
            breadcrumbs: vec![home_crumb("../")],
            page: EssayView { slug: e.slug.clone(), html },
        };
        out.write(&format!("pages/{}.html", e.slug), renderer.render("page.html", &frame)?.as_bytes())?;
    }
    let documents = kept.len();
    let report = crate::report::Report::new(site, kept.into_iter().map(|k| k.report).collect(), &site.index);
    out.write(crate::report::FILE, report.full().as_bytes())?;
    let t = progress.stage("essays, report", t);

    // Search, last: the index and the documents' records are no longer
    // needed while its postings are gathered. An incremental build keeps
    // the index's files when no document's search record changed.
    drop(std::mem::take(&mut site.index));
    let page = Frame {
        site: &sv,
        root: "",
        title: "Search".into(),
        section: "search",
        breadcrumbs: vec![home_crumb("")],
        page: (),
    };
    out.write("search.html", renderer.render("search.html", &page)?.as_bytes())?;
    let tables = cache.map(|_| search.tables());
    if !(previous.is_some_and(|p| p.search_key == search_key) && out.keep_where(crate::search::is_index_file)) {
        search.finish(out, Some(&spill))?;
    }
    progress.stage("search index", t);
    let state = tables.map(|search| (State { docs: states, search, search_key, ..Default::default() }, spill.len()));
    Ok((
        BuildReport {
            documents,
            documents_read,
            warnings,
            formats: report.formats.clone(),
            mentions: report.mentions,
            report,
            ..Default::default()
        },
        state,
    ))
}

/// The first pass over one document (see [`generate`]).
struct Pass1<'a> {
    site: &'a Site,
    matcher: &'a MentionMatcher,
    ids: &'a HashMap<String, usize>,
    page_slugs: &'a HashSet<String>,
    renderer: &'a Renderer,
    sv: &'a SiteView,
    search: &'a crate::search::SearchBuilder<'a>,
    spill: &'a Spill,
    out: &'a Output,
    /// The previous build's documents, by id (incremental builds).
    previous: Option<&'a HashMap<&'a str, &'a DocState>>,
    /// Whether the build keeps a cache: each document's record is written.
    cache: bool,
    /// When the build started, as a file time.
    started: u128,
}

impl Pass1<'_> {
    fn racy(&self, raw: Stamp, commentary: Option<Stamp>) -> bool {
        raw.racy(self.started) || commentary.is_some_and(|c| c.racy(self.started))
    }

    /// One document: taken from the previous build when its files are
    /// unchanged (same size and time, or else the same bytes), else read.
    fn document(&self, src: &SourceDoc) -> Result<Scanned> {
        let raw = Stamp::of(&src.raw)?;
        let commentary = src.commentary.as_deref().map(Stamp::of).transpose()?;
        let mut inputs = None;
        if let Some(prev) = self.previous.and_then(|p| p.get(src.id.as_str())) {
            let input = if !prev.racy && prev.raw == raw && prev.commentary == commentary {
                prev.input
            } else {
                let i = Inputs::read(src)?;
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
            None => Inputs::read(src)?,
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
        let Some(record) = crate::cache::decode_record(&self.spill.get(prev.record)?) else { return Ok(None) };
        let exports = export_files(&src.id, prev.input);
        if !self.out.keep_all(&exports) {
            return Ok(None);
        }
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
        };
        let mut a = annotate::annotate(doc, c.as_ref(), &cx, &mut d);
        site.topic_map.attach(&mut a);
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
                Link { url: "../index.html".into(), title: "Home".into() },
                Link { url: "index.html".into(), title: "Documents".into() },
            ],
            page: crate::reading::document_view(site, &a),
        };
        let html = self.renderer.render("document.html", &frame)?;
        let mut slots: Vec<(usize, Slot)> =
            [(crate::reading::NAV_SLOT, Slot::Nav), (crate::reading::RELATED_SLOT, Slot::Related)]
                .into_iter()
                .filter_map(|(marker, slot)| html.find(marker).map(|at| (at, slot)))
                .collect();
        slots.sort_unstable_by_key(|s| s.0);
        let mut page = String::with_capacity(html.len());
        let mut kept_slots = Vec::with_capacity(slots.len());
        let mut from = 0;
        for (at, slot) in slots {
            page.push_str(&html[from..at]);
            kept_slots.push((page.len() as u32, slot));
            from = at
                + match slot {
                    Slot::Nav => crate::reading::NAV_SLOT.len(),
                    Slot::Related => crate::reading::RELATED_SLOT.len(),
                };
        }
        page.push_str(&html[from..]);
        drop(html);
        let page_span = self.spill.put(page.as_bytes())?;
        drop(page);

        let [(json_file, json_key), (tei_file, tei_key)] = export_files(&a.doc.id, input);
        self.out.write_keyed(&json_file, json_key, || {
            serde_json::to_vec(&a.doc).map_err(|e| Error::Other(e.to_string()))
        })?;
        self.out.write_keyed(&tei_file, tei_key, || {
            Ok(crate::tei::document(&a, &site.config, &site.registers).into_bytes())
        })?;

        let (search, entry) = self.search.document(&a)?;
        let search = search.to_bytes();
        scanned.search_key = crate::cache::key_of(&search);
        let search = self.spill.put(&search)?;
        let snippet = self.spill.put(entry.as_bytes())?;
        let facts = facts(&a, self.spill)?;
        let kept = Kept {
            input,
            page: page_span,
            slots: kept_slots,
            snippet,
            search: Some(search),
            report: crate::report::DocReport::new(&a, &site.topic_map),
            notes: a.notes.len(),
        };
        if self.cache {
            let record = crate::cache::DocRecordRef {
                paragraphs: scanned.paragraphs,
                warnings: &scanned.diags.0,
                checks: &scanned.checks,
                facts: &facts,
                kept: &kept,
                search: scanned.search_key,
            };
            let record = self.spill.put(&crate::cache::encode_record(&record)?)?;
            let racy = self.racy(raw, commentary);
            scanned.state = Some(DocState { id: src.id.clone(), raw, commentary, input, racy, record });
        }
        scanned.done = Some((facts, kept));
        Ok(scanned)
    }
}

/// A document's exports and their keys.
fn export_files(id: &str, input: u64) -> [(String, u64); 2] {
    let key = |what: &str| crate::cache::KeyHasher::new().str(what).u64(input).finish();
    [(format!("data/{id}.json"), key("json")), (format!("tei/{id}.xml"), key("tei"))]
}

/// What the index keeps of a document; its concordance rows go to the
/// scratch file, grouped by entity.
fn facts(a: &Annotated, spill: &Spill) -> Result<DocFacts> {
    let entities: Vec<(Kind, String)> = a.entities().into_iter().collect();
    let entity_of = |kind: Kind, id: &str| {
        entities.binary_search_by(|(k, i)| (*k, i.as_str()).cmp(&(kind, id))).unwrap_or(0) as u32
    };
    let mut mentions: Vec<(u32, &crate::mentions::Mention)> =
        a.mentions.iter().map(|m| (entity_of(m.kind, &m.id), m)).collect();
    mentions.sort_by_key(|(e, m)| (*e, m.paragraph, m.start));
    let mut rows = String::new();
    let mut cuts = Vec::with_capacity(mentions.len());
    let mut forms: BTreeMap<(u32, String), u32> = BTreeMap::new();
    for (e, m) in &mentions {
        let Some(p) = a.doc.paragraphs.get(m.paragraph.wrapping_sub(1)) else { continue };
        let Some(form) = p.text.get(m.start..m.end) else { continue };
        *forms.entry((*e, crate::formats::collapse_ws(form))).or_default() += 1;
        let start = rows.len();
        crate::register_pages::kwic_row(&a.doc.id, m.paragraph, &p.text, m.start, m.end, &mut rows);
        cuts.push((*e, m.paragraph as u32, start as u32, (rows.len() - start) as u32));
    }
    let base = spill.put(rows.as_bytes())?;
    let summary = DocSummary {
        id: a.doc.id.clone(),
        title: a.doc.title.clone(),
        date: a.doc.date.clone(),
        format: a.doc.format.clone(),
        classification: a.doc.metadata.classification.clone(),
        from: a.doc.metadata.from.clone(),
        to: a.doc.metadata.to.clone(),
        summary: a.summary.clone(),
    };
    let key = crate::cache::KeyHasher::new().value(&summary).str(&rows).finish();
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
    })
}
