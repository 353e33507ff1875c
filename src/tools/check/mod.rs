//! `folio check`: the build's validation, then a check of the written site.
//!
//! The first half is [`Site::load`] (front matter, registers, quotes,
//! emendations, link schemes: everything `folio build` refuses). The second
//! half renders the site into a private temporary folder (never into the
//! edition's `public/`) and walks every file of it:
//!
//! - every `href`, `src`, `srcset`, `poster`, `data` and `action` in every
//!   `.html` file, and every `url(...)`/`@import` in every `.css` file;
//! - a relative target must exist inside the site and be a **file** (a bare
//!   folder shows a directory listing from `file://`, not a page);
//! - a `#fragment` must be an `id` in the target page (`#p3`, `#n2`, `#f1`);
//! - nothing is loaded from another host, no absolute `/path` (it breaks
//!   from `file://` and in sub-folders), no leftover scheme (`person:x`).
//!
//! Links *to* other hosts (`<a href="https://www.wikidata.org/...">`) are
//! allowed: a reader follows them by choice; only loading is forbidden.
//!
//! [`check_site`] works on any built folder, so tests use it on the output of
//! `folio build` too. Problems come back as [`Diagnostic`]s with the
//! site-relative file, line and column, all of them, sorted.
//!
//! The HTML is read with a small attribute scanner ([`scan_html`]) rather
//! than a full HTML5 parser: we only need tag names, attribute values and
//! *where they are* (line and column, which html5ever-style tree builders
//! drop), and the input is our own generated output. The scanner skips
//! comments, doctype and the raw text of `<script>`/`<style>`, handles
//! quoted, single-quoted and unquoted values, and decodes character
//! references in values.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::base::error::{Diagnostic, Error, IoContext, Pos, Result};
use crate::base::output::Output;
use crate::base::text::decode_entities;
use crate::build::{self, Site};

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// HTML pages scanned.
    pub pages: usize,
    /// All files in the site.
    pub files: usize,
    /// Internal references followed (links, assets, fragments).
    pub references: usize,
    /// Links to other hosts (allowed on `<a>`, not followed).
    pub external_links: usize,
    /// Everything wrong, sorted by file and line.
    pub problems: Vec<Diagnostic>,
    /// Warnings of the build's validation (they do not fail a check).
    pub warnings: Vec<Diagnostic>,
}

/// `folio check`: validates the edition at `root` like a build, renders it
/// into a temporary folder (unminified, so lines are meaningful) and checks
/// that folder. Writes nothing into the edition.
///
/// Content errors come back as `Err(Error::Content)`, like a build's.
pub fn check_edition(root: &Path) -> Result<CheckReport> {
    let mut diags = crate::base::error::Diagnostics::default();
    let mut site = Site::load(root, &mut diags)?;
    let tmp = tempfile::Builder::new()
        .prefix("folio-check-")
        .tempdir()
        .map_err(|e| Error::Other(format!("cannot create a temporary folder: {e}")))?;
    let out = Output::new(&tmp.path().join("site"), false)?;
    let built = build::generate(&mut site, diags, &out, &crate::base::progress::Progress::hidden());
    let built = match built {
        Ok(b) => b,
        Err(e) => {
            out.abandon();
            return Err(e);
        }
    };
    let mut report = check_site(out.staging())?;
    out.abandon();
    for d in &mut report.problems {
        if let Some(src) = source_of(&site, &d.path) {
            let hint = match d.hint.take() {
                Some(h) => format!("{h}\n  = note: this page is made from {src}"),
                None => format!("this page is made from {src}"),
            };
            d.hint = Some(hint);
        }
    }
    report.warnings = built.warnings;
    Ok(report)
}

