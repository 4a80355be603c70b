//! The two charts of how unusual the pilots' difference is (SPEC 4.1):
//!
//! - `did`: one metric's difference in differences at each period after
//!   the baseline, a line with markers, over the band that 95 % of the
//!   assignments of as many pilots give, with zero marked;
//! - the overview: every metric's difference at its latest period on one
//!   scale, the placebo band's edge on the side of the difference (so ±1 is
//!   the band's edge for every metric, whatever its unit), sorted, with
//!   "better" to the right whatever the metric's `better`.
//!
//! Drawn with `svg`, wide and narrow: a line, dots, rectangles and text.

use std::fmt::Write as _;

use super::draw::{self, Key, Marker, Symbol};
use super::{Data, Row, Spec, Table, Variant, change_in_words, colon, sentence_end, titled};
use crate::content::{Better, Language};
use crate::display;
use crate::stats::Inference;
use crate::svg::{
    self, Anchor, BAND, BAND_EDGE, GRID, INK, LABEL_PX, MUTED, SMALL_PX, Stroke, Svg,
};

/// The did chart's line and the overview's marks: ink, not a group's colour.
const LINE: &str = INK;

/// One metric on the overview.
#[derive(Debug, Clone)]
pub struct OverviewRow {
    pub metric: usize,
    pub period: usize,
    pub did: f64,
    pub inference: Inference,
    /// The difference over the band's edge on its side, signed so that
    /// positive is better for the metric (as written for `neutral`).
    pub score: f64,
    /// The difference lies outside the band.
    pub outside: bool,
}

/// The newest period with an inference for `metric`.
fn latest(data: &Data, metric: usize) -> Option<(usize, f64, Inference)> {
    (0..data.site.config.periods.len()).rev().find_map(|p| {
        let cell = data.stats.cell(metric, p);
        Some((p, cell.did?, cell.inference?))
    })
}

/// Where `did` lies against the band: the band's edge on its own side
/// is 1. Zero when the band has no width (every assignment gives the same).
pub fn band_score(did: f64, low: f64, high: f64) -> f64 {
    let edge = if did >= 0.0 { high } else { -low };
    let edge = if edge > 0.0 { edge } else { (high - low) / 2.0 };
    if edge > 0.0 && edge.is_finite() {
        did / edge
    } else {
        0.0
    }
}

/// Every metric with an inference, best first.
pub fn overview_rows(data: &Data) -> Vec<OverviewRow> {
    let metrics = &data.site.config.metrics;
    let mut rows: Vec<OverviewRow> = (0..metrics.len())
        .filter_map(|m| {
            let (period, did, inference) = latest(data, m)?;
            let sign = if metrics[m].better == Better::Lower {
                -1.0
            } else {
                1.0
            };
            Some(OverviewRow {
                metric: m,
                period,
                did,
                inference,
                score: sign * band_score(did, inference.placebo_low, inference.placebo_high),
                outside: inference.outside(did),
            })
        })
        .collect();
    rows.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.metric.cmp(&b.metric)));
    rows
}

/// The words for one inference: "在84种……（7%）" / "6 of the 84 ways …".
pub fn words(data: &Data, metric: usize, period: usize) -> Option<String> {
    let cell = data.stats.cell(metric, period);
    let inference = cell.inference?;
    let pilots = cell.pilot_change.n;
    let n = pilots + cell.control_change.n;
    Some(display::inference(&inference, pilots, n, data.lang()))
}

pub fn describe_did(spec: &Spec, data: &Data) -> (String, String, Table) {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let lang = data.lang();
    let title = titled(data, metric, "chart_did");
    let judged = metric.better != Better::Neutral;
    let mut desc = String::new();
    let mut rows = Vec::new();
    for (p, period) in c.periods.iter().enumerate() {
        if Some(p) == c.baseline {
            continue;
        }
        let cell = data.stats.cell(spec.metric, p);
        let did = display::change(metric, cell.did, lang);
        let (band, share) = match cell.inference {
            Some(i) => (
                format!(
                    "{} ~ {}",
                    display::change(metric, Some(i.placebo_low), lang),
                    display::change(metric, Some(i.placebo_high), lang)
                ),
                display::share(i.p),
            ),
            None => ("—".into(), "—".into()),
        };
        let _ = write!(
            desc,
            "{} {}",
            period.label,
            change_in_words(metric, cell.did, lang)
        );
        if let Some(words) = words(data, spec.metric, p) {
            let _ = write!(
                desc,
                "{}{} {band}{}{words}",
                colon(lang),
                data.t("placebo_band"),
                if lang == Language::ZhCn { "；" } else { "; " }
            );
        }
        desc.push_str(sentence_end(lang));
        let mut cells = vec![did, band, share];
        if judged {
            cells.insert(
                1,
                display::verdict(metric, cell.did, lang)
                    .unwrap_or("—")
                    .to_string(),
            );
        }
        rows.push(Row {
            header: period.label.clone(),
            cells,
        });
    }
    if rows.is_empty() {
        desc = data.t("chart_no_baseline");
    }
    let mut head = vec![
        data.t("period"),
        data.t("did"),
        data.t("placebo_band"),
        data.t("as_large_share"),
    ];
    if judged {
        head.insert(2, data.t("chart_verdict"));
    }
    (title, desc, Table { head, rows })
}

