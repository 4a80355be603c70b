//! Broken and hostile input. Every case starts from the `minimal` fixture,
//! builds it once, makes one bad change and then requires, of both `build`
//! and `check`: exit status 1, a first line `error: path:line:col: message`
//! exactly as written in the table (line and column checked by hand against
//! the offending token), no panic, no hang, and after `build` the previous
//! `public/` byte for byte with no staging folder left beside it.
//!
//! Some inputs cannot be made the same way everywhere:
//! - Unreadable files: the tests may run as root (CI containers), where
//!   `chmod 000` does not stop reading. As root `unreadable_report` uses a
//!   report that is a symbolic link to itself instead: listed like a file,
//!   impossible to read. Named pipes are never opened (pilotsite lists only
//!   regular files, and reads site.yaml only when it is one), so the pipe
//!   case cannot hang.
//! - The huge report is 50 MB in release builds and 20 MB in debug builds,
//!   where rendering 50 MB of Markdown takes more than 10 s.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Run, SiteTest, read_tree};

/// No case may take longer than this (a hang or a runaway parse).
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Runs `pilotsite --root <root> <args>`, killing it after [`TIME_LIMIT`]
/// (a hang or a runaway parse fails the case instead of the whole suite).
fn run_timed(root: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pilotsite"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pilotsite");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for pilotsite") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pilotsite {args:?} still ran after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        status: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("read stdout"),
        stderr: stderr.join().expect("read stderr"),
    }
}

fn assert_no_crash(run: &Run) {
    for word in [
        "panicked",
        "RUST_BACKTRACE",
        "overflow",
        "fatal runtime error",
    ] {
        assert!(
            !run.stderr.contains(word),
            "`{word}` in the output:\n{}",
            run.stderr
        );
    }
    assert!(run.status >= 0, "killed by a signal:\n{}", run.stderr);
}

/// Names in the site folder left by a build that did not finish.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("list the site")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("building") || n.contains(".old-"))
        .collect()
}

/// The Chinese first line of each case, from
/// `tests/fixtures/bad_input.zh-CN.txt` (`case_name: error: ...`, one per
/// line): the same problem at the same place, in the words a Chinese site's
/// authors read.
fn chinese_line(name: &str) -> Option<String> {
    let table = std::fs::read_to_string(crate::harness::fixtures().join("bad_input.zh-CN.txt"))
        .expect("read bad_input.zh-CN.txt");
    table
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(": ").map(str::to_string))
}

