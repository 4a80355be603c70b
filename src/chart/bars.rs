//! The ranking and change charts: a row per county, its name beside a
//! mark of its group, a bar from zero and its value; a change chart adds
//! each group's mean change as a line and says which way is better.
//!
//! The layout is in two parts, so the summary form of a large site
//! (`summary`) can draw its few named counties with the same pieces: a
//! [`Bars`] frame (legend, name column, value axis, captions) made for the
//! rows it will hold, then rows stacked into it, then one drawing pass.

use super::draw::{
    Axis, Key, ROW, ROW_NARROW, Symbol, bar, caption_rows, centred_text, change_tick, group_mark,
    group_stroke, legend, legend_height, line_around, nice_axis, tick, unit_caption,
};
use super::{Data, Kind, Spec, Variant, ranked};
use crate::content::Kind as MetricKind;
use crate::display;
use crate::svg::{
    Anchor, Boxed, GRID, INK, LABEL_PX, MUTED, SMALL_PX, Stroke, Svg, fit, text_box, text_width,
};

/// One county's row: where its name and its bar go.
pub(super) struct BarRow {
    pub county: usize,
    pub value: Option<f64>,
    /// The value as the row shows it, or "not reported".
    pub label: String,
    pub name_y: f64,
    pub bar_y: f64,
}

/// A text placed on a bar chart, known before any line is drawn so lines
/// can pass around it.
pub(super) struct Placed {
    pub at: (f64, f64),
    pub px: f64,
    pub colour: &'static str,
    pub anchor: Anchor,
    pub text: String,
}

impl Placed {
    fn boxed(&self) -> Boxed {
        text_box(self.at.0, self.at.1, self.px, self.anchor, &self.text)
    }
}

/// A ranking or change chart laid out: everything but the drawing.
pub(super) struct Bars {
    pub width: f64,
    pub narrow: bool,
    pub keys: Vec<Key>,
    /// The top of the plot, under the legend.
    pub top: f64,
    /// The bottom of the plot: under the last row.
    pub bottom: f64,
    pub row: f64,
    pub rows: Vec<BarRow>,
    /// Where county names end (wide) or start (narrow).
    pub name_x: f64,
    pub name_w: f64,
    pub x0: f64,
    pub x1: f64,
    pub axis: Axis,
    tick_labels: Vec<String>,
    /// The group means of a change chart.
    pub means: Vec<(bool, f64)>,
    /// Caption rows under the ticks: (x, anchor, text) per row.
    captions: Vec<Vec<(f64, Anchor, String)>>,
}

impl Bars {
    pub fn height(&self) -> f64 {
        self.bottom + 24.0 + 18.0 * self.captions.len() as f64 + 4.0
    }

    pub fn scale(&self, v: f64) -> f64 {
        let (lo, hi) = (self.axis.lo, self.axis.hi);
        self.x0 + (v.clamp(lo, hi) - lo) / (hi - lo) * (self.x1 - self.x0)
    }

    /// Stacks `shown` rows from `top` down (at least one row's height);
    /// returns where they end.
    pub fn stack(
        &mut self,
        spec: &Spec,
        data: &Data,
        shown: &[(usize, Option<f64>)],
        top: f64,
    ) -> f64 {
        for (i, (county, value)) in shown.iter().enumerate() {
            let row_top = top + i as f64 * self.row;
            let (name_y, bar_y) = if self.narrow {
                (row_top + 9.0, row_top + 25.0)
            } else {
                (row_top + self.row / 2.0, row_top + self.row / 2.0)
            };
            self.rows.push(BarRow {
                county: *county,
                value: *value,
                label: value_label(spec, data, *value),
                name_y,
                bar_y,
            });
        }
        self.bottom = top + shown.len().max(1) as f64 * self.row;
        self.bottom
    }
}

/// The values a ranking (levels) or change chart shows: the counties with
/// one, highest first, and those without.
pub(super) fn values(spec: &Spec, data: &Data) -> (Vec<(usize, f64)>, Vec<usize>) {
    let period = data.period_of(spec);
    let baseline = data.site.config.baseline;
    ranked(data, |c| {
        if spec.kind == Kind::Change {
            baseline.and_then(|b| data.panel.change(c, period, b, spec.metric))
        } else {
            data.panel.get(c, period, spec.metric)
        }
    })
}

/// A row's value as written beside its bar.
pub(super) fn value_label(spec: &Spec, data: &Data, v: Option<f64>) -> String {
    let metric = &data.site.config.metrics[spec.metric];
    let lang = data.lang();
    match (v, spec.kind == Kind::Change) {
        (None, _) => display::not_reported(lang).to_string(),
        (Some(v), true) => display::change(metric, Some(v), lang),
        (Some(v), false) => display::value(metric, Some(v), lang),
    }
}

