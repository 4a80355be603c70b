//! Drawing the trend, county, groups, ranking and change charts, wide or
//! narrow, as plain SVG (`svg`), and the pieces the other charts share:
//! legends, value axes from round numbers that cover the data, period
//! labels that fit their slot.
//!
//! Text is left to the browser's fonts, so CJK renders wherever the page
//! does; its width is estimated here (a CJK character one em, ASCII about
//! 0.6 em), and every label is placed so that no two overlap.

use super::{Data, Kind, Spec, Variant};
use crate::content::{Kind as MetricKind, Metric};
use crate::display;
use crate::svg::{
    Anchor, Boxed, CONTROL, CONTROL_FAINT, CONTROL_TINT, GRID, INK, LABEL_PX, MUTED, PILOT,
    PILOT_FAINT, SMALL_PX, Stroke, Svg, fit, text_box, text_width,
};

/// One row of a wide bar chart: more than a label's height, so labels never overlap.
pub const ROW: f64 = 22.0;
/// One row of a narrow bar chart: the county's name above its bar.
pub const ROW_NARROW: f64 = 36.0;
/// The height of one line of a legend.
const LEGEND_LINE: f64 = 20.0;
/// The width of a legend's symbol.
const SYMBOL_W: f64 = 26.0;

pub fn colour(pilot: bool) -> &'static str {
    if pilot { PILOT } else { CONTROL }
}

/// A group's line: pilots solid, non-pilots dashed.
pub(super) fn group_stroke(pilot: bool, width: f64) -> Stroke {
    if pilot {
        Stroke::solid(PILOT, width)
    } else {
        Stroke::dashed(CONTROL, width, "6 4")
    }
}

