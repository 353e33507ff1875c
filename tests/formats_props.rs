//! Robustness of the raw formats: any byte sequence is a valid input.
//!
//! A small deterministic fuzzer (seeded xorshift, no extra dependency) feeds
//! every format (1) random bytes, (2) telegram lines from the fixtures cut,
//! shuffled, glued and mixed with banners, page headers, stamps, NNN and
//! attribute blocks. Each parse must not panic and must keep the invariants
//! of tests/common (nothing lost, nothing foreign in the reading text).
//! `FOLIO_FUZZ_CASES=200000 cargo test --release --test formats_props` runs
//! it for longer.

mod invariants;

use std::path::Path;

use folio::parse;
use invariants::check_lossless;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn cases() -> usize {
    std::env::var("FOLIO_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1500)
}

fn fixture_lines() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut lines = Vec::new();
    for sub in ["raw", "layouts"] {
        let mut files: Vec<_> =
            std::fs::read_dir(dir.join(sub)).expect("fixtures").flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
            let (text, _) = parse::decode(&std::fs::read(f).expect("readable"));
            lines.extend(text.lines().map(str::to_string));
        }
    }
    lines
}

const TRICKY: &[&str] = &[
    "CONFIDENTIAL",
    "S E C R E T",
    "PAGE 02",
    "PAGE 01 MOSCOW 08357 01 OF 03 210028Z ACTION EUR-12",
    "MOSCOW 30030 01 OF 02 062340Z",
    "NNN",
    "Message Attributes",
    "Message Text",
    "Show Headers",
    "Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014",
    "- 6.",
    "1. (C-ENTIRE TEXT)",
    "SUBJECT:",
    "TAGS:",
    "REF:",
    "REFS: A. STATE 123456 B.",
    "TO",
    "FM",
    "INFO",
    "R 201317Z APR 78",
    "-----114256 210725Z /11",
    "NOTE BY OC/T:",
    "WORD-",
    "STATECONFIDENTIAL",
    "Publication: Monitor Volume: 5 Issue: 156",
    "(Itar-Tass, August 24)",
    "",
    "   ",
    "\t",
    "é ü — “ ”",
    "\u{0}\u{7f}\u{feff}",
    "Key: value Draft Date: 99 foo 1978",
];

#[test]
fn random_bytes_never_break_a_format() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..cases() {
        let len = rng.below(400);
        let bytes: Vec<u8> = (0..len)
            .map(|_| match rng.below(4) {
                0 => rng.below(256) as u8,
                1 => b'\n',
                _ => b" ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:()/"[rng.below(43)],
            })
            .collect();
        let (text, _) = parse::decode(&bytes);
        for f in parse::all() {
            let d = f.parse(&folio::model::DocId::any("fuzz"), &text);
            check_lossless(&d, &text);
        }
        let d = parse::parse(&folio::model::DocId::any("fuzz"), &text, None);
        check_lossless(&d, &text);
    }
}

#[test]
fn mangled_telegrams_never_break_a_format() {
    let pool = fixture_lines();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..cases() {
        let n = 1 + rng.below(60);
        let mut text = String::new();
        for _ in 0..n {
            let line: String = match rng.below(5) {
                0 => TRICKY[rng.below(TRICKY.len())].to_string(),
                1 => {
                    // A fixture line cut at a random character boundary.
                    let l = &pool[rng.below(pool.len())];
                    let cut = rng.below(l.chars().count() + 1);
                    l.chars().take(cut).collect()
                }
                2 => {
                    // Two lines glued.
                    let a = &pool[rng.below(pool.len())];
                    let b = TRICKY[rng.below(TRICKY.len())];
                    format!("{a}{b}")
                }
                _ => pool[rng.below(pool.len())].clone(),
            };
            text.push_str(&line);
            text.push(if rng.below(10) == 0 { '\r' } else { '\n' });
        }
        let (text, _) = parse::decode(text.as_bytes());
        for f in parse::all() {
            let d = f.parse(&folio::model::DocId::any("fuzz"), &text);
            check_lossless(&d, &text);
        }
    }
}

#[test]
fn whole_fixtures_cut_anywhere_never_break_the_cable_parser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/raw");
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("fixtures").flatten().map(|e| e.path()).collect();
    files.sort();
    let mut rng = Rng(42);
    for f in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let bytes = std::fs::read(f).expect("readable");
        for _ in 0..(cases() / 50).max(10) {
            let cut = rng.below(bytes.len() + 1);
            let (text, _) = parse::decode(&bytes[..cut]);
            let d = parse::parse(&folio::model::DocId::any("cut"), &text, None);
            check_lossless(&d, &text);
        }
    }
}

/// Throughput: `cargo test --release --test formats_props -- --ignored
/// --nocapture parse_speed` prints documents per second.
#[test]
#[ignore]
fn parse_speed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/raw");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(dir).expect("fixtures").flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            texts.push(parse::decode(&std::fs::read(e.path()).expect("readable")).0);
        }
    }
    let n = 20_000;
    let start = std::time::Instant::now();
    let mut paragraphs = 0;
    for i in 0..n {
        let d = parse::parse(&folio::model::DocId::any("speed"), &texts[i % texts.len()], None);
        paragraphs += d.paragraphs.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{n} documents in {secs:.2}s: {:.0} documents/s ({paragraphs} paragraphs)", n as f64 / secs);
}
