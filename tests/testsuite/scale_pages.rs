//! Pages that stay light however many counties a site has: every list that
//! grows with the counties or reports is cut into pages of
//! [`PAGE_SIZE`] linked by a pager, the dashboard shows one chart per
//! metric, the feed holds the newest [`FEED_ENTRIES`] reports. A small site
//! (the example) has no pager anywhere.

use std::collections::{BTreeMap, BTreeSet};

use pilotsite::render::{FEED_ENTRIES, PAGE_SIZE};
use pilotsite::urls::percent_decode;

use crate::generate;
use crate::harness::{SiteTest, read_tree};

/// The budget of one HTML page (issue 18): a reader on a phone in a rural
/// county must be able to open it.
const PAGE_BUDGET: usize = 512 * 1024;

/// Every value between `open` and the next `close` in `text`.
fn between<'t>(text: &'t str, open: &str, close: &str) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        match rest.find(close) {
            Some(end) => out.push(&rest[..end]),
            None => break,
        }
    }
    out
}

/// The part of `page` inside `<main>`.
fn main_of(page: &str) -> &str {
    let start = page.find("<main").expect("a <main>");
    let end = page.find("</main>").expect("a </main>");
    &page[start..end]
}

/// The output's HTML pages, by URL path ("/counties/page/2/").
fn html_pages(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    files
        .iter()
        .filter(|(f, _)| f.ends_with(".html"))
        .map(|(f, bytes)| {
            let url = format!("/{}", f.strip_suffix("index.html").unwrap_or(f));
            (url, String::from_utf8(bytes.clone()).expect("UTF-8 HTML"))
        })
        .collect()
}

/// What a list page lists: the links of its items, in order.
#[derive(Clone, Copy)]
enum Items {
    /// Rows of a county table (`/counties/`) or of a metric's table.
    CountyRows,
    /// Reports (`<li class="report-item">`) and the counties that sent
    /// none (a period's page).
    Reports,
}

fn items_of(page: &str, kind: Items) -> Vec<String> {
    let main = main_of(page);
    match kind {
        Items::CountyRows => between(main, "<th scope=\"row\"><a href=\"", "\"")
            .into_iter()
            .map(str::to_string)
            .collect(),
        Items::Reports => {
            let mut items: Vec<String> = between(main, "<a class=\"report-title\" href=\"", "\"")
                .into_iter()
                .map(str::to_string)
                .collect();
            for list in between(main, "<ul class=\"inline-list\">", "</ul>") {
                items.extend(
                    between(list, "<a href=\"", "\"")
                        .into_iter()
                        .map(str::to_string),
                );
            }
            items
        }
    }
}

/// The target of the link with `rel="<rel>"` in `page` (the pager writes
/// `href` first).
fn link_with_rel(page: &str, rel: &str) -> Option<String> {
    let at = page.find(&format!("\" rel=\"{rel}\""))?;
    let start = page[..at].rfind("href=\"")? + "href=\"".len();
    Some(percent_decode(&page[start..at]))
}

/// Follows a list's `rel="next"` links from its first page: each page's
/// URL and items (decoded). Checks on the way that each page links back to
/// the one before, says which page it is, and holds at most [`PAGE_SIZE`]
/// items.
fn walk(pages: &BTreeMap<String, String>, first: &str, kind: Items) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut url = Some(percent_decode(first));
    while let Some(at) = url {
        let page = pages
            .get(&at)
            .unwrap_or_else(|| panic!("{at}: no such page"));
        let items: Vec<String> = items_of(page, kind)
            .iter()
            .map(|s| percent_decode(s))
            .collect();
        assert!(items.len() <= PAGE_SIZE, "{at}: {} items", items.len());
        assert_eq!(
            link_with_rel(page, "prev").as_deref(),
            out.last().map(|(u, _)| u.as_str()),
            "{at}: its previous page"
        );
        if !out.is_empty() {
            let n = out.len() + 1;
            assert!(at.ends_with(&format!("/page/{n}/")), "{at}: page {n}");
            assert!(
                page.contains(&format!("aria-current=\"page\">{n}</a>")),
                "{at}"
            );
        }
        url = link_with_rel(page, "next");
        out.push((at, items));
    }
    out
}

