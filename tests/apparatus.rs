//! The archival apparatus (issue 17), on a fixture edition of telegrams
//! that cite each other (tests/fixtures/apparatus): references become links
//! to the documents of the edition (to the paragraph when one is named) or
//! citations by normalized number; every cited document lists what cites
//! it; threads; the edition's page of references; declassification data,
//! handling caveats, withheld text and TAGS linked to the registers; all
//! from file://.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apparatus")
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    copy_edition(&fixture(), &root);
    let out = tmp.path().join("public");
    build_into(&root, &out, false);
    (tmp, out)
}

/// The part of a page after the element with this id (quoted or not, as
/// the minifier leaves it).
fn after<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let quoted = format!("id=\"{id}\"");
    let bare = format!("id={id}");
    html.split(quoted.as_str()).nth(1).or_else(|| html.split(bare.as_str()).nth(1))
}

/// The `href`s of a page, decoded.
fn hrefs(html: &str) -> Vec<String> {
    urls(html).into_iter().filter(|(a, _)| a == "href").map(|(_, u)| u).collect()
}

#[test]
fn references_link_to_the_documents_of_the_edition_and_their_paragraphs() {
    let (_tmp, out) = built();
    let problems = link_problems(&out);
    assert!(problems.is_empty(), "links broken:\n{}", problems.join("\n"));
    let state = read(&out, "documents/1978STATE104512.html");
    let links = hrefs(&state);
    // REF A and REF B, and PARA 5 OF REF A (the Moscow telegram's paragraph
    // 5 is reading paragraph 6), PARA 4 OF REF B.
    for want in ["1978MOSCOW08357.html", "1978LONDON06120.html", "1978MOSCOW08357.html#p6", "1978LONDON06120.html#p4"] {
        assert!(links.iter().any(|l| l == want), "no link to {want} in {links:?}");
    }
    // A number in the text, not in the edition: its normalized number and
    // the site's reference_url.
    assert!(links.iter().any(|l| l == "https://example.org/cable/1978STATE098001"), "{links:?}");
    assert!(state.contains("1978STATE098001, not in this edition"));
    // REFTEL in the answer, with one REF entry.
    let moscow = read(&out, "documents/1978MOSCOW09310.html");
    assert!(moscow.contains(">REFTEL</a>"), "REFTEL is a link");
    assert!(hrefs(&moscow).iter().any(|l| l == "1978MOSCOW08357.html#p6"), "MOSCOW 8357, PARA 5");
    // A year typed: 77 MOSCOW 17452 is 1977MOSCOW17452.
    assert!(moscow.contains("1977MOSCOW17452"));
    let tokyo = read(&out, "documents/1978STATE118220.html");
    assert!(hrefs(&tokyo).iter().any(|l| l == "1978MOSCOW09310.html#p2"), "SEE PARA 3 OF REF A");
    assert!(tokyo.contains("1977BONN20123, not in this edition"));
    assert!(tokyo.contains("080915Z MAY 78"), "the DTG kept");
    assert!(tokyo.contains("NOTAL: not sent to all the addressees"));
}

