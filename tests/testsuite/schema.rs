//! `pilotsite schema`: the JSON Schema of report front matter.
//!
//! Besides the shape of the schema, these tests check that it agrees with
//! pilotsite itself: reports are validated against the generated schema by
//! a small checker written here for exactly the keywords the schema uses,
//! and the verdicts are compared with `pilotsite check` and with the
//! invalid-content fixtures.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Value, json};

use crate::harness::{SiteTest, fixtures};

const MODELINE: &str = "# yaml-language-server: $schema=../../../report.schema.json";

/// Runs `schema` on the site: the text printed and the parsed schema.
fn schema_of(site: &SiteTest) -> (String, Value) {
    let run = site.run(&["schema"]);
    run.assert_success();
    let value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("schema is not JSON: {e}\n{}", run.stdout));
    (run.stdout.clone(), value)
}

/// The keys of a JSON object in the order they are written.
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some((k, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                    keys.push(k);
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

#[derive(serde::Deserialize)]
struct TopKeys {
    properties: Keys,
}

#[derive(serde::Deserialize)]
struct Top {
    properties: TopProperties,
}

#[derive(serde::Deserialize)]
struct TopProperties {
    metrics: Properties,
}

#[derive(serde::Deserialize)]
struct Properties {
    properties: Keys,
}

// ---------------------------------------------------------------------------
// A JSON Schema checker for the keywords `pilotsite schema` emits, and no
// others: an unknown keyword fails the test, so the two stay in step.

const KEYWORDS: &[&str] = &[
    "$schema",
    "title",
    "description",
    "format",
    "type",
    "enum",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "minimum",
    "maximum",
    "pattern",
];

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        // As in JSON Schema: any number with a zero fractional part.
        "integer" => value.as_f64().is_some_and(|x| x.fract() == 0.0),
        other => panic!("unknown type `{other}` in the schema"),
    }
}

fn matches_pattern(pattern: &str, s: &str) -> bool {
    match pattern {
        r"^\d{4}-\d{2}-\d{2}$" => {
            let b = s.as_bytes();
            b.len() == 10
                && b.iter().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        *c == b'-'
                    } else {
                        c.is_ascii_digit()
                    }
                })
        }
        r"\S" => s.chars().any(|c| !c.is_whitespace()),
        other => panic!("the checker does not know the pattern `{other}`"),
    }
}

/// Validates `value` against `schema`, pushing `path: problem` for each failure.
fn validate(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = schema.as_object().expect("a schema is an object");
    for key in schema.keys() {
        assert!(
            KEYWORDS.contains(&key.as_str()),
            "unexpected keyword `{key}`"
        );
    }
    if let Some(t) = schema.get("type") {
        let names: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items.iter().map(|i| i.as_str().expect("a type")).collect(),
            _ => panic!("bad `type`"),
        };
        if !names.iter().any(|n| has_type(value, n)) {
            errors.push(format!("{path}: {value} is not of type {t}"));
            return;
        }
    }
    if let Some(Value::Array(options)) = schema.get("enum")
        && !options.contains(value)
    {
        errors.push(format!("{path}: {value} is not one of {options:?}"));
    }
    if let Some(x) = value.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
            && x < min
        {
            errors.push(format!("{path}: {x} is below the minimum {min}"));
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
            && x > max
        {
            errors.push(format!("{path}: {x} is above the maximum {max}"));
        }
    }
    if let (Some(s), Some(p)) = (value.as_str(), schema.get("pattern")) {
        let p = p.as_str().expect("a pattern");
        if !matches_pattern(p, s) {
            errors.push(format!("{path}: `{s}` does not match {p}"));
        }
    }
    if let (Some(items), Some(item_schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(item_schema, item, &format!("{path}/{i}"), errors);
        }
    }
    if let Some(object) = value.as_object() {
        if let Some(Value::Array(required)) = schema.get("required") {
            for r in required {
                let r = r.as_str().expect("a required key");
                if !object.contains_key(r) {
                    errors.push(format!("{path}: `{r}` is required"));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (k, v) in object {
            match properties.and_then(|p| p.get(k)) {
                Some(s) => validate(s, v, &format!("{path}/{k}"), errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        errors.push(format!("{path}/{k}: not allowed"));
                    }
                    None | Some(Value::Bool(true)) => {}
                    Some(other) => panic!("unsupported additionalProperties {other}"),
                },
            }
        }
    }
}

/// A report's front matter as the JSON an editor would validate (YAML 1.2,
/// read by pilotsite's own YAML reader).
fn front_matter(text: &str) -> Value {
    let mut lines = text.lines();
    assert_eq!(lines.next().map(str::trim_end), Some("---"), "front matter");
    let yaml: Vec<&str> = lines.take_while(|l| l.trim_end() != "---").collect();
    let node = pilotsite::yaml::parse(&yaml.join("\n")).expect("front matter parses");
    to_json(&node)
}

fn to_json(node: &pilotsite::yaml::Node) -> Value {
    use pilotsite::yaml::Value as Y;
    match &node.value {
        Y::Null => Value::Null,
        Y::Bool(b) => json!(b),
        Y::Int(i) => json!(i),
        Y::Float(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
        Y::Str(s) => json!(s),
        Y::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Y::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.key_text(), to_json(v)))
                .collect(),
        ),
    }
}

