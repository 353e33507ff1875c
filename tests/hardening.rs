//! Hostile and careless input (issue 21): control characters, encodings,
//! live script, colliding names. Each test builds a copy of the demo
//! edition with the bad input added, through the release binary, and
//! asserts on every file of the output and on the warnings, which must name
//! the file and line of every change made to what the editor gave.

mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_edition, demo, files};

fn folio(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_folio")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A control character no published file may hold (tab, newline and
/// carriage return are text).
fn controls(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f).count()
}

#[test]
fn control_characters_never_reach_a_page_or_an_export() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let docs = root.join("content/documents");
    let binary = b"NUL\x00 IN THE TITLE\x07\n\nBODY WITH \x1b[31m ESCAPES\x00\x00 AND DEL\x7f.\n";
    std::fs::write(docs.join("binaryish.txt"), binary).unwrap();
    let utf16: Vec<u8> = "\u{feff}UTF SIXTEEN TITLE\r\n\r\nA paragraph read as UTF-16, with café.\r\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(docs.join("utf16.txt"), &utf16).unwrap();
    let out = folio(&["build", "--no-minify"], &root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let warning = err.lines().find(|l| l.contains("binaryish.txt") && l.contains("control")).unwrap_or_default();
    assert!(warning.contains("binaryish.txt:1: warning:"), "the warning names no line:\n{err}");
    assert!(warning.contains("lines 1, 3") && warning.contains("looks binary"), "{warning}");
    assert!(err.contains("utf16.txt") && err.contains("UTF-16"), "no warning about UTF-16:\n{err}");
    let site = files(&root.join("public"));
    let text = |k: &String| [".html", ".xml", ".json", ".js", ".css", ".txt"].iter().any(|e| k.ends_with(e));
    let bad: Vec<&String> = site.iter().filter(|(k, b)| text(k) && controls(b) > 0).map(|(k, _)| k).collect();
    assert!(bad.is_empty(), "control characters published in {bad:?}");
    // raw/ in the data archive is each document exactly as received: byte
    // for byte, control characters and all (it is not read as text).
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(site["downloads/edition-data.zip"].clone())).unwrap();
    let mut entry = |name: &str| {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut v).unwrap();
        v
    };
    assert_eq!(entry("raw/binaryish.txt"), binary, "the raw download is the file as received");
    assert_eq!(entry("raw/utf16.txt"), utf16);
    let page = String::from_utf8(site["documents/binaryish.html"].clone()).unwrap();
    assert!(page.contains('\u{FFFD}'), "the replacement is not visible in the page");
    let page = String::from_utf8(site["documents/utf16.html"].clone()).unwrap();
    assert!(page.contains("café"), "UTF-16 not decoded");
    // The build report keeps the intervention; the raw files are untouched.
    let report = String::from_utf8_lossy(&site["build-report.txt"]).into_owned();
    assert!(report.contains("binaryish") && report.contains("U+FFFD"), "{report}");
    assert_eq!(std::fs::read(docs.join("binaryish.txt")).unwrap(), binary);
    assert_eq!(std::fs::read(docs.join("utf16.txt")).unwrap(), utf16);
}

#[test]
fn colliding_vanishing_and_overlong_documents_are_reported_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let docs = root.join("content/documents");
    std::fs::write(docs.join("Memo.txt"), "MEMO ONE\n\nText.\n").unwrap();
    std::fs::write(docs.join("memo.txt"), "MEMO TWO\n\nText.\n").unwrap();
    std::fs::create_dir(docs.join("fake.txt")).unwrap();
    let long = "A".repeat(230);
    std::fs::write(docs.join(format!("{long}.txt")), "LONG\n\nText.\n").unwrap();
    std::fs::write(tmp.path().join("outside.txt"), "OUTSIDE\n\nText.\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path().join("outside.txt"), docs.join("linked.txt")).unwrap();
    let out = folio(&["build"], &root);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("`Memo`") && err.contains("`memo`") && err.contains("differ only in case"), "{err}");
    assert!(err.contains("fake.txt") && err.contains("folder named like a document"), "{err}");
    assert!(err.contains("230 bytes long"), "{err}");
    #[cfg(unix)]
    assert!(err.contains("linked.txt") && err.contains("outside the edition"), "{err}");
    assert!(!root.join("public").exists(), "a failed build wrote a site");
    assert_eq!(std::fs::read_to_string(tmp.path().join("outside.txt")).unwrap(), "OUTSIDE\n\nText.\n");
}