/// A point's mark.
#[derive(Debug, Clone, Copy)]
pub enum Marker {
    /// Filled: pilots (and the did chart's line).
    Circle(&'static str),
    /// Hollow: non-pilots.
    Square(&'static str),
}

impl Marker {
    pub(super) fn of(pilot: bool) -> Marker {
        if pilot {
            Marker::Circle(PILOT)
        } else {
            Marker::Square(CONTROL)
        }
    }

    /// Draws the mark at every point, `r` pixels from its centre to its
    /// edge, as one element.
    pub fn draw_all(self, svg: &mut Svg, points: &[(f64, f64)], r: f64) {
        match self {
            Marker::Circle(c) => svg.dots(points, r, c),
            Marker::Square(c) => svg.squares(points, r, Stroke::solid(c, 2.0)),
        }
    }

    /// Draws the mark `r` pixels from its centre to its edge.
    pub fn draw(self, svg: &mut Svg, (x, y): (f64, f64), r: f64) {
        match self {
            Marker::Circle(c) => svg.circle((x, y), r, Some(c), None),
            Marker::Square(c) => svg.rect(
                (x - r, y - r),
                (x + r, y + r),
                None,
                Some(Stroke::solid(c, 2.0)),
            ),
        }
    }
}

/// What a legend entry shows before its label: the chart's own mark.
pub enum Symbol {
    Line(Stroke, Option<Marker>),
    /// A bar: filled for pilots, outlined for non-pilots.
    Bar {
        pilot: bool,
    },
    Marker(Marker),
    /// The placebo band.
    Band,
    /// Text alone, in the muted colour.
    Note,
    /// A group's spread as the summary charts of a large site draw it: its
    /// interquartile band with the median through it (`band`), or a box
    /// plot (`summary`).
    Spread {
        pilot: bool,
        band: bool,
    },
    /// An area of a map: its fill (a colour or a hatching `url(#…)`) and
    /// outline.
    Area {
        fill: &'static str,
        stroke: Option<Stroke>,
    },
}

pub struct Key {
    pub symbol: Symbol,
    pub label: String,
}

impl Key {
    pub fn new(symbol: Symbol, label: impl Into<String>) -> Key {
        Key {
            symbol,
            label: label.into(),
        }
    }

    fn px(&self) -> f64 {
        if matches!(self.symbol, Symbol::Note) {
            SMALL_PX
        } else {
            LABEL_PX
        }
    }
}

/// Where each entry goes, left to right, wrapping onto new lines:
/// (x, line, label as shown).
fn legend_layout(keys: &[Key], width: f64) -> Vec<(f64, usize, String)> {
    let mut out = Vec::new();
    let (mut x, mut line) = (8.0, 0);
    for key in keys {
        let symbol = if matches!(key.symbol, Symbol::Note) {
            0.0
        } else {
            SYMBOL_W + 6.0
        };
        let label = fit(&key.label, key.px(), width - 16.0 - symbol);
        let w = symbol + text_width(&label, key.px());
        if x > 8.0 && x + w > width - 8.0 {
            line += 1;
            x = 8.0;
        }
        out.push((x, line, label));
        x += w + 18.0;
    }
    out
}

/// The height a legend takes (none for no keys).
pub fn legend_height(keys: &[Key], width: f64) -> f64 {
    match legend_layout(keys, width).last() {
        Some((_, line, _)) => (*line + 1) as f64 * LEGEND_LINE + 4.0,
        None => 0.0,
    }
}

pub fn legend(svg: &mut Svg, keys: &[Key], width: f64) {
    for (key, (x, line, label)) in keys.iter().zip(legend_layout(keys, width)) {
        let y = 12.0 + line as f64 * LEGEND_LINE;
        let mid = x + SYMBOL_W / 2.0;
        let text_x = x + SYMBOL_W + 6.0;
        match &key.symbol {
            Symbol::Line(stroke, marker) => {
                svg.line((x, y), (x + SYMBOL_W, y), *stroke);
                if let Some(m) = marker {
                    m.draw(svg, (mid, y), 4.0);
                }
            }
            Symbol::Bar { pilot } => bar(
                svg,
                (x + 3.0, y - 6.0),
                (x + SYMBOL_W - 3.0, y + 6.0),
                *pilot,
            ),
            Symbol::Marker(m) => m.draw(svg, (mid, y), 4.0),
            Symbol::Band => svg.rect(
                (x + 1.0, y - 6.0),
                (x + SYMBOL_W - 1.0, y + 6.0),
                Some(crate::svg::BAND),
                Some(Stroke::solid(crate::svg::BAND_EDGE, 1.0)),
            ),
            Symbol::Note => {
                svg.text((x, y), SMALL_PX, MUTED, Anchor::Start, &label);
                continue;
            }
            Symbol::Spread { pilot, band } => {
                super::summary::symbol(svg, (x, y), SYMBOL_W, *pilot, *band)
            }
            Symbol::Area { fill, stroke } => svg.rect(
                (x + 3.0, y - 7.0),
                (x + SYMBOL_W - 3.0, y + 7.0),
                Some(fill),
                *stroke,
            ),
        }
        svg.text((text_x, y), LABEL_PX, INK, Anchor::Start, &label);
    }
}

/// A bar: filled for pilots, a light fill inside an outline for non-pilots.
pub(super) fn bar(svg: &mut Svg, a: (f64, f64), b: (f64, f64), pilot: bool) {
    if pilot {
        svg.rect(a, b, Some(PILOT), None);
    } else {
        svg.rect(a, b, Some(CONTROL_TINT), Some(Stroke::solid(CONTROL, 1.5)));
    }
}

/// A county's group beside its name: a small filled (pilot) or outlined
/// (non-pilot) square, so equal bars can be told apart without colour.
pub(super) fn group_mark(svg: &mut Svg, (x, y): (f64, f64), pilot: bool) {
    let (a, b) = ((x, y - 4.0), (x + 8.0, y + 4.0));
    if pilot {
        svg.rect(a, b, Some(PILOT), None);
    } else {
        svg.rect(
            (a.0 + 0.75, a.1 + 0.75),
            (b.0 - 0.75, b.1 - 0.75),
            None,
            Some(Stroke::solid(CONTROL, 1.5)),
        );
    }
}

// ---------------------------------------------------------------- axes

/// The largest magnitude an axis reaches. Valid figures can be as large as
/// f64 allows (and means and changes of them infinite), but an axis whose
/// span is not finite cannot be divided into ticks; values beyond this are
/// drawn at the edge.
const AXIS_LIMIT: f64 = f64::MAX / 8.0;

/// A value axis: from `lo` to `hi`, with ticks at round values.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
}

/// An axis over `lo..=hi` with about `count` ticks, a step of 1, 2, 2.5 or
/// 5 times a power of ten, the first tick at or below `lo` and the last at
/// or above `hi`: every value lies within the ticks. Always finite, with a
/// positive span.
pub fn nice_axis(lo: f64, hi: f64, count: usize) -> Axis {
    let clamp = |v: f64| {
        if v.is_nan() {
            0.0
        } else {
            v.clamp(-AXIS_LIMIT, AXIS_LIMIT)
        }
    };
    let (lo, hi) = (clamp(lo.min(hi)), clamp(hi.max(lo)));
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else if lo + 1.0 > lo {
        // One above, unless the value is so large that 1 is lost.
        (lo, lo + 1.0)
    } else {
        (lo, lo + lo.abs() / 2.0)
    };
    let raw = (hi - lo) / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    // A value a hair past a tick (0.30000000000000004) is on it.
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    // A span near the smallest float makes the step 0 (and lo / step
    // infinite): no round values to show then.
    if !(step > 0.0
        && step.is_finite()
        && first.is_finite()
        && last.is_finite()
        && last > first
        && last - first <= 4.0 * count.max(1) as f64)
    {
        return Axis {
            lo,
            hi,
            ticks: vec![lo, hi],
        };
    }
    let ticks: Vec<f64> = (first as i64..=last as i64)
        .map(|i| i as f64 * step)
        .collect();
    Axis {
        lo: ticks[0].min(lo),
        hi: ticks[ticks.len() - 1].max(hi),
        ticks,
    }
}

/// The axis for levels of `metric` over `values`: from zero for amounts,
/// 0 to 100 % for shares.
pub(super) fn level_axis(metric: &Metric, values: impl Iterator<Item = f64>) -> Axis {
    let (mut lo, mut hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    match metric.kind {
        MetricKind::Ratio | MetricKind::Bool => (lo, hi) = (0.0, 1.0),
        MetricKind::Count | MetricKind::Money => lo = lo.min(0.0),
        MetricKind::Number => {}
    }
    nice_axis(lo, hi, 5)
}

/// A tick value: as few decimals as it needs (at most two), thousands
/// separated; past 10^15, in exponent form.
fn tick_number(v: f64) -> String {
    if v.abs() >= 1e15 {
        return format!("{v:e}");
    }
    let s = format!("{:.2}", v.abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 && out != "0" {
        out.insert(0, '−');
    }
    out
}

/// Tick text for a level: shares in percent; other units are named once,
/// beside the axis.
pub(super) fn tick(metric: &Metric, v: f64) -> String {
    match metric.kind {
        MetricKind::Ratio | MetricKind::Bool => format!("{}%", tick_number(v * 100.0)),
        _ => tick_number(v),
    }
}

/// Tick text for a change: signed, shares in percentage points (named
/// beside the axis, as the figures name them).
pub fn change_tick(metric: &Metric, v: f64) -> String {
    let v = match metric.kind {
        MetricKind::Ratio | MetricKind::Bool => v * 100.0,
        _ => v,
    };
    let s = tick_number(v);
    if v > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

/// "单位：万元", the caption naming an axis's unit, if it has one.
pub fn unit_caption(data: &Data, metric: &Metric, change: bool) -> Option<String> {
    display::axis_unit(metric, change, data.lang()).map(|u| format!("{}{u}", data.t("chart_unit")))
}

/// The labels under a period axis, one per slot of `slot` pixels: the
/// periods' labels where they all fit, else their short labels (a label
/// where a period has none), thinned to every second, third… counting
/// back from the latest, which is always labelled.
pub fn period_labels(data: &Data, periods: &[usize], slot: f64) -> Vec<Option<String>> {
    let all = &data.site.config.periods;
    let widest = |texts: &[&str]| {
        texts
            .iter()
            .map(|t| text_width(t, SMALL_PX))
            .fold(0.0, f64::max)
            + 8.0
    };
    let full: Vec<&str> = periods.iter().map(|p| all[*p].label.as_str()).collect();
    let texts = if widest(&full) <= slot {
        full
    } else {
        periods
            .iter()
            .map(|p| all[*p].short.as_deref().unwrap_or(&all[*p].label))
            .collect()
    };
    let every = (widest(&texts) / slot).ceil().max(1.0) as usize;
    let last = periods.len().saturating_sub(1);
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (last - i)
                .is_multiple_of(every)
                .then(|| fit(t, SMALL_PX, every as f64 * slot - 8.0))
        })
        .collect()
}

// ---------------------------------------------------------------- period charts

/// The plot of a chart over periods.
pub(super) struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub axis: Axis,
    pub periods: usize,
}

impl Frame {
    pub fn slot(&self) -> f64 {
        (self.right - self.left) / self.periods.max(1) as f64
    }

