//! `folio serve`: the editor's preview. Not a stage of the pipeline but a
//! loop around it:
//!
//! 1. build the edition (the same [`build::stage`] as `folio build`) into a
//!    private temporary folder, never into `public/`;
//! 2. serve that folder over HTTP on 127.0.0.1 (loopback only unless
//!    `--bind` says otherwise);
//! 3. watch `site.toml`, `content/`, `templates/` and `theme/`; after a
//!    burst of changes has settled (150 ms) rebuild the edition on the
//!    previous build's cache ([`crate::build::cache`]): only the documents that
//!    changed are read again and only the files that changed are written;
//! 4. the browser reloads open pages by itself: the server (and only the
//!    server, never `folio build`) adds a small script,
//!    `/__folio/livereload.js`, to every HTML page it sends. The script asks
//!    `/__folio/poll.js` every half second for the build number, by adding a
//!    `<script>` element, which the pages' Content-Security-Policy
//!    (`script-src 'self'; connect-src 'none'`) allows where `fetch` would
//!    not; when the number changed, it reloads the page;
//! 5. a failed build keeps the last good site: every page is still served,
//!    with a banner listing the errors (file:line:col, message, help) added
//!    at the top; `/__folio/error` shows them on a page of their own. If no
//!    build has succeeded yet, every request gets the error page.
//!
//! The new site is swapped in under a write lock while requests read files
//! under a read lock, so a page is never read from a half-swapped folder.
//! Requests are mapped to files by [`resolve`], which refuses everything
//! that could leave the output folder: `..` (also percent-encoded),
//! backslashes, absolute and drive paths, hidden files, NUL, and symlinks
//! pointing outside.
//!
//! Crates: `tiny_http` (a small synchronous HTTP/1.1 server: no async
//! runtime for a preview that serves one person; it hands us the raw request
//! target so the path policy is ours), `notify` (file watching), `ctrlc` (in
//! main.rs, sets the shutdown flag this loop checks).

use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::base::error::{Error, Result, Severity};
use crate::base::text::escape_html;
use crate::build;
use crate::tools::check::percent_decode;

mod http;
mod pages;
pub(crate) use http::host_allowed;
use http::{content_type, CSP};
pub(crate) use pages::ErrorItem;
use pages::{edition_strings, error_page, inject, Status};

/// What `folio serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The edition folder (holds site.toml).
    pub root: PathBuf,
    /// The address to listen on; 127.0.0.1 unless the editor asks.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// How long the file system must be quiet before a rebuild.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// A rebuild happens at the latest this long after the first change, even
/// if changes keep coming.
const DEBOUNCE_MAX: Duration = Duration::from_millis(1000);

const LIVERELOAD_JS: &str = include_str!("serve/livereload.js");
const SERVE_CSS: &str = include_str!("serve/serve.css");

struct Shared {
    status: RwLock<Status>,
    /// Listening on loopback: only `Host: localhost`/`127.0.0.1`/`[::1]`
    /// requests are answered (see [`host_allowed`]).
    loopback: bool,
    /// The folder being served (a staging folder is swapped into it).
    dir: PathBuf,
}

