//! `pilotsite form`: the fill-in workbook of one period (SPEC 4.4).
//!
//! The workbook is read with Python's openpyxl, as Excel would open it:
//! the ids in row 2 are exactly the typed-in metrics of site.yaml, the rows
//! the counties in site order, the cells the figures of metrics.csv for that
//! period; every column carries the validation its metric's kind and bounds
//! ask for; the period is the defined name `pilotsite_period`.

use std::collections::BTreeMap;

use pilotsite::content::{Config, Kind, parse_config};
use serde::Deserialize;

use crate::harness::SiteTest;

/// Prints what the tests look at in a workbook, as JSON.
const READ_FORM: &str = r#"
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def cell(c):
    if c.value is None:
        return None
    if isinstance(c.value, bool):
        return {"t": "bool", "v": "true" if c.value else "false", "f": c.number_format}
    if isinstance(c.value, (int, float)):
        return {"t": type(c.value).__name__, "v": repr(c.value), "f": c.number_format}
    return {"t": "str", "v": str(c.value), "f": c.number_format}
sheets = []
for ws in wb.worksheets:
    sheets.append({
        "name": ws.title,
        "freeze": ws.freeze_panes,
        "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
        "validations": [
            {"range": str(dv.sqref), "type": dv.type, "operator": dv.operator,
             "formula1": dv.formula1, "formula2": dv.formula2,
             "title": dv.promptTitle, "prompt": dv.prompt,
             "error_title": dv.errorTitle, "error": dv.error,
             "show_input": bool(dv.showInputMessage), "show_error": bool(dv.showErrorMessage)}
            for dv in ws.data_validations.dataValidation
        ],
    })
name = wb.defined_names.get("pilotsite_period")
print(json.dumps({"period": name.attr_text if name else None, "sheets": sheets}))
"#;

#[derive(Deserialize, Debug)]
struct Book {
    period: Option<String>,
    sheets: Vec<Sheet>,
}

#[derive(Deserialize, Debug)]
struct Sheet {
    name: String,
    freeze: Option<String>,
    rows: Vec<Vec<Option<Cell>>>,
    validations: Vec<Validation>,
}

#[derive(Deserialize, Debug)]
struct Cell {
    t: String,
    v: String,
    f: String,
}

#[derive(Deserialize, Debug)]
struct Validation {
    range: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    operator: Option<String>,
    formula1: Option<String>,
    formula2: Option<String>,
    title: Option<String>,
    prompt: Option<String>,
    error_title: Option<String>,
    error: Option<String>,
    show_input: bool,
    show_error: bool,
}

impl Sheet {
    fn text(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .and_then(Option::as_ref)
            .map_or("", |c| c.v.as_str())
    }

