//! Unit tests of the citation formats.

use super::*;

fn telegram() -> CiteData {
    CiteData {
        id: crate::model::DocId::any("1978MOSCOW08357"),
        format: FormatName::Cable,
        title: "Kapitsa on Sino-Soviet relations and other East Asian topics".into(),
        date: crate::model::PartialDate::read("1978-04-20"),
        time: Some("1317Z".into()),
        from: Some("AMEMBASSY MOSCOW".into()),
        to: vec!["SECSTATE WASHDC".into()],
        classification: Some("CONFIDENTIAL".into()),
        number: Some("1978MOSCOW08357".into()),
        language: "en".into(),
        ..Default::default()
    }
}

fn strings(lang: &str) -> &'static Strings {
    static TABLES: std::sync::OnceLock<[Strings; 3]> = std::sync::OnceLock::new();
    let t = TABLES.get_or_init(|| [Strings::built_in("en"), Strings::built_in("de"), Strings::built_in("fr")]);
    &t[["en", "de", "fr"].iter().position(|l| *l == lang).unwrap_or(0)]
}

fn edition(base: Option<&str>) -> Edition<'_> {
    const EDITORS: &[String] = &[];
    Edition { title: "Moscow and Beijing", editors: EDITORS, base_url: base, license: None, strings: strings("en") }
}

#[test]
fn german_and_french_editions_cite_in_their_conventions() {
    let d = telegram();
    let editors = vec!["A. Editor".to_string(), "B. Editor".to_string()];
    let e = |lang| Edition { editors: &editors, strings: strings(lang), ..edition(Some("https://example.org/ed")) };
    assert_eq!(
        note_text(&d, &e("de"), Some(3)),
        "Telegramm Nr. 8357, Embassy Moscow an Department of State, „Kapitsa on Sino-Soviet relations and \
         other East Asian topics“, 20. April 1978, 1317Z, Confidential, 1978MOSCOW08357, Abs. 3, in: Moscow and \
         Beijing, hg. von A. Editor und B. Editor, https://example.org/ed/documents/1978MOSCOW08357.html#p3."
    );
    assert_eq!(
        note_text(&d, &e("fr"), None),
        "Télégramme n°\u{a0}8357, Embassy Moscow au Department of State, «\u{a0}Kapitsa on Sino-Soviet relations \
         and other East Asian topics\u{a0}», 20 avril 1978, 1317Z, Confidential, 1978MOSCOW08357, dans Moscow and \
         Beijing, éd. par A. Editor et B. Editor, https://example.org/ed/documents/1978MOSCOW08357.html."
    );
    // An inferred first-of-month date, French style, in brackets.
    let inferred = CiteData { date: crate::model::PartialDate::read("1978-04-01"), date_inferred: true, ..telegram() };
    assert!(note_text(&inferred, &e("fr"), None).contains(", [1er avril 1978], "));
    // The machine formats keep their keys and dates; their notes speak German.
    let de = CiteData { date_inferred: true, ..telegram() };
    let bib = bibtex(&de, &e("de"));
    assert!(bib.contains("  month = {apr},\n") && bib.contains("  date = {1978-04-20},\n"), "{bib}");
    assert!(bib.contains("  type = {Telegramm},\n"), "{bib}");
    assert!(bib.contains("Einstufung: CONFIDENTIAL. Datum von den Herausgebern erschlossen"), "{bib}");
    let ris = ris(&de, &e("de"));
    assert!(ris.contains("DA  - 1978/04/20/\r\n") && ris.contains("N1  - Einstufung: CONFIDENTIAL\r\n"), "{ris}");
    let csl = csl(&de, &e("de"));
    assert_eq!(csl["genre"], "Telegramm");
    assert_eq!(csl["issued"]["date-parts"], serde_json::json!([[1978, 4, 20]]));
}

