//! Parse cost per document, in process: every raw fixture (tests/fixtures/
//! raw, layouts, telegrams-2, heldout, heldout2) detected and parsed
//! `FOLIO_BENCH_ROUNDS` times (default 200), or every `.txt` file of the
//! folders given as arguments (a synthetic edition's `content/documents`)
//! read once into memory and parsed `FOLIO_BENCH_ROUNDS` times (default 3
//! then). Prints the median round. Decoding and reading the files are not
//! timed: this is the parse stage alone (detect, parse, clean).
//!
//! `cargo run --release --example parse_bench [-- DIR...]`

use std::path::PathBuf;
use std::time::Instant;

fn texts_in(dirs: &[PathBuf]) -> Vec<String> {
    let mut texts = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("cannot read {}", dir.display());
            std::process::exit(2);
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
            if let Ok(bytes) = std::fs::read(f) {
                texts.push(folio::parse::decode(&bytes).0);
            }
        }
    }
    texts
}

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let (texts, default_rounds) = if args.is_empty() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let dirs: Vec<PathBuf> =
            ["raw", "layouts", "telegrams-2", "heldout", "heldout2"].iter().map(|d| root.join(d)).collect();
        (texts_in(&dirs), 200)
    } else {
        (texts_in(&args), 3)
    };
    let rounds: usize =
        std::env::var("FOLIO_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(default_rounds).max(1);
    let bytes: usize = texts.iter().map(String::len).sum();
    // Warm up (regexes compiled once per process).
    for t in &texts {
        std::hint::black_box(folio::parse::parse(&folio::model::DocId::any("x"), t, None));
    }
    let mut times = Vec::with_capacity(rounds);
    let mut paragraphs = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        for t in &texts {
            paragraphs +=
                std::hint::black_box(folio::parse::parse(&folio::model::DocId::any("x"), t, None)).paragraphs.len();
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let per = median / texts.len().max(1) as f64;
    println!(
        "{} documents ({:.1} KB on average) x {rounds} rounds, one thread: median round {:.3} s, {:.1} µs per \
         document, {:.1} MB/s ({paragraphs} paragraphs)",
        texts.len(),
        bytes as f64 / texts.len().max(1) as f64 / 1024.0,
        median,
        per * 1e6,
        bytes as f64 / median / 1e6
    );
}
