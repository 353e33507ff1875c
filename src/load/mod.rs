//! Layer 3, load: the edition's own files other than the raw documents:
//! site.toml ([`config`]), the registers ([`registers`]) and the
//! commentary's front matter and notes ([`commentary`]), the interface
//! strings in the edition's language ([`strings`]).

pub(crate) mod commentary;
pub(crate) mod config;
pub(crate) mod essays;
pub(crate) mod registers;
pub(crate) mod sources;
pub(crate) mod strings;
pub(crate) mod transcription;
