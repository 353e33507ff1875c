//! Stage 5, render: Tera templates over plain view models.
//!
//! The default templates and theme are compiled into the binary; a file of
//! the same name in the edition's `templates/` or `theme/` folder overrides
//! the built-in one, and extra theme files are copied as they are.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

use crate::base::error::{line_col, Diagnostic, Error, IoContext, Pos, Result};
use crate::load::strings::Strings;
use crate::render::entry_fast::EntryPage;
use crate::render::page_fast::DocumentPage;
use crate::render::view::{DocumentView, EntryView, Frame};

/// Built-in templates: (name, source).
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("documents.html", include_str!("../../templates/documents.html")),
    ("document.html", include_str!("../../templates/document.html")),
    ("register.html", include_str!("../../templates/register.html")),
    ("entry.html", include_str!("../../templates/entry.html")),
    ("chronology.html", include_str!("../../templates/chronology.html")),
    ("chronology-month.html", include_str!("../../templates/chronology-month.html")),
    ("pager.html", include_str!("../../templates/pager.html")),
    ("browse.html", include_str!("../../templates/browse.html")),
    ("document-list.html", include_str!("../../templates/document-list.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("references.html", include_str!("../../templates/references.html")),
];

/// Built-in parts: (name, source).
pub(crate) const PARTS: &[(&str, &str)] = &[
    ("parts/facsimile-sheet.html", include_str!("../../templates/parts/facsimile-sheet.html")),
    ("parts/reading-paragraph.html", include_str!("../../templates/parts/reading-paragraph.html")),
    ("parts/note.html", include_str!("../../templates/parts/note.html")),
    ("parts/metadata.html", include_str!("../../templates/parts/metadata.html")),
    ("parts/attributes.html", include_str!("../../templates/parts/attributes.html")),
    ("parts/entities.html", include_str!("../../templates/parts/entities.html")),
    ("parts/doc-nav.html", include_str!("../../templates/parts/doc-nav.html")),
    ("parts/related.html", include_str!("../../templates/parts/related.html")),
    ("parts/kwic-row.html", include_str!("../../templates/parts/kwic-row.html")),
    ("parts/doc-list.html", include_str!("../../templates/parts/doc-list.html")),
    ("parts/kwic-doc.html", include_str!("../../templates/parts/kwic-doc.html")),
    ("parts/timeline.html", include_str!("../../templates/parts/timeline.html")),
    ("parts/cited-by.html", include_str!("../../templates/parts/cited-by.html")),
];

/// Built-in theme files: (name, bytes), written under `theme/` in the output.
pub(crate) const THEME: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../theme/style.css")),
    ("folio.js", include_bytes!("../../theme/folio.js")),
    // Fonts of the reading view (SIL Open Font License, texts beside them),
    // served from the edition itself so it looks the same offline everywhere.
    (
        "fonts/courier-prime-latin-400-normal.woff2",
        include_bytes!("../../theme/fonts/courier-prime-latin-400-normal.woff2"),
    ),
    (
        "fonts/courier-prime-latin-700-normal.woff2",
        include_bytes!("../../theme/fonts/courier-prime-latin-700-normal.woff2"),
    ),
    (
        "fonts/source-serif-4-latin-400-italic.woff2",
        include_bytes!("../../theme/fonts/source-serif-4-latin-400-italic.woff2"),
    ),
    (
        "fonts/source-serif-4-latin-400-normal.woff2",
        include_bytes!("../../theme/fonts/source-serif-4-latin-400-normal.woff2"),
    ),
    (
        "fonts/source-serif-4-latin-600-italic.woff2",
        include_bytes!("../../theme/fonts/source-serif-4-latin-600-italic.woff2"),
    ),
    (
        "fonts/source-serif-4-latin-600-normal.woff2",
        include_bytes!("../../theme/fonts/source-serif-4-latin-600-normal.woff2"),
    ),
    (
        "fonts/source-serif-4-latin-ext-400-italic.woff2",
        include_bytes!("../../theme/fonts/source-serif-4-latin-ext-400-italic.woff2"),
    ),
    (
        "fonts/source-serif-4-latin-ext-400-normal.woff2",
        include_bytes!("../../theme/fonts/source-serif-4-latin-ext-400-normal.woff2"),
    ),
    ("fonts/OFL-courier-prime.txt", include_bytes!("../../theme/fonts/OFL-courier-prime.txt")),
    ("fonts/OFL-source-serif-4.txt", include_bytes!("../../theme/fonts/OFL-source-serif-4.txt")),
    ("search.js", include_bytes!("../../theme/search.js")),
    ("search.css", include_bytes!("../../theme/search.css")),
];

