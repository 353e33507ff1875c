//! Folio: a static site generator for annotated scholarly digital editions.
//!
//! Raw archival documents (State Department telegrams, press-digest
//! articles) and the editor's Markdown commentary become a cross-linked
//! static HTML edition that works from a web server or straight from disk.
//!
//! The pipeline runs one way (see [`site`]): load ([`config`], [`registers`],
//! [`commentary`]) → parse and clean ([`formats`] into the [`model`]) →
//! annotate and link ([`annotate`], [`markdown`]) → index ([`index`]) →
//! render ([`render`], [`view`], [`reading`]) → write ([`output`]).

pub mod annotate;
pub mod cache;
pub mod check;
pub mod chronology;
pub mod commentary;
pub mod config;
pub mod error;
pub mod formats;
pub mod highlight;
pub mod index;
pub mod markdown;
pub mod mentions;
pub mod model;
pub mod output;
pub mod progress;
pub mod reading;
pub mod register_pages;
pub mod registers;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod spill;
pub mod synth;
pub mod tags;
pub mod tei;
pub mod text;
pub mod view;

pub use error::{Diagnostic, Error, Result};
