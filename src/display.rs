//! How figures read on a page: numbers by metric kind, changes, group means,
//! "not reported" for null. Pure formatting, no I/O.

use crate::content::{Kind, Language, Metric};

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
        Kind::Count => with_unit(&group_digits(v, 0), metric),
        Kind::Number | Kind::Money => with_unit(&group_digits(v, 2), metric),
    }
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
            let unit = match lang {
                Language::ZhCn => "个百分点",
                Language::En => " pp",
            };
            format!("{sign}{}{unit}", trim_decimals(a * 100.0, 1))
        }
        Kind::Count => format!("{sign}{}", with_unit(&group_digits(a, 1), metric)),
        Kind::Number | Kind::Money => format!("{sign}{}", with_unit(&group_digits(a, 2), metric)),
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
    use crate::content::Better;

    fn metric(kind: Kind, unit: Option<&str>) -> Metric {
        Metric {
            id: "m".into(),
            label: "M".into(),
            label_en: None,
            kind,
            unit: unit.map(str::to_string),
            better: Better::Higher,
            category: None,
            required: false,
            min: None,
            max: None,
            description: None,
            derived: None,
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
    }
}
