//! Progress bars for builds of many documents (indicatif).
//!
//! A bar is shown only when stderr is a terminal, the build is not
//! `--quiet`, and there are enough documents for it to matter; otherwise
//! every call is a no-op, so tests and CI logs stay clean.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this many documents a build is too quick for a bar.
const MIN_ITEMS: usize = 200;

/// Where progress goes: a terminal, or nowhere.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    visible: bool,
    /// `folio build --timings`: each stage's duration on stderr.
    timings: bool,
}

impl Progress {
    /// No progress shown.
    pub fn hidden() -> Progress {
        Progress { visible: false, timings: false }
    }

    /// Progress on stderr, if it is a terminal.
    pub fn stderr() -> Progress {
        use std::io::IsTerminal;
        Progress { visible: std::io::stderr().is_terminal(), timings: false }
    }

    /// The same, also printing stage durations when `on`.
    pub fn with_timings(self, on: bool) -> Progress {
        Progress { timings: on, ..self }
    }

    /// Ends a stage begun at `since`: prints its duration with
    /// `--timings`, and returns the start of the next stage.
    pub fn stage(&self, name: &str, since: std::time::Instant) -> std::time::Instant {
        if self.timings {
            eprintln!("{name:>24} {:>8.3} s{}", since.elapsed().as_secs_f64(), memory());
        }
        std::time::Instant::now()
    }

    /// A bar for one stage over `len` items.
    pub fn bar(&self, stage: &'static str, len: usize) -> Bar {
        if !self.visible || len < MIN_ITEMS {
            return Bar(None);
        }
        let pb = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr_with_hz(8));
        pb.set_style(
            ProgressStyle::with_template("{prefix:>8} [{bar:40}] {pos}/{len} documents ({elapsed}, {eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        pb.set_prefix(stage);
        Bar(Some(pb))
    }
}

/// One stage's bar (or nothing).
pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.0 {
            b.inc(n);
        }
    }

    pub fn finish_and_clear(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// Resident memory now and at its peak, where the system says (Linux).
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return String::new() };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!("   memory {now:>6} MiB (peak {peak} MiB)"),
        _ => String::new(),
    }
}
