//! `pilotsite import`: a filled-in form (written here with openpyxl in the
//! layout of the shared contract, or as CSV by hand) read back into the
//! reports of the minimal fixture.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::harness::{Run, SiteTest, read_tree};

/// Runs `pilotsite <args>` inside the site, so a form is named as typed.
fn run_in(site: &SiteTest, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_pilotsite"))
        .current_dir(site.root())
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .output()
        .expect("run pilotsite");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes `form.xlsx` into the site: sheet "Form", a label row, the id
/// row, then `rows` (Python literals), the period as a defined name.
fn write_form(site: &SiteTest, period: &str, ids: &[&str], rows: &[&str]) {
    let script = format!(
        r#"
import openpyxl, sys
from openpyxl.workbook.defined_name import DefinedName
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Form"
ids = {ids:?}
ws.append(["County id", "County"] + [i.title() for i in ids])
ws.append(["county", "county_name"] + ids)
for row in [{rows}]:
    ws.append(list(row))
wb.create_sheet("Instructions")
name = DefinedName("pilotsite_period", attr_text='"{period}"')
try:
    wb.defined_names["pilotsite_period"] = name
except TypeError:
    wb.defined_names.append(name)
wb.save(sys.argv[1])
"#,
        rows = rows.join(", ")
    );
    python(&script, &[&site.root().join("form.xlsx")]);
}

/// Runs a Python script with openpyxl (scripts/test installs it) on `args`.
fn python(script: &str, args: &[&Path]) {
    let mut all = vec!["-c".as_ref(), script.as_ref()];
    all.extend(args.iter().map(|a| a.as_os_str()));
    crate::harness::openpyxl(&all);
}

fn content(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    read_tree(&site.root().join("content"))
}

const IDS: &[&str] = &[
    "total", "covered", "lectures", "clinics", "budget", "policy",
];

#[test]
fn a_new_periods_form_creates_one_report_per_county_whose_figures_reach_metrics_csv() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "site.yaml",
        &site.read("site.yaml").replace(
            "baseline: \"2018\"",
            "  - id: 2019-H2\n    label: 2019 H2\nbaseline: \"2018\"",
        ),
    );
    write_form(
        &site,
        "2019-H2",
        IDS,
        &[
            r#"("alpha", "Alpha", 12, 9, 4, None, 2.5, True)"#,
            r#"("beta", "Beta", 20, 15, 0, 3, None, False)"#,
        ],
    );
    let run = run_in(&site, &["import", "form.xlsx"]);
    run.assert_success();
    assert!(
        run.stdout
            .contains("10 figures into 2 reports, 2 new; unchanged: 0"),
        "{}",
        run.stdout
    );
    let alpha = site.read("content/counties/alpha/2019-h2.md");
    assert_eq!(
        alpha,
        "---\ntitle: \"Alpha: report for 2019 H2\"\nperiod: \"2019-H2\"\nmetrics:\n  total: 12\n  covered: 9\n  lectures: 4\n  budget: 2.5\n  policy: true\n---\n"
    );
    assert!(
        site.root()
            .join("content/counties/beta/2019-h2.md")
            .is_file()
    );
    let check = site.run(&["check"]);
    check.assert_success();
    assert_eq!(check.stderr.matches("PS705").count(), 2, "{}", check.stderr);
    site.run(&["build"]).assert_success();
    let csv = site.read("public/data/metrics.csv");
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(",2019-H2,")).collect();
    for (county, metric, value) in [
        ("alpha", "total", "12"),
        ("alpha", "covered", "9"),
        ("alpha", "coverage", "0.75"),
        ("alpha", "budget", "2.5"),
        ("alpha", "policy", "true"),
        ("beta", "clinics", "3"),
        ("beta", "policy", "false"),
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(&format!("{county},"))
                && r.contains(&format!(",{metric},"))
                && r.split(',').any(|f| f == value)),
            "{county} {metric} {value} not in\n{}",
            rows.join("\n")
        );
    }
}

