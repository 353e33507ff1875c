//! What the first pass of a build keeps of each document ([`Kept`], also
//! stored in the cache's records) for the second.

use serde::{Deserialize, Serialize};

use crate::base::spill::Span;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Slot {
    Nav,
    Related,
}
