//! The three maps as chart kinds: where the pilots are
//! ([`Kind::PilotMap`]), a metric's choropleth at one period
//! ([`Kind::Map`]) and one county's locator ([`Kind::Locator`]). Each has a
//! title, a description with the names and figures, a data table, and a
//! wide and a narrow drawing, like every chart.
//!
//! **Encoding.** The pilots map uses the charts' group encoding: pilots
//! solid blue, non-pilots vermillion outline over vermillion hatching, so
//! colour is not the only cue. The choropleth uses a five-step single-hue
//! green ramp (no group colour is green), counties without a figure
//! hatched grey and named "not reported" in the legend, and pilots drawn
//! with a thick dark outline over their class colour (on a casing of the
//! page's colour, so it shows on the darkest class too). The locator fills
//! its county in its group's style over light grey neighbours.
//!
//! **Classes.** Equal intervals on round numbers: the smallest step of 1,
//! 2, 2.5 or 5 times a power of ten (whole for counts) for which five
//! classes or fewer, starting at a multiple of the step at or below the
//! smallest figure, reach the largest. A class holds figures from its lower
//! limit up to, not including, its upper one; the last includes its upper
//! limit. The legend states each class's limits in display units. Equal
//! intervals rather than quantiles because the classes then mean the same
//! figures on every map of a metric and read as the value axis of a chart
//! does; with nine counties, quantile classes of one or two counties each
//! would say little more than the table. A yes/no metric has two classes,
//! yes and no; a metric whose figures are all equal, one.
//!
//! Pure: the shapes were read by `map::load`.

use super::Detail;
use super::label::{self, Wanted};
use super::project::{Fit, Polygon, Ring, place};
use crate::chart::draw::{Key, Symbol, legend, legend_height};
use crate::chart::{Data, Kind, Row, Spec, Table, Variant, colon, sentence_end as end};
use crate::content::{Kind as MetricKind, Language, Metric};
use crate::display;
use crate::svg::{
    BAND, BAND_EDGE, CONTROL, CONTROL_TINT, INK, LABEL_PX, NULL_FILL, PAPER, PILOT, RAMP, SMALL_PX,
    Stroke, Svg,
};

const PAD: f64 = 8.0;
/// The hatching of non-pilots and of counties without a figure.
const HATCH_CONTROL: &str = "url(#hatch-control)";
const HATCH_NULL: &str = "url(#hatch-null)";

/// The width of a map's drawing: a locator is small at every size.
pub fn width(kind: Kind, variant: Variant) -> u32 {
    match kind {
        Kind::Locator => 240,
        _ => variant.width(),
    }
}

/// The tallest a map may be drawn, in pixels.
fn max_height(kind: Kind, variant: Variant) -> f64 {
    match (kind, variant) {
        (Kind::Locator, _) => 240.0,
        (_, Variant::Wide) => 560.0,
        (_, Variant::Narrow) => 460.0,
    }
}

fn detail(kind: Kind, variant: Variant) -> Detail {
    match (kind, variant) {
        (Kind::Locator, _) => Detail::Small,
        (_, Variant::Wide) => Detail::Wide,
        (_, Variant::Narrow) => Detail::Narrow,
    }
}

/// The scale (pixels per unit) at which shapes of `width` × `height` units
/// are drawn at `detail`, and the simplification tolerance there in square
/// pixels: about half a pixel's worth of detail on the large maps, coarser
/// on the small locator. The scale depends only on the largest box a map
/// may take, so shapes are simplified once, when they are loaded.
pub fn detail_scale(detail: Detail, width: f64, height: f64) -> (f64, f64) {
    let (kind, variant, tolerance) = match detail {
        Detail::Wide => (Kind::Map, Variant::Wide, 0.5),
        Detail::Narrow => (Kind::Map, Variant::Narrow, 0.5),
        Detail::Small => (Kind::Locator, Variant::Wide, 1.0),
    };
    let box_width = f64::from(self::width(kind, variant)) - 2.0 * PAD;
    let fit = Fit::new(
        width,
        height,
        (0.0, 0.0),
        box_width,
        max_height(kind, variant),
    );
    (fit.scale, tolerance)
}

