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

/// The fixture built with site.toml's `language` set.
fn built_in_language(language: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    copy_edition(&fixture(), &root);
    let site = root.join("site.toml");
    let text =
        std::fs::read_to_string(&site).unwrap().replace("language = \"en\"", &format!("language = \"{language}\""));
    std::fs::write(&site, text).unwrap();
    let out = tmp.path().join("public");
    build_into(&root, &out, false);
    (tmp, out)
}

#[test]
fn the_apparatus_speaks_the_language_of_the_edition() {
    let (_tmp, out) = built_in_language("de");
    let moscow = read(&out, "documents/1978MOSCOW09310.html");
    let cited = after(&moscow, "cited-h").expect("cited by").split("</section>").next().unwrap();
    for german in [
        "Zitiert von und Telegrammfolge",
        "Zitiert von",
        "in seinem",
        "Absatz 1",
        "Antwort auf oder Fortsetzung von",
        "über 1 weiteres Dokument",
    ] {
        assert!(cited.contains(german), "no “{german}” in {cited}");
    }
    let facts = after(&moscow, "meta-h").unwrap().split("</dl>").next().unwrap();
    for german in [
        "eingestuft nach Executive Order 11652 (1972)",
        "exklusive Verteilung",
        "Geheimhaltung aufgehoben und freigegeben",
        "am 20. März 2014",
        "teilweise freigegeben",
        "Absatz 3: [2 LINES NOT DECLASSIFIED]",
        "in dieser Edition",
    ] {
        assert!(facts.contains(german), "no “{german}” in the metadata panel");
    }
    // What is quoted from the telegram keeps its language.
    assert!(facts.contains("<span class=\"v typed-value\" lang=\"en\">EXDIS</span>"), "{facts}");
    assert!(moscow.contains("title=\"zurückgehalten: 2 Zeilen\""), "the gap in the reading text");
    assert!(moscow.contains("title=\"1978MOSCOW08357, in dieser Edition; Absatz 5\""), "a citation in the text");
    let refs = read(&out, "references.html");
    for german in [
        "Die meistzitierten Dokumente der Edition",
        "von 2 Dokumenten zitiert",
        "Zitiert, aber nicht in der Edition",
        "20. April 1978",
    ] {
        assert!(refs.contains(german), "references.html: no “{german}”");
    }
    // No English left in the apparatus.
    let tokyo = read(&out, "documents/1978STATE118220.html");
    for page in [&moscow, &tokyo, &refs] {
        for english in [
            "Cited by",
            "in this edition",
            "exclusive distribution",
            "released in part",
            "through 1 other",
            "Answers or follows up",
            "Most cited",
            "NOTAL: not sent",
            "withheld:",
            "classified under",
        ] {
            assert!(!page.contains(english), "English “{english}” in a German edition");
        }
    }
    assert!(tokyo.contains("NOTAL: nicht an alle Empfänger"));
    // The search facets and the TEI's release history too (ids stay as they are).
    let release = read(&out, "search/facet-release.js");
    assert!(release.contains("[\"released-in-part\",\"teilweise freigegeben\""), "{release}");
    assert!(!release.contains("released in part"), "{release}");
    let format = read(&out, "search/facet-format.js");
    assert!(format.contains("[\"cable\",\"Telegramm des US-Außenministeriums\""), "{format}");
    assert!(!format.contains("\"cable\",\"cable\""), "{format}");
    let withheld = read(&out, "search/facet-withheld.js");
    assert!(withheld.contains("[\"partly-withheld\",\"teilweise zurückgehalten\""), "{withheld}");
    let tei = read(&out, "tei/1978MOSCOW09310.xml");
    assert!(
        tei.contains("<custEvent type=\"release\">teilweise freigegeben; 1 Passage zurückgehalten</custEvent>"),
        "{tei}"
    );
    assert!(!read(&out, "tei/CIA-RDP80B01554R003400120005-7.xml").contains("withheld</custEvent>"));
    // French too.
    let (_tmp, out) = built_in_language("fr");
    let moscow = read(&out, "documents/1978MOSCOW09310.html");
    for french in ["Cité par et fil des télégrammes", "diffusion exclusive", "communiqué en partie", "le 20 mars 2014"]
    {
        assert!(moscow.contains(french), "no “{french}” in a French edition");
    }
    let tei = read(&out, "tei/CIA-RDP80B01554R003400120005-7.xml");
    assert!(tei.contains(">communiqué en partie ; 4 passages retenus</custEvent>"), "{tei}");
    assert!(read(&out, "search/facet-withheld.js").contains("\"en partie retenu\""));
}

