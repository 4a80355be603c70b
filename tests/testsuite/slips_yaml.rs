//! Slips of a Chinese input method in YAML, each caught at its own line,
//! in both languages: a full-width colon after a key, indentation typed
//! with full-width spaces, no space after a key's colon. Each starts from
//! the `minimal` fixture (a site in English); `--lang zh-CN` gives Chinese.

use crate::harness::SiteTest;

const BETA: &str = "content/counties/beta/2018.md";
const SITE: &str = "site.yaml";

/// Replaces the one occurrence of `from` in a file of the site.
fn edit(site: &SiteTest, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {rel}");
    site.write(rel, &text.replacen(from, to, 1));
}

/// `check`'s first error line in English and in Chinese, after `change`.
fn first_lines(change: impl FnOnce(&SiteTest)) -> (String, String) {
    let site = SiteTest::fixture("minimal");
    change(&site);
    let first = |args: &[&str]| {
        let run = site.run(args);
        run.assert_status(1);
        run.error_lines()
            .first()
            .map(|l| l.to_string())
            .unwrap_or_else(|| panic!("no error line:\n{}", run.stderr))
    };
    (first(&["check"]), first(&["check", "--lang", "zh-CN"]))
}

fn assert_lines(change: impl FnOnce(&SiteTest), en: &str, zh: &str) {
    let (got_en, got_zh) = first_lines(change);
    assert_eq!(got_en, en);
    assert_eq!(got_zh, zh);
}

// --- A full-width colon ----------------------------------------------------

const COLON_EN: &str =
    "a full-width colon `：` after `covered`; type an ordinary colon and a space: `covered: 5`";
const COLON_ZH: &str = "`covered` 后面是全角冒号 `：`；请改成普通冒号加一个空格：`covered: 5`";

#[test]
fn full_width_colon_between_two_metrics() {
    assert_lines(
        |site| edit(site, BETA, "  covered: 5", "  covered：5"),
        &format!("error: {BETA}:6:10: {COLON_EN}"),
        &format!("error: {BETA}:6:10: {COLON_ZH}"),
    );
}

#[test]
fn full_width_colon_on_the_last_metric() {
    assert_lines(
        |site| edit(site, BETA, "  policy: false", "  policy：false"),
        &format!(
            "error: {BETA}:9:9: a full-width colon `：` after `policy`; type an ordinary colon and a space: `policy: false`"
        ),
        &format!(
            "error: {BETA}:9:9: `policy` 后面是全角冒号 `：`；请改成普通冒号加一个空格：`policy: false`"
        ),
    );
}

#[test]
fn full_width_colon_on_the_only_metric() {
    // The text still reads as YAML: `metrics` would be one piece of text.
    assert_lines(
        |site| {
            edit(
                site,
                BETA,
                "  total: 20\n  covered: 5\n  lectures: 2\n  clinics: 2\n  policy: false\n",
                "  covered：5\n",
            )
        },
        &format!("error: {BETA}:5:10: {COLON_EN}"),
        &format!("error: {BETA}:5:10: {COLON_ZH}"),
    );
}

#[test]
fn full_width_colon_after_a_top_level_key() {
    assert_lines(
        |site| edit(site, BETA, "title: Beta 2018", "title：Beta 2018"),
        &format!(
            "error: {BETA}:2:6: a full-width colon `：` after `title`; type an ordinary colon and a space: `title: Beta 2018`"
        ),
        &format!(
            "error: {BETA}:2:6: `title` 后面是全角冒号 `：`；请改成普通冒号加一个空格：`title: Beta 2018`"
        ),
    );
}

#[test]
fn full_width_colon_in_site_yaml() {
    assert_lines(
        |site| edit(site, SITE, "    label: Covered", "    label：Covered"),
        "error: site.yaml:16:10: a full-width colon `：` after `label`; type an ordinary colon and a space: `label: Covered`",
        "error: site.yaml:16:10: `label` 后面是全角冒号 `：`；请改成普通冒号加一个空格：`label: Covered`",
    );
}

#[test]
fn full_width_colon_in_a_site_yaml_list_item() {
    assert_lines(
        |site| edit(site, SITE, "  - id: covered", "  - id：covered"),
        "error: site.yaml:15:7: a full-width colon `：` after `id`; type an ordinary colon and a space: `id: covered`",
        "error: site.yaml:15:7: `id` 后面是全角冒号 `：`；请改成普通冒号加一个空格：`id: covered`",
    );
}

