//! The three kinds of content file: county profiles, reports and pages
//! (free pages and the home intro). Each reader takes the file's text and
//! returns the typed document, pushing every problem it finds.

use super::config::{Config, Kind, unknown_period};
use super::fields::{self, Fields, Sink};
use super::frontmatter;
use super::{Body, County, Page};
use crate::diagnostics::{Diagnostic, Pos, did_you_mean, shorten};
use crate::yaml::{self, Node, Value};

const COUNTY_KEYS: &[&str] = &["name", "pilot", "pilot_since", "code", "order", "extra"];
const REPORT_KEYS: &[&str] = &[
    "title", "period", "date", "authors", "summary", "tags", "draft", "metrics", "sources", "extra",
];
const PAGE_KEYS: &[&str] = &["title", "description", "draft", "extra"];

/// Splits a file, parses its front matter and hands its fields, a sink for
/// errors and the body to `read`. Errors before that point are pushed.
fn with_front_matter<T>(
    path: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
    read: impl FnOnce(Fields, &mut Sink, Body) -> Option<T>,
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
    read(fields, sink, body)
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
    with_front_matter(path, text, diagnostics, |mut f, sink, body| {
        let name = f.required_string("name", sink);
        let pilot = f
            .required("pilot", sink)
            .and_then(|n| fields::boolean(n, "pilot", sink));
        let pilot_since = f.value("pilot_since").and_then(|n| {
            let id = fields::text(n);
            let index = id.as_deref().and_then(|id| config.period_index(id));
            if index.is_none() {
                unknown_period(n, id.as_deref().unwrap_or("?"), &config.periods, sink);
            }
            index
        });
        let code = f.value("code").and_then(fields::text);
        let order = f.value("order").and_then(|n| match n.value {
            Value::Int(i) => Some(i),
            _ => {
                sink.error(n, "`order` must be a whole number");
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
    with_front_matter(path, text, diagnostics, |mut f, sink, body| {
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
    with_front_matter(path, text, diagnostics, |mut f, sink, body| {
        let title = f.required_string("title", sink);
        let period_node = f.required("period", sink);
        let period = period_node.and_then(|n| match fields::text(n) {
            Some(id) => {
                let index = config.period_index(&id);
                if index.is_none() {
                    unknown_period(n, &id, &config.periods, sink);
                }
                index
            }
            None => {
                sink.error(
                    n,
                    format!(
                        "`period` must be a period id such as `{}`",
                        config.periods.first().map_or("2018", |p| p.id.as_str())
                    ),
                );
                None
            }
        });
        let date = f.value("date").and_then(|n| {
            let s = fields::text(n)?;
            if fields::is_date(&s) {
                Some(s)
            } else {
                sink.error(
                    n,
                    format!(
                        "`date` must be a date written YYYY-MM-DD, found `{}`",
                        shorten(&s)
                    ),
                );
                None
            }
        });
        let authors = f
            .value("authors")
            .map(|n| fields::string_list(n, "authors", sink))
            .unwrap_or_default();
        let summary = f.string("summary", sink);
        let tags = f
            .value("tags")
            .map(|n| fields::string_list(n, "tags", sink))
            .unwrap_or_default();
        let draft = draft(&mut f, sink);
        let metrics_entry = f.take("metrics");
        let metrics_pos = metrics_entry.map_or(f.pos, |(k, _)| sink.pos(k));
        let (values, value_pos) = read_values(metrics_entry, f.pos, config, sink);
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

fn unknown_metric(key: &Node, id: &str, config: &Config, sink: &mut Sink) {
    let mut message = format!("unknown metric `{}`", shorten(id));
    if let Some(s) = did_you_mean(id, config.metrics.iter().map(|m| m.id.as_str())) {
        message.push_str(&format!(" (did you mean `{s}`?)"));
    }
    sink.error(key, message).help =
        crate::messages::help("the metrics are defined in site.yaml; check the spelling there");
}

type Values = (Vec<Option<f64>>, Vec<Option<Pos>>);

fn read_values(
    entry: Option<(&Node, &Node)>,
    front_matter_pos: Pos,
    config: &Config,
    sink: &mut Sink,
) -> Values {
    let mut values = vec![None; config.metrics.len()];
    let mut positions = vec![None; config.metrics.len()];
    let mut seen = vec![false; config.metrics.len()];
    let entries: &[(Node, Node)] = match entry.map(|(_, v)| &v.value) {
        Some(Value::Map(entries)) => entries,
        Some(Value::Null) | None => &[],
        Some(other) => {
            let node = entry.map(|(_, v)| v).expect("matched Some");
            sink.error(
                node,
                format!(
                    "`metrics` must be a set of `metric_id: value` lines, found {}",
                    other.kind_name()
                ),
            );
            return (values, positions);
        }
    };
    for (key, value) in entries {
        let id = key.key_text();
        let Some(index) = config.metric_index(&id) else {
            unknown_metric(key, &id, config, sink);
            continue;
        };
        let metric = &config.metrics[index];
        seen[index] = true;
        if let Some(derived) = &metric.derived {
            let inputs = match derived {
                super::Derived::RatioOf(a, b) => {
                    format!("{} / {}", config.metrics[*a].id, config.metrics[*b].id)
                }
                super::Derived::SumOf(v) => v
                    .iter()
                    .map(|i| config.metrics[*i].id.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
            };
            sink.error(
                key,
                format!("`{id}` is computed from {inputs}; it cannot be typed in a report"),
            )
            .help = crate::messages::help(format!(
                "delete the line `{id}: ...`; fill in {inputs} instead"
            ));
            continue;
        }
        positions[index] = Some(sink.pos(value));
        values[index] = check_value(value, metric, sink);
    }
    for (index, metric) in config.metrics.iter().enumerate() {
        if !metric.required || metric.derived.is_some() {
            continue;
        }
        if !seen[index] {
            let pos = entry.map_or(front_matter_pos, |(k, _)| sink.pos(k));
            sink.error_at(pos, format!("required metric `{}` is missing", metric.id))
                .help = crate::messages::help(format!(
                "add the line `{}: <value>` under `metrics:`; site.yaml marks it required",
                metric.id
            ));
        } else if values[index].is_none() && positions[index].is_some() {
            let pos = positions[index].expect("checked");
            let is_null = entries
                .iter()
                .any(|(k, v)| k.key_text() == metric.id && v.value == Value::Null);
            if is_null {
                sink.error_at(
                    pos,
                    format!("required metric `{}` has no value (null)", metric.id),
                )
                .help = crate::messages::help(format!(
                    "fill in the figure for {}; site.yaml marks it required",
                    metric.label
                ));
            }
        }
    }
    (values, positions)
}

/// Checks one typed value against its metric. `None` for null or invalid.
fn check_value(node: &Node, metric: &super::Metric, sink: &mut Sink) -> Option<f64> {
    let id = &metric.id;
    let number = match (&node.value, metric.kind) {
        (Value::Null, _) => return None,
        (Value::Bool(b), Kind::Bool) => return Some(if *b { 1.0 } else { 0.0 }),
        (other, Kind::Bool) => {
            let (found, help) = fields::not_a_boolean(other);
            sink.error(
                node,
                crate::text!("field-not-boolean", field = id, found = found),
            )
            .help = help
                .map(Box::new)
                .or_else(|| crate::messages::help("write true or false (or null if not reported)"));
            return None;
        }
        (Value::Int(i), _) => *i as f64,
        (Value::Float(x), _) => *x,
        (Value::Str(s), _) => {
            sink.error(
                node,
                format!("`{id}` must be a number, found text `{}`", shorten(s)),
            )
            .help = crate::messages::help(
                "write digits only, without units or commas (null if not reported)",
            );
            return None;
        }
        (other, _) => {
            sink.error(
                node,
                format!("`{id}` must be a number, found {}", other.kind_name()),
            );
            return None;
        }
    };
    if !number.is_finite() {
        sink.error(
            node,
            format!(
                "`{id}` must be a finite number, found {}",
                display_number(number)
            ),
        )
        .help = crate::messages::help("write the figure, or null if it was not reported");
        return None;
    }
    match metric.kind {
        Kind::Count if number < 0.0 || number.fract() != 0.0 => {
            sink.error(
                node,
                format!(
                    "`{id}` is a count and must be a whole number of 0 or more, found {}",
                    display_number(number)
                ),
            );
            return None;
        }
        Kind::Ratio if !(0.0..=1.0).contains(&number) => {
            sink.error(
                node,
                format!(
                    "`{id}` is a ratio and must be between 0 and 1, found {}",
                    display_number(number)
                ),
            )
            .help = crate::messages::help("write 85% as 0.85");
            return None;
        }
        Kind::Money if number < 0.0 => {
            sink.error(
                node,
                format!(
                    "`{id}` is an amount of money and must be 0 or more, found {}",
                    display_number(number)
                ),
            );
            return None;
        }
        _ => {}
    }
    if let Some(min) = metric.min.filter(|m| number < *m) {
        sink.error(
            node,
            format!(
                "`{id}` is {}, below the minimum {} set in site.yaml",
                display_number(number),
                display_number(min)
            ),
        );
        return None;
    }
    if let Some(max) = metric.max.filter(|m| number > *m) {
        sink.error(
            node,
            format!(
                "`{id}` is {}, above the maximum {} set in site.yaml",
                display_number(number),
                display_number(max)
            ),
        );
        return None;
    }
    Some(number)
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
            "`sources` must be a set of `metric_id: where the figure comes from` lines",
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
