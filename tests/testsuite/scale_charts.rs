//! Charts at scale: above 30 counties the trend, groups, ranking and
//! change charts summarise each group (median, quartiles, range, the
//! highest and lowest five named) instead of drawing a mark per county,
//! so their files stay the same size however many counties there are; at
//! 30 and below every county keeps its mark.
//!
//! The published quartiles and medians are recomputed here from
//! `/data/metrics.csv` with the definition README states (type 7: h =
//! (n − 1)p, interpolated between order statistics), independently of the
//! code that draws them.

use std::collections::BTreeMap;

use crate::charts::texts;
use crate::generate::{self, METRICS, period_ids, period_label};
use crate::harness::{SiteTest, read_tree};

/// The kinds that switch to a summary, as their files are named at the
/// generated site's latest period.
const KINDS: [&str; 4] = ["trend", "groups", "ranking-2020-h2", "change-2020-h2"];

/// The figures of a site as `/data/metrics.csv` publishes them.
struct Csv {
    /// (id, name, pilot), in site order.
    counties: Vec<(String, String, bool)>,
    /// (metric, period, county index) -> comparable value.
    values: BTreeMap<(String, String, usize), f64>,
}

impl Csv {
    fn read(site: &SiteTest) -> Csv {
        let mut counties: Vec<(String, String, bool)> = Vec::new();
        let mut values = BTreeMap::new();
        for line in site.read("public/data/metrics.csv").lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            let (id, name, group, period, metric, comparable) =
                (cells[0], cells[1], cells[2], cells[3], cells[4], cells[6]);
            let county = match counties.iter().position(|c| c.0 == id) {
                Some(i) => i,
                None => {
                    counties.push((id.into(), name.into(), group == "pilot"));
                    counties.len() - 1
                }
            };
            let v = match comparable {
                "" => continue,
                "true" => 1.0,
                "false" => 0.0,
                v => v.parse::<f64>().expect("a number"),
            };
            values.insert((metric.to_string(), period.to_string(), county), v);
        }
        Csv { counties, values }
    }

    fn get(&self, metric: &str, period: &str, county: usize) -> Option<f64> {
        self.values
            .get(&(metric.to_string(), period.to_string(), county))
            .copied()
    }

    /// Each county's level at `period`, or its change since the baseline
    /// (both reported), in site order.
    fn series(&self, metric: &str, period: &str, change: bool) -> Vec<(usize, f64)> {
        (0..self.counties.len())
            .filter_map(|c| {
                let v = self.get(metric, period, c)?;
                if change {
                    Some((c, v - self.get(metric, "2018", c)?))
                } else {
                    Some((c, v))
                }
            })
            .collect()
    }

    fn group(&self, values: &[(usize, f64)], pilot: bool) -> Vec<f64> {
        values
            .iter()
            .filter(|(c, _)| self.counties[*c].2 == pilot)
            .map(|(_, v)| *v)
            .collect()
    }
}

/// The p-quantile of `values`, type 7, written out afresh.
fn quantile(values: &[f64], p: f64) -> f64 {
    let mut x = values.to_vec();
    x.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let h = (x.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(x.len() - 1);
    x[lo] + (h - lo as f64) * (x[hi] - x[lo])
}

/// A figure as a page shows it: "1,234.5万元" 1234.5, "45.6%" 0.456,
/// "−3.2个百分点" −0.032, "是" 1. `None` for "—".
fn number(cell: &str) -> Option<f64> {
    match cell {
        "是" => return Some(1.0),
        "否" => return Some(0.0),
        _ => {}
    }
    let digits: String = cell
        .replace(',', "")
        .replace('−', "-")
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
        .collect();
    let v: f64 = digits.parse().ok()?;
    Some(if cell.contains('%') || cell.contains("百分点") {
        v / 100.0
    } else {
        v
    })
}

/// Half the last digit a metric's figures show: counts one decimal,
/// money and numbers two, shares a tenth of a percent.
fn tolerance(metric: &str) -> f64 {
    match metric {
        "unit_coverage" | "satisfaction" | "policy_doc" => 0.0005,
        "budget" | "net_migration" => 0.005,
        _ => 0.05,
    }
}

fn assert_close(shown: &str, expected: f64, metric: &str, what: &str) {
    let v = number(shown).unwrap_or_else(|| panic!("{what}: {shown:?} is not a number"));
    assert!(
        (v - expected).abs() <= tolerance(metric) + 1e-9 * expected.abs(),
        "{what}: shown {shown}, recomputed {expected}"
    );
}

/// The data table of the figure whose image is `src`, on whichever page
/// shows it: each row's header and cells.
fn figure_table(tree: &BTreeMap<String, Vec<u8>>, src: &str) -> BTreeMap<String, Vec<String>> {
    let needle = format!("src=\"{src}\"");
    let html = tree
        .iter()
        .filter(|(f, _)| f.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(b).to_string())
        .find(|h| h.contains(&needle))
        .unwrap_or_else(|| panic!("no page shows {src}"));
    let figure = &html[html.find(&needle).unwrap()..];
    let table = &figure[figure.find("<tbody>").expect("a table")..figure.find("</tbody>").unwrap()];
    let mut rows = BTreeMap::new();
    for row in table.split("<tr>").skip(1) {
        let header = row
            .split("<th scope=\"row\">")
            .nth(1)
            .and_then(|r| r.split("</th>").next())
            .expect("a row header");
        let cells = row
            .split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split("</td>").next().unwrap_or("").to_string())
            .collect();
        rows.insert(header.to_string(), cells);
    }
    rows
}

