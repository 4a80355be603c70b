//! `pilotsite build` on whole sites: the pages a reader reaches, links that
//! resolve, byte-identical output, and a failed build that changes nothing.

use std::collections::BTreeMap;

use pilotsite::urls::percent_decode;

use crate::harness::{SiteTest, read_tree};

/// Every `href="..."` and `src="..."` value in an HTML file.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// Checks that every internal reference of every HTML file names a file of
/// the output (and, with a fragment, an element id in it). Returns the
/// broken ones as "file: reference".
fn broken_links(tree: &BTreeMap<String, Vec<u8>>, base: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for (file, bytes) in tree.iter().filter(|(f, _)| f.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for r in references(&html) {
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
    let counties = [
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
    let periods = ["2018", "2019-h1", "2019-h2", "2020-h1", "2020-h2"];
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
    let broken = broken_links(&tree, "/");
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
fn links_resolve_under_a_sub_path() {
    let site = SiteTest::example();
    site.run(&["build", "--base-url", "https://example.github.io/pilot/"])
        .assert_success();
    let tree = read_tree(&site.root().join("public"));
    let broken = broken_links(&tree, "/pilot/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(site.page("").contains("href=\"/pilot/counties/\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::example();
    site.run(&["build", "--output", "one"]).assert_success();
    site.run(&["build", "--output", "two"]).assert_success();
    let one = read_tree(&site.root().join("one"));
    let two = read_tree(&site.root().join("two"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &one {
        assert!(two[file] == *bytes, "{file} differs between two builds");
    }
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
        row("clinics").contains("not reported"),
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
        row("covered").contains("8 <span class=\"n\">n=1</span>"),
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
