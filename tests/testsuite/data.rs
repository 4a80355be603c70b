//! The open data: /data/metrics.csv, /data/metrics.json, /data/summary.json
//! and /data/metrics.xlsx.
//!
//! Every statistic in summary.json is recomputed here from metrics.csv alone,
//! with code written from SPEC section 2 and independent of `src/stats.rs`,
//! on the example site and on a large generated one. metrics.json must agree
//! with the CSV value for value, and both must follow site.yaml's order.
//! metrics.xlsx is read with Python's openpyxl (`tests/xlsx_cells.py`) and
//! must hold every figure of the CSV, as a number or a boolean, in its
//! period's sheet, county's row and metric's column.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use pilotsite::content::{Config, Kind, parse_config};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::generate;
use crate::harness::{SiteTest, repo_root};

const HEADER: [&str; 7] = [
    "county",
    "county_name",
    "group",
    "period",
    "metric",
    "value",
    "comparable",
];
const SUMMARY_FIELDS: [&str; 12] = [
    "pilot_mean",
    "pilot_n",
    "control_mean",
    "control_n",
    "pilot_change",
    "control_change",
    "did",
    "perm_exact",
    "perm_assignments",
    "perm_p",
    "placebo_low",
    "placebo_high",
];

// ---------------------------------------------------------------------------
// Reading the files

/// Parses RFC 4180 CSV: fields separated by commas, records ended by `\n`
/// (a `\r\n` is accepted too), quoted fields may hold commas, line breaks and
/// doubled quotes.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    // True while inside a quoted field; `quoted` marks that the current
    // field was quoted (nothing may follow its closing quote but , or \n).
    let mut in_quotes = false;
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                quoted = true;
                at_field_start = false;
            }
            '"' => return Err(format!("line {line}: a quote inside an unquoted field")),
            ',' => {
                record.push(std::mem::take(&mut field));
                quoted = false;
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                quoted = false;
                at_field_start = true;
                line += 1;
            }
            _ if quoted => {
                return Err(format!("line {line}: text after a closing quote"));
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if in_quotes {
        return Err("the file ends inside a quoted field".into());
    }
    if !record.is_empty() || !field.is_empty() {
        return Err("the last record does not end with a line break".into());
    }
    Ok(records)
}

/// A JSON object read with its keys in file order (serde_json's `Map`
/// would sort them).
struct Ordered<T>(Vec<(String, T)>);

