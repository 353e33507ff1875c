//! `folio-synth`: a development tool, not part of Folio itself. It writes
//! realistic synthetic editions (and the same corpus as a Hugo site) for the
//! benchmarks (scripts/bench.sh) and the scale tests.
//!
//! ```sh
//! cargo run --release --bin folio-synth -- --documents 10000 /dev/shm/ed
//! ```

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod hugo;
mod registers;
mod synth;
mod texts;
mod words;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generate a synthetic edition for benchmarks (and the same corpus as a Hugo site)
#[derive(Parser)]
#[command(name = "folio-synth", version)]
struct Cli {
    /// How many documents to generate
    #[arg(long, default_value_t = 10_000)]
    documents: usize,
    /// Seed of the generator: the same seed gives the same edition
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Do not write the Hugo version of the corpus (OUT/hugo)
    #[arg(long)]
    no_hugo: bool,
    /// The new edition's folder (must be empty or absent)
    out: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let start = std::time::Instant::now();
    let opts =
        synth::SynthOptions { documents: cli.documents, seed: cli.seed, out: cli.out.clone(), hugo: !cli.no_hugo };
    match synth::generate(&opts) {
        Ok(r) => {
            eprintln!(
                "wrote {} documents ({} articles, {} with commentary, {} notes), registers of {} persons, {} places, {} organizations, {} topics into {} ({} files) in {:.2?}",
                r.documents,
                r.articles,
                r.commentaries,
                r.notes,
                r.persons,
                r.places,
                r.organizations,
                r.topics,
                cli.out.display(),
                r.files,
                start.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
