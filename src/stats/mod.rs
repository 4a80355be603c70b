//! The statistics of the contract: group means, changes since the baseline
//! and the difference in differences (SPEC section 2), and how unusual that
//! difference is among all assignments of as many pilots (SPEC 4.1).
//!
//! They are computed on comparable values (SPEC 4.5): a [`Panel`] made by
//! [`Panel::from_site`] holds flows already scaled by
//! `Config::comparable`, so nothing here sees a raw flow from a period of
//! another length.
//!
//! Pure functions over a [`Panel`] of values; no I/O, no formatting. Nulls are
//! skipped, never counted as 0. Booleans arrive as 1.0/0.0, so their mean is
//! the share of true. Nothing is rounded here.
//!
//! - `panel`: the county × period × metric table;
//! - `means`: group means;
//! - `did`: per-county changes since the baseline, computed once per metric
//!   and period, and the difference in differences of any assignment;
//! - `inference`: the randomization inference over every assignment;
//! - `spread`: quartiles, median and range of a group, for the charts of
//!   a site with many counties.

mod did;
pub mod inference;
mod means;
mod panel;
pub mod spread;

pub use did::{Changes, did};
pub use inference::Inference;
pub use means::Mean;
pub use panel::Panel;
pub use spread::Spread;

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
    /// How unusual `did` is among all assignments of as many pilots; `None`
    /// at the baseline and without both groups.
    pub inference: Option<Inference>,
}

/// All cells, metric-major.
#[derive(Debug, Clone, PartialEq)]
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

/// Computes every cell of SPEC sections 2 and 4.1, metrics in parallel.
pub fn compute(panel: &Panel, baseline: Option<usize>) -> Stats {
    use rayon::prelude::*;
    let periods = panel.periods();
    let cells = (0..panel.metrics())
        .into_par_iter()
        .flat_map_iter(|metric| {
            // One buffer for the enumerated differences of every period.
            let mut scratch = Vec::new();
            (0..periods)
                .map(|period| cell(panel, metric, period, baseline, &mut scratch))
                .collect::<Vec<_>>()
        })
        .collect();
    Stats { periods, cells }
}

fn cell(
    panel: &Panel,
    metric: usize,
    period: usize,
    baseline: Option<usize>,
    scratch: &mut Vec<f64>,
) -> Cell {
    let mut cell = Cell {
        pilot: means::group_mean(panel, metric, period, true),
        control: means::group_mean(panel, metric, period, false),
        ..Cell::default()
    };
    if let Some(b) = baseline {
        let changes = Changes::of(panel, metric, period, b);
        cell.pilot_change = changes.group(true);
        cell.control_change = changes.group(false);
        cell.did = did(&changes.changes, &changes.pilot);
        if period != b {
            cell.inference = inference::infer(&changes.changes, &changes.pilot, scratch);
        }
    }
    cell
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
        // Two pilots of three: C(3, 2) = 3 assignments, changes 6, 2, 1:
        // {6,2} vs 1: 3 (observed); {6,1} vs 2: 1.5; {2,1} vs 6: -4.5.
        let inference = c.inference.expect("inference");
        assert_eq!(inference.assignments, Some(3));
        assert_eq!(inference.as_large, Some(2));
        assert_eq!(s.cell(0, 0).inference, None, "none at the baseline");
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
