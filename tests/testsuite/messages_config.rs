//! site.yaml's messages and the shared field messages, in both languages:
//! each slip is reported at its own line with the exact first line in
//! English and in Chinese.

use crate::harness::SiteTest;

const SITE: &str = "site.yaml";
const BETA: &str = "content/counties/beta/2018.md";
const BETA_PROFILE: &str = "content/counties/beta/_index.md";
const ALPHA_H1: &str = "content/counties/alpha/2019-h1.md";

/// The minimal site with the one occurrence of `from` in `rel` replaced.
fn site_with(rel: &str, from: &str, to: &str) -> SiteTest {
    let site = SiteTest::fixture("minimal");
    let text = site.read(rel);
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {rel}");
    site.write(rel, &text.replacen(from, to, 1));
    site
}

/// `check --lang <lang>`: fails, and its `error:` lines and whole output.
fn check(site: &SiteTest, lang: &str) -> (Vec<String>, String) {
    let run = site.run(&["check", "--lang", lang]);
    run.assert_status(1);
    let lines = run.error_lines().iter().map(|l| l.to_string()).collect();
    (lines, run.stderr)
}

/// The first error line is `en` in English and `zh` in Chinese; the help
/// lines hold `en_help` and `zh_help`.
fn assert_first(site: &SiteTest, en: &str, zh: &str, en_help: &str, zh_help: &str) {
    for (lang, line, help) in [("en", en, en_help), ("zh-CN", zh, zh_help)] {
        let (lines, stderr) = check(site, lang);
        assert_eq!(
            lines.first().map(String::as_str),
            Some(line),
            "{lang}:\n{stderr}"
        );
        assert!(stderr.contains(help), "{lang}: no help `{help}`:\n{stderr}");
    }
}

#[test]
fn unknown_site_field_with_a_suggestion() {
    let site = site_with(SITE, "baseline: \"2018\"", "basline: \"2018\"");
    assert_first(
        &site,
        "error: site.yaml:8:1: unknown field `basline` (did you mean `baseline`?)",
        "error: site.yaml:8:1: 不认识 `basline` 这一项（是不是想写 `baseline`？）",
        "the fields of site.yaml are: title, description, base_url,",
        "site.yaml可以写的项有：title, description, base_url,",
    );
}

#[test]
fn misspelt_site_title_is_one_error_at_its_line() {
    let site = site_with(SITE, "title: Minimal", "titel: Minimal");
    for lang in ["en", "zh-CN"] {
        let (lines, stderr) = check(&site, lang);
        assert_eq!(lines.len(), 1, "{lang}:\n{stderr}");
    }
    assert_first(
        &site,
        "error: site.yaml:1:1: unknown field `titel` (did you mean `title`?)",
        "error: site.yaml:1:1: 不认识 `titel` 这一项（是不是想写 `title`？）",
        "site.yaml needs `title`: write `title:` instead of `titel:`",
        "site.yaml必须有 `title`：把这一行的 `titel:` 改成 `title:`",
    );
}

#[test]
fn unknown_metric_kind() {
    let site = site_with(SITE, "    kind: money", "    kind: 金额");
    assert_first(
        &site,
        "error: site.yaml:34:11: unknown kind `金额` (did you mean `money`?)",
        "error: site.yaml:34:11: 没有 `金额` 这种指标类型（是不是想写 `money`？）",
        "kinds are: count (a whole number of things), number, ratio, money, bool",
        "指标类型有：count（个数，整数）、number（数值）、ratio（比率）、money（金额）",
    );
    let site = site_with(SITE, "    kind: money", "    kind: mony");
    assert_first(
        &site,
        "error: site.yaml:34:11: unknown kind `mony` (did you mean `money`?)",
        "error: site.yaml:34:11: 没有 `mony` 这种指标类型（是不是想写 `money`？）",
        "(see `pilotsite explain PS221`)",
        "（说明见 `pilotsite explain PS221`）",
    );
}

#[test]
fn period_listed_twice() {
    let site = site_with(SITE, "baseline:", "  - id: 2019-H1\nbaseline:");
    assert_first(
        &site,
        "error: site.yaml:8:9: period `2019-H1` is listed twice",
        "error: site.yaml:8:9: 时期 `2019-H1` 列了两次",
        "delete one of the two entries",
        "删掉其中一条",
    );
    // Differing only in case: the same web address.
    let site = site_with(SITE, "baseline:", "  - id: 2019-h1\nbaseline:");
    assert_first(
        &site,
        "error: site.yaml:8:9: period `2019-h1` is listed twice",
        "error: site.yaml:8:9: 时期 `2019-h1` 列了两次",
        "`2019-H1` is listed above; period ids must differ even ignoring upper and lower case",
        "上面已经有 `2019-H1`；网址里的时期 id 一律是小写",
    );
}

