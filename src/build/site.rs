//! The edition as loaded before its documents are read ([`Site::load`]), and
//! what every page's navigation needs of it ([`Nav`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::annotate::tags::TopicMap;
use crate::base::error::{Diagnostic, Diagnostics, Error, Result};
use crate::index::Index;
use crate::load::commentary;
use crate::load::config::SiteConfig;
use crate::load::essays::{load_essays, Essay};
use crate::load::registers::Registers;
use crate::load::sources::{find_documents, SourceDoc};
use crate::model::DocId;
use crate::render::context::Ctx;
use crate::render::view::Link;

/// The edition as loaded before its documents are read: configuration,
/// registers, essays and the list of documents; then (after the first pass
/// of [`generate`]) the index built from the documents' facts.
pub(crate) struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub registers: Registers,
    pub essays: Vec<Essay>,
    /// The raw documents found, sorted by id.
    pub sources: Vec<SourceDoc>,
    /// TAGS codes and Concepts → topics (topics.toml).
    pub topic_map: TopicMap,
    /// Empty until [`generate`] has read every document.
    pub index: Index,
}

impl Site {
    /// Stage 1: site.toml (whose errors stop here), registers, essays and
    /// the documents' file names. Other content errors go to `diags`, to be
    /// reported with the documents' own.
    pub(crate) fn load(root: &Path, diags: &mut Diagnostics) -> Result<Site> {
        // "./content/x.md" reads better as "content/x.md" in messages.
        let root = if root == Path::new(".") { Path::new("") } else { root };
        let config_path = root.join("site.toml");
        // Absent (not a folder, pipe or device named site.toml: those are
        // refused by name when read).
        if std::fs::symlink_metadata(&config_path).is_err() {
            return Err(Error::Other(format!(
                "{}: no site.toml here; run folio in an edition folder, give --root, or start one with `folio new DIR`",
                config_path.display()
            )));
        }
        let config = SiteConfig::load(&config_path)?;
        if !crate::annotate::highlight::has_theme(&config.build.highlight_theme) {
            let line = std::fs::read_to_string(&config_path)
                .ok()
                .and_then(|t| commentary::find_line(&t, "highlight_theme"))
                .unwrap_or(0);
            diags.push(
                Diagnostic::error(
                    &config_path,
                    line,
                    format!("unknown highlight theme `{}`", config.build.highlight_theme),
                )
                .col(1)
                .hint(format!("use one of: {}", crate::annotate::highlight::theme_names().join(", "))),
            );
        }
        if config.title.trim() == crate::load::config::SCAFFOLD_TITLE {
            let line = std::fs::read_to_string(&config_path)
                .ok()
                .and_then(|t| commentary::find_line(&t, "title"))
                .unwrap_or(0);
            diags.push(
                Diagnostic::warning(&config_path, line, "the edition still has the example title that `folio new` gave it")
                    .col(1)
                    .hint("give the edition its own title in site.toml (and replace the example telegram, commentary and registers)"),
            );
        }
        let max = config.max_document_bytes();
        let registers = Registers::load(&root.join("content").join("registers"), max, diags);
        let sources = find_documents(root, max, diags);
        let essays = load_essays(root, max, diags);
        let topic_map = TopicMap::new(&registers);
        Ok(Site { root: root.to_path_buf(), config, registers, essays, sources, topic_map, index: Index::default() })
    }

    /// What the page renderers need of the edition.
    pub(crate) fn ctx(&self) -> Ctx<'_> {
        Ctx { config: &self.config, registers: &self.registers, topic_map: &self.topic_map, index: &self.index }
    }
}

/// What every page's navigation and every link check needs: the essays'
/// links and slugs, and the documents' ids.
pub(crate) struct Nav {
    pub pages: Vec<Link>,
    pub page_slugs: HashSet<String>,
    /// Every document id; paragraph counts are not known during pass 1.
    pub ids: HashMap<DocId, usize>,
}

impl Nav {
    pub(crate) fn of(site: &Site) -> Nav {
        Nav {
            pages: site
                .essays
                .iter()
                .map(|e| Link { url: format!("pages/{}.html", e.slug), title: e.title.clone() })
                .collect(),
            page_slugs: site.essays.iter().map(|e| e.slug.clone()).collect(),
            ids: site.sources.iter().map(|s| (s.id.clone(), usize::MAX)).collect(),
        }
    }
}
