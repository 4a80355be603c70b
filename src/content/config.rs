//! site.yaml: the site's settings, periods and metric schema, and the
//! optional `map:` block (whose file must exist inside the site: the one
//! check here that looks at the disk, and only when a site root is given).

use std::path::Path;

use super::fields::{self, Fields, Sink};
use crate::diagnostics::{Diagnostic, Pos, did_you_mean, shorten};
/// The site's language is the language of its messages too: one type.
pub use crate::messages::Language;
use crate::messages::{Text, hint_did_you_mean};
use crate::text;
use crate::yaml::{self, Node, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Count,
    Number,
    Ratio,
    Money,
    Bool,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Number => "number",
            Kind::Ratio => "ratio",
            Kind::Money => "money",
            Kind::Bool => "bool",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    Neutral,
}

impl Better {
    pub fn name(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
            Better::Neutral => "neutral",
        }
    }
}

/// Whether a figure is a level at the end of its period or a count over it
/// (SPEC 4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A level at the end of the period (associations, members, staff).
    Stock,
    /// Counted over the period (lectures held, person-times trained).
    Flow,
}

impl Measure {
    pub fn name(self) -> &'static str {
        match self {
            Measure::Stock => "stock",
            Measure::Flow => "flow",
        }
    }
}

/// A metric computed from others; indices into `Config::metrics`.
#[derive(Debug, Clone, PartialEq)]
pub enum Derived {
    RatioOf(usize, usize),
    SumOf(Vec<usize>),
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub label: String,
    pub label_en: Option<String>,
    pub kind: Kind,
    pub unit: Option<String>,
    pub better: Better,
    pub category: Option<String>,
    pub required: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub description: Option<String>,
    pub derived: Option<Derived>,
    pub measure: Measure,
    /// Where site.yaml defines it (its `- id:` entry).
    pub pos: Pos,
}

impl Metric {
    /// A typed-in stock metric with no unit, bounds or description, better
    /// higher: the defaults of site.yaml.
    pub fn new(id: &str, label: &str, kind: Kind) -> Metric {
        Metric {
            id: id.into(),
            label: label.into(),
            label_en: None,
            kind,
            unit: None,
            better: Better::Higher,
            category: None,
            required: false,
            min: None,
            max: None,
            description: None,
            derived: None,
            measure: Measure::Stock,
            pos: Pos::new(1, 1),
        }
    }

    /// The label in the site's language.
    pub fn display_label(&self, language: Language) -> &str {
        match (language, &self.label_en) {
            (Language::En, Some(en)) => en,
            _ => &self.label,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub label: String,
    /// A shorter label for where the full one does not fit (a chart's
    /// period axis on a phone): `19上` for `2019年上半年`.
    pub short: Option<String>,
    /// Its length in months: written as `months:`, or known from the id.
    pub months: u32,
}

impl Period {
    /// The URL segment: the id lower-cased.
    pub fn slug(&self) -> String {
        self.id.to_lowercase()
    }
}

#[derive(Debug, Clone)]
pub struct Labels {
    pub county: Option<String>,
    pub pilot: Option<String>,
    pub control: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// As written, with a trailing slash; "/" by default.
    pub base_url: String,
    /// The path part of `base_url`: "/" or "/pilot/".
    pub base_path: String,
    pub language: Language,
    pub theme: String,
    pub unsafe_html: bool,
    pub labels: Labels,
    pub periods: Vec<Period>,
    /// Index into `periods`.
    pub baseline: Option<usize>,
    pub metrics: Vec<Metric>,
    /// m*: the most common period length, the shorter on a tie; flows are
    /// compared per this many months.
    pub usual_months: u32,
    /// The optional `map:` block (SPEC 4.2).
    pub map: Option<MapConfig>,
}

/// Where the county shapes come from (SPEC 4.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapConfig {
    /// Relative to the site root, `/`-separated: a GeoJSON FeatureCollection.
    pub file: String,
    /// The feature property that names the county.
    pub property: String,
    /// The county field the property equals.
    pub matching: MapMatch,
    /// Where the boundaries come from, shown under every map (their
    /// licence usually asks for it).
    pub credit: Option<String>,
}

/// The county field a map feature's property is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapMatch {
    Id,
    Code,
    Name,
}

impl Config {
    /// The comparable value of a figure (SPEC 4.5): a flow scaled from its
    /// period's length to the usual one, a stock as reported. Every
    /// statistic is computed on these; this is the only place the rule is.
    pub fn comparable(&self, metric: usize, period: usize, value: f64) -> f64 {
        let months = self.periods[period].months;
        if self.metrics[metric].measure == Measure::Flow && months != self.usual_months {
            value * f64::from(self.usual_months) / f64::from(months)
        } else {
            value
        }
    }

    /// Whether figures of `metric` at `period` are scaled to be compared.
    pub fn is_scaled(&self, metric: usize, period: usize) -> bool {
        self.metrics[metric].measure == Measure::Flow
            && self.periods[period].months != self.usual_months
    }