#[test]
fn metric_defined_twice_is_named_by_id_and_label() {
    let site = site_with(
        SITE,
        "  - id: covered\n",
        "  - id: total\n    label: 总数\n    kind: count\n  - id: covered\n",
    );
    assert_first(
        &site,
        "error: site.yaml:15:5: metric `total` (总数) is defined twice",
        "error: site.yaml:15:5: 指标 `total`（总数）定义了两次",
        "every metric needs an id of its own",
        "每个指标的 id 都不能相同",
    );
}

#[test]
fn misspelt_report_title_is_reported_at_its_line_and_not_as_missing() {
    let site = site_with(BETA, "title: Beta 2018", "titel: Beta 2018");
    for lang in ["en", "zh-CN"] {
        let (lines, stderr) = check(&site, lang);
        assert_eq!(lines.len(), 1, "{lang}: one mistake, one error:\n{stderr}");
    }
    assert_first(
        &site,
        "error: content/counties/beta/2018.md:2:1: unknown field `titel` (did you mean `title`?)",
        "error: content/counties/beta/2018.md:2:1: 不认识 `titel` 这一项（是不是想写 `title`？）",
        "a report needs `title`: write `title:` instead of `titel:`",
        "报告必须有 `title`：把这一行的 `titel:` 改成 `title:`",
    );
}

#[test]
fn a_missing_title_with_an_unrelated_unknown_field_is_reported_as_missing() {
    let site = site_with(BETA, "title: Beta 2018", "summary: Beta 2018");
    assert_first(
        &site,
        "error: content/counties/beta/2018.md:2:1: missing required field `title`",
        "error: content/counties/beta/2018.md:2:1: 缺少必填项 `title`",
        "add a line `title: …` to the front matter",
        "在文件开头两行 `---` 之间的部分里加一行 `title: …`",
    );
}

#[test]
fn yes_in_chinese_for_a_yes_no_field() {
    let site = site_with(BETA_PROFILE, "pilot: false", "pilot: 否");
    assert_first(
        &site,
        "error: content/counties/beta/_index.md:3:8: `pilot` must be true or false, found `否`",
        "error: content/counties/beta/_index.md:3:8: `pilot` 只能填 true 或 false，这里写的是 `否`",
        "write false for “否”",
        "“否”要写成 false",
    );
}

#[test]
fn a_period_after_every_listed_one_is_not_in_site_yaml_yet() {
    let site = site_with(ALPHA_H1, "period: 2019-H1", "period: 2020-H1");
    assert_first(
        &site,
        "error: content/counties/alpha/2019-h1.md:3:9: period `2020-H1` is not in site.yaml yet; ask the city office to add it to `periods:`",
        "error: content/counties/alpha/2019-h1.md:3:9: 时期 `2020-H1` 还没有写进 site.yaml；请市科协在 `periods:` 下加上它",
        "the last period in site.yaml is `2019-H1`",
        "site.yaml 里最后一个时期是 `2019-H1`",
    );
}

#[test]
fn a_period_label_typed_for_its_id() {
    let site = site_with(ALPHA_H1, "period: 2019-H1", "period: 2018 (baseline)");
    assert_first(
        &site,
        "error: content/counties/alpha/2019-h1.md:3:9: unknown period `2018 (baseline)` (did you mean `2018`?)",
        "error: content/counties/alpha/2019-h1.md:3:9: 时期 `2018 (baseline)` 不存在（是不是想写 `2018`？）",
        "the periods in site.yaml are: 2018, 2019-H1",
        "site.yaml 里的时期有：2018, 2019-H1",
    );
}

#[test]
fn a_sum_of_a_flow_and_a_stock_names_both_by_id_and_label() {
    let site = site_with(
        SITE,
        "  - id: lectures\n    label: Lectures\n    kind: count\n",
        "  - id: lectures\n    label: Lectures\n    kind: count\n    measure: flow\n",
    );
    assert_first(
        &site,
        "error: site.yaml:32:13: `activities` (Activities) adds `lectures` (Lectures), counted over the period, to `clinics` (Clinics), a level at its end",
        "error: site.yaml:32:13: `activities`（Activities）把时期内累计的 `lectures`（Lectures）和时期末的存量 `clinics`（Clinics）加在了一起",
        "give every metric it adds the same `measure`",
        "它相加的指标要有相同的 `measure`",
    );
}
