//! The charts of a site with many counties: above [`SUMMARY_ABOVE`]
//! counties, the charts that would draw a mark per county draw each
//! group's distribution instead, so their size does not grow with the
//! number of counties (nor does the text alternative or the data table):
//!
//! - trend: each group's mean (as below the threshold), median and
//!   interquartile band at every period;
//! - groups: a box plot per group and period (quartiles, median, and
//!   whiskers to the smallest and largest value);
//! - ranking and change: each group's histogram and box plot on the value
//!   axis, then the five highest and five lowest counties named, with
//!   bars as below the threshold. The full list is in the metric page's
//!   county × period table and the data downloads (the figure says so).
//!
//! Quartiles are defined in `stats::spread`. Below the threshold nothing
//! here is used and every chart is drawn as before. Pure: no I/O.

mod draw;

use super::{
    Data, Kind, Row, Spec, Table, bars, bars_title, bracketed, change_in_words, change_lead, colon,
    comma, join, no_baseline, sentence_end,
};
use crate::content::{Language, Metric};
use crate::display;
use crate::stats::Spread;
use crate::stats::spread::{change_spread, group_spread};

pub(super) use draw::{draw, height, symbol};

/// The most counties a site may have for its charts to draw a mark per
/// county. About 30 is where a ranking's rows no longer fit a screen (30
/// rows of 22 px) and a trend chart's faint lines merge into a blur; a
/// province (about 100) and a country (about 2,800) are well above it,
/// a prefecture's handful of pilot counties below.
pub const SUMMARY_ABOVE: usize = 30;

/// How many counties a summary ranking names at each end.
pub const NAMED: usize = 5;