fn label_px(variant: Variant) -> f64 {
    match variant {
        Variant::Wide => LABEL_PX,
        Variant::Narrow => SMALL_PX,
    }
}

/// One class of a choropleth: its colour and its limits in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub colour: &'static str,
    pub label: String,
}

/// Class limits for figures from `lo` to `hi` (see the module
/// documentation): n + 1 limits for n classes, or one limit when all the
/// figures are equal (one class).
pub fn class_limits(lo: f64, hi: f64, whole: bool) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0] {
        let step = m * magnitude;
        if !(step > 0.0 && step.is_finite()) || (whole && (step < 1.0 || step.fract() != 0.0)) {
            continue;
        }
        let first = (lo / step + 1e-9).floor();
        let last = (hi / step - 1e-9).ceil().max(first + 1.0);
        if last - first <= 5.0 {
            // 3 × 0.2 is 0.6000000000000001: rounded to the step's digits.
            let decimals = (2.0 - step.log10().floor()).clamp(0.0, 15.0);
            let scale = 10f64.powf(decimals);
            return (first as i64..=last as i64)
                .map(|i| {
                    let v = i as f64 * step;
                    let r = (v * scale).round() / scale;
                    if r.is_finite() { r } else { v }
                })
                .collect();
        }
    }
    vec![lo, hi]
}

/// The class of `v` among `limits`.
fn class_of(v: f64, limits: &[f64]) -> usize {
    let classes = limits.len().saturating_sub(1).max(1);
    (0..classes)
        .rev()
        .find(|k| {
            limits
                .get(*k)
                .is_some_and(|l| v >= l - 1e-12 * l.abs().max(1.0))
        })
        .unwrap_or(0)
}

/// The colour of class `k` of `n`, spread over the ramp.
fn ramp_colour(k: usize, n: usize) -> &'static str {
    if n <= 1 {
        return RAMP[2];
    }
    let i = ((k as f64) * 4.0 / (n - 1) as f64).round() as usize;
    RAMP[i.min(4)]
}

/// A metric's figures at a period by county, and the classes they fall in.
pub struct Choropleth {
    pub values: Vec<Option<f64>>,
    pub classes: Vec<Class>,
    /// Each county's class (`None`: not reported).
    pub class: Vec<Option<usize>>,
}

impl Choropleth {
    pub fn new(spec: &Spec, data: &Data) -> Choropleth {
        let metric = &data.site.config.metrics[spec.metric];
        let lang = data.lang();
        let period = data.period_of(spec);
        let values: Vec<Option<f64>> = (0..data.site.counties.len())
            .map(|c| data.panel.get(c, period, spec.metric))
            .collect();
        let shown = |v: f64| display::value(metric, Some(v), lang);
        if metric.kind == MetricKind::Bool {
            let classes = vec![
                Class {
                    colour: RAMP[1],
                    label: shown(0.0),
                },
                Class {
                    colour: RAMP[3],
                    label: shown(1.0),
                },
            ];
            let class = values
                .iter()
                .map(|v| v.map(|v| usize::from(v >= 0.5)))
                .collect();
            return Choropleth {
                values,
                classes,
                class,
            };
        }
        let (lo, hi) = values
            .iter()
            .flatten()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            });
        let limits = if lo.is_finite() {
            class_limits(lo, hi, metric.kind == MetricKind::Count)
        } else {
            Vec::new()
        };
        let n = limits.len().saturating_sub(1).max(1);
        let classes: Vec<Class> = if limits.len() == 1 {
            vec![Class {
                colour: ramp_colour(0, 1),
                label: shown(limits[0]),
            }]
        } else {
            limits
                .windows(2)
                .enumerate()
                .map(|(k, w)| Class {
                    colour: ramp_colour(k, n),
                    label: format!("{} – {}", shown(w[0]), shown(w[1])),
                })
                .collect()
        };
        // No class for a figure beyond every limit (an infinite sum).
        let class = values
            .iter()
            .map(|v| {
                v.filter(|_| !classes.is_empty())
                    .map(|v| class_of(v, &limits).min(classes.len() - 1))
            })
            .collect();
        Choropleth {
            values,
            classes,
            class,
        }
    }
}

