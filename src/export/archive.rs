//! Export: the edition's data as one zip archive
//! (`downloads/edition-data.zip`), for scholars who want everything at once
//! and for archiving.
//!
//! Contents: `raw/` (every document exactly as received), `commentary/`
//! (the editors' Markdown), `registers/` (the TOML files as written, and
//! their TEI and JSON exports), `data/document.schema.json`, `citations/`
//! (the whole edition as BibTeX, RIS and CSL-JSON), `LICENSE.txt`,
//! `README.txt` and, as the last entry, `manifest.json`: counts, and the
//! size and SHA-256 of every other entry.
//!
//! Not the documents' TEI and JSON: the site publishes each at
//! `tei/<id>.xml` and `data/<id>.json`, and a deflated second copy of them
//! was a tenth of the whole output (issue 22's budget). The archive holds
//! what is nowhere else in the site: the raw documents and the editors'
//! sources.
//!
//! Deterministic: entries sorted by path (the manifest last), every
//! timestamp 1980-01-01 00:00, permissions 0644, deflate; the same edition
//! gives the same bytes. The archive is written with the `zip` crate
//! straight into the staging folder (never held in memory whole); an
//! incremental build rewrites it only when one of its entries changed.
//!
//! Compressing is most of the work (at 10,000 documents 100 MB of raw
//! text), so it runs on every core: runs of [`CHUNK`] entries are
//! compressed in parallel into small archives in memory, a window of them
//! at a time, and merged into the archive in order, their compressed bytes
//! copied as they are (`ZipWriter::merge_archive`). Same entries, same
//! order, same options: the same bytes as writing them one by one.
//!
//! An incremental build passes the previous archive: an entry whose bytes
//! are those of the previous archive's entry of the same path (checked by
//! inflating it and comparing, so a damaged archive is never copied from)
//! and whose options are this build's gets its compressed bytes copied
//! (`raw_copy_file`) instead of compressed again: inflating is several
//! times faster than deflating, and the result is the same bytes.

use std::io::Write as _;
use std::path::Path;

use rayon::prelude::*;

use sha2::{Digest, Sha256};

use crate::base::error::{Error, IoContext, Result};

/// The archive's path in the site.
pub(crate) const FILE: &str = "downloads/edition-data.zip";

/// One entry: its path in the archive and where its bytes come from.
pub(crate) enum Source {
    /// A file of the site being built (written or kept).
    Site(String),
    /// A file of the edition (commentary, registers).
    Edition(std::path::PathBuf),
    /// Bytes made here.
    Bytes(Vec<u8>),
}

pub(crate) struct Entry {
    pub path: String,
    pub source: Source,
}

/// Entries compressed together into one small archive in memory.
const CHUNK: usize = 64;

#[derive(serde::Serialize)]
struct ManifestEntry {
    path: String,
    bytes: u64,
    sha256: String,
}

#[derive(serde::Serialize)]
struct Manifest<'a> {
    edition: &'a str,
    editors: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    generator: &'static str,
    counts: &'a serde_json::Value,
    /// Number of entries besides the manifest.
    files: usize,
    entries: Vec<ManifestEntry>,
}

fn zip_err(path: &Path) -> impl Fn(zip::result::ZipError) -> Error + '_ {
    move |e| Error::Other(format!("{}: cannot write the data archive: {e}", path.display()))
}

/// The options of every entry: deflate, 1980-01-01 00:00, 0644 (what
/// [`copy_unchanged`] checks an old entry against).
fn entry_options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // Level 6 (flate2 on zlib-rs): the default with zopfli in the tree is
        // zopfli, 50x slower. At 10,000 documents level 1 would halve the
        // compressing time (about 3% of a build) for a third more bytes.
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .large_file(false)
}

/// A file read at explicit offsets, so that each thread's clone of a
/// [`zip::ZipArchive`] over it has its own position.
#[derive(Clone)]
struct SharedFile {
    file: std::sync::Arc<std::fs::File>,
    len: u64,
    pos: u64,
}