#[test]
fn the_tei_speaks_the_language_of_the_edition() {
    // Folio's own words in every TEI file of a German and a French edition
    // (headings, header descriptions, classification, extent, caveats,
    // cited by, register file) come from the strings; what is quoted from
    // the telegrams stays as typed, the TAGS meanings are marked English.
    let english = [
        "Classified",
        "when written",
        " sheet",
        " line<",
        " lines<",
        "<head>Cited by",
        "in the commentary",
        "in its paragraph",
        "Reading text",
        "The text as typed",
        "Headnote",
        "Edition, commentary and encoding",
        "The reading text is cleaned",
        "security classification",
        "Traffic Analysis by Geography and Subject (TAGS) codes",
        "Concepts assigned",
        "Topics of the edition",
        "register file",
        "Why a line",
        "A pointer",
        "exclusive distribution",
        "limited distribution",
        "<catDesc>routing",
        "<catDesc>page header",
        "from the document number",
        "Registers of persons",
        "Compiled by the editors",
    ];
    for (language, own) in [
        (
            "de",
            [
                "Bei der Abfassung eingestuft als",
                "<head>Zitiert von</head>",
                "<head>Lesetext</head>",
                " Blatt</measure>",
                "<head>Anmerkungen</head>",
            ],
        ),
        (
            "fr",
            [
                "lors de sa rédaction",
                "<head>Cité par</head>",
                "<head>Texte de lecture</head>",
                " feuillet</measure>",
                "<head>Notes</head>",
            ],
        ),
    ] {
        let (_tmp, out) = built_in_language(language);
        let mut files: Vec<PathBuf> = std::fs::read_dir(out.join("tei")).unwrap().map(|e| e.unwrap().path()).collect();
        files.push(out.join("downloads/registers.xml"));
        let mut all = String::new();
        for f in &files {
            let x = std::fs::read_to_string(f).unwrap();
            for e in english {
                assert!(!x.contains(e), "{language}: English “{e}” in {}", f.display());
            }
            all.push_str(&x);
        }
        for w in own {
            assert!(all.contains(w), "{language}: no “{w}” in the TEI");
        }
        // The Department's TAGS meanings, in English and marked so.
        assert!(all.contains("<foreign xml:lang=\"en\">"), "{language}");
    }
    let (_tmp, out) = built_in_language("de");
    let tei = read(&out, "tei/1978MOSCOW09310.xml");
    assert!(tei.contains("<term type=\"caveat\" n=\"EXDIS\">EXDIS</term> (exklusive Verteilung"), "{tei}");
}

#[test]
fn an_editions_own_cited_by_part_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    copy_edition(&fixture(), &root);
    std::fs::create_dir_all(root.join("templates/parts")).unwrap();
    std::fs::write(
        root.join("templates/parts/cited-by.html"),
        "{% if cited %}<aside class=\"my-cited\"><h2>{{ t(k='apparatus.cited_by') }}</h2><ol>{% for d in cited %}<li data-id=\"{{ d.id }}\">{{ d.title }}{% for v in d.via %} [{{ v.kind }}{% if v.label %} {{ v.label }}{% endif %}]{% endfor %}</li>{% endfor %}</ol>{% for d in answered %}<p class=\"later\" data-depth=\"{{ d.depth }}\">{{ d.id }}</p>{% endfor %}</aside>{% endif %}",
    )
    .unwrap();
    let out = tmp.path().join("public");
    build_into(&root, &out, false);
    let kapitsa = read(&out, "documents/1978MOSCOW08357.html");
    assert!(kapitsa.contains("<aside class=\"my-cited\"><h2>Cited by</h2>"), "the edition's part is used");
    assert!(kapitsa.contains("<li data-id=\"1978STATE104512\">The Department asks Moscow whether Kapitsa spoke for the leadership [ref A] [text] [commentary]</li>"));
    assert!(kapitsa.contains("<p class=\"later\" data-depth=\"3\">1978STATE118220</p>"));
    assert!(!kapitsa.contains("cited-h"), "the built-in part is not");
    // A document nothing cites: the part shows nothing.
    let cia = read(&out, "documents/CIA-RDP80B01554R003400120005-7.html");
    assert!(!cia.contains("my-cited"));
}

#[test]
fn an_unknown_variable_in_the_cited_by_part_is_located() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    copy_edition(&fixture(), &root);
    std::fs::create_dir_all(root.join("templates/parts")).unwrap();
    std::fs::write(root.join("templates/parts/cited-by.html"), "{% for d in cited %}\n{{ d.nope.deeper }}{% endfor %}")
        .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--quiet", "--no-cache", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(tmp.path().join("public"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("parts/cited-by.html:2:"), "{err}");
    assert!(err.contains("cited") && err.contains("answered"), "the variables named: {err}");
}
