//! A second catalogue of hostile and careless input (issue 21), written
//! after the first was fixed: names that collide with the pages Folio
//! writes itself, files in content/ that are not what their name says,
//! output paths that reach the sources by a detour, commentary saved by
//! Windows editors, deep nesting, anchors at the very end of a text. Each
//! case runs the release binary on a copy of the demo edition; a refusal
//! must name the file and leave the edition and any previous site as they
//! were.

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

fn edition() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    (tmp, root)
}

/// A document named `index` would have its page at documents/index.html,
/// the list of documents: one replaced the other and the build said
/// nothing. Likewise an entry `index` and its register's list.
#[test]
fn ids_that_would_replace_a_list_page_are_refused() {
    let (_tmp, root) = edition();
    let docs = root.join("content/documents");
    std::fs::copy(docs.join("1978MOSCOW08357.txt"), docs.join("index.txt")).unwrap();
    std::fs::copy(docs.join("1978MOSCOW08357.txt"), docs.join("INDEX.txt")).unwrap();
    let persons = root.join("content/registers/persons.toml");
    let mut toml = std::fs::read_to_string(&persons).unwrap();
    // The line of its [[person]] header, after a blank one.
    let line = toml.lines().count() + 2;
    toml.push_str("\n[[person]]\nid = \"index\"\nname = \"Index Person\"\n");
    std::fs::write(&persons, toml).unwrap();
    let before = common::files(&root);
    let out = folio(&["build"], &root);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    for name in ["index.txt", "INDEX.txt"] {
        assert!(
            err.contains(&format!(
                "content/documents/{name}: error: `{}` cannot be a document id: its page would be documents/index.html",
                &name[..5]
            )),
            "{name}: {err}"
        );
    }
    assert!(err.contains("rename the file, e.g. to index-1.txt"), "{err}");
    assert!(
        err.contains(&format!(
            "content/registers/persons.toml:{line}: error: `index` cannot be an entry id: its page would be persons/index.html"
        )),
        "{err}"
    );
    assert!(!root.join("public").exists(), "a refused build wrote a site");
    assert_eq!(common::files(&root), before, "the edition is untouched");
}

/// An essay that is a link, a folder or a pipe was skipped without a word
/// (a document in its place is reported); a register file under a name
/// Folio does not read (`people.toml`) too.
#[test]
fn essays_and_registers_that_would_be_left_out_are_named() {
    let (tmp, root) = edition();
    let pages = root.join("content/pages");
    std::fs::create_dir(pages.join("folder.md")).unwrap();
    std::fs::write(tmp.path().join("outside.md"), "+++\ntitle = \"Outside\"\n+++\nText.\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("outside.md"), pages.join("linked.md")).unwrap();
        let fifo = pages.join("pipe.md");
        let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
        assert!(made, "mkfifo");
    }
    std::fs::write(root.join("content/registers/people.toml"), "[[person]]\nid = \"a\"\nname = \"A\"\n").unwrap();
    let out = folio(&["build"], &root);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("content/pages/folder.md: error: a folder named like an essay (.md), not an essay"), "{err}");
    #[cfg(unix)]
    {
        assert!(
            err.contains("content/pages/linked.md: error: symbolic link to")
                && err.contains("outside the edition: not read"),
            "{err}"
        );
        assert!(err.contains("content/pages/pipe.md: error: not a regular file (a pipe, socket or device)"), "{err}");
    }
    assert!(
        err.contains("content/registers/people.toml: warning: not a register file: not read")
            && err.contains("the registers are persons.toml, places.toml, organizations.toml, topics.toml"),
        "{err}"
    );
    assert!(!root.join("public").exists(), "a refused build wrote a site");
    // Without the essays, the build goes through and still warns.
    std::fs::remove_dir(pages.join("folder.md")).unwrap();
    #[cfg(unix)]
    {
        std::fs::remove_file(pages.join("linked.md")).unwrap();
        std::fs::remove_file(pages.join("pipe.md")).unwrap();
    }
    let out = folio(&["build"], &root);
    assert!(out.status.success() && stderr(&out).contains("people.toml: warning"), "{}", stderr(&out));
}

/// Output paths that reach the sources by a detour (`..`, a link) are
/// refused like the direct ones; a pipe named like a raw document is not
/// read (it would never end).
#[test]
fn detours_to_the_sources_and_pipes_are_refused() {
    let (tmp, root) = edition();
    let before = files(&root);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, tmp.path().join("link-to-edition")).unwrap();
    let link = tmp.path().join("link-to-edition");
    let cases: Vec<(&str, &str)> = vec![
        ("public/../content", "the edition's `content`"),
        ("theme/out", "the edition's `theme`"),
        ("./templates/..", "the edition's own folder"),
        (link.to_str().unwrap(), "the edition's own folder"),
    ];
    for (o, why) in cases {
        let out = folio(&["build", "-o", o], &root);
        let err = stderr(&out);
        assert!(!out.status.success() && err.contains("refusing to build into") && err.contains(why), "-o {o}: {err}");
        assert_eq!(files(&root), before, "-o {o} changed the edition");
    }
    #[cfg(unix)]
    {
        let fifo = root.join("content/documents/pipe.txt");
        assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let out = folio(&["build"], &root);
        let err = stderr(&out);
        assert!(!out.status.success(), "{err}");
        assert!(
            err.contains("content/documents/pipe.txt: error: not a regular file (a pipe, socket or device)"),
            "{err}"
        );
    }
}