/// Where a map's legend and shapes go.
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub keys: Vec<Key>,
    pub fit: Fit,
}

fn keys(spec: &Spec, data: &Data, choropleth: Option<&Choropleth>) -> Vec<Key> {
    let area = |fill: &'static str, stroke: Option<Stroke>| Symbol::Area { fill, stroke };
    let counties = &data.site.counties;
    let shaped = |c: usize| {
        data.site
            .map
            .as_ref()
            .is_some_and(|m| m.counties.get(c).is_some_and(Option::is_some))
    };
    match spec.kind {
        Kind::PilotMap => vec![
            Key::new(area(PILOT, None), data.group_label(true)),
            Key::new(
                area(HATCH_CONTROL, Some(Stroke::solid(CONTROL, 1.5))),
                data.group_label(false),
            ),
        ],
        Kind::Map => {
            let Some(ch) = choropleth else {
                return Vec::new();
            };
            let mut keys: Vec<Key> = ch
                .classes
                .iter()
                .map(|c| {
                    Key::new(
                        area(c.colour, Some(Stroke::solid(BAND_EDGE, 0.6))),
                        c.label.clone(),
                    )
                })
                .collect();
            if (0..counties.len()).any(|c| ch.values[c].is_none() && shaped(c)) {
                keys.push(Key::new(
                    area(HATCH_NULL, Some(Stroke::solid(BAND_EDGE, 0.6))),
                    display::not_reported(data.lang()),
                ));
            }
            if (0..counties.len()).any(|c| counties[c].pilot && shaped(c)) {
                keys.push(Key::new(
                    area(PAPER, Some(Stroke::solid(INK, 2.5))),
                    data.t("map_pilot_outline"),
                ));
            }
            keys
        }
        _ => Vec::new(),
    }
}

/// The layout of a map.
pub fn layout(spec: &Spec, data: &Data, variant: Variant) -> Layout {
    let choropleth = (spec.kind == Kind::Map).then(|| Choropleth::new(spec, data));
    layout_with(spec, data, variant, choropleth.as_ref())
}

fn layout_with(
    spec: &Spec,
    data: &Data,
    variant: Variant,
    choropleth: Option<&Choropleth>,
) -> Layout {
    let width = f64::from(width(spec.kind, variant));
    let keys = keys(spec, data, choropleth);
    let top = if keys.is_empty() {
        PAD
    } else {
        legend_height(&keys, width) + PAD
    };
    let (w, h) = data
        .site
        .map
        .as_ref()
        .map_or((1.0, 1.0), |m| (m.width, m.height));
    let fit = Fit::new(
        w,
        h,
        (PAD, top),
        width - 2.0 * PAD,
        max_height(spec.kind, variant),
    );
    Layout {
        width,
        height: (top + fit.height + PAD).ceil(),
        keys,
        fit,
    }
}

pub fn height(spec: &Spec, data: &Data, variant: Variant) -> u32 {
    layout(spec, data, variant).height as u32
}

/// Every county's outline, simplified for the drawing, placed by `fit`
/// (pixels), by county.
fn outlines(data: &Data, fit: &Fit, detail: Detail) -> Vec<Option<Vec<Polygon>>> {
    let Some(shapes) = data.site.map.as_ref() else {
        return vec![None; data.site.counties.len()];
    };
    (0..data.site.counties.len())
        .map(|c| {
            shapes
                .counties
                .get(c)
                .and_then(Option::as_ref)
                .map(|o| place(o.at(detail), fit))
        })
        .collect()
}

