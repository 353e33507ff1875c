//! The foundation's contract (issue 2), tested on the demo edition and on
//! small broken editions: every link works offline, builds are byte
//! identical, bad input names the file and line and leaves the previous
//! site in place.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn folio(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_folio")).args(args).current_dir(dir).output().unwrap()
}

#[test]
fn demo_edition_builds_with_every_page_and_working_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let report = build_into(&demo(), &out, false);
    assert_eq!(report.documents, 2);
    for page in [
        "index.html",
        "documents/index.html",
        "documents/1978MOSCOW08357.html",
        "documents/monitor-1999-5-156.html",
        "persons/index.html",
        "persons/kapitsa.html",
        "places/index.html",
        "places/beijing.html",
        "organizations/index.html",
        "topics/index.html",
        "topics/arms-sales-to-china.html",
        "chronology.html",
        "search.html",
        "pages/introduction.html",
        "pages/editorial-principles.html",
        "data/1978MOSCOW08357.json",
        "theme/style.css",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let problems = link_problems(&out);
    assert!(problems.is_empty(), "offline rule broken:\n{}", problems.join("\n"));
}

#[test]
fn minified_demo_links_also_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_into(&demo(), &out, false);
    let pretty = files(&out);
    let out2 = tmp.path().join("min");
    build_into(&demo(), &out2, true);
    let min = files(&out2);
    assert_eq!(pretty.keys().collect::<Vec<_>>(), min.keys().collect::<Vec<_>>());
    let problems = link_problems(&out2);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build_into(&demo(), &a, false);
    build_into(&demo(), &b, false);
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(fb[k] == *v, "{k} differs between two builds of the same input");
    }
}

#[test]
fn document_page_shows_facsimile_next_to_reading_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_into(&demo(), &out, true);
    let html = read(&out, "documents/1978MOSCOW08357.html");
    // Facsimile: the raw lines as typed, banners and page headers included.
    assert!(html.contains("PAGE 02 MOSCOW 08357 01 OF 03 210028Z"));
    assert!(html.contains("STATECONFIDENTIAL"));
    assert!(html.contains("id=\"f1\""));
    // Reading text: the split word rejoined, no banner in the running text.
    assert!(html.contains("STATEMENTS OF PEOPLE"));
    assert!(html.contains("id=\"p1\""));
    let reading = html.split("id=\"reading\"").nth(1).expect("reading pane");
    let reading = reading.split("class=\"metadata\"").next().unwrap();
    assert!(!reading.contains("PAGE 02 MOSCOW"), "page header in the reading text");
    assert!(!reading.contains("STATECONFIDENTIAL"));
}

#[test]
fn register_pages_list_the_documents_that_mention_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_into(&demo(), &out, true);
    let kapitsa = read(&out, "persons/kapitsa.html");
    assert!(kapitsa.contains("../documents/1978MOSCOW08357.html#p"), "concordance links to paragraphs");
    assert!(!kapitsa.contains("../documents/monitor-1999-5-156.html"), "Kapitsa is not in the Monitor article");
    let klebanov = read(&out, "persons/klebanov.html");
    assert!(klebanov.contains("../documents/monitor-1999-5-156.html#p"));
    assert!(!klebanov.contains("../documents/1978MOSCOW08357.html"));
    // PEKING in 1978, Beijing in 1999: one place.
    let beijing = read(&out, "places/beijing.html");
    assert!(beijing.contains("1978MOSCOW08357.html#p") && beijing.contains("monitor-1999-5-156.html#p"));
}

#[test]
fn inspect_prints_the_model_as_json() {
    let out = folio(&["inspect", "content/documents/1978MOSCOW08357.txt"], &demo());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "1978MOSCOW08357");
    assert_eq!(v["format"], "cable");
    assert_eq!(v["date"], "1978-04-20");
    let m = &v["metadata"];
    assert_eq!(m["classification"], "CONFIDENTIAL");
    assert_eq!(m["from"], "AMEMBASSY MOSCOW");
    assert_eq!(m["to"], serde_json::json!(["SECSTATE WASHDC"]));
    assert_eq!(m["dtg"], "201317Z APR 78");
    assert_eq!(m["document_number"], "1978MOSCOW08357");
    assert_eq!(m["subject"], "KAPITSA ON SINO-SOVIET RELATIONS AND OTHER EAST ASIAN TOPICS");
    assert!(m["tags"].as_array().unwrap().iter().any(|t| t == "PARM"));
    assert!(v["pages"][0]["lines"].is_array());
    let p = &v["paragraphs"][0];
    assert!(p["text"].is_string() && p["page"].is_number() && p["lines"].is_array());
    // Any file, inside an edition or not.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("x.txt"), b"\xff\xfe odd bytes\n\nsecond").unwrap();
    let out = folio(&["inspect", "x.txt"], tmp.path());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "plain");
}