    pub fn x(&self, period: usize) -> f64 {
        self.left + self.slot() * (period as f64 + 0.5)
    }

    pub fn y(&self, v: f64) -> f64 {
        let (lo, hi) = (self.axis.lo, self.axis.hi);
        self.bottom - (v.clamp(lo, hi) - lo) / (hi - lo) * (self.bottom - self.top)
    }
}

pub(super) fn plot_height(variant: Variant) -> f64 {
    match variant {
        Variant::Wide => 240.0,
        Variant::Narrow => 200.0,
    }
}

/// The legend of each chart over periods.
fn period_keys(spec: &Spec, data: &Data) -> Vec<Key> {
    let mean = |pilot: bool| format!("{}{}", data.group_label(pilot), data.t("chart_mean"));
    match spec.kind {
        Kind::Trend => vec![
            Key::new(
                Symbol::Line(group_stroke(true, 3.0), Some(Marker::of(true))),
                mean(true),
            ),
            Key::new(
                Symbol::Line(group_stroke(false, 3.0), Some(Marker::of(false))),
                mean(false),
            ),
            Key::new(Symbol::Note, data.t("chart_faint_lines")),
        ],
        Kind::Groups => vec![
            Key::new(Symbol::Marker(Marker::of(true)), data.group_label(true)),
            Key::new(Symbol::Marker(Marker::of(false)), data.group_label(false)),
            Key::new(Symbol::Note, data.t("chart_bar_is_mean")),
        ],
        // The county chart labels its two lines directly.
        _ => Vec::new(),
    }
}

/// Space from the top to the plot: the legend, then a row for the unit.
pub(super) fn frame_top(keys: &[Key], width: f64) -> f64 {
    legend_height(keys, width).max(6.0) + 24.0
}

/// Draws the legend, the unit, the value axis with its grid and the period
/// labels; returns the plot.
pub(super) fn frame(
    svg: &mut Svg,
    data: &Data,
    metric: &Metric,
    keys: &[Key],
    axis: Axis,
    right_margin: f64,
    variant: Variant,
) -> Frame {
    let width = variant.width() as f64;
    let periods: Vec<usize> = (0..data.site.config.periods.len()).collect();
    let ticks: Vec<String> = axis.ticks.iter().map(|v| tick(metric, *v)).collect();
    let tick_w = ticks
        .iter()
        .map(|t| text_width(t, SMALL_PX))
        .fold(0.0, f64::max)
        .min(width * 0.3);
    let top = frame_top(keys, width);
    let f = Frame {
        left: 8.0 + tick_w + 8.0,
        right: width - right_margin,
        top,
        bottom: top + plot_height(variant),
        axis,
        periods: periods.len(),
    };
    legend(svg, keys, width);
    if let Some(unit) = unit_caption(data, metric, false) {
        svg.text(
            (8.0, top - 16.0),
            SMALL_PX,
            MUTED,
            Anchor::Start,
            &fit(&unit, SMALL_PX, width - 16.0),
        );
    }
    // The grid in one path; the zero line, darker, on its own.
    let grid: Vec<_> = f
        .axis
        .ticks
        .iter()
        .filter(|v| **v != 0.0)
        .map(|v| ((f.left, f.y(*v)), (f.right, f.y(*v))))
        .collect();
    svg.lines(&grid, Stroke::solid(GRID, 1.0));
    for (v, text) in f.axis.ticks.iter().zip(&ticks) {
        let y = f.y(*v);
        if *v == 0.0 {
            svg.line((f.left, y), (f.right, y), Stroke::solid(MUTED, 1.0));
        }
        svg.text(
            (f.left - 6.0, y),
            SMALL_PX,
            MUTED,
            Anchor::End,
            &fit(text, SMALL_PX, tick_w),
        );
    }
    svg.line(
        (f.left, f.top),
        (f.left, f.bottom),
        Stroke::solid(MUTED, 1.0),
    );
    for (i, label) in period_labels(data, &periods, f.slot())
        .into_iter()
        .enumerate()
    {
        if let Some(label) = label {
            centred_text(svg, (f.x(i), f.bottom + 14.0), width, &label);
        }
    }
    f
}

/// Small muted text centred on `x`, moved in where it would stick out of
/// the drawing (a label wider than its slot, at either end).
pub fn centred_text(svg: &mut Svg, (x, y): (f64, f64), width: f64, text: &str) {
    let half = text_width(text, SMALL_PX) / 2.0;
    let x = x.min(width - 2.0 - half).max(2.0 + half);
    svg.text((x, y), SMALL_PX, MUTED, Anchor::Middle, text);
}

fn period_chart_height(spec: &Spec, data: &Data, variant: Variant) -> f64 {
    let width = variant.width() as f64;
    frame_top(&period_keys(spec, data), width) + plot_height(variant) + 30.0
}

/// Splits a series into runs of consecutive reported periods.
pub(super) fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => out.last_mut().map(|r| r.push((i, *v))).unwrap_or(()),
            None => out.push(Vec::new()),
        }
    }
    out.into_iter().filter(|r| !r.is_empty()).collect()
}

