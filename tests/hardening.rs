//! Hostile and careless input (issue 21): control characters, encodings,
//! live script, colliding names. Each test builds a copy of the demo
//! edition with the bad input added, through the release binary, and
//! asserts on every file of the output and on the warnings, which must name
//! the file and line of every change made to what the editor gave.

mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_edition, demo, files};

fn folio(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_folio")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A control character no published file may hold (tab, newline and
/// carriage return are text).
fn controls(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f).count()
}

#[test]
fn control_characters_never_reach_a_page_or_an_export() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let docs = root.join("content/documents");
    let binary = b"NUL\x00 IN THE TITLE\x07\n\nBODY WITH \x1b[31m ESCAPES\x00\x00 AND DEL\x7f.\n";
    std::fs::write(docs.join("binaryish.txt"), binary).unwrap();
    let utf16: Vec<u8> = "\u{feff}UTF SIXTEEN TITLE\r\n\r\nA paragraph read as UTF-16, with café.\r\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(docs.join("utf16.txt"), &utf16).unwrap();
    let out = folio(&["build", "--no-minify"], &root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let warning = err.lines().find(|l| l.contains("binaryish.txt") && l.contains("control")).unwrap_or_default();
    assert!(warning.contains("binaryish.txt:1: warning:"), "the warning names no line:\n{err}");
    assert!(warning.contains("lines 1, 3") && warning.contains("looks binary"), "{warning}");
    assert!(err.contains("utf16.txt") && err.contains("UTF-16"), "no warning about UTF-16:\n{err}");
    let site = files(&root.join("public"));
    let text = |k: &String| [".html", ".xml", ".json", ".js", ".css", ".txt"].iter().any(|e| k.ends_with(e));
    let bad: Vec<&String> = site.iter().filter(|(k, b)| text(k) && controls(b) > 0).map(|(k, _)| k).collect();
    assert!(bad.is_empty(), "control characters published in {bad:?}");
    // raw/ in the data archive is each document exactly as received: byte
    // for byte, control characters and all (it is not read as text).
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(site["downloads/edition-data.zip"].clone())).unwrap();
    let mut entry = |name: &str| {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut v).unwrap();
        v
    };
    assert_eq!(entry("raw/binaryish.txt"), binary, "the raw download is the file as received");
    assert_eq!(entry("raw/utf16.txt"), utf16);
    let page = String::from_utf8(site["documents/binaryish.html"].clone()).unwrap();
    assert!(page.contains('\u{FFFD}'), "the replacement is not visible in the page");
    let page = String::from_utf8(site["documents/utf16.html"].clone()).unwrap();
    assert!(page.contains("café"), "UTF-16 not decoded");
    // The build report keeps the intervention; the raw files are untouched.
    let report = String::from_utf8_lossy(&site["build-report.txt"]).into_owned();
    assert!(report.contains("binaryish") && report.contains("U+FFFD"), "{report}");
    assert_eq!(std::fs::read(docs.join("binaryish.txt")).unwrap(), binary);
    assert_eq!(std::fs::read(docs.join("utf16.txt")).unwrap(), utf16);
}

#[test]
fn colliding_vanishing_and_overlong_documents_are_reported_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let docs = root.join("content/documents");
    std::fs::write(docs.join("Memo.txt"), "MEMO ONE\n\nText.\n").unwrap();
    std::fs::write(docs.join("memo.txt"), "MEMO TWO\n\nText.\n").unwrap();
    std::fs::create_dir(docs.join("fake.txt")).unwrap();
    let long = "A".repeat(230);
    std::fs::write(docs.join(format!("{long}.txt")), "LONG\n\nText.\n").unwrap();
    std::fs::write(tmp.path().join("outside.txt"), "OUTSIDE\n\nText.\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path().join("outside.txt"), docs.join("linked.txt")).unwrap();
    let out = folio(&["build"], &root);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("`Memo`") && err.contains("`memo`") && err.contains("differ only in case"), "{err}");
    assert!(err.contains("fake.txt") && err.contains("folder named like a document"), "{err}");
    assert!(err.contains("230 bytes long"), "{err}");
    #[cfg(unix)]
    assert!(err.contains("linked.txt") && err.contains("outside the edition"), "{err}");
    assert!(!root.join("public").exists(), "a failed build wrote a site");
    assert_eq!(std::fs::read_to_string(tmp.path().join("outside.txt")).unwrap(), "OUTSIDE\n\nText.\n");
}

