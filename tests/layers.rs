//! The source layout as a one-way stack (see docs/architecture.md).
//!
//! Folio is one crate, so the compiler does not stop a module from importing
//! one of a higher stage, or two modules from importing each other. This test
//! does it instead, the way crate boundaries would: it reads every module's
//! `crate::` and `super::` paths and its uses of the child modules it
//! declares, and fails on
//!
//! - an import that goes up a layer (or sideways between two layers of the
//!   same rank, such as `render` and `export`);
//! - a cycle between modules (files), within a layer or across layers;
//! - a source file longer than [`MAX_LINES`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may import from its own layer (without
/// cycles) and from layers of a lower rank; layers of equal rank may not
/// import each other.
const LAYERS: &[(&str, u32)] = &[
    ("base", 0),
    ("model", 1),
    ("parse", 2),
    ("load", 3),
    ("annotate", 4),
    ("index", 5),
    ("render", 6),
    ("export", 6),
    ("build", 7),
    ("tools", 8),
];

/// Longest source file allowed, in lines (unit tests included).
const MAX_LINES: usize = 800;

fn rank(module: &str) -> Option<u32> {
    let top = module.split("::").next()?;
    LAYERS.iter().find(|(l, _)| *l == top).map(|(_, r)| *r)
}

/// `src/a/b.rs` → `a::b`, `src/a/mod.rs` → `a`; the crate roots are "".
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts.join("::")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read src").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without comments and string literals (so that doc
/// links and messages do not count as imports).
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            // A raw string r"…" or r#"…"# is closed by the same number of #.
            let hashes = {
                let mut h = 0;
                let mut j = i;
                while j > 0 && b[j - 1] == b'#' {
                    h += 1;
                    j -= 1;
                }
                if j > 0 && b[j - 1] == b'r' {
                    Some(h)
                } else {
                    None
                }
            };
            i += 1;
            while i < b.len() {
                if hashes.is_none() && b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == b'"' {
                    let h = hashes.unwrap_or(0);
                    if b[i + 1..].iter().take(h).filter(|&&c| c == b'#').count() == h {
                        i += 1 + h;
                        break;
                    }
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            // A char literal such as '"'.
            i += 3;
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'\\') {
            i += 2;
            while i < b.len() && b[i] != b'\'' {
                i += 1;
            }
            i += 1;
        } else {
            let ch = src[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Every path after `prefix` in `code`: `crate::a::b::{c, d}` gives
/// `a::b::c` and `a::b::d` (modules and items alike; resolved later).
fn paths_after(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = code[from..].find(prefix) {
        let start = from + pos;
        from = start + prefix.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[from..];
        expand(rest, String::new(), &mut out);
    }
    out
}

/// Reads `a::b::{c, d::e}`-style paths at the start of `rest`.
fn expand(rest: &str, base: String, out: &mut Vec<String>) {
    let ident: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let after = &rest[ident.len()..];
    let path = if base.is_empty() {
        ident.clone()
    } else if ident.is_empty() {
        base.clone()
    } else {
        format!("{base}::{ident}")
    };
    if let Some(tail) = after.strip_prefix("::") {
        if let Some(group) = tail.strip_prefix('{') {
            // Split the group at top-level commas.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(item.trim(), path.clone(), out);
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            if !item.trim().is_empty() {
                expand(item.trim(), path, out);
            }
            return;
        }
        expand(tail, path, out);
    } else if !path.is_empty() {
        out.push(path);
    }
}

/// The longest known module that is a prefix of `path`.
fn resolve<'a>(path: &str, modules: &'a BTreeSet<String>) -> Option<&'a String> {
    let segs: Vec<&str> = path.split("::").collect();
    (1..=segs.len()).rev().find_map(|n| modules.get(&segs[..n].join("::")))
}

struct Graph {
    /// module → (imported module → a line that shows the import)
    edges: BTreeMap<String, BTreeMap<String, String>>,
    lines: BTreeMap<String, usize>,
    files: BTreeMap<String, PathBuf>,
}

fn read_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut by_module = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        // Binaries other than main.rs use the library's public API only.
        if rel.starts_with("bin") {
            continue;
        }
        by_module.insert(module_of(rel), f.clone());
    }
    let modules: BTreeSet<String> = by_module.keys().filter(|m| !m.is_empty()).cloned().collect();
    let mut edges = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for (module, file) in &by_module {
        let text = std::fs::read_to_string(file).expect("read source");
        lines.insert(module.clone(), text.lines().count());
        let code = code_only(&text);
        let mut targets: BTreeMap<String, String> = BTreeMap::new();
        let mut add = |path: String, shown: String| {
            if let Some(t) = resolve(&path, &modules) {
                if t != module {
                    targets.entry(t.clone()).or_insert(shown);
                }
            }
        };
        for p in paths_after(&code, "crate::") {
            add(p.clone(), format!("crate::{p}"));
        }
        // super:: in module a::b (a/b.rs or a/b/mod.rs) means a.
        let sup = module.rsplit_once("::").map(|(p, _)| p.to_string()).unwrap_or_default();
        // Only outside `mod tests { use super::*; }`, where super is the file itself.
        let outer = code.split("#[cfg(test)]").next().unwrap_or("");
        for p in paths_after(outer, "super::") {
            if p.starts_with("super") {
                continue; // super::super: rare; resolved through crate:: paths instead
            }
            let full = if sup.is_empty() { p.clone() } else { format!("{sup}::{p}") };
            add(full, format!("super::{p}"));
        }
        // Child modules used by their parent (`mod x;` then `x::…`).
        let children: Vec<String> = code
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let l = l.strip_prefix("pub ").or_else(|| l.strip_prefix("pub(crate) ")).unwrap_or(l);
                l.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')).map(|n| n.trim().to_string())
            })
            .collect();
        for c in &children {
            let child = if module.is_empty() { c.clone() } else { format!("{module}::{c}") };
            if !modules.contains(&child) {
                continue;
            }
            if !paths_after(&code, &format!("{c}::")).is_empty() {
                targets.entry(child.clone()).or_insert(format!("{c}::…"));
            }
        }
        targets.remove(module);
        edges.insert(module.clone(), targets);
    }
    Graph { edges, lines, files: by_module }
}

