//! The `folio` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use folio::error::{Error, IoContext};
use folio::site::{self, BuildOptions};

#[derive(Parser)]
#[command(name = "folio", version, about = "Build annotated scholarly editions of archival documents as static sites")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the edition into a static site (default: public/)
    Build {
        /// The edition folder, holding site.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: public/ inside the edition)
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Do not minify the HTML (overrides site.toml)
        #[arg(long)]
        no_minify: bool,
    },
    /// Print a raw document parsed and cleaned, as JSON
    Inspect {
        /// A raw document (.txt), inside an edition or not
        file: PathBuf,
        /// Force a format: cable, article or plain
        #[arg(long)]
        format: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build { root, output, no_minify } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let opts = BuildOptions { root, output: output.clone(), minify: if no_minify { Some(false) } else { None } };
            let start = std::time::Instant::now();
            let report = site::build(&opts)?;
            for w in &report.warnings {
                eprintln!("{w}");
            }
            eprint!("{}", report.report.summary());
            eprintln!(
                "built {} document{} into {} ({} files, {} KiB) in {:.2?}",
                report.documents,
                if report.documents == 1 { "" } else { "s" },
                output.display(),
                report.files,
                report.bytes / 1024,
                start.elapsed()
            );
            Ok(())
        }
        Command::Inspect { file, format } => {
            let forced = match format.as_deref() {
                Some(f) => Some(folio::formats::by_name(f).ok_or_else(|| {
                    Error::Other(format!("unknown format `{f}`; use one of: {}", folio::formats::names().join(", ")))
                })?),
                None => None,
            };
            let bytes = std::fs::read(&file).with_path(&file)?;
            let (text, warning) = folio::formats::decode(&bytes);
            let id = file.file_stem().and_then(|s| s.to_str()).unwrap_or("document");
            let mut doc = folio::formats::parse(id, &text, forced);
            if let Some(w) = warning {
                eprintln!("{}: warning: {w}", file.display());
                doc.warnings.push(w);
            }
            let json = serde_json::to_string_pretty(&doc).map_err(|e| Error::Other(e.to_string()))?;
            println!("{json}");
            Ok(())
        }
    }
}