impl<T> Ordered<T> {
    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_str()).collect()
    }

    fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    baseline: Value,
    metrics: Ordered<Ordered<Ordered<Value>>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricsJson {
    site: Ordered<Value>,
    periods: Vec<Ordered<Value>>,
    metrics: Vec<Ordered<Value>>,
    counties: Vec<Ordered<Value>>,
    reports: Vec<ReportJson>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportJson {
    county: String,
    period: String,
    title: String,
    date: Option<String>,
    url: String,
    values: Ordered<Value>,
}

/// A built site's schema and data files.
struct Built {
    config: Config,
    csv_text: String,
    csv: Vec<Vec<String>>,
    metrics_text: String,
    summary_text: String,
}

impl Built {
    fn read(site: &SiteTest) -> Self {
        let config = parse_config("site.yaml", &site.read("site.yaml"))
            .unwrap_or_else(|e| panic!("site.yaml does not parse: {e:?}"));
        let csv_text = site.read("public/data/metrics.csv");
        let csv = parse_csv(&csv_text).unwrap_or_else(|e| panic!("metrics.csv: {e}"));
        Built {
            config,
            csv,
            csv_text,
            metrics_text: site.read("public/data/metrics.json"),
            summary_text: site.read("public/data/summary.json"),
        }
    }

    fn metric_ids(&self) -> Vec<&str> {
        self.config.metrics.iter().map(|m| m.id.as_str()).collect()
    }

    fn period_ids(&self) -> Vec<&str> {
        self.config.periods.iter().map(|p| p.id.as_str()).collect()
    }

    fn metrics_json(&self) -> MetricsJson {
        serde_json::from_str(&self.metrics_text)
            .unwrap_or_else(|e| panic!("metrics.json does not parse: {e}"))
    }
}

/// metrics.csv read into a panel: (county, period, metric) -> value.
struct Panel {
    /// County ids in file order, with whether each is a pilot.
    counties: Vec<(String, bool)>,
    /// County id -> its name as the CSV gives it.
    names: BTreeMap<String, String>,
    /// As reported (the `value` column).
    values: BTreeMap<(String, String, String), Option<f64>>,
    /// The `comparable` column, which the statistics are computed on.
    comparable: BTreeMap<(String, String, String), Option<f64>>,
}

impl Panel {
    fn value(&self, county: &str, period: &str, metric: &str) -> Option<f64> {
        self.values
            .get(&(county.to_string(), period.to_string(), metric.to_string()))
            .copied()
            .flatten()
    }

    fn comparable(&self, county: &str, period: &str, metric: &str) -> Option<f64> {
        self.comparable
            .get(&(county.to_string(), period.to_string(), metric.to_string()))
            .copied()
            .flatten()
    }
}

/// SPEC 4.5 from metrics.json alone: each period's `months`, each metric's
/// `measure`, and m*, the most common length (the shorter on a tie).
struct Lengths {
    months: BTreeMap<String, f64>,
    flow: BTreeMap<String, bool>,
    usual: f64,
}

impl Lengths {
    fn of(json: &MetricsJson) -> Self {
        let months: BTreeMap<String, f64> = json
            .periods
            .iter()
            .map(|p| {
                let id = p.get("id").and_then(Value::as_str).expect("period id");
                let months = p
                    .get("months")
                    .and_then(Value::as_f64)
                    .expect("period months");
                (id.to_string(), months)
            })
            .collect();
        let flow = json
            .metrics
            .iter()
            .map(|m| {
                let id = m.get("id").and_then(Value::as_str).expect("metric id");
                let measure = m.get("measure").and_then(Value::as_str).expect("measure");
                assert!(
                    matches!(measure, "stock" | "flow"),
                    "{id}: measure {measure}"
                );
                (id.to_string(), measure == "flow")
            })
            .collect();
        let mut count: Vec<(f64, usize)> = Vec::new();
        for m in months.values() {
            match count.iter_mut().find(|(x, _)| x == m) {
                Some(entry) => entry.1 += 1,
                None => count.push((*m, 1)),
            }
        }
        let most = count.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let usual = count
            .iter()
            .filter(|(_, n)| *n == most)
            .map(|(m, _)| *m)
            .fold(f64::INFINITY, f64::min);
        let published = json.site.get("comparable_months").and_then(Value::as_f64);
        assert_eq!(
            published,
            Some(usual),
            "metrics.json site.comparable_months"
        );
        Lengths {
            months,
            flow,
            usual,
        }
    }

    /// The comparable value of `value`, recomputed.
    fn comparable(&self, period: &str, metric: &str, value: f64) -> f64 {
        if self.flow[metric] {
            value * self.usual / self.months[period]
        } else {
            value
        }
    }
}

/// Checks the CSV's shape (header, one row per county, period and metric in
/// site order, value formats by kind) and reads it into a panel.
fn read_panel(built: &Built, expected_counties: usize) -> Panel {
    let rows = &built.csv;
    assert!(!rows.is_empty(), "metrics.csv is empty");
    assert_eq!(rows[0], HEADER, "metrics.csv header");
    assert!(
        built.csv_text.ends_with('\n') && !built.csv_text.contains('\r'),
        "metrics.csv lines must end with \\n"
    );
    let data = &rows[1..];
    let periods = built.period_ids();
    let metrics = built.metric_ids();
    let per_county = periods.len() * metrics.len();
    assert_eq!(
        data.len(),
        expected_counties * per_county,
        "metrics.csv must have counties x periods x metrics = {expected_counties} x {} x {} rows",
        periods.len(),
        metrics.len()
    );
    let mut panel = Panel {
        counties: Vec::new(),
        names: BTreeMap::new(),
        values: BTreeMap::new(),
        comparable: BTreeMap::new(),
    };
    let lengths = Lengths::of(&built.metrics_json());
    for (i, row) in data.iter().enumerate() {
        let line = i + 2;
        assert_eq!(row.len(), 7, "metrics.csv line {line}: {row:?}");
        let (county, name, group, period, metric, raw, raw_comparable) = (
            &row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6],
        );
        let pilot = match group.as_str() {
            "pilot" => true,
            "control" => false,
            other => panic!("metrics.csv line {line}: group `{other}`"),
        };
        if i % per_county == 0 {
            assert!(
                !panel.names.contains_key(county),
                "metrics.csv line {line}: county {county} appears in two blocks"
            );
            panel.counties.push((county.clone(), pilot));
            panel.names.insert(county.clone(), name.clone());
        }
        let (block_county, block_pilot) = panel.counties.last().expect("a county");
        assert_eq!(
            (county, pilot, name),
            (block_county, *block_pilot, &panel.names[block_county]),
            "metrics.csv line {line}: county, group or name changes inside a county's rows"
        );
        let (p, m) = ((i / metrics.len()) % periods.len(), i % metrics.len());
        assert_eq!(
            (period.as_str(), metric.as_str()),
            (periods[p], metrics[m]),
            "metrics.csv line {line}: rows out of period/metric order"
        );
        let kind = built.config.metrics[m].kind;
        let value = parse_value(kind, raw)
            .unwrap_or_else(|e| panic!("metrics.csv line {line}: {metric} = `{raw}`: {e}"));
        // A scaled count need not be whole: read it as a number.
        let comparable_kind = if kind == Kind::Count {
            Kind::Number
        } else {
            kind
        };
        let comparable = parse_value(comparable_kind, raw_comparable).unwrap_or_else(|e| {
            panic!("metrics.csv line {line}: {metric} comparable `{raw_comparable}`: {e}")
        });
        let expected = value.map(|v| lengths.comparable(period, metric, v));
        assert!(
            match (comparable, expected) {
                (Some(a), Some(b)) => same_number(a, b),
                (a, b) => a == b,
            },
            "metrics.csv line {line}: {metric} comparable is {comparable:?}, \
             recomputed from value, months and measure {expected:?}"
        );
        let key = (county.clone(), period.clone(), metric.clone());
        panel.values.insert(key.clone(), value);
        panel.comparable.insert(key, comparable);
    }
    panel
}