    pub fn period_index(&self, id: &str) -> Option<usize> {
        self.periods.iter().position(|p| p.id == id)
    }

    pub fn metric_index(&self, id: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m.id == id)
    }

    /// Replaces the base URL (from `--base-url`), keeping the invariants.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Text> {
        let (base_url, base_path) = split_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "unsafe_html",
    "labels",
    "periods",
    "baseline",
    "metrics",
    "map",
];
const MAP_KEYS: &[&str] = &["file", "property", "match", "credit"];
const METRIC_KEYS: &[&str] = &[
    "id",
    "label",
    "label_en",
    "kind",
    "unit",
    "better",
    "category",
    "required",
    "min",
    "max",
    "description",
    "ratio_of",
    "sum_of",
    "measure",
];

/// The kinds a metric can be, as written in site.yaml.
const KIND_NAMES: &[&str] = &["count", "number", "ratio", "money", "bool"];

/// Words people write for a kind, and the kind they mean.
const KIND_WORDS: &[(&str, &str)] = &[
    ("integer", "count"),
    ("int", "count"),
    ("个数", "count"),
    ("数量", "count"),
    ("计数", "count"),
    ("float", "number"),
    ("decimal", "number"),
    ("数值", "number"),
    ("数字", "number"),
    ("percent", "ratio"),
    ("percentage", "ratio"),
    ("rate", "ratio"),
    ("比率", "ratio"),
    ("比例", "ratio"),
    ("百分比", "ratio"),
    ("覆盖率", "ratio"),
    ("currency", "money"),
    ("amount", "money"),
    ("yuan", "money"),
    ("金额", "money"),
    ("经费", "money"),
    ("boolean", "bool"),
    ("yes/no", "bool"),
    ("是否", "bool"),
    ("是非", "bool"),
];

/// Parses and validates site.yaml. `path` is how errors name it. The
/// `map:` block's file is not looked for (see [`parse_config_at`]).
pub fn parse_config(path: &str, text: &str) -> Result<Config, Vec<Diagnostic>> {
    parse(path, text, None)
}

/// Parses and validates the site.yaml of the site at `root`: as
/// [`parse_config`], and the `map:` block's file must be a file inside the
/// site.
pub fn parse_config_at(root: &Path, path: &str, text: &str) -> Result<Config, Vec<Diagnostic>> {
    parse(path, text, Some(root))
}

fn parse(path: &str, text: &str, root: Option<&Path>) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(path, Pos::new(1, 1), text!("site-empty"))
                .with_help(text!("site-empty-help")),
        ]);
    }
    let node = yaml::parse(text).map_err(|e| {
        let d = e.placed(path, 0, 0);
        vec![d]
    })?;
    let mut diagnostics = Vec::new();
    let mut sink = Sink {
        path,
        line_offset: 0,
        diagnostics: &mut diagnostics,
    };
    let config = read_config(&node, &mut sink, root);
    match config {
        Some(c) if diagnostics.is_empty() => Ok(c),
        _ => {
            if diagnostics.is_empty() {
                diagnostics.push(Diagnostic::error(path, node.pos, text!("site-invalid")));
            }
            Err(diagnostics)
        }
    }
}

fn read_config(node: &Node, sink: &mut Sink, root: Option<&Path>) -> Option<Config> {
    let mut f = Fields::new(node, text!("fields-site"), sink)?;
    let title = f.required_string("title", sink);
    let description = f.string("description", sink);
    let (base_url, base_path) = match f.value("base_url") {
        None => ("/".to_string(), "/".to_string()),
        Some(n) => match fields::string(n, "base_url", sink).map(|s| split_base_url(&s)) {
            Some(Ok(pair)) => pair,
            Some(Err(message)) => {
                sink.error(n, message).help = crate::messages::help(text!("site-base-url-help"));
                ("/".to_string(), "/".to_string())
            }
            None => ("/".to_string(), "/".to_string()),
        },
    };
    let language = match f.value("language") {
        None => Language::ZhCn,
        Some(n) => match fields::string(n, "language", sink).as_deref() {
            Some("zh-CN") => Language::ZhCn,
            Some("en") => Language::En,
            Some(other) => {
                // `zh`, `zh_CN`, `en-GB`: a tag we understand, spelt otherwise.
                let near = Language::from_tag(other).map(|l| l.code());
                sink.error(
                    n,
                    text!(
                        "site-unknown-language",
                        name = shorten(other),
                        hint = hint_did_you_mean(near)
                    ),
                )
                .help = crate::messages::help(text!("site-unknown-language-help"));
                Language::ZhCn
            }
            None => Language::ZhCn,
        },
    };
    let theme = match f.value("theme") {
        None => "default".to_string(),
        Some(n) => match fields::string(n, "theme", sink) {
            Some(t) if fields::is_slug_id(&t) => t,
            Some(t) => {
                sink.error(n, text!("site-theme-name", name = shorten(&t)))
                    .help = crate::messages::help(text!("site-theme-name-help"));
                "default".to_string()
            }
            None => "default".to_string(),
        },
    };
    let unsafe_html = f
        .value("unsafe_html")
        .and_then(|n| fields::boolean(n, "unsafe_html", sink))
        .unwrap_or(false);
    let labels = read_labels(f.value("labels"), sink);
    let periods = f
        .required("periods", sink)
        .map(|n| read_periods(n, sink))
        .unwrap_or_default();
    let baseline = f.value("baseline").and_then(|n| {
        let id = fields::text(n)?;
        let index = periods.iter().position(|p| p.id == id);
        if index.is_none() {
            super::documents::unknown_period(n, &id, &periods, sink);
        }
        index
    });
    let metrics = f
        .required("metrics", sink)
        .map(|n| read_metrics(n, sink))
        .unwrap_or_default();
    let map = f.value("map").and_then(|n| read_map(n, sink, root));
    f.finish(CONFIG_KEYS, text!("fields-site"), sink);
    Some(Config {
        title: title?,
        description,
        base_url,
        base_path,
        language,
        theme,
        unsafe_html,
        labels,
        usual_months: usual_months(&periods),
        map,
        periods,
        baseline,
        metrics,
    })
}

