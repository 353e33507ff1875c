//! Reading an edition's own files (site.toml, strings.toml, registers,
//! essays) bounded (issue 21, class 2): a file over its limit is refused by
//! name, unread, with the way out; a pipe, socket or device named like one
//! (a `persons.toml` linked to /dev/zero) is refused before it is opened, so
//! a build never blocks on it or reads until memory runs out; and at most
//! the limit is ever read, even from a file that grows or lies about its
//! size.

use std::io::Read as _;
use std::path::Path;

use crate::base::error::Diagnostic;

/// How big a file may be, and how to let a bigger one in.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Limit {
    /// `[build] max_document_mb` of site.toml, in bytes.
    Setting(u64),
    /// A fixed limit in bytes, for the file that holds the settings.
    Fixed(u64),
}

impl Limit {
    fn bytes(self) -> u64 {
        match self {
            Limit::Setting(b) | Limit::Fixed(b) => b,
        }
    }
}

/// "1.5 MB".
fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The error for a file of `len` bytes over `limit`.
pub(crate) fn too_large(path: &Path, len: u64, limit: Limit) -> Diagnostic {
    let d = Diagnostic::error(
        path,
        0,
        format!("{} ({len} bytes): larger than the limit of {} for one file", mb(len), mb(limit.bytes())),
    );
    match limit {
        Limit::Setting(_) => d.hint(format!(
            "split the file, or raise the limit in site.toml: [build] max_document_mb = {} \
             (it applies to every raw document, commentary, essay, register and strings file)",
            len.div_ceil(1_000_000)
        )),
        Limit::Fixed(_) => d.hint(
            "this file holds settings only, a few lines: is it the right file? Replace it with the edition's own (`folio new DIR` writes an example)",
        ),
    }
}

/// The error for a path that is not a regular file.
pub(crate) fn not_a_file(path: &Path) -> Diagnostic {
    Diagnostic::error(path, 0, "not a regular file (a pipe, socket or device): not read")
        .hint("replace it with a text file (Folio reads only regular files: one that never ends would stop the build)")
}

/// Reads a file of the edition whole, as text, within `limit`. Errors are
/// located at the file (0: no line), with a hint; an absent file is an
/// `Err(None)`, for callers to whom that is no error.
pub(crate) fn text(path: &Path, limit: Limit) -> Result<String, Option<Diagnostic>> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(None),
        Err(e) => return Err(Some(Diagnostic::error(path, 0, format!("cannot read: {e}")))),
    };
    if !meta.is_file() {
        return Err(Some(if meta.is_dir() {
            Diagnostic::error(path, 0, "a folder, not a file").hint("rename the folder; Folio reads a text file here")
        } else {
            not_a_file(path)
        }));
    }
    if meta.len() > limit.bytes() {
        return Err(Some(too_large(path, meta.len(), limit)));
    }
    let bytes = bounded(path, meta.len(), limit)?;
    String::from_utf8(bytes).map_err(|_| {
        Some(
            Diagnostic::error(path, 0, "cannot read: stream did not contain valid UTF-8")
                .hint("save the file as UTF-8 (Folio reads its own files in UTF-8 only)"),
        )
    })
}

/// Reads at most `limit` bytes of a regular file listed at `listed` bytes:
/// a file that has grown past the limit since it was listed (a log still
/// being written, a download in progress) is refused by name, never read
/// whole.
fn bounded(path: &Path, listed: u64, limit: Limit) -> Result<Vec<u8>, Option<Diagnostic>> {
    let cannot = |e: std::io::Error| Some(Diagnostic::error(path, 0, format!("cannot read: {e}")));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::with_capacity(listed.min(limit.bytes()) as usize);
    file.take(limit.bytes().saturating_add(1)).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > limit.bytes() {
        // Name the size the file has now, not the limit and one byte read.
        let now = std::fs::metadata(path).map_or(0, |m| m.len()).max(bytes.len() as u64);
        return Err(Some(too_large(path, now, limit)));
    }
    Ok(bytes)
}

/// Reads a raw document or commentary file, already listed as a regular
/// file within `limit`, as bytes (they are decoded by the parser), reading
/// at most the limit.
pub(crate) fn document_bytes(path: &Path, limit: Limit) -> Result<Vec<u8>, Diagnostic> {
    let listed = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    bounded(path, listed, limit).map_err(|d| d.unwrap_or_else(|| Diagnostic::error(path, 0, "cannot read")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_devices_and_encodings_are_located_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("persons.toml");
        std::fs::write(&f, "x = 1\n").unwrap();
        assert_eq!(text(&f, Limit::Setting(100)).unwrap(), "x = 1\n");
        let e = text(&f, Limit::Setting(3)).unwrap_err().unwrap().to_string();
        assert!(e.contains("persons.toml: error: 0.0 MB (6 bytes): larger than the limit of 0.0 MB"), "{e}");
        assert!(e.contains("[build] max_document_mb = 1"), "{e}");
        assert!(text(&tmp.path().join("absent.toml"), Limit::Fixed(9)).unwrap_err().is_none());
        assert!(text(tmp.path(), Limit::Fixed(9)).unwrap_err().unwrap().to_string().contains("a folder"));
        std::fs::write(&f, b"\xff\xfe").unwrap();
        assert!(text(&f, Limit::Fixed(9)).unwrap_err().unwrap().to_string().contains("valid UTF-8"));
        // A document that grew past the limit after it was listed.
        std::fs::write(&f, vec![b'a'; 50]).unwrap();
        let e = document_bytes(&f, Limit::Setting(10)).unwrap_err().to_string();
        assert!(e.contains("(50 bytes): larger than the limit"), "the size it has now: {e}");
        assert_eq!(document_bytes(&f, Limit::Setting(50)).unwrap().len(), 50);
        #[cfg(unix)]
        {
            let start = std::time::Instant::now();
            let e = text(Path::new("/dev/zero"), Limit::Fixed(9)).unwrap_err().unwrap().to_string();
            assert!(e.contains("not a regular file"), "{e}");
            assert!(start.elapsed().as_secs() < 5);
        }
    }
}
