//! One fixture per kind of content error. Each folder under
//! tests/fixtures/invalid/ holds `site/`, files laid over a copy of the
//! `minimal` fixture, and `expected.txt`, the exact `error:` lines `check`
//! must print (path:line:col and message), in order; `expected.zh-CN.txt`
//! holds the lines `check --lang zh-CN` must print: the same places, in
//! Chinese.

use std::path::Path;

use crate::harness::{SiteTest, fixtures};

fn run_case(name: &str) {
    let case = fixtures().join("invalid").join(name);
    let expected = std::fs::read_to_string(case.join("expected.txt")).expect("expected.txt");
    let site = SiteTest::fixture("minimal");
    site.overlay(&case.join("site"));
    let run = site.run(&["check"]);
    run.assert_status(1);
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(
        run.error_lines(),
        expected,
        "\nfull output:\n{}",
        run.stderr
    );
    // Each headline is followed by a snippet or a hint, never a panic.
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);

    let zh_expected =
        std::fs::read_to_string(case.join("expected.zh-CN.txt")).expect("expected.zh-CN.txt");
    let zh = site.run(&["check", "--lang", "zh-CN"]);
    zh.assert_status(1);
    let zh_expected: Vec<&str> = zh_expected.lines().collect();
    assert_eq!(
        zh.error_lines(),
        zh_expected,
        "\nfull output:\n{}",
        zh.stderr
    );
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_case(stringify!($name));
            }
        )*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

cases!(
    bad_county_id,
    bad_date,
    bad_page_name,
    broken_anchor,
    broken_link,
    chart_block_bad_type,
    chart_block_did_unknown_metric,
    chart_block_unknown_metric,
    county_without_profile,
    derived_not_finite,
    derived_out_of_range,
    derived_typed_in,
    duplicate_key,
    duplicate_report,
    missing_front_matter,
    missing_required_field,
    multiple_errors,
    nan_and_infinity,
    not_whole_count,
    out_of_bounds,
    ratio_out_of_range,
    required_metric_missing,
    required_metric_null,
    reserved_page_name,
    site_bad_metric_id,
    site_derived_unknown_input,
    site_period_length,
    site_sum_measure,
    site_unknown_field,
    site_unknown_kind,
    strict_boolean,
    unclosed_front_matter,
    unexpected_file,
    unknown_field,
    unknown_metric,
    unknown_period,
    unknown_pilot_since_period,
    wrong_kind,
    yaml_syntax_error,
);

#[test]
fn every_fixture_is_a_test() {
    let dir = fixtures().join("invalid");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .expect("list fixtures")
        .filter_map(|e| e.ok())
        .filter(|e| Path::new(&e.path()).is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, CASES, "add each fixture folder to cases!()");
}

#[test]
fn the_error_shows_the_line_and_how_to_fix_it() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/counties/beta/2018.md",
        "---\ntitle: Beta 2018\nperiod: 2018\nmetrics:\n  total: 20\n  township_sast_cuont: 5\n---\n",
    );
    let run = site.run(&["check"]);
    run.assert_status(1);
    let expected = "\
error: content/counties/beta/2018.md:6:3: unknown metric `township_sast_cuont`
 --> content/counties/beta/2018.md:6:3
  |
6 |   township_sast_cuont: 5
  |   ^^^^^^^^^^^^^^^^^^^
  |
  = help: the metrics are defined in site.yaml; check the spelling there (see `pilotsite explain PS";
    assert!(run.stderr.starts_with(expected), "got:\n{}", run.stderr);
}
