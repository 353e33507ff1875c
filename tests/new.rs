//! `folio new`: a new edition builds, passes `folio check`, explains itself
//! in comments, and never overwrites anything.

use std::path::Path;
use std::process::Command;

fn folio() -> Command {
    Command::new(env!("CARGO_BIN_EXE_folio"))
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        walk(dir).into_iter().map(|p| p.strip_prefix(dir).unwrap().display().to_string()).collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_new_edition_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("my-edition");
    let out = folio().arg("new").arg(&root).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("folio serve"), "tells what to do next:\n{err}");
    assert_eq!(
        files(&root),
        [
            ".gitignore",
            "content/documents/1978COPENH04711.md",
            "content/documents/1978COPENH04711.txt",
            "content/pages/introduction.md",
            "content/registers/organizations.toml",
            "content/registers/persons.toml",
            "content/registers/places.toml",
            "content/registers/topics.toml",
            "site.toml",
        ]
    );

    let out = folio().arg("build").arg("--root").arg(&root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The one warning: the example title is still there.
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(
        err.contains("site.toml:7:1: warning: the edition still has the example title that `folio new` gave it"),
        "{err}"
    );
    let public = root.join("public");
    let doc = std::fs::read_to_string(public.join("documents/1978COPENH04711.html")).unwrap();
    // The example shows each feature: a headnote, notes, an emendation, links.
    // (minified: attribute quotes may be dropped)
    assert!(doc.contains("id=\"n2\"") || doc.contains("id=n2"), "two passage notes");
    assert!(doc.contains("GOVERNMENT") && doc.contains("GOVERMENT"), "the emendation and its original");
    assert!(doc.contains("../persons/lund.html"), "a register link");
    assert!(doc.contains("1978COPENH04711.html#p3"), "a paragraph link");
    assert!(doc.contains("An invented telegram") || doc.contains("<strong>invented</strong>"), "says it is invented");
    assert!(public.join("pages/introduction.html").is_file());
    assert!(public.join("places/greenland.html").is_file());
    // `folio build` output never carries the preview's script.
    for f in walk(&public) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("__folio"), "{} has preview code", f.display());
    }

    let out = folio().arg("check").arg("--root").arg(&root).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("no problems"), "{err}");
    let out = folio().arg("check").arg("--site").arg(&public).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn every_setting_is_explained_by_a_comment() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("e");
    assert!(folio().arg("new").arg(&root).status().unwrap().success());
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let lines: Vec<&str> = site.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let is_key = l.contains(" = ") && !l.starts_with('#');
        if is_key {
            assert!(i > 0 && lines[i - 1].starts_with('#'), "site.toml line {}: `{l}` has no comment above it", i + 1);
        }
    }
    let md = std::fs::read_to_string(root.join("content/documents/1978COPENH04711.md")).unwrap();
    for key in ["title", "date", "summary", "persons", "[[emendation]]"] {
        assert!(md.contains(key), "{key}");
    }
    assert!(md.matches("\n#").count() >= 10, "the front matter explains itself");
}

#[test]
fn new_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("site.toml"), "title = \"Mine\"").unwrap();
    let out = folio().arg("new").arg(tmp.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(std::fs::read_to_string(tmp.path().join("site.toml")).unwrap(), "title = \"Mine\"");
}
