//! The output folder never costs a user a file (issue 21, class 1).
//!
//! `folio build -o DIR` replaces DIR whole, so it must only ever replace a
//! folder Folio made itself (it holds the marker `.folio-output`), an empty
//! folder or one that does not exist. Anything else is refused before any
//! work, with an error naming the path and the way out; `--force` replaces a
//! folder that holds no edition files, but never the edition, its sources or
//! a folder above them. Every test snapshots the whole temp tree (every file,
//! byte for byte) before the refused build and compares after it, so a
//! refusal that still deleted, changed or left anything fails.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_edition, demo};

const MARKER: &str = ".folio-output";

fn folio(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_folio")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file and folder under `dir` (relative), files with their bytes,
/// folders and symlinks with a tag: the state a refused build must leave.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            let t = e.file_type();
            let bytes = if t.is_file() {
                std::fs::read(e.path()).unwrap()
            } else if t.is_symlink() {
                format!("<symlink to {}>", std::fs::read_link(e.path()).unwrap().display()).into_bytes()
            } else {
                b"<folder>".to_vec()
            };
            (rel, bytes)
        })
        .collect()
}

/// A temp folder holding a copy of the demo edition in `ed/` and a folder of
/// the user's, `Documents/`, with files of their own (one in a subfolder).
fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    std::fs::write(root.join("notes-to-self.txt"), "my own notes, not the edition's\n").unwrap();
    let docs = tmp.path().join("Documents");
    std::fs::create_dir_all(docs.join("letters")).unwrap();
    std::fs::write(docs.join("thesis.odt"), b"PK\x03\x04 not really a thesis").unwrap();
    std::fs::write(docs.join("letters/1978-10-02.txt"), "Dear colleague,\n").unwrap();
    (tmp, root)
}

/// Runs `folio` with `args` in `cwd` and asserts that it was refused
/// cleanly: non-zero exit, no panic, an error naming `named` (a path as
/// printed) and saying the way out, and every file under `watch` exactly as
/// it was, with no staging, cache or lock folder left behind.
fn assert_refused(args: &[&str], cwd: &Path, watch: &Path, named: &str) -> String {
    let before = tree(watch);
    let out = folio(args, cwd);
    let err = stderr(&out);
    assert!(!out.status.success(), "folio {args:?} succeeded:\n{err}");
    assert!(!err.contains("panicked"), "folio {args:?} panicked:\n{err}");
    assert!(err.contains(named), "folio {args:?}: the error does not name {named}:\n{err}");
    assert!(err.contains("help:") || err.contains("--force") || err.contains("-o "), "no way out in:\n{err}");
    let after = tree(watch);
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(changed.is_empty(), "folio {args:?} changed, removed or added {changed:?}\n{err}");
    err
}

fn assert_built(out: &std::process::Output, site: &Path) {
    assert!(out.status.success(), "{}", stderr(out));
    assert!(site.join("index.html").is_file(), "no index.html in {}", site.display());
    assert!(site.join(MARKER).is_file(), "no {MARKER} in {}", site.display());
}

#[test]
fn default_output_builds_carries_the_marker_and_is_replaced_again() {
    let (_tmp, root) = setup();
    let first = folio(&["build", "-q"], &root);
    assert_built(&first, &root.join("public"));
    // The second build (incremental) and a full one both replace it.
    let second = folio(&["build", "-q"], &root);
    assert_built(&second, &root.join("public"));
    let third = folio(&["build", "-q", "--no-cache"], &root);
    assert_built(&third, &root.join("public"));
}

#[test]
fn new_and_empty_folders_are_accepted() {
    let (tmp, root) = setup();
    let fresh = tmp.path().join("out/new/site");
    let out = folio(&["build", "-q", "-o", fresh.to_str().unwrap()], &root);
    assert_built(&out, &fresh);
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = folio(&["build", "-q", "-o", "../empty"], &root);
    assert_built(&out, &empty);
}

#[test]
fn the_edition_root_is_refused_even_with_force() {
    let (tmp, root) = setup();
    for args in [&["build", "-o", "."][..], &["build", "-o", ".", "--force"], &["build", "-o", "../ed"]] {
        let err = assert_refused(args, &root, tmp.path(), "ed");
        assert!(err.contains("edition"), "{err}");
    }
    // Also when the edition is given with --root from elsewhere.
    assert_refused(&["build", "--root", "ed", "-o", "ed", "--force"], tmp.path(), tmp.path(), "ed");
}