/// The most common period length; on a tie the shorter; 12 for no periods.
fn usual_months(periods: &[Period]) -> u32 {
    let mut counts = std::collections::BTreeMap::new();
    for p in periods {
        *counts.entry(p.months).or_insert(0usize) += 1;
    }
    // Ascending lengths: `max_by_key` keeps the last maximum, so reverse.
    counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(12, |(m, _)| m)
}

/// A period's length known from its id: `YYYY` 12, `YYYY-H1`/`H2` 6,
/// `YYYY-Q1`..`Q4` 3, `YYYY-MM` 1 (any case).
pub fn default_months(id: &str) -> Option<u32> {
    let (year, rest) = match id.split_once('-') {
        Some((y, r)) => (y, Some(r.to_ascii_uppercase())),
        None => (id, None),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match rest.as_deref() {
        None => Some(12),
        Some("H1" | "H2") => Some(6),
        Some("Q1" | "Q2" | "Q3" | "Q4") => Some(3),
        Some(m) if m.len() == 2 && matches!(m.parse::<u32>(), Ok(1..=12)) => Some(1),
        Some(_) => None,
    }
}

/// The path part of a base URL ("/" or "/a/b/"), or what is wrong with it.
pub fn base_path_of(url: &str) -> Result<String, Text> {
    split_base_url(url).map(|(_, path)| path)
}

/// Splits a base URL into its normalised form and its path ("/" or "/a/b/").
fn split_base_url(url: &str) -> Result<(String, String), Text> {
    let url = url.trim();
    let path = if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        match rest.find('/') {
            Some(i) => &rest[i..],
            None => "/",
        }
    } else if url.starts_with('/') {
        url
    } else {
        return Err(text!("site-base-url-start", url = shorten(url)));
    };
    if path.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err(text!("site-base-url-characters", url = shorten(url)));
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let mut base_url = url.to_string();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    Ok((base_url, path))
}

fn read_labels(node: Option<&Node>, sink: &mut Sink) -> Labels {
    let mut labels = Labels {
        county: None,
        pilot: None,
        control: None,
    };
    let Some(node) = node else { return labels };
    let Some(mut f) = Fields::new(node, text!("fields-labels"), sink) else {
        return labels;
    };
    labels.county = f.string("county", sink);
    labels.pilot = f.string("pilot", sink);
    labels.control = f.string("control", sink);
    f.finish(
        &["county", "pilot", "control"],
        text!("fields-labels"),
        sink,
    );
    labels
}

/// The `map:` block (SPEC 4.2). `None` when it has errors (reported).
fn read_map(node: &Node, sink: &mut Sink, root: Option<&Path>) -> Option<MapConfig> {
    let mut f = Fields::new(node, text!("fields-map"), sink)?;
    let file = f.required("file", sink).and_then(|n| {
        let file = fields::string(n, "file", sink)?;
        map_file(n, &file, root, sink)
    });
    let property = f.required("property", sink).and_then(|n| {
        let property = fields::text(n).or_else(|| fields::string(n, "property", sink))?;
        not_empty(property, "property", sink.pos(n), sink)
    });
    let matching = match f.value("match") {
        None => Some(MapMatch::Code),
        Some(n) => match fields::string(n, "match", sink).as_deref() {
            Some("id") => Some(MapMatch::Id),
            Some("code") => Some(MapMatch::Code),
            Some("name") => Some(MapMatch::Name),
            Some(other) => {
                let near = did_you_mean(other, ["id", "code", "name"]);
                sink.error(
                    n,
                    text!(
                        "site-map-unknown-match",
                        name = shorten(other),
                        hint = hint_did_you_mean(near)
                    ),
                )
                .help = crate::messages::help(text!("site-map-unknown-match-help"));
                None
            }
            None => None,
        },
    };
    let credit = f
        .value("credit")
        .and_then(|n| fields::string(n, "credit", sink).map(|c| (n, c)))
        .and_then(|(n, c)| not_empty(c, "credit", sink.pos(n), sink));
    f.finish(MAP_KEYS, text!("fields-map"), sink);
    Some(MapConfig {
        file: file?,
        property: property?,
        matching: matching?,
        credit,
    })
}

