//! Which folder a build may replace (issue 21): only a folder Folio made
//! itself (it holds [`MARKER`]), an empty one or none, never the edition,
//! its sources, a folder above them or the current folder. Checked before
//! any work, so a refused build writes nothing anywhere.

use std::path::{Component, Path, PathBuf};

use crate::base::error::{Error, Result};

/// The file every output folder holds: the proof that Folio made it and may
/// replace it.
pub(crate) const MARKER: &str = ".folio-output";

/// What the marker says to whoever opens it.
pub(crate) const MARKER_TEXT: &str = "This folder was made by `folio build`, which replaces it whole on every build.\nDo not keep files of your own in it: they would be deleted.\n";

/// The files and folders of an edition that no output may be, hold or lie in.
const SOURCES: [&str; 4] = ["site.toml", "content", "templates", "theme"];

/// How many entries `--force` looks through for edition files before it
/// gives up and refuses.
const FORCE_WALK_LIMIT: usize = 200_000;

/// Checks that a build of the edition at `root` may replace `output`
/// (`force`: also a folder of the user's without edition files) and returns
/// the output as an absolute path with symbolic links resolved.
pub(crate) fn check_output(root: &Path, output: &Path, force: bool) -> Result<PathBuf> {
    let shown = output.display().to_string();
    let cwd = std::env::current_dir().map_err(|e| Error::Other(format!("cannot read the current folder: {e}")))?;
    let dest = resolve(&cwd, output, &shown)?;
    let name = if Path::new(&shown) == dest { format!("`{shown}`") } else { format!("`{shown}` ({})", dest.display()) };
    let refuse =
        |what: &str, help: &str| Error::Other(format!("refusing to build into {name}: it {what}\n  = help: {help}"));
    const ELSEWHERE: &str = "build into a folder of its own: a new or empty one, e.g. `-o public` (the default) or `-o ../site`; --force cannot override this";
    if dest.parent().is_none() || dest.file_name().is_none() {
        return Err(refuse("is the root of the file system", ELSEWHERE));
    }
    let root_abs = resolve(&cwd, root, &root.display().to_string()).unwrap_or_else(|_| lexical(&cwd.join(root)));
    if dest == root_abs {
        return Err(refuse(
            "is the edition's own folder: building there would delete site.toml, content/ and everything else in it",
            ELSEWHERE,
        ));
    }
    if root_abs.starts_with(&dest) {
        return Err(refuse(
            &format!("holds the edition {}: building there would delete it", root_abs.display()),
            ELSEWHERE,
        ));
    }
    for source in SOURCES {
        let lexical_source = root_abs.join(source);
        let real = std::fs::canonicalize(&lexical_source).unwrap_or(lexical_source.clone());
        for s in [&lexical_source, &real] {
            if dest.starts_with(s) || s.starts_with(&dest) {
                return Err(refuse(
                    &format!("is or holds the edition's `{source}`: the build reads it, so it cannot write there"),
                    ELSEWHERE,
                ));
            }
        }
    }
    if let Ok(here) = std::fs::canonicalize(&cwd) {
        if here.starts_with(&dest) {
            return Err(refuse(
                "is the current folder or a folder above it: replacing it would pull the ground from under the shell",
                ELSEWHERE,
            ));
        }
    }
    let meta = match std::fs::symlink_metadata(&dest) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(dest),
        Err(e) => return Err(Error::Other(format!("cannot read {name}: {e}"))),
    };
    if !meta.is_dir() {
        return Err(refuse(
            "exists and is not a folder",
            "give -o a folder: a new or empty one, or one an earlier `folio build` made; --force cannot override this",
        ));
    }
    if dest.join(MARKER).is_file() {
        return Ok(dest);
    }
    let mut entries = std::fs::read_dir(&dest).map_err(|e| Error::Other(format!("cannot read {name}: {e}")))?;
    if entries.next().is_none() {
        return Ok(dest);
    }
    if !force {
        return Err(refuse(
            &format!("is not empty and was not made by Folio (it has no {MARKER} file); building there would delete every file in it"),
            &format!(
                "build into a new or empty folder with -o, or move the files you want to keep out of {shown}; if nothing in it is yours to keep, `--force` replaces it (not if it holds edition files)"
            ),
        ));
    }
    let mut seen = 0usize;
    for entry in walkdir::WalkDir::new(&dest).min_depth(1) {
        seen += 1;
        if seen > FORCE_WALK_LIMIT {
            return Err(refuse(
                &format!("holds more than {FORCE_WALK_LIMIT} files and folders, too many to check for edition files"),
                "build into a new or empty folder with -o",
            ));
        }
        let entry = entry.map_err(|e| {
            Error::Other(format!("refusing to build into {name}: cannot look through it ({e}), so cannot tell whether it holds edition files"))
        })?;
        if entry.file_name() == "site.toml" {
            return Err(refuse(
                &format!("holds edition files ({}): --force replaces only folders without any", entry.path().display()),
                "build into a new or empty folder with -o, or move the edition out of it first",
            ));
        }
    }
    Ok(dest)
}

