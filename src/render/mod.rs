//! Layer 6, render: HTML. The Tera templates and theme ([`templates`]), the
//! view models they receive ([`view`]), and the pages: documents
//! ([`document`]), registers and entries ([`registers`]), the chronology
//! ([`chronology`]).

pub mod chronology;
pub mod context;
pub mod document;
pub mod lists;
pub mod registers;
pub mod templates;
pub mod view;