/// The one harness function: good build, bad change, then `build` and
/// `check` must both fail with `expected` as their first line, and `check
/// --lang zh-CN` with the case's Chinese line.
fn run_case(name: &str, expected: &str, change: impl FnOnce(&SiteTest)) {
    let site = SiteTest::fixture("minimal");
    let first = run_timed(site.root(), &["build"]);
    first.assert_success();
    let public = site.root().join("public");
    let before = read_tree(&public);
    assert!(!before.is_empty());

    change(&site);

    for command in ["build", "check"] {
        let run = run_timed(site.root(), &[command]);
        assert_no_crash(&run);
        assert_eq!(
            run.status, 1,
            "`{command}` should fail with status 1\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
        assert_eq!(
            run.stderr.lines().next().unwrap_or(""),
            expected,
            "`{command}`: wrong first line\nfull output:\n{}",
            run.stderr
        );
    }
    let zh = run_timed(site.root(), &["check", "--lang", "zh-CN"]);
    assert_no_crash(&zh);
    assert_eq!(zh.status, 1, "`check --lang zh-CN`:\n{}", zh.stderr);
    let first = zh.stderr.lines().next().unwrap_or("");
    assert_eq!(
        Some(first),
        chinese_line(name).as_deref(),
        "`check --lang zh-CN`: wrong first line for `{name}`\nfull output:\n{}",
        zh.stderr
    );
    assert!(
        read_tree(&public) == before,
        "a failed build changed public/"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    restore_permissions(site.root());
}

// ---------------------------------------------------------------------------
// Changes

fn write_bytes(site: &SiteTest, rel: &str, bytes: &[u8]) {
    let path = site.root().join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
    std::fs::write(path, bytes).expect("write a file");
}

/// Replaces the one occurrence of `from` in a file of the site.
fn edit(site: &SiteTest, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {rel}");
    site.write(rel, &text.replacen(from, to, 1));
}

/// Like [`edit`], with bytes that are not UTF-8 in the replacement.
fn edit_bytes(site: &SiteTest, rel: &str, from: &str, to: &[u8]) {
    let text = site.read(rel);
    let at = text.find(from).expect("the text to replace");
    let mut bytes = text.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(to);
    bytes.extend_from_slice(&text.as_bytes()[at + from.len()..]);
    write_bytes(site, rel, &bytes);
}

fn remove(site: &SiteTest, rel: &str) {
    std::fs::remove_file(site.root().join(rel)).expect("remove a file");
}

#[cfg(unix)]
fn symlink(site: &SiteTest, target: &str, link: &str) {
    std::os::unix::fs::symlink(target, site.root().join(link)).expect("make a symbolic link");
}

fn is_root() -> bool {
    #[cfg(unix)]
    {
        Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
    }
    #[cfg(not(unix))]
    {
        false
    }
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Gives back read permission so the temporary folder can be removed.
fn restore_permissions(root: &Path) {
    #[cfg(unix)]
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        if !entry.path_is_symlink() {
            let mode = if entry.file_type().is_dir() {
                0o755
            } else {
                0o644
            };
            chmod(entry.path(), mode);
        }
    }
    #[cfg(not(unix))]
    let _ = root;
}

/// A "billion laughs": nine lists of nine aliases of the list before.
fn alias_bomb(indent: &str) -> String {
    let mut s = format!("{indent}a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let items = vec![format!("*{prev}"); 9].join(", ");
        s.push_str(&format!("{indent}{name}: &{name} [{items}]\n"));
    }
    s
}

/// `depth` mappings, each inside the one before, one key per line.
fn nested_maps(depth: usize) -> String {
    (1..=depth)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect::<String>()
        + &format!("{}end: 1\n", "  ".repeat(depth + 1))
}

const BETA: &str = "content/counties/beta/2018.md";
const ALPHA_2018: &str = "content/counties/alpha/2018.md";
const ALPHA_H1: &str = "content/counties/alpha/2019-h1.md";
const ALPHA: &str = "content/counties/alpha/_index.md";
const BETA_PROFILE: &str = "content/counties/beta/_index.md";
const ABOUT: &str = "content/pages/about.md";
const HOME: &str = "content/_index.md";
const SITE: &str = "site.yaml";

/// `name: "expected first line" => |site| change;` becomes one test per
/// case, so a failure names its case.
macro_rules! cases {
    ($($(#[$attr:meta])* $name:ident: $expected:expr => |$site:ident| $change:expr;)*) => {
        $(
            $(#[$attr])*
            #[test]
            fn $name() {
                run_case(stringify!($name), &$expected, |$site: &SiteTest| {
                    $change;
                });
            }
        )*
        /// How many cases the table holds.
        const CASES: usize = [$(stringify!($name)),*].len();

        /// Every case has one Chinese line, and every line a case.
        #[test]
        fn every_case_has_one_chinese_line() {
            let names = [$(stringify!($name)),*];
            let table = std::fs::read_to_string(
                crate::harness::fixtures().join("bad_input.zh-CN.txt"),
            )
            .expect("read bad_input.zh-CN.txt");
            let listed: Vec<&str> = table
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|l| l.split(": ").next().unwrap_or(""))
                .collect();
            for name in names {
                assert_eq!(
                    listed.iter().filter(|l| **l == name).count(),
                    1,
                    "`{name}` needs exactly one line in bad_input.zh-CN.txt"
                );
            }
            for l in &listed {
                assert!(names.contains(l), "bad_input.zh-CN.txt: no case `{l}`");
            }
        }
    };
}

cases! {
    // --- YAML syntax -------------------------------------------------------
    yaml_quote_left_open:
        "error: content/counties/beta/2018.md:2:8: invalid YAML: the quote opened here is not closed on this line"
        => |site| edit(site, BETA, "title: Beta 2018", "title: \"Beta 2018");
    yaml_quote_never_closed:
        "error: content/pages/about.md:2:8: invalid YAML: unclosed quote"
        => |site| edit(site, ABOUT, "title: About", "title: 'About");
    yaml_bracket_never_closed:
        "error: content/counties/alpha/2018.md:4:7: invalid YAML: unclosed bracket '['"
        => |site| edit(site, ALPHA_2018, "tags: [health]", "tags: [health");
    yaml_brace_never_closed_last_line:
        "error: content/counties/alpha/_index.md:5:8: invalid YAML: unclosed bracket '{'"
        => |site| edit(site, ALPHA, "pilot_since: \"2018\"\n", "pilot_since: \"2018\"\nextra: {note: x\n");
    yaml_colon_in_unquoted_text:
        "error: content/counties/beta/2018.md:4:14: invalid YAML: a `:` is not allowed here"
        => |site| edit(site, BETA, "metrics:", "summary: Note: figures are provisional\nmetrics:");
    yaml_line_indented_too_far_in_site:
        "error: site.yaml:16:11: invalid YAML: a `:` is not allowed here"
        => |site| edit(site, SITE, "    label: Covered", "     label: Covered");
    yaml_first_metric_indented_deeper_than_the_rest:
        "error: content/counties/alpha/2019-h1.md:7:3: invalid YAML: this line is not indented like the lines above it"
        => |site| edit(site, ALPHA_H1, "  total: 10", "    total: 10");
    yaml_list_item_without_its_dash:
        "error: content/counties/beta/2018.md:6:3: invalid YAML: this line does not start with `- `, like the other items of the list above it"
        => |site| edit(site, BETA, "  total: 20\n", "  - total: 20\n");
    yaml_key_without_colon:
        "error: content/counties/beta/_index.md:3:1: invalid YAML: a `:` is missing after the key on this line"
        => |site| edit(site, BETA_PROFILE, "pilot: false", "pilot false");
    yaml_windows_path_in_double_quotes:
        "error: content/pages/about.md:2:11: invalid YAML: `\\U` is not a valid escape in double quotes"
        => |site| edit(site, ABOUT, "title: About", "title: \"C:\\Users\\about\"");
    yaml_unknown_escape_in_sources:
        "error: content/counties/beta/2018.md:11:15: invalid YAML: `\\q` is not a valid escape in double quotes"
        => |site| edit(site, BETA, "  policy: false\n", "  policy: false\nsources:\n  total: \"统计局 \\q1\"\n");
    yaml_value_starting_with_at:
        "error: content/counties/beta/_index.md:2:7: invalid YAML: a value cannot start with `@`"
        => |site| edit(site, BETA_PROFILE, "name: Beta", "name: @Beta");
    yaml_alias_without_anchor:
        "error: content/counties/beta/2018.md:4:10: invalid YAML: `*baseline` refers to an anchor `&baseline` that is not defined before it"
        => |site| edit(site, BETA, "metrics:", "summary: *baseline\nmetrics:");
    yaml_control_character_pasted:
        "error: content/counties/beta/2018.md:2:12: invalid YAML: an invisible control character (U+0008) is not allowed here"
        => |site| edit(site, BETA, "title: Beta 2018", "title: Beta\u{8} 2018");
    yaml_byte_order_mark_inside:
        "error: content/counties/alpha/2018.md:3:1: invalid YAML: an invisible byte-order mark (U+FEFF) is not allowed here"
        => |site| edit(site, ALPHA_2018, "period: 2018", "\u{feff}period: 2018");
    yaml_key_longer_than_1024_characters:
        "error: content/counties/beta/2018.md:10:3: invalid YAML: this key is longer than 1024 characters, the most YAML allows"
        => |site| edit(site, BETA, "  policy: false\n", &format!("  policy: false\n  {}: 1\n", "k".repeat(2000)));

    // --- Tabs ----------------------------------------------------------------
    tab_indents_a_metric:
        "error: content/counties/beta/2018.md:6:1: invalid YAML: a tab is used for indentation; YAML needs spaces"
        => |site| edit(site, BETA, "  covered: 5", "\tcovered: 5");
    tab_indents_the_first_metric:
        "error: content/counties/beta/2018.md:5:1: invalid YAML: a tab is used for indentation; YAML needs spaces"
        => |site| edit(site, BETA, "  total: 20", "\ttotal: 20");
    tab_indents_site_yaml:
        "error: site.yaml:35:1: invalid YAML: a tab is used for indentation; YAML needs spaces"
        => |site| edit(site, SITE, "    unit: k", "\tunit: k");
    tab_indents_a_profile_field:
        "error: content/counties/beta/_index.md:5:1: invalid YAML: a tab is used for indentation; YAML needs spaces"
        => |site| edit(site, BETA_PROFILE, "pilot: false\n", "pilot: false\nextra:\n\tnote: x\n");
    tab_after_spaces_in_profile:
        "error: content/counties/beta/_index.md:6:3: invalid YAML: a tab is used for indentation; YAML needs spaces"
        => |site| edit(site, BETA_PROFILE, "pilot: false\n", "pilot: false\nextra:\n  note: x\n  \tmore: y\n");
    tab_indents_a_list_item:
        "error: content/counties/alpha/2019-h1.md:5:1: invalid YAML: a tab is used for indentation; YAML needs spaces"
        => |site| edit(site, ALPHA_H1, "tags: [health, schools]", "tags:\n\t- health");

    // --- Front matter --------------------------------------------------------
    front_matter_never_closed_in_page:
        "error: content/pages/about.md:1:1: the front matter is never closed"
        => |site| edit(site, ABOUT, "title: About\n---\n", "title: About\n\n");
    front_matter_is_a_list:
        "error: content/_index.md:2:1: the front matter must be a set of `key: value` lines, found a list"
        => |site| site.write(HOME, "---\n- Minimal site\n---\nText.\n");
    byte_order_mark_without_front_matter:
        "error: content/counties/beta/2018.md:1:1: the file does not start with front matter"
        => |site| site.write(BETA, "\u{feff}title: Beta 2018\nperiod: 2018\n");

    // --- Encodings -----------------------------------------------------------
    report_saved_as_gbk:
        "error: content/counties/beta/2018.md:11:1: this file is not valid UTF-8 text"
        // 盐城 in GBK
        => |site| edit_bytes(site, BETA, "Beta's baseline.", b"\xd1\xce\xb3\xc7");
    site_yaml_latin1:
        "error: site.yaml:1:11: this file is not valid UTF-8 text"
        => |site| edit_bytes(site, SITE, "title: Minimal", b"title: Caf\xe9");
    profile_bad_byte_after_chinese:
        "error: content/counties/beta/_index.md:2:9: this file is not valid UTF-8 text"
        => |site| edit_bytes(site, BETA_PROFILE, "name: Beta", &["name: 东台".as_bytes(), b"\xff"].concat());
    page_cut_in_the_middle_of_a_character:
        "error: content/pages/about.md:7:1: this file is not valid UTF-8 text"
        => |site| {
            let mut bytes = site.read(ABOUT).into_bytes();
            bytes.extend_from_slice(b"\xe4\xb8");
            write_bytes(site, ABOUT, &bytes);
        };

    // --- Empty files ---------------------------------------------------------
    empty_report:
        "error: content/counties/beta/2018.md:1:1: the file is empty"
        => |site| site.write(BETA, "");
    empty_profile:
        "error: content/counties/alpha/_index.md:1:1: the file is empty"
        => |site| site.write(ALPHA, "");
    // An empty site.yaml names no language: the site's default, Chinese.
    empty_site_yaml:
        "error: site.yaml:1:1: site.yaml 是空的"
        => |site| site.write(SITE, "");
    blank_page:
        "error: content/pages/about.md:1:1: the file is empty"
        => |site| site.write(ABOUT, "\n  \r\n\n");

    // --- Size ----------------------------------------------------------------
    huge_report_with_a_typo_in_its_front_matter:
        "error: content/counties/beta/2018.md:4:1: unknown field `sumary` (did you mean `summary`?)"
        => |site| {
            let body = "正文。Body text.\n\n".repeat(20 * 1024 * 1024 / 24);
            site.write(BETA, &format!("---\ntitle: Beta 2018\nperiod: 2018\nsumary: A long one.\nmetrics:\n  total: 20\n---\n{body}"));
        };
    megabyte_of_text_where_a_count_belongs:
        format!("error: content/counties/beta/2018.md:5:10: `total` (Total) must be a number, found text `{}…`", "x".repeat(60))
        => |site| edit(site, BETA, "  total: 20", &format!("  total: {}", "x".repeat(1 << 20)));
    very_long_unknown_field:
        format!("error: content/counties/beta/2018.md:4:1: unknown field `{}…`", "k".repeat(60))
        => |site| edit(site, BETA, "metrics:", &format!("{}: 1\nmetrics:", "k".repeat(1000)));
    block_text_where_a_bool_belongs:
        "error: content/counties/beta/2018.md:10:5: `policy` (Policy issued) must be true or false, found `yes…`"
        => |site| edit(site, BETA, "  policy: false", "  policy: |\n    yes\n    no");

    // --- Duplicate keys ------------------------------------------------------
    duplicate_key_in_a_site_metric:
        "error: site.yaml:35:5: `kind` appears twice; keep one of the two lines"
        => |site| edit(site, SITE, "    kind: money\n", "    kind: money\n    kind: number\n");
    duplicate_metric_in_a_report:
        "error: content/counties/beta/2018.md:10:3: `total` appears twice; keep one of the two lines"
        => |site| edit(site, BETA, "  policy: false\n", "  policy: false\n  total: 21\n");
    duplicate_key_in_a_profile:
        "error: content/counties/beta/_index.md:4:1: `name` appears twice; keep one of the two lines"
        => |site| edit(site, BETA_PROFILE, "pilot: false\n", "pilot: false\nname: Beta County\n");

    // --- Wrong types ---------------------------------------------------------
    page_title_is_a_list:
        "error: content/pages/about.md:2:8: `title` must be text, found a list"
        => |site| edit(site, ABOUT, "title: About", "title: [About, Us]");
    metrics_written_as_a_list:
        "error: content/counties/beta/2018.md:5:3: `metrics` must be a set of `metric_id: value` lines, found a list"
        => |site| edit(site, BETA, "  total: 20\n  covered: 5\n  lectures: 2\n  clinics: 2\n  policy: false\n", "  - total: 20\n  - covered: 5\n");
    pilot_in_quotes:
        "error: content/counties/beta/_index.md:3:8: `pilot` must be true or false, found \"false\" in quotes"
        => |site| edit(site, BETA_PROFILE, "pilot: false", "pilot: \"false\"");
    count_with_a_unit:
        "error: content/counties/alpha/2018.md:6:10: `total` (Total) must be a number without a unit, found `10个`"
        => |site| edit(site, ALPHA_2018, "  total: 10", "  total: 10个");
    order_not_whole:
        "error: content/counties/alpha/_index.md:5:8: `order` must be a whole number"
        => |site| edit(site, ALPHA, "pilot_since: \"2018\"\n", "pilot_since: \"2018\"\norder: 2.5\n");
    bool_metric_as_a_number:
        "error: content/counties/alpha/2019-h1.md:10:11: `policy` (Policy issued) must be true or false, found a whole number"
        => |site| edit(site, ALPHA_H1, "  policy: true", "  policy: 1");
    date_in_another_format:
        "error: content/counties/alpha/2019-h1.md:4:7: `date` must be a date written YYYY-MM-DD, found `10.07.2019`"
        => |site| edit(site, ALPHA_H1, "tags:", "date: 10.07.2019\ntags:");

    // --- NaN and infinity ----------------------------------------------------
    nan_money:
        "error: content/counties/alpha/2018.md:10:11: `budget` (Budget) must be a finite number, found .nan"
        => |site| edit(site, ALPHA_2018, "  budget: 12.5", "  budget: .NaN");
    minus_infinity_count:
        "error: content/counties/beta/2018.md:7:13: `lectures` (Lectures) must be a finite number, found -.inf"
        => |site| edit(site, BETA, "  lectures: 2", "  lectures: -.Inf");
    infinite_bound_in_site:
        "error: site.yaml:14:10: `max` must be a finite number"
        => |site| edit(site, SITE, "    max: 100", "    max: .inf");

    // --- Out of range ----------------------------------------------------------
    count_above_its_maximum:
        "error: content/counties/alpha/2019-h1.md:6:10: `total` (Total) is 1000, above the maximum 100 set in site.yaml"
        => |site| edit(site, ALPHA_H1, "  total: 10", "  total: 1000");
    negative_count:
        "error: content/counties/beta/2018.md:8:12: `clinics` (Clinics) is a count and must be a whole number of 0 or more, found -1"
        => |site| edit(site, BETA, "  clinics: 2", "  clinics: -1");
    derived_ratio_above_one:
        "error: content/counties/alpha/2019-h1.md:7:12: `covered` (Covered, 12) is greater than `total` (Total, 10), so `coverage` (Coverage) would be 120.0%"
        => |site| edit(site, ALPHA_H1, "  covered: 8", "  covered: 12");
    integer_too_large_for_any_type:
        "error: content/counties/beta/2018.md:5:10: `total` (Total) is 123456789012345680000000000000, above the maximum 100 set in site.yaml"
        => |site| edit(site, BETA, "  total: 20", "  total: 123456789012345678901234567890");

    // --- Unknown keys ----------------------------------------------------------
    unknown_field_in_a_report:
        "error: content/counties/alpha/2018.md:4:1: unknown field `tag` (did you mean `tags`?)"
        => |site| edit(site, ALPHA_2018, "tags: [health]", "tag: [health]");
    unknown_field_in_a_page:
        "error: content/pages/about.md:3:1: unknown field `date`"
        => |site| edit(site, ABOUT, "title: About\n", "title: About\ndate: 2019-01-01\n");
    unknown_field_in_a_site_metric:
        "error: site.yaml:35:5: unknown field `units` (did you mean `unit`?)"
        => |site| edit(site, SITE, "    unit: k", "    units: k");
    unknown_field_in_a_site_period:
        "error: site.yaml:7:5: unknown field `lable` (did you mean `label`?)"
        => |site| edit(site, SITE, "    label: 2019 H1", "    lable: 2019 H1");

    // --- Derived metrics typed in ----------------------------------------------
    sum_typed_in:
        "error: content/counties/alpha/2018.md:10:3: `activities` (Activities) is computed from lectures + clinics; it cannot be typed in a report"
        => |site| edit(site, ALPHA_2018, "  clinics: 1\n", "  clinics: 1\n  activities: 4\n");
    ratio_typed_in_as_null:
        "error: content/counties/beta/2018.md:10:3: `coverage` (Coverage) is computed from covered / total; it cannot be typed in a report"
        => |site| edit(site, BETA, "  policy: false\n", "  policy: false\n  coverage: null\n");

    // --- Unknown period, county, metric ----------------------------------------
    unknown_period:
        "error: content/counties/alpha/2019-h1.md:3:9: period `2019-H2` is not in site.yaml yet; ask the city office to add it to `periods:`"
        => |site| edit(site, ALPHA_H1, "period: 2019-H1", "period: 2019-H2");
    unknown_metric_in_sources:
        "error: content/counties/beta/2018.md:11:3: unknown metric `totl` (did you mean `total`?)"
        => |site| edit(site, BETA, "  policy: false\n", "  policy: false\nsources:\n  totl: 统计局\n");
    unknown_county_in_a_chart:
        "error: content/pages/about.md:11:9: unknown county `gamma`"
        => |site| edit(site, ABOUT, "2018.md).\n", "2018.md).\n\n```chart\nmetric: total\ntype: county\ncounty: gamma\n```\n");
    unknown_metric_in_a_chart:
        "error: content/counties/beta/2018.md:14:9: unknown metric `coverag` (did you mean `coverage`?)"
        => |site| edit(site, BETA, "Beta's baseline.\n", "Beta's baseline.\n\n```chart\nmetric: coverag\n```\n");

    // --- Duplicate reports, missing profile --------------------------------------
    second_report_for_a_period:
        "error: content/counties/alpha/baseline.md:3:9: a second report for Alpha in 2018: content/counties/alpha/2018.md already covers this period"
        => |site| site.write("content/counties/alpha/baseline.md", "---\ntitle: Alpha again\nperiod: 2018\nmetrics:\n  total: 10\n---\n");
    missing_profile:
        "error: content/counties/beta/2018.md:1:1: county `beta` has no profile: content/counties/beta/_index.md is missing"
        => |site| remove(site, BETA_PROFILE);

    // --- Bad ids -------------------------------------------------------------------
    county_folder_in_chinese:
        "error: content/counties/东台/_index.md:1:1: county folder `东台` must match [a-z0-9][a-z0-9-]* (lower-case letters, digits and -)"
        => |site| site.write("content/counties/东台/_index.md", "---\nname: 东台市\npilot: true\n---\n");
    page_name_with_a_space:
        "error: content/pages/about us.md:1:1: page name `about us` must match [a-z0-9][a-z0-9-]*"
        => |site| site.write("content/pages/about us.md", "---\ntitle: About us\n---\n");
    metric_id_with_a_capital:
        "error: site.yaml:25:9: metric id `Clinics` must match [a-z][a-z0-9_]*"
        => |site| edit(site, SITE, "  - id: clinics", "  - id: Clinics");
    period_id_with_a_space:
        "error: site.yaml:6:9: period id `2019 H1` may use only letters, digits and -"
        => |site| edit(site, SITE, "  - id: 2019-H1", "  - id: 2019 H1");
    theme_name_with_a_space:
        "error: site.yaml:3:8: theme name `My Theme` must use only a-z, 0-9 and -"
        => |site| edit(site, SITE, "language: en\n", "language: en\ntheme: My Theme\n");

    // --- File system ---------------------------------------------------------------
    file_names_differing_in_case:
        "error: content/counties/alpha/2019-h1.md:1:1: this file name differs from content/counties/alpha/2019-H1.md only in upper/lower case"
        => |site| site.write("content/counties/alpha/2019-H1.md", &site.read(ALPHA_H1));
    #[cfg(unix)]
    unreadable_report:
        if is_root() {
            "error: content/counties/beta/2018.md:1:1: this symbolic link points to itself, through a loop of links"
        } else {
            "error: content/counties/beta/2018.md:1:1: cannot read this file: permission denied"
        }
        => |site| if is_root() {
            remove(site, BETA);
            symlink(site, "2018.md", BETA);
        } else {
            chmod(&site.root().join(BETA), 0o000);
        };
    #[cfg(unix)]
    symlink_loop_to_the_parent_folder:
        "error: content/counties/alpha/loop:1:1: this symbolic link points back to a folder that contains it"
        => |site| symlink(site, "..", "content/counties/alpha/loop");
    #[cfg(unix)]
    symlink_to_a_missing_report:
        "error: content/counties/alpha/2020.md:1:1: this symbolic link points to `drafts/2020.md`, which does not exist"
        => |site| symlink(site, "drafts/2020.md", "content/counties/alpha/2020.md");
    #[cfg(unix)]
    site_yaml_is_a_named_pipe:
        "error: site.yaml:1:1: site.yaml is not a regular file (a pipe, socket or device?)"
        => |site| {
            remove(site, SITE);
            let made = Command::new("mkfifo").arg(site.root().join(SITE)).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        };
    site_yaml_is_a_folder:
        "error: site.yaml:1:1: site.yaml is a folder, not a file"
        => |site| {
            remove(site, SITE);
            std::fs::create_dir(site.root().join(SITE)).expect("mkdir");
        };
    site_yaml_missing:
        "error: site.yaml:1:1: site.yaml not found"
        => |site| remove(site, SITE);

    // --- Hostile YAML ----------------------------------------------------------------
    billion_laughs_in_a_report:
        "error: content/counties/beta/2018.md:16:10: invalid YAML: the aliases (`*name`) here expand to more than 100000 values"
        => |site| edit(site, BETA, "  policy: false\n", &format!("  policy: false\nextra:\n{}", alias_bomb("  ")));
    billion_laughs_in_site_yaml:
        "error: site.yaml:8:8: invalid YAML: the aliases (`*name`) here expand to more than 100000 values"
        => |site| edit(site, SITE, "periods:", &format!("{}periods:", alias_bomb("")));
    ten_thousand_nested_lists:
        "error: content/counties/beta/2018.md:4:32: invalid YAML: lists and mappings are nested more than 24 levels deep"
        => |site| edit(site, BETA, "metrics:", &format!("extra: {}{}\nmetrics:", "[".repeat(10_000), "]".repeat(10_000)));
    ten_thousand_nested_mappings:
        "error: content/counties/beta/_index.md:28:49: invalid YAML: lists and mappings are nested more than 24 levels deep"
        => |site| edit(site, BETA_PROFILE, "pilot: false\n", &format!("pilot: false\nextra:\n{}", nested_maps(10_000)));
    ten_thousand_nested_flow_mappings:
        "error: content/pages/about.md:3:100: invalid YAML: lists and mappings are nested more than 24 levels deep"
        => |site| edit(site, ABOUT, "title: About\n", &format!("title: About\nextra: {}1{}\n", "{a: ".repeat(10_000), "}".repeat(10_000)));
    one_level_too_deep:
        "error: content/pages/about.md:27:49: invalid YAML: lists and mappings are nested more than 24 levels deep"
        => |site| edit(site, ABOUT, "title: About\n", &format!("title: About\nextra:\n{}", nested_maps(23)));

    // --- Line endings and byte-order marks do not move positions ---------------------
    crlf_report_with_an_unknown_metric:
        "error: content/counties/beta/2018.md:6:3: unknown metric `covred` (did you mean `covered`?)"
        => |site| {
            edit(site, BETA, "  covered: 5", "  covred: 5");
            site.write(BETA, &site.read(BETA).replace('\n', "\r\n"));
        };
    byte_order_mark_then_an_error_on_line_one:
        "error: site.yaml:1:8: `title` must be text, found a whole number"
        => |site| edit(site, SITE, "title: Minimal", "\u{feff}title: 5");
}

// The issue asks for at least 40 cases; this fails the build otherwise.
const _: () = assert!(CASES >= 40, "the table must hold at least 40 cases");

// ---------------------------------------------------------------------------
// Input that must work

/// Builds and returns the page of beta's 2018 report.
fn build_ok(site: &SiteTest) -> String {
    let run = run_timed(site.root(), &["build"]);
    assert_no_crash(&run);
    run.assert_success();
    site.page("counties/beta/2018/")
}

fn every_file(root: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn crlf_line_endings_everywhere_build_the_same_site() {
    let lf = SiteTest::fixture("minimal");
    lf.build();
    let crlf = SiteTest::fixture("minimal");
    for path in every_file(crlf.root()) {
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace('\n', "\r\n")).expect("write");
    }
    build_ok(&crlf);
    let (a, b) = (
        read_tree(&lf.root().join("public")),
        read_tree(&crlf.root().join("public")),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs with CRLF line endings");
    }
}

#[test]
fn byte_order_marks_everywhere_build_the_same_site() {
    let plain = SiteTest::fixture("minimal");
    plain.build();
    let marked = SiteTest::fixture("minimal");
    for path in every_file(marked.root()) {
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("\u{feff}{text}")).expect("write");
    }
    let page = build_ok(&marked);
    assert!(!page.contains('\u{feff}'));
    assert!(read_tree(&plain.root().join("public")) == read_tree(&marked.root().join("public")));
}

#[test]
fn byte_order_mark_and_crlf_in_one_report() {
    let site = SiteTest::fixture("minimal");
    let text = site.read(BETA).replace("Beta 2018", "Beta 盐城 2018");
    site.write(BETA, &format!("\u{feff}{}", text.replace('\n', "\r\n")));
    let page = build_ok(&site);
    assert!(page.contains("Beta 盐城 2018"));
    assert!(!page.contains('\r') && !page.contains('\u{feff}'));
}

#[test]
fn huge_report_builds() {
    // 50 MB as the issue asks, where the build is optimised; debug builds
    // render Markdown several times slower, so they get 20 MB.
    let megabytes = if cfg!(debug_assertions) { 20 } else { 50 };
    let paragraph = "盐城市科协试点工作进展顺利，各乡镇科协覆盖率持续提高。Progress is steady in every township.\n\n";
    let count = megabytes * 1024 * 1024 / paragraph.len();
    let mut body = String::with_capacity(megabytes * 1024 * 1024 + 100);
    body.push_str("## 开始 Start\n\n");
    for _ in 0..count {
        body.push_str(paragraph);
    }
    body.push_str("## 结束 End\n\nThe last paragraph of the huge report.\n");
    let site = SiteTest::fixture("minimal");
    site.write(
        BETA,
        &format!("---\ntitle: Beta 2018\nperiod: 2018\nmetrics:\n  total: 20\n---\n{body}"),
    );
    // What it must show is the whole report, built: how long that takes
    // is the benchmark's to measure, not a test's (under load a timed
    // assertion failed a build that was fine).
    let page = build_ok(&site);
    assert!(page.contains("The last paragraph of the huge report."));
    assert!(page.contains("结束 End</h2>"), "the closing heading");
    assert!(page.len() > megabytes * 1024 * 1024);
}

#[test]
fn very_long_lines_build() {
    let site = SiteTest::fixture("minimal");
    let line = "长".repeat(300_000) + "END-OF-LINE";
    let summary = "s".repeat(1 << 20);
    site.write(
        BETA,
        &format!(
            "---\ntitle: Beta 2018\nperiod: 2018\nsummary: {summary}\nmetrics:\n  total: 20\n---\n{line}\n"
        ),
    );
    let page = build_ok(&site);
    assert!(page.contains(&line));
    assert!(site.page("counties/beta/").contains(&summary));
}

#[test]
fn nesting_up_to_the_limit_builds() {
    // The page mapping, `extra` and 22 more: 24 levels, the most accepted,
    // and no stack overflow on the worker threads at that depth.
    let site = SiteTest::fixture("minimal");
    edit(
        &site,
        ABOUT,
        "title: About\n",
        &format!("title: About\nextra:\n{}", nested_maps(22)),
    );
    let run = run_timed(site.root(), &["build"]);
    assert_no_crash(&run);
    run.assert_success();
}

#[test]
fn a_few_aliases_and_harmless_tabs_are_fine() {
    let site = SiteTest::fixture("minimal");
    edit(
        &site,
        BETA,
        "  policy: false\n",
        "  policy: false\n\t\n\t# a comment after a tab\nextra:\n  a: &a [1, 2, 3]\n  b: [*a, *a, *a]\n",
    );
    edit(&site, BETA, "  total: 20", "  total:\t20");
    let page = build_ok(&site);
    assert!(page.contains("Beta 2018"));
}
