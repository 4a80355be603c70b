//! How figures read on a page: numbers by metric kind, changes, group means,
//! "not reported" for null. Pure formatting, no I/O.

use crate::content::{Better, Config, Kind, Language, Measure, Metric};
use crate::stats::Inference;

/// Formats a value of `metric` for display. `None` is "not reported".
pub fn value(metric: &Metric, v: Option<f64>, lang: Language) -> String {
    let Some(v) = v else {
        return not_reported(lang).to_string();
    };
    match metric.kind {
        Kind::Bool => match (v >= 0.5, lang) {
            (true, Language::ZhCn) => "是".into(),
            (false, Language::ZhCn) => "否".into(),
            (true, Language::En) => "yes".into(),
            (false, Language::En) => "no".into(),
        },
        Kind::Ratio => percent(v),
        // Typed counts are whole; a count scaled to another period length
        // (SPEC 4.5) keeps one decimal.
        Kind::Count => with_unit(&group_digits(v, 1), metric),
        Kind::Number | Kind::Money => with_unit(&group_digits(v, 2), metric),
    }
}

/// A period length in words: "全年" / "a full year", "半年" / "a half-year".
fn length(months: u32, lang: Language) -> String {
    match (months, lang) {
        (12, Language::ZhCn) => "全年".into(),
        (6, Language::ZhCn) => "半年".into(),
        (3, Language::ZhCn) => "一个季度".into(),
        (1, Language::ZhCn) => "一个月".into(),
        (m, Language::ZhCn) => format!("{m}个月"),
        (12, Language::En) => "a full year".into(),
        (6, Language::En) => "a half-year".into(),
        (3, Language::En) => "a quarter".into(),
        (1, Language::En) => "a month".into(),
        (m, Language::En) => format!("{m} months"),
    }
}

/// A comparable value beside the reported one: "按半年折算 8.5个" /
/// "8.5 per half-year".
pub fn comparable(metric: &Metric, v: f64, config: &Config, lang: Language) -> String {
    let value = value(metric, Some(v), lang);
    match lang {
        Language::ZhCn => format!("按{}折算 {value}", length(config.usual_months, lang)),
        Language::En => {
            let per = length(config.usual_months, lang);
            let per = per.strip_prefix("a ").unwrap_or(&per);
            format!("{value} per {per}")
        }
    }
}

/// Says which of `periods` are of another length and that the flows among
/// `metrics` are scaled, or `None` when nothing shown is scaled:
/// "2018年（基线）为全年数，已按半年折算。" (one metric) or
/// "…，流量指标已按半年折算。" (a page of several).
pub fn scaling_note(
    config: &Config,
    metrics: &[usize],
    periods: impl IntoIterator<Item = usize>,
    lang: Language,
) -> Option<String> {
    let flows = metrics
        .iter()
        .filter(|m| config.metrics[**m].measure == Measure::Flow)
        .count();
    if flows == 0 {
        return None;
    }
    let usual = length(config.usual_months, lang);
    let only_flows = flows == metrics.len();
    let periods: std::collections::BTreeSet<usize> = periods.into_iter().collect();
    let sentences: Vec<String> = periods
        .into_iter()
        .filter(|p| config.periods[*p].months != config.usual_months)
        .map(|p| {
            let period = &config.periods[p];
            let months = length(period.months, lang);
            let label = &period.label;
            match (lang, only_flows) {
                (Language::ZhCn, true) => format!("{label}为{months}数，已按{usual}折算。"),
                (Language::ZhCn, false) => {
                    format!("{label}为{months}数，流量指标（本期内累计的数）已按{usual}折算。")
                }
                (Language::En, true) => format!("{label} is {months}, scaled to {usual}."),
                (Language::En, false) => format!(
                    "{label} is {months}: figures counted over the period are scaled to {usual}."
                ),
            }
        })
        .collect();
    (!sentences.is_empty()).then(|| sentences.join(if lang == Language::En { " " } else { "" }))
}

