//! Stage 6, write: every output file goes through [`Output::write`], the one
//! place for path validation, minification and determinism.
//!
//! Files are written into a staging folder beside the destination; only when
//! the whole build succeeded is it put into place ([`Output::commit`]), so a
//! failed build leaves the previous site untouched. An incremental build
//! stages only the files that changed ([`Output::write_keyed`]).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::base::error::{Error, IoContext, Result};
use crate::base::keys::{key_of, FileEntry};

/// The files of a site: path → key.
pub(crate) type Manifest = HashMap<String, FileEntry>;

/// Writes the site into a staging folder, then puts it into place.
///
/// A full build stages every file and swaps the staging folder in whole. An
/// incremental build ([`Output::patching`]) knows the key of every file in
/// the output folder (the previous build's manifest): it stages only files
/// whose key changed and, at [`Output::commit`], moves them in one by one
/// and removes the files this build no longer makes.
pub(crate) struct Output {
    dest: PathBuf,
    staging: PathBuf,
    minify: bool,
    /// The previous build's manifest, when patching.
    previous: Option<Manifest>,
    /// Every file of this build, written or kept.
    current: Mutex<Manifest>,
    files: AtomicUsize,
    bytes: AtomicU64,
    written: AtomicUsize,
}

impl Output {
    /// Prepares a fresh staging folder for `dest` (a full build).
    pub(crate) fn new(dest: &Path, minify: bool) -> Result<Output> {
        Output::prepare(dest, minify, None)
    }

    /// Prepares an incremental build of `dest`, whose files are those of
    /// `previous`.
    pub(crate) fn patching(dest: &Path, minify: bool, previous: Manifest) -> Result<Output> {
        Output::prepare(dest, minify, Some(previous))
    }