/// The schema's complaints about one report file.
fn problems(schema: &Value, text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    validate(schema, &front_matter(text), "", &mut errors);
    errors
}

// ---------------------------------------------------------------------------

#[test]
fn schema_of_the_minimal_site() {
    let site = SiteTest::fixture("minimal");
    let (text, s) = schema_of(&site);
    assert!(text.ends_with("}\n"), "one trailing newline");
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(s["title"].as_str().is_some_and(|t| t.contains("Minimal")));
    assert!(s["description"].is_string());
    assert_eq!(s["type"], "object");
    assert_eq!(s["additionalProperties"], false);
    assert_eq!(s["required"], json!(["title", "period", "metrics"]));

    // The front-matter fields, in the documented order.
    let top: TopKeys = serde_json::from_str(&text).unwrap();
    assert_eq!(
        top.properties.0,
        [
            "title", "period", "date", "authors", "summary", "tags", "draft", "metrics", "sources",
            "extra",
        ]
    );

    let p = &s["properties"];
    assert_eq!(p["title"]["type"], "string");
    assert_eq!(p["period"]["enum"], json!(["2018", 2018, "2019-H1"]));
    assert_eq!(p["date"]["pattern"], r"^\d{4}-\d{2}-\d{2}$");
    assert_eq!(p["authors"]["type"], json!(["array", "string", "null"]));
    assert_eq!(p["tags"]["items"]["type"], json!(["string", "integer"]));
    assert_eq!(p["draft"]["type"], json!(["boolean", "null"]));
    assert_eq!(p["extra"]["type"], json!(["object", "null"]));

    // Metrics: exactly the typed-in ones, in schema order (checked on the
    // text, since a parsed JSON object forgets its order).
    let order: Top = serde_json::from_str(&text).unwrap();
    assert_eq!(
        order.properties.metrics.properties.0,
        [
            "total", "covered", "lectures", "clinics", "budget", "policy"
        ]
    );
    let m = &p["metrics"];
    assert_eq!(m["additionalProperties"], false);
    assert_eq!(m["required"], json!(["total"]));
    assert_eq!(m["type"], "object");
    let mp = &m["properties"];
    assert_eq!(
        mp["total"],
        json!({"description": "Total", "type": "integer", "minimum": 0, "maximum": 100})
    );
    assert_eq!(mp["covered"]["type"], json!(["integer", "null"]));
    assert_eq!(mp["covered"]["minimum"], 0);
    assert_eq!(
        mp["budget"],
        json!({"description": "Budget (k)", "type": ["number", "null"], "minimum": 0})
    );
    assert_eq!(
        mp["policy"],
        json!({"description": "Policy issued", "type": ["boolean", "null"]})
    );
    assert!(mp.get("coverage").is_none() && mp.get("activities").is_none());
    // The schema names the derived metrics so a reader knows why.
    assert!(m["description"].as_str().unwrap().contains("coverage"));

    // Sources: any metric, derived ones included.
    let sp = p["sources"]["properties"].as_object().unwrap();
    assert_eq!(p["sources"]["additionalProperties"], false);
    assert_eq!(sp.len(), 8);
    assert!(sp.contains_key("coverage"));

    // The same site.yaml gives the same bytes.
    assert_eq!(schema_of(&site).0, text);
}

