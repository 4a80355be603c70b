//! Drawing charts as SVG with plotters (SVG backend only, no system fonts).
//!
//! plotters maps coordinates, draws the numeric axis and its grid; legends,
//! period labels and county names are placed here, since plotters' estimate
//! of text width is wrong for CJK text. Bars are plain rectangles (plotters'
//! Histogram output is not deterministic). Text is left to the browser's
//! fonts, so CJK renders wherever the page does.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Data, Kind, Spec, ranked};
use crate::content::{Kind as MetricKind, Metric};

pub const WIDTH: u32 = 720;
const FONT: &str = "sans-serif";
/// Text sizes in CSS pixels (plotters' SVG backend divides by 1.24).
pub(super) const LABEL_PX: f64 = 12.0;
pub(super) const SMALL_PX: f64 = 11.0;
/// One row of a bar chart: more than the label's height, so labels never overlap.
pub const ROW: i32 = 22;

const PILOT: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const CONTROL: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const NEUTRAL: RGBColor = RGBColor(0x6B, 0x6B, 0x6B);

/// Dark mode: the same marks in lighter colours (Okabe-Ito sky blue and
/// orange). CSS overrides plotters' presentation attributes by value.
const STYLE: &str = "<style>text{font-family:system-ui,-apple-system,\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif}\
@media (prefers-color-scheme:dark){\
[fill=\"#0072B2\"]{fill:#56B4E9}[stroke=\"#0072B2\"]{stroke:#56B4E9}\
[fill=\"#D55E00\"]{fill:#E69F00}[stroke=\"#D55E00\"]{stroke:#E69F00}\
[fill=\"#1A1A1A\"]{fill:#E6E6E6}[stroke=\"#1A1A1A\"]{stroke:#E6E6E6}\
[fill=\"#595959\"]{fill:#B0B0B0}[stroke=\"#595959\"]{stroke:#B0B0B0}\
[fill=\"#6B6B6B\"]{fill:#A8A8A8}[stroke=\"#6B6B6B\"]{stroke:#A8A8A8}\
[stroke=\"#DDDDDD\"]{stroke:#3A3A3A}[fill=\"#E4E4E4\"]{fill:#383838}[stroke=\"#767676\"]{stroke:#9A9A9A}}</style>";

fn color(pilot: bool) -> RGBColor {
    if pilot { PILOT } else { CONTROL }
}

fn text_style(px: f64, c: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FONT, px * 1.24).into_font())
        .color(c)
        .pos(Pos::new(h, v))
}

/// Estimated width in pixels: CJK and other wide characters take a full
/// em, ASCII about 0.6 em.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * px
}

/// Shortens `text` to fit `max` pixels, ending with `…`.
pub(super) fn fit(text: &str, px: f64, max: f64) -> String {
    if text_width(text, px) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out, px) + text_width(&format!("{c}…"), px) > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Inserts the title, description and style into a plotters SVG.
pub fn finish(svg: &str, title: &str, desc: &str) -> String {
    let head_end = svg.find('>').map_or(0, |i| i + 1);
    let (head, rest) = svg.split_at(head_end);
    let head = head.replacen("<svg ", "<svg role=\"img\" aria-labelledby=\"t d\" ", 1);
    let svg = format!(
        "{head}\n<title id=\"t\">{}</title>\n<desc id=\"d\">{}</desc>\n{STYLE}{rest}",
        escape(title),
        escape(desc)
    );
    // Labels come from user text, which may hold control characters (a form
    // feed pasted from a word processor); XML forbids them, and one would
    // make the whole chart an unreadable image. Markup never holds them, so
    // they can be dropped from the whole document.
    if svg.chars().all(is_xml_char) {
        svg
    } else {
        svg.chars().filter(|c| is_xml_char(*c)).collect()
    }
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..
    )
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draws the chart's marks (without title and description).
pub fn draw(spec: &Spec, data: &Data) -> String {
    let mut out = String::new();
    let height = height(spec, data.site.counties.len());
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        // Drawing into a String cannot fail; a failure would only lose marks.
        let _ = match spec.kind {
            Kind::Trend => trend(&root, spec, data),
            Kind::County => county(&root, spec, data),
            Kind::Groups => groups(&root, spec, data),
            Kind::Ranking | Kind::Change => bars(&root, spec, data),
            // Drawn without plotters, in `evidence`.
            Kind::Did | Kind::Overview => Ok(()),
        };
        let _ = root.present();
    }
    out
}

