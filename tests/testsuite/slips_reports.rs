//! The slips of typing a report with a Chinese input method, each caught
//! at its own line with its own message, in both languages; and the
//! data-quality warnings that must not fire on ordinary figures.

use crate::harness::SiteTest;

const BETA: &str = "content/counties/beta/2018.md";
const ALPHA_2018: &str = "content/counties/alpha/2018.md";
const ALPHA_H1: &str = "content/counties/alpha/2019-h1.md";
const SITE: &str = "site.yaml";

/// Replaces the one occurrence of `from` in a file of the site.
fn edit(site: &SiteTest, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {rel}");
    site.write(rel, &text.replacen(from, to, 1));
}

/// The first `error:` line of `check` in `lang`.
fn first_error(site: &SiteTest, lang: &str) -> String {
    let run = site.run(&["--lang", lang, "check"]);
    run.assert_status(1);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.error_lines()
        .first()
        .map(|l| l.to_string())
        .unwrap_or_else(|| panic!("no error line:\n{}", run.stderr))
}

/// The `warning:` lines of a successful `check` in `lang` about `rel`.
fn warnings_in(site: &SiteTest, lang: &str, rel: &str) -> Vec<String> {
    let run = site.run(&["--lang", lang, "check"]);
    run.assert_success();
    run.stderr
        .lines()
        .filter(|l| l.starts_with(&format!("warning: {rel}:")))
        .map(str::to_string)
        .collect()
}

/// A minimal site with `change` made, whose first error in English and in
/// Chinese must be `en` and `zh`.
fn case(change: impl Fn(&SiteTest), en: &str, zh: &str) {
    let site = SiteTest::fixture("minimal");
    change(&site);
    assert_eq!(first_error(&site, "en"), en);
    assert_eq!(first_error(&site, "zh-CN"), zh);
}

#[test]
fn a_figure_in_quotes_is_told_to_lose_them() {
    case(
        |s| edit(s, BETA, "  covered: 5", "  covered: \"5\""),
        "error: content/counties/beta/2018.md:6:12: the figure of `covered` (Covered) is in quotes; remove the quotes",
        "error: content/counties/beta/2018.md:6:12: 指标 covered（Covered）的数字加了引号；去掉引号",
    );
}

#[test]
fn tags_joined_by_chinese_commas_are_separate_tags() {
    let site = SiteTest::fixture("minimal");
    edit(
        &site,
        ALPHA_2018,
        "tags: [health]",
        "tags: [青少年科技，四长、 组织建设]",
    );
    // Read as meant: no error and no warning about the tags.
    let run = site.run(&["check"]);
    run.assert_success();
    assert!(!run.stderr.contains("alpha/2018.md"), "{}", run.stderr);
    site.build();
    let page = site.page("tags/四长/");
    assert!(page.contains("Alpha 2018"), "{page}");
    for tag in ["青少年科技", "组织建设"] {
        assert!(site.page(&format!("tags/{tag}/")).contains("Alpha 2018"));
    }
    let feed = site.read("public/feed.xml");
    assert!(feed.contains("<category term=\"四长\"/>"), "{feed}");
    assert!(!feed.contains('，') && !feed.contains('、'), "{feed}");
    let tags = site.page("tags/");
    assert!(!tags.contains("青少年科技，四长"), "{tags}");
}

#[test]
fn a_period_after_the_last_one_is_not_in_site_yaml_yet() {
    case(
        |s| edit(s, ALPHA_H1, "period: 2019-H1", "period: 2020-H1"),
        "error: content/counties/alpha/2019-h1.md:3:9: period `2020-H1` is not in site.yaml yet; ask the city office to add it to `periods:`",
        "error: content/counties/alpha/2019-h1.md:3:9: 时期 `2020-H1` 还没有写进 site.yaml；请市科协在 `periods:` 下加上它",
    );
    // A typo of a period that exists still gets its suggestion.
    case(
        |s| edit(s, ALPHA_H1, "period: 2019-H1", "period: 2019-h1"),
        "error: content/counties/alpha/2019-h1.md:3:9: unknown period `2019-h1` (did you mean `2019-H1`?)",
        "error: content/counties/alpha/2019-h1.md:3:9: 时期 `2019-h1` 不存在（是不是想写 `2019-H1`？）",
    );
}

