//! The three kinds of content file: county profiles, reports and pages
//! (free pages and the home intro). Each reader takes the file's text and
//! returns the typed document, pushing every problem it finds.

use super::config::{Config, Kind, Metric, Period};
use super::fields::{self, Fields, Sink};
use super::{Body, County, Page};
use super::{frontmatter, typing};
use crate::diagnostics::{Diagnostic, Pos, did_you_mean, shorten};
use crate::messages::{self, hint_did_you_mean};
use crate::text;
use crate::yaml::{self, Node, Value};

const COUNTY_KEYS: &[&str] = &["name", "pilot", "pilot_since", "code", "order", "extra"];
const REPORT_KEYS: &[&str] = &[
    "title", "period", "date", "authors", "summary", "tags", "draft", "metrics", "sources", "extra",
];
const PAGE_KEYS: &[&str] = &["title", "description", "draft", "extra"];

/// Splits a file, parses its front matter and hands its fields, a sink for
/// errors, the body and the front matter's own text to `read`. Errors
/// before that point are pushed.
fn with_front_matter<T>(
    path: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(Fields, &mut Sink, Body, &str) -> Option<T>,
) -> Option<T> {
    let split = match frontmatter::split(path, text) {
        Ok(s) => s,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let node = match yaml::parse(split.yaml) {
        Ok(n) => n,
        Err(e) => {
            let d = e.placed(path, split.yaml_line_offset, 0);
            diagnostics.push(d);
            return None;
        }
    };
    let body = Body {
        path: path.to_string(),
        line_offset: split.body_line_offset,
        markdown: split.body.into(),
    };
    let sink = &mut Sink {
        path,
        line_offset: split.yaml_line_offset,
        diagnostics,
    };
    let fields = Fields::new(&node, crate::text!("fields-front-matter"), sink)?;
    read(fields, sink, body, split.yaml)
}

/// The optional `extra` mapping, `null` when absent.
fn extra(f: &mut Fields, sink: &mut Sink) -> serde_json::Value {
    f.value("extra")
        .map(|n| fields::extra(n, sink))
        .unwrap_or(serde_json::Value::Null)
}

/// The optional `draft` flag.
fn draft(f: &mut Fields, sink: &mut Sink) -> bool {
    f.value("draft")
        .and_then(|n| fields::boolean(n, "draft", sink))
        .unwrap_or(false)
}

pub fn read_county(
    id: &str,
    path: &str,
    text: &str,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<County> {
    with_front_matter(path, text, diagnostics, |mut f, sink, body, _| {
        let name = f.required_string("name", sink);
        let pilot = f
            .required("pilot", sink)
            .and_then(|n| fields::boolean(n, "pilot", sink));
        let pilot_since = f.value("pilot_since").and_then(|n| period(n, config, sink));
        let code = f.value("code").and_then(fields::text);
        let order = f.value("order").and_then(|n| match n.value {
            Value::Int(i) => Some(i),
            _ => {
                sink.error(n, text!("county-order-not-whole"));
                None
            }
        });
        let extra = extra(&mut f, sink);
        f.finish(COUNTY_KEYS, crate::text!("fields-profile"), sink);
        Some(County {
            id: id.to_string(),
            name: name?,
            pilot: pilot?,
            pilot_since,
            code,
            order,
            extra,
            body,
        })
    })
}

pub fn read_page(
    name: &str,
    path: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Page> {
    with_front_matter(path, text, diagnostics, |mut f, sink, body, yaml| {
        comments_in_text(yaml, &["title", "description"], sink);
        let title = f.required_string("title", sink);
        let description = f.string("description", sink);
        let draft = draft(&mut f, sink);
        let extra = extra(&mut f, sink);
        f.finish(PAGE_KEYS, crate::text!("fields-page"), sink);
        Some(Page {
            name: name.to_string(),
            title: title?,
            description,
            draft,
            extra,
            body,
        })
    })
}

/// A report as read from its file, before cross-file checks. Values are the
/// typed-in ones only; derived values are computed by the loader.
#[derive(Debug, Clone)]
pub struct RawReport {
    pub county_id: String,
    pub period: usize,
    /// Where `period:` is, for the duplicate-report error.
    pub period_pos: Pos,
    pub title: String,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub values: Vec<Option<f64>>,
    /// Where each typed value is, for derived-range errors and warnings.
    pub value_pos: Vec<Option<Pos>>,
    /// Where `metrics:` is (the front matter's start when it is missing).
    pub metrics_pos: Pos,
    pub sources: Vec<(usize, String)>,
    pub extra: serde_json::Value,
    pub body: Body,
}

pub fn read_report(
    county_id: &str,
    path: &str,
    text: &str,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawReport> {
    with_front_matter(path, text, diagnostics, |mut f, sink, body, yaml| {
        comments_in_text(yaml, &["title", "summary"], sink);
        let title = f.required_string("title", sink);
        let period_node = f.required("period", sink);
        let period = period_node.and_then(|n| period(n, config, sink));
        let date = f.value("date").and_then(|n| date(n, sink));
        let authors = f
            .value("authors")
            .map(|n| fields::string_list(n, "authors", sink))
            .unwrap_or_default();
        let summary = f.string("summary", sink);
        let tags = f
            .value("tags")
            .map(|n| split_tags(fields::string_list(n, "tags", sink)))
            .unwrap_or_default();
        let draft = draft(&mut f, sink);
        let metrics_entry = f.take("metrics");
        let metrics_pos = metrics_entry.map_or(f.pos, |(k, _)| sink.pos(k));
        let (values, value_pos) = read_values(metrics_entry, f.pos, config, yaml, sink);
        let sources = f
            .value("sources")
            .map(|n| read_sources(n, config, sink))
            .unwrap_or_default();
        let extra = extra(&mut f, sink);
        f.finish(REPORT_KEYS, crate::text!("fields-report"), sink);
        Some(RawReport {
            county_id: county_id.to_string(),
            period: period?,
            period_pos: sink.pos(period_node?),
            title: title?,
            date,
            authors,
            summary,
            tags,
            draft,
            values,
            value_pos,
            metrics_pos,
            sources,
            extra,
            body,
        })
    })
}

/// Tags as listed, each split where the input method's commas (`，`, `、`)
/// joined several into one (`[青少年科技，四长]`): the author meant two tags,
/// and the report belongs on both tag pages. Repeats are dropped.
fn split_tags(listed: Vec<String>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in listed.iter().flat_map(|t| typing::split_tags(t)) {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    tags
}

/// Warns where an unquoted ` #` in a one-line text field starts a YAML
/// comment, which silently cuts the text (`title: 工作进展 #1`).
fn comments_in_text(yaml: &str, fields: &[&'static str], sink: &mut Sink) {
    for (i, line) in yaml.lines().enumerate() {
        for field in fields {
            let Some((col, cut)) = typing::comment_cut(line, field) else {
                continue;
            };
            let pos = Pos::new(i + 1 + sink.line_offset, col + 1);
            sink.diagnostics.push(
                Diagnostic::warning(
                    sink.path,
                    pos,
                    text!("field-comment-cut", field = *field, cut = shorten(cut)),
                )
                .with_len(cut.chars().count())
                .with_help(text!("field-comment-cut-help", field = *field)),
            );
        }
    }
}

/// The `date`: a day on the calendar, written `YYYY-MM-DD`.
fn date(node: &Node, sink: &mut Sink) -> Option<String> {
    let s = fields::text(node)?;
    if fields::is_date(&s) {
        return Some(s);
    }
    let message = match date_parts(&s) {
        Some((_, month, _)) if !(1..=12).contains(&month) => {
            text!("date-no-such-month", month = month, found = shorten(&s))
        }
        Some((year, month, day)) => text!(
            "date-no-such-day",
            year = year,
            month = month,
            day = day,
            days = days_in_month(year, month)
        ),
        None => text!("date-not-a-date", found = shorten(&s)),
    };
    let help = match message.key {
        "date-no-such-day" => text!("date-no-such-day-help"),
        "date-no-such-month" => text!("date-no-such-month-help"),
        _ => text!("date-not-a-date-help"),
    };
    sink.error(node, message).help = messages::help(help);
    None
}

/// Year, month and day of a `YYYY-MM-DD` text, whether or not the day exists.
fn date_parts(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    Some((digits(0..4)?, digits(5..7)?, digits(8..10)?))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A `period` (or `pilot_since`): the index of a period listed in site.yaml.
/// A period's label typed instead of its id gets the id suggested; an id
/// that looks like a period after the last one is said to be not listed
/// yet (the office adds periods as they come), not corrected to an old one.
fn period(node: &Node, config: &Config, sink: &mut Sink) -> Option<usize> {
    let Some(id) = fields::text(node) else {
        let example = config.periods.first().map_or("2018", |p| p.id.as_str());
        sink.error(node, text!("period-not-text", example = example));
        return None;
    };
    if let Some(index) = config.period_index(&id) {
        return Some(index);
    }
    unknown_period(node, &id, &config.periods, sink);
    None
}

/// Reports a period id that site.yaml does not list (in a report, a
/// profile's `pilot_since` or site.yaml's `baseline`).
pub(super) fn unknown_period(node: &Node, id: &str, periods: &[super::Period], sink: &mut Sink) {
    let id = id.to_string();
    let list: Vec<&str> = periods.iter().map(|p| p.id.as_str()).collect();
    if let Some(last) = later_than_every_period(&id, periods) {
        sink.error(node, text!("period-not-yet", name = shorten(&id)))
            .help = messages::help(text!("period-not-yet-help", last = last));
        return;
    }
    let loose = typing::loose(&id);
    let by_label = periods.iter().find(|p| {
        typing::loose(&p.id) == loose
            || typing::loose(&p.label) == loose
            || p.short
                .as_deref()
                .is_some_and(|s| typing::loose(s) == loose)
    });
    // A well-formed period id of another time (`2017` on a site starting
    // in 2018) is no typo of a listed one: only periods starting when it
    // does (`2019-h1` for `2019-H1`) are suggested for it.
    let start = typing::period_start(id.trim());
    let candidates = periods
        .iter()
        .filter(|p| start.is_none() || typing::period_start(&p.id) == start)
        .map(|p| p.id.as_str());
    let near = by_label
        .map(|p| p.id.as_str())
        .or_else(|| did_you_mean(&id, candidates));
    sink.error(
        node,
        text!(
            "period-unknown",
            name = shorten(&id),
            hint = hint_did_you_mean(near)
        ),
    )
    .help = messages::help(text!("period-unknown-help", list = list.join(", ")));
}

/// The last period's id, when `id` is a well-formed period id (`2021`,
/// `2021-H1`, `2021-Q2`, `2021-07`) that starts after every listed period
/// starts: periods are listed as they come, so such an id is one the office
/// has not added yet, not a typing slip to correct to an old period.
/// `2020-H3` is no period at all, and gets a did-you-mean.
fn later_than_every_period<'a>(id: &str, periods: &'a [Period]) -> Option<&'a str> {
    let start = typing::period_start(id.trim())?;
    let latest = periods
        .iter()
        .filter_map(|p| typing::period_start(&p.id))
        .max()?;
    (start > latest)
        .then(|| periods.last().map(|p| p.id.as_str()))
        .flatten()
}

/// The metric an unknown name most likely meant: one whose label (or
/// English label, or id) it is, ignoring spaces and full-width forms
/// (`农技协数` -> `ratc_count`), else the id or label nearest in spelling.
fn metric_meant<'a>(name: &str, config: &'a Config) -> Option<&'a str> {
    let loose = typing::loose(name);
    let by_label = config.metrics.iter().find(|m| {
        typing::loose(&m.id) == loose
            || typing::loose(&m.label) == loose
            || m.label_en
                .as_deref()
                .is_some_and(|l| typing::loose(l) == loose)
    });
    if let Some(m) = by_label {
        return Some(&m.id);
    }
    did_you_mean(name, config.metrics.iter().map(|m| m.id.as_str())).or_else(|| {
        let label = did_you_mean(name, config.metrics.iter().map(|m| m.label.as_str()))?;
        config
            .metrics
            .iter()
            .find(|m| m.label == label)
            .map(|m| m.id.as_str())
    })
}

fn unknown_metric(key: &Node, id: &str, config: &Config, sink: &mut Sink) {
    sink.error(
        key,
        text!(
            "metric-unknown",
            name = shorten(id),
            hint = hint_did_you_mean(metric_meant(id, config))
        ),
    )
    .help = messages::help(text!("metric-unknown-help"));
}

type Values = (Vec<Option<f64>>, Vec<Option<Pos>>);

fn read_values(
    entry: Option<(&Node, &Node)>,
    front_matter_pos: Pos,
    config: &Config,
    yaml: &str,
    sink: &mut Sink,
) -> Values {
    let mut values = vec![None; config.metrics.len()];
    let mut positions = vec![None; config.metrics.len()];
    let mut seen = vec![false; config.metrics.len()];
    // Metrics an unknown key was taken for: a misspelt required metric is
    // reported once, at the misspelt line, not also as missing.
    let mut meant = vec![false; config.metrics.len()];
    let entries: &[(Node, Node)] = match entry.map(|(_, v)| v) {
        Some(Node {
            value: Value::Map(entries),
            ..
        }) => entries,
        Some(Node {
            value: Value::Null, ..
        })
        | None => &[],
        Some(node) => {
            sink.error(
                node,
                text!("metrics-not-mapping", found = node.value.kind_text()),
            );
            return (values, positions);
        }
    };
    for (key, value) in entries {
        let id = key.key_text();
        let Some(index) = config.metric_index(&id) else {
            unknown_metric(key, &id, config, sink);
            if let Some(i) = metric_meant(&id, config).and_then(|m| config.metric_index(m)) {
                meant[i] = true;
            }
            continue;
        };
        let metric = &config.metrics[index];
        seen[index] = true;
        if let Some(derived) = &metric.derived {
            let inputs = inputs_of(derived, config);
            sink.error(
                key,
                text!(
                    "metric-derived-typed-in",
                    id = &metric.id,
                    label = shorten(&metric.label),
                    inputs = &inputs
                ),
            )
            .help = messages::help(text!(
                "metric-derived-typed-in-help",
                id = &metric.id,
                inputs = &inputs
            ));
            continue;
        }
        positions[index] = Some(sink.pos(value));
        values[index] = check_value(value, metric, yaml, sink);
    }
    for (index, metric) in config.metrics.iter().enumerate() {
        if !metric.required || metric.derived.is_some() {
            continue;
        }
        if !seen[index] && !meant[index] {
            let pos = entry.map_or(front_matter_pos, |(k, _)| sink.pos(k));
            sink.error_at(
                pos,
                text!(
                    "metric-required-missing",
                    id = &metric.id,
                    label = shorten(&metric.label)
                ),
            )
            .help = messages::help(text!("metric-required-missing-help", id = &metric.id));
        } else if values[index].is_none() && positions[index].is_some() {
            let pos = positions[index].expect("checked");
            let is_null = entries
                .iter()
                .any(|(k, v)| k.key_text() == metric.id && v.value == Value::Null);
            if is_null {
                sink.error_at(
                    pos,
                    text!(
                        "metric-required-null",
                        id = &metric.id,
                        label = shorten(&metric.label)
                    ),
                )
                .help = messages::help(text!(
                    "metric-required-null-help",
                    label = shorten(&metric.label)
                ));
            }
        }
    }
    (values, positions)
}

/// What a derived metric is computed from, as a formula of ids:
/// `covered / total`, `lectures + clinics`.
pub fn inputs_of(derived: &super::Derived, config: &Config) -> String {
    formula(derived, config, |m| &m.id, "/")
}

/// A derived metric's formula, each input named by `name`, a ratio's
/// inputs joined by `over`: `covered / total`, `村级科协数 ÷ 村总数`.
pub fn formula<'a>(
    derived: &super::Derived,
    config: &'a Config,
    name: impl Fn(&'a super::Metric) -> &'a str,
    over: &str,
) -> String {
    match derived {
        super::Derived::RatioOf(a, b) => format!(
            "{} {over} {}",
            name(&config.metrics[*a]),
            name(&config.metrics[*b])
        ),
        super::Derived::SumOf(v) => v
            .iter()
            .map(|i| name(&config.metrics[*i]))
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

/// Whether the scalar at `pos` (within the front matter `yaml`) is written
/// in quotes.
fn is_quoted(yaml: &str, pos: Pos) -> bool {
    yaml.lines()
        .nth(pos.line.saturating_sub(1))
        .and_then(|line| line.chars().nth(pos.col.saturating_sub(1)))
        .is_some_and(|c| c == '"' || c == '\'')
}

/// Checks one figure from elsewhere than a report (a cell of a form that
/// `import` reads) as a report's value is checked: the same kinds, bounds
/// and messages. `node` carries the value and the place the diagnostics
/// get (the cell's row and column); `path` is their file. `None` for null
/// or invalid.
pub fn check_figure(node: &Node, metric: &Metric, path: &str) -> (Option<f64>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut sink = Sink {
        path,
        line_offset: 0,
        diagnostics: &mut diagnostics,
    };
    let value = check_value(node, metric, "", &mut sink);
    (value, diagnostics)
}

/// Checks one typed value against its metric. `None` for null or invalid.
fn check_value(node: &Node, metric: &Metric, yaml: &str, sink: &mut Sink) -> Option<f64> {
    let label = shorten(&metric.label);
    let (id, label) = (metric.id.as_str(), label.as_ref());
    let number = match (&node.value, metric.kind) {
        (Value::Null, _) => return None,
        (Value::Bool(b), Kind::Bool) => return Some(if *b { 1.0 } else { 0.0 }),
        (other, Kind::Bool) => {
            not_a_boolean(node, other, metric, sink);
            return None;
        }
        (Value::Int(i), _) => *i as f64,
        (Value::Float(x), _) => *x,
        (Value::Str(s), _) => {
            text_for_a_number(node, s, metric, is_quoted(yaml, node.pos), sink);
            return None;
        }
        (other, _) => {
            sink.error(
                node,
                text!(
                    "metric-number-wrong-kind",
                    id = id,
                    label = label,
                    found = other.kind_text()
                ),
            );
            return None;
        }
    };
    let shown = display_number(number);
    if !number.is_finite() {
        sink.error(
            node,
            text!("metric-not-finite", id = id, label = label, found = shown),
        )
        .help = messages::help(text!("metric-not-finite-help"));
        return None;
    }
    match metric.kind {
        Kind::Count if number < 0.0 || number.fract() != 0.0 => {
            sink.error(
                node,
                text!(
                    "metric-count-not-whole",
                    id = id,
                    label = label,
                    found = shown
                ),
            );
            return None;
        }
        Kind::Ratio if !(0.0..=1.0).contains(&number) => {
            sink.error(
                node,
                text!("metric-ratio-range", id = id, label = label, found = shown),
            )
            .help = messages::help(text!("metric-ratio-range-help"));
            return None;
        }
        Kind::Money if number < 0.0 => {
            sink.error(
                node,
                text!(
                    "metric-money-negative",
                    id = id,
                    label = label,
                    found = shown
                ),
            );
            return None;
        }
        _ => {}
    }
    if let Some(min) = metric.min.filter(|m| number < *m) {
        sink.error(
            node,
            text!(
                "metric-below-min",
                id = id,
                label = label,
                value = shown,
                min = display_number(min)
            ),
        );
        return None;
    }
    if let Some(max) = metric.max.filter(|m| number > *m) {
        sink.error(
            node,
            text!(
                "metric-above-max",
                id = id,
                label = label,
                value = shown,
                max = display_number(max)
            ),
        );
        return None;
    }
    Some(number)
}

/// A yes/no figure written otherwise: `是`/`否` and their kin, `"true"` in
/// quotes, a number or other text.
fn not_a_boolean(node: &Node, value: &Value, metric: &Metric, sink: &mut Sink) {
    let label = shorten(&metric.label);
    let (id, label) = (metric.id.as_str(), label.as_ref());
    let Value::Str(s) = value else {
        sink.error(
            node,
            text!(
                "metric-not-bool",
                id = id,
                label = label,
                found = value.kind_text()
            ),
        )
        .help = messages::help(text!("metric-not-bool-help"));
        return;
    };
    let word = typing::loose(s);
    let answer = match word.as_str() {
        "true" | "false" => {
            sink.error(
                node,
                text!(
                    "metric-bool-quoted",
                    id = id,
                    label = label,
                    answer = word.as_str()
                ),
            )
            .help = messages::help(text!("metric-bool-quoted-help", answer = word.as_str()));
            return;
        }
        "是" | "有" | "对" | "已出台" | "已" | "yes" | "y" | "√" | "✓" => "true",
        "否" | "无" | "没有" | "不是" | "未出台" | "未" | "错" | "no" | "n" | "×" => {
            "false"
        }
        _ => {
            sink.error(
                node,
                text!(
                    "metric-not-bool",
                    id = id,
                    label = label,
                    found = text!("found-quoted", text = shorten(s))
                ),
            )
            .help = messages::help(text!("metric-not-bool-help"));
            return;
        }
    };
    sink.error(
        node,
        text!(
            "metric-bool-in-words",
            id = id,
            label = label,
            answer = answer,
            found = shorten(s)
        ),
    )
    .help = messages::help(text!("metric-bool-in-words-help", answer = answer));
}

/// Text where a figure belongs, told apart by the slip that made it text:
/// quotes, an invisible character, full-width digits, a percentage for a
/// ratio, a unit, thousands separators; else text as such.
fn text_for_a_number(node: &Node, s: &str, metric: &Metric, quoted: bool, sink: &mut Sink) {
    let label = shorten(&metric.label);
    let (id, label) = (metric.id.as_str(), label.as_ref());
    if let Some(inv) = typing::invisible_in_number(s) {
        let number = typing::half_width(&typing::visible(s));
        let at = sink.pos(node);
        let pos = Pos::new(at.line, at.col + inv.index + usize::from(quoted));
        sink.error_at(
            pos,
            text!(
                "metric-number-invisible",
                id = id,
                label = label,
                char = inv.name,
                code = format!("{:04X}", inv.ch as u32),
                place = inv.place,
                number = shorten(&number)
            ),
        )
        .help = messages::help(text!("metric-number-invisible-help"));
        return;
    }
    let half = typing::half_width(s.trim());
    if typing::has_fullwidth_digit(s) && typing::is_number(&half) {
        sink.error(
            node,
            text!(
                "metric-number-fullwidth",
                id = id,
                label = label,
                found = shorten(s),
                number = shorten(&half)
            ),
        )
        .help = messages::help(text!("metric-number-fullwidth-help"));
        return;
    }
    if quoted && typing::is_number(s) {
        sink.error(node, text!("metric-number-quoted", id = id, label = label))
            .help = messages::help(text!(
            "metric-number-quoted-help",
            id = id,
            number = shorten(s.trim())
        ));
        return;
    }
    if let Some((number, unit)) = typing::number_with_unit(s) {
        if metric.kind == Kind::Ratio && unit == "%" {
            let ratio = number
                .parse::<f64>()
                .map_or(number.clone(), |p| display_number(p / 100.0));
            sink.error(
                node,
                text!(
                    "metric-ratio-percent",
                    id = id,
                    label = label,
                    found = shorten(s)
                ),
            )
            .help = messages::help(text!(
                "metric-ratio-percent-help",
                percent = number,
                ratio = ratio
            ));
        } else {
            sink.error(
                node,
                text!(
                    "metric-number-unit",
                    id = id,
                    label = label,
                    found = shorten(s)
                ),
            )
            .help = messages::help(text!(
                "metric-number-unit-help",
                number = number,
                unit = shorten(&unit)
            ));
        }
        return;
    }
    if let Some(number) = typing::number_with_commas(s) {
        sink.error(
            node,
            text!(
                "metric-number-commas",
                id = id,
                label = label,
                found = shorten(s)
            ),
        )
        .help = messages::help(text!("metric-number-commas-help", number = number));
        return;
    }
    sink.error(
        node,
        text!(
            "metric-number-text",
            id = id,
            label = label,
            found = shorten(s)
        ),
    )
    .help = messages::help(text!("metric-number-text-help"));
}

/// A number as a person would write it (no trailing `.0`).
pub fn display_number(x: f64) -> String {
    if x.is_nan() {
        ".nan".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { ".inf" } else { "-.inf" }.to_string()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn read_sources(node: &Node, config: &Config, sink: &mut Sink) -> Vec<(usize, String)> {
    let Value::Map(entries) = &node.value else {
        sink.error(
            node,
            text!("sources-not-mapping", found = node.value.kind_text()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let id = key.key_text();
        let Some(index) = config.metric_index(&id) else {
            unknown_metric(key, &id, config, sink);
            continue;
        };
        if let Some(text) = fields::text(value).or_else(|| fields::string(value, "sources", sink)) {
            out.push((index, text));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn periods(ids: &[&str]) -> Vec<Period> {
        ids.iter()
            .map(|id| Period {
                id: id.to_string(),
                label: id.to_string(),
                short: None,
                months: 6,
            })
            .collect()
    }

    #[test]
    fn periods_to_come_are_told_from_typos() {
        let halves = periods(&["2018", "2019-H1", "2019-H2", "2020-H1", "2020-H2"]);
        assert_eq!(later_than_every_period("2021-H1", &halves), Some("2020-H2"));
        assert_eq!(later_than_every_period("2022", &halves), Some("2020-H2"));
        // A typo of a period that exists, or a part no year has.
        assert_eq!(later_than_every_period("2020-H3", &halves), None);
        assert_eq!(later_than_every_period("2019-H3", &halves), None);
        assert_eq!(later_than_every_period("2017", &halves), None);
        assert_eq!(later_than_every_period("2021年上半年", &halves), None);
        let quarters = periods(&["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4", "2021-Q1"]);
        assert_eq!(
            later_than_every_period("2021-Q2", &quarters),
            Some("2021-Q1")
        );
        assert_eq!(later_than_every_period("2021-Q5", &quarters), None);
    }

    #[test]
    fn dates_that_do_not_exist() {
        assert_eq!(date_parts("2021-02-30"), Some((2021, 2, 30)));
        assert_eq!(date_parts("2021-2-30"), None);
        assert_eq!(days_in_month(2020, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
    }
}
