//! Reading the GeoJSON file: JSON syntax (serde_json, which gives line and
//! column), then each feature's geometry and naming property checked with
//! the place of every problem found again in the text (`locate`), then the
//! features read with the `geojson` crate and matched to counties.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::locate::{Located, Step, char_column};
use super::project::{Polygon, Ring};
use crate::content::{County, MapConfig, MapMatch};
use crate::diagnostics::{Diagnostic, Pos, shorten};
use crate::files;
use crate::text;

/// The largest map file read, in bytes. A map is drawn at most 720 pixels
/// wide, where a county needs a few hundred points; files of a whole
/// country at survey detail (hundreds of megabytes) would take several
/// times their size in memory as JSON values and show nothing more.
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The features of a read file, by county: each county's polygons in
/// longitude/latitude (closed rings, the first point not repeated).
pub struct Read {
    pub counties: Vec<Vec<Polygon>>,
}

/// Reads and checks `config.file`; errors stop it (`None`), warnings do not.
pub fn read(
    root: &Path,
    config: &MapConfig,
    counties: &[County],
    out: &mut Vec<Diagnostic>,
) -> Option<Read> {
    let rel = config.file.as_str();
    if let Ok(meta) = std::fs::metadata(root.join(rel))
        && meta.is_file()
        && meta.len() > MAX_BYTES
    {
        out.push(
            Diagnostic::error(
                rel,
                Pos::new(1, 1),
                text!(
                    "map-file-too-large",
                    size = meta.len().div_ceil(1024 * 1024),
                    limit = MAX_BYTES / (1024 * 1024)
                ),
            )
            .with_help(text!("map-file-too-large-help")),
        );
        return None;
    }
    let text = match files::read_text(root, rel) {
        Ok(t) => t,
        Err(d) => {
            out.push(d);
            return None;
        }
    };
    // A byte-order mark is not JSON whitespace; a space keeps columns.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => format!(" {rest}"),
        None => text,
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let line = e.line().max(1);
            let col = char_column(&text, line, e.column().max(1));
            out.push(
                Diagnostic::error(
                    rel,
                    Pos::new(line, col),
                    text!("map-json-invalid", detail = json_detail(&e)),
                )
                .with_help(text!("map-json-invalid-help")),
            );
            return None;
        }
    };
    let located = Located::new(&text);
    let Some(features) = collection(&value) else {
        out.push(
            Diagnostic::error(
                rel,
                located.top(&[Step::Key("type")]),
                text!("map-not-collection"),
            )
            .with_help(text!("map-not-collection-help")),
        );
        return None;
    };
    let mut shapes: Vec<Vec<Polygon>> = vec![Vec::new(); counties.len()];
    let mut has_shape = vec![false; counties.len()];
    let mut errors = false;
    for (i, feature) in features.iter().enumerate() {
        match read_feature(feature, config) {
            Ok((name, polygons)) => match county_of(&name, config.matching, counties) {
                Some(c) => {
                    has_shape[c] = true;
                    shapes[c].extend(polygons);
                }
                None => out.push(
                    Diagnostic::warning(
                        rel,
                        located.feature(i, &[Step::Key("properties"), Step::Key(&config.property)]),
                        text!(
                            "map-shape-no-county",
                            name = shorten(&name),
                            field = field_name(config.matching)
                        ),
                    )
                    .with_help(text!("map-shape-no-county-help")),
                ),
            },
            Err(problem) => {
                errors = true;
                out.push(problem.diagnostic(rel, &located, i, config));
            }
        }
    }
    for (c, county) in counties.iter().enumerate() {
        if !has_shape[c] && !errors {
            out.push(
                Diagnostic::warning(
                    rel,
                    Pos::new(1, 1),
                    text!(
                        "map-county-no-shape",
                        name = county.name.as_str(),
                        id = county.id.as_str(),
                        value = match config.matching {
                            MapMatch::Id => county.id.clone(),
                            MapMatch::Code => county.code.clone().unwrap_or_default(),
                            MapMatch::Name => county.name.clone(),
                        },
                        property = config.property.as_str()
                    ),
                )
                .with_help(text!("map-county-no-shape-help")),
            );
        }
    }
    (!errors).then_some(Read { counties: shapes })
}