#[test]
fn a_period_written_as_its_label_gets_its_id() {
    let label = |s: &SiteTest| edit(s, SITE, "    label: 2019 H1", "    label: 2019年上半年");
    case(
        |s| {
            label(s);
            edit(s, ALPHA_H1, "period: 2019-H1", "period: 2019年上半年");
        },
        "error: content/counties/alpha/2019-h1.md:3:9: unknown period `2019年上半年` (did you mean `2019-H1`?)",
        "error: content/counties/alpha/2019-h1.md:3:9: 时期 `2019年上半年` 不存在（是不是想写 `2019-H1`？）",
    );
    // Full-width digits and a space in it do not hide the label.
    case(
        |s| {
            label(s);
            edit(s, ALPHA_H1, "period: 2019-H1", "period: ２０１９年 上半年");
        },
        "error: content/counties/alpha/2019-h1.md:3:9: unknown period `２０１９年 上半年` (did you mean `2019-H1`?)",
        "error: content/counties/alpha/2019-h1.md:3:9: 时期 `２０１９年 上半年` 不存在（是不是想写 `2019-H1`？）",
    );
}

#[test]
fn a_metric_written_as_its_label_gets_its_id() {
    case(
        |s| {
            edit(s, SITE, "    label: Lectures", "    label: 健康讲堂场次");
            edit(s, BETA, "  lectures: 2", "  健康讲堂场次: 2");
        },
        "error: content/counties/beta/2018.md:7:3: unknown metric `健康讲堂场次` (did you mean `lectures`?)",
        "error: content/counties/beta/2018.md:7:3: 指标 `健康讲堂场次` 不存在（是不是想写 `lectures`？）",
    );
}

#[test]
fn a_misspelt_metric_gets_the_id_it_is_close_to() {
    case(
        |s| edit(s, BETA, "  covered: 5", "  covred: 5"),
        "error: content/counties/beta/2018.md:6:3: unknown metric `covred` (did you mean `covered`?)",
        "error: content/counties/beta/2018.md:6:3: 指标 `covred` 不存在（是不是想写 `covered`？）",
    );
}

#[test]
fn a_hash_after_a_space_cuts_the_title_with_a_warning() {
    let site = SiteTest::fixture("minimal");
    edit(&site, BETA, "title: Beta 2018", "title: Beta 工作进展 #1");
    assert_eq!(
        warnings_in(&site, "en", BETA),
        [
            "warning: content/counties/beta/2018.md:2:18: ` #` starts a comment, so the title ends before `#1`; put the title in quotes"
        ]
    );
    assert_eq!(
        warnings_in(&site, "zh-CN", BETA),
        [
            "warning: content/counties/beta/2018.md:2:18: ` #` 会让后面的文字变成注释，标题到 `#1` 之前就断了；请给标题加上引号"
        ]
    );
    // In quotes the whole title is kept, without a warning.
    edit(
        &site,
        BETA,
        "title: Beta 工作进展 #1",
        "title: \"Beta 工作进展 #1\"",
    );
    assert_eq!(warnings_in(&site, "en", BETA), Vec::<String>::new());
    site.build();
    assert!(
        site.page("counties/beta/2018/")
            .contains("Beta 工作进展 #1")
    );
}

#[test]
fn a_hash_in_the_summary_is_warned_about_too() {
    let site = SiteTest::fixture("minimal");
    edit(
        &site,
        BETA,
        "metrics:",
        "summary: 覆盖率提高 #重点\nmetrics:",
    );
    assert_eq!(
        warnings_in(&site, "en", BETA),
        [
            "warning: content/counties/beta/2018.md:4:16: ` #` starts a comment, so the summary ends before `#重点`; put the summary in quotes"
        ]
    );
    assert_eq!(
        warnings_in(&site, "zh-CN", BETA),
        [
            "warning: content/counties/beta/2018.md:4:16: ` #` 会让后面的文字变成注释，摘要到 `#重点` 之前就断了；请给摘要加上引号"
        ]
    );
}