#[test]
fn every_cited_document_lists_what_cites_it_and_its_thread() {
    let (_tmp, out) = built();
    let kapitsa = read(&out, "documents/1978MOSCOW08357.html");
    let cited = after(&kapitsa, "cited-h").expect("a Cited by section");
    for by in ["1978STATE104512.html", "1978MOSCOW09310.html"] {
        assert!(hrefs(cited).iter().any(|l| l == by), "{by} cites it");
    }
    assert!(cited.contains("REF A"));
    assert!(cited.contains("in the commentary"), "the doc: link of 1978STATE104512.md");
    let tokyo = read(&out, "documents/1978STATE118220.html");
    let thread = after(&tokyo, "cited-h").expect("a thread");
    for up in ["1978MOSCOW09310.html", "1978STATE104512.html", "1978MOSCOW08357.html", "1978LONDON06120.html"] {
        assert!(hrefs(thread).iter().any(|l| l == up), "the thread reaches {up}");
    }
    // In the exports too: the JSON lists who cites it and how, the TEI
    // points at the citing documents' TEI files.
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/1978MOSCOW08357.json")).unwrap();
    let by: Vec<&str> = json["cited_by"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(by, ["1978STATE104512", "1978MOSCOW09310"], "{json:#}");
    assert_eq!(json["cited_by"][0]["ref_labels"], serde_json::json!(["A"]));
    assert_eq!(json["cited_by"][0]["in_commentary"], true);
    assert!(json["thread"]["answered_by"].as_array().unwrap().iter().any(|t| t["id"] == "1978STATE118220"));
    let tei = read(&out, "tei/1978MOSCOW08357.xml");
    let list = tei.split("<listBibl type=\"cited-by\">").nth(1).expect("cited by in the TEI header");
    assert!(list.contains("<ref target=\"1978STATE104512.xml\">"), "{list}");
    assert!(tei.find("</listBibl>").unwrap() < tei.find("</sourceDesc>").unwrap());
    let london = read(&out, "documents/1978LONDON06120.html");
    let answered = london.split("Answered or followed up by").nth(1).expect("answered by");
    assert!(hrefs(answered).iter().any(|l| l == "1978STATE104512.html"));
}

#[test]
fn the_references_page_lists_the_most_cited_and_what_is_missing() {
    let (_tmp, out) = built();
    let page = read(&out, "references.html");
    let missing = after(&page, "not-in-edition").expect("the list of documents to add");
    for id in ["1978STATE098001", "1977BONN20123", "1977MOSCOW17452", "1978TOKYO07012", "1978STATE091022"] {
        assert!(missing.contains(id), "{id} is cited but not in the edition");
    }
    let most = after(&page, "most-cited").unwrap().split("not-in-edition").next().unwrap();
    assert!(most.find("1978MOSCOW08357").unwrap() < most.find("1978STATE118220").unwrap_or(usize::MAX));
}

#[test]
fn declassification_caveats_and_withheld_text() {
    let (_tmp, out) = built();
    let moscow = read(&out, "documents/1978MOSCOW09310.html");
    assert!(moscow.contains("20 March 2014"), "the review stamp, read");
    assert!(moscow.contains("Sheryl P. Walter"));
    assert!(moscow.contains("exclusive distribution"), "EXDIS explained");
    assert!(moscow.contains("class=gap") || moscow.contains("class=\"gap\""), "withheld text is a gap");
    assert!(moscow.contains("released in part"));
    let tei = read(&out, "tei/1978MOSCOW09310.xml");
    assert!(tei.contains("<gap reason=\"withheld\""), "TEI gap");
    let cia = read(&out, "documents/CIA-RDP80B01554R003400120005-7.html");
    assert!(cia.contains("Approved For Release"), "the CIA release stamp");
    assert!(cia.contains("5 June 2008"));
    let json = read(&out, "data/1978MOSCOW09310.json");
    assert!(json.contains("\"declassification\""));
    assert!(json.contains("\"gaps\""));
}

#[test]
fn tags_link_to_the_registers_and_unknown_codes_are_not_guessed() {
    let (_tmp, out) = built();
    let moscow = read(&out, "documents/1978MOSCOW09310.html");
    let facts = after(&moscow, "meta-h").unwrap().split("</dl>").next().unwrap();
    assert!(hrefs(facts).iter().any(|l| l == "../persons/kapitsa.html"), "(KAPITSA) links to the person");
    assert!(hrefs(facts).iter().any(|l| l == "../places/soviet-union.html"), "UR links to the place claiming it");
    assert!(!facts.contains("political affairs"), "PEPR is not in the table: no meaning guessed");
    let state = read(&out, "documents/1978STATE104512.html");
    assert!(hrefs(&state).iter().any(|l| l == "../persons/vance.html"), "OVIP (VANCE, CYRUS)");
    let report = read(&out, "build-report.txt");
    assert!(report.contains("PEPR"), "unknown code in the build report");
}

#[test]
fn a_place_claiming_a_bad_tags_code_is_an_error_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    copy_edition(&fixture(), &root);
    let places = root.join("content/registers/places.toml");
    let text = std::fs::read_to_string(&places).unwrap().replace("tags = [\"CH\"]", "tags = [\"China\"]");
    std::fs::write(&places, text).unwrap();
    let opts = folio::BuildOptions {
        root: root.clone(),
        output: tmp.path().join("public"),
        minify: Some(false),
        cache: false,
    };
    let err = folio::build(&opts).expect_err("a bad code").to_string();
    assert!(err.contains("places.toml:"), "{err}");
    assert!(err.contains("China"), "{err}");
}

#[test]
fn the_demo_telegram_shows_its_review_and_its_kapitsa_tag_linked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_into(&demo(), &out, false);
    let page = read(&out, "documents/1978MOSCOW08357.html");
    let facts = after(&page, "meta-h").unwrap().split("</dl>").next().unwrap();
    assert!(facts.contains("20 March 2014"), "review of 20 March 2014");
    assert!(hrefs(facts).iter().any(|l| l == "../persons/kapitsa.html"), "the (KAPITSA) tag, linked");
}