fn build(counties: usize, periods: usize, seed: u64) -> (SiteTest, BTreeMap<String, Vec<u8>>) {
    let site = generate::site(counties, periods, seed);
    site.build();
    let tree = read_tree(&site.root().join("public"));
    (site, tree)
}

fn svg(tree: &BTreeMap<String, Vec<u8>>, file: &str) -> String {
    String::from_utf8_lossy(
        tree.get(file)
            .unwrap_or_else(|| panic!("{file} not written")),
    )
    .to_string()
}

/// The drawing: what follows the `<style>`, which names every colour.
fn drawing(svg: &str) -> &str {
    &svg[svg.find("</style>").expect("style")..]
}

#[test]
fn above_the_threshold_charts_summarise_each_group() {
    let (site, tree) = build(120, 5, 11);
    let csv = Csv::read(&site);
    let names: Vec<&str> = csv.counties.iter().map(|c| c.1.as_str()).collect();
    let periods = period_ids(5);
    for metric in METRICS {
        for kind in KINDS {
            for suffix in [".svg", ".narrow.svg"] {
                let file = format!("metrics/{metric}/{kind}{suffix}");
                let svg = svg(&tree, &file);
                let body = drawing(&svg);
                // No element per county: not one faint line, circle or
                // bar each, and at most ten counties named.
                assert!(!body.contains("class=\"faint\""), "{file}");
                let circles = body.matches("<circle").count();
                assert!(circles <= periods.len() + 1, "{file}: {circles} circles");
                let elements = body.matches('<').count();
                assert!(elements < 400, "{file}: {elements} elements");
                // Dashed marks are whole lines and outlines, each one
                // element with a `stroke-dasharray`: a few per group and
                // period, not one per county or per dash.
                let dashed = body.matches("stroke-dasharray").count();
                assert!(dashed <= 40, "{file}: {dashed} dashed elements");
                let named = texts(&svg)
                    .iter()
                    .filter(|t| names.contains(&t.as_str()))
                    .count();
                assert!(named <= 10, "{file} names {named} counties");
                let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
                // Counties are listed as "名称 数值（组别）" between
                // commas and colons.
                let in_desc = desc
                    .split(['：', '，', '。'])
                    .filter(|part| {
                        part.split_once(' ')
                            .is_some_and(|(name, _)| names.contains(&name))
                    })
                    .count();
                assert!(in_desc <= 10, "{file}: the description names {in_desc}");
            }
        }
        trend_and_groups_quartiles(&tree, &csv, metric, &periods);
        for (kind, change) in [("ranking", false), ("change", true)] {
            ranking_summary(&tree, &csv, metric, kind, change);
        }
    }
}

