//! The files for machines: the Atom feed of the newest reports, the
//! sitemap (split into files of [`SITEMAP_URLS`] under a sitemap index
//! beyond that, as the sitemap protocol asks), robots.txt and `.nojekyll`
//! (so GitHub Pages serves the output as it is).
//! Links are absolute when site.yaml's `base_url` is; otherwise they are
//! paths under the base path.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Prepared;
use super::Resource;

/// The machine-readable files.
#[derive(Debug, Clone, Copy)]
pub enum FeedFile {
    Atom,
    /// Every page, or the index of the parts when they are too many.
    Sitemap,
    /// `sitemap-<n>.xml`, from 1: part n of the pages.
    SitemapPart(usize),
    Robots,
    NoJekyll,
}

/// The most URLs one sitemap file may list (sitemaps.org).
const SITEMAP_URLS: usize = 50_000;

/// How many reports the Atom feed lists: the newest, as Zola's
/// `feed_limit` and Hugo's `rssLimit` bound theirs. A feed reader fetches
/// the feed again and again; the whole archive would make every fetch
/// grow with the site (10,000 reports: 5.8 MB), and the period and county
/// pages list every report anyway.
pub const FEED_ENTRIES: usize = 50;

pub const FILES: [(&str, FeedFile); 4] = [
    ("feed.xml", FeedFile::Atom),
    ("sitemap.xml", FeedFile::Sitemap),
    ("robots.txt", FeedFile::Robots),
    (".nojekyll", FeedFile::NoJekyll),
];

pub fn render(p: &Prepared, file: FeedFile) -> String {
    match file {
        FeedFile::Atom => atom(p),
        FeedFile::Sitemap => sitemap(p),
        FeedFile::SitemapPart(n) => {
            let pages = sitemap_pages(&p.files);
            let part = pages.chunks(SITEMAP_URLS).nth(n - 1).unwrap_or_default();
            urlset(p, part)
        }
        FeedFile::Robots => format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            absolute(p, &p.urls.at("sitemap.xml"))
        ),
        FeedFile::NoJekyll => String::new(),
    }
}

/// A site path as an absolute URL when the base URL has a host.
fn absolute(p: &Prepared, path: &str) -> String {
    let base_url = &p.site.config.base_url;
    if base_url.starts_with("http://") || base_url.starts_with("https://") {
        let host_end = base_url
            .find("://")
            .and_then(|i| base_url[i + 3..].find('/').map(|j| i + 3 + j))
            .unwrap_or(base_url.len());
        format!("{}{path}", &base_url[..host_end])
    } else {
        path.to_string()
    }
}

/// Text for XML: markup escaped, and the characters XML 1.0 forbids
/// (control characters a word processor may leave in a title or summary)
/// dropped, since one of them would make the whole feed unreadable.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'.. => out.push(c),
            _ => {}
        }
    }
    out
}

/// `YYYY-MM-DD` as an Atom date-time.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