pub fn height(spec: &Spec, counties: usize) -> u32 {
    match spec.kind {
        Kind::Ranking | Kind::Change => {
            let rows = counties.max(1) as i32;
            (TOP + rows * ROW + 40) as u32
        }
        _ => 340,
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Result = std::result::Result<(), Box<dyn std::error::Error>>;

/// Space above the plot for the legend.
const TOP: i32 = 44;

/// A legend entry: label, group colour, solid (pilot style) or dashed.
struct Key {
    label: String,
    color: RGBColor,
    solid: bool,
}

/// Draws a legend left to right (entries are few), and an optional note
/// at the right end of the same line.
fn legend(root: &Area, keys: &[Key], note: Option<String>) -> Result {
    if let Some(note) = note {
        let style = text_style(SMALL_PX, &MUTED, HPos::Right, VPos::Center);
        root.draw(&Text::new(note, (WIDTH as i32 - 8, 18), style))?;
    }
    let mut x = 8;
    let y = 18;
    for key in keys {
        if key.solid {
            root.draw(&PathElement::new(
                vec![(x, y), (x + 28, y)],
                key.color.stroke_width(3),
            ))?;
            root.draw(&Circle::new((x + 14, y), 4, key.color.filled()))?;
        } else {
            root.draw(&DashedPathElement::new(
                vec![(x, y), (x + 28, y)],
                5,
                3,
                key.color.stroke_width(3),
            ))?;
            root.draw(&Rectangle::new(
                [(x + 10, y - 4), (x + 18, y + 4)],
                key.color.stroke_width(2),
            ))?;
        }
        let style = text_style(LABEL_PX, &INK, HPos::Left, VPos::Center);
        root.draw(&Text::new(key.label.clone(), (x + 34, y), style))?;
        x += 34 + text_width(&key.label, LABEL_PX) as i32 + 20;
    }
    Ok(())
}

/// The largest magnitude an axis reaches. Valid figures can be as large as
/// f64 allows (and means and changes of them infinite), but an axis whose
/// span is not finite sends plotters' tick placement into an endless loop;
/// values beyond this are drawn at the edge.
const AXIS_LIMIT: f64 = f64::MAX / 8.0;

/// Value range for a metric over `values`, padded, including 0 for
/// amounts and fixed at [0, 1] for ratios and bools. Always finite, with
/// a finite span.
fn range(metric: &Metric, values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = values
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(-AXIS_LIMIT, AXIS_LIMIT))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    match metric.kind {
        MetricKind::Ratio | MetricKind::Bool => return (0.0, 1.0),
        MetricKind::Count | MetricKind::Money => lo = lo.min(0.0),
        MetricKind::Number => {}
    }
    if hi <= lo {
        // One above, unless the value is so large that 1 is lost.
        hi = if lo + 1.0 > lo {
            lo + 1.0
        } else {
            lo + lo.abs() / 2.0
        };
    }
    let pad = (hi - lo) * 0.08;
    let lo = if lo == 0.0 { 0.0 } else { lo - pad };
    (lo, hi + pad)
}

/// A value range that holds `lo` and `hi`, padded by 8 % on each side,
/// with a finite, positive span.
pub(super) fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = (
        lo.clamp(-AXIS_LIMIT, AXIS_LIMIT),
        hi.clamp(-AXIS_LIMIT, AXIS_LIMIT),
    );
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let pad = (hi - lo) * 0.08;
    (lo - pad, hi + pad)
}

/// Axis tick text: short, by kind.
fn tick(metric: &Metric, v: f64) -> String {
    match metric.kind {
        MetricKind::Ratio | MetricKind::Bool => format!("{}%", tick_number(v * 100.0)),
        _ => tick_number(v),
    }
}

/// A tick value with as few decimals as it needs (at most two).
fn tick_number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// Tick text for a change: signed, and in percentage points for shares.
pub(super) fn change_tick(metric: &Metric, v: f64) -> String {
    let sign = if v > 0.0 { "+" } else { "" };
    match metric.kind {
        MetricKind::Ratio | MetricKind::Bool => format!("{sign}{}pp", tick_number(v * 100.0)),
        _ => format!("{sign}{}", tick(metric, v)),
    }
}

