//! Incremental builds: what the previous build knew, kept beside its output
//! so the next build redoes only what changed.
//!
//! The cache folder `.<output>.folio-cache/` (beside the output folder, like
//! the staging folder) holds:
//!
//! - `records.bin`: the build's scratch file ([`crate::base::spill`]) kept instead
//!   of deleted: every document's page (without its slots), concordance
//!   rows, search entry and postings, and its [`DocRecord`] (what the first
//!   pass returned for it);
//! - `state.bin`: the [`State`]: the key of everything global, each
//!   document's file stamps, input key and where its record is, the search
//!   index's interned terms and facet values, and a key for every output
//!   file (the manifest of the output folder).
//!
//! A rebuild with the same global key (same Folio binary, site.toml,
//! registers, templates, theme, essay titles, set of document ids and
//! minification) reuses the record of every document whose raw file and
//! commentary are unchanged (same size and modification time, or else the
//! same bytes), runs the first pass only for the others, and renders only
//! the output files whose key changed ([`crate::base::output::Output`]). Anything
//! else is a full build, which also starts a fresh cache.
//!
//! Crash safety: `state.bin` is removed before the output folder is touched
//! and written again (atomically, by rename) after, so a build interrupted
//! while moving files into place is followed by a full build. A build that
//! fails leaves output and cache as they were: the records it appended to
//! `records.bin` are never referenced.
//!
//! Damage: `state.bin` ends with a CRC-32 of its bytes and records the
//! CRC-32 of the records file as it was saved; a flipped byte in either is
//! found when the cache is opened, and the build is a full one, which
//! writes a fresh cache (the same site as a clean build).
//!
//! Keys are 64-bit SipHash-1-3 with fixed keys (std's `DefaultHasher`): not
//! guaranteed stable across Rust releases, which is why the identity of the
//! Folio binary is part of the global key.

use crate::model::DocId;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::annotate::markdown::ParagraphCheck;
use crate::base::error::{Diagnostic, Error, IoContext, Result};
use crate::base::keys::FileEntry;
use crate::base::spill::Span;
use crate::index::DocFacts;

/// Changes whenever the cache files' layout or meaning changes.
const FORMAT: u32 = 3;

/// The records file may grow to this many times its size after the last
/// full build (plus [`RECORDS_SLACK`]) before a full build compacts it.
const RECORDS_GROWTH: u64 = 2;
const RECORDS_SLACK: u64 = 64 << 20;

/// The identity of the running Folio binary (its size and modification
/// time): a rebuilt Folio never trusts a cache written by another.
fn binary_identity() -> String {
    let stamp = std::env::current_exe().ok().and_then(|p| Stamp::of(&p).ok());
    format!("{} {FORMAT} {:?}", env!("CARGO_PKG_VERSION"), stamp.map(|s| (s.size, s.mtime)))
}

/// A file's size and modification time (nanoseconds since 1970).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub size: u64,
    pub mtime: u128,
}

/// How close to the build's start a file's time makes it racy
/// ([`DocState::racy`]).
const RACY_NANOS: u128 = 2_000_000_000;

impl Stamp {
    /// Whether the file was modified within two seconds of `now` (or later).
    pub(crate) fn racy(&self, now: u128) -> bool {
        self.mtime + RACY_NANOS >= now
    }

    /// Now, as a file time.
    pub(crate) fn now() -> u128 {
        std::time::SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    }

    pub(crate) fn of(path: &Path) -> Result<Stamp> {
        let m = std::fs::metadata(path).with_path(path)?;
        let mtime = m.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        Ok(Stamp { size: m.len(), mtime })
    }
}

/// What the first pass returned for one document, kept in the records
/// file so that an unchanged document is not read again.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DocRecord {
    /// Number of reading paragraphs (for `doc:ID#pN` links).
    pub paragraphs: usize,
    /// Warnings of its parse (reported again on every build).
    pub warnings: Vec<Diagnostic>,
    /// `doc:ID#pN` links in its commentary, checked on every build.
    pub checks: Vec<ParagraphCheck>,
    pub facts: DocFacts,
    pub kept: crate::build::record::Kept,
    /// Key of its search record: the search index is rebuilt only when
    /// one of these changed.
    pub search: u64,
}