/// Which edition files a page of the site is made from, for hints.
fn source_of(site: &Site, rel: &Path) -> Option<String> {
    let rel = rel.to_str()?;
    let root = |p: &str| site.root.join(p).display().to_string();
    let (dir, file) = rel.split_once('/').unwrap_or(("", rel));
    let stem = file.strip_suffix(".html")?;
    match dir {
        "documents" if stem != "index" => {
            let d = site.sources.iter().find(|d| d.id == stem)?;
            let raw = d.raw.display();
            Some(match &d.commentary {
                Some(md) => format!("{raw} and {}", md.display()),
                None => format!("{raw} (no commentary)"),
            })
        }
        "pages" => site.essays.iter().find(|e| e.slug == stem).map(|e| e.path.display().to_string()),
        "persons" | "places" | "organizations" | "topics" if stem != "index" => {
            Some(format!("{} (and the templates)", root(&format!("content/registers/{dir}.toml"))))
        }
        "" if stem == "index" => Some(format!("{} (and the templates)", root("content/pages/introduction.md"))),
        _ => None,
    }
}

/// Checks a built site folder: every internal reference resolves to a file,
/// every fragment to an id, nothing loads from another host.
pub fn check_site(dir: &Path) -> Result<CheckReport> {
    if !dir.is_dir() {
        return Err(Error::Other(format!(
            "{}: no such folder; build the site first or give the right path",
            dir.display()
        )));
    }
    let mut report = CheckReport::default();
    // Every file, sorted, with scans of the HTML and CSS ones.
    let mut files: BTreeSet<String> = BTreeSet::new();
    let mut pages: BTreeMap<String, Scanned> = BTreeMap::new();
    let mut sheets: BTreeMap<String, Scanned> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Other(format!("{}: {e}", dir.display())))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let Some(rel) = rel_string(rel) else {
            report.problems.push(Diagnostic::error(rel, 0, "file name is not valid UTF-8").hint("rename the file"));
            continue;
        };
        let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if ext == "html" || ext == "htm" || ext == "css" {
            let bytes = std::fs::read(entry.path()).with_path(entry.path())?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if ext == "css" {
                let refs = scan_css(&text);
                sheets.insert(
                    rel.clone(),
                    Scanned { lines: LineIndex::new(&text), scan: Scan { refs, ..Scan::default() } },
                );
            } else {
                let scan = scan_html(&text);
                pages.insert(rel.clone(), Scanned { lines: LineIndex::new(&text), scan });
            }
        }
        files.insert(rel);
    }
    report.files = files.len();
    report.pages = pages.len();

    let ids: HashMap<&str, BTreeSet<&str>> =
        pages.iter().map(|(p, s)| (p.as_str(), s.scan.ids.iter().map(|(id, _)| id.as_str()).collect())).collect();
    let mut folders: BTreeSet<String> = BTreeSet::new();
    for f in &files {
        let mut p = f.as_str();
        while let Some((parent, _)) = p.rsplit_once('/') {
            folders.insert(parent.to_string());
            p = parent;
        }
    }
    let site = SiteFiles { files: &files, folders: &folders, ids: &ids };

    for (page, s) in pages.iter().chain(sheets.iter()) {
        let is_css = page.ends_with(".css");
        let mut seen_ids: HashMap<&str, usize> = HashMap::new();
        for (id, offset) in &s.scan.ids {
            if let Some(first) = seen_ids.insert(id.as_str(), *offset) {
                let fl = s.lines.line_col(first).line;
                report.problems.push(
                    Diagnostic::error_at(
                        page,
                        s.lines.line_col(*offset),
                        format!("id `{id}` is used twice in this page (first on line {fl})"),
                    )
                    .hint("a link to this fragment can only reach the first one; ids must be unique in a page"),
                );
            }
        }
        for r in &s.scan.refs {
            let at = s.lines.line_col(r.offset);
            match site.resolve(page, r) {
                Verdict::Internal => report.references += 1,
                Verdict::ExternalLink => report.external_links += 1,
                Verdict::Skip => {}
                Verdict::Problem(message, hint) => {
                    let what = if is_css { "url".to_string() } else { format!("<{} {}>", r.tag, r.attr) };
                    let mut d = Diagnostic::error_at(page, at, format!("{what} `{}`: {message}", r.value));
                    if let Some(h) = hint {
                        d = d.hint(h);
                    }
                    report.problems.push(d);
                }
            }
        }
    }
    report.problems.sort();
    report.problems.dedup();
    Ok(report)
}

