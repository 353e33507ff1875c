//! The archival apparatus of a telegram, read from its text (issue 17):
//! telegram numbers normalized to the archive's document numbers
//! ([`number`]), citations in running text and REF qualifiers ([`cite`]),
//! withheld-text markers ([`withheld`]), declassification lines and stamps
//! ([`declass`]) and handling caveats ([`caveats`]). Pure functions over
//! text; the annotate stage applies them to a document
//! (`annotate::apparatus`).

pub mod caveats;
pub mod cite;
pub mod declass;
pub mod number;
pub mod withheld;
