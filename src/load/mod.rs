//! Layer 3, load: the edition's own files other than the raw documents:
//! site.toml ([`config`]), the registers ([`registers`]) and the
//! commentary's front matter and notes ([`commentary`]).

pub mod commentary;
pub mod config;
pub mod essays;
pub mod registers;
pub mod sources;
pub mod transcription;