#[test]
fn changing_one_figure_changes_one_line_of_one_file_and_keeps_the_rest() {
    let site = SiteTest::fixture("minimal");
    let path = "content/counties/alpha/2019-h1.md";
    site.write(
        path,
        &site.read(path).replace(
            "  covered: 8\n",
            "  covered: 8  # from the county's table\n",
        ),
    );
    write_form(
        &site,
        "2019-H1",
        &["total", "covered", "lectures", "policy"],
        &[r#"("alpha", "Alpha", 10, 7, 6, True)"#],
    );
    let before = content(&site);
    let dry = run_in(&site, &["import", "form.xlsx", "--dry-run"]);
    dry.assert_success();
    assert!(
        dry.stdout
            .contains("content/counties/alpha/2019-h1.md\n  covered: 8 → 7\n"),
        "{}",
        dry.stdout
    );
    assert_eq!(content(&site), before, "--dry-run wrote");
    run_in(&site, &["import", "form.xlsx"]).assert_success();
    let after = content(&site);
    let changed: Vec<&String> = after.keys().filter(|k| after[*k] != before[*k]).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    let (old, new) = (
        String::from_utf8_lossy(&before[changed[0]]).into_owned(),
        String::from_utf8_lossy(&after[changed[0]]).into_owned(),
    );
    let differing: Vec<(&str, &str)> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(old.lines().count(), new.lines().count());
    assert_eq!(
        differing,
        [(
            "  covered: 8  # from the county's table",
            "  covered: 7  # from the county's table"
        )]
    );
}

#[test]
fn each_wrong_cell_is_an_error_at_its_cell_in_both_languages_and_nothing_is_written() {
    let site = SiteTest::fixture("minimal");
    write_form(
        &site,
        "2019-H1",
        &["total", "covered", "lectures", "bogus"],
        &[
            r#"("alpha", "Alpha", 10, "12个", 6, None)"#,
            r#"("gamma", "Gamma", 1, 1, 1, None)"#,
            r#"("beta", "Beta", 10, 11, "many", None)"#,
        ],
    );
    let before = content(&site);
    let en = run_in(&site, &["import", "form.xlsx"]);
    en.assert_status(1);
    assert_eq!(
        en.error_lines(),
        [
            "error: form.xlsx:Form!F2: unknown metric `bogus` in the header row",
            "error: form.xlsx:Form!D3: `covered` (Covered) must be a number without a unit, found `12个`",
            "error: form.xlsx:Form!A4: unknown county id `gamma`",
            "error: form.xlsx:Form!D5: `covered` (Covered, 11) is greater than `total` (Total, 10), so `coverage` (Coverage) would be 110.0%",
            "error: form.xlsx:Form!E5: `lectures` (Lectures) must be a number, found text `many`",
        ]
    );
    assert!(
        en.stderr.contains("write 12; the unit (个)"),
        "{}",
        en.stderr
    );
    assert!(en.stderr.contains("(see C5)"), "{}", en.stderr);
    let zh = run_in(&site, &["--lang", "zh-CN", "import", "form.xlsx"]);
    zh.assert_status(1);
    let places: Vec<&str> = zh
        .error_lines()
        .iter()
        .map(|l| l.split(": ").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        places,
        [
            "form.xlsx:Form!F2",
            "form.xlsx:Form!D3",
            "form.xlsx:Form!A4",
            "form.xlsx:Form!D5",
            "form.xlsx:Form!E5"
        ]
    );
    assert!(
        zh.stderr.contains("未知的县区代码 `gamma`"),
        "{}",
        zh.stderr
    );
    assert_eq!(content(&site), before);
}

#[test]
fn a_csv_imports_with_its_period_and_asks_for_one_without() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "figures.csv",
        "county,county_name,total,covered,policy\nalpha,Alpha,10,8,TRUE\nbeta,Beta,30,12,false\n",
    );
    let before = content(&site);
    let bare = run_in(&site, &["import", "figures.csv"]);
    bare.assert_status(2);
    assert!(
        bare.stderr
            .contains("error: figures.csv is a CSV, which cannot carry its period"),
        "{}",
        bare.stderr
    );
    assert_eq!(content(&site), before);

    site.write("bad.csv", "county,total,lectures\nalpha,10,x\n");
    let bad = run_in(&site, &["import", "bad.csv", "--period", "2019-H1"]);
    assert_eq!(
        bad.error_lines(),
        ["error: bad.csv:bad!C2: `lectures` (Lectures) must be a number, found text `x`"]
    );

    let run = run_in(&site, &["import", "figures.csv", "--period", "2019-H1"]);
    run.assert_success();
    assert!(
        run.stdout
            .contains("3 figures into 1 report, 1 new; unchanged: 1"),
        "{}",
        run.stdout
    );
    assert!(
        site.read("content/counties/beta/2019-h1.md")
            .contains("  total: 30\n  covered: 12\n  policy: false\n")
    );
    // Importing the same form again changes nothing.
    let again = run_in(&site, &["import", "figures.csv", "--period", "2019-H1"]);
    assert!(
        again
            .stdout
            .contains("0 figures into 0 reports, 0 new; unchanged: 2"),
        "{}",
        again.stdout
    );
}