/// Builds a copy of the demo, then breaks it with `breakage`, builds again
/// through the binary and returns (stderr, whether the old site survived).
fn break_and_build(breakage: impl FnOnce(&Path)) -> (String, bool, bool) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let first = folio(&["build"], &root);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let before = files(&root.join("public"));
    breakage(&root);
    let second = folio(&["build"], &root);
    let after = files(&root.join("public"));
    let leftovers = std::fs::read_dir(&root)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name().to_string_lossy().into_owned();
            name.contains("folio-") && name != ".public.folio-cache"
        })
        .count();
    assert_eq!(leftovers, 0, "staging folder left behind");
    // The cache holds the first build's records, not a half-written set.
    let cache: Vec<String> = std::fs::read_dir(root.join(".public.folio-cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(cache.iter().all(|n| n == "records.bin" || n == "state.bin"), "{cache:?}");
    (String::from_utf8_lossy(&second.stderr).into_owned(), !second.status.success(), before == after)
}

#[test]
fn broken_site_toml_names_file_and_line_and_keeps_old_site() {
    let (err, failed, kept) = break_and_build(|root| {
        let p = root.join("site.toml");
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, t.replacen("language = \"en\"", "language = en", 1)).unwrap();
    });
    assert!(failed, "exit code must be non-zero");
    assert!(kept, "previous output must stay untouched");
    assert!(err.contains("site.toml:"), "{err}");
    let line = err.split("site.toml:").nth(1).unwrap().split(':').next().unwrap();
    assert!(line.parse::<usize>().is_ok(), "line number in: {err}");
}

#[test]
fn invalid_front_matter_names_file_and_line_and_keeps_old_site() {
    let (err, failed, kept) = break_and_build(|root| {
        let p = root.join("content/documents/1978MOSCOW08357.md");
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, t.replacen("title = ", "titel = ", 1)).unwrap();
    });
    assert!(failed && kept);
    assert!(err.contains("content/documents/1978MOSCOW08357.md:2:1: error: unknown field `titel`"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn unsafe_document_names_are_refused() {
    let (err, failed, kept) = break_and_build(|root| {
        std::fs::write(root.join("content/documents/evil<script>.txt"), "x").unwrap();
    });
    assert!(failed && kept);
    assert!(err.contains("cannot be a document id"), "{err}");
}

#[test]
fn missing_site_toml_is_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let out = folio(&["build"], tmp.path());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("site.toml") && err.contains("folio new"), "{err}");
}

#[test]
fn raw_documents_are_text_never_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    std::fs::create_dir_all(root.join("content/documents")).unwrap();
    std::fs::write(root.join("site.toml"), "title = \"T\"\n").unwrap();
    std::fs::write(root.join("content/documents/x.txt"), "<script>alert(1)</script> &amp; <b>bold</b>\n").unwrap();
    let out = tmp.path().join("public");
    build_into(&root, &out, false);
    let html = read(&out, "documents/x.html");
    // <title> is RCDATA: the minifier may leave `<` unescaped there, which
    // is still text. Everywhere else it must be escaped.
    let body = html.split("</title>").nth(1).unwrap();
    assert!(!body.contains("<script>alert") && !body.contains("<b>bold"), "raw text became markup");
    assert!(html.contains("&lt;script>alert") || html.contains("&lt;script&gt;alert"));
    assert!(html.contains("&amp;amp;"));
}

#[test]
fn tei_export_is_well_formed_and_keeps_emendations_and_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_into(&demo(), &out, false);
    for id in ["1978MOSCOW08357", "monitor-1999-5-156"] {
        let xml = read(&out, &format!("tei/{id}.xml"));
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("tei/{id}.xml: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "TEI");
        let paragraphs = doc
            .descendants()
            .filter(|n| n.has_tag_name("p") && n.attribute(("http://www.w3.org/XML/1998/namespace", "id")).is_some())
            .count();
        assert!(paragraphs > 0, "{id}: no reading paragraphs");
        let notes =
            doc.descendants().filter(|n| n.has_tag_name("note") && n.attribute("type") == Some("commentary")).count();
        assert!(notes > 0, "{id}: no editorial notes");
        // Every note's target anchors exist.
        for n in doc.descendants().filter(|n| n.has_tag_name("note") && n.attribute("targetEnd").is_some()) {
            for a in [n.attribute("target").unwrap(), n.attribute("targetEnd").unwrap()] {
                let id = a.trim_start_matches('#');
                assert!(
                    doc.descendants().any(|x| x.attribute(("http://www.w3.org/XML/1998/namespace", "id")) == Some(id)),
                    "missing anchor {id}"
                );
            }
        }
    }
    let xml = read(&out, "tei/1978MOSCOW08357.xml");
    assert!(xml
        .contains("<choice xml:id=\"e1\"><sic>FORE-SEEABLE</sic><corr resp=\"#editors\">FORESEEABLE</corr></choice>"));
    // The emendation is an editorial intervention too: listed, with who made it.
    assert!(xml.contains("<respStmt xml:id=\"editors\">"));
    assert!(xml.contains("<note type=\"editorial\" subtype=\"emendation\" resp=\"#editors\""));
    // Mentions point into the register file through the declared prefix.
    assert!(xml.contains("<persName ref=\"reg:person-kapitsa\">KAPITSA</persName>"));
    assert!(xml.contains(
        "<prefixDef ident=\"reg\" matchPattern=\"(.+)\" replacementPattern=\"../downloads/registers.xml#$1\">"
    ));
    assert!(xml.contains("<lb n=\"3\" xml:id=\"l3\"/><seg ana=\"#removed-banner\">CONFIDENTIAL</seg>"));
    // An empty line nothing points at keeps its number, not an id.
    assert!(xml.contains("<lb n=\"2\"/>\n<lb n=\"3\""), "line 2 is empty");
    assert!(xml.contains("<label>Film Number</label> D780170-0816"), "message attributes keep their keys");
    let registers = read(&out, "downloads/registers.xml");
    roxmltree::Document::parse(&registers).expect("registers.xml is well-formed");
    assert!(registers.contains("<person xml:id=\"person-kapitsa\">"));
}