/// Runs the preview server until `shutdown` becomes true. Prints the
/// address, then one line per rebuild, to stderr.
pub fn serve(opts: &ServeOptions, shutdown: Arc<AtomicBool>) -> Result<()> {
    let tmp = tempfile::Builder::new()
        .prefix("folio-serve-")
        .tempdir()
        .map_err(|e| Error::Other(format!("cannot create a temporary folder for the preview: {e}")))?;
    let shared = Arc::new(Shared {
        status: RwLock::new(Status::default()),
        loopback: opts.bind.is_loopback(),
        dir: tmp.path().join("site"),
    });
    let abs_root = std::fs::canonicalize(&opts.root).map_err(|e| Error::io(&opts.root, e))?;
    if std::fs::symlink_metadata(abs_root.join("site.toml")).is_err() {
        return Err(Error::Other(format!(
            "{}: no site.toml here; run `folio serve` in an edition folder, give --root, or start one with `folio new DIR`",
            opts.root.join("site.toml").display()
        )));
    }

    let server = tiny_http::Server::http(SocketAddr::new(opts.bind, opts.port)).map_err(|e| {
        Error::Other(format!(
            "cannot listen on {}:{}: {e}; choose another port with --port N (--port 0 picks a free one)",
            opts.bind, opts.port
        ))
    })?;
    let addr = server.server_addr().to_ip().unwrap_or(SocketAddr::new(opts.bind, opts.port));

    // The first build, before the first request.
    let mut builder = Builder { root: opts.root.clone(), shared: shared.clone() };
    builder.rebuild(Change::Content, "start");

    // Watch the edition.
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Error::Other(format!("cannot watch the edition for changes: {e}")))?;
    let watched = watch_edition(&mut watcher, &abs_root)?;

    let url_host = if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let url_host = if url_host.contains(':') { format!("[{url_host}]") } else { url_host };
    eprintln!("serving {} on http://{url_host}:{}/  (Ctrl-C to stop)", opts.root.display(), addr.port());
    eprintln!("  watching {}", watched.join(", "));
    eprintln!("  the site is built into {} (removed on exit; `folio build` writes public/)", shared.dir.display());
    if !addr.ip().is_loopback() {
        eprintln!("  warning: listening on {}: other machines on the network can read this preview", addr.ip());
    }

    let builder_shutdown = shutdown.clone();
    let abs_root2 = abs_root.clone();
    let builder_thread = std::thread::spawn(move || {
        builder.watch_loop(rx, &abs_root2, watcher, &builder_shutdown);
    });

    while !shutdown.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => {
                let shared = shared.clone();
                std::thread::spawn(move || handle(request, &shared));
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("serve: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
    drop(server);
    let _ = builder_thread.join();
    drop(tmp);
    eprintln!("stopped; the preview folder is removed");
    Ok(())
}

/// What kind of input changed, and so how much to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    /// templates/ or theme/: render the loaded edition again.
    Presentation,
    /// content/ or site.toml: load the edition again.
    Content,
}

struct Builder {
    root: PathBuf,
    shared: Arc<Shared>,
}

impl Builder {
    fn rebuild(&mut self, change: Change, why: &str) {
        let start = Instant::now();
        let result = self.build(change);
        let strings = edition_strings(&self.root);
        let mut status = self.shared.status.write().unwrap_or_else(|e| e.into_inner());
        status.version += 1;
        status.strings = strings;
        match result {
            Ok((docs, staged)) => {
                if let Err(e) = staged.commit() {
                    status.errors = error_items(&e);
                    eprintln!("{e}");
                    return;
                }
                status.has_site = true;
                status.errors.clear();
                eprintln!(
                    "built {docs} document{} in {:.2} s ({why})",
                    if docs == 1 { "" } else { "s" },
                    start.elapsed().as_secs_f64()
                );
            }
            Err(e) => {
                status.errors = error_items(&e);
                eprintln!("{e}");
                eprintln!(
                    "build failed ({why}); {}",
                    if status.has_site {
                        "the browser shows the errors over the last good site"
                    } else {
                        "the browser shows the errors"
                    }
                );
            }
        }
    }

    /// Builds into a staging folder; the caller commits it under the lock.
    /// Each build works on the previous one's cache (beside the preview
    /// folder): only changed documents are read again, and only changed
    /// files are written.
    fn build(&mut self, _change: Change) -> Result<(usize, build::Staged)> {
        let opts = build::BuildOptions {
            root: self.root.clone(),
            output: self.shared.dir.clone(),
            minify: Some(false),
            cache: true,
        };
        let staged = build::stage(&opts, &crate::base::progress::Progress::hidden())?;
        for w in &staged.report().warnings {
            eprintln!("{w}");
        }
        Ok((staged.report().documents, staged))
    }

    /// Waits for changes, lets them settle, rebuilds; until shutdown.
    fn watch_loop(
        &mut self,
        rx: Receiver<notify::Result<notify::Event>>,
        root: &Path,
        mut watcher: notify::RecommendedWatcher,
        shutdown: &AtomicBool,
    ) {
        let mut pending: Option<(Change, Instant, Instant, PathBuf)> = None;
        while !shutdown.load(Ordering::SeqCst) {
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(Ok(event)) => {
                    if !relevant_kind(&event.kind) {
                        continue;
                    }
                    for p in &event.paths {
                        // A templates/ or theme/ folder made after the start.
                        if matches!(event.kind, EventKind::Create(_)) && p.parent() == Some(root) && p.is_dir() {
                            if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                                if name == "templates" || name == "theme" {
                                    let _ = watcher.watch(p, RecursiveMode::Recursive);
                                }
                            }
                        }
                        let Some(change) = classify(root, p) else { continue };
                        let now = Instant::now();
                        pending = Some(match pending.take() {
                            Some((c, first, _, first_path)) => (c.max(change), first, now, first_path),
                            None => (change, now, now, p.clone()),
                        });
                    }
                }
                Ok(Err(e)) => eprintln!("watch: {e}"),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if let Some((change, first, last, ref path)) = pending {
                let now = Instant::now();
                if now.duration_since(last) >= DEBOUNCE || now.duration_since(first) >= DEBOUNCE_MAX {
                    let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
                    pending = None;
                    self.rebuild(change, &format!("{shown} changed"));
                }
            }
        }
    }
}

