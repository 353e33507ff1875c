//! Templates and interface strings (docs/templates.md), through the
//! command line: an edition in German reads in German; an edition's own
//! parts are used on every page; mistakes in them are located and leave the
//! previous site in place; every occurrence of a slot is filled.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

/// The demo edition with the fourteen fixture telegrams added, in `dir`.
fn edition(dir: &Path, language: &str) -> PathBuf {
    let root = dir.join("edition");
    common::copy_edition(&common::demo(), &root);
    let raw = common::demo().join("tests/fixtures/raw");
    for e in std::fs::read_dir(&raw).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("19") && name.ends_with(".txt") {
            std::fs::copy(&p, root.join("content/documents").join(&name)).unwrap();
        }
    }
    let site = root.join("site.toml");
    let text =
        std::fs::read_to_string(&site).unwrap().replace("language = \"en\"", &format!("language = \"{language}\""));
    assert!(text.contains(&format!("language = \"{language}\"")));
    std::fs::write(&site, text).unwrap();
    root
}

fn build(root: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap()
}

fn build_ok(root: &Path, out: &Path) {
    let o = build(root, out);
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
}

fn html_pages(out: &Path) -> Vec<(String, String)> {
    common::files(out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
        .collect()
}

/// Interface strings of the English edition, as they appear in its pages
/// (with their surrounding markup, so the documents' own English text does
/// not count).
const ENGLISH: &[&str] = &[
    ">Skip to content<",
    ">Documents<",
    ">Persons<",
    ">Places<",
    ">Organizations<",
    ">Topics<",
    ">Chronology<",
    "Search the edition",
    ">Search<",
    "edited by",
    "Made with Folio",
    "The edition in numbers",
    "Documents by date",
    "All documents as a table",
    "documents, by date",
    ">Date<",
    ">Title<",
    "About this document",
    "Reading text",
    ">Facsimile",
    "People, places and topics",
    "Message attributes",
    ">Show<",
    ">Both<",
    "the text as typed",
    "Show lines removed",
    "Skip to the reading text",
    ">Sheet ",
    "Sheet 1",
    " paragraphs",
    "In this document",
    "Cite and reuse",
    "Paragraphs are cited",
    "title=\"Paragraph ",
    ">sheet ",
    "Back to the passage",
    "aria-label=\"note ",
    "Previous and next document",
    ">Previous<",
    ">Next<",
    "Related documents",
    "shared entr",
    "Date-time group",
    ">Precedence<",
    ">Subject<",
    ">Distribution<",
    "Communication-centre",
    "Sources cited",
    "the date-time group gives",
    "precedence: ",
    "filed under",
    "offices that received copies",
    "American Embassy",
    "Secretary of State",
    "State Department telegram",
    "Press-digest article",
    "classification banner",
    "page header",
    "transmission control",
    "in the metadata",
    "declassification stamp",
    " to Secretary",
    "entries,",
    "found in the documents",
    "No entries yet",
    "Authority records",
    "See also:",
    "Forms in the documents",
    "Mentions per year",
    "Mentions of ",
    "Mentions in context",
    "no mention in the text",
    "(continued)",
    "Listed for this document",
    "Documents per month",
    "Months (documents)",
    "Undated",
    ">undated<",
    "No documents yet",
    "← Previous",
    "Next →",
    "Pages of ",
    "Words, ",
    "in quotes",
    "Most relevant",
    "Oldest first",
    "Newest first",
    "Narrow the results",
    "More results",
    ">Browse<",
    "Searching the full text",
    " mentions<",
    " documents<",
    " document<",
    "Latest documents",
    "Ways in",
    "By originating post",
    "By classification",
    "Documents by date",
    "Undated documents",
    "All documents",
    "initial letter",
];

#[test]
fn a_german_edition_has_no_english_interface_string_left() {
    let tmp = tempfile::tempdir().unwrap();
    let root = edition(tmp.path(), "de");
    let out = tmp.path().join("out");
    build_ok(&root, &out);
    let pages = html_pages(&out);
    let mut found = Vec::new();
    for (rel, html) in &pages {
        // The documents' own text is English: take out what is marked so;
        // and the demo's editorial text (headnotes, notes, essays,
        // summaries) is English too, as its editors wrote it.
        let html = strip_editorial(&strip_lang_en(html));
        for s in ENGLISH {
            if html.contains(s) {
                found.push(format!("{rel}: {s:?}"));
            }
        }
    }
    found.dedup();
    assert!(found.is_empty(), "English interface strings in the German edition:\n{}", found.join("\n"));
    let doc = common::read(&out, "documents/1978MOSCOW08357.html");
    assert!(doc.starts_with("<!DOCTYPE html><html lang=de>") || doc.contains("<html lang=\"de\">"), "{}", &doc[..200]);
    for s in [
        "Lesetext",
        "Faksimile",
        "Zu diesem Dokument",
        "Datum-Zeit-Gruppe",
        "20. April 1978",
        "Amerikanische Botschaft",
    ] {
        assert!(doc.contains(s), "{s} missing");
    }
    // The telegram's text is marked English.
    // (minify-html may reorder the attributes and drop their quotes)
    let typed = regex::Regex::new(r#"<pre (class="?typed"? lang="?en"?|lang="?en"? class="?typed"?)>"#).unwrap();
    assert!(typed.is_match(&doc), "facsimile not marked");
    let search = common::read(&out, "search.html");
    assert!(search.contains("Ergebnisse eingrenzen") && search.contains("data-strings="), "search page");
}

/// Removes the editors' own prose: essays, headnotes, the introduction,
/// summaries, register descriptions and the bodies of notes.
fn strip_editorial(html: &str) -> String {
    let notes = regex::Regex::new(r"(?s)(</q></p>).*?(</aside>)").unwrap();
    let html = notes.replace_all(html, "$1$2");
    let prose = regex::Regex::new(
        r#"<(p|section|div|article)[^>]*class="?[^">]*\b(prose|summary|card-summary|lede|entry-note|card-route)\b[^>]*>"#,
    )
    .unwrap();
    strip_elements(&html, &prose)
}

/// Removes elements marked `lang=en` / `lang="en"` (and their content up to
/// their closing tag) from a page: what is left is the interface.
fn strip_lang_en(html: &str) -> String {
    // Not <html lang=en>: that is the interface's language.
    let re = regex::Regex::new(r#"<([a-gi-z][a-z0-9]*|h[1-6])[^>]*\slang="?en"?[^>]*>"#).unwrap();
    strip_elements(html, &re)
}

/// Removes every element whose start tag `re` matches (group 1: the tag
/// name), with its content up to its own closing tag (nested elements of
/// the same name counted).
fn strip_elements(html: &str, re: &regex::Regex) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(m) = re.find(rest) {
        out.push_str(&rest[..m.start()]);
        let tag = re.captures(&rest[m.start()..]).unwrap()[1].to_string();
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        // An opening tag of the same name (`<p ` or `<p>`, not `<pre`).
        let find_open = |from: usize| {
            let mut k = from;
            while let Some(j) = rest[k..].find(&open) {
                let at = k + j;
                if matches!(rest.as_bytes().get(at + open.len()), Some(b' ' | b'>' | b'\n' | b'\t')) {
                    return Some(at);
                }
                k = at + open.len();
            }
            None
        };
        let mut depth = 1;
        let mut i = m.end();
        while depth > 0 {
            let next_close = rest[i..].find(&close).map(|j| i + j);
            match (find_open(i), next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    i = o + open.len();
                }
                (_, Some(c)) => {
                    depth -= 1;
                    i = c + close.len();
                }
                _ => {
                    i = rest.len();
                    break;
                }
            }
        }
        rest = &rest[i..];
    }
    out.push_str(rest);
    out
}

#[test]
fn an_english_edition_keeps_its_english_strings() {
    // The German test's list is not vacuous: the English edition has them.
    let tmp = tempfile::tempdir().unwrap();
    let root = edition(tmp.path(), "en");
    let out = tmp.path().join("out");
    build_ok(&root, &out);
    let all: String = html_pages(&out).into_iter().map(|(_, h)| strip_lang_en(&h)).collect();
    let missing: Vec<&&str> = ENGLISH.iter().filter(|s| !all.contains(**s)).collect();
    assert!(missing.len() < ENGLISH.len() / 5, "most English strings should appear; missing: {missing:?}");
}

#[test]
fn an_editions_strings_toml_changes_strings_and_bad_keys_are_located() {
    let tmp = tempfile::tempdir().unwrap();
    let root = edition(tmp.path(), "fr");
    std::fs::write(root.join("strings.toml"), "[document]\nreading = \"Texte établi\"\n").unwrap();
    let out = tmp.path().join("out");
    build_ok(&root, &out);
    let doc = common::read(&out, "documents/1978MOSCOW08357.html");
    assert!(doc.contains("Texte établi") && doc.contains("20 avril 1978") && doc.contains("Fac-similé"));
    assert!(!doc.contains("Texte de lecture"));

    std::fs::write(root.join("strings.toml"), "[document]\nreading = \"x\"\nredaing = \"y\"\n").unwrap();
    let o = build(&root, &tmp.path().join("out2"));
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("strings.toml:3:1") && err.contains("document.redaing"), "{err}");
    assert!(err.contains("document.reading"), "the known keys are listed: {err}");
    assert!(!tmp.path().join("out2").exists());
}

