//! The build, as one-way stages:
//!
//! 1. **load** – site.toml, registers, raw documents, commentary, essays
//!    ([`load`]);
//! 2. **parse and clean** – each raw file through its [`crate::formats::Format`];
//! 3. **annotate and link** – notes, emendations, mentions, links
//!    ([`crate::annotate`]);
//! 4. **index** – concordances, chronology, related documents ([`crate::index`]);
//! 5. **render** – view models through Tera ([`crate::render`]);
//! 6. **write** – minified, into a staging folder swapped into place at the
//!    end ([`crate::output`]).
//!
//! Documents are parsed, annotated and rendered in parallel (rayon); anything
//! that comes from the file system is sorted so output is byte-identical.
//! Content errors from every stage are collected and reported together; a
//! build with errors writes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::annotate::{self, Annotated, MentionMatcher};
use crate::commentary::{self, Commentary};
use crate::config::SiteConfig;
use crate::error::{Diagnostic, Diagnostics, Error, IoContext, Result};
use crate::formats;
use crate::index::Index;
use crate::markdown::{self, LinkTargets, Source};
use crate::model::Document;
use crate::output::Output;
use crate::progress::Progress;
use crate::registers::{Kind, Registers};
use crate::render::{self, Renderer};
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

/// Stage 2: reads, decodes and parses one document with its commentary.
pub fn parse_document(src: &SourceDoc, diags: &mut Diagnostics) -> Result<(Document, Option<Commentary>)> {
    let bytes = std::fs::read(&src.raw).with_path(&src.raw)?;
    let (text, warning) = formats::decode(&bytes);
    let commentary = match &src.commentary {
        Some(p) => {
            let t = std::fs::read(p).with_path(p)?;
            let (t, w) = formats::decode(&t);
            if let Some(w) = w {
                diags.push(Diagnostic::warning(p, 0, w));
            }
            Some(commentary::parse(p, &t, diags))
        }
        None => None,
    };
    let forced = commentary.as_ref().and_then(|c| c.front.format.as_deref()).and_then(formats::by_name);
    let mut doc = formats::parse(&src.id, &text, forced);
    if let Some(w) = warning {
        diags.push(Diagnostic::warning(&src.raw, 0, w.clone()));
        doc.warnings.push(w);
    }
    Ok((doc, commentary))
}

/// Everything loaded, parsed and annotated: the input of index and render.
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub registers: Registers,
    pub essays: Vec<Essay>,
    pub docs: Vec<Annotated>,
    pub index: Index,
    /// TAGS codes and Concepts → topics (topics.toml).
    pub topic_map: crate::tags::TopicMap,
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Stages 1–4. Fails with every content error found.
    pub fn load(root: &Path) -> Result<Site> {
        Site::load_with(root, &Progress::hidden())
    }

    /// [`Site::load`], reporting stage timings to `progress`.
    pub fn load_with(root: &Path, progress: &Progress) -> Result<Site> {
        let t = std::time::Instant::now();
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
        let mut diags = Diagnostics::default();
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
        let registers = Registers::load(&root.join("content").join("registers"), &mut diags);
        let sources = find_documents(root, &mut diags);
        let essays = load_essays(root, &mut diags);

        let t = progress.stage("load", t);
        // Stage 2, in parallel, results in id order.
        let parsed: Vec<Result<(Document, Option<Commentary>, Diagnostics)>> = sources
            .par_iter()
            .map(|s| {
                let mut d = Diagnostics::default();
                let (doc, c) = parse_document(s, &mut d)?;
                Ok((doc, c, d))
            })
            .collect();
        let mut docs = Vec::with_capacity(parsed.len());
        for r in parsed {
            let (doc, c, d) = r?;
            diags.extend(d.0);
            docs.push((doc, c));
        }

        let t = progress.stage("parse", t);
        // Stage 3.
        let doc_paras: HashMap<String, usize> = docs.iter().map(|(d, _)| (d.id.clone(), d.paragraphs.len())).collect();
        let page_slugs: HashSet<String> = essays.iter().map(|e| e.slug.clone()).collect();
        let links = LinkTargets { registers: &registers, documents: &doc_paras, pages: &page_slugs };
        let matcher = MentionMatcher::new(&registers);
        let cx = annotate::Context {
            registers: &registers,
            matcher: &matcher,
            links: &links,
            allow_html: config.build.allow_html,
        };
        let annotated: Vec<(Annotated, Diagnostics)> = docs
            .into_par_iter()
            .map(|(doc, c)| {
                let mut d = Diagnostics::default();
                let a = annotate::annotate(doc, c.as_ref(), &cx, &mut d);
                (a, d)
            })
            .collect();
        let mut adocs = Vec::with_capacity(annotated.len());
        for (a, d) in annotated {
            diags.extend(d.0);
            adocs.push(a);
        }
        // Essays' links are checked now too, so all errors come together.
        for e in &essays {
            markdown::render(
                &e.body,
                "../",
                &links,
                config.build.allow_html,
                &Source { path: &e.path, line: e.body_line },
                &mut diags,
            );
        }
        let warnings = diags.into_result()?;
        let t = progress.stage("annotate", t);
        // Stage 3c: topics from TAGS codes and Concepts.
        let topic_map = crate::tags::TopicMap::new(&registers);
        topic_map.attach(&mut adocs);
        let index = Index::build(&adocs, &registers);
        progress.stage("index", t);
        Ok(Site { root: root.to_path_buf(), config, registers, essays, docs: adocs, index, topic_map, warnings })
    }
}