/// The trend chart's median and quartile rows and the groups chart's
/// quartiles and median, period by period, against metrics.csv.
fn trend_and_groups_quartiles(
    tree: &BTreeMap<String, Vec<u8>>,
    csv: &Csv,
    metric: &str,
    periods: &[String],
) {
    let trend = figure_table(tree, &format!("/metrics/{metric}/trend.svg"));
    let groups = figure_table(tree, &format!("/metrics/{metric}/groups.svg"));
    for (p, period) in periods.iter().enumerate() {
        let all = csv.series(metric, period, false);
        for (pilot, group) in [(true, "试点地区"), (false, "非试点地区")] {
            let values = csv.group(&all, pilot);
            let what = |s: &str| format!("{metric} {period} {group} {s}");
            let row = &groups[&period_label(period)];
            let cells = if pilot { &row[..5] } else { &row[5..] };
            assert_eq!(cells[0], values.len().to_string(), "{}", what("n"));
            if values.is_empty() {
                assert_eq!(trend[&format!("{group}中位数")][p], "—");
                continue;
            }
            let (q1, median, q3) = (
                quantile(&values, 0.25),
                quantile(&values, 0.5),
                quantile(&values, 0.75),
            );
            let (lo, hi) = cells[2].split_once(" – ").expect("a – b");
            assert_close(lo, q1, metric, &what("groups q1"));
            assert_close(hi, q3, metric, &what("groups q3"));
            assert_close(&cells[3], median, metric, &what("groups median"));
            let (lo, hi) = cells[1].split_once(" – ").expect("a – b");
            assert_close(lo, quantile(&values, 0.0), metric, &what("min"));
            assert_close(hi, quantile(&values, 1.0), metric, &what("max"));
            assert_close(
                &trend[&format!("{group}中位数")][p],
                median,
                metric,
                &what("trend median"),
            );
            assert_close(
                &trend[&format!("{group}第25百分位数")][p],
                q1,
                metric,
                &what("trend q1"),
            );
            assert_close(
                &trend[&format!("{group}第75百分位数")][p],
                q3,
                metric,
                &what("trend q3"),
            );
        }
    }
}

/// A ranking or change chart at the latest period: each group's five
/// numbers in its table, and the five highest and five lowest counties,
/// in order, in the drawing and the table (ties by site order).
fn ranking_summary(
    tree: &BTreeMap<String, Vec<u8>>,
    csv: &Csv,
    metric: &str,
    kind: &str,
    change: bool,
) {
    let src = format!("/metrics/{metric}/{kind}-2020-h2.svg");
    let table = figure_table(tree, &src);
    let mut values = csv.series(metric, "2020-H2", change);
    for (column, pilot) in [(0, true), (1, false)] {
        let group = csv.group(&values, pilot);
        let what = |s: &str| format!("{src} {} {s}", if pilot { "pilot" } else { "non-pilot" });
        assert_eq!(table["n"][column], group.len().to_string(), "{}", what("n"));
        for (header, p) in [
            ("最小值", 0.0),
            ("第25百分位数", 0.25),
            ("中位数", 0.5),
            ("第75百分位数", 0.75),
            ("最大值", 1.0),
        ] {
            assert_close(
                &table[header][column],
                quantile(&group, p),
                metric,
                &what(header),
            );
        }
    }
    values.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
    let ranked: Vec<(usize, usize)> = values
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (i + 1, *c))
        .collect();
    let expected: Vec<(usize, usize)> = ranked[..5]
        .iter()
        .chain(&ranked[ranked.len() - 5..])
        .copied()
        .collect();
    // The drawing names them in that order.
    let names: Vec<&str> = csv.counties.iter().map(|c| c.1.as_str()).collect();
    let drawn: Vec<String> = texts(&svg(tree, &src[1..]))
        .into_iter()
        .filter(|t| names.contains(&t.as_str()))
        .collect();
    let wanted: Vec<String> = expected
        .iter()
        .map(|(_, c)| csv.counties[*c].1.clone())
        .collect();
    assert_eq!(drawn, wanted, "{src}");
    // The table gives each its rank, and its value in its group's column.
    for (rank, c) in &expected {
        let (_, name, pilot) = &csv.counties[*c];
        let row = &table[&format!("{name}（名次 {rank}）")];
        let v = values.iter().find(|(county, _)| county == c).unwrap().1;
        let (own, other) = if *pilot { (0, 1) } else { (1, 0) };
        assert_close(&row[own], v, metric, &format!("{src} {name}"));
        assert_eq!(row[other], "", "{src} {name}");
    }
}

