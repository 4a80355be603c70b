//! Group means over the counties with a value (SPEC section 2).

use super::Panel;

/// A mean and how many values it is over. `mean` is `None` when `n` is 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Mean {
    pub mean: Option<f64>,
    pub n: usize,
}

impl Mean {
    pub fn of(values: impl Iterator<Item = f64>) -> Mean {
        let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        Mean {
            mean: (n > 0).then(|| sum / n as f64),
            n,
        }
    }
}

/// The mean of one group's values of `metric` at `period`, nulls skipped.
pub fn group_mean(panel: &Panel, metric: usize, period: usize, pilot: bool) -> Mean {
    Mean::of(
        (0..panel.counties())
            .filter(|c| panel.is_pilot(*c) == pilot)
            .filter_map(|c| panel.get(c, period, metric)),
    )
}
