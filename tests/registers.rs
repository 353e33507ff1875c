//! Registers and index pages, end to end: fixture editions are built into
//! temporary folders and the entry, register, chronology pages and the
//! build report are checked.

use std::fs;
use std::path::Path;

use folio::{build, BuildOptions, BuildReport};

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn run(root: &Path) -> Result<BuildReport, String> {
    let opts = BuildOptions { root: root.to_path_buf(), output: root.join("public"), minify: Some(false), cache: true };
    build(&opts).map_err(|e| e.to_string().replace(&root.display().to_string(), "[ROOT]"))
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const SITE: &str = "title = \"Fixture\"\n[build]\nminify = false\n";

const PERSONS: &str = r#"
[[person]]
id = "hua-guofeng"
name = "Hua Guofeng"
aliases = ["HUA KUO-FENG", "HUA"]
wikidata = "Q16927"

[[person]]
id = "klebanov"
name = "Ilya Klebanov"
sort = "Klebanov, Ilya"
aliases = ["Ilya Klebanov", "Klebanov"]

[[person]]
id = "kim-il-sung"
name = "Kim Il-sung"
aliases = ["KIM IL-SONG"]
ambiguous_aliases = ["KIM"]

[[person]]
id = "kim-dae-jung"
name = "Kim Dae-jung"
ambiguous_aliases = ["KIM"]

[[person]]
id = "nobody"
name = "Nobody at all"
aliases = ["ZZYZX"]
"#;

const PLACES: &str = r#"
[[place]]
id = "beijing"
name = "Beijing"
aliases = ["Beijing", "PEKING"]
"#;

const TOPICS: &str = r#"
[[topic]]
id = "arms-control"
name = "Arms control"
tags = ["PARM"]
concepts = ["SALT (ARMS CONTROL)"]
"#;

const CABLE: &str = "UNCLASSIFIED

PAGE 01 MOSCOW 00001 011200Z

R 011200Z APR 78

FM AMEMBASSY MOSCOW

TO SECSTATE WASHDC 0001

UNCLASSIFIED MOSCOW 00001

E.O. 11652: N/A

TAGS: PARM, UR, CH, QQQQ

SUBJECT: HUA AND PEKING

1. HUA KUO-FENG WILL GO TO PEKING. LATER HUA SAID NOTHING; SHUA AND HUAS ARE NOT NAMES.

2. KIM SAID LITTLE. KIM IL-SONG WILL COME.

3. NOTHING ELSE.

UNCLASSIFIED

NNN
";

fn fixture(root: &Path) {
    write(root, "site.toml", SITE);
    write(root, "content/registers/persons.toml", PERSONS);
    write(root, "content/registers/places.toml", PLACES);
    write(root, "content/registers/topics.toml", TOPICS);
    write(root, "content/documents/1978MOSCOW00001.txt", CABLE);
    write(
        root,
        "content/documents/monitor.txt",
        "Reports of Klebanov’s visit to Beijing.\n\nIlya Klebanov oversees production; KLEBANOV is busy.\n",
    );
    write(
        root,
        "content/documents/monitor.md",
        "+++\ntitle = \"Monitor item\"\ndate = 1999-08-26\nformat = \"plain\"\n+++\n",
    );
    write(root, "content/documents/kim.txt", "KIM SAID NOTHING. HUA WAS ABSENT.\n");
    write(
        root,
        "content/documents/kim.md",
        "+++\ntitle = \"Kim note\"\ndate = 1980-01-02\nformat = \"plain\"\nresolve = { KIM = \"kim-dae-jung\" }\nignore_mentions = [\"HUA\"]\n+++\n",
    );
    write(root, "content/documents/undated.txt", "Nothing about anyone here.\n");
    write(
        root,
        "content/documents/undated.md",
        "+++\ntitle = \"Undated note\"\nformat = \"plain\"\npersons = [\"hua-guofeng\"]\n+++\n",
    );
}

/// The KWIC rows of an entry page: (document link with #pN, keyword).
fn kwic(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for row in html.split("<tr>").skip(1) {
        let Some(href) = row.split("href=\"").nth(1).and_then(|s| s.split('"').next()) else { continue };
        let Some(kw) = row.split("<mark>").nth(1).and_then(|s| s.split("</mark>").next()) else { continue };
        out.push((href.to_string(), kw.to_string()));
    }
    out
}

#[test]
fn entry_pages_list_exactly_the_right_documents_and_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fixture(root);
    let report = run(root).unwrap();

    // Hua: the cable (longest match first, whole words only), not the Kim
    // note (ignore_mentions), and the undated note (attached, no mention).
    let hua = read(root, "persons/hua-guofeng.html");
    assert_eq!(
        kwic(&hua),
        vec![
            ("../documents/1978MOSCOW00001.html#p1".to_string(), "HUA KUO-FENG".to_string()),
            ("../documents/1978MOSCOW00001.html#p1".to_string(), "HUA".to_string()),
        ]
    );
    assert!(hua.contains("href=\"../documents/undated.html\""), "attached document listed");
    assert!(!hua.contains("documents/kim.html"), "ignored mention must not list the document");
    assert!(hua.contains("Wikidata Q16927"));
    assert!(hua.contains("<svg class=\"timeline\""));

    // Klebanov: Unicode apostrophe and case; the article's three mentions.
    let k = read(root, "persons/klebanov.html");
    let rows = kwic(&k);
    assert_eq!(rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), vec!["Klebanov", "Ilya Klebanov", "KLEBANOV"]);
    assert!(rows[0].0.ends_with("monitor.html#p1") && rows[1].0.ends_with("monitor.html#p2"), "{rows:?}");
    assert!(k.contains("Klebanov’s visit") || k.contains("’s visit"), "context kept as written");

    // KIM: resolved only where the front matter says so.
    let kdj = read(root, "persons/kim-dae-jung.html");
    assert_eq!(kwic(&kdj), vec![("../documents/kim.html#p1".to_string(), "KIM".to_string())]);
    let kis = read(root, "persons/kim-il-sung.html");
    assert_eq!(kwic(&kis), vec![("../documents/1978MOSCOW00001.html#p2".to_string(), "KIM IL-SONG".to_string())]);
    assert_eq!(report.report.unresolved.get("kim"), Some(&vec![folio::model::DocId::any("1978MOSCOW00001")]));

    // Places: historic form PEKING.
    let beijing = read(root, "places/beijing.html");
    assert_eq!(kwic(&beijing).iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), vec!["PEKING", "Beijing"]);
    assert!(beijing.contains("PEKING</span> (1)"), "forms found are listed");

    // Topic through TAGS; the document page shows codes with meanings.
    let arms = read(root, "topics/arms-control.html");
    assert!(arms.contains("href=\"../documents/1978MOSCOW00001.html\""));
    let doc = read(root, "documents/1978MOSCOW00001.html");
    assert!(doc.contains("Soviet Union"), "UR is shown with its meaning");
    assert!(doc.contains("href=\"../topics/arms-control.html\""));
    assert!(doc.contains("class=\"mention person\" href=\"../persons/hua-guofeng.html\">HUA KUO-FENG</a>"));

    // Register index: letters with counts.
    let idx = read(root, "persons/index.html");
    assert!(idx.contains("href=\"#letter-K\" title=\"3 entries\""), "{idx}");
    assert!(idx.find("Hua Guofeng").unwrap() < idx.find("Ilya Klebanov").unwrap());

    // Chronology: dated documents by month, undated apart, an SVG timeline.
    let chrono = read(root, "chronology.html");
    assert!(chrono.contains("id=\"m1978-04\"") && chrono.contains("id=\"m1999-08\""));
    assert!(chrono.contains("<svg class=\"timeline\"") && chrono.contains("href=\"#m1978-04\""));
    let undated = chrono.split("id=\"undated-h\"").nth(1).expect("undated section");
    assert!(undated.contains("documents/undated.html"));

    // The report: unmapped and unknown codes, entries never mentioned.
    let text = read(root, "build-report.txt");
    assert!(text.contains("UR (Soviet Union): 1 document (1978MOSCOW00001)"), "{text}");
    assert!(text.contains("QQQQ (political affairs?)") || text.contains("QQQQ"), "{text}");
    assert!(text.contains("persons: nobody"), "{text}");
    assert_eq!(report.report.registers[&folio::Kind::Person].never_mentioned, vec!["nobody".to_string()]);
}

