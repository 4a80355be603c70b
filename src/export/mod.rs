//! The open data downloads: /data/metrics.csv, /data/metrics.json and
//! /data/summary.json, exactly as SPEC section 2 describes them, and
//! /data/metrics.xlsx, the CSV's figures as an Excel workbook ([`xlsx`]),
//! and the fill-in form of one period that `pilotsite form` writes ([`form`]).
//! Pure: builds strings and bytes, writes nothing.
//!
//! Every export reads one table, [`figures`]: one [`Figure`] per county,
//! period and metric, in site order. The CSV writes it row by row; the
//! workbook lays it out one sheet per period; the form one period's typed-in
//! columns; metrics.json gives each report its row ([`figures_of`]).
//!
//! Numbers are never rounded. In the CSV they are written in Rust's shortest
//! round-trip form (`3`, `0.8571428571428571`), counts as whole numbers and
//! booleans as `true`/`false`. metrics.json is compact (it holds every
//! figure of every report), summary.json pretty-printed (two-space indent);
//! both end in a newline and keep every map in schema, period and site
//! order, so the same site always gives the same bytes.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::content::{County, Derived, Kind, Metric, Period, Site};
use crate::stats::{Mean, Stats};
use crate::urls::Urls;

pub mod form;
pub mod xlsx;

pub use form::{FormScope, form_xlsx};
pub use xlsx::metrics_xlsx;

/// The CSV header line, without its line end.
pub const CSV_HEADER: &str = "county,county_name,group,period,metric,value,comparable";

/// A county's group. Fixed by its profile for every period (SPEC section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Pilot,
    Control,
}

impl Group {
    pub fn of(pilot: bool) -> Self {
        if pilot { Group::Pilot } else { Group::Control }
    }

    /// `pilot` or `control`, as metrics.csv and metrics.json name a group.
    pub fn id(self) -> &'static str {
        match self {
            Group::Pilot => "pilot",
            Group::Control => "control",
        }
    }
}

/// One cell of the county × period × metric table: a row of metrics.csv,
/// a cell of metrics.xlsx.
#[derive(Debug, Clone, Copy)]
pub struct Figure<'a> {
    /// Index into `site.counties`.
    pub county_index: usize,
    /// Index into `config.periods`.
    pub period_index: usize,
    /// Index into `config.metrics`.
    pub metric_index: usize,
    pub county: &'a County,
    pub group: Group,
    pub period: &'a Period,
    pub metric: &'a Metric,
    /// As reported: `None` when null or not reported at all. Booleans are
    /// 1.0/0.0.
    pub value: Option<f64>,
    /// The value the statistics use (SPEC 4.5): a flow scaled to the usual
    /// period length, otherwise the value itself.
    pub comparable: Option<f64>,
}

/// Every county × period × metric combination of the site, in site order:
/// counties, then periods, then metrics in schema order (derived ones
/// included). A county without a report for a period still has its figures,
/// every one `None`.
pub fn figures(site: &Site) -> impl Iterator<Item = Figure<'_>> + '_ {
    (0..site.counties.len())
        .flat_map(move |c| (0..site.config.periods.len()).flat_map(move |p| figures_of(site, c, p)))
}

/// The figures of one county and period, every metric in schema order:
/// one row of the table, which metrics.json gives each report.
pub fn figures_of(site: &Site, c: usize, p: usize) -> impl Iterator<Item = Figure<'_>> + '_ {
    let config = &site.config;
    let county = &site.counties[c];
    let period = &config.periods[p];
    let report = site.report_index(c, p).map(|r| &site.reports[r]);
    config.metrics.iter().enumerate().map(move |(m, metric)| {
        let value = report.and_then(|r| r.values.get(m).copied().flatten());
        Figure {
            county_index: c,
            period_index: p,
            metric_index: m,
            county,
            group: Group::of(county.pilot),
            period,
            metric,
            value,
            comparable: value.map(|v| config.comparable(m, p, v)),
        }
    })
}

