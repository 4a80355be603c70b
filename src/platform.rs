//! What differs between Linux, macOS and Windows, each behind one small
//! function. Nothing else in pilotsite asks which system it runs on.
//!
//! Where a rule is Windows-only (drive letters, `\\?\` prefixes, names
//! compared without case, files another program holds open for a moment)
//! it is written as a pure function that takes the platform as an argument,
//! so the tests run its Windows contract on any machine; the public function
//! passes `cfg!(windows)`.
//!
//! Contracts:
//! - [`relative`]: a path under a root as a site-relative path with `/`
//!   between its parts, whatever the system's separator, so diagnostics,
//!   output names and file lists read the same everywhere.
//! - [`watch_root`]: the canonical form of the site folder that file events
//!   are compared against (on Windows without the `\\?\` prefix that
//!   `canonicalize` adds and file events do not carry).
//! - [`exchange`]: swap two folders in one step, or `Unsupported`.
//! - [`is_transient`]: an I/O error that goes away when tried again (on
//!   Windows a file another program, such as a virus scanner, a search
//!   indexer or an editor mid-save, holds open for a moment).
//! - [`process_runs`]: whether a process id still runs.
//! - [`browser_command`]: the program that opens a URL in the default browser.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// `rel`'s normal parts joined with `/` (any `.`, root or prefix dropped).
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` relative to `root`, `/`-separated; `None` when it is not under
/// `root` (or is `root` itself).
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    if let Ok(rel) = path.strip_prefix(root) {
        let rel = slash_path(rel);
        return (!rel.is_empty()).then_some(rel);
    }
    relative_text(
        &root.to_string_lossy(),
        &path.to_string_lossy(),
        cfg!(windows),
    )
}

/// The textual form of [`relative`], for paths that differ in spelling
/// only. On Windows: `\` and `/` are both separators, the `\\?\` prefix is
/// ignored and names compare without case (`C:\Site` holds
/// `c:\site\content\a.md`). Elsewhere only an exact prefix at a `/` counts.
pub fn relative_text(root: &str, path: &str, windows: bool) -> Option<String> {
    let parts = |s: &str| -> Vec<String> {
        let s = if windows { strip_verbatim(s) } else { s };
        s.split(|c| c == '/' || (windows && c == '\\'))
            .filter(|p| !p.is_empty() && *p != ".")
            .map(|p| {
                if windows {
                    p.to_lowercase()
                } else {
                    p.to_string()
                }
            })
            .collect()
    };
    let root_parts = parts(root);
    let path_parts = parts(path);
    if path_parts.len() <= root_parts.len() || path_parts[..root_parts.len()] != root_parts[..] {
        return None;
    }
    // Keep the path's own spelling for the part below the root.
    let original: Vec<&str> = {
        let s = if windows { strip_verbatim(path) } else { path };
        s.split(|c| c == '/' || (windows && c == '\\'))
            .filter(|p| !p.is_empty() && *p != ".")
            .collect()
    };
    Some(original[root_parts.len()..].join("/"))
}

/// `\\?\C:\x` -> `C:\x`, `\\?\UNC\server\share` -> `\\server\share`.
fn strip_verbatim(s: &str) -> &str {
    if let Some(rest) = s.strip_prefix(r"\\?\UNC\") {
        // Keep one leading separator; the parts are what is compared.
        return &s[s.len() - rest.len() - 1..];
    }
    s.strip_prefix(r"\\?\").unwrap_or(s)
}

/// The site folder as file events name it.
pub fn watch_root(root: &Path) -> io::Result<PathBuf> {
    let real = root.canonicalize()?;
    if cfg!(windows) {
        let text = real.to_string_lossy();
        let plain = strip_verbatim(&text);
        if plain.len() != text.len() && !text.starts_with(r"\\?\UNC\") {
            return Ok(PathBuf::from(plain));
        }
    }
    Ok(real)
}

/// Swaps two paths in one step: Linux's `renameat2` with `RENAME_EXCHANGE`
/// (kernel 3.15 and later), through `syscall`, which every libc has (the
/// `renameat2` wrapper needs glibc 2.28). Other systems have no such call
/// for folders: `Unsupported`, and the caller renames twice.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: the arguments are those of renameat2(2): two directory fds
    // and two pointers to NUL-terminated strings that live until the call
    // returns (the kernel only reads them), and the flags.
    let status = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// See the Linux version: no atomic exchange of folders here.
#[cfg(not(target_os = "linux"))]
pub fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether trying again may succeed: another program has the file or
/// folder open for a moment (Windows: sharing violation 32, lock violation
/// 33, access denied 5, which is what a rename gets while a virus scanner
/// reads a file that was just written).
pub fn is_transient(e: &io::Error) -> bool {
    transient_code(e.raw_os_error(), cfg!(windows))
}

/// [`is_transient`] on an OS error number.
pub fn transient_code(code: Option<i32>, windows: bool) -> bool {
    windows && matches!(code, Some(5 | 32 | 33))
}

/// Runs `op`, trying again while it fails with a [`transient`](is_transient)
/// error, for up to about two seconds; returns the last result.
pub fn retry<T>(op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    retry_while(op, is_transient)
}

/// [`retry`] with the test for a transient error given.
pub fn retry_while<T>(
    mut op: impl FnMut() -> io::Result<T>,
    transient: impl Fn(&io::Error) -> bool,
) -> io::Result<T> {
    let mut wait = Duration::from_millis(5);
    let mut waited = Duration::ZERO;
    loop {
        match op() {
            Err(e) if transient(&e) && waited < Duration::from_secs(2) => {
                std::thread::sleep(wait);
                waited += wait;
                wait = (wait * 2).min(Duration::from_millis(250));
            }
            result => return result,
        }
    }
}

/// Whether a process with this id runs, as far as can be told without
/// signalling it: /proc on Linux, `kill -0` on other Unix systems. Where
/// neither works (Windows), every process is taken to run, so nothing that
/// might belong to a running build is removed.
pub fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    if cfg!(unix) {
        return std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_or(true, |s| s.success());
    }
    true
}

/// The program and leading arguments that open a URL in the default
/// browser: `open` on macOS, `cmd /C start ""` on Windows (the empty
/// argument is the window title `start` would otherwise take from the URL),
/// `xdg-open` elsewhere.
pub fn browser_command() -> (&'static str, &'static [&'static str]) {
    if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_slashes() {
        let root = Path::new("/site");
        assert_eq!(
            relative(root, &root.join("content").join("counties").join("a.md")).as_deref(),
            Some("content/counties/a.md")
        );
        assert_eq!(relative(root, root), None);
        assert_eq!(relative(root, Path::new("/elsewhere/a.md")), None);
        assert_eq!(slash_path(Path::new("./content/a.md")), "content/a.md");
    }

    #[test]
    fn windows_paths_that_differ_in_spelling_only_are_under_the_root() {
        let rel = |root, path| relative_text(root, path, true);
        assert_eq!(
            rel(
                r"C:\Users\li\site",
                r"C:\Users\li\site\content\counties\a.md"
            )
            .as_deref(),
            Some("content/counties/a.md")
        );
        // What canonicalize gives against what a file event says.
        assert_eq!(
            rel(r"\\?\C:\Users\li\site", r"c:\users\LI\site\site.yaml").as_deref(),
            Some("site.yaml")
        );
        assert_eq!(
            rel(
                r"\\?\UNC\server\share\site",
                r"\\server\share\site\content\x.md"
            )
            .as_deref(),
            Some("content/x.md")
        );
        // Mixed separators, as Git Bash passes them.
        assert_eq!(
            rel("C:/site", r"C:\site\static/logo.png").as_deref(),
            Some("static/logo.png")
        );
        assert_eq!(rel(r"C:\site", r"C:\site2\a.md"), None);
        assert_eq!(rel(r"C:\site", r"C:\site"), None);
    }

    #[test]
    fn elsewhere_case_and_backslashes_matter() {
        let rel = |root, path| relative_text(root, path, false);
        assert_eq!(rel("/site", "/site/a/b.md").as_deref(), Some("a/b.md"));
        assert_eq!(rel("/site", "/Site/a.md"), None);
        assert_eq!(rel("/site", "/site2/a.md"), None);
        // A backslash is part of a Unix file name.
        assert_eq!(rel("/site", r"/site/a\b.md").as_deref(), Some(r"a\b.md"));
    }

    #[test]
    fn only_windows_sharing_errors_are_transient() {
        for code in [5, 32, 33] {
            assert!(transient_code(Some(code), true));
            assert!(!transient_code(Some(code), false));
        }
        assert!(!transient_code(Some(2), true));
        assert!(!transient_code(None, true));
    }

    #[test]
    fn retry_tries_again_while_the_error_is_transient() {
        let busy = || io::Error::from(io::ErrorKind::ResourceBusy);
        let is_busy = |e: &io::Error| e.kind() == io::ErrorKind::ResourceBusy;
        let mut calls = 0;
        let result = retry_while(
            || {
                calls += 1;
                if calls < 4 { Err(busy()) } else { Ok(calls) }
            },
            is_busy,
        );
        assert_eq!(result.ok(), Some(4));
        // A lasting error comes back after about two seconds, not never.
        let start = std::time::Instant::now();
        assert!(retry_while(|| Err::<(), _>(busy()), is_busy).is_err());
        assert!(start.elapsed() < Duration::from_secs(4));
        // Any other error at once.
        let mut calls = 0;
        let result = retry_while(
            || {
                calls += 1;
                Err::<(), _>(io::Error::from(io::ErrorKind::NotFound))
            },
            is_busy,
        );
        assert!(result.is_err());
        assert_eq!(calls, 1);
    }

    #[test]
    fn this_process_runs() {
        assert!(process_runs(std::process::id()));
    }
}
