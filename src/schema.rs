//! `pilotsite schema`: a JSON Schema of a report's front matter, built from
//! site.yaml, so that editors which understand JSON Schema (VS Code with the
//! YAML extension, anything built on yaml-language-server, JetBrains IDEs)
//! flag a typo'd field, an unknown or derived metric, a figure of the wrong
//! kind or out of bounds, or an unknown period while the report is typed.
//!
//! The schema mirrors the rules of `content::documents` for one file, as far
//! as a schema can: checks that span values (a count above its total) or
//! files (one report per county and period) stay with `pilotsite check`.
//! Where pilotsite accepts a value, the schema does too: `null` for any
//! optional field, an unquoted `2018` for the period `"2018"`, a single text
//! for `authors` and `tags`, a whole number where text is read (a tag `2019`,
//! a source `2019`).
//!
//! The dialect is JSON Schema 2020-12, but only keywords that mean the same in
//! draft-07 are used (`type`, `enum`, `properties`, `required`,
//! `additionalProperties`, `items`, `minimum`, `maximum`, `pattern`,
//! `format`), since several editors still validate with draft-07 semantics.
//!
//! Pure: builds a value and its text, writes nothing. Keys keep a fixed,
//! meaningful order in the text (front-matter fields as documented, metrics
//! in schema order), so the same site.yaml always gives the same bytes.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::content::{Config, Kind, Language, Metric};

/// The dialect the schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The conventional file name, kept at the site root: report skeletons point
/// at it from `content/counties/<id>/`.
pub const FILE_NAME: &str = "report.schema.json";

/// The modeline `new report` writes as the first line of the front matter.
pub fn modeline() -> String {
    format!("# yaml-language-server: $schema=../../../{FILE_NAME}")
}

/// The schema of a report's front matter as a JSON value. (A
/// `serde_json::Value` sorts object keys; [`to_string`] keeps their order.)
pub fn report_schema(config: &Config) -> serde_json::Value {
    build(config).to_value()
}

/// The schema as pretty-printed JSON with a trailing newline: what
/// `pilotsite schema` prints or writes.
pub fn to_string(config: &Config) -> String {
    let mut text =
        serde_json::to_string_pretty(&build(config)).expect("a schema has only text keys");
    text.push('\n');
    text
}

/// A JSON value whose objects keep their insertion order.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Obj),
}

/// An ordered JSON object, built with [`Obj::with`].
#[derive(Debug, Clone, Default, PartialEq)]
struct Obj(Vec<(String, Json)>);

impl Obj {
    fn new() -> Self {
        Obj::default()
    }

    fn with(mut self, key: &str, value: impl Into<Json>) -> Self {
        self.0.push((key.to_string(), value.into()));
        self
    }