/// Round values between `lo` and `hi`, about `count` of them, with a step
/// of 1, 2, 2.5 or 5 times a power of ten.
pub fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![lo];
    }
    let raw = span / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil();
    let last = (hi / step).floor();
    // A span near the smallest float makes the step 0 (and lo / step
    // infinite): no round values to show then.
    if !(step > 0.0
        && first.is_finite()
        && last.is_finite()
        && last - first <= 4.0 * count.max(1) as f64)
    {
        return vec![lo];
    }
    (first as i64..=last as i64)
        .map(|i| i as f64 * step)
        .collect()
}

/// Period labels under the x axis, thinned so they never overlap.
fn period_axis(root: &Area, data: &Data, at: impl Fn(usize) -> (i32, i32)) -> Result {
    let periods = &data.site.config.periods;
    let widest = periods
        .iter()
        .map(|p| text_width(&p.id, SMALL_PX))
        .fold(0.0, f64::max)
        + 8.0;
    let span = if periods.len() > 1 {
        (at(periods.len() - 1).0 - at(0).0) as f64 / (periods.len() - 1) as f64
    } else {
        f64::INFINITY
    };
    let step = (widest / span).ceil().max(1.0) as usize;
    for (i, p) in periods.iter().enumerate() {
        if i % step != 0 && i != periods.len() - 1 {
            continue;
        }
        if i != periods.len() - 1 && periods.len() - 1 - i < step && i % step == 0 && i != 0 {
            // Would crowd the last label, which is always shown.
            continue;
        }
        let (x, y) = at(i);
        let style = text_style(SMALL_PX, &MUTED, HPos::Center, VPos::Top);
        root.draw(&Text::new(p.id.clone(), (x, y + 6), style))?;
    }
    Ok(())
}

/// A cartesian area over periods (x) and the metric's values (y).
macro_rules! period_chart {
    ($root:expr, $data:expr, $metric:expr, $lo:expr, $hi:expr) => {{
        let n = $data.site.config.periods.len().max(1) as f64;
        let mut chart = ChartBuilder::on($root)
            .margin_top(TOP as u32)
            .margin_right(24)
            .margin_bottom(28)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.5f64..(n - 0.5), $lo..$hi)?;
        let fmt = |v: &f64| tick($metric, *v);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_x_axis()
            .x_labels(0)
            .y_labels(5)
            .y_label_formatter(&fmt)
            .label_style(text_style(SMALL_PX, &MUTED, HPos::Right, VPos::Center))
            .axis_style(MUTED)
            .max_light_lines(0)
            .light_line_style(GRID)
            .bold_line_style(GRID)
            .draw()?;
        chart
    }};
}

/// Splits a series into runs of consecutive reported periods.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => out.last_mut().map(|r| r.push((i as f64, *v))).unwrap_or(()),
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

fn means(data: &Data, metric: usize, pilot: bool) -> Vec<Option<f64>> {
    (0..data.site.config.periods.len())
        .map(|p| data.stats.group_mean(metric, p, pilot).mean)
        .collect()
}

/// Draws a series as a line with markers: solid with filled circles, or
/// dashed with hollow squares.
fn line<CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(
    area: &DrawingArea<SVGBackend, CT>,
    values: &[Option<f64>],
    c: RGBColor,
    solid: bool,
    width: u32,
) -> Result {
    for run in runs(values) {
        if solid {
            area.draw(&PathElement::new(run.clone(), c.stroke_width(width)))?;
        } else {
            area.draw(&DashedPathElement::new(
                run.clone(),
                6,
                4,
                c.stroke_width(width),
            ))?;
        }
        for point in run {
            if solid {
                area.draw(&Circle::new(point, 4, c.filled()))?;
            } else {
                area.draw(
                    &(EmptyElement::at(point)
                        + Rectangle::new([(-4, -4), (4, 4)], c.stroke_width(2))),
                )?;
            }
        }
    }
    Ok(())
}

/// The value range of a metric over every county and period: trend and
/// groups charts share an axis scale with the county lines.
fn every_county_range(metric: &Metric, spec: &Spec, data: &Data) -> (f64, f64) {
    range(
        metric,
        (0..data.site.counties.len())
            .flat_map(|c| series(data, spec.metric, c))
            .flatten(),
    )
}

