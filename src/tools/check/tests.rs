//! Unit tests of the parent module.

use super::*;

#[test]
fn scanner_reads_attributes_in_every_quoting_style() {
    let s = scan_html(
        "<!DOCTYPE html><!-- <a href=\"nope.html\"> --><p id=p1 class='x'>a < b</p>\n<a\n href='x.html#p1'>x</a><img src=\"i.png\" srcset=\"a.png 1x, b.png 2x\" alt=x><a name=\"old\"></a>",
    );
    let ids: Vec<&str> = s.ids.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(ids, ["p1", "old"]);
    let refs: Vec<(&str, &str)> = s.refs.iter().map(|r| (r.attr.as_str(), r.value.as_str())).collect();
    assert_eq!(refs, [("href", "x.html#p1"), ("src", "i.png"), ("srcset", "a.png"), ("srcset", "b.png")]);
}

#[test]
fn scanner_skips_script_and_style_text_and_decodes_references() {
    let s = scan_html(
        "<script src=\"a.js\">var s = '<a href=\"x.html\">';</script><style>a{}</style><a href=\"q.html?a=1&amp;b=&#50;\">",
    );
    let refs: Vec<&str> = s.refs.iter().map(|r| r.value.as_str()).collect();
    assert_eq!(refs, ["a.js", "q.html?a=1&b=2"]);
    assert!(!s.refs[0].navigation && s.refs[1].navigation);
}

#[test]
fn a_data_download_is_not_navigation_but_a_data_link_is() {
    let s = scan_html(
        "<a download=x.bib href=\"data:application/x-bibtex,@misc\">b</a><a href=\"data:text/plain,x\">t</a>",
    );
    assert!(!s.refs[0].navigation, "a download of the bytes it carries");
    assert!(s.refs[1].navigation, "a link to a data: page is still checked");
}

#[test]
fn scanner_survives_broken_markup() {
    for bad in ["<", "<a", "<a href=", "<a href=\"x", "<!--", "<script>", "<a =x>", "<é>", "&#xZZ;<a id='&#1114112;'>"]
    {
        let _ = scan_html(bad);
    }
    assert_eq!(decode_entities("a&b &amp; &#x41;&bogus;"), "a&b & A&bogus;");
}

#[test]
fn srcset_keeps_commas_inside_urls() {
    let u: Vec<String> = srcset_urls("a,b.png 1x, c.png 2x").into_iter().map(|(u, _)| u).collect();
    assert_eq!(u, ["a,b.png", "c.png"]);
}

#[test]
fn css_urls_skip_comments() {
    let r = scan_css("/* url(no.png) */ a{background:url( 'x.png' )} @import \"y.css\"; b{c:url(z.svg#i)}");
    let v: Vec<&str> = r.iter().map(|r| r.value.as_str()).collect();
    assert_eq!(v, ["x.png", "y.css", "z.svg#i"]);
}

#[test]
fn schemes_are_told_from_paths() {
    assert_eq!(scheme_of("https://x"), Some("https"));
    assert_eq!(scheme_of("person:kapitsa"), Some("person"));
    assert_eq!(scheme_of("a/b:c.html"), None);
    assert_eq!(scheme_of("x.html#a:b"), None);
    assert_eq!(scheme_of("c:/x"), None);
}

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    for (p, c) in files {
        let p = t.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, c).unwrap();
    }
    t
}

#[test]
fn every_kind_of_problem_is_found_with_its_line() {
    let t = site(&[
        ("index.html", "<a href=\"documents/a.html#p2\">ok</a>\n<a href=\"documents/a.html#p9\">x</a>\n<a href=\"documents/\">d</a>\n<img src=\"missing.png\">\n<script src=\"https://cdn.example/x.js\"></script>\n<a href=\"https://www.wikidata.org/wiki/Q1\">w</a>\n<a href=\"/abs.html\">a</a>\n<a href=\"../up.html\">u</a>\n<a href=\"person:kapitza\">p</a>\n<a href=\"#nope\">n</a>"),
        ("documents/a.html", "<p id=p1>.</p><p id=p2>.</p><link rel=stylesheet href=\"../theme/s.css\">"),
        ("theme/s.css", "a{b:url(gone.woff2)}\nc{d:url(\"data:image/png;base64,xx\")}"),
    ]);
    let r = check_site(t.path()).unwrap();
    let got: Vec<String> = r.problems.iter().map(|d| format!("{}:{}", d.path.display(), d.line)).collect();
    assert_eq!(
        got,
        [
            "index.html:2",
            "index.html:3",
            "index.html:4",
            "index.html:5",
            "index.html:7",
            "index.html:8",
            "index.html:9",
            "index.html:10",
            "theme/s.css:1"
        ],
        "{:#?}",
        r.problems
    );
    let msgs: Vec<&str> = r.problems.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs[0].contains("no element with id=\"p9\""), "{}", msgs[0]);
    assert_eq!(r.problems[0].hint.as_deref(), Some("the target has paragraphs #p1 to #p2"));
    assert!(msgs[1].contains("names a folder"), "{}", msgs[1]);
    assert!(msgs[2].contains("`missing.png` does not exist"), "{}", msgs[2]);
    assert!(msgs[3].contains("another host"), "{}", msgs[3]);
    assert_eq!(r.external_links, 1);
    assert_eq!(r.problems[0].col, 10);
}

#[test]
fn a_clean_site_passes() {
    let t = site(&[
        (
            "index.html",
            "<a href=\"a%20b.html#x\">.</a><a href=\"#top\">.</a><a href=\"\">.</a><a href=\"mailto:a@b.c\">m</a>",
        ),
        ("a b.html", "<h1 id=x>.</h1><a href=\"index.html?q=1\">.</a><img src=\"data:image/png;base64,AA\">"),
    ]);
    let r = check_site(t.path()).unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    assert_eq!(r.references, 3);
}

#[test]
fn duplicate_ids_are_problems() {
    let t = site(&[("index.html", "<p id=a></p>\n<p id=a></p>")]);
    let r = check_site(t.path()).unwrap();
    assert_eq!(r.problems.len(), 1);
    assert!(r.problems[0].message.contains("first on line 1"));
}