fn rel_string(p: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = p.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

struct Scanned {
    lines: LineIndex,
    scan: Scan,
}

/// The files of a site, for resolving references.
struct SiteFiles<'a> {
    files: &'a BTreeSet<String>,
    folders: &'a BTreeSet<String>,
    ids: &'a HashMap<&'a str, BTreeSet<&'a str>>,
}

enum Verdict {
    Internal,
    ExternalLink,
    Skip,
    Problem(String, Option<String>),
}

fn problem(m: impl Into<String>, hint: impl Into<String>) -> Verdict {
    Verdict::Problem(m.into(), Some(hint.into()))
}

impl SiteFiles<'_> {
    fn resolve(&self, page: &str, r: &Ref) -> Verdict {
        let v = r.value.trim();
        if v.is_empty() {
            return Verdict::Skip; // the page itself
        }
        let lower = v.to_ascii_lowercase();
        if lower.starts_with("//") {
            return problem(
                "a protocol-relative URL loads from another host and becomes file:// when the site is opened from disk",
                "write the full https:// address for a link, or copy the file into the edition for an asset",
            );
        }
        if let Some(scheme) = scheme_of(&lower) {
            return match scheme {
                "http" | "https" => {
                    if r.navigation {
                        Verdict::ExternalLink
                    } else {
                        problem(
                            "loads from another host; the edition must work offline and leak no reader to a third party",
                            "copy the file into the edition's theme/ folder and refer to it with a relative path",
                        )
                    }
                }
                "mailto" | "tel" if r.navigation => Verdict::ExternalLink,
                "data" if !r.navigation && !lower.starts_with("data:text/html") => Verdict::Skip,
                "file" => problem(
                    "points at a file on one computer; nobody else has it",
                    "copy the file into the edition (theme/ for assets) and link it relatively",
                ),
                "javascript" | "vbscript" => {
                    problem("script in a URL is forbidden by the pages' Content-Security-Policy", "remove the link")
                }
                _ => problem(
                    format!("`{scheme}:` is not an address a browser can open"),
                    "Folio's schemes (person:, place:, org:, topic:, doc:, page:) are resolved only in commentary and essays; check the spelling",
                ),
            };
        }
        let (before_fragment, fragment) = match v.split_once('#') {
            Some((a, f)) => (a, Some(f)),
            None => (v, None),
        };
        let path_part = before_fragment.split_once('?').map(|(a, _)| a).unwrap_or(before_fragment);
        if path_part.starts_with('/') || path_part.starts_with('\\') {
            return problem(
                "an absolute path breaks when the site is opened from disk or published in a sub-folder",
                "make it relative to this page, e.g. ../theme/style.css",
            );
        }
        let target = if path_part.is_empty() {
            page.to_string()
        } else {
            let Some(decoded) = percent_decode(path_part) else {
                return problem(
                    "broken percent-encoding",
                    "write %XX with two hexadecimal digits, or the character itself",
                );
            };
            if decoded.contains('\\') {
                return problem("a backslash is not a path separator in URLs", "use / between folders");
            }
            let mut stack: Vec<&str> = page.split('/').collect();
            stack.pop(); // the page's own file name
            for seg in decoded.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        if stack.pop().is_none() {
                            return problem(
                                "goes above the site's root folder",
                                format!("remove one ../{MARKDOWN_LINKS}"),
                            );
                        }
                    }
                    s => stack.push(s),
                }
            }
            let joined = stack.join("/");
            if decoded.ends_with('/') || self.folders.contains(&joined) || joined.is_empty() {
                let shown = if joined.is_empty() { "the site's root".to_string() } else { format!("`{joined}/`") };
                return problem(
                    format!("names a folder ({shown}), not a file; opened from disk a folder shows a file listing"),
                    format!(
                        "link to the page itself: {}index.html",
                        if path_part.ends_with('/') { path_part.to_string() } else { format!("{path_part}/") }
                    ),
                );
            }
            if !self.files.contains(&joined) {
                let mut hint = self.nearest(&joined);
                if r.navigation {
                    hint.push_str(MARKDOWN_LINKS);
                }
                return problem(format!("`{joined}` does not exist in the site"), hint);
            }
            joined
        };
        if let Some(f) = fragment {
            let f = percent_decode(f).unwrap_or_else(|| f.to_string());
            if f.is_empty() || f == "top" {
                return Verdict::Internal;
            }
            if let Some(ids) = self.ids.get(target.as_str()) {
                if !ids.contains(f.as_str()) {
                    let place = if target == page { "this page".to_string() } else { format!("`{target}`") };
                    return problem(format!("no element with id=\"{f}\" in {place}"), fragment_hint(&f, ids));
                }
            }
        }
        Verdict::Internal
    }

    /// "did you mean" for a missing file: the closest name in the site.
    fn nearest(&self, missing: &str) -> String {
        let best = self.files.iter().min_by_key(|f| crate::base::text::edit_distance(f, missing));
        match best {
            Some(b) if crate::base::text::edit_distance(b, missing) <= missing.len() / 3 + 2 => {
                format!("did you mean `{b}`? Paths are relative to the page that links")
            }
            _ => "check the path: it is relative to the page that links, and every asset must be inside the edition"
                .into(),
        }
    }
}

