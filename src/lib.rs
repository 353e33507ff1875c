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
