//! Stage 1, load: the raw documents of `content/documents/` and their
//! commentary files, found and checked by name ([`find_documents`]), read
//! ([`Inputs`]) and parsed with their commentary ([`parse_inputs`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::base::error::{Diagnostic, Diagnostics, Error, Result};
use crate::load::commentary::{self, Commentary};
use crate::model::{DocId, DocIdError, Document};
use crate::parse;

/// A raw document and its commentary, as found on disk.
#[derive(Debug, Clone)]
pub(crate) struct SourceDoc {
    pub id: DocId,
    pub raw: PathBuf,
    pub commentary: Option<PathBuf>,
}

/// What to say about an entry of content/documents that is not a plain
/// file: a symbolic link to a document (not followed: an edition keeps its
/// sources inside its folder, and a link may lead anywhere), a folder
/// named like a document.
fn not_a_document_file(entry: &walkdir::DirEntry, root: &Path, ext: &str) -> Option<Diagnostic> {
    let path = entry.path();
    if entry.file_type().is_symlink() {
        // Other links (a picture, a note to self) are none of Folio's
        // business, but a linked folder may hold documents.
        if ext != "txt" && ext != "md" && !path.is_dir() {
            return None;
        }
        let target = std::fs::canonicalize(path);
        // The root is "" for the current folder (shorter messages).
        let root = if root.as_os_str().is_empty() { Path::new(".") } else { root };
        let inside = std::fs::canonicalize(root).ok();
        return Some(match (target, inside) {
            (Err(e), _) => Diagnostic::error(path, 0, format!("symbolic link that leads nowhere ({e})"))
                .hint("remove the link, or replace it with the document's file"),
            (Ok(t), Some(r)) if !t.starts_with(&r) => {
                Diagnostic::error(path, 0, format!("symbolic link to {}, outside the edition: not read", t.display()))
                    .hint(
                        "copy the file into content/documents instead: an edition keeps its sources inside its folder",
                    )
            }
            (Ok(t), _) => Diagnostic::warning(path, 0, format!("symbolic link to {}: not read", t.display()))
                .hint("move or copy the file into content/documents instead of linking it"),
        });
    }
    if ext != "txt" && ext != "md" {
        return None;
    }
    Some(if entry.file_type().is_dir() {
        Diagnostic::error(path, 0, format!("a folder named like a document file (.{ext}), not a document"))
            .hint("rename the folder (documents may sit in subfolders, but not in ones named like files)")
    } else {
        // A pipe, socket or device: reading it could block or never end.
        Diagnostic::error(
            path,
            0,
            format!("not a regular file (a pipe, socket or device) named like a document (.{ext}): not read"),
        )
        .hint("replace it with the document's text file")
    })
}

/// A located error for a raw document or commentary file larger than
/// `max_bytes` (`[build] max_document_mb`), or None. Asked of the file's
/// metadata, before anything is read.
fn too_large(entry: &walkdir::DirEntry, max_bytes: u64) -> Option<Diagnostic> {
    let len = entry.metadata().ok()?.len();
    (len > max_bytes).then(|| {
        let mb = |b: u64| format!("{:.1} MB", b as f64 / 1e6);
        Diagnostic::error(
            entry.path(),
            0,
            format!("{} ({len} bytes): larger than the limit of {} for one file", mb(len), mb(max_bytes)),
        )
        .hint(format!(
            "split the document, or raise the limit in site.toml: [build] max_document_mb = {} \
             (a build takes about a second per megabyte of text full of register names)",
            len.div_ceil(1_000_000)
        ))
    })
}

