//! Provenance (issue 16): a source note per document (commentary `source`,
//! site.toml's `source` for the rest) and dates marked by where they come
//! from, an inferred date in brackets on the page, `@evidence="conjecture"`
//! in TEI, `date_basis` in JSON and in the citations.

use std::path::Path;
use std::process::{Command, Output};

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn build(root: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// An edition of three documents: a plain text named by its document
/// number (no date in it: the year is inferred), an article whose editor
/// inferred the date and names the source, and a plain text with neither.
fn edition(root: &Path) {
    write(root, "site.toml", "title = \"Provenance\"\nsource = \"Site-wide source note\"\n");
    write(root, "content/documents/1977BONN20123.txt", "The ambassador called on the minister today.\n");
    write(
        root,
        "content/documents/monitor-5-12.txt",
        "MOSCOW WARNS KIEV OVER GAS.\nPublication: Monitor Volume: 5 Issue: 12\nThe talks went on (Itar-Tass, May 4).\n",
    );
    write(
        root,
        "content/documents/monitor-5-12.md",
        "+++\ndate = 1999-05-05\ndate_inferred = \"from the issue number\"\nsource = \"The Jamestown Foundation, Monitor 5:12\"\n+++\nA headnote.\n",
    );
    write(root, "content/documents/undated.txt", "No number and no date here.\n");
}

#[test]
fn dates_say_where_they_come_from_and_sources_are_stated() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    let out = tmp.path().join("out");
    edition(&root);
    let o = build(&root, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Folio's inference: the year of the document number, in brackets.
    let page = read(&out, "documents/1977BONN20123.html");
    assert!(page.contains("[1977]"), "inferred year in brackets");
    assert!(page.contains("inferred from the year of the document number"));
    assert!(page.contains("Site-wide source note"), "the site's default source");
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/1977BONN20123.json")).unwrap();
    assert_eq!(json["date"], "1977");
    assert_eq!(json["date_basis"], "inferred");
    assert_eq!(json["date_note"], "from the document number");
    assert_eq!(json["source"], "Site-wide source note");
    let tei = read(&out, "tei/1977BONN20123.xml");
    assert!(tei.contains("<origDate when=\"1977\" evidence=\"conjecture\">"), "{tei}");
    assert!(tei.contains("<provenance>Site-wide source note</provenance>"));

    // The editor's inference and source, over the site's default.
    let page = read(&out, "documents/monitor-5-12.html");
    assert!(page.contains("[5 May 1999]"));
    assert!(page.contains("inferred by the editor: from the issue number"));
    assert!(page.contains("The Jamestown Foundation, Monitor 5:12"));
    assert!(!page.contains("Site-wide source note"));
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/monitor-5-12.json")).unwrap();
    assert_eq!(json["date_basis"], "inferred");
    assert_eq!(json["date_note"], "from the issue number");
    let tei = read(&out, "tei/monitor-5-12.xml");
    assert!(tei.contains("evidence=\"conjecture\""));
    assert!(tei.contains("<note type=\"date\">from the issue number</note>"));
    // The citations mark the date as inferred too.
    let bib = read(&out, "downloads/edition.bib");
    assert!(bib.contains("Source: The Jamestown Foundation, Monitor 5:12"), "{bib}");

    // No number, no date: nothing invented.
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/undated.json")).unwrap();
    assert!(json["date"].is_null());
    assert!(json.get("date_basis").is_none());
}

#[test]
fn an_inference_note_without_a_date_is_a_located_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    let out = tmp.path().join("out");
    write(&root, "site.toml", "title = \"Provenance\"\n");
    write(&root, "content/documents/note.txt", "Some text.\n");
    write(&root, "content/documents/note.md", "+++\ndate_inferred = \"from the postmark\"\n+++\nHeadnote.\n");
    let o = build(&root, &out);
    assert!(o.status.success(), "a warning, not an error");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("note.md:2:"), "{err}");
    assert!(err.contains("`date_inferred` explains a date, but there is no date"), "{err}");
    assert!(err.contains("date = 1999-08-26"), "the way out: {err}");
}

#[test]
fn the_json_export_carries_the_commentary_and_the_mentions() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(Path::new(env!("CARGO_MANIFEST_DIR")), &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/1978MOSCOW08357.json")).unwrap();
    assert!(json["summary"].as_str().is_some_and(|s| s.contains("Kapitsa")));
    assert!(json["headnote_html"].as_str().is_some_and(|s| s.starts_with("<p>")));
    let notes = json["notes"].as_array().unwrap();
    assert!(!notes.is_empty());
    // A note's anchor is a passage of the reading text.
    let paras = json["paragraphs"].as_array().unwrap();
    for n in notes {
        let p = &paras[n["paragraph"].as_u64().unwrap() as usize - 1]["text"];
        let (s, e) = (n["start"].as_u64().unwrap() as usize, n["end"].as_u64().unwrap() as usize);
        assert!(p.as_str().unwrap().get(s..e).is_some(), "note {n} anchors in its paragraph");
    }
    assert_eq!(json["emendations"][0]["correction"], "FORESEEABLE");
    let mentions = json["mentions"].as_array().unwrap();
    // Grouped by entry: each place it is named, as [paragraph, start, end].
    let kapitsa = mentions.iter().find(|m| m["kind"] == "person" && m["id"] == "kapitsa").unwrap();
    for at in kapitsa["at"].as_array().unwrap() {
        let at: Vec<usize> = at.as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
        let text = paras[at[0] - 1]["text"].as_str().unwrap();
        assert!(text[at[1]..at[2]].to_uppercase().contains("KAPITSA"), "{at:?} is a mention of Kapitsa");
    }
    assert_eq!(json["source"].as_str().map(|s| s.starts_with("Department of State")), Some(true));
}