fn rings(polygons: &[Polygon]) -> impl Iterator<Item = &[(f64, f64)]> {
    polygons.iter().flatten().map(Vec::as_slice)
}

/// Draws a map (without its title and description).
pub fn draw(spec: &Spec, data: &Data, variant: Variant) -> String {
    let choropleth = (spec.kind == Kind::Map).then(|| Choropleth::new(spec, data));
    let layout = layout_with(spec, data, variant, choropleth.as_ref());
    let mut svg = Svg::new(layout.width as u32, layout.height as u32);
    let shapes = outlines(data, &layout.fit, detail(spec.kind, variant));
    let counties = &data.site.counties;
    let lang = data.lang();
    let named = |c: usize, what: String| format!("{}{}{what}", counties[c].name, colon(lang));
    match spec.kind {
        Kind::PilotMap => {
            svg.hatch("hatch-control", CONTROL_TINT, CONTROL, 6.0);
            for (c, polys) in shapes.iter().enumerate() {
                let Some(polys) = polys else { continue };
                let pilot = counties[c].pilot;
                let title = named(c, data.group_label(pilot));
                if pilot {
                    svg.area(
                        rings(polys),
                        PILOT,
                        Some(Stroke::solid(PAPER, 0.75)),
                        Some(&title),
                    );
                } else {
                    svg.area(
                        rings(polys),
                        HATCH_CONTROL,
                        Some(Stroke::solid(CONTROL, 1.2)),
                        Some(&title),
                    );
                }
            }
            names(&mut svg, data, &shapes, &layout, variant);
        }
        Kind::Map => {
            svg.hatch("hatch-null", NULL_FILL, BAND_EDGE, 6.0);
            let Some(ch) = &choropleth else {
                return svg.end();
            };
            let metric = &data.site.config.metrics[spec.metric];
            for (c, polys) in shapes.iter().enumerate() {
                let Some(polys) = polys else { continue };
                let fill = ch.class[c].map_or(HATCH_NULL, |k| ch.classes[k].colour);
                let title = named(
                    c,
                    county_value(metric, ch.values[c], counties[c].pilot, data),
                );
                svg.area(
                    rings(polys),
                    fill,
                    Some(Stroke::solid(BAND_EDGE, 0.6)),
                    Some(&title),
                );
            }
            for (c, polys) in shapes.iter().enumerate() {
                if let Some(polys) = polys
                    && counties[c].pilot
                {
                    // A dark line on a casing of the page's colour, seen
                    // on every class colour in both schemes.
                    svg.area(rings(polys), "none", Some(Stroke::solid(PAPER, 5.0)), None);
                    svg.area(rings(polys), "none", Some(Stroke::solid(INK, 2.0)), None);
                }
            }
            names(&mut svg, data, &shapes, &layout, variant);
        }
        Kind::Locator => {
            let own = spec.county.unwrap_or(0);
            let pilot = counties.get(own).is_some_and(|c| c.pilot);
            if !pilot {
                svg.hatch("hatch-control", CONTROL_TINT, CONTROL, 5.0);
            }
            for (c, polys) in shapes.iter().enumerate() {
                if c == own {
                    continue;
                }
                if let Some(polys) = polys {
                    svg.area(
                        rings(polys),
                        BAND,
                        Some(Stroke::solid(BAND_EDGE, 0.6)),
                        Some(&counties[c].name),
                    );
                }
            }
            if let Some(Some(polys)) = shapes.get(own) {
                let title = named(own, data.group_label(pilot));
                let (fill, stroke) = if pilot {
                    (PILOT, Stroke::solid(PILOT, 1.0))
                } else {
                    (HATCH_CONTROL, Stroke::solid(CONTROL, 1.5))
                };
                svg.area(rings(polys), fill, Some(stroke), Some(&title));
            }
        }
        _ => {}
    }
    legend(&mut svg, &layout.keys, layout.width);
    svg.end()
}