fn series(data: &Data, metric: usize, county: usize) -> Vec<Option<f64>> {
    (0..data.site.config.periods.len())
        .map(|p| data.panel.get(county, p, metric))
        .collect()
}

pub(super) fn means(data: &Data, metric: usize, pilot: bool) -> Vec<Option<f64>> {
    (0..data.site.config.periods.len())
        .map(|p| data.stats.group_mean(metric, p, pilot).mean)
        .collect()
}

/// Draws a series as a line, with the group's markers when `marker` says
/// how large.
pub(super) fn line(
    svg: &mut Svg,
    f: &Frame,
    values: &[Option<f64>],
    stroke: Stroke,
    marker: Option<(Marker, f64)>,
    class: Option<&str>,
) {
    for run in runs(values) {
        let points: Vec<(f64, f64)> = run.iter().map(|(i, v)| (f.x(*i), f.y(*v))).collect();
        svg.path(&points, stroke, class);
        if let Some((m, r)) = marker {
            m.draw_all(svg, &points, r);
        }
    }
}

fn trend(svg: &mut Svg, spec: &Spec, data: &Data, variant: Variant) {
    let metric = &data.site.config.metrics[spec.metric];
    let counties = data.site.counties.len();
    let all: Vec<Vec<Option<f64>>> = (0..counties)
        .map(|c| series(data, spec.metric, c))
        .collect();
    let axis = level_axis(metric, all.iter().flatten().flatten().copied());
    let keys = period_keys(spec, data);
    let f = frame(svg, data, metric, &keys, axis, 12.0, variant);
    // Single counties: thin lines in a light tint of their group's colour,
    // dashed for non-pilots.
    for (c, values) in all.iter().enumerate() {
        let stroke = if data.site.counties[c].pilot {
            Stroke::solid(PILOT_FAINT, 1.0)
        } else {
            Stroke::dashed(CONTROL_FAINT, 1.0, "4 3")
        };
        line(svg, &f, values, stroke, None, Some("faint"));
    }
    for pilot in [false, true] {
        line(
            svg,
            &f,
            &means(data, spec.metric, pilot),
            group_stroke(pilot, 3.0),
            Some((Marker::of(pilot), 4.0)),
            None,
        );
    }
}

