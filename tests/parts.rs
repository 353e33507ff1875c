//! The built-in parts' fast path writes exactly the bytes of the part
//! templates: the demo edition with the fourteen fixture telegrams, and the
//! transcription fixture (editorial interventions marked in the reading
//! text and the facsimile, an excerpt, the documents' own paragraph
//! numbers), each built once with the fast path and once with every part
//! rendered from its template (`FOLIO_PARTS=templates`), give identical
//! sites, in English, German and French. (Its own test binary: the variable
//! is set for one process.)

use std::path::Path;
use std::process::Command;

mod common;

fn build(root: &Path, out: &Path, templates: bool) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_folio"));
    c.args(["build", "--quiet", "--no-cache", "--root"]).arg(root).arg("--output").arg(out);
    if templates {
        c.env("FOLIO_PARTS", "templates");
    } else {
        c.env_remove("FOLIO_PARTS");
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
}

/// Sets site.toml's `language`.
fn set_language(root: &Path, language: &str) {
    let site = root.join("site.toml");
    let text =
        std::fs::read_to_string(&site).unwrap().replace("language = \"en\"", &format!("language = \"{language}\""));
    assert!(text.contains(&format!("language = \"{language}\"")), "site.toml of {} has a language", root.display());
    std::fs::write(&site, text).unwrap();
}

/// Builds `root` both ways into `tmp` and compares every file.
fn compare(root: &Path, tmp: &Path, language: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let (fast, slow) = (tmp.join("fast"), tmp.join("templates"));
    build(root, &fast, false);
    build(root, &slow, true);
    let (a, b) = (common::files(&fast), common::files(&slow));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{language}: different files");
    let mut differ = Vec::new();
    for (k, v) in &a {
        if b[k] != *v {
            let (x, y) = (String::from_utf8_lossy(v), String::from_utf8_lossy(&b[k]));
            let at = x.bytes().zip(y.bytes()).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
            let from = at.saturating_sub(120);
            differ.push(format!(
                "{k} at byte {at}:\n  fast:     {:?}\n  template: {:?}",
                x.get(from..(at + 120).min(x.len())).unwrap_or(""),
                y.get(from..(at + 120).min(y.len())).unwrap_or("")
            ));
        }
    }
    assert!(differ.is_empty(), "{language}: {} files differ:\n{}", differ.len(), differ.join("\n"));
    a
}

#[test]
fn fast_path_and_part_templates_give_the_same_bytes() {
    for language in ["en", "de", "fr"] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("edition");
        common::copy_edition(&common::demo(), &root);
        for e in std::fs::read_dir(common::demo().join("tests/fixtures/raw")).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with("19") && name.ends_with(".txt") {
                std::fs::copy(&p, root.join("content/documents").join(&name)).unwrap();
            }
        }
        set_language(&root, language);
        let a = compare(&root, tmp.path(), language);
        // The comparison covered the parts: document and entry pages exist.
        assert!(a.keys().filter(|k| k.starts_with("documents/")).count() > 16);
        assert!(a.keys().any(|k| k.starts_with("persons/") && !k.ends_with("index.html")));
    }
}

#[test]
fn interventions_excerpts_and_own_numbers_give_the_same_bytes() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcription/base");
    for language in ["en", "de", "fr"] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("edition");
        common::copy_edition(&fixture, &root);
        // A line put into the reading text too (the fixture has none).
        std::fs::write(
            root.join("content/documents/1978BONN16042.md"),
            "+++\n[[transcription.include]]\nlines = \"36\"\nreason = \"The subject's second line, <kept> as text.\"\n+++\n",
        )
        .unwrap();
        set_language(&root, language);
        let a = compare(&root, tmp.path(), language);
        // What the comparison covered: marks in the reading text, lines the
        // editor took out and put in, an excerpt, the own numbers.
        let pages: String = a
            .iter()
            .filter(|(k, _)| k.starts_with("documents/") && k.ends_with(".html"))
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
            .collect();
        for needle in ["class=\"intervention\"", "class=\"why ed\"", "k-omitted", "class=\"dpn\"", "id=\"excerpt\""] {
            assert!(pages.contains(needle), "{language}: no {needle} in the fixture's document pages");
        }
    }
}

