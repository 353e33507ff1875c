//! Layer 0: what every stage uses and that knows no stage: errors with file
//! and line ([`error`]), text helpers ([`text`]), the progress display, the
//! output writer ([`output`]: the only place files of a site are written),
//! the built-in patterns ([`pattern`]: ASCII word boundaries), the
//! scratch file ([`spill`]) and bounded reading of the edition's own
//! files ([`read`]).

pub(crate) mod error;
pub(crate) mod fold;
pub(crate) mod guard;
pub(crate) mod keys;
pub(crate) mod output;
pub(crate) mod pattern;
pub(crate) mod progress;
pub(crate) mod read;
pub(crate) mod spill;
pub(crate) mod text;