    fn all_text(&self) -> String {
        let cells = self.rows.iter().flatten().flatten();
        cells.map(|c| c.v.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Reads a workbook with openpyxl through `$PYTHON` (default `python3`).
fn read_form(path: &std::path::Path) -> Book {
    let out = crate::harness::openpyxl(&["-c".as_ref(), READ_FORM.as_ref(), path.as_os_str()]);
    serde_json::from_slice(&out).expect("the reader prints JSON")
}

fn config(site: &SiteTest) -> Config {
    parse_config("site.yaml", &site.read("site.yaml")).expect("site.yaml is valid")
}

/// Writes the form of `period` (with `extra` arguments) to `FILE` and reads it.
fn form(site: &SiteTest, period: &str, file: &str, extra: &[&str]) -> Book {
    let mut args = vec!["form", period, "--output", file];
    args.extend_from_slice(extra);
    site.run(&args).assert_success();
    read_form(&site.root().join(file))
}

/// metrics.csv's values of one period: county -> metric -> value, and the
/// counties in the order the CSV lists them. The example's names hold no
/// comma or quote, so splitting on commas is exact.
fn csv_period(csv: &str, period: &str) -> (Vec<String>, BTreeMap<(String, String), String>) {
    let mut counties: Vec<String> = Vec::new();
    let mut values = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 7, "{line}");
        if counties.last().map(String::as_str) != Some(f[0]) {
            counties.push(f[0].to_string());
        }
        if f[3] == period {
            values.insert((f[0].to_string(), f[4].to_string()), f[5].to_string());
        }
    }
    (counties, values)
}

#[test]
fn every_period_s_form_holds_the_typed_in_metrics_and_the_reported_figures() {
    let site = SiteTest::example();
    site.build();
    let csv = site.read("public/data/metrics.csv");
    let config = config(&site);
    let typed: Vec<&str> = config
        .metrics
        .iter()
        .filter(|m| m.derived.is_none())
        .map(|m| m.id.as_str())
        .collect();
    let derived: Vec<&str> = config
        .metrics
        .iter()
        .filter(|m| m.derived.is_some())
        .map(|m| m.id.as_str())
        .collect();
    assert!(!derived.is_empty(), "the example has computed metrics");
    let mut cells_with_figures = 0;
    for period in &config.periods {
        let book = form(&site, &period.id, "form.xlsx", &[]);
        assert_eq!(
            book.period.as_deref(),
            Some(format!("\"{}\"", period.id).as_str())
        );
        let sheet = &book.sheets[0];
        assert_eq!(sheet.name, "填报");
        assert_eq!(sheet.freeze.as_deref(), Some("C3"));
        let ids: Vec<&str> = (0..2 + typed.len()).map(|c| sheet.text(1, c)).collect();
        assert_eq!(ids[..2], ["county", "county_name"]);
        assert_eq!(ids[2..], typed[..], "row 2 is the typed-in metric ids");
        for d in &derived {
            assert!(!ids.contains(d), "{d} is computed and has no column");
        }
        let (counties, values) = csv_period(&csv, &period.id);
        assert_eq!(sheet.rows.len(), 2 + counties.len(), "a row per county");
        for (r, county) in counties.iter().enumerate() {
            let row = 2 + r;
            assert_eq!(sheet.text(row, 0), county, "counties in site order");
            for (i, metric) in typed.iter().enumerate() {
                let want = &values[&(county.clone(), metric.to_string())];
                let cell = sheet.rows[row].get(2 + i).and_then(Option::as_ref);
                match cell {
                    None => assert_eq!(want, "", "{} {county} {metric}", period.id),
                    Some(c) => {
                        cells_with_figures += 1;
                        assert_ne!(c.t, "str", "{county} {metric}: a figure is no text");
                        assert_eq!(&c.v, want, "{} {county} {metric}", period.id);
                    }
                }
            }
        }
    }
    assert!(cells_with_figures > 100, "the forms are pre-filled");
}

#[test]
fn every_column_validates_its_metric_s_kind_and_bounds() {
    let site = SiteTest::example();
    let config = config(&site);
    let book = form(&site, "2020-H2", "form.xlsx", &[]);
    let sheet = &book.sheets[0];
    let counties = sheet.rows.len() - 2;
    let typed: Vec<_> = config
        .metrics
        .iter()
        .filter(|m| m.derived.is_none())
        .collect();
    assert_eq!(
        sheet.validations.len(),
        typed.len(),
        "a validation a column"
    );
    let number = |x: Option<f64>| x.map(pilotsite::export::format_number);
    for (i, (metric, v)) in typed.iter().zip(&sheet.validations).enumerate() {
        let col = char::from(b'C' + u8::try_from(i).expect("few columns"));
        assert_eq!(
            v.range,
            format!("{col}3:{col}{}", 2 + counties),
            "{}",
            metric.id
        );
        let kind = v.kind.as_deref();
        match metric.kind {
            Kind::Count => {
                assert_eq!(kind, Some("whole"), "{}", metric.id);
                let min = metric.min.unwrap_or(0.0).max(0.0);
                assert_eq!(v.formula1, number(Some(min)), "{}", metric.id);
                assert_eq!(v.formula2, number(metric.max), "{}", metric.id);
            }
            Kind::Money | Kind::Number | Kind::Ratio => {
                assert_eq!(kind, Some("decimal"), "{}", metric.id);
                assert_eq!(v.formula1, number(metric.min), "{}", metric.id);
                assert_eq!(v.formula2, number(metric.max), "{}", metric.id);
            }
            Kind::Bool => {
                assert_eq!(kind, Some("list"), "{}", metric.id);
                assert_eq!(v.formula1.as_deref(), Some("\"TRUE,FALSE\""));
            }
        }
        // Between is the default operator, which openpyxl reads as none.
        assert!(
            matches!(v.operator.as_deref(), None | Some("between")),
            "{}: {:?}",
            metric.id,
            v.operator
        );
        assert!(v.show_input && v.show_error, "{}", metric.id);
        let title = v.title.as_deref().unwrap_or("");
        assert!(title.chars().count() <= 32, "{title}");
        assert!(metric.label.starts_with(title.trim_end_matches('…')));
        let prompt = v.prompt.as_deref().unwrap_or("");
        assert!(prompt.chars().count() <= 255, "{prompt}");
        let description = metric.description.as_deref().unwrap_or("");
        let head: String = description.chars().take(20).collect();
        assert!(prompt.contains(&head), "{}: {prompt}", metric.id);
        assert!(v.error_title.as_deref().is_some_and(|t| !t.is_empty()));
        assert!(v.error.as_deref().is_some_and(|e| e.contains("0")));
    }
}

#[test]
fn the_instructions_sheet_names_the_period_and_the_computed_metrics() {
    let site = SiteTest::example();
    let config = config(&site);
    let book = form(&site, "2019-H1", "form.xlsx", &[]);
    assert_eq!(book.sheets.len(), 2);
    let sheet = &book.sheets[1];
    assert_eq!(sheet.name, "填写说明");
    let text = sheet.all_text();
    for needle in [
        "2019年上半年",
        "2019-H1",
        "留空",
        "不要用 0",
        "73.1%",
        "TRUE",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    for m in &config.metrics {
        assert!(text.contains(&m.label), "{} missing", m.label);
    }
    assert!(text.contains("已建科协的乡镇（街道）数 ÷ 乡镇（街道）总数"));
    assert!(sheet.validations.is_empty());
}

#[test]
fn a_county_s_form_has_its_row_only() {
    let site = SiteTest::example();
    let all = form(&site, "2020-H1", "all.xlsx", &[]);
    let one = form(&site, "2020-H1", "one.xlsx", &["--county", "dongtai"]);
    let sheet = &one.sheets[0];
    assert_eq!(sheet.rows.len(), 3);
    let row = all.sheets[0]
        .rows
        .iter()
        .find(|r| r[0].as_ref().is_some_and(|c| c.v == "dongtai"))
        .expect("dongtai in the full form");
    let values = |r: &[Option<Cell>]| -> Vec<Option<String>> {
        r.iter()
            .map(|c| c.as_ref().map(|c| format!("{}:{}:{}", c.t, c.v, c.f)))
            .collect()
    };
    assert_eq!(values(&sheet.rows[2]), values(row));
    assert!(sheet.validations.iter().all(|v| v.range.ends_with('3')));
    // By its name too.
    site.run(&["form", "2020-H1", "--county", "东台市", "-o", "name.xlsx"])
        .assert_success();
    assert_eq!(
        std::fs::read(site.root().join("one.xlsx")).ok(),
        std::fs::read(site.root().join("name.xlsx")).ok()
    );
}

#[test]
fn an_unknown_period_or_county_is_an_error_with_a_suggestion() {
    let site = SiteTest::example();
    let run = site.run(&["form", "2020-H3"]);
    run.assert_status(2);
    assert!(run.stderr.contains("PS980"), "{}", run.stderr);
    assert!(run.stderr.contains("2020-H2"), "{}", run.stderr);
    let run = site.run(&["form", "2020-H2", "--county", "dongtia"]);
    run.assert_status(2);
    assert!(run.stderr.contains("PS981"), "{}", run.stderr);
    assert!(run.stderr.contains("`dongtai`"), "{}", run.stderr);
    assert!(!site.root().join("form-2020-H2.xlsx").exists());
}

#[test]
fn a_period_by_its_label_and_two_runs_give_the_same_bytes() {
    let site = SiteTest::example();
    let run = site.run(&["form", "2019-H2"]);
    run.assert_success();
    assert!(run.stdout.contains("form-2019-H2.xlsx"), "{}", run.stdout);
    assert!(run.stdout.contains("9 个县区"), "{}", run.stdout);
    site.run(&["form", "2019年下半年", "--output", "out/again.xlsx"])
        .assert_success();
    let one = std::fs::read(site.root().join("form-2019-H2.xlsx")).expect("the form");
    let two = std::fs::read(site.root().join("out/again.xlsx")).expect("the form again");
    assert!(one == two, "two runs differ");
}

#[test]
fn an_english_site_s_form_speaks_english() {
    let site = SiteTest::example();
    let yaml = site
        .read("site.yaml")
        .replace("language: zh-CN", "language: en");
    site.write("site.yaml", &yaml);
    let book = form(&site, "2020-H2", "form.xlsx", &[]);
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Form", "Instructions"]);
    let sheet = &book.sheets[0];
    assert_eq!(sheet.text(0, 0), "County id");
    assert_eq!(sheet.text(1, 0), "county");
    assert!(sheet.text(0, 2).starts_with("Townships and subdistricts"));
    assert!(
        book.sheets[1]
            .all_text()
            .contains("Never type 0 for unknown")
    );
}

#[test]
fn ratios_unbounded_numbers_and_long_labels_get_their_own_rules() {
    let site = SiteTest::example();
    let long = "很长的指标名称".repeat(8);
    let description = "说明".repeat(200);
    let mut yaml = site.read("site.yaml");
    yaml.push_str(&format!(
        "  - id: typed_share\n    label: 自报比例\n    kind: ratio\n    max: 0.9\n\
         \x20 - id: free_number\n    label: {long}\n    kind: number\n    description: {description}\n"
    ));
    site.write("site.yaml", &yaml);
    let report = "content/counties/dongtai/2020-h2.md";
    let text = site
        .read(report)
        .replacen("metrics:\n", "metrics:\n  typed_share: 0.731\n", 1);
    site.write(report, &text);
    let book = form(&site, "2020-H2", "form.xlsx", &[]);
    let sheet = &book.sheets[0];
    let ids: Vec<&str> = (0..sheet.rows[1].len()).map(|c| sheet.text(1, c)).collect();
    let at = |id: &str| ids.iter().position(|i| *i == id).expect("a column");
    let (ratio, number) = (at("typed_share"), at("free_number"));
    let v = &sheet.validations[ratio - 2];
    assert_eq!(v.kind.as_deref(), Some("decimal"));
    assert_eq!(v.formula1.as_deref(), Some("0"));
    assert_eq!(v.formula2.as_deref(), Some("0.9"));
    assert!(
        v.error.as_deref().is_some_and(|e| e.contains("90%")),
        "{v:?}"
    );
    let v = &sheet.validations[number - 2];
    assert_eq!(v.kind.as_deref(), Some("custom"));
    let col = char::from(b'A' + u8::try_from(number).expect("few columns"));
    assert_eq!(
        v.formula1.as_deref(),
        Some(format!("ISNUMBER({col}3)").as_str())
    );
    let title = v.title.as_deref().unwrap_or("");
    assert_eq!(title.chars().count(), 32);
    assert!(title.ends_with('…'));
    assert_eq!(v.prompt.as_deref().map(|p| p.chars().count()), Some(255));
    // A reported ratio is a number shown as a percentage.
    let row = (2..sheet.rows.len())
        .find(|r| sheet.text(*r, 0) == "dongtai")
        .expect("dongtai's row");
    let cell = sheet.rows[row][ratio].as_ref().expect("the ratio reported");
    assert_eq!((cell.t.as_str(), cell.v.as_str()), ("float", "0.731"));
    assert!(cell.f.ends_with('%'), "{}", cell.f);
}