/// The legend: the bars, and for changes the group means as lines (which
/// are returned too, to draw).
pub(super) fn keys(spec: &Spec, data: &Data) -> (Vec<Key>, Vec<(bool, f64)>) {
    let metric = &data.site.config.metrics[spec.metric];
    let mut keys = vec![
        Key::new(Symbol::Bar { pilot: true }, data.group_label(true)),
        Key::new(Symbol::Bar { pilot: false }, data.group_label(false)),
    ];
    let mut means = Vec::new();
    if spec.kind == Kind::Change {
        let cell = data.stats.cell(spec.metric, data.period_of(spec));
        for (pilot, mean) in [
            (true, cell.pilot_change.mean),
            (false, cell.control_change.mean),
        ] {
            let Some(m) = mean else { continue };
            means.push((pilot, m));
            keys.push(Key::new(
                Symbol::Line(group_stroke(pilot, 2.0), None),
                format!(
                    "{} {} {}",
                    data.group_label(pilot),
                    data.t("chart_mean_change"),
                    display::change(metric, Some(m), data.lang())
                ),
            ));
        }
    }
    (keys, means)
}

/// What a bar chart's frame is made for.
pub(super) struct Contents<'a> {
    /// The legend and a change chart's group means, as [`keys`] gives
    /// them (with any more keys after).
    pub keys: (Vec<Key>, Vec<(bool, f64)>),
    /// Every value: the axis covers them.
    pub with: &'a [(usize, f64)],
    /// The rows that will be drawn: room is kept for their value labels.
    pub shown: &'a [(usize, Option<f64>)],
    /// The widest name the name column holds (at most 170 px).
    pub names_w: f64,
    /// More captions under the ticks.
    pub captions: Vec<(f64, Anchor, String)>,
}

/// The frame of a bar chart, with no rows yet: legend, name column, value
/// axis over every value and the means, and captions.
pub(super) fn frame(spec: &Spec, data: &Data, variant: Variant, contents: Contents) -> Bars {
    let Contents {
        keys: (keys, means),
        with,
        shown,
        names_w,
        captions: more_captions,
    } = contents;
    let metric = &data.site.config.metrics[spec.metric];
    let lang = data.lang();
    let change = spec.kind == Kind::Change;
    let width = variant.width() as f64;
    let narrow = variant == Variant::Narrow;
    // Wide: names right-aligned before the bars, then the group mark.
    // Narrow: the mark and the name above each bar.
    let (name_x, name_w, base) = if narrow {
        (22.0, width - 30.0, 8.0)
    } else {
        let name_w = names_w.min(170.0);
        (8.0 + name_w, name_w, 8.0 + name_w + 5.0 + 8.0 + 8.0)
    };
    // Room beside the bars for the value labels: negative values' at the
    // left, the others' (and "not reported") at the right.
    let room = |negative: bool| {
        shown
            .iter()
            .filter(|(_, v)| v.is_some_and(|v| v < 0.0) == negative)
            .map(|(_, v)| text_width(&value_label(spec, data, *v), SMALL_PX) + 6.0)
            .fold(0.0, f64::max)
            .min(width * 0.35)
    };
    let x0 = base + room(true);
    let x1 = (width - 8.0 - room(false)).max(x0 + 40.0);
    let (mut lo, mut hi) = with.iter().fold((0.0f64, 0.0f64), |(lo, hi), (_, v)| {
        (lo.min(*v), hi.max(*v))
    });
    if matches!(metric.kind, MetricKind::Ratio | MetricKind::Bool) && !change {
        (lo, hi) = (0.0, 1.0);
    }
    for (_, m) in &means {
        (lo, hi) = (lo.min(*m), hi.max(*m));
    }
    let tick_text = |v: f64| {
        if change {
            change_tick(metric, v)
        } else {
            tick(metric, v)
        }
    };
    // As many round ticks as fit side by side.
    let mut axis = nice_axis(lo, hi, 2);
    for count in (2..=5).rev() {
        let candidate = nice_axis(lo, hi, count);
        let gaps = candidate.ticks.len().saturating_sub(1).max(1) as f64;
        let widest = candidate
            .ticks
            .iter()
            .map(|t| text_width(&tick_text(*t), SMALL_PX))
            .fold(0.0, f64::max);
        if widest + 8.0 <= (x1 - x0) / gaps {
            axis = candidate;
            break;
        }
    }
    let tick_labels = axis.ticks.iter().map(|t| tick_text(*t)).collect();
    // Under the ticks: which way is better (changes), and the unit.
    let mut items: Vec<(f64, Anchor, String)> = Vec::new();
    if let Some((low, high)) = change.then(|| display::direction(metric, lang)).flatten() {
        items.push((x0, Anchor::Start, format!("← {low}")));
        items.push((x1, Anchor::End, format!("{high} →")));
    }
    if let Some(unit) = unit_caption(data, metric, change) {
        items.push(((x0 + x1) / 2.0, Anchor::Middle, unit));
    }
    items.extend(more_captions);
    let captions = caption_rows(items);
    let top = legend_height(&keys, width) + 8.0;
    Bars {
        width,
        narrow,
        keys,
        top,
        bottom: top,
        row: if narrow { ROW_NARROW } else { ROW },
        rows: Vec::new(),
        name_x,
        name_w,
        x0,
        x1,
        axis,
        tick_labels,
        means,
        captions,
    }
}

