//! Turns a validated [`Site`] into files: Markdown bodies first (all in
//! parallel, collecting link errors), then every page through its template
//! (in parallel), then the static files.
//!
//! Site-wide values go into the tera global context once; each page builds
//! only its own typed context (see `context`). Output order never depends on
//! thread timing: every page writes its own file, and lists are sorted.

mod charts;
mod checks;
mod context;
mod feeds;
mod pages;
mod paging;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::build::Stage;
use crate::chart;
use crate::content::{Language, Site};
use crate::diagnostics::{Diagnostic, Pos, shorten};
use crate::markdown::{self, Rendered};
use crate::output::{FileError, Output, io_reason};
use crate::stats::{self, Panel, Stats};
use crate::text;
use crate::theme::{Source, Theme};
use crate::urls::{self, Urls};
pub use checks::links_without_site;
use checks::{broken_anchors, static_collision};
use context::*;
pub use feeds::FEED_ENTRIES;
pub use pages::{PageRef, SAME_PERIOD_SHOWN};
pub use paging::PAGE_SIZE;

/// A site ready to render any of its output files: everything pages share,
/// computed once. It owns its data, so `serve` can keep it between requests.
pub struct Prepared {
    site: Arc<Site>,
    theme: Arc<Theme>,
    /// The theme's templates, with the site-wide globals set.
    tera: tera::Tera,
    urls: Urls,
    stats: Arc<Stats>,
    panel: Panel,
    lang: Language,
    /// Rendered bodies: reports, counties, pages, in site order.
    reports: Vec<Arc<Rendered>>,
    counties: Vec<Arc<Rendered>>,
    pages: Vec<Arc<Rendered>>,
    home: Option<Arc<Rendered>>,
    /// tag slug -> (display name, report indices)
    tags: BTreeMap<String, (String, Vec<usize>)>,
    /// county index -> its report indices, in period order
    county_reports: Vec<Vec<usize>>,
    /// period index -> its report indices, in county order
    period_reports: Vec<Vec<usize>>,
    /// Every output file, by path relative to the output root, but for
    /// the search index.
    files: BTreeMap<String, Resource>,
    /// The search index files, (path, contents): made when first needed,
    /// so `serve` pays for them only when someone searches.
    search: OnceLock<Vec<(String, String)>>,
    /// Whether charts drawn inside pages are drawn: not where nothing is
    /// kept (`check`), since drawing checked figures cannot fail.
    draws: bool,
}

/// What an output file is made from.
#[derive(Debug, Clone)]
pub enum Resource {
    Page(PageRef),
    Chart(chart::Spec, chart::Variant),
    Data(DataFile),
    /// Index into the theme's static files.
    ThemeStatic(usize),
    /// Path under the site's static/.
    SiteStatic(String),
    /// The feed, the sitemap, robots.txt, .nojekyll.
    Feed(feeds::FeedFile),
}

impl Resource {
    /// Whether making the file can fail on a valid site. Charts, the CSV
    /// and JSON files and the search index are made from checked figures
    /// and text and cannot; a page goes through a theme template, which
    /// can fail on one page's data; the workbook refuses texts longer than
    /// a cell holds; a static file may be unreadable.
    fn can_fail(&self) -> bool {
        matches!(
            self,
            Resource::Page(_)
                | Resource::Data(DataFile::MetricsXlsx)
                | Resource::ThemeStatic(_)
                | Resource::SiteStatic(_)
        )
    }
}

/// The open data files.
#[derive(Debug, Clone, Copy)]
pub enum DataFile {
    MetricsCsv,
    MetricsXlsx,
    MetricsJson,
    Summary,
}

/// What `serve` keeps between builds of the same site. A body whose
/// Markdown has not changed is not rendered again (bodies with chart blocks
/// always are, since their figures carry statistics); the statistics are
/// not computed again while no figure changed, so an edit of a report's
/// prose does not re-run the randomization inference.
#[derive(Default)]
pub struct Cache {
    /// A hash of every linkable source path: when it changes, links may
    /// resolve differently, so everything is rendered again.
    links: u64,
    /// Source path -> (the Markdown rendered, the result).
    entries: HashMap<String, (Arc<str>, Arc<Rendered>)>,
    /// The panel and baseline the statistics were computed from.
    statistics: Option<(Panel, Option<usize>, Arc<Stats>)>,
}

