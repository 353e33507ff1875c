//! Unit tests of the parent module.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::*;
use crate::annotate::paragraph::paragraph_html;
use crate::model::{Metadata, Paragraph};

fn doc(paras: &[&str]) -> Document {
    Document {
        id: crate::model::DocId::any("T"),
        format: crate::model::FormatName::Plain,
        title: "T".into(),
        date: None,
        metadata: Metadata::default(),
        pages: Vec::new(),
        paragraphs: paras
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                n: i + 1,
                text: t.to_string(),
                page: 1,
                lines: vec![i + 1],
                marking: None,
                label: None,
                anchor: None,
            })
            .collect(),
        warnings: Vec::new(),
        interventions: Vec::new(),
        excerpt: None,
        ..Default::default()
    }
}

/// Annotates `paras` with the commentary `md`; returns the result and
/// the diagnostics as text.
fn run(paras: &[&str], md: &str) -> (Annotated, Vec<String>) {
    let mut d = Diagnostics::default();
    let mut r = Registers::default();
    r.add_file(
        Kind::Person,
        Path::new("persons.toml"),
        "[[person]]\nid = \"kapitsa\"\nname = \"Mikhail Kapitsa\"\naliases = [\"KAPITSA\"]\n",
        &mut d,
    );
    assert!(d.0.is_empty(), "{d:?}");
    let matcher = MentionMatcher::new(&r);
    let docs = HashMap::from([(crate::model::DocId::any("T"), paras.len())]);
    let pages = HashSet::new();
    let links = LinkTargets { registers: &r, documents: &docs, pages: &pages, later: None };
    let cx = Context {
        registers: &r,
        matcher: &matcher,
        links: &links,
        allow_html: false,
        reference_url: None,
        source: None,
    };
    let c = crate::load::commentary::parse(Path::new("c.md"), md, &mut d);
    let a = annotate(doc(paras), Some(&c), &cx, &mut d);
    (a, d.sorted().0.iter().map(|d| d.to_string()).collect())
}

/// Asserts that the markup is properly nested and that no link contains
/// another link; returns the tag names in order.
fn assert_well_formed(html: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let j = rest[i..].find('>').expect("unclosed tag") + i;
        let tag = &rest[i + 1..j];
        let closing = tag.starts_with('/');
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if closing {
            assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "misnested </{name}> in {html}");
        } else {
            if name == "a" {
                assert!(!stack.iter().any(|t| t == "a"), "link inside link in {html}");
            }
            stack.push(name.clone());
        }
        tags.push(tag.to_string());
        rest = &rest[j + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
    tags
}

const TEXT: &str =
    "KAPITSA SAID THE CHINESE WERE PATHOLOGICALLY AFRAID OF THE SOVIET UNION IN THE FORE-SEEABLE FUTURE.";

#[test]
fn overlapping_and_nested_passages_nest_properly() {
    let md = "## \"THE CHINESE WERE PATHOLOGICALLY AFRAID\"\nOne.\n\n## \"PATHOLOGICALLY AFRAID OF THE SOVIET UNION\"\nTwo (overlaps one).\n\n## \"AFRAID\"\nThree (inside both).\n";
    let (a, errs) = run(&[TEXT], md);
    assert!(errs.is_empty(), "{errs:?}");
    let html = paragraph_html(&a, 1, "../", &crate::load::strings::Strings::built_in("en"));
    assert_well_formed(&html);
    assert_eq!(
        html,
        "<a class=\"mention person\" href=\"../persons/kapitsa.html\">KAPITSA</a> SAID \
         <mark class=\"passage\" data-note=\"1\" id=\"q1\">THE CHINESE WERE \
         <mark class=\"passage\" data-note=\"2\" id=\"q2\">PATHOLOGICALLY \
         <mark class=\"passage\" data-note=\"3\" id=\"q3\">AFRAID</mark></mark></mark>\
         <a class=\"noteref\" href=\"#n1\" id=\"r1\" aria-label=\"note 1\"><sup>1</sup></a>\
         <a class=\"noteref\" href=\"#n3\" id=\"r3\" aria-label=\"note 3\"><sup>3</sup></a>\
         <mark class=\"passage\" data-note=\"2\"> OF THE SOVIET UNION</mark>\
         <a class=\"noteref\" href=\"#n2\" id=\"r2\" aria-label=\"note 2\"><sup>2</sup></a> \
         IN THE FORE-SEEABLE FUTURE."
    );
    // Every note has exactly one anchor id, one reference and its number.
    for n in 1..=3 {
        assert_eq!(html.matches(&format!("id=\"q{n}\"")).count(), 1);
        assert_eq!(html.matches(&format!("id=\"r{n}\"")).count(), 1);
    }
}

