//! The county × period × metric table every statistic is computed from.

use crate::content::Site;

/// County x period x metric values, and which counties are pilots.
#[derive(Debug, Clone, PartialEq)]
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

    pub fn periods(&self) -> usize {
        self.periods
    }

    pub fn metrics(&self) -> usize {
        self.metrics
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