const PARAGRAPH: &str =
    "<div class=\"my-para\" id=\"p{{ paragraph.n }}\">{{ paragraph.html | safe }}{{ notes_html | safe }}</div>\n";
const NOTE: &str = "<aside class=\"my-note\" id=\"n{{ note.n }}\"><a href=\"#r{{ note.n }}\">{{ note.n }}</a> {{ note.html | safe }}</aside>";
const METADATA: &str = "{% for f in facts %}<div class=\"my-fact\"><dt>{{ f.label }}</dt><dd>{% for v in f.values %}{{ v.text }}{% endfor %}</dd></div>{% endfor %}";

#[test]
fn an_editions_own_parts_are_used_on_every_document_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = edition(tmp.path(), "en");
    let parts = root.join("templates/parts");
    std::fs::create_dir_all(&parts).unwrap();
    std::fs::write(parts.join("reading-paragraph.html"), PARAGRAPH).unwrap();
    std::fs::write(parts.join("note.html"), NOTE).unwrap();
    std::fs::write(parts.join("metadata.html"), METADATA).unwrap();
    let out = tmp.path().join("out");
    build_ok(&root, &out);
    let mut docs = 0;
    for (rel, html) in html_pages(&out) {
        // Document pages only, not the lists (documents/by-date/...).
        if !rel.starts_with("documents/") || rel == "documents/index.html" || rel.matches('/').count() > 1 {
            continue;
        }
        docs += 1;
        assert!(html.contains("my-para"), "{rel}: own paragraph part not used");
        assert!(!html.contains("para-wrap"), "{rel}: built-in paragraph markup left");
        assert!(html.contains("my-fact"), "{rel}: own metadata part not used");
        assert!(!html.contains("class=\"fact fact-"), "{rel}: built-in metadata markup left");
    }
    assert_eq!(docs, 16);
    let demo = common::read(&out, "documents/1978MOSCOW08357.html");
    assert!(demo.contains("my-note"), "own note part not used");
    assert!(!demo.contains("note-head"));
    assert!(common::link_problems(&out).is_empty(), "{:?}", common::link_problems(&out));
}

