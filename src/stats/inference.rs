//! How unusual is the pilots' difference: randomization inference, exactly
//! as SPEC section 4.1 defines it.
//!
//! Given each county's change since the baseline (counties with a value at
//! both periods only) and which of them are pilots (k of n), every set S of
//! k counties is an *assignment*, and DiD(S) is the mean change over S
//! minus the mean change over the rest. The real assignment gives the
//! observed difference in differences. Up to [`EXACT_LIMIT`] assignments
//! every one is enumerated; above that the normal distribution with the
//! exact variance of DiD(S) over all assignments stands in.
//!
//! Pure: no I/O, no randomness (nothing is drawn), no allocation per
//! assignment. The enumeration walks the k-subsets in lexicographic order,
//! keeping the running sums of each prefix, so every subset sum is the
//! left-to-right sum of its own k changes (no drift over a long walk) at an
//! amortised cost of a few additions per assignment.

use super::did::did;

/// The most assignments enumerated one by one (SPEC 4.1).
pub const EXACT_LIMIT: u64 = 100_000;

/// z for the two-sided 95 % band of the normal approximation.
const Z95: f64 = 1.959_963_984_540_054;

/// The five fields of SPEC 4.1 for one metric at one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inference {
    /// Every assignment was enumerated.
    pub exact: bool,
    /// C(n, k), when exact.
    pub assignments: Option<u64>,
    /// The share of assignments whose |DiD| is at least the observed one
    /// (the observed assignment included); the normal tail when not exact.
    pub p: f64,
    /// The 2.5 % and 97.5 % points of DiD over all assignments.
    pub placebo_low: f64,
    pub placebo_high: f64,
    /// How many of the assignments gave a gap at least as large (exact
    /// only): `p` × `assignments`.
    pub as_large: Option<u64>,
}

impl Inference {
    /// Whether `did` lies outside the band of 95 % of assignments.
    pub fn outside(&self, did: f64) -> bool {
        did < self.placebo_low || did > self.placebo_high
    }
}

/// C(n, k), or `None` when it exceeds `limit`.
pub fn binomial(n: usize, k: usize, limit: u64) -> Option<u64> {
    if k > n {
        return Some(0);
    }
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for i in 0..k {
        c = c * (n - i) as u128 / (i + 1) as u128;
        if c > u128::from(limit) {
            return None;
        }
    }
    Some(c as u64)
}

/// Randomization inference for one metric at one period. `changes[i]` is
/// county i's change since the baseline, `pilot[i]` its group. `None` when
/// there is no comparison (no pilot or no non-pilot with a change).
/// `scratch` is reused between calls to hold the enumerated differences.
pub fn infer(changes: &[f64], pilot: &[bool], scratch: &mut Vec<f64>) -> Option<Inference> {
    let n = changes.len();
    let k = pilot.iter().filter(|p| **p).count();
    let observed = did(changes, pilot).filter(|d| d.is_finite())?;
    if changes.iter().any(|d| !d.is_finite()) {
        return None;
    }
    match binomial(n, k, EXACT_LIMIT) {
        Some(count) => Some(exact(changes, k, observed, count, scratch)),
        None => Some(normal(changes, k, observed)),
    }
}

/// Whether an assignment's gap counts as at least as large as the observed
/// one (SPEC 4.1's tolerance absorbs rounding in the sums).
fn at_least(value: f64, observed: f64) -> bool {
    value.abs() >= observed.abs() - 1e-9 * observed.abs().max(1.0)
}