/// A CSV value by its metric's kind: empty is null, bools are true/false,
/// counts are written without a decimal point.
fn parse_value(kind: Kind, raw: &str) -> Result<Option<f64>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    match kind {
        Kind::Bool => match raw {
            "true" => Ok(Some(1.0)),
            "false" => Ok(Some(0.0)),
            _ => Err("a bool must be true or false".into()),
        },
        Kind::Count if !raw.bytes().all(|b| b.is_ascii_digit()) => {
            Err("a count must be written as a whole number".into())
        }
        _ => {
            let v: f64 = raw.parse().map_err(|e| format!("not a number: {e}"))?;
            if !v.is_finite() || raw.contains(['e', 'E']) {
                return Err("expected a finite number without an exponent".into());
            }
            Ok(Some(v))
        }
    }
}

// ---------------------------------------------------------------------------
// SPEC section 2, recomputed

/// One metric at one period, as SPEC section 2 defines it.
#[derive(Debug, Default)]
struct Expected {
    pilot_mean: Option<f64>,
    pilot_n: usize,
    control_mean: Option<f64>,
    control_n: usize,
    pilot_change: Option<f64>,
    control_change: Option<f64>,
    did: Option<f64>,
    perm: Option<Perm>,
}

/// SPEC 4.1 for one metric at one period, recomputed.
#[derive(Debug)]
struct Perm {
    exact: bool,
    assignments: Option<u64>,
    p: f64,
    low: f64,
    high: f64,
}

/// Every k-subset of 0..n, by recursion (a different walk from the
/// module's), calling `visit` with each as a membership list.
fn subsets(n: usize, k: usize, visit: &mut impl FnMut(&[bool])) {
    fn go(i: usize, left: usize, chosen: &mut Vec<bool>, visit: &mut impl FnMut(&[bool])) {
        let n = chosen.len();
        if left == 0 {
            visit(chosen);
            return;
        }
        if n - i < left {
            return;
        }
        chosen[i] = true;
        go(i + 1, left - 1, chosen, visit);
        chosen[i] = false;
        go(i + 1, left, chosen, visit);
    }
    go(0, k, &mut vec![false; n], visit);
}

/// C(n, k) in floating point (only compared with 100,000).
fn choose(n: usize, k: usize) -> f64 {
    (0..k).map(|i| (n - i) as f64 / (i + 1) as f64).product()
}