const MARKDOWN_LINKS: &str =
    "; in commentary and essays, prefer Folio's links (doc:ID#p3, page:SLUG, person:ID, ...): \
     they are checked when building and made right for every page that shows the text";

/// The scheme of a URL (`https`, `mailto`), lowercase input.
fn scheme_of(lower: &str) -> Option<&str> {
    let colon = lower.find(':')?;
    let scheme = &lower[..colon];
    let ok = scheme.len() > 1 // `c:` is a drive letter, not a scheme
        && scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.');
    // A colon after a '/', '?' or '#' belongs to the path, query or fragment.
    (ok && !lower[..colon].contains(['/', '?', '#'])).then_some(scheme)
}

/// What ids of the same family (`p`, `n`, `f`) the target has.
fn fragment_hint(f: &str, ids: &BTreeSet<&str>) -> String {
    let family: String = f.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let is_numbered = !family.is_empty() && f[family.len()..].parse::<usize>().is_ok();
    if is_numbered {
        let mut nums: Vec<usize> =
            ids.iter().filter_map(|i| i.strip_prefix(family.as_str()).and_then(|n| n.parse::<usize>().ok())).collect();
        nums.sort_unstable();
        let what = match family.as_str() {
            "p" => "paragraphs",
            "n" => "notes",
            "f" => "facsimile pages",
            "l" => "facsimile lines",
            _ => "anchors",
        };
        return match (nums.first(), nums.last()) {
            (Some(a), Some(b)) if a == b => format!("the target has one of these {what}: #{family}{a}"),
            (Some(a), Some(b)) => format!("the target has {what} #{family}{a} to #{family}{b}"),
            _ => format!("the target has no {what} (#{family}1, #{family}2, ...) at all"),
        };
    }
    let best = ids.iter().min_by_key(|i| crate::base::text::edit_distance(i, f));
    match best {
        Some(b) => format!("did you mean #{b}?"),
        None => "the target page has no ids at all".into(),
    }
}

/// Decodes %XX escapes; `None` for a broken escape or non-UTF-8 result.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Byte offsets of line starts, for offset → line and column.
struct LineIndex {
    starts: Vec<usize>,
    text: String,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, text: text.to_string() }
    }
    /// The line and column (in characters) of a byte offset.
    fn line_col(&self, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let end = offset.min(self.text.len());
        let col = self.text.get(start..end).map(|s| s.chars().count()).unwrap_or(end - start) + 1;
        Pos { line, col }
    }
}