/// Labels at the right end of lines: each at its line's last point, moved
/// apart where two would overlap, kept within the plot's height.
fn end_labels(wanted: &[f64], top: f64, bottom: f64, gap: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|a, b| wanted[*a].total_cmp(&wanted[*b]).then(a.cmp(b)));
    let mut placed = vec![0.0; wanted.len()];
    let mut previous = f64::NEG_INFINITY;
    for i in &order {
        let y = wanted[*i].max(previous + gap).max(top);
        placed[*i] = y;
        previous = y;
    }
    // Pushed past the bottom: move the stack up.
    let over = previous - bottom;
    if over > 0.0 {
        for y in &mut placed {
            *y -= over;
        }
    }
    placed
}

fn county(svg: &mut Svg, spec: &Spec, data: &Data, variant: Variant) {
    let metric = &data.site.config.metrics[spec.metric];
    let county = spec.county.unwrap_or(0);
    let pilot = data.site.counties[county].pilot;
    let own = series(data, spec.metric, county);
    let mean = means(data, spec.metric, pilot);
    let axis = level_axis(metric, own.iter().chain(&mean).flatten().copied());
    let width = variant.width() as f64;
    // The county's name and its group's mean, at the right of their lines.
    let name = data.site.counties[county].name.clone();
    let mean_label = format!("{}{}", data.group_label(pilot), data.t("chart_mean"));
    let label_w = text_width(&name, LABEL_PX)
        .max(text_width(&mean_label, SMALL_PX))
        .min(width * 0.3);
    let keys = period_keys(spec, data);
    let f = frame(svg, data, metric, &keys, axis, label_w + 14.0, variant);
    // The group's mean thin, the county heavy with markers: both in the
    // group's colour and line style.
    line(svg, &f, &mean, group_stroke(pilot, 1.5), None, None);
    line(
        svg,
        &f,
        &own,
        group_stroke(pilot, 3.0),
        Some((Marker::of(pilot), 4.0)),
        None,
    );
    let last = |values: &[Option<f64>]| values.iter().rev().flatten().next().map(|v| f.y(*v));
    let lines = [
        (last(&own), name, LABEL_PX, INK),
        (last(&mean), mean_label, SMALL_PX, MUTED),
    ];
    let shown: Vec<_> = lines
        .into_iter()
        .filter_map(|(y, t, px, c)| Some((y?, t, px, c)))
        .collect();
    let wanted: Vec<f64> = shown.iter().map(|(y, ..)| *y).collect();
    let ys = end_labels(&wanted, f.top, f.bottom, 16.0);
    for ((_, text, px, c), y) in shown.iter().zip(ys) {
        svg.text(
            (f.right + 6.0, y),
            *px,
            c,
            Anchor::Start,
            &fit(text, *px, label_w + 6.0),
        );
    }
}

