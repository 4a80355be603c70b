//! Where built files go: a fresh folder swapped in over the old output only
//! when the whole build succeeded, or nowhere (for `check`).

use std::io;
use std::path::{Path, PathBuf};

use crate::messages::Text;
use crate::platform;
use crate::text;

/// A sink for built files; paths are relative to the output root.
pub trait Output: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), FileError>;

    /// Whether the bytes are kept. When they are not, only what can fail
    /// need be made (`render`'s `Resource::can_fail`).
    fn keeps(&self) -> bool {
        true
    }
}

/// Discards everything (for `check`, which renders to find errors only).
pub struct Discard;

impl Output for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), FileError> {
        Ok(())
    }

    fn keeps(&self) -> bool {
        false
    }
}

/// A file or folder that could not be made, read or written: which one,
/// and what the system said.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl FileError {
    pub fn new(path: &Path, error: io::Error) -> FileError {
        FileError {
            path: path.to_path_buf(),
            error,
        }
    }

    /// `the path: why`, in words ([`io_reason`]).
    pub fn text(&self) -> Text {
        text!(
            "io-at-path",
            path = self.path.display().to_string(),
            reason = io_reason(&self.error)
        )
    }
}

/// Why a file operation failed, in words: the common causes in the
/// catalogue's words, any other in the system's (as an argument).
pub fn io_reason(e: &io::Error) -> Text {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => text!("io-not-found"),
        K::PermissionDenied => text!("io-permission-denied"),
        K::StorageFull | K::QuotaExceeded => text!("io-disk-full"),
        K::ReadOnlyFilesystem => text!("io-read-only"),
        K::AlreadyExists => text!("io-not-a-folder"),
        K::NotADirectory => text!("io-path-through-file"),
        _ => text!("io-other", detail = e.to_string()),
    }
}

/// A staging folder beside the final output folder, on the same file system
/// so the final swap is a rename.
///
/// Named `.<name>.building-<pid>`; the swap is one atomic exchange of the
/// two folders where the system has one (Linux), so a build killed at any
/// moment leaves the target either complete and old or complete and new,
/// never missing. Elsewhere it is two renames (old away, new in) with a
/// window of microseconds between them; a build killed there leaves
/// `.<name>.old-<pid>`, which the next build puts back if the target is
/// missing. The next build also removes the leftovers of killed builds.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
}

/// The parent folder and the file name of an output folder.
fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = target.file_name().map_or_else(
        || "public".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    (parent, name)
}

