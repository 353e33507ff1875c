//! Layer 6, render: HTML. The Tera templates and theme ([`templates`]), the
//! view models they receive ([`view`]), and the pages: documents
//! ([`document`]), registers and entries ([`registers`]), the chronology
//! ([`chronology`]), the pages of references ([`references`]); the parts built per sheet, paragraph or mention
//! ([`parts`]: a template each, and a fast path giving the same bytes); the
//! document and entry pages' own fast paths ([`fast`], [`page_fast`],
//! [`entry_fast`]).

pub(crate) mod apparatus;
pub(crate) mod chronology;
pub(crate) mod context;
pub(crate) mod document;
pub(crate) mod entry_fast;
pub(crate) mod fast;
pub(crate) mod lists;
pub(crate) mod page_fast;
pub(crate) mod parts;
pub(crate) mod reading;
pub(crate) mod references;
pub(crate) mod registers;
pub(crate) mod templates;
pub(crate) mod view;
