//! Drawing the summary forms: bands and box plots over periods, and the
//! ranking and change charts' histograms, box plots and named counties.
//! Every element is per group, per period or per named county, never per
//! county of the site, so a drawing's size does not grow with the site.

use super::{bar_spread, heading, named, spreads};
use crate::chart::bars::{self, Bars, Contents, Placed};
use crate::chart::draw::{
    Key, Marker, ROW, Symbol, frame, frame_top, group_mark, group_stroke, level_axis, line, means,
    plot_height, runs,
};
use crate::chart::{Data, Kind, Spec, Variant};
use crate::display;
use crate::stats::Spread;
use crate::svg::{
    Anchor, CONTROL, CONTROL_FAINT, CONTROL_TINT, INK, LABEL_PX, MUTED, PAPER, PILOT, SMALL_PX,
    Stroke, Svg, fit, text_width,
};

/// The hatching of the non-pilots' band (its id in the drawing).
const HATCH: &str = "control-band";
/// How opaque the pilots' band is: a light tint of their colour in
/// either scheme.
const PILOT_BAND: f64 = 0.2;
/// A histogram's height, wide and narrow.
const HIST_H: f64 = 36.0;
const HIST_H_NARROW: f64 = 30.0;
/// A histogram's columns are at least this wide.
const COLUMN_PX: f64 = 4.0;
/// Half the thickness of a box plot lying along the value axis.
const BOX_HALF: f64 = 6.0;

/// Draws a chart in its summary form (without title and description).
pub fn draw(spec: &Spec, data: &Data, variant: Variant) -> String {
    let mut svg = Svg::new(variant.width(), height(spec, data, variant));
    match spec.kind {
        Kind::Trend => trend(&mut svg, spec, data, variant),
        Kind::Groups => groups(&mut svg, spec, data, variant),
        _ => strip(&mut svg, spec, data, variant),
    }
    svg.end()
}

pub fn height(spec: &Spec, data: &Data, variant: Variant) -> u32 {
    let width = variant.width() as f64;
    let h = match spec.kind {
        Kind::Trend | Kind::Groups => {
            frame_top(&period_keys(spec, data), width) + plot_height(variant) + 30.0
        }
        _ => strip_layout(spec, data, variant).bars.height(),
    };
    h.ceil() as u32
}

/// A legend's symbol for a group's spread, `w` wide from `x`, centred on `y`.
pub fn symbol(svg: &mut Svg, (x, y): (f64, f64), w: f64, pilot: bool, band: bool) {
    if band {
        band_area(
            svg,
            &[
                (x, y - 6.0),
                (x + w, y - 6.0),
                (x + w, y + 6.0),
                (x, y + 6.0),
            ],
            pilot,
        );
        svg.line((x, y), (x + w, y), group_stroke(pilot, 1.5));
    } else {
        let at = [x + 1.0, x + 8.0, x + w / 2.0, x + w - 8.0, x + w - 1.0];
        box_plot(svg, false, at, y, 5.0, pilot);
    }
}

/// The legend of the trend and groups charts.
fn period_keys(spec: &Spec, data: &Data) -> Vec<Key> {
    let group = |pilot: bool| data.group_label(pilot);
    if spec.kind == Kind::Trend {
        let mut keys: Vec<Key> = [true, false]
            .map(|pilot| {
                Key::new(
                    Symbol::Line(group_stroke(pilot, 3.0), Some(Marker::of(pilot))),
                    format!("{}{}", group(pilot), data.t("chart_mean")),
                )
            })
            .into();
        for pilot in [true, false] {
            keys.push(Key::new(
                Symbol::Spread { pilot, band: true },
                format!("{}{}", group(pilot), data.t("chart_median_band")),
            ));
        }
        keys.push(Key::new(Symbol::Note, data.t("chart_band_note")));
        keys
    } else {
        vec![
            Key::new(
                Symbol::Spread {
                    pilot: true,
                    band: false,
                },
                group(true),
            ),
            Key::new(
                Symbol::Spread {
                    pilot: false,
                    band: false,
                },
                group(false),
            ),
            Key::new(Symbol::Note, data.t("chart_box_note")),
            Key::new(Symbol::Note, data.t("chart_whisker_note")),
        ]
    }
}

/// A group's band: the pilots' a translucent tint, the non-pilots'
/// hatched inside a dashed edge, so where they overlap both show.
fn band_area(svg: &mut Svg, ring: &[(f64, f64)], pilot: bool) {
    if pilot {
        svg.tint(ring, PILOT, PILOT_BAND);
    } else {
        svg.area(
            [ring],
            &format!("url(#{HATCH})"),
            Some(Stroke::dashed(CONTROL, 1.0, "3 2")),
            None,
        );
    }
}