/// The county names, placed by `label`.
fn names(
    svg: &mut Svg,
    data: &Data,
    shapes: &[Option<Vec<Polygon>>],
    layout: &Layout,
    variant: Variant,
) {
    for (text, x, y) in name_places(data, shapes, layout, variant) {
        svg.halo_text((x, y), label_px(variant), crate::svg::Anchor::Middle, &text);
    }
}

/// Where each county's name goes: (name, x, y).
fn name_places(
    data: &Data,
    shapes: &[Option<Vec<Polygon>>],
    layout: &Layout,
    variant: Variant,
) -> Vec<(String, f64, f64)> {
    let wanted: Vec<(usize, Wanted)> = shapes
        .iter()
        .enumerate()
        .filter_map(|(c, polys)| {
            let polys = polys.as_ref()?;
            let rings: Vec<&Ring> = polys.iter().flatten().collect();
            Some((
                c,
                Wanted {
                    rings,
                    text: data.site.counties[c].name.clone(),
                },
            ))
        })
        .collect();
    let list: Vec<Wanted> = wanted.into_iter().map(|(_, w)| w).collect();
    let area = (
        2.0,
        layout.fit.top - 2.0,
        layout.width - 2.0,
        layout.height - 2.0,
    );
    label::place(&list, label_px(variant), area)
        .into_iter()
        .map(|p| (list[p.index].text.clone(), p.x, p.y))
        .collect()
}

/// The label boxes of a map's names (left, top, right, bottom), for tests.
#[cfg(test)]
pub fn name_boxes(spec: &Spec, data: &Data, variant: Variant) -> Vec<(String, crate::svg::Boxed)> {
    let layout = layout(spec, data, variant);
    let shapes = outlines(data, &layout.fit, detail(spec.kind, variant));
    name_places(data, &shapes, &layout, variant)
        .into_iter()
        .map(|(t, x, y)| {
            let b = crate::svg::text_box(x, y, label_px(variant), crate::svg::Anchor::Middle, &t);
            (t, b)
        })
        .collect()
}

fn join(parts: &[String], lang: Language) -> String {
    parts.join(match lang {
        Language::ZhCn => "、",
        Language::En => ", ",
    })
}

/// "25%（试点）" / "25% (pilot)".
fn county_value(metric: &Metric, v: Option<f64>, pilot: bool, data: &Data) -> String {
    let value = display::value(metric, v, data.lang());
    match data.lang() {
        Language::ZhCn => format!("{value}（{}）", data.group_label(pilot)),
        Language::En => format!("{value} ({})", data.group_label(pilot)),
    }
}

/// Counties the map file has no shape for, as a sentence (or nothing).
fn shapeless(data: &Data) -> String {
    let Some(shapes) = data.site.map.as_ref() else {
        return String::new();
    };
    let missing: Vec<String> = data
        .site
        .counties
        .iter()
        .enumerate()
        .filter(|(c, _)| shapes.counties.get(*c).is_none_or(Option::is_none))
        .map(|(_, county)| county.name.clone())
        .collect();
    if missing.is_empty() {
        return String::new();
    }
    let lang = data.lang();
    format!(
        "{}{}{}{}",
        data.t("map_no_shape"),
        colon(lang),
        join(&missing, lang),
        end(lang)
    )
}

/// Title, description and data table of a map.
pub fn describe(spec: &Spec, data: &Data) -> (String, String, Table) {
    match spec.kind {
        Kind::Map => describe_choropleth(spec, data),
        Kind::Locator => describe_locator(spec, data),
        _ => describe_pilots(data),
    }
}