/// One of the five numbers of a spread: the key of its name, and the number.
type Statistic = (&'static str, fn(&Spread) -> f64);

/// The five numbers, smallest first.
const STATISTICS: [Statistic; 5] = [
    ("chart_min", |s| s.min),
    ("chart_q1", |s| s.q1),
    ("chart_median", |s| s.median),
    ("chart_q3", |s| s.q3),
    ("chart_max", |s| s.max),
];

/// Whether a chart of `kind` takes its summary form on this site.
pub fn applies(kind: Kind, data: &Data) -> bool {
    matches!(
        kind,
        Kind::Trend | Kind::Groups | Kind::Ranking | Kind::Change
    ) && data.site.counties.len() > SUMMARY_ABOVE
}

/// Title, description and table of a chart in its summary form.
pub fn describe(spec: &Spec, data: &Data) -> (String, String, Table) {
    match spec.kind {
        Kind::Trend => describe_trend(spec, data),
        Kind::Groups => describe_groups(spec, data),
        _ => describe_bars(spec, data),
    }
}

/// A key's text without the leading space English keys carry to follow a
/// group's name (" median").
fn word(data: &Data, key: &str) -> String {
    data.t(key).trim().to_string()
}

/// "a – b".
fn between(a: String, b: String) -> String {
    format!("{a} – {b}")
}

/// Each group's spread at every period.
fn spreads(data: &Data, metric: usize, pilot: bool) -> Vec<Option<Spread>> {
    (0..data.site.config.periods.len())
        .map(|p| group_spread(data.panel, metric, p, pilot))
        .collect()
}

fn level(metric: &Metric, v: f64, lang: Language) -> String {
    display::mean(metric, Some(v), lang)
}

/// The trend chart's description and table (the group means and their n,
/// as below the threshold) with each group's median and quartiles at
/// every period after them.
fn describe_trend(spec: &Spec, data: &Data) -> (String, String, Table) {
    let (title, mut desc, mut table) = super::describe_trend(spec, data);
    let metric = &data.site.config.metrics[spec.metric];
    let periods = &data.site.config.periods;
    let lang = data.lang();
    for pilot in [true, false] {
        let spreads = spreads(data, spec.metric, pilot);
        let cells = |f: fn(&Spread) -> f64| -> Vec<String> {
            spreads
                .iter()
                .map(|s| s.as_ref().map_or("—".into(), |s| level(metric, f(s), lang)))
                .collect()
        };
        let group = data.group_label(pilot);
        for (key, f) in [STATISTICS[2], STATISTICS[1], STATISTICS[3]] {
            table.rows.push(Row {
                header: format!("{group}{}", data.t(key)),
                cells: cells(f),
            });
        }
        let parts: Vec<String> = periods
            .iter()
            .zip(&spreads)
            .map(|(p, s)| match s {
                Some(s) => format!(
                    "{} {}{}",
                    p.label,
                    level(metric, s.median, lang),
                    bracketed(
                        &between(level(metric, s.q1, lang), level(metric, s.q3, lang)),
                        lang
                    )
                ),
                None => format!("{} —", p.label),
            })
            .collect();
        desc.push_str(&format!(
            "{group}{}{}{}",
            data.t("chart_median_band"),
            colon(lang),
            join(&parts, lang)
        ));
        desc.push_str(sentence_end(lang));
    }
    (title, desc, table)
}

/// The groups chart: per period and group, n, range, quartiles, median
/// and mean.
fn describe_groups(spec: &Spec, data: &Data) -> (String, String, Table) {
    let c = &data.site.config;
    let metric = &c.metrics[spec.metric];
    let lang = data.lang();
    let title = super::titled(data, metric, "chart_groups");
    let mut head = vec![data.t("period")];
    for pilot in [true, false] {
        let group = data.group_label(pilot);
        head.push(format!("{group} n"));
        for key in ["chart_range", "chart_quartiles"] {
            head.push(format!("{group} {}", data.t(key)));
        }
        head.push(format!("{group}{}", data.t("chart_median")));
        head.push(format!("{group}{}", data.t("chart_mean")));
    }
    let mut rows = Vec::new();
    let mut parts = Vec::new();
    for (p, period) in c.periods.iter().enumerate() {
        let mut cells = Vec::new();
        let mut spoken = Vec::new();
        for pilot in [true, false] {
            let mean = display::mean(
                metric,
                data.stats.group_mean(spec.metric, p, pilot).mean,
                lang,
            );
            let Some(s) = group_spread(data.panel, spec.metric, p, pilot) else {
                cells.extend(["0".into(), "—".into(), "—".into(), "—".into(), mean]);
                spoken.push(format!("{} n=0", data.group_label(pilot)));
                continue;
            };
            let range = between(level(metric, s.min, lang), level(metric, s.max, lang));
            let quartiles = between(level(metric, s.q1, lang), level(metric, s.q3, lang));
            let median = level(metric, s.median, lang);
            let comma = comma(lang);
            spoken.push(format!(
                "{} n={}{comma}{} {median}{comma}{} {quartiles}{comma}{} {range}{comma}{} {mean}",
                data.group_label(pilot),
                s.n,
                word(data, "chart_median"),
                data.t("chart_quartiles"),
                data.t("chart_range"),
                word(data, "chart_mean"),
            ));
            cells.extend([s.n.to_string(), range, quartiles, median, mean]);
        }
        parts.push(format!(
            "{}{}{}",
            period.label,
            colon(lang),
            spoken.join(if lang == Language::En { "; " } else { "；" })
        ));
        rows.push(Row {
            header: period.label.clone(),
            cells,
        });
    }
    let mut desc = parts.join(sentence_end(lang));
    desc.push_str(sentence_end(lang));
    (title, desc, Table { head, rows })
}

/// One end of a summary ranking: its heading's key, the counties named
/// there with their rank and value, and how many more share the value of
/// the last one named (whom the cut at [`NAMED`] left out by display order).
pub(super) struct End {
    pub key: &'static str,
    pub named: Vec<(usize, usize, f64)>,
    pub tied: usize,
}

/// The ends a summary ranking names: the highest and the lowest [`NAMED`]
/// of the counties with a value, each county once (with fewer than twice
/// as many, the lowest end holds the rest); an end without a county is
/// left out.
pub(super) fn named(with: &[(usize, f64)]) -> Vec<End> {
    let top = with.len().min(NAMED);
    let bottom = (with.len() - top).min(NAMED);
    let middle = &with[top..with.len() - bottom];
    let end = |key, from: usize, to: usize, edge: usize| End {
        key,
        named: (from..to).map(|i| (i + 1, with[i].0, with[i].1)).collect(),
        tied: middle.iter().filter(|(_, v)| *v == with[edge].1).count(),
    };
    let mut ends = Vec::new();
    if top > 0 {
        ends.push(end("chart_highest", 0, top, top - 1));
    }
    if bottom > 0 {
        let from = with.len() - bottom;
        ends.push(end("chart_lowest", from, with.len(), from));
    }
    ends
}

/// The spread of one group's values on a ranking (levels at its period)
/// or change chart (changes since the baseline).
pub(super) fn bar_spread(spec: &Spec, data: &Data, pilot: bool) -> Option<Spread> {
    let period = data.period_of(spec);
    match (spec.kind, data.site.config.baseline) {
        (Kind::Change, Some(b)) => change_spread(data.panel, spec.metric, period, b, pilot),
        (Kind::Change, None) => None,
        _ => group_spread(data.panel, spec.metric, period, pilot),
    }
}

/// "最高的5个" / "highest 5", and "（另有3个同值）" / " (3 more with the
/// same value)" when the cut left some out.
pub(super) fn heading(data: &Data, end: &End) -> String {
    let mut text = data.t(end.key).replace("{n}", &end.named.len().to_string());
    if end.tied > 0 {
        text.push_str(&data.t("chart_tied").replace("{n}", &end.tied.to_string()));
    }
    text
}

/// A ranking or change chart's description and table: each group's n,
/// five numbers and mean, the named counties with their rank and value
/// (in their group's column), how many did not report, and where the
/// full list is.
fn describe_bars(spec: &Spec, data: &Data) -> (String, String, Table) {
    let change = spec.kind == Kind::Change;
    if change && data.site.config.baseline.is_none() {
        return no_baseline(spec, data);
    }
    let metric = &data.site.config.metrics[spec.metric];
    let lang = data.lang();
    let counties = &data.site.counties;
    let cell = data.stats.cell(spec.metric, data.period_of(spec));
    let (with, without) = bars::values(spec, data);
    let number = |v: f64| {
        if change {
            display::change(metric, Some(v), lang)
        } else {
            level(metric, v, lang)
        }
    };
    // A named county's value: as its bar says it, and in the table with
    // the verdict of a change.
    let named_value = |v: f64| {
        if change {
            display::change(metric, Some(v), lang)
        } else {
            display::value(metric, Some(v), lang)
        }
    };
    let named_cell = |v: f64| {
        if change {
            change_in_words(metric, Some(v), lang)
        } else {
            named_value(v)
        }
    };
    let comma = comma(lang);
    let mut desc = if change {
        change_lead(spec, data)
    } else {
        String::new()
    };
    let spreads = [true, false].map(|pilot| bar_spread(spec, data, pilot));
    let means = if change {
        [cell.pilot_change.mean, cell.control_change.mean]
    } else {
        [cell.pilot.mean, cell.control.mean]
    };
    let mut rows = vec![Row {
        header: "n".into(),
        cells: spreads
            .iter()
            .map(|s| s.map_or(0, |s| s.n).to_string())
            .collect(),
    }];
    for (key, f) in STATISTICS {
        rows.push(Row {
            header: word(data, key),
            cells: spreads
                .iter()
                .map(|s| s.as_ref().map_or("—".into(), |s| number(f(s))))
                .collect(),
        });
    }
    rows.push(Row {
        header: if change {
            data.t("chart_mean_change")
        } else {
            word(data, "chart_mean")
        },
        cells: means
            .iter()
            .map(|m| match m {
                Some(m) if change => change_in_words(metric, Some(*m), lang),
                Some(m) => level(metric, *m, lang),
                None => "—".into(),
            })
            .collect(),
    });
    for (pilot, s) in [true, false].into_iter().zip(&spreads) {
        let Some(s) = s else { continue };
        desc.push_str(&format!(
            "{}{}{}{} {}{comma}{} {}{comma}{} {}{}",
            data.group_label(pilot),
            bracketed(&format!("n={}", s.n), lang),
            colon(lang),
            word(data, "chart_median"),
            number(s.median),
            data.t("chart_quartiles"),
            between(number(s.q1), number(s.q3)),
            data.t("chart_range"),
            between(number(s.min), number(s.max)),
            sentence_end(lang)
        ));
    }
    for end in named(&with) {
        let parts: Vec<String> = end
            .named
            .iter()
            .map(|(_, c, v)| {
                format!(
                    "{} {}{}",
                    counties[*c].name,
                    named_value(*v),
                    bracketed(&data.group_label(counties[*c].pilot), lang)
                )
            })
            .collect();
        desc.push_str(&format!(
            "{}{}{}{}",
            heading(data, &end),
            colon(lang),
            join(&parts, lang),
            sentence_end(lang)
        ));
        for (rank, c, v) in &end.named {
            let pilot = counties[*c].pilot;
            let value = named_cell(*v);
            rows.push(Row {
                header: format!(
                    "{}{}",
                    counties[*c].name,
                    bracketed(&format!("{} {rank}", data.t("chart_rank")), lang)
                ),
                cells: if pilot {
                    vec![value, String::new()]
                } else {
                    vec![String::new(), value]
                },
            });
        }
    }
    if !without.is_empty() {
        let count = |pilot: bool| {
            without
                .iter()
                .filter(|c| counties[**c].pilot == pilot)
                .count()
        };
        desc.push_str(&format!(
            "{}{}{}{}",
            display::not_reported(lang),
            colon(lang),
            without.len(),
            sentence_end(lang)
        ));
        rows.push(Row {
            header: display::not_reported(lang).into(),
            cells: vec![count(true).to_string(), count(false).to_string()],
        });
    }
    desc.push_str(&data.t("chart_full_list"));
    let head = vec![
        data.t("chart_statistic"),
        data.group_label(true),
        data.group_label(false),
    ];
    (bars_title(spec, data), desc, Table { head, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Variant, normalise, svg};
    use crate::stats::{self, Panel};

    #[test]
    fn the_ends_name_five_each_and_count_ties() {
        let with: Vec<(usize, f64)> = [
            9.0, 8.0, 7.0, 7.0, 6.0, 6.0, 6.0, 5.0, 4.0, 3.0, 3.0, 2.0, 1.0,
        ]
        .into_iter()
        .enumerate()
        .collect();
        let ends = named(&with);
        let ranks = |e: &End| e.named.iter().map(|(r, _, _)| *r).collect::<Vec<_>>();
        assert_eq!(ranks(&ends[0]), [1, 2, 3, 4, 5]);
        assert_eq!(ranks(&ends[1]), [9, 10, 11, 12, 13]);
        // The 5th is 6.0, as are the 6th and 7th; the 9th is 4.0, alone.
        assert_eq!((ends[0].tied, ends[1].tied), (2, 0));
        // Few counties: each named once, the first five at the top.
        let ends = named(&with[..5]);
        assert_eq!((ends.len(), ends[0].named.len()), (1, 5));
        let ends = named(&with[..8]);
        assert_eq!(ranks(&ends[1]), [6, 7, 8]);
        assert!(named(&[]).is_empty());
    }

    /// 40 counties (over the threshold) with the largest, smallest and
    /// infinite figures: every summary is drawn, at finite coordinates,
    /// naming no more than the ten counties at its ends.
    #[test]
    fn summaries_draw_any_valid_figures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let mut site = crate::content::load(&root, false)
            .site
            .expect("the fixture loads");
        let first = site.counties[0].clone();
        site.counties = (0..40)
            .map(|i| {
                let mut c = first.clone();
                c.id = format!("c{i}");
                c.name = format!("县{i}");
                c.pilot = i % 3 == 0;
                c
            })
            .collect();
        let budget = site.config.metric_index("budget").unwrap();
        let pilots = site.counties.iter().map(|c| c.pilot).collect();
        let mut panel = Panel::new(pilots, site.config.periods.len(), site.config.metrics.len());
        let extremes = [5e-324, 1.7e308, f64::MAX, 0.0, f64::INFINITY];
        for c in 0..40 {
            for p in 0..site.config.periods.len() {
                let v = (c % 7 != 6).then(|| extremes[(c + p) % extremes.len()]);
                panel.set(c, p, budget, v);
            }
        }
        let stats = stats::compute(&panel, site.config.baseline);
        let strings = Default::default();
        let data = Data {
            site: &site,
            panel: &panel,
            stats: &stats,
            strings: &strings,
        };
        for kind in [Kind::Trend, Kind::Groups, Kind::Ranking, Kind::Change] {
            assert!(applies(kind, &data));
            let spec = normalise(
                Spec {
                    kind,
                    metric: budget,
                    county: None,
                    period: None,
                },
                &data,
            );
            for variant in Variant::ALL {
                let drawn = svg(&spec, &data, variant);
                assert!(drawn.starts_with("<svg"), "{kind:?}");
                // Every coordinate is a number (a mean change of ∞ − ∞
                // is NaN in the statistics, and said so in words).
                assert!(
                    !drawn.contains("=\"NaN") && !drawn.contains("=\"inf"),
                    "{kind:?} {variant:?}"
                );
                let names = drawn.matches(">县").count();
                assert!(names <= 2 * NAMED, "{kind:?}: {names} counties named");
            }
        }
    }
}