fn atom(p: &Prepared) -> String {
    let site = &*p.site;
    let c = &site.config;
    // Newest first: by date, then period, then county order; the first
    // FEED_ENTRIES of them.
    let mut order: Vec<usize> = (0..site.reports.len()).collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (&site.reports[*a], &site.reports[*b]);
        (rb.date.as_deref(), rb.period, ra.county).cmp(&(ra.date.as_deref(), ra.period, rb.county))
    });
    let latest = site
        .reports
        .iter()
        .filter_map(|r| r.date.as_deref())
        .max()
        .unwrap_or("1970-01-01");
    let home = absolute(p, &p.urls.at(""));
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        c.language.code()
    );
    let _ = writeln!(out, "  <title>{}</title>", escape(&c.title));
    if let Some(d) = &c.description {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", escape(d));
    }
    let _ = writeln!(
        out,
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        escape(&absolute(p, &p.urls.at("feed.xml")))
    );
    let _ = writeln!(
        out,
        "  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
        escape(&home)
    );
    let _ = writeln!(out, "  <id>{}</id>", escape(&feed_id(&home)));
    let _ = writeln!(out, "  <updated>{}</updated>", timestamp(latest));
    let _ = writeln!(out, "  <generator>pilotsite</generator>");
    for i in order.into_iter().take(FEED_ENTRIES) {
        let r = &site.reports[i];
        let county = &site.counties[r.county];
        let url = absolute(p, &p.urls.report(&county.id, &c.periods[r.period]));
        let updated = timestamp(r.date.as_deref().unwrap_or(latest));
        let summary = r
            .summary
            .as_deref()
            .unwrap_or(&p.reports[i].first_paragraph);
        let _ = writeln!(out, "  <entry>");
        let _ = writeln!(out, "    <title>{}</title>", escape(&r.title));
        let _ = writeln!(
            out,
            "    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
            escape(&url)
        );
        let _ = writeln!(out, "    <id>{}</id>", escape(&feed_id(&url)));
        let _ = writeln!(out, "    <updated>{updated}</updated>");
        if let Some(date) = &r.date {
            let _ = writeln!(out, "    <published>{}</published>", timestamp(date));
        }
        let authors: Vec<&str> = if r.authors.is_empty() {
            vec![county.name.as_str()]
        } else {
            r.authors.iter().map(String::as_str).collect()
        };
        for a in authors {
            let _ = writeln!(out, "    <author><name>{}</name></author>", escape(a));
        }
        for tag in &r.tags {
            let _ = writeln!(out, "    <category term=\"{}\"/>", escape(tag));
        }
        let _ = writeln!(out, "    <summary>{}</summary>", escape(summary));
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    out
}

/// An Atom id: the absolute URL, or a URN when the site has no host.
fn feed_id(url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") {
        url.to_string()
    } else {
        format!("urn:pilotsite:{}", url.trim_start_matches('/'))
    }
}

/// Whether an output file is a page the sitemap lists.
fn in_sitemap(file: &str, resource: &Resource) -> bool {
    !matches!(resource, Resource::Page(super::PageRef::NotFound)) && file.ends_with("index.html")
}

/// The output files the sitemap lists, in path order.
fn sitemap_pages(files: &BTreeMap<String, Resource>) -> Vec<&str> {
    files
        .iter()
        .filter(|(file, resource)| in_sitemap(file, resource))
        .map(|(file, _)| file.as_str())
        .collect()
}

/// The parts of the sitemap, when the site has more pages than one
/// sitemap file may list: `sitemap-1.xml`, ...; none otherwise.
pub fn sitemap_parts(files: &BTreeMap<String, Resource>) -> Vec<(String, FeedFile)> {
    let pages = files.iter().filter(|(f, r)| in_sitemap(f, r)).count();
    parts_of(pages)
        .map(|n| (format!("sitemap-{n}.xml"), FeedFile::SitemapPart(n)))
        .collect()
}

/// The numbers of the sitemap's parts for `pages` pages.
fn parts_of(pages: usize) -> std::ops::Range<usize> {
    let parts = if pages > SITEMAP_URLS {
        pages.div_ceil(SITEMAP_URLS)
    } else {
        0
    };
    1..parts + 1
}

fn sitemap(p: &Prepared) -> String {
    let pages = sitemap_pages(&p.files);
    let parts = parts_of(pages.len());
    if parts.is_empty() {
        return urlset(p, &pages);
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in parts {
        let url = absolute(p, &p.urls.at(&format!("sitemap-{n}.xml")));
        let _ = writeln!(out, "  <sitemap><loc>{}</loc></sitemap>", escape(&url));
    }
    out.push_str("</sitemapindex>\n");
    out
}

/// A sitemap listing these output files (`.../index.html`) by their URLs.
fn urlset(p: &Prepared, files: &[&str]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for file in files {
        let path = p.urls.at(&crate::urls::percent_encode(
            file.trim_end_matches("index.html"),
        ));
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc></url>",
            escape(&absolute(p, &path))
        );
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{SITEMAP_URLS, parts_of};

    #[test]
    fn a_sitemap_is_split_only_beyond_what_one_file_may_list() {
        assert!(parts_of(0).is_empty());
        assert!(parts_of(SITEMAP_URLS).is_empty());
        assert_eq!(parts_of(SITEMAP_URLS + 1), 1..3);
        assert_eq!(parts_of(3 * SITEMAP_URLS), 1..4);
    }
}