/// Starts watching what the build reads; returns what is watched, for the
/// start-up message.
fn watch_edition(watcher: &mut notify::RecommendedWatcher, root: &Path) -> Result<Vec<String>> {
    let mut watched = Vec::new();
    let fail = |p: &Path, e: notify::Error| Error::Other(format!("cannot watch {}: {e}", p.display()));
    // The edition folder itself, not recursively: site.toml, and templates/
    // or theme/ when they are created later.
    watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| fail(root, e))?;
    watched.push("site.toml".to_string());
    for dir in ["content", "templates", "theme"] {
        let p = root.join(dir);
        if p.is_dir() {
            watcher.watch(&p, RecursiveMode::Recursive).map_err(|e| fail(&p, e))?;
            watched.push(format!("{dir}/"));
        }
    }
    Ok(watched)
}

fn relevant_kind(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Any | EventKind::Other => true,
        _ => true,
    }
}

/// Which part of the edition a changed path belongs to; `None` for files
/// the build does not read (editor backups, hidden files, public/).
fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_str()?;
    let ignored = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    if ignored || rel.components().any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.'))) {
        return None;
    }
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first {
        "site.toml" if rel.components().count() == 1 => Some(Change::Content),
        "content" => Some(Change::Content),
        "templates" | "theme" => Some(Change::Presentation),
        _ => None,
    }
}

/// An error of a build as items to show in the browser.
pub(crate) fn error_items(e: &Error) -> Vec<ErrorItem> {
    match e {
        Error::Content(ds) => ds
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let mut location = d.path.display().to_string();
                if d.line > 0 {
                    location.push_str(&format!(":{}", d.line));
                    if d.col > 0 {
                        location.push_str(&format!(":{}", d.col));
                    }
                }
                ErrorItem { location, message: d.message.clone(), hint: d.hint.clone() }
            })
            .collect(),
        Error::Template { name, message } => {
            vec![ErrorItem { location: format!("template {name}"), message: message.clone(), hint: None }]
        }
        Error::Io { path, source } => {
            vec![ErrorItem { location: path.display().to_string(), message: source.to_string(), hint: None }]
        }
        Error::Other(m) => vec![ErrorItem { location: String::new(), message: m.clone(), hint: None }],
    }
}

/// Why a request path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a path we can read (400).
    BadRequest,
    /// Would leave the output folder, or names a hidden file (403).
    Forbidden,
    /// Nothing there (404).
    NotFound,
    /// A folder asked for without its trailing slash: redirect (so relative
    /// links in its index.html work).
    AddSlash,
}

/// Maps a raw request target (`/documents/x.html?q#f`) to a file inside
/// `dir`. Decodes percent escapes first, then refuses `..`, `.`, hidden
/// names, backslashes, NUL, drive letters and symlinks leading out of `dir`.
pub(crate) fn resolve(dir: &Path, target: &str) -> std::result::Result<PathBuf, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest); // absolute-form or garbage
    }
    let decoded = percent_decode(path).ok_or(Refusal::BadRequest)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(Refusal::BadRequest);
    }
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == "." || seg == ".." || seg.starts_with('.') || seg.contains(':') {
            return Err(Refusal::Forbidden);
        }
        rel.push(seg);
    }
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Refusal::Forbidden);
    }
    let mut candidate = dir.join(&rel);
    if candidate.is_dir() {
        if !decoded.ends_with('/') {
            return Err(Refusal::AddSlash);
        }
        candidate.push("index.html");
    }
    let real = std::fs::canonicalize(&candidate).map_err(|_| Refusal::NotFound)?;
    let real_dir = std::fs::canonicalize(dir).map_err(|_| Refusal::NotFound)?;
    if !real.starts_with(&real_dir) {
        return Err(Refusal::Forbidden);
    }
    if !real.is_file() {
        return Err(Refusal::NotFound);
    }
    Ok(real)
}

