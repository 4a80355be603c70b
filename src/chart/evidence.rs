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
//! Drawn as plain SVG (no plotters): a line, dots, rectangles and text.

use std::fmt::Write as _;

use super::draw::{self, LABEL_PX, SMALL_PX, WIDTH};
use super::{Data, Row, Spec, Table, colon, sentence_end};
use crate::content::{Better, Language};
use crate::display;
use crate::stats::Inference;

/// The band: a light fill for its area and an outline with 3:1 contrast
/// or more against the page, which carries its extent; `draw::STYLE`
/// changes both in dark mode, as it does the ink and muted greys.
pub const BAND: &str = "#E4E4E4";
const BAND_EDGE: &str = "#767676";
const LINE: &str = "#1A1A1A";
const INK: &str = "#1A1A1A";
const MUTED: &str = "#595959";

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
                outside: did < inference.placebo_low || did > inference.placebo_high,
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
    let title = format!(
        "{}{}{}",
        metric.display_label(lang),
        colon(lang),
        data.t("chart_did")
    );
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
        let _ = write!(desc, "{} {did}", period.label);
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
        rows.push(Row {
            header: period.label.clone(),
            cells: vec![did, band, share],
        });
    }
    if rows.is_empty() {
        desc = data.t("chart_no_baseline");
    }
    let head = vec![
        data.t("period"),
        data.t("did"),
        data.t("placebo_band"),
        data.t("as_large_share"),
    ];
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

/// Heights: the did chart is fixed; the overview has a row per metric.
pub fn height_did() -> u32 {
    300
}

pub const OVERVIEW_ROW: i32 = 24;
const OVERVIEW_TOP: i32 = 40;

pub fn height_overview(metrics: usize) -> u32 {
    (OVERVIEW_TOP + metrics.max(1) as i32 * OVERVIEW_ROW + 36) as u32
}

/// An SVG text element.
fn text(out: &mut String, x: f64, y: f64, px: f64, fill: &str, anchor: &str, s: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{px}\" fill=\"{fill}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">{}</text>",
        draw::escape(s)
    );
}

pub fn draw_did(spec: &Spec, data: &Data) -> String {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let height = height_did() as f64;
    let mut out = format!(
        "<svg width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
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
        text(
            &mut out,
            WIDTH as f64 / 2.0,
            height / 2.0,
            LABEL_PX,
            MUTED,
            "middle",
            &data.t("chart_no_baseline"),
        );
        out.push_str("</svg>");
        return out;
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
    let (lo, hi) = draw::padded(lo, hi);
    let (left, right, top, bottom) = (72.0, WIDTH as f64 - 24.0, 36.0, height - 36.0);
    let y = |v: f64| bottom - (v.clamp(lo, hi) - lo) / (hi - lo) * (bottom - top);
    let step = (right - left) / periods.len() as f64;
    let x = |p: usize| {
        let i = periods.iter().position(|q| *q == p).unwrap_or(0);
        left + step * (i as f64 + 0.5)
    };
    // Legend.
    let _ = write!(
        out,
        "<rect x=\"8\" y=\"10\" width=\"24\" height=\"12\" fill=\"{BAND}\" stroke=\"{BAND_EDGE}\" stroke-width=\"1\"/>"
    );
    text(
        &mut out,
        38.0,
        16.0,
        LABEL_PX,
        INK,
        "start",
        &data.t("placebo_band"),
    );
    let band_w = draw::text_width(&data.t("placebo_band"), LABEL_PX);
    let lx = 38.0 + band_w + 20.0;
    let _ = write!(
        out,
        "<path d=\"M{lx:.1} 16H{:.1}\" stroke=\"{LINE}\" stroke-width=\"2.5\"/><circle cx=\"{:.1}\" cy=\"16\" r=\"4\" fill=\"{LINE}\"/>",
        lx + 28.0,
        lx + 14.0
    );
    text(
        &mut out,
        lx + 34.0,
        16.0,
        LABEL_PX,
        INK,
        "start",
        &data.t("did"),
    );
    // Grid and ticks.
    for v in draw::nice_ticks(lo, hi, 5) {
        let yy = y(v);
        let _ = write!(
            out,
            "<path d=\"M{left:.1} {yy:.1}H{right:.1}\" stroke=\"#DDDDDD\" stroke-width=\"1\"/>"
        );
        text(
            &mut out,
            left - 8.0,
            yy,
            SMALL_PX,
            MUTED,
            "end",
            &draw::change_tick(metric, v),
        );
    }
    // Bands: one rectangle per period.
    for (p, _, i) in &points {
        if let Some(i) = i {
            let (y0, y1) = (y(i.placebo_high), y(i.placebo_low));
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{BAND}\" stroke=\"{BAND_EDGE}\" stroke-width=\"1\"/>",
                x(*p) - step * 0.35,
                step * 0.7,
                (y1 - y0).max(1.0)
            );
        }
    }
    // Zero.
    let _ = write!(
        out,
        "<path d=\"M{left:.1} {:.1}H{right:.1}\" stroke=\"{MUTED}\" stroke-width=\"1.5\"/>",
        y(0.0)
    );
    // The line and its markers; a break where a period has no difference.
    let mut d = String::new();
    let mut previous: Option<usize> = None;
    for (p, v, _) in &points {
        let i = periods.iter().position(|q| q == p).unwrap_or(0);
        let cmd = if previous.is_some_and(|j| j + 1 == i) {
            'L'
        } else {
            'M'
        };
        let _ = write!(d, "{cmd}{:.1} {:.1}", x(*p), y(*v));
        previous = Some(i);
    }
    let _ = write!(
        out,
        "<path d=\"{d}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2.5\"/>"
    );
    for (p, v, _) in &points {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4.5\" fill=\"{LINE}\"/>",
            x(*p),
            y(*v)
        );
    }
    // Period labels under the axis.
    for p in &periods {
        let label = draw::fit(&c.periods[*p].label, SMALL_PX, step - 4.0);
        text(
            &mut out,
            x(*p),
            bottom + 16.0,
            SMALL_PX,
            MUTED,
            "middle",
            &label,
        );
    }
    out.push_str("</svg>");
    out
}

