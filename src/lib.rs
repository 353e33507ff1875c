//! Folio: a static site generator for annotated scholarly digital editions.
//!
//! Raw archival documents (State Department telegrams, press-digest
//! articles) and the editor's Markdown commentary become a cross-linked
//! static HTML edition that works from a web server or straight from disk.
//!
//! The source is a one-way stack of layers, one folder each, lowest first
//! (docs/architecture.md; `tests/layers.rs` fails on an import that goes up):
//!
//! - `base`: errors with file and line, text helpers, the output writer,
//!   the scratch file, keys;
//! - `model`: the document model every stage shares;
//! - `parse`: the raw formats (cable, article, plain) into the model;
//! - `load`: site.toml, registers, commentary;
//! - `annotate`: notes anchored to passages, mentions, Markdown, TAGS;
//! - `index`: per-document facts into the edition's indexes (no HTML);
//! - `render`: templates, view models and the HTML pages;
//! - `export`: TEI, search index;
//! - `build`: the two passes of a build, the cache (knows every stage);
//! - `tools`: `check`, `serve`, `new`.

mod annotate;
mod base;
mod build;
mod export;
mod index;
mod load;
pub mod model;
pub mod parse;
mod render;
mod tools;

// The public API: what the `folio` binary, the tests and the development
// tools use. Everything else is private to the crate.
pub use base::error::{Diagnostic, Error, IoContext, Result, Severity};
pub use base::progress::Progress;
pub use build::{build, build_replacing, build_with, stage, BuildOptions, BuildReport, Staged};
pub use load::registers::Kind;
pub use tools::check::{check_edition, check_site, print_report, CheckReport};
pub use tools::scaffold::create as new_edition;
pub use tools::serve::{serve, ServeOptions};

/// Helpers for the development tools (`folio-synth`); not a stable API.
#[doc(hidden)]
pub mod dev {
    pub use crate::base::text::{fold, Folded, MONTHS};
    pub use crate::load::commentary::split_front_matter;
}

/// What the fuzz tests (tests/fuzz_inputs.rs) feed with generated text:
/// each editor-written input read on its own, without a build. Each
/// returns the diagnostics as the editor would see them.
#[doc(hidden)]
pub mod fuzz {
    use std::collections::{HashMap, HashSet};
    use std::path::Path;

    use crate::annotate::markdown::{self, LinkTargets, Source};
    use crate::base::error::Diagnostics;
    use crate::load::registers::{Kind, Registers};

    fn texts(d: &Diagnostics) -> Vec<String> {
        d.0.iter().map(|d| d.to_string()).collect()
    }

    /// A commentary file: front matter, headnote and notes.
    pub fn commentary(text: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        let _ = crate::load::commentary::parse(Path::new("doc.md"), text, &mut d);
        texts(&d)
    }

    /// site.toml: Ok, or the error as shown.
    pub fn site_toml(text: &str) -> Result<(), String> {
        crate::load::config::SiteConfig::parse(Path::new("site.toml"), text).map(|_| ()).map_err(|e| e.to_string())
    }

    /// A persons register, checked.
    pub fn register(text: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        let mut r = Registers::default();
        r.add_file(Kind::Person, Path::new("persons.toml"), text, &mut d);
        r.validate(&mut d);
        texts(&d)
    }

    /// Commentary Markdown rendered as in a note: the HTML and diagnostics.
    pub fn markdown(md: &str, allow_html: bool) -> (String, Vec<String>) {
        let mut d = Diagnostics::default();
        let mut r = Registers::default();
        r.add_file(Kind::Person, Path::new("persons.toml"), "[[person]]\nid = \"kapitsa\"\nname = \"K\"\n", &mut d);
        let docs = HashMap::from([(crate::model::DocId::any("1978MOSCOW08357"), 12)]);
        let pages = HashSet::from(["introduction".to_string()]);
        let links = LinkTargets { registers: &r, documents: &docs, pages: &pages, later: None };
        let html =
            markdown::render(md, "../", &links, allow_html, &Source { path: Path::new("doc.md"), line: 1 }, &mut d);
        (html, texts(&d))
    }
}