impl Cache {
    /// The statistics of `panel`: those kept when the panel and the
    /// baseline are the ones they were computed from, else new ones.
    pub fn statistics(&mut self, panel: &Panel, baseline: Option<usize>) -> Arc<Stats> {
        if let Some((p, b, stats)) = &self.statistics
            && p == panel
            && *b == baseline
        {
            return Arc::clone(stats);
        }
        let stats = Arc::new(stats::compute(panel, baseline));
        self.statistics = Some((panel.clone(), baseline, Arc::clone(&stats)));
        stats
    }
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Renders the whole site into `out`. Returns the diagnostics (errors mean
/// nothing usable was written).
pub fn render(
    site: Arc<Site>,
    theme: Arc<Theme>,
    out: &dyn Output,
    stages: &mut Vec<Stage>,
) -> Vec<Diagnostic> {
    let t = Instant::now();
    let mut prepared = match Prepared::new(site, theme, &mut Cache::default()) {
        Ok(p) => p,
        Err(d) => return d,
    };
    prepared.draws = out.keeps();
    stages.push(Stage::new("stage-prepare", t.elapsed()));
    // The search index is made on one thread while the pages are rendered
    // on the others: it is the one stage that does not split. Where nothing
    // is kept (`check`), only what can fail is made (`Resource::can_fail`).
    let t = Instant::now();
    let keeps = out.keeps();
    let ((search_time, mut failures), pages): (_, Vec<Result<Diagnostic, FileError>>) = rayon::join(
        || {
            let t = Instant::now();
            if !keeps {
                return (t.elapsed(), Vec::new());
            }
            let files = prepared.search_files();
            let time = t.elapsed();
            let failures: Vec<_> = files
                .iter()
                .filter_map(|(path, text)| out.write(path, text.as_bytes()).err().map(Err))
                .collect();
            (time, failures)
        },
        || {
            let files: Vec<&str> = prepared
                .files
                .iter()
                .filter(|(_, r)| keeps || r.can_fail())
                .map(|(f, _)| f.as_str())
                .collect();
            files
                .par_iter()
                .filter_map(|file| match prepared.render_file(file) {
                    Ok(bytes) => out.write(file, &bytes).err().map(Err),
                    Err(d) => Some(Ok(d)),
                })
                .collect()
        },
    );
    stages.push(Stage::new("stage-search", search_time));
    stages.push(Stage::new("stage-pages", t.elapsed()));
    failures.extend(pages);
    let mut diagnostics = Vec::new();
    let mut writes = Vec::new();
    for failure in failures {
        match failure {
            Ok(d) => diagnostics.push(d),
            Err(w) => writes.push(w),
        }
    }
    diagnostics.extend(write_errors(writes));
    crate::diagnostics::sort(&mut diagnostics);
    dedup_same_place(&mut diagnostics);
    diagnostics
}

/// An error in a template that many pages (or chart blocks) use is found
/// once per use, in the same place: it is reported once. `sorted` is
/// sorted, so such errors are next to each other.
fn dedup_same_place(sorted: &mut Vec<Diagnostic>) {
    sorted.dedup_by(|a, b| (&a.path, a.line, a.col, a.code) == (&b.path, b.line, b.col, b.code));
}

/// Files that could not be written: one error per cause (a full disk
/// fails every file the same way), naming the first file in path order and
/// counting the others.
fn write_errors(mut failed: Vec<FileError>) -> Vec<Diagnostic> {
    failed.sort_by(|a, b| a.path.cmp(&b.path));
    let mut causes: Vec<(std::io::ErrorKind, Diagnostic, usize)> = Vec::new();
    for e in failed {
        match causes
            .iter_mut()
            .find(|(kind, _, _)| *kind == e.error.kind())
        {
            Some((_, _, n)) => *n += 1,
            None => causes.push((e.error.kind(), write_error(&e), 0)),
        }
    }
    causes
        .into_iter()
        .map(|(_, d, others)| {
            if others > 0 {
                d.with_help(text!("output-write-failed-others", others = others))
            } else {
                d
            }
        })
        .collect()
}

impl Prepared {
    /// Computes statistics, renders every body (reusing `cache` where the
    /// Markdown is unchanged) and lists every output file. Errors in bodies
    /// (broken links, bad chart blocks) are returned, all of them.
    pub fn new(
        site: Arc<Site>,
        theme: Arc<Theme>,
        cache: &mut Cache,
    ) -> Result<Prepared, Vec<Diagnostic>> {
        let urls = Urls::new(&site.config);
        let panel = Panel::from_site(&site);
        let stats = cache.statistics(&panel, site.config.baseline);
        let mut tera = theme.tera.clone();
        set_globals(&mut tera, &site, &urls, &theme);

        // Bodies, with chart blocks drawn from the same statistics as the pages.
        let chart_data = chart::Data {
            site: &site,
            panel: &panel,
            stats: &stats,
            strings: &theme.strings,
        };
        let block_charts = Mutex::new(BTreeSet::new());
        let chart_block = |yaml: &str, path: &str| {
            charts::block(yaml, path, &chart_data, &urls, &tera, &theme, &block_charts)
        };
        let source_urls = source_urls(&site, &urls);
        let links = hash_of(&source_urls);
        if links != cache.links {
            cache.entries.clear();
            cache.links = links;
        }
        let md = markdown::Context {
            urls: &source_urls,
            unsafe_html: site.config.unsafe_html,
            chart: Some(&chart_block),
            table_label: theme.strings.get("table").map_or("Table", String::as_str),
            base_path: urls.base(),
        };
        let cached = &cache.entries;
        let render_body = |body: &crate::content::Body| -> Arc<Rendered> {
            match cached.get(&body.path) {
                Some((md, r))
                    if !r.has_charts
                        && (Arc::ptr_eq(md, &body.markdown) || **md == *body.markdown) =>
                {
                    r.clone()
                }
                _ => Arc::new(markdown::render(body, &md)),
            }
        };
        let reports: Vec<Arc<Rendered>> = site
            .reports
            .par_iter()
            .map(|r| render_body(&r.body))
            .collect();
        let counties: Vec<Arc<Rendered>> = site
            .counties
            .par_iter()
            .map(|c| render_body(&c.body))
            .collect();
        let pages: Vec<Arc<Rendered>> = site
            .pages
            .par_iter()
            .map(|p| render_body(&p.body))
            .collect();
        let home = site.home.as_ref().map(|h| render_body(&h.body));
        let mut diagnostics: Vec<Diagnostic> = reports
            .iter()
            .chain(&counties)
            .chain(&pages)
            .chain(home.iter())
            .flat_map(|r| r.diagnostics.iter().cloned())
            .collect();
        let bodies = site
            .reports
            .iter()
            .map(|r| &r.body)
            .chain(site.counties.iter().map(|c| &c.body))
            .chain(site.pages.iter().map(|p| &p.body))
            .chain(site.home.iter().map(|h| &h.body));
        let rendered = reports
            .iter()
            .chain(&counties)
            .chain(&pages)
            .chain(home.iter());
        // Updated in place: after an edit in `serve` only the edited body's
        // entry changes.
        let mut count = 0;
        for (b, r) in bodies.zip(rendered) {
            count += 1;
            match cache.entries.get_mut(&b.path) {
                Some(entry) if Arc::ptr_eq(&entry.1, r) => {}
                Some(entry) => *entry = (b.markdown.clone(), r.clone()),
                None => {
                    cache
                        .entries
                        .insert(b.path.clone(), (b.markdown.clone(), r.clone()));
                }
            }
        }
        if cache.entries.len() != count {
            // Files went away: keep only the bodies there are now.
            let present: std::collections::HashSet<&str> = site
                .reports
                .iter()
                .map(|r| r.body.path.as_str())
                .chain(site.counties.iter().map(|c| c.body.path.as_str()))
                .chain(site.pages.iter().map(|p| p.body.path.as_str()))
                .chain(site.home.iter().map(|h| h.body.path.as_str()))
                .collect();
            cache
                .entries
                .retain(|path, _| present.contains(path.as_str()));
        }
        diagnostics.extend(broken_anchors(&cache.entries));
        let block_charts = block_charts.into_inner().unwrap_or_else(|e| e.into_inner());

        let mut tags: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        let mut county_reports = vec![Vec::new(); site.counties.len()];
        let mut period_reports = vec![Vec::new(); site.config.periods.len()];
        for (i, r) in site.reports.iter().enumerate() {
            county_reports[r.county].push(i);
            period_reports[r.period].push(i);
            for t in &r.tags {
                let entry = tags
                    .entry(urls::tag_slug(t))
                    .or_insert_with(|| (t.clone(), Vec::new()));
                if entry.1.last() != Some(&i) {
                    entry.1.push(i);
                }
            }
        }
        let mut prepared = Prepared {
            lang: site.config.language,
            site,
            theme,
            tera,
            urls,
            stats,
            panel,
            reports,
            counties,
            pages,
            home,
            tags,
            county_reports,
            period_reports,
            files: BTreeMap::new(),
            search: OnceLock::new(),
            draws: true,
        };
        let (files, collisions) = prepared.index(block_charts);
        prepared.files = files;
        diagnostics.extend(collisions);
        diagnostics.extend(prepared.dead_site_links(&cache.entries, &source_urls));
        if !diagnostics.is_empty() {
            crate::diagnostics::sort(&mut diagnostics);
            dedup_same_place(&mut diagnostics);
            return Err(diagnostics);
        }
        Ok(prepared)
    }

    /// The figures a chart draws from.
    pub(crate) fn chart_data(&self) -> chart::Data<'_> {
        chart::Data {
            site: &self.site,
            panel: &self.panel,
            stats: &self.stats,
            strings: &self.theme.strings,
        }
    }

    /// Every output file: the pages, charts, data files and static files.
    /// A file of the site's static/ that a file the site makes would
    /// replace is an error at that file (it would silently not be
    /// published).
    fn index(
        &self,
        block_charts: BTreeSet<chart::Spec>,
    ) -> (BTreeMap<String, Resource>, Vec<Diagnostic>) {
        let site = &*self.site;
        let mut files = BTreeMap::new();
        let mut collisions = Vec::new();
        let mut generated = |files: &mut BTreeMap<String, Resource>, rel: String, r: Resource| {
            if let Some(Resource::SiteStatic(own)) = files.insert(rel.clone(), r) {
                collisions.push(static_collision(&own, &rel));
            }
        };
        // Later entries win: a site's own static/robots.txt replaces ours.
        for (rel, file) in feeds::FILES {
            files.insert(rel.to_string(), Resource::Feed(file));
        }
        for (i, (rel, _)) in self.theme.static_files.iter().enumerate() {
            files.insert(rel.clone(), Resource::ThemeStatic(i));
        }
        for rel in &site.static_files {
            files.insert(rel.clone(), Resource::SiteStatic(rel.clone()));
        }
        for (rel, data) in [
            ("data/metrics.csv", DataFile::MetricsCsv),
            ("data/metrics.xlsx", DataFile::MetricsXlsx),
            ("data/metrics.json", DataFile::MetricsJson),
            ("data/summary.json", DataFile::Summary),
        ] {
            generated(&mut files, rel.to_string(), Resource::Data(data));
        }
        let mut specs = charts::page_specs(self);
        specs.extend(block_charts.iter().copied());
        for spec in specs {
            let variants = if charts::small_on_pages(spec.kind) && !block_charts.contains(&spec) {
                &[chart::Variant::Narrow][..]
            } else {
                &chart::Variant::ALL[..]
            };
            for &variant in variants {
                generated(
                    &mut files,
                    chart::path(&spec, site, variant),
                    Resource::Chart(spec, variant),
                );
            }
        }
        for page in self.page_refs() {
            let file = match &page {
                PageRef::NotFound => "404.html".to_string(),
                other => self.urls.file_for(&self.page_url(other)),
            };
            generated(&mut files, file, Resource::Page(page));
        }
        for (rel, part) in feeds::sitemap_parts(&files) {
            generated(&mut files, rel, Resource::Feed(part));
        }
        for rel in &site.static_files {
            if crate::search::is_index_file(rel) {
                collisions.push(static_collision(rel, rel));
            }
        }
        (files, collisions)
    }

    /// The search index files, made on first use.
    fn search_files(&self) -> &[(String, String)] {
        self.search
            .get_or_init(|| crate::search::index(&self.search_docs()))
    }

    fn search_file(&self, path: &str) -> Option<&str> {
        if !path.starts_with("search/") || !path.ends_with(".json") {
            return None;
        }
        // search::index returns the files in path order.
        let files = self.search_files();
        files
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| files[i].1.as_str())
    }