pub fn draw_overview(data: &Data) -> String {
    let rows = overview_rows(data);
    let height = height_overview(rows.len()) as f64;
    let mut out = format!(
        "<svg width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let c = &data.site.config;
    let lang = data.lang();
    let labels: Vec<String> = rows
        .iter()
        .map(|r| c.metrics[r.metric].display_label(lang).to_string())
        .collect();
    let label_w = labels
        .iter()
        .map(|l| draw::text_width(l, LABEL_PX))
        .fold(0.0, f64::max)
        .min(260.0)
        + 16.0;
    let (left, right) = (label_w, WIDTH as f64 - 64.0);
    let top = OVERVIEW_TOP as f64;
    let bottom = top + rows.len().max(1) as f64 * OVERVIEW_ROW as f64;
    let reach = rows
        .iter()
        .map(|r| r.score.abs())
        .filter(|s| s.is_finite())
        .fold(1.5f64, f64::max)
        .min(10.0)
        * 1.1;
    let x = |v: f64| left + (v.clamp(-reach, reach) + reach) / (2.0 * reach) * (right - left);
    // Legend: the band, and which side is better.
    let _ = write!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{BAND}\" stroke=\"{BAND_EDGE}\" stroke-width=\"1\"/>",
        x(-1.0),
        top - 4.0,
        x(1.0) - x(-1.0),
        bottom - top + 8.0
    );
    text(&mut out, x(-1.0), 14.0, SMALL_PX, MUTED, "middle", "−1");
    text(&mut out, x(1.0), 14.0, SMALL_PX, MUTED, "middle", "+1");
    text(&mut out, x(0.0), 14.0, SMALL_PX, MUTED, "middle", "0");
    text(
        &mut out,
        right,
        30.0,
        SMALL_PX,
        INK,
        "end",
        &format!("{} →", data.t("overview_better")),
    );
    text(
        &mut out,
        left,
        30.0,
        SMALL_PX,
        INK,
        "start",
        &format!("← {}", data.t("overview_worse")),
    );
    let _ = write!(
        out,
        "<path d=\"M{:.1} {:.1}V{bottom:.1}\" stroke=\"{MUTED}\" stroke-width=\"1.5\"/>",
        x(0.0),
        top - 4.0
    );
    for (i, (r, label)) in rows.iter().zip(&labels).enumerate() {
        let yy = top + (i as f64 + 0.5) * OVERVIEW_ROW as f64;
        text(
            &mut out,
            left - 8.0,
            yy,
            LABEL_PX,
            INK,
            "end",
            &draw::fit(label, LABEL_PX, label_w - 16.0),
        );
        let _ = write!(
            out,
            "<path d=\"M{:.1} {yy:.1}H{:.1}\" stroke=\"#DDDDDD\" stroke-width=\"1\"/>",
            x(0.0),
            x(r.score)
        );
        // Solid outside the band, hollow inside: shape and fill, not colour.
        if r.outside {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{yy:.1}\" r=\"5.5\" fill=\"{LINE}\"/>",
                x(r.score)
            );
        } else {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{yy:.1}\" r=\"5\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2\"/>",
                x(r.score)
            );
        }
        let value = display::band_multiple(r.score, lang);
        text(&mut out, right + 8.0, yy, SMALL_PX, MUTED, "start", &value);
    }
    out.push_str("</svg>");
    out
}
