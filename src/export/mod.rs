//! Layer 6, export: what the edition gives besides its pages: the TEI P5
//! file of every document ([`tei`], its header [`tei_header`], the editors'
//! Markdown as TEI [`tei_html`]), the registers as TEI and JSON
//! ([`tei_registers`]), the offline search index ([`search`]) and what
//! cites a document, for its JSON and TEI files ([`cited`]).

pub mod archive;
pub mod cited;
pub mod search;
pub mod tei;
pub mod tei_header;
pub mod tei_html;
pub mod tei_names;
pub mod tei_registers;
pub mod web;