fn exact(
    changes: &[f64],
    k: usize,
    observed: f64,
    count: u64,
    scratch: &mut Vec<f64>,
) -> Inference {
    let n = changes.len();
    let total: f64 = changes.iter().sum();
    let (kf, rest) = (k as f64, (n - k) as f64);
    scratch.clear();
    scratch.reserve(count as usize);
    let mut as_large = 0u64;
    // c: the chosen indices, ascending; prefix[j]: the sum of the first j.
    let mut c: Vec<usize> = (0..k).collect();
    let mut prefix = vec![0.0; k + 1];
    for j in 0..k {
        prefix[j + 1] = prefix[j] + changes[c[j]];
    }
    loop {
        let sum = prefix[k];
        let value = sum / kf - (total - sum) / rest;
        if at_least(value, observed) {
            as_large += 1;
        }
        scratch.push(value);
        // The next subset: the rightmost index that can move moves by one,
        // the ones after it follow it directly.
        let Some(i) = (0..k).rev().find(|&i| c[i] < n - k + i) else {
            break;
        };
        c[i] += 1;
        for j in i..k {
            if j > i {
                c[j] = c[j - 1] + 1;
            }
            prefix[j + 1] = prefix[j] + changes[c[j]];
        }
    }
    debug_assert_eq!(scratch.len() as u64, count);
    let len = scratch.len();
    // Nearest rank (1-based) ceil(0.025 N) and ceil(0.975 N), in integers.
    let low_rank = (len * 25).div_ceil(1000).max(1);
    let high_rank = (len * 975).div_ceil(1000).max(1);
    let (_, high, _) = scratch.select_nth_unstable_by(high_rank - 1, f64::total_cmp);
    let high = *high;
    let (_, low, _) = scratch[..high_rank].select_nth_unstable_by(low_rank - 1, f64::total_cmp);
    Inference {
        exact: true,
        assignments: Some(count),
        p: as_large as f64 / count as f64,
        placebo_low: *low,
        placebo_high: high,
        as_large: Some(as_large),
    }
}

