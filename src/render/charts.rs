//! Charts on pages: the specs each page shows, chart blocks in bodies, the
//! comparison dashboard and metric pages, and writing every SVG once.

use std::collections::BTreeSet;
use std::sync::Mutex;

use serde::Serialize;

use super::Prepared;
use super::context::{CountyLink, MetricGroup, Verdict};
use super::pages::{Job, job};
use super::paging::{self, Pager};
use crate::chart::{self, Kind, Spec, Table};
use crate::content::{Better, Derived, Kind as MetricKind};
use crate::diagnostics::Diagnostic;
use crate::display;
use crate::urls::Urls;

/// A chart as a template shows it: the wide drawing, and the narrow one
/// for phones.
#[derive(Serialize)]
pub struct FigureCtx {
    pub url: String,
    pub title: String,
    pub desc: String,
    pub width: u32,
    pub height: u32,
    pub narrow_url: String,
    pub narrow_width: u32,
    pub narrow_height: u32,
    pub table: Table,
    /// Under a map: where its boundaries come from (site.yaml `map.credit`).
    pub credit: Option<String>,
    /// Under the data table: where the full list is, when the chart
    /// summarises many counties.
    pub note: Option<String>,
    /// The drawing itself, for a chart drawn inside the page
    /// ([`inline_on_pages`]); it then has no file and `url` is empty.
    pub svg: Option<String>,
}

/// The pages show these charts small (a county's locator beside its
/// name): only their narrow drawing is made (a chart block of the same
/// chart gets both).
pub(super) fn small_on_pages(kind: Kind) -> bool {
    matches!(kind, Kind::Locator)
}

/// The pages draw these charts inside their HTML, narrow, and make no file
/// of them (a chart block of the same chart gets its files): a county's own
/// charts, three to a row on its page. As files they were 22 a county, at
/// 500 counties 11,000 files that no page linked to, and creating a file
/// costs more than its bytes.
pub(super) fn inline_on_pages(kind: Kind) -> bool {
    matches!(kind, Kind::County)
}

fn figure_ctx(spec: &Spec, data: &chart::Data, urls: &Urls, title: Option<String>) -> FigureCtx {
    let f = chart::figure(spec, data);
    FigureCtx {
        url: urls.at(&f.path),
        title: title.unwrap_or(f.title),
        desc: f.desc,
        width: f.width,
        height: f.height,
        narrow_url: urls.at(&f.narrow_path),
        narrow_width: f.narrow_width,
        narrow_height: f.narrow_height,
        table: f.table,
        credit: f.credit,
        note: f.note,
        svg: None,
    }
}

/// A chart drawn inside the page: its caption and drawing only (its
/// figures are in a table of the page, [`inline_on_pages`]). Without
/// `draw` (`check`), an empty drawing: the page goes through the same
/// template, and drawing checked figures cannot fail.
fn inline_figure_ctx(spec: &Spec, data: &chart::Data, draw: bool) -> FigureCtx {
    let (width, height) = chart::size(spec, data, chart::Variant::Narrow);
    FigureCtx {
        url: String::new(),
        title: chart::inline_title(spec, data),
        desc: String::new(),
        width,
        height,
        narrow_url: String::new(),
        narrow_width: width,
        narrow_height: height,
        table: Table::default(),
        credit: None,
        note: None,
        svg: Some(if draw {
            chart::inline_svg(spec, data, chart::Variant::Narrow)
        } else {
            "<svg></svg>".to_string()
        }),
    }
}

impl Prepared {
    pub(super) fn figure(&self, kind: Kind, metric: usize, county: Option<usize>) -> FigureCtx {
        let data = self.chart_data();
        let spec = chart::normalise(
            Spec {
                kind,
                metric,
                county,
                period: None,
            },
            &data,
        );
        if inline_on_pages(kind) {
            return inline_figure_ctx(&spec, &data, self.draws);
        }
        let mut figure = figure_ctx(&spec, &data, &self.urls, None);
        if small_on_pages(kind) {
            // Only the narrow drawing is made for the pages' small charts:
            // a theme that shows the wide one gets the narrow one there.
            figure.url = figure.narrow_url.clone();
            figure.width = figure.narrow_width;
            figure.height = figure.narrow_height;
        }
        figure
    }