fn groups(svg: &mut Svg, spec: &Spec, data: &Data, variant: Variant) {
    let metric = &data.site.config.metrics[spec.metric];
    let counties = data.site.counties.len();
    let axis = level_axis(
        metric,
        (0..counties)
            .flat_map(|c| series(data, spec.metric, c))
            .flatten(),
    );
    let keys = period_keys(spec, data);
    let f = frame(svg, data, metric, &keys, axis, 12.0, variant);
    let slot = f.slot();
    for p in 0..data.site.config.periods.len() {
        for pilot in [true, false] {
            let centre = f.x(p) + slot * if pilot { -0.18 } else { 0.18 };
            for c in (0..counties).filter(|c| data.site.counties[*c].pilot == pilot) {
                let Some(v) = data.panel.get(c, p, spec.metric) else {
                    continue;
                };
                // A fixed spread by county, so dots of equal value stay apart.
                let jitter = (((c * 7919) % 13) as f64 / 13.0 - 0.5) * slot * 0.16;
                Marker::of(pilot).draw(svg, (centre + jitter, f.y(v)), 3.0);
            }
            if let Some(m) = data.stats.group_mean(spec.metric, p, pilot).mean {
                let half = slot * 0.14;
                let y = f.y(m);
                svg.line(
                    (centre - half, y),
                    (centre + half, y),
                    Stroke::solid(colour(pilot), 3.0),
                );
            }
        }
    }
}

// ---------------------------------------------------------------- shared by bar charts

/// Captions under or over a plot, each `(x, anchor, text)` on the first
/// row where it overlaps no other.
pub fn caption_rows(items: Vec<(f64, Anchor, String)>) -> Vec<Vec<(f64, Anchor, String)>> {
    let b = |(x, a, t): &(f64, Anchor, String)| text_box(*x, 0.0, SMALL_PX, *a, t);
    let mut rows: Vec<Vec<(f64, Anchor, String)>> = Vec::new();
    for item in items {
        let free = |row: &Vec<(f64, Anchor, String)>| {
            row.iter().all(|other| {
                let (p, q) = (b(&item), b(other));
                p.right + 8.0 <= q.left || q.right + 8.0 <= p.left
            })
        };
        match rows.iter().position(free) {
            Some(i) => rows[i].push(item),
            None => rows.push(vec![item]),
        }
    }
    rows
}

