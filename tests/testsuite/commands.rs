//! `init`, `new report`, `check` and the exit statuses.

use crate::harness::SiteTest;

#[test]
fn init_writes_a_site_that_builds() {
    let t = SiteTest::empty();
    t.run(&["init", "new-site"]).assert_success();
    let site_root = t.root().join("new-site");
    assert!(site_root.join("site.yaml").is_file());
    assert!(
        site_root
            .join("content/counties/dongtai/_index.md")
            .is_file()
    );
    crate::harness::run_at(&site_root, &["build"]).assert_success();
    assert!(
        site_root
            .join("public/counties/dongtai/2019-h1/index.html")
            .is_file()
    );
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let t = SiteTest::fixture("minimal");
    let run = t.run(&["init", "."]);
    run.assert_status(2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
}

#[test]
fn new_report_then_check_reports_exactly_the_required_nulls() {
    let site = SiteTest::fixture("minimal");
    let run = site.run(&["new", "report", "beta", "2019-H1"]);
    run.assert_success();
    let text = site.read("content/counties/beta/2019-h1.md");
    // Every input metric is listed as null; derived ones are not.
    for id in [
        "total", "covered", "lectures", "clinics", "budget", "policy",
    ] {
        assert!(
            text.contains(&format!("  {id}: null")),
            "{id} missing from:\n{text}"
        );
    }
    assert!(!text.contains("coverage:") && !text.contains("activities:"));
    let check = site.run(&["check"]);
    check.assert_status(1);
    assert_eq!(
        check.error_lines(),
        [
            "error: content/counties/beta/2019-h1.md:9:10: required metric `total` (Total) has no value (null)"
        ]
    );
    // Writing it again would overwrite the report: refused.
    site.run(&["new", "report", "beta", "2019-H1"])
        .assert_status(2);
}

#[test]
fn new_report_names_unknown_counties_and_periods() {
    let site = SiteTest::fixture("minimal");
    let run = site.run(&["new", "report", "gamma", "2018"]);
    run.assert_status(2);
    assert!(
        run.stderr.contains("unknown county `gamma`"),
        "{}",
        run.stderr
    );
    let run = site.run(&["new", "report", "beta", "2030"]);
    run.assert_status(2);
    assert!(
        run.stderr.contains("unknown period `2030`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_formats() {
    let site = SiteTest::fixture("minimal");
    site.run(&["check"]).assert_success();
    site.write(
        "content/counties/beta/2018.md",
        "---\ntitle: Beta\nperiod: 2018\npliot: 1\nmetrics:\n  total: 2\n---\n",
    );
    let github = site.run(&["check", "--format", "github"]);
    github.assert_status(1);
    let first = github.stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with(
            "::error file=content/counties/beta/2018.md,line=4,col=1,title=pilotsite PS"
        ) && first.contains("::unknown field `pliot`"),
        "{}",
        github.stdout
    );
    let json = site.run(&["check", "--format", "json"]);
    json.assert_status(1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(v["errors"], 1);
    assert_eq!(v["diagnostics"][0]["line"], 4);
    let code = v["diagnostics"][0]["code"].as_str().unwrap_or("");
    assert!(code.len() == 5 && code.starts_with("PS"), "{code}");
}

#[test]
fn bad_usage_exits_2() {
    let site = SiteTest::fixture("minimal");
    site.run(&["build", "--no-such-flag"]).assert_status(2);
    site.run(&["check", "--format", "xml"]).assert_status(2);
}

#[test]
fn check_writes_nothing() {
    let site = SiteTest::fixture("minimal");
    site.run(&["check"]).assert_success();
    assert!(!site.root().join("public").exists());
}

#[test]
fn check_reports_data_quality_as_warnings() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/counties/alpha/2019-h1.md",
        "---\ntitle: Alpha 2019 H1\nperiod: 2019-H1\nmetrics:\n  total: 10\n  covered: 8\n  lectures: 30\n  clinics: null\n---\nText.\n",
    );
    let run = site.run(&["check"]);
    run.assert_success();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: content/counties/alpha/2019-h1.md:4:1: `budget` (Budget) is not reported, but was 12.5 in 2018",
            "warning: content/counties/alpha/2019-h1.md:7:13: `lectures` (Lectures) went from 3 in 2018 to 30 (10.0×); check the figure",
            "warning: content/counties/alpha/2019-h1.md:8:12: `clinics` (Clinics) is not reported, but was 1 in 2018",
            "warning: content/counties/beta/_index.md:1:1: Beta has no report for 2019-H1",
        ]
    );
    let json = site.run(&["check", "--format", "json"]);
    json.assert_success();
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(0), Some(4))
    );
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
}

/// A comparison that rests on one county of a group is pointed out once per
/// metric, at its entry in site.yaml; a group of one by design is not.
#[test]
fn check_warns_when_a_comparison_rests_on_one_county() {
    let site = SiteTest::fixture("minimal");
    let report = |county: &str, period: &str, lectures: &str| {
        format!(
            "---\ntitle: {county} {period}\nperiod: \"{period}\"\nmetrics:\n  total: 10\n  covered: 5\n  lectures: {lectures}\n  clinics: 1\n  budget: 3\n  policy: true\n---\nText.\n"
        )
    };
    for (county, pilot) in [("gamma", true), ("delta", false)] {
        site.write(
            &format!("content/counties/{county}/_index.md"),
            &format!("---\nname: {county}\npilot: {pilot}\n---\n"),
        );
    }
    for county in ["alpha", "beta", "gamma", "delta"] {
        site.write(
            &format!("content/counties/{county}/2018.md"),
            &report(county, "2018", "4"),
        );
        // delta did not count its lectures in 2019-H1.
        let lectures = if county == "delta" { "null" } else { "5" };
        site.write(
            &format!("content/counties/{county}/2019-h1.md"),
            &report(county, "2019-H1", lectures),
        );
    }
    let run = site.run(&["check"]);
    run.assert_success();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: site.yaml"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: site.yaml:22:5: the comparison of `lectures` (Lectures) rests on fewer than 2 counties in a group (2019-H1: 2 pilot, 1 other, counting counties with figures at the period and the baseline)",
            // The sum of lectures and clinics is null where lectures is.
            "warning: site.yaml:28:5: the comparison of `activities` (Activities) rests on fewer than 2 counties in a group (2019-H1: 2 pilot, 1 other, counting counties with figures at the period and the baseline)",
        ]
    );
}
