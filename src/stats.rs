//! The statistics of the contract (SPEC section 2): group means, changes since
//! the baseline and the difference in differences.
//!
//! They are computed on comparable values (SPEC 4.5): a [`Panel`] made by
//! [`Panel::from_site`] holds flows already scaled by
//! `Config::comparable`, so nothing here sees a raw flow from a period of
//! another length.
//!
//! Pure functions over a [`Panel`] of values; no I/O, no formatting. Nulls are
//! skipped, never counted as 0. Booleans arrive as 1.0/0.0, so their mean is
//! the share of true. Nothing is rounded here.

use crate::content::Site;

/// County x period x metric values, and which counties are pilots.
#[derive(Debug, Clone)]
pub struct Panel {
    counties: usize,
    periods: usize,
    metrics: usize,
    pilot: Vec<bool>,
    values: Vec<Option<f64>>,
}

impl Panel {
    /// An empty panel: every value null.
    pub fn new(pilot: Vec<bool>, periods: usize, metrics: usize) -> Self {
        let counties = pilot.len();
        Panel {
            counties,
            periods,
            metrics,
            pilot,
            values: vec![None; counties * periods * metrics],
        }
    }

    /// The comparable values (SPEC 4.5: flows scaled to the usual period
    /// length) of every (non-draft, as loaded) report of a site: what every
    /// statistic and chart is computed on.
    pub fn from_site(site: &Site) -> Self {
        Panel::of_site(site, |m, p, v| site.config.comparable(m, p, v))
    }

    /// The values as the reports give them (the open data's `value`).
    pub fn reported(site: &Site) -> Self {
        Panel::of_site(site, |_, _, v| v)
    }

    fn of_site(site: &Site, value: impl Fn(usize, usize, f64) -> f64) -> Self {
        let pilots = site.counties.iter().map(|c| c.pilot).collect();
        let mut panel = Panel::new(pilots, site.config.periods.len(), site.config.metrics.len());
        for r in &site.reports {
            for (m, v) in r.values.iter().enumerate() {
                panel.set(r.county, r.period, m, v.map(|v| value(m, r.period, v)));
            }
        }
        panel
    }

    fn index(&self, county: usize, period: usize, metric: usize) -> usize {
        (county * self.periods + period) * self.metrics + metric
    }

    pub fn set(&mut self, county: usize, period: usize, metric: usize, value: Option<f64>) {
        let i = self.index(county, period, metric);
        self.values[i] = value;
    }

    pub fn get(&self, county: usize, period: usize, metric: usize) -> Option<f64> {
        self.values[self.index(county, period, metric)]
    }

    pub fn is_pilot(&self, county: usize) -> bool {
        self.pilot[county]
    }

    pub fn counties(&self) -> usize {
        self.counties
    }

    /// A county's change at `period` since `baseline`, if both are reported.
    pub fn change(
        &self,
        county: usize,
        period: usize,
        baseline: usize,
        metric: usize,
    ) -> Option<f64> {
        Some(self.get(county, period, metric)? - self.get(county, baseline, metric)?)
    }
}

/// A mean and how many values it is over. `mean` is `None` when `n` is 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Mean {
    pub mean: Option<f64>,
    pub n: usize,
}

impl Mean {
    fn of(values: impl Iterator<Item = f64>) -> Mean {
        let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        Mean {
            mean: (n > 0).then(|| sum / n as f64),
            n,
        }
    }
}

/// Everything the site shows for one metric at one period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cell {
    pub pilot: Mean,
    pub control: Mean,
    /// Mean change since the baseline over pilots reported at both periods.
    pub pilot_change: Mean,
    pub control_change: Mean,
    /// pilot_change - control_change, when both exist.
    pub did: Option<f64>,
}

/// All cells, metric-major.
#[derive(Debug, Clone)]
pub struct Stats {
    periods: usize,
    cells: Vec<Cell>,
}

impl Stats {
    pub fn cell(&self, metric: usize, period: usize) -> &Cell {
        &self.cells[metric * self.periods + period]
    }

    /// The mean of a group (pilot or not) for a metric at a period.
    pub fn group_mean(&self, metric: usize, period: usize, pilot: bool) -> Mean {
        let c = self.cell(metric, period);
        if pilot { c.pilot } else { c.control }
    }
}