/// Whether an HTML page holds something a browser would run or load from
/// another place: script, frames, objects, forms, meta refresh, a base or
/// stylesheet link, an event handler, a style attribute, or a URL with a
/// scheme other than http(s), mailto and Folio's relative links.
fn live_markup(html: &str) -> Vec<String> {
    let tag = regex::Regex::new(r"<[a-zA-Z][^>]*>").unwrap();
    let bad_tag =
        regex::Regex::new(r"(?i)^<(script|iframe|frame|object|embed|form|input|meta|base|link|style|svg|math)\b")
            .unwrap();
    let handler = regex::Regex::new(r#"(?i)[\s"'/]on[a-z]+\s*="#).unwrap();
    let style = regex::Regex::new(r#"(?i)\sstyle\s*="#).unwrap();
    let url = regex::Regex::new(r#"(?i)\s(?:href|src|action|formaction|data)\s*=\s*["']?([^"'\s>]*)"#).unwrap();
    let mut found = Vec::new();
    for m in tag.find_iter(html) {
        let t = common::decode_entities(m.as_str());
        let bad_url = url.captures_iter(&t).any(|c| {
            let u: String = c[1].chars().filter(|c| !c.is_ascii_whitespace()).collect::<String>().to_ascii_lowercase();
            u.split_once(':')
                .is_some_and(|(scheme, _)| !scheme.contains('/') && !["http", "https", "mailto"].contains(&scheme))
        });
        if bad_tag.is_match(&t) || handler.is_match(&t) || style.is_match(&t) || bad_url {
            found.push(m.as_str().to_string());
        }
    }
    found
}

#[test]
fn allowed_html_is_sanitized_and_editors_markup_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap() + "allow_html = true\n";
    std::fs::write(root.join("site.toml"), toml).unwrap();
    // What the pattern checks let through before ammonia, and the classics.
    let hostile = [
        r#"<meta http-equiv="refresh" content="0;url=https://evil.example/">"#,
        r#"<base href="https://evil.example/">"#,
        r#"<link rel="stylesheet" href="https://evil.example/x.css">"#,
        r#"<form action="https://evil.example/"><input name="password"></form>"#,
        r#"<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>"#,
        r#"<a href="data:application/xhtml+xml;base64,PHNjcmlwdD4=">x</a>"#,
        r#"<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="d">"#,
        r#"<img src="https://tracker.example/pixel.png" alt="t">"#,
        r#"<frameset><frame src="https://evil.example/"></frameset>"#,
        r#"<span onclick="alert(1)">click</span>"#,
        r#"<a href="jav&#x61;script:alert(1)">entity</a>"#,
        r#"<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">zeros</a>"#,
        r#"<p style="width: expression(alert(1))">expression</p>"#,
        r#"<svg><animate onbegin="alert(1)" attributeName="x"/></svg>"#,
        r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>"#,
        r#"<details open ontoggle="alert(1)">t</details>"#,
    ];
    let legit = r#"The 1978<sup>th</sup> H<sub>2</sub>O <span class="smallcaps">Toon</span>, <abbr title="Union of Soviet Socialist Republics">USSR</abbr>, <a href="../pages/introduction.html">the introduction</a>, <a href="https://history.state.gov/">the FRUS</a>."#;
    // Folio's own controls (the view switch) are not the editor's markup.
    let base = tmp.path().join("baseline");
    let o = folio(&["build", "-o", base.to_str().unwrap(), "--no-minify"], &root);
    assert!(o.status.success(), "{}", stderr(&o));
    let own: Vec<String> = ["documents/1978MOSCOW08357.html", "pages/introduction.html"]
        .iter()
        .flat_map(|p| live_markup(&common::read(&base, p)))
        .collect();
    let md_path = root.join("content/documents/1978MOSCOW08357.md");
    let md = std::fs::read_to_string(&md_path).unwrap();
    let (front, body) = md.split_at(md[4..].find("+++\n").unwrap() + 8);
    let added: String = hostile.iter().map(|h| format!("{h}\n\n")).collect();
    std::fs::write(&md_path, format!("{front}{legit}\n\n{added}{body}")).unwrap();
    std::fs::write(root.join("content/pages/hostile.md"), format!("+++\ntitle = \"Hostile\"\n+++\n{legit}\n\n{added}"))
        .unwrap();
    let out = tmp.path().join("site");
    let o = folio(&["build", "-o", out.to_str().unwrap(), "--no-minify"], &root);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in ["documents/1978MOSCOW08357.html", "pages/hostile.html"] {
        let page_html = common::read(&out, page);
        // The edition's own head and scripts are not the editor's markup.
        let main = page_html.find("<main").unwrap_or_else(|| panic!("{page}: no <main>"));
        let html = &page_html[main..page_html.find("</main>").unwrap()];
        let live: Vec<String> = live_markup(html).into_iter().filter(|t| !own.contains(t)).collect();
        assert!(live.is_empty(), "{page}: live markup survived: {live:#?}");
        assert!(!html.contains("evil.example\"") && !html.contains("tracker.example"), "{page}");
        // The editor's ordinary markup stays.
        for kept in [
            "<sup>th</sup>",
            "<sub>2</sub>",
            "<span class=\"smallcaps\">Toon</span>",
            "<abbr title=\"Union of Soviet Socialist Republics\">USSR</abbr>",
            "<a href=\"../pages/introduction.html\">the introduction</a>",
            "<a href=\"https://history.state.gov/\">the FRUS</a>",
        ] {
            assert!(html.contains(kept), "{page}: {kept} lost");
        }
    }
}

/// Issue 21, class 8: every refusal names the file and line and says what
/// to do; a failed build leaves the previous site as it was.
#[test]
fn careless_settings_get_a_located_error_with_a_way_out() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let out = tmp.path().join("site");
    let build = |root: &Path| folio(&["build", "-o", out.to_str().unwrap()], root);
    let o = build(&root);
    assert!(o.status.success(), "{}", stderr(&o));
    let site = files(&out);
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let md_path = root.join("content/documents/1978MOSCOW08357.md");
    let md = std::fs::read_to_string(&md_path).unwrap();
    let date_line = md.lines().position(|l| l.starts_with("date = ")).unwrap() + 1;
    let toml_lines = toml.lines().count();
    // (name, how the edition is spoiled, where the error is, its hint)
    type Case<'a> = (&'a str, Box<dyn Fn(&Path) + 'a>, String, &'a str);
    let cases: Vec<Case> = vec![
        (
            "unknown highlight theme",
            Box::new(|r: &Path| {
                std::fs::write(r.join("site.toml"), format!("{toml}highlight_theme = \"Nope\"\n")).unwrap()
            }),
            format!("site.toml:{}:1: error: unknown highlight theme `Nope`", toml_lines + 1),
            "help: use one of: ",
        ),
        (
            "no mentions per page",
            Box::new(|r: &Path| std::fs::write(r.join("site.toml"), format!("{toml}mentions_per_page = 0\n")).unwrap()),
            format!("site.toml:{}: error: build.mentions_per_page must be at least 1", toml_lines + 1),
            "help: set a number",
        ),
        (
            "integer overflow",
            Box::new(|r: &Path| {
                std::fs::write(r.join("site.toml"), format!("{toml}mentions_per_page = 99999999999999999999999\n"))
                    .unwrap()
            }),
            format!("site.toml:{}:", toml_lines + 1),
            "help: ",
        ),
        (
            "impossible date",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/documents/1978MOSCOW08357.md"),
                    md.replace("date = 1978-04-20", "date = 1978-13-45"),
                )
                .unwrap()
            }),
            format!("content/documents/1978MOSCOW08357.md:{date_line}:"),
            "help: a date is written date = 1978-04-20",
        ),
        (
            "unknown template variable",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("templates")).unwrap();
                let page = std::fs::read_to_string(demo().join("templates/page.html")).unwrap();
                std::fs::write(r.join("templates/page.html"), page.replacen("{{ title }}", "{{ titel }}", 1)).unwrap();
            }),
            "templates/page.html:".to_string(),
            "help: the variables here: ",
        ),
    ];
    for (name, spoil, at, hint) in cases {
        let case = tmp.path().join(name.replace(' ', "-"));
        copy_edition(&root, &case);
        spoil(&case);
        let o = folio(&["build", "-o", out.to_str().unwrap()], &case);
        let err = stderr(&o);
        assert!(!o.status.success(), "{name}: built");
        assert!(err.contains(&at) && err.contains(hint), "{name}: want {at} … {hint}, got:\n{err}");
        assert_eq!(files(&out), site, "{name}: the previous site changed");
    }
    // A one-letter alias is linked everywhere: a warning at its line.
    let persons = root.join("content/registers/persons.toml");
    let text = std::fs::read_to_string(&persons).unwrap();
    std::fs::write(&persons, text.replace("aliases = [\"TOON\"]", "aliases = [\"TOON\", \"T\"]")).unwrap();
    let line = text.lines().position(|l| l == "aliases = [\"TOON\"]").unwrap() + 1;
    let o = build(&root);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = format!("content/registers/persons.toml:{line}: warning: alias \"T\" of `toon` is one character long");
    assert!(stderr(&o).contains(&want), "{}", stderr(&o));
}

