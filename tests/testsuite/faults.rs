//! Faults: builds killed at random moments and inside the swap, output
//! that cannot be created, a full disk. Whatever happens, `public/` is the
//! complete old output or the complete new one, never a mix, never missing,
//! and the next build cleans up what a killed one left.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::harness::{SiteTest, read_tree};

type Tree = BTreeMap<String, Vec<u8>>;

/// A small fixed-seed generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The output folder's files; panics if it is missing.
fn output(dir: &Path) -> Tree {
    assert!(
        dir.is_dir(),
        "{} is missing: a reader would find no site",
        dir.display()
    );
    read_tree(dir)
}

/// Which of the known trees `tree` is, or a description of the mix.
fn which(tree: &Tree, known: &[(&str, &Tree)]) -> Result<String, String> {
    if let Some((name, _)) = known.iter().find(|(_, t)| *t == tree) {
        return Ok(name.to_string());
    }
    let (_, first) = known[0];
    let differing: Vec<&String> = tree
        .keys()
        .chain(first.keys())
        .filter(|k| tree.get(*k) != first.get(*k))
        .take(5)
        .collect();
    Err(format!(
        "{} files, matching none of the complete builds; first differences from `{}`: {differing:?}",
        tree.len(),
        known[0].0
    ))
}

/// What killed builds leave beside `public/`.
fn leftovers(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root)
        .expect("list the site")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    out.sort();
    out
}