    /// Every output file's path (the search index included).
    pub fn files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self.files.keys().map(String::as_str).collect();
        files.extend(self.search_files().iter().map(|(p, _)| p.as_str()));
        files
    }

    /// Whether the site has an output file at `path`.
    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.search_file(path).is_some()
    }

    /// The bytes of one output file.
    pub fn render_file(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        if let Some(text) = self.search_file(path) {
            return Ok(text.as_bytes().to_vec());
        }
        let Some(resource) = self.files.get(path) else {
            return Err(Diagnostic::error(
                "(output)",
                Pos::new(1, 1),
                text!("output-no-such-file", file = shorten(path)),
            ));
        };
        match resource {
            Resource::Page(page) => self.render_page(page).map(String::into_bytes),
            Resource::Chart(spec, variant) => {
                Ok(chart::svg(spec, &self.chart_data(), *variant).into_bytes())
            }
            Resource::Data(DataFile::MetricsCsv) => {
                Ok(crate::export::metrics_csv(&self.site).into_bytes())
            }
            Resource::Data(DataFile::MetricsXlsx) => {
                crate::export::metrics_xlsx(&self.site, &self.theme.strings)
            }
            Resource::Data(DataFile::MetricsJson) => {
                Ok(crate::export::metrics_json(&self.site, &self.urls).into_bytes())
            }
            Resource::Data(DataFile::Summary) => {
                Ok(crate::export::summary_json(&self.site, &self.stats).into_bytes())
            }
            Resource::ThemeStatic(i) => match &self.theme.static_files[*i].1 {
                Source::Embedded(b) => Ok(b.to_vec()),
                Source::Disk(p) => std::fs::read(p).map_err(|e| {
                    Diagnostic::error(
                        format!("themes/{}/static/{path}", self.site.config.theme),
                        Pos::new(1, 1),
                        text!("theme-file-unreadable", reason = io_reason(&e)),
                    )
                }),
            },
            Resource::Feed(file) => Ok(feeds::render(self, *file).into_bytes()),
            Resource::SiteStatic(rel) => {
                let source = format!("static/{rel}");
                std::fs::read(self.site.root.join(&source)).map_err(|e| {
                    Diagnostic::error(
                        source,
                        Pos::new(1, 1),
                        text!("output-static-unreadable", reason = io_reason(&e)),
                    )
                })
            }
        }
    }
}

