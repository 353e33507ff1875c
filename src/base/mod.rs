//! Layer 0: what every stage uses and that knows no stage: errors with file
//! and line ([`error`]), text helpers ([`text`]), the progress display, the
//! output writer ([`output`]: the only place files of a site are written)
//! and the scratch file ([`spill`]).

pub mod error;
pub mod fold;
pub mod guard;
pub mod keys;
pub mod output;
pub mod progress;
pub mod spill;
pub mod text;
