//! The editor's corrections of the parse (`[transcription]` in a
//! commentary's front matter) on real telegrams that parse wrongly: each is
//! fixed from the commentary alone, the raw file stays as it was, and the
//! fix shows on the page, in the facsimile and in the exports. Mistakes in
//! corrections are reported all together (snapshots), and the previous site
//! is left untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use folio::{build, BuildOptions};
use folio::{Error, Severity};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcription")
}

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

/// Builds the base edition into a temporary folder: (tempdir, edition, site).
fn build_base() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    let out = tmp.path().join("public");
    overlay(&fixtures().join("base"), &root);
    let opts = BuildOptions { root: root.clone(), output: out.clone(), minify: Some(false), cache: true };
    if let Err(e) = build(&opts) {
        panic!("the base edition must build:\n{e}");
    }
    (tmp, root, out)
}

fn json(out: &Path, id: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join(format!("data/{id}.json"))).unwrap()).unwrap()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

fn texts(doc: &serde_json::Value) -> Vec<String> {
    doc["paragraphs"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap().to_string()).collect()
}

fn interventions<'a>(doc: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    doc["interventions"].as_array().map_or(Vec::new(), |a| a.iter().filter(|i| i["kind"] == kind).collect())
}

#[test]
fn raw_files_are_never_changed() {
    let (_tmp, root, _out) = build_base();
    let src = fixtures().join("base/content/documents");
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let built = std::fs::read(root.join("content/documents").join(p.file_name().unwrap())).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), built, "{} changed", p.display());
    }
}

#[test]
fn a_subject_cut_short_is_completed_and_its_lines_leave_the_reading_text() {
    let (_tmp, _root, out) = build_base();
    let d = json(&out, "1975SAIGON03454");
    assert_eq!(
        d["metadata"]["subject"],
        "LETTERS TO PRESIDENT OF THE SENATE NELSON ROCKEFELLER AND SPEAKER OF THE HOUSE CARL ALBERT FROM RVN LOWER HOUSE SPEAKER NGUYEN BA CAN AND SENATE PRESIDENT TRAN VAN LAM"
    );
    let t = texts(&d);
    assert!(t[0].starts_with("1. BELOW IS TEXT"), "{t:?}");
    assert!(!t.iter().any(|p| p.contains("AND SPEAKER OF THE HOUSE CARL ALBERT FROM RVN")), "{t:?}");
    // Split after "BEGIN TEXT:": the letter starts a paragraph of its own.
    assert_eq!(t[1], "2. BEGIN TEXT:");
    assert!(t[2].starts_with("THE HONORABLE NELSON ROCKEFELLER"), "{t:?}");
    // Lines point at the renumbered paragraphs; the omitted lines at none.
    let lines: Vec<&serde_json::Value> =
        d["pages"].as_array().unwrap().iter().flat_map(|p| p["lines"].as_array().unwrap()).collect();
    let line = |n: u64| lines.iter().find(|l| l["n"] == n).unwrap();
    assert_eq!(line(15)["kind"], "omitted");
    assert!(line(15)["paragraph"].is_null());
    assert_eq!(line(15)["editor"], "The rest of the SUBJECT, read as a paragraph.");
    assert_eq!(line(17)["paragraph"], 1);
    assert_eq!(line(22)["paragraph"], 2);
    assert_eq!(line(23)["paragraph"], 3);
    // Each intervention recorded.
    let h = interventions(&d, "header");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0]["field"], "subject");
    assert_eq!(h[0]["before"], "LETTERS TO PRESIDENT OF THE SENATE NELSON ROCKEFELLER");
    let o = interventions(&d, "omit");
    assert_eq!(o[0]["lines"], serde_json::json!([15, 16]));
    assert_eq!(interventions(&d, "split").len(), 1);
    // The note's passage and the mentions are found in the corrected text.
    let html = read(&out, "documents/1975SAIGON03454.html");
    assert!(html.contains("data-note=\"1\""), "note anchored");
    assert!(html.contains("href=\"../persons/rockefeller.html\""), "mention linked");
}

#[test]
fn interventions_are_marked_listed_and_the_facsimile_stays_as_typed() {
    let (_tmp, _root, out) = build_base();
    let html = read(&out, "documents/1975SAIGON03454.html");
    // The mark in the reading text: focusable, with the reason inside.
    assert!(
        html.contains("<span class=\"intervention\" tabindex=\"0\" id=\"i3\"><span class=\"isign\" aria-hidden=\"true\">*</span><span class=\"ireason\"> [paragraph divided by the editor: The letter&#39;s text begins here.]</span></span>"),
        "split mark: {}",
        &html[html.find("BEGIN TEXT").unwrap_or(0)..][..400.min(html.len() - html.find("BEGIN TEXT").unwrap_or(0))]
    );
    // "About this document" lists every intervention with a link to its mark.
    let about = &html[html.find("id=\"interventions\"").expect("interventions list")..];
    for needle in ["SUBJECT", "The SUBJECT runs over three lines", "lines 15–16", "href=\"#i1\"", "href=\"#i3\""] {
        assert!(about.contains(needle), "{needle} missing from the list");
    }
    // The facsimile keeps the lines as typed, with the editor's reason.
    assert!(html.contains("AND SPEAKER OF THE HOUSE CARL ALBERT FROM RVN LOWER"));
    assert!(html.contains("left out by the editor: The rest of the SUBJECT, read as a paragraph."));
}

