//! Turns a validated [`Site`] into files: Markdown bodies first (all in
//! parallel, collecting link errors), then every page through its template
//! (in parallel), then the static files.
//!
//! Site-wide values go into the tera global context once; each page builds
//! only its own typed context (see `context`). Output order never depends on
//! thread timing: every page writes its own file, and lists are sorted.

mod charts;
mod context;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::chart;
use crate::content::{Language, Site};
use crate::diagnostics::{Diagnostic, Pos};
use crate::display;
use crate::markdown::{self, Rendered};
use crate::output::Output;
use crate::stats::{self, Panel, Stats};
use crate::theme::{Source, Theme, template_error};
use crate::urls::{self, Urls};
use context::*;

/// Everything pages share, computed once per build.
struct Prepared<'s> {
    site: &'s Site,
    urls: Urls,
    stats: &'s Stats,
    panel: &'s Panel,
    charts: &'s chart::Data<'s>,
    lang: Language,
    /// Rendered bodies: reports, counties, pages, in site order.
    reports: Vec<Rendered>,
    counties: Vec<Rendered>,
    pages: Vec<Rendered>,
    home: Option<Rendered>,
    /// tag slug -> (display name, report indices)
    tags: BTreeMap<String, (String, Vec<usize>)>,
    /// county index -> its report indices, in period order
    county_reports: Vec<Vec<usize>>,
    /// period index -> its report indices, in county order
    period_reports: Vec<Vec<usize>>,
}

/// Renders the whole site into `out`. Returns the diagnostics (errors mean
/// nothing usable was written).
pub fn render(site: &Site, theme: &Theme, out: &dyn Output) -> Vec<Diagnostic> {
    let urls = Urls::new(&site.config);
    let panel = Panel::from_site(site);
    let stats = stats::compute(&panel, site.config.baseline);
    let mut tera = theme.tera.clone();
    set_globals(&mut tera, site, &urls, theme);

    // Bodies, with chart blocks drawn from the same statistics as the pages.
    let chart_data = chart::Data {
        site,
        panel: &panel,
        stats: &stats,
        strings: &theme.strings,
    };
    let block_charts = Mutex::new(BTreeSet::new());
    let chart_block = |yaml: &str, path: &str| {
        charts::block(yaml, path, &chart_data, &urls, &tera, &block_charts)
    };
    let source_urls = source_urls(site, &urls);
    let md = markdown::Context {
        urls: &source_urls,
        unsafe_html: site.config.unsafe_html,
        chart: Some(&chart_block),
    };
    let reports: Vec<Rendered> = site
        .reports
        .par_iter()
        .map(|r| markdown::render(&r.body, &md))
        .collect();
    let counties: Vec<Rendered> = site
        .counties
        .par_iter()
        .map(|c| markdown::render(&c.body, &md))
        .collect();
    let pages: Vec<Rendered> = site
        .pages
        .par_iter()
        .map(|p| markdown::render(&p.body, &md))
        .collect();
    let home = site.home.as_ref().map(|h| markdown::render(&h.body, &md));
    let mut diagnostics: Vec<Diagnostic> = reports
        .iter()
        .chain(&counties)
        .chain(&pages)
        .chain(home.iter())
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    if !diagnostics.is_empty() {
        crate::diagnostics::sort(&mut diagnostics);
        return diagnostics;
    }
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
    let prepared = Prepared {
        site,
        urls,
        stats: &stats,
        panel: &panel,
        charts: &chart_data,
        lang: site.config.language,
        reports,
        counties,
        pages,
        home,
        tags,
        county_reports,
        period_reports,
    };
    write_pages(&prepared, &tera, out)
        .into_iter()
        .chain(charts::write_svgs(&prepared, block_charts, out))
        .chain(write_data(&prepared, out))
        .chain(copy_static(site, theme, out))
        .collect()
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

impl<'s> Prepared<'s> {
    fn report_link<'p>(&'p self, i: usize) -> ReportLink<'p> {
        let site = self.site;
        let r = &site.reports[i];
        let county = &site.counties[r.county];
        let period = &site.config.periods[r.period];
        let summary = r
            .summary
            .as_deref()
            .unwrap_or(&self.reports[i].first_paragraph);
        ReportLink {
            title: &r.title,
            url: self.urls.report(&county.id, period),
            county: &county.name,
            county_url: self.urls.county(&county.id),
            pilot: county.pilot,
            period: &period.id,
            period_label: &period.label,
            period_url: self.urls.period(period),
            date: r.date.as_deref(),
            summary,
        }
    }

    pub(crate) fn county_link<'p>(&'p self, i: usize) -> CountyLink<'p> {
        let c = &self.site.counties[i];
        CountyLink {
            id: &c.id,
            name: &c.name,
            url: self.urls.county(&c.id),
            pilot: c.pilot,
            pilot_since: c
                .pilot_since
                .map(|p| self.site.config.periods[p].label.as_str()),
            code: c.code.as_deref(),
            report_count: self.county_reports[i].len(),
        }
    }

    fn period_link<'p>(&'p self, i: usize) -> PeriodLink<'p> {
        let period = &self.site.config.periods[i];
        PeriodLink {
            id: &period.id,
            label: &period.label,
            url: self.urls.period(period),
            count: self.period_reports[i].len(),
            baseline: self.site.config.baseline == Some(i),
        }
    }

    fn tag_link<'p>(&'p self, slug: &'p str) -> Option<TagLink<'p>> {
        let (name, reports) = self.tags.get(slug)?;
        Some(TagLink {
            name,
            url: self.urls.tag(slug),
            count: reports.len(),
        })
    }

    /// Groups items by the category of their metric, keeping schema order.
    pub(crate) fn by_category<T: Serialize>(
        &self,
        rows: impl Iterator<Item = (usize, T)>,
    ) -> Vec<MetricGroup<T>> {
        let mut groups: Vec<MetricGroup<T>> = Vec::new();
        for (m, row) in rows {
            let category = self.site.config.metrics[m].category.clone();
            match groups.iter_mut().find(|g| g.category == category) {
                Some(g) => g.rows.push(row),
                None => groups.push(MetricGroup {
                    category,
                    rows: vec![row],
                }),
            }
        }
        groups
    }
}

