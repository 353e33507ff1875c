//! Layer 6, render: HTML. The Tera templates and theme ([`templates`]), the
//! view models they receive ([`view`]), and the pages: documents
//! ([`document`]), registers and entries ([`registers`]), the chronology
//! ([`chronology`]), the pages of references ([`references`]); the parts built per sheet, paragraph or mention
//! ([`parts`]: a template each, and a fast path giving the same bytes).

pub mod apparatus;
pub mod chronology;
pub mod context;
pub mod document;
pub mod lists;
pub mod parts;
pub mod reading;
pub mod references;
pub mod registers;
pub mod templates;
pub mod view;