#[test]
fn a_name_in_three_thousand_documents_gives_small_linked_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.toml", "title = \"Big\"\n[build]\nminify = false\nmentions_per_page = 200\n");
    write(
        root,
        "content/registers/persons.toml",
        "[[person]]\nid = \"kapitsa\"\nname = \"Mikhail Kapitsa\"\naliases = [\"KAPITSA\"]\n",
    );
    let n = 3000;
    for i in 0..n {
        let month = i % 12 + 1;
        let year = 1970 + (i / 12) % 10;
        write(
            root,
            &format!("content/documents/d{i:05}.txt"),
            &format!("Item {i}. KAPITSA said something on day {i}.\n"),
        );
        write(
            root,
            &format!("content/documents/d{i:05}.md"),
            &format!("+++\ndate = {year}-{month:02}-01\nformat = \"plain\"\n+++\n"),
        );
    }
    let report = run(root).unwrap();
    assert_eq!(report.documents, n);
    let pages = n.div_ceil(200);
    for p in 1..=pages {
        let name = if p == 1 { "persons/kapitsa.html".to_string() } else { format!("persons/kapitsa-{p}.html") };
        let html = read(root, &name);
        assert!(html.len() < 150_000, "{name} is {} bytes", html.len());
        assert_eq!(kwic(&html).len(), 200, "{name}");
        if p > 1 {
            let prev = if p == 2 { "kapitsa.html".to_string() } else { format!("kapitsa-{}.html", p - 1) };
            assert!(html.contains(&format!("rel=\"prev\" href=\"{prev}\"")), "{name} links back");
        }
        if p < pages {
            assert!(html.contains(&format!("rel=\"next\" href=\"kapitsa-{}.html\"", p + 1)), "{name} links on");
        }
    }
    assert!(!root.join(format!("public/persons/kapitsa-{}.html", pages + 1)).exists());
    // The register index and chronology stay small.
    assert!(read(root, "persons/index.html").len() < 20_000);
    let chrono = read(root, "chronology.html");
    assert!(chrono.len() < 60_000, "chronology.html is {} bytes", chrono.len());
    assert!(chrono.contains("href=\"chronology/1970-01.html\""));
    let month = read(root, "chronology/1970-01.html");
    assert_eq!(month.matches("href=\"../documents/d").count(), 25);
}

