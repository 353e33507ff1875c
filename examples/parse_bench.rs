//! Parse cost per document, in process: every raw fixture (tests/fixtures/
//! raw, layouts, telegrams-2) detected and parsed `FOLIO_BENCH_ROUNDS` times
//! (default 200). `cargo run --release --example parse_bench`.

use std::time::Instant;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut texts = Vec::new();
    for sub in ["raw", "layouts", "telegrams-2"] {
        let Ok(dir) = std::fs::read_dir(root.join(sub)) else { continue };
        let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
            if let Ok(bytes) = std::fs::read(f) {
                texts.push(folio::parse::decode(&bytes).0);
            }
        }
    }
    let rounds: usize = std::env::var("FOLIO_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    // Warm up (regexes compiled once per process).
    for t in &texts {
        std::hint::black_box(folio::parse::parse(&folio::model::DocId::any("x"), t, None));
    }
    let start = Instant::now();
    let mut paragraphs = 0;
    for _ in 0..rounds {
        for t in &texts {
            paragraphs +=
                std::hint::black_box(folio::parse::parse(&folio::model::DocId::any("x"), t, None)).paragraphs.len();
        }
    }
    let n = rounds * texts.len();
    let per = start.elapsed().as_secs_f64() / n as f64;
    println!("{} documents x {rounds} rounds: {:.1} µs per document ({paragraphs} paragraphs)", texts.len(), per * 1e6);
}