/// [`DocRecord`] borrowed, to write a record without copying the facts
/// (bincode writes both the same way).
#[derive(Serialize)]
pub(crate) struct DocRecordRef<'a> {
    pub paragraphs: usize,
    pub warnings: &'a [Diagnostic],
    pub checks: &'a [ParagraphCheck],
    pub facts: &'a DocFacts,
    pub kept: &'a crate::build::record::Kept,
    pub search: u64,
}

/// One document in [`State`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DocState {
    pub id: DocId,
    pub raw: Stamp,
    pub commentary: Option<Stamp>,
    /// Key of its raw file's and commentary's bytes.
    pub input: u64,
    /// Whether a file was modified shortly before the build read it: then
    /// an edit right after could keep its size and time (file times are
    /// coarse), so the next build compares the bytes, not the stamps (as
    /// git does with "racily clean" files).
    pub racy: bool,
    /// Its [`DocRecord`] in the records file.
    pub record: Span,
}

/// `state.bin`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    pub binary: String,
    pub global: u64,
    /// Length of the records file right after the last full build.
    pub records_base: u64,
    /// The search index's terms and facet values, numbered as in the
    /// documents' search records.
    pub search: crate::export::search::Tables,
    /// Key of every document's search record, in date order: the search
    /// index's files are kept while it is the same.
    pub search_key: u64,
    /// Every document, sorted by id.
    pub docs: Vec<DocState>,
    /// Every output file: path → key.
    pub files: HashMap<String, FileEntry>,
    /// Length of the records file when this state was saved, and the
    /// CRC-32 of its bytes up to there: a damaged records file (a flipped
    /// byte) is found before any of it is used, and the build is a full one.
    pub records_len: u64,
    pub records_crc: u32,
}

/// The cache of one output folder, as found when a build starts.
pub(crate) struct Cache {
    dir: PathBuf,
    /// Key of everything global.
    pub global: u64,
    /// The previous build's state, when it can be built on.
    pub previous: Option<State>,
    /// Whether this build keeps a cache (not with `--no-cache`).
    enabled: bool,
    /// Whether this build made the cache folder (a failed build removes it).
    created: bool,
}

impl Cache {
    /// The cache folder of an output folder.
    pub(crate) fn dir_for(dest: &Path) -> PathBuf {
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        parent.join(format!(".{name}.folio-cache"))
    }

    /// Opens the cache of `dest` for a build whose global key is `global`.
    /// When the previous state was made from other global inputs, the
    /// output folder is missing or the records file has grown too much, the
    /// build is a full one. Not `enabled` (`--no-cache`): a full build that
    /// keeps no cache and removes the one there was.
    pub(crate) fn open(dest: &Path, global: u64, enabled: bool) -> Result<Cache> {
        let dir = Cache::dir_for(dest);
        let created = enabled && !dir.exists();
        if enabled {
            std::fs::create_dir_all(&dir).with_path(&dir)?;
        }
        let previous = if enabled && dest.is_dir() { read_state(&dir, global) } else { None };
        Ok(Cache { dir, global, previous, enabled, created })
    }

    /// Whether the build keeps a cache.
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// Where the records go: the existing records file (appended to) when
    /// building on the previous state, a new one otherwise.
    pub(crate) fn records(&self) -> Result<crate::base::spill::Spill> {
        match &self.previous {
            Some(_) => crate::base::spill::Spill::append(&self.dir.join("records.bin")),
            None => crate::base::spill::Spill::create(&self.dir.join("records.new")),
        }
    }

    /// Forgets the state before the output folder is changed (the whole
    /// cache, when the build keeps none).
    pub(crate) fn forget(&self) -> Result<()> {
        if !self.enabled {
            if self.dir.exists() {
                std::fs::remove_dir_all(&self.dir).with_path(&self.dir)?;
            }
            return Ok(());
        }
        remove_if_there(&self.dir.join("state.bin"))
    }

    /// After the output is in place: the new records file and state.
    pub(crate) fn save(&self, mut state: State, records_len: u64) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        state.binary = binary_identity();
        state.global = self.global;
        let records = self.dir.join("records.bin");
        let (from, crc) = match &self.previous {
            Some(p) => {
                state.records_base = p.records_base;
                (p.records_len, crc32fast::Hasher::new_with_initial_len(p.records_crc, p.records_len))
            }
            None => {
                let from = self.dir.join("records.new");
                std::fs::rename(&from, &records).with_path(&records)?;
                state.records_base = records_len;
                (0, crc32fast::Hasher::new())
            }
        };
        state.records_crc = crc_of(&records, from, records_len, crc).with_path(&records)?;
        state.records_len = records_len;
        let mut bytes = bincode::serialize(&state).map_err(|e| Error::Other(format!("cannot save the cache: {e}")))?;
        let crc = crc32fast::hash(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
        let (tmp, path) = (self.dir.join("state.tmp"), self.dir.join("state.bin"));
        std::fs::write(&tmp, bytes).with_path(&tmp)?;
        std::fs::rename(&tmp, &path).with_path(&path)
    }