/// A box plot over five positions along its axis (smallest, quartiles,
/// median, largest, in pixels), centred on `centre` across it, `half`
/// thick each way: whiskers, the box (filled for pilots, outlined for
/// non-pilots, as bars are) and the median across it. `vertical` when
/// the values run up the drawing.
fn box_plot(svg: &mut Svg, vertical: bool, at: [f64; 5], centre: f64, half: f64, pilot: bool) {
    let pt = |along: f64, across: f64| {
        if vertical {
            (across, along)
        } else {
            (along, across)
        }
    };
    let whisker = if pilot {
        Stroke::solid(PILOT, 1.5)
    } else {
        Stroke::dashed(CONTROL, 1.5, "3 2")
    };
    for (a, b) in [(at[0], at[1]), (at[3], at[4])] {
        if (a - b).abs() >= 0.5 {
            svg.line(pt(a, centre), pt(b, centre), whisker);
        }
    }
    // A box at least 2 px thick, so one of equal quartiles shows.
    let (mut lo, mut hi) = (at[1].min(at[3]), at[1].max(at[3]));
    if hi - lo < 2.0 {
        let mid = (lo + hi) / 2.0;
        (lo, hi) = (mid - 1.0, mid + 1.0);
    }
    let (a, b) = (pt(lo, centre - half), pt(hi, centre + half));
    if pilot {
        svg.rect(a, b, Some(PILOT), None);
        svg.line(
            pt(at[2], centre - half),
            pt(at[2], centre + half),
            Stroke::solid(PAPER, 2.0),
        );
    } else {
        svg.rect(a, b, Some(CONTROL_TINT), Some(Stroke::solid(CONTROL, 1.5)));
        svg.line(
            pt(at[2], centre - half - 1.0),
            pt(at[2], centre + half + 1.0),
            Stroke::solid(CONTROL, 2.5),
        );
    }
}

/// The five numbers of a spread, through `scale`.
fn positions(s: &Spread, scale: impl Fn(f64) -> f64) -> [f64; 5] {
    [s.min, s.q1, s.median, s.q3, s.max].map(scale)
}

// ---------------------------------------------------------------- over periods

/// Each group's interquartile band and median at every period, under the
/// group means drawn as below the threshold.
fn trend(svg: &mut Svg, spec: &Spec, data: &Data, variant: Variant) {
    let metric = &data.site.config.metrics[spec.metric];
    let spread = [true, false].map(|pilot| spreads(data, spec.metric, pilot));
    let mean = [true, false].map(|pilot| means(data, spec.metric, pilot));
    let axis = level_axis(
        metric,
        spread
            .iter()
            .flatten()
            .flatten()
            .flat_map(|s| [s.q1, s.median, s.q3])
            .chain(mean.iter().flatten().flatten().copied()),
    );
    svg.hatch(HATCH, "none", CONTROL_FAINT, 5.0);
    let keys = period_keys(spec, data);
    let f = frame(svg, data, metric, &keys, axis, 12.0, variant);
    // A band one period long is as wide as a marker.
    let lone = (f.slot() * 0.2).min(6.0);
    for (pilot, spread) in [true, false].into_iter().zip(&spread) {
        let q3: Vec<Option<f64>> = spread.iter().map(|s| s.map(|s| s.q3)).collect();
        for run in runs(&q3) {
            let mut ring: Vec<(f64, f64)> = run.iter().map(|(p, v)| (f.x(*p), f.y(*v))).collect();
            let lows = run
                .iter()
                .rev()
                .filter_map(|(p, _)| Some((f.x(*p), f.y(spread[*p]?.q1))));
            ring.extend(lows);
            if run.len() == 1 {
                let (x, top, bottom) = (ring[0].0, ring[0].1, ring[1].1);
                ring = vec![
                    (x - lone, top),
                    (x + lone, top),
                    (x + lone, bottom),
                    (x - lone, bottom),
                ];
            }
            band_area(svg, &ring, pilot);
        }
    }
    for (pilot, spread) in [true, false].into_iter().zip(&spread) {
        let median: Vec<Option<f64>> = spread.iter().map(|s| s.map(|s| s.median)).collect();
        line(svg, &f, &median, group_stroke(pilot, 1.5), None, None);
    }
    for (pilot, mean) in [false, true].into_iter().zip(mean.iter().rev()) {
        line(
            svg,
            &f,
            mean,
            group_stroke(pilot, 3.0),
            Some((Marker::of(pilot), 4.0)),
            None,
        );
    }
}

