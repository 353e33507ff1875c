//! Layer 8, tools: the commands around a build: `folio check` ([`check`]),
//! `folio serve` ([`serve`]) and `folio new` ([`scaffold`]).

pub mod check;
pub mod scaffold;
pub mod serve;
