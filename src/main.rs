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
    /// Preview the edition in the browser: build, serve on 127.0.0.1, and
    /// rebuild and reload open pages whenever a file is saved
    Serve {
        /// The edition folder, holding site.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port (0: any free port)
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. The default, 127.0.0.1, is reachable
        /// only from this computer; 0.0.0.0 opens the preview to the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Start a new edition in DIR: site.toml, an example telegram with
    /// commentary, registers and an introduction, explained by comments
    New {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
    },
    /// Validate the edition like a build, then check the rendered site:
    /// every internal link and #fragment resolves, no asset is missing,
    /// nothing loads from another host. Writes nothing; exits non-zero on
    /// any problem and lists all of them.
    Check {
        /// The edition folder, holding site.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check an already built site folder instead (e.g. public/), without
        /// building
        #[arg(long, value_name = "DIR", conflicts_with = "root")]
        site: Option<PathBuf>,
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
        Command::Serve { root, port, bind } => {
            let shutdown = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let flag = shutdown.clone();
            ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst))
                .map_err(|e| Error::Other(format!("cannot handle Ctrl-C: {e}")))?;
            folio::serve::serve(&folio::serve::ServeOptions { root, bind, port }, shutdown)
        }
        Command::New { dir } => {
            let files = folio::scaffold::create(&dir)?;
            for f in &files {
                eprintln!("  created {}", f.display());
            }
            let shown = dir.display();
            eprintln!(
                "\nA new edition is in {shown}. Next:\n  cd {shown}\n  folio serve      preview it in the browser; pages reload as you edit\n  folio check      look for mistakes before publishing\n  folio build      write the site into {shown}/public/"
            );
            Ok(())
        }
        Command::Check { root, site } => {
            let report = match &site {
                Some(dir) => folio::check::check_site(dir)?,
                None => folio::check::check_edition(&root)?,
            };
            folio::check::print_report(&report, site.as_deref())
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