/// A URL found in a page or stylesheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ref {
    /// Lowercase tag name (`a`, `img`; `css` for stylesheets).
    pub tag: String,
    /// Lowercase attribute name (`href`, `src`, `srcset`, `url`).
    pub attr: String,
    /// The URL, character references decoded.
    pub value: String,
    /// Byte offset of the value in the file.
    pub offset: usize,
    /// A hyperlink the reader follows by choice (`<a href>`), as opposed to
    /// something the browser loads by itself (`<img src>`, stylesheets).
    pub navigation: bool,
}

/// What the scanner found in one HTML file.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Every `id` (and `<a name>`), with its byte offset.
    pub ids: Vec<(String, usize)>,
    /// Every URL-bearing attribute.
    pub refs: Vec<Ref>,
}

/// Attributes that hold URLs (or, for `srcset`, lists of them).
fn is_url_attr(tag: &str, attr: &str) -> bool {
    matches!(
        (tag, attr),
        (_, "href")
            | (_, "src")
            | (_, "srcset")
            | ("video", "poster")
            | ("object", "data")
            | ("form", "action")
            | (_, "formaction")
            | (_, "xlink:href")
    )
}

/// Scans HTML for ids and URL attributes. Never fails: malformed markup is
/// read as far as it makes sense.
pub(crate) fn scan_html(html: &str) -> Scan {
    let b = html.as_bytes();
    let mut scan = Scan::default();
    let mut i = 0;
    while let Some(lt) = memchr(b'<', b, i) {
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, b"-->", i + 3).map(|e| e + 3).unwrap_or(b.len());
            continue;
        }
        if i < b.len() && matches!(b[i], b'!' | b'?' | b'/') {
            i = memchr(b'>', b, i).map(|e| e + 1).unwrap_or(b.len());
            continue;
        }
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue; // a lone '<' in text
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let tag = html[name_start..i].to_ascii_lowercase();
        let mut attrs: Vec<(String, String, usize)> = Vec::new();
        // Attributes until '>'.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            let an = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            if i == an {
                i += 1; // a stray '=' without a name: skip it
                continue;
            }
            let attr = html[an..i].to_ascii_lowercase();
            let mut j = i;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let (vs, ve, next) = if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let end = memchr(q, b, j + 1).unwrap_or(b.len());
                    (j + 1, end, (end + 1).min(b.len()))
                } else {
                    let mut e = j;
                    while e < b.len() && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                        e += 1;
                    }
                    (j, e, e)
                };
                attrs.push((attr, decode_entities(&html[vs..ve]), vs));
                i = next;
            } else {
                attrs.push((attr, String::new(), i));
            }
        }
        let rel = attrs.iter().find(|(a, _, _)| a == "rel").map(|(_, v, _)| v.to_ascii_lowercase()).unwrap_or_default();
        // `<a download href="data:...">` saves the bytes it carries (a
        // document's BibTeX): a download, not a page to navigate to.
        let download = tag == "a" && attrs.iter().any(|(a, _, _)| a == "download");
        for (attr, value, offset) in attrs {
            if attr == "id" || (attr == "name" && tag == "a") {
                if !value.is_empty() {
                    scan.ids.push((value, offset));
                }
            } else if attr == "srcset" {
                for (url, off) in srcset_urls(&value) {
                    scan.refs.push(Ref {
                        tag: tag.clone(),
                        attr: attr.clone(),
                        value: url,
                        offset: offset + off,
                        navigation: false,
                    });
                }
            } else if is_url_attr(&tag, &attr) {
                let saved = download && value.trim_start().get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"));
                let navigation = (matches!(tag.as_str(), "a" | "area" | "form") && !saved)
                    || attr == "formaction"
                    || (tag == "link"
                        && rel.split_ascii_whitespace().all(|r| {
                            matches!(
                                r,
                                "canonical" | "alternate" | "author" | "license" | "help" | "me" | "next" | "prev"
                            )
                        }));
                scan.refs.push(Ref { tag: tag.clone(), attr, value, offset, navigation });
            }
        }
        // Raw text elements: skip to their end tag.
        if matches!(tag.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{tag}");
            i = find_ci(b, close.as_bytes(), i).unwrap_or(b.len());
        }
    }
    scan
}