#[test]
fn a_passage_across_a_mention_and_an_emendation() {
    let md = "+++\n[[emendation]]\nreading = \"FORE-SEEABLE\"\ncorrection = \"FORESEEABLE\"\nnote = \"Hyphen from a line break.\"\n+++\n\
              ## \"PITSA SAID\"\nCuts into a mention.\n\n## \"IN THE FORESEEABLE\"\nQuotes the corrected text and ends on the emendation.\n\n## \"SEEABLE FUTURE\"\nCuts into the emendation.\n";
    let (a, errs) = run(&[TEXT], md);
    assert!(errs.is_empty(), "{errs:?}");
    let html = paragraph_html(&a, 1, "../", &crate::load::strings::Strings::built_in("en"));
    let tags = assert_well_formed(&html);
    assert!(tags.iter().all(|t| !t.contains("style")), "{html}");
    // The mention link is split around the passage, never around a noteref.
    assert!(html.starts_with("<a class=\"mention person\" href=\"../persons/kapitsa.html\">KA</a><mark class=\"passage\" data-note=\"1\" id=\"q1\"><a class=\"mention person\" href=\"../persons/kapitsa.html\">PITSA</a> SAID</mark>"), "{html}");
    // Both notes on the emended word enclose it whole.
    let em = "<span class=\"emendation\" tabindex=\"0\"><span class=\"corr\">FORESEEABLE</span><span class=\"sic\"> [original: FORE-SEEABLE — Hyphen from a line break.]</span></span>";
    assert_eq!(html.matches(em).count(), 1, "{html}");
    assert!(html.contains(&format!("<mark class=\"passage\" data-note=\"2\" id=\"q2\">IN THE <mark class=\"passage\" data-note=\"3\" id=\"q3\">{em}</mark></mark>")), "{html}");
    assert!(!html.contains("FORE-SEEABLE FUTURE"), "the correction replaces the reading: {html}");
}

#[test]
fn a_misspelled_quote_suggests_the_nearest_passages() {
    let (_, errs) = run(&[TEXT, "THE SOVIET UNION WOULD BE TOO STRONG."], "## \"PATHOLOGICLY AFFRAID\"\nx\n");
    assert_eq!(
        errs,
        ["c.md:1:4: error: note passage \"PATHOLOGICLY AFFRAID\" is not in the reading text\n  = help: the passage must be copied from the reading text (case, spacing and quotation marks do not matter); the closest passages are:\n          paragraph 1: \"PATHOLOGICALLY AFRAID\""]
    );
}

#[test]
fn an_ambiguous_quote_lists_the_places_and_an_occurrence_chooses() {
    let paras = [TEXT, "THE SOVIET UNION WOULD BE TOO STRONG."];
    let (_, errs) = run(&paras, "## “THE SOVIET UNION”\nx\n");
    assert_eq!(
        errs,
        ["c.md:1:4: error: note passage \"THE SOVIET UNION\" occurs 2 times in the reading text\n  = help: quote more words to make it unique, or choose one by its number, e.g. ## \"THE SOVIET UNION\" (2):\n          (1) paragraph 1: \"… WERE PATHOLOGICALLY AFRAID OF THE SOVIET UNION IN THE FORE-SEEABLE FUTURE.\"\n          (2) paragraph 2: \"THE SOVIET UNION WOULD BE TOO STRONG.\""]
    );
    let (a, errs) = run(&paras, "## \"THE SOVIET UNION\" (2)\nx\n");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!((a.notes[0].paragraph, a.notes[0].start), (2, 0));
    let (_, errs) = run(&paras, "## \"THE SOVIET UNION\" (3)\nx\n");
    assert!(errs[0].contains("occurs 2 times in the reading text, so there is no occurrence (3)"), "{errs:?}");
}

#[test]
fn an_ambiguous_quote_lists_ten_places_and_counts_the_rest() {
    let para = "THE TALKS WENT ON.";
    let paras: Vec<&str> = std::iter::repeat_n(para, 250).collect();
    let (_, errs) = run(&paras, "## \"TALKS\"\nx\n");
    assert_eq!(errs.len(), 1);
    let e = &errs[0];
    assert!(e.contains("occurs 250 times in the reading text"), "{e}");
    assert!(e.contains("(10) paragraph 10: \"THE TALKS WENT ON.\""), "{e}");
    assert!(!e.contains("(11) paragraph"), "{e}");
    assert!(e.ends_with("… and 240 more, (11) in paragraph 11 to (250) in paragraph 250"), "{e}");
}

