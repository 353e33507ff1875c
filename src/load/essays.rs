//! Stage 1, load: the essays of `content/pages/` (introduction, editorial
//! principles, ...), Markdown with a TOML front matter of title and order.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base::error::{Diagnostic, Diagnostics};
use crate::load::commentary;

/// An essay in content/pages/.
#[derive(Debug, Clone)]
pub(crate) struct Essay {
    pub slug: String,
    pub path: PathBuf,
    pub title: String,
    pub order: i64,
    pub body: String,
    pub body_line: usize,
}

/// Front matter of an essay.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EssayFront {
    /// Title of the essay.
    title: String,
    /// Position in the navigation (ascending; then by title).
    #[serde(default)]
    order: i64,
}

/// Why a `.md` entry of content/pages that is not a regular file is not
/// read (a link, a folder, a pipe): said, not skipped silently.
fn not_an_essay_file(path: &Path, symlink: bool, root: &Path) -> Diagnostic {
    if symlink {
        let root = if root.as_os_str().is_empty() { Path::new(".") } else { root };
        return match (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
            (Err(e), _) => Diagnostic::error(path, 0, format!("symbolic link that leads nowhere ({e})"))
                .hint("remove the link, or replace it with the essay's file"),
            (Ok(t), Ok(r)) if !t.starts_with(&r) => {
                Diagnostic::error(path, 0, format!("symbolic link to {}, outside the edition: not read", t.display()))
                    .hint("copy the file into content/pages instead: an edition keeps its sources inside its folder")
            }
            (Ok(t), _) => Diagnostic::warning(path, 0, format!("symbolic link to {}: not read", t.display()))
                .hint("move or copy the file into content/pages instead of linking it"),
        };
    }
    if path.is_dir() {
        Diagnostic::error(path, 0, "a folder named like an essay (.md), not an essay")
            .hint("rename the folder: content/pages holds essays as files, e.g. introduction.md")
    } else {
        Diagnostic::error(path, 0, "not a regular file (a pipe, socket or device) named like an essay (.md): not read")
            .hint("replace it with the essay's text file")
    }
}

/// Stage 1: the essays in content/pages/, sorted by order then title. A
/// file over `max_bytes` (`[build] max_document_mb`) is refused unread.
pub(crate) fn load_essays(root: &Path, max_bytes: u64, diags: &mut Diagnostics) -> Vec<Essay> {
    let dir = root.join("content").join("pages");
    let mut essays = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).max_depth(1).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") || entry.depth() == 0 {
            continue;
        }
        if !entry.file_type().is_file() {
            diags.push(not_an_essay_file(path, entry.file_type().is_symlink(), root));
            continue;
        }
        let slug = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        if !crate::model::EntryId::is_valid(&slug) {
            diags.push(
                Diagnostic::error(path, 0, format!("`{slug}` cannot be a page slug"))
                    .hint("rename the file with lowercase letters, digits and hyphens, e.g. editorial-principles.md"),
            );
            continue;
        }
        let text = match crate::base::read::text(path, crate::base::read::Limit::Setting(max_bytes)) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d.unwrap_or_else(|| Diagnostic::error(path, 0, "cannot read: the file is gone")));
                continue;
            }
        };
        let Some((fm, fm_line, body, body_line)) = commentary::split_front_matter(&text) else {
            diags.push(
                Diagnostic::error(path, 1, "an essay needs front matter with a title")
                    .hint("start the file with:\n+++\ntitle = \"Introduction\"\n+++"),
            );
            continue;
        };
        match toml::from_str::<EssayFront>(fm) {
            Ok(f) => essays.push(Essay {
                slug,
                path: path.to_path_buf(),
                title: f.title,
                order: f.order,
                body: body.to_string(),
                body_line,
            }),
            Err(e) => {
                let mut d = Diagnostic::from_toml(path, fm, fm_line - 1, &e);
                if e.message().starts_with("unknown field") {
                    d = d.hint("essay front matter accepts: title, order");
                }
                diags.push(d)
            }
        }
    }
    essays.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
    essays
}