#[test]
fn an_empty_cell_clears_a_figure_and_a_new_one_joins_the_block() {
    let site = SiteTest::fixture("minimal");
    site.write("f.csv", "county,total,lectures,budget\nalpha,10,,4\n");
    let dry = run_in(
        &site,
        &["import", "f.csv", "--period", "2019-H1", "--dry-run"],
    );
    assert!(
        dry.stdout.contains("  budget: 4 (newly reported)"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("  lectures: 6 → null (cleared)"),
        "{}",
        dry.stdout
    );
    run_in(&site, &["import", "f.csv", "--period", "2019-H1"]).assert_success();
    let text = site.read("content/counties/alpha/2019-h1.md");
    assert!(
        text.contains("  lectures: null\n  clinics: null\n  policy: true\n  budget: 4\n---\n"),
        "{text}"
    );
    assert!(Path::new(&site.root().join("content")).is_dir());
}

/// The two halves agree: the form `pilotsite form` writes imports back as it
/// is, changing nothing, and with one cell changed in a spreadsheet
/// program's way (openpyxl), exactly that figure's line changes.
#[test]
fn the_form_pilotsite_writes_imports_back_and_one_changed_cell_is_one_line() {
    let site = SiteTest::example();
    let before = content(&site);
    let made = run_in(&site, &["form", "2020-H2", "--output", "made.xlsx"]);
    assert_eq!(made.status, 0, "{}", made.stderr);
    let same = run_in(&site, &["import", "made.xlsx"]);
    assert_eq!(same.status, 0, "{}", same.stderr);
    assert_eq!(content(&site), before, "an untouched form changes nothing");

    // Dongtai's row is the last; township_sast_count is the second metric
    // column (D). Saved by openpyxl, as a spreadsheet program would.
    let script = r#"
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
assert ws["D2"].value == "township_sast_count", ws["D2"].value
row = [r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "dongtai"][0]
ws.cell(row, 4).value = ws.cell(row, 4).value - 1
wb.save(sys.argv[2])
"#;
    python(
        script,
        &[
            &site.root().join("made.xlsx"),
            &site.root().join("filled.xlsx"),
        ],
    );
    let filled = run_in(&site, &["import", "filled.xlsx"]);
    assert_eq!(filled.status, 0, "{}", filled.stderr);
    let after = content(&site);
    let changed: Vec<&String> = after
        .keys()
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert_eq!(changed, ["counties/dongtai/2020-h2.md"], "{changed:?}");
    let lines = |bytes: &Vec<u8>| -> Vec<String> {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(str::to_string)
            .collect()
    };
    let (old, new) = (lines(&before[changed[0]]), lines(&after[changed[0]]));
    assert_eq!(old.len(), new.len());
    let differ: Vec<(&String, &String)> = old.iter().zip(&new).filter(|(a, b)| a != b).collect();
    assert_eq!(differ.len(), 1, "{differ:?}");
    assert!(
        differ[0]
            .1
            .trim_start()
            .starts_with("township_sast_count: "),
        "{differ:?}"
    );
}