// --- Full-width spaces for indentation -------------------------------------

const INDENT_EN: &str =
    "full-width spaces are used for indentation; indent with two ordinary spaces";
const INDENT_ZH: &str = "这一行用全角空格缩进了；请改用两个普通空格缩进";

#[test]
fn full_width_indent_between_two_metrics() {
    // The parser notices only at the next line.
    assert_lines(
        |site| edit(site, BETA, "  covered: 5", "　　covered: 5"),
        &format!("error: {BETA}:6:1: {INDENT_EN}"),
        &format!("error: {BETA}:6:1: {INDENT_ZH}"),
    );
}

#[test]
fn full_width_indent_on_the_last_metric() {
    // Read as YAML, the line is a new top-level key, and the text parses.
    assert_lines(
        |site| edit(site, BETA, "  policy: false", "　　policy: false"),
        &format!("error: {BETA}:9:1: {INDENT_EN}"),
        &format!("error: {BETA}:9:1: {INDENT_ZH}"),
    );
}

#[test]
fn full_width_indent_in_site_yaml() {
    assert_lines(
        |site| edit(site, SITE, "    label: Covered", "　　label: Covered"),
        &format!("error: site.yaml:16:1: {INDENT_EN}"),
        &format!("error: site.yaml:16:1: {INDENT_ZH}"),
    );
}

#[test]
fn full_width_spaces_inside_text_are_fine() {
    let site = SiteTest::fixture("minimal");
    edit(
        &site,
        BETA,
        "title: Beta 2018\n",
        "title: Beta 2018\nsummary: |\n  　　第一段。\n  　　第二段：乡镇科协。\n",
    );
    site.run(&["check"]).assert_success();
    edit(
        &site,
        BETA,
        "summary: |\n  　　第一段。\n  　　第二段：乡镇科协。\n",
        "summary: \"第一段\n  　　第二段\"\n",
    );
    site.run(&["check"]).assert_success();
}

// --- No space after the colon ----------------------------------------------

#[test]
fn no_space_after_the_colon_between_two_metrics() {
    assert_lines(
        |site| edit(site, BETA, "  covered: 5", "  covered:5"),
        &format!("error: {BETA}:6:10: a space is missing after the colon: write `covered: 5`"),
        &format!("error: {BETA}:6:10: 冒号后面少了一个空格：应写成 `covered: 5`"),
    );
}

#[test]
fn no_space_after_the_colon_on_the_first_metric() {
    assert_lines(
        |site| edit(site, BETA, "  total: 20", "  total:20"),
        &format!("error: {BETA}:5:8: a space is missing after the colon: write `total: 20`"),
        &format!("error: {BETA}:5:8: 冒号后面少了一个空格：应写成 `total: 20`"),
    );
}

#[test]
fn no_space_after_the_colon_on_the_only_metric() {
    assert_lines(
        |site| {
            edit(
                site,
                BETA,
                "  total: 20\n  covered: 5\n  lectures: 2\n  clinics: 2\n  policy: false\n",
                "  total:20\n",
            )
        },
        &format!("error: {BETA}:5:8: a space is missing after the colon: write `total: 20`"),
        &format!("error: {BETA}:5:8: 冒号后面少了一个空格：应写成 `total: 20`"),
    );
}

#[test]
fn no_space_after_the_colon_in_site_yaml() {
    assert_lines(
        |site| edit(site, SITE, "    label: Covered", "    label:Covered"),
        "error: site.yaml:16:10: a space is missing after the colon: write `label: Covered`",
        "error: site.yaml:16:10: 冒号后面少了一个空格：应写成 `label: Covered`",
    );
}

#[test]
fn colons_inside_values_are_fine() {
    let site = SiteTest::fixture("minimal");
    edit(
        &site,
        BETA,
        "title: Beta 2018\n",
        "title: Beta 2018\nsummary: 会议 12:30 开始，见 http://example.cn/a\nauthors:\n  - team:beta\n  - http://example.cn\n",
    );
    site.run(&["check"]).assert_success();
}
