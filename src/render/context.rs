//! Typed template contexts: what each kind of page hands its template.
//! Site-wide data (site, UI strings, navigation) lives once in the tera
//! global context; a page context holds only that page's data.

use serde::Serialize;

use super::charts::FigureCtx;
use super::paging::Pager;

#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_path: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub css_url: String,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// Matches a page's `section` to mark the current item.
    pub section: String,
}

/// A report as other pages link to it.
#[derive(Serialize, Clone)]
pub struct ReportLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub county: &'a str,
    pub county_url: String,
    pub pilot: bool,
    pub period: &'a str,
    pub period_label: &'a str,
    pub period_url: String,
    pub date: Option<&'a str>,
    pub summary: &'a str,
}

#[derive(Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct PeriodLink<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub url: String,
    pub count: usize,
    pub baseline: bool,
}

#[derive(Serialize)]
pub struct CountyLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub pilot: bool,
    pub pilot_since: Option<&'a str>,
    pub code: Option<&'a str>,
    pub report_count: usize,
}

/// One metric's row in a report's table.
#[derive(Serialize)]
pub struct MetricRow<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub value: String,
    pub reported: bool,
    pub derived: bool,
    /// The comparable value when it differs from the reported one (a flow
    /// of a period of another length, SPEC 4.5).
    pub comparable: Option<String>,
    pub change_previous: String,
    pub change_baseline: String,
    /// Better or worse since the baseline, in words and an arrow.
    pub verdict_baseline: Option<Verdict>,
    pub pilot_mean: String,
    pub pilot_n: usize,
    pub control_mean: String,
    pub control_n: usize,
    pub source: Option<&'a str>,
}

/// Metrics of one category, in schema order.
#[derive(Serialize)]
pub struct MetricGroup<T: Serialize> {
    pub category: Option<String>,
    pub rows: Vec<T>,
}

/// One metric across periods for one county, against its group's mean.
#[derive(Serialize)]
pub struct SeriesRow<'a> {
    pub label: &'a str,
    pub cells: Vec<SeriesCell>,
}

#[derive(Serialize)]
pub struct SeriesCell {
    pub value: String,
    pub reported: bool,
    pub group_mean: String,
}

/// One metric at the latest period: the two group means side by side.
#[derive(Serialize)]
pub struct HeadlineRow<'a> {
    pub label: &'a str,
    pub pilot_mean: String,
    pub pilot_n: usize,
    pub control_mean: String,
    pub control_n: usize,
    pub did: String,
    /// "↑ 更好" / "↓ 更差" by the metric's `better`; none for neutral.
    pub verdict: Option<Verdict>,
    /// How unusual the difference is: "7.1%（6/84）", or "—".
    pub unusual: String,
    /// It lies outside the band of 95 % of random assignments.
    pub outside: bool,
}

#[derive(Serialize)]
pub struct HomePage<'a> {
    pub title: &'a str,
    pub section: &'static str,
    pub intro: &'a str,
    pub latest_period: Option<&'a str>,
    pub headline: Vec<MetricGroup<HeadlineRow<'a>>>,
    /// Which periods' flows the headline scales (SPEC 4.5), if any.
    pub scaling: Option<String>,
    /// The dashboard's overview chart, smaller.
    pub overview: Option<crate::render::charts::FigureCtx>,
    /// Where the pilots are, when the site has a map.
    pub map: Option<crate::render::charts::FigureCtx>,
    pub latest_reports: Vec<ReportLink<'a>>,
    pub county_count: usize,
    pub pilot_count: usize,
    pub report_count: usize,
}

#[derive(Serialize)]
pub struct CountiesPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
    /// The pilot and control counties on this page.
    pub pilots: Vec<CountyLink<'a>>,
    pub controls: Vec<CountyLink<'a>>,
    /// How many there are on all pages.
    pub pilot_count: usize,
    pub control_count: usize,
    /// Where a reader who knows a county's name finds it, on a long list.
    pub search_url: String,
    pub pager: Option<Pager>,
}

#[derive(Serialize)]
pub struct CountyPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
    pub county: CountyLink<'a>,
    pub body: &'a str,
    pub extra: &'a serde_json::Value,
    pub periods: Vec<&'a str>,
    pub series: Vec<MetricGroup<SeriesRow<'a>>>,
    /// Which periods' flows the series and charts scale, if any.
    pub scaling: Option<String>,
    pub charts: Vec<MetricGroup<FigureCtx>>,
    /// The county on the map, when the site has one.
    pub locator: Option<FigureCtx>,
    pub reports: Vec<ReportLink<'a>>,
}

#[derive(Serialize)]
pub struct ReportPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
    pub report: ReportLink<'a>,
    pub authors: &'a [String],
    pub tags: Vec<TagLink<'a>>,
    pub body: &'a str,
    pub extra: &'a serde_json::Value,
    pub has_baseline: bool,
    pub metrics: Vec<MetricGroup<MetricRow<'a>>>,
    /// Which periods' flows the changes and means scale, if any.
    pub scaling: Option<String>,
    pub previous: Option<ReportLink<'a>>,
    pub next: Option<ReportLink<'a>>,
    /// Up to [`SAME_PERIOD_SHOWN`](super::SAME_PERIOD_SHOWN) other reports
    /// of the period: its neighbours in site order.
    pub same_period: Vec<ReportLink<'a>>,
    /// How many of `same_period` are pilots (the page lists them apart).
    pub same_period_pilots: usize,
    /// The period's page, when it lists more reports than `same_period`.
    pub same_period_all: Option<PeriodLink<'a>>,
}

#[derive(Serialize)]
pub struct PeriodsPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
    pub periods: Vec<PeriodLink<'a>>,
}

#[derive(Serialize)]
pub struct PeriodPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
    pub period: PeriodLink<'a>,
    /// This page's part of the list: pilots' reports, controls' reports,
    /// then the counties that sent none.
    pub pilots: Vec<ReportLink<'a>>,
    pub controls: Vec<ReportLink<'a>>,
    pub missing: Vec<CountyLink<'a>>,
    /// How many reports each group sent, on all pages.
    pub pilot_count: usize,
    pub control_count: usize,
    pub pager: Option<Pager>,
}

#[derive(Serialize)]
pub struct TagsPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
    pub tags: Vec<TagLink<'a>>,
}

#[derive(Serialize)]
pub struct TagPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
    pub tag: TagLink<'a>,
    /// This page's part of the tag's reports.
    pub reports: Vec<ReportLink<'a>>,
    pub pager: Option<Pager>,
}

#[derive(Serialize)]
pub struct FreePage<'a> {
    pub title: &'a str,
    pub section: String,
    pub description: Option<&'a str>,
    pub body: &'a str,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub struct NotFoundPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
}

#[derive(Serialize)]
pub struct SearchPage<'a> {
    pub title: &'a str,
    pub section: &'static str,
}

/// A change read by its metric's `better`: "↑ 更好" / "↓ 更差", and which.
#[derive(Serialize, Clone, Copy)]
pub struct Verdict {
    pub text: &'static str,
    pub better: bool,
}

impl Verdict {
    pub fn of(
        metric: &crate::content::Metric,
        change: Option<f64>,
        lang: crate::content::Language,
    ) -> Option<Verdict> {
        Some(Verdict {
            text: crate::display::verdict(metric, change, lang)?,
            better: crate::display::is_better(metric, change)?,
        })
    }
}
