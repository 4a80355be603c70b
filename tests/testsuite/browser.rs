//! The example site in a real browser: headless Chromium driven by
//! `tests/js/browser.mjs` (playwright-core), and the Nu HTML checker
//! (vnu.jar). scripts/test installs Chromium, Java and the Node packages;
//! without them these tests fail and say what is missing.
//!
//! Every page type is checked at desktop width in light and dark mode and at
//! 375 px: loads without console errors, charts drawn, data tables, axe-core
//! with no serious or critical violation, Tab reaches every control with a
//! visible focus ring, nothing scrolls the page sideways; charts on a 390 px
//! phone fit the screen at their own size; plus navigation, search (phrases
//! of the example site: pages holding the phrase unbroken ranked above pages
//! with its characters apart, the phrase marked whole; a page of results at
//! a time; what a search loads on a country's index), chart colours in
//! both schemes, printing to A4 and `serve`'s live reload and error overlay;
//! every map drawing through axe (inlined in a page, light and dark) and its
//! labels measured by the browser, none overlapping another.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::harness::{SiteTest, repo_root};

/// The sub-path the site is built for and served under, as on GitHub Pages.
const BASE: &str = "/pilot/";

fn tools() -> PathBuf {
    let tools = repo_root().join("tests/js");
    assert!(
        tools.join("node_modules/playwright-core").is_dir(),
        "tests/js has no node_modules: scripts/test installs them (npm ci --prefix tests/js)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "no Chromium at {chromium}: scripts/test installs Debian's chromium package"
    );
    tools
}

/// The example site built for `BASE`.
fn example_built() -> SiteTest {
    let site = SiteTest::example();
    site.run(&["build", "--base-url", "http://127.0.0.1/pilot/"])
        .assert_success();
    site
}

/// Runs `node browser.mjs <args>`, expects success and returns its summary.
fn browser(args: &[&str]) -> Value {
    let tools = tools();
    let out = Command::new("node")
        .current_dir(&tools)
        .arg("browser.mjs")
        .args(args)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser.mjs {args:?} failed\n{stderr}\nsummary:\n{stdout}"
    );
    // Moderate and minor axe findings are printed, not failed: show them.
    eprint!("{stderr}");
    serde_json::from_str(&stdout).expect("browser.mjs prints JSON")
}

#[test]
fn every_page_type_works_in_chromium() {
    let site = example_built();
    let public = site.root().join("public");
    let summary = browser(&["pages", &public.to_string_lossy(), BASE]);
    let pages = summary["pages"].as_array().expect("pages");
    let types: Vec<&str> = pages.iter().filter_map(|p| p["type"].as_str()).collect();
    assert_eq!(
        types,
        [
            "home", "counties", "county", "report", "periods", "period", "tags", "tag", "page",
            "compare", "metrics", "metric", "search", "404"
        ]
    );
    // The checks ran on real content, not on empty pages.
    assert!(summary["charts"].as_u64() > Some(50), "{summary}");
    assert!(
        summary["search"]["results"].as_u64() > Some(20),
        "{summary}"
    );
    assert_eq!(summary["search"]["firstPage"], 20, "{summary}");
    assert_eq!(summary["search"]["opened"], 3);
    // Every phrase was searched and found (browser.mjs fails a page with
    // the phrase listed below one without it); and some phrases have pages
    // with their characters apart among the results, so the order was put
    // to the test.
    let phrases = summary["phrases"].as_array().expect("phrases searched");
    assert_eq!(phrases.len(), 6, "{summary}");
    for p in phrases {
        assert!(p["holders"].as_u64() >= Some(1), "{p}");
        assert!(p["results"].as_u64() >= p["holders"].as_u64(), "{p}");
    }
    let apart: u64 = phrases.iter().filter_map(|p| p["apart"].as_u64()).sum();
    assert!(apart >= 10, "{summary}");
    let marks: u64 = phrases.iter().filter_map(|p| p["marks"].as_u64()).sum();
    assert!(marks >= 10, "{summary}");
    // /compare/: the overview and each metric's trend.
    assert!(
        summary["noScript"]["charts"].as_u64() > Some(22),
        "{summary}"
    );
    // On a 390 px phone: /compare/, a metric page and a county page, every
    // chart narrow, within the screen, at its own size.
    assert_eq!(summary["phoneCharts"]["pages"], 3, "{summary}");
    // The home headline table and a difference-in-differences table.
    assert_eq!(summary["phoneCharts"]["tables"], 2, "{summary}");
    assert!(
        summary["phoneCharts"]["charts"].as_u64() > Some(50),
        "{summary}"
    );
    for scheme in ["light", "dark"] {
        let c = &summary["chartColours"][scheme];
        // The faint lines of single counties were measured (trend chart).
        assert!(c["minFaintContrast"].as_f64() >= Some(2.0), "{c}");
        // trend, change, did, ranking and the overview from /compare/,
        // groups from a metric page, county from a county page.
        assert_eq!(
            c["kinds"].as_array().map(Vec::len),
            Some(7),
            "every chart kind is checked: {c}"
        );
    }
    eprintln!("{summary}");
}