#[test]
fn a_telegram_is_cited_in_the_chicago_notes_style() {
    let d = telegram();
    assert_eq!(
        note_text(&d, &edition(Some("https://example.org/ed")), Some(3)),
        "Telegram 8357 from Embassy Moscow to the Department of State, “Kapitsa on Sino-Soviet relations and \
         other East Asian topics,” 20 April 1978, 1317Z, Confidential, 1978MOSCOW08357, ¶3, in Moscow and \
         Beijing, https://example.org/ed/documents/1978MOSCOW08357.html#p3."
    );
    // Without base_url the document number finds it; the title of the
    // edition is italic in HTML.
    let html = note_html(&d, &edition(None), None);
    assert!(html.ends_with("1978MOSCOW08357, in <cite>Moscow and Beijing</cite>."), "{html}");
}

#[test]
fn paragraph_notes_are_note_html_of_each_paragraph() {
    let mut article = telegram();
    article.format = FormatName::Article;
    article.publication = Some("The Times".into());
    let mut other = telegram();
    other.format = FormatName::Plain;
    // The stand-in's digits in the title: each paragraph rendered.
    let mut digits = telegram();
    digits.title = "Telegram 987654321".into();
    for d in [telegram(), article, other, digits] {
        for base in [None, Some("https://example.org/ed")] {
            let e = edition(base);
            let notes = ParagraphNotes::new(&d, &e);
            for p in [1, 9, 10, 123] {
                assert_eq!(notes.html(p), note_html(&d, &e, Some(p)));
            }
        }
    }
}

#[test]
fn offices_and_numbers_read_as_citations_write_them() {
    assert_eq!(office("AMEMBASSY NEW DELHI"), "Embassy New Delhi");
    assert_eq!(office("SECSTATE WASHDC"), "Department of State");
    assert_eq!(office("USLO PEKING"), "US Liaison Office Peking");
    assert_eq!(telegram_number("1978MOSCOW08357").as_deref(), Some("8357"));
    assert_eq!(telegram_number("note-1999"), Some("1999".into()));
    assert_eq!(dated(&edition(None), "1978-04", false), "April 1978");
}

#[test]
fn bibtex_and_ris_escape_and_type_the_item() {
    let mut d = telegram();
    d.title = "Costs {100%} & more".into();
    let bib = bibtex(&d, &edition(None));
    assert!(bib.starts_with("@misc{"), "{bib}");
    assert!(bib.contains(r"\{100\%\} \& more"), "{bib}");
    let ris = ris(&d, &edition(None));
    assert!(ris.starts_with("TY  - MANSCPT\r\n") || ris.starts_with("TY  - MANSCPT\n"), "{ris}");
    assert!(ris.trim_end().ends_with("ER  -"), "{ris}");
    let csl = csl(&d, &edition(None));
    assert_eq!(csl["type"], "manuscript");
    assert_eq!(csl["issued"]["date-parts"][0][0], 1978);
}

#[test]
fn the_references_are_data_uris_that_decode_to_the_formats() {
    let d = telegram();
    let e = edition(None);
    let links = data_uris(&d, &e);
    let decode = |uri: &str, mime: &str| {
        let body = uri.strip_prefix(&format!("data:{mime},")).expect("media type");
        assert!(
            body.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~,:;=@/%".contains(&b)),
            "only URL-safe characters: {body}"
        );
        let mut out = Vec::new();
        let b = body.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                out.push(u8::from_str_radix(&body[i + 1..i + 3], 16).expect("hex"));
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    };
    assert_eq!(decode(&links.bib, "application/x-bibtex;charset=utf-8"), bibtex(&d, &e));
    assert_eq!(decode(&links.ris, "application/x-research-info-systems;charset=utf-8"), ris(&d, &e));
    let csl_back: serde_json::Value =
        serde_json::from_str(&decode(&links.csl, "application/vnd.citationstyles.csl+json;charset=utf-8"))
            .expect("json");
    assert_eq!(csl_back, serde_json::Value::Array(vec![csl(&d, &e)]));
}