/// What kind of figure a metric is, for its definition.
pub fn measure(metric: &Metric, lang: Language) -> &'static str {
    match (metric.measure, lang) {
        (Measure::Stock, Language::ZhCn) => "存量（期末时的水平）",
        (Measure::Flow, Language::ZhCn) => "流量（本期内累计的数）",
        (Measure::Stock, Language::En) => "stock (the level at the end of the period)",
        (Measure::Flow, Language::En) => "flow (counted over the period)",
    }
}

/// A share as a percentage: at most one decimal, "<0.1%" rather than "0%"
/// for a share that is not zero.
pub fn share(p: f64) -> String {
    if p > 0.0 && p < 0.0005 {
        "<0.1%".into()
    } else {
        percent(p)
    }
}

/// How unusual a difference in differences is, in words (SPEC 4.1):
/// "在84种同样人数的试点分配中，有6种的差距不小于实际（7.1%）".
pub fn inference(i: &Inference, pilots: usize, counties: usize, lang: Language) -> String {
    let share = share(i.p);
    match (i.assignments, i.as_large, lang) {
        (Some(all), Some(large), Language::ZhCn) => {
            format!("在{all}种同样人数的试点分配中，有{large}种的差距不小于实际（{share}）")
        }
        (Some(all), Some(large), Language::En) => format!(
            "{large} of the {all} ways of picking {pilots} pilots from these {counties} give a gap at least this large ({share})"
        ),
        (_, _, Language::ZhCn) => format!(
            "从这{counties}个中随机选{pilots}个作试点，差距不小于实际的概率约为{share}（正态近似）"
        ),
        (_, _, Language::En) => format!(
            "picking {pilots} pilots from these {counties} at random gives a gap at least this large with probability about {share} (normal approximation)"
        ),
    }
}

/// The same, short, for lists: "84种分配中1种不小于实际（1.2%）" /
/// "1 of 84 assignments as large (1.2%)".
pub fn inference_short(i: &Inference, lang: Language) -> String {
    let share = share(i.p);
    match (i.assignments, i.as_large, lang) {
        (Some(all), Some(large), Language::ZhCn) => {
            format!("{all}种分配中{large}种差距不小于实际（{share}）")
        }
        (Some(all), Some(large), Language::En) => {
            format!("{large} of {all} assignments give a gap as large ({share})")
        }
        (_, _, Language::ZhCn) => format!("差距不小于实际的概率约{share}（正态近似）"),
        (_, _, Language::En) => {
            format!("a gap as large has probability about {share} (normal approximation)")
        }
    }
}

/// A difference as a multiple of its placebo band's edge: "+2.3×".
pub fn band_multiple(score: f64, _lang: Language) -> String {
    let sign = if score > 0.0 {
        "+"
    } else if score < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{}×", trim_decimals(score.abs(), 1))
}

/// A group mean: bools as the share of true, counts with one decimal.
pub fn mean(metric: &Metric, v: Option<f64>, lang: Language) -> String {
    let Some(v) = v else {
        return no_data(lang).to_string();
    };
    match metric.kind {
        Kind::Bool | Kind::Ratio => percent(v),
        Kind::Count => with_unit(&group_digits(v, 1), metric),
        Kind::Number | Kind::Money => with_unit(&group_digits(v, 2), metric),
    }
}

/// A change (difference): signed; ratios and bools in percentage points.
pub fn change(metric: &Metric, v: Option<f64>, lang: Language) -> String {
    let Some(v) = v else {
        return "—".to_string();
    };
    let sign = if v > 0.0 {
        "+"
    } else if v < 0.0 {
        "−"
    } else {
        ""
    };
    let a = v.abs();
    match metric.kind {
        Kind::Ratio | Kind::Bool => {
            let space = if lang == Language::En { " " } else { "" };
            format!(
                "{sign}{}{space}{}",
                trim_decimals(a * 100.0, 1),
                points(lang)
            )
        }
        Kind::Count => format!("{sign}{}", with_unit(&group_digits(a, 1), metric)),
        Kind::Number | Kind::Money => format!("{sign}{}", with_unit(&group_digits(a, 2), metric)),
    }
}

