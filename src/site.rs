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
use crate::model::{Document, LineKind};
use crate::output::Output;
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
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Stages 1–4. Fails with every content error found.
    pub fn load(root: &Path) -> Result<Site> {
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
        let registers = Registers::load(&root.join("content").join("registers"), &mut diags);
        let sources = find_documents(root, &mut diags);
        let essays = load_essays(root, &mut diags);

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

        // Stage 3.
        let doc_paras: HashMap<String, usize> = docs.iter().map(|(d, _)| (d.id.clone(), d.paragraphs.len())).collect();
        let page_slugs: HashSet<String> = essays.iter().map(|e| e.slug.clone()).collect();
        let links = LinkTargets { registers: &registers, documents: &doc_paras, pages: &page_slugs };
        let matcher = MentionMatcher::new(&registers);
        let cx = annotate::Context { registers: &registers, matcher: &matcher, links: &links, allow_html: config.build.allow_html };
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
            markdown::render(&e.body, "../", &links, config.build.allow_html, &Source { path: &e.path, line: e.body_line }, &mut diags);
        }
        let warnings = diags.into_result()?;
        let index = Index::build(&adocs, &registers);
        Ok(Site { root: root.to_path_buf(), config, registers, essays, docs: adocs, index, warnings })
    }
}

/// `folio build`: all stages; the previous output is replaced only on success.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let site = Site::load(&opts.root)?;
    let minify = opts.minify.unwrap_or(site.config.build.minify);
    let out = Output::new(&opts.output, minify)?;
    match write_site(&site, &out) {
        Ok(mut report) => {
            let (files, bytes) = out.stats();
            out.commit()?;
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

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];

/// Stages 5–6: renders every page and writes it.
pub fn write_site(site: &Site, out: &Output) -> Result<BuildReport> {
    let renderer = Renderer::new(&site.root)?;
    let links = {
        let doc_paras: HashMap<String, usize> = HashMap::new();
        doc_paras
    };
    let _ = links;
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
    let doc_paras: HashMap<String, usize> = site.docs.iter().map(|d| (d.doc.id.clone(), d.doc.paragraphs.len())).collect();
    let page_slugs: HashSet<String> = site.essays.iter().map(|e| e.slug.clone()).collect();
    let targets = LinkTargets { registers: &site.registers, documents: &doc_paras, pages: &page_slugs };
    let mut scratch = Diagnostics::default();
    let home_crumb = |root: &str| Link { url: format!("{root}index.html"), title: "Home".into() };

    // Theme.
    for (name, bytes) in render::theme_files(&site.root)? {
        out.write(&format!("theme/{name}"), &bytes)?;
    }

    // Home.
    let intro = site.essays.iter().find(|e| e.slug == "introduction").map(|e| {
        markdown::render(&e.body, "", &targets, site.config.build.allow_html, &Source { path: &e.path, line: e.body_line }, &mut scratch)
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

    // Document pages, in parallel.
    let by_id: HashMap<&str, &Annotated> = site.docs.iter().map(|a| (a.doc.id.as_str(), a)).collect();
    site.index
        .docs
        .par_iter()
        .enumerate()
        .try_for_each(|(pos, summary)| -> Result<()> {
            let a = by_id[summary.id.as_str()];
            let view = document_view(site, a, pos);
            let frame = Frame {
                site: &sv,
                root: "../",
                title: a.doc.title.clone(),
                section: "documents",
                breadcrumbs: vec![home_crumb("../"), Link { url: "index.html".into(), title: "Documents".into() }],
                page: view,
            };
            out.write(&format!("documents/{}.html", a.doc.id), renderer.render("document.html", &frame)?.as_bytes())?;
            let json = serde_json::to_vec_pretty(&a.doc).map_err(|e| Error::Other(e.to_string()))?;
            out.write(&format!("data/{}.json", a.doc.id), &json)?;
            let tei = crate::tei::document(a, &site.config, &site.registers);
            out.write(&format!("tei/{}.xml", a.doc.id), tei.as_bytes())?;
            Ok(())
        })?;

    // Registers.
    let per_page = site.config.build.mentions_per_page;
    for kind in Kind::ALL {
        let mut rows: Vec<RegisterRow> = site
            .registers
            .of(kind)
            .iter()
            .map(|e| {
                let ix = site.index.entry(kind, &e.id);
                RegisterRow {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    letter: initial(&e.name),
                    documents: ix.map_or(0, |i| i.docs.len()),
                    mentions: ix.map_or(0, |i| i.mentions.len()),
                }
            })
            .collect();
        rows.sort_by(|a, b| (a.letter.as_str(), a.name.to_lowercase()).cmp(&(b.letter.as_str(), b.name.to_lowercase())));
        let mut letters: Vec<String> = rows.iter().map(|r| r.letter.clone()).collect();
        letters.dedup();
        let frame = Frame {
            site: &sv,
            root: "../",
            title: kind.title().into(),
            section: kind.plural(),
            breadcrumbs: vec![home_crumb("../")],
            page: RegisterView { kind: kind.singular(), plural: kind.plural(), letters, entries: rows },
        };
        out.write(&format!("{}/index.html", kind.plural()), renderer.render("register.html", &frame)?.as_bytes())?;

        site.registers.of(kind).par_iter().try_for_each(|e| -> Result<()> {
            let empty = crate::index::EntryIndex::default();
            let ix = site.index.entry(kind, &e.id).unwrap_or(&empty);
            let pages = ix.mentions.len().div_ceil(per_page).max(1);
            let mut d = Diagnostics::default();
            let description_html = e.description.as_ref().map(|m| {
                markdown::render(m, "../", &targets, site.config.build.allow_html, &Source { path: &site.registers.path(kind), line: e.line }, &mut d)
            });
            let urls: Vec<String> = (1..=pages).map(|p| entry_file(&e.id, p)).collect();
            for page in 1..=pages {
                let lo = (page - 1) * per_page;
                let hi = (lo + per_page).min(ix.mentions.len());
                let mentions = &ix.mentions[lo..hi];
                let doc_titles = mentions
                    .iter()
                    .filter_map(|m| site.index.position.get(&m.doc).map(|&p| (m.doc.as_str(), site.index.docs[p].title.as_str())))
                    .collect();
                let view = EntryView {
                    kind: kind.singular(),
                    plural: kind.plural(),
                    id: &e.id,
                    name: &e.name,
                    description_html: description_html.clone(),
                    dates: e.dates.as_deref(),
                    role: e.role.as_deref(),
                    authorities: authorities(e),
                    see_also: e
                        .see_also
                        .iter()
                        .filter_map(|s| site.registers.get(kind, s))
                        .map(|s| Link { url: format!("{}.html", s.id), title: s.name.clone() })
                        .collect(),
                    forms: ix.forms.iter().map(|(f, n)| (f.clone(), *n)).collect(),
                    documents: ix.docs.iter().map(|&i| &site.index.docs[i]).collect(),
                    mention_count: ix.mentions.len(),
                    mentions,
                    doc_titles,
                    pagination: Pagination { page, pages, urls: urls.clone() },
                    timeline_svg: None,
                };
                let title = if page > 1 { format!("{} (page {page})", e.name) } else { e.name.clone() };
                let frame = Frame {
                    site: &sv,
                    root: "../",
                    title,
                    section: kind.plural(),
                    breadcrumbs: vec![home_crumb("../"), Link { url: "index.html".into(), title: kind.title().into() }],
                    page: view,
                };
                out.write(&format!("{}/{}", kind.plural(), entry_file(&e.id, page)), renderer.render("entry.html", &frame)?.as_bytes())?;
            }
            Ok(())
        })?;
    }

    // Chronology.
    let mut years: Vec<YearGroup> = Vec::new();
    let mut undated = Vec::new();
    for d in &site.index.docs {
        let Some(date) = d.date.as_deref() else {
            undated.push(d);
            continue;
        };
        let year = date.get(..4).unwrap_or("").to_string();
        let month = date.get(5..7).unwrap_or("").to_string();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearGroup { year: year.clone(), months: Vec::new() });
        }
        let y = years.last_mut().expect("just pushed");
        let key = format!("{year}-{month}");
        if y.months.last().is_none_or(|m| m.key != key) {
            let label = month
                .parse::<usize>()
                .ok()
                .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
                .map(|m| format!("{m} {year}"))
                .unwrap_or_else(|| year.clone());
            y.months.push(MonthGroup { key, label, documents: Vec::new() });
        }
        y.months.last_mut().expect("just pushed").documents.push(d);
    }
    let timeline_svg = timeline(&years);
    let chrono = Frame {
        site: &sv,
        root: "",
        title: "Chronology".into(),
        section: "chronology",
        breadcrumbs: vec![home_crumb("")],
        page: ChronologyView { years, undated, timeline_svg },
    };
    out.write("chronology.html", renderer.render("chronology.html", &chrono)?.as_bytes())?;

    // Search.
    let search = Frame { site: &sv, root: "", title: "Search".into(), section: "search", breadcrumbs: vec![home_crumb("")], page: () };
    out.write("search.html", renderer.render("search.html", &search)?.as_bytes())?;

    // Essays.
    for e in &site.essays {
        let html = markdown::render(&e.body, "../", &targets, site.config.build.allow_html, &Source { path: &e.path, line: e.body_line }, &mut scratch);
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

    let mut formats_count = BTreeMap::new();
    for d in &site.docs {
        *formats_count.entry(d.doc.format.clone()).or_insert(0) += 1;
    }
    Ok(BuildReport {
        documents: site.docs.len(),
        warnings: site.warnings.clone(),
        formats: formats_count,
        mentions: sv.counts.mentions,
        ..Default::default()
    })
}

/// `kapitsa.html`, `kapitsa-2.html`, ...
pub fn entry_file(id: &str, page: usize) -> String {
    if page <= 1 {
        format!("{id}.html")
    } else {
        format!("{id}-{page}.html")
    }
}

fn initial(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_else(|| "#".into())
}

fn authorities(e: &crate::registers::Entry) -> Vec<Link> {
    let mut v = Vec::new();
    if let Some(q) = &e.wikidata {
        v.push(Link { url: format!("https://www.wikidata.org/wiki/{q}"), title: format!("Wikidata {q}") });
    }
    if let Some(q) = &e.viaf {
        v.push(Link { url: format!("https://viaf.org/viaf/{q}"), title: format!("VIAF {q}") });
    }
    if let Some(q) = &e.gnd {
        v.push(Link { url: format!("https://d-nb.info/gnd/{q}"), title: format!("GND {q}") });
    }
    v
}

fn document_view<'a>(site: &'a Site, a: &'a Annotated, pos: usize) -> DocumentView<'a> {
    let paragraphs = a
        .doc
        .paragraphs
        .iter()
        .map(|p| ParagraphView {
            n: p.n,
            html: annotate::paragraph_html(a, p.n, "../"),
            page: p.page,
            lines: p.lines.clone(),
            notes: a.notes.iter().filter(|n| n.paragraph == p.n).map(|n| n.n).collect(),
        })
        .collect();
    let notes = a
        .notes
        .iter()
        .map(|n| NoteView { n: n.n, quote: n.quote.clone(), paragraph: n.paragraph, html: n.html.clone() })
        .collect();
    let mut counts: BTreeMap<(Kind, &str), usize> = BTreeMap::new();
    for m in &a.mentions {
        *counts.entry((m.kind, m.id.as_str())).or_default() += 1;
    }
    let entities = Kind::ALL
        .into_iter()
        .filter_map(|kind| {
            let mut items: Vec<EntityItem> = a
                .entities()
                .into_iter()
                .filter(|(k, _)| *k == kind)
                .filter_map(|(_, id)| {
                    let e = site.registers.get(kind, &id)?;
                    Some(EntityItem { count: counts.get(&(kind, e.id.as_str())).copied().unwrap_or(0), id, name: e.name.clone() })
                })
                .collect();
            items.sort_by(|x, y| x.name.cmp(&y.name));
            (!items.is_empty()).then(|| EntityGroup { kind: kind.singular(), plural: kind.plural(), title: kind.title(), items })
        })
        .collect();
    let link = |i: usize| {
        let d = &site.index.docs[i];
        DocLink { id: &d.id, title: &d.title, date: d.date.as_deref() }
    };
    let mut removed: BTreeMap<String, usize> = BTreeMap::new();
    for l in a.doc.lines() {
        if !matches!(l.kind, LineKind::Text | LineKind::Blank) {
            *removed.entry(format!("{:?}", l.kind)).or_default() += 1;
        }
    }
    DocumentView {
        id: &a.doc.id,
        format: &a.doc.format,
        date: a.doc.date.as_deref(),
        summary: a.summary.as_deref(),
        metadata: &a.doc.metadata,
        headnote_html: &a.headnote_html,
        pages: &a.doc.pages,
        paragraphs,
        notes,
        entities,
        related: site.index.related.get(pos).map(|r| r.iter().map(|(i, _)| link(*i)).collect()).unwrap_or_default(),
        prev: pos.checked_sub(1).map(link),
        next: (pos + 1 < site.index.docs.len()).then(|| link(pos + 1)),
        removed: removed.into_iter().collect(),
    }
}

/// Documents per month as an inline SVG bar chart; each bar links to its
/// month on the chronology page.
fn timeline(years: &[YearGroup]) -> String {
    let months: Vec<(&str, &str, usize)> = years
        .iter()
        .flat_map(|y| y.months.iter().map(|m| (m.key.as_str(), m.label.as_str(), m.documents.len())))
        .collect();
    if months.is_empty() {
        return String::new();
    }
    let max = months.iter().map(|m| m.2).max().unwrap_or(1).max(1);
    let bar = 24;
    let h = 80;
    let width = months.len() * bar + 10;
    let mut svg = format!(
        "<svg class=\"timeline\" role=\"img\" aria-label=\"Documents per month\" viewBox=\"0 0 {width} {}\" width=\"{width}\" height=\"{}\">",
        h + 20,
        h + 20
    );
    for (i, (key, label, n)) in months.iter().enumerate() {
        let bh = (n * h / max).max(2);
        let x = 5 + i * bar;
        svg.push_str(&format!(
            "<a href=\"#m{key}\"><title>{label}: {n} document{s}</title><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{bh}\"></rect></a>",
            label = crate::text::escape_html(label),
            s = if *n == 1 { "" } else { "s" },
            y = h - bh,
            w = bar - 4
        ));
    }
    svg.push_str("</svg>");
    svg
}