/// Ranking and change: every county's row, highest first, then those
/// without a value.
pub(super) fn layout(spec: &Spec, data: &Data, variant: Variant) -> Bars {
    let (with, without) = values(spec, data);
    let order: Vec<(usize, Option<f64>)> = with
        .iter()
        .map(|(c, v)| (*c, Some(*v)))
        .chain(without.iter().map(|c| (*c, None)))
        .collect();
    let names_w = data
        .site
        .counties
        .iter()
        .map(|c| text_width(&c.name, LABEL_PX))
        .fold(0.0, f64::max);
    let contents = Contents {
        keys: keys(spec, data),
        with: &with,
        shown: &order,
        names_w,
        captions: Vec::new(),
    };
    let mut b = frame(spec, data, variant, contents);
    let top = b.top;
    b.stack(spec, data, &order, top);
    b
}

/// Draws a laid-out bar chart: legend, grid, rows, means and captions.
/// `more` are further texts the lines pass around; `marks` draws more
/// marks over the grid, under the rows.
pub(super) fn draw(
    svg: &mut Svg,
    b: &Bars,
    data: &Data,
    more: Vec<Placed>,
    marks: impl FnOnce(&mut Svg),
) {
    let counties = &data.site.counties;
    let (top, bottom) = (b.top, b.bottom);
    let zero = b.scale(0.0);
    // Every text of the rows, placed before any line is drawn, so lines
    // can pass around them.
    let mut texts: Vec<Placed> = Vec::new();
    for row in &b.rows {
        let anchor = if b.narrow { Anchor::Start } else { Anchor::End };
        texts.push(Placed {
            at: (b.name_x, row.name_y),
            px: LABEL_PX,
            colour: INK,
            anchor,
            text: fit(&counties[row.county].name, LABEL_PX, b.name_w),
        });
        let (x, anchor, colour) = match row.value {
            None => (zero + 6.0, Anchor::Start, MUTED),
            Some(v) if v < 0.0 => (b.scale(v) - 6.0, Anchor::End, INK),
            Some(v) => (b.scale(v).max(zero + 1.0) + 6.0, Anchor::Start, INK),
        };
        texts.push(Placed {
            at: (x, row.bar_y),
            px: SMALL_PX,
            colour,
            anchor,
            text: row.label.clone(),
        });
    }
    texts.extend(more);
    let boxes: Vec<Boxed> = texts.iter().map(Placed::boxed).collect();
    legend(svg, &b.keys, b.width);
    for (v, text) in b.axis.ticks.iter().zip(&b.tick_labels) {
        let x = b.scale(*v);
        if *v != 0.0 {
            line_around(
                svg,
                x,
                (top - 2.0, bottom),
                Stroke::solid(GRID, 1.0),
                &boxes,
            );
        }
        centred_text(svg, (x, bottom + 12.0), b.width, text);
    }
    line_around(
        svg,
        zero,
        (top - 2.0, bottom),
        Stroke::solid(MUTED, 1.0),
        &boxes,
    );
    marks(svg);
    for row in &b.rows {
        let pilot = counties[row.county].pilot;
        let mark_x = if b.narrow { 8.0 } else { b.name_x + 5.0 };
        group_mark(svg, (mark_x, row.name_y), pilot);
        if let Some(v) = row.value {
            let end = b.scale(v);
            let (a, z) = if end >= zero {
                (zero, end)
            } else {
                (end, zero)
            };
            let half = if b.narrow { 6.0 } else { 7.0 };
            bar(
                svg,
                (a, row.bar_y - half),
                (z.max(a + 1.0), row.bar_y + half),
                pilot,
            );
        }
    }
    // The group means of a change chart, over the bars and the zero line
    // (a mean of zero stays visible), around every label.
    for (pilot, m) in &b.means {
        line_around(
            svg,
            b.scale(*m),
            (top - 2.0, bottom),
            group_stroke(*pilot, 2.0),
            &boxes,
        );
    }
    for t in &texts {
        svg.text(t.at, t.px, t.colour, t.anchor, &t.text);
    }
    for (i, row) in b.captions.iter().enumerate() {
        let y = bottom + 32.0 + 18.0 * i as f64;
        for (x, anchor, text) in row {
            svg.text((*x, y), SMALL_PX, MUTED, *anchor, text);
        }
    }
}