#[test]
fn schema_output_writes_the_file() {
    let site = SiteTest::fixture("minimal");
    let (printed, _) = schema_of(&site);
    let run = site.run(&["schema", "--output", "editor/report.schema.json"]);
    run.assert_success();
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.starts_with("wrote editor/report.schema.json"),
        "{}",
        run.stdout
    );
    assert_eq!(site.read("editor/report.schema.json"), printed);

    let quiet = site.run(&["--quiet", "schema", "--output", "report.schema.json"]);
    quiet.assert_success();
    assert_eq!(quiet.stdout, "");
    assert_eq!(site.read("report.schema.json"), printed);
}

#[test]
fn schema_of_a_broken_site_yaml_is_a_located_error() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "site.yaml",
        "title: Broken\nperiods:\n  - id: 2018\nmetrics:\n  - id: total\n    label: Total\n    kind: cuont\n",
    );
    let run = site.run(&["schema"]);
    run.assert_status(1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.error_lines(),
        ["error: site.yaml:7:11: 没有 `cuont` 这种指标类型（是不是想写 `count`？）"]
    );
    site.run(&["schema", "--output", "report.schema.json"])
        .assert_status(1);
    assert!(!site.root().join("report.schema.json").exists());
}

#[test]
fn new_report_points_at_the_schema() {
    let site = SiteTest::fixture("minimal");
    site.run(&["new", "report", "beta", "2019-H1"])
        .assert_success();
    let text = site.read("content/counties/beta/2019-h1.md");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[..2], ["---", MODELINE]);

    // The skeleton parses, and the schema flags just what `check` flags:
    // the required `total` left null.
    let (_, schema) = schema_of(&site);
    assert_eq!(
        problems(&schema, &text),
        ["/metrics/total: null is not of type \"integer\""]
    );
    let filled = text.replace("  total: null", "  total: 12");
    assert_eq!(problems(&schema, &filled), Vec::<String>::new());
    site.write("content/counties/beta/2019-h1.md", &filled);
    site.run(&["check"]).assert_success();
}

#[test]
fn every_report_of_the_example_site_passes_its_schema() {
    let site = SiteTest::example();
    let (_, schema) = schema_of(&site);
    let mut reports = 0;
    let counties = site.root().join("content/counties");
    for county in std::fs::read_dir(&counties).unwrap() {
        let county = county.unwrap().path();
        for file in std::fs::read_dir(&county).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name == "_index.md" || !name.ends_with(".md") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let errors = problems(&schema, &text);
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
            reports += 1;
        }
    }
    assert!(reports >= 30, "only {reports} reports found");

    // A typo'd metric, and a derived one typed in, are flagged.
    let text = site.read("content/counties/dongtai/2019-h1.md");
    let typo = text.replace("  township_sast_count: 13", "  township_sast_cuont: 13");
    assert_ne!(typo, text);
    let errors = problems(&schema, &typo);
    assert!(
        errors.contains(&"/metrics/township_sast_cuont: not allowed".to_string()),
        "{errors:?}"
    );
    let derived = text.replace("metrics:\n", "metrics:\n  township_sast_coverage: 0.93\n");
    assert_eq!(
        problems(&schema, &derived),
        ["/metrics/township_sast_coverage: not allowed"]
    );
}

