//! Changes since the baseline and the difference in differences
//! (SPEC section 2), from per-county changes computed once.

use super::{Mean, Panel};

/// Every county's change of one metric at one period since the baseline,
/// for the counties with a value at both, with its group. What the group
/// means of changes, the difference in differences and the randomization
/// inference are all computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub changes: Vec<f64>,
    pub pilot: Vec<bool>,
}

impl Changes {
    pub fn of(panel: &Panel, metric: usize, period: usize, baseline: usize) -> Changes {
        let mut out = Changes::default();
        for county in 0..panel.counties() {
            if let Some(d) = panel.change(county, period, baseline, metric) {
                out.changes.push(d);
                out.pilot.push(panel.is_pilot(county));
            }
        }
        out
    }

    /// The mean change of one group.
    pub fn group(&self, pilot: bool) -> Mean {
        Mean::of(
            self.changes
                .iter()
                .zip(&self.pilot)
                .filter(|(_, p)| **p == pilot)
                .map(|(d, _)| *d),
        )
    }
}

/// The difference in differences of an assignment: the mean change over
/// the counties marked `true` minus the mean over the others; `None` when
/// either side is empty. The observed one takes the real groups; the
/// randomization inference every other assignment.
pub fn did(changes: &[f64], assignment: &[bool]) -> Option<f64> {
    let (mut sum_p, mut n_p, mut sum_c, mut n_c) = (0.0, 0usize, 0.0, 0usize);
    for (d, p) in changes.iter().zip(assignment) {
        if *p {
            sum_p += d;
            n_p += 1;
        } else {
            sum_c += d;
            n_c += 1;
        }
    }
    (n_p > 0 && n_c > 0).then(|| sum_p / n_p as f64 - sum_c / n_c as f64)
}