/// A box plot per group and period.
fn groups(svg: &mut Svg, spec: &Spec, data: &Data, variant: Variant) {
    let metric = &data.site.config.metrics[spec.metric];
    let spread = [true, false].map(|pilot| spreads(data, spec.metric, pilot));
    let axis = level_axis(
        metric,
        spread
            .iter()
            .flatten()
            .flatten()
            .flat_map(|s| [s.min, s.max]),
    );
    let keys = period_keys(spec, data);
    let f = frame(svg, data, metric, &keys, axis, 12.0, variant);
    let slot = f.slot();
    let half = (slot * 0.13).clamp(1.5, 7.0);
    for p in 0..data.site.config.periods.len() {
        for (pilot, spread) in [true, false].into_iter().zip(&spread) {
            let Some(s) = spread[p] else { continue };
            let centre = f.x(p) + slot * if pilot { -0.18 } else { 0.18 };
            box_plot(svg, true, positions(&s, |v| f.y(v)), centre, half, pilot);
        }
    }
}

// ---------------------------------------------------------------- ranking and change

/// One group's distribution on a ranking or change chart.
struct Distribution {
    pilot: bool,
    spread: Option<Spread>,
    /// Counties per column of the histogram, left to right.
    counts: Vec<usize>,
    /// The histogram's baseline and the box plot's centre.
    base: f64,
    box_y: f64,
    /// Where the group's mark goes, beside its name.
    mark: (f64, f64),
    height: f64,
}

/// A ranking or change chart's summary laid out: the bar chart's frame
/// with the named counties' rows, each group's distribution above them,
/// and the texts besides the rows'.
struct Strip {
    bars: Bars,
    groups: Vec<Distribution>,
    texts: Vec<Placed>,
}

/// How many columns a histogram of `n` values spread over `data` has
/// across `axis`: 3∛n over the values' own range (Rice's rule, a little
/// finer), so a few dozen counties get a few wide columns and thousands
/// many narrow ones; at most one per [`COLUMN_PX`] of `px`. The same for
/// both groups, so their columns line up.
fn columns(n: usize, data: (f64, f64), axis: (f64, f64), px: f64) -> usize {
    let most = (px / COLUMN_PX).floor().max(1.0);
    let share = (axis.1 - axis.0) / (data.1 - data.0);
    let wanted = if share.is_finite() && share >= 1.0 {
        (3.0 * (n as f64).cbrt()).ceil() * share
    } else {
        most
    };
    wanted.round().clamp(1.0, most) as usize
}

/// Counties per column: `bins` equal columns over the axis.
fn histogram(values: impl Iterator<Item = f64>, (lo, hi): (f64, f64), bins: usize) -> Vec<usize> {
    let mut counts = vec![0; bins];
    for v in values {
        let at = ((v - lo) / (hi - lo) * bins as f64).floor();
        let i = if at.is_nan() {
            0.0
        } else {
            at.clamp(0.0, (bins - 1) as f64)
        };
        counts[i as usize] += 1;
    }
    counts
}

