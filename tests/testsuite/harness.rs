//! `SiteTest`: a site in a temporary folder and the binary run on it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The repository root (which is also the example site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo_root().join("tests/fixtures")
}

pub struct SiteTest {
    _dir: TempDir,
    root: PathBuf,
}

impl SiteTest {
    /// An empty folder to work in.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let root = dir.path().join("site");
        std::fs::create_dir(&root).expect("create the site folder");
        SiteTest { _dir: dir, root }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let t = SiteTest::empty();
        copy_tree(&fixtures().join(name), &t.root);
        t
    }

    /// A copy of the example site at the repository root.
    pub fn example() -> Self {
        let t = SiteTest::empty();
        copy_tree(&repo_root().join("content"), &t.root.join("content"));
        copy_tree(&repo_root().join("map"), &t.root.join("map"));
        std::fs::copy(repo_root().join("site.yaml"), t.root.join("site.yaml"))
            .expect("copy site.yaml");
        t
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Copies every file under `dir` over the site.
    pub fn overlay(&self, dir: &Path) -> &Self {
        copy_tree(dir, &self.root);
        self
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(path, text).expect("write a file");
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs `pilotsite --root <site> <args>`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_at(&self.root, args)
    }

    /// Builds twice, into `one/` and `two/`, and expects the same files with
    /// the same bytes; returns them.
    pub fn build_twice_identically(&self) -> BTreeMap<String, Vec<u8>> {
        self.run(&["build", "--output", "one"]).assert_success();
        self.run(&["build", "--output", "two"]).assert_success();
        let one = read_tree(&self.root.join("one"));
        let two = read_tree(&self.root.join("two"));
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            two.keys().collect::<Vec<_>>()
        );
        for (file, bytes) in &one {
            assert!(two[file] == *bytes, "{file} differs between two builds");
        }
        one
    }

    /// Builds into `public/` and expects success.
    pub fn build(&self) -> &Self {
        self.run(&["build"]).assert_success();
        self
    }

    /// The built page at a site URL path such as `counties/a/`.
    pub fn page(&self, url: &str) -> String {
        let rel = if url.is_empty() || url.ends_with('/') {
            format!("public/{url}index.html")
        } else {
            format!("public/{url}")
        };
        self.read(&rel)
    }
}

/// Runs `pilotsite --root <root> <args>`.
pub fn run_at(root: &Path, args: &[&str]) -> Run {
    run_with_env(root, args, &[])
}

/// Runs `pilotsite --root <root> <args>` with these environment variables
/// set, in an environment otherwise cleared of what changes its output:
/// GitHub's variables and the locale (`LANG=C`: English when site.yaml
/// cannot say).
pub fn run_with_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pilotsite"));
    command
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("run pilotsite");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.status, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn assert_status(&self, status: i32) -> &Self {
        assert_eq!(
            self.status, status,
            "unexpected exit status\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// The `error: path:line:col: message` lines, in order.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect()
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk a fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// Every file under `dir`: relative path -> bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read output"))
        })
        .collect()
}

/// Runs Python (`$PYTHON`, default `python3`, `python` on Windows) with
/// `args`, the first a script file or `-c` and its text, for the tests that
/// read or write workbooks with openpyxl (scripts/test installs it). Its
/// standard output; a failure to run or a non-zero exit fails the test.
pub fn openpyxl(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let default = if cfg!(windows) { "python" } else { "python3" };
    let python = std::env::var("PYTHON").unwrap_or_else(|_| default.into());
    let out = Command::new(&python)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} (set PYTHON to choose one): {e}"));
    assert!(
        out.status.success(),
        "{python} failed; the workbook tests need openpyxl, which scripts/test installs \
         (python3 -m pip install openpyxl==3.1.5):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