/// A page to render: the output URL, the template, the context.
pub(crate) struct Job {
    url: String,
    template: &'static str,
    context: tera::Context,
}

pub(crate) fn job<T: Serialize>(url: String, template: &'static str, page: &T) -> Job {
    let mut context = tera::Context::new();
    context.insert("page", page);
    context.insert("current_url", &url);
    Job {
        url,
        template,
        context,
    }
}

/// One page of the site.
#[derive(Clone, Copy)]
enum PageRef<'a> {
    Report(usize),
    County(usize),
    Period(usize),
    Tag(&'a str),
    Free(usize),
    Metric(usize),
    Home,
    Counties,
    Periods,
    Tags,
    Compare,
    Metrics,
    NotFound,
}

fn write_pages(p: &Prepared, tera: &tera::Tera, out: &dyn Output) -> Vec<Diagnostic> {
    let site = p.site;
    // Every page as one list, so rayon splits the work evenly.
    let pages: Vec<PageRef> = (0..site.reports.len())
        .map(PageRef::Report)
        .chain((0..site.counties.len()).map(PageRef::County))
        .chain((0..site.config.periods.len()).map(PageRef::Period))
        .chain(p.tags.keys().map(|s| PageRef::Tag(s)))
        .chain((0..site.pages.len()).map(PageRef::Free))
        .chain((0..site.config.metrics.len()).map(PageRef::Metric))
        .chain([
            PageRef::Home,
            PageRef::Counties,
            PageRef::Periods,
            PageRef::Tags,
            PageRef::Compare,
            PageRef::Metrics,
            PageRef::NotFound,
        ])
        .collect();
    let mut diagnostics: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|page| {
            let job = match *page {
                PageRef::Report(i) => report_page(p, i),
                PageRef::County(i) => county_page(p, i),
                PageRef::Period(i) => period_page(p, i),
                PageRef::Tag(slug) => tag_page(p, slug),
                PageRef::Free(i) => free_page(p, i),
                PageRef::Home => home_page(p),
                PageRef::Counties => counties_page(p),
                PageRef::Periods => periods_page(p),
                PageRef::Tags => tags_page(p),
                PageRef::Compare => charts::compare_page(p),
                PageRef::Metrics => charts::metrics_page(p),
                PageRef::Metric(i) => charts::metric_page(p, i),
                PageRef::NotFound => not_found_page(p),
            };
            let html = match tera.render(job.template, &job.context) {
                Ok(h) => h,
                Err(e) => {
                    return Some(template_error(
                        &format!("(theme)/templates/{}", job.template),
                        &e,
                    ));
                }
            };
            let file = if job.template == "404.html" {
                "404.html".to_string()
            } else {
                p.urls.file_for(&job.url)
            };
            out.write(&file, html.as_bytes())
                .err()
                .map(|e| write_error(&file, &e))
        })
        .collect();
    diagnostics.sort_by(|a, b| a.message.cmp(&b.message));
    diagnostics.dedup();
    diagnostics
}

