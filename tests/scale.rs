//! Pages stay bounded as an edition grows: a synthetic edition of a few
//! thousand documents is built and every HTML page measured. The limits
//! (docs/scale.md): no page over 500 KB at any size, the home page under
//! 150 KB; lists split by month, post and classification into pages of at
//! most `LIST_PAGE` rows; register indexes split by letter when large.
//! Every document is listed exactly once by date, and the lists and letter
//! pages link only to files that exist.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{build_into, files, link_problems};

/// The documented limits (docs/scale.md): rows of a list page, latest
/// documents on the home page.
const LIST_PAGE: usize = 500;
const LATEST: usize = 10;

const PAGE_MAX: usize = 500 * 1024;
const HOME_MAX: usize = 150 * 1024;

/// A synthetic edition from the `folio-synth` dev binary.
fn synth(dir: &Path, documents: usize) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_folio-synth"))
        .args(["--documents", &documents.to_string(), "--seed", "7", "--no-hugo"])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run folio-synth");
    assert!(status.success(), "folio-synth failed");
}

/// Rows of the document tables of a page.
fn rows(html: &str) -> usize {
    let Some(table) = html.split("<table class=\"doc-table\"").nth(1) else { return 0 };
    let Some(body) = table.split("<tbody>").nth(1) else { return 0 };
    body.split("</tbody>").next().unwrap_or("").matches("<tr").count()
}

/// The ids of the documents a list page links to.
fn linked_docs(html: &str) -> Vec<String> {
    let table = html.split("<table class=\"doc-table\"").nth(1).unwrap_or("");
    let body = table.split("<tbody>").nth(1).unwrap_or("");
    let body = body.split("</tbody>").next().unwrap_or("");
    body.split("documents/")
        .skip(1)
        .filter_map(|s| s.split(".html").next())
        .filter(|id| !id.contains('/') && !id.contains('"'))
        .map(str::to_string)
        .collect()
}

struct Built {
    _tmp: tempfile::TempDir,
    out: std::path::PathBuf,
    pages: BTreeMap<String, Vec<u8>>,
}

fn build(documents: usize) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    synth(&root, documents);
    let out = tmp.path().join("site");
    // Not minified: the limits hold with room to spare, and the markup is
    // easy to match.
    build_into(&root, &out, true);
    let pages = files(&out).into_iter().filter(|(k, _)| k.ends_with(".html")).collect();
    Built { _tmp: tmp, out, pages }
}

