//! Layer 8, tools: the commands around a build: `folio check` ([`check`]),
//! `folio serve` ([`serve`]) and `folio new` ([`scaffold`]).

pub(crate) mod check;
pub(crate) mod scaffold;
pub(crate) mod serve;
