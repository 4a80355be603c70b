//! Build-time charts comparing pilot and non-pilot counties.
//!
//! A [`Spec`] names a chart (its kind, metric, and county or period); the
//! same spec always gives the same file, so a chart used on several pages is
//! drawn once. For every chart this module gives a title, a text
//! description with the numbers, a data table holding the same numbers, and
//! the SVG itself, in two widths (`Variant`): wide for screens and paper,
//! narrow for phones, where it is shown at its own size. Pure: no I/O.
//!
//! Group is shown by colour (Okabe-Ito blue and vermillion, safe for the
//! common colour-vision deficiencies) and by a second cue, the same on
//! every chart: pilots are solid (filled markers and bars, solid lines),
//! non-pilots hollow (outlined markers and bars, dashed lines).

mod bars;
mod block;
pub(crate) mod draw;
pub mod evidence;
mod summary;

use std::collections::BTreeMap;

use serde::Serialize;

pub use block::parse_block;

use crate::content::{Language, Site};
use crate::display;
use crate::stats::{Panel, Stats};

/// The five kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The two group means over periods, each county as a faint line.
    Trend,
    /// Counties at one period, bars marked by group.
    Ranking,
    /// Each group's spread at each period.
    Groups,
    /// Each county's change since the baseline at one period.
    Change,
    /// One county's series against its group's mean.
    County,
    /// The difference in differences after the baseline, over the band
    /// of as many pilots assigned any other way (SPEC 4.1).
    Did,
    /// Every metric's difference against its band, on one scale: the
    /// dashboard's headline. Not a chart block type; `metric` is unused.
    Overview,
    /// A metric on the map at one period (a choropleth), drawn from the
    /// site's map file (`crate::map`).
    Map,
    /// Where the pilots are. Not a chart block type; `metric` is unused.
    PilotMap,
    /// One county on the map among the others (`county` set). Not a chart
    /// block type; `metric` is unused.
    Locator,
}

impl Kind {
    /// The kinds a chart block may name.
    pub const ALL: [Kind; 7] = [
        Kind::Trend,
        Kind::Ranking,
        Kind::Groups,
        Kind::Change,
        Kind::County,
        Kind::Did,
        Kind::Map,
    ];

    /// The names of [`Kind::ALL`], for messages.
    pub const BLOCK_NAMES: [&'static str; 7] = [
        "trend", "ranking", "groups", "change", "county", "did", "map",
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Trend => "trend",
            Kind::Ranking => "ranking",
            Kind::Groups => "groups",
            Kind::Change => "change",
            Kind::County => "county",
            Kind::Did => "did",
            Kind::Overview => "overview",
            Kind::Map => "map",
            Kind::PilotMap => "pilot-map",
            Kind::Locator => "locator",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether this kind is drawn from the map file.
    pub fn is_map(self) -> bool {
        matches!(self, Kind::Map | Kind::PilotMap | Kind::Locator)
    }
}

/// The two drawings of every chart: the same title, description and data
/// table, laid out for a wide column or for a phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Variant {
    /// 720 px: desktop, tablet and print.
    Wide,
    /// 340 px: a phone of 375 px or more shows it whole at its own size
    /// (text 12 px and up), every period and every value.
    Narrow,
}

impl Variant {
    pub const ALL: [Variant; 2] = [Variant::Wide, Variant::Narrow];

    pub fn width(self) -> u32 {
        match self {
            Variant::Wide => 720,
            Variant::Narrow => 340,
        }
    }
}

/// Which chart: indices into the site's metrics, counties and periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spec {
    pub kind: Kind,
    pub metric: usize,
    /// For `County` and `Locator`.
    pub county: Option<usize>,
    /// For `Ranking`, `Change` and `Map`.
    pub period: Option<usize>,
}

/// What a chart is drawn from.
pub struct Data<'a> {
    pub site: &'a Site,
    pub panel: &'a Panel,
    pub stats: &'a Stats,
    /// UI strings of the theme (pilot, control, chart words).
    pub strings: &'a BTreeMap<String, String>,
}