/// A response: status, content type, body, and an optional Location.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply { status, content_type: "text/plain; charset=utf-8", body: body.as_bytes().to_vec(), location: None }
    }
}

fn handle(request: tiny_http::Request, shared: &Shared) {
    let hosts: Vec<String> =
        request.headers().iter().filter(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string()).collect();
    let host = hosts.first().cloned();
    let reply = match request.method() {
        // Two Host headers: which one the browser meant is anyone's guess
        // (RFC 9112 section 3.2: answer 400).
        _ if hosts.len() > 1 => Reply::text(400, "400 bad request: more than one Host header\n"),
        _ if shared.loopback && !host_allowed(host.as_deref()) => {
            Reply::text(403, "403 forbidden: this preview answers only to localhost and 127.0.0.1\n")
        }
        tiny_http::Method::Get | tiny_http::Method::Head => respond(request.url(), shared),
        _ => Reply::text(405, "405 method not allowed: this preview only reads\n"),
    };
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        // The pages' own policy, on every answer (404, the error page and
        // plain-text replies too), so nothing served runs inline script.
        ("Content-Security-Policy", CSP.to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
    ];
    if let Some(l) = reply.location {
        headers.push(("Location", l));
    }
    if reply.status == 405 {
        headers.push(("Allow", "GET, HEAD".to_string()));
    }
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            response.add_header(h);
        }
    }
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

/// The answer to a GET of `target`.
fn respond(target: &str, shared: &Shared) -> Reply {
    let status = shared.status.read().unwrap_or_else(|e| e.into_inner());
    let path = target.split(['?', '#']).next().unwrap_or("");
    if let Some(internal) = path.strip_prefix("/__folio/") {
        return match internal {
            "livereload.js" => Reply {
                status: 200,
                content_type: "text/javascript; charset=utf-8",
                body: LIVERELOAD_JS.into(),
                location: None,
            },
            "poll.js" => Reply {
                status: 200,
                content_type: "text/javascript; charset=utf-8",
                body: format!("window.folioServe && window.folioServe({});\n", status.version).into_bytes(),
                location: None,
            },
            "serve.css" => {
                Reply { status: 200, content_type: "text/css; charset=utf-8", body: SERVE_CSS.into(), location: None }
            }
            "error" | "error.html" => Reply {
                status: 200,
                content_type: "text/html; charset=utf-8",
                body: error_page(&status).into_bytes(),
                location: None,
            },
            _ => Reply::text(404, "404 not found\n"),
        };
    }
    if !status.has_site {
        return Reply {
            status: 500,
            content_type: "text/html; charset=utf-8",
            body: error_page(&status).into_bytes(),
            location: None,
        };
    }
    match resolve(&shared.dir, target) {
        Ok(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let ct = content_type(&file);
                let body = if ct.starts_with("text/html") {
                    inject(&String::from_utf8_lossy(&bytes), &status).into_bytes()
                } else {
                    bytes
                };
                Reply { status: 200, content_type: ct, body, location: None }
            }
            Err(_) => not_found(path, &status),
        },
        Err(Refusal::AddSlash) => {
            Reply { status: 301, location: Some(format!("{path}/")), ..Reply::text(301, "moved\n") }
        }
        Err(Refusal::NotFound) => not_found(path, &status),
        Err(Refusal::Forbidden) => Reply::text(403, "403 forbidden: this preview serves only the files of the site\n"),
        Err(Refusal::BadRequest) => Reply::text(400, "400 bad request\n"),
    }
}