/// `folio build`: all stages; the previous output is replaced only on success.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_with(opts, &Progress::stderr())
}

/// [`build`], with progress shown where `progress` says (a bar on a
/// terminal, or nothing: `folio build --quiet`).
pub fn build_with(opts: &BuildOptions, progress: &Progress) -> Result<BuildReport> {
    let site = Site::load_with(&opts.root, progress)?;
    let minify = opts.minify.unwrap_or(site.config.build.minify);
    let out = Output::new(&opts.output, minify)?;
    match write_site_with(&site, &out, progress) {
        Ok(mut report) => {
            let (files, bytes) = out.stats();
            let t = std::time::Instant::now();
            out.commit()?;
            progress.stage("swap into place", t);
            report.files = files;
            report.bytes = bytes;
            Ok(report)
        }
        Err(e) => {
            out.abandon();
            Err(e)
        }
    }
}

/// Stages 5–6: renders every page and writes it.
pub fn write_site(site: &Site, out: &Output) -> Result<BuildReport> {
    write_site_with(site, out, &Progress::hidden())
}

/// [`write_site`], with a progress bar over the documents.
pub fn write_site_with(site: &Site, out: &Output, progress: &Progress) -> Result<BuildReport> {
    let t = std::time::Instant::now();
    let renderer = Renderer::new(&site.root, out.minify())?;
    let counts = Counts {
        documents: site.docs.len(),
        persons: site.registers.of(Kind::Person).len(),
        places: site.registers.of(Kind::Place).len(),
        organizations: site.registers.of(Kind::Organization).len(),
        topics: site.registers.of(Kind::Topic).len(),
        notes: site.docs.iter().map(|d| d.notes.len()).sum(),
        mentions: site.docs.iter().map(|d| d.mentions.len()).sum(),
    };
    let sv = SiteView::new(
        &site.config,
        site.essays.iter().map(|e| Link { url: format!("pages/{}.html", e.slug), title: e.title.clone() }).collect(),
        counts,
    );
    let doc_paras: HashMap<String, usize> =
        site.docs.iter().map(|d| (d.doc.id.clone(), d.doc.paragraphs.len())).collect();
    let page_slugs: HashSet<String> = site.essays.iter().map(|e| e.slug.clone()).collect();
    let targets = LinkTargets { registers: &site.registers, documents: &doc_paras, pages: &page_slugs };
    let mut scratch = Diagnostics::default();
    let home_crumb = |root: &str| Link { url: format!("{root}index.html"), title: "Home".into() };

    // Theme: the generated code-highlighting stylesheet first, so that an
    // edition's own theme/highlight.css replaces it.
    let css = crate::highlight::stylesheet(&site.config.build.highlight_theme).map_err(Error::Other)?;
    out.write("theme/highlight.css", css.as_bytes())?;
    for (name, bytes) in render::theme_files(&site.root)? {
        out.write(&format!("theme/{name}"), &bytes)?;
    }

    // Home.
    let intro = site.essays.iter().find(|e| e.slug == "introduction").map(|e| {
        markdown::render(
            &e.body,
            "",
            &targets,
            site.config.build.allow_html,
            &Source { path: &e.path, line: e.body_line },
            &mut scratch,
        )
    });
    let home = Frame {
        site: &sv,
        root: "",
        title: site.config.title.clone(),
        section: "home",
        breadcrumbs: vec![],
        page: HomeView { introduction_html: intro, documents: site.index.docs.iter().collect() },
    };
    out.write("index.html", renderer.render("index.html", &home)?.as_bytes())?;

    // Documents table.
    let list = Frame {
        site: &sv,
        root: "../",
        title: "Documents".into(),
        section: "documents",
        breadcrumbs: vec![home_crumb("../")],
        page: DocumentsView { documents: site.index.docs.iter().collect() },
    };
    out.write("documents/index.html", renderer.render("documents.html", &list)?.as_bytes())?;

    // Document pages, in parallel; each document also goes into the
    // search index, written at the end.
    let search_index = crate::search::SearchBuilder::new(site.index.docs.len(), &site.registers);
    let by_id: HashMap<&str, &Annotated> = site.docs.iter().map(|a| (a.doc.id.as_str(), a)).collect();
    let bar = progress.bar("writing", site.index.docs.len());
    // In groups: the search entries of a group share one file.
    let group = crate::search::DOC_GROUP;
    site.index.docs.par_chunks(group).enumerate().try_for_each(|(g, chunk)| -> Result<()> {
        let mut search_js = String::new();
        for (k, summary) in chunk.iter().enumerate() {
            let pos = g * group + k;
            bar.inc(1);
            let a = by_id[summary.id.as_str()];
            search_js.push_str(&search_index.add(pos, a)?);
            let view = crate::reading::document_view(site, a, pos);
            let frame = Frame {
                site: &sv,
                root: "../",
                title: a.doc.title.clone(),
                section: "documents",
                breadcrumbs: vec![home_crumb("../"), Link { url: "index.html".into(), title: "Documents".into() }],
                page: view,
            };
            out.write(&format!("documents/{}.html", a.doc.id), renderer.render("document.html", &frame)?.as_bytes())?;
            let json = serde_json::to_vec(&a.doc).map_err(|e| Error::Other(e.to_string()))?;
            out.write(&format!("data/{}.json", a.doc.id), &json)?;
            let tei = crate::tei::document(a, &site.config, &site.registers);
            out.write(&format!("tei/{}.xml", a.doc.id), tei.as_bytes())?;
        }
        search_index.write_group(g, &search_js, out)
    })?;
    bar.finish_and_clear();
    let t = progress.stage("document pages", t);

    // Registers and chronology.
    crate::register_pages::write(site, &renderer, out, &sv, &targets)?;
    let t = progress.stage("register pages", t);
    crate::chronology::write(&site.index, &renderer, out, &sv)?;
    let t = progress.stage("chronology", t);

    // Search.
    let search = Frame {
        site: &sv,
        root: "",
        title: "Search".into(),
        section: "search",
        breadcrumbs: vec![home_crumb("")],
        page: (),
    };
    out.write("search.html", renderer.render("search.html", &search)?.as_bytes())?;
    search_index.finish(out)?;
    let t = progress.stage("search index", t);

    // Essays.
    for e in &site.essays {
        let html = markdown::render(
            &e.body,
            "../",
            &targets,
            site.config.build.allow_html,
            &Source { path: &e.path, line: e.body_line },
            &mut scratch,
        );
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

    let report = crate::report::Report::new(site);
    out.write(crate::report::FILE, report.full().as_bytes())?;
    progress.stage("essays, report", t);
    Ok(BuildReport {
        documents: site.docs.len(),
        warnings: site.warnings.clone(),
        formats: report.formats.clone(),
        mentions: report.mentions,
        report,
        ..Default::default()
    })
}
