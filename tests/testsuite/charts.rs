//! Charts: every metric has its charts where the pages promise them, chart
//! blocks work, and no two labels of a chart overlap, even with 120 counties.

use crate::generate;
use crate::harness::{SiteTest, read_tree};

/// A `<text>` element's box, estimated the way a reader's browser would lay
/// it out: CJK characters one em wide, ASCII about 0.6 em.
#[derive(Debug)]
struct Label {
    text: String,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn labels(svg: &str) -> Vec<Label> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        rest = &rest[i..];
        let tag_end = rest.find('>').expect("tag end");
        let tag = &rest[..tag_end];
        let close = rest.find("</text>").expect("closing tag");
        let text = rest[tag_end + 1..close].trim().to_string();
        rest = &rest[close..];
        let num = |n: &str| {
            attr(tag, n)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let (x, y, size) = (num("x"), num("y"), num("font-size"));
        let width: f64 = text
            .chars()
            .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
            .sum::<f64>()
            * size;
        let (left, right) = match attr(tag, "text-anchor").as_deref() {
            Some("end") => (x - width, x),
            Some("middle") => (x - width / 2.0, x + width / 2.0),
            _ => (x, x + width),
        };
        let (top, bottom) = match attr(tag, "dy").as_deref() {
            Some("0.76em") => (y, y + size),
            Some("-0.5ex") => (y - size, y),
            _ => (y - size / 2.0, y + size / 2.0),
        };
        out.push(Label {
            text,
            left,
            right,
            top,
            bottom,
        });
    }
    out
}

/// Pairs of labels whose boxes overlap, and labels outside the drawing.
fn collisions(svg: &str) -> Vec<String> {
    let width = svg
        .find("viewBox=\"0 0 ")
        .and_then(|i| svg[i + 13..].split(' ').next()?.parse::<f64>().ok())
        .expect("viewBox");
    let labels = labels(svg);
    let mut problems = Vec::new();
    for (i, a) in labels.iter().enumerate() {
        if a.left < -0.5 || a.right > width + 0.5 {
            problems.push(format!("{:?} is outside the chart", a.text));
        }
        for b in &labels[i + 1..] {
            let apart = a.right <= b.left + 0.5
                || b.right <= a.left + 0.5
                || a.bottom <= b.top + 0.5
                || b.bottom <= a.top + 0.5;
            if !apart {
                problems.push(format!("{:?} overlaps {:?}", a.text, b.text));
            }
        }
    }
    problems
}

#[test]
fn no_label_overlaps_with_120_counties() {
    let site = generate::site(120, 5, 7);
    site.build();
    let tree = read_tree(&site.root().join("public"));
    let charts: Vec<(&String, &Vec<u8>)> =
        tree.iter().filter(|(f, _)| f.ends_with(".svg")).collect();
    assert!(
        charts.iter().any(|(f, _)| f.contains("/ranking-")),
        "no ranking chart written"
    );
    let mut problems = Vec::new();
    for (file, bytes) in charts {
        let svg = String::from_utf8_lossy(bytes);
        // A ranking of 120 counties names every county.
        if file.contains("/ranking-") {
            assert!(
                labels(&svg).len() >= 120 * 2,
                "{file} does not label every county"
            );
        }
        problems.extend(collisions(&svg).into_iter().map(|p| format!("{file}: {p}")));
    }
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
}