#[test]
fn a_day_that_does_not_exist_is_named() {
    case(
        |s| edit(s, BETA, "metrics:", "date: 2021-02-30\nmetrics:"),
        "error: content/counties/beta/2018.md:4:7: there is no 30 February 2021 (that month has 28 days)",
        "error: content/counties/beta/2018.md:4:7: 2021年2月没有30日（这个月只有28天）",
    );
    case(
        |s| edit(s, BETA, "metrics:", "date: 2020-04-31\nmetrics:"),
        "error: content/counties/beta/2018.md:4:7: there is no 31 April 2020 (that month has 30 days)",
        "error: content/counties/beta/2018.md:4:7: 2020年4月没有31日（这个月只有30天）",
    );
    case(
        |s| edit(s, BETA, "metrics:", "date: 2021-15-01\nmetrics:"),
        "error: content/counties/beta/2018.md:4:7: there is no month 15 in `2021-15-01`",
        "error: content/counties/beta/2018.md:4:7: `2021-15-01` 里的月份 15 不存在",
    );
}

#[test]
fn a_zero_width_space_after_a_figure_is_named_where_it_is() {
    case(
        |s| edit(s, BETA, "  covered: 5", "  covered: 5\u{200B}"),
        "error: content/counties/beta/2018.md:6:13: `covered` (Covered): a zero-width space (U+200B) after `5`; delete it",
        "error: content/counties/beta/2018.md:6:13: 指标 covered（Covered）的 `5` 后面有一个零宽空格（U+200B）；请删掉它",
    );
}

#[test]
fn a_full_width_space_after_a_figure_is_named() {
    case(
        |s| edit(s, BETA, "  total: 20", "  total: 20\u{3000}"),
        "error: content/counties/beta/2018.md:5:12: `total` (Total): a full-width space (U+3000) after `20`; delete it",
        "error: content/counties/beta/2018.md:5:12: 指标 total（Total）的 `20` 后面有一个全角空格（U+3000）；请删掉它",
    );
}

#[test]
fn full_width_digits_are_named() {
    case(
        |s| edit(s, BETA, "  total: 20", "  total: ２０"),
        "error: content/counties/beta/2018.md:5:10: `total` (Total) is written with full-width digits `２０`; type 20",
        "error: content/counties/beta/2018.md:5:10: 指标 total（Total）的数字 `２０` 是全角数字；请输入 20",
    );
}

#[test]
fn a_unit_after_a_figure_is_named() {
    case(
        |s| edit(s, BETA, "  total: 20", "  total: 20个"),
        "error: content/counties/beta/2018.md:5:10: `total` (Total) must be a number without a unit, found `20个`",
        "error: content/counties/beta/2018.md:5:10: 指标 total（Total）只填数字，不带单位，这里写的是 `20个`",
    );
}

#[test]
fn a_percentage_for_a_ratio_is_named() {
    case(
        |s| {
            let text = s.read(SITE);
            s.write(
                SITE,
                &format!("{text}  - id: share\n    label: 覆盖率\n    kind: ratio\n"),
            );
            edit(s, BETA, "  policy: false", "  policy: false\n  share: 85%");
        },
        "error: content/counties/beta/2018.md:10:10: `share` (覆盖率) is a ratio between 0 and 1, found the percentage `85%`",
        "error: content/counties/beta/2018.md:10:10: 指标 share（覆盖率）是 0 到 1 之间的比例，这里写的是百分数 `85%`",
    );
}

#[test]
fn yes_in_chinese_for_a_yes_no_figure_is_told_to_be_true() {
    case(
        |s| edit(s, BETA, "  policy: false", "  policy: 是"),
        "error: content/counties/beta/2018.md:9:11: `policy` (Policy issued) is a yes/no figure: write true for `是`",
        "error: content/counties/beta/2018.md:9:11: 是非指标 policy（Policy issued）要写 true 或 false：`是` 请写成 true",
    );
    case(
        |s| edit(s, BETA, "  policy: false", "  policy: 否"),
        "error: content/counties/beta/2018.md:9:11: `policy` (Policy issued) is a yes/no figure: write false for `否`",
        "error: content/counties/beta/2018.md:9:11: 是非指标 policy（Policy issued）要写 true 或 false：`否` 请写成 false",
    );
}

#[test]
fn a_computed_metric_typed_in_says_what_it_comes_from() {
    case(
        |s| {
            edit(
                s,
                BETA,
                "  policy: false",
                "  policy: false\n  coverage: 0.25",
            )
        },
        "error: content/counties/beta/2018.md:10:3: `coverage` (Coverage) is computed from covered / total; it cannot be typed in a report",
        "error: content/counties/beta/2018.md:10:3: 指标 coverage（Coverage）由系统根据 covered / total 计算，报告里不用填",
    );
}

