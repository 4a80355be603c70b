//! Every page of the site as a template and its typed context: the home
//! page, county, report, period, tag, free, search and 404 pages (the
//! dashboard and metric pages are in `charts`), and the links between them.
//! No page context holds site-wide data; lists are bounded (cut into pages
//! by `paging`, or to their nearest entries) and sorted.

use serde::Serialize;

use super::Prepared;
use super::context::*;
use super::paging::{self, page_count};
use crate::chart::Kind;
use crate::diagnostics::Diagnostic;
use crate::display;
use crate::urls;

/// One page of the site. A list cut into pages (see `paging`) has one
/// `PageRef` per page, with the page's number from 1.
#[derive(Debug, Clone)]
pub enum PageRef {
    Report(usize),
    County(usize),
    /// A period's reports, and the counties that sent none: period, page.
    Period(usize, usize),
    /// A tag's reports: slug, page.
    Tag(String, usize),
    Free(usize),
    /// A metric: its charts and the first page of its county × period
    /// table; page n > 1 is the table's page n alone.
    Metric(usize, usize),
    Home,
    /// The county list: page.
    Counties(usize),
    Periods,
    Tags,
    Compare,
    Metrics,
    Search,
    NotFound,
}

impl Prepared {
    /// Every page of the site: each page of a list on its own.
    pub(super) fn page_refs(&self) -> Vec<PageRef> {
        let site = &*self.site;
        let counties = page_count(site.counties.len());
        let mut pages: Vec<PageRef> = (0..site.reports.len()).map(PageRef::Report).collect();
        pages.extend((0..site.counties.len()).map(PageRef::County));
        for period in 0..site.config.periods.len() {
            pages.extend((1..=counties).map(|n| PageRef::Period(period, n)));
        }
        for (slug, (_, reports)) in &self.tags {
            pages.extend((1..=page_count(reports.len())).map(|n| PageRef::Tag(slug.clone(), n)));
        }
        pages.extend((0..site.pages.len()).map(PageRef::Free));
        for metric in 0..site.config.metrics.len() {
            pages.extend((1..=counties).map(|n| PageRef::Metric(metric, n)));
        }
        pages.extend((1..=counties).map(PageRef::Counties));
        pages.extend([
            PageRef::Home,
            PageRef::Periods,
            PageRef::Tags,
            PageRef::Compare,
            PageRef::Metrics,
            PageRef::Search,
            PageRef::NotFound,
        ]);
        pages
    }

    /// The URL of a page.
    pub(super) fn page_url(&self, page: &PageRef) -> String {
        let site = &*self.site;
        let c = &site.config;
        match page {
            PageRef::Report(i) => {
                let r = &site.reports[*i];
                self.urls
                    .report(&site.counties[r.county].id, &c.periods[r.period])
            }
            PageRef::County(i) => self.urls.county(&site.counties[*i].id),
            PageRef::Period(i, n) => self.urls.paged(&self.urls.period(&c.periods[*i]), *n),
            PageRef::Tag(slug, n) => self.urls.paged(&self.urls.tag(slug), *n),
            PageRef::Free(i) => self.urls.page(&site.pages[*i].name),
            PageRef::Metric(i, n) => self.urls.paged(&self.metric_url(*i), *n),
            PageRef::Home => self.urls.at(""),
            PageRef::Counties(n) => self.urls.paged(&self.urls.at("counties/"), *n),
            PageRef::Periods => self.urls.at("periods/"),
            PageRef::Tags => self.urls.at("tags/"),
            PageRef::Compare => self.urls.at("compare/"),
            PageRef::Metrics => self.urls.at("metrics/"),
            PageRef::Search => self.urls.at("search/"),
            PageRef::NotFound => self.urls.at("404.html"),
        }
    }

    /// A metric's page.
    pub(super) fn metric_url(&self, metric: usize) -> String {
        let id = &self.site.config.metrics[metric].id;
        self.urls.at(&format!("metrics/{id}/"))
    }