#[test]
fn the_sources_and_anything_inside_them_are_refused_even_with_force() {
    let (tmp, root) = setup();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/note.txt"), "an override\n").unwrap();
    std::fs::create_dir_all(root.join("theme")).unwrap();
    for dir in ["content", "content/documents", "content/public", "templates", "theme", "theme/new", "site.toml"] {
        for force in [false, true] {
            let mut args = vec!["build", "-o", dir];
            if force {
                args.push("--force");
            }
            assert_refused(&args, &root, tmp.path(), dir.split('/').next_back().unwrap());
        }
    }
}

#[test]
fn a_folder_above_the_edition_is_refused_even_with_force() {
    let (tmp, root) = setup();
    assert_refused(&["build", "-o", ".."], &root, tmp.path(), tmp.path().file_name().unwrap().to_str().unwrap());
    assert_refused(
        &["build", "-o", "..", "--force"],
        &root,
        tmp.path(),
        tmp.path().file_name().unwrap().to_str().unwrap(),
    );
    let above = tmp.path().to_str().unwrap();
    assert_refused(&["build", "-o", above, "--force"], &root, tmp.path(), above);
}

#[test]
fn a_users_folder_is_refused_and_force_replaces_it_only_without_edition_files() {
    let (tmp, root) = setup();
    let docs = tmp.path().join("Documents");
    let err = assert_refused(&["build", "-o", "../Documents"], &root, tmp.path(), "Documents");
    assert!(err.contains("--force"), "the way out is not named:\n{err}");
    // Another edition inside the folder: refused even with --force.
    let other = docs.join("old-edition");
    copy_edition(&demo(), &other);
    assert_refused(&["build", "-o", "../Documents", "--force"], &root, tmp.path(), "Documents");
    std::fs::remove_dir_all(&other).unwrap();
    // Without edition files, --force is the user's explicit choice.
    let out = folio(&["build", "-q", "-o", "../Documents", "--force"], &root);
    assert_built(&out, &docs);
    assert!(!docs.join("thesis.odt").exists());
    // From now on it is Folio's: no --force needed.
    let out = folio(&["build", "-q", "-o", "../Documents"], &root);
    assert_built(&out, &docs);
}

#[test]
fn an_unmarked_public_folder_of_an_older_build_needs_force() {
    let (tmp, root) = setup();
    let public = root.join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("index.html"), "<!doctype html><title>old</title>").unwrap();
    let err = assert_refused(&["build"], &root, tmp.path(), "public");
    assert!(err.contains("--force"), "{err}");
    let out = folio(&["build", "-q", "--force"], &root);
    assert_built(&out, &public);
}

#[test]
fn a_file_as_output_is_refused() {
    let (tmp, root) = setup();
    std::fs::write(tmp.path().join("site.zip"), b"PK\x05\x06").unwrap();
    assert_refused(&["build", "-o", "../site.zip"], &root, tmp.path(), "site.zip");
    assert_refused(&["build", "-o", "../site.zip", "--force"], &root, tmp.path(), "site.zip");
    assert_refused(&["build", "-o", "notes-to-self.txt", "--force"], &root, tmp.path(), "notes-to-self.txt");
    // A path through a file cannot be a folder either.
    assert_refused(&["build", "-o", "notes-to-self.txt/site"], &root, tmp.path(), "notes-to-self.txt");
}

#[cfg(unix)]
#[test]
fn system_paths_are_refused_and_nothing_is_written_beside_them() {
    let (tmp, root) = setup();
    let before: Vec<_> = std::fs::read_dir("/dev").unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_refused(&["build", "-o", "/dev/null"], &root, tmp.path(), "/dev/null");
    assert_refused(&["build", "-o", "/dev/null", "--force"], &root, tmp.path(), "/dev/null");
    assert_refused(&["build", "-o", "/"], &root, tmp.path(), "/");
    assert_refused(&["build", "-o", "/", "--force"], &root, tmp.path(), "/");
    let after: Vec<_> = std::fs::read_dir("/dev").unwrap().map(|e| e.unwrap().file_name()).collect();
    let new: Vec<_> = after.iter().filter(|n| !before.contains(n) && n.to_string_lossy().contains("folio")).collect();
    assert!(new.is_empty(), "left in /dev: {new:?}");
    let in_root: Vec<_> = std::fs::read_dir("/")
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("folio"))
        .collect();
    assert!(in_root.is_empty(), "left in /: {in_root:?}");
}