#[test]
fn a_quote_across_two_paragraphs_says_so() {
    let (_, errs) = run(&[TEXT, "THE SOVIET UNION WOULD BE TOO STRONG."], "\n\n## \"FUTURE. THE SOVIET\"\nx\n");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("c.md:3:4: error: note passage \"FUTURE. THE SOVIET\" is not in the reading text\n  = help: a note's passage must lie within one paragraph; this one runs from paragraph 1 into paragraph 2"), "{errs:?}");
}

#[test]
fn emendation_errors_are_located_at_the_reading() {
    let md = "+++\ntitle = \"x\"\n\n[[emendation]]\nreading = \"FORSEEABLE\"\ncorrection = \"FORESEEABLE\"\n+++\n";
    let (a, errs) = run(&[TEXT], md);
    assert!(a.emendations.is_empty());
    assert_eq!(
        errs,
        ["c.md:5:11: error: emendation reading \"FORSEEABLE\" is not in the reading text\n  = help: the reading must be copied from the reading text (case, spacing and quotation marks do not matter); the closest passages are:\n          paragraph 1: \"FORE-SEEABLE\""]
    );
}

#[test]
fn an_empty_emendation_reading_is_a_located_error_not_a_panic() {
    // It used to reach the facsimile search with an empty needle and
    // index before the start.
    for reading in ["", "  "] {
        let md = format!("+++\n[[emendation]]\nreading = \"{reading}\"\ncorrection = \"X\"\n+++\n");
        let (a, errs) = run(&[TEXT], &md);
        assert!(a.emendations.is_empty());
        assert_eq!(
            errs,
            ["c.md:3:11: error: this [[emendation]] has an empty reading\n  = help: give the words as they stand in the reading text: reading = \"FORE-SEEABLE\""]
        );
    }
}

#[test]
fn overlapping_emendations_name_the_first_one_taken() {
    // The third overlaps both others; the error names the one taken first.
    let md = "+++\n[[emendation]]\nreading = \"FORE-SEEABLE FUTURE\"\ncorrection = \"FORESEEABLE FUTURE\"\n\n[[emendation]]\nreading = \"THE SOVIET UNION IN\"\ncorrection = \"THE USSR IN\"\n\n[[emendation]]\nreading = \"UNION IN THE FORE\"\ncorrection = \"X\"\n+++\n";
    let (a, errs) = run(&[TEXT], md);
    assert_eq!(a.emendations.len(), 2);
    assert_eq!(
        errs,
        ["c.md:11:11: error: emendation \"UNION IN THE FORE\" overlaps emendation \"FORE-SEEABLE FUTURE\"\n  = help: emendations may not overlap: merge them into one [[emendation]]"]
    );
}

#[test]
fn unknown_attached_ids_point_at_the_id() {
    let md = "+++\npersons = [\n  \"kapitsa\",\n  \"kapitza\",\n]\n+++\n";
    let (_, errs) = run(&[TEXT], md);
    assert_eq!(errs, ["c.md:4:4: error: unknown person `kapitza` in `persons`\n  = help: did you mean `kapitsa`? Otherwise add it to persons.toml"]);
}

#[test]
fn nested_mentions_never_nest_links() {
    let (mut a, _) = run(&[TEXT], "## \"THE SOVIET UNION IN\"\nx\n");
    let m = |kind, id: &str, start, end| Mention { kind, id: crate::model::EntryId::any(id), paragraph: 1, start, end };
    let at = TEXT.find("SOVIET UNION").unwrap();
    // An organization "THE SOVIET UNION" around a place "SOVIET UNION".
    a.mentions = vec![m(Kind::Organization, "su-gov", at - 4, at + 12), m(Kind::Place, "soviet-union", at, at + 12)];
    let html = paragraph_html(&a, 1, "", &crate::load::strings::Strings::built_in("en"));
    assert_well_formed(&html);
    assert!(
        html.contains("<mark class=\"passage\" data-note=\"1\" id=\"q1\"><a class=\"mention organization\" href=\"organizations/su-gov.html\">THE </a><a class=\"mention place\" href=\"places/soviet-union.html\">SOVIET UNION</a> IN</mark>"),
        "{html}"
    );
}