impl Staging {
    /// Creates an empty staging folder for `target`, after removing what
    /// killed builds left beside it.
    pub fn new(target: &Path) -> Result<Staging, FileError> {
        let (parent, name) = parent_and_name(target);
        if target.metadata().is_ok_and(|m| !m.is_dir()) {
            return Err(FileError::new(
                target,
                io::Error::from(io::ErrorKind::AlreadyExists),
            ));
        }
        std::fs::create_dir_all(&parent).map_err(|e| FileError::new(&parent, e))?;
        clean_leftovers(&parent, &name, target);
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.symlink_metadata().is_ok() {
            remove_any(&dir).map_err(|e| FileError::new(&dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| FileError::new(&dir, e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the target with the staged output. The old output stays
    /// complete until the exchange (or, without one, the rename) that
    /// replaces it.
    pub fn commit(self) -> io::Result<()> {
        if self.target.symlink_metadata().is_err() {
            platform::retry(|| std::fs::rename(&self.dir, &self.target))?;
            std::mem::forget(self);
            return Ok(());
        }
        match platform::exchange(&self.dir, &self.target) {
            Ok(()) => {
                // The staging name now holds the old output: dropping
                // removes it.
                drop(self);
                Ok(())
            }
            Err(e) if exchange_unsupported(&e) => {
                self.commit_by_renames(&|a, b| std::fs::rename(a, b), &platform::is_transient)
            }
            Err(e) => Err(e),
        }
    }

    /// The swap as two renames, for systems without an atomic exchange
    /// (Windows, macOS), each tried again while another program holds a
    /// file for a moment. When the old output cannot be moved at all (on
    /// Windows: a window or a program has it open), its files are replaced
    /// one by one instead, so the site is never left without output.
    fn commit_by_renames(
        self,
        rename: &dyn Fn(&Path, &Path) -> io::Result<()>,
        transient: &dyn Fn(&io::Error) -> bool,
    ) -> io::Result<()> {
        let (parent, name) = parent_and_name(&self.target);
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        match platform::retry_while(|| rename(&self.target, &old), transient) {
            Ok(()) => {}
            Err(e) if transient(&e) => return self.replace_in_place(rename, transient),
            Err(e) => return Err(e),
        }
        if let Err(e) = platform::retry_while(|| rename(&self.dir, &self.target), transient) {
            // Put the old output back: nothing is lost.
            let _ = rename(&old, &self.target);
            return Err(e);
        }
        let _ = remove_any(&old);
        std::mem::forget(self);
        Ok(())
    }

    /// Moves every staged file over its counterpart in the target (a file
    /// rename replaces the old file in one step on every system), then
    /// removes what the new output no longer has. The target stays a
    /// complete site throughout, each file old or new.
    fn replace_in_place(
        self,
        rename: &dyn Fn(&Path, &Path) -> io::Result<()>,
        transient: &dyn Fn(&io::Error) -> bool,
    ) -> io::Result<()> {
        let named =
            |e: io::Error, p: &Path| io::Error::new(e.kind(), format!("{}: {e}", p.display()));
        let mut keep = std::collections::BTreeSet::new();
        // Listed first: the loop moves files out of the folder it lists.
        let staged: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .collect::<Result<_, _>>()
            .map_err(io::Error::other)?;
        for entry in staged {
            let rel = entry.path().strip_prefix(&self.dir).unwrap_or(entry.path());
            let to = self.target.join(rel);
            keep.insert(rel.to_path_buf());
            let is_dir = entry.file_type().is_dir();
            if to.symlink_metadata().is_ok_and(|m| m.is_dir() != is_dir) {
                remove_any(&to).map_err(|e| named(e, &to))?;
            }
            if is_dir {
                std::fs::create_dir_all(&to).map_err(|e| named(e, &to))?;
            } else {
                platform::retry_while(|| rename(entry.path(), &to), transient)
                    .map_err(|e| named(e, &to))?;
            }
        }
        let mut stale: Vec<PathBuf> = walkdir::WalkDir::new(&self.target)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| {
                let rel = e.path().strip_prefix(&self.target).ok()?.to_path_buf();
                (!keep.contains(&rel)).then(|| e.into_path())
            })
            .collect();
        // Deepest first, so a folder is empty when its turn comes.
        stale.sort_by(|a, b| b.cmp(a));
        for path in stale {
            if path.symlink_metadata().is_ok() {
                let _ = remove_any(&path);
            }
        }
        Ok(())
    }
}

/// The kernel or the file system cannot exchange (ENOSYS, EINVAL,
/// EOPNOTSUPP), or a sandbox forbids the call (EPERM): fall back to two
/// renames, which fail the same way if the refusal was about the folders.
fn exchange_unsupported(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::Unsupported | io::ErrorKind::InvalidInput | io::ErrorKind::PermissionDenied
    ) || e.raw_os_error() == Some(95)
}

/// Removes a folder with its contents, or a file or symlink.
fn remove_any(path: &Path) -> io::Result<()> {
    if path.symlink_metadata()?.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// Removes `.<name>.building-<pid>` and `.<name>.old-<pid>` beside the
/// target when no process `<pid>` runs (a build that was killed), first
/// putting an old output back if the target is missing. Best effort:
/// whatever cannot be removed stays for the next build.
fn clean_leftovers(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.");
    let own = std::process::id();
    let mut leftovers: Vec<(bool, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some((kind, pid)) = rest.rsplit_once('-') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !matches!(kind, "building" | "old") || (pid != own && platform::process_runs(pid)) {
            continue;
        }
        leftovers.push((kind == "old", entry.path()));
    }
    // Sorted, so which old output comes back does not depend on the order
    // of the folder listing.
    leftovers.sort();
    for (old, path) in leftovers {
        if old && target.symlink_metadata().is_err() && std::fs::rename(&path, target).is_ok() {
            continue;
        }
        let _ = remove_any(&path);
    }
}

impl Drop for Staging {
    /// A build that failed leaves no staging folder behind.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), FileError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| FileError::new(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| FileError::new(&path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                (rel.to_string_lossy().into_owned(), text)
            })
            .collect();
        out.sort();
        out
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    fn stage(target: &Path, text: &str) -> Staging {
        let staging = Staging::new(target).expect("a staging folder");
        staging.write("index.html", text.as_bytes()).expect("write");
        staging.write("a/b.txt", text.as_bytes()).expect("write");
        staging
    }

    #[test]
    fn commit_replaces_the_old_output_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("public");
        stage(&target, "one").commit().expect("first commit");
        assert_eq!(tree(&target)[0].1, "one");
        std::fs::write(target.join("stale.txt"), "old").expect("write");
        stage(&target, "two").commit().expect("second commit");
        assert_eq!(
            tree(&target),
            vec![
                ("a/b.txt".to_string(), "two".to_string()),
                ("index.html".to_string(), "two".to_string())
            ]
        );
        assert_eq!(names(tmp.path()), vec!["public"]);
    }

    #[test]
    fn the_two_rename_fallback_swaps_too() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("public");
        stage(&target, "one").commit().expect("first commit");
        stage(&target, "two")
            .commit_by_renames(&|a, b| std::fs::rename(a, b), &|_| false)
            .expect("fallback");
        assert_eq!(tree(&target)[0].1, "two");
        assert_eq!(names(tmp.path()), vec!["public"]);
    }

