//! Errors and diagnostics.
//!
//! Two kinds of failure exist in Folio:
//! - [`Diagnostic`]: a mistake in the edition's content (a misspelled quote, an
//!   unknown person id, broken TOML). It names the file, line and column, says
//!   what is wrong and how to fix it. A build collects all of them and reports
//!   them together, like a compiler.
//! - [`Error`]: the build cannot go on (an unreadable file, a template error,
//!   or a list of diagnostics). Every file operation carries its path.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Warnings are printed but do not fail the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a text file: 1-based line and column (the column counts
/// characters, not bytes). In a [`Diagnostic`], 0 means unknown: line 0 is
/// the whole file, column 0 the whole line.
///
/// Ordered by line, then column: the order a report reads top to bottom.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    /// The first character of a file.
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub const fn new(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }

    /// The same column, `lines` lines further down: a position in a part of
    /// a file (front matter, a Markdown block) as a position in the file.
    pub const fn down(self, lines: usize) -> Pos {
        Pos { line: self.line + lines, col: self.col }
    }
}

/// One problem in the edition's content, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    /// What the editor can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line, col: 0, severity: Severity::Error, message: message.into(), hint: None }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, message) }
    }

    /// An error at a line and column.
    pub fn error_at(path: impl Into<PathBuf>, at: Pos, message: impl Into<String>) -> Self {
        Diagnostic::error(path, at.line, message).col(at.col)
    }

    /// A warning at a line and column.
    pub fn warning_at(path: impl Into<PathBuf>, at: Pos, message: impl Into<String>) -> Self {
        Diagnostic::warning(path, at.line, message).col(at.col)
    }

    pub fn col(mut self, col: usize) -> Self {
        self.col = col;
        self
    }

    /// Where it is (line and column; 0 when unknown).
    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A diagnostic from a TOML parse error, with the span turned into a line
    /// and column. `offset` is the line of `text` inside the file (front matter
    /// starts after the `+++` line).
    pub fn from_toml(path: &Path, text: &str, line_offset: usize, err: &toml::de::Error) -> Self {
        let at = match err.span() {
            Some(span) => line_col(text, span.start),
            None => Pos::new(1, 0),
        };
        let message = err.message().trim().to_string();
        let mut d = Diagnostic::error_at(path, at.down(line_offset), message.clone());
        if let Some(h) = toml_hint(&message) {
            d = d.hint(h);
        }
        d
    }
}

fn toml_hint(message: &str) -> Option<String> {
    if message.contains("too large") || message.contains("out of range") || message.contains("invalid value: integer") {
        Some(
            "the number is out of range for this key: use a positive whole number of a sensible size (e.g. 200)".into(),
        )
    } else if message.starts_with("unknown field") {
        Some("check the spelling of the key; the keys this file accepts are listed above".into())
    } else if message.contains("invalid type") {
        Some("check the value's type: text goes in \"quotes\", lists in [brackets], dates as 1978-04-20".into())
    } else if message.contains("missing field") {
        Some("add the missing key".into())
    } else if message.contains("expected") || message.contains("invalid") {
        Some("see https://toml.io for the syntax: key = \"value\", one per line".into())
    } else {
        None
    }
}

/// The line and column of a byte offset of `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    Pos { line, col }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {sev}: {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

/// A collection of diagnostics gathered during one stage of the build.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }
    /// Sorted by file and line so the report reads top to bottom.
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self
    }
    /// Turns the errors into an [`Error`] if there are any.
    pub fn into_result(self) -> Result<Vec<Diagnostic>> {
        if self.has_errors() {
            Err(Error::Content(self.sorted().0))
        } else {
            Ok(self.0)
        }
    }
}

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    Io { path: PathBuf, source: std::io::Error },
    /// The edition's content has mistakes; all of them are listed.
    Content(Vec<Diagnostic>),
    /// A template failed to parse or render.
    Template { name: String, message: String },
    /// Anything else, with a message for the user.
    Other(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
    pub fn template(name: impl Into<String>, err: &tera::Error) -> Self {
        // Tera nests the real cause; print the chain, one cause a line.
        let mut message = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            message.push_str("\n  caused by: ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        Error::Template { name: name.into(), message }
    }
    /// One diagnostic as an error.
    pub fn diagnostic(d: Diagnostic) -> Self {
        Error::Content(vec![d])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::Content(ds) => {
                for d in ds {
                    writeln!(f, "{d}")?;
                }
                let n = ds.iter().filter(|d| d.severity == Severity::Error).count();
                write!(f, "{n} error{} in the edition; nothing was written", if n == 1 { "" } else { "s" })
            }
            Error::Template { name, message } => write!(f, "template {name}: {message}"),
            Error::Other(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Adds a path to `std::io::Result`s.
pub trait IoContext<T> {
    fn with_path(self, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn with_path(self, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let t = "ab\ncd\nef";
        assert_eq!(line_col(t, 0), Pos::START);
        assert_eq!(line_col(t, 4), Pos::new(2, 2));
        assert_eq!(line_col(t, 100), Pos::new(3, 3));
        assert_eq!(line_col("a\u{e9}b", 3), Pos::new(1, 3), "columns count characters");
    }

    #[test]
    fn positions_order_by_line_then_column() {
        let mut v = vec![Pos::new(2, 1), Pos::new(1, 9), Pos::new(1, 2), Pos::new(0, 0)];
        v.sort();
        assert_eq!(v, [Pos::new(0, 0), Pos::new(1, 2), Pos::new(1, 9), Pos::new(2, 1)]);
        let d = Diagnostic::error_at("a.md", Pos::new(3, 7), "x");
        assert_eq!((d.line, d.col, d.pos()), (3, 7, Pos::new(3, 7)));
        assert_eq!(d.to_string(), Diagnostic::error("a.md", 3, "x").col(7).to_string());
    }

    #[test]
    fn diagnostic_prints_like_a_compiler() {
        let d = Diagnostic::error("content/a.md", 3, "unknown person `kapitza`").col(7).hint("did you mean `kapitsa`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: unknown person `kapitza`\n  = help: did you mean `kapitsa`?"
        );
    }
}
