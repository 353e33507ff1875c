//! `folio new DIR`: a new edition, ready for `folio build`.
//!
//! Not part of the build pipeline: it writes the *input* of one. The files
//! live in `src/scaffold/` and are embedded in the binary with
//! `include_str!`, so what `folio new` writes is exactly what the tests
//! build. Every file explains its keys in comments, for editors who open
//! them for the first time.

use std::path::{Path, PathBuf};

use crate::base::error::{Error, IoContext, Result};

#[cfg(test)]
/// The id of the example document.
pub const EXAMPLE_ID: &str = "1978COPENH04711";

/// The files of a new edition: (path inside the edition, content).
pub(crate) const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("scaffold/site.toml")),
    ("content/documents/1978COPENH04711.txt", include_str!("scaffold/telegram.txt")),
    ("content/documents/1978COPENH04711.md", include_str!("scaffold/commentary.md")),
    ("content/registers/persons.toml", include_str!("scaffold/persons.toml")),
    ("content/registers/places.toml", include_str!("scaffold/places.toml")),
    ("content/registers/organizations.toml", include_str!("scaffold/organizations.toml")),
    ("content/registers/topics.toml", include_str!("scaffold/topics.toml")),
    ("content/pages/introduction.md", include_str!("scaffold/introduction.md")),
    (".gitignore", include_str!("scaffold/gitignore")),
];

/// Writes a new edition into `dir`, which must not exist or be empty.
/// Returns the files written, in order.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Other(format!("{} exists and is not a folder; choose another name", dir.display())));
        }
        let mut entries = std::fs::read_dir(dir).with_path(dir)?;
        if entries.next().is_some() {
            return Err(Error::Other(format!(
                "{} is not empty; `folio new` only writes into a new or empty folder, so nothing of yours is overwritten",
                dir.display()
            )));
        }
    }
    let mut written = Vec::with_capacity(FILES.len());
    for (rel, content) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_path(parent)?;
        }
        std::fs::write(&path, content).with_path(&path)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_with_files() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("notes.txt"), "mine").unwrap();
        let err = create(t.path()).unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
        assert_eq!(std::fs::read_to_string(t.path().join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn writes_every_file_into_an_empty_folder() {
        let t = tempfile::tempdir().unwrap();
        let files = create(&t.path().join("ed")).unwrap();
        assert_eq!(files.len(), FILES.len());
        assert!(t.path().join("ed/content/documents").join(format!("{EXAMPLE_ID}.txt")).is_file());
    }

    #[test]
    fn the_example_title_is_the_one_a_build_warns_about() {
        let site = FILES.iter().find(|(name, _)| name.ends_with("site.toml")).map(|f| f.1).unwrap_or_default();
        let config: crate::load::config::SiteConfig = toml::from_str(site).expect("the example site.toml");
        assert_eq!(config.title, crate::load::config::SCAFFOLD_TITLE);
    }

    #[test]
    fn the_example_telegram_parses_as_a_cable() {
        let doc = crate::parse::parse(&crate::model::DocId::any(EXAMPLE_ID), FILES[1].1, None);
        assert_eq!(doc.format, crate::model::FormatName::Cable);
        assert_eq!(doc.paragraphs.len(), 4, "{:#?}", doc.paragraphs);
        assert_eq!(doc.date.as_ref().map(|d| d.as_str()), Some("1978-06-14"));
    }
}