fn normal(changes: &[f64], k: usize, observed: f64) -> Inference {
    let n = changes.len() as f64;
    let mean = changes.iter().sum::<f64>() / n;
    let s2 = changes.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n;
    let kf = k as f64;
    let sd = (n * n * s2 / (kf * (n - kf) * (n - 1.0))).sqrt();
    let p = if sd > 0.0 {
        // 2 (1 - Phi(z)) = erfc(z / sqrt 2), without cancellation.
        libm::erfc(observed.abs() / sd / std::f64::consts::SQRT_2)
    } else {
        1.0
    };
    Inference {
        exact: false,
        assignments: None,
        p,
        placebo_low: -Z95 * sd,
        placebo_high: Z95 * sd,
        as_large: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(changes: &[f64], pilot: &[bool]) -> Inference {
        infer(changes, pilot, &mut Vec::new()).expect("a comparison")
    }

    #[test]
    fn three_of_four_by_hand() {
        // d = 1, 2, 3, 10; pilots {3, 10}... as k = 2 of 4: C(4,2) = 6.
        // DiD(S) = mean(S) - mean(rest):
        // {1,2}: 1.5-6.5=-5  {1,3}: 2-6=-4  {1,10}: 5.5-2.5=3
        // {2,3}: 2.5-5.5=-3  {2,10}: 6-2=4  {3,10}: 6.5-1.5=5 (observed)
        let r = run(&[1.0, 2.0, 3.0, 10.0], &[false, false, true, true]);
        assert!(r.exact);
        assert_eq!(r.assignments, Some(6));
        // |DiD| >= 5: {1,2} and {3,10}.
        assert_eq!(r.as_large, Some(2));
        assert_eq!(r.p, 2.0 / 6.0);
        // Sorted: -5 -4 -3 3 4 5; ranks ceil(0.15) = 1 and ceil(5.85) = 6.
        assert_eq!((r.placebo_low, r.placebo_high), (-5.0, 5.0));
    }

    #[test]
    fn ties_count_as_at_least_as_large() {
        // Every county changed by 0 or 1: many assignments tie the observed gap.
        // pilots {1, 1} vs {0, 0}: did = 1; C(4,2) = 6; |DiD| = 1 for
        // {1,1} and {0,0}, 0 for the four mixed ones.
        let r = run(&[1.0, 1.0, 0.0, 0.0], &[true, true, false, false]);
        assert_eq!(r.as_large, Some(2));
        assert_eq!(r.p, 1.0 / 3.0);
        // A tie that floating point nearly misses still counts.
        let r = run(&[0.1 + 0.2, 0.3, 0.0, 0.0], &[true, true, false, false]);
        assert_eq!(r.as_large, Some(2));
    }

    #[test]
    fn all_changes_equal_is_no_evidence() {
        let r = run(&[4.0; 6], &[true, false, true, false, false, false]);
        assert_eq!(r.p, 1.0);
        assert_eq!((r.placebo_low, r.placebo_high), (0.0, 0.0));
        assert_eq!(r.assignments, Some(15));
    }

    #[test]
    fn one_pilot() {
        // k = 1 of 5: each county in turn; DiD = d_i - mean(others).
        let d = [0.0, 1.0, 2.0, 3.0, 14.0];
        let r = run(&d, &[false, false, false, false, true]);
        assert_eq!(r.assignments, Some(5));
        // The observed 14 - 1.5 = 12.5 is the largest; the others are
        // 0-5=-5, 1-4.75=-3.75, 2-4.5=-2.5, 3-4.25=-1.25.
        assert_eq!(r.as_large, Some(1));
        assert_eq!(r.p, 0.2);
        // ranks ceil(0.125) = 1 and ceil(4.875) = 5 of five.
        assert_eq!((r.placebo_low, r.placebo_high), (-5.0, 12.5));
    }

    #[test]
    fn no_comparison_without_both_groups() {
        assert_eq!(infer(&[1.0, 2.0], &[true, true], &mut Vec::new()), None);
        assert_eq!(infer(&[1.0, 2.0], &[false, false], &mut Vec::new()), None);
        assert_eq!(infer(&[], &[], &mut Vec::new()), None);
    }

    #[test]
    fn the_enumeration_visits_every_subset_once() {
        // Changes that are powers of two make every subset sum distinct.
        let d: Vec<f64> = (0..10).map(|i| f64::from(1u32 << i)).collect();
        let mut pilot = vec![false; 10];
        pilot[..4].fill(true);
        let mut scratch = Vec::new();
        let r = infer(&d, &pilot, &mut scratch).expect("a comparison");
        assert_eq!(r.assignments, Some(210));
        let total: f64 = d.iter().sum();
        let mut sums: Vec<u64> = scratch
            .iter()
            .map(|v| {
                // v = s/4 - (T - s)/6  =>  s = (v + T/6) * 12 / 5
                ((v + total / 6.0) * 12.0 / 5.0).round() as u64
            })
            .collect();
        sums.sort_unstable();
        sums.dedup();
        assert_eq!(sums.len(), 210);
        assert!(sums.iter().all(|s| s.count_ones() == 4));
    }

    #[test]
    fn the_normal_approximation_above_the_limit() {
        // 40 counties, 20 pilots: C(40, 20) > 100,000.
        let d: Vec<f64> = (0..40).map(|i| f64::from(i % 7)).collect();
        let pilot: Vec<bool> = (0..40).map(|i| i % 2 == 0).collect();
        let r = run(&d, &pilot);
        assert!(!r.exact);
        assert_eq!(r.assignments, None);
        let n = 40.0;
        let mean = d.iter().sum::<f64>() / n;
        let s2 = d.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        let sd = (n * n * s2 / (20.0 * 20.0 * 39.0)).sqrt();
        assert!((r.placebo_high - 1.959963984540054 * sd).abs() < 1e-12);
        assert_eq!(r.placebo_low, -r.placebo_high);
        assert!(r.p > 0.0 && r.p <= 1.0);
        // All changes equal: sd = 0, p = 1.
        let r = run(&[2.0; 40], &pilot);
        assert_eq!((r.p, r.placebo_low, r.placebo_high), (1.0, 0.0, 0.0));
    }

    #[test]
    fn binomials() {
        assert_eq!(binomial(9, 3, EXACT_LIMIT), Some(84));
        assert_eq!(binomial(13, 6, EXACT_LIMIT), Some(1716));
        assert_eq!(binomial(20, 10, EXACT_LIMIT), None);
        assert_eq!(binomial(5, 0, EXACT_LIMIT), Some(1));
        assert_eq!(binomial(5, 5, EXACT_LIMIT), Some(1));
        assert_eq!(binomial(500, 1, EXACT_LIMIT), Some(500));
    }
}