/// Front matter pilotsite accepts or rejects; the schema must agree.
/// Each is written as beta's 2018 report in the minimal site.
const AGREEMENT: &[(&str, bool)] = &[
    ("title: B\nperiod: 2018\nmetrics:\n  total: 5\n", true),
    ("title: B\nperiod: \"2018\"\nmetrics:\n  total: 5.0\n", true),
    (
        "title: B\nperiod: 2018\ndate: 2019-07-10\nauthors: Someone\ntags: [a, 2019]\nsummary:\ndraft: false\nmetrics:\n  total: 5\n  covered: 3\n  budget: 12.5\n  policy: null\nsources:\n  coverage: from the census\n  total: 2019\nextra:\n  any: [1, 2]\n",
        true,
    ),
    ("title: B\nperiod: 2030\nmetrics:\n  total: 5\n", false),
    ("period: 2018\nmetrics:\n  total: 5\n", false),
    ("title: 2018\nperiod: 2018\nmetrics:\n  total: 5\n", false),
    (
        "title: B\nperiod: 2018\npliot: 1\nmetrics:\n  total: 5\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\nmetrics:\n  total: 5\n  totl: 5\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\nmetrics:\n  total: 5\n  coverage: 0.5\n",
        false,
    ),
    ("title: B\nperiod: 2018\nmetrics:\n  total: 101\n", false),
    ("title: B\nperiod: 2018\nmetrics:\n  total: -1\n", false),
    ("title: B\nperiod: 2018\nmetrics:\n  total: 2.5\n", false),
    ("title: B\nperiod: 2018\nmetrics:\n  total: null\n", false),
    ("title: B\nperiod: 2018\nmetrics:\n  clinics: 1\n", false),
    ("title: B\nperiod: 2018\n", false),
    ("title: B\nperiod: 2018\nmetrics:\n  total: \"5\"\n", false),
    (
        "title: B\nperiod: 2018\nmetrics:\n  total: 5\n  policy: yes\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\nmetrics:\n  total: 5\n  policy: 1\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\nmetrics:\n  total: 5\n  budget: -1\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\ndate: 2019-7-1\nmetrics:\n  total: 5\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\ntags: [a, \" \"]\nmetrics:\n  total: 5\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\nsources:\n  totl: x\nmetrics:\n  total: 5\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\nextra: 3\nmetrics:\n  total: 5\n",
        false,
    ),
    (
        "title: B\nperiod: 2018\ndraft: 1\nmetrics:\n  total: 5\n",
        false,
    ),
];

#[test]
fn the_schema_agrees_with_check() {
    let site = SiteTest::fixture("minimal");
    let (_, schema) = schema_of(&site);
    for (front, ok) in AGREEMENT {
        let text = format!("---\n{front}---\nText.\n");
        site.write("content/counties/beta/2018.md", &text);
        let check = site.run(&["check"]);
        assert_eq!(
            check.status == 0,
            *ok,
            "check on:\n{front}\n{}",
            check.stderr
        );
        let errors = problems(&schema, &text);
        assert_eq!(errors.is_empty(), *ok, "schema on:\n{front}\n{errors:?}");
    }
}

/// The invalid-content fixtures whose error lies in one report's front
/// matter are flagged by the schema too; those whose error a schema cannot
/// see (another file, a relation between values, the calendar, the body)
/// pass it.
#[test]
fn the_schema_flags_the_single_report_fixtures() {
    let cases: &[(&str, bool)] = &[
        ("derived_typed_in", true),
        ("missing_required_field", true),
        ("multiple_errors", true),
        ("not_whole_count", true),
        ("out_of_bounds", true),
        ("ratio_out_of_range", true),
        ("required_metric_missing", true),
        ("required_metric_null", true),
        ("unknown_metric", true),
        ("unknown_period", true),
        ("wrong_kind", true),
        ("derived_out_of_range", false),
        ("duplicate_report", false),
        ("bad_date", false),
        ("chart_block_unknown_metric", false),
    ];
    for (name, flagged) in cases {
        let overlay = fixtures().join("invalid").join(name).join("site");
        let site = SiteTest::fixture("minimal");
        site.overlay(&overlay);
        let (_, schema) = schema_of(&site);
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(overlay.join("content/counties")) {
            let entry = entry.unwrap();
            let file = entry.path();
            if !entry.file_type().is_file() || file.file_name().unwrap() == "_index.md" {
                continue;
            }
            let text = std::fs::read_to_string(file).unwrap();
            found.extend(problems(&schema, &text));
        }
        assert_eq!(!found.is_empty(), *flagged, "{name}: {found:?}");
    }
}