/// A text field of the `map:` block, trimmed; an empty one is an error.
fn not_empty(text: String, field: &str, pos: Pos, sink: &mut Sink) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        sink.error_at(pos, text!("site-map-empty", field = field))
            .help = crate::messages::help(text!("site-map-empty-help", field = field));
        return None;
    }
    Some(trimmed.to_string())
}

/// The map's file, `/`-separated and relative to the site root; with a
/// root, it must be a file there (following links, but not out of the
/// site).
fn map_file(node: &Node, file: &str, root: Option<&Path>, sink: &mut Sink) -> Option<String> {
    let rel = file.trim().replace('\\', "/");
    let parts: Vec<&str> = rel
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.is_empty() {
        sink.error(node, text!("site-map-empty", field = "file"))
            .help = crate::messages::help(text!("site-map-empty-help", field = "file"));
        return None;
    }
    let absolute = rel.starts_with('/') || parts[0].ends_with(':');
    if absolute || parts.contains(&"..") {
        sink.error(node, text!("site-map-file-outside", file = shorten(file)))
            .help = crate::messages::help(text!("site-map-file-outside-help"));
        return None;
    }
    let rel = parts.join("/");
    let Some(root) = root else { return Some(rel) };
    let full = root.join(&rel);
    let inside = match (full.canonicalize(), root.canonicalize()) {
        (Ok(full), Ok(root)) => Some(full.starts_with(root)),
        _ => None,
    };
    match std::fs::metadata(&full) {
        Err(_) => {
            sink.error(node, text!("site-map-file-missing", file = shorten(&rel)))
                .help = crate::messages::help(text!("site-map-file-missing-help"));
            None
        }
        Ok(_) if inside == Some(false) => {
            sink.error(node, text!("site-map-file-outside", file = shorten(&rel)))
                .help = crate::messages::help(text!("site-map-file-outside-help"));
            None
        }
        Ok(meta) if !meta.is_file() => {
            sink.error(node, text!("site-map-file-not-file", file = shorten(&rel)))
                .help = crate::messages::help(text!("site-map-file-missing-help"));
            None
        }
        Ok(_) => Some(rel),
    }
}

fn read_periods(node: &Node, sink: &mut Sink) -> Vec<Period> {
    let Value::Seq(items) = &node.value else {
        sink.error(
            node,
            text!("site-periods-not-list", found = node.value.kind_text()),
        )
        .help = crate::messages::help(text!("site-periods-not-list-help"));
        return Vec::new();
    };
    let mut periods: Vec<Period> = Vec::new();
    for item in items {
        let Some(mut f) = Fields::new(item, text!("fields-period"), sink) else {
            continue;
        };
        let id_node = f.required("id", sink);
        let id = id_node.and_then(|n| {
            let id = fields::text(n);
            if id.is_none() {
                sink.error(
                    n,
                    text!("site-period-id-not-text", found = n.value.kind_text()),
                );
            }
            id
        });
        let label = f
            .value("label")
            .and_then(|n| fields::text(n).or_else(|| fields::string(n, "label", sink)));
        let short = f.value("short").and_then(|n| {
            let short = fields::text(n).or_else(|| fields::string(n, "short", sink))?;
            if short.trim().is_empty() {
                sink.error(n, text!("site-period-short-empty")).help =
                    crate::messages::help(text!("site-period-short-empty-help"));
                return None;
            }
            Some(short.trim().to_string())
        });
        let months = f.value("months").map(|n| match n.value {
            Value::Int(m) if (1..=1200).contains(&m) => u32::try_from(m).ok(),
            _ => {
                sink.error(n, text!("site-period-months")).help =
                    crate::messages::help(text!("site-period-months-help"));
                None
            }
        });
        f.finish(
            &["id", "label", "short", "months"],
            text!("fields-period"),
            sink,
        );
        let (Some(id), Some(id_node)) = (id, id_node) else {
            continue;
        };
        if !is_period_id(&id) {
            sink.error(id_node, text!("site-period-id", name = shorten(&id)))
                .help = crate::messages::help(text!("site-period-id-help"));
            continue;
        }
        if let Some(first) = periods.iter().find(|p| p.id.eq_ignore_ascii_case(&id)) {
            let help = if first.id == id {
                text!("site-period-twice-help")
            } else {
                text!("site-period-twice-help-case", first = first.id.as_str())
            };
            sink.error(id_node, text!("site-period-twice", name = shorten(&id)))
                .help = crate::messages::help(help);
            continue;
        }
        let months = match months {
            Some(Some(m)) => m,
            // Already reported.
            Some(None) => 12,
            None => match default_months(&id) {
                Some(m) => m,
                None => {
                    sink.error(
                        id_node,
                        text!("site-period-needs-months", name = shorten(&id)),
                    )
                    .help = crate::messages::help(text!("site-period-needs-months-help"));
                    continue;
                }
            },
        };
        periods.push(Period {
            label: label.unwrap_or_else(|| id.clone()),
            short,
            id,
            months,
        });
    }
    if periods.is_empty() && items.is_empty() {
        sink.error(node, text!("site-periods-empty")).help =
            crate::messages::help(text!("site-periods-empty-help"));
    }
    periods
}