fn strip_layout(spec: &Spec, data: &Data, variant: Variant) -> Strip {
    let narrow = variant == Variant::Narrow;
    let counties = &data.site.counties;
    let (with, without) = bars::values(spec, data);
    let ends = named(&with);
    let shown: Vec<(usize, Option<f64>)> = ends
        .iter()
        .flat_map(|end| end.named.iter().map(|(_, c, v)| (*c, Some(*v))))
        .collect();
    let group_names = [true, false].map(|pilot| data.group_label(pilot));
    let names_w = shown
        .iter()
        .map(|(c, _)| counties[*c].name.as_str())
        .chain(group_names.iter().map(String::as_str))
        .map(|name| text_width(name, LABEL_PX))
        .fold(0.0, f64::max);
    let (mut keys, means) = bars::keys(spec, data);
    for key in [
        "chart_histogram_note",
        "chart_box_note",
        "chart_whisker_note",
    ] {
        keys.push(Key::new(Symbol::Note, data.t(key)));
    }
    let mut captions = Vec::new();
    if !without.is_empty() {
        let lang = data.lang();
        captions.push((
            8.0,
            Anchor::Start,
            format!(
                "{}{}{}",
                display::not_reported(lang),
                crate::chart::colon(lang),
                without.len()
            ),
        ));
    }
    let contents = Contents {
        keys: (keys, means),
        with: &with,
        shown: &shown,
        names_w,
        captions,
    };
    let mut b = bars::frame(spec, data, variant, contents);
    let hist_h = if narrow { HIST_H_NARROW } else { HIST_H };
    let range = with
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    let bins = columns(with.len(), range, (b.axis.lo, b.axis.hi), b.x1 - b.x0);
    let mut y = b.top + 6.0;
    let mut groups = Vec::new();
    let mut texts = Vec::new();
    for pilot in [true, false] {
        let spread = bar_spread(spec, data, pilot);
        let n = spread.map_or(0, |s| s.n);
        let values = with
            .iter()
            .filter(|(c, _)| counties[*c].pilot == pilot)
            .map(|(_, v)| *v);
        let counts = histogram(values, (b.axis.lo, b.axis.hi), bins);
        let group = data.group_label(pilot);
        let (base, mark) = if narrow {
            texts.push(Placed {
                at: (22.0, y + 9.0),
                px: LABEL_PX,
                colour: INK,
                anchor: Anchor::Start,
                text: format!("{group} n={n}"),
            });
            (y + 20.0 + hist_h, (8.0, y + 9.0))
        } else {
            let mid = y + hist_h / 2.0;
            texts.push(Placed {
                at: (b.name_x, mid),
                px: LABEL_PX,
                colour: INK,
                anchor: Anchor::End,
                text: group,
            });
            texts.push(Placed {
                at: (b.name_x, mid + 16.0),
                px: SMALL_PX,
                colour: MUTED,
                anchor: Anchor::End,
                text: format!("n={n}"),
            });
            (y + hist_h, (b.name_x + 5.0, mid))
        };
        let box_y = base + 4.0 + BOX_HALF;
        groups.push(Distribution {
            pilot,
            spread,
            counts,
            base,
            box_y,
            mark,
            height: hist_h,
        });
        y = box_y + BOX_HALF + 14.0;
    }
    for end in &ends {
        texts.push(Placed {
            at: (8.0, y + ROW / 2.0),
            px: LABEL_PX,
            colour: INK,
            anchor: Anchor::Start,
            text: fit(&heading(data, end), LABEL_PX, b.width - 16.0),
        });
        let rows: Vec<(usize, Option<f64>)> =
            end.named.iter().map(|(_, c, v)| (*c, Some(*v))).collect();
        y = b.stack(spec, data, &rows, y + ROW);
    }
    b.bottom = y;
    Strip {
        bars: b,
        groups,
        texts,
    }
}

/// Ranking and change: each group's histogram and box plot, then the
/// highest and lowest counties as bars.
fn strip(svg: &mut Svg, spec: &Spec, data: &Data, variant: Variant) {
    let Strip {
        bars: b,
        groups,
        texts,
    } = strip_layout(spec, data, variant);
    let most = groups
        .iter()
        .flat_map(|g| g.counts.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let column = (b.x1 - b.x0) / groups.first().map_or(1, |g| g.counts.len()) as f64;
    let marks = |svg: &mut Svg| {
        for g in &groups {
            group_mark(svg, g.mark, g.pilot);
            // The histogram as one outline from its first column with a
            // county to its last, a corner wherever the height changes.
            let first = g.counts.iter().position(|c| *c > 0);
            let last = g.counts.iter().rposition(|c| *c > 0);
            if let (Some(first), Some(last)) = (first, last) {
                let x = |i: usize| b.x0 + column * i as f64;
                let mut ring = vec![(x(first), g.base)];
                let mut level = g.base;
                for (i, count) in g.counts.iter().enumerate().take(last + 1).skip(first) {
                    let top = g.base - *count as f64 / most * g.height;
                    if top != level {
                        ring.extend([(x(i), level), (x(i), top)]);
                        level = top;
                    }
                }
                ring.extend([(x(last + 1), level), (x(last + 1), g.base)]);
                if g.pilot {
                    svg.area([ring.as_slice()], PILOT, None, None);
                } else {
                    svg.area(
                        [ring.as_slice()],
                        CONTROL_TINT,
                        Some(Stroke::solid(CONTROL, 1.0)),
                        None,
                    );
                }
            }
            if let Some(s) = &g.spread {
                box_plot(
                    svg,
                    false,
                    positions(s, |v| b.scale(v)),
                    g.box_y,
                    BOX_HALF,
                    g.pilot,
                );
            }
        }
    };
    bars::draw(svg, &b, data, texts, marks);
}
