//! `pilotsite build` on whole sites: the pages a reader reaches, links that
//! resolve, byte-identical output, and a failed build that changes nothing.

use std::collections::BTreeMap;

use pilotsite::urls::percent_decode;

use crate::harness::{SiteTest, read_tree};

/// Every value between `open` and `close` in `text`.
fn between(text: &str, open: &str, close: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        if let Some(end) = rest.find(close) {
            out.push(rest[..end].replace("&amp;", "&"));
        }
    }
    out
}

/// The example site's counties and periods (URL form).
const EXAMPLE_COUNTIES: [&str; 9] = [
    "tinghu",
    "yandu",
    "dafeng",
    "xiangshui",
    "binhai",
    "funing",
    "sheyang",
    "jianhu",
    "dongtai",
];

const EXAMPLE_PERIODS: [&str; 5] = ["2018", "2019-h1", "2019-h2", "2020-h1", "2020-h2"];

/// Every URL a file of the given kind refers to: attributes in HTML, SVG
/// and XML, `url()` in CSS, `<loc>` in sitemaps, `"url"` in JSON,
/// `Sitemap:` in robots.txt.
fn references(file: &str, text: &str) -> Vec<String> {
    let ext = file.rsplit('.').next().unwrap_or("");
    match ext {
        "html" | "svg" | "xml" => {
            let mut refs = between(text, " href=\"", '"');
            refs.extend(between(text, " src=\"", '"'));
            refs.extend(between(text, "<loc>", '<'));
            for set in between(text, " srcset=\"", '"') {
                refs.extend(
                    set.split(',')
                        .filter_map(|c| c.split_whitespace().next().map(str::to_string)),
                );
            }
            refs
        }
        "css" => between(text, "url(", ')')
            .into_iter()
            .map(|u| u.trim_matches(|c| c == '"' || c == '\'').to_string())
            .filter(|u| !u.starts_with("data:"))
            .collect(),
        "json" => between(text, "\"url\": \"", '"')
            .into_iter()
            .chain(between(text, "\"url\":\"", '"'))
            .collect(),
        "txt" => text
            .lines()
            .filter_map(|l| l.strip_prefix("Sitemap: ").map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Checks that every internal reference of every HTML file names a file of
/// the output (and, with a fragment, an element id in it). Returns the
/// broken ones as "file: reference".
fn broken_links(tree: &BTreeMap<String, Vec<u8>>, base: &str, origin: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for (file, bytes) in tree {
        let text = String::from_utf8_lossy(bytes);
        for r in references(file, &text) {
            let r = match r.strip_prefix(origin) {
                Some(path) if !origin.is_empty() => path.to_string(),
                _ => r,
            };
            if r.starts_with("http://") || r.starts_with("https://") || r.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = match r.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(percent_decode(f))),
                None => (r.clone(), None),
            };
            let target = if path.is_empty() {
                file.clone()
            } else if let Some(rel) = path.strip_prefix(base) {
                let rel = percent_decode(rel);
                if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel
                }
            } else {
                broken.push(format!("{file}: {r} (not under the base path {base})"));
                continue;
            };
            match tree.get(&target) {
                None => broken.push(format!("{file}: {r}")),
                Some(target_bytes) => {
                    if let Some(id) = fragment {
                        let needle = format!("id=\"{id}\"");
                        if !String::from_utf8_lossy(target_bytes).contains(&needle) {
                            broken.push(format!("{file}: {r} (no element with that id)"));
                        }
                    }
                }
            }
        }
    }
    broken
}

#[test]
fn example_site_has_every_page_and_no_broken_link() {
    let site = SiteTest::example();
    site.build();
    let tree = read_tree(&site.root().join("public"));
    let counties = EXAMPLE_COUNTIES;
    let periods = EXAMPLE_PERIODS;
    let mut expected = vec![
        "index.html".to_string(),
        "404.html".into(),
        "style.css".into(),
        "counties/index.html".into(),
        "periods/index.html".into(),
        "tags/index.html".into(),
        "about/index.html".into(),
    ];
    for c in counties {
        expected.push(format!("counties/{c}/index.html"));
        for p in periods {
            expected.push(format!("counties/{c}/{p}/index.html"));
        }
    }
    for p in periods {
        expected.push(format!("periods/{p}/index.html"));
    }
    for tag in ["四长", "医疗卫生", "农技推广"] {
        expected.push(format!("tags/{tag}/index.html"));
    }
    let missing: Vec<&String> = expected.iter().filter(|f| !tree.contains_key(*f)).collect();
    assert!(missing.is_empty(), "missing pages: {missing:?}");
    let broken = broken_links(&tree, "/", "");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // The live-reload script belongs to `serve` only.
    for (file, bytes) in &tree {
        assert!(
            !String::from_utf8_lossy(bytes).contains("__pilotsite"),
            "{file} has serve's script"
        );
    }
    // Every page says the figures are illustrative.
    for (file, bytes) in tree.iter().filter(|(f, _)| f.ends_with(".html")) {
        assert!(
            String::from_utf8_lossy(bytes).contains("示例数据，非官方统计"),
            "{file} lacks the disclaimer"
        );
    }
}