fn is_period_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_metric_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A metric as read, before derived references are resolved.
struct RawMetric<'n> {
    metric: Metric,
    ratio_of: Option<&'n Node>,
    sum_of: Option<&'n Node>,
    measure_node: Option<&'n Node>,
    /// False when `measure:` could not be read (already reported).
    measure_known: bool,
}

fn read_metrics(node: &Node, sink: &mut Sink) -> Vec<Metric> {
    let Value::Seq(items) = &node.value else {
        sink.error(
            node,
            text!("site-metrics-not-list", found = node.value.kind_text()),
        )
        .help = crate::messages::help(text!("site-metrics-not-list-help"));
        return Vec::new();
    };
    let mut raw: Vec<RawMetric> = Vec::new();
    for item in items {
        if let Some(m) = read_metric(item, sink) {
            if raw.iter().any(|r| r.metric.id == m.metric.id) {
                sink.error(
                    item,
                    text!(
                        "site-metric-twice",
                        id = m.metric.id.as_str(),
                        label = shorten(&m.metric.label)
                    ),
                )
                .help = crate::messages::help(text!("site-metric-twice-help"));
                continue;
            }
            raw.push(m);
        }
    }
    let ids: Vec<String> = raw.iter().map(|r| r.metric.id.clone()).collect();
    let labels: Vec<String> = raw.iter().map(|r| r.metric.label.clone()).collect();
    let is_derived: Vec<bool> = raw
        .iter()
        .map(|r| r.ratio_of.is_some() || r.sum_of.is_some())
        .collect();
    let measures: Vec<Option<Measure>> = raw
        .iter()
        .map(|r| r.measure_known.then_some(r.metric.measure))
        .collect();
    let mut metrics = Vec::with_capacity(raw.len());
    for r in raw {
        let mut metric = r.metric;
        // The metrics a `ratio_of` or `sum_of` (`field`) names, by index.
        let resolve = |node: &Node, field: &str, sink: &mut Sink| -> Option<Vec<usize>> {
            let Value::Seq(items) = &node.value else {
                sink.error(
                    node,
                    text!(
                        "site-derived-not-list",
                        field = field,
                        found = node.value.kind_text()
                    ),
                )
                .help = crate::messages::help(text!("site-derived-not-list-help", field = field));
                return None;
            };
            let mut out = Vec::new();
            for item in items {
                let Some(id) = fields::text(item) else {
                    sink.error(
                        item,
                        text!(
                            "site-derived-input-not-id",
                            field = field,
                            found = item.value.kind_text()
                        ),
                    );
                    return None;
                };
                match ids.iter().position(|i| *i == id) {
                    Some(i) if is_derived[i] => {
                        sink.error(
                            item,
                            text!(
                                "site-derived-input-derived",
                                id = id.as_str(),
                                label = shorten(&labels[i]),
                                field = field
                            ),
                        )
                        .help = crate::messages::help(text!("site-derived-input-derived-help"));
                        return None;
                    }
                    Some(i) => out.push(i),
                    None => {
                        // A metric's label typed for its id: `农技协数`.
                        let near = labels
                            .iter()
                            .position(|l| l.trim() == id.trim())
                            .map(|i| ids[i].as_str())
                            .or_else(|| did_you_mean(&id, ids.iter().map(String::as_str)));
                        sink.error(
                            item,
                            text!(
                                "site-derived-input-unknown",
                                name = shorten(&id),
                                hint = hint_did_you_mean(near)
                            ),
                        )
                        .help = crate::messages::help(text!(
                            "site-derived-input-unknown-help",
                            field = field
                        ));
                        return None;
                    }
                }
            }
            Some(out)
        };
        if let Some(n) = r.ratio_of
            && let Some(v) = resolve(n, "ratio_of", sink)
        {
            if v.len() == 2 {
                metric.derived = Some(Derived::RatioOf(v[0], v[1]));
            } else {
                sink.error(n, text!("site-ratio-of-two")).help =
                    crate::messages::help(text!("site-ratio-of-two-help"));
            }
        }
        if let Some(n) = r.sum_of
            && let Some(v) = resolve(n, "sum_of", sink)
        {
            if v.is_empty() {
                sink.error(n, text!("site-sum-of-empty")).help =
                    crate::messages::help(text!("site-sum-of-empty-help"));
            } else {
                if r.measure_known {
                    let inputs = Inputs {
                        ids: &ids,
                        labels: &labels,
                        measures: &measures,
                    };
                    check_sum_measure(&metric, &v, &inputs, n, r.measure_node, sink);
                }
                metric.derived = Some(Derived::SumOf(v));
            }
        }
        metrics.push(metric);
    }
    if items.is_empty() {
        sink.error(node, text!("site-metrics-empty")).help =
            crate::messages::help(text!("site-metrics-empty-help"));
    }
    metrics
}