#[test]
fn pages_stay_bounded_and_every_document_is_listed_once() {
    let big = build(3000);
    let page = |rel: &str| String::from_utf8(big.pages[rel].clone()).unwrap();
    // No page over the limit; the home page well under its own.
    let (largest, bytes) = big.pages.iter().map(|(k, v)| (k.clone(), v.len())).max_by_key(|x| x.1).unwrap();
    assert!(bytes <= PAGE_MAX, "{largest} is {bytes} bytes");
    let home = big.pages["index.html"].len();
    assert!(home <= HOME_MAX, "index.html is {home} bytes");
    // The navigator lists months, not documents.
    let nav = page("documents/index.html");
    assert_eq!(rows(&nav) > 0, nav.contains("id=\"all\""), "a table only with the 'all documents' section");
    assert!(nav.contains("documents/by-date/"), "links to the month lists");
    assert!(nav.contains("documents/by-post/"), "links to the lists by post");
    assert!(nav.contains("documents/by-class/"), "links to the lists by classification");

    // Every document is in exactly one page of the lists by date, and no
    // page has more than LIST_PAGE rows.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut month_pages = 0;
    for (rel, bytes) in big.pages.iter().filter(|(k, _)| k.starts_with("documents/by-date/")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(rows(&html) <= LIST_PAGE, "{rel}: {} rows", rows(&html));
        for id in linked_docs(&html) {
            *seen.entry(id).or_default() += 1;
        }
        month_pages += 1;
    }
    let docs: Vec<&String> = big
        .pages
        .keys()
        .filter(|k| k.starts_with("documents/") && k.matches('/').count() == 1 && *k != "documents/index.html")
        .collect();
    assert_eq!(seen.len(), docs.len(), "every document listed by date");
    assert!(seen.values().all(|&n| n == 1), "each once");
    assert!(month_pages >= 12, "split by month: {month_pages} pages");
    for dir in ["documents/by-post/", "documents/by-class/"] {
        let lists: Vec<_> = big.pages.iter().filter(|(k, _)| k.starts_with(dir)).collect();
        assert!(!lists.is_empty(), "{dir}");
        for (rel, bytes) in lists {
            let n = rows(&String::from_utf8(bytes.clone()).unwrap());
            assert!((1..=LIST_PAGE).contains(&n), "{rel}: {n} rows");
        }
    }

    // Registers over the threshold are split by letter; every entry is
    // linked from exactly one letter page.
    let persons = page("persons/index.html");
    assert!(persons.contains("by-letter/"), "the person index links to its letter pages");
    let letter_pages: Vec<_> = big.pages.iter().filter(|(k, _)| k.starts_with("persons/by-letter/")).collect();
    assert!(letter_pages.len() > 5);
    let mut linked: Vec<String> = Vec::new();
    for (_, bytes) in &letter_pages {
        let html = String::from_utf8(bytes.to_vec()).unwrap();
        for part in html.split("<li><a href=\"../").skip(1) {
            let href = part.split('"').next().unwrap_or("");
            // Entries are persons/ID.html; the menu and breadcrumbs lead
            // elsewhere (../../chronology.html) or to index pages.
            if !href.contains('/') && !href.ends_with("index.html") {
                linked.push(format!("persons/{href}"));
            }
        }
    }
    let unique: std::collections::BTreeSet<&String> = linked.iter().collect();
    assert_eq!(unique.len(), linked.len(), "an entry is linked from two letter pages");
    // Entry pages, without the further pages of a long entry (ID-2.html).
    let registered: std::collections::BTreeSet<String> = big
        .pages
        .keys()
        .filter(|k| k.starts_with("persons/") && k.matches('/').count() == 1 && !k.ends_with("index.html"))
        .filter(|k| {
            let stem = k.trim_end_matches(".html");
            match stem.rsplit_once('-') {
                Some((base, n)) if n.parse::<u32>().is_ok() => !big.pages.contains_key(&format!("{base}.html")),
                _ => true,
            }
        })
        .cloned()
        .collect();
    let linked: std::collections::BTreeSet<String> = linked.into_iter().collect();
    assert_eq!(linked, registered, "every entry page is linked from exactly one letter page");

    // The references (issue 17): the head of both lists on
    // references.html, the rest on further pages, every document of each
    // list on exactly one page, in rank order, the pages linked in a row.
    let refs: Vec<(&String, String)> = big
        .pages
        .iter()
        .filter(|(k, _)| *k == "references.html" || k.starts_with("references/"))
        .map(|(k, v)| (k, String::from_utf8(v.clone()).unwrap()))
        .collect();
    let first = page("references.html");
    for (list, id) in [("cited", "most-cited"), ("outside", "not-in-edition")] {
        let mut pages = vec![("references.html".to_string(), first.clone())];
        let mut n = 2;
        while let Some(p) = big.pages.get(&format!("references/{list}-{n}.html")) {
            pages.push((format!("references/{list}-{n}.html"), String::from_utf8(p.clone()).unwrap()));
            n += 1;
        }
        assert!(pages.len() > 1, "{list}: a few thousand documents need more than one page");
        assert!(first.contains(&format!("href=\"references/{list}-2.html\"")), "references.html links to {list}-2");
        let mut rows = 0;
        for (i, (rel, html)) in pages.iter().enumerate() {
            let section = html.split(&format!("id=\"{id}\"")).nth(1).expect(rel).split("</section>").next().unwrap();
            let here =
                if list == "cited" { section.matches("<li id=").count() } else { section.matches("<tr><td>").count() };
            assert!(here > 0, "{rel}: no {list} rows");
            if i > 0 {
                // The first rank of the page follows the last of the page before.
                assert!(
                    section.contains(&format!("{}–", rows + 1)) || section.contains(&format!("start=\"{}\"", rows + 1)),
                    "{rel}: ranks from {}",
                    rows + 1
                );
                let back = if i == 1 { format!("../references.html#{id}") } else { format!("{list}-{i}.html") };
                assert!(html.contains(&format!("href=\"{back}\"")), "{rel} links back to {back}");
            }
            rows += here;
        }
        let total = first.split(&format!("id=\"{id}\"")).nth(1).unwrap();
        assert!(total.contains(&format!(" of {rows}.")), "{list}: {rows} rows in all, as the first page says");
    }
    assert!(refs.len() > 3);

    // Every link of the new pages resolves.
    let problems: Vec<String> = link_problems(&big.out)
        .into_iter()
        .filter(|p| {
            p.contains("documents/by-")
                || p.contains("by-letter")
                || p.starts_with("index.html")
                || p.starts_with("documents/index.html")
                || p.starts_with("references")
        })
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_home_page_does_not_grow_with_the_edition() {
    let small = build(300);
    let big = build(3000);
    let (s, b) = (small.pages["index.html"].len(), big.pages["index.html"].len());
    // More years, posts and topics to show, but never the documents.
    assert!(b < s * 2, "home page: {s} bytes at 300 documents, {b} at 3,000");
    // Nor does the first page of references (issue 17).
    let (s, b) = (small.pages["references.html"].len(), big.pages["references.html"].len());
    assert!(b < 100 * 1024 && b < s * 4, "references.html: {s} bytes at 300 documents, {b} at 3,000");
    let latest = |p: &[u8]| String::from_utf8_lossy(p).matches("class=\"doc-card\"").count();
    assert_eq!(latest(&big.pages["index.html"]), LATEST);
}