#[test]
fn every_module_is_in_a_layer() {
    let g = read_graph();
    let stray: Vec<&String> = g.edges.keys().filter(|m| !m.is_empty() && rank(m).is_none()).collect();
    assert!(stray.is_empty(), "modules outside the layers {LAYERS:?}: {stray:?}");
}

#[test]
fn imports_only_go_down() {
    let g = read_graph();
    let mut bad = Vec::new();
    for (from, targets) in &g.edges {
        let Some(rf) = rank(from) else { continue };
        for (to, shown) in targets {
            let Some(rt) = rank(to) else { continue };
            let same_layer = from.split("::").next() == to.split("::").next();
            if rt > rf || (rt == rf && !same_layer) {
                bad.push(format!("{} ({from}, rank {rf}) uses {shown} ({to}, rank {rt})", g.files[from].display()));
            }
        }
    }
    assert!(bad.is_empty(), "imports that go up or sideways a layer:\n{}", bad.join("\n"));
}

#[test]
fn no_cycles_between_modules() {
    let g = read_graph();
    // Depth-first search with colours; report every cycle found once.
    fn visit<'a>(
        m: &'a str,
        g: &'a Graph,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(m, 1);
        stack.push(m);
        for to in g.edges.get(m).into_iter().flat_map(|t| t.keys()) {
            match state.get(to.as_str()) {
                Some(1) => {
                    let at = stack.iter().position(|s| *s == to).unwrap_or(0);
                    let mut c: Vec<&str> = stack[at..].to_vec();
                    c.push(to);
                    cycles.push(c.join(" → "));
                }
                Some(_) => {}
                None => visit(to, g, state, stack, cycles),
            }
        }
        stack.pop();
        state.insert(m, 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for m in g.edges.keys() {
        if !state.contains_key(m.as_str()) {
            visit(m, &g, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_file_is_too_long() {
    let g = read_graph();
    let long: Vec<String> = g
        .lines
        .iter()
        .filter(|(_, n)| **n > MAX_LINES)
        .map(|(m, n)| format!("{} ({n} lines)", g.files[m].display()))
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines; split them by concern:\n{}", long.join("\n"));
}

#[test]
fn the_reader_sees_imports() {
    // The scanner itself: grouped paths, comments and strings.
    let code = code_only("use crate::a::{b, c::{d, e}}; // crate::zz\nlet s = \"crate::yy\"; crate::f::g();");
    let mut p = paths_after(&code, "crate::");
    p.sort();
    assert_eq!(p, ["a::b", "a::c::d", "a::c::e", "f::g"]);
}
