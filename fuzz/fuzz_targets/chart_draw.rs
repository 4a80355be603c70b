//! Chart description and drawing (`chart::figure`, `chart::svg`, wide and
//! narrow) over fuzzed data: the minimal site's metrics, with the counties
//! (0 to 40, names, groups), the periods (1 to 10, ids, labels, short
//! labels, baseline), the language and every value chosen by the input,
//! then one chart spec.
//!
//! Values are only those a loaded site can hold: finite, of the metric's
//! kind and within its bounds, with derived metrics computed and checked
//! the way `content::load` does (a county whose values would be rejected
//! makes the input uninteresting). The input is binary (`arbitrary`), not
//! text.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use pilotsite::chart::{self, Data, Kind, Spec, Variant};
use pilotsite::content::{Derived, Kind as MetricKind, Language, Metric, Period, Site};
use pilotsite::stats::{self, Panel};

fn text(u: &mut Unstructured, max_chars: usize) -> Result<String> {
    let s: String = u.arbitrary()?;
    Ok(s.chars().take(max_chars).collect())
}

fn number(u: &mut Unstructured) -> Result<f64> {
    const EXTREMES: [f64; 10] = [
        f64::MAX,
        -f64::MAX,
        1.7e308,
        9.0e307,
        -9.0e307,
        1e300,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        9_007_199_254_740_993.0,
    ];
    Ok(match u.int_in_range(0..=4u8)? {
        0 => f64::from(u.int_in_range(0..=20u8)?),
        1 => f64::from(u.arbitrary::<u32>()?),
        2 => f64::from(u.arbitrary::<i16>()?) / 8.0,
        3 => *u.choose(&EXTREMES)?,
        _ => f64::from_bits(u.arbitrary()?),
    })
}

/// A typed-in value of `metric` that validation accepts; `None` when the
/// drawn number is not one (then the value is left unreported).
fn value(u: &mut Unstructured, metric: &Metric) -> Result<Option<f64>> {
    if u.ratio(1, 5)? {
        return Ok(None);
    }
    let v = match metric.kind {
        MetricKind::Bool => return Ok(Some(if u.arbitrary()? { 1.0 } else { 0.0 })),
        MetricKind::Ratio => f64::from(u.arbitrary::<u16>()?) / f64::from(u16::MAX),
        MetricKind::Count => number(u)?.abs().trunc(),
        MetricKind::Money => number(u)?.abs(),
        MetricKind::Number => number(u)?,
    };
    let ok =
        v.is_finite() && metric.min.is_none_or(|m| v >= m) && metric.max.is_none_or(|m| v <= m);
    Ok(ok.then_some(v))
}

/// Derived values as `content::load` computes them; `Err(())` when load
/// would reject the report.
fn derive(metrics: &[Metric], values: &mut [Option<f64>]) -> std::result::Result<(), ()> {
    for (index, metric) in metrics.iter().enumerate() {
        let Some(derived) = &metric.derived else {
            continue;
        };
        let v = match derived {
            Derived::RatioOf(n, d) => match (values[*n], values[*d]) {
                (Some(n), Some(d)) if d != 0.0 => Some(n / d),
                _ => None,
            },
            Derived::SumOf(inputs) => inputs.iter().map(|i| values[*i]).sum(),
        };
        let Some(v) = v else { continue };
        let out = match metric.kind {
            MetricKind::Ratio => !(0.0..=1.0).contains(&v),
            MetricKind::Count | MetricKind::Money => v < 0.0,
            MetricKind::Number | MetricKind::Bool => false,
        } || metric.min.is_some_and(|m| v < m)
            || metric.max.is_some_and(|m| v > m);
        if out {
            return Err(());
        }
        values[index] = Some(v);
    }
    Ok(())
}