impl Data<'_> {
    pub(crate) fn lang(&self) -> Language {
        self.site.config.language
    }

    pub(crate) fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    pub(crate) fn group_label(&self, pilot: bool) -> String {
        self.t(if pilot { "pilot" } else { "control" })
    }

    /// The period a chart is about: its own, else the newest with any value.
    pub fn period_of(&self, spec: &Spec) -> usize {
        spec.period
            .unwrap_or_else(|| self.latest_period(spec.metric))
    }

    /// The newest period at which any county reported `metric`.
    pub fn latest_period(&self, metric: usize) -> usize {
        let periods = self.site.config.periods.len();
        (0..periods)
            .rev()
            .find(|p| (0..self.panel.counties()).any(|c| self.panel.get(c, *p, metric).is_some()))
            .unwrap_or(periods.saturating_sub(1))
    }
}

/// A data table: the same numbers as the chart, for screen readers, for
/// checking, and for readers who prefer figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub header: String,
    pub cells: Vec<String>,
}

/// A chart as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Site path of the wide SVG file, relative to the base path.
    pub path: String,
    pub width: u32,
    pub height: u32,
    /// The narrow drawing, for phones.
    pub narrow_path: String,
    pub narrow_width: u32,
    pub narrow_height: u32,
    pub title: String,
    /// The numbers in words: the image's text alternative.
    pub desc: String,
    pub table: Table,
    /// Where the drawing's data come from, to show with it: a map's
    /// boundaries (site.yaml `map: credit:`); `None` for charts.
    pub credit: Option<String>,
    /// A sentence to show under the data table: on the summary form of a
    /// ranking or change chart, where the full list of counties is.
    pub note: Option<String>,
}

/// The spec with its period made explicit (the latest with values when
/// none is named), so one chart always has one file.
pub fn normalise(mut spec: Spec, data: &Data) -> Spec {
    match spec.kind {
        Kind::Ranking | Kind::Change | Kind::Map => spec.period = Some(data.period_of(&spec)),
        Kind::Trend | Kind::Groups | Kind::Did => spec.period = None,
        Kind::County => {}
        Kind::Overview | Kind::PilotMap | Kind::Locator => {
            spec.period = None;
            spec.metric = 0;
        }
    }
    if !matches!(spec.kind, Kind::County | Kind::Locator) {
        spec.county = None;
    }
    spec
}

/// The output path of a chart's SVG, relative to the site root:
/// `metrics/budget/trend.svg`, and `metrics/budget/trend.narrow.svg` for
/// the narrow one (a dot, which no metric, county or period id holds, so
/// no two charts can share a file).
pub fn path(spec: &Spec, site: &Site, variant: Variant) -> String {
    let metric = &site.config.metrics[spec.metric].id;
    let period = |p: Option<usize>| {
        p.map_or_else(|| "latest".to_string(), |p| site.config.periods[p].slug())
    };
    let name = match spec.kind {
        Kind::Trend => format!("metrics/{metric}/trend"),
        Kind::Groups => format!("metrics/{metric}/groups"),
        Kind::Ranking => format!("metrics/{metric}/ranking-{}", period(spec.period)),
        Kind::Change => format!("metrics/{metric}/change-{}", period(spec.period)),
        Kind::County => {
            let county = spec.county.map_or("", |c| site.counties[c].id.as_str());
            format!("counties/{county}/{metric}")
        }
        Kind::Did => format!("metrics/{metric}/did"),
        Kind::Overview => "compare/overview".to_string(),
        Kind::Map => format!("metrics/{metric}/map-{}", period(spec.period)),
        Kind::PilotMap => "map/pilots".to_string(),
        // `counties/<id>/<metric>` is a county chart: a dot keeps the
        // locator clear of any metric id.
        Kind::Locator => {
            let county = spec.county.map_or("", |c| site.counties[c].id.as_str());
            format!("counties/{county}/map.locator")
        }
    };
    match variant {
        Variant::Wide => format!("{name}.svg"),
        Variant::Narrow => format!("{name}.narrow.svg"),
    }
}