const REPORT: &str = "content/counties/dongtai/2019-h1.md";

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_output() {
    let site = SiteTest::example();
    let public = site.root().join("public");
    let started = Instant::now();
    site.build();
    let duration = started.elapsed();
    let a = output(&public);

    // The same site with one report changed, built elsewhere for reference.
    let text_a = site.read(REPORT);
    let text_b = format!("{text_a}\n\n追加的一段：构建被中断时不得留下半新半旧的网站。\n");
    site.write(REPORT, &text_b);
    let started = Instant::now();
    site.run(&["build", "--output", "reference"])
        .assert_success();
    let duration = duration.max(started.elapsed());
    let b = output(&site.root().join("reference"));
    std::fs::remove_dir_all(site.root().join("reference")).expect("remove the reference");
    assert_ne!(a, b, "the change must change the output");
    site.write(REPORT, &text_a);

    // Each round builds the other version over the current one, so every
    // kill interrupts a real change.
    let versions = [("a", &text_a, &a), ("b", &text_b, &b)];
    let mut rng = Rng(0x5EED_F0B1_1D00);
    let rounds = 20;
    let (mut old, mut new) = (0, 0);
    let mut current = 0;
    for round in 0..rounds {
        let next = 1 - current;
        site.write(REPORT, versions[next].1);
        // Every other round anywhere in a build, the others near its end,
        // where the swap is.
        let at = if round % 2 == 0 {
            rng.unit()
        } else {
            0.8 + 0.5 * rng.unit()
        };
        let delay = duration.mul_f64(at);
        let mut child = Command::new(env!("CARGO_BIN_EXE_pilotsite"))
            .arg("--root")
            .arg(site.root())
            .args(["build", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start a build");
        std::thread::sleep(delay);
        // SIGKILL on Unix: no chance to clean up.
        let _ = child.kill();
        let _ = child.wait();
        let known = [
            (versions[current].0, versions[current].2),
            (versions[next].0, versions[next].2),
        ];
        match which(&output(&public), &known) {
            Ok(name) if name == versions[next].0 => {
                new += 1;
                current = next;
            }
            Ok(_) => old += 1,
            Err(mix) => panic!("round {round}, killed after {delay:?}: public/ is {mix}"),
        }
    }
    eprintln!(
        "{rounds} builds killed at random (one build takes {duration:?}): \
         {old} left the old output, {new} the new one"
    );

    // A normal build succeeds and removes what the killed ones left.
    site.write(REPORT, &text_b);
    site.build();
    assert_eq!(which(&output(&public), &[("b", &b)]), Ok("b".to_string()));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// Whether strace runs here and may trace a child (it needs ptrace).
fn strace_works() -> bool {
    Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The swap itself: strace delivers SIGKILL exactly at the k-th call of
/// each rename or removal system call, which a random kill would almost
/// never hit. With a swap made of two renames, the second kill finds
/// `public/` renamed away and the new output not yet in.
#[test]
fn a_build_killed_inside_the_swap_leaves_the_old_or_the_new_output() {
    if !strace_works() {
        eprintln!("skipped: strace is not installed or may not trace here");
        return;
    }
    let site = SiteTest::fixture("minimal");
    let public = site.root().join("public");
    let report = "content/counties/alpha/2019-h1.md";
    let original = site.read(report);
    let calls = "rename,renameat,renameat2,unlink,unlinkat,rmdir";
    for k in 1..=4 {
        // A clean start, so the k-th call is in the swap, not in the
        // removal of an earlier round's leftovers.
        site.write(report, &original);
        site.build();
        for name in leftovers(site.root()) {
            let _ = std::fs::remove_dir_all(site.root().join(name));
        }
        let before = output(&public);
        site.write(report, &format!("{original}\nRound {k}.\n"));
        let status = Command::new("strace")
            .args(["-f", "-qq", "-o", "/dev/null", "-e"])
            .arg(format!("trace={calls}"))
            .arg("-e")
            .arg(format!("inject={calls}:signal=SIGKILL:when={k}"))
            .arg(env!("CARGO_BIN_EXE_pilotsite"))
            .arg("--root")
            .arg(site.root())
            .args(["build", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run strace");
        let after = output(&public);
        if after != before {
            // Then it must be the complete new build.
            site.run(&["build", "--output", "reference"])
                .assert_success();
            let reference = output(&site.root().join("reference"));
            std::fs::remove_dir_all(site.root().join("reference")).expect("remove");
            assert_eq!(
                which(&after, &[("new", &reference)]),
                Ok("new".to_string()),
                "killed at call {k} ({status})"
            );
        }
    }
    site.build();
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// Whether file permissions stop this process (they do not stop root).
fn permissions_apply(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("permission-probe");
    std::fs::create_dir(&probe).expect("create a probe folder");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let denied = std::fs::create_dir(probe.join("x")).is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::remove_dir_all(&probe).expect("remove the probe");
    denied
}

#[test]
fn output_that_cannot_be_created_is_a_clear_error_and_changes_nothing() {
    let site = SiteTest::fixture("minimal");
    site.build();
    let public = site.root().join("public");
    let before = output(&public);

    // The output's parent is a file (a failure even root meets).
    site.write("blocker", "not a folder\n");
    let run = site.run(&["build", "--output", "blocker/public"]);
    assert!(
        matches!(run.status, 1 | 2),
        "status {}: {}",
        run.status,
        run.stderr
    );
    let blocker = site.root().join("blocker");
    assert!(
        run.stderr.contains(&blocker.display().to_string()),
        "the error names the path:\n{}",
        run.stderr
    );
    assert_eq!(site.read("blocker"), "not a folder\n");

    // The output itself is a file: refused, not replaced by a folder.
    let run = site.run(&["build", "--output", "blocker"]);
    assert!(
        matches!(run.status, 1 | 2),
        "status {}: {}",
        run.status,
        run.stderr
    );
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
    assert_eq!(site.read("blocker"), "not a folder\n");

    // A read-only parent, where permissions apply.
    let ro = site.root().join("ro");
    std::fs::create_dir(&ro).expect("mkdir");
    if permissions_apply(&ro) {
        use std::os::unix::fs::PermissionsExt;
        site.run(&["build", "--output", "ro/public"])
            .assert_success();
        let previous = output(&ro.join("public"));
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        let run = site.run(&["build", "--output", "ro/public"]);
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        assert!(
            matches!(run.status, 1 | 2),
            "status {}: {}",
            run.status,
            run.stderr
        );
        assert!(
            run.stderr.contains(&ro.display().to_string())
                && run.stderr.contains("ermission denied"),
            "{}",
            run.stderr
        );
        assert_eq!(output(&ro.join("public")), previous);
    } else {
        eprintln!("skipped the read-only parent: permissions do not apply to this user (root)");
    }

    assert_eq!(output(&public), before, "the previous output changed");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, size: &str) -> Result<Mount, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if out.status.success() {
            Ok(Mount(dir.to_path_buf()))
        } else {
            Err(String::from_utf8_lossy(&out.stderr)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "))
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system at `dir` until fewer than `keep` bytes are free.
fn fill(dir: &Path, keep: usize) {
    use std::io::Write;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).expect("create the filler");
    let block = vec![0u8; 4096];
    while file.write_all(&block).is_ok() {}
    let _ = file.flush();
    drop(file);
    let len = std::fs::metadata(&path).expect("filler size").len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open the filler");
    file.set_len(len.saturating_sub(keep as u64))
        .expect("shrink the filler");
}

#[test]
fn a_full_disk_is_a_clear_error_and_changes_nothing() {
    let site = SiteTest::fixture("minimal");
    let disk = site.root().join("disk");
    let mount = match Mount::tmpfs(&disk, "4m") {
        Ok(m) => m,
        Err(why) => {
            eprintln!("skipped: cannot mount a small tmpfs ({why})");
            return;
        }
    };
    site.run(&["build", "--output", "disk/public"])
        .assert_success();
    let public = mount.0.join("public");
    let before = output(&public);
    fill(&mount.0, 32 * 1024);

    site.write(
        "content/counties/alpha/2019-h1.md",
        &format!(
            "{}\nA change.\n",
            site.read("content/counties/alpha/2019-h1.md")
        ),
    );
    let run = site.run(&["build", "--output", "disk/public"]);
    run.assert_status(1);
    let first = run
        .error_lines()
        .first()
        .map(|l| l.to_string())
        .unwrap_or_default();
    assert!(
        first.contains("the disk is full") && first.contains(&mount.0.display().to_string()),
        "the error names the cause and the file:\n{}",
        run.stderr
    );
    // One error for the one cause, not one per file.
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
    assert_eq!(output(&public), before, "a partial output was swapped in");
    let mut left: Vec<String> = std::fs::read_dir(&mount.0)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, vec!["filler", "public"], "the staging folder stays");

    // With room again, the build succeeds.
    std::fs::remove_file(mount.0.join("filler")).expect("remove the filler");
    site.run(&["build", "--output", "disk/public"])
        .assert_success();
    assert_ne!(output(&public), before);
}