/// What `check_sum_measure` needs to know of every metric, by index.
struct Inputs<'a> {
    ids: &'a [String],
    labels: &'a [String],
    /// `None` where `measure:` could not be read.
    measures: &'a [Option<Measure>],
}

/// A sum is counted over the period exactly when what it adds up is: all
/// flows make a flow (declared `measure: flow`), all stocks a stock, and a
/// mix of the two adds figures that cannot be added.
fn check_sum_measure(
    metric: &Metric,
    inputs: &[usize],
    all: &Inputs,
    sum_of: &Node,
    measure_node: Option<&Node>,
    sink: &mut Sink,
) {
    // An input whose measure could not be read was reported already.
    let Some(measures) = inputs
        .iter()
        .map(|i| all.measures[*i])
        .collect::<Option<Vec<Measure>>>()
    else {
        return;
    };
    let id = metric.id.as_str();
    let label = shorten(&metric.label);
    let first = |m: Measure| {
        inputs
            .iter()
            .zip(&measures)
            .find(|(_, x)| **x == m)
            .map(|(i, _)| *i)
    };
    match (first(Measure::Flow), first(Measure::Stock)) {
        (Some(flow), Some(stock)) => {
            sink.error(
                sum_of,
                text!(
                    "site-sum-mixed-measures",
                    id = id,
                    label = label,
                    flow = all.ids[flow].as_str(),
                    flow_label = shorten(&all.labels[flow]),
                    stock = all.ids[stock].as_str(),
                    stock_label = shorten(&all.labels[stock])
                ),
            )
            .help = crate::messages::help(text!("site-sum-mixed-measures-help"));
        }
        (Some(_), None) if metric.measure == Measure::Stock => {
            sink.error(sum_of, text!("site-sum-of-flows", id = id, label = label))
                .help = crate::messages::help(text!("site-sum-of-flows-help", id = id));
        }
        (None, Some(_)) if metric.measure == Measure::Flow => {
            sink.error(
                measure_node.unwrap_or(sum_of),
                text!("site-sum-flow-of-stocks", id = id, label = label),
            )
            .help = crate::messages::help(text!("site-sum-flow-of-stocks-help", id = id));
        }
        _ => {}
    }
}