/// Finds the raw documents and their commentary, sorted by id. A file
/// larger than `max_bytes` is refused by name, unread.
pub(crate) fn find_documents(root: &Path, max_bytes: u64, diags: &mut Diagnostics) -> Vec<SourceDoc> {
    let dir = root.join("content").join("documents");
    let mut docs = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut commentary_files: Vec<PathBuf> = Vec::new();
    let mut refused: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if dir.exists() {
                    diags.push(Diagnostic::error(&dir, 0, format!("cannot read: {e}")));
                }
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || entry.depth() == 0 {
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !entry.file_type().is_file() {
            if let Some(d) = not_a_document_file(&entry, root, ext) {
                diags.push(d);
            }
            continue;
        }
        if ext != "md" && ext != "txt" {
            continue;
        }
        if let Some(d) = too_large(&entry, max_bytes) {
            diags.push(d);
            refused.push(path);
            continue;
        }
        if ext == "md" {
            commentary_files.push(path);
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let id = match DocId::new(stem) {
            Ok(id) => id,
            Err(DocIdError::TooLong) => {
                let start: String = stem.chars().take(40).collect();
                diags.push(
                    Diagnostic::error(
                        &path,
                        0,
                        format!(
                            "document id `{start}…` is {} bytes long; at most {} are allowed",
                            stem.len(),
                            DocId::MAX_BYTES
                        ),
                    )
                    .hint(
                        "rename the file to a shorter name: file systems allow 255 bytes per name, and the pages \
                         add folders' and extensions' length (.html, .xml, .json) and staging names",
                    ),
                );
                continue;
            }
            Err(DocIdError::Reserved) => {
                diags.push(
                    Diagnostic::error(
                        &path,
                        0,
                        format!(
                            "`{stem}` cannot be a document id: its page would be documents/index.html, which is the list of documents, and one would replace the other"
                        ),
                    )
                    .hint("rename the file, e.g. to index-1.txt (and its commentary to index-1.md)"),
                );
                continue;
            }
            Err(DocIdError::Invalid) => {
                diags.push(
                    Diagnostic::error(&path, 0, format!("`{stem}` cannot be a document id"))
                        .hint("rename the file: letters, digits, '-', '_' and '.' only, e.g. 1978MOSCOW08357.txt"),
                );
                continue;
            }
        };
        // Case-insensitive file systems (macOS, Windows, FAT/exFAT sticks)
        // would let the pages of `Memo` and `memo` overwrite each other.
        if let Some(prev) = seen.insert(id.as_str().to_ascii_lowercase(), path.clone()) {
            let prev_id = prev.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let msg = if id == prev_id {
                format!("document id `{id}` is used twice (also {})", prev.display())
            } else {
                format!(
                    "document ids `{prev_id}` ({}) and `{id}` differ only in case: their pages would overwrite \
                     each other on macOS, Windows and most USB sticks",
                    prev.display()
                )
            };
            diags.push(Diagnostic::error(&path, 0, msg).hint(
                "ids are file names without .txt and must be unique across content/documents, ignoring case: \
                 rename one",
            ));
            continue;
        }
        let md = path.with_extension("md");
        let commentary = (md.is_file() && !refused.contains(&md)).then_some(md);
        docs.push(SourceDoc { id, raw: path, commentary });
    }
    for md in commentary_files {
        if !md.with_extension("txt").is_file() {
            diags.push(
                Diagnostic::error(&md, 0, "commentary without a raw document")
                    .hint("a commentary file needs a raw .txt file of the same name beside it"),
            );
        }
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    docs
}

/// The bytes of a document's raw file and commentary.
pub(crate) struct Inputs {
    pub raw: Vec<u8>,
    pub commentary: Option<Vec<u8>>,
}

impl Inputs {
    /// Reads both files, at most `max_bytes` (`[build] max_document_mb`)
    /// of each: they were listed within the limit, but may have grown since.
    pub(crate) fn read(src: &SourceDoc, max_bytes: u64) -> Result<Inputs> {
        let limit = crate::base::read::Limit::Setting(max_bytes);
        let read = |p: &Path| crate::base::read::document_bytes(p, limit).map_err(|d| Error::Content(vec![d]));
        let raw = read(&src.raw)?;
        let commentary = match &src.commentary {
            Some(p) => Some(read(p)?),
            None => None,
        };
        Ok(Inputs { raw, commentary })
    }

    /// The key of these bytes: a document whose key is unchanged is the
    /// same document.
    pub(crate) fn key(&self) -> u64 {
        let mut h = crate::base::keys::KeyHasher::new();
        h.bytes(&self.raw);
        match &self.commentary {
            Some(c) => h.u64(1).bytes(c),
            None => h.u64(0),
        };
        h.finish()
    }
}

/// Stage 2: decodes and parses one document with its commentary.
pub(crate) fn parse_inputs(
    src: &SourceDoc,
    inputs: &Inputs,
    diags: &mut Diagnostics,
) -> Result<(Document, Option<Commentary>)> {
    let decoded = parse::decode_located(&inputs.raw);
    let commentary = match (&src.commentary, &inputs.commentary) {
        (Some(p), Some(t)) => {
            let d = parse::decode_located(t);
            for n in d.notes {
                diags.push(Diagnostic::warning(p, n.line, n.message));
            }
            Some(commentary::parse(p, &d.text, diags))
        }
        _ => None,
    };
    let forced = commentary.as_ref().and_then(|c| c.front.format.as_deref()).and_then(parse::by_name);
    let mut doc = parse::parse(&src.id, &decoded.text, forced);
    if let Some(c) = &commentary {
        doc.warnings.retain(|w| !answered(w.kind, c));
    }
    for w in &doc.warnings {
        diags.push(Diagnostic::warning(&src.raw, w.line.unwrap_or(0), w.message.clone()));
    }
    for n in decoded.notes {
        let line = (n.line > 0).then_some(n.line);
        diags.push(Diagnostic::warning(&src.raw, n.line, n.message.clone()));
        doc.warnings.push(crate::model::ParseWarning::new(crate::model::WarningKind::Encoding, line, n.message));
    }
    Ok((doc, commentary))
}

/// Whether the commentary already answers a parse warning: a title or a
/// corrected SUBJECT for a missing SUBJECT, the editor's excerpt
/// declaration (either way) for a text that stops mid-sentence.
fn answered(kind: crate::model::WarningKind, c: &commentary::Commentary) -> bool {
    use crate::model::WarningKind;
    let t = c.front.transcription.as_ref();
    match kind {
        WarningKind::NoSubject => {
            c.front.title.is_some() || t.and_then(|t| t.header.as_ref()).is_some_and(|h| h.subject.is_some())
        }
        WarningKind::Truncated => t.is_some_and(|t| t.excerpt.is_some()),
        _ => false,
    }
}