pub(crate) fn write_error(file: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "(output)",
        Pos::new(1, 1),
        format!("cannot write {file}: {e}"),
    )
}

fn home_page(p: &Prepared) -> Job {
    let site = p.site;
    let c = &site.config;
    let latest = (0..c.periods.len())
        .rev()
        .find(|i| !p.period_reports[*i].is_empty());
    let headline = match latest {
        Some(period) => p.by_category(c.metrics.iter().enumerate().map(|(m, metric)| {
            let cell = p.stats.cell(m, period);
            (
                m,
                HeadlineRow {
                    label: metric.display_label(p.lang),
                    pilot_mean: display::mean(metric, cell.pilot.mean, p.lang),
                    pilot_n: cell.pilot.n,
                    control_mean: display::mean(metric, cell.control.mean, p.lang),
                    control_n: cell.control.n,
                    did: display::change(metric, cell.did, p.lang),
                },
            )
        })),
        None => Vec::new(),
    };
    let mut latest_reports: Vec<usize> = latest
        .map(|l| p.period_reports[l].clone())
        .unwrap_or_default();
    latest_reports.sort_by(|a, b| {
        let (ra, rb) = (&site.reports[*a], &site.reports[*b]);
        rb.date.cmp(&ra.date).then(a.cmp(b))
    });
    let page = HomePage {
        title: site.home.as_ref().map_or(&c.title, |h| &h.title),
        section: "home",
        intro: p.home.as_ref().map_or("", |h| &h.html),
        latest_period: latest.map(|l| c.periods[l].label.as_str()),
        headline,
        latest_reports: latest_reports
            .into_iter()
            .take(12)
            .map(|i| p.report_link(i))
            .collect(),
        county_count: site.counties.len(),
        pilot_count: site.counties.iter().filter(|c| c.pilot).count(),
        report_count: site.reports.len(),
    };
    job(p.urls.at(""), "index.html", &page)
}

fn counties_page(p: &Prepared) -> Job {
    let links: Vec<CountyLink> = (0..p.site.counties.len())
        .map(|i| p.county_link(i))
        .collect();
    let (pilots, controls) = links.into_iter().partition(|c| c.pilot);
    let title = p.site.config.labels.county.as_deref().unwrap_or("counties");
    let page = CountiesPage {
        title,
        section: "counties",
        pilots,
        controls,
    };
    job(p.urls.at("counties/"), "counties.html", &page)
}