/// Percentage points, the unit of a change in a share: "个百分点" / "pp".
/// The one way the site writes it, in figures and on chart axes.
pub fn points(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "个百分点",
        Language::En => "pp",
    }
}

/// The unit a chart axis of `metric` is in, or `None` when its figures
/// carry none: levels of a share are written with "%" on every tick, so
/// only changes name theirs (percentage points).
pub fn axis_unit(metric: &Metric, change: bool, lang: Language) -> Option<String> {
    match metric.kind {
        Kind::Ratio | Kind::Bool if change => Some(points(lang).to_string()),
        Kind::Ratio | Kind::Bool => None,
        _ => metric.unit.clone().filter(|u| !u.trim().is_empty()),
    }
}

/// Whether a change is good news by the metric's `better`; `None` for a
/// neutral metric, no change, or no figure.
pub fn is_better(metric: &Metric, change: Option<f64>) -> Option<bool> {
    let change = change.filter(|c| *c != 0.0 && !c.is_nan())?;
    match metric.better {
        Better::Higher => Some(change > 0.0),
        Better::Lower => Some(change < 0.0),
        Better::Neutral => None,
    }
}

/// Whether a change is good news, by the metric's `better`: "↑ 更好" /
/// "↓ 更差" (the arrow is the direction of the change, the word the
/// judgement, so a fall in a `better: lower` metric is "↓ 更好").
/// `None` for a neutral metric, no change, or no figure.
pub fn verdict(metric: &Metric, change: Option<f64>, lang: Language) -> Option<&'static str> {
    let better = is_better(metric, change)?;
    let up = change.is_some_and(|c| c > 0.0);
    Some(match (up, better, lang) {
        (true, true, Language::ZhCn) => "↑ 更好",
        (true, false, Language::ZhCn) => "↑ 更差",
        (false, true, Language::ZhCn) => "↓ 更好",
        (false, false, Language::ZhCn) => "↓ 更差",
        (true, true, Language::En) => "↑ better",
        (true, false, Language::En) => "↑ worse",
        (false, true, Language::En) => "↓ better",
        (false, false, Language::En) => "↓ worse",
    })
}

/// Which way is better along an axis, in words: `(lower end, higher end)`,
/// e.g. ("更差", "更好"); `None` for a neutral metric.
pub fn direction(metric: &Metric, lang: Language) -> Option<(&'static str, &'static str)> {
    let (better, worse) = match lang {
        Language::ZhCn => ("更好", "更差"),
        Language::En => ("better", "worse"),
    };
    match metric.better {
        Better::Higher => Some((worse, better)),
        Better::Lower => Some((better, worse)),
        Better::Neutral => None,
    }
}

pub fn not_reported(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "未填报",
        Language::En => "not reported",
    }
}

fn no_data(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "无数据",
        Language::En => "no data",
    }
}

fn percent(v: f64) -> String {
    format!("{}%", trim_decimals(v * 100.0, 1))
}

fn with_unit(number: &str, metric: &Metric) -> String {
    match &metric.unit {
        Some(u) if !u.is_empty() => {
            if u.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
                format!("{number} {u}")
            } else {
                format!("{number}{u}")
            }
        }
        _ => number.to_string(),
    }
}