    pub(super) fn render_page(&self, page: &PageRef) -> Result<String, Diagnostic> {
        let p = self;
        let job = match page {
            PageRef::Report(i) => report_page(p, *i),
            PageRef::County(i) => county_page(p, *i),
            PageRef::Period(i, n) => period_page(p, *i, *n),
            PageRef::Tag(slug, n) => tag_page(p, slug, *n),
            PageRef::Free(i) => free_page(p, *i),
            PageRef::Home => home_page(p),
            PageRef::Counties(n) => counties_page(p, *n),
            PageRef::Periods => periods_page(p),
            PageRef::Tags => tags_page(p),
            PageRef::Compare => super::charts::compare_page(p),
            PageRef::Metrics => super::charts::metrics_page(p),
            PageRef::Metric(i, 1) => super::charts::metric_page(p, *i),
            PageRef::Metric(i, n) => super::charts::metric_table_page(p, *i, *n),
            PageRef::Search => search_page(),
            PageRef::NotFound => not_found_page(),
        };
        let mut context = job.context;
        context.insert("current_url", &self.page_url(page));
        self.tera
            .render(job.template, &context)
            .map_err(|e| self.theme.template_error(job.template, &e))
    }

    pub(super) fn report_link<'p>(&'p self, i: usize) -> ReportLink<'p> {
        let site = &*self.site;
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

    pub(super) fn period_link<'p>(&'p self, i: usize) -> PeriodLink<'p> {
        let period = &self.site.config.periods[i];
        PeriodLink {
            id: &period.id,
            label: &period.label,
            url: self.urls.period(period),
            count: self.period_reports[i].len(),
            baseline: self.site.config.baseline == Some(i),
        }
    }

    pub(super) fn tag_link<'p>(&'p self, slug: &'p str) -> Option<TagLink<'p>> {
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

/// A page to render: the template and its context.
pub(crate) struct Job {
    pub(super) template: &'static str,
    pub(super) context: tera::Context,
}

pub(crate) fn job<T: Serialize>(template: &'static str, page: &T) -> Job {
    let mut context = tera::Context::new();
    context.insert("page", page);
    Job { template, context }
}

/// Every metric's index, for notes about a page that shows them all.
fn all_metrics(c: &crate::content::Config) -> Vec<usize> {
    (0..c.metrics.len()).collect()
}

pub(super) fn home_page(p: &Prepared) -> Job {
    let site = &*p.site;
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
                    verdict: Verdict::of(metric, cell.did, p.lang),
                    unusual: cell.inference.map_or_else(
                        || "—".to_string(),
                        |i| match (i.as_large, i.assignments) {
                            (Some(m), Some(n)) => format!("{}（{m}/{n}）", display::share(i.p)),
                            _ => display::share(i.p),
                        },
                    ),
                    outside: cell
                        .inference
                        .zip(cell.did)
                        .is_some_and(|(i, d)| i.outside(d)),
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
        overview: p.overview().map(|o| o.figure),
        map: p.map_figure(Kind::PilotMap, 0, None),
        scaling: latest.and_then(|l| {
            display::scaling_note(
                c,
                &all_metrics(c),
                c.baseline.into_iter().chain([l]),
                p.lang,
            )
        }),
        latest_reports: latest_reports
            .into_iter()
            .take(12)
            .map(|i| p.report_link(i))
            .collect(),
        county_count: site.counties.len(),
        pilot_count: site.counties.iter().filter(|c| c.pilot).count(),
        report_count: site.reports.len(),
    };
    job("index.html", &page)
}

pub(super) fn counties_page(p: &Prepared, n: usize) -> Job {
    let counties = &p.site.counties;
    let (pilots, controls): (Vec<usize>, Vec<usize>) =
        (0..counties.len()).partition(|c| counties[*c].pilot);
    let [pilots_here, controls_here] = paging::sections(
        paging::items(n, counties.len()),
        [pilots.len(), controls.len()],
    );
    let title = p.site.config.labels.county.as_deref().unwrap_or("counties");
    let page = CountiesPage {
        title,
        section: "counties",
        pilots: pilots[pilots_here]
            .iter()
            .map(|c| p.county_link(*c))
            .collect(),
        controls: controls[controls_here]
            .iter()
            .map(|c| p.county_link(*c))
            .collect(),
        pilot_count: pilots.len(),
        control_count: controls.len(),
        search_url: p.urls.at("search/"),
        pager: p.pager(&p.urls.at("counties/"), n, counties.len()),
    };
    job("counties.html", &page)
}

