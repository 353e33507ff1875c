//! The build, as one-way stages:
//!
//! 1. **load** – site.toml, registers, essays, the list of raw documents
//!    ([`Site::load`]);
//! 2. **parse and clean** – each raw file through its [`crate::parse::Format`];
//! 3. **annotate and link** – notes, emendations, mentions, links
//!    ([`crate::annotate`]);
//! 4. **index** – concordances, chronology, related documents ([`crate::index`]);
//! 5. **render** – view models through Tera ([`crate::render::templates`]);
//! 6. **write** – into a staging folder swapped into place at the end
//!    ([`crate::base::output`]).
//!
//! Stages 2–6 stream ([`generate`]): documents are parsed, annotated and
//! rendered in parallel (rayon), one at a time per thread, and never all
//! held in memory; what waits for the whole edition goes to a scratch file
//! ([`crate::base::spill`]). Anything that comes from the file system is sorted so
//! output is byte-identical. Content errors from every stage are collected
//! and reported together; a build with errors leaves the output untouched.

pub(crate) mod cache;
mod pages;
mod pass1;
mod pass2;
mod record;
mod site;

pub(crate) use site::{Nav, Site};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::annotate::markdown::{LinkTargets, ParagraphCheck};
use crate::base::error::{Diagnostic, Diagnostics, Error, Result};
use crate::base::guard::BuildLock;
use crate::base::keys::{hash_tree, KeyHasher};
use crate::base::output::Output;
use crate::base::progress::Progress;
use crate::base::spill::Spill;
use crate::build::cache::{Cache, DocState, State};
use crate::build::pass1::Scanned;
use crate::build::record::Kept;
use crate::export::search::SearchBuilder;
use crate::index::report::Report;
use crate::index::{DocFacts, Index};
use crate::load::registers::Kind;
use crate::load::strings::Strings;
use crate::render::templates::{self, Renderer};
use crate::render::view::{Counts, SiteView};

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
    pub formats: BTreeMap<crate::model::FormatName, usize>,
    pub mentions: usize,
    /// Counts of registers, mentions, unmapped TAGS... (also written to
    /// `build-report.txt` in the output).
    pub report: Report,
    /// Whether the build patched the previous output (an incremental build).
    pub incremental: bool,
    /// Documents read and rendered (in an incremental build, those whose
    /// raw file or commentary changed).
    pub documents_read: usize,
    /// Files written (the others were kept as they were).
    pub written: usize,
}

/// `folio build`: all stages; the previous output is replaced only on success.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_with(opts, &Progress::stderr())
}

/// [`build`], with progress shown where `progress` says (a bar on a
/// terminal, or nothing: `folio build --quiet`).
///
/// With `opts.cache`, the build keeps a cache beside the output and the next
/// one builds on it ([`crate::build::cache`]): only documents whose files changed
/// are read again, and only output files whose inputs changed are written.
pub fn build_with(opts: &BuildOptions, progress: &Progress) -> Result<BuildReport> {
    build_replacing(opts, false, progress)
}

/// [`build_with`]; `force` (`folio build --force`) also replaces a folder
/// Folio did not make if it holds no edition files
/// ([`crate::base::guard::check_output`]).
pub fn build_replacing(opts: &BuildOptions, force: bool, progress: &Progress) -> Result<BuildReport> {
    let staged = stage_replacing(opts, force, progress)?;
    let t = std::time::Instant::now();
    let report = staged.commit()?;
    progress.stage("swap into place", t);
    Ok(report)
}

/// A build done but not yet in place (see [`stage`]).
pub struct Staged {
    /// Held until the site is in place.
    lock: BuildLock,
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
        self.lock.done();
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
    stage_replacing(opts, false, progress)
}

