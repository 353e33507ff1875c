//! `folio check` on editions with mistakes the build cannot see (a fragment
//! that no element has, a missing image) and ones it can (a wrong quote):
//! exit non-zero, every problem listed with file and line, nothing written.

mod common;

use common::new_edition;

use std::path::Path;
use std::process::{Command, Output};

const DOC: &str = "1978COPENH04711";

fn folio() -> Command {
    Command::new(env!("CARGO_BIN_EXE_folio"))
}

fn run(args: &[&str], root: &Path) -> Output {
    folio().args(args).arg("--root").arg(root).output().unwrap()
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

/// Adds a link to a note that does not exist (the build accepts any #nN),
/// a missing image, a paragraph that does not exist through a plain
/// relative link, and a stylesheet from another host in a template.
fn break_links(root: &Path) {
    append(
        &root.join(format!("content/documents/{DOC}.md")),
        "\nSee also [the ninth note](doc:1978COPENH04711#n9).\n\n![The first page](../images/page1.png)\n",
    );
    append(
        &root.join("content/pages/introduction.md"),
        "\nRead [paragraph 99](../documents/1978COPENH04711.html#p99).\n",
    );
}

#[test]
fn check_lists_every_broken_link_and_fails() {
    let (_tmp, root) = new_edition();
    break_links(&root);
    let out = run(&["check"], &root);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "check passed:\n{err}");
    let page = format!("documents/{DOC}.html:");
    let fragment = err
        .lines()
        .find(|l| l.starts_with(&page) && l.contains("#n9"))
        .unwrap_or_else(|| panic!("no #n9 problem:\n{err}"));
    assert!(fragment.contains("no element with id=\"n9\""), "{fragment}");
    // file:line:col
    let loc: Vec<&str> = fragment.split(':').take(3).collect();
    assert!(loc[1].parse::<usize>().is_ok() && loc[2].parse::<usize>().is_ok(), "{fragment}");
    assert!(err.contains("the target has notes #n1 to #n2"), "{err}");
    assert!(
        err.contains(&format!(
            "this page is made from {}",
            root.join(format!("content/documents/{DOC}.txt")).display()
        )),
        "{err}"
    );
    assert!(err.lines().any(|l| l.starts_with(&page) && l.contains("`images/page1.png` does not exist")), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("pages/introduction.html:") && l.contains("no element with id=\"p99\"")),
        "{err}"
    );
    // The introduction is also shown on the home page, one folder up, where
    // the same relative link leaves the site.
    assert!(err.lines().any(|l| l.starts_with("index.html:") && l.contains("goes above the site's root")), "{err}");
    assert!(err.contains("4 problems"), "{err}");
    // Nothing written into the edition.
    assert!(!root.join("public").exists());
    let names: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 3, "{names:?}"); // site.toml, content, .gitignore
}

#[test]
fn check_site_reads_a_built_folder() {
    let (_tmp, root) = new_edition();
    break_links(&root);
    let out = run(&["build"], &root);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = root.join("public");
    let out = folio().args(["check", "--site"]).arg(&public).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    let prefix = format!("{}:", public.join(format!("documents/{DOC}.html")).display());
    assert!(err.lines().any(|l| l.starts_with(&prefix) && l.contains("id=\"n9\"")), "{err}");
    assert!(err.contains("4 problems"), "{err}");

    // Hand-made damage to the output is found too: an asset from another host.
    let index = public.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap().replacen(
        "</head>",
        "<script src=\"https://cdn.example.org/x.js\"></script></head>",
        1,
    );
    std::fs::write(&index, html).unwrap();
    let out = folio().args(["check", "--site"]).arg(&public).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("loads from another host"), "{err}");
    assert!(err.contains("5 problems"), "{err}");
}

#[test]
fn check_reports_what_the_build_validates() {
    let (_tmp, root) = new_edition();
    let md = root.join(format!("content/documents/{DOC}.md"));
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(
        &md,
        text.replace("## \"AS A MATTER OF COURSE\"", "## \"AS A MATTER OF CURSE\"")
            .replace("reading = \"GOVERMENT\"", "reading = \"GOVERMINT\""),
    )
    .unwrap();
    let out = run(&["check"], &root);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    let md_shown = md.display().to_string();
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with(&md_shown) && l.contains("error")).collect();
    assert_eq!(errors.len(), 2, "both mistakes, each with its line:\n{err}");
    assert!(!root.join("public").exists());
}

#[test]
fn check_passes_a_clean_edition() {
    let (_tmp, root) = new_edition();
    let out = run(&["check"], &root);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("no problems"), "{err}");
}
