//! Messages speak the site's language (SPEC 4.3): zh-CN or en, `--lang` on
//! every command, `LANG` when site.yaml cannot say; every diagnostic has a
//! code that `--format json` and GitHub annotations carry and `explain`
//! knows.
//!
//! Whether a message is Chinese or English is judged on its words, not on
//! what it quotes: text between backticks (ids, the author's own text) and
//! a metric's label in parentheses are set aside first.

use crate::harness::{Run, SiteTest, run_with_env};

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// The message's own words: backtick-quoted text and parenthesised labels
/// removed.
fn own_words(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    // "(乡镇（街道）总数)": an ASCII-parenthesised group holding CJK is a label.
    let mut kept = String::new();
    let mut rest = out.as_str();
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let group = &rest[open..open + close + 1];
        kept.push_str(&rest[..open]);
        if !group.chars().any(is_cjk) {
            kept.push_str(group);
        }
        rest = &rest[open + close + 1..];
    }
    kept.push_str(rest);
    kept
}

/// The message part of `error: path:line:col: message`.
fn message_of(line: &str) -> &str {
    let rest = line.split_once(": ").map_or(line, |(_, r)| r);
    // path:line:col: message
    let mut parts = rest.splitn(4, ':');
    let _ = (parts.next(), parts.next(), parts.next());
    parts.next().map_or(rest, str::trim_start)
}

fn assert_chinese(run: &Run) {
    let lines = run.error_lines();
    assert!(!lines.is_empty(), "no error lines:\n{}", run.stderr);
    for line in lines {
        let words = own_words(message_of(line));
        assert!(
            words.chars().filter(|c| is_cjk(*c)).count() >= 2,
            "not Chinese: {line}\n{}",
            run.stderr
        );
    }
}

fn assert_english(run: &Run) {
    let lines = run.error_lines();
    assert!(!lines.is_empty(), "no error lines:\n{}", run.stderr);
    for line in lines {
        let words = own_words(message_of(line));
        assert!(
            !words.chars().any(is_cjk) && words.chars().any(|c| c.is_ascii_alphabetic()),
            "not English: {line}\n{}",
            run.stderr
        );
    }
}