/// erfc(x) for x >= 0, without any library: the Taylor series of erf for
/// small x, Lentz's continued fraction for the tail.
fn erfc(x: f64) -> f64 {
    if x < 2.5 {
        // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
        let (mut term, mut sum, mut n) = (x, x, 0.0);
        loop {
            n += 1.0;
            term *= -x * x / n;
            let add = term / (2.0 * n + 1.0);
            sum += add;
            if add.abs() <= 1e-17 * sum.abs() {
                break;
            }
        }
        1.0 - sum * 2.0 / std::f64::consts::PI.sqrt()
    } else {
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
        let tiny = 1e-300;
        let (mut f, mut c, mut d) = (x, x, 0.0);
        for i in 1..500 {
            let a = f64::from(i) / 2.0;
            d = x + a * d;
            d = if d.abs() < tiny { tiny } else { d };
            c = x + a / c;
            c = if c.abs() < tiny { tiny } else { c };
            d = 1.0 / d;
            let delta = c * d;
            f *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (-x * x).exp() / std::f64::consts::PI.sqrt() / f
    }
}

/// SPEC 4.1 from the changes of the counties with both values.
fn perm(changes: &[(f64, bool)]) -> Option<Perm> {
    let n = changes.len();
    let k = changes.iter().filter(|(_, p)| *p).count();
    if k == 0 || k == n {
        return None;
    }
    let mean_of = |members: &[bool], inside: bool| {
        let v: Vec<f64> = changes
            .iter()
            .zip(members)
            .filter(|(_, m)| **m == inside)
            .map(|((d, _), _)| *d)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let real: Vec<bool> = changes.iter().map(|(_, p)| *p).collect();
    let observed = mean_of(&real, true) - mean_of(&real, false);
    if choose(n, k) <= 100_000.0 {
        let mut all = Vec::new();
        subsets(n, k, &mut |members| {
            all.push(mean_of(members, true) - mean_of(members, false))
        });
        let big = all
            .iter()
            .filter(|v| v.abs() >= observed.abs() - 1e-9 * observed.abs().max(1.0))
            .count();
        all.sort_by(f64::total_cmp);
        let count = all.len();
        let rank = |per_mille: usize| (count * per_mille).div_ceil(1000);
        Some(Perm {
            exact: true,
            assignments: Some(count as u64),
            p: big as f64 / count as f64,
            low: all[rank(25) - 1],
            high: all[rank(975) - 1],
        })
    } else {
        let nf = n as f64;
        let m = changes.iter().map(|(d, _)| d).sum::<f64>() / nf;
        let s2 = changes.iter().map(|(d, _)| (d - m) * (d - m)).sum::<f64>() / nf;
        let kf = k as f64;
        let sd = (nf * nf * s2 / (kf * (nf - kf) * (nf - 1.0))).sqrt();
        Some(Perm {
            exact: false,
            assignments: None,
            p: if sd == 0.0 {
                1.0
            } else {
                erfc(observed.abs() / sd / 2f64.sqrt())
            },
            low: -1.959963984540054 * sd,
            high: 1.959963984540054 * sd,
        })
    }
}

/// The arithmetic mean and count of some values; no mean without values.
fn mean(values: &[f64]) -> (Option<f64>, usize) {
    if values.is_empty() {
        (None, 0)
    } else {
        let total: f64 = values.iter().sum();
        (Some(total / values.len() as f64), values.len())
    }
}

fn expected(panel: &Panel, metric: &str, period: &str, baseline: Option<&str>) -> Expected {
    let mut e = Expected::default();
    for pilot in [true, false] {
        let group = panel.counties.iter().filter(|(_, p)| *p == pilot);
        let values: Vec<f64> = group
            .clone()
            .filter_map(|(c, _)| panel.comparable(c, period, metric))
            .collect();
        let changes: Vec<f64> = match baseline {
            Some(b) => group
                .filter_map(|(c, _)| {
                    let now = panel.comparable(c, period, metric)?;
                    let before = panel.comparable(c, b, metric)?;
                    Some(now - before)
                })
                .collect(),
            None => Vec::new(),
        };
        let (m, n) = mean(&values);
        let (change, _) = mean(&changes);
        if pilot {
            (e.pilot_mean, e.pilot_n, e.pilot_change) = (m, n, change);
        } else {
            (e.control_mean, e.control_n, e.control_change) = (m, n, change);
        }
    }
    e.did = match (e.pilot_change, e.control_change) {
        (Some(p), Some(c)) => Some(p - c),
        _ => None,
    };
    if let Some(b) = baseline.filter(|b| *b != period) {
        let changes: Vec<(f64, bool)> = panel
            .counties
            .iter()
            .filter_map(|(c, pilot)| {
                let now = panel.comparable(c, period, metric)?;
                let before = panel.comparable(c, b, metric)?;
                Some((now - before, *pilot))
            })
            .collect();
        e.perm = perm(&changes);
    }
    e
}

/// Equal within 1e-9 relative (to the larger magnitude, and at least 1, so
/// that a difference in differences of 0 and 1e-17 also agree).
fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The same number, allowing for serde_json's reader: without its
/// `float_roundtrip` feature (not enabled here) it may land one or two units
/// in the last place away from the correctly rounded value of a literal, so
/// `0.9090909090909091` can read back as `0.9090909090909092`.
fn same_number(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs())
}

fn show(v: Option<f64>) -> String {
    v.map_or("null".to_string(), |x| x.to_string())
}

/// Compares every number of summary.json with the recomputed one; returns
/// one line per difference.
fn summary_differences(built: &Built, panel: &Panel) -> Vec<String> {
    let raw: Value = serde_json::from_str(&built.summary_text)
        .unwrap_or_else(|e| panic!("summary.json does not parse: {e}"));
    let top: Vec<&String> = raw.as_object().expect("an object").keys().collect();
    assert_eq!(top, ["baseline", "metrics"], "summary.json top-level keys");
    let summary: Summary = serde_json::from_str(&built.summary_text)
        .unwrap_or_else(|e| panic!("summary.json has the wrong shape: {e}"));
    let baseline = built.config.baseline.map(|b| built.period_ids()[b]);
    assert_eq!(
        summary.baseline,
        baseline.map_or(Value::Null, |b| Value::String(b.into())),
        "summary.json baseline"
    );
    assert_eq!(
        summary.metrics.keys(),
        built.metric_ids(),
        "summary.json must list every metric, in site.yaml order"
    );
    let mut diffs = Vec::new();
    for (metric, periods) in &summary.metrics.0 {
        assert_eq!(
            periods.keys(),
            built.period_ids(),
            "summary.json {metric}: every period, in order"
        );
        for (period, cell) in &periods.0 {
            assert_eq!(
                cell.keys(),
                SUMMARY_FIELDS,
                "summary.json {metric} {period}: fields"
            );
            let e = expected(panel, metric, period, baseline);
            let numbers = [
                ("pilot_mean", e.pilot_mean),
                ("control_mean", e.control_mean),
                ("pilot_change", e.pilot_change),
                ("control_change", e.control_change),
                ("did", e.did),
                ("perm_p", e.perm.as_ref().map(|p| p.p)),
                ("placebo_low", e.perm.as_ref().map(|p| p.low)),
                ("placebo_high", e.perm.as_ref().map(|p| p.high)),
            ];
            for (field, want) in numbers {
                let got = cell.get(field).expect("checked above");
                let ok = match (got, want) {
                    (Value::Null, None) => true,
                    (Value::Number(n), Some(w)) => n.as_f64().is_some_and(|g| close(g, w)),
                    _ => false,
                };
                if !ok {
                    diffs.push(format!(
                        "{metric} {period} {field}: summary.json has {got}, recomputed {}",
                        show(want)
                    ));
                }
            }
            let exact = e.perm.as_ref().map(|p| Value::Bool(p.exact));
            let assignments = e.perm.as_ref().and_then(|p| p.assignments).map(Value::from);
            for (field, want) in [("perm_exact", exact), ("perm_assignments", assignments)] {
                let got = cell.get(field).expect("checked above");
                if *got != want.clone().unwrap_or(Value::Null) {
                    diffs.push(format!(
                        "{metric} {period} {field}: summary.json has {got}, recomputed {want:?}"
                    ));
                }
            }
            for (field, want) in [("pilot_n", e.pilot_n), ("control_n", e.control_n)] {
                let got = cell.get(field).expect("checked above");
                if got.as_u64() != Some(want as u64) {
                    diffs.push(format!(
                        "{metric} {period} {field}: summary.json has {got}, recomputed {want}"
                    ));
                }
            }
        }
    }
    diffs
}

fn assert_summary_matches(site: &SiteTest, counties: usize) {
    let built = Built::read(site);
    let panel = read_panel(&built, counties);
    let diffs = summary_differences(&built, &panel);
    assert!(
        diffs.is_empty(),
        "{} numbers of summary.json differ from SPEC section 2 recomputed from metrics.csv:\n{}",
        diffs.len(),
        diffs
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ---------------------------------------------------------------------------
// metrics.json against metrics.csv

fn assert_metrics_json_agrees(site: &SiteTest, counties: usize) {
    let built = Built::read(site);
    let panel = read_panel(&built, counties);
    let json = built.metrics_json();
    assert!(built.metrics_text.ends_with('\n'), "trailing newline");

    // Schema and periods in site.yaml order, every field present.
    let ids: Vec<&str> = json
        .metrics
        .iter()
        .map(|m| m.get("id").and_then(Value::as_str).unwrap_or("?"))
        .collect();
    assert_eq!(ids, built.metric_ids(), "metrics.json metrics vs site.yaml");
    for (m, metric) in json.metrics.iter().zip(&built.config.metrics) {
        let keys = m.keys();
        assert_eq!(
            keys[..12],
            [
                "id",
                "label",
                "label_en",
                "kind",
                "measure",
                "unit",
                "better",
                "category",
                "required",
                "min",
                "max",
                "description"
            ],
            "metrics.json {}: fields",
            metric.id
        );
        assert_eq!(
            m.get("kind").and_then(Value::as_str),
            Some(metric.kind.name()),
            "metrics.json {}: kind",
            metric.id
        );
        assert_eq!(
            m.get("measure").and_then(Value::as_str),
            Some(metric.measure.name()),
            "metrics.json {}: measure",
            metric.id
        );
        let derived = keys.get(12).copied();
        let expected = metric.derived.as_ref().map(|d| match d {
            pilotsite::content::Derived::RatioOf(..) => "ratio_of",
            pilotsite::content::Derived::SumOf(..) => "sum_of",
        });
        assert_eq!(derived, expected, "metrics.json {}: derivation", metric.id);
    }
    let periods: Vec<&str> = json
        .periods
        .iter()
        .map(|p| p.get("id").and_then(Value::as_str).unwrap_or("?"))
        .collect();
    assert_eq!(periods, built.period_ids(), "metrics.json periods");
    assert_eq!(
        json.site.keys(),
        [
            "title",
            "description",
            "base_url",
            "language",
            "baseline",
            "comparable_months"
        ],
        "metrics.json site"
    );

    // Counties: same order, names and groups as the CSV.
    let csv_counties: Vec<(&str, &str, &str)> = panel
        .counties
        .iter()
        .map(|(id, pilot)| {
            let group = if *pilot { "pilot" } else { "control" };
            (id.as_str(), panel.names[id].as_str(), group)
        })
        .collect();
    let json_counties: Vec<(&str, &str, &str)> = json
        .counties
        .iter()
        .map(|c| {
            let s = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("?");
            (s("id"), s("name"), s("group"))
        })
        .collect();
    assert_eq!(json_counties, csv_counties, "metrics.json counties vs CSV");

    // Reports: every value equals the CSV's; rows without a report are empty.
    let metrics = built.metric_ids();
    let mut reported = BTreeMap::new();
    let mut diffs = Vec::new();
    for r in &json.reports {
        assert!(!r.title.is_empty() && r.url.ends_with('/'), "{}", r.url);
        assert!(r.date.as_deref().is_none_or(|d| d.len() == 10));
        assert_eq!(
            r.values.keys(),
            metrics,
            "metrics.json report {} {}: values in schema order",
            r.county,
            r.period
        );
        assert!(
            reported
                .insert((r.county.clone(), r.period.clone()), ())
                .is_none(),
            "two reports for {} {}",
            r.county,
            r.period
        );
        for (metric, got) in &r.values.0 {
            let want = panel.value(&r.county, &r.period, metric);
            let ok = match (got, want) {
                (Value::Null, None) => true,
                (Value::Bool(b), Some(w)) => w == if *b { 1.0 } else { 0.0 },
                (Value::Number(n), Some(w)) => n.as_f64().is_some_and(|g| same_number(g, w)),
                _ => false,
            };
            if !ok {
                diffs.push(format!(
                    "{} {} {metric}: metrics.json has {got}, metrics.csv has {}",
                    r.county,
                    r.period,
                    show(want)
                ));
            }
        }
    }
    for (county, _) in &panel.counties {
        for period in built.period_ids() {
            if reported.contains_key(&(county.clone(), period.to_string())) {
                continue;
            }
            for metric in &metrics {
                if let Some(v) = panel.value(county, period, metric) {
                    diffs.push(format!(
                        "{county} {period} {metric}: no report in metrics.json, metrics.csv has {v}"
                    ));
                }
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "metrics.json and metrics.csv differ:\n{}",
        diffs
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ---------------------------------------------------------------------------
// metrics.xlsx against metrics.csv

/// metrics.xlsx as openpyxl reads it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Workbook {
    created: Option<String>,
    modified: Option<String>,
    zip_times: Vec<Vec<u32>>,
    sheets: Vec<Sheet>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Sheet {
    name: String,
    freeze: Option<String>,
    rows: Vec<Vec<Option<XlsxCell>>>,
}

/// A cell that is not empty: openpyxl's type (`int`, `float`, `bool`,
/// `str`), the value as text (a float's `repr`, exact) and the number format.
#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct XlsxCell {
    t: String,
    v: String,
    f: String,
}

impl Sheet {
    fn cell(&self, row: usize, col: usize) -> Option<&XlsxCell> {
        self.rows.get(row)?.get(col)?.as_ref()
    }

    fn text(&self, row: usize, col: usize) -> &str {
        self.cell(row, col).map_or("", |c| c.v.as_str())
    }

    /// Every text of the sheet, one cell a line.
    fn all_text(&self) -> String {
        let cells = self.rows.iter().flatten().flatten();
        cells.map(|c| c.v.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Reads a built site's metrics.xlsx with openpyxl, through `$PYTHON`
/// (default `python3`, `python` on Windows).
fn read_xlsx(site: &SiteTest) -> Workbook {
    let path = site.root().join("public/data/metrics.xlsx");
    let script = repo_root().join("tests/xlsx_cells.py");
    let out = crate::harness::openpyxl(&[script.as_os_str(), path.as_os_str()]);
    serde_json::from_slice(&out).expect("tests/xlsx_cells.py prints JSON")
}

/// What a site's workbook is expected to call things.
struct XlsxWords<'a> {
    about: &'a str,
    sheets: Vec<String>,
    pilot: &'a str,
    control: &'a str,
}

/// Checks metrics.xlsx against metrics.csv: one sheet per period after the
/// first, the two header rows, a row per county in CSV order with its id,
/// name and group, and every figure: a number (a boolean for bool metrics)
/// equal to the CSV's, formatted by kind, or an empty cell where the CSV is
/// empty. Returns the workbook for further checks.
fn assert_xlsx_agrees(site: &SiteTest, counties: usize, words: &XlsxWords) -> Workbook {
    let built = Built::read(site);
    let panel = read_panel(&built, counties);
    let book = read_xlsx(site);
    let config = &built.config;
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    let mut expected = vec![words.about];
    expected.extend(words.sheets.iter().map(String::as_str));
    assert_eq!(names, expected, "metrics.xlsx sheets");
    assert!(
        book.zip_times
            .iter()
            .all(|t| t[..] == [1980, 1, 1, 0, 0, 0]),
        "every zip entry is stamped 1980-01-01: {:?}",
        book.zip_times
    );

    let mut diffs = Vec::new();
    for (p, period) in config.periods.iter().enumerate() {
        let sheet = &book.sheets[p + 1];
        let at = |row: usize, col: usize| format!("{}!R{}C{}", sheet.name, row + 1, col + 1);
        assert_eq!(
            sheet.freeze.as_deref(),
            Some("C3"),
            "{}: frozen panes",
            sheet.name
        );
        let ids: Vec<&str> = (0..3 + config.metrics.len())
            .map(|col| sheet.text(1, col))
            .collect();
        let mut want = vec!["county", "county_name", "group"];
        want.extend(built.metric_ids());
        assert_eq!(ids, want, "{}: the id header row", sheet.name);
        assert!(
            sheet
                .rows
                .iter()
                .all(|r| r.len() == 3 + config.metrics.len()),
            "{}: one column per metric after id, name and group",
            sheet.name
        );
        for (m, metric) in config.metrics.iter().enumerate() {
            let label = sheet.text(0, 3 + m);
            let shown = match config.language {
                pilotsite::content::Language::En => {
                    metric.label_en.as_ref().unwrap_or(&metric.label)
                }
                pilotsite::content::Language::ZhCn => &metric.label,
            };
            assert!(
                label.contains(shown.as_str())
                    && metric
                        .unit
                        .as_ref()
                        .is_none_or(|u| label.contains(u.as_str())),
                "{}: the heading of {} is `{label}`",
                at(0, 3 + m),
                metric.id
            );
        }
        assert_eq!(
            sheet.rows.len(),
            2 + counties,
            "{}: two header rows and a row per county",
            sheet.name
        );
        for (i, (county, pilot)) in panel.counties.iter().enumerate() {
            let row = 2 + i;
            let group = if *pilot { words.pilot } else { words.control };
            assert_eq!(
                [sheet.text(row, 0), sheet.text(row, 1), sheet.text(row, 2)],
                [county.as_str(), panel.names[county].as_str(), group],
                "{}: county, name and group",
                at(row, 0)
            );
            for (m, metric) in config.metrics.iter().enumerate() {
                let want = panel.value(county, &period.id, &metric.id);
                let got = sheet.cell(row, 3 + m);
                let ok = match (got, want) {
                    (None, None) => true,
                    (Some(c), Some(w)) if metric.kind == Kind::Bool => {
                        c.t == "bool" && c.v == if w != 0.0 { "true" } else { "false" }
                    }
                    (Some(c), Some(w)) => {
                        let format_ok = match metric.kind {
                            Kind::Ratio => c.f == "0.0%",
                            Kind::Count => c.f == "#,##0",
                            Kind::Money => c.f == "#,##0.00",
                            _ => c.f != "General" && c.f != "@",
                        };
                        matches!(c.t.as_str(), "int" | "float")
                            && c.v.parse::<f64>().ok() == Some(w)
                            && format_ok
                    }
                    _ => false,
                };
                if !ok {
                    diffs.push(format!(
                        "{} ({county} {} {}): metrics.xlsx has {got:?}, metrics.csv has {}",
                        at(row, 3 + m),
                        period.id,
                        metric.id,
                        show(want)
                    ));
                }
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "{} cells of metrics.xlsx differ from metrics.csv:\n{}",
        diffs.len(),
        diffs
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );

    // The document's time is the latest report date, not the build's.
    let json = built.metrics_json();
    let latest = json.reports.iter().filter_map(|r| r.date.clone()).max();
    let latest = latest.map_or("1980-01-01T00:00:00".into(), |d| format!("{d}T00:00:00"));
    assert_eq!(book.created.as_deref(), Some(latest.as_str()), "created");
    assert_eq!(book.modified.as_deref(), Some(latest.as_str()), "modified");
    book
}

// ---------------------------------------------------------------------------
// The tests

#[test]
fn example_data_files_agree_with_each_other_and_the_statistics() {
    let site = SiteTest::example();
    site.build();
    assert_summary_matches(&site, 9);
    assert_metrics_json_agrees(&site, 9);
}

#[test]
fn generated_data_files_agree_with_each_other_and_the_statistics() {
    let site = generate::site(120, 5, 7);
    site.build();
    assert_summary_matches(&site, 120);
    assert_metrics_json_agrees(&site, 120);
    // 120 counties: every comparison uses the normal approximation.
    let summary = site.read("public/data/summary.json");
    assert!(summary.contains("\"perm_exact\": false"));
    assert!(!summary.contains("\"perm_exact\": true"));
}

/// SPEC 4.1 enumerated: a small generated site with missing reports and
/// nulls, so the counties in each comparison differ by metric and period.
#[test]
fn randomization_inference_is_recomputed_on_a_site_with_gaps() {
    let site = generate::site(13, 6, 21);
    site.build();
    assert_summary_matches(&site, 13);
    let summary = site.read("public/data/summary.json");
    assert!(summary.contains("\"perm_exact\": true"));
    // Gaps make some comparisons rest on fewer counties than others.
    let counts: std::collections::BTreeSet<&str> = summary
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"perm_assignments\": "))
        .collect();
    assert!(counts.len() > 2, "assignment counts: {counts:?}");
}

#[test]
fn generated_site_is_deterministic_and_has_nulls_and_gaps() {
    let a = generate::site(30, 4, 3);
    let b = generate::site(30, 4, 3);
    let tree = |s: &SiteTest| crate::harness::read_tree(s.root());
    assert_eq!(tree(&a), tree(&b), "same seed, same files");
    a.run(&["check"]).assert_success();
    a.build();
    let built = Built::read(&a);
    let panel = read_panel(&built, 30);
    assert_eq!(built.metric_ids(), generate::METRICS);
    assert_eq!(built.period_ids(), generate::period_ids(4));
    // Some reports are missing, some values null, and there are both groups.
    let json = built.metrics_json();
    assert!(json.reports.len() < 30 * 4, "some county skips a period");
    assert!(panel.values.values().any(Option::is_none));
    assert!(panel.counties.iter().any(|(_, p)| *p));
    assert!(panel.counties.iter().any(|(_, p)| !*p));
    assert!(
        panel
            .values
            .iter()
            .any(|((_, _, m), v)| m == "net_migration" && v.is_some_and(|x| x < 0.0)),
        "a negative number"
    );
    // County names are 2 to 8 characters long.
    for (id, name) in &panel.names {
        let len = name.chars().count();
        assert!(
            (2..=8).contains(&len),
            "{id}: name `{name}` has {len} characters"
        );
    }
    let summary: Summary = serde_json::from_str(&built.summary_text).expect("summary.json");
    assert_eq!(summary.baseline, Value::String("2018".into()));
}

#[test]
fn csv_quotes_county_names_with_commas_quotes_and_line_breaks() {
    let site = generate::site(3, 2, 11);
    let name = "甲,乙\"丙\"\n丁县";
    site.write(
        "content/counties/c002/_index.md",
        "---\nname: \"甲,乙\\\"丙\\\"\\n丁县\"\npilot: false\n---\nA county with an awkward name.\n",
    );
    site.build();
    let built = Built::read(&site);
    assert!(
        built.csv_text.contains("\"甲,乙\"\"丙\"\"\n丁县\""),
        "the name is quoted as RFC 4180 asks:\n{}",
        built.csv_text
    );
    let panel = read_panel(&built, 3);
    assert_eq!(panel.names["c002"], name, "the name round-trips");
    let json = built.metrics_json();
    let json_name = json.counties[1].get("name").and_then(Value::as_str);
    assert_eq!(json_name, Some(name));
}

#[test]
fn csv_parser_handles_quoting() {
    let rows = parse_csv("a,\"b,c\",\"d\"\"e\"\n,\"x\ny\",\n").expect("valid CSV");
    assert_eq!(rows, [vec!["a", "b,c", "d\"e"], vec!["", "x\ny", ""]]);
    assert!(parse_csv("a\"b\n").is_err());
    assert!(parse_csv("\"ab\n").is_err());
    assert!(parse_csv("\"a\"b\n").is_err());
    assert!(parse_csv("a,b").is_err());
}

#[test]
fn example_workbook_holds_the_csv_figures_and_says_what_it_is() {
    let site = SiteTest::example();
    site.build();
    let labels = [
        "2018年（基线）",
        "2019年上半年",
        "2019年下半年",
        "2020年上半年",
        "2020年下半年",
    ];
    let words = XlsxWords {
        about: "说明",
        sheets: labels.iter().map(|s| s.to_string()).collect(),
        pilot: "试点地区",
        control: "非试点地区",
    };
    let book = assert_xlsx_agrees(&site, 9, &words);
    // Every county's Chinese name is in every period's sheet.
    for name in [
        "东台市",
        "盐都区",
        "亭湖区",
        "大丰区",
        "建湖县",
        "射阳县",
        "阜宁县",
        "滨海县",
        "响水县",
    ] {
        for sheet in &book.sheets[1..] {
            assert!(sheet.all_text().contains(name), "{}: {name}", sheet.name);
        }
    }
    // A heading in the site's words, with its unit.
    assert_eq!(book.sheets[1].text(0, 3), "乡镇（街道）总数（个）");
    // The first sheet says what the file is, names the baseline and warns
    // that the figures are illustrative, near the top.
    let about = &book.sheets[0];
    let text = about.all_text();
    for needle in [
        "盐城市科协“四+一”试点工作展示",
        "每个工作表是一个报告期",
        "每行一个县（市、区），每列一个指标",
        "未填报",
        "基线期",
        "2018年（基线）",
        "/data/metrics.csv",
        "/data/metrics.json",
    ] {
        assert!(
            text.contains(needle),
            "the first sheet lacks `{needle}`:\n{text}"
        );
    }
    assert!(
        about.text(1, 0).contains("示例数据，非官方统计"),
        "the second line of the first sheet is the notice:\n{text}"
    );

    // Two builds, the same bytes.
    let first = std::fs::read(site.root().join("public/data/metrics.xlsx")).expect("read");
    site.build();
    let second = std::fs::read(site.root().join("public/data/metrics.xlsx")).expect("read");
    assert!(first == second, "metrics.xlsx differs between two builds");
    println!("metrics.xlsx of the example site: {} bytes", first.len());
}

#[test]
fn generated_workbook_holds_the_csv_figures() {
    let site = generate::site(120, 5, 7);
    site.build();
    let words = XlsxWords {
        about: "说明",
        sheets: generate::period_ids(5)
            .iter()
            .map(|id| generate::period_label(id))
            .collect(),
        pilot: "试点地区",
        control: "非试点地区",
    };
    assert_xlsx_agrees(&site, 120, &words);
}

#[test]
fn workbook_text_is_text_never_a_formula() {
    // Names a spreadsheet could take for formulas or markup stay plain text
    // (stored as strings, so Excel never evaluates them).
    let site = generate::site(3, 2, 11);
    let names = [
        "=HYPERLINK(\"https://example.com\",\"点我\")",
        "+1+cmd|' /C calc'!A0",
        "<b>&amp;\"甲'</b>",
    ];
    for (i, name) in names.iter().enumerate() {
        let yaml_name = name.replace('\\', "\\\\").replace('"', "\\\"");
        site.write(
            &format!("content/counties/c{:03}/_index.md", i + 1),
            &format!(
                "---\nname: \"{yaml_name}\"\npilot: {}\n---\nA county.\n",
                i == 0
            ),
        );
    }
    site.build();
    let book = read_xlsx(&site);
    for sheet in &book.sheets[1..] {
        for (i, name) in names.iter().enumerate() {
            let cell = sheet.cell(2 + i, 1).expect("a name");
            assert_eq!(
                (cell.t.as_str(), cell.v.as_str()),
                ("str", *name),
                "{}",
                sheet.name
            );
        }
    }
    let formulas: Vec<&XlsxCell> = book
        .sheets
        .iter()
        .flat_map(|s| s.rows.iter().flatten().flatten())
        .filter(|c| c.t == "formula")
        .collect();
    assert!(
        formulas.is_empty(),
        "formulas in metrics.xlsx: {formulas:?}"
    );
}

#[test]
fn english_workbook_falls_back_to_ids_for_labels_excel_refuses() {
    let site = SiteTest::fixture("minimal");
    let yaml = site
        .read("site.yaml")
        .replace("label: 2019 H1", "label: 2019/H1");
    site.write("site.yaml", &yaml);
    site.build();
    let words = XlsxWords {
        about: "About",
        sheets: vec!["2018 (baseline)".into(), "2019-H1".into()],
        pilot: "Pilot",
        control: "Non-pilot",
    };
    let book = assert_xlsx_agrees(&site, 2, &words);
    let text = book.sheets[0].all_text();
    assert!(
        text.contains("Each sheet after this one is one period"),
        "{text}"
    );
    assert!(
        text.contains("2018 (baseline): changes are measured from this period"),
        "{text}"
    );
    assert!(
        !text.contains("Illustrative"),
        "the minimal site is not marked illustrative"
    );
    assert_eq!(book.sheets[1].text(0, 9), "Budget (k)");
}