pub fn describe_overview(data: &Data) -> (String, String, Table) {
    let c = &data.site.config;
    let lang = data.lang();
    let title = data.t("chart_overview");
    let rows = overview_rows(data);
    let mut desc = data.t("chart_overview_intro");
    desc.push_str(sentence_end(lang));
    let mut table = Vec::new();
    for r in &rows {
        let metric = &c.metrics[r.metric];
        let did = display::change(metric, Some(r.did), lang);
        let score = display::band_multiple(r.score, lang);
        let _ = write!(
            desc,
            "{} {score}（{did}，{}）",
            metric.display_label(lang),
            c.periods[r.period].label
        );
        desc.push_str(if lang == Language::ZhCn { "；" } else { "; " });
        table.push(Row {
            header: metric.display_label(lang).to_string(),
            cells: vec![
                c.periods[r.period].label.clone(),
                did,
                format!(
                    "{} ~ {}",
                    display::change(metric, Some(r.inference.placebo_low), lang),
                    display::change(metric, Some(r.inference.placebo_high), lang)
                ),
                score,
                display::share(r.inference.p),
            ],
        });
    }
    if lang == Language::En {
        desc = desc
            .replace('（', " (")
            .replace('）', ")")
            .replace('，', ", ");
    }
    let desc = desc.trim_end_matches(['；', ';', ' ']).to_string() + sentence_end(lang);
    let head = vec![
        data.t("metric"),
        data.t("period"),
        data.t("did"),
        data.t("placebo_band"),
        data.t("band_multiple"),
        data.t("as_large_share"),
    ];
    (title, desc, Table { head, rows: table })
}

// ---------------------------------------------------------------- the did chart

fn did_keys(data: &Data) -> Vec<Key> {
    vec![
        Key::new(Symbol::Band, data.t("placebo_band")),
        Key::new(
            Symbol::Line(Stroke::solid(INK, 2.5), Some(Marker::Circle(INK))),
            data.t("did"),
        ),
    ]
}

/// The did chart laid out: legend, caption rows (the unit, which way is
/// better), and the plot's top and bottom.
struct DidLayout {
    keys: Vec<Key>,
    legend_h: f64,
    captions: Vec<Vec<(f64, Anchor, String)>>,
    top: f64,
    bottom: f64,
}

fn did_layout(spec: &Spec, data: &Data, variant: Variant) -> DidLayout {
    let metric = &data.site.config.metrics[spec.metric];
    let width = variant.width() as f64;
    let keys = did_keys(data);
    let legend_h = draw::legend_height(&keys, width);
    let mut items = Vec::new();
    if let Some(unit) = draw::unit_caption(data, metric, true) {
        items.push((8.0, Anchor::Start, unit));
    }
    if let Some((low, high)) = display::direction(metric, data.lang()) {
        items.push((width - 8.0, Anchor::End, format!("↑ {high} · ↓ {low}")));
    }
    let captions = draw::caption_rows(items);
    let top = legend_h + 18.0 * captions.len() as f64 + 10.0;
    let plot = match variant {
        Variant::Wide => 190.0,
        Variant::Narrow => 170.0,
    };
    DidLayout {
        keys,
        legend_h,
        captions,
        top,
        bottom: top + plot,
    }
}

pub fn height_did(spec: &Spec, data: &Data, variant: Variant) -> u32 {
    (did_layout(spec, data, variant).bottom + 28.0).ceil() as u32
}