fn trend(root: &Area, spec: &Spec, data: &Data) -> Result {
    let metric = &data.site.config.metrics[spec.metric];
    let counties = data.site.counties.len();
    let (lo, hi) = every_county_range(metric, spec, data);
    let chart = period_chart!(root, data, metric, lo, hi);
    let area = chart.plotting_area();
    for c in 0..counties {
        let pilot = data.site.counties[c].pilot;
        let values = series(data, spec.metric, c);
        for run in runs(&values) {
            let style = color(pilot).mix(0.28).stroke_width(1);
            if pilot {
                area.draw(&PathElement::new(run, style))?;
            } else {
                area.draw(&DashedPathElement::new(run, 4, 3, style))?;
            }
        }
    }
    for pilot in [false, true] {
        line(
            area,
            &means(data, spec.metric, pilot),
            color(pilot),
            pilot,
            3,
        )?;
    }
    period_axis(root, data, |i| chart.backend_coord(&(i as f64, lo)))?;
    legend(
        root,
        &[
            Key {
                label: format!("{}{}", data.group_label(true), data.t("chart_mean")),
                color: PILOT,
                solid: true,
            },
            Key {
                label: format!("{}{}", data.group_label(false), data.t("chart_mean")),
                color: CONTROL,
                solid: false,
            },
        ],
        Some(data.t("chart_faint_lines")),
    )
}

fn county(root: &Area, spec: &Spec, data: &Data) -> Result {
    let metric = &data.site.config.metrics[spec.metric];
    let county = spec.county.unwrap_or(0);
    let pilot = data.site.counties[county].pilot;
    let own = series(data, spec.metric, county);
    let mean = means(data, spec.metric, pilot);
    let (lo, hi) = range(metric, own.iter().chain(&mean).flatten().copied());
    let chart = period_chart!(root, data, metric, lo, hi);
    let area = chart.plotting_area();
    line(area, &mean, NEUTRAL, false, 2)?;
    line(area, &own, color(pilot), true, 3)?;
    period_axis(root, data, |i| chart.backend_coord(&(i as f64, lo)))?;
    legend(
        root,
        &[
            Key {
                label: data.site.counties[county].name.clone(),
                color: color(pilot),
                solid: true,
            },
            Key {
                label: format!("{}{}", data.group_label(pilot), data.t("chart_mean")),
                color: NEUTRAL,
                solid: false,
            },
        ],
        None,
    )
}

fn groups(root: &Area, spec: &Spec, data: &Data) -> Result {
    let metric = &data.site.config.metrics[spec.metric];
    let counties = data.site.counties.len();
    let (lo, hi) = every_county_range(metric, spec, data);
    let chart = period_chart!(root, data, metric, lo, hi);
    let area = chart.plotting_area();
    let periods = data.site.config.periods.len();
    for p in 0..periods {
        for pilot in [true, false] {
            let centre = p as f64 + if pilot { -0.17 } else { 0.17 };
            for c in (0..counties).filter(|c| data.site.counties[*c].pilot == pilot) {
                let Some(v) = data.panel.get(c, p, spec.metric) else {
                    continue;
                };
                // A fixed spread by county, so dots of equal value stay apart.
                let jitter = ((c * 7919) % 13) as f64 / 13.0 * 0.16 - 0.08;
                let point = (centre + jitter, v);
                if pilot {
                    area.draw(&Circle::new(point, 3, PILOT.mix(0.75).filled()))?;
                } else {
                    area.draw(
                        &(EmptyElement::at(point)
                            + Rectangle::new([(-3, -3), (3, 3)], CONTROL.stroke_width(1))),
                    )?;
                }
            }
            if let Some(m) = data.stats.group_mean(spec.metric, p, pilot).mean {
                let style = color(pilot).stroke_width(3);
                area.draw(&PathElement::new(
                    vec![(centre - 0.14, m), (centre + 0.14, m)],
                    style,
                ))?;
            }
        }
    }
    period_axis(root, data, |i| chart.backend_coord(&(i as f64, lo)))?;
    legend(
        root,
        &[
            Key {
                label: data.group_label(true),
                color: PILOT,
                solid: true,
            },
            Key {
                label: data.group_label(false),
                color: CONTROL,
                solid: false,
            },
        ],
        Some(data.t("chart_bar_is_mean")),
    )
}