pub(super) fn county_page(p: &Prepared, i: usize) -> Job {
    let site = &*p.site;
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
        scaling: display::scaling_note(c, &all_metrics(c), 0..c.periods.len(), p.lang),
        charts: p.county_figures(i),
        locator: p.map_figure(Kind::Locator, 0, Some(i)),
        reports: p.county_reports[i]
            .iter()
            .rev()
            .map(|r| p.report_link(*r))
            .collect(),
    };
    job("county.html", &page)
}

pub(super) fn report_page(p: &Prepared, i: usize) -> Job {
    let site = &*p.site;
    let c = &site.config;
    let r = &site.reports[i];
    let previous_period = r.period.checked_sub(1);
    let metrics = p.by_category(c.metrics.iter().enumerate().map(|(m, metric)| {
        let v = r.values[m];
        let cell = p.stats.cell(m, r.period);
        // Changes are between comparable values, like the statistics.
        let change_previous = previous_period.and_then(|pp| {
            Some(p.panel.get(r.county, r.period, m)? - p.panel.get(r.county, pp, m)?)
        });
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
                comparable: v
                    .filter(|_| c.is_scaled(m, r.period))
                    .map(|v| display::comparable(metric, c.comparable(m, r.period, v), c, p.lang)),
                change_previous: display::change(metric, change_previous, p.lang),
                change_baseline: display::change(metric, change_baseline, p.lang),
                verdict_baseline: Verdict::of(metric, change_baseline, p.lang),
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
    let same_period = same_period(&p.period_reports[r.period], i);
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
        scaling: display::scaling_note(
            c,
            &all_metrics(c),
            [Some(r.period), previous_period, c.baseline]
                .into_iter()
                .flatten(),
            p.lang,
        ),
        previous: pos.checked_sub(1).map(|x| p.report_link(own[x])),
        next: own.get(pos + 1).map(|x| p.report_link(*x)),
        same_period_pilots: same_period
            .iter()
            .filter(|x| site.counties[site.reports[**x].county].pilot)
            .count(),
        same_period: same_period.into_iter().map(|x| p.report_link(x)).collect(),
        same_period_all: (p.period_reports[r.period].len() > SAME_PERIOD_SHOWN + 1)
            .then(|| p.period_link(r.period)),
    };
    job("report.html", &page)
}

/// How many other reports of the same period a report page links to. All
/// of them would make every report page grow with the number of counties,
/// and the whole site with its square (500 counties: 55 KB of links on each
/// of 10,000 pages); the period's page lists them all.
pub const SAME_PERIOD_SHOWN: usize = 12;

/// The other reports of `report`'s period that its page links to: all when
/// there are few, else the [`SAME_PERIOD_SHOWN`] nearest in site order
/// (as many before as after, shifted at either end).
fn same_period(period: &[usize], report: usize) -> Vec<usize> {
    let window = if period.len() <= SAME_PERIOD_SHOWN + 1 {
        period
    } else {
        let pos = period.iter().position(|x| *x == report).unwrap_or(0);
        let start = pos
            .saturating_sub(SAME_PERIOD_SHOWN / 2)
            .min(period.len() - (SAME_PERIOD_SHOWN + 1));
        &period[start..start + SAME_PERIOD_SHOWN + 1]
    };
    window
        .iter()
        .copied()
        .filter(|x| *x != report)
        .take(SAME_PERIOD_SHOWN)
        .collect()
}

pub(super) fn periods_page(p: &Prepared) -> Job {
    let page = PeriodsPage {
        title: "periods",
        section: "periods",
        periods: (0..p.site.config.periods.len())
            .map(|i| p.period_link(i))
            .collect(),
    };
    job("periods.html", &page)
}

/// A period's page `n`: its reports, pilots first, then the counties that
/// sent none, [`paging::PAGE_SIZE`] to a page.
pub(super) fn period_page(p: &Prepared, i: usize, n: usize) -> Job {
    let site = &*p.site;
    let (pilots, controls): (Vec<usize>, Vec<usize>) = p.period_reports[i]
        .iter()
        .partition(|r| site.counties[site.reports[**r].county].pilot);
    let missing: Vec<usize> = (0..site.counties.len())
        .filter(|c| site.report_index(*c, i).is_none())
        .collect();
    let len = pilots.len() + controls.len() + missing.len();
    let [pilots_here, controls_here, missing_here] = paging::sections(
        paging::items(n, len),
        [pilots.len(), controls.len(), missing.len()],
    );
    let period = &site.config.periods[i];
    let page = PeriodPage {
        title: &period.label,
        section: "periods",
        period: p.period_link(i),
        pilots: pilots[pilots_here]
            .iter()
            .map(|r| p.report_link(*r))
            .collect(),
        controls: controls[controls_here]
            .iter()
            .map(|r| p.report_link(*r))
            .collect(),
        missing: missing[missing_here]
            .iter()
            .map(|c| p.county_link(*c))
            .collect(),
        pilot_count: pilots.len(),
        control_count: controls.len(),
        pager: p.pager(&p.urls.period(period), n, len),
    };
    job("period.html", &page)
}

pub(super) fn tags_page(p: &Prepared) -> Job {
    let page = TagsPage {
        title: "tags",
        section: "tags",
        tags: p.tags.keys().filter_map(|s| p.tag_link(s)).collect(),
    };
    job("tags.html", &page)
}

pub(super) fn tag_page(p: &Prepared, slug: &str, n: usize) -> Job {
    let (name, reports) = &p.tags[slug];
    let url = p.urls.tag(slug);
    let page = TagPage {
        title: name,
        section: "tags",
        reports: reports[paging::items(n, reports.len())]
            .iter()
            .map(|r| p.report_link(*r))
            .collect(),
        pager: p.pager(&url, n, reports.len()),
        tag: TagLink {
            name,
            url,
            count: reports.len(),
        },
    };
    job("tag.html", &page)
}

pub(super) fn free_page(p: &Prepared, i: usize) -> Job {
    let page = &p.site.pages[i];
    let ctx = FreePage {
        title: &page.title,
        section: format!("page-{}", page.name),
        description: page.description.as_deref(),
        body: &p.pages[i].html,
        extra: &page.extra,
    };
    job("page.html", &ctx)
}

pub(super) fn not_found_page() -> Job {
    let page = NotFoundPage {
        title: "404",
        section: "404",
    };
    job("404.html", &page)
}

pub(super) fn search_page() -> Job {
    let page = SearchPage {
        title: "search",
        section: "search",
    };
    job("search.html", &page)
}

#[cfg(test)]
mod tests {
    use super::{SAME_PERIOD_SHOWN, same_period};

    #[test]
    fn a_report_links_to_its_neighbours_in_the_period() {
        // Few reports: every other one.
        assert_eq!(same_period(&[4, 7, 9], 7), [4, 9]);
        let all: Vec<usize> = (100..100 + SAME_PERIOD_SHOWN + 1).collect();
        assert_eq!(same_period(&all, 105).len(), SAME_PERIOD_SHOWN);
        // Many: the nearest, as many before as after, shifted at the ends.
        let many: Vec<usize> = (0..500).collect();
        let half = SAME_PERIOD_SHOWN / 2;
        let middle = same_period(&many, 250);
        assert_eq!(middle.first(), Some(&(250 - half)));
        assert_eq!(middle.last(), Some(&(250 + half)));
        assert!(!middle.contains(&250));
        assert_eq!(
            same_period(&many, 0),
            (1..=SAME_PERIOD_SHOWN).collect::<Vec<_>>()
        );
        assert_eq!(
            same_period(&many, 499),
            (499 - SAME_PERIOD_SHOWN..499).collect::<Vec<_>>()
        );
        for i in 0..500 {
            assert_eq!(same_period(&many, i).len(), SAME_PERIOD_SHOWN);
        }
    }
}
