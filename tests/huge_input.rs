//! Work linear in the input (issue 21, class 2): a 10 MB document on a
//! single line and one of 100,000 lines parse in bounded time, with every
//! format. Linear work takes about a second here; the bound is generous
//! (slow, shared CI machines) but a quadratic path, which took more than
//! ten minutes on such input, fails it instead of hanging the suite: each
//! parse runs on its own thread and the test stops waiting at the bound.
//! Speed itself is measured in scripts/bench.sh, not here.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use folio::parse;

const BOUND: Duration = Duration::from_secs(90);
const MB: usize = 1 << 20;

/// Parses `text` with `format` (or the detected one) on another thread;
/// fails when it takes longer than [`BOUND`]. Returns the bytes of the
/// facsimile's lines, their number and the seconds taken.
fn parse_within(name: &str, text: String, format: Option<&'static str>) -> (usize, usize, f64) {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let start = Instant::now();
        let forced = format.map(|f| parse::by_name(f).expect("a format"));
        let d = parse::parse("huge", &text, forced);
        let lines = d.pages.iter().flat_map(|p| &p.lines);
        let chars: usize = lines.clone().map(|l| l.text.len()).sum();
        let lines = lines.count();
        let _ = tx.send((chars, lines, start.elapsed().as_secs_f64()));
    });
    match rx.recv_timeout(BOUND) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name} ({format:?}): not parsed within {BOUND:?}: not linear in the input")
        }
        Err(e) => panic!("{name} ({format:?}): the parse panicked ({e})"),
    }
}

/// The sample telegrams' text, for realistic lines.
fn telegrams() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/raw");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.iter().map(|f| parse::decode(&std::fs::read(f).expect("readable")).0).collect::<Vec<_>>().join("\n")
}

/// `unit` repeated to at least `bytes`.
fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)
}

#[test]
fn a_ten_megabyte_single_line_parses_in_bounded_time() {
    let words = repeat_to("THE SOVIET UNION WOULD NOT ACCEPT THE PROPOSAL, SAID KAPITSA. ", 10 * MB);
    let flat = repeat_to(&(telegrams().replace('\n', " ") + " "), 10 * MB);
    for (name, text) in [("words", words), ("flattened telegrams", flat)] {
        for format in [None, Some("cable"), Some("memo"), Some("article"), Some("plain")] {
            let (chars, lines, secs) = parse_within(name, text.clone(), format);
            // Nothing lost: the facsimile keeps the text (reconstructed
            // line breaks may take a space each).
            assert!(chars >= text.len() * 9 / 10, "{name} ({format:?}): {chars} of {} bytes kept", text.len());
            eprintln!("{name} ({format:?}): {secs:.2}s, {lines} facsimile lines");
        }
    }
}

#[test]
fn a_hundred_thousand_line_document_parses_in_bounded_time() {
    let t = telegrams();
    let lines: Vec<&str> = t.lines().collect();
    let text: String = (0..100_000).map(|i| lines[i % lines.len()]).collect::<Vec<_>>().join("\n");
    let short = "\n".repeat(100_000) + &"X\n".repeat(100_000);
    for (name, text) in [("telegram lines", text), ("empty and one-letter lines", short)] {
        for format in [None, Some("cable"), Some("memo"), Some("article"), Some("plain")] {
            let (_, lines, secs) = parse_within(name, text.clone(), format);
            assert!(lines >= text.lines().count(), "{name} ({format:?}): {lines} facsimile lines, lines lost");
            eprintln!("{name} ({format:?}): {secs:.2}s");
        }
    }
}