/// `path` (relative to `cwd`) as an absolute path, symbolic links resolved
/// along the part that exists, `.` and `..` applied.
fn resolve(cwd: &Path, path: &Path, shown: &str) -> Result<PathBuf> {
    let mut out = PathBuf::new();
    let joined = if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) };
    let mut exists = true;
    for c in joined.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                if exists {
                    if let Ok(m) = std::fs::metadata(&out) {
                        if !m.is_dir() {
                            return Err(Error::Other(format!(
                                "refusing to build into `{shown}`: {} is a file, not a folder\n  = help: give -o a folder: a new or empty one, or one an earlier `folio build` made",
                                out.display()
                            )));
                        }
                    }
                }
                out.push(name);
                if exists {
                    match std::fs::symlink_metadata(&out) {
                        Ok(m) if m.file_type().is_symlink() => {
                            out = std::fs::canonicalize(&out).map_err(|e| {
                                Error::Other(format!(
                                    "refusing to build into `{shown}`: {} is a symbolic link that leads nowhere ({e})\n  = help: remove the link or give -o another folder",
                                    out.display()
                                ))
                            })?;
                        }
                        Ok(_) => {}
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Ok(out)
}

/// `.` and `..` applied to an absolute path without looking at the disk.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// The lock a build holds on its output folder, so that a second build
/// into the same folder refuses instead of mixing its files with the
/// first's. A lock file beside the output (`.<name>.folio-lock`), locked
/// with the operating system's advisory lock (released even when the
/// process is killed) and removed when the build ends.
pub(crate) struct BuildLock {
    path: PathBuf,
    _file: std::fs::File,
    /// Folders made to hold the output (its missing parents), removed
    /// again, if still empty, when the build fails.
    created: Vec<PathBuf>,
    done: bool,
}

impl BuildLock {
    /// Locks the output `dest` (an absolute path from [`check_output`]).
    pub(crate) fn take(dest: &Path) -> Result<BuildLock> {
        let path = beside(dest, "folio-lock");
        let mut created = Vec::new();
        if let Some(dir) = path.parent() {
            let mut missing = dir;
            while !missing.exists() {
                created.push(missing.to_path_buf());
                match missing.parent() {
                    Some(p) => missing = p,
                    None => break,
                }
            }
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut file = open_lock_file(&path)?;
        loop {
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Other(format!(
                        "another build is running into {}\n  = help: wait for it to finish, then build again (the lock is {})",
                        dest.display(),
                        path.display()
                    )))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
            // A build that just finished removed the file it locked: lock
            // the new one instead.
            if same_file(&file, &path) {
                return Ok(BuildLock { path, _file: file, created, done: false });
            }
            file = open_lock_file(&path)?;
        }
    }

    /// The build succeeded: the folders it made stay.
    pub(crate) fn done(mut self) {
        self.done = true;
    }
}

fn open_lock_file(path: &Path) -> Result<std::fs::File> {
    std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path).map_err(|e| Error::io(path, e))
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the file handle.
        let _ = std::fs::remove_file(&self.path);
        if !self.done {
            for dir in &self.created {
                // Only an empty folder: never anything with files in it.
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, path: &Path) -> bool {
    path.exists()
}

/// `.<name>.<what>` beside the folder `dest`.
pub(crate) fn beside(dest: &Path, what: &str) -> PathBuf {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.join(format!(".{name}.{what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_output_is_refused_and_the_file_goes() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let first = BuildLock::take(&dest).unwrap();
        let err = BuildLock::take(&dest).err().unwrap().to_string();
        assert!(err.contains("another build is running"), "{err}");
        drop(first);
        assert!(!beside(&dest, "folio-lock").exists());
        let again = BuildLock::take(&dest).unwrap();
        drop(again);
    }

    #[test]
    fn resolve_applies_dots_and_links() {
        let tmp = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir_all(base.join("a/b")).unwrap();
        assert_eq!(resolve(&base, Path::new("a/./b/../c"), "x").unwrap(), base.join("a/c"));
        assert_eq!(resolve(&base, Path::new("/"), "x").unwrap(), PathBuf::from("/"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("a/b"), base.join("l")).unwrap();
            assert_eq!(resolve(&base, Path::new("l/new"), "x").unwrap(), base.join("a/b/new"));
            assert_eq!(resolve(&base, Path::new("l/.."), "x").unwrap(), base.join("a"));
        }
    }
}
