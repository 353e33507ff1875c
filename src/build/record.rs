//! What the first pass of a build keeps of each document ([`Kept`], also
//! stored in the cache's records) and returns to the second ([`Scanned`]).

use serde::{Deserialize, Serialize};

use crate::annotate::markdown::ParagraphCheck;
use crate::base::error::Diagnostics;
use crate::base::spill::Span;
use crate::build::cache::DocState;
use crate::index::DocFacts;

/// What the first pass keeps of a document, besides its index facts.
#[derive(Debug, Serialize, Deserialize)]
pub struct Kept {
    /// Key of the document's raw file and commentary ([`Inputs::key`]).
    pub input: u64,
    /// The rendered page in the scratch file, without its slots, and where
    /// the slots go: (byte offset, which slot).
    pub page: Span,
    pub slots: Vec<(u32, Slot)>,
    /// Its search entry (JSON) in the scratch file.
    pub snippet: Span,
    /// Its search postings, in the scratch file.
    pub search: Option<Span>,
    pub report: crate::index::report::DocReport,
    pub notes: usize,
}

/// One document after the first pass.
pub struct Scanned {
    pub id: String,
    pub paragraphs: usize,
    pub diags: Diagnostics,
    /// Its `doc:ID#pN` links, checked once every document is read.
    pub checks: Vec<ParagraphCheck>,
    /// Nothing if the document has errors.
    pub done: Option<(DocFacts, Kept)>,
    /// What the cache keeps of it (builds with a cache).
    pub state: Option<DocState>,
    /// Key of its search record.
    pub search_key: u64,
    /// Whether it was read (not taken from the cache).
    pub read: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Slot {
    Nav,
    Related,
}