    /// Windows' contract, run here: when the old output cannot be moved
    /// (a program holds it open), its files are replaced one by one and the
    /// target is a complete site at every step.
    #[test]
    fn an_output_that_cannot_be_moved_is_replaced_file_by_file() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("public");
        stage(&target, "one").commit().expect("first commit");
        std::fs::write(target.join("stale.txt"), "old").expect("write");
        std::fs::create_dir_all(target.join("gone/deep")).expect("mkdir");
        std::fs::write(target.join("gone/deep/x.txt"), "old").expect("write");
        // `gone` becomes a file where a folder was.
        let staging = stage(&target, "two");
        std::fs::write(staging.dir().join("gone"), "two").expect("write");
        let held = || io::Error::from(io::ErrorKind::ResourceBusy);
        let moves = std::cell::Cell::new(0);
        let rename = |from: &Path, to: &Path| {
            if from == target {
                return Err(held());
            }
            // Every file move leaves the target a whole site.
            assert!(target.join("index.html").is_file());
            moves.set(moves.get() + 1);
            std::fs::rename(from, to)
        };
        let transient = |e: &io::Error| e.kind() == io::ErrorKind::ResourceBusy;
        staging
            .commit_by_renames(&rename, &transient)
            .expect("replaced in place");
        assert_eq!(moves.get(), 3);
        assert_eq!(
            tree(&target),
            vec![
                ("a/b.txt".to_string(), "two".to_string()),
                ("gone".to_string(), "two".to_string()),
                ("index.html".to_string(), "two".to_string())
            ]
        );
        assert_eq!(names(tmp.path()), vec!["public"]);
    }

    /// A rename refused for a moment (a virus scanner reading a new file)
    /// is tried again, and the swap is the ordinary one.
    #[test]
    fn a_rename_refused_for_a_moment_is_tried_again() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("public");
        stage(&target, "one").commit().expect("first commit");
        let refusals = std::cell::Cell::new(3);
        let rename = |from: &Path, to: &Path| {
            if refusals.get() > 0 {
                refusals.set(refusals.get() - 1);
                return Err(io::Error::from(io::ErrorKind::ResourceBusy));
            }
            std::fs::rename(from, to)
        };
        stage(&target, "two")
            .commit_by_renames(&rename, &|e| e.kind() == io::ErrorKind::ResourceBusy)
            .expect("swap");
        assert_eq!(tree(&target)[0].1, "two");
        assert_eq!(names(tmp.path()), vec!["public"]);
    }

    #[test]
    fn a_failed_build_leaves_no_staging_folder() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("public");
        drop(stage(&target, "one"));
        assert!(names(tmp.path()).is_empty());
    }

    /// A process id that runs no process (ids are below 2^22 on Linux).
    const DEAD: u32 = 4_000_000_000;

    #[test]
    fn leftovers_of_killed_builds_are_removed() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("public");
        stage(&target, "one").commit().expect("commit");
        for leftover in [
            format!(".public.building-{DEAD}"),
            format!(".public.old-{DEAD}"),
        ] {
            std::fs::create_dir_all(tmp.path().join(&leftover).join("x")).expect("mkdir");
        }
        // Not ours: another output's, and a name that only looks alike.
        std::fs::create_dir(tmp.path().join(format!(".other.building-{DEAD}"))).expect("mkdir");
        std::fs::create_dir(tmp.path().join(".public.building-x")).expect("mkdir");
        // A process that runs (the one that started this test) keeps its folder.
        #[cfg(unix)]
        let running = Some(format!(
            ".public.building-{}",
            std::os::unix::process::parent_id()
        ));
        #[cfg(not(unix))]
        let running: Option<String> = None;
        if let Some(r) = &running {
            std::fs::create_dir(tmp.path().join(r)).expect("mkdir");
        }
        let staging = Staging::new(&target).expect("staging");
        let mut expected = vec![
            format!(".other.building-{DEAD}"),
            ".public.building-x".to_string(),
            format!(".public.building-{}", std::process::id()),
            "public".to_string(),
        ];
        expected.extend(running);
        expected.sort();
        assert_eq!(names(tmp.path()), expected);
        drop(staging);
        assert_eq!(tree(&target)[0].1, "one");
    }

    #[test]
    fn an_old_output_left_between_two_renames_comes_back() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("public");
        stage(&target, "one").commit().expect("commit");
        // Killed between the renames of the fallback: the old output moved
        // away, the new one not yet in.
        std::fs::rename(&target, tmp.path().join(format!(".public.old-{DEAD}"))).expect("mv");
        let staging = Staging::new(&target).expect("staging");
        assert_eq!(tree(&target)[0].1, "one");
        drop(staging);
        assert_eq!(names(tmp.path()), vec!["public"]);
    }

    #[test]
    fn an_output_path_that_is_a_file_is_refused() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("public");
        std::fs::write(&target, "a file").expect("write");
        let e = Staging::new(&target).err().expect("an error");
        assert_eq!(e.path, target);
        assert_eq!(
            e.text().render(crate::messages::Language::En),
            format!("{}: it exists and is not a folder", target.display())
        );
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "a file");
    }
}