/// `county,county_name,group,period,metric,value,comparable`: one row per
/// [`Figure`], in the order of [`figures`]; a value that is null or not
/// reported at all is an empty field, and so is its comparable value.
pub fn metrics_csv(site: &Site) -> String {
    let config = &site.config;
    let mut out = String::with_capacity(
        64 * site.counties.len() * config.periods.len() * config.metrics.len() + 64,
    );
    out.push_str(CSV_HEADER);
    out.push('\n');
    for f in figures(site) {
        let format = |v: Option<f64>| {
            v.map(|v| format_value(f.metric.kind, v))
                .unwrap_or_default()
        };
        let (value, comparable) = (format(f.value), format(f.comparable));
        let fields = [
            f.county.id.as_str(),
            f.county.name.as_str(),
            f.group.id(),
            f.period.id.as_str(),
            f.metric.id.as_str(),
            value.as_str(),
            comparable.as_str(),
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_field(&mut out, field);
        }
        out.push('\n');
    }
    out
}

/// `{site, periods, metrics, counties, reports}`.
pub fn metrics_json(site: &Site, urls: &Urls) -> String {
    let config = &site.config;
    let period_id = |i: usize| config.periods.get(i).map(|p| p.id.as_str());
    let metric_ids = |ids: &[usize]| -> Vec<&str> {
        ids.iter()
            .filter_map(|i| config.metrics.get(*i).map(|m| m.id.as_str()))
            .collect()
    };
    let doc = MetricsDoc {
        site: SiteInfo {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            language: config.language.code(),
            baseline: config.baseline.and_then(period_id),
            comparable_months: config.usual_months,
        },
        periods: config
            .periods
            .iter()
            .map(|p| PeriodInfo {
                id: &p.id,
                label: &p.label,
                short: p.short.as_deref(),
                months: p.months,
            })
            .collect(),
        metrics: config
            .metrics
            .iter()
            .map(|m| MetricInfo {
                id: &m.id,
                label: &m.label,
                label_en: m.label_en.as_deref(),
                kind: m.kind.name(),
                measure: m.measure.name(),
                unit: m.unit.as_deref(),
                better: m.better.name(),
                category: m.category.as_deref(),
                required: m.required,
                min: m.min.map(Num),
                max: m.max.map(Num),
                description: m.description.as_deref(),
                ratio_of: match &m.derived {
                    Some(Derived::RatioOf(a, b)) => Some(metric_ids(&[*a, *b])),
                    _ => None,
                },
                sum_of: match &m.derived {
                    Some(Derived::SumOf(v)) => Some(metric_ids(v)),
                    _ => None,
                },
            })
            .collect(),
        counties: site
            .counties
            .iter()
            .map(|c| CountyInfo {
                id: &c.id,
                name: &c.name,
                group: Group::of(c.pilot).id(),
                pilot: c.pilot,
                pilot_since: c.pilot_since.and_then(period_id),
                code: c.code.as_deref(),
                url: urls.county(&c.id),
            })
            .collect(),
        reports: site
            .reports
            .iter()
            .filter_map(|r| {
                let county = site.counties.get(r.county)?;
                let period = config.periods.get(r.period)?;
                Some(ReportInfo {
                    county: &county.id,
                    period: &period.id,
                    title: &r.title,
                    date: r.date.as_deref(),
                    url: urls.report(&county.id, period),
                    values: Ordered(
                        figures_of(site, r.county, r.period)
                            .map(|f| (f.metric.id.as_str(), JsonValue::of(f.metric, f.value)))
                            .collect(),
                    ),
                })
            })
            .collect(),
    };
    to_compact_json(&doc)
}

/// `{baseline, metrics: {metric: {period: {...}}}}`: every statistic shown.
pub fn summary_json(site: &Site, stats: &Stats) -> String {
    let config = &site.config;
    let doc = SummaryDoc {
        baseline: config
            .baseline
            .and_then(|b| config.periods.get(b))
            .map(|p| p.id.as_str()),
        metrics: Ordered(
            config
                .metrics
                .iter()
                .enumerate()
                .map(|(m, metric)| {
                    let periods = config
                        .periods
                        .iter()
                        .enumerate()
                        .map(|(p, period)| (period.id.as_str(), SummaryCell::of(stats, m, p)))
                        .collect();
                    (metric.id.as_str(), Ordered(periods))
                })
                .collect(),
        ),
    };
    to_pretty_json(&doc)
}

