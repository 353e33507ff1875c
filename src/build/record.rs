//! What the first pass of a build keeps of each document ([`Kept`], also
//! stored in the cache's records) for the second.

use serde::{Deserialize, Serialize};

use crate::base::spill::Span;

/// What the first pass keeps of a document, besides its index facts.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Kept {
    /// Key of the document's raw file and commentary ([`Inputs::key`]).
    pub input: u64,
    /// The rendered page in the scratch file, without its slots, and where
    /// the slots go: (byte offset, which slot).
    pub page: Span,
    pub slots: Vec<(u32, Slot)>,
    /// The targets of the page's [`Slot::Para`] slots: (document, paragraph
    /// by its own numbering).
    pub para_links: Vec<(String, u32)>,
    /// Its JSON export in the scratch file, without "cited by" (added by
    /// the second pass before the closing brace).
    pub json: Span,
    /// Its TEI export in the scratch file, and where "cited by" goes (the
    /// end of `sourceDesc`), added by the second pass.
    pub tei: Span,
    pub tei_cited_at: u32,
    /// Its search entry (JSON) in the scratch file.
    pub snippet: Span,
    /// Its search postings, in the scratch file.
    pub search: Option<Span>,
    pub report: crate::index::report::DocReport,
    pub notes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Slot {
    Nav,
    Related,
    /// The `#pN` of a link to a cited telegram's paragraph (index into
    /// [`Kept::para_links`]).
    Para(u32),
}