pub fn draw_did(spec: &Spec, data: &Data, variant: Variant) -> String {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let width = variant.width() as f64;
    let layout = did_layout(spec, data, variant);
    let height = height_did(spec, data, variant);
    let mut svg = Svg::new(variant.width(), height);
    let periods: Vec<usize> = (0..c.periods.len())
        .filter(|p| Some(*p) != c.baseline)
        .collect();
    let points: Vec<(usize, f64, Option<Inference>)> = periods
        .iter()
        .filter_map(|p| {
            let cell = data.stats.cell(spec.metric, *p);
            Some((*p, cell.did?, cell.inference))
        })
        .collect();
    if c.baseline.is_none() || points.is_empty() {
        let text = data.t("chart_no_baseline");
        svg.text(
            (width / 2.0, f64::from(height) / 2.0),
            LABEL_PX,
            MUTED,
            Anchor::Middle,
            &svg::fit(&text, LABEL_PX, width - 16.0),
        );
        return svg.end();
    }
    // The value axis covers every difference and every band, and zero.
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for (_, d, i) in &points {
        lo = lo.min(*d);
        hi = hi.max(*d);
        if let Some(i) = i {
            lo = lo.min(i.placebo_low);
            hi = hi.max(i.placebo_high);
        }
    }
    let axis = draw::nice_axis(lo, hi, 5);
    let (lo, hi) = (axis.lo, axis.hi);
    let ticks: Vec<String> = axis
        .ticks
        .iter()
        .map(|v| draw::change_tick(metric, *v))
        .collect();
    let tick_w = ticks
        .iter()
        .map(|t| svg::text_width(t, SMALL_PX))
        .fold(0.0, f64::max)
        .min(width * 0.3);
    let (left, right, top, bottom) = (8.0 + tick_w + 8.0, width - 12.0, layout.top, layout.bottom);
    let y = |v: f64| bottom - (v.clamp(lo, hi) - lo) / (hi - lo) * (bottom - top);
    let step = (right - left) / periods.len() as f64;
    let x = |p: usize| {
        let i = periods.iter().position(|q| *q == p).unwrap_or(0);
        left + step * (i as f64 + 0.5)
    };
    draw::legend(&mut svg, &layout.keys, width);
    for (i, row) in layout.captions.iter().enumerate() {
        for (cx, anchor, text) in row {
            svg.text(
                (*cx, layout.legend_h + 8.0 + 18.0 * i as f64),
                SMALL_PX,
                MUTED,
                *anchor,
                text,
            );
        }
    }
    // Grid and ticks.
    for (v, text) in axis.ticks.iter().zip(&ticks) {
        svg.line((left, y(*v)), (right, y(*v)), Stroke::solid(GRID, 1.0));
        svg.text(
            (left - 6.0, y(*v)),
            SMALL_PX,
            MUTED,
            Anchor::End,
            &svg::fit(text, SMALL_PX, tick_w),
        );
    }
    // Bands: one rectangle per period.
    for (p, _, i) in &points {
        if let Some(i) = i {
            let (y0, y1) = (y(i.placebo_high), y(i.placebo_low));
            svg.rect(
                (x(*p) - step * 0.35, y0),
                (x(*p) + step * 0.35, y0 + (y1 - y0).max(1.0)),
                Some(BAND),
                Some(Stroke::solid(BAND_EDGE, 1.0)),
            );
        }
    }
    // Zero.
    svg.line((left, y(0.0)), (right, y(0.0)), Stroke::solid(MUTED, 1.5));
    // The line and its markers; a break where a period has no difference.
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut previous: Option<usize> = None;
    for (p, v, _) in &points {
        let i = periods.iter().position(|q| q == p).unwrap_or(0);
        if previous.is_none_or(|j| j + 1 != i) && !run.is_empty() {
            svg.path(&run, Stroke::solid(INK, 2.5), None);
            run.clear();
        }
        run.push((x(*p), y(*v)));
        previous = Some(i);
    }
    svg.path(&run, Stroke::solid(INK, 2.5), None);
    for (p, v, _) in &points {
        Marker::Circle(INK).draw(&mut svg, (x(*p), y(*v)), 4.5);
    }
    // Period labels under the axis.
    for (p, label) in periods
        .iter()
        .zip(draw::period_labels(data, &periods, step))
    {
        if let Some(label) = label {
            draw::centred_text(&mut svg, (x(*p), bottom + 14.0), width, &label);
        }
    }
    svg.end()
}

// ---------------------------------------------------------------- the overview

/// The overview laid out: a row per metric; wide, the labels at the left
/// of the rows; narrow, each label above its row.
struct OverviewLayout {
    rows: Vec<OverviewRow>,
    labels: Vec<String>,
    values: Vec<String>,
    narrow: bool,
    left: f64,
    right: f64,
    top: f64,
    row: f64,
}

impl OverviewLayout {
    fn bottom(&self) -> f64 {
        self.top + self.rows.len().max(1) as f64 * self.row
    }

    /// The centre of a row's label and of its mark.
    fn row_y(&self, i: usize) -> (f64, f64) {
        let top = self.top + i as f64 * self.row;
        if self.narrow {
            (top + 12.0, top + 30.0)
        } else {
            (top + self.row / 2.0, top + self.row / 2.0)
        }
    }
}