/// Builds an edition with the given persons.toml and returns the errors.
fn errors(persons: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site.toml", SITE);
    write(dir.path(), "content/registers/persons.toml", persons);
    run(dir.path()).expect_err("the build must fail")
}

#[test]
fn register_errors_name_file_line_and_fix() {
    insta::assert_snapshot!(
        "duplicates_and_empty_aliases",
        errors(
            r#"[[person]]
id = "hua"
name = "Hua Guofeng"
aliases = ["HUA", ""]

[[person]]
id = "hua"
name = "Someone else"

[[person]]
id = "hua-2"
name = "Hua Two"
aliases = ["hua"]
wikidata = "https://www.wikidata.org/wiki/Q1"
see_also = ["hau"]
"#
        )
    );
    insta::assert_snapshot!("unknown_key", errors("[[person]]\nid = \"a\"\nname = \"A\"\nalias = [\"X\"]\n"));
    insta::assert_snapshot!(
        "half_ambiguous",
        errors("[[person]]\nid = \"a\"\nname = \"A\"\nambiguous_aliases = [\"KIM\"]\n\n[[person]]\nid = \"b\"\nname = \"B\"\naliases = [\"Kim\"]\n")
    );
}

#[test]
fn front_matter_resolve_and_ignore_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fixture(root);
    write(
        root,
        "content/documents/kim.md",
        "+++\ntitle = \"Kim note\"\nformat = \"plain\"\nresolve = { KIM = \"kim-young-sam\", HUA = \"hua-guofeng\" }\nignore_mentions = [\"HUAA\"]\n+++\n",
    );
    insta::assert_snapshot!("front_matter", run(root).expect_err("the build must fail"));
}
