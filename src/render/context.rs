//! What the page renderers need of the edition, and nothing more: the
//! configuration, the registers, the TAGS-to-topics map and the index
//! (empty during the build's first pass, when document pages are rendered).
//! The build makes one from its `Site` (`Site::ctx`); a renderer never sees
//! the build itself.

use crate::annotate::tags::TopicMap;
use crate::index::Index;
use crate::load::config::SiteConfig;
use crate::load::registers::Registers;

/// The narrow context of the page renderers (like mdBook's `RenderContext`).
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub config: &'a SiteConfig,
    pub registers: &'a Registers,
    /// TAGS codes and Concepts → topics (topics.toml).
    pub topic_map: &'a TopicMap,
    /// The edition's index; empty while documents are first read.
    pub index: &'a Index,
}