/// A pipe named like a document is reported by name, never read (reading
/// it would block the build).
#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_document_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let made = Command::new("mkfifo").arg(root.join("content/documents/pipe.txt")).status().unwrap();
    assert!(made.success());
    let o = folio(&["build", "-o", tmp.path().join("site").to_str().unwrap()], &root);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("content/documents/pipe.txt: error: not a regular file"), "{}", stderr(&o));
}

/// The edition's own files are read within limits (issue 21, class 2): an
/// essay, a register or strings.toml over `[build] max_document_mb`, a
/// site.toml over a megabyte, and a register or site.toml that is a device
/// (linked to /dev/zero) or a pipe are refused by name, at once, and the
/// previous site is kept.
#[cfg(unix)]
#[test]
fn oversized_or_endless_edition_files_are_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ed");
    copy_edition(&demo(), &root);
    let site = tmp.path().join("site");
    let out = site.to_str().unwrap();
    assert!(folio(&["build", "-q", "-o", out], &root).status.success());
    let before = files(&site);
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(root.join("site.toml"), toml.clone() + "max_document_mb = 1\n").unwrap();
    let big = "x".repeat(1_500_000);
    let refused = |what: &str, path: &str| {
        let start = std::time::Instant::now();
        let o = folio(&["build", "-q", "-o", out], &root);
        let err = stderr(&o);
        assert!(!o.status.success(), "{what}: refused");
        assert!(start.elapsed().as_secs() < 60, "{what}: at once");
        assert!(err.contains(&format!("{path}: error: ")), "{what}: named: {err}");
        assert_eq!(files(&site), before, "{what}: the previous site is intact");
        err
    };
    // Over the edition's limit: the hint gives the value that lets it in.
    for path in ["content/pages/long.md", "content/registers/persons.toml", "strings.toml"] {
        let file = root.join(path);
        let keep = std::fs::read(&file).ok();
        std::fs::write(&file, format!("+++\ntitle = \"Long\"\n+++\n{big}")).unwrap();
        let err = refused(path, path);
        assert!(err.contains("1.5 MB (1500023 bytes): larger than the limit of 1.0 MB for one file"), "{err}");
        assert!(err.contains("[build] max_document_mb = 2"), "{err}");
        match keep {
            Some(k) => std::fs::write(&file, k).unwrap(),
            None => std::fs::remove_file(&file).unwrap(),
        }
    }
    // Endless: a register linked to /dev/zero, a pipe as a register.
    let persons = root.join("content/registers/persons.toml");
    let kept = std::fs::read(&persons).unwrap();
    std::fs::remove_file(&persons).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &persons).unwrap();
    let err = refused("/dev/zero", "content/registers/persons.toml");
    assert!(err.contains("not a regular file (a pipe, socket or device): not read"), "{err}");
    std::fs::remove_file(&persons).unwrap();
    assert!(Command::new("mkfifo").arg(&persons).status().unwrap().success());
    let err = refused("a pipe", "content/registers/persons.toml");
    assert!(err.contains("not a regular file"), "{err}");
    std::fs::remove_file(&persons).unwrap();
    std::fs::write(&persons, kept).unwrap();
    // site.toml over its fixed limit of a megabyte.
    std::fs::write(root.join("site.toml"), format!("{toml}\n#{big}\n")).unwrap();
    let err = refused("site.toml", "site.toml");
    assert!(err.contains("larger than the limit of 1.0 MB") && err.contains("holds settings only"), "{err}");
    // site.toml as a pipe or a folder: named as what it is, not "no site.toml here".
    std::fs::remove_file(root.join("site.toml")).unwrap();
    assert!(Command::new("mkfifo").arg(root.join("site.toml")).status().unwrap().success());
    let err = refused("site.toml as a pipe", "site.toml");
    assert!(err.contains("not a regular file") && !err.contains("no site.toml here"), "{err}");
    std::fs::remove_file(root.join("site.toml")).unwrap();
    std::fs::create_dir(root.join("site.toml")).unwrap();
    let err = refused("site.toml as a folder", "site.toml");
    assert!(err.contains("a folder, not a file") && !err.contains("no site.toml here"), "{err}");
    std::fs::remove_dir(root.join("site.toml")).unwrap();
    std::fs::write(root.join("site.toml"), &toml).unwrap();
    assert!(folio(&["build", "-q", "-o", out], &root).status.success(), "builds again once repaired");
}
