//! Reading GeoJSON (errors at their line and column, warnings for shapes
//! and counties that do not match), and the maps of the example site.

use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::chart::{self, Data, Kind, Spec, Variant};
use crate::content::{MapMatch, Site};
use crate::diagnostics::{Pos, Severity};
use crate::stats::{self, Panel};

fn example() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::content::load(root, false)
        .site
        .expect("the example site loads")
}

fn config(file: &str) -> MapConfig {
    MapConfig {
        file: file.into(),
        property: "name".into(),
        matching: MapMatch::Name,
        credit: None,
    }
}

/// Writes `text` as map/test.geojson in a new folder and loads it for the
/// example's counties.
fn load_text(text: &str) -> (Option<Shapes>, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("map")).expect("map dir");
    std::fs::write(dir.path().join("map/test.geojson"), text).expect("write");
    load(dir.path(), &config("map/test.geojson"), &example().counties)
}

/// The line and column where `marker` starts in `text`.
fn pos_of(text: &str, marker: &str) -> Pos {
    let at = text.find(marker).expect("marker in text");
    locate::pos_at(text, at)
}

fn ring(points: &[(f64, f64)]) -> String {
    let mut all: Vec<String> = points.iter().map(|(x, y)| format!("[{x}, {y}]")).collect();
    all.push(all[0].clone());
    format!("[{}]", all.join(", "))
}

fn feature(name: &str, geometry: &str) -> String {
    format!(
        "  {{\"type\": \"Feature\", \"properties\": {{\"name\": \"{name}\"}},\n   \"geometry\": {geometry}}}"
    )
}

fn collection(features: &[String]) -> String {
    format!(
        "{{\"type\": \"FeatureCollection\",\n \"features\": [\n{}\n]}}\n",
        features.join(",\n")
    )
}

/// A square, counter-clockwise (in longitude/latitude) or clockwise.
fn square(x: f64, y: f64, s: f64, clockwise: bool) -> Vec<(f64, f64)> {
    let mut r = vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s)];
    if clockwise {
        r.reverse();
    }
    r
}

/// Dongtai: a MultiPolygon of a mainland and an island, clockwise; Dafeng:
/// a Polygon with a hole, counter-clockwise outside and clockwise hole;
/// and a shape of no county of the site.
fn generated() -> String {
    let mainland = ring(&square(120.0, 32.5, 0.5, true));
    let island = ring(&square(120.8, 32.6, 0.1, true));
    let outer = ring(&square(120.0, 33.1, 0.5, false));
    let hole = ring(&square(120.2, 33.3, 0.1, true));
    let other = ring(&square(121.0, 31.0, 0.2, false));
    collection(&[
        feature(
            "东台市",
            &format!("{{\"type\": \"MultiPolygon\", \"coordinates\": [[{mainland}], [{island}]]}}"),
        ),
        feature(
            "大丰区",
            &format!("{{\"type\": \"Polygon\", \"coordinates\": [{outer}, {hole}]}}"),
        ),
        feature(
            "上海市",
            &format!("{{\"type\": \"Polygon\", \"coordinates\": [{other}]}}"),
        ),
    ])
}

#[test]
fn islands_holes_any_orientation_and_a_stray_shape() {
    let text = generated();
    let (shapes, diagnostics) = load_text(&text);
    let shapes = shapes.expect("no errors");
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Warning));
    // The stray shape, at its name.
    let stray: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.message.key == "map-shape-no-county")
        .collect();
    assert_eq!(stray.len(), 1);
    assert_eq!(stray[0].pos(), pos_of(&text, "\"上海市\""));
    // Seven counties of the example have no shape, at 1:1.
    let missing: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.message.key == "map-county-no-shape")
        .collect();
    assert_eq!(missing.len(), 7);
    assert!(missing.iter().all(|d| d.pos() == Pos::new(1, 1)));
    let site = example();
    let dongtai = site
        .counties
        .iter()
        .position(|c| c.name == "东台市")
        .unwrap();
    let dafeng = site
        .counties
        .iter()
        .position(|c| c.name == "大丰区")
        .unwrap();
    let d = shapes.counties[dongtai]
        .as_ref()
        .expect("Dongtai has a shape");
    assert_eq!(d.polygons.len(), 2, "mainland and island");
    let f = shapes.counties[dafeng]
        .as_ref()
        .expect("Dafeng has a shape");
    assert_eq!(f.polygons.len(), 1);
    assert_eq!(f.polygons[0].len(), 2, "an outer ring and a hole");
    assert_eq!(
        f.polygons[0][0].len(),
        4,
        "the closing point is not repeated"
    );
    // The extent is that of the matched shapes: 120.0..120.9, 32.5..33.6.
    assert!((shapes.height - 1.0).abs() < 1e-12);
    assert!(shapes.width < 1.0);
    // Drawn: the hole is not filled, the island and both mainlands are,
    // whatever the rings' direction (even-odd).
    let fit = project::Fit::new(shapes.width, shapes.height, (0.0, 0.0), 500.0, 500.0);
    let rings_of = |o: &Outline| {
        project::place(&project::simplify(&o.polygons, fit.scale, 0.5), &fit)
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
    };
    let (dr, fr) = (rings_of(d), rings_of(f));
    let dr: Vec<&Ring> = dr.iter().collect();
    let fr: Vec<&Ring> = fr.iter().collect();
    // Latitude spans 32.5..33.6, the longer side of the extent.
    let at = |lon: f64, lat: f64| {
        let x = shapes.projection.project((lon, lat)).0 - shapes.projection.project((120.0, lat)).0;
        fit.apply((x / 1.1, (33.6 - lat) / 1.1))
    };
    assert!(project::inside(&dr, at(120.25, 32.75)), "mainland");
    assert!(project::inside(&dr, at(120.85, 32.65)), "island");
    assert!(!project::inside(&dr, at(120.65, 32.65)), "sea between");
    assert!(project::inside(&fr, at(120.1, 33.2)), "Dafeng");
    assert!(!project::inside(&fr, at(120.25, 33.35)), "the hole");
}