/// Source path -> URL of every page that content links can target.
fn source_urls(site: &Site, urls: &Urls) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    if let Some(h) = &site.home {
        map.insert(h.body.path.clone(), urls.at(""));
    }
    for p in &site.pages {
        map.insert(p.body.path.clone(), urls.page(&p.name));
    }
    for c in &site.counties {
        map.insert(c.body.path.clone(), urls.county(&c.id));
    }
    for r in &site.reports {
        let county = &site.counties[r.county];
        map.insert(
            r.body.path.clone(),
            urls.report(&county.id, &site.config.periods[r.period]),
        );
    }
    map
}

fn set_globals(tera: &mut tera::Tera, site: &Site, urls: &Urls, theme: &Theme) {
    let c = &site.config;
    let t = |key: &str| {
        theme
            .strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    };
    let site_ctx = SiteCtx {
        title: &c.title,
        description: c.description.as_deref(),
        base_path: &c.base_path,
        base_url: &c.base_url,
        language: c.language.code(),
        css_url: urls.at("style.css"),
    };
    let mut nav = vec![
        NavItem {
            title: t("home"),
            url: urls.at(""),
            section: "home".into(),
        },
        NavItem {
            title: t("counties"),
            url: urls.at("counties/"),
            section: "counties".into(),
        },
        NavItem {
            title: t("compare"),
            url: urls.at("compare/"),
            section: "compare".into(),
        },
        NavItem {
            title: t("periods"),
            url: urls.at("periods/"),
            section: "periods".into(),
        },
        NavItem {
            title: t("tags"),
            url: urls.at("tags/"),
            section: "tags".into(),
        },
        NavItem {
            title: t("search"),
            url: urls.at("search/"),
            section: "search".into(),
        },
    ];
    for page in &site.pages {
        nav.push(NavItem {
            title: page.title.clone(),
            url: urls.page(&page.name),
            section: format!("page-{}", page.name),
        });
    }
    let g = tera.global_context();
    g.insert("site", &site_ctx);
    g.insert("t", &theme.strings);
    g.insert("nav", &nav);
}