/// serde_json's message without its " at line L column C" tail (the
/// position is the diagnostic's own).
fn json_detail(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The `features` of a FeatureCollection.
fn collection(value: &Value) -> Option<&Vec<Value>> {
    let object = value.as_object()?;
    if object.get("type")?.as_str()? != "FeatureCollection" {
        return None;
    }
    object.get("features")?.as_array()
}

fn field_name(matching: MapMatch) -> &'static str {
    match matching {
        MapMatch::Id => "id",
        MapMatch::Code => "code",
        MapMatch::Name => "name",
    }
}

fn county_of(name: &str, matching: MapMatch, counties: &[County]) -> Option<usize> {
    counties.iter().position(|c| match matching {
        MapMatch::Id => c.id == name,
        MapMatch::Code => c.code.as_deref() == Some(name),
        MapMatch::Name => c.name == name,
    })
}

/// What is wrong with one feature, and where inside it.
#[derive(Debug)]
enum Problem {
    NotFeature,
    GeometryType(String),
    Expected(Vec<Step<'static>>, &'static str, String),
    PositionShort(Vec<Step<'static>>, usize),
    RingShort(Vec<Step<'static>>, usize),
    Longitude(Vec<Step<'static>>, f64),
    Latitude(Vec<Step<'static>>, f64),
    PropertyMissing(String),
    PropertyNotText(String),
    Invalid(String),
}

impl Problem {
    fn diagnostic(&self, rel: &str, at: &Located, i: usize, config: &MapConfig) -> Diagnostic {
        let coords = |path: &[Step<'static>]| {
            let mut full = vec![Step::Key("geometry"), Step::Key("coordinates")];
            full.extend_from_slice(path);
            at.feature(i, &full)
        };
        let property = config.property.as_str();
        let (pos, message, help) = match self {
            Problem::NotFeature => (
                at.feature(i, &[]),
                text!("map-not-feature", n = i + 1),
                text!("map-not-feature-help"),
            ),
            Problem::GeometryType(found) => (
                at.feature(i, &[Step::Key("geometry"), Step::Key("type")]),
                text!("map-geometry-type", found = shorten(found)),
                text!("map-geometry-type-help"),
            ),
            Problem::Expected(path, what, found) => (
                coords(path),
                text!(
                    "map-coordinates-bad",
                    expected = crate::messages::Text::new(what),
                    found = shorten(found)
                ),
                text!("map-coordinates-bad-help"),
            ),
            Problem::PositionShort(path, n) => (
                coords(path),
                text!("map-position-short", count = *n),
                text!("map-coordinates-bad-help"),
            ),
            Problem::RingShort(path, n) => (
                coords(path),
                text!("map-ring-short", count = *n),
                text!("map-ring-short-help"),
            ),
            Problem::Longitude(path, v) => (
                coords(path),
                text!("map-longitude-range", value = v.to_string()),
                text!("map-range-help"),
            ),
            Problem::Latitude(path, v) => (
                coords(path),
                text!("map-latitude-range", value = v.to_string()),
                text!("map-range-help"),
            ),
            Problem::PropertyMissing(found) => (
                at.feature(i, &[Step::Key("properties")]),
                text!("map-property-missing", property = property),
                text!("map-property-missing-help", found = shorten(found)),
            ),
            Problem::PropertyNotText(found) => (
                at.feature(i, &[Step::Key("properties"), Step::Key(property)]),
                text!(
                    "map-property-not-text",
                    property = property,
                    found = shorten(found)
                ),
                text!("map-property-not-text-help"),
            ),
            Problem::Invalid(detail) => (
                at.feature(i, &[]),
                text!("map-feature-invalid", detail = shorten(detail)),
                text!("map-not-feature-help"),
            ),
        };
        Diagnostic::error(rel, pos, message).with_help(help)
    }
}

/// A JSON value as a short quotation for a message.
fn quoted(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(40).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// One feature: the value of its naming property and its polygons.
fn read_feature(feature: &Value, config: &MapConfig) -> Result<(String, Vec<Polygon>), Problem> {
    let object = feature.as_object().ok_or(Problem::NotFeature)?;
    if object.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(Problem::NotFeature);
    }
    let geometry = object.get("geometry").unwrap_or(&Value::Null);
    let kind = geometry.get("type").and_then(Value::as_str);
    let depth = match kind {
        Some("Polygon") => 3,
        Some("MultiPolygon") => 4,
        _ => {
            let found = match geometry.get("type") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => quoted(other),
                None => quoted(geometry),
            };
            return Err(Problem::GeometryType(found));
        }
    };
    let mut path = Vec::new();
    check_coordinates(
        geometry.get("coordinates").unwrap_or(&Value::Null),
        depth,
        &mut path,
    )?;
    let name = match object
        .get("properties")
        .and_then(Value::as_object)
        .and_then(|p| p.get(&config.property))
    {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(Problem::PropertyNotText(quoted(other))),
        None => {
            let found = object
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            return Err(Problem::PropertyMissing(if found.is_empty() {
                "—".into()
            } else {
                found
            }));
        }
    };
    let parsed =
        geojson::Feature::deserialize(feature).map_err(|e| Problem::Invalid(e.to_string()))?;
    let polygons = match parsed.geometry.map(|g| g.value) {
        Some(geojson::GeometryValue::Polygon { coordinates }) => vec![polygon(&coordinates)],
        Some(geojson::GeometryValue::MultiPolygon { coordinates }) => {
            coordinates.iter().map(polygon).collect()
        }
        _ => Vec::new(),
    };
    Ok((name, polygons))
}

fn polygon(rings: &geojson::PolygonType) -> Polygon {
    rings
        .iter()
        .map(|ring| {
            let mut r: Ring = ring
                .iter()
                .map(|p| {
                    let s = p.as_slice();
                    (s[0], s[1])
                })
                .collect();
            if r.len() > 1 && r.first() == r.last() {
                r.pop();
            }
            r
        })
        .collect()
}

/// Checks nested coordinates of `depth` levels (3: a polygon's rings of
/// positions of numbers), recording the path to the first problem.
/// Recursion is bounded by `depth` (at most 4).
fn check_coordinates(
    v: &Value,
    depth: usize,
    path: &mut Vec<Step<'static>>,
) -> Result<(), Problem> {
    let expected = match depth {
        4 => "map-expect-polygons",
        3 => "map-expect-rings",
        2 => "map-expect-positions",
        _ => "map-expect-position",
    };
    let Some(items) = v.as_array() else {
        return Err(Problem::Expected(path.clone(), expected, quoted(v)));
    };
    if depth == 1 {
        for (i, n) in items.iter().enumerate() {
            if !n.is_number() {
                path.push(Step::Index(i));
                return Err(Problem::Expected(
                    path.clone(),
                    "map-expect-number",
                    quoted(n),
                ));
            }
        }
        if items.len() < 2 {
            return Err(Problem::PositionShort(path.clone(), items.len()));
        }
        let lon = items[0].as_f64().unwrap_or(f64::NAN);
        let lat = items[1].as_f64().unwrap_or(f64::NAN);
        if !(-180.0..=180.0).contains(&lon) {
            path.push(Step::Index(0));
            return Err(Problem::Longitude(path.clone(), lon));
        }
        if !(-90.0..=90.0).contains(&lat) {
            path.push(Step::Index(1));
            return Err(Problem::Latitude(path.clone(), lat));
        }
        return Ok(());
    }
    for (i, item) in items.iter().enumerate() {
        path.push(Step::Index(i));
        check_coordinates(item, depth - 1, path)?;
        path.pop();
    }
    if depth == 2 && items.len() < 4 {
        return Err(Problem::RingShort(path.clone(), items.len()));
    }
    Ok(())
}