/// Title, description and table of a chart (cheap: no drawing).
pub fn figure(spec: &Spec, data: &Data) -> Figure {
    let summarised = summary::applies(spec.kind, data);
    let (title, desc, table) = match spec.kind {
        _ if summarised => summary::describe(spec, data),
        Kind::Trend => describe_trend(spec, data),
        Kind::Ranking => describe_ranking(spec, data),
        Kind::Groups => describe_groups(spec, data),
        Kind::Change => describe_change(spec, data),
        Kind::County => describe_county(spec, data),
        Kind::Did => evidence::describe_did(spec, data),
        Kind::Overview => evidence::describe_overview(data),
        Kind::Map | Kind::PilotMap | Kind::Locator => crate::map::draw::describe(spec, data),
    };
    let desc = desc.trim_end().to_string();
    let credit = if spec.kind.is_map() {
        data.site.config.map.as_ref().and_then(|m| m.credit.clone())
    } else {
        None
    };
    Figure {
        path: path(spec, data.site, Variant::Wide),
        width: width(spec, Variant::Wide),
        height: height(spec, data, Variant::Wide),
        narrow_path: path(spec, data.site, Variant::Narrow),
        narrow_width: width(spec, Variant::Narrow),
        narrow_height: height(spec, data, Variant::Narrow),
        title,
        desc,
        table,
        credit,
        note: (summarised && matches!(spec.kind, Kind::Ranking | Kind::Change))
            .then(|| data.t("chart_full_list")),
    }
}

/// A drawing's width and height in CSS pixels.
pub fn size(spec: &Spec, data: &Data, variant: Variant) -> (u32, u32) {
    (width(spec, variant), height(spec, data, variant))
}

fn width(spec: &Spec, variant: Variant) -> u32 {
    if spec.kind.is_map() {
        crate::map::draw::width(spec.kind, variant)
    } else {
        variant.width()
    }
}

fn height(spec: &Spec, data: &Data, variant: Variant) -> u32 {
    match spec.kind {
        Kind::Did => evidence::height_did(spec, data, variant),
        Kind::Overview => evidence::height_overview(data, variant),
        Kind::Map | Kind::PilotMap | Kind::Locator => crate::map::draw::height(spec, data, variant),
        _ if summary::applies(spec.kind, data) => summary::height(spec, data, variant),
        _ => draw::height(spec, data, variant),
    }
}

/// The SVG document of a chart, with its title and description inside.
pub fn svg(spec: &Spec, data: &Data, variant: Variant) -> String {
    let figure = figure(spec, data);
    crate::svg::finish(&drawing(spec, data, variant), &figure.title, &figure.desc)
}

/// A chart to sit inside a page's HTML, with no title, description or
/// style of its own: the page's figure caption names it, the element
/// around it carries its text alternative, and the page's style sheet its
/// dark palette. A county's small charts are drawn so: 22 files a county
/// that no one links to would be 11,000 files at 500 counties.
pub fn inline_svg(spec: &Spec, data: &Data, variant: Variant) -> String {
    crate::svg::inline(&drawing(spec, data, variant))
}

/// The title of a chart drawn inline ([`inline_svg`]), without the cost
/// of its description and table. Only a county's chart is drawn inline.
pub fn inline_title(spec: &Spec, data: &Data) -> String {
    match spec.kind {
        Kind::County => county_title(spec, data).0,
        _ => figure(spec, data).title,
    }
}

fn drawing(spec: &Spec, data: &Data, variant: Variant) -> String {
    match spec.kind {
        Kind::Did => evidence::draw_did(spec, data, variant),
        Kind::Overview => evidence::draw_overview(data, variant),
        Kind::Map | Kind::PilotMap | Kind::Locator => crate::map::draw::draw(spec, data, variant),
        _ if summary::applies(spec.kind, data) => summary::draw(spec, data, variant),
        _ => draw::draw(spec, data, variant),
    }
}

fn join(parts: &[String], lang: Language) -> String {
    parts.join(match lang {
        Language::ZhCn => "，",
        Language::En => ", ",
    })
}

/// A chart's title: the metric's label, then what the chart shows ("健康讲堂场次：两组均值走势").
fn titled(data: &Data, metric: &crate::content::Metric, what: &str) -> String {
    let lang = data.lang();
    format!(
        "{}{}{}",
        metric.display_label(lang),
        colon(lang),
        data.t(what)
    )
}

pub(crate) fn sentence_end(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "。",
        Language::En => ". ",
    }
}

