//! Unit tests of the search index.

use super::encode::*;
use super::facets::*;
use super::reader::*;
use super::words::*;
use super::*;

#[test]
fn folds_case_and_diacritics() {
    assert_eq!(fold("KAPITSA"), "kapitsa");
    assert_eq!(fold("Kapítsa"), "kapitsa");
    assert_eq!(fold("Straße"), "strasse");
    assert_eq!(fold("ŁÓDŹ"), "lodz");
    assert_eq!(fold("Søren"), "soren");
    assert_eq!(fold("ﬁnal"), "final");
    assert_eq!(fold("İstanbul"), "istanbul");
    assert_eq!(fold("ΟΔΟΣ"), "οδοσ");
    assert_eq!(fold("Москва"), "москва");
}

#[test]
fn tokenizes_words_with_offsets() {
    let t = tokenize("ARMS SALES TO CHINA, (Itar-Tass) café 08357");
    let terms: Vec<&str> = t.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(terms, ["arms", "sales", "to", "china", "itar", "tass", "cafe", "08357"]);
    let s = "x CAFÉ y";
    let t = tokenize(s);
    assert_eq!(&s[t[1].start..t[1].end], "CAFÉ");
    // A decomposed accent stays inside its word.
    let t = tokenize("cafe\u{301} noir");
    assert_eq!(t[0].term, "cafe");
    assert_eq!(t.len(), 2);
    assert!(tokenize("  -- ,, ").is_empty());
}

