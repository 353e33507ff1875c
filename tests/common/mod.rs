//! Helpers for integration tests: copy an edition into a temp folder, build
//! it, walk the output and check its links.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use folio::{build, BuildOptions};

/// The repository root, which is the demo edition.
pub fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies an edition (site.toml, content/, templates/ and theme/ overrides
/// if any) into `dest`.
pub fn copy_edition(from: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).unwrap();
    std::fs::copy(from.join("site.toml"), dest.join("site.toml")).unwrap();
    for dir in ["content"] {
        for e in walkdir::WalkDir::new(from.join(dir)) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(from).unwrap();
            let target = dest.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }
}

/// Builds `root` into `out`, without minifying when `pretty`.
pub fn build_into(root: &Path, out: &Path, pretty: bool) -> folio::BuildReport {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        minify: pretty.then_some(false),
        cache: true,
    };
    match build(&opts) {
        Ok(r) => r,
        Err(e) => panic!("build of {} failed:\n{e}", root.display()),
    }
}

/// All files under `dir`, relative, with their bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Attribute values of `href` and `src` in HTML (quoted or not, as
/// minify-html leaves them), with `&amp;` decoded.
pub fn urls(html: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r#"[\s"'](href|src)=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#).unwrap();
    re.captures_iter(html)
        .map(|c| {
            let v = c.get(2).or(c.get(3)).or(c.get(4)).map_or("", |m| m.as_str());
            (c[1].to_string(), decode_entities(v))
        })
        .collect()
}

/// Decodes the character references that can appear in URLs.
pub fn decode_entities(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Ids defined in an HTML page.
pub fn ids(html: &str) -> HashSet<String> {
    let re = regex::Regex::new(r#"\sid=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#).unwrap();
    re.captures_iter(html).map(|c| c.get(1).or(c.get(2)).or(c.get(3)).unwrap().as_str().to_string()).collect()
}

/// Checks the offline rule over every HTML page of a built site: every
/// internal href/src is relative and resolves to an existing file (not a
/// folder), fragments exist, nothing is loaded from another host (data:
/// links of citation downloads carry their bytes). Returns
/// the problems found.
pub fn link_problems(site: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let pages: BTreeMap<String, Vec<u8>> = files(site);
    let mut id_cache: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for (rel, bytes) in &pages {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let base = Path::new(rel).parent().unwrap_or(Path::new(""));
        for (attr, url) in urls(&html) {
            if url.starts_with("mailto:") {
                continue;
            }
            // A document's reference for download (BibTeX, RIS, CSL-JSON):
            // the bytes are in the link, nothing to resolve.
            if attr == "href" && url.starts_with("data:application/") {
                continue;
            }
            let external = url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//");
            if external {
                if attr == "src" {
                    problems.push(format!("{rel}: loads {url} from another host"));
                }
                continue;
            }
            if url.contains(':') && !url.starts_with('#') {
                problems.push(format!("{rel}: unexpected URL scheme in {url}"));
                continue;
            }
            if url.starts_with('/') {
                problems.push(format!("{rel}: absolute path {url} does not work from file://"));
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target_rel = if path.is_empty() {
                rel.clone()
            } else {
                let joined = normalize(&base.join(path));
                match joined {
                    Some(j) => j,
                    None => {
                        problems.push(format!("{rel}: {url} leaves the site"));
                        continue;
                    }
                }
            };
            let target = site.join(&target_rel);
            if !target.is_file() {
                problems.push(format!("{rel}: {url} -> {target_rel} is not a file"));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                if target_rel.ends_with(".html") {
                    let ids = id_cache
                        .entry(target_rel.clone())
                        .or_insert_with(|| ids(&std::fs::read_to_string(&target).unwrap()));
                    if !ids.contains(f) {
                        problems.push(format!("{rel}: {url} -> no id `{f}` in {target_rel}"));
                    }
                }
            }
        }
    }
    problems
}

fn normalize(p: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            std::path::Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// A new edition from `folio new` in a temp folder: (the folder, the edition).
pub fn new_edition() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio")).arg("new").arg(&root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (tmp, root)
}

/// Writes a synthetic edition of `n` documents into `out` with the
/// development tool `folio-synth` (no Hugo copy).
#[allow(dead_code)]
pub fn synth(n: usize, seed: u64, out: &Path) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_folio-synth"))
        .args(["--no-hugo", "--documents", &n.to_string(), "--seed", &seed.to_string()])
        .arg(out)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run folio-synth");
    assert!(status.success(), "folio-synth failed");
}