    /// A map figure (`Kind::PilotMap`, `Map` or `Locator`), when the site
    /// has a map.
    pub(super) fn map_figure(
        &self,
        kind: Kind,
        metric: usize,
        county: Option<usize>,
    ) -> Option<FigureCtx> {
        self.site
            .map
            .is_some()
            .then(|| self.figure(kind, metric, county))
    }

    /// A county's chart for every metric, by category, for its page.
    pub(super) fn county_figures(&self, county: usize) -> Vec<MetricGroup<FigureCtx>> {
        self.by_category(
            (0..self.site.config.metrics.len())
                .map(|m| (m, self.figure(Kind::County, m, Some(county)))),
        )
    }
}

/// A chart block: parsed, recorded for drawing, and turned into the
/// theme's `figure.html`.
pub fn block(
    yaml: &str,
    path: &str,
    data: &chart::Data,
    urls: &Urls,
    tera: &tera::Tera,
    theme: &crate::theme::Theme,
    requested: &Mutex<BTreeSet<Spec>>,
) -> Result<String, Diagnostic> {
    let own_county = path
        .strip_prefix("content/counties/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| data.site.counties.iter().position(|c| c.id == id));
    let (spec, title) = chart::parse_block(yaml, data.site, own_county)?;
    let spec = chart::normalise(spec, data);
    match requested.lock() {
        Ok(mut set) => set.insert(spec),
        Err(poisoned) => poisoned.into_inner().insert(spec),
    };
    let mut context = tera::Context::new();
    context.insert("figure", &figure_ctx(&spec, data, urls, title));
    tera.render("figure.html", &context)
        .map_err(|e| theme.template_error("figure.html", &e))
}

/// Every chart the pages show.
pub(super) fn page_specs(p: &Prepared) -> BTreeSet<Spec> {
    let data = p.chart_data();
    let metrics = p.site.config.metrics.len();
    let mut specs = BTreeSet::new();
    for metric in 0..metrics {
        for kind in [
            Kind::Trend,
            Kind::Groups,
            Kind::Change,
            Kind::Did,
            Kind::Ranking,
        ] {
            specs.insert(chart::normalise(
                Spec {
                    kind,
                    metric,
                    county: None,
                    period: None,
                },
                &data,
            ));
        }
    }
    if p.site.map.is_some() {
        let maps = std::iter::once((Kind::PilotMap, 0, None))
            .chain((0..metrics).map(|m| (Kind::Map, m, None)))
            .chain((0..p.site.counties.len()).map(|c| (Kind::Locator, 0, Some(c))));
        for (kind, metric, county) in maps {
            specs.insert(chart::normalise(
                Spec {
                    kind,
                    metric,
                    county,
                    period: None,
                },
                &data,
            ));
        }
    }
    if !chart::evidence::overview_rows(&data).is_empty() {
        specs.insert(chart::normalise(
            Spec {
                kind: Kind::Overview,
                metric: 0,
                county: None,
                period: None,
            },
            &data,
        ));
    }
    specs
}

/// One metric on the dashboard: its trend and its latest difference in
/// differences; the other charts, the differences of every period and the
/// full table are on its own page, so the dashboard grows with the number
/// of metrics only (and with the periods, on the trend).
#[derive(Serialize)]
struct CompareMetric<'a> {
    id: &'a str,
    label: &'a str,
    url: String,
    trend: FigureCtx,
    /// The latest period's row of the metric page's table.
    did: Vec<DidRow>,
    /// Which periods' flows are scaled to be compared (SPEC 4.5), if any.
    scaling: Option<String>,
    /// How unusual the latest difference is, in words (SPEC 4.1).
    evidence: Option<Evidence>,
}