fn not_found(path: &str, status: &Status) -> Reply {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main class=\"folio-serve-page\"><h1>Not found</h1><p><code>{}</code> is not a file of the site. <a href=\"/index.html\">Home</a></p></main></body></html>",
        escape_html(path)
    );
    Reply {
        status: 404,
        content_type: "text/html; charset=utf-8",
        body: inject(&body, status).into_bytes(),
        location: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("site/documents")).unwrap();
        std::fs::write(t.path().join("site/index.html"), "home").unwrap();
        std::fs::write(t.path().join("site/documents/index.html"), "docs").unwrap();
        std::fs::write(t.path().join("site/documents/a b.html"), "a").unwrap();
        std::fs::write(t.path().join("secret.txt"), "secret").unwrap();
        t
    }

    #[test]
    fn resolves_files_inside() {
        let t = site();
        let d = t.path().join("site");
        assert!(resolve(&d, "/").unwrap().ends_with("index.html"));
        assert!(resolve(&d, "/documents/").unwrap().ends_with("documents/index.html"));
        assert!(resolve(&d, "/documents/a%20b.html?x=1#p2").unwrap().ends_with("a b.html"));
        assert!(resolve(&d, "//index.html").unwrap().ends_with("index.html"));
        assert_eq!(resolve(&d, "/documents"), Err(Refusal::AddSlash));
        assert_eq!(resolve(&d, "/nope.html"), Err(Refusal::NotFound));
    }

    #[test]
    fn refuses_everything_that_could_leave_the_folder() {
        let t = site();
        let d = t.path().join("site");
        for (target, why) in [
            ("/../secret.txt", Refusal::Forbidden),
            ("/documents/../../secret.txt", Refusal::Forbidden),
            ("/%2e%2e/secret.txt", Refusal::Forbidden),
            ("/%2E%2E%2Fsecret.txt", Refusal::Forbidden),
            ("/..%2fsecret.txt", Refusal::Forbidden),
            ("/documents/..%5c..%5csecret.txt", Refusal::BadRequest),
            ("/..\\secret.txt", Refusal::BadRequest),
            ("/C:/Windows/win.ini", Refusal::Forbidden),
            ("/.hidden", Refusal::Forbidden),
            ("/index.html%00.png", Refusal::BadRequest),
            ("/%zz", Refusal::BadRequest),
            ("/%ff", Refusal::BadRequest),
            ("secret.txt", Refusal::BadRequest),
            ("http://evil/secret.txt", Refusal::BadRequest),
        ] {
            assert_eq!(resolve(&d, target), Err(why), "{target}");
        }
        // Absolute paths stay inside: //etc/passwd is site/etc/passwd.
        assert_eq!(resolve(&d, "//etc/passwd"), Err(Refusal::NotFound));
        assert_eq!(resolve(&d, "/%2Fetc%2Fpasswd"), Err(Refusal::NotFound));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_out_of_the_folder() {
        let t = site();
        let d = t.path().join("site");
        std::os::unix::fs::symlink(t.path().join("secret.txt"), d.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(t.path(), d.join("up")).unwrap();
        assert_eq!(resolve(&d, "/link.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&d, "/up/secret.txt"), Err(Refusal::Forbidden));
    }

    #[test]
    fn injects_script_and_banner_only_into_pages() {
        let page = "<!DOCTYPE html><html><head><title>x</title></head><body class=\"a\"><p>hi</p></body></html>";
        let ok = Status { version: 3, errors: vec![], has_site: true, ..Default::default() };
        let out = inject(page, &ok);
        assert!(out.contains("<link rel=\"stylesheet\" href=\"/__folio/serve.css\"></head>"), "{out}");
        assert!(out.contains("<script src=\"/__folio/livereload.js\" data-version=\"3\"></script></body>"), "{out}");
        assert!(!out.contains("folio-serve-error"));
        let bad = Status {
            version: 4,
            errors: vec![ErrorItem {
                location: "content/a.md:3:1".into(),
                message: "quote <b> not found".into(),
                hint: Some("try \"X\"".into()),
            }],
            has_site: true,
            ..Default::default()
        };
        let out = inject(page, &bad);
        assert!(out.contains("<body class=\"a\"><div id=\"folio-serve-error\""), "{out}");
        assert!(out.contains("content/a.md:3:1"));
        assert!(out.contains("quote &lt;b&gt; not found"), "{out}");
        // Markup without head or body still gets the script.
        assert!(inject("plain", &ok).ends_with("data-version=\"3\"></script>"));
    }

    #[test]
    fn classifies_changes() {
        let r = Path::new("/ed");
        assert_eq!(classify(r, Path::new("/ed/content/documents/a.md")), Some(Change::Content));
        assert_eq!(classify(r, Path::new("/ed/site.toml")), Some(Change::Content));
        assert_eq!(classify(r, Path::new("/ed/theme/style.css")), Some(Change::Presentation));
        assert_eq!(classify(r, Path::new("/ed/templates/base.html")), Some(Change::Presentation));
        for ignored in [
            "/ed/public/index.html",
            "/ed/content/documents/.a.md.swp",
            "/ed/content/a.md~",
            "/ed/.public.folio-staging/x",
            "/ed/content/4913",
            "/elsewhere/x",
        ] {
            assert_eq!(classify(r, Path::new(ignored)), None, "{ignored}");
        }
    }
}
