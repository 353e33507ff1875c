//! A scratch file for what a streaming build must keep between its two
//! passes but not in memory: each document's rendered page (finished once
//! the whole edition is known), its concordance rows and its search entry.
//!
//! The file is anonymous (deleted when the build ends, even on a crash),
//! or, for a build that keeps a cache ([`crate::build::cache`]), a named file in
//! the cache folder that the next build appends to. It is created beside
//! the output so it lives on the same file system, written
//! with positioned writes from any thread (a writer reserves its range with
//! one atomic add) and read back by range. On tmpfs it is memory, but not
//! the process's: the build's own memory stays bounded by its indexes.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::base::error::{Error, Result};

/// A range of the spill file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub offset: u64,
    pub len: u32,
}

impl Span {
    /// The part of this span from `from` (relative) for `len` bytes.
    pub fn sub(self, from: u32, len: u32) -> Span {
        Span { offset: self.offset + from as u64, len }
    }
}

pub(crate) struct Spill {
    file: File,
    end: AtomicU64,
}

impl Spill {
    /// A new, empty spill file in `dir`.
    pub(crate) fn new(dir: &Path) -> Result<Spill> {
        let file = tempfile::tempfile_in(dir)
            .map_err(|e| Error::Other(format!("{}: cannot create a scratch file: {e}", dir.display())))?;
        Ok(Spill { file, end: AtomicU64::new(0) })
    }

    /// A new, empty spill file at `path` (replacing any file there), kept
    /// when the build ends.
    pub(crate) fn create(path: &Path) -> Result<Spill> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        Ok(Spill { file, end: AtomicU64::new(0) })
    }

    /// The spill file at `path`, opened to append to: spans of earlier
    /// builds stay readable.
    pub(crate) fn append(path: &Path) -> Result<Spill> {
        let file = std::fs::OpenOptions::new().read(true).write(true).open(path).map_err(|e| Error::io(path, e))?;
        let end = file.metadata().map_err(|e| Error::io(path, e))?.len();
        Ok(Spill { file, end: AtomicU64::new(end) })
    }

    /// Appends `data`; returns where it went.
    pub(crate) fn put(&self, data: &[u8]) -> Result<Span> {
        let len = u32::try_from(data.len()).map_err(|_| Error::Other("scratch record over 4 GB".into()))?;
        let offset = self.end.fetch_add(data.len() as u64, Ordering::Relaxed);
        write_at(&self.file, data, offset).map_err(|e| Error::Other(format!("cannot write the scratch file: {e}")))?;
        Ok(Span { offset, len })
    }

    /// Appends `parts` one after the other, as one span: what `put` of
    /// their concatenation would write, without making it.
    pub(crate) fn put_parts(&self, parts: &[&[u8]]) -> Result<Span> {
        let total: usize = parts.iter().map(|p| p.len()).sum();
        let len = u32::try_from(total).map_err(|_| Error::Other("scratch record over 4 GB".into()))?;
        let offset = self.end.fetch_add(total as u64, Ordering::Relaxed);
        let mut at = offset;
        for p in parts {
            write_at(&self.file, p, at).map_err(|e| Error::Other(format!("cannot write the scratch file: {e}")))?;
            at += p.len() as u64;
        }
        Ok(Span { offset, len })
    }

    /// Reads a span back.
    pub(crate) fn get(&self, span: Span) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; span.len as usize];
        read_at(&self.file, &mut buf, span.offset)
            .map_err(|e| Error::Other(format!("cannot read the scratch file: {e}")))?;
        Ok(buf)
    }

    /// Reads a span back as text (it was written from a `&str`).
    pub(crate) fn get_string(&self, span: Span) -> Result<String> {
        String::from_utf8(self.get(span)?).map_err(|_| Error::Other("scratch file: text is not UTF-8".into()))
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> u64 {
        self.end.load(Ordering::Relaxed)
    }
}

#[cfg(unix)]
fn write_at(f: &File, data: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, data, offset)
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

#[cfg(windows)]
fn write_at(f: &File, mut data: &[u8], mut offset: u64) -> std::io::Result<()> {
    while !data.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(f, data, offset)?;
        data = &data[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(f: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(f, buf, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn puts_from_many_threads_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let s = Spill::new(dir.path()).unwrap();
        let spans: Vec<(usize, Span)> =
            (0..500).into_par_iter().map(|i| (i, s.put(format!("record {i};").as_bytes()).unwrap())).collect();
        for (i, span) in spans {
            assert_eq!(s.get_string(span).unwrap(), format!("record {i};"));
        }
        let span = s.put(b"abcdef").unwrap();
        assert_eq!(s.get(span.sub(2, 3)).unwrap(), b"cde");
        // Nothing is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
