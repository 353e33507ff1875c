//! Stage 1, load: the edition's `site.toml`.
//!
//! Unknown keys are errors (a misspelled option must not be ignored
//! silently); the error names the file, line and column.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::error::{Diagnostic, Error, Result};

/// The title `folio new` gives an example edition; a build warns while
/// site.toml still has it (the scaffold's site.toml is checked against it).
pub(crate) const SCAFFOLD_TITLE: &str = "A Telegram from Copenhagen, 1978: an example edition";

/// The edition's settings, from site.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteConfig {
    /// The edition's title, shown on every page.
    pub title: String,
    /// A subtitle or one-line description.
    #[serde(default)]
    pub description: Option<String>,
    /// The editors, as they should be credited.
    #[serde(default)]
    pub editors: Vec<String>,
    /// The language of the edition's own text (BCP 47, e.g. "en").
    #[serde(default = "default_language")]
    pub language: String,
    /// Where the site will be published, e.g. "https://example.org/edition/".
    /// Optional: every link in the output is relative, so the site works
    /// anywhere; this is only used for citations and exports.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Licence or copyright line for the footer.
    #[serde(default)]
    pub license: Option<String>,
    /// Provenance of the documents, for those whose commentary does not
    /// give its own `source` (e.g. "National Archives, RG 59, Central
    /// Foreign Policy Files, via the Access to Archival Databases").
    #[serde(default)]
    pub source: Option<String>,
    /// Where a document cited by the edition but not in it can be read:
    /// an `https://` address with `{id}` for its normalized number, e.g.
    /// "https://example.org/cable/{id}". Shown as a plain link; nothing is
    /// loaded from it.
    #[serde(default)]
    pub reference_url: Option<String>,
    /// Build options.
    #[serde(default)]
    pub build: BuildOptions,
}

/// `[build]` options of site.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BuildOptions {
    /// Minify HTML output (default true). `folio build --no-minify` overrides.
    #[serde(default = "yes")]
    pub minify: bool,
    /// Let raw HTML in commentary and essays through (default false: it is
    /// shown as text). Script is never allowed.
    #[serde(default)]
    pub allow_html: bool,
    /// Concordance lines per page on index pages (default 200).
    #[serde(default = "default_per_page")]
    pub mentions_per_page: usize,
    /// The syntect theme used for the code-highlighting stylesheet.
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
    /// The largest raw document, commentary, essay, register or strings.toml
    /// file read, in megabytes (1,000,000 bytes; default 20). A larger one
    /// is refused before it is read: a build takes about a second per megabyte of text full of
    /// register names, and a file of hundreds of megabytes is a mistake
    /// (a disk image, a log) more often than a document.
    #[serde(default = "default_max_document_mb")]
    pub max_document_mb: u64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            minify: true,
            allow_html: false,
            mentions_per_page: default_per_page(),
            highlight_theme: default_highlight_theme(),
            max_document_mb: default_max_document_mb(),
        }
    }
}

fn yes() -> bool {
    true
}
fn default_language() -> String {
    "en".into()
}
fn default_per_page() -> usize {
    200
}
fn default_max_document_mb() -> u64 {
    20
}
fn default_highlight_theme() -> String {
    "InspiredGitHub".into()
}

/// site.toml holds settings: a file over a megabyte is not one (and is not
/// read). Fixed, since the settings are in that very file.
pub(crate) const SITE_TOML_MAX_BYTES: u64 = 1_000_000;

/// The keys site.toml accepts, for error hints.
pub(crate) const SITE_KEYS: &str =
    "title, description, editors, language, base_url, license, source, reference_url, [build]";

impl SiteConfig {
    /// Reads and validates `site.toml` (at most [`SITE_TOML_MAX_BYTES`]).
    pub(crate) fn load(path: &Path) -> Result<SiteConfig> {
        let text =
            crate::base::read::text(path, crate::base::read::Limit::Fixed(SITE_TOML_MAX_BYTES)).map_err(|d| {
                Error::diagnostic(d.unwrap_or_else(|| Diagnostic::error(path, 0, "cannot read: the file is gone")))
            })?;
        Self::parse(path, &text)
    }