fn write_error(e: &FileError) -> Diagnostic {
    Diagnostic::error(
        "(output)",
        Pos::new(1, 1),
        text!(
            "output-write-failed",
            path = e.path.display().to_string(),
            reason = io_reason(&e.error)
        ),
    )
}

impl Prepared {
    /// Every searchable page: reports, counties, free pages, in site order.
    fn search_docs(&self) -> Vec<crate::search::Doc> {
        use crate::search::Doc;
        let site = &*self.site;
        let c = &site.config;
        let t = |key: &str| self.theme.strings.get(key).cloned().unwrap_or_default();
        let mut docs = Vec::new();
        for (i, r) in site.reports.iter().enumerate() {
            let county = &site.counties[r.county];
            let period = &c.periods[r.period];
            let mut text = String::new();
            if let Some(s) = &r.summary {
                text.push_str(s);
                text.push('\n');
            }
            text.push_str(&self.reports[i].text);
            if !r.tags.is_empty() {
                text.push('\n');
                text.push_str(&r.tags.join(" "));
            }
            docs.push(Doc {
                url: self.urls.report(&county.id, period),
                title: r.title.clone(),
                kind: format!("{} · {}", county.name, period.label),
                text,
            });
        }
        for (i, county) in site.counties.iter().enumerate() {
            let group = if county.pilot {
                t("pilot")
            } else {
                t("control")
            };
            docs.push(Doc {
                url: self.urls.county(&county.id),
                title: county.name.clone(),
                kind: format!("{} · {}", t("county"), group),
                text: self.counties[i].text.clone(),
            });
        }
        for (i, page) in site.pages.iter().enumerate() {
            let mut text = page.description.clone().unwrap_or_default();
            text.push('\n');
            text.push_str(&self.pages[i].text);
            docs.push(Doc {
                url: self.urls.page(&page.name),
                title: page.title.clone(),
                kind: String::new(),
                text,
            });
        }
        docs
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Cache;
    use crate::stats::Panel;

    /// serve keeps the statistics while no figure changes, so an edit of
    /// prose does not run the randomization inference again.
    #[test]
    fn statistics_are_kept_while_the_figures_stay_the_same() {
        let mut panel = Panel::new(vec![true, false, false], 2, 1);
        for (c, v) in [1.0, 2.0, 4.0].into_iter().enumerate() {
            panel.set(c, 0, 0, Some(0.0));
            panel.set(c, 1, 0, Some(v));
        }
        let mut cache = Cache::default();
        let first = cache.statistics(&panel, Some(0));
        assert!(Arc::ptr_eq(
            &first,
            &cache.statistics(&panel.clone(), Some(0))
        ));
        assert!(!Arc::ptr_eq(&first, &cache.statistics(&panel, None)));
        panel.set(2, 1, 0, Some(5.0));
        let changed = cache.statistics(&panel, Some(0));
        assert_ne!(first.cell(0, 1).did, changed.cell(0, 1).did);
    }
}