/// Computes every cell of SPEC section 2.
pub fn compute(panel: &Panel, baseline: Option<usize>) -> Stats {
    let mut cells = Vec::with_capacity(panel.metrics * panel.periods);
    for metric in 0..panel.metrics {
        for period in 0..panel.periods {
            cells.push(cell(panel, metric, period, baseline));
        }
    }
    Stats {
        periods: panel.periods,
        cells,
    }
}

fn cell(panel: &Panel, metric: usize, period: usize, baseline: Option<usize>) -> Cell {
    let group = |pilot: bool| (0..panel.counties).filter(move |c| panel.pilot[*c] == pilot);
    let mean_of = |pilot: bool| Mean::of(group(pilot).filter_map(|c| panel.get(c, period, metric)));
    let change_of = |pilot: bool| match baseline {
        Some(b) => Mean::of(group(pilot).filter_map(|c| panel.change(c, period, b, metric))),
        None => Mean::default(),
    };
    let pilot_change = change_of(true);
    let control_change = change_of(false);
    Cell {
        pilot: mean_of(true),
        control: mean_of(false),
        pilot_change,
        control_change,
        did: pilot_change
            .mean
            .zip(control_change.mean)
            .map(|(p, c)| p - c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three counties (two pilots), two periods, one metric.
    fn panel(values: [[Option<f64>; 2]; 3]) -> Panel {
        let mut p = Panel::new(vec![true, true, false], 2, 1);
        for (c, row) in values.iter().enumerate() {
            for (t, v) in row.iter().enumerate() {
                p.set(c, t, 0, *v);
            }
        }
        p
    }

    #[test]
    fn means_changes_and_did_by_hand() {
        // pilots: 10 -> 16, 20 -> 22 ; control: 30 -> 31
        let p = panel([
            [Some(10.0), Some(16.0)],
            [Some(20.0), Some(22.0)],
            [Some(30.0), Some(31.0)],
        ]);
        let s = compute(&p, Some(0));
        let c = s.cell(0, 1);
        assert_eq!(
            c.pilot,
            Mean {
                mean: Some(19.0),
                n: 2
            }
        );
        assert_eq!(
            c.control,
            Mean {
                mean: Some(31.0),
                n: 1
            }
        );
        assert_eq!(c.pilot_change.mean, Some(4.0));
        assert_eq!(c.control_change.mean, Some(1.0));
        assert_eq!(c.did, Some(3.0));
        // At the baseline itself every change is 0.
        assert_eq!(s.cell(0, 0).did, Some(0.0));
    }

    #[test]
    fn nulls_are_skipped_not_zero() {
        // second pilot has no baseline: excluded from the change, kept in the mean
        let p = panel([
            [Some(10.0), Some(16.0)],
            [None, Some(22.0)],
            [Some(30.0), None],
        ]);
        let c = *compute(&p, Some(0)).cell(0, 1);
        assert_eq!(
            c.pilot,
            Mean {
                mean: Some(19.0),
                n: 2
            }
        );
        assert_eq!(
            c.pilot_change,
            Mean {
                mean: Some(6.0),
                n: 1
            }
        );
        assert_eq!(c.control, Mean { mean: None, n: 0 });
        assert_eq!(c.control_change.mean, None);
        assert_eq!(c.did, None);
    }

    #[test]
    fn no_baseline_means_no_changes() {
        let p = panel([
            [Some(1.0), Some(2.0)],
            [Some(1.0), Some(2.0)],
            [Some(1.0), Some(2.0)],
        ]);
        let c = *compute(&p, None).cell(0, 1);
        assert_eq!(c.pilot.mean, Some(2.0));
        assert_eq!(c.pilot_change.mean, None);
        assert_eq!(c.did, None);
    }

    #[test]
    fn booleans_are_shares() {
        let p = panel([
            [Some(0.0), Some(1.0)],
            [Some(0.0), Some(0.0)],
            [Some(1.0), Some(1.0)],
        ]);
        let c = *compute(&p, Some(0)).cell(0, 1);
        assert_eq!(c.pilot.mean, Some(0.5));
        assert_eq!(c.pilot_change.mean, Some(0.5));
        assert_eq!(c.did, Some(0.5));
    }
}
