//! `folio serve` as an editor uses it: start on a free port, fetch a page,
//! change a commentary file and see the change, break a quote and read the
//! error in the page (over the last good site), fix it, and have paths that
//! leave the site refused. Requests are written by hand on a TcpStream,
//! because HTTP clients normalise `/../` away before sending.

mod common;

use common::new_edition;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const DOC: &str = "1978COPENH04711";

fn folio() -> Command {
    Command::new(env!("CARGO_BIN_EXE_folio"))
}

/// A running `folio serve`, stopped (and checked to stop) on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// The preview's temporary output folder, from the start-up message.
    dir: PathBuf,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = folio()
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start folio serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut addr = None;
        let mut dir = None;
        let mut seen = Vec::new();
        while addr.is_none() || dir.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx.recv_timeout(left).unwrap_or_else(|_| panic!("no start-up message; got {seen:#?}"));
            if let Some(rest) = line.split("http://").nth(1) {
                let hostport = rest.split('/').next().unwrap();
                addr = Some(hostport.parse().expect("address"));
            }
            if let Some(rest) = line.trim().strip_prefix("the site is built into ") {
                dir = Some(PathBuf::from(rest.split(" (").next().unwrap()));
            }
            seen.push(line);
        }
        Server { child, addr: addr.unwrap(), dir: dir.unwrap(), log: rx }
    }

    /// Sends a raw request line for `target` and returns status and body.
    fn get(&self, target: &str) -> (u16, String) {
        self.request("GET", target)
    }

    fn request(&self, method: &str, target: &str) -> (u16, String) {
        let mut s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("bad response: {text}"));
        (status, body.to_string())
    }

    /// Fetches `target` until `pred` holds (at most 20 s).
    fn wait_for(&self, target: &str, what: &str, pred: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, body) = self.get(target);
            if pred(status, &body) {
                return body;
            }
            if Instant::now() > deadline {
                let log: Vec<String> = self.log.try_iter().collect();
                panic!("waited 20 s for {what}; last response {status}:\n{body}\nserver log:\n{}", log.join("\n"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn version(&self) -> u64 {
        let (status, body) = self.get("/__folio/poll.js");
        assert_eq!(status, 200);
        body.trim()
            .trim_start_matches("window.folioServe && window.folioServe(")
            .trim_end_matches(");")
            .parse()
            .expect(&body)
    }

    /// Ctrl-C (SIGINT) and wait for a clean exit.
    #[cfg(unix)]
    fn interrupt(&mut self) -> std::process::ExitStatus {
        let ok = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().expect("kill");
        assert!(ok.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            assert!(Instant::now() < deadline, "folio serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    /// Stops the server the way an editor does (Ctrl-C), so it removes its
    /// temporary folder; kills it only if that did not work.
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        #[cfg(unix)]
        {
            let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn serve_rebuilds_reloads_shows_errors_and_stays_inside_the_site() {
    let (_tmp, root) = new_edition();
    let mut server = Server::start(&root);
    let page = format!("/documents/{DOC}.html");

    // A page, with the reload script added by the server only.
    let (status, body) = server.get(&page);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("A note on a passage"), "{body}");
    assert!(body.contains("<script src=\"/__folio/livereload.js\" data-version="), "{body}");
    assert!(!body.contains("folio-serve-error"));
    let (status, js) = server.get("/__folio/livereload.js");
    assert_eq!(status, 200);
    assert!(js.contains("location.reload"));
    let (status, _) = server.get("/");
    assert_eq!(status, 200);
    let (status, _) = server.get("/documents");
    assert_eq!(status, 301);
    let (status, _) = server.get("/documents/nope.html");
    assert_eq!(status, 404);
    let (status, _) = server.request("POST", &page);
    assert_eq!(status, 405);

    // Edit a note: the page changes, and the build number the browser polls.
    let v0 = server.version();
    let md = root.join(format!("content/documents/{DOC}.md"));
    edit(&md, "A note on a passage", "An edited note, live");
    let body = server.wait_for(&page, "the edited note", |s, b| s == 200 && b.contains("An edited note, live"));
    assert!(!body.contains("A note on a passage"));
    assert!(server.version() > v0);

    // A quote that is not in the text: the error is in the page, with file
    // and line, over the last good version of the page.
    edit(&md, "## \"AS A MATTER OF COURSE\"", "## \"AS A MATTER OF CURSE\"");
    let body = server.wait_for(&page, "the error banner", |s, b| s == 200 && b.contains("folio-serve-error"));
    assert!(body.contains("An edited note, live"), "the last good site is still served");
    let line = std::fs::read_to_string(&md).unwrap().lines().position(|l| l.contains("MATTER OF CURSE")).unwrap() + 1;
    let location = format!("{DOC}.md:{line}");
    assert!(body.contains(&location), "expected {location} in the banner:\n{body}");
    assert!(body.contains("CURSE"), "{body}");
    let (status, errors) = server.get("/__folio/error");
    assert_eq!(status, 200);
    assert!(errors.contains(&location), "{errors}");
    // Other pages carry the banner too.
    let (_, home) = server.get("/index.html");
    assert!(home.contains("folio-serve-error"));

    // Fixed: the banner goes.
    edit(&md, "## \"AS A MATTER OF CURSE\"", "## \"AS A MATTER OF COURSE\"");
    server.wait_for(&page, "the banner to go", |s, b| {
        s == 200 && !b.contains("folio-serve-error") && b.contains("An edited note, live")
    });

    // A theme change is picked up too (render only, no reload of content).
    let theme = root.join("theme");
    std::fs::create_dir_all(&theme).unwrap();
    std::thread::sleep(Duration::from_millis(300)); // let the new folder be watched
    std::fs::write(theme.join("extra.css"), "/* editor's extra */").unwrap();
    server.wait_for("/theme/extra.css", "the new theme file", |s, b| s == 200 && b.contains("editor's extra"));

    // Nothing outside the site: raw request targets, as an attacker sends them.
    std::fs::write(server.dir.parent().unwrap().join("secret.txt"), "SECRET").unwrap();
    for target in [
        "/../secret.txt",
        "/documents/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/documents/..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/.site.folio-staging/index.html",
        "/%00",
        "//../secret.txt",
        "http://example.org/../secret.txt",
    ] {
        let (status, body) = server.get(target);
        assert!((400..=404).contains(&status), "{target}: {status}");
        assert!(!body.contains("SECRET"), "{target} leaked");
    }

    // A page elsewhere cannot read the preview under another name (DNS rebinding).
    let mut s = TcpStream::connect(server.addr).unwrap();
    write!(s, "GET / HTTP/1.1\r\nHost: evil.example:1111\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 403"), "{raw}");

    // Two Host headers, one of them foreign: ambiguous, refused.
    for hosts in
        [format!("Host: {}\r\nHost: evil.example", server.addr), format!("Host: evil.example\r\nHost: {}", server.addr)]
    {
        let mut s = TcpStream::connect(server.addr).unwrap();
        write!(s, "GET / HTTP/1.1\r\n{hosts}\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        assert!(raw.starts_with("HTTP/1.1 400"), "{raw}");
    }

    // Every answer, 404 and refusals included, carries the policy, nosniff
    // and a charset.
    for target in ["/", "/no-such-page.html", "/documents/", "/../x", "/__folio/livereload.js", "/data/"] {
        let mut s = TcpStream::connect(server.addr).unwrap();
        write!(s, "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.addr).unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let head = raw.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
        assert!(head.contains("content-security-policy: default-src 'self'"), "{target}: {head}");
        assert!(head.contains("frame-ancestors 'none'"), "{target}: {head}");
        assert!(head.contains("x-content-type-options: nosniff"), "{target}: {head}");
        assert!(head.contains("charset=utf-8"), "{target}: {head}");
    }

    // Ctrl-C: a clean exit, and the preview folder is gone.
    #[cfg(unix)]
    {
        let st = server.interrupt();
        assert!(st.success(), "{st:?}");
        assert!(!server.dir.exists(), "{} left behind", server.dir.display());
    }
}

#[test]
fn serve_shows_the_error_page_when_nothing_has_built_yet() {
    let (_tmp, root) = new_edition();
    let md = root.join(format!("content/documents/{DOC}.md"));
    edit(&md, "[Lund](person:lund)", "[Lund](person:lunt)");
    let server = Server::start(&root);
    let (status, body) = server.get(&format!("/documents/{DOC}.html"));
    assert_eq!(status, 500);
    assert!(body.contains("unknown person `lunt`"), "{body}");
    assert!(body.contains("did you mean"), "{body}");
    assert!(body.contains("/__folio/livereload.js"), "the error page reloads when fixed");
    edit(&md, "[Lund](person:lunt)", "[Lund](person:lund)");
    server.wait_for(&format!("/documents/{DOC}.html"), "the fixed page", |s, _| s == 200);
    let dir = server.dir.clone();
    drop(server);
    assert!(!dir.exists(), "{} left behind", dir.display());
}

#[test]
fn serve_binds_loopback_by_default() {
    let (_tmp, root) = new_edition();
    let server = Server::start(&root);
    assert!(server.addr.ip().is_loopback(), "{}", server.addr);
}