#[test]
fn header_lines_read_as_text_are_moved_into_the_header() {
    let (_tmp, _root, out) = build_base();
    let d = json(&out, "1978BUENOS00811");
    assert_eq!(d["title"], "ARMS LIMITATION UNDER AYACUCHO DECLARATION");
    assert_eq!(d["metadata"]["tags"], serde_json::json!(["MASS", "AR"]));
    assert_eq!(d["metadata"]["references"][0]["document"], "1978STATE015196");
    let t = texts(&d);
    assert!(t[0].starts_with("1. IF THE MATTER"), "{t:?}");
    assert_eq!(interventions(&d, "omit").len(), 2);
    // The emendation is an intervention too, and in the exports.
    let e = interventions(&d, "emendation");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["after"], "CLOSE TO WAR WITH CHILE");
    let tei = read(&out, "tei/1978BUENOS00811.xml");
    assert!(tei.contains("<note type=\"editorial\""), "{tei}");
    assert!(tei.contains("ARMS LIMITATION UNDER AYACUCHO DECLARATION"));
}

#[test]
fn a_real_deletion_leaves_no_empty_paragraph() {
    let (_tmp, _root, out) = build_base();
    let d = json(&out, "1974TOKYO02345");
    let t = texts(&d);
    assert!(!t.iter().any(|p| p.contains("END SUMMARY")), "{t:?}");
    assert!(t[0].ends_with("UNTIL MORE INFO AVAILABLE."), "{t:?}");
    assert!(t.iter().all(|p| !p.trim().is_empty()));
    let del = interventions(&d, "delete");
    assert_eq!(del[0]["before"], "END SUMMARY.");
    let html = read(&out, "documents/1974TOKYO02345.html");
    assert!(html.contains("AVAILABLE. END SUMMARY."), "the facsimile keeps the words");
    let tei = read(&out, "tei/1974TOKYO02345.xml");
    assert!(tei.contains("END SUMMARY."), "the TEI records the deleted words");
}

#[test]
fn excerpts_are_detected_or_declared_and_said() {
    let (_tmp, _root, out) = build_base();
    // Detected: SECTION 1 OF 2, only section 1 present.
    let bonn = read(&out, "documents/1978BONN16042.html");
    assert!(bonn.contains("section 2 of 2 is missing"), "bonn");
    assert!(!bonn.contains("joined in the reading text"));
    assert_eq!(json(&out, "1978BONN16042")["excerpt"]["missing_sections"], serde_json::json!([2]));
    // Detected: SECTION 1 OF 4, cut mid-sentence.
    let peking = read(&out, "documents/1974PEKING00544.html");
    assert!(peking.contains("sections 2–4 of 4 are missing"), "peking");
    // Declared, with the editor's words.
    let tokyo = json(&out, "1974TOKYO02345");
    assert_eq!(tokyo["excerpt"]["declared"], true);
    assert!(read(&out, "documents/1974TOKYO02345.html").contains("Only the opening of the telegram survives"));
    assert!(read(&out, "tei/1978BONN16042.xml").contains("<gap reason=\"excerpt\""));
}

#[test]
fn the_documents_own_paragraph_numbers_are_anchors() {
    let (_tmp, _root, out) = build_base();
    let html = read(&out, "documents/1975SAIGON03454.html");
    assert!(html.contains("id=\"para-4\""), "para-4 anchor");
    assert!(html.contains("id=\"p1\""), "stable anchors stay");
    let tokyo = read(&out, "documents/1974TOKYO02345.html");
    assert!(tokyo.contains("1975SAIGON03454.html#para-2"), "doc:ID#para-N links resolve");
    let peking = json(&out, "1974PEKING00544");
    let labels: Vec<&serde_json::Value> =
        peking["paragraphs"].as_array().unwrap().iter().map(|p| &p["label"]).collect();
    assert_eq!(labels[0], "1");
}

/// Lays `case` over the base edition, builds again, and returns the
/// diagnostics as the editor reads them.
fn build_case(case: &str) -> Vec<String> {
    let (tmp, root, out) = build_base();
    let before = files(&out);
    overlay(&fixtures().join("cases").join(case), &root);
    let opts = BuildOptions { root: root.clone(), output: out.clone(), minify: Some(false), cache: true };
    let diags = match build(&opts) {
        Ok(_) => panic!("case {case} must fail to build"),
        Err(Error::Content(diags)) => diags,
        Err(e) => panic!("case {case}: expected content errors, got: {e}"),
    };
    assert!(diags.iter().any(|d| d.severity == Severity::Error));
    assert_eq!(files(&out), before, "case {case}: the previous site must stay untouched");
    let prefix = format!("{}/", root.display());
    drop(tmp);
    // The errors only: the parse warnings of the fixture's excerpts are
    // the parser's tests' business.
    diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string().replace(&prefix, "")).collect()
}

fn snapshot(case: &str) -> Vec<String> {
    let d = build_case(case);
    insta::assert_snapshot!(case, d.join("\n\n"));
    d
}

#[test]
fn mistakes_in_line_corrections_are_all_reported() {
    let d = snapshot("bad-lines");
    assert_eq!(d.iter().filter(|d| d.contains(": error: ")).count(), 8, "{d:#?}");
}

#[test]
fn mistakes_in_passage_corrections_say_why() {
    let d = snapshot("bad-passages");
    let all = d.join("\n");
    assert!(all.contains("is in the facsimile (line 13) but not in the reading text"), "{all}");
    assert!(all.contains("runs from paragraph 2 into paragraph 3"), "{all}");
    assert!(all.contains("no next paragraph"), "{all}");
    assert!(all.contains("occurs"), "{all}");
}

#[test]
fn mistakes_in_header_corrections() {
    let d = snapshot("bad-header");
    assert_eq!(d.len(), 3, "{d:#?}");
    assert!(d[1].contains("`011800 FEB 78` is not a date-time group"), "{d:#?}");
}

#[test]
fn an_unknown_transcription_key_lists_the_known_ones() {
    let d = snapshot("unknown-key");
    assert!(d[0].contains("[transcription] accepts: excerpt"), "{d:?}");
}