#[test]
fn every_reference_of_every_file_resolves_under_a_sub_path() {
    let site = SiteTest::example();
    site.run(&["build", "--base-url", "https://example.github.io/pilot/"])
        .assert_success();
    let tree = read_tree(&site.root().join("public"));
    let broken = broken_links(&tree, "/pilot/", "https://example.github.io");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(site.page("").contains("href=\"/pilot/counties/\""));
    // Every kind of file was looked into.
    for kind in [
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "data/metrics.json",
        "404.html",
    ] {
        assert!(tree.contains_key(kind), "{kind} missing");
    }
    assert!(!references("404.html", &String::from_utf8_lossy(&tree["404.html"])).is_empty());
    assert!(
        tree.contains_key(".nojekyll"),
        "GitHub Pages needs .nojekyll"
    );
}

/// Whether `text` is well-formed XML as far as a feed or sitemap needs:
/// tags balanced and properly nested, attributes quoted, entities known.
fn well_formed(text: &str) -> Result<(), String> {
    let body = text
        .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find(['<', '&']) {
        let (before, at) = rest.split_at(i);
        if before.contains('>') {
            return Err(format!("stray > before {at:.40}"));
        }
        if let Some(entity) = at.strip_prefix('&') {
            let end = entity.find(';').ok_or("unterminated entity")?;
            if !["amp", "lt", "gt", "quot", "apos"].contains(&&entity[..end]) {
                return Err(format!("unknown entity &{};", &entity[..end]));
            }
            rest = &entity[end + 1..];
            continue;
        }
        let end = at.find('>').ok_or("unterminated tag")?;
        let tag = &at[1..end];
        rest = &at[end + 1..];
        if tag.matches('"').count() % 2 != 0 {
            return Err(format!("unbalanced quotes in <{tag}>"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name) {
                return Err(format!("</{name}> does not close the open tag"));
            }
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap_or("").to_string());
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed {stack:?}"))
    }
}

#[test]
fn feed_and_sitemap_are_valid_xml_listing_every_report() {
    let site = SiteTest::example();
    site.run(&["build", "--base-url", "https://example.github.io/pilot/"])
        .assert_success();
    let feed = site.read("public/feed.xml");
    let sitemap = site.read("public/sitemap.xml");
    well_formed(&feed).expect("feed.xml is well-formed");
    well_formed(&sitemap).expect("sitemap.xml is well-formed");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert_eq!(feed.matches("<entry>").count(), 45);
    let counties = EXAMPLE_COUNTIES;
    for c in counties {
        for p in EXAMPLE_PERIODS {
            let url = format!("https://example.github.io/pilot/counties/{c}/{p}/");
            assert!(
                feed.contains(&format!("<link href=\"{url}\"")),
                "feed lacks {url}"
            );
            assert!(
                sitemap.contains(&format!("<loc>{url}</loc>")),
                "sitemap lacks {url}"
            );
        }
    }
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://example.github.io/pilot/sitemap.xml")
    );
    assert!(well_formed("<?xml version=\"1.0\" encoding=\"utf-8\"?><a><b></a>").is_err());
}