#[test]
fn mistakes_in_an_editions_part_are_located_and_the_previous_site_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let root = edition(tmp.path(), "en");
    let out = tmp.path().join("out");
    build_ok(&root, &out);
    let before = common::files(&out);
    let parts = root.join("templates/parts");
    std::fs::create_dir_all(&parts).unwrap();

    // A syntax error.
    std::fs::write(parts.join("note.html"), "<aside>\n{{ note.n }\n</aside>").unwrap();
    let o = build(&root, &out);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("templates/parts/note.html:2:"), "{err}");
    assert!(err.contains("note {n, quote, html, quote_lang}"), "the part's variables are listed: {err}");
    assert!(!err.contains("panicked"), "{err}");

    // A variable the part does not get.
    std::fs::write(parts.join("note.html"), "<aside>\n  {{ note.n }} {{ footnote.text }}</aside>").unwrap();
    let o = build(&root, &out);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("templates/parts/note.html:2:19"), "{err}");
    assert!(err.contains("footnote"), "{err}");
    assert!(err.contains("note"), "{err}");

    // An unknown string key.
    std::fs::write(parts.join("note.html"), "<aside>{{ t(k='document.nope') }}</aside>").unwrap();
    let o = build(&root, &out);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("templates/parts/note.html:1:") && err.contains("document.nope"), "{err}");

    assert_eq!(common::files(&out), before, "a failed build changed the previous site");
}

#[test]
fn every_occurrence_of_a_slot_is_filled() {
    let tmp = tempfile::tempdir().unwrap();
    let root = edition(tmp.path(), "en");
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let doc = std::fs::read_to_string(common::demo().join("templates/document.html")).unwrap();
    let doc = doc
        .replace(
            "{{ related_html | safe }}",
            "{{ related_html | safe }}{{ doc_nav_html | safe }}{{ related_html | safe }}",
        )
        .replace(
            "</article>",
            "<ul class=\"own-facts\">{% for f in facts %}<li>{{ f.label }}</li>{% endfor %}</ul></article>",
        );
    std::fs::write(templates.join("document.html"), doc).unwrap();
    let out = tmp.path().join("out");
    build_ok(&root, &out);
    for (rel, html) in html_pages(&out) {
        assert!(
            !html.contains('\u{1}') && !html.contains("folio:doc-nav") && !html.contains("folio:related"),
            "{rel}: a slot marker was published"
        );
    }
    let page = common::read(&out, "documents/1978MOSCOW08357.html");
    assert_eq!(page.matches("class=doc-nav").count() + page.matches("class=\"doc-nav\"").count(), 2, "the nav twice");
    assert!(page.contains("<ul class=\"own-facts\"><li>Classification</li>"), "facts loop in an own document.html");
}