fn build(u: &mut Unstructured) -> Result<Option<(Site, Panel, Spec)>> {
    let base = &pilotsite_fuzz::fixture().site;
    let mut site = base.clone();
    site.reports.clear();
    site.config.language = if u.arbitrary()? {
        Language::En
    } else {
        Language::ZhCn
    };
    // `budget` may be any number, negative too.
    if let Some(m) = site.config.metrics.iter_mut().find(|m| m.id == "budget")
        && u.arbitrary()?
    {
        m.kind = MetricKind::Number;
    }
    let periods = u.int_in_range(1..=10usize)?;
    site.config.periods = (0..periods)
        .map(|i| {
            let extra: String = text(u, 24)?
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            Ok(Period {
                id: format!("{i}{extra}"),
                label: text(u, 30)?,
                short: if u.arbitrary()? {
                    Some(text(u, 10)?)
                } else {
                    None
                },
                months: 6,
            })
        })
        .collect::<Result<_>>()?;
    site.config.baseline = if u.arbitrary()? {
        Some(u.choose_index(periods)?)
    } else {
        None
    };
    let counties = u.int_in_range(0..=40usize)?;
    let template = base.counties[0].clone();
    site.counties = (0..counties)
        .map(|i| {
            let mut c = template.clone();
            c.id = format!("c{i}");
            c.name = text(u, 40)?;
            c.pilot = u.arbitrary()?;
            c.pilot_since = None;
            Ok(c)
        })
        .collect::<Result<_>>()?;
    let metrics = &site.config.metrics;
    let mut panel = Panel::new(
        site.counties.iter().map(|c| c.pilot).collect(),
        periods,
        metrics.len(),
    );
    for county in 0..counties {
        for period in 0..periods {
            let mut values = metrics
                .iter()
                .map(|m| match m.derived {
                    Some(_) => Ok(None),
                    None => value(u, m),
                })
                .collect::<Result<Vec<_>>>()?;
            if derive(metrics, &mut values).is_err() {
                return Ok(None);
            }
            for (m, v) in values.into_iter().enumerate() {
                panel.set(county, period, m, v);
            }
        }
    }
    let kind = *u.choose(&Kind::ALL)?;
    let county = match kind {
        Kind::County if counties == 0 => return Ok(None),
        Kind::County => Some(u.choose_index(counties)?),
        _ => None,
    };
    let spec = Spec {
        kind,
        metric: u.choose_index(metrics.len())?,
        county,
        period: if u.arbitrary()? {
            Some(u.choose_index(periods)?)
        } else {
            None
        },
    };
    Ok(Some((site, panel, spec)))
}

/// What an input stands for, printed when PILOTSITE_FUZZ_SHOW is set (to
/// turn an artifact into a regression test).
fn show(site: &Site, panel: &Panel, spec: &Spec) {
    eprintln!(
        "language {:?}, baseline {:?}",
        site.config.language, site.config.baseline
    );
    for (p, period) in site.config.periods.iter().enumerate() {
        eprintln!(
            "period {p}: id {:?} label {:?} short {:?}",
            period.id, period.label, period.short
        );
    }
    for (c, county) in site.counties.iter().enumerate() {
        eprintln!("county {c}: {:?} pilot {}", county.name, county.pilot);
        for p in 0..site.config.periods.len() {
            let values: Vec<String> = site
                .config
                .metrics
                .iter()
                .enumerate()
                .filter_map(|(m, metric)| {
                    panel.get(c, p, m).map(|v| format!("{}={v:e}", metric.id))
                })
                .collect();
            eprintln!("  period {p}: {}", values.join(" "));
        }
    }
    let metric = &site.config.metrics[spec.metric];
    eprintln!("spec {spec:?} ({} is {:?})", metric.id, metric.kind);
}

fuzz_target!(|bytes: &[u8]| {
    let mut u = Unstructured::new(bytes);
    let Ok(Some((site, panel, spec))) = build(&mut u) else {
        return;
    };
    if std::env::var_os("PILOTSITE_FUZZ_SHOW").is_some() {
        show(&site, &panel, &spec);
    }
    let stats = stats::compute(&panel, site.config.baseline);
    let strings = Default::default();
    let data = Data {
        site: &site,
        panel: &panel,
        stats: &stats,
        strings: &strings,
    };
    let normal = chart::normalise(spec, &data);
    for s in [normal, spec] {
        let _ = chart::figure(&s, &data);
        for variant in Variant::ALL {
            let _ = chart::path(&s, &site, variant);
            let svg = chart::svg(&s, &data, variant);
            assert!(svg.starts_with("<svg"), "{svg}");
        }
        if s == normal {
            break;
        }
    }
});
