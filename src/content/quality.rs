//! The data-quality report of `check`: problems that are not errors but
//! that a person should look at before publishing. All are warnings.
//!
//! - a county without a report for a period that others have reported;
//! - a figure left null (or out) that the county reported the period before;
//! - a figure more than three times, or less than a third of, the county's
//!   figure the period before.
//!
//! Derived metrics are left out (they follow from their inputs), and so are
//! booleans (a yes/no cannot jump). Pure: reads the site, writes nothing.

use super::{Kind, Site};
use crate::diagnostics::{Diagnostic, Pos};

/// How many times larger (or smaller) a figure may get between two
/// consecutive periods before it is worth a second look.
const JUMP: f64 = 3.0;

pub fn data_quality(site: &Site) -> Vec<Diagnostic> {
    let mut out = missing_reports(site);
    out.extend(thin_comparisons(site));
    let c = &site.config;
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
                        format!("`{}` is not reported, but was {} in {prev_id}", metric.id, number(old)),
                    )
                    .with_help("fill in the figure if there is one; null is right only when it was not collected"),
                ),
                Some(new) if old > 0.0 && new > 0.0 => {
                    // Like with like: a flow over a year against one over a
                    // half-year is compared per the usual period length.
                    let factor =
                        c.comparable(m, r.period, new) / c.comparable(m, prev_period, old);
                    if (1.0 / JUMP..=JUMP).contains(&factor) {
                        continue;
                    }
                    let scaled = c.is_scaled(m, r.period) || c.is_scaled(m, prev_period);
                    out.push(
                        Diagnostic::warning(
                            &r.body.path,
                            pos,
                            format!(
                                "`{}` went from {} in {prev_id} to {} ({factor:.1}×{}); check the figure",
                                metric.id,
                                number(old),
                                number(new),
                                if scaled { " per period of the usual length" } else { "" }
                            ),
                        )
                        .with_help("a change this large is often a typo or a different unit"),
                    );
                }
                Some(_) => {}
            }
        }
    }
    crate::diagnostics::sort(&mut out);
    out
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
                thin.push(format!(
                    "{}: {pilots} pilot, {controls} other",
                    c.periods[p].id
                ));
            }
        }
        if !thin.is_empty() {
            out.push(
                Diagnostic::warning(
                    "site.yaml",
                    metric.pos,
                    format!(
                        "the comparison of `{}` rests on fewer than 2 counties in a group ({}, counting counties with figures{})",
                        metric.id,
                        thin.join("; "),
                        if c.baseline.is_some() { " at the period and the baseline" } else { "" }
                    ),
                )
                .with_help("a group mean or change over one county is that county's figure: read it with care, or ask the missing counties for their figures"),
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
                    format!("{} has no report for {}", c.name, missing.join(", ")),
                )
                .with_help(format!(
                    "add content/counties/{}/<period>.md (pilotsite new report {} <period> writes a skeleton)",
                    c.id, c.id
                )),
            );
        }
    }
    out
}

fn number(x: f64) -> String {
    super::documents::display_number(x)
}
