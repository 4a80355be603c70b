//! Charts: every metric has its charts where the pages promise them, each
//! in a wide and a narrow drawing, chart blocks work, axes name their unit
//! and periods and cover the data, and no two labels of a chart overlap,
//! wide or narrow, even with 120 counties.

use crate::generate;
use crate::harness::{SiteTest, read_tree};

/// A `<text>` element's box, estimated the way a reader's browser would lay
/// it out: CJK characters one em wide, ASCII about 0.6 em.
#[derive(Debug)]
pub struct Label {
    pub text: String,
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

pub fn labels(svg: &str) -> Vec<Label> {
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
    let width = svg_width(svg);
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

/// The text of every `<text>` element, in order.
pub fn texts(svg: &str) -> Vec<String> {
    labels(svg).into_iter().map(|l| l.text).collect()
}

/// The charts drawn inside a page (a county's small charts), each as a
/// chart file would have it: the 12 px size and the muted colour that the
/// style sheet gives texts without one written back (`.inline-chart text`).
pub fn inline_charts(page: &str) -> Vec<String> {
    page.split("<svg class=\"inline-chart\"")
        .skip(1)
        .map(|rest| {
            let svg = &rest[..rest.find("</svg>").expect("svg end")];
            let svg = format!("<svg{svg}</svg>");
            let mut out = String::new();
            for (i, part) in svg.split("<text ").enumerate() {
                if i > 0 {
                    out.push_str("<text ");
                    let tag = &part[..part.find('>').unwrap_or(part.len())];
                    if !tag.contains("font-size=") {
                        out.push_str("font-size=\"12\" ");
                    }
                    if !tag.contains("fill=") {
                        out.push_str("fill=\"#595959\" ");
                    }
                }
                out.push_str(part);
            }
            out
        })
        .collect()
}

/// The drawing's width, from its viewBox.
fn svg_width(svg: &str) -> f64 {
    svg.find("viewBox=\"0 0 ")
        .and_then(|i| svg[i + 13..].split(' ').next()?.parse::<f64>().ok())
        .expect("viewBox")
}

/// A tick's value: "1,500", "−5", "+10", "80%" (as 0.8). `None` for any
/// other text.
fn tick_value(text: &str) -> Option<f64> {
    let (number, scale) = match text.strip_suffix('%') {
        Some(n) => (n, 0.01),
        None => (text, 1.0),
    };
    let number = number.replace([',', '+'], "").replace('−', "-");
    number.parse::<f64>().ok().map(|v| v * scale)
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
    // Every chart twice, wide and narrow; a county's own charts are drawn
    // narrow inside its page, with no file. All are checked below.
    let narrow = charts
        .iter()
        .filter(|(f, _)| f.ends_with(".narrow.svg"))
        .count();
    assert!(
        !charts.iter().any(|(f, _)| f.starts_with("counties/")),
        "a county's charts are in its page"
    );
    assert!(narrow > 50, "{narrow} narrow charts");
    assert_eq!(
        narrow * 2,
        charts.len() - 1,
        "a narrow chart for each (and the favicon)"
    );
    let mut drawings: Vec<(String, String)> = charts
        .iter()
        .map(|(f, b)| (f.to_string(), String::from_utf8_lossy(b).into_owned()))
        .collect();
    let mut inline = 0;
    for (file, bytes) in &tree {
        if file.starts_with("counties/c")
            && file.matches('/').count() == 2
            && file.ends_with("index.html")
        {
            for (i, svg) in inline_charts(&String::from_utf8_lossy(bytes))
                .into_iter()
                .enumerate()
            {
                drawings.push((format!("{file} chart {i} .narrow.svg"), svg));
                inline += 1;
            }
        }
    }
    assert!(
        inline > 0 && inline % 120 == 0,
        "{inline}: a narrow drawing per county and metric"
    );
    let mut problems = Vec::new();
    for (file, svg) in &drawings {
        // A ranking of 120 counties is summarised: it names the five
        // highest and the five lowest, under headings, and no more.
        if file.contains("/ranking-") {
            let texts = texts(svg);
            for heading in ["最高的5个", "最低的5个"] {
                assert!(
                    texts.iter().any(|t| t.starts_with(heading)),
                    "{file} lacks {heading}: {texts:?}"
                );
            }
            assert!(texts.len() < 60, "{file}: {} texts", texts.len());
        }
        problems.extend(collisions(svg).into_iter().map(|p| format!("{file}: {p}")));
        // Narrow charts are shown at their own size on a phone: 340 px,
        // and no text smaller than 12 px.
        if file.ends_with(".narrow.svg") {
            assert_eq!(svg_width(svg), 340.0, "{file}");
            for size in svg.split(" font-size=\"").skip(1) {
                let size: f64 = size.split('"').next().unwrap().parse().unwrap();
                assert!(size >= 12.0, "{file}: text of {size} px");
            }
        }
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
        // The dashboard shows each metric's trend; the metric's page the rest.
        let src = format!("src=\"/metrics/{id}/trend.svg\"");
        assert!(compare.contains(&src), "/compare/ lacks {src}");
        for kind in ["trend", "change-2020-h2", "did", "ranking-2020-h2"] {
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
    }
    // A county's page draws a chart of each metric inside it.
    let dongtai = site.page("counties/dongtai/");
    assert_eq!(inline_charts(&dongtai).len(), metrics.len());
    assert_eq!(
        dongtai.matches("<figure class=\"chart small\">").count(),
        metrics.len() + 1,
        "each metric's chart and the locator"
    );
    // Each chart has a title, a description and a data table beside it.
    let svg = site.read("public/metrics/township_sast_coverage/trend.svg");
    assert!(svg.contains("<title id=\"t\">") && svg.contains("<desc id=\"d\">"));
    let figures = compare.matches("<figure class=\"chart\">").count();
    assert_eq!(figures, 22 + 1);
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

/// Every chart on every page of the example is a `<picture>`: the narrow
/// drawing for screens up to 600 px, the wide one as the `<img>`, both
/// written, with the same name apart from `.narrow`.
#[test]
fn every_chart_has_a_narrow_drawing_for_phones() {
    let site = SiteTest::example();
    site.build();
    let public = site.root().join("public");
    let tree = read_tree(&public);
    let mut figures = 0;
    for (file, bytes) in tree.iter().filter(|(f, _)| f.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for figure in html.split("<figure class=\"chart\">").skip(1) {
            let figure = &figure[..figure.find("</figure>").expect("figure end")];
            let picture = figure
                .find("<picture><source media=\"(max-width: 600px)\" srcset=\"")
                .map(|i| &figure[i..])
                .unwrap_or_else(|| panic!("{file}: a chart without <picture>: {figure}"));
            let attr = |name: &str| {
                let start = picture.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
                picture[start..][..picture[start..].find('"').unwrap()].to_string()
            };
            let (narrow, wide) = (attr("srcset"), attr("src"));
            assert!(
                picture.find("srcset=") < picture.find("<img "),
                "{file}: the <source> comes before the <img>"
            );
            assert_eq!(narrow, wide.replace(".svg", ".narrow.svg"), "{file}");
            for url in [&narrow, &wide] {
                let rel = url.trim_start_matches('/');
                assert!(tree.contains_key(rel), "{file}: {url} is not written");
            }
            figures += 1;
        }
        // Small multiples (a county's charts and its locator) show the
        // narrow drawing at its own size, on every screen: the locator as
        // a file, the county's charts drawn in the page.
        for figure in html.split("<figure class=\"chart small\">").skip(1) {
            let figure = &figure[..figure.find("</figure>").expect("figure end")];
            if figure.contains("<svg class=\"inline-chart\"") {
                assert!(!figure.contains("<img"), "{file}: {figure}");
                for svg in inline_charts(figure) {
                    assert_eq!(svg_width(&svg), 340.0, "{file}");
                }
                figures += 1;
                continue;
            }
            let start = figure.find("<img src=\"").expect("an image") + 10;
            let src = &figure[start..][..figure[start..].find('"').expect("src end")];
            assert!(src.ends_with(".narrow.svg"), "{file}: {src}");
            assert!(
                tree.contains_key(src.trim_start_matches('/')),
                "{file}: {src}"
            );
            figures += 1;
        }
    }
    assert!(figures > 300, "{figures} figures");
    // The files, in pairs; the same title and description in both. A
    // county's own charts and its locator are shown small on every
    // screen: only their narrow drawing is made.
    let small = |f: &str| {
        f.starts_with("counties/") && f.ends_with(".narrow.svg") && f.matches('/').count() == 2
    };
    let pages: String = tree
        .iter()
        .filter(|(f, _)| f.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(b))
        .collect();
    for file in tree.keys().filter(|f| small(f)) {
        let wide = file.replace(".narrow.svg", ".svg");
        // Unless a chart block shows it wide too.
        assert!(
            !tree.contains_key(&wide) || pages.contains(&format!("/{wide}\"")),
            "{wide} is made but shown nowhere"
        );
    }
    let wide: Vec<&String> = tree
        .keys()
        .filter(|f| f.ends_with(".svg") && !f.ends_with(".narrow.svg") && *f != "favicon.svg")
        .collect();
    assert!(wide.len() > 100, "{} wide drawings", wide.len());
    for file in wide {
        let narrow = file.replace(".svg", ".narrow.svg");
        let (w, n) = (
            String::from_utf8_lossy(&tree[file]),
            String::from_utf8_lossy(&tree[&narrow]),
        );
        let head = |svg: &str| {
            svg[..svg.find("</desc>").expect("desc")]
                .split_once('\n')
                .map(|(_, rest)| rest.to_string())
        };
        assert_eq!(head(&w), head(&n), "{file} and its narrow drawing");
        assert_eq!(svg_width(&w), 720.0, "{file}");
        assert_eq!(svg_width(&n), 340.0, "{file}");
    }
}

/// An axis says what it measures: the unit of the metric (万元), the
/// site's period labels (not ids), percentage points written as the
/// figures write them.
#[test]
fn axes_name_their_unit_and_periods() {
    let site = SiteTest::example();
    site.build();
    let wide = texts(&site.read("public/metrics/annual_budget/trend.svg"));
    let narrow = texts(&site.read("public/metrics/annual_budget/trend.narrow.svg"));
    for texts in [&wide, &narrow] {
        assert!(texts.iter().any(|t| t == "单位：万元"), "{texts:?}");
        for id in ["2018", "2019-H1", "2019-H2", "2020-H1", "2020-H2"] {
            assert!(
                !texts.iter().any(|t| t == id),
                "the id {id} on an axis: {texts:?}"
            );
        }
    }
    // Wide: every period's label; narrow: its short label (site.yaml).
    for label in [
        "2018年（基线）",
        "2019年上半年",
        "2019年下半年",
        "2020年上半年",
        "2020年下半年",
    ] {
        assert!(wide.iter().any(|t| t == label), "{label} missing: {wide:?}");
    }
    for short in ["18年", "19上", "19下", "20上", "20下"] {
        assert!(
            narrow.iter().any(|t| t == short),
            "{short} missing: {narrow:?}"
        );
    }
    // Changes of a share: percentage points as the figures write them.
    for file in [
        "public/metrics/village_sast_coverage/change-2020-h2.svg",
        "public/metrics/village_sast_coverage/change-2020-h2.narrow.svg",
        "public/metrics/village_sast_coverage/did.svg",
    ] {
        let svg = site.read(file);
        let texts = texts(&svg);
        assert!(
            texts.iter().any(|t| t == "单位：个百分点"),
            "{file}: {texts:?}"
        );
        assert!(!svg.contains("pp<") && !svg.contains("pp\""), "{file}");
        if file.contains("change-") {
            // The bars' values, in the same words.
            assert!(
                texts
                    .iter()
                    .any(|t| t.ends_with("个百分点") && t.starts_with('+')),
                "{file}"
            );
        }
    }
}

/// The value axis covers the data: its top tick is at or above the
/// largest value drawn (from metrics.csv), for every trend chart, wide and
/// narrow, and every latest ranking. Ticks are the texts that read as bare
/// numbers (the example's value labels carry a unit; a share's ranking
/// runs to 100 % anyway).
#[test]
fn the_top_tick_covers_the_largest_value() {
    let site = SiteTest::example();
    site.build();
    let csv = site.read("public/data/metrics.csv");
    let mut largest: std::collections::BTreeMap<(String, String), f64> = Default::default();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (period, metric, comparable) = (cells[3], cells[4], cells[6]);
        // Booleans are drawn as the share that is true.
        let v = match comparable {
            "true" => 1.0,
            "false" => 0.0,
            other => match other.parse::<f64>() {
                Ok(v) => v,
                Err(_) => continue,
            },
        };
        for key in [
            (metric.to_string(), String::new()),
            (metric.to_string(), period.to_lowercase()),
        ] {
            let e = largest.entry(key).or_insert(f64::MIN);
            *e = e.max(v);
        }
    }
    let mut checked = 0;
    for ((metric, period), max) in &largest {
        let names = if period.is_empty() {
            vec!["trend".to_string()]
        } else if period == "2020-h2" {
            vec![format!("ranking-{period}")]
        } else {
            continue;
        };
        for name in names {
            for suffix in [".svg", ".narrow.svg"] {
                let file = format!("public/metrics/{metric}/{name}{suffix}");
                let ticks: Vec<f64> = texts(&site.read(&file))
                    .iter()
                    .filter_map(|t| tick_value(t))
                    .collect();
                let top = ticks.iter().copied().fold(f64::MIN, f64::max);
                assert!(ticks.len() >= 2, "{file}: ticks {ticks:?}");
                assert!(
                    top >= *max - 1e-9,
                    "{file}: top tick {top} below the largest value {max}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 22 * 4);
}

/// Better or worse in words, by the metric's `better`: fewer remaining
/// gaps is good news; a neutral metric gets no verdict.
#[test]
fn changes_say_whether_they_are_better() {
    let site = SiteTest::example();
    site.build();
    let page = site.page("metrics/four_gaps_remaining/");
    let change = &page[page.find("change-2020-h2.svg").expect("change chart")..];
    let change = &change[..change.find("</figure>").unwrap()];
    assert!(change.contains("<th scope=\"col\">好坏</th>"), "{change}");
    assert!(change.contains("<td class=\"num\">↓ 更好</td>"), "{change}");
    assert!(!change.contains("更差"), "{change}");
    let svg = site.read("public/metrics/four_gaps_remaining/change-2020-h2.svg");
    assert!(svg.contains("（↓ 更好）"), "the description says so");
    let ends = texts(&svg);
    assert!(
        ends.iter().any(|t| t == "← 更好") && ends.iter().any(|t| t == "更差 →"),
        "{ends:?}"
    );
    let did = texts(&site.read("public/metrics/four_gaps_remaining/did.narrow.svg"));
    assert!(did.iter().any(|t| t == "↑ 更差 · ↓ 更好"), "{did:?}");
    // Neutral: no verdict, no direction.
    let page = site.page("metrics/township_total/");
    assert!(!page.contains("更好") && !page.contains("更差"));
    let svg = site.read("public/metrics/township_total/did.svg");
    assert!(!svg.contains("更好") && !svg.contains("更差"));
}

/// One encoding of the groups everywhere: a non-pilot county's own chart
/// draws it dashed with hollow squares, as non-pilots are drawn on every
/// other chart; bar charts mark each county's group beside its name and
/// show bars in their legend.
#[test]
fn groups_look_the_same_on_every_chart() {
    let site = SiteTest::example();
    site.build();
    // A county's own chart of the budget (the one metric in 万元), drawn in
    // its page.
    let county_chart = |county: &str| {
        inline_charts(&site.page(&format!("counties/{county}/")))
            .into_iter()
            .find(|svg| texts(svg).iter().any(|t| t == "单位：万元"))
            .expect("the budget's chart")
    };
    let own = county_chart("binhai");
    assert!(
        !own.contains("#0072B2\""),
        "no pilot blue on a non-pilot's chart"
    );
    assert!(own.contains("stroke=\"#D55E00\" stroke-width=\"3\" stroke-dasharray"));
    assert!(
        own.contains("h8v8h-8z") && !own.contains("stroke-linecap=\"round\""),
        "hollow squares, not filled dots"
    );
    assert!(
        texts(&own).iter().any(|t| t == "滨海县"),
        "labelled directly"
    );
    let pilot = county_chart("dongtai");
    assert!(
        pilot.contains("stroke-linecap=\"round\"/>") && !pilot.contains("#D55E00\""),
        "filled dots"
    );
    // Rankings: a mark beside each of the nine names, two bar swatches in
    // the legend, no line-and-marker symbols.
    for file in [
        "public/metrics/annual_budget/ranking-2020-h2.svg",
        "public/metrics/annual_budget/ranking-2020-h2.narrow.svg",
    ] {
        let svg = site.read(file);
        let marks = svg.matches("<rect ").count();
        // Nine bars, nine marks, two swatches.
        assert_eq!(marks, 9 + 9 + 2, "{file}");
        assert!(!svg.contains("<circle"), "{file}");
    }
}