fn read_metric<'n>(item: &'n Node, sink: &mut Sink) -> Option<RawMetric<'n>> {
    let mut f = Fields::new(item, text!("fields-metric"), sink)?;
    let id_node = f.required("id", sink);
    let id = id_node.and_then(|n| fields::string(n, "id", sink));
    if let (Some(id), Some(n)) = (&id, id_node)
        && !is_metric_id(id)
    {
        sink.error(n, text!("site-metric-id", name = shorten(id)))
            .help = crate::messages::help(text!("site-metric-id-help"));
    }
    let label = f.required_string("label", sink);
    let label_en = f.string("label_en", sink);
    let kind = f.required("kind", sink).and_then(|n| {
        let s = fields::string(n, "kind", sink)?;
        let kind = match s.as_str() {
            "count" => Kind::Count,
            "number" => Kind::Number,
            "ratio" => Kind::Ratio,
            "money" => Kind::Money,
            "bool" => Kind::Bool,
            other => {
                let word = other.trim().to_lowercase();
                let near = KIND_WORDS
                    .iter()
                    .find(|(w, _)| *w == word)
                    .map(|(_, kind)| *kind)
                    .or_else(|| did_you_mean(other, KIND_NAMES.iter().copied()));
                sink.error(
                    n,
                    text!(
                        "site-unknown-kind",
                        name = shorten(other),
                        hint = hint_did_you_mean(near)
                    ),
                )
                .help = crate::messages::help(text!("site-unknown-kind-help"));
                return None;
            }
        };
        Some(kind)
    });
    let unit = f
        .value("unit")
        .and_then(|n| fields::text(n).or_else(|| fields::string(n, "unit", sink)));
    let better = match f.value("better") {
        None => Better::Higher,
        Some(n) => match fields::string(n, "better", sink).as_deref() {
            Some("higher") => Better::Higher,
            Some("lower") => Better::Lower,
            Some("neutral") => Better::Neutral,
            Some(other) => {
                let near = did_you_mean(other, ["higher", "lower", "neutral"]);
                sink.error(
                    n,
                    text!(
                        "site-unknown-better",
                        name = shorten(other),
                        hint = hint_did_you_mean(near)
                    ),
                )
                .help = crate::messages::help(text!("site-unknown-better-help"));
                Better::Higher
            }
            None => Better::Higher,
        },
    };
    let category = f.string("category", sink);
    let required = f
        .value("required")
        .and_then(|n| fields::boolean(n, "required", sink))
        .unwrap_or(false);
    let bound = |key: &str, f: &mut Fields, sink: &mut Sink| -> Option<f64> {
        let n = f.value(key)?;
        match n.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(x) if x.is_finite() => Some(x),
            _ => {
                sink.error(n, text!("site-metric-bound", field = key)).help =
                    crate::messages::help(text!("site-metric-bound-help", field = key));
                None
            }
        }
    };
    let min = bound("min", &mut f, sink);
    let max = bound("max", &mut f, sink);
    if let (Some(lo), Some(hi), Some(n)) = (min, max, f.take("max").map(|(_, v)| v))
        && lo > hi
    {
        sink.error(
            n,
            text!(
                "site-metric-max-below-min",
                max = hi.to_string(),
                min = lo.to_string()
            ),
        );
    }
    let description = f.string("description", sink);
    let measure = match f.value("measure") {
        None => Some(Measure::Stock),
        Some(n) => match fields::string(n, "measure", sink).as_deref() {
            Some("stock") => Some(Measure::Stock),
            Some("flow") => Some(Measure::Flow),
            Some(other) => {
                let near = did_you_mean(other, ["stock", "flow"]);
                sink.error(
                    n,
                    text!(
                        "site-unknown-measure",
                        name = shorten(other),
                        hint = hint_did_you_mean(near)
                    ),
                )
                .help = crate::messages::help(text!("site-unknown-measure-help"));
                None
            }
            None => None,
        },
    };
    // An unreadable measure is reported once; the metric still counts as
    // defined, so nothing that names it fails for that.
    let measure_known = measure.is_some();
    let measure = measure.unwrap_or(Measure::Stock);
    if let (Measure::Flow, Some(Kind::Ratio | Kind::Bool), Some(n)) =
        (measure, kind, f.value("measure"))
    {
        sink.error(n, text!("site-flow-not-level")).help =
            crate::messages::help(text!("site-flow-not-level-help"));
    }
    let ratio_of = f.value("ratio_of");
    let sum_of = f.value("sum_of");
    if let (Some(_), Some(n)) = (ratio_of, sum_of) {
        sink.error(n, text!("site-ratio-and-sum")).help =
            crate::messages::help(text!("site-ratio-and-sum-help"));
    }
    let derived_any = ratio_of.or(sum_of);
    if let (Some(n), Some(Kind::Bool)) = (derived_any, kind) {
        sink.error(n, text!("site-bool-derived")).help =
            crate::messages::help(text!("site-bool-derived-help"));
    }
    if let (Some(_), Some(Kind::Count | Kind::Number | Kind::Money), Some(n)) =
        (ratio_of, kind, ratio_of)
    {
        sink.error(n, text!("site-ratio-kind")).help =
            crate::messages::help(text!("site-ratio-kind-help"));
    }
    if let (Some(_), Some(Kind::Ratio | Kind::Bool), Some(n)) = (sum_of, kind, sum_of) {
        sink.error(n, text!("site-sum-kind")).help =
            crate::messages::help(text!("site-sum-kind-help"));
    }
    if let (Some(n), true) = (derived_any, required) {
        sink.error(n, text!("site-derived-required")).help =
            crate::messages::help(text!("site-derived-required-help"));
    }
    let measure_node = f.value("measure");
    f.finish(METRIC_KEYS, text!("fields-metric"), sink);
    Some(RawMetric {
        metric: Metric {
            id: id?,
            label: label?,
            label_en,
            kind: kind?,
            unit,
            better,
            category,
            required,
            min,
            max,
            description,
            derived: None,
            measure,
            pos: item.pos,
        },
        ratio_of,
        sum_of,
        measure_node,
        measure_known,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `path:line:col: message` of each diagnostic, in English.
    fn located(errors: &[Diagnostic]) -> Vec<String> {
        errors
            .iter()
            .map(|d| {
                let line = d.headline(crate::messages::Language::En);
                line.split_once(": ")
                    .map_or(line.clone(), |(_, rest)| rest.to_string())
            })
            .collect()
    }

    #[test]
    fn base_url_paths() {
        assert_eq!(
            split_base_url("https://example.github.io/pilot").unwrap().1,
            "/pilot/"
        );
        assert_eq!(split_base_url("https://example.org").unwrap().1, "/");
        assert_eq!(split_base_url("/").unwrap().1, "/");
        assert!(split_base_url("example.org").is_err());
    }

    #[test]
    fn minimal_config() {
        let c = parse_config(
            "site.yaml",
            "title: t\nperiods:\n  - id: 2018\n  - id: 2019-H1\nbaseline: 2018\nmetrics:\n  - id: a\n    label: A\n    kind: count\n  - id: b\n    label: B\n    kind: count\n  - id: r\n    label: R\n    kind: ratio\n    ratio_of: [a, b]\n",
        )
        .unwrap();
        assert_eq!(c.periods[0].id, "2018");
        assert_eq!(c.baseline, Some(0));
        assert_eq!(c.metrics[2].derived, Some(Derived::RatioOf(0, 1)));
        assert_eq!(c.periods[0].months, 12);
        assert_eq!(c.periods[1].months, 6);
        assert_eq!(c.metrics[0].measure, Measure::Stock);
    }

    #[test]
    fn short_period_labels() {
        let config = |periods: &str| {
            parse_config(
                "site.yaml",
                &format!(
                    "title: t\nperiods:\n{periods}metrics:\n  - id: a\n    label: A\n    kind: count\n"
                ),
            )
        };
        let c =
            config("  - id: 2019-H1\n    label: 2019年上半年\n    short: 19上\n  - id: 2019-H2\n")
                .unwrap();
        assert_eq!(c.periods[0].short.as_deref(), Some("19上"));
        assert_eq!(c.periods[1].short, None);
        for (short, message) in [
            ("\"\"", "site.yaml:4:12: `short` must not be empty"),
            ("[a]", "site.yaml:4:12: `short` must be text, found a list"),
        ] {
            let errors = config(&format!("  - id: 2019-H1\n    short: {short}\n")).unwrap_err();
            let lines = located(&errors);
            assert_eq!(lines, [message], "{short}");
        }
    }

    #[test]
    fn period_lengths_from_ids() {
        for (id, months) in [
            ("2018", Some(12)),
            ("2019-H1", Some(6)),
            ("2019-h2", Some(6)),
            ("2019-Q3", Some(3)),
            ("2019-07", Some(1)),
            ("2019-13", None),
            ("2019-H3", None),
            ("baseline", None),
            ("19-H1", None),
        ] {
            assert_eq!(default_months(id), months, "{id}");
        }
    }

    #[test]
    fn the_map_block() {
        let config = |map: &str| {
            parse_config(
                "site.yaml",
                &format!(
                    "title: t\nperiods:\n  - id: 2018\nmetrics:\n  - id: a\n    label: A\n    kind: count\nmap:\n{map}"
                ),
            )
        };
        let c =
            config("  file: ./map\\x.geojson\n  property: name\n  credit: \" 来源 \"\n").unwrap();
        assert_eq!(
            c.map,
            Some(MapConfig {
                file: "map/x.geojson".into(),
                property: "name".into(),
                matching: MapMatch::Code,
                credit: Some("来源".into()),
            })
        );
        let c = config("  file: x.geojson\n  property: adcode\n  match: id\n").unwrap();
        assert_eq!(c.map.map(|m| m.matching), Some(MapMatch::Id));
        for (map, message) in [
            (
                "  file: x.geojson\n  property: name\n  match: nmae\n",
                "site.yaml:11:10: `match` must be id, code or name, found `nmae` (did you mean `name`?)",
            ),
            (
                "  file: x.geojson\n  propety: name\n",
                "site.yaml:10:3: unknown field `propety` (did you mean `property`?)",
            ),
            (
                "  file: ../x.geojson\n  property: name\n",
                "site.yaml:9:9: the map file `../x.geojson` is outside the site",
            ),
            (
                "  file: /x.geojson\n  property: name\n",
                "site.yaml:9:9: the map file `/x.geojson` is outside the site",
            ),
            (
                "  file: x.geojson\n  property: \" \"\n",
                "site.yaml:10:13: `property` in `map` is empty",
            ),
            (
                "  property: name\n",
                "site.yaml:9:3: missing required field `file`",
            ),
        ] {
            let errors = config(map).unwrap_err();
            let lines = located(&errors);
            assert_eq!(lines, [message], "{map}");
        }
    }

    fn periods(months: &[u32]) -> Vec<Period> {
        months
            .iter()
            .map(|m| Period {
                id: String::new(),
                label: String::new(),
                short: None,
                months: *m,
            })
            .collect()
    }

    #[test]
    fn the_usual_length_is_the_most_common_and_the_shorter_on_a_tie() {
        assert_eq!(usual_months(&periods(&[12, 6, 6, 6, 6])), 6);
        assert_eq!(usual_months(&periods(&[12, 12, 3])), 12);
        assert_eq!(usual_months(&periods(&[12, 6])), 6);
        assert_eq!(usual_months(&periods(&[12, 12, 3, 3, 6])), 3);
        assert_eq!(usual_months(&[]), 12);
    }

    #[test]
    fn flows_are_scaled_to_the_usual_length_and_stocks_are_not() {
        let c = parse_config(
            "site.yaml",
            "title: t\nperiods:\n  - id: 2018\n  - id: 2019-H1\n  - id: 2019-H2\n  - id: q\n    months: 3\nmetrics:\n  - id: a\n    label: A\n    kind: count\n    measure: flow\n  - id: b\n    label: B\n    kind: count\n",
        )
        .unwrap();
        assert_eq!(c.usual_months, 6);
        assert_eq!(c.comparable(0, 0, 17.0), 8.5);
        assert_eq!(c.comparable(0, 1, 17.0), 17.0);
        assert_eq!(c.comparable(0, 3, 17.0), 34.0);
        assert_eq!(c.comparable(1, 0, 17.0), 17.0);
        assert!(c.is_scaled(0, 0) && !c.is_scaled(0, 1) && !c.is_scaled(1, 0));
    }
}