#[test]
fn every_metric_has_its_charts_on_compare_and_metric_pages() {
    let site = SiteTest::example();
    site.build();
    let compare = site.page("compare/");
    let metrics: Vec<String> = site
        .read("site.yaml")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id: ").map(str::to_string))
        .filter(|id| !id.starts_with('"') && !id.contains('-'))
        .collect();
    assert_eq!(metrics.len(), 22);
    for id in &metrics {
        for kind in ["trend", "change-2020-h2", "did", "ranking-2020-h2"] {
            let src = format!("src=\"/metrics/{id}/{kind}.svg\"");
            assert!(compare.contains(&src), "/compare/ lacks {src}");
            assert!(
                site.root()
                    .join(format!("public/metrics/{id}/{kind}.svg"))
                    .is_file()
            );
        }
        let page = site.page(&format!("metrics/{id}/"));
        for kind in [
            "trend",
            "groups",
            "change-2020-h2",
            "did",
            "ranking-2020-h2",
        ] {
            assert!(
                page.contains(&format!("src=\"/metrics/{id}/{kind}.svg\"")),
                "/metrics/{id}/ lacks {kind}"
            );
        }
        // The full county x period table: nine counties.
        assert_eq!(
            page.matches("<th scope=\"row\"><a href=\"/counties/")
                .count(),
            9,
            "/metrics/{id}/ table"
        );
        assert!(
            site.page("counties/dongtai/")
                .contains(&format!("src=\"/counties/dongtai/{id}.svg\""))
        );
    }
    // Each chart has a title, a description and a data table beside it.
    let svg = site.read("public/metrics/township_sast_coverage/trend.svg");
    assert!(svg.contains("<title id=\"t\">") && svg.contains("<desc id=\"d\">"));
    let figures = compare.matches("<figure class=\"chart\">").count();
    assert_eq!(figures, 22 * 4 + 1);
    // The first chart is the overview, and its table names every metric.
    let first = &compare[compare.find("<figure class=\"chart\">").expect("a figure")..];
    let first = &first[..first.find("</figure>").expect("figure end")];
    assert!(first.contains("src=\"/compare/overview.svg\""), "{first}");
    let labels: Vec<String> = site
        .read("site.yaml")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("label: ").map(str::to_string))
        .filter(|l| !l.starts_with("20"))
        .collect();
    assert_eq!(labels.len(), 22);
    for label in &labels {
        assert!(
            first.contains(&format!("<th scope=\"row\">{label}</th>")),
            "the overview's table lacks {label}"
        );
    }
    let overview = site.read("public/compare/overview.svg");
    assert_eq!(overview.matches("<circle").count(), 22, "a mark per metric");
    assert_eq!(
        compare.matches("<details class=\"chart-data\">").count(),
        figures
    );
}

#[test]
fn chart_blocks_become_figures() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/counties/alpha/2019-h1.md",
        "---\ntitle: Alpha 2019 H1\nperiod: 2019-H1\nmetrics:\n  total: 10\n  covered: 8\n---\nBefore.\n\n```chart\nmetric: coverage\ntype: county\ntitle: Alpha's coverage\n```\n\n```chart\nmetric: covered\ntype: ranking\nperiod: 2018\n```\n\n```chart\nmetric: covered\ntype: did\n```\n\nAfter.\n",
    );
    site.build();
    let page = site.page("counties/alpha/2019-h1/");
    assert!(
        page.contains("<img src=\"/counties/alpha/coverage.svg\""),
        "{page}"
    );
    assert!(
        page.contains("<figcaption>Alpha&#39;s coverage</figcaption>"),
        "{page}"
    );
    assert!(page.contains("<img src=\"/metrics/covered/ranking-2018.svg\""));
    assert!(
        site.root()
            .join("public/metrics/covered/ranking-2018.svg")
            .is_file()
    );
    assert!(page.contains("<img src=\"/metrics/covered/did.svg\""));
    let did = site.read("public/metrics/covered/did.svg");
    assert!(did.contains("<title id=\"t\">") && did.contains("<desc id=\"d\">"));
    assert!(!page.contains("```") && !page.contains("language-chart"));
}

#[test]
fn charts_work_without_javascript_and_with_dark_mode() {
    let site = SiteTest::fixture("minimal");
    site.build();
    let svg = site.read("public/metrics/coverage/trend.svg");
    assert!(!svg.contains("<script"));
    assert!(svg.contains("prefers-color-scheme:dark"));
    // Pilot and non-pilot differ by a second cue besides colour: pilot
    // markers are filled circles, non-pilot markers hollow squares.
    assert!(svg.contains("<circle") && svg.contains("fill=\"#0072B2\""));
    assert!(
        svg.contains("<rect")
            && svg.contains("stroke=\"#D55E00\"")
            && svg.contains("fill=\"none\"")
    );
}