#[test]
fn every_html_svg_and_css_file_is_valid() {
    let tools = tools();
    let site = example_built();
    let public = site.root().join("public");
    let mut html = Vec::new();
    let mut svg = Vec::new();
    for entry in walkdir::WalkDir::new(&public).sort_by_file_name() {
        let entry = entry.expect("walk output");
        match entry.path().extension().and_then(|e| e.to_str()) {
            Some("html") => html.push(entry.into_path()),
            Some("svg") => svg.push(entry.into_path()),
            _ => {}
        }
    }
    assert!(
        html.len() > 90 && svg.len() > 200,
        "{} {}",
        html.len(),
        svg.len()
    );
    let jar = tools.join("node_modules/vnu-jar/build/dist/vnu.jar");
    for (kind, files) in [
        ("--html", html),
        ("--svg", svg),
        ("--css", vec![public.join("style.css")]),
    ] {
        let out = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args([kind, "--format", "gnu"])
            .args(&files)
            .output()
            .expect("run java (scripts/test installs default-jre-headless)");
        let messages = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && messages.trim().is_empty(),
            "the Nu HTML checker ({kind}) found problems in {} files:\n{messages}",
            files.len()
        );
    }
}

#[test]
fn a_report_and_a_county_print_on_a4_inside_the_margins() {
    let site = example_built();
    let public = site.root().join("public");
    // The report has a chart block and tables; the county page has a chart
    // for every metric and the widest table of the site.
    for (page, charts) in [("counties/dongtai/2020-h2/", 1), ("counties/dongtai/", 20)] {
        let pdf = site.root().join("page.pdf");
        let summary = browser(&[
            "print",
            &public.to_string_lossy(),
            BASE,
            page,
            &pdf.to_string_lossy(),
        ]);
        assert!(pdf.is_file());
        assert!(summary["pages"].as_u64() >= Some(2), "{page}: {summary}");
        assert!(
            summary["charts"].as_u64() >= Some(charts),
            "{page}: {summary}"
        );
        assert!(summary["tables"].as_u64() >= Some(1), "{page}: {summary}");
    }
}

#[test]
fn maps_pass_axe_and_their_labels_do_not_overlap() {
    let site = example_built();
    let public = site.root().join("public");
    let summary = browser(&["maps", &public.to_string_lossy(), BASE]);
    // The pilots map and a map for each of the 22 metrics, each wide and
    // narrow, and a locator for each of the 9 counties, narrow only (a
    // county page shows it small on every screen).
    assert_eq!(summary["maps"], 2 * (1 + 22) + 9, "{summary}");
    // Nine named shapes on each of the 46 pilot and metric maps; a locator
    // names at least its own county.
    assert!(summary["named"].as_u64() >= Some(46 * 9 + 9), "{summary}");
    assert!(summary["labels"].as_u64() > Some(100), "{summary}");
    eprintln!("{summary}");
}