/// A vertical line from `y0` to `y1`, broken where it would cross a text.
pub fn line_around(svg: &mut Svg, x: f64, (y0, y1): (f64, f64), stroke: Stroke, texts: &[Boxed]) {
    let mut cuts: Vec<(f64, f64)> = texts
        .iter()
        .filter(|b| b.left - 3.0 <= x && x <= b.right + 3.0)
        .map(|b| (b.top - 2.0, b.bottom + 2.0))
        .collect();
    cuts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut y = y0;
    for (a, b) in cuts {
        if a > y {
            svg.line((x, y), (x, a.min(y1)), stroke);
        }
        y = y.max(b);
        if y >= y1 {
            return;
        }
    }
    svg.line((x, y), (x, y1), stroke);
}

// ---------------------------------------------------------------- entry points

/// Draws a chart of one of the kinds above (without title and description).
pub fn draw(spec: &Spec, data: &Data, variant: Variant) -> String {
    let mut svg = Svg::new(variant.width(), height(spec, data, variant));
    match spec.kind {
        Kind::Trend => trend(&mut svg, spec, data, variant),
        Kind::County => county(&mut svg, spec, data, variant),
        Kind::Groups => groups(&mut svg, spec, data, variant),
        Kind::Ranking | Kind::Change => {
            let b = super::bars::layout(spec, data, variant);
            super::bars::draw(&mut svg, &b, data, Vec::new(), |_| {});
        }
        // Drawn in `evidence` and `map::draw`.
        Kind::Did | Kind::Overview | Kind::Map | Kind::PilotMap | Kind::Locator => {}
    }
    svg.end()
}

