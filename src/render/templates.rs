//! Stage 5, render: Tera templates over plain view models.
//!
//! The default templates and theme are compiled into the binary; a file of
//! the same name in the edition's `templates/` or `theme/` folder overrides
//! the built-in one, and extra theme files are copied as they are.

use std::path::Path;

use serde::Serialize;
use tera::Tera;

use crate::base::error::{Error, IoContext, Result};

/// Built-in templates: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
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
];

/// Built-in theme files: (name, bytes), written under `theme/` in the output.
pub const THEME: &[(&str, &[u8])] = &[
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
pub struct Renderer {
    tera: Tera,
}

impl Renderer {
    /// Built-in templates, overridden by `<edition>/templates/*.html`.
    ///
    /// With `minify`, each built-in HTML template is minified once, here,
    /// with its Tera tags kept as they are, instead of minifying every
    /// rendered page: the pages come out as compact at no cost per page
    /// (minifying 10,000 rendered document pages took half of a build).
    /// The built-in templates are written for this (no Tera tag between a
    /// tag's attributes, no closing tag emitted conditionally); an edition's
    /// own templates are used exactly as written (unless they are a copy of
    /// a built-in one).
    pub fn new(edition: &Path, minify: bool) -> Result<Renderer> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default escaper also escapes `/`, which turns every URL
        // into `..&#x2F;persons&#x2F;...`: correct but noisy and larger.
        tera.set_escape_fn(crate::base::text::escape_html);
        let mut sources: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), if minify { minify_template(s) } else { s.to_string() }))
            .collect();
        let dir = edition.join("templates");
        if dir.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&dir).with_path(&dir)?.filter_map(|e| e.ok()).collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                let path = e.path();
                let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
                if !(name.ends_with(".html") || name.ends_with(".xml")) {
                    continue;
                }
                let text = std::fs::read_to_string(&path).with_path(&path)?;
                // A copy of a built-in template (as in Folio's own demo
                // edition) is the built-in template, minified.
                if TEMPLATES.iter().any(|(n, s)| *n == name && *s == text) {
                    continue;
                }
                match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => sources.push((name, text)),
                }
            }
        }
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| Error::template(format!("(templates in {})", dir.display()), &e))?;
        Ok(Renderer { tera })
    }

    /// Renders template `name` with a view model.
    pub fn render<T: Serialize>(&self, name: &str, view: &T) -> Result<String> {
        let ctx = tera::Context::from_serialize(view).map_err(|e| Error::template(name, &e))?;
        self.tera.render(name, &ctx).map_err(|e| Error::template(name, &e))
    }
}

/// Minifies a template's HTML, leaving `{{ }}`, `{% %}` and `{# #}` alone.
pub fn minify_template(source: &str) -> String {
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
pub fn theme_files(edition: &Path) -> Result<Vec<(String, Vec<u8>)>> {
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
        let a = Renderer::new(Path::new("/nonexistent"), false).unwrap();
        let b = Renderer::new(Path::new("/nonexistent"), true).unwrap();
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