#[cfg(feature = "serve")]
#[test]
fn serve_reloads_the_open_page_and_shows_errors_over_it() {
    let site = SiteTest::example();
    let summary = browser(&[
        "serve",
        env!("CARGO_BIN_EXE_pilotsite"),
        &site.root().to_string_lossy(),
        "content/counties/dongtai/2020-h2.md",
    ]);
    assert!(
        summary["overlay"]
            .as_str()
            .is_some_and(|l| l.starts_with("error: content/counties/dongtai/2020-h2.md:2:1:")),
        "{summary}"
    );
}

/// The pages of long lists, which the example (nine counties) does not
/// have: a generated site of 250 counties, each kind of list page through
/// the same checks as every page type (axe light, dark and 375 px, the
/// keyboard, nothing scrolling sideways) and the Nu HTML checker.
#[test]
fn the_pages_of_long_lists_work_in_chromium() {
    let tools = tools();
    let site = crate::generate::site(250, 2, 18);
    site.run(&["build", "--base-url", "http://127.0.0.1/pilot/"])
        .assert_success();
    let public = site.root().join("public");
    let tag = std::fs::read_dir(public.join("tags"))
        .expect("tags/")
        .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
        .filter(|t| public.join(format!("tags/{t}/page/2/index.html")).is_file())
        .min()
        .expect("a tag with a second page");
    let pages = [
        ("counties", "counties/".to_string()),
        ("counties-2", "counties/page/2/".into()),
        ("period-3", "periods/2019-h1/page/3/".into()),
        ("tag-2", format!("tags/{tag}/page/2/")),
        ("compare", "compare/".into()),
        ("metric", "metrics/budget/".into()),
        ("metric-table-3", "metrics/budget/page/3/".into()),
    ];
    let mut args = vec![
        "lists".to_string(),
        public.to_string_lossy().into(),
        BASE.into(),
    ];
    args.extend(pages.iter().map(|(kind, path)| format!("{kind}={path}")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let summary = browser(&args);
    let checked: Vec<&str> = summary["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter_map(|p| p["type"].as_str())
        .collect();
    let kinds: Vec<&str> = pages.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(checked, kinds, "{summary}");

    let jar = tools.join("node_modules/vnu-jar/build/dist/vnu.jar");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--html", "--format", "gnu"])
        .args(
            pages
                .iter()
                .map(|(_, path)| public.join(path).join("index.html")),
        )
        .output()
        .expect("run java (scripts/test installs default-jre-headless)");
    let messages = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && messages.trim().is_empty(),
        "the Nu HTML checker found problems:\n{messages}"
    );
}

/// A search on a country's index (3,000 counties, two half-years: 9,000
/// documents, the reports about 1,000 characters each) loads less than the
/// budget besides the page, its style and images, for common words, long
/// phrases and a rare word. The index is built from the library straight
/// into the example site's output (its search page and script), as a debug
/// build of a 3,000-county site takes minutes.
#[test]
fn a_search_of_a_country_stays_within_its_budget() {
    let site = example_built();
    let public = site.root().join("public");
    crate::search::write_index(&public, &crate::search::country_docs(3_000, 2, 1));
    let mut args = vec![
        "search-bytes".to_string(),
        public.to_string_lossy().into(),
        BASE.into(),
    ];
    args.extend(crate::search::COUNTRY_QUERIES.iter().map(|q| q.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let summary = browser(&args);
    let queries = summary["queries"].as_array().expect("queries");
    assert_eq!(queries.len(), crate::search::COUNTRY_QUERIES.len());
    for q in queries {
        let bytes = q["bytes"].as_u64().expect("bytes");
        assert!(bytes < crate::search::SEARCH_BUDGET, "{q}");
        assert!(q["results"].as_u64() >= Some(1), "{q}");
        // The script and the index: never nothing.
        assert!(q["requests"].as_u64() >= Some(3), "{q}");
    }
    // Common words load more than a shard; the first page of one is full.
    assert!(
        queries
            .iter()
            .any(|q| q["bytes"].as_u64() > Some(100 * 1024)),
        "{summary}"
    );
    assert_eq!(queries[0]["results"], 20, "{summary}");
    eprintln!("{summary}");
}