    fn prepare(dest: &Path, minify: bool, previous: Option<Manifest>) -> Result<Output> {
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).with_path(&parent)?;
        let staging = parent.join(format!(".{name}.folio-staging"));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).with_path(&staging)?;
        }
        std::fs::create_dir_all(&staging).with_path(&staging)?;
        let current = HashMap::with_capacity(previous.as_ref().map_or(0, HashMap::len));
        Ok(Output {
            dest: dest.to_path_buf(),
            staging,
            minify,
            previous,
            current: Mutex::new(current),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            written: AtomicUsize::new(0),
        })
    }

    /// Whether this build patches the previous output.
    pub(crate) fn is_patching(&self) -> bool {
        self.previous.is_some()
    }

    /// Writes one file. `rel` is a path inside the site such as
    /// `persons/kapitsa.html`; anything that could leave the folder is
    /// refused. An incremental build leaves a file with the same bytes alone.
    pub(crate) fn write(&self, rel: &str, content: &[u8]) -> Result<()> {
        self.write_keyed(rel, key_of(content), || Ok(content.to_vec()))
    }

    /// Writes the file `make` makes, unless the output already holds the
    /// file made with the same `key`: the key must hash everything the
    /// content depends on besides what every build has in common (the
    /// cache's global key).
    pub(crate) fn write_keyed(&self, rel: &str, key: u64, make: impl FnOnce() -> Result<Vec<u8>>) -> Result<()> {
        let rel_path = safe_relative(rel)?;
        if let Some(prev) = self.previous.as_ref().and_then(|p| p.get(rel)).filter(|p| p.key == key) {
            self.record(rel, *prev);
            return Ok(());
        }
        let mut content = make()?;
        // The last guard of issue 21 (class 3): whatever text reached a
        // page or an export (a TOML escape "\u0000" in a title, an essay
        // read as is), no raw control character is published. The raw
        // texts (raw/*.txt) stay the documents as received.
        if [".html", ".xml", ".svg"].iter().any(|x| rel.ends_with(x)) {
            if let std::borrow::Cow::Owned(clean) = crate::base::text::without_controls(&content) {
                content = clean;
            }
        }
        let path = self.staging.join(rel_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_path(dir)?;
        }
        std::fs::write(&path, &content).with_path(&path)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        self.record(rel, FileEntry { key, size: content.len() as u64 });
        Ok(())
    }

    /// Keeps every file of `files` (path and key) as the previous output
    /// has it, if it has them all; returns whether it did.
    pub(crate) fn keep_all(&self, files: &[(String, u64)]) -> bool {
        let Some(previous) = &self.previous else { return false };
        if !files.iter().all(|(rel, key)| previous.get(rel).is_some_and(|p| p.key == *key)) {
            return false;
        }
        for (rel, key) in files {
            self.record(rel, FileEntry { key: *key, size: previous[rel].size });
        }
        true
    }

    /// Keeps every file of the previous output whose path `which` accepts;
    /// returns whether there was any.
    pub(crate) fn keep_where(&self, which: impl Fn(&str) -> bool) -> bool {
        let Some(previous) = &self.previous else { return false };
        let mut any = false;
        for (rel, entry) in previous.iter().filter(|(rel, _)| which(rel)) {
            self.record(rel, *entry);
            any = true;
        }
        any
    }

    fn record(&self, rel: &str, entry: FileEntry) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(entry.size, Ordering::Relaxed);
        self.current.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), entry);
    }

    /// Whether the site is minified (its templates are: see
    /// [`crate::render::templates::Renderer::new`]).
    pub(crate) fn minify(&self) -> bool {
        self.minify
    }

    /// Files and bytes of the site so far (written or kept).
    pub(crate) fn stats(&self) -> (usize, u64) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Files written by this build (the others were kept).
    pub(crate) fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Like [`Output::write_keyed`], for a file `make` writes itself at the
    /// path it is given (a file too large to hold in memory).
    pub(crate) fn write_keyed_with(&self, rel: &str, key: u64, make: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        let rel_path = safe_relative(rel)?;
        if let Some(prev) = self.previous.as_ref().and_then(|p| p.get(rel)).filter(|p| p.key == key) {
            self.record(rel, *prev);
            return Ok(());
        }
        let path = self.staging.join(rel_path);
        make(&path)?;
        let size = std::fs::metadata(&path).with_path(&path)?.len();
        self.written.fetch_add(1, Ordering::Relaxed);
        self.record(rel, FileEntry { key, size });
        Ok(())
    }

    /// The bytes of a file of this build: as staged, or as the previous
    /// output has it when this build kept it.
    pub(crate) fn read(&self, rel: &str) -> Result<Vec<u8>> {
        let rel_path = safe_relative(rel)?;
        let staged = self.staging.join(&rel_path);
        if staged.is_file() {
            return std::fs::read(&staged).with_path(&staged);
        }
        let kept = self.dest.join(&rel_path);
        std::fs::read(&kept).with_path(&kept)
    }

    /// Where the previous output has `rel`, when this is an incremental
    /// build and the previous build made it: a file to reuse work from
    /// (read only; it is replaced at [`Output::commit`]).
    pub(crate) fn previous_file(&self, rel: &str) -> Option<PathBuf> {
        let rel_path = safe_relative(rel).ok()?;
        self.previous.as_ref().filter(|p| p.contains_key(rel)).map(|_| self.dest.join(rel_path))
    }

    /// The key of a file of this build, if it has it.
    pub(crate) fn key_of(&self, rel: &str) -> Option<u64> {
        self.current.lock().unwrap_or_else(|e| e.into_inner()).get(rel).map(|e| e.key)
    }

    /// Every file of this build so far (written or kept), sorted.
    pub(crate) fn paths(&self) -> Vec<String> {
        let mut v: Vec<String> = self.current.lock().unwrap_or_else(|e| e.into_inner()).keys().cloned().collect();
        v.sort_unstable();
        v
    }

    /// The staging folder (for checks before the swap).
    pub(crate) fn staging(&self) -> &Path {
        &self.staging
    }

    /// Puts the staged site into place and returns its manifest: a full
    /// build swaps the folders; an incremental one moves the changed files
    /// in and removes those the site no longer has.
    pub(crate) fn commit(self) -> Result<Manifest> {
        let files = self.current.into_inner().unwrap_or_else(|e| e.into_inner());
        let Some(previous) = self.previous else {
            let old = self.staging.with_file_name(format!(
                ".{}.folio-old",
                self.dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ));
            if old.exists() {
                std::fs::remove_dir_all(&old).with_path(&old)?;
            }
            if self.dest.exists() {
                if !self.dest.is_dir() {
                    return Err(Error::Other(format!("{} exists and is not a folder", self.dest.display())));
                }
                std::fs::rename(&self.dest, &old).with_path(&self.dest)?;
            }
            if let Err(e) = std::fs::rename(&self.staging, &self.dest) {
                // Put the previous site back.
                let _ = std::fs::rename(&old, &self.dest);
                return Err(Error::io(&self.dest, e));
            }
            if old.exists() {
                std::fs::remove_dir_all(&old).with_path(&old)?;
            }
            return Ok(files);
        };
        let mut staged: Vec<&String> =
            files.iter().filter(|(rel, e)| previous.get(*rel) != Some(*e)).map(|(rel, _)| rel).collect();
        staged.sort();
        for rel in staged {
            let (from, to) = (self.staging.join(rel), self.dest.join(rel));
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).with_path(dir)?;
            }
            std::fs::rename(&from, &to).with_path(&to)?;
        }
        let mut stale: Vec<&String> = previous.keys().filter(|rel| !files.contains_key(*rel)).collect();
        stale.sort();
        for rel in stale {
            let path = self.dest.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&path, e)),
            }
            // A folder left empty would not be in a clean build.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.dest.as_path()) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        std::fs::remove_dir_all(&self.staging).with_path(&self.staging)?;
        Ok(files)
    }

    /// Removes the staging folder after a failed build.
    pub(crate) fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Checks that `rel` stays inside the output folder.
pub(crate) fn safe_relative(rel: &str) -> Result<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !rel.contains('\\')
        && !rel.contains('\0');
    if ok {
        Ok(p.to_path_buf())
    } else {
        Err(Error::Other(format!("refusing to write `{rel}`: outside the output folder")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside() {
        assert!(safe_relative("persons/a.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\b"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn commit_swaps_and_abandon_keeps_previous() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let o = Output::new(&dest, false).unwrap();
        o.write("index.html", b"one").unwrap();
        o.commit().unwrap();
        let o = Output::new(&dest, false).unwrap();
        o.write("index.html", b"two").unwrap();
        o.abandon();
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