fn county_page(p: &Prepared, i: usize) -> Job {
    let site = p.site;
    let county = &site.counties[i];
    let c = &site.config;
    let series = p.by_category(c.metrics.iter().enumerate().map(|(m, metric)| {
        let cells = (0..c.periods.len())
            .map(|t| {
                let v = p.panel.get(i, t, m);
                SeriesCell {
                    value: display::value(metric, v, p.lang),
                    reported: v.is_some() || site.report_index(i, t).is_none(),
                    group_mean: display::mean(
                        metric,
                        p.stats.group_mean(m, t, county.pilot).mean,
                        p.lang,
                    ),
                }
            })
            .collect();
        (
            m,
            SeriesRow {
                label: metric.display_label(p.lang),
                cells,
            },
        )
    }));
    let page = CountyPage {
        title: &county.name,
        section: "counties",
        county: p.county_link(i),
        body: &p.counties[i].html,
        extra: &county.extra,
        periods: c.periods.iter().map(|x| x.label.as_str()).collect(),
        series,
        charts: p.county_figures(i),
        reports: p.county_reports[i]
            .iter()
            .rev()
            .map(|r| p.report_link(*r))
            .collect(),
    };
    job(p.urls.county(&county.id), "county.html", &page)
}

fn report_page(p: &Prepared, i: usize) -> Job {
    let site = p.site;
    let c = &site.config;
    let r = &site.reports[i];
    let county = &site.counties[r.county];
    let previous_period = r.period.checked_sub(1);
    let metrics = p.by_category(c.metrics.iter().enumerate().map(|(m, metric)| {
        let v = r.values[m];
        let cell = p.stats.cell(m, r.period);
        let change_previous =
            previous_period.and_then(|pp| Some(v? - p.panel.get(r.county, pp, m)?));
        let change_baseline = c
            .baseline
            .and_then(|b| p.panel.change(r.county, r.period, b, m));
        (
            m,
            MetricRow {
                id: &metric.id,
                label: metric.display_label(p.lang),
                value: display::value(metric, v, p.lang),
                reported: v.is_some(),
                derived: metric.derived.is_some(),
                change_previous: display::change(metric, change_previous, p.lang),
                change_baseline: display::change(metric, change_baseline, p.lang),
                pilot_mean: display::mean(metric, cell.pilot.mean, p.lang),
                pilot_n: cell.pilot.n,
                control_mean: display::mean(metric, cell.control.mean, p.lang),
                control_n: cell.control.n,
                source: r
                    .sources
                    .iter()
                    .find(|(s, _)| *s == m)
                    .map(|(_, s)| s.as_str()),
            },
        )
    }));
    let own = &p.county_reports[r.county];
    let pos = own.iter().position(|x| *x == i).unwrap_or(0);
    let page = ReportPage {
        title: &r.title,
        section: "counties",
        report: p.report_link(i),
        authors: &r.authors,
        tags: r
            .tags
            .iter()
            .filter_map(|t| p.tag_link(p.tags.get_key_value(&urls::tag_slug(t))?.0))
            .collect(),
        body: &p.reports[i].html,
        extra: &r.extra,
        has_baseline: c.baseline.is_some(),
        metrics,
        charts: p.county_figures(r.county),
        previous: pos.checked_sub(1).map(|x| p.report_link(own[x])),
        next: own.get(pos + 1).map(|x| p.report_link(*x)),
        same_period: p.period_reports[r.period]
            .iter()
            .filter(|x| **x != i)
            .map(|x| p.report_link(*x))
            .collect(),
    };
    job(
        p.urls.report(&county.id, &c.periods[r.period]),
        "report.html",
        &page,
    )
}

fn periods_page(p: &Prepared) -> Job {
    let page = PeriodsPage {
        title: "periods",
        section: "periods",
        periods: (0..p.site.config.periods.len())
            .map(|i| p.period_link(i))
            .collect(),
    };
    job(p.urls.at("periods/"), "periods.html", &page)
}