#[test]
fn numbers_round_trip() {
    let nums = [0u64, 1, 31, 32, 33, 1023, 1024, 99_999, u32::MAX as u64, u64::MAX];
    let mut s = String::new();
    for &n in &nums {
        put(&mut s, n);
    }
    assert!(s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let mut r = Reader::new(&s);
    for &n in &nums {
        assert_eq!(r.next_num(), Some(n));
    }
    assert!(r.done());
    let mut one = String::new();
    put(&mut one, 31);
    assert_eq!(one.len(), 1);
}

#[test]
fn sets_round_trip_in_both_encodings() {
    let sparse = vec![3, 4, 5, 90, 1000];
    let e = encode_set(&sparse, 2000);
    assert!(e.starts_with('r'), "{e}");
    assert_eq!(decode_set(&e).unwrap(), sparse);
    let dense: Vec<u32> = (0..2000).filter(|d| d % 3 != 0).collect();
    let e = encode_set(&dense, 2000);
    assert!(e.starts_with('b'), "{e}");
    assert_eq!(decode_set(&e).unwrap(), dense);
    let range: Vec<u32> = (100..1900).collect();
    assert_eq!(encode_set(&range, 2000).len(), 1 + 2 + 3);
    assert_eq!(decode_set(&encode_set(&[], 10)).unwrap(), Vec::<u32>::new());
}

fn doc(id: &str, title: &str, paras: &[&str]) -> Annotated {
    let paragraphs = paras
        .iter()
        .enumerate()
        .map(|(i, t)| crate::model::Paragraph {
            n: i + 1,
            text: t.to_string(),
            page: 1,
            lines: vec![],
            marking: None,
            label: None,
            anchor: None,
        })
        .collect();
    Annotated {
        doc: crate::model::Document {
            id: crate::model::DocId::any(id),
            format: crate::model::FormatName::Plain,
            title: title.into(),
            date: None,
            metadata: Default::default(),
            pages: vec![],
            paragraphs,
            warnings: vec![],
            interventions: vec![],
            excerpt: None,
            ..Default::default()
        },
        commentary: None,
        summary: None,
        headnote_html: String::new(),
        notes: vec![],
        emendations: vec![],
        mentions: vec![],
        unresolved: Default::default(),
        attached: Default::default(),
        apparatus: Default::default(),
    }
}

fn sample() -> Vec<Annotated> {
    vec![
        doc("a", "Kapitsa on China", &["ARMS SALES TO CHINA WOULD BE TAKEN VERY BADLY.", "NO SALES OF ARMS."]),
        doc("b", "Monitor", &["Klebanov discussed arms sales with Beijing.", "Arms, sales."]),
        doc("c", "Other", &["Nothing here about weapons.", "Sales arms sales"]),
    ]
}

#[test]
fn postings_are_positional_per_paragraph() {
    let docs = sample();
    let refs: Vec<&Annotated> = docs.iter().collect();
    let p = Postings::build(&refs, &Registers::default());
    let arms = decode(p.get("arms").unwrap()).unwrap();
    assert_eq!(arms.iter().map(|h| h.doc).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(arms[0].paras, vec![(1, vec![0]), (2, vec![3])]);
    let kap = decode(p.get("kapitsa").unwrap()).unwrap();
    assert_eq!(kap[0].paras, vec![(0, vec![0])], "title words are paragraph 0");
    assert!(p.get("weapon").is_none());
    // A rarer term weighs more than a common one in the same position.
    let klebanov = decode(p.get("klebanov").unwrap()).unwrap();
    let arms_b = arms.iter().find(|h| h.doc == 1).unwrap();
    assert!(klebanov[0].impact > arms_b.impact);
}

#[test]
fn phrases_match_exactly() {
    let docs = sample();
    let refs: Vec<&Annotated> = docs.iter().collect();
    let p = Postings::build(&refs, &Registers::default());
    assert_eq!(phrase_matches(&p, "arms sales"), vec![(0, 1), (1, 1), (1, 2), (2, 2)]);
    assert_eq!(phrase_matches(&p, "sales arms"), vec![(2, 2)]);
    // Punctuation between words does not break a phrase, a paragraph does.
    assert_eq!(phrase_matches(&p, "ARMS, SALES"), vec![(0, 1), (1, 1), (1, 2), (2, 2)]);
    assert_eq!(phrase_matches(&p, "badly no"), vec![]);
    assert_eq!(phrase_matches(&p, "sales to china"), vec![(0, 1)]);
    assert_eq!(phrase_matches(&p, "sales of china"), vec![]);
}

#[test]
fn shards_cover_every_term_once_in_order() {
    let docs = sample();
    let refs: Vec<&Annotated> = docs.iter().collect();
    let p = Postings::build(&refs, &Registers::default());
    assert_eq!(p.shards(SHARD_BUDGET), vec![0]);
    let starts = p.shards(40);
    assert!(starts.len() > 3, "{starts:?}");
    assert_eq!(starts[0], 0);
    assert!(starts.windows(2).all(|w| w[0] < w[1]));
    for w in p.terms.windows(2) {
        assert_eq!(cmp_utf16(&w[0].0, &w[1].0), std::cmp::Ordering::Less);
    }
    // A term bigger than the budget is a shard of its own.
    let starts = p.shards(1);
    assert_eq!(starts.len(), p.terms.len());
}

#[test]
fn utf16_order_differs_from_utf8_where_it_matters() {
    // U+FF21 (fullwidth A) sorts after U+1F600 in UTF-8 but before it in UTF-16.
    assert_eq!(cmp_utf16("\u{FF21}", "\u{1F600}"), std::cmp::Ordering::Greater);
    assert_eq!("\u{FF21}".cmp("\u{1F600}"), std::cmp::Ordering::Less);
}

#[test]
fn build_is_deterministic() {
    let docs = sample();
    let refs: Vec<&Annotated> = docs.iter().collect();
    let a = Postings::build(&refs, &Registers::default());
    let b = Postings::build(&refs, &Registers::default());
    assert_eq!(a.terms, b.terms);
}

#[test]
fn spilled_records_give_the_same_index() {
    let docs = sample();
    let regs = Registers::default();
    let strings = crate::load::strings::Strings::built_in("en");
    let memory = SearchBuilder::new(docs.len(), &regs, &strings);
    let spilled = SearchBuilder::new(docs.len(), &regs, &strings);
    let dir = tempfile::tempdir().unwrap();
    let spill = crate::base::spill::Spill::new(dir.path()).unwrap();
    for (n, a) in docs.iter().enumerate() {
        memory.collect(n, a).unwrap();
        let (data, _) = spilled.document(a).unwrap();
        let bytes = data.to_bytes();
        assert_eq!(DocData::from_bytes(&bytes).map(|d| d.to_bytes()), Some(bytes.clone()));
        spilled.insert(n, Stored::Spilled(spill.put(&bytes).unwrap())).unwrap();
    }
    let (a, fa) = memory.build(None).unwrap();
    let (b, fb) = spilled.build(Some(&spill)).unwrap();
    assert_eq!(a.terms, b.terms);
    let facets = |f: &[Facet]| {
        f.iter()
            .map(|f| f.values.iter().map(|v| (v.id.clone(), v.docs.clone())).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    assert_eq!(facets(&fa), facets(&fb));
    assert!(!a.terms.is_empty());
}

#[test]
fn slugs() {
    assert_eq!(slug("AMEMBASSY MOSCOW"), "amembassy-moscow");
    assert_eq!(slug("LIMITED OFFICIAL USE"), "limited-official-use");
}