#[test]
fn broken_files_are_errors_at_their_place() {
    // 1. Not JSON: a comma too many.
    let text = "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\",, \"properties\": {}}\n]}";
    let (shapes, d) = load_text(text);
    assert!(shapes.is_none());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].message.key, "map-json-invalid");
    assert_eq!(
        (d[0].path.as_str(), d[0].pos()),
        ("map/test.geojson", Pos::new(3, 22))
    );

    // 2. An unknown geometry type, at the type's value; after a Chinese
    // name, so columns count characters, not bytes.
    let good = ring(&square(120.0, 32.5, 0.5, false));
    let text = collection(&[
        feature(
            "东台市",
            &format!("{{\"type\": \"Polygon\", \"coordinates\": [{good}]}}"),
        ),
        feature(
            "大丰区",
            &format!("{{\"type\": \"Polygn\", \"coordinates\": [{good}]}}"),
        ),
    ]);
    let (shapes, d) = load_text(&text);
    assert!(shapes.is_none());
    let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{d:?}");
    assert_eq!(errors[0].message.key, "map-geometry-type");
    assert_eq!(errors[0].pos(), pos_of(&text, "\"Polygn\""));
    assert!(d.iter().all(|d| d.message.key != "map-county-no-shape"));

    // 3. A coordinate out of range (metres), at the number itself.
    let text = collection(&[feature(
        "东台市",
        "{\"type\": \"Polygon\", \"coordinates\": [[[120.0, 32.5], [120.5, 32.5], [550123.4, 3651234.5], [120.0, 32.5]]]}",
    )]);
    let (shapes, d) = load_text(&text);
    assert!(shapes.is_none());
    assert_eq!(d[0].message.key, "map-longitude-range");
    assert_eq!(d[0].pos(), pos_of(&text, "550123.4"));

    // 4. No naming property: at the feature's properties.
    let text = "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\",\n \"properties\": {\"NAME\": \"东台市\"},\n \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[120, 32], [121, 32], [121, 33], [120, 32]]]}}]}";
    let (shapes, d) = load_text(text);
    assert!(shapes.is_none());
    assert_eq!(d[0].message.key, "map-property-missing");
    assert_eq!(d[0].pos(), Pos::new(3, 16));

    // A latitude swapped with the longitude, and wrong nesting.
    let text = collection(&[feature(
        "东台市",
        "{\"type\": \"Polygon\", \"coordinates\": [[[32.5, 120.0], [32.5, 120.5], [33, 120], [32.5, 120.0]]]}",
    )]);
    let (_, d) = load_text(&text);
    assert_eq!(d[0].message.key, "map-latitude-range");
    assert_eq!(d[0].pos(), pos_of(&text, "120.0]"));
    let text = collection(&[feature(
        "东台市",
        "{\"type\": \"Polygon\", \"coordinates\": [[120, 32], [121, 32], [121, 33], [120, 32]]}",
    )]);
    let (_, d) = load_text(&text);
    assert_eq!(d[0].message.key, "map-coordinates-bad");
    assert_eq!(d[0].pos(), pos_of(&text, "120, 32]"));
}

#[test]
fn hostile_files_are_errors_not_crashes() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    for text in [
        "",
        "null",
        "\u{feff}{\"type\": \"FeatureCollection\", \"features\": 3}",
        "{\"type\": \"FeatureCollection\", \"features\": [1, null]}",
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": null}]}",
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"name\": \"东台市\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[NaN, 1]]]}}]}",
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"name\": \"东台市\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[1e999, 1]]]}}]}",
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"name\": [1]}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}}]}",
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"name\": \"东台市\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[1, 1], [2, 1], [1, 1]]]}}]}",
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"name\": \"东台市\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[1], [2, 1], [2, 2], [1, 1]]]}}]}",
        &deep,
    ] {
        let (shapes, d) = load_text(text);
        assert!(shapes.is_none(), "{text:.80}");
        assert!(
            d.iter().any(|d| d.is_error() && d.line >= 1 && d.col >= 1),
            "{text:.80}: {d:?}"
        );
    }
    // An empty collection reads: every county is without a shape.
    let (shapes, d) = load_text("{\"type\": \"FeatureCollection\", \"features\": []}");
    assert!(shapes.is_some());
    assert_eq!(d.len(), 9);
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("map")).expect("map dir");
    let file = std::fs::File::create(dir.path().join("map/test.geojson")).expect("create");
    file.set_len(MAX_BYTES + 1).expect("sparse file");
    let (shapes, d) = load(dir.path(), &config("map/test.geojson"), &example().counties);
    assert!(shapes.is_none());
    assert_eq!(d[0].message.key, "map-file-too-large");
    let (shapes, d) = load(dir.path(), &config("map/none.geojson"), &example().counties);
    assert!(shapes.is_none());
    assert_eq!(d[0].message.key, "file-not-found");
}

