//! The site as `serve` keeps it between edits: site.yaml, the theme, every
//! parsed content file and every rendered body. A rebuild after an edit
//! parses again only the files that changed and renders again only the
//! bodies whose Markdown changed; pages themselves are rendered when a
//! browser asks for them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{self, Config, ParsedFile};
use crate::diagnostics::Diagnostic;
use crate::render::{Cache, Prepared};
use crate::theme::{self, Theme};

/// What changed on disk since the last rebuild.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// site.yaml or the theme changed: everything is read again.
    pub everything: bool,
    /// Site-relative paths under content/ or static/ that changed.
    pub paths: BTreeSet<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.everything && self.paths.is_empty()
    }

    pub fn merge(&mut self, other: Changes) {
        self.everything |= other.everything;
        self.paths.extend(other.paths);
    }
}

pub struct Live {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    config: Option<Config>,
    theme: Option<Arc<Theme>>,
    files: BTreeMap<String, ParsedFile>,
    bodies: Cache,
}

impl Live {
    pub fn new(root: &Path, base_url: String, drafts: bool) -> Live {
        Live {
            root: root.to_path_buf(),
            drafts,
            base_url,
            config: None,
            theme: None,
            files: BTreeMap::new(),
            bodies: Cache::default(),
        }
    }

    /// Brings the site up to date with `changes` and prepares it.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Prepared, Vec<Diagnostic>> {
        if changes.everything || self.config.is_none() || self.theme.is_none() {
            self.config = None;
            self.theme = None;
            self.files.clear();
            self.bodies = Cache::default();
        }
        let config = match &self.config {
            Some(c) => c.clone(),
            None => {
                let mut c = content::read_config(&self.root)?;
                c.set_base_url(&self.base_url)
                    .map_err(|m| vec![crate::build::base_url_error(m)])?;
                self.config = Some(c.clone());
                c
            }
        };
        let theme = match &self.theme {
            Some(t) => t.clone(),
            None => {
                let t = Arc::new(theme::load(&self.root, &config)?);
                self.theme = Some(t.clone());
                t
            }
        };
        // The files there are now; parse the new and the changed ones. A
        // save of files already known (the usual edit) leaves the set of
        // files as it was, so content/ is listed again only for anything
        // else: a new, deleted or renamed file or folder, or a static file.
        let only_known_edits = !changes.paths.is_empty()
            && changes
                .paths
                .iter()
                .all(|rel| self.files.contains_key(rel) && self.root.join(rel).is_file());
        let paths = if only_known_edits {
            self.files.keys().cloned().collect()
        } else {
            content::content_files(&self.root).map_err(|d| vec![d])?
        };
        let present: BTreeSet<&String> = paths.iter().collect();
        self.files.retain(|rel, _| present.contains(rel));
        let stale: Vec<&String> = paths
            .iter()
            .filter(|rel| !self.files.contains_key(*rel) || changes.paths.contains(*rel))
            .collect();
        let root = &self.root;
        let parsed: Vec<ParsedFile> = stale
            .par_iter()
            .map(|rel| content::parse_file(root, rel, &config))
            .collect();
        for file in parsed {
            self.files.insert(file.rel.clone(), file);
        }
        let ordered: Vec<&ParsedFile> = self.files.values().collect();
        let loaded = content::assemble(&self.root, config, &ordered, self.drafts);
        let Some(site) = loaded.site else {
            let mut diagnostics = loaded.diagnostics;
            diagnostics.extend(crate::render::links_without_site(&self.root));
            crate::diagnostics::sort(&mut diagnostics);
            return Err(diagnostics);
        };
        Prepared::new(Arc::new(site), theme, &mut self.bodies)
    }
}
