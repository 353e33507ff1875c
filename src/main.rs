//! The `folio` command line.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::IsTerminal;

use clap::{Parser, Subcommand};

use folio::{BuildOptions, Diagnostic, Error, IoContext, Progress, Severity};

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
        /// Print nothing but errors and warnings (no progress bar, no summary)
        #[arg(long, short)]
        quiet: bool,
        /// Print how long each stage took (on stderr)
        #[arg(long)]
        timings: bool,
        /// Build everything anew instead of only what changed since the last
        /// build (which keeps its cache in .<output>.folio-cache/ beside it)
        #[arg(long)]
        no_cache: bool,
        /// Replace the output folder even though an earlier `folio build`
        /// did not make it (it has no .folio-output file). Never the
        /// edition, its sources or a folder above them, nor a folder that
        /// holds edition files
        #[arg(long)]
        force: bool,
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
    let color = use_color();
    let output = match &cli.command {
        Command::Build { root, output, .. } => Some(output.clone().unwrap_or_else(|| root.join("public"))),
        _ => None,
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Content(diags)) => {
            eprint!("{}", report(&diags, output.as_deref(), color));
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{}: {e}", paint("error", "1;31", color));
            ExitCode::FAILURE
        }
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set.
fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// All diagnostics of a failed build (`output`: its destination) or check,
/// sorted by file and line like a compiler's, each followed by a blank
/// line, then the counts.
fn report(diags: &[Diagnostic], output: Option<&std::path::Path>, color: bool) -> String {
    let mut sorted = diags.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut out = String::new();
    for d in &sorted {
        out.push_str(&diagnostic(d, color));
        out.push_str("\n\n");
    }
    let errors = sorted.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = sorted.len() - errors;
    let mut counts = plural(errors, "error");
    if warnings > 0 {
        counts.push_str(&format!(" and {}", plural(warnings, "warning")));
    }
    let summary = match output {
        Some(o) if o.exists() => {
            format!("could not build the edition: {counts}; nothing was written, {} is unchanged", o.display())
        }
        Some(_) => format!("could not build the edition: {counts}; nothing was written"),
        None => format!("the edition has {counts}"),
    };
    out.push_str(&format!("{}: {summary}\n", paint("error", "1;31", color)));
    out
}

/// One diagnostic as `file:line:col: error: message` and `= help:` lines.
fn diagnostic(d: &Diagnostic, color: bool) -> String {
    if !color {
        return d.to_string();
    }
    let plain = Diagnostic { hint: None, ..d.clone() }.to_string();
    let (location, rest) = plain.split_once(": ").unwrap_or(("", &plain));
    let (sev, message) = rest.split_once(": ").unwrap_or((rest, ""));
    let code = if d.severity == Severity::Error { "1;31" } else { "1;33" };
    let mut s = format!("{}: {}: {}", paint(location, "1", true), paint(sev, code, true), paint(message, "1", true));
    if let Some(h) = &d.hint {
        s.push_str(&format!("\n  {} {h}", paint("= help:", "1;36", true)));
    }
    s
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build { root, output, no_minify, quiet, timings, no_cache, force } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let opts = BuildOptions {
                root,
                output: output.clone(),
                minify: if no_minify { Some(false) } else { None },
                cache: !no_cache,
            };
            let start = std::time::Instant::now();
            let progress = if quiet { Progress::hidden() } else { Progress::stderr() };
            let progress = progress.with_timings(timings);
            let report = folio::build_replacing(&opts, force, &progress)?;
            let mut warnings = report.warnings.clone();
            warnings.sort();
            warnings.dedup();
            for w in &warnings {
                eprintln!("{w}\n");
            }
            if quiet {
                return Ok(());
            }
            eprint!("{}", report.report.summary());
            let changed = if report.incremental {
                format!(
                    "; {} read again, {} written, the rest unchanged",
                    plural(report.documents_read, "document"),
                    plural(report.written, "file")
                )
            } else {
                String::new()
            };
            eprintln!(
                "built {} into {} ({} files, {} KiB{changed}) in {:.2?}",
                plural(report.documents, "document"),
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
            folio::serve(&folio::ServeOptions { root, bind, port }, shutdown)
        }
        Command::New { dir } => {
            let files = folio::new_edition(&dir)?;
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
                Some(dir) => folio::check_site(dir)?,
                None => folio::check_edition(&root)?,
            };
            folio::print_report(&report, site.as_deref())
        }
        Command::Inspect { file, format } => {
            let forced = match format.as_deref() {
                Some(f) => Some(folio::parse::by_name(f).ok_or_else(|| {
                    Error::Other(format!("unknown format `{f}`; use one of: {}", folio::parse::names().join(", ")))
                })?),
                None => None,
            };
            let meta = std::fs::metadata(&file).with_path(&file)?;
            if !meta.is_file() {
                return Err(Error::Other(format!(
                    "{} is not a regular file (a folder, device or pipe); give `folio inspect` a raw document such as content/documents/ID.txt",
                    file.display()
                )));
            }
            let bytes = std::fs::read(&file).with_path(&file)?;
            let decoded = folio::parse::decode_located(&bytes);
            // Any file, inside an edition or not: its stem is not checked as an edition's ids are.
            let id = folio::model::DocId::any(file.file_stem().and_then(|s| s.to_str()).unwrap_or("document"));
            let mut doc = folio::parse::parse(&id, &decoded.text, forced);
            for n in decoded.notes {
                let line = (n.line > 0).then_some(n.line);
                match line {
                    Some(l) => eprintln!("{}:{l}: warning: {}", file.display(), n.message),
                    None => eprintln!("{}: warning: {}", file.display(), n.message),
                }
                doc.warnings.push(folio::model::ParseWarning::new(
                    folio::model::WarningKind::Encoding,
                    line,
                    n.message,
                ));
            }
            let json = serde_json::to_string_pretty(&doc).map_err(|e| Error::Other(e.to_string()))?;
            println!("{json}");
            Ok(())
        }
    }
}

/// "1 document", "2 documents".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
