//! Layer 6, export: what the edition gives besides its pages: the TEI P5
//! file of every document ([`tei`], its header [`tei_header`], the editors'
//! Markdown as TEI [`tei_html`]), the registers as TEI and JSON
//! ([`tei_registers`]), the offline search index ([`search`]) and what
//! cites a document, for its JSON and TEI files ([`cited`]), the compact
//! forms of the documents' JSON ([`json`]).

pub(crate) mod archive;
pub(crate) mod cited;
pub(crate) mod json;
pub(crate) mod search;
pub(crate) mod tei;
pub(crate) mod tei_header;
pub(crate) mod tei_html;
pub(crate) mod tei_names;
pub(crate) mod tei_registers;
pub(crate) mod web;