    /// Removes a records file left by a failed full build, and the cache
    /// folder if this build made it.
    pub(crate) fn discard_new(&self) {
        if self.created {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            let _ = std::fs::remove_file(self.dir.join("records.new"));
        }
    }
}

/// The previous state, if it is there, whole, made by this binary from the
/// same global inputs, and its records file is there and not too large.
/// Both files are checksummed (CRC-32): `state.bin` ends with the CRC of
/// the rest, and the state holds the CRC of the records file's first
/// `records_len` bytes (what a later failed build may append is never
/// referenced). A mismatch anywhere is no cache at all.
fn read_state(dir: &Path, global: u64) -> Option<State> {
    let bytes = std::fs::read(dir.join("state.bin")).ok()?;
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let state: State = bincode::deserialize(body).ok()?;
    if state.binary != binary_identity() || state.global != global {
        return None;
    }
    let path = dir.join("records.bin");
    let records = std::fs::metadata(&path).ok()?.len();
    let end = state.docs.iter().map(|d| d.record.offset + d.record.len as u64).max().unwrap_or(0);
    let fits = records >= state.records_len
        && state.records_len >= end
        && records <= state.records_base * RECORDS_GROWTH + RECORDS_SLACK;
    (fits && crc_of(&path, 0, state.records_len, crc32fast::Hasher::new()).ok()? == state.records_crc).then_some(state)
}

/// Continues `crc` over the bytes `from..to` of the file at `path`.
fn crc_of(path: &Path, from: u64, to: u64, mut crc: crc32fast::Hasher) -> std::io::Result<u32> {
    use std::io::{Read, Seek};
    let mut file = std::fs::File::open(path)?;
    file.seek(std::io::SeekFrom::Start(from))?;
    let mut left = to.saturating_sub(from);
    let mut buf = vec![0u8; 1 << 20];
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = file.read(&mut buf[..want])?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the records file is shorter than its state says",
            ));
        }
        crc.update(&buf[..n]);
        left -= n as u64;
    }
    Ok(crc.finalize())
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Encodes a document's record for the records file.
pub(crate) fn encode_record(r: &DocRecordRef) -> Result<Vec<u8>> {
    bincode::serialize(r).map_err(|e| Error::Other(format!("cannot encode a cache record: {e}")))
}

/// Decodes a record written by [`encode_record`]; `None` if damaged.
pub(crate) fn decode_record(bytes: &[u8]) -> Option<DocRecord> {
    bincode::deserialize(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::keys::KeyHasher;

    #[test]
    fn keys_are_stable_and_length_prefixed() {
        let k = |parts: &[&str]| {
            let mut h = KeyHasher::new();
            for p in parts {
                h.str(p);
            }
            h.finish()
        };
        assert_eq!(k(&["a", "bc"]), k(&["a", "bc"]));
        assert_ne!(k(&["ab", "c"]), k(&["a", "bc"]));
    }

    #[test]
    fn state_round_trip_and_checks() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        std::fs::create_dir_all(&dest).unwrap();
        let cache = Cache::open(&dest, 7, true).unwrap();
        assert!(cache.previous.is_none());
        let spill = cache.records().unwrap();
        spill.put(b"record").unwrap();
        let mut state = State::default();
        state.files.insert("index.html".into(), FileEntry { key: 1, size: 2 });
        cache.save(state, spill.len()).unwrap();
        drop(spill);
        let again = Cache::open(&dest, 7, true).unwrap();
        assert_eq!(again.previous.as_ref().map(|s| s.files.len()), Some(1));
        assert!(Cache::open(&dest, 8, true).unwrap().previous.is_none(), "other global inputs: a full build");
        again.forget().unwrap();
        assert!(Cache::open(&dest, 7, true).unwrap().previous.is_none(), "no state: a full build");
        // --no-cache: a full build, and the cache is gone once it is in place.
        let off = Cache::open(&dest, 7, false).unwrap();
        assert!(off.previous.is_none());
        off.forget().unwrap();
        assert!(!Cache::dir_for(&dest).exists());
    }
}