/// A comma between clauses: "，" / ", ".
pub(crate) fn comma(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "，",
        Language::En => ", ",
    }
}

/// Words in brackets after others: "（试点地区）" / " (pilot)".
pub(crate) fn bracketed(text: &str, lang: Language) -> String {
    match lang {
        Language::ZhCn => format!("（{text}）"),
        Language::En => format!(" ({text})"),
    }
}

pub(crate) fn colon(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "：",
        Language::En => ": ",
    }
}

/// A change with its verdict, for descriptions: "−1.3项（↓ 更好）" /
/// "−1.3 (↓ better)"; a neutral metric's as it is.
fn change_in_words(metric: &crate::content::Metric, v: Option<f64>, lang: Language) -> String {
    let change = display::change(metric, v, lang);
    match (display::verdict(metric, v, lang), lang) {
        (Some(verdict), Language::ZhCn) => format!("{change}（{verdict}）"),
        (Some(verdict), Language::En) => format!("{change} ({verdict})"),
        (None, _) => change,
    }
}

/// A group's mean at every period, formatted.
fn group_means(data: &Data, metric: usize, pilot: bool) -> Vec<String> {
    let m = &data.site.config.metrics[metric];
    (0..data.site.config.periods.len())
        .map(|p| display::mean(m, data.stats.group_mean(metric, p, pilot).mean, data.lang()))
        .collect()
}

fn describe_trend(spec: &Spec, data: &Data) -> (String, String, Table) {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let lang = data.lang();
    let title = titled(data, metric, "chart_trend");
    let mut rows = Vec::new();
    let mut desc = String::new();
    for pilot in [true, false] {
        let values = group_means(data, spec.metric, pilot);
        let parts: Vec<String> = c
            .periods
            .iter()
            .zip(&values)
            .map(|(p, v)| format!("{} {v}", p.label))
            .collect();
        desc.push_str(&format!(
            "{}{}{}{}",
            data.group_label(pilot),
            data.t("chart_mean"),
            colon(lang),
            join(&parts, lang)
        ));
        desc.push_str(sentence_end(lang));
        rows.push(Row {
            header: format!("{}{}", data.group_label(pilot), data.t("chart_mean")),
            cells: values,
        });
    }
    let n_row = |pilot: bool| Row {
        header: format!("{} n", data.group_label(pilot)),
        cells: (0..c.periods.len())
            .map(|p| data.stats.group_mean(spec.metric, p, pilot).n.to_string())
            .collect(),
    };
    rows.push(n_row(true));
    rows.push(n_row(false));
    let mut head = vec![data.t("period")];
    head.extend(c.periods.iter().map(|p| p.label.clone()));
    (title, desc, Table { head, rows })
}

/// Counties with a value, highest first (ties by display order), and the
/// counties without one.
fn ranked(data: &Data, values: impl Fn(usize) -> Option<f64>) -> (Vec<(usize, f64)>, Vec<usize>) {
    let mut with: Vec<(usize, f64)> = Vec::new();
    let mut without = Vec::new();
    for c in 0..data.site.counties.len() {
        match values(c) {
            Some(v) => with.push((c, v)),
            None => without.push(c),
        }
    }
    with.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    (with, without)
}

/// The title of a ranking or change chart: "年度经费：2020年下半年 排名",
/// "年度经费：较基线变化（2020年下半年）".
fn bars_title(spec: &Spec, data: &Data) -> String {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let lang = data.lang();
    let period = &c.periods[data.period_of(spec)].label;
    if spec.kind == Kind::Change {
        format!(
            "{}{}{}（{period}）",
            metric.display_label(lang),
            colon(lang),
            data.t("chart_change"),
        )
    } else {
        format!(
            "{}{}{period} {}",
            metric.display_label(lang),
            colon(lang),
            data.t("chart_ranking")
        )
    }
}

fn describe_ranking(spec: &Spec, data: &Data) -> (String, String, Table) {
    let metric = &data.site.config.metrics[spec.metric];
    let lang = data.lang();
    let period = data.period_of(spec);
    let title = bars_title(spec, data);
    let (with, without) = ranked(data, |county| data.panel.get(county, period, spec.metric));
    ranking_text(
        data,
        title,
        &with,
        &without,
        |v| display::value(metric, Some(v), lang),
        None,
    )
}

