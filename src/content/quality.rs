//! The data-quality report of `check`: problems that are not errors but
//! that a person should look at before publishing. All are warnings.
//!
//! - a county without a report for a period that others have reported;
//! - a figure left null (or out) that the county reported the period before;
//! - a figure that changed so much since the period before that it is more
//!   likely a typo or a different unit than news ([`large_change`]);
//! - a report with figures but no text (`import` creates them so).
//!
//! Derived metrics are left out (they follow from their inputs), and so are
//! booleans (a yes/no cannot jump). Pure: reads the site, writes nothing.

use super::{Kind, Site};
use crate::diagnostics::{Diagnostic, Pos, shorten};
use crate::messages::Text;
use crate::text;

/// How many times larger (or smaller) a figure may get between two
/// consecutive periods before it is worth a second look.
const JUMP: f64 = 3.0;

/// A factor this large (a digit too many or too few) is worth a look even
/// where the counties differ widely.
const DIGIT_SLIP: f64 = 10.0;

/// Counts that change by at most this much are never worth a warning: two
/// free clinics becoming seven is not news, however large the factor.
const SMALL_COUNT_CHANGE: f64 = 10.0;

pub fn data_quality(site: &Site) -> Vec<Diagnostic> {
    let mut out = missing_reports(site);
    out.extend(thin_comparisons(site));
    out.extend(empty_bodies(site));
    let c = &site.config;
    let spreads = Spreads::new(site);
    for r in &site.reports {
        let Some(prev_period) = r.period.checked_sub(1) else {
            continue;
        };
        let Some(prev) = site.report_index(r.county, prev_period) else {
            continue;
        };
        let before = &site.reports[prev];
        for (m, metric) in c.metrics.iter().enumerate() {
            if metric.derived.is_some() || metric.kind == Kind::Bool {
                continue;
            }
            let (Some(old), now) = (before.values[m], r.values[m]) else {
                continue;
            };
            let pos = r.value_pos[m].unwrap_or(r.metrics_pos);
            let prev_id = &c.periods[prev_period].id;
            match now {
                None => out.push(
                    Diagnostic::warning(
                        &r.body.path,
                        pos,
                        text!(
                            "quality-not-reported",
                            id = &metric.id,
                            label = shorten(&metric.label),
                            value = number(old),
                            period = prev_id
                        ),
                    )
                    .with_help(text!("quality-not-reported-help")),
                ),
                Some(new) if old > 0.0 && new > 0.0 => {
                    // Like with like: a flow over a year against one over a
                    // half-year is compared per the usual period length.
                    let (a, b) = (
                        c.comparable(m, prev_period, old),
                        c.comparable(m, r.period, new),
                    );
                    let others = spreads.others(r.county, m, r.period);
                    if !large_change(a, b, metric.kind, others) {
                        continue;
                    }
                    let scaled = c.is_scaled(m, r.period) || c.is_scaled(m, prev_period);
                    out.push(
                        Diagnostic::warning(
                            &r.body.path,
                            pos,
                            text!(
                                "quality-large-change",
                                id = &metric.id,
                                label = shorten(&metric.label),
                                old = number(old),
                                period = prev_id,
                                new = number(new),
                                factor = format!("{:.1}", b / a),
                                scaled = if scaled { "yes" } else { "no" }
                            ),
                        )
                        .with_help(text!("quality-large-change-help")),
                    );
                }
                Some(_) => {}
            }
        }
    }
    crate::diagnostics::sort(&mut out);
    out
}

/// Whether a figure going from `old` to `new` (both above 0, comparable
/// values) is a change worth a second look:
///
/// 1. it is more than [`JUMP`] times larger or smaller;
/// 2. for a count, it changed by more than [`SMALL_COUNT_CHANGE`]: small
///    counts (events, people in a role) swing by large factors for real;
/// 3. and it is either a factor of [`DIGIT_SLIP`] or more (a digit too many
///    or too few), or a change larger than the whole spread of the other
///    counties' figures at the two periods (`others`: their smallest and
///    largest, when at least two other counties have figures): a county
///    moving by less than the distance between the other counties has not
///    moved out of the ordinary.
pub fn large_change(old: f64, new: f64, kind: Kind, others: Option<(f64, f64)>) -> bool {
    let factor = new / old;
    if (1.0 / JUMP..=JUMP).contains(&factor) {
        return false;
    }
    let change = (new - old).abs();
    if kind == Kind::Count && change <= SMALL_COUNT_CHANGE {
        return false;
    }
    if factor >= DIGIT_SLIP || factor <= 1.0 / DIGIT_SLIP {
        return true;
    }
    match others {
        Some((low, high)) => change > high - low,
        None => true,
    }
}