/// The template engine, set up once per build.
pub(crate) struct Renderer {
    tera: Tera,
    strings: Strings,
    /// Parts the edition replaced (rendered from their template; the
    /// others take the fast path).
    overridden: HashSet<String>,
    /// Page templates the edition replaced.
    own_pages: HashSet<String>,
    /// The document and entry pages' fast paths (None: Tera draws them).
    document_page: Option<DocumentPage>,
    entry_page: Option<EntryPage>,
    /// The edition's templates folder, for error locations.
    dir: PathBuf,
    /// Template sources as loaded, for error locations.
    sources: HashMap<String, String>,
}

impl Renderer {
    pub(crate) fn new(edition: &Path, minify: bool, strings: Strings) -> Result<Renderer> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::base::text::escape_html);
        // `| escape` the same way as autoescape and the parts' fast path
        // (Tera's own filter writes `&#x27;` and `&#x2F;`, so a string with
        // an apostrophe or a slash would give the fast path other bytes).
        tera.register_filter("escape", |v: &tera::Value, _: &HashMap<String, tera::Value>| {
            let s = tera::try_get_value!("escape", "value", String, v);
            Ok(tera::Value::String(crate::base::text::escape_html(&s)))
        });
        tera.register_function("t", strings.tera_function());
        tera.register_filter("long_date", strings.tera_date_filter());
        tera.register_filter("num", strings.tera_number_filter());
        let prepare = |s: &str| {
            let baked = strings.bake(s);
            if minify {
                minify_template(&baked)
            } else {
                baked
            }
        };
        let mut sources: Vec<(String, String)> = TEMPLATES.iter().map(|(n, s)| (n.to_string(), prepare(s))).collect();
        // Parts are written to give the fast path's bytes: never minified.
        sources.extend(PARTS.iter().map(|(n, s)| (n.to_string(), strings.bake(s))));
        let mut own: Vec<(String, String)> = Vec::new();
        let dir = edition.join("templates");
        for (sub, prefix) in [(dir.clone(), ""), (dir.join("parts"), "parts/")] {
            if !sub.is_dir() {
                continue;
            }
            let mut entries: Vec<_> = std::fs::read_dir(&sub).with_path(&sub)?.filter_map(|e| e.ok()).collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                let path = e.path();
                let Some(file) = path.file_name().and_then(|n| n.to_str()) else { continue };
                if !(file.ends_with(".html") || file.ends_with(".xml")) || !path.is_file() {
                    continue;
                }
                let name = format!("{prefix}{file}");
                let text = std::fs::read_to_string(&path).with_path(&path)?;
                // A copy of a built-in template (as in Folio's own demo
                // edition) is the built-in template.
                if TEMPLATES.iter().chain(PARTS).any(|(n, s)| *n == name && *s == text) {
                    continue;
                }
                own.push((name, text));
            }
        }
        let mut overridden = HashSet::new();
        let mut own_pages = HashSet::new();
        for (name, text) in &own {
            check_keys(&dir, name, text, &strings)?;
            if name.starts_with("parts/") {
                overridden.insert(name.clone());
            } else {
                own_pages.insert(name.clone());
            }
            let text = strings.bake(text);
            match sources.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name.clone(), text)),
            }
        }
        let templates_only = std::env::var_os("FOLIO_PARTS").is_some_and(|v| v == "templates");
        if templates_only {
            overridden.extend(PARTS.iter().map(|(n, _)| n.to_string()));
        }
        // The built-in document and entry pages without Tera, from the same
        // template text (baked, minified or not); not when the edition has
        // its own.
        let source = |name: &str| {
            let own = templates_only || own_pages.contains(name) || own_pages.contains("base.html");
            sources.iter().find(|(n, _)| n == name && !own).map(|(_, s)| s.as_str())
        };
        let document_page = match (source("base.html"), source("document.html")) {
            (Some(base), Some(doc)) => DocumentPage::new(base, doc, &strings),
            _ => None,
        };
        let entry_page = match (source("base.html"), source("entry.html"), source("pager.html")) {
            (Some(base), Some(entry), Some(pager)) => EntryPage::new(base, entry, pager, &strings),
            _ => None,
        };
        // The edition's own templates parsed alone first, so a syntax
        // error is located in its file.
        for (name, text) in &own {
            let baked = sources.iter().find(|(n, _)| n == name).map_or(text.as_str(), |(_, s)| s.as_str());
            if let Err(e) = tera::Template::new(name, None, baked) {
                return Err(located(&dir, name, &e));
            }
        }
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| Error::template(format!("(templates in {})", dir.display()), &e))?;
        let sources = own.into_iter().collect();
        Ok(Renderer { tera, strings, overridden, own_pages, document_page, entry_page, dir, sources })
    }

    /// The interface strings.
    pub(crate) fn strings(&self) -> &Strings {
        &self.strings
    }

    /// Whether the edition has its own page template `name`.
    pub(crate) fn own_page(&self, name: &str) -> bool {
        self.own_pages.contains(name)
    }

    /// Renders template `name` with a view model.
    pub(crate) fn render<T: Serialize>(&self, name: &str, view: &T) -> Result<String> {
        let ctx = tera::Context::from_serialize(view).map_err(|e| Error::template(name, &e))?;
        self.tera.render(name, &ctx).map_err(|e| self.render_error(name, &ctx, &e))
    }

    /// The document page: the fast path when it has one, else Tera.
    pub(crate) fn document_page(&self, frame: &Frame<DocumentView>) -> Result<String> {
        match &self.document_page {
            Some(page) => Ok(page.render(frame, &self.strings)),
            None => self.render("document.html", frame),
        }
    }

    /// An entry page: the fast path when it has one, else Tera.
    pub(crate) fn entry_page(&self, frame: &Frame<EntryView>) -> Result<String> {
        match &self.entry_page {
            Some(page) => Ok(page.render(frame, &self.strings)),
            None => self.render("entry.html", frame),
        }
    }

    /// Appends part `name` to `out`: its template when the edition has its
    /// own, else the fast path (the same bytes as the built-in template).
    pub(crate) fn part<T: Serialize>(
        &self,
        name: &str,
        view: impl FnOnce() -> T,
        out: &mut String,
        fast: impl FnOnce(&mut String),
    ) -> Result<()> {
        if !self.overridden.contains(name) {
            fast(out);
            return Ok(());
        }
        out.push_str(&self.render(name, &view())?);
        Ok(())
    }

    /// A render error; in the edition's own template, located in it with
    /// the variables the template gets.
    fn render_error(&self, name: &str, ctx: &tera::Context, e: &tera::Error) -> Error {
        let Some(source) = self.sources.get(name) else { return Error::template(name, e) };
        let message = error_chain(e);
        let path = self.dir.join(name);
        let mut vars: Vec<String> = match ctx.clone().into_json() {
            serde_json::Value::Object(m) => m.keys().cloned().collect(),
            _ => Vec::new(),
        };
        vars.sort();
        // "Variable `x.y` not found in context while rendering 'parts/note.html'"
        let missing = message.split('`').nth(1).filter(|_| message.contains("not found in context"));
        let Pos { line, col } =
            missing.and_then(|v| find_in_tags(source, v)).map_or(Pos::default(), |at| line_col(source, at));
        let what = match missing {
            Some(v) => format!("`{v}` is not a variable of this template"),
            None => message.lines().last().unwrap_or("cannot render").trim().to_string(),
        };
        Error::diagnostic(Diagnostic::error(path, line, what).col(col).hint(format!(
            "the variables here: {}, and t() for interface strings (docs/templates.md)",
            vars.join(", ")
        )))
    }
}