/// Description and table shared by the ranking and change charts.
fn ranking_text(
    data: &Data,
    title: String,
    with: &[(usize, f64)],
    without: &[usize],
    fmt: impl Fn(f64) -> String,
    verdict: Option<&dyn Fn(f64) -> Option<&'static str>>,
) -> (String, String, Table) {
    let lang = data.lang();
    let counties = &data.site.counties;
    let parts: Vec<String> = with
        .iter()
        .map(|(c, v)| {
            format!(
                "{} {}（{}）",
                counties[*c].name,
                fmt(*v),
                data.group_label(counties[*c].pilot)
            )
        })
        .map(|s| {
            if lang == Language::En {
                s.replace('（', " (").replace('）', ")")
            } else {
                s
            }
        })
        .collect();
    let mut desc = join(&parts, lang);
    desc.push_str(sentence_end(lang));
    if !without.is_empty() {
        let names: Vec<String> = without.iter().map(|c| counties[*c].name.clone()).collect();
        desc.push_str(&format!(
            "{}{}{}",
            display::not_reported(lang),
            colon(lang),
            join(&names, lang)
        ));
        desc.push_str(sentence_end(lang));
    }
    let mut rows: Vec<Row> = with
        .iter()
        .enumerate()
        .map(|(i, (c, v))| {
            let mut cells = vec![
                (i + 1).to_string(),
                data.group_label(counties[*c].pilot),
                fmt(*v),
            ];
            if let Some(verdict) = verdict {
                cells.push(verdict(*v).unwrap_or("—").to_string());
            }
            Row {
                header: counties[*c].name.clone(),
                cells,
            }
        })
        .collect();
    rows.extend(without.iter().map(|c| {
        let mut cells = vec![
            "—".into(),
            data.group_label(counties[*c].pilot),
            display::not_reported(lang).into(),
        ];
        if verdict.is_some() {
            cells.push("—".into());
        }
        Row {
            header: counties[*c].name.clone(),
            cells,
        }
    }));
    let mut head = vec![
        data.t("county"),
        data.t("chart_rank"),
        data.t("chart_group"),
        data.t("value"),
    ];
    if verdict.is_some() {
        head.push(data.t("chart_verdict"));
    }
    (title, desc, Table { head, rows })
}

fn describe_groups(spec: &Spec, data: &Data) -> (String, String, Table) {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let lang = data.lang();
    let title = titled(data, metric, "chart_groups");
    let mut rows = Vec::new();
    let mut parts = Vec::new();
    for (p, period) in c.periods.iter().enumerate() {
        let mut cells = Vec::new();
        let mut spoken = Vec::new();
        for pilot in [true, false] {
            let values: Vec<f64> = (0..data.site.counties.len())
                .filter(|county| data.site.counties[*county].pilot == pilot)
                .filter_map(|county| data.panel.get(county, p, spec.metric))
                .collect();
            let lo = values.iter().copied().reduce(f64::min);
            let hi = values.iter().copied().reduce(f64::max);
            let mean = data.stats.group_mean(spec.metric, p, pilot).mean;
            let range = match (lo, hi) {
                (Some(lo), Some(hi)) => format!(
                    "{} – {}",
                    display::value(metric, Some(lo), lang),
                    display::value(metric, Some(hi), lang)
                ),
                _ => "—".into(),
            };
            spoken.push(format!(
                "{} {} {}，{} {}",
                data.group_label(pilot),
                data.t("chart_range"),
                range,
                data.t("chart_mean"),
                display::mean(metric, mean, lang)
            ));
            cells.push(range);
            cells.push(display::mean(metric, mean, lang));
        }
        parts.push(format!(
            "{}{}{}",
            period.label,
            colon(lang),
            spoken.join("；")
        ));
        rows.push(Row {
            header: period.label.clone(),
            cells,
        });
    }
    let mut desc = parts.join(if lang == Language::ZhCn { "。" } else { ". " });
    desc.push_str(sentence_end(lang));
    if lang == Language::En {
        desc = desc.replace('，', ", ").replace('；', "; ");
    }
    let head = vec![
        data.t("period"),
        format!("{} {}", data.group_label(true), data.t("chart_range")),
        format!("{} {}", data.group_label(true), data.t("chart_mean")),
        format!("{} {}", data.group_label(false), data.t("chart_range")),
        format!("{} {}", data.group_label(false), data.t("chart_mean")),
    ];
    (title, desc, Table { head, rows })
}

