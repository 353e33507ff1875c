//! Keys: stable 64-bit hashes of what a file or record was made from, so
//! an incremental build can tell what changed ([`crate::build::cache`]) and
//! the output writer can skip files whose key is the same
//! ([`crate::base::output`]).
//!
//! Keys are 64-bit SipHash-1-3 with fixed keys (std's `DefaultHasher`): not
//! guaranteed stable across Rust releases, which is why the identity of the
//! Folio binary is part of the cache's global key.

use std::hash::{Hash, Hasher};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, IoContext, Result};

/// A stable 64-bit hasher for keys.
#[derive(Clone)]
pub(crate) struct KeyHasher(std::collections::hash_map::DefaultHasher);

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher::new()
    }
}

impl KeyHasher {
    pub(crate) fn new() -> KeyHasher {
        KeyHasher(std::collections::hash_map::DefaultHasher::new())
    }
    /// Adds a length-prefixed byte string (so "ab"+"c" differs from "a"+"bc").
    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.write_u64(b.len() as u64);
        self.0.write(b);
        self
    }
    pub(crate) fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }
    pub(crate) fn u64(&mut self, v: u64) -> &mut Self {
        self.0.write_u64(v);
        self
    }
    /// Adds a value through its `Hash` implementation.
    pub(crate) fn value<T: Hash + ?Sized>(&mut self, v: &T) -> &mut Self {
        v.hash(&mut self.0);
        self
    }
    pub(crate) fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// The key of one byte string.
pub(crate) fn key_of(bytes: &[u8]) -> u64 {
    KeyHasher::new().bytes(bytes).finish()
}

/// Adds every file under `dir` (relative names and bytes, sorted) to `h`;
/// a missing folder adds a marker.
pub(crate) fn hash_tree(h: &mut KeyHasher, dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        h.str("(none)");
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Other(format!("{}: {e}", dir.display())))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            h.str(&rel.to_string_lossy());
            h.bytes(&std::fs::read(entry.path()).with_path(entry.path())?);
        }
    }
    Ok(())
}

/// A key and size of one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileEntry {
    /// Hash of what the file was made from (its inputs, or its bytes).
    pub key: u64,
    pub size: u64,
}