/// For each metric and each period `p` after the first, what
/// [`large_change`] compares a county's move from `p - 1` to `p` with: the
/// smallest and largest comparable figure the other counties have at
/// either period. Kept as the two lowest and two highest counties' figures,
/// so leaving one county out costs nothing and a site of thousands of
/// counties is checked in time proportional to its figures, not their
/// square.
struct Spreads {
    /// Per metric, per period: the two-period spread ending there.
    spreads: Vec<Vec<Spread>>,
}

/// The figures of the counties at two consecutive periods.
#[derive(Default, Clone)]
struct Spread {
    /// Counties with a figure at either period.
    counties: usize,
    /// The two lowest of each county's own lowest figure, with the county.
    low: [Option<(f64, usize)>; 2],
    /// The two highest of each county's own highest figure, with the county.
    high: [Option<(f64, usize)>; 2],
}

impl Spread {
    fn add(&mut self, county: usize, lo: f64, hi: f64) {
        self.counties += 1;
        let below = |new: f64, old: Option<(f64, usize)>| old.is_none_or(|(v, _)| new < v);
        if below(lo, self.low[0]) {
            self.low = [Some((lo, county)), self.low[0]];
        } else if below(lo, self.low[1]) {
            self.low[1] = Some((lo, county));
        }
        let above = |new: f64, old: Option<(f64, usize)>| old.is_none_or(|(v, _)| new > v);
        if above(hi, self.high[0]) {
            self.high = [Some((hi, county)), self.high[0]];
        } else if above(hi, self.high[1]) {
            self.high[1] = Some((hi, county));
        }
    }
}

impl Spreads {
    fn new(site: &Site) -> Spreads {
        let c = &site.config;
        let periods = c.periods.len();
        let mut spreads = vec![vec![Spread::default(); periods]; c.metrics.len()];
        // Each county's figures by period, from its reports (sorted by
        // county, then period).
        let mut start = 0;
        while start < site.reports.len() {
            let county = site.reports[start].county;
            let end = start
                + site.reports[start..]
                    .iter()
                    .take_while(|r| r.county == county)
                    .count();
            let mine = &site.reports[start..end];
            for (m, by_period) in spreads.iter_mut().enumerate() {
                let mut values = vec![None; periods];
                for r in mine {
                    values[r.period] = r.values[m].map(|v| c.comparable(m, r.period, v));
                }
                for p in 1..periods {
                    let pair = [values[p - 1], values[p]];
                    let lo = pair.iter().flatten().copied().reduce(f64::min);
                    let hi = pair.iter().flatten().copied().reduce(f64::max);
                    if let (Some(lo), Some(hi)) = (lo, hi) {
                        by_period[p].add(county, lo, hi);
                    }
                }
            }
            start = end;
        }
        Spreads { spreads }
    }

    /// The smallest and largest comparable figure of metric `m` among the
    /// counties other than `county` at `period - 1` and `period`, when at
    /// least two of them have one. `county` has figures there itself (the
    /// caller is comparing two of them).
    fn others(&self, county: usize, m: usize, period: usize) -> Option<(f64, f64)> {
        let s = &self.spreads[m][period];
        if s.counties < 3 {
            return None;
        }
        let not_mine = |pair: [Option<(f64, usize)>; 2]| {
            pair.into_iter()
                .flatten()
                .find(|(_, c)| *c != county)
                .map(|(v, _)| v)
        };
        match (not_mine(s.low), not_mine(s.high)) {
            (Some(lo), Some(hi)) => Some((lo, hi)),
            _ => None,
        }
    }
}