#[test]
fn two_builds_are_byte_identical() {
    SiteTest::example().build_twice_identically();
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("minimal");
    site.build();
    let before = read_tree(&site.root().join("public"));
    site.write(
        "content/counties/beta/2018.md",
        "---\ntitle: Beta 2018\nperiod: 2018\nmetrics:\n  total: -1\n---\n",
    );
    let run = site.run(&["build"]);
    run.assert_status(1);
    assert!(
        run.stderr.contains("the previous output is unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(read_tree(&site.root().join("public")), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("list the site")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("building"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn report_pages_show_values_changes_means_and_nulls() {
    let site = SiteTest::fixture("minimal");
    site.build();
    let page = site.page("counties/alpha/2019-h1/");
    // coverage is derived: 8 / 10
    assert!(page.contains("80%"), "derived ratio missing");
    // change since the baseline: covered 4 -> 8
    assert!(page.contains("+4"), "change since baseline missing");
    // clinics is null, and so is activities (a sum with a null input): shown, not 0
    let row = |id: &str| -> String {
        let start = page
            .find(&format!("id=\"metric-{id}\""))
            .unwrap_or_else(|| panic!("row {id}"));
        page[start..start + page[start..].find("</tr>").expect("row end")].to_string()
    };
    assert!(
        row("clinics").contains("<td class=\"null\">not reported"),
        "{}",
        row("clinics")
    );
    assert!(
        row("activities").contains("not reported"),
        "{}",
        row("activities")
    );
    // pilot mean of covered at 2019-H1 is alpha's 8 over n=1; beta did not report
    assert!(
        row("covered").contains("8 <small>n=1</small>"),
        "{}",
        row("covered")
    );
    assert!(row("covered").contains("n=0"), "{}", row("covered"));
    // The baseline report: the bool mean is a share, Chinese emphasis is bold.
    let baseline = site.page("counties/alpha/2018/");
    assert!(baseline.contains("<strong>注意：</strong>正文"));
    assert!(
        site.page("about/")
            .contains("href=\"/counties/alpha/2018/\"")
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/counties/beta/2019-h1.md",
        "---\ntitle: Beta draft\nperiod: 2019-H1\ndraft: true\nmetrics:\n  total: 20\n---\nNot yet.\n",
    );
    site.build();
    assert!(
        !site
            .root()
            .join("public/counties/beta/2019-h1/index.html")
            .exists()
    );
    site.run(&["build", "--drafts"]).assert_success();
    assert!(site.page("counties/beta/2019-h1/").contains("Beta draft"));
}

#[test]
fn refuses_to_build_over_the_site() {
    let site = SiteTest::fixture("minimal");
    for output in [".", "content", "content/public", "..", "static"] {
        let run = site.run(&["build", "--output", output]);
        run.assert_status(2);
        assert!(
            run.stderr.contains("refusing to build into"),
            "{output}: {}",
            run.stderr
        );
    }
    assert!(site.root().join("content/_index.md").exists());
}

#[test]
fn static_files_and_theme_overrides() {
    let site = SiteTest::fixture("minimal");
    site.write("static/files/data.txt", "hello");
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}custom 404{% endblock content %}",
    );
    site.build();
    assert_eq!(site.read("public/files/data.txt"), "hello");
    assert!(site.page("404.html").contains("custom 404"));
    // Other templates still come from the built-in theme.
    assert!(site.page("counties/").contains("Alpha"));
}

/// SPEC 4.5 on the example: its 2018 baseline is a year, later periods
/// half-years. Pages say where a flow is scaled and show the reported
/// figure with the comparable one beside it; stocks are left alone.
#[test]
fn pages_say_which_flows_are_scaled_and_show_both_figures() {
    let site = SiteTest::example();
    site.build();
    let note = "2018年（基线）为全年数，已按半年折算。";
    let lectures = site.page("metrics/health_lectures/");
    assert!(
        lectures.contains(note),
        "the flow's metric page has no note"
    );
    assert!(lectures.contains("流量（本期内累计的数）"));
    // 亭湖区 held 26 lectures in the 2018 year: 13 per half-year.
    assert!(
        lectures.contains("26场<span class=\"comparable\">按半年折算 13场</span>"),
        "the table does not show the reported and the comparable figure"
    );
    let stock = site.page("metrics/township_total/");
    assert!(!stock.contains("折算"), "a stock is never scaled");
    assert!(stock.contains("存量（期末时的水平）"));
    // The 2018 report shows both; its changes and the compare page use the
    // comparable values.
    let report = site.page("counties/tinghu/2018/");
    let row = &report[report.find("id=\"metric-health_lectures\"").expect("row")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(
        row.contains("26场") && row.contains("按半年折算 13场"),
        "{row}"
    );
    assert!(report.contains("流量指标（本期内累计的数）已按半年折算"));
    let compare = site.page("compare/");
    assert!(compare.contains(note));
    // A half-year report compares with the scaled baseline: 18 - 13 = +5.
    let h2 = site.page("counties/tinghu/2020-h2/");
    let row = &h2[h2.find("id=\"metric-health_lectures\"").expect("row")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(row.contains("+5场"), "{row}");
    assert!(
        !row.contains("comparable"),
        "a half-year figure is not scaled: {row}"
    );
}