/// How unusual a difference in differences is (SPEC 4.1), for pages.
#[derive(Serialize)]
pub(super) struct Evidence {
    /// The period it is about.
    pub period: String,
    /// "在84种同样人数的试点分配中，有6种……".
    pub words: String,
    /// The same, short: "84种分配中6种差距不小于实际（7.1%）".
    pub short: String,
    /// The difference lies outside the band of 95 % of assignments.
    pub outside: bool,
}

impl Prepared {
    /// The evidence at `period`, or at the newest period that has some.
    pub(super) fn evidence(&self, metric: usize, period: Option<usize>) -> Option<Evidence> {
        let c = &self.site.config;
        let period = match period {
            Some(p) => p,
            None => (0..c.periods.len())
                .rev()
                .find(|p| self.stats.cell(metric, *p).inference.is_some())?,
        };
        let cell = self.stats.cell(metric, period);
        let i = cell.inference?;
        let did = cell.did?;
        let (pilots, n) = (
            cell.pilot_change.n,
            cell.pilot_change.n + cell.control_change.n,
        );
        Some(Evidence {
            period: c.periods[period].label.clone(),
            words: display::inference(&i, pilots, n, self.lang),
            short: display::inference_short(&i, self.lang),
            outside: i.outside(did),
        })
    }
}

/// Changes since the baseline and the difference in differences at a period.
#[derive(Serialize)]
struct DidRow {
    period: String,
    pilot_change: String,
    pilot_n: usize,
    control_change: String,
    control_n: usize,
    did: String,
    /// "↑ 更好" / "↓ 更差" by the metric's `better`; none for neutral.
    verdict: Option<Verdict>,
    /// The band of 95 % of assignments, "−3场 ~ +4场", or "—".
    band: String,
    evidence: Option<Evidence>,
}

#[derive(Serialize)]
struct ComparePage<'a> {
    title: &'static str,
    section: &'static str,
    baseline: Option<&'a str>,
    /// The headline chart, when any metric has a comparison.
    overview: Option<Overview<'a>>,
    metrics: Vec<MetricGroup<CompareMetric<'a>>>,
    downloads: Downloads,
}

/// Every metric's difference against its band on one chart, and the same
/// metrics in its order as links with their words.
#[derive(Serialize)]
pub(super) struct Overview<'a> {
    pub figure: FigureCtx,
    pub metrics: Vec<OverviewLink<'a>>,
}

#[derive(Serialize)]
pub(super) struct OverviewLink<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// The metric's section on /compare/.
    pub url: String,
    pub did: String,
    pub evidence: Option<Evidence>,
}

impl Prepared {
    /// The overview, or `None` when no metric has a comparison (no
    /// baseline, or one group empty everywhere).
    pub(super) fn overview(&self) -> Option<Overview<'_>> {
        let data = self.chart_data();
        let rows = chart::evidence::overview_rows(&data);
        if rows.is_empty() {
            return None;
        }
        let c = &self.site.config;
        let metrics = rows
            .iter()
            .map(|r| {
                let metric = &c.metrics[r.metric];
                OverviewLink {
                    id: &metric.id,
                    label: metric.display_label(self.lang),
                    url: format!("{}#{}", self.urls.at("compare/"), metric.id),
                    did: display::change(metric, Some(r.did), self.lang),
                    evidence: self.evidence(r.metric, Some(r.period)),
                }
            })
            .collect();
        Some(Overview {
            figure: self.figure(Kind::Overview, 0, None),
            metrics,
        })
    }
}

#[derive(Serialize)]
struct Downloads {
    csv: String,
    xlsx: String,
    json: String,
    summary: String,
}

fn downloads(urls: &Urls) -> Downloads {
    Downloads {
        csv: urls.at("data/metrics.csv"),
        xlsx: urls.at("data/metrics.xlsx"),
        json: urls.at("data/metrics.json"),
        summary: urls.at("data/summary.json"),
    }
}

