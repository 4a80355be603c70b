//! How a group's values spread: the five numbers a box plot draws (the
//! smallest, the quartiles, the median, the largest) and how many values
//! they are over. The charts of a site with many counties draw these
//! instead of one mark per county (README, "The comparison").
//!
//! The definition, so a reader can recompute it from `/data/metrics.csv`:
//! over the group's counties whose (comparable) value at that period is not
//! null, or for changes whose values at the period and at the baseline are
//! both not null (the counties the group's mean and mean change are over),
//! sorted x₁ ≤ … ≤ xₙ, the p-quantile is Hyndman and Fan's type 7: with
//! h = (n − 1)p, x₍⌊h⌋+1₎ + (h − ⌊h⌋)(x₍⌊h⌋+2₎ − x₍⌊h⌋+1₎). It is what R's
//! `quantile()`, NumPy's `percentile()` and Excel's and WPS's
//! `QUARTILE.INC` give. The median is p = 0.5, the quartiles p = 0.25 and
//! 0.75; the smallest and largest are p = 0 and 1.
//!
//! Pure: no I/O, no rounding.

use super::Panel;

/// The five numbers of one group's values, and `n`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub n: usize,
    pub min: f64,
    /// The 25th percentile.
    pub q1: f64,
    pub median: f64,
    /// The 75th percentile.
    pub q3: f64,
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; `None` when there are none.
    pub fn of(values: impl Iterator<Item = f64>) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.collect();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        Some(Spread {
            n,
            min: *sorted.first()?,
            q1: quartile(&sorted, 1),
            median: quartile(&sorted, 2),
            q3: quartile(&sorted, 3),
            max: *sorted.last()?,
        })
    }
}

/// The `k`/4 quantile (type 7) of sorted, non-empty `x`. The position
/// h = (n − 1)k/4 is kept as a whole part and a remainder in quarters, so
/// no rounding moves it.
fn quartile(x: &[f64], k: usize) -> f64 {
    let at = (x.len() - 1) * k;
    let (i, quarters) = (at / 4, at % 4);
    let a = x[i];
    if quarters == 0 {
        return a;
    }
    let b = x[i + 1];
    let f = quarters as f64 / 4.0;
    if a == b {
        return a;
    }
    let d = b - a;
    if d.is_finite() {
        a + f * d
    } else {
        // Two values so far apart that their difference overflows (or
        // infinite: the sum of two huge figures); never NaN.
        let v = a * (1.0 - f) + b * f;
        if v.is_nan() { a } else { v }
    }
}

/// The spread of one group's values of `metric` at `period`, nulls skipped.
pub fn group_spread(panel: &Panel, metric: usize, period: usize, pilot: bool) -> Option<Spread> {
    Spread::of(
        (0..panel.counties())
            .filter(|c| panel.is_pilot(*c) == pilot)
            .filter_map(|c| panel.get(c, period, metric)),
    )
}

/// The spread of one group's changes since `baseline`, over the counties
/// with a value at both periods.
pub fn change_spread(
    panel: &Panel,
    metric: usize,
    period: usize,
    baseline: usize,
    pilot: bool,
) -> Option<Spread> {
    Spread::of(
        (0..panel.counties())
            .filter(|c| panel.is_pilot(*c) == pilot)
            .filter_map(|c| panel.change(c, period, baseline, metric)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(values: &[f64]) -> Spread {
        Spread::of(values.iter().copied()).expect("values")
    }

    /// Worked by hand with h = (n − 1)p.
    #[test]
    fn quartiles_interpolate_between_order_statistics() {
        // n = 5: h = 1, 2, 3 exactly.
        let s = spread(&[5.0, 1.0, 4.0, 2.0, 3.0]);
        assert_eq!(
            (s.min, s.q1, s.median, s.q3, s.max),
            (1.0, 2.0, 3.0, 4.0, 5.0)
        );
        assert_eq!(s.n, 5);
        // n = 4: h = 0.75, 1.5, 2.25.
        let s = spread(&[10.0, 20.0, 30.0, 50.0]);
        assert_eq!((s.q1, s.median, s.q3), (17.5, 25.0, 35.0));
        // n = 6: h = 1.25, 2.5, 3.75 (R: quantile(1:6) = 2.25, 3.5, 4.75).
        let s = spread(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!((s.q1, s.median, s.q3), (2.25, 3.5, 4.75));
        // One value: every number is that value.
        let s = spread(&[7.0]);
        assert_eq!(
            (s.min, s.q1, s.median, s.q3, s.max),
            (7.0, 7.0, 7.0, 7.0, 7.0)
        );
        assert_eq!(Spread::of(std::iter::empty()), None);
    }

    #[test]
    fn extreme_values_stay_finite_and_in_order() {
        let s = spread(&[-f64::MAX, f64::MAX]);
        assert!(s.q1.is_finite() && s.median.is_finite() && s.q3.is_finite());
        assert!(s.min <= s.q1 && s.q1 <= s.median && s.median <= s.q3 && s.q3 <= s.max);
        let s = spread(&[1.0, f64::INFINITY]);
        assert_eq!(s.max, f64::INFINITY);
        assert!(!s.median.is_nan());
    }

    #[test]
    fn groups_skip_nulls_and_changes_need_both_periods() {
        // Counties 0, 1 pilots, 2, 3 not; two periods, one metric.
        let mut p = Panel::new(vec![true, true, false, false], 2, 1);
        for (c, (a, b)) in [
            (Some(1.0), Some(4.0)),
            (None, Some(8.0)),
            (Some(3.0), None),
            (Some(5.0), Some(6.0)),
        ]
        .into_iter()
        .enumerate()
        {
            p.set(c, 0, 0, a);
            p.set(c, 1, 0, b);
        }
        let pilots = group_spread(&p, 0, 1, true).expect("two pilots");
        assert_eq!((pilots.n, pilots.median), (2, 6.0));
        let changes = change_spread(&p, 0, 1, 0, true).expect("one pilot");
        assert_eq!((changes.n, changes.median), (1, 3.0));
        let changes = change_spread(&p, 0, 1, 0, false).expect("one non-pilot");
        assert_eq!((changes.n, changes.median), (1, 1.0));
        assert_eq!(group_spread(&p, 0, 0, true).map(|s| s.n), Some(1));
    }
}