/// The summary drawings, their descriptions and their tables are about
/// the same size for 120 counties as for 600, and under the budget of
/// 256 KB a file.
#[test]
fn summaries_do_not_grow_with_the_number_of_counties() {
    let (_, small) = build(120, 3, 5);
    let (_, large) = build(600, 3, 5);
    let latest = period_ids(3).last().unwrap().to_lowercase();
    for metric in METRICS {
        for kind in ["trend", "groups", "ranking", "change"] {
            let name = match kind {
                "ranking" | "change" => format!("{kind}-{latest}"),
                _ => kind.to_string(),
            };
            for suffix in [".svg", ".narrow.svg"] {
                let file = format!("metrics/{metric}/{name}{suffix}");
                let (a, b) = (svg(&small, &file), svg(&large, &file));
                assert!(
                    (b.len() as f64) < 1.3 * a.len() as f64,
                    "{file}: {} bytes at 120 counties, {} at 600",
                    a.len(),
                    b.len()
                );
                assert!(b.len() < 256 * 1024, "{file}: {} bytes", b.len());
            }
            let src = format!("/metrics/{metric}/{name}.svg");
            let (a, b) = (figure_table(&small, &src), figure_table(&large, &src));
            assert!(
                b.len() <= a.len() + 2,
                "{src}: {} rows, then {}",
                a.len(),
                b.len()
            );
        }
    }
}

/// At 30 counties (the threshold) every chart still draws each county;
/// at 31 the same charts summarise.
#[test]
fn the_threshold_is_thirty_counties() {
    for (counties, summarised) in [(30, false), (31, true)] {
        let (site, tree) = build(counties, 3, 3);
        let csv = Csv::read(&site);
        let names: Vec<&str> = csv.counties.iter().map(|c| c.1.as_str()).collect();
        let ranking = svg(&tree, "metrics/budget/ranking-2019-h2.svg");
        let named = texts(&ranking)
            .iter()
            .filter(|t| names.contains(&t.as_str()))
            .count();
        let reported = csv.series("budget", "2019-H2", false).len();
        let trend = svg(&tree, "metrics/budget/trend.svg");
        let faint = drawing(&trend).matches("class=\"faint\"").count();
        if summarised {
            assert_eq!(named, 10, "{counties} counties, {reported} reported");
            assert_eq!(faint, 0);
            assert!(texts(&ranking).iter().any(|t| t.starts_with("最高的5个")));
        } else {
            // A row per county (unreported ones too), a line per county
            // (one per run of periods it reported).
            assert_eq!(named, counties, "{counties} counties, {reported} reported");
            assert!(faint >= counties - 1, "{faint} faint lines");
        }
    }
}

/// Below the threshold (the example's nine counties) the charts draw one
/// mark per county, as they always have, and each non-pilot county's
/// dashed line is one path with a `stroke-dasharray`, not a run of dashes.
#[test]
fn below_the_threshold_each_county_has_its_mark() {
    let site = SiteTest::example();
    site.build();
    let tree = read_tree(&site.root().join("public"));
    let csv = Csv::read(&site);
    let controls = csv.counties.iter().filter(|c| !c.2).count();
    let trend = svg(&tree, "metrics/annual_budget/trend.svg");
    let body = drawing(&trend);
    assert_eq!(
        body.matches("class=\"faint\"").count(),
        9,
        "a line per county"
    );
    let dashed_faint = body
        .split("<path")
        .filter(|p| p.contains("class=\"faint\"") && p.contains("stroke-dasharray"))
        .count();
    assert_eq!(
        dashed_faint, controls,
        "one dashed path per non-pilot county"
    );
    let ranking = svg(&tree, "metrics/annual_budget/ranking-2020-h2.svg");
    for (_, name, _) in &csv.counties {
        assert!(texts(&ranking).contains(name), "{name} is not named");
    }
    let groups = svg(&tree, "metrics/annual_budget/groups.svg");
    let marks =
        drawing(&groups).matches("<circle").count() + drawing(&groups).matches("<rect").count();
    let reported: usize = ["2018", "2019-H1", "2019-H2", "2020-H1", "2020-H2"]
        .iter()
        .map(|p| csv.series("annual_budget", p, false).len())
        .sum();
    assert_eq!(
        marks,
        reported + 2,
        "a dot per county and period, two in the legend"
    );
}