fn did_rows(p: &Prepared, metric: usize) -> Vec<DidRow> {
    let c = &p.site.config;
    let Some(baseline) = c.baseline else {
        return Vec::new();
    };
    let m = &c.metrics[metric];
    (0..c.periods.len())
        .filter(|period| *period != baseline)
        .map(|period| {
            let cell = p.stats.cell(metric, period);
            DidRow {
                period: c.periods[period].label.clone(),
                pilot_change: display::change(m, cell.pilot_change.mean, p.lang),
                pilot_n: cell.pilot_change.n,
                control_change: display::change(m, cell.control_change.mean, p.lang),
                control_n: cell.control_change.n,
                did: display::change(m, cell.did, p.lang),
                verdict: Verdict::of(m, cell.did, p.lang),
                band: cell.inference.map_or_else(
                    || "—".to_string(),
                    |i| {
                        format!(
                            "{} ~ {}",
                            display::change(m, Some(i.placebo_low), p.lang),
                            display::change(m, Some(i.placebo_high), p.lang)
                        )
                    },
                ),
                evidence: p.evidence(metric, Some(period)),
            }
        })
        .collect()
}

pub fn compare_page(p: &Prepared) -> Job {
    let c = &p.site.config;
    let metrics = p.by_category(c.metrics.iter().enumerate().map(|(m, metric)| {
        (
            m,
            CompareMetric {
                id: &metric.id,
                label: metric.display_label(p.lang),
                url: p.metric_url(m),
                trend: p.figure(Kind::Trend, m, None),
                did: did_rows(p, m).pop().into_iter().collect(),
                scaling: display::scaling_note(c, &[m], 0..c.periods.len(), p.lang),
                evidence: p.evidence(m, None),
            },
        )
    }));
    let page = ComparePage {
        title: "compare",
        section: "compare",
        baseline: c.baseline.map(|b| c.periods[b].label.as_str()),
        overview: p.overview(),
        metrics,
        downloads: downloads(&p.urls),
    };
    job("compare.html", &page)
}

#[derive(Serialize)]
struct MetricInfo<'a> {
    id: &'a str,
    label: &'a str,
    kind: &'static str,
    unit: Option<&'a str>,
    better: &'static str,
    category: Option<&'a str>,
    description: Option<&'a str>,
    /// "a / b" or "a + b" in labels, for derived metrics.
    formula: Option<String>,
    required: bool,
    url: String,
    /// A stock or a flow, in words.
    measure: &'static str,
    scaling: Option<String>,
}

/// One county's row in the full table.
#[derive(Serialize)]
struct CountyRow<'a> {
    county: CountyLink<'a>,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Cell {
    /// As reported.
    value: String,
    reported: bool,
    /// The comparable value when it differs (a scaled flow).
    comparable: Option<String>,
}

#[derive(Serialize)]
struct MetricPage<'a> {
    title: &'a str,
    section: &'static str,
    metric: MetricInfo<'a>,
    /// The metric on the map at its latest period, when the site has a map.
    map: Option<FigureCtx>,
    figures: Vec<FigureCtx>,
    did: Vec<DidRow>,
    periods: Vec<&'a str>,
    /// The first page of the county × period table.
    rows: Vec<CountyRow<'a>>,
    pager: Option<Pager>,
    downloads: Downloads,
}

/// Page n > 1 of a metric's county × period table.
#[derive(Serialize)]
struct MetricTablePage<'a> {
    title: &'a str,
    section: &'static str,
    metric: MetricInfo<'a>,
    periods: Vec<&'a str>,
    rows: Vec<CountyRow<'a>>,
    pager: Option<Pager>,
    downloads: Downloads,
}