fn period_page(p: &Prepared, i: usize) -> Job {
    let site = p.site;
    let (pilots, controls) = p.period_reports[i]
        .iter()
        .map(|r| p.report_link(*r))
        .partition(|l| l.pilot);
    let missing = (0..site.counties.len())
        .filter(|c| site.report_index(*c, i).is_none())
        .map(|c| p.county_link(c))
        .collect();
    let period = &site.config.periods[i];
    let page = PeriodPage {
        title: &period.label,
        section: "periods",
        period: p.period_link(i),
        pilots,
        controls,
        missing,
    };
    job(p.urls.period(period), "period.html", &page)
}

fn tags_page(p: &Prepared) -> Job {
    let page = TagsPage {
        title: "tags",
        section: "tags",
        tags: p.tags.keys().filter_map(|s| p.tag_link(s)).collect(),
    };
    job(p.urls.at("tags/"), "tags.html", &page)
}

fn tag_page(p: &Prepared, slug: &str) -> Job {
    let (name, reports) = &p.tags[slug];
    let page = TagPage {
        title: name,
        section: "tags",
        tag: TagLink {
            name,
            url: p.urls.tag(slug),
            count: reports.len(),
        },
        reports: reports.iter().map(|r| p.report_link(*r)).collect(),
    };
    job(p.urls.tag(slug), "tag.html", &page)
}

fn free_page(p: &Prepared, i: usize) -> Job {
    let page = &p.site.pages[i];
    let ctx = FreePage {
        title: &page.title,
        section: format!("page-{}", page.name),
        description: page.description.as_deref(),
        body: &p.pages[i].html,
        extra: &page.extra,
    };
    job(p.urls.page(&page.name), "page.html", &ctx)
}

fn not_found_page(p: &Prepared) -> Job {
    let page = NotFoundPage {
        title: "404",
        section: "404",
    };
    job(p.urls.at("404.html"), "404.html", &page)
}

/// The open data downloads.
fn write_data(p: &Prepared, out: &dyn Output) -> Vec<Diagnostic> {
    let files = [
        (
            "data/metrics.csv",
            crate::export::metrics_csv(p.site, p.panel),
        ),
        (
            "data/metrics.json",
            crate::export::metrics_json(p.site, &p.urls),
        ),
        (
            "data/summary.json",
            crate::export::summary_json(p.site, p.stats),
        ),
    ];
    files
        .iter()
        .filter_map(|(rel, text)| {
            out.write(rel, text.as_bytes())
                .err()
                .map(|e| write_error(rel, &e))
        })
        .collect()
}

/// Theme static files, then the site's static/ (which wins on a clash).
fn copy_static(site: &Site, theme: &Theme, out: &dyn Output) -> Vec<Diagnostic> {
    let site_files: std::collections::BTreeSet<&str> =
        site.static_files.iter().map(String::as_str).collect();
    let mut errors: Vec<Diagnostic> = theme
        .static_files
        .par_iter()
        .filter(|(rel, _)| !site_files.contains(rel.as_str()))
        .filter_map(|(rel, source)| {
            let bytes = match source {
                Source::Embedded(b) => b.to_vec(),
                Source::Disk(path) => match std::fs::read(path) {
                    Ok(b) => b,
                    Err(e) => return Some(write_error(rel, &e)),
                },
            };
            out.write(rel, &bytes).err().map(|e| write_error(rel, &e))
        })
        .collect();
    errors.extend(
        site.static_files
            .par_iter()
            .filter_map(|rel| {
                let source = format!("static/{rel}");
                match std::fs::read(site.root.join(&source)) {
                    Ok(bytes) => out.write(rel, &bytes).err().map(|e| write_error(rel, &e)),
                    Err(e) => Some(Diagnostic::error(
                        source,
                        Pos::new(1, 1),
                        format!("cannot read this file: {e}"),
                    )),
                }
            })
            .collect::<Vec<_>>(),
    );
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    errors
}