impl std::io::Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for SharedFile {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let pos = match to {
            std::io::SeekFrom::Start(p) => Some(p),
            std::io::SeekFrom::End(d) => self.len.checked_add_signed(d),
            std::io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before start"))?;
        Ok(self.pos)
    }
}

type Previous = zip::ZipArchive<SharedFile>;

/// The previous archive, when it can be read (anything else: compress all).
fn open_previous(path: &Path) -> Option<Previous> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    zip::ZipArchive::new(SharedFile { file: std::sync::Arc::new(file), len, pos: 0 }).ok()
}

/// Copies the previous archive's entry `name` into `part` when it holds
/// exactly `bytes`, written with this build's options; false when it was
/// not copied (absent, changed, other options, damaged).
fn copy_unchanged(
    prev: &mut Previous,
    name: &str,
    bytes: &[u8],
    part: &mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
) -> bool {
    use std::io::Read as _;
    let Some(i) = prev.index_for_name(name) else { return false };
    {
        let Ok(mut f) = prev.by_index(i) else { return false };
        if f.size() != bytes.len() as u64
            || f.compression() != zip::CompressionMethod::Deflated
            || f.unix_mode().map(|m| m & 0o777) != Some(0o644)
            || f.last_modified() != Some(zip::DateTime::default())
        {
            return false;
        }
        let mut old = Vec::with_capacity(bytes.len());
        if f.read_to_end(&mut old).is_err() || old != bytes {
            return false;
        }
    }
    // Through a one-entry archive: a copy that fails half-way must not
    // leave a broken entry in `part`.
    let mut one = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let copied = prev.by_index_raw(i).and_then(|f| one.raw_copy_file(f)).and_then(|()| one.finish());
    let Ok(one) = copied.and_then(|c| zip::ZipArchive::new(std::io::Cursor::new(c.into_inner()))) else {
        return false;
    };
    part.merge_archive(one).is_ok()
}

