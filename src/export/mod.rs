//! Layer 6, export: what the edition gives besides its pages: the TEI P5
//! file of every document ([`tei`]) and the offline search index
//! ([`search`]).

pub mod search;
pub mod tei;