fn describe_pilots(data: &Data) -> (String, String, Table) {
    let lang = data.lang();
    let counties = &data.site.counties;
    let mut desc = String::new();
    for pilot in [true, false] {
        let names: Vec<String> = counties
            .iter()
            .filter(|c| c.pilot == pilot)
            .map(|c| c.name.clone())
            .collect();
        desc.push_str(&format!(
            "{}（{}）{}{}{}",
            data.group_label(pilot),
            names.len(),
            colon(lang),
            join(&names, lang),
            end(lang)
        ));
    }
    desc.push_str(&shapeless(data));
    if lang == Language::En {
        desc = desc.replace('（', " (").replace('）', ")");
    }
    let rows = counties
        .iter()
        .map(|c| Row {
            header: c.name.clone(),
            cells: vec![data.group_label(c.pilot)],
        })
        .collect();
    let table = Table {
        head: vec![data.t("county"), data.t("chart_group")],
        rows,
    };
    (data.t("map_pilots"), desc, table)
}

fn describe_choropleth(spec: &Spec, data: &Data) -> (String, String, Table) {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let lang = data.lang();
    let period = data.period_of(spec);
    let counties = &data.site.counties;
    let title = format!(
        "{}{}{} {}",
        metric.display_label(lang),
        colon(lang),
        c.periods[period].label,
        data.t("chart_map")
    );
    let ch = Choropleth::new(spec, data);
    let mut parts = Vec::new();
    for (k, class) in ch.classes.iter().enumerate() {
        let names: Vec<String> = (0..counties.len())
            .filter(|i| ch.class[*i] == Some(k))
            .map(|i| counties[i].name.clone())
            .collect();
        let names = if names.is_empty() {
            "—".to_string()
        } else {
            join(&names, lang)
        };
        parts.push(format!("{}{}{names}", class.label, colon(lang)));
    }
    let mut desc = parts.join(match lang {
        Language::ZhCn => "；",
        Language::En => "; ",
    });
    desc.push_str(end(lang));
    let missing: Vec<String> = (0..counties.len())
        .filter(|i| ch.values[*i].is_none())
        .map(|i| counties[i].name.clone())
        .collect();
    if !missing.is_empty() {
        desc.push_str(&format!(
            "{}{}{}{}",
            display::not_reported(lang),
            colon(lang),
            join(&missing, lang),
            end(lang)
        ));
    }
    if counties.iter().any(|c| c.pilot) {
        desc.push_str(&data.t("map_pilot_outline_desc"));
        desc.push_str(end(lang));
    }
    desc.push_str(&shapeless(data));
    let mut order: Vec<usize> = (0..counties.len()).collect();
    order.sort_by(|a, b| match (ch.values[*a], ch.values[*b]) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.cmp(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    });
    let rows = order
        .into_iter()
        .map(|i| Row {
            header: counties[i].name.clone(),
            cells: vec![
                data.group_label(counties[i].pilot),
                display::value(metric, ch.values[i], lang),
                ch.class[i].map_or("—".to_string(), |k| ch.classes[k].label.clone()),
            ],
        })
        .collect();
    let table = Table {
        head: vec![
            data.t("county"),
            data.t("chart_group"),
            data.t("value"),
            data.t("map_class"),
        ],
        rows,
    };
    (title, desc, table)
}

fn describe_locator(spec: &Spec, data: &Data) -> (String, String, Table) {
    let lang = data.lang();
    let own = spec.county.unwrap_or(0);
    let Some(county) = data.site.counties.get(own) else {
        let table = Table {
            head: vec![data.t("county")],
            rows: Vec::new(),
        };
        return (data.t("map_location"), String::new(), table);
    };
    let title = format!("{}{}{}", county.name, colon(lang), data.t("map_location"));
    let mut desc = format!(
        "{}（{}）{}{}{}",
        county.name,
        data.group_label(county.pilot),
        colon(lang),
        data.t("map_location_desc"),
        end(lang)
    );
    if lang == Language::En {
        desc = desc.replace('（', " (").replace('）', ")");
    }
    let table = Table {
        head: vec![data.t("county"), data.t("chart_group")],
        rows: vec![Row {
            header: county.name.clone(),
            cells: vec![data.group_label(county.pilot)],
        }],
    };
    (title, desc, table)
}