/// At most `decimals` decimals, trailing zeros dropped.
fn trim_decimals(v: f64, decimals: usize) -> String {
    // Most figures are whole numbers: the same text without the exact
    // decimal expansion, which is the slow part of formatting a float.
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return (v as i64).to_string();
    }
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// Thousands separators on the whole part: 12345.5 -> "12,345.5".
fn group_digits(v: f64, decimals: usize) -> String {
    let s = trim_decimals(v, decimals);
    let (sign, s) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest.to_string()),
        None => ("", s),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (s, String::new()),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_read_as_the_exact_expansion_would() {
        let slow = |v: f64, d: usize| {
            let s = format!("{v:.d$}");
            let s = if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            };
            if s == "-0" { "0".to_string() } else { s }
        };
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            7.0,
            1234.0,
            -98765.0,
            1e14,
            -1e14,
            999_999_999_999_999.0,
            1e15,
            2.5,
            -0.5,
            0.05,
            1e300,
        ] {
            for d in [0, 1, 2, 3] {
                assert_eq!(trim_decimals(v, d), slow(v, d), "{v} to {d} places");
            }
        }
    }

    fn metric(kind: Kind, unit: Option<&str>) -> Metric {
        Metric {
            unit: unit.map(str::to_string),
            ..Metric::new("m", "M", kind)
        }
    }

    #[test]
    fn formats_by_kind() {
        let zh = Language::ZhCn;
        assert_eq!(
            value(&metric(Kind::Count, Some("个")), Some(12345.0), zh),
            "12,345个"
        );
        assert_eq!(value(&metric(Kind::Ratio, None), Some(0.8571), zh), "85.7%");
        assert_eq!(
            value(&metric(Kind::Money, Some("万元")), Some(120.5), zh),
            "120.5万元"
        );
        assert_eq!(value(&metric(Kind::Bool, None), Some(1.0), zh), "是");
        assert_eq!(value(&metric(Kind::Count, None), None, zh), "未填报");
        assert_eq!(
            change(&metric(Kind::Ratio, None), Some(0.123), zh),
            "+12.3个百分点"
        );
        assert_eq!(
            change(&metric(Kind::Count, None), Some(-3.0), Language::En),
            "−3"
        );
        assert_eq!(
            mean(&metric(Kind::Bool, None), Some(2.0 / 3.0), zh),
            "66.7%"
        );
        assert_eq!(
            change(&metric(Kind::Ratio, None), Some(-0.05), Language::En),
            "−5 pp"
        );
    }

    #[test]
    fn verdicts_follow_the_metric_direction() {
        let zh = Language::ZhCn;
        let with = |better| Metric {
            better,
            ..metric(Kind::Count, Some("项"))
        };
        let higher = with(Better::Higher);
        let lower = with(Better::Lower);
        let neutral = with(Better::Neutral);
        assert_eq!(verdict(&higher, Some(2.0), zh), Some("↑ 更好"));
        assert_eq!(verdict(&higher, Some(-2.0), zh), Some("↓ 更差"));
        // 尚存"四缺"项数 −1.3: fewer gaps is an improvement.
        assert_eq!(verdict(&lower, Some(-1.3), zh), Some("↓ 更好"));
        assert_eq!(verdict(&lower, Some(1.0), Language::En), Some("↑ worse"));
        assert_eq!(verdict(&neutral, Some(5.0), zh), None);
        assert_eq!(verdict(&higher, Some(0.0), zh), None);
        assert_eq!(verdict(&higher, None, zh), None);
        assert_eq!(direction(&lower, zh), Some(("更好", "更差")));
        assert_eq!(direction(&neutral, zh), None);
    }

    #[test]
    fn axis_units() {
        let zh = Language::ZhCn;
        let money = metric(Kind::Money, Some("万元"));
        assert_eq!(axis_unit(&money, false, zh).as_deref(), Some("万元"));
        assert_eq!(axis_unit(&money, true, zh).as_deref(), Some("万元"));
        let ratio = metric(Kind::Ratio, None);
        assert_eq!(axis_unit(&ratio, false, zh), None);
        assert_eq!(axis_unit(&ratio, true, zh).as_deref(), Some("个百分点"));
        assert_eq!(axis_unit(&metric(Kind::Number, None), false, zh), None);
    }
}