#[cfg(unix)]
#[test]
fn the_current_folder_is_refused() {
    // An empty folder, but the one the command runs in: replacing it would
    // leave the shell in a deleted folder.
    let (tmp, root) = setup();
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let root_arg = root.to_str().unwrap();
    assert_refused(&["build", "--root", root_arg, "-o", "."], &here, tmp.path(), "current folder");
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_protected_folder_is_refused() {
    let (tmp, root) = setup();
    std::os::unix::fs::symlink(root.join("content"), tmp.path().join("link-to-content")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("Documents"), tmp.path().join("link-to-docs")).unwrap();
    assert_refused(&["build", "-o", "../link-to-content", "--force"], &root, tmp.path(), "link-to-content");
    assert_refused(&["build", "-o", "../link-to-docs"], &root, tmp.path(), "link-to-docs");
}

#[test]
fn a_refused_build_leaves_the_previous_site_and_cache_as_they_were() {
    let (tmp, root) = setup();
    let first = folio(&["build", "-q"], &root);
    assert_built(&first, &root.join("public"));
    // Now the output is refused (content/), and the old site stays.
    assert_refused(&["build", "-o", "content"], &root, tmp.path(), "content");
    // A content error: the old site and every file stay, nothing is left.
    std::fs::write(root.join("site.toml"), "title = \n").unwrap();
    let before = tree(tmp.path());
    let out = folio(&["build"], &root);
    assert!(!out.status.success());
    assert_eq!(before, tree(tmp.path()));
}

#[test]
fn a_failed_first_build_leaves_no_staging_or_cache_folder() {
    // A broken site.toml (found first) and a broken reference in a
    // document's commentary (found late, after the cache and staging folder
    // were made).
    let breakages: [fn(&Path); 2] = [
        |root| std::fs::write(root.join("site.toml"), "title = \n").unwrap(),
        |root| {
            let md = root.join("content/documents/1978MOSCOW08357.md");
            let text =
                std::fs::read_to_string(&md).unwrap().replace("persons = [\"kapitsa\"", "persons = [\"nobody-at-all\"");
            std::fs::write(md, text).unwrap();
        },
    ];
    for breakage in breakages {
        let (tmp, root) = setup();
        breakage(&root);
        for args in [&["build"][..], &["build", "--no-cache"], &["build", "-o", "../Documents-site"]] {
            let before = tree(tmp.path());
            let out = folio(args, &root);
            assert!(!out.status.success(), "{args:?} succeeded");
            assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
            assert_eq!(before, tree(tmp.path()), "{args:?}: {}", stderr(&out));
        }
    }
}

#[test]
fn check_and_inspect_leave_the_edition_untouched() {
    let (tmp, root) = setup();
    let before = tree(tmp.path());
    let out = folio(&["check"], &root);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    let out = folio(&["inspect", "content/documents/1978MOSCOW08357.txt"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(before, tree(tmp.path()));
}

#[cfg(unix)]
#[test]
fn inspect_refuses_what_is_not_a_regular_file() {
    let tmp = tempfile::tempdir().unwrap();
    let start = std::time::Instant::now();
    let out = folio(&["inspect", "/dev/zero"], tmp.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("/dev/zero"), "{}", stderr(&out));
    assert!(start.elapsed() < std::time::Duration::from_secs(10), "inspect /dev/zero took {:?}", start.elapsed());
    let out = folio(&["inspect", "."], tmp.path());
    assert!(!out.status.success());
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn a_second_build_into_the_same_output_refuses_while_the_first_runs() {
    let (tmp, root) = setup();
    let out = root.join("public");
    let opts = folio::BuildOptions { root: root.clone(), output: out.clone(), minify: None, cache: true };
    // The first build is staged (done but not yet in place) and holds the lock.
    let staged = folio::stage(&opts, &folio::Progress::hidden()).unwrap();
    let before = tree(tmp.path());
    let second = folio(&["build"], &root);
    assert!(!second.status.success());
    let err = stderr(&second);
    assert!(err.contains("another build is running"), "{err}");
    assert!(err.contains("public"), "{err}");
    assert_eq!(before, tree(tmp.path()), "the refused build changed something");
    staged.commit().unwrap();
    assert!(out.join(MARKER).is_file());
    // The lock is gone with the first build: the next one runs.
    let third = folio(&["build", "-q"], &root);
    assert_built(&third, &out);
    let leftovers: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("folio-") && n != ".public.folio-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