pub fn height(spec: &Spec, data: &Data, variant: Variant) -> u32 {
    let h = match spec.kind {
        Kind::Ranking | Kind::Change => super::bars::layout(spec, data, variant).height(),
        _ => period_chart_height(spec, data, variant),
    };
    h.ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn axes_are_round_and_cover_the_values() {
        let a = nice_axis(-1.1, 0.0, 5);
        assert!(
            close(&a.ticks, &[-1.25, -1.0, -0.75, -0.5, -0.25, 0.0]),
            "{a:?}"
        );
        let a = nice_axis(0.0, 20.0, 5);
        assert!(close(&a.ticks, &[0.0, 5.0, 10.0, 15.0, 20.0]), "{a:?}");
        // The largest value above the last round tick within the range:
        // one more tick (17 -> 20, 2.67 -> 3).
        let a = nice_axis(0.0, 17.0, 5);
        assert!(close(&a.ticks, &[0.0, 5.0, 10.0, 15.0, 20.0]), "{a:?}");
        assert_eq!(a.hi, 20.0);
        let a = nice_axis(0.0, 2.67, 5);
        assert!(a.ticks.last().is_some_and(|t| *t >= 2.67), "{a:?}");
        let a = nice_axis(0.0, 0.3, 5);
        assert!(close(&a.ticks, &[0.0, 0.1, 0.2, 0.3]), "{a:?}");
        let a = nice_axis(0.0, 1.0, 5);
        assert!(close(&a.ticks, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]), "{a:?}");
        assert_eq!(tick_number(2.50), "2.5");
        assert_eq!(tick_number(-0.0), "0");
        assert_eq!(tick_number(12500.0), "12,500");
        assert_eq!(tick_number(-3.0), "−3");
    }

    fn metric(kind: MetricKind) -> Metric {
        Metric::new("m", "m", kind)
    }

    #[test]
    fn change_ticks_are_signed_and_in_points_for_shares() {
        let ratio = metric(MetricKind::Ratio);
        assert_eq!(change_tick(&ratio, 0.1), "+10");
        assert_eq!(change_tick(&ratio, -0.05), "−5");
        assert_eq!(change_tick(&ratio, 0.0), "0");
        assert_eq!(change_tick(&metric(MetricKind::Count), 1500.0), "+1,500");
    }

    #[test]
    fn axes_are_finite_whatever_the_values() {
        let cases: &[&[f64]] = &[
            &[1.7e308],
            &[f64::MAX, -f64::MAX],
            &[f64::INFINITY, 3.0],
            &[f64::NEG_INFINITY, f64::NAN],
            &[1e300, 1e300],
            &[-1e300],
            &[5e-324],
            &[-5e-324],
            &[],
        ];
        for kind in [MetricKind::Count, MetricKind::Money, MetricKind::Number] {
            for values in cases {
                let a = level_axis(&metric(kind), values.iter().copied());
                assert!(
                    a.lo.is_finite()
                        && a.hi.is_finite()
                        && (a.hi - a.lo).is_finite()
                        && a.hi > a.lo,
                    "{kind:?} {values:?} -> {a:?}"
                );
                assert!(
                    !a.ticks.is_empty() && a.ticks.len() <= 22,
                    "{values:?} -> {a:?}"
                );
                assert!(a.ticks.iter().all(|t| t.is_finite()), "{values:?} -> {a:?}");
            }
        }
    }

    /// Found by the chart_draw fuzz target: a ranking of a `number` metric
    /// whose only value was -5e-324 (a money figure of 5e-324 does the
    /// same): the tick step underflowed to 0, lo / step was infinite, and
    /// collecting i64::MIN..=i64::MAX panicked with "capacity overflow".
    #[test]
    fn axes_over_the_smallest_spans() {
        for (lo, hi) in [
            (-5e-324, 0.0),
            (0.0, 5e-324),
            (0.0, 1e-310),
            (-1e-320, 1e-320),
            (-f64::MAX / 4.0, f64::MAX / 4.0),
        ] {
            let a = nice_axis(lo, hi, 5);
            assert!((2..=12).contains(&a.ticks.len()), "{lo} {hi}: {a:?}");
            assert!(a.ticks.iter().all(|t| t.is_finite()), "{lo} {hi}: {a:?}");
            let (lo, hi) = (lo.max(-AXIS_LIMIT), hi.min(AXIS_LIMIT));
            assert!(a.lo <= lo && a.hi >= hi, "{lo} {hi}: {a:?}");
        }
    }

    #[test]
    fn end_labels_keep_apart() {
        assert_eq!(
            end_labels(&[100.0, 105.0], 50.0, 300.0, 16.0),
            vec![100.0, 116.0]
        );
        assert_eq!(
            end_labels(&[105.0, 100.0], 50.0, 300.0, 16.0),
            vec![116.0, 100.0]
        );
        assert_eq!(
            end_labels(&[300.0, 300.0], 50.0, 300.0, 16.0),
            vec![284.0, 300.0]
        );
        assert_eq!(end_labels(&[10.0], 50.0, 300.0, 16.0), vec![50.0]);
    }

    /// Found by the chart_draw fuzz target: a money figure of 1.7e308 (a
    /// valid value: finite, not negative) padded the axis to infinity, and
    /// the tick placement never returned, so `check` and `build` hung.
    #[test]
    fn huge_values_are_drawn() {
        use crate::stats::{self, Panel};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let site = crate::content::load(&root, false)
            .site
            .expect("the fixture loads");
        let budget = site.config.metric_index("budget").unwrap();
        let activities = site.config.metric_index("activities").unwrap();
        let mut panel = Panel::from_site(&site);
        // The only budget of the baseline: the tiniest span.
        panel.set(0, 0, budget, Some(5e-324));
        panel.set(1, 0, budget, None);
        panel.set(0, 1, budget, Some(1.7e308));
        panel.set(1, 1, budget, Some(f64::MAX));
        // A sum of two large counts is infinite.
        panel.set(0, 1, activities, Some(f64::INFINITY));
        let stats = stats::compute(&panel, site.config.baseline);
        let strings = Default::default();
        let data = Data {
            site: &site,
            panel: &panel,
            stats: &stats,
            strings: &strings,
        };
        for metric in [budget, activities] {
            for kind in Kind::ALL {
                for period in [None, Some(0), Some(1)] {
                    for variant in Variant::ALL {
                        let county = (kind == Kind::County).then_some(0);
                        let spec = Spec {
                            kind,
                            metric,
                            county,
                            period,
                        };
                        let svg = super::super::svg(
                            &super::super::normalise(spec, &data),
                            &data,
                            variant,
                        );
                        assert!(svg.starts_with("<svg"), "{kind:?} {period:?}");
                    }
                }
            }
        }
    }
}