    pub(crate) fn parse(path: &Path, text: &str) -> Result<SiteConfig> {
        let mut cfg: SiteConfig = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::from_toml(path, text, 0, &e);
            if e.message().starts_with("unknown field") {
                d = d.hint(format!("site.toml accepts: {SITE_KEYS}; [build] accepts: minify, allow_html, mentions_per_page, highlight_theme, max_document_mb"));
            }
            Error::diagnostic(d)
        })?;
        // An empty or blank `source` is no source: nothing to show or export.
        cfg.source = cfg.source.take().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if cfg.title.trim().is_empty() {
            return Err(Error::diagnostic(
                Diagnostic::error(path, 1, "the edition's title is empty").hint("set title = \"...\" in site.toml"),
            ));
        }
        if let Some(u) = &cfg.reference_url {
            let line = text.lines().position(|l| l.trim_start().starts_with("reference_url")).map_or(1, |i| i + 1);
            let ok = (u.starts_with("https://") || u.starts_with("http://"))
                && u.contains("{id}")
                && !u.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
            if !ok {
                return Err(Error::diagnostic(
                    Diagnostic::error(path, line, format!("reference_url `{u}` is not a web address with {{id}}"))
                        .hint(
                        "write it as \"https://example.org/cable/{id}\": {id} stands for the cited document's number",
                    ),
                ));
            }
        }
        if cfg.build.mentions_per_page == 0 {
            let line = text.lines().position(|l| l.trim_start().starts_with("mentions_per_page")).map_or(0, |i| i + 1);
            return Err(Error::diagnostic(
                Diagnostic::error(path, line, "build.mentions_per_page must be at least 1 (it is 0)")
                    .hint("set a number of concordance lines per page such as 200, or remove the line to use 200"),
            ));
        }
        if cfg.build.max_document_mb == 0 {
            let line = text.lines().position(|l| l.trim_start().starts_with("max_document_mb")).map_or(0, |i| i + 1);
            return Err(Error::diagnostic(
                Diagnostic::error(path, line, "build.max_document_mb must be at least 1 (it is 0)")
                    .hint("set the largest document to read in megabytes such as 20, or remove the line to use 20"),
            ));
        }
        Ok(cfg)
    }

    /// The largest raw document or commentary file read, in bytes.
    pub(crate) fn max_document_bytes(&self) -> u64 {
        self.build.max_document_mb.saturating_mul(1_000_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_line_and_keys() {
        let err = SiteConfig::parse(Path::new("site.toml"), "title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("site.toml:2:1: error: unknown field `titel`"), "{msg}");
        assert!(msg.contains("site.toml accepts: title"), "{msg}");
    }

    #[test]
    fn broken_toml_is_located() {
        let err = SiteConfig::parse(Path::new("site.toml"), "title = \"x\"\n\nlanguage = en\n").unwrap_err();
        assert!(err.to_string().starts_with("site.toml:3:"), "{err}");
    }

    #[test]
    fn zero_and_overflowing_numbers_are_located_with_a_hint() {
        let err = SiteConfig::parse(Path::new("site.toml"), "title = \"x\"\n[build]\nmentions_per_page = 0\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("site.toml:3: error: build.mentions_per_page must be at least 1"), "{err}");
        assert!(err.contains("help:"), "{err}");
        for big in ["99999999999999999999999", "-1", "18446744073709551616"] {
            let toml = format!("title = \"x\"\n[build]\nmentions_per_page = {big}\n");
            let err = SiteConfig::parse(Path::new("site.toml"), &toml).unwrap_err().to_string();
            assert!(err.starts_with("site.toml:3:"), "{err}");
            assert!(err.contains("help:"), "{err}");
        }
    }

    #[test]
    fn reference_url_needs_id() {
        let c = SiteConfig::parse(Path::new("site.toml"), "title = \"x\"\nreference_url = \"https://e.org/c/{id}\"")
            .unwrap();
        assert_eq!(c.reference_url.as_deref(), Some("https://e.org/c/{id}"));
        let err = SiteConfig::parse(Path::new("site.toml"), "title = \"x\"\nreference_url = \"https://e.org/c/\"")
            .unwrap_err();
        assert!(err.to_string().starts_with("site.toml:2: error: reference_url"), "{err}");
        assert!(
            SiteConfig::parse(Path::new("site.toml"), "title = \"x\"\nreference_url = \"javascript:{id}\"").is_err()
        );
    }

    #[test]
    fn defaults() {
        let c = SiteConfig::parse(Path::new("site.toml"), "title = \"x\"").unwrap();
        assert!(c.build.minify);
        assert_eq!(c.language, "en");
    }
}