/// Every item of the list exactly once, over the pages the chain reached,
/// and the pages are all the list has.
fn assert_chain(
    pages: &BTreeMap<String, String>,
    first: &str,
    kind: Items,
    expected: &BTreeSet<String>,
) -> usize {
    let chain = walk(pages, first, kind);
    let items: Vec<&String> = chain.iter().flat_map(|(_, items)| items).collect();
    let unique: BTreeSet<String> = items.iter().map(|s| s.to_string()).collect();
    assert_eq!(unique.len(), items.len(), "{first}: an item listed twice");
    let missing: Vec<&String> = expected.difference(&unique).collect();
    let extra: Vec<&String> = unique.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{first}: over all pages, missing {missing:?}, not expected {extra:?}"
    );
    assert_eq!(
        chain.len(),
        expected.len().div_ceil(PAGE_SIZE).max(1),
        "{first}"
    );
    let first = percent_decode(first);
    let on_disk = pages
        .keys()
        .filter(|u| {
            u.strip_prefix(&first)
                .is_some_and(|rest| rest.starts_with("page/"))
        })
        .count();
    assert_eq!(on_disk + 1, chain.len(), "{first}: pages nothing links to");
    chain.len()
}

/// Counties and reports of a generated site, from its files.
struct Content {
    /// County id -> whether it is a pilot.
    counties: BTreeMap<String, bool>,
    /// (county id, period slug) of every report.
    reports: BTreeSet<(String, String)>,
}

fn content_of(site: &SiteTest) -> Content {
    let files = read_tree(&site.root().join("content/counties"));
    let mut counties = BTreeMap::new();
    let mut reports = BTreeSet::new();
    for (file, bytes) in &files {
        let (id, name) = file.split_once('/').expect("county/file");
        if name == "_index.md" {
            let text = String::from_utf8_lossy(bytes);
            counties.insert(id.to_string(), text.contains("\npilot: true"));
        } else {
            let period = name.strip_suffix(".md").expect(".md");
            reports.insert((id.to_string(), period.to_string()));
        }
    }
    Content { counties, reports }
}