/// Commentary saved with a byte-order mark and CRLF line ends gives the
/// same page as with LF; a register name with an escaped NUL publishes no
/// control character; a thousand-level nested list and quote build; notes,
/// emendations and a deletion at the very last byte of a text are placed.
#[test]
fn windows_commentary_escaped_controls_deep_nesting_and_last_byte_anchors() {
    let (_tmp, root) = edition();
    common::build_into(&root, &root.join("lf"), false);
    let docs = root.join("content/documents");
    let md = std::fs::read_to_string(docs.join("1978MOSCOW08357.md")).unwrap();
    let mut crlf = vec![0xef, 0xbb, 0xbf];
    crlf.extend(md.replace('\n', "\r\n").into_bytes());
    std::fs::write(docs.join("1978MOSCOW08357.md"), crlf).unwrap();
    common::build_into(&root, &root.join("crlf"), false);
    assert_eq!(
        common::read(&root.join("crlf"), "documents/1978MOSCOW08357.html"),
        common::read(&root.join("lf"), "documents/1978MOSCOW08357.html"),
        "BOM + CRLF commentary gives another page"
    );

    let persons = root.join("content/registers/persons.toml");
    let toml = std::fs::read_to_string(&persons).unwrap().replacen("name = \"", "name = \"Nul\\u0000Bell\\u0007", 1);
    std::fs::write(&persons, toml).unwrap();
    let mut deep = md.clone();
    deep.push_str("\n\n");
    deep.extend((0..1000).map(|i| format!("{}- item {i}\n", "  ".repeat(i))));
    deep.push_str(&format!("\n\n{} deep quote\n\n{}x{}\n", ">".repeat(1000), "[".repeat(5000), "]".repeat(5000)));
    std::fs::write(docs.join("1978MOSCOW08357.md"), deep).unwrap();
    std::fs::write(docs.join("lastbyte.txt"), "MEMORANDUM\n\nThe minister spoke about the harvest.\n\nIt ended with é")
        .unwrap();
    std::fs::write(
        docs.join("lastbyte.md"),
        "+++\ntitle = \"Last byte\"\n[[emendation]]\nreading = \"with é\"\ncorrection = \"with e\"\nnote = \"Accent.\"\n\
         +++\n## \"harvest\"\nOn the harvest.\n\n## \"ended with e\"\nOn the last words.\n",
    )
    .unwrap();
    std::fs::write(docs.join("lastdel.txt"), "MEMORANDUM\n\nThe minister spoke about the harvest.\n\nIt ended with é")
        .unwrap();
    std::fs::write(
        docs.join("lastdel.md"),
        "+++\ntitle = \"Last deleted\"\n[transcription]\n[[transcription.delete]]\npassage = \"é\"\n+++\n## \"ended with\"\nOn the end.\n",
    )
    .unwrap();
    let site = root.join("site");
    let out = folio(&["build", "--no-minify", "-o", "site"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let bad: Vec<String> = files(&site)
        .into_iter()
        .filter(|(k, b)| {
            [".html", ".xml", ".json", ".js"].iter().any(|e| k.ends_with(e))
                && b.iter().any(|&b| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f)
        })
        .map(|(k, _)| k)
        .collect();
    assert!(bad.is_empty(), "control characters published in {bad:?}");
    let page = common::read(&site, "documents/1978MOSCOW08357.html");
    assert!(page.contains("item 999") && page.contains("deep quote"), "deep nesting lost");
    let last = common::read(&site, "documents/lastbyte.html");
    assert!(last.contains("id=\"q1\"") && last.contains("id=\"q2\""), "a note at the last byte is not anchored");
    let json: serde_json::Value = serde_json::from_str(&common::read(&site, "data/lastbyte.json")).unwrap();
    assert_eq!(json["emendations"].as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(json["notes"].as_array().map(Vec::len), Some(2), "{json}");
    let del = common::read(&site, "documents/lastdel.html");
    assert!(del.contains("It <mark class=\"passage\" data-note=\"1\" id=\"q1\">ended with</mark>"), "{del}");
    assert!(del.contains("[deleted by the editor “é”: deleted by the editor]"), "{del}");
    let json: serde_json::Value = serde_json::from_str(&common::read(&site, "data/lastdel.json")).unwrap();
    assert_eq!(json["paragraphs"][2]["text"], "It ended with", "{json}");
}