/// Writes the archive to `dest`. `read_site` gives the bytes of a file of
/// the site being built; `previous`, the previous build's archive.
pub(crate) fn write(
    dest: &Path,
    mut entries: Vec<Entry>,
    cfg: &crate::load::config::SiteConfig,
    counts: &serde_json::Value,
    previous: Option<&Path>,
    read_site: &(dyn Fn(&str) -> Result<Vec<u8>> + Sync),
) -> Result<()> {
    let previous = previous.and_then(open_previous);
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries.dedup_by(|a, b| a.path == b.path);
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).with_path(dir)?;
    }
    let file = std::fs::File::create(dest).with_path(dest)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = entry_options();
    let mut listed = Vec::with_capacity(entries.len());
    // One run of entries, compressed into a small archive in memory.
    let compress = |run: &[Entry]| -> Result<(Vec<u8>, Vec<ManifestEntry>)> {
        let mut part = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let mut listed = Vec::with_capacity(run.len());
        let mut prev = previous.clone();
        for e in run {
            let bytes = match &e.source {
                Source::Site(rel) => read_site(rel)?,
                Source::Edition(p) => std::fs::read(p).with_path(p)?,
                Source::Bytes(b) => b.clone(),
            };
            let copied = bytes.len() < u32::MAX as usize
                && prev.as_mut().is_some_and(|p| copy_unchanged(p, &e.path, &bytes, &mut part));
            if !copied {
                let opts = if bytes.len() as u64 >= u32::MAX as u64 { options.large_file(true) } else { options };
                part.start_file(e.path.as_str(), opts).map_err(zip_err(dest))?;
                part.write_all(&bytes).with_path(dest)?;
            }
            listed.push(ManifestEntry {
                path: e.path.clone(),
                bytes: bytes.len() as u64,
                sha256: hex(&Sha256::digest(&bytes)),
            });
        }
        Ok((part.finish().map_err(zip_err(dest))?.into_inner(), listed))
    };
    // A window of runs at a time: memory holds a few compressed runs per
    // core, never the archive.
    let window = CHUNK * 4 * rayon::current_num_threads().max(1);
    for group in entries.chunks(window) {
        let parts: Vec<Result<(Vec<u8>, Vec<ManifestEntry>)>> = group.par_chunks(CHUNK).map(compress).collect();
        for part in parts {
            let (bytes, part_listed) = part?;
            let part = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(zip_err(dest))?;
            zip.merge_archive(part).map_err(zip_err(dest))?;
            listed.extend(part_listed);
        }
    }
    let manifest = Manifest {
        edition: &cfg.title,
        editors: &cfg.editors,
        url: cfg.base_url.as_deref(),
        license: cfg.license.as_deref(),
        generator: "Folio",
        counts,
        files: listed.len(),
        entries: listed,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Other(e.to_string()))?;
    zip.start_file("manifest.json", options).map_err(zip_err(dest))?;
    zip.write_all(&json).with_path(dest)?;
    let mut w = zip.finish().map_err(zip_err(dest))?;
    w.flush().with_path(dest)?;
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The README of the archive.
pub(crate) fn readme(cfg: &crate::load::config::SiteConfig) -> String {
    let mut s = format!("{}\n{}\n\n", cfg.title, "=".repeat(cfg.title.chars().count().min(80)));
    if !cfg.editors.is_empty() {
        s.push_str(&format!("Edited by {}.\n", cfg.editors.join(", ")));
    }
    if let Some(u) = &cfg.base_url {
        s.push_str(&format!("Published at {u}\n"));
    }
    s.push_str(
        "\nThe data of this digital edition, as built by Folio.\n\n\
raw/          every document exactly as received (never edited)\n\
commentary/   the editors' commentary (Markdown with TOML front matter)\n\
registers/    persons, places, organizations and topics: the TOML as written, and as TEI and JSON\n\
data/         document.schema.json: the JSON Schema of each document's JSON\n\
citations/    the whole edition as BibTeX, RIS and CSL-JSON\n\
LICENSE.txt   the licence\n\
manifest.json counts, and the size and SHA-256 checksum of every other file (the last entry)\n\
\n\
Each document's TEI P5 XML (valid against tei_all) and JSON are published\n\
beside its page, not in this archive: tei/<id>.xml and data/<id>.json in\n\
the edition's site.\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive with two entries, written as `write` writes them.
    fn two_entries(path: &Path, a: &[u8], b: &[u8]) {
        let options = entry_options();
        let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for (name, bytes) in [("raw/a.txt", a), ("raw/b.txt", b)] {
            z.start_file(name, options).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }

    #[test]
    fn unchanged_entries_are_copied_changed_or_damaged_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prev.zip");
        let a = "UNCLASSIFIED\nTHE TEXT OF A TELEGRAM, SOME LINES LONG.\n".repeat(40);
        two_entries(&path, a.as_bytes(), b"second");
        let mut prev = open_previous(&path).expect("readable");
        let mut part = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        assert!(copy_unchanged(&mut prev, "raw/a.txt", a.as_bytes(), &mut part), "same bytes: copied");
        assert!(!copy_unchanged(&mut prev, "raw/b.txt", b"changed", &mut part), "other bytes");
        assert!(!copy_unchanged(&mut prev, "raw/c.txt", b"second", &mut part), "no such entry");
        let copied = zip::ZipArchive::new(part.finish().unwrap()).unwrap();
        assert_eq!(copied.len(), 1);

        // Damage a's compressed data: it inflates to other bytes (or not at
        // all) and is compressed again, never copied.
        let mut bytes = std::fs::read(&path).unwrap();
        let at = 30 + "raw/a.txt".len() + 4;
        bytes[at] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let mut prev = open_previous(&path).expect("the directory is intact");
        let mut part = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        assert!(!copy_unchanged(&mut prev, "raw/a.txt", a.as_bytes(), &mut part));
        assert!(open_previous(&dir.path().join("none.zip")).is_none());
    }

    #[test]
    fn checksums_are_lowercase_hex() {
        assert_eq!(hex(&Sha256::digest(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