/// Where each error is: `path:line:` of every headline.
fn places(run: &Run) -> Vec<String> {
    run.error_lines()
        .iter()
        .map(|l| {
            let rest = l.trim_start_matches("error: ");
            let mut parts = rest.splitn(3, ':');
            format!(
                "{}:{}",
                parts.next().unwrap_or(""),
                parts.next().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn lang_flag_chooses_the_language_of_every_command() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/counties/beta/2018.md",
        "---\ntitle: Beta\nperiod: 2018\npliot: 1\nmetrics:\n  total: 2\n---\n",
    );
    // The fixture's site is English.
    let en = site.run(&["check"]);
    en.assert_status(1);
    assert_english(&en);
    let zh = site.run(&["--lang", "zh-CN", "check"]);
    zh.assert_status(1);
    assert_chinese(&zh);
    assert_eq!(
        places(&en),
        places(&zh),
        "the same places in both languages"
    );
    // `build` too, and the closing line.
    let zh_build = site.run(&["build", "--lang", "zh-CN"]);
    zh_build.assert_status(1);
    assert_chinese(&zh_build);
    assert!(zh_build.stderr.contains("生成失败"), "{}", zh_build.stderr);
}

#[test]
fn the_site_language_decides_without_the_flag() {
    let site = SiteTest::fixture("minimal");
    let config = site
        .read("site.yaml")
        .replace("language: en", "language: zh-CN");
    site.write("site.yaml", &config);
    site.write(
        "content/counties/beta/2018.md",
        "---\ntitle: Beta\nperiod: 2018\npliot: 1\nmetrics:\n  total: 2\n---\n",
    );
    let run = site.run(&["check"]);
    run.assert_status(1);
    assert_chinese(&run);
    assert!(run.stderr.contains("个错误"), "{}", run.stderr);
    let en = site.run(&["check", "--lang", "en"]);
    assert_english(&en);
}

#[test]
fn lang_from_the_environment_when_site_yaml_cannot_be_read() {
    let site = SiteTest::fixture("minimal");
    std::fs::remove_file(site.root().join("site.yaml")).expect("remove site.yaml");
    let zh = run_with_env(site.root(), &["check"], &[("LANG", "zh_CN.UTF-8")]);
    zh.assert_status(1);
    assert_chinese(&zh);
    let c = run_with_env(site.root(), &["check"], &[("LANG", "C.UTF-8")]);
    c.assert_status(1);
    assert_english(&c);
    // LC_ALL outranks LANG.
    let all = run_with_env(
        site.root(),
        &["check"],
        &[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")],
    );
    assert_chinese(&all);
}

#[test]
fn a_broken_site_yaml_still_speaks_its_language() {
    let site = SiteTest::fixture("minimal");
    let config = site.read("site.yaml");
    site.write("site.yaml", &format!("{config}\tbad: [\n"));
    let run = run_with_env(site.root(), &["check"], &[("LANG", "zh_CN.UTF-8")]);
    run.assert_status(1);
    assert_english(&run);
}

#[test]
fn explain_says_what_a_code_means_in_the_language() {
    let site = SiteTest::fixture("minimal");
    let en = site.run(&["explain", "PS503"]);
    en.assert_success();
    assert!(en.stdout.starts_with("PS503: "), "{}", en.stdout);
    assert!(en.stdout.contains("\nWrong:\n") && en.stdout.contains("\nRight:\n"));
    let zh = site.run(&["explain", "ps503", "--lang", "zh-CN"]);
    zh.assert_success();
    assert!(zh.stdout.contains("错误写法：") && zh.stdout.contains("正确写法："));
    let unknown = site.run(&["explain", "PS999"]);
    unknown.assert_status(2);
    assert!(unknown.stderr.contains("PS999"), "{}", unknown.stderr);
}

#[test]
fn github_annotations_name_files_from_the_repository_root() {
    let repo = SiteTest::empty();
    let site_dir = repo.root().join("docs");
    crate::harness::copy_tree(&crate::harness::fixtures().join("minimal"), &site_dir);
    std::fs::write(
        site_dir.join("content/counties/beta/2018.md"),
        "---\ntitle: Beta\nperiod: 2018\npliot: 1\nmetrics:\n  total: 2\n---\n",
    )
    .expect("write a report");
    let workspace = repo.root().to_string_lossy().into_owned();
    let run = run_with_env(
        &site_dir,
        &["check", "--lang", "zh-CN"],
        &[("GITHUB_ACTIONS", "true"), ("GITHUB_WORKSPACE", &workspace)],
    );
    run.assert_status(1);
    let first = run.stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with(
            "::error file=docs/content/counties/beta/2018.md,line=4,col=1,title=pilotsite PS"
        ),
        "{}",
        run.stdout
    );
    let last = run.stdout.lines().last().unwrap_or("");
    assert!(
        last.starts_with("::notice title=pilotsite check::1 个错误"),
        "{}",
        run.stdout
    );
}

/// The example site broken in nine of the ways its authors break it.
fn broken_example() -> (SiteTest, Vec<String>) {
    let site = SiteTest::example();
    let dongtai = "content/counties/dongtai/2019-h1.md";
    let mut text = site.read(dongtai);
    for (from, to) in [
        ("authors: [东台市科协]", "autors: [东台市科协]"),
        ("  township_sast_count: 13\n", "  township_sast_cuont: 13\n"),
        ("  village_total: 432\n", "  village_total: 432个\n"),
        (
            "  county_policy_doc: true\n",
            "  county_policy_doc: 是\n  township_sast_coverage: 0.93\n",
        ),
    ] {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text = text.replacen(from, to, 1);
    }
    text.push_str("\n详见[基线报告](@/counties/dongtai/2017.md)。\n");
    let link_line = text.lines().count();
    site.write(dongtai, &text);
    let edit = |rel: &str, from: &str, to: &str| {
        let text = site.read(rel);
        assert_eq!(text.matches(from).count(), 1, "{rel}: {from}");
        site.write(rel, &text.replacen(from, to, 1));
    };
    edit(
        "content/counties/dongtai/2019-h2.md",
        "period: 2019-H2",
        "period: 2019-H3",
    );
    edit(
        "content/counties/binhai/2019-h1.md",
        "  village_total: 300\n",
        "\tvillage_total: 300\n",
    );
    edit("content/counties/sheyang/2019-h1.md", "title: ", "titel: ");
    let places = [
        format!("{dongtai}:5"),
        format!("{dongtai}:10"),
        format!("{dongtai}:11"),
        format!("{dongtai}:26"),
        format!("{dongtai}:27"),
        format!("{dongtai}:{link_line}"),
        "content/counties/dongtai/2019-h2.md:3".to_string(),
        "content/counties/binhai/2019-h1.md:11".to_string(),
        "content/counties/sheyang/2019-h1.md:2".to_string(),
    ];
    (site, places.to_vec())
}

#[test]
fn the_broken_example_speaks_chinese_with_codes_everywhere() {
    let (site, expected) = broken_example();
    let zh = site.run(&["check"]);
    zh.assert_status(1);
    assert_chinese(&zh);
    let found = places(&zh);
    let mut sorted = found.clone();
    sorted.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    // Each slip once, at its line: a misspelt metric or field is not also
    // reported as missing.
    assert_eq!(sorted, expected_sorted, "\n{}", zh.stderr);

    let en = site.run(&["check", "--lang", "en"]);
    en.assert_status(1);
    assert_english(&en);
    assert_eq!(places(&en), found);

    let github = site.run(&["check", "--format", "github"]);
    let annotations: Vec<&str> = github
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(annotations.len(), found.len(), "{}", github.stdout);
    for a in &annotations {
        let message = a.split_once("::").map_or("", |(_, m)| m);
        let message = message.split_once("::").map_or("", |(_, m)| m);
        let message = message.split("%0A").next().unwrap_or("");
        assert!(
            own_words(message).chars().filter(|c| is_cjk(*c)).count() >= 2,
            "not Chinese: {a}"
        );
        assert!(a.contains(",title=pilotsite PS"), "{a}");
    }

    let json = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    let diagnostics = report["diagnostics"].as_array().expect("a list");
    assert_eq!(diagnostics.len(), found.len());
    for d in diagnostics {
        let code = d["code"].as_str().unwrap_or("");
        assert!(code.starts_with("PS") && code != "PS000", "{d}");
        let explained = site.run(&["explain", code]);
        explained.assert_success();
        assert!(
            explained.stdout.starts_with(&format!("{code}: "))
                && explained.stdout.contains("错误写法：")
                && explained.stdout.contains("正确写法："),
            "{}",
            explained.stdout
        );
    }
}