/// The example site with the Yancheng boundaries.
fn with_map() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut site = example();
    let (shapes, d) = load(root, &config("map/yancheng.geojson"), &site.counties);
    assert!(d.is_empty(), "{d:?}");
    site.map = Some(Arc::new(shapes.expect("the Yancheng map reads")));
    site
}

fn each_map(site: &Site, mut f: impl FnMut(&Spec, &Data, Variant)) {
    let panel = Panel::from_site(site);
    let stats = stats::compute(&panel, site.config.baseline);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let strings = match crate::theme::load(root, &site.config) {
        Ok(theme) => theme.strings,
        Err(d) => panic!("{d:?}"),
    };
    let data = Data {
        site,
        panel: &panel,
        stats: &stats,
        strings: &strings,
    };
    let mut specs = vec![Spec {
        kind: Kind::PilotMap,
        metric: 0,
        county: None,
        period: None,
    }];
    for metric in 0..site.config.metrics.len() {
        specs.push(Spec {
            kind: Kind::Map,
            metric,
            county: None,
            period: None,
        });
    }
    for county in 0..site.counties.len() {
        specs.push(Spec {
            kind: Kind::Locator,
            metric: 0,
            county: Some(county),
            period: None,
        });
    }
    for spec in specs {
        let spec = chart::normalise(spec, &data);
        for variant in Variant::ALL {
            f(&spec, &data, variant);
        }
    }
}

#[test]
fn yancheng_maps_are_small_named_and_the_same_every_time() {
    let site = with_map();
    assert!(matches!(
        site.map.as_ref().unwrap().projection,
        Projection::Equirectangular { .. }
    ));
    let mut largest = (0, String::new());
    each_map(&site, |spec, data, variant| {
        let svg = chart::svg(spec, data, variant);
        assert_eq!(svg, chart::svg(spec, data, variant), "deterministic");
        if svg.len() > largest.0 {
            largest = (svg.len(), chart::path(spec, data.site, variant));
        }
        // Every county its own path, named.
        let titled = svg.matches("<path d=\"M").count();
        assert!(titled >= 9, "{spec:?}");
        for county in &site.counties {
            assert!(svg.contains(&format!("<title>{}", county.name)), "{spec:?}");
        }
        let figure = chart::figure(spec, data);
        let height = match variant {
            Variant::Wide => figure.height,
            Variant::Narrow => figure.narrow_height,
        };
        assert!(svg.contains(&format!("height=\"{height}\"")));
        assert!(!figure.desc.is_empty() && !figure.table.rows.is_empty());
    });
    assert!(largest.0 < 60 * 1024, "{largest:?}");
}

#[test]
fn yancheng_names_do_not_overlap_and_stay_inside() {
    let site = with_map();
    each_map(&site, |spec, data, variant| {
        if spec.kind == Kind::Locator {
            return;
        }
        let boxes = draw::name_boxes(spec, data, variant);
        if spec.kind == Kind::PilotMap {
            assert_eq!(boxes.len(), 9, "{variant:?}: every name fits: {boxes:?}");
        }
        let layout = draw::layout(spec, data, variant);
        for (i, (a, ab)) in boxes.iter().enumerate() {
            assert!(ab.left >= 0.0 && ab.right <= layout.width && ab.bottom <= layout.height);
            for (b, bb) in &boxes[i + 1..] {
                let apart = ab.right <= bb.left
                    || bb.right <= ab.left
                    || ab.bottom <= bb.top
                    || bb.bottom <= ab.top;
                assert!(apart, "{spec:?} {variant:?}: {a} overlaps {b}");
            }
        }
    });
}

#[test]
fn classes_are_round_and_cover_the_figures() {
    use draw::class_limits;
    assert_eq!(
        class_limits(0.12, 0.93, false),
        vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    );
    assert_eq!(
        class_limits(3.0, 17.0, true),
        vec![0.0, 5.0, 10.0, 15.0, 20.0]
    );
    assert_eq!(class_limits(0.0, 3.0, true), vec![0.0, 1.0, 2.0, 3.0]);
    assert_eq!(class_limits(5.0, 5.0, false), vec![5.0]);
    for (lo, hi) in [(1.0, 1e300), (-7.5, 2.25), (1e-9, 3e-9), (0.0, f64::MAX)] {
        let l = class_limits(lo, hi, false);
        assert!(
            l.len() <= 6 && l[0] <= lo && *l.last().unwrap() >= hi,
            "{lo} {hi}: {l:?}"
        );
    }
}
