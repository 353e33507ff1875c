//! Stage 6, write: every output file goes through [`Output::write`], the one
//! place for path validation, minification and determinism.
//!
//! Files are written into a staging folder beside the destination; only when
//! the whole build succeeded is it swapped into place ([`Output::commit`]),
//! so a failed build leaves the previous site untouched.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::error::{Error, IoContext, Result};

/// Writes the site into a staging folder, then swaps it into place.
pub struct Output {
    dest: PathBuf,
    staging: PathBuf,
    minify: bool,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl Output {
    /// Prepares a fresh staging folder for `dest`.
    pub fn new(dest: &Path, minify: bool) -> Result<Output> {
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
        Ok(Output { dest: dest.to_path_buf(), staging, minify, files: AtomicUsize::new(0), bytes: AtomicU64::new(0) })
    }

    /// Writes one file. `rel` is a path inside the site such as
    /// `persons/kapitsa.html`; anything that could leave the folder is refused.
    pub fn write(&self, rel: &str, content: &[u8]) -> Result<()> {
        let path = self.staging.join(safe_relative(rel)?);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_path(dir)?;
        }
        std::fs::write(&path, content).with_path(&path)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(content.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Whether the site is minified (its templates are: see
    /// [`crate::render::Renderer::new`]).
    pub fn minify(&self) -> bool {
        self.minify
    }

    /// Files and bytes written so far.
    pub fn stats(&self) -> (usize, u64) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// The staging folder (for checks before the swap).
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staged site into place.
    pub fn commit(self) -> Result<()> {
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
        Ok(())
    }

    /// Removes the staging folder after a failed build.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Checks that `rel` stays inside the output folder.
pub fn safe_relative(rel: &str) -> Result<PathBuf> {
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
