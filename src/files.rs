//! Filesystem access for the content side, with the site-relative path in
//! every error so no caller has to add it.

use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Text;
use crate::platform;
use crate::text;

/// Reads a site file as UTF-8 text. Invalid bytes are an error at the line
/// and column where they start.
pub fn read_text(root: &Path, rel: &str) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    // Only regular files: opening a named pipe would wait forever for a
    // writer, and a folder cannot be read as text.
    if let Ok(meta) = std::fs::metadata(&path)
        && !meta.is_file()
    {
        let message = if meta.is_dir() {
            text!("file-is-folder", path = rel)
        } else {
            text!("file-not-regular", path = rel)
        };
        return Err(Diagnostic::error(rel, Pos::new(1, 1), message)
            .with_help(text!("file-not-regular-help")));
    }
    // An editor saving the file may hold it for a moment (Windows).
    let bytes = platform::retry(|| std::fs::read(&path)).map_err(|e| {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => text!("file-not-found", path = rel),
            std::io::ErrorKind::PermissionDenied => text!("file-permission-denied"),
            _ => text!("file-unreadable", reason = e.to_string()),
        };
        Diagnostic::error(rel, Pos::new(1, 1), message)
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(rel, Pos::new(line, col), text!("file-not-utf8"))
            .with_help(text!("file-not-utf8-help"))
    })
}

/// Every file under `root/dir`, as sorted site-relative `/`-separated paths.
/// A missing folder is empty. Names for which `ignore` is true are skipped
/// (and their folders are not entered). Symbolic links are followed when
/// they stay inside the site; one pointing outside it is skipped, so no
/// file from elsewhere on the machine is ever published. A loop among links
/// is an error.
pub fn list(
    root: &Path,
    dir: &str,
    ignore: impl Fn(&str) -> bool,
) -> Result<Vec<String>, Diagnostic> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let inside = |p: &Path| {
        p.canonicalize()
            .is_ok_and(|real| real.starts_with(&real_root))
    };
    let walker = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || (!ignore(&e.file_name().to_string_lossy())
                    && (!e.path_is_symlink() || inside(e.path())))
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let rel = e
                .path()
                .and_then(|p| p.strip_prefix(root).ok())
                .map_or_else(|| dir.to_string(), platform::slash_path);
            let (message, help) = walk_error(&e);
            Diagnostic::error(rel, Pos::new(1, 1), message).with_help(help)
        })?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .map_or_else(|_| String::new(), platform::slash_path);
            out.push(rel);
        }
    }
    Ok(out)
}

/// What went wrong while listing a folder, in words, and how to fix it.
fn walk_error(e: &walkdir::Error) -> (Text, Text) {
    if e.loop_ancestor().is_some() {
        return (text!("link-loop-ancestor"), text!("link-help"));
    }
    let link = e
        .path()
        .filter(|p| p.is_symlink())
        .and_then(|p| std::fs::read_link(p).ok());
    let kind = e.io_error().map(std::io::Error::kind);
    match (kind, link) {
        (Some(std::io::ErrorKind::NotFound), Some(target)) => (
            text!(
                "link-target-missing",
                target = crate::diagnostics::shorten(&target.display().to_string())
            ),
            text!("link-help"),
        ),
        (Some(std::io::ErrorKind::PermissionDenied), _) => (
            text!("folder-permission-denied"),
            text!("folder-permission-denied-help"),
        ),
        (_, Some(_))
            if ELOOP.is_some() && e.io_error().and_then(std::io::Error::raw_os_error) == ELOOP =>
        {
            (text!("link-loop-self"), text!("link-help"))
        }
        _ => (
            text!(
                "path-unreadable",
                reason = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string())
            ),
            text!("path-unreadable-help"),
        ),
    }
}

/// The OS error number of "too many levels of symbolic links"; elsewhere the
/// system's own message is printed.
#[cfg(any(target_os = "linux", target_os = "android"))]
const ELOOP: Option<i32> = Some(40);
#[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
const ELOOP: Option<i32> = Some(62);
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd"
)))]
const ELOOP: Option<i32> = None;
