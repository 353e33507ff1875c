//! An editor's mistakes in commentary, as fixture editions: each case in
//! tests/fixtures/commentary/cases/<case>/ is laid over the base edition in
//! tests/fixtures/commentary/base/ and built with `folio::build` into a
//! temporary folder that already holds a good site. The build must fail with
//! every error of the case reported together (the text is frozen with
//! insta), and the previous site must stay exactly as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use folio::{build, BuildOptions};
use folio::{Error, Severity};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commentary")
}

/// Copies every file under `from` into `to`, replacing what is there.
fn overlay(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Builds the base edition, lays `case` over it, builds again and returns
/// the diagnostics as the editor reads them (paths relative to the edition).
fn build_case(case: &str) -> (Vec<String>, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    let out = tmp.path().join("public");
    overlay(&fixtures().join("base"), &root);
    let opts = BuildOptions { root: root.clone(), output: out.clone(), minify: None, cache: true };
    if let Err(e) = build(&opts) {
        panic!("the base edition must build:\n{e}");
    }
    let before = files(&out);
    assert!(before.contains_key(Path::new("documents/1978MOSCOW08357.html")));

    overlay(&fixtures().join("cases").join(case), &root);
    let diags = match build(&opts) {
        Ok(_) => panic!("case {case} must fail to build"),
        Err(Error::Content(diags)) => diags,
        Err(e) => panic!("case {case}: expected content errors, got: {e}"),
    };
    assert!(diags.iter().any(|d| d.severity == Severity::Error));
    assert_eq!(files(&out), before, "case {case}: the previous site must stay untouched");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("folio") && n != ".public.folio-cache")
        .collect();
    assert!(leftovers.is_empty(), "case {case}: staging left behind: {leftovers:?}");
    let prefix = format!("{}/", root.display());
    let text = diags.iter().map(|d| d.to_string().replace(&prefix, "")).collect();
    (text, tmp)
}

fn snapshot(case: &str) -> Vec<String> {
    let (diags, _tmp) = build_case(case);
    insta::assert_snapshot!(case, diags.join("\n\n"));
    diags
}

#[test]
fn misspelled_quote_offers_the_closest_passages() {
    let d = snapshot("misspelled-quote");
    assert_eq!(d.len(), 1);
    assert!(d[0].contains("PATHOLOGICALLY AFRAID OF THE SOVIET UNION"), "{d:?}");
}

#[test]
fn ambiguous_quote_lists_every_place_and_the_way_to_choose() {
    let d = snapshot("ambiguous-quote");
    assert_eq!(d.len(), 1);
    assert!(d[0].contains("## \"THE SOVIET UNION WOULD\" (2)"), "{d:?}");
}

#[test]
fn unknown_person_in_front_matter_and_links() {
    let d = snapshot("unknown-person");
    assert_eq!(d.len(), 3, "{d:?}");
}

#[test]
fn unknown_document_link() {
    snapshot("unknown-doc");
}

#[test]
fn bad_paragraph_fragment() {
    let d = snapshot("bad-fragment");
    assert_eq!(d.len(), 2, "{d:?}");
}

#[test]
fn broken_front_matter_toml() {
    snapshot("broken-toml");
}

#[test]
fn unknown_front_matter_key_lists_the_known_keys() {
    let d = snapshot("unknown-key");
    assert!(d[0].contains("front matter accepts: title, date"), "{d:?}");
}

#[test]
fn unclosed_front_matter() {
    snapshot("unclosed-front-matter");
}

#[test]
fn emendation_reading_not_in_the_text() {
    let d = snapshot("emendation-not-found");
    assert!(d[0].contains("FORE-SEEABLE"), "{d:?}");
}

#[test]
fn all_errors_of_a_build_come_together_sorted() {
    let d = snapshot("all-together");
    // Two commentary files and an essay, eight mistakes; the note whose
    // front matter is broken cannot name its format, so its plain layout
    // is reported too (a warning).
    assert_eq!(d.iter().filter(|s| s.contains(": error: ")).count(), 8, "{d:#?}");
    assert_eq!(d.len(), 9, "{d:#?}");
    let files: Vec<&str> = d.iter().map(|s| s.split(':').next().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert!(files.contains(&"content/pages/introduction.md"));
    assert!(files.contains(&"content/documents/note-1999.md"));
}

#[test]
fn the_command_line_prints_all_errors_and_fails() {
    let (_, tmp) = build_case("all-together");
    let root = tmp.path().join("edition");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(tmp.path().join("public"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches(": error: ").count(), 8, "{err}");
    assert!(!err.contains("\x1b["), "no colour when not a terminal: {err}");
    assert!(err.trim_end().ends_with("public is unchanged"), "{err}");
    assert!(err.contains("error: could not build the edition: 8 errors and 1 warning;"), "{err}");
}

#[test]
fn quotes_across_page_breaks_are_found_and_notes_link_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    let out = tmp.path().join("public");
    overlay(&fixtures().join("base"), &root);
    // Both passages run over a page break of the typed original ("STATE" /
    // "MENTS", and "WERE" / "ON THE WHOLE" with a banner between them); the
    // second note is written with typographic quotes and odd spacing.
    std::fs::write(
        root.join("content/documents/1978MOSCOW08357.md"),
        "+++\ntitle = \"T\"\n+++\nThe **headnote**.[^1]\n\n[^1]: A footnote of the headnote.\n\n\
         ## \"RELATIONS WERE THE STATEMENTS OF PEOPLE\"\nOne, see [Kapitsa](person:kapitsa).\n\n\
         ## “relations   were on  the whole”\nTwo.\n",
    )
    .unwrap();
    let opts = BuildOptions { root: root.clone(), output: out.clone(), minify: Some(false), cache: true };
    if let Err(e) = build(&opts) {
        panic!("{e}");
    }
    let html = std::fs::read_to_string(out.join("documents/1978MOSCOW08357.html")).unwrap();
    assert!(html.contains("<mark class=\"passage\" data-note=\"1\" id=\"q1\">RELATIONS WERE THE STATEMENTS OF PEOPLE</mark><a class=\"noteref\" href=\"#n1\" id=\"r1\""), "note 1 not anchored");
    assert!(html.contains("<mark class=\"passage\" data-note=\"2\" id=\"q2\">RELATIONS WERE ON THE WHOLE</mark><a class=\"noteref\" href=\"#n2\" id=\"r2\""), "note 2 not anchored");
    for n in 1..=2 {
        assert!(html.contains(&format!("id=\"n{n}\"")), "note {n} missing");
        assert!(html.contains(&format!("href=\"#r{n}\"")), "note {n} has no link back");
    }
    assert!(html.contains("<strong>headnote</strong>"), "headnote missing");
    assert!(html.contains("id=\"h-fn1\"") && html.contains("href=\"#h-fnref1\""), "headnote footnote");
    assert!(html.contains("href=\"../persons/kapitsa.html\">Kapitsa</a>"), "link scheme in a note");
    assert!(html.contains("theme/highlight.css"), "highlight stylesheet linked");
    assert!(out.join("theme/highlight.css").is_file());
}