#[test]
fn a_required_metric_missing_is_named_by_id_and_label() {
    case(
        |s| edit(s, BETA, "  total: 20\n", ""),
        "error: content/counties/beta/2018.md:4:1: required metric `total` (Total) is missing",
        "error: content/counties/beta/2018.md:4:1: 缺少必填指标 total（Total）",
    );
}

/// Found in review: a computed ratio above the `max` site.yaml sets for it
/// was reported as its part being greater than its whole.
#[test]
fn a_computed_ratio_above_its_own_maximum_says_so() {
    case(
        |s| {
            edit(
                s,
                SITE,
                "    ratio_of: [covered, total]\n",
                "    ratio_of: [covered, total]\n    max: 0.85\n",
            );
            edit(s, BETA, "  covered: 5", "  covered: 18");
        },
        "error: content/counties/beta/2018.md:6:12: `coverage` (Coverage) would be 0.9, above its maximum 0.85 set in site.yaml",
        "error: content/counties/beta/2018.md:6:12: 指标 coverage（Coverage）算出来是 0.9，超过了 site.yaml 规定的最大值 0.85",
    );
    // A part above its whole is still said that way.
    case(
        |s| edit(s, BETA, "  covered: 5", "  covered: 25"),
        "error: content/counties/beta/2018.md:6:12: `covered` (Covered, 25) is greater than `total` (Total, 20), so `coverage` (Coverage) would be 125.0%",
        "error: content/counties/beta/2018.md:6:12: covered（Covered）填的是 25，比 total（Total）的 20 还大，coverage（Coverage）会算成 125.0%",
    );
}

#[test]
fn quoted_user_text_is_shortened() {
    let long = "农".repeat(500);
    case(
        |s| edit(s, BETA, "  covered: 5", &format!("  {long}: 5")),
        &format!(
            "error: content/counties/beta/2018.md:6:3: unknown metric `{}…`",
            "农".repeat(60)
        ),
        &format!(
            "error: content/counties/beta/2018.md:6:3: 指标 `{}…` 不存在",
            "农".repeat(60)
        ),
    );
    case(
        |s| edit(s, ALPHA_H1, "period: 2019-H1", &format!("period: {long}")),
        &format!(
            "error: content/counties/alpha/2019-h1.md:3:9: unknown period `{}…`",
            "农".repeat(60)
        ),
        &format!(
            "error: content/counties/alpha/2019-h1.md:3:9: 时期 `{}…` 不存在",
            "农".repeat(60)
        ),
    );
}

/// The large-change warning: small counts swing for real.
#[test]
fn two_free_clinics_then_seven_is_not_news() {
    let site = SiteTest::fixture("minimal");
    let clinics = |site: &SiteTest, lang: &str| -> Vec<String> {
        warnings_in(site, lang, ALPHA_H1)
            .into_iter()
            .filter(|l| l.contains("clinics"))
            .collect()
    };
    edit(&site, ALPHA_2018, "  clinics: 1", "  clinics: 2");
    edit(&site, ALPHA_H1, "  clinics: null", "  clinics: 7");
    assert_eq!(clinics(&site, "en"), Vec::<String>::new());
    // A digit too many is still worth a look.
    edit(&site, ALPHA_H1, "  clinics: 7", "  clinics: 20");
    assert_eq!(
        clinics(&site, "en"),
        [
            "warning: content/counties/alpha/2019-h1.md:9:12: `clinics` (Clinics) went from 2 in 2018 to 20 (10.0×); check the figure"
        ]
    );
    assert_eq!(
        clinics(&site, "zh-CN"),
        [
            "warning: content/counties/alpha/2019-h1.md:9:12: 指标 clinics（Clinics）从 2018 的 2 变成了 20（10.0 倍）；请核对这个数字"
        ]
    );
}

/// The example site raises no large-change warning: its figures change
/// as a pilot's do (the 2020 dip and recovery of free clinics).
#[test]
fn the_example_site_has_no_large_change_warning() {
    let site = SiteTest::example();
    let run = site.run(&["check", "--format", "json"]);
    run.assert_success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(!codes.contains(&"PS704"), "{}", run.stdout);
    assert!(v["errors"] == 0, "{}", run.stdout);
}
