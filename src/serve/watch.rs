//! Watching the site for changes: site.yaml, content/, static/ and themes/.
//!
//! Events are debounced (notify-debouncer-full), access events are dropped
//! (reading a file must not trigger a rebuild), editor temp files are
//! ignored, and every change pending when a rebuild ends is folded into the
//! next one, so a burst of saves costs a few rebuilds and ends on the final
//! state.

use crate::messages::Text;
use crate::text;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::live::Changes;
use crate::content::is_ignored_name;

/// How long the disk must be quiet before a batch of events is reported.
/// Short, so an edit shows quickly; editors' multi-step saves still land in
/// one batch.
const QUIET: Duration = Duration::from_millis(15);

const WATCHED_DIRS: [&str; 3] = ["content", "static", "themes"];

pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// Folders watched recursively so far.
    watched: Vec<String>,
}

/// Starts watching the site at `root`.
/// The error says what could not be watched, in no language yet.
pub fn start(root: &Path) -> Result<Watcher, Text> {
    let cannot = |path: &Path, e: &dyn std::fmt::Display| {
        text!(
            "serve-cannot-watch",
            path = path.display().to_string(),
            detail = e.to_string()
        )
    };
    let root = crate::platform::watch_root(root).map_err(|e| cannot(root, &e))?;
    let (tx, events) = channel();
    let debouncer = new_debouncer(QUIET, None, tx).map_err(|e| cannot(&root, &e))?;
    let mut watcher = Watcher {
        root,
        debouncer,
        events,
        watched: Vec::new(),
    };
    // The root itself, not recursively: site.yaml, and folders appearing.
    watcher
        .debouncer
        .watch(&watcher.root, RecursiveMode::NonRecursive)
        .map_err(|e| cannot(&watcher.root, &e))?;
    watcher.watch_folders();
    Ok(watcher)
}

impl Watcher {
    /// Adds a recursive watch on each site folder that exists and is not
    /// watched yet (a folder created after `serve` started included).
    fn watch_folders(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if !self.watched.iter().any(|d| d == dir)
                && path.is_dir()
                && self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.push(dir.to_string());
            }
        }
    }

    /// Blocks until something relevant changed, then returns it together
    /// with everything else already pending. `None` when watching ended.
    pub fn next_changes(&self) -> Option<Changes> {
        loop {
            let first = self.events.recv().ok()?;
            let mut changes = self.classify(first);
            // Fold in whatever else is already waiting.
            loop {
                match self.events.recv_timeout(Duration::from_millis(1)) {
                    Ok(more) => changes.merge(self.classify(more)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }

    fn classify(&self, result: DebounceEventResult) -> Changes {
        let mut changes = Changes::default();
        let events = match result {
            Ok(events) => events,
            // The watcher lost track (e.g. its queue overflowed): read everything.
            Err(_) => {
                changes.everything = true;
                return changes;
            }
        };
        for event in events {
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            if event.need_rescan() {
                changes.everything = true;
            }
            for path in &event.paths {
                if let Some(change) = classify_path(&self.root, path) {
                    match change {
                        Kind::Everything => changes.everything = true,
                        Kind::Path(rel) => {
                            changes.paths.insert(rel);
                        }
                    }
                }
            }
        }
        changes
    }
}

enum Kind {
    Everything,
    Path(String),
}

/// What a changed path means for the site, if anything.
fn classify_path(root: &Path, path: &Path) -> Option<Kind> {
    let rel = crate::platform::relative(root, path)?;
    let parts: Vec<&str> = rel.split('/').collect();
    if parts.iter().any(|p| is_ignored_name(p)) {
        return None;
    }
    match parts[0] {
        "site.yaml" if parts.len() == 1 => Some(Kind::Everything),
        "themes" => Some(Kind::Everything),
        "content" | "static" => Some(Kind::Path(rel)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified() {
        let root = Path::new("/site");
        let kind = |p: &str| classify_path(root, &root.join(p));
        assert!(matches!(kind("site.yaml"), Some(Kind::Everything)));
        assert!(matches!(
            kind("themes/default/templates/base.html"),
            Some(Kind::Everything)
        ));
        assert!(
            matches!(kind("content/counties/a/2018.md"), Some(Kind::Path(p)) if p == "content/counties/a/2018.md")
        );
        assert!(kind("content/counties/a/.2018.md.swp").is_none());
        assert!(kind("content/counties/a/2018.md~").is_none());
        assert!(kind("content/counties/a/4913").is_none());
        // Windows editors and Explorer.
        assert!(kind("content/counties/a/~$2018.md").is_none());
        assert!(kind("content/counties/a/~WRL0001.TMP").is_none());
        assert!(kind("content/counties/a/2018.md___jb_tmp___").is_none());
        assert!(kind("content/counties/a/2018.md.bak").is_none());
        assert!(kind("static/Thumbs.db").is_none());
        assert!(kind("content/desktop.ini").is_none());
        assert!(kind("public/index.html").is_none());
        assert!(kind("target/debug/x").is_none());
    }
}