/// Where `needle` first occurs inside a `{{ }}` or `{% %}` tag of `source`.
fn find_in_tags(source: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = source[from..].find(['{']) {
        let start = from + i;
        let close = match source.get(start..start + 2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                from = start + 1;
                continue;
            }
        };
        let end = source[start..].find(close).map_or(source.len(), |e| start + e);
        if let Some(j) = source[start..end].find(needle) {
            return Some(start + j);
        }
        from = end;
    }
    None
}

/// Tera's error and its causes, one a line.
fn error_chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push('\n');
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// A syntax error: located in the edition's own template (Tera gives
/// `--> LINE:COL`).
fn located(dir: &Path, name: &str, e: &tera::Error) -> Error {
    let message = error_chain(e);
    let (mut line, mut col) = (0, 0);
    if let Some(at) = message.find("--> ") {
        let rest = &message[at + 4..];
        let mut it = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
        line = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        col = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    }
    let what = message
        .lines()
        .map(str::trim)
        .rfind(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.starts_with("Failed to parse")
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .unwrap_or("syntax error")
        .trim_start_matches("= ")
        .to_string();
    let vars = PART_VARIABLES.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let mut d = Diagnostic::error(dir.join(name), line, format!("template syntax: {what}")).col(col);
    d = d.hint(match vars {
        Some(v) => format!("this part gets: {v}; see docs/templates.md"),
        None => {
            "see https://keats.github.io/tera/docs/ for the syntax, docs/templates.md for the variables".to_string()
        }
    });
    Error::diagnostic(d)
}

/// Unknown `t(k='...')` keys in an edition's template, located.
fn check_keys(dir: &Path, name: &str, text: &str, strings: &Strings) -> Result<()> {
    for (key, at) in crate::load::strings::template_keys(text) {
        if !strings.has(key) {
            let Pos { line, col } = line_col(text, at);
            return Err(Error::diagnostic(
                Diagnostic::error(dir.join(name), line, format!("unknown interface string `{key}`"))
                    .col(col)
                    .hint("the keys are in Folio's templates/strings/en.toml; see docs/templates.md"),
            ));
        }
    }
    Ok(())
}

/// The variables of each part, for error hints.
pub(crate) const PART_VARIABLES: &[(&str, &str)] = &[
    ("parts/facsimile-sheet.html", "sheet {number, label, section}, lines [{n, kind, paragraph, text, why, stamp}]"),
    (
        "parts/reading-paragraph.html",
        "paragraph {n, lines, page, first_line, html, lang}, notes [{n, quote, html, quote_lang}], notes_html",
    ),
    ("parts/note.html", "note {n, quote, html, quote_lang}"),
    ("parts/metadata.html", "facts [{key, label, values [{text, gloss, url, typed, lang}]}], lang"),
    ("parts/attributes.html", "attributes [{key, value}]"),
    ("parts/entities.html", "groups [{kind, plural, title, items [{id, name, count, via}]}]"),
    ("parts/doc-nav.html", "prev {id, title, date}, next {id, title, date}"),
    ("parts/related.html", "related [{id, title, date, shared}]"),
    ("parts/kwic-row.html", "row {doc, paragraph, left, keyword, right, lang}"),
    ("parts/doc-list.html", "documents [{id, title, date, mentions, attached_only, continued}]"),
    ("parts/kwic-doc.html", "document {id, title, date, mentions, attached_only, continued}, rows_html"),
    (
        "parts/timeline.html",
        "label, width, height, axis, label_y, bars [{x, y, width, height, count, title, url, year}]",
    ),
    (
        "parts/cited-by.html",
        "cited [{id, title, date, via [{kind, label, paragraph}], paragraphs}], answers and answered [{id, title, date, depth, level, through}]",
    ),
];

/// Minifies a template's HTML, leaving `{{ }}`, `{% %}` and `{# #}` alone.
pub(crate) fn minify_template(source: &str) -> String {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.preserve_brace_template_syntax = true;
    cfg.minify_css = false;
    cfg.minify_js = false;
    String::from_utf8_lossy(&minify_html::minify(source.as_bytes(), &cfg)).into_owned()
}

/// The theme files to write: built-ins overridden by `<edition>/theme/`,
/// plus any other file there. Sorted by name.
pub(crate) fn theme_files(edition: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<(String, Vec<u8>)> = THEME.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
    let dir = edition.join("theme");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Other(format!("{}: {e}", dir.display())))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let Some(name) = rel.to_str().map(|s| s.replace('\\', "/")) else { continue };
            if name.split('/').any(|c| c.starts_with('.')) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).with_path(entry.path())?;
            match files.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = bytes,
                None => files.push((name, bytes)),
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Tera tags of a template, in order.
    fn tera_tags(s: &str) -> Vec<&str> {
        let mut tags = Vec::new();
        let mut rest = s;
        while let Some(i) = rest.find(['{']) {
            let after = &rest[i..];
            let close = match after.get(..2) {
                Some("{{") => "}}",
                Some("{%") => "%}",
                Some("{#") => "#}",
                _ => {
                    rest = &rest[i + 1..];
                    continue;
                }
            };
            let end = after.find(close).map_or(after.len(), |e| e + 2);
            tags.push(&after[..end]);
            rest = &after[end..];
        }
        tags
    }

    #[test]
    fn document_and_entry_pages_have_their_fast_paths() {
        // Every built-in language, minified or not: a tag the fast path
        // does not know would leave every page to Tera (and tests/parts.rs
        // would compare Tera with itself).
        for lang in ["en", "de", "fr"] {
            for minify in [true, false] {
                let r = Renderer::new(Path::new("/nonexistent"), minify, Strings::built_in(lang)).unwrap();
                assert!(r.document_page.is_some(), "{lang}, minify {minify}");
                assert!(r.entry_page.is_some(), "{lang}, minify {minify}");
            }
        }
    }

    #[test]
    fn minifying_keeps_every_template_tag() {
        for (name, source) in TEMPLATES {
            let min = minify_template(source);
            // minify-html sorts a tag's attributes, so `{{ }}` in attribute
            // values may change places; every tag must survive whole, and
            // the statements (`{% %}`) must stay in order.
            let (mut a, mut b) = (tera_tags(source), tera_tags(&min));
            let statements =
                |v: &[&str]| v.iter().filter(|t| t.starts_with("{%")).map(|t| t.to_string()).collect::<Vec<_>>();
            assert_eq!(statements(&a), statements(&b), "{name}: minify-html moved a Tera statement");
            a.sort();
            b.sort();
            assert_eq!(a, b, "{name}: minify-html split or dropped a Tera tag");
            assert!(min.len() < source.len(), "{name}");
        }
    }

    #[test]
    fn minified_templates_render_the_same_html() {
        // Same site, built twice: minified templates must give the same
        // elements, attributes and text as the templates as written.
        let a = Renderer::new(Path::new("/nonexistent"), false, Strings::built_in("en")).unwrap();
        let b = Renderer::new(Path::new("/nonexistent"), true, Strings::built_in("en")).unwrap();
        let view = serde_json::json!({
            "site": {"title": "T", "language": "en", "pages": [{"url": "pages/a.html", "title": "A"}], "editors": []},
            "root": "../", "title": "Persons", "section": "persons",
            "breadcrumbs": [{"url": "../index.html", "title": "Home"}],
            "kind": "person", "plural": "persons", "total": 2, "used": 1, "entry_prefix": "", "split": false,
                     "letters": [{"letter": "B", "count": 1}, {"letter": "K", "count": 1}],
                     "groups": [{"letter": "B", "entries": [{"id": "b", "name": "B <x>", "note": null, "documents": 1, "mentions": 2, "sort": "b", "letter": "B"}]},
                                {"letter": "K", "entries": [{"id": "k", "name": "K", "note": "n", "documents": 0, "mentions": 0, "sort": "k", "letter": "K"}]}]
        });
        let (x, y) = (a.render("register.html", &view).unwrap(), b.render("register.html", &view).unwrap());
        let norm = |s: &str| s.replace(['"', '\n'], "").split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(y.len() < x.len());
        for needle in ["<h2 id=letter-B>B</h2>", "</ul>", "B &lt;x&gt;", "aria-current=page"] {
            assert!(norm(&y).contains(needle), "{needle} missing in {y}");
        }
        assert_eq!(x.matches("</ul>").count(), y.matches("</ul>").count());
    }
}