const OVERVIEW_TOP: f64 = 40.0;

fn overview_layout(data: &Data, variant: Variant) -> OverviewLayout {
    let rows = overview_rows(data);
    let lang = data.lang();
    let width = variant.width() as f64;
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            data.site.config.metrics[r.metric]
                .display_label(lang)
                .to_string()
        })
        .collect();
    let values: Vec<String> = rows
        .iter()
        .map(|r| display::band_multiple(r.score, lang))
        .collect();
    let value_w = values
        .iter()
        .map(|v| svg::text_width(v, SMALL_PX))
        .fold(0.0, f64::max)
        + 8.0;
    let narrow = variant == Variant::Narrow;
    let (labels, left) = if narrow {
        let labels = labels
            .iter()
            .map(|l| svg::fit(l, LABEL_PX, width - 16.0))
            .collect();
        (labels, 16.0)
    } else {
        let label_w = labels
            .iter()
            .map(|l| svg::text_width(l, LABEL_PX))
            .fold(0.0, f64::max)
            .min(260.0);
        let labels = labels
            .iter()
            .map(|l| svg::fit(l, LABEL_PX, label_w))
            .collect();
        (labels, label_w + 16.0)
    };
    OverviewLayout {
        rows,
        labels,
        values,
        narrow,
        left,
        right: width - 8.0 - value_w.max(40.0),
        top: OVERVIEW_TOP,
        row: if narrow { 44.0 } else { 24.0 },
    }
}

pub fn height_overview(data: &Data, variant: Variant) -> u32 {
    (overview_layout(data, variant).bottom() + 16.0).ceil() as u32
}

pub fn draw_overview(data: &Data, variant: Variant) -> String {
    let layout = overview_layout(data, variant);
    let mut svg = Svg::new(variant.width(), height_overview(data, variant));
    let (left, right) = (layout.left, layout.right);
    let (top, bottom) = (layout.top, layout.bottom());
    let reach = layout
        .rows
        .iter()
        .map(|r| r.score.abs())
        .filter(|s| s.is_finite())
        .fold(1.5f64, f64::max)
        .min(10.0)
        * 1.1;
    let x = |v: f64| left + (v.clamp(-reach, reach) + reach) / (2.0 * reach) * (right - left);
    // Every label's box first: the zero line passes around them.
    let labels: Vec<(f64, f64, Anchor)> = (0..layout.rows.len())
        .map(|i| {
            let (label_y, _) = layout.row_y(i);
            if layout.narrow {
                (8.0, label_y, Anchor::Start)
            } else {
                (left - 8.0, label_y, Anchor::End)
            }
        })
        .collect();
    let boxes: Vec<svg::Boxed> = labels
        .iter()
        .zip(&layout.labels)
        .map(|((lx, ly, a), t)| svg::text_box(*lx, *ly, LABEL_PX, *a, t))
        .collect();
    // The band, the scale, and which side is better.
    svg.rect(
        (x(-1.0), top - 4.0),
        (x(1.0), bottom + 4.0),
        Some(BAND),
        Some(Stroke::solid(BAND_EDGE, 1.0)),
    );
    for (v, t) in [(-1.0, "−1"), (0.0, "0"), (1.0, "+1")] {
        svg.text((x(v), 14.0), SMALL_PX, MUTED, Anchor::Middle, t);
    }
    svg.text(
        (right, 30.0),
        SMALL_PX,
        INK,
        Anchor::End,
        &format!("{} →", data.t("overview_better")),
    );
    svg.text(
        (left, 30.0),
        SMALL_PX,
        INK,
        Anchor::Start,
        &format!("← {}", data.t("overview_worse")),
    );
    draw::line_around(
        &mut svg,
        x(0.0),
        (top - 4.0, bottom),
        Stroke::solid(MUTED, 1.5),
        &boxes,
    );
    for (i, r) in layout.rows.iter().enumerate() {
        let (_, y) = layout.row_y(i);
        let (lx, ly, anchor) = labels[i];
        svg.text((lx, ly), LABEL_PX, INK, anchor, &layout.labels[i]);
        svg.line((x(0.0), y), (x(r.score), y), Stroke::solid(GRID, 1.0));
        // Solid outside the band, hollow inside: shape and fill, not colour.
        if r.outside {
            svg.circle((x(r.score), y), 5.5, Some(LINE), None);
        } else {
            svg.circle((x(r.score), y), 5.0, None, Some(Stroke::solid(LINE, 2.0)));
        }
        svg.text(
            (right + 8.0, y),
            SMALL_PX,
            MUTED,
            Anchor::Start,
            &layout.values[i],
        );
    }
    svg.end()
}