fn metric_info(p: &Prepared, m: usize) -> MetricInfo<'_> {
    let c = &p.site.config;
    let metric = &c.metrics[m];
    let label = |i: usize| c.metrics[i].display_label(p.lang).to_string();
    MetricInfo {
        id: &metric.id,
        label: metric.display_label(p.lang),
        kind: match metric.kind {
            MetricKind::Count => "count",
            MetricKind::Number => "number",
            MetricKind::Ratio => "ratio",
            MetricKind::Money => "money",
            MetricKind::Bool => "bool",
        },
        unit: metric.unit.as_deref(),
        better: match metric.better {
            Better::Higher => "higher",
            Better::Lower => "lower",
            Better::Neutral => "neutral",
        },
        category: metric.category.as_deref(),
        description: metric.description.as_deref(),
        formula: metric.derived.as_ref().map(|d| match d {
            Derived::RatioOf(a, b) => format!("{} ÷ {}", label(*a), label(*b)),
            Derived::SumOf(v) => v.iter().map(|i| label(*i)).collect::<Vec<_>>().join(" + "),
        }),
        required: metric.required,
        url: p.metric_url(m),
        measure: display::measure(metric, p.lang),
        scaling: display::scaling_note(c, &[m], 0..c.periods.len(), p.lang),
    }
}

/// The rows of a metric's county × period table on page `n`.
fn table_rows(p: &Prepared, m: usize, n: usize) -> Vec<CountyRow<'_>> {
    let c = &p.site.config;
    let metric = &c.metrics[m];
    paging::items(n, p.site.counties.len())
        .map(|county| CountyRow {
            county: p.county_link(county),
            cells: (0..c.periods.len())
                .map(|period| {
                    let v = p
                        .site
                        .report_index(county, period)
                        .and_then(|r| p.site.reports[r].values[m]);
                    Cell {
                        value: display::value(metric, v, p.lang),
                        reported: v.is_some(),
                        comparable: v.filter(|_| c.is_scaled(m, period)).map(|v| {
                            display::comparable(metric, c.comparable(m, period, v), c, p.lang)
                        }),
                    }
                })
                .collect(),
        })
        .collect()
}

/// A metric's page: its facts, every chart, and the first page of its
/// county × period table.
pub fn metric_page(p: &Prepared, m: usize) -> Job {
    let c = &p.site.config;
    let metric = &c.metrics[m];
    let page = MetricPage {
        title: metric.display_label(p.lang),
        section: "compare",
        metric: metric_info(p, m),
        map: p.map_figure(Kind::Map, m, None),
        figures: [
            Kind::Trend,
            Kind::Groups,
            Kind::Change,
            Kind::Did,
            Kind::Ranking,
        ]
        .into_iter()
        .map(|k| p.figure(k, m, None))
        .collect(),
        did: did_rows(p, m),
        periods: c.periods.iter().map(|x| x.label.as_str()).collect(),
        rows: table_rows(p, m, 1),
        pager: p.pager(&p.metric_url(m), 1, p.site.counties.len()),
        downloads: downloads(&p.urls),
    };
    job("metric.html", &page)
}

/// Page `n` (> 1) of a metric's county × period table, on its own.
pub fn metric_table_page(p: &Prepared, m: usize, n: usize) -> Job {
    let c = &p.site.config;
    let page = MetricTablePage {
        title: c.metrics[m].display_label(p.lang),
        section: "compare",
        metric: metric_info(p, m),
        periods: c.periods.iter().map(|x| x.label.as_str()).collect(),
        rows: table_rows(p, m, n),
        pager: p.pager(&p.metric_url(m), n, p.site.counties.len()),
        downloads: downloads(&p.urls),
    };
    job("metric_table.html", &page)
}

#[derive(Serialize)]
struct MetricsPage<'a> {
    title: &'static str,
    section: &'static str,
    metrics: Vec<MetricGroup<MetricInfo<'a>>>,
}

pub fn metrics_page(p: &Prepared) -> Job {
    let page = MetricsPage {
        title: "metrics",
        section: "compare",
        metrics: p.by_category((0..p.site.config.metrics.len()).map(|m| (m, metric_info(p, m)))),
    };
    job("metrics.html", &page)
}