/// Metrics whose comparison rests on fewer than two counties of a group at
/// some period: counties with a value there (and at the baseline, when the
/// site has one), counted per group. One warning per metric, at its entry
/// in site.yaml, naming the periods.
fn thin_comparisons(site: &Site) -> Vec<Diagnostic> {
    let c = &site.config;
    let groups =
        [true, false].map(|pilot| site.counties.iter().filter(|x| x.pilot == pilot).count());
    // With fewer than two counties in a group every comparison is thin:
    // that is the site's design, not a gap in the figures.
    if groups.iter().any(|n| *n < 2) {
        return Vec::new();
    }
    let value = |county: usize, period: usize, metric: usize| {
        site.report_index(county, period)
            .and_then(|r| site.reports[r].values[metric])
    };
    let reported: Vec<usize> = (0..c.periods.len())
        .filter(|p| site.reports.iter().any(|r| r.period == *p))
        .filter(|p| Some(*p) != c.baseline)
        .collect();
    let mut out = Vec::new();
    for (m, metric) in c.metrics.iter().enumerate() {
        // (period, pilot counties, other counties) where a group is thin.
        let mut thin = Vec::new();
        for &p in &reported {
            let count = |pilot: bool| {
                (0..site.counties.len())
                    .filter(|county| site.counties[*county].pilot == pilot)
                    .filter(|county| {
                        value(*county, p, m).is_some()
                            && c.baseline.is_none_or(|b| value(*county, b, m).is_some())
                    })
                    .count()
            };
            let (pilots, controls) = (count(true), count(false));
            if pilots < 2 || controls < 2 {
                thin.push((c.periods[p].id.as_str(), pilots, controls));
            }
        }
        // The periods as one argument: each period's entry holds the next.
        let periods =
            thin.iter()
                .rev()
                .fold(None, |rest: Option<Text>, (period, pilots, controls)| {
                    Some(match rest {
                        None => text!(
                            "quality-thin-period",
                            period = *period,
                            pilots = *pilots,
                            controls = *controls
                        ),
                        Some(rest) => text!(
                            "quality-thin-period-more",
                            period = *period,
                            pilots = *pilots,
                            controls = *controls,
                            rest = rest
                        ),
                    })
                });
        if let Some(periods) = periods {
            out.push(
                Diagnostic::warning(
                    "site.yaml",
                    metric.pos,
                    text!(
                        "quality-thin-comparison",
                        id = &metric.id,
                        label = shorten(&metric.label),
                        periods = periods,
                        baseline = if c.baseline.is_some() { "yes" } else { "no" }
                    ),
                )
                .with_help(text!("quality-thin-comparison-help")),
            );
        }
    }
    out
}

/// Counties without a report for a period up to the newest period reported.
fn missing_reports(site: &Site) -> Vec<Diagnostic> {
    let Some(latest) = site.reports.iter().map(|r| r.period).max() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (county, c) in site.counties.iter().enumerate() {
        let missing: Vec<&str> = (0..=latest)
            .filter(|p| site.report_index(county, *p).is_none())
            .map(|p| site.config.periods[p].id.as_str())
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::warning(
                    &c.body.path,
                    Pos::new(1, 1),
                    text!(
                        "quality-missing-reports",
                        county = shorten(&c.name),
                        periods = missing.join(", ")
                    ),
                )
                .with_help(text!("quality-missing-reports-help", id = &c.id)),
            );
        }
    }
    out
}

/// Reports without a word of text: the figures alone, as `import` writes
/// a report it creates. The warning sits on the front matter's closing
/// line, where the text should start.
fn empty_bodies(site: &Site) -> Vec<Diagnostic> {
    site.reports
        .iter()
        .filter(|r| r.body.markdown.trim().is_empty())
        .map(|r| {
            Diagnostic::warning(
                &r.body.path,
                Pos::new(r.body.line_offset.max(1), 1),
                text!(
                    "quality-empty-body",
                    county = shorten(&site.counties[r.county].name),
                    period = &site.config.periods[r.period].label
                ),
            )
            .with_help(text!("quality-empty-body-help"))
        })
        .collect()
}

fn number(x: f64) -> String {
    super::documents::display_number(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_may_swing() {
        // Two free clinics, then seven: a factor of 3.5, a change of 5.
        assert!(!large_change(2.0, 7.0, Kind::Count, None));
        assert!(!large_change(7.0, 2.0, Kind::Count, Some((2.0, 34.0))));
        // Within a factor of three: never.
        assert!(!large_change(100.0, 290.0, Kind::Count, None));
    }

    #[test]
    fn a_change_within_the_spread_of_the_counties_is_ordinary() {
        // 11 -> 34 free clinics while the other counties range 2..30.
        assert!(!large_change(11.0, 34.0, Kind::Count, Some((2.0, 30.0))));
        // 4 -> 18 township vice-chairs while the others range 0..16.
        assert!(!large_change(4.0, 18.0, Kind::Count, Some((0.0, 16.0))));
        // Beyond the spread: worth a look.
        assert!(large_change(20.0, 90.0, Kind::Count, Some((2.0, 30.0))));
    }

    #[test]
    fn a_digit_too_many_is_always_worth_a_look() {
        assert!(large_change(85.0, 850.0, Kind::Count, Some((10.0, 900.0))));
        assert!(large_change(
            5000.0,
            500.0,
            Kind::Count,
            Some((400.0, 50000.0))
        ));
        // Other kinds have no small-count floor.
        assert!(large_change(1.2, 12.0, Kind::Money, Some((1.0, 100.0))));
        // Without other counties, the factor decides.
        assert!(large_change(20.0, 70.0, Kind::Count, None));
    }
}
