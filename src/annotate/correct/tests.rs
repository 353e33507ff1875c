use std::path::Path;

use super::*;
use crate::base::error::Diagnostics;
use crate::model::LineKind;

const RAW: &str =
    "SUBJECT: FIRST LINE\nOF THE SUBJECT\n\n1. ONE TWO THREE.\nFOUR FIVE.\n\n2. SIX SEVEN\nEIGHT. NINE TEN.\n";

fn run(front: &str) -> (Document, Vec<String>) {
    let mut doc = crate::parse::parse(&crate::model::DocId::any("T"), RAW, crate::parse::by_name("plain"));
    let mut d = Diagnostics::default();
    let c = crate::load::commentary::parse(Path::new("c.md"), &format!("+++\n{front}\n+++\n"), &mut d);
    assert!(d.0.is_empty(), "{d:?}");
    apply(&mut doc, Some(&c), &mut d);
    (doc, d.0.iter().map(|d| d.to_string()).collect())
}

fn texts(doc: &Document) -> Vec<&str> {
    doc.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn omit_split_join_delete_in_order() {
    let (doc, errs) = run(
        "[[transcription.omit]]\nlines = \"1-2\"\nreason = \"subject\"\n\n[[transcription.split]]\nafter = \"ONE TWO THREE.\"\n\n[[transcription.join]]\npassage = \"FOUR FIVE.\"\n\n[[transcription.delete]]\npassage = \"NINE TEN.\"\n",
    );
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(texts(&doc), ["1. ONE TWO THREE.", "FOUR FIVE. 2. SIX SEVEN EIGHT."]);
    let kinds: Vec<InterventionKind> = doc.interventions.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [InterventionKind::Omit, InterventionKind::Split, InterventionKind::Join, InterventionKind::Delete]
    );
    // Lines point at the renumbered paragraphs.
    let para = |n: usize| doc.lines().find(|l| l.n == n).and_then(|l| l.paragraph);
    assert_eq!((para(1), para(4), para(5), para(7), para(8)), (None, Some(1), Some(2), Some(2), Some(2)));
    assert_eq!(doc.lines().find(|l| l.n == 1).map(|l| l.kind), Some(LineKind::Omitted));
    // The marks: the omission where the paragraph was (start of the text),
    // the split at the end of paragraph 1, the join where the two meet,
    // the deletion at the end.
    let at =
        |k: InterventionKind| doc.interventions.iter().find(|i| i.kind == k).and_then(|i| i.paragraph.zip(i.offset));
    assert_eq!(at(InterventionKind::Omit), Some((1, 0)));
    assert_eq!(at(InterventionKind::Split), Some((1, "1. ONE TWO THREE.".len())));
    assert_eq!(at(InterventionKind::Join), Some((2, "FOUR FIVE.".len())));
    assert_eq!(at(InterventionKind::Delete), Some((2, "FOUR FIVE. 2. SIX SEVEN EIGHT.".len())));
    assert_eq!(doc.paragraphs[0].anchor.as_deref(), Some("para-1"));
    assert_eq!(doc.paragraphs[1].anchor, None);
}

#[test]
fn include_puts_a_line_back_next_to_its_neighbours() {
    let (doc, errs) =
        run("[[transcription.omit]]\nlines = 5\n\n[[transcription.include]]\nlines = 5\nreason = \"back\"\n");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(texts(&doc)[1], "1. ONE TWO THREE. FOUR FIVE.");
    let l5 = doc.lines().find(|l| l.n == 5).unwrap();
    assert_eq!((l5.kind, l5.paragraph, l5.editor.as_deref()), (LineKind::Text, Some(2), Some("back")));
    let (doc, errs) = run("[[transcription.include]]\nlines = 4\n");
    assert_eq!(errs, ["c.md:3:9: error: line 4 is in the reading text already (paragraph 2)\n  = help: `include` puts lines the parser left out into the reading text"]);
    assert!(doc.interventions.is_empty());
}
