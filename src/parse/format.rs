//! The trait every raw format implements.

use crate::model::{DocId, Document, FormatName};

/// A raw document format.
pub trait Format: Sync + Send {
    /// The name used in front matter (`format = "cable"`) and in output.
    fn name(&self) -> FormatName;
    /// How sure the format is that `text` is its kind, from 0 (not at all)
    /// to 100. The highest score wins; `plain` always answers 1.
    fn detect(&self, text: &str) -> u32;
    /// Parses and cleans. Must not panic on any input.
    fn parse(&self, id: &DocId, text: &str) -> Document;
}