/// The URLs of a `srcset` value with their offsets inside it.
fn srcset_urls(v: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let b = v.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
            i += 1;
        }
        let s = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut url = &v[s..i];
        let trailing_comma = url.ends_with(',');
        url = url.trim_end_matches(',');
        if !url.is_empty() {
            out.push((url.to_string(), s));
        }
        if !trailing_comma {
            // Skip the descriptor up to the next comma.
            while i < b.len() && b[i] != b',' {
                i += 1;
            }
        }
    }
    out
}

/// `url(...)` and `@import "..."` references in a stylesheet.
pub(crate) fn scan_css(css: &str) -> Vec<Ref> {
    let b = css.as_bytes();
    let mut refs = Vec::new();
    let mut i = 0;
    let push = |refs: &mut Vec<Ref>, value: &str, offset: usize| {
        refs.push(Ref {
            tag: "css".into(),
            attr: "url".into(),
            value: value.trim().to_string(),
            offset,
            navigation: false,
        });
    };
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            i = find(b, b"*/", i + 2).map(|e| e + 2).unwrap_or(b.len());
        } else if b[i] == b'"' || b[i] == b'\'' {
            // A string outside url(): skip it (but @import "x" is handled below).
            let q = b[i];
            i = memchr(q, b, i + 1).map(|e| e + 1).unwrap_or(b.len());
        } else if b[i..].len() >= 4 && b[i..i + 4].eq_ignore_ascii_case(b"url(") {
            let j = skip_ws(b, i + 4);
            if let Some(end) = quoted(b, j) {
                push(&mut refs, &css[j + 1..end], j + 1);
                i = end + 1;
            } else {
                let end = memchr(b')', b, j).unwrap_or(b.len());
                push(&mut refs, &css[j..end], j);
                i = end;
            }
        } else if b[i..].len() >= 7 && b[i..i + 7].eq_ignore_ascii_case(b"@import") {
            let j = skip_ws(b, i + 7);
            if let Some(end) = quoted(b, j) {
                push(&mut refs, &css[j + 1..end], j + 1);
                i = end + 1;
            } else {
                i = j; // @import url(...): the url( branch takes it
            }
        } else {
            i += 1;
        }
    }
    refs
}

/// The first index at or after `j` that is not ASCII whitespace.
fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    j
}

/// If a quoted string starts at `j`, the index of its closing quote (or the
/// end of the text when it is not closed).
fn quoted(b: &[u8], j: usize) -> Option<usize> {
    let q = *b.get(j).filter(|&&c| c == b'"' || c == b'\'')?;
    Some(memchr(q, b, j + 1).unwrap_or(b.len()))
}

fn memchr(needle: u8, b: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?.iter().position(|&c| c == needle).map(|p| p + from)
}

fn find(b: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

fn find_ci(b: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| p + from)
}

/// Prints a check's outcome; the returned error (if any) makes the command
/// exit non-zero. `shown_dir` prefixes the site-relative paths.
pub fn print_report(report: &CheckReport, shown_dir: Option<&Path>) -> Result<()> {
    for w in &report.warnings {
        eprintln!("{w}");
    }
    let shown = |d: &Diagnostic| -> Diagnostic {
        let mut d = d.clone();
        if let Some(dir) = shown_dir {
            d.path = dir.join(&d.path);
        }
        d
    };
    if !report.problems.is_empty() && shown_dir.is_none() {
        eprintln!("problems in the rendered site (paths inside the output; lines as in `folio build --no-minify`):");
    }
    for p in &report.problems {
        eprintln!("{}", shown(p));
    }
    let summary = format!(
        "checked {} page{} and {} file{}: {} internal reference{}, {} external link{} (not followed)",
        report.pages,
        plural(report.pages),
        report.files,
        plural(report.files),
        report.references,
        plural(report.references),
        report.external_links,
        plural(report.external_links),
    );
    if report.problems.is_empty() {
        eprintln!("{summary}: no problems");
        Ok(())
    } else {
        let n = report.problems.len();
        Err(Error::Other(format!("{summary}: {n} problem{}", plural(n))))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests;