/// An empty or blank `source` says nothing: no Source row, no TEI
/// `<provenance>`, no `source` in JSON or the citations; in front matter a
/// located warning, and the site's source applies.
#[test]
fn an_empty_source_is_left_out_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    let out = tmp.path().join("out");
    write(&root, "site.toml", "title = \"Provenance\"\nsource = \"  \"\n");
    write(&root, "content/documents/blank.txt", "Some text.\n");
    write(&root, "content/documents/blank.md", "+++\ntitle = \"Blank\"\nsource = \"\"\n+++\nHeadnote.\n");
    write(&root, "content/documents/spaces.txt", "Other text.\n");
    write(&root, "content/documents/spaces.md", "+++\nsource = \" \\t \"\n+++\nHeadnote.\n");
    write(&root, "content/documents/none.txt", "Third text.\n");
    let o = build(&root, &out);
    assert!(o.status.success(), "a warning, not an error: {}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("blank.md:3:"), "{err}");
    assert!(err.contains("spaces.md:2:"), "{err}");
    assert!(err.contains("`source` is empty"), "{err}");
    for id in ["blank", "spaces", "none"] {
        let json: serde_json::Value = serde_json::from_str(&read(&out, &format!("data/{id}.json"))).unwrap();
        assert!(json.get("source").is_none(), "{id}: {}", json["source"]);
        assert!(json["csl"].get("note").is_none_or(|n| !n.as_str().unwrap_or("").contains("Source")), "{id}");
        let tei = read(&out, &format!("tei/{id}.xml"));
        assert!(!tei.contains("<provenance"), "{id}: {tei}");
        let page = read(&out, &format!("documents/{id}.html"));
        assert!(!page.contains("fact-source"), "{id}: a Source row");
        assert!(!page.contains("DC.source"), "{id}");
    }
    let bib = read(&out, "downloads/edition.bib");
    assert!(!bib.contains("Source:"), "{bib}");
}

/// An inferred date is bracketed, with the page's gloss as its tooltip,
/// wherever a document is listed: the documents list, the home page, the
/// chronology, previous/next, related documents, "cited by", the
/// references page, a register entry's documents and concordance, and the
/// search results' data.
#[test]
fn an_inferred_date_is_bracketed_wherever_the_document_is_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    let out = tmp.path().join("out");
    edition(&root);
    // Both documents mention the minister, and the article's commentary
    // cites the telegram.
    write(
        &root,
        "content/registers/persons.toml",
        "[[person]]\nid = \"genscher\"\nname = \"Hans-Dietrich Genscher\"\naliases = [\"minister\", \"MINISTER\"]\n",
    );
    write(
        &root,
        "content/documents/monitor-5-12.txt",
        "MOSCOW WARNS KIEV OVER GAS.\nPublication: Monitor Volume: 5 Issue: 12\nThe talks went on (Itar-Tass, May 4), the minister said.\n",
    );
    write(
        &root,
        "content/documents/monitor-5-12.md",
        "+++\ndate = 1999-05-05\ndate_inferred = \"from the issue number\"\n+++\nA headnote; compare [the telegram](doc:1977BONN20123).\n",
    );
    let o = build(&root, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let year = "<time datetime=\"1977\" title=\"inferred from the year of the document number\">[1977]</time>";
    let day =
        "<time datetime=\"1999-05-05\" title=\"inferred by the editor: from the issue number\">[1999-05-05]</time>";
    for (file, wanted) in [
        ("documents/index.html", vec![year, day]),
        ("index.html", vec![year, day]),
        ("chronology.html", vec![year, day]),
        ("documents/1977BONN20123.html", vec![day]), // next, related, cited by
        ("documents/monitor-5-12.html", vec![year]), // previous, related
        ("persons/genscher.html", vec![year, day]),
    ] {
        let html = read(&out, file);
        for w in wanted {
            assert!(html.contains(w), "{file} lacks {w}");
        }
        assert!(!html.contains("<time datetime=\"1977\">"), "{file}: an unbracketed inferred date");
    }
    let page = read(&out, "documents/1977BONN20123.html");
    assert!(page.matches(day).count() >= 3, "next, related and cited by: {}", page.matches(day).count());
    let refs = read(&out, "references.html");
    assert!(refs.contains("[1977]"), "{refs}");
    // The search results' data says how it was inferred; search.js
    // brackets the date and gives this as its tooltip.
    let search = std::fs::read_dir(out.join("search/doc"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(
        search.contains("\"date\":\"1977\",\"date_inferred\":\"inferred from the year of the document number\""),
        "{search}"
    );
    assert!(search.contains("\"date_inferred\":\"inferred by the editor: from the issue number\""), "{search}");
    assert_eq!(search.matches("\"date_inferred\":").count(), 2, "{search}");
}
