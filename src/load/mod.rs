//! Layer 3, load: the edition's own files other than the raw documents:
//! site.toml ([`config`]), the registers ([`registers`]) and the
//! commentary's front matter and notes ([`commentary`]), the interface
//! strings in the edition's language ([`strings`]).

pub mod commentary;
pub mod config;
pub mod essays;
pub mod registers;
pub mod sources;
pub mod strings;
pub mod transcription;