/// Ranking and change: one row per county, bars from zero.
fn bars(root: &Area, spec: &Spec, data: &Data) -> Result {
    let metric = &data.site.config.metrics[spec.metric];
    let period = data.period_of(spec);
    let baseline = data.site.config.baseline;
    let value = |c: usize| match spec.kind {
        Kind::Change => baseline.and_then(|b| data.panel.change(c, period, b, spec.metric)),
        _ => data.panel.get(c, period, spec.metric),
    };
    let (with, without) = ranked(data, value);
    let names: Vec<&str> = data.site.counties.iter().map(|c| c.name.as_str()).collect();
    let label_w = names
        .iter()
        .map(|n| text_width(n, LABEL_PX))
        .fold(0.0, f64::max)
        .min(170.0)
        + 16.0;
    let fmt = |v: f64| match spec.kind {
        Kind::Change => crate::display::change(metric, Some(v), data.lang()),
        _ => crate::display::value(metric, Some(v), data.lang()),
    };
    // Room at the right for the widest value label.
    let value_w = with
        .iter()
        .map(|(_, v)| text_width(&fmt(*v), SMALL_PX))
        .fold(40.0, f64::max)
        + 12.0;
    let x0 = label_w as i32;
    let x1 = WIDTH as i32 - value_w as i32;
    let (mut lo, mut hi) = with.iter().fold((0.0f64, 0.0f64), |(lo, hi), (_, v)| {
        let v = v.clamp(-AXIS_LIMIT, AXIS_LIMIT);
        (lo.min(v), hi.max(v))
    });
    if matches!(metric.kind, MetricKind::Ratio | MetricKind::Bool) && spec.kind == Kind::Ranking {
        hi = 1.0;
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    if lo < 0.0 {
        lo *= 1.05;
    }
    // Values beyond the axis (see AXIS_LIMIT) end at its edge.
    let scale =
        |v: f64| x0 + ((v.clamp(lo, hi) - lo) / (hi - lo) * (x1 - x0) as f64).round() as i32;
    let rows = data.site.counties.len() as i32;
    let bottom = TOP + rows * ROW;
    // Grid and axis ticks at round values.
    for v in nice_ticks(lo, hi, 5) {
        let x = scale(v);
        root.draw(&PathElement::new(
            vec![(x, TOP - 4), (x, bottom)],
            GRID.stroke_width(1),
        ))?;
        let style = text_style(SMALL_PX, &MUTED, HPos::Center, VPos::Top);
        let text = match spec.kind {
            Kind::Change => change_tick(metric, v),
            _ => tick(metric, v),
        };
        root.draw(&Text::new(text, (x, bottom + 6), style))?;
    }
    let zero = scale(0.0);
    root.draw(&PathElement::new(
        vec![(zero, TOP - 4), (zero, bottom)],
        MUTED.stroke_width(1),
    ))?;
    let order = with
        .iter()
        .map(|(c, v)| (*c, Some(*v)))
        .chain(without.iter().map(|c| (*c, None)));
    for (row, (c, v)) in order.enumerate() {
        let y = TOP + row as i32 * ROW + ROW / 2;
        let pilot = data.site.counties[c].pilot;
        let name = fit(names[c], LABEL_PX, label_w - 16.0);
        root.draw(&Text::new(
            name,
            (x0 - 8, y),
            text_style(LABEL_PX, &INK, HPos::Right, VPos::Center),
        ))?;
        let Some(v) = v else {
            let style = text_style(SMALL_PX, &MUTED, HPos::Left, VPos::Center);
            root.draw(&Text::new(
                crate::display::not_reported(data.lang()).to_string(),
                (zero + 6, y),
                style,
            ))?;
            continue;
        };
        let (a, b) = if v >= 0.0 {
            (zero, scale(v))
        } else {
            (scale(v), zero)
        };
        let b = b.max(a + 1);
        let rect = [(a, y - 7), (b, y + 7)];
        if pilot {
            root.draw(&Rectangle::new(rect, PILOT.filled()))?;
        } else {
            root.draw(&Rectangle::new(rect, CONTROL.mix(0.18).filled()))?;
            root.draw(&Rectangle::new(rect, CONTROL.stroke_width(2)))?;
        }
        let label_x = if v >= 0.0 { b + 6 } else { a - 6 };
        let anchor = if v >= 0.0 { HPos::Left } else { HPos::Right };
        let x = if v < 0.0 && label_x - (text_width(&fmt(v), SMALL_PX) as i32) < x0 {
            b + 6
        } else {
            label_x
        };
        let anchor = if x != label_x { HPos::Left } else { anchor };
        root.draw(&Text::new(
            fmt(v),
            (x, y),
            text_style(SMALL_PX, &INK, anchor, VPos::Center),
        ))?;
    }
    let mut keys = vec![
        Key {
            label: data.group_label(true),
            color: PILOT,
            solid: true,
        },
        Key {
            label: data.group_label(false),
            color: CONTROL,
            solid: false,
        },
    ];
    if spec.kind == Kind::Change {
        let cell = data.stats.cell(spec.metric, period);
        for (pilot, mean) in [
            (true, cell.pilot_change.mean),
            (false, cell.control_change.mean),
        ] {
            let Some(m) = mean else { continue };
            let x = scale(m);
            let style = color(pilot).stroke_width(2);
            if pilot {
                root.draw(&PathElement::new(vec![(x, TOP - 4), (x, bottom)], style))?;
            } else {
                root.draw(&DashedPathElement::new(
                    vec![(x, TOP - 4), (x, bottom)],
                    6,
                    4,
                    style,
                ))?;
            }
        }
        keys = vec![
            Key {
                label: format!("{} {}", data.group_label(true), data.t("chart_mean_change")),
                color: PILOT,
                solid: true,
            },
            Key {
                label: format!(
                    "{} {}",
                    data.group_label(false),
                    data.t("chart_mean_change")
                ),
                color: CONTROL,
                solid: false,
            },
        ];
    }
    legend(root, &keys, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        let close = |a: Vec<f64>, b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
        };
        assert!(close(
            nice_ticks(-1.1, 0.0, 5),
            &[-1.0, -0.75, -0.5, -0.25, 0.0]
        ));
        assert!(close(
            nice_ticks(0.0, 20.0, 5),
            &[0.0, 5.0, 10.0, 15.0, 20.0]
        ));
        assert!(close(nice_ticks(0.0, 0.31, 5), &[0.0, 0.1, 0.2, 0.3]));
        assert_eq!(tick_number(2.50), "2.5");
        assert_eq!(tick_number(-0.0), "0");
    }

    fn metric(kind: MetricKind) -> Metric {
        Metric::new("m", "m", kind)
    }

    #[test]
    fn ranges_are_finite_whatever_the_values() {
        let cases: &[&[f64]] = &[
            &[1.7e308],
            &[f64::MAX, -f64::MAX],
            &[f64::INFINITY, 3.0],
            &[f64::NEG_INFINITY, f64::NAN],
            &[1e300, 1e300],
            &[-1e300],
            &[5e-324],
            &[],
        ];
        for kind in [MetricKind::Count, MetricKind::Money, MetricKind::Number] {
            for values in cases {
                let (lo, hi) = range(&metric(kind), values.iter().copied());
                assert!(
                    lo.is_finite() && hi.is_finite() && (hi - lo).is_finite() && hi > lo,
                    "{kind:?} {values:?} -> {lo} {hi}"
                );
            }
        }
    }

    /// Found by the chart_draw fuzz target: a ranking of a `number` metric
    /// whose only value was -5e-324 (a money figure of 5e-324 does the
    /// same): the tick step underflowed to 0, lo / step was infinite, and
    /// collecting i64::MIN..=i64::MAX panicked with "capacity overflow".
    #[test]
    fn ticks_over_the_smallest_spans() {
        assert_eq!(nice_ticks(-5e-324, 0.0, 5), vec![-5e-324]);
        assert_eq!(nice_ticks(0.0, 5e-324, 5), vec![0.0]);
        for (lo, hi) in [
            (0.0, 1e-310),
            (-1e-320, 1e-320),
            (-f64::MAX / 4.0, f64::MAX / 4.0),
        ] {
            let ticks = nice_ticks(lo, hi, 5);
            assert!((1..=7).contains(&ticks.len()), "{lo} {hi}: {ticks:?}");
            assert!(ticks.iter().all(|t| t.is_finite()), "{lo} {hi}: {ticks:?}");
        }
    }

    /// Found by the chart_draw fuzz target: a money figure of 1.7e308 (a
    /// valid value: finite, not negative) padded the axis to infinity, and
    /// plotters' tick placement never returned, so `check` and `build` hung.
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
                    let county = (kind == Kind::County).then_some(0);
                    let spec = Spec {
                        kind,
                        metric,
                        county,
                        period,
                    };
                    let svg = draw(&super::super::normalise(spec, &data), &data);
                    assert!(svg.starts_with("<svg"), "{kind:?} {period:?}");
                }
            }
        }
    }

    #[test]
    fn cjk_is_wider_than_ascii() {
        assert_eq!(text_width("东台市", 12.0), 36.0);
        assert!((text_width("abc", 10.0) - 18.0).abs() < 1e-9);
        assert_eq!(fit("东台市人民政府", 12.0, 40.0), "东台…");
    }
}