#[test]
fn a_site_of_250_counties_is_cut_into_linked_pages_under_the_budget() {
    let site = generate::site(250, 2, 18);
    site.build();
    let files = read_tree(&site.root().join("public"));
    let pages = html_pages(&files);
    let content = content_of(&site);
    assert_eq!(content.counties.len(), 250);

    // Every page under the budget, whatever it is.
    for (url, page) in &pages {
        assert!(page.len() < PAGE_BUDGET, "{url}: {} bytes", page.len());
    }

    // The county list: pilots first, then the others, each once.
    let county_urls: BTreeSet<String> = content
        .counties
        .keys()
        .map(|id| format!("/counties/{id}/"))
        .collect();
    let n = assert_chain(&pages, "/counties/", Items::CountyRows, &county_urls);
    assert_eq!(n, 3);
    let listed: Vec<String> = walk(&pages, "/counties/", Items::CountyRows)
        .into_iter()
        .flat_map(|(_, items)| items)
        .collect();
    let pilots = content.counties.values().filter(|p| **p).count();
    for (i, url) in listed.iter().enumerate() {
        let id = url.trim_start_matches("/counties/").trim_end_matches('/');
        assert_eq!(content.counties[id], i < pilots, "{url} at {i}");
    }
    // Whoever knows a county's name is sent to search.
    assert!(pages["/counties/"].contains("action=\"/search/\""));

    // A period's page: its reports, then the counties that sent none.
    for period in ["2018", "2019-h1"] {
        let mut expected: BTreeSet<String> = content
            .reports
            .iter()
            .filter(|(_, p)| p == period)
            .map(|(c, p)| format!("/counties/{c}/{p}/"))
            .collect();
        let missing: Vec<&String> = content
            .counties
            .keys()
            .filter(|c| {
                !content
                    .reports
                    .contains(&(c.to_string(), period.to_string()))
            })
            .collect();
        assert!(!missing.is_empty(), "the generated site skips some reports");
        expected.extend(missing.iter().map(|c| format!("/counties/{c}/")));
        assert_eq!(
            assert_chain(
                &pages,
                &format!("/periods/{period}/"),
                Items::Reports,
                &expected
            ),
            3
        );
    }

    // A tag's page: every report with the tag.
    let tags: Vec<&String> = pages
        .keys()
        .filter(|u| u.starts_with("/tags/") && u.len() > "/tags/".len() && !u.contains("/page/"))
        .collect();
    assert!(!tags.is_empty());
    let mut paged_tags = 0;
    for tag in tags {
        let page = &pages[tag];
        let count: usize = between(page, "含此标签的报告：", "</p>")
            .first()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{tag}: its count"));
        let reports: BTreeSet<String> = walk(&pages, tag, Items::Reports)
            .into_iter()
            .flat_map(|(_, items)| items)
            .collect();
        assert_eq!(reports.len(), count, "{tag}");
        paged_tags += usize::from(count > PAGE_SIZE);
    }
    assert!(
        paged_tags > 0,
        "some tag has more reports than a page holds"
    );

    // A metric's table: every county, its first page under the charts.
    for metric in generate::METRICS {
        let first = format!("/metrics/{metric}/");
        assert_chain(&pages, &first, Items::CountyRows, &county_urls);
        assert!(pages[&first].contains("<figure class=\"chart\">"));
        let second = &pages[&format!("{first}page/2/")];
        assert!(
            !second.contains("<figure class=\"chart\">"),
            "charts on page 1 only"
        );
        assert!(
            second.contains(&format!("<a href=\"{first}\">")),
            "back to the metric"
        );
    }

    // The dashboard: the overview, then one chart per metric, each linking
    // to its metric's page for the rest.
    let compare = &pages["/compare/"];
    assert_eq!(
        compare.matches("<figure class=\"chart\">").count(),
        generate::METRICS.len() + 1
    );
    for metric in generate::METRICS {
        assert!(compare.contains(&format!("src=\"/metrics/{metric}/trend.svg\"")));
        assert!(compare.contains(&format!(
            "<p class=\"more\"><a href=\"/metrics/{metric}/\">"
        )));
        assert!(!compare.contains(&format!("src=\"/metrics/{metric}/ranking")));
    }

    // Every pager link leads to a page of the site, and the sitemap lists
    // every page of every list.
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).expect("UTF-8");
    let locs: BTreeSet<String> = between(&sitemap, "<loc>", "</loc>")
        .into_iter()
        .map(percent_decode)
        .collect();
    for (url, page) in &pages {
        if url.contains("/page/") {
            assert!(locs.contains(url), "the sitemap lacks {url}");
        }
        for nav in between(page, "<nav class=\"pager\"", "</nav>") {
            for link in between(nav, "href=\"", "\"") {
                assert!(pages.contains_key(&percent_decode(link)), "{url}: {link}");
            }
        }
    }

    // The feed: the newest reports only.
    let feed = String::from_utf8(files["feed.xml"].clone()).expect("UTF-8");
    assert_eq!(feed.matches("<entry>").count(), FEED_ENTRIES);
    let published: Vec<&str> = between(&feed, "<published>", "</published>");
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[test]
fn a_small_site_has_no_pager() {
    let site = SiteTest::example();
    site.build();
    let files = read_tree(&site.root().join("public"));
    assert!(!files.keys().any(|f| f.contains("/page/")));
    for (url, page) in html_pages(&files) {
        assert!(!page.contains("class=\"pager\""), "{url}");
        assert!(!page.contains("rel=\"next\""), "{url}");
    }
    // Every county on the one county page.
    let counties = site.page("counties/");
    assert_eq!(items_of(&counties, Items::CountyRows).len(), 9);
}

/// A country: 3,000 counties over two half-years. No page over the budget,
/// whatever it is: the pages of this module's lists, and the metric pages,
/// whose charts summarise above 30 counties (a 3,000-row ranking's table
/// and text alone are 1.2 MB). About 80 s in a debug build.
#[test]
fn a_country_of_3000_counties_has_no_page_over_the_budget() {
    let site = generate::site(3000, 2, 18);
    site.build();
    let public = site.root().join("public");
    let mut pages = 0;
    let mut over = Vec::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("walk the output");
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages += 1;
            let bytes = entry.metadata().expect("metadata").len() as usize;
            if bytes >= PAGE_BUDGET {
                over.push((bytes, entry.path().display().to_string()));
            }
        }
    }
    // Each county and report, and the pages of the lists.
    assert!(pages > 3000 + 5000, "{pages} pages");
    over.sort();
    assert!(
        over.is_empty(),
        "{} pages over the budget: {over:?}",
        over.len()
    );
}