/// A value as the CSV writes it: `true`/`false` for booleans, whole numbers
/// without `.0` for counts, otherwise the shortest form that parses back to
/// the same number. Non-finite numbers (which validation rejects) are empty.
pub fn format_value(kind: Kind, value: f64) -> String {
    match kind {
        Kind::Bool => if value != 0.0 { "true" } else { "false" }.to_string(),
        _ => format_number(value),
    }
}

/// The shortest decimal that parses back to `value` (Rust's `Display`, which
/// never uses an exponent and never writes `.0`); `-0` is written `0`;
/// non-finite numbers give an empty string.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    // Adding 0.0 turns -0.0 into 0.0 and changes nothing else.
    format!("{}", value + 0.0)
}

/// Appends one field, quoted as RFC 4180 asks when it holds a comma, a
/// double quote or a line break (quotes inside are doubled).
fn push_csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for ch in field.chars() {
            if ch == '"' {
                out.push('"');
            }
            out.push(ch);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Pretty JSON with a trailing newline. Serialising these borrowed structs
/// cannot fail (all keys are strings, non-finite numbers become null), so
/// an error would only yield an empty document rather than a panic.
fn to_pretty_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Compact JSON with a trailing newline: `metrics.json` holds every
/// figure of every report (10 MB at 10,000 reports pretty-printed, 7 MB
/// so), and is read by programs; `summary.json` is small and stays pretty.
fn to_compact_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A map that serialises its entries in the order given (serde_json's own
/// `Map` would sort them).
struct Ordered<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Ordered<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A number written as a JSON integer when it is whole (and exactly
/// representable as one), else as a float; `null` when not finite.
#[derive(Clone, Copy)]
struct Num(f64);

/// The largest integer below which every whole f64 is exact: 2^53.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        if !x.is_finite() {
            serializer.serialize_none()
        } else if x.fract() == 0.0 && x.abs() < EXACT_INT {
            // Exact: |x| < 2^53 fits an i64 without loss.
            serializer.serialize_i64(x as i64)
        } else {
            serializer.serialize_f64(x)
        }
    }
}

/// A report value in metrics.json: a number, a boolean or null.
enum JsonValue {
    Null,
    Bool(bool),
    Number(Num),
}

impl JsonValue {
    fn of(metric: &Metric, value: Option<f64>) -> Self {
        match (metric.kind, value) {
            (_, None) => JsonValue::Null,
            (Kind::Bool, Some(v)) => JsonValue::Bool(v != 0.0),
            (_, Some(v)) => JsonValue::Number(Num(v)),
        }
    }
}

impl Serialize for JsonValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            JsonValue::Null => serializer.serialize_none(),
            JsonValue::Bool(b) => serializer.serialize_bool(*b),
            JsonValue::Number(n) => n.serialize(serializer),
        }
    }
}

/// The whole of metrics.json.
#[derive(Serialize)]
struct MetricsDoc<'a> {
    site: SiteInfo<'a>,
    periods: Vec<PeriodInfo<'a>>,
    metrics: Vec<MetricInfo<'a>>,
    counties: Vec<CountyInfo<'a>>,
    reports: Vec<ReportInfo<'a>>,
}

/// Site settings in metrics.json.
#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'a str,
    /// The baseline period id, or null.
    baseline: Option<&'a str>,
    /// m*, the usual period length in months: flows are compared per this
    /// many months (SPEC 4.5).
    comparable_months: u32,
}

/// A period in metrics.json.
#[derive(Serialize)]
struct PeriodInfo<'a> {
    id: &'a str,
    label: &'a str,
    /// The shorter label charts use where the full one does not fit, or null.
    short: Option<&'a str>,
    /// The period's length.
    months: u32,
}

/// A metric of the schema in metrics.json, every field of site.yaml.
#[derive(Serialize)]
struct MetricInfo<'a> {
    id: &'a str,
    label: &'a str,
    label_en: Option<&'a str>,
    kind: &'a str,
    /// `stock` or `flow`.
    measure: &'a str,
    unit: Option<&'a str>,
    better: &'a str,
    category: Option<&'a str>,
    required: bool,
    min: Option<Num>,
    max: Option<Num>,
    description: Option<&'a str>,
    /// `[numerator, denominator]`, present only on ratio-derived metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    ratio_of: Option<Vec<&'a str>>,
    /// The summed metrics, present only on sum-derived metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    sum_of: Option<Vec<&'a str>>,
}