/// A change chart without a baseline: nothing to show but that.
fn no_baseline(spec: &Spec, data: &Data) -> (String, String, Table) {
    let table = Table {
        head: vec![data.t("county")],
        rows: Vec::new(),
    };
    (bars_title(spec, data), data.t("chart_no_baseline"), table)
}

/// How a change chart's description begins: both groups' mean change and
/// the difference in differences, with their verdicts.
fn change_lead(spec: &Spec, data: &Data) -> String {
    let metric = &data.site.config.metrics[spec.metric];
    let lang = data.lang();
    let cell = data.stats.cell(spec.metric, data.period_of(spec));
    let comma = comma(lang);
    format!(
        "{} {}{}{}{comma}{} {}{comma}{} {}{}",
        data.group_label(true),
        data.t("chart_mean_change"),
        colon(lang),
        change_in_words(metric, cell.pilot_change.mean, lang),
        data.group_label(false),
        change_in_words(metric, cell.control_change.mean, lang),
        data.t("did"),
        change_in_words(metric, cell.did, lang),
        sentence_end(lang),
    )
}

fn describe_change(spec: &Spec, data: &Data) -> (String, String, Table) {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let lang = data.lang();
    let period = data.period_of(spec);
    let title = bars_title(spec, data);
    let Some(baseline) = c.baseline else {
        return no_baseline(spec, data);
    };
    let (with, without) = ranked(data, |county| {
        data.panel.change(county, period, baseline, spec.metric)
    });
    let verdict = |v: f64| display::verdict(metric, Some(v), lang);
    let judged = metric.better != crate::content::Better::Neutral;
    let (title, mut desc, table) = ranking_text(
        data,
        title,
        &with,
        &without,
        |v| display::change(metric, Some(v), lang),
        judged.then_some(&verdict as &dyn Fn(f64) -> Option<&'static str>),
    );
    desc = format!("{}{desc}", change_lead(spec, data));
    if lang == Language::En {
        desc = desc.replace('，', ", ");
    }
    (title, desc, table)
}

/// A county's chart's title ("东台市个人会员数与试点地区均值") and its
/// second line's name ("试点地区均值").
fn county_title(spec: &Spec, data: &Data) -> (String, String) {
    let metric = &data.site.config.metrics[spec.metric];
    let county = &data.site.counties[spec.county.unwrap_or(0)];
    let group_mean = format!("{}{}", data.group_label(county.pilot), data.t("chart_mean"));
    let title = format!(
        "{}{}{}{group_mean}",
        county.name,
        metric.display_label(data.lang()),
        data.t("chart_versus")
    );
    (title, group_mean)
}

fn describe_county(spec: &Spec, data: &Data) -> (String, String, Table) {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let lang = data.lang();
    let county = spec.county.unwrap_or(0);
    let name = &data.site.counties[county].name;
    let (title, group_mean) = county_title(spec, data);
    let own: Vec<String> = (0..c.periods.len())
        .map(|p| display::value(metric, data.panel.get(county, p, spec.metric), lang))
        .collect();
    let mean = group_means(data, spec.metric, data.site.counties[county].pilot);
    let spoken = |values: &[String]| {
        let parts: Vec<String> = c
            .periods
            .iter()
            .zip(values)
            .map(|(p, v)| format!("{} {v}", p.label))
            .collect();
        join(&parts, lang)
    };
    let (c_, end) = (colon(lang), sentence_end(lang));
    let desc = format!(
        "{name}{c_}{}{end}{group_mean}{c_}{}{end}",
        spoken(&own),
        spoken(&mean)
    );
    let mut head = vec![data.t("period")];
    head.extend(c.periods.iter().map(|p| p.label.clone()));
    let rows = vec![
        Row {
            header: name.clone(),
            cells: own,
        },
        Row {
            header: group_mean,
            cells: mean,
        },
    ];
    (title, desc, Table { head, rows })
}