    /// Adds the entry only when there is a value.
    fn with_opt(self, key: &str, value: Option<impl Into<Json>>) -> Self {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Self {
        Json::Str(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Self {
        Json::Str(s)
    }
}

impl From<Obj> for Json {
    fn from(o: Obj) -> Self {
        Json::Object(o)
    }
}

impl From<Vec<Json>> for Json {
    fn from(v: Vec<Json>) -> Self {
        Json::Array(v)
    }
}

impl From<f64> for Json {
    /// Whole numbers are written without `.0` (`"maximum": 100`).
    fn from(x: f64) -> Self {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            Json::Int(x as i64)
        } else {
            Json::Float(x)
        }
    }
}

impl Json {
    fn to_value(&self) -> serde_json::Value {
        use serde_json::Value as V;
        match self {
            Json::Bool(b) => V::Bool(*b),
            Json::Int(i) => V::from(*i),
            Json::Float(x) => V::from(*x),
            Json::Str(s) => V::String(s.clone()),
            Json::Array(items) => V::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(o) => {
                V::Object(o.0.iter().map(|(k, v)| (k.clone(), v.to_value())).collect())
            }
        }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Int(i) => serializer.serialize_i64(*i),
            Json::Float(x) => serializer.serialize_f64(*x),
            Json::Str(s) => serializer.serialize_str(s),
            Json::Array(items) => items.serialize(serializer),
            Json::Object(o) => {
                let mut map = serializer.serialize_map(Some(o.0.len()))?;
                for (k, v) in &o.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// A `type` keyword: one type, or that type or null.
fn type_of(name: &str, nullable: bool) -> Json {
    if nullable {
        Json::Array(vec![name.into(), "null".into()])
    } else {
        name.into()
    }
}

fn types(names: &[&str]) -> Json {
    Json::Array(names.iter().map(|n| Json::from(*n)).collect())
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Json {
    Json::Array(items.into_iter().map(Json::from).collect())
}

/// Text in the site's language.
fn tr(language: Language, zh: &str, en: &str) -> String {
    match language {
        Language::ZhCn => zh.to_string(),
        Language::En => en.to_string(),
    }
}

fn build(config: &Config) -> Json {
    let lang = config.language;
    let inputs: Vec<&Metric> = config
        .metrics
        .iter()
        .filter(|m| m.derived.is_none())
        .collect();
    let required_metrics: Vec<&str> = inputs
        .iter()
        .filter(|m| m.required)
        .map(|m| m.id.as_str())
        .collect();

    let mut required = vec!["title", "period"];
    if !required_metrics.is_empty() {
        // pilotsite reports each required metric missing when `metrics` is.
        required.push("metrics");
    }

    let properties = Obj::new()
        .with("title", title_schema(lang))
        .with("period", period_schema(config))
        .with("date", date_schema(lang))
        .with(
            "authors",
            text_list_schema(tr(
                lang,
                "作者，如 [东台市科协]",
                "Authors, e.g. [Dongtai SAST]",
            )),
        )
        .with(
            "summary",
            Obj::new()
                .with(
                    "description",
                    tr(
                        lang,
                        "摘要；不填则取正文第一段",
                        "Summary; the body's first paragraph when absent",
                    ),
                )
                .with("type", type_of("string", true)),
        )
        .with(
            "tags",
            text_list_schema(tr(
                lang,
                "标签，如 [四长, 医疗卫生]",
                "Tags, e.g. [health, training]",
            )),
        )
        .with(
            "draft",
            Obj::new()
                .with(
                    "description",
                    tr(
                        lang,
                        "草稿：true 时只在 --drafts 下生成",
                        "A draft: built only with --drafts",
                    ),
                )
                .with("type", type_of("boolean", true)),
        )
        .with(
            "metrics",
            metrics_schema(config, &inputs, &required_metrics),
        )
        .with("sources", sources_schema(config))
        .with(
            "extra",
            Obj::new()
                .with(
                    "description",
                    tr(
                        lang,
                        "自由格式的附加数据，供模板使用",
                        "Free-form data for templates",
                    ),
                )
                .with("type", type_of("object", true)),
        );

    Obj::new()
        .with("$schema", DIALECT)
        .with(
            "title",
            tr(
                lang,
                &format!("{}：报告前置信息", config.title),
                &format!("{}: report front matter", config.title),
            ),
        )
        .with(
            "description",
            tr(
                lang,
                "content/counties/<编号>/*.md 中报告的前置信息。由 `pilotsite schema` 根据 site.yaml 生成；修改指标或报告期后请重新生成。`pilotsite check` 另外检查跨字段、跨文件的规则。",
                "The front matter of a report in content/counties/<id>/*.md. Generated by `pilotsite schema` from site.yaml: generate it again after changing the metrics or periods. `pilotsite check` also checks the rules that span fields and files.",
            ),
        )
        .with("type", "object")
        .with("additionalProperties", false)
        .with("required", strings(required))
        .with("properties", properties)
        .into()
}

fn title_schema(lang: Language) -> Obj {
    Obj::new()
        .with(
            "description",
            tr(lang, "报告标题（必填）", "The report's title (required)"),
        )
        .with("type", "string")
}

/// One of the site's periods. A period id YAML reads as a whole number
/// (`2018`) is accepted in that form too, as pilotsite accepts it.
fn period_schema(config: &Config) -> Obj {
    let mut values = Vec::new();
    for p in &config.periods {
        values.push(Json::from(p.id.as_str()));
        if let Ok(n) = p.id.parse::<i64>()
            && n.to_string() == p.id
        {
            values.push(Json::Int(n));
        }
    }
    let list: Vec<String> = config
        .periods
        .iter()
        .map(|p| {
            if p.label == p.id {
                p.id.clone()
            } else {
                format!("{} = {}", p.id, p.label)
            }
        })
        .collect();
    let description = match config.language {
        Language::ZhCn => format!("报告期（必填），site.yaml 中的一期：{}", list.join("；")),
        Language::En => format!(
            "The period (required), one of site.yaml's: {}",
            list.join("; ")
        ),
    };
    Obj::new()
        .with("description", description)
        .with("enum", Json::Array(values))
}

fn date_schema(lang: Language) -> Obj {
    Obj::new()
        .with(
            "description",
            tr(
                lang,
                "发布日期，写成 YYYY-MM-DD，如 2019-07-10",
                "Publication date, YYYY-MM-DD such as 2019-07-10",
            ),
        )
        .with("type", type_of("string", true))
        .with("pattern", r"^\d{4}-\d{2}-\d{2}$")
        .with("format", "date")
}

/// `authors` and `tags`: a list of non-blank texts (numbers read as text),
/// or a single text.
fn text_list_schema(description: String) -> Obj {
    Obj::new()
        .with("description", description)
        .with("type", types(&["array", "string", "null"]))
        .with(
            "items",
            Obj::new()
                .with("type", types(&["string", "integer"]))
                .with("pattern", r"\S"),
        )
}

/// The metric's label in the site's language, with its unit.
fn metric_label(metric: &Metric, lang: Language) -> String {
    let label = metric.display_label(lang);
    match (&metric.unit, lang) {
        (Some(u), Language::ZhCn) => format!("{label}（{u}）"),
        (Some(u), Language::En) => format!("{label} ({u})"),
        (None, _) => label.to_string(),
    }
}

/// The tighter of a kind's bound and a metric's own.
fn tighter(kind: Option<f64>, own: Option<f64>, pick: fn(f64, f64) -> f64) -> Option<f64> {
    match (kind, own) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

/// One typed-in metric: its kind's JSON type and range, its own bounds,
/// and null unless it is required.
fn metric_schema(metric: &Metric, lang: Language) -> Obj {
    let (name, kind_min, kind_max) = match metric.kind {
        Kind::Count => ("integer", Some(0.0), None),
        Kind::Number => ("number", None, None),
        Kind::Ratio => ("number", Some(0.0), Some(1.0)),
        Kind::Money => ("number", Some(0.0), None),
        Kind::Bool => ("boolean", None, None),
    };
    // pilotsite ignores min/max for a bool metric.
    let (min, max) = if metric.kind == Kind::Bool {
        (None, None)
    } else {
        (
            tighter(kind_min, metric.min, f64::max),
            tighter(kind_max, metric.max, f64::min),
        )
    };
    let mut description = metric_label(metric, lang);
    if metric.measure == crate::content::Measure::Flow {
        description.push_str(match lang {
            Language::ZhCn => "，本期内累计的数",
            Language::En => ", counted over the period",
        });
    }
    Obj::new()
        .with("description", description)
        .with("type", type_of(name, !metric.required))
        .with_opt("minimum", min)
        .with_opt("maximum", max)
}

fn metrics_schema(config: &Config, inputs: &[&Metric], required: &[&str]) -> Obj {
    let lang = config.language;
    let derived: Vec<&str> = config
        .metrics
        .iter()
        .filter(|m| m.derived.is_some())
        .map(|m| m.id.as_str())
        .collect();
    let mut description = tr(
        lang,
        "各项指标，每行“指标编号: 数值”；null 表示未填报，不是 0",
        "The figures, one `metric_id: value` line each; null means not reported, never 0",
    );
    if !derived.is_empty() {
        description.push_str(&match lang {
            Language::ZhCn => format!("。以下指标自动计算，不要填写：{}", derived.join("、")),
            Language::En => format!(". Computed, never typed: {}", derived.join(", ")),
        });
    }
    let properties = inputs
        .iter()
        .fold(Obj::new(), |o, m| o.with(&m.id, metric_schema(m, lang)));
    let schema = Obj::new()
        .with("description", description)
        .with("type", type_of("object", required.is_empty()))
        .with("additionalProperties", false);
    let schema = if required.is_empty() {
        schema
    } else {
        schema.with("required", strings(required.iter().copied()))
    };
    schema.with("properties", properties)
}

/// `sources`: metric id (derived ones too) -> where the figure comes from.
fn sources_schema(config: &Config) -> Obj {
    let lang = config.language;
    let properties = config.metrics.iter().fold(Obj::new(), |o, m| {
        o.with(
            &m.id,
            Obj::new()
                .with("description", metric_label(m, lang))
                .with("type", types(&["string", "integer"])),
        )
    });
    Obj::new()
        .with(
            "description",
            tr(
                lang,
                "数据来源：指标编号: 来源说明",
                "Where each figure comes from: metric_id: source",
            ),
        )
        .with("type", type_of("object", true))
        .with("additionalProperties", false)
        .with("properties", properties)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_config;

    fn config() -> Config {
        parse_config(
            "site.yaml",
            "title: T\nlanguage: en\nperiods:\n  - id: 2018\n  - id: 2019-H1\n    label: 2019 H1\nmetrics:\n  - id: a\n    label: A\n    kind: count\n    required: true\n    min: 2\n    max: 50\n  - id: b\n    label: B\n    kind: ratio\n    max: 2\n  - id: r\n    label: R\n    kind: ratio\n    ratio_of: [a, a]\n  - id: f\n    label: F\n    kind: bool\n    min: 1\n",
        )
        .unwrap()
    }

    #[test]
    fn metrics_mirror_the_kinds() {
        let s = report_schema(&config());
        let m = &s["properties"]["metrics"];
        assert_eq!(m["required"], serde_json::json!(["a"]));
        assert_eq!(m["type"], "object");
        assert_eq!(m["properties"]["a"]["type"], "integer");
        assert_eq!(m["properties"]["a"]["minimum"], 2);
        assert_eq!(m["properties"]["a"]["maximum"], 50);
        assert_eq!(m["properties"]["b"]["maximum"], 1);
        assert_eq!(
            m["properties"]["b"]["type"],
            serde_json::json!(["number", "null"])
        );
        assert!(m["properties"]["r"].is_null());
        assert!(m["properties"]["f"]["minimum"].is_null());
        assert_eq!(
            s["properties"]["period"]["enum"],
            serde_json::json!(["2018", 2018, "2019-H1"])
        );
        assert_eq!(
            s["required"],
            serde_json::json!(["title", "period", "metrics"])
        );
        // Derived metrics may still have a source.
        assert!(s["properties"]["sources"]["properties"]["r"].is_object());
    }

    #[test]
    fn text_keeps_order_and_matches_the_value() {
        let c = config();
        let text = to_string(&c);
        assert!(text.ends_with("}\n"));
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, report_schema(&c));
        assert!(text.find("\"$schema\"").unwrap() < text.find("\"properties\"").unwrap());
        assert!(text.find("\"title\"").unwrap() < text.find("\"period\"").unwrap());
    }
}