/// [`stage`]; `force` as in [`build_replacing`]. The output is checked
/// first, before anything is read or written: a build never replaces the
/// edition, its sources, a folder above them or a folder of the user's.
pub(crate) fn stage_replacing(opts: &BuildOptions, force: bool, progress: &Progress) -> Result<Staged> {
    let output = crate::base::guard::check_output(&opts.root, &opts.output, force)?;
    let lock = BuildLock::take(&output)?;
    let opts = &BuildOptions { output, ..opts.clone() };
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
            Ok(Staged { lock, out, cache, state, report })
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
    let mut h = KeyHasher::new();
    h.u64(u64::from(minify));
    // Both were read within their limits when the site was loaded; read
    // again within them (a file can change in between).
    let read = |path: &Path, limit| match crate::base::read::text(path, limit) {
        Ok(t) => Ok(Some(t)),
        Err(None) => Ok(None),
        Err(Some(d)) => Err(Error::diagnostic(d)),
    };
    let config = site.root.join("site.toml");
    let limit = crate::base::read::Limit::Fixed(crate::load::config::SITE_TOML_MAX_BYTES);
    h.bytes(read(&config, limit)?.unwrap_or_default().as_bytes());
    for dir in [site.root.join("content").join("registers"), site.root.join("templates"), site.root.join("theme")] {
        hash_tree(&mut h, &dir)?;
    }
    // The interface strings, and whether the parts are drawn by their
    // templates (FOLIO_PARTS=templates, for tests and measurements).
    let strings = site.root.join(crate::load::strings::EDITION_FILE);
    if let Some(t) = read(&strings, crate::base::read::Limit::Setting(site.config.max_document_bytes()))? {
        h.bytes(t.as_bytes());
    }
    h.str(&std::env::var("FOLIO_PARTS").unwrap_or_default());
    for e in &site.essays {
        h.str(&e.slug).str(&e.title);
    }
    h.u64(site.sources.len() as u64);
    for s in &site.sources {
        h.str(s.id.as_str());
    }
    Ok(h.finish())
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
pub(crate) fn generate(site: &mut Site, diags: Diagnostics, out: &Output, progress: &Progress) -> Result<BuildReport> {
    run(site, diags, out, progress, None).map(|(report, _)| report)
}

/// [`generate`], with a cache or without. With one, the scratch file is
/// the cache's records file, documents unchanged since the previous build
/// are taken from it, and the new state is returned with the length of the
/// records file (to be saved once the output is in place).
///
/// The steps, in order; each is a function of this module or of
/// [`pass1`], [`pass2`] and [`pages`].
fn run(
    site: &mut Site,
    diags: Diagnostics,
    out: &Output,
    progress: &Progress,
    cache: Option<&Cache>,
) -> Result<(BuildReport, Option<(State, u64)>)> {
    let t = std::time::Instant::now();
    let (strings, string_warnings) =
        Strings::load(&site.root, &site.config.language, site.config.max_document_bytes())?;
    let mut diags = diags;
    diags.extend(string_warnings);
    let renderer = Renderer::new(&site.root, out.minify(), strings)?;
    let spill = match cache {
        Some(c) => c.records()?,
        None => Spill::new(out.staging().parent().unwrap_or(Path::new(".")))?,
    };
    let previous = cache.and_then(|c| c.previous.as_ref());
    write_theme(site, out)?;
    let search = match previous {
        Some(p) => {
            SearchBuilder::with_tables(site.sources.len(), &site.registers, renderer.strings(), p.search.clone())
        }
        None => SearchBuilder::new(site.sources.len(), &site.registers, renderer.strings()),
    };
    let nav = Nav::of(site);

    // Pass 1, then what needs every document: `doc:ID#pN` links, essays.
    let scanned = pass1::run(site, &nav, &renderer, &search, &spill, previous, cache.is_some(), progress);
    let mut read = Read::gather(scanned, diags)?;
    read.check_links();
    let doc_paras = std::mem::take(&mut read.doc_paras);
    let targets =
        LinkTargets { registers: &site.registers, documents: &doc_paras, pages: &nav.page_slugs, later: None };
    let essays_html = pages::essays_html(site, &targets, &mut read.diags);
    let warnings = std::mem::take(&mut read.diags).into_result()?;
    let t = progress.stage("read, annotate, render", t);

    // The index, and the search postings in index order.
    let counts = read.counts(site);
    let fact_keys: Vec<u64> = read.facts.iter().map(|f| f.key).collect();
    site.index = Index::build(std::mem::take(&mut read.facts));
    let search_key = pass2::order_search(&site.index, &mut read.kept, &read.search_keys, &search)?;
    // Each document's facts' key, by position: what index pages show of it.
    let doc_keys: Vec<u64> = site.index.source.iter().map(|&i| fact_keys[i]).collect();
    let t = progress.stage("index", t);

    // Pass 2: the document pages completed, the search entries in groups.
    pass2::document_pages(&site.index, &read.kept, &spill, &search, &renderer, out, progress)?;
    let t = progress.stage("document pages", t);

    // The edition's own pages.
    let sv = SiteView::new(&site.config, nav.pages.clone(), counts, renderer.strings());
    pages::home_and_documents(site, &sv, &targets, &renderer, out)?;
    let t = progress.stage("home, document list", t);
    crate::render::registers::write(&site.ctx(), &spill, &renderer, out, &sv, &targets, &doc_keys)?;
    let t = progress.stage("register pages", t);
    crate::render::chronology::write(&site.index, &renderer, out, &sv)?;
    let t = progress.stage("chronology", t);
    pages::essays(site, essays_html, &sv, &renderer, out)?;
    pages::references(site, &sv, &renderer, out)?;
    let t = progress.stage("essays, references", t);
    let documents = read.kept.len();
    let report = Report::new(&site.registers, read.kept.into_iter().map(|k| k.report).collect(), &site.index);
    out.write(crate::index::report::FILE, report.full().as_bytes())?;
    let edition = crate::index::cite::edition(&site.config, renderer.strings());
    let cites: Vec<&crate::index::cite::CiteData> = site.index.cites.iter().collect();
    for (file, bytes) in crate::index::cite::edition_files(&cites, &edition) {
        out.write(file, &bytes)?;
    }
    let base_url = site.config.base_url.clone().filter(|b| !b.trim().is_empty());
    if let Some(base) = &base_url {
        out.write("feed.xml", crate::export::web::feed(base, &site.config, &site.index.docs).as_bytes())?;
    }
    registers_exports(site, out, renderer.strings())?;
    let t = progress.stage("report, citations, registers", t);
    data_archive(site, out, &sv.counts)?;
    let t = progress.stage("data archive", t);

    // Search, last: the index and the documents' records are no longer
    // needed while its postings are gathered. An incremental build keeps
    // the index's files when no document's search record changed.
    drop(std::mem::take(&mut site.index));
    pages::search_page(&sv, &renderer, out)?;
    let tables = cache.map(|_| search.tables());
    if !(previous.is_some_and(|p| p.search_key == search_key) && out.keep_where(crate::export::search::is_index_file)) {
        search.finish(out, Some(&spill))?;
    }
    progress.stage("search index", t);
    // For the web, with base_url only: the sitemap of every page, robots.txt.
    if let Some(base) = &base_url {
        let pages: Vec<String> = out.paths().into_iter().filter(|p| p.ends_with(".html")).collect();
        out.write("sitemap.xml", crate::export::web::sitemap(base, &pages).as_bytes())?;
        out.write("robots.txt", crate::export::web::robots(base).as_bytes())?;
    }
    let state =
        tables.map(|search| (State { docs: read.states, search, search_key, ..Default::default() }, spill.len()));
    let report = BuildReport {
        documents,
        documents_read: read.documents_read,
        warnings,
        formats: report.formats.clone(),
        mentions: report.mentions,
        report,
        ..Default::default()
    };
    Ok((report, state))
}

/// The theme: the generated code-highlighting stylesheet first, so that an
/// edition's own theme/highlight.css replaces it, then the theme's files.
fn write_theme(site: &Site, out: &Output) -> Result<()> {
    out.write(crate::base::guard::MARKER, crate::base::guard::MARKER_TEXT.as_bytes())?;
    // An unknown theme is already a located error of site.toml (Site::load)
    // that fails the build once every error is collected; not one without
    // a file here first.
    let css = crate::annotate::highlight::stylesheet(&site.config.build.highlight_theme).unwrap_or_default();
    out.write("theme/highlight.css", css.as_bytes())?;
    for (name, bytes) in templates::theme_files(&site.root)? {
        out.write(&format!("theme/{name}"), &bytes)?;
    }
    Ok(())
}

/// The first pass's results, gathered.
struct Read {
    facts: Vec<DocFacts>,
    kept: Vec<Kept>,
    /// Paragraph counts by document id, for `doc:ID#pN` links.
    doc_paras: HashMap<crate::model::DocId, usize>,
    checks: Vec<ParagraphCheck>,
    states: Vec<DocState>,
    search_keys: Vec<u64>,
    documents_read: usize,
    diags: Diagnostics,
}

impl Read {
    fn gather(scanned: Vec<Result<Scanned>>, mut diags: Diagnostics) -> Result<Read> {
        let n = scanned.len();
        let mut r = Read {
            facts: Vec::with_capacity(n),
            kept: Vec::with_capacity(n),
            doc_paras: HashMap::with_capacity(n),
            checks: Vec::new(),
            states: Vec::with_capacity(n),
            search_keys: Vec::with_capacity(n),
            documents_read: 0,
            diags: Diagnostics::default(),
        };
        for s in scanned {
            let s = s?;
            diags.extend(s.diags.0);
            r.doc_paras.insert(s.id, s.paragraphs);
            r.checks.extend(s.checks);
            r.documents_read += usize::from(s.read);
            if let Some((f, k)) = s.done {
                r.facts.push(f);
                r.kept.push(k);
                r.search_keys.push(s.search_key);
            }
            r.states.extend(s.state);
        }
        r.diags = diags;
        Ok(r)
    }

    /// `doc:ID#pN` links, now that paragraph counts are known.
    fn check_links(&mut self) {
        for check in std::mem::take(&mut self.checks) {
            if let Some(d) = self.doc_paras.get(check.doc.as_str()).and_then(|&p| check.verify(p)) {
                self.diags.push(d);
            }
        }
    }

    fn counts(&self, site: &Site) -> Counts {
        Counts {
            documents: self.facts.len(),
            persons: site.registers.of(Kind::Person).len(),
            places: site.registers.of(Kind::Place).len(),
            organizations: site.registers.of(Kind::Organization).len(),
            topics: site.registers.of(Kind::Topic).len(),
            notes: self.kept.iter().map(|k| k.notes).sum(),
            mentions: self.kept.iter().map(|k| k.report.mentions).sum(),
        }
    }
}

/// The registers as TEI and JSON (`downloads/registers.xml`, `.json`): the
/// documents' TEI points its mentions there.
fn registers_exports(site: &Site, out: &Output, strings: &crate::load::strings::Strings) -> Result<()> {
    use crate::export::tei_registers;
    out.write(tei_registers::REGISTERS_TEI, tei_registers::tei(&site.registers, &site.config, strings).as_bytes())?;
    let json =
        serde_json::to_vec_pretty(&tei_registers::json(&site.registers)).map_err(|e| Error::Other(e.to_string()))?;
    out.write(tei_registers::REGISTERS_JSON, &json)?;
    out.write(tei_registers::DOCUMENT_SCHEMA, tei_registers::DOCUMENT_SCHEMA_JSON.as_bytes())
}

/// The data archive of the edition ([`crate::export::archive`]), rewritten
/// only when one of its entries changed.
fn data_archive(site: &Site, out: &Output, counts: &crate::render::view::Counts) -> Result<()> {
    use crate::export::archive::{self, Entry, Source};
    let mut entries = Vec::new();
    let commentary: HashMap<&str, &Path> =
        site.sources.iter().filter_map(|s| s.commentary.as_deref().map(|c| (s.id.as_str(), c))).collect();
    let raw: HashMap<&str, &Path> = site.sources.iter().map(|s| (s.id.as_str(), s.raw.as_path())).collect();
    let mut with_commentary = 0;
    for d in &site.index.docs {
        let id = &d.id;
        // The raw document exactly as received: read from the edition (the
        // site has no loose copy of it). The document's TEI and JSON are
        // not in the archive: the site publishes them (tei/, data/), and
        // a second, deflated copy was a tenth of the output (issue 22).
        if let Some(r) = raw.get(id.as_str()) {
            entries.push(Entry { path: format!("raw/{id}.txt"), source: Source::Edition(r.to_path_buf()) });
        }
        if let Some(c) = commentary.get(id.as_str()) {
            with_commentary += 1;
            entries.push(Entry { path: format!("commentary/{id}.md"), source: Source::Edition(c.to_path_buf()) });
        }
    }
    for kind in Kind::ALL {
        let p = site.registers.path(kind);
        let p = if p.is_absolute() { p } else { site.root.join(p) };
        if p.is_file() {
            entries.push(Entry { path: format!("registers/{}.toml", kind.plural()), source: Source::Edition(p) });
        }
    }
    for (from, to) in [
        (crate::export::tei_registers::REGISTERS_TEI, "registers/registers.xml"),
        (crate::export::tei_registers::REGISTERS_JSON, "registers/registers.json"),
        (crate::export::tei_registers::DOCUMENT_SCHEMA, "data/document.schema.json"),
        ("downloads/edition.bib", "citations/edition.bib"),
        ("downloads/edition.ris", "citations/edition.ris"),
        ("downloads/edition-csl.json", "citations/edition-csl.json"),
    ] {
        entries.push(Entry { path: to.into(), source: Source::Site(from.into()) });
    }
    let license = match &site.config.license {
        Some(l) => format!("{l}\n"),
        None => "No licence is stated in the edition's site.toml.\n".into(),
    };
    entries.push(Entry { path: "LICENSE.txt".into(), source: Source::Bytes(license.into_bytes()) });
    entries
        .push(Entry { path: "README.txt".into(), source: Source::Bytes(archive::readme(&site.config).into_bytes()) });
    let counts = serde_json::json!({
        "documents": counts.documents,
        "commentary": with_commentary,
        "persons": counts.persons,
        "places": counts.places,
        "organizations": counts.organizations,
        "topics": counts.topics,
        "notes": counts.notes,
        "mentions": counts.mentions,
    });
    // The key: every entry's path and the key of its bytes (raw files and
    // commentary are in their document's keys, registers and settings in
    // the global key). A document's key is its JSON export's, made from
    // the key of its raw file's and commentary's bytes (the JSON is not in
    // the archive, but changes whenever they do).
    let mut h = KeyHasher::new();
    h.str("archive").str(&counts.to_string());
    for d in &site.index.docs {
        h.u64(out.key_of(&format!("data/{}.json", d.id)).unwrap_or(0));
    }
    for e in &entries {
        h.str(&e.path);
        match &e.source {
            Source::Site(rel) => h.u64(out.key_of(rel).unwrap_or(0)),
            Source::Edition(p) => h.str(&p.to_string_lossy()),
            Source::Bytes(b) => h.bytes(b),
        };
    }
    // An incremental build copies the compressed bytes of every entry that
    // did not change from the previous archive (one commentary edit must
    // not recompress every raw document).
    let previous = out.previous_file(archive::FILE);
    out.write_keyed_with(archive::FILE, h.finish(), |path| {
        archive::write(path, entries, &site.config, &counts, previous.as_deref(), &|rel| out.read(rel))
    })
}