#[test]
fn cited_by_and_threads_give_the_same_bytes() {
    // The apparatus fixture: REF letters, citations in the text, commentary
    // links, threads three deep.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apparatus");
    for language in ["en", "de", "fr"] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("edition");
        common::copy_edition(&fixture, &root);
        set_language(&root, language);
        let a = compare(&root, tmp.path(), language);
        let pages: String = a
            .iter()
            .filter(|(k, _)| k.starts_with("documents/") && k.ends_with(".html"))
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
            .collect();
        for needle in [
            "<ul class=cited-by>",
            "<ul class=\"thread answers\">",
            "<ul class=\"thread answered\">",
            "<li class=depth-3>",
            "#p6\">",
        ] {
            assert!(pages.contains(needle), "{language}: no {needle} in the fixture's document pages");
        }
    }
}

#[test]
fn long_cited_by_lists_are_capped_the_same_way() {
    // Fifty-five more telegrams answering Moscow 9310 (REF A): its "Cited
    // by" and its thread list fifty documents and count the rest.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apparatus");
    let docs = fixture.join("content/documents");
    let model = std::fs::read_to_string(docs.join("1978STATE118220.txt")).unwrap();
    assert!(model.contains("(A) MOSCOW 9310"), "the model telegram cites Moscow 9310 as REF A");
    for language in ["en", "de", "fr"] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("edition");
        common::copy_edition(&fixture, &root);
        for i in 0..55 {
            let n = 120_000 + i;
            std::fs::write(
                root.join(format!("content/documents/1978STATE{n}.txt")),
                model.replace("118220", &n.to_string()),
            )
            .unwrap();
        }
        set_language(&root, language);
        let a = compare(&root, tmp.path(), language);
        let page = String::from_utf8_lossy(&a["documents/1978MOSCOW09310.html"]).into_owned();
        let list = page.split("<ul class=cited-by>").nth(1).and_then(|l| l.split("</ul>").next()).unwrap();
        assert_eq!(list.matches("<li>").count(), 50, "{language}: fifty citing documents listed");
        let json = String::from_utf8_lossy(&a["data/1978MOSCOW09310.json"]).into_owned();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let all = v["cited_by"].as_array().unwrap().len();
        assert!(all > 55, "{language}: the JSON lists every citing document, {all}");
        let more = page.split("<ul class=cited-by>").nth(1).unwrap().split("</ul>").nth(1).unwrap();
        assert!(more.starts_with("<p class=more>"), "{language}: {}", &more[..200.min(more.len())]);
        assert!(more.contains(&format!(" {} ", all - 50)), "{language}: the rest counted: {}", &more[..200]);
        assert!(more.contains("<a href=\"../references.html#c-1978MOSCOW09310\">"), "{language}: {}", &more[..300]);
        assert!(more.contains("<a href=\"../data/1978MOSCOW09310.json\">"), "{language}");
        let refs = String::from_utf8_lossy(&a["references.html"]).into_owned();
        assert!(refs.contains("<li id=\"c-1978MOSCOW09310\">"), "{language}: the row linked to");
        let answered = page.split("<ul class=\"thread answered\">").nth(1).unwrap();
        assert!(answered.split("</ul>").nth(1).unwrap().starts_with("<p class=more>"), "{language}: thread capped");
    }
}

#[test]
fn strings_with_apostrophes_and_slashes_give_the_same_bytes() {
    // An edition's own strings.toml, with the characters where Tera's
    // built-in `escape` filter and Folio's escape differ (`'` and `/`), in
    // strings the part templates escape explicitly (`| escape`) and in
    // strings they print through autoescape.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apparatus");
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    common::copy_edition(&fixture, &root);
    std::fs::write(
        root.join("strings.toml"),
        "[site]\nlist_separator = \" / \"\n\n[apparatus]\nparagraph = \"l'alinéa {n} (¶/{n})\"\n\
         more_data = \"the document's data (JSON/UTF-8)\"\ncited_heading = \"Who's citing it / cited\"\n\n\
         [document]\ntei = \"TEI/XML\"\njson = \"JSON (the page's data)\"\ncite_each = \"Cite ¶ (each one's own)\"\n\
         raw = \"the raw text/as received\"\n",
    )
    .unwrap();
    let a = compare(&root, tmp.path(), "en");
    let page = String::from_utf8_lossy(&a["documents/1978MOSCOW09310.html"]).into_owned();
    assert!(page.contains("l&#39;alinéa"), "the override is used and escaped the way the page escapes");
    assert!(page.contains("Who&#39;s citing it / cited"), "{}", &page[page.find("cited-h").unwrap_or(0)..][..200]);
    // The document page's own `| escape` strings (its Rust fast path too).
    assert!(page.contains("JSON (the page&#39;s data)"), "the page escapes like autoescape");
    assert!(page.contains("TEI/XML"), "a slash is not escaped");
}