/// A county profile in metrics.json.
#[derive(Serialize)]
struct CountyInfo<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    pilot: bool,
    pilot_since: Option<&'a str>,
    code: Option<&'a str>,
    url: String,
}

/// A report in metrics.json: its values keyed by metric id, in schema order.
#[derive(Serialize)]
struct ReportInfo<'a> {
    county: &'a str,
    period: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    url: String,
    values: Ordered<&'a str, JsonValue>,
}

/// The whole of summary.json.
#[derive(Serialize)]
struct SummaryDoc<'a> {
    baseline: Option<&'a str>,
    metrics: Ordered<&'a str, Ordered<&'a str, SummaryCell>>,
}

/// One metric at one period in summary.json.
#[derive(Serialize)]
struct SummaryCell {
    pilot_mean: Option<f64>,
    pilot_n: usize,
    control_mean: Option<f64>,
    control_n: usize,
    pilot_change: Option<f64>,
    control_change: Option<f64>,
    did: Option<f64>,
    perm_exact: Option<bool>,
    perm_assignments: Option<u64>,
    perm_p: Option<f64>,
    placebo_low: Option<f64>,
    placebo_high: Option<f64>,
}

impl SummaryCell {
    fn of(stats: &Stats, metric: usize, period: usize) -> Self {
        let c = stats.cell(metric, period);
        let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
        let mean = |m: &Mean| finite(m.mean);
        SummaryCell {
            pilot_mean: mean(&c.pilot),
            pilot_n: c.pilot.n,
            control_mean: mean(&c.control),
            control_n: c.control.n,
            pilot_change: mean(&c.pilot_change),
            control_change: mean(&c.control_change),
            did: finite(c.did),
            perm_exact: c.inference.map(|i| i.exact),
            perm_assignments: c.inference.and_then(|i| i.assignments),
            perm_p: finite(c.inference.map(|i| i.p)),
            placebo_low: finite(c.inference.map(|i| i.placebo_low)),
            placebo_high: finite(c.inference.map(|i| i.placebo_high)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> String {
        let mut out = String::new();
        push_csv_field(&mut out, s);
        out
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(field("东台市"), "东台市");
        assert_eq!(field(""), "");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(field("\""), "\"\"\"\"");
    }

    #[test]
    fn numbers_are_shortest_round_trip_and_never_rounded() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(-12.5), "-12.5");
        assert_eq!(format_number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_number(1e20), "100000000000000000000");
        assert_eq!(format_number(1e-7), "0.0000001");
        assert_eq!(format_number(f64::NAN), "");
        assert_eq!(format_number(f64::INFINITY), "");
        for x in [1.0 / 3.0, 13.0 / 14.0, 123456.789, -1e-300, 2.5e300] {
            assert_eq!(format_number(x).parse::<f64>().ok(), Some(x));
        }
    }

    #[test]
    fn values_by_kind() {
        assert_eq!(format_value(Kind::Bool, 1.0), "true");
        assert_eq!(format_value(Kind::Bool, 0.0), "false");
        assert_eq!(format_value(Kind::Count, 14.0), "14");
        assert_eq!(format_value(Kind::Money, 135.5), "135.5");
        assert_eq!(format_value(Kind::Ratio, 0.5), "0.5");
    }

    #[test]
    fn json_numbers_and_ordered_maps() {
        let map = Ordered(vec![
            ("z", JsonValue::Number(Num(3.0))),
            ("a", JsonValue::Number(Num(0.25))),
            ("m", JsonValue::Null),
            ("b", JsonValue::Bool(true)),
            ("n", JsonValue::Number(Num(f64::NAN))),
        ]);
        assert_eq!(
            serde_json::to_string(&map).unwrap_or_default(),
            r#"{"z":3,"a":0.25,"m":null,"b":true,"n":null}"#
        );
        assert_eq!(
            serde_json::to_string(&Num(1e300)).unwrap_or_default(),
            "1e+300"
        );
    }
}
