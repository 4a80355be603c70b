//! The fill-in form of one period (SPEC 4.4): an .xlsx a county's clerk
//! fills in with Excel or WPS, and that `pilotsite import` reads back.
//!
//! The layout is a contract with `import`. The first sheet (`form-sheet-name`,
//! 填报 or Form) holds the figures: row 1 the captions (county id, county
//! name, each metric's label with its unit), row 2 the ids (`county`,
//! `county_name`, then the typed-in metric ids in site.yaml order, derived
//! ones left out), then a row per county in site order, pre-filled with
//! what is already reported for the period. An empty cell is null. The
//! period is the workbook's defined name `pilotsite_period`, a string
//! formula (`="2019-H1"`). The second sheet (`form-instructions-sheet`)
//! says in the site's language how to fill it in.
//!
//! Each metric's cells carry a data validation that Excel and WPS enforce
//! as the clerk types: whole numbers for counts, decimals for numbers and
//! money, 0 to 1 for ratios (shown as percentages), a TRUE/FALSE list for
//! yes/no, within the metric's bounds; the input message shows the metric's
//! label and description. Pure: builds bytes, writes nothing. The same site
//! gives the same bytes (the creation time is metrics.xlsx's).

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, Formula,
    Workbook, Worksheet, XlsxError,
};

use super::xlsx::{Formats, column, header_label, period_name, properties, width};
use super::{figures, format_number};
use crate::content::{Config, Derived, Kind, Language, Metric, Site, loose};
use crate::diagnostics::{Diagnostic, Pos, did_you_mean, shorten};
use crate::messages::{Text, hint_did_you_mean};
use crate::text;

/// The workbook's defined name that holds the period id.
pub const PERIOD_NAME: &str = "pilotsite_period";
/// The id-row captions of the two county columns.
pub const COUNTY_ID: &str = "county";
pub const COUNTY_NAME: &str = "county_name";
/// Header rows above the counties: captions, then ids.
const HEADER_ROWS: u32 = 2;
/// Columns before the metrics: county id and name.
const COUNTY_COLUMNS: usize = 2;
/// Excel's limits on a validation's input title and message, in characters.
const INPUT_TITLE_MAX: usize = 32;
const INPUT_MESSAGE_MAX: usize = 255;
/// A metric column's width bounds, in Excel's character units.
const METRIC_WIDTH_MIN: usize = 10;
const METRIC_WIDTH_MAX: usize = 24;

/// What to put in the form: a period, and one county or all of them.
#[derive(Debug, Clone, Copy)]
pub struct FormScope {
    /// Index into `config.periods`.
    pub period: usize,
    /// Index into `site.counties`; `None` for every county.
    pub county: Option<usize>,
}

/// The form's bytes.
pub fn form_xlsx(site: &Site, scope: FormScope) -> Result<Vec<u8>, Diagnostic> {
    workbook(site, scope).map_err(|e| {
        Diagnostic::error(
            "(output)",
            Pos::new(1, 1),
            text!("form-xlsx-failed", detail = e.to_string()),
        )
    })
}

/// The metrics a form has a column for: every one not derived, in
/// site.yaml order, with its index into `config.metrics`.
pub fn typed_metrics(config: &Config) -> impl Iterator<Item = (usize, &Metric)> {
    config
        .metrics
        .iter()
        .enumerate()
        .filter(|(_, m)| m.derived.is_none())
}

/// The period `name` gives: its id, or (as a clerk may type it) its id,
/// label or short label in any case and with any spaces or full-width
/// forms. An unknown name is a message with a did-you-mean and the list.
pub fn find_period(config: &Config, name: &str) -> Result<usize, Text> {
    if let Some(p) = config.period_index(name) {
        return Ok(p);
    }
    let key = loose(name);
    let found = config.periods.iter().position(|p| {
        loose(&p.id) == key
            || loose(&p.label) == key
            || p.short.as_deref().map(loose) == Some(key.clone())
    });
    found.ok_or_else(|| {
        let ids: Vec<&str> = config.periods.iter().map(|p| p.id.as_str()).collect();
        text!(
            "form-unknown-period",
            period = shorten(name),
            hint = hint_did_you_mean(did_you_mean(name, ids.iter().copied())),
            periods = ids.join(", ")
        )
    })
}

/// The county `name` gives: its id (the folder name), or its id or name
/// written loosely. An unknown name is a message with a did-you-mean.
pub fn find_county(site: &Site, name: &str) -> Result<usize, Text> {
    if let Some(c) = site.counties.iter().position(|c| c.id == name) {
        return Ok(c);
    }
    let key = loose(name);
    let found = site
        .counties
        .iter()
        .position(|c| loose(&c.id) == key || loose(&c.name) == key);
    found.ok_or_else(|| {
        let ids = site.counties.iter().map(|c| c.id.as_str());
        let names = site.counties.iter().map(|c| c.name.as_str());
        let near = did_you_mean(name, ids).or_else(|| {
            did_you_mean(name, names).and_then(|n| {
                site.counties
                    .iter()
                    .find(|c| c.name == n)
                    .map(|c| c.id.as_str())
            })
        });
        text!(
            "form-unknown-county",
            county = shorten(name),
            hint = hint_did_you_mean(near)
        )
    })
}

/// The counties a form has a row for, with their index into `site.counties`.
fn counties(site: &Site, scope: FormScope) -> Vec<usize> {
    match scope.county {
        Some(c) => vec![c],
        None => (0..site.counties.len()).collect(),
    }
}

fn workbook(site: &Site, scope: FormScope) -> Result<Vec<u8>, XlsxError> {
    let config = &site.config;
    let lang = config.language;
    let say = |t: Text| t.render(lang);
    let formats = Formats::new();
    let period = &config.periods[scope.period];

    let mut book = Workbook::new();
    let title = say(text!(
        "form-title",
        site = config.title.as_str(),
        period = period.label.as_str()
    ));
    book.set_properties(&properties(site).set_title(&title));
    let quoted = period.id.replace('"', "\"\"");
    book.define_name(PERIOD_NAME, &format!("=\"{quoted}\""))?;

    let rows = counties(site, scope);
    let mut ws = figures_sheet(site, &rows, &formats)?;
    fill(&mut ws, site, scope, &rows)?;
    book.push_worksheet(ws);
    book.push_worksheet(instructions_sheet(site, scope, &title, &formats)?);
    book.save_to_buffer()
}

/// The figures sheet with its headers, widths, validations and frozen
/// panes; no figures yet.
fn figures_sheet(site: &Site, rows: &[usize], formats: &Formats) -> Result<Worksheet, XlsxError> {
    let config = &site.config;
    let lang = config.language;
    let say = |t: Text| t.render(lang);
    let id_row = Format::new()
        .set_font_size(8)
        .set_font_color(rust_xlsxwriter::Color::RGB(0x808080))
        .set_background_color(rust_xlsxwriter::Color::RGB(0xF2F2F2))
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let mut ws = Worksheet::new();
    ws.set_name(say(text!("form-sheet-name")))?;

    let fixed = [
        (say(text!("form-county-id")), COUNTY_ID),
        (say(text!("form-county-name")), COUNTY_NAME),
    ];
    let widths = [
        rows.iter().map(|c| width(&site.counties[*c].id)).max(),
        rows.iter().map(|c| width(&site.counties[*c].name)).max(),
    ];
    for (i, ((caption, id), w)) in fixed.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, column(i), caption, &formats.header)?;
        ws.write_string_with_format(1, column(i), *id, &id_row)?;
        let w = w.unwrap_or(0).max(width(caption)).max(width(id)) + 2;
        ws.set_column_width(column(i), w.min(40) as f64)?;
    }

    let first = HEADER_ROWS;
    let last = first + u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1) - 1;
    let mut lines = 1;
    for (i, (_, metric)) in typed_metrics(config).enumerate() {
        let col = column(COUNTY_COLUMNS + i);
        let label = header_label(metric, lang);
        // The id row is in a small font: its text takes about 0.8 of a unit.
        let w = (width(&label) + 2)
            .clamp(METRIC_WIDTH_MIN, METRIC_WIDTH_MAX)
            .max((width(&metric.id) * 4).div_ceil(5) + 2);
        lines = lines.max(width(&label).div_ceil(w - 2));
        ws.write_string_with_format(0, col, label, &formats.header)?;
        ws.write_string_with_format(1, col, &metric.id, &id_row)?;
        ws.set_column_format(col, &value_format(metric.kind))?;
        ws.set_column_width(col, w as f64)?;
        let top = rust_xlsxwriter::utility::row_col_to_cell(first, col);
        ws.add_data_validation(first, col, last, col, &validation(metric, lang, &top)?)?;
    }
    ws.set_row_height(0, 15 * lines.min(6) as u32 + 4)?;
    ws.set_row_height(1, 12)?;
    ws.set_freeze_panes(HEADER_ROWS, column(COUNTY_COLUMNS))?;
    ws.set_landscape().set_paper_size(9);
    // On paper too the cells show, as on a 统计表 printed to be filled in.
    ws.set_print_gridlines(true);
    ws.set_repeat_rows(0, HEADER_ROWS - 1)?;
    ws.set_repeat_columns(0, 1)?;
    Ok(ws)
}

/// The counties' ids and names, and the figures reported for the period.
fn fill(
    ws: &mut Worksheet,
    site: &Site,
    scope: FormScope,
    rows: &[usize],
) -> Result<(), XlsxError> {
    let config = &site.config;
    // The column of each metric, `None` for derived ones.
    let mut columns = vec![None; config.metrics.len()];
    for (i, (m, _)) in typed_metrics(config).enumerate() {
        columns[m] = Some(column(COUNTY_COLUMNS + i));
    }
    // The sheet row of each county, `None` for those not in the form.
    let mut row_of = vec![None; site.counties.len()];
    for (r, c) in rows.iter().enumerate() {
        let county = &site.counties[*c];
        let row = HEADER_ROWS + u32::try_from(r).unwrap_or(u32::MAX - HEADER_ROWS);
        ws.write_string(row, 0, &county.id)?;
        ws.write_string(row, 1, &county.name)?;
        row_of[*c] = Some(row);
    }
    let kind_formats = KINDS.map(value_format);
    for f in figures(site) {
        if f.period_index != scope.period {
            continue;
        }
        let (Some(value), Some(col)) = (f.value, columns[f.metric_index]) else {
            continue;
        };
        let Some(row) = row_of[f.county_index] else {
            continue;
        };
        let format = &kind_formats[kind_index(f.metric.kind)];
        match f.metric.kind {
            Kind::Bool => ws.write_boolean_with_format(row, col, value != 0.0, format)?,
            // Adding 0.0 turns -0.0 into 0.0, as metrics.csv writes it.
            _ => ws.write_number_with_format(row, col, value + 0.0, format)?,
        };
    }
    Ok(())
}

/// Every kind, in the order of [`kind_index`].
const KINDS: [Kind; 5] = [
    Kind::Count,
    Kind::Number,
    Kind::Ratio,
    Kind::Money,
    Kind::Bool,
];

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Count => 0,
        Kind::Number => 1,
        Kind::Ratio => 2,
        Kind::Money => 3,
        Kind::Bool => 4,
    }
}

/// How a metric's cells show their value: percentages for ratios (Excel
/// stores 0.731 for a typed 73.1%), whole numbers for counts, General for
/// other numbers so no typed decimal is hidden.
fn value_format(kind: Kind) -> Format {
    let format = Format::new();
    match kind {
        Kind::Ratio => format.set_num_format("0.0##%"),
        Kind::Count => format.set_num_format("0"),
        Kind::Bool => format.set_align(FormatAlign::Center),
        Kind::Number | Kind::Money => format,
    }
}

/// The bounds a metric's values must keep: its own, and those its kind
/// implies (counts and money are never negative, ratios from 0 to 1).
fn bounds(metric: &Metric) -> (Option<f64>, Option<f64>) {
    let (floor, ceiling) = match metric.kind {
        Kind::Count | Kind::Money => (Some(0.0), None),
        Kind::Ratio => (Some(0.0), Some(1.0)),
        Kind::Number | Kind::Bool => (None, None),
    };
    let min = match (metric.min, floor) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let max = match (metric.max, ceiling) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    (min.filter(|v| v.is_finite()), max.filter(|v| v.is_finite()))
}

/// The rule a metric's cells keep, as a sentence: `请填写 0 到 100 之间的整数`.
fn rule(metric: &Metric) -> Text {
    let (min, max) = bounds(metric);
    let shown = |v: f64| match metric.kind {
        Kind::Ratio => format!("{}%", format_number(v * 100.0)),
        _ => format_number(v),
    };
    // `none` picks the catalogue's wording without a unit.
    let unit = metric
        .unit
        .clone()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "none".into());
    let (min, max) = (min.map(shown), max.map(shown));
    match (metric.kind, min, max) {
        (Kind::Bool, _, _) => text!("form-rule-bool"),
        (Kind::Count, Some(min), Some(max)) => {
            text!("form-rule-count-between", min = min, max = max, unit = unit)
        }
        (Kind::Count, Some(min), None) => text!("form-rule-count-at-least", min = min, unit = unit),
        (Kind::Count, None, _) => text!("form-rule-count-at-least", min = "0", unit = unit),
        (_, Some(min), Some(max)) => {
            text!(
                "form-rule-number-between",
                min = min,
                max = max,
                unit = unit
            )
        }
        (_, Some(min), None) => text!("form-rule-number-at-least", min = min, unit = unit),
        (_, None, Some(max)) => text!("form-rule-number-at-most", max = max, unit = unit),
        (_, None, None) => text!("form-rule-number", unit = unit),
    }
}

/// The cell validation of a metric's column.
/// `top` is the column's first cell, which a formula rule is written for.
fn validation(metric: &Metric, lang: Language, top: &str) -> Result<DataValidation, XlsxError> {
    let (min, max) = bounds(metric);
    let whole = |v: f64, up: bool| {
        let v = if up { v.ceil() } else { v.floor() };
        v.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32
    };
    let v = DataValidation::new();
    let v = match (metric.kind, min, max) {
        (Kind::Bool, _, _) => v.allow_list_strings(&["TRUE", "FALSE"])?,
        (Kind::Count, min, Some(max)) => v.allow_whole_number(DataValidationRule::Between(
            whole(min.unwrap_or(0.0), true),
            whole(max, false),
        )),
        (Kind::Count, min, None) => v.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(
            whole(min.unwrap_or(0.0), true),
        )),
        (_, Some(min), Some(max)) => v.allow_decimal_number(DataValidationRule::Between(min, max)),
        (_, Some(min), None) => {
            v.allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(min))
        }
        (_, None, Some(max)) => v.allow_decimal_number(DataValidationRule::LessThanOrEqualTo(max)),
        // Any number: a decimal rule needs bounds, a formula does not.
        (_, None, None) => v.allow_custom(Formula::new(format!("=ISNUMBER({top})"))),
    };
    let rule = rule(metric).render(lang);
    let mut message = rule.clone();
    if let Some(d) = metric.description.as_deref().filter(|d| !d.is_empty()) {
        message.push('\n');
        message.push_str(d);
    }
    v.ignore_blank(true)
        .set_input_title(cut(metric.display_label(lang), INPUT_TITLE_MAX))?
        .set_input_message(cut(&message, INPUT_MESSAGE_MAX))?
        .set_error_title(cut(
            &text!("form-error-title").render(lang),
            INPUT_TITLE_MAX,
        ))?
        .set_error_message(cut(
            &text!("form-error-message", rule = rule).render(lang),
            INPUT_MESSAGE_MAX,
        ))
        .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
}

/// `text` cut to `max` characters, the last one an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// How a computed metric is computed, in labels: `A ÷ B`, `A + B + C`.
fn computed_as(derived: &Derived, config: &Config) -> String {
    let lang = config.language;
    crate::content::formula(derived, config, |m| m.display_label(lang), "÷")
}

/// The second sheet: the period, how to fill in the form, what was left
/// out and how to send it back, then the metrics of the form.
fn instructions_sheet(
    site: &Site,
    scope: FormScope,
    title: &str,
    formats: &Formats,
) -> Result<Worksheet, XlsxError> {
    let config = &site.config;
    let lang = config.language;
    let say = |t: Text| t.render(lang);
    let zh = lang == Language::ZhCn;
    let period = &config.periods[scope.period];
    let sheet = say(text!("form-sheet-name"));
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let key = Format::new().set_bold().set_align(FormatAlign::Top);

    let mut ws = Worksheet::new();
    ws.set_name(say(text!("form-instructions-sheet")))?;
    // The metrics' table below takes the six columns; the sentences above
    // it span the five after the first. Printed, the sheet is one page
    // wide (landscape), so no column lands on a page of its own.
    let widths: [usize; 6] = [28, 34, 8, 8, 30, 50];
    for (col, w) in widths.into_iter().enumerate() {
        ws.set_column_width(column(col), w as f64)?;
    }
    let text_width: usize = widths[1..].iter().sum();
    ws.set_landscape().set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(0, 0, title, &formats.title)?;

    let mut lines: Vec<(String, String)> = vec![
        (
            say(text!("form-about-period")),
            say(text!(
                "form-period",
                period = period_name(period, zh),
                id = period.id.as_str()
            )),
        ),
        (
            say(text!("form-about-fill")),
            say(text!("form-fill", sheet = sheet.as_str())),
        ),
        (say(text!("form-about-figures")), say(text!("form-figures"))),
        (say(text!("form-about-empty")), say(text!("form-empty"))),
        (say(text!("form-about-ratios")), say(text!("form-ratios"))),
        (say(text!("form-about-yes-no")), say(text!("form-yes-no"))),
        (
            say(text!("form-about-layout")),
            say(text!("form-layout", sheet = sheet.as_str())),
        ),
    ];
    let computed: Vec<&Metric> = config
        .metrics
        .iter()
        .filter(|m| m.derived.is_some())
        .collect();
    lines.push((
        say(text!("form-about-computed")),
        if computed.is_empty() {
            say(text!("form-computed-none"))
        } else {
            say(text!("form-computed", count = computed.len()))
        },
    ));
    for m in &computed {
        if let Some(d) = &m.derived {
            lines.push((
                m.display_label(lang).to_string(),
                format!("= {}", computed_as(d, config)),
            ));
        }
    }
    lines.push((say(text!("form-about-return")), say(text!("form-return"))));

    let mut row = 2;
    for (k, v) in lines {
        ws.write_string_with_format(row, 0, k, &key)?;
        // Neither Excel nor LibreOffice fits a merged cell's height to its
        // text: the sheet sets it, a line per `text_width` units.
        let text_lines = width(&v)
            .div_ceil(text_width.saturating_sub(2).max(1))
            .max(1);
        ws.merge_range(row, 1, row, column(widths.len() - 1), &v, &wrap)?;
        ws.set_row_height(row, 15 * text_lines as u32 + 3)?;
        row += 1;
    }

    row += 1;
    ws.write_string_with_format(row, 0, say(text!("form-about-metrics")), &formats.section)?;
    row += 1;
    let headings = [
        say(text!("form-heading-id")),
        say(text!("form-heading-label")),
        say(text!("form-heading-unit")),
        say(text!("form-heading-required")),
        say(text!("form-heading-rule")),
        say(text!("form-heading-definition")),
    ];
    for (i, h) in headings.iter().enumerate() {
        ws.write_string_with_format(row, column(i), h, &formats.header)?;
    }
    row += 1;
    let yes = say(text!("form-required"));
    let top = Format::new().set_align(FormatAlign::Top);
    for (_, m) in typed_metrics(config) {
        let label = m.display_label(lang);
        let rule = rule(m).render(lang);
        let description = m.description.as_deref().unwrap_or("");
        ws.write_string_with_format(row, 0, &m.id, &top)?;
        ws.write_string_with_format(row, 1, label, &wrap)?;
        if let Some(unit) = &m.unit {
            ws.write_string_with_format(row, 2, unit, &top)?;
        }
        if m.required {
            ws.write_string_with_format(row, 3, &yes, &top)?;
        }
        ws.write_string_with_format(row, 4, &rule, &wrap)?;
        ws.write_string_with_format(row, 5, description, &wrap)?;
        // As tall as its longest wrapped cell: LibreOffice keeps the
        // height a file gives rather than fitting it.
        let text_lines = [(label, 1), (rule.as_str(), 4), (description, 5)]
            .iter()
            .map(|(t, col)| width(t).div_ceil(widths[*col] - 2).max(1))
            .max()
            .unwrap_or(1);
        ws.set_row_height(row, 15 * text_lines as u32 + 3)?;
        row += 1;
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_marks_a_cut() {
        assert_eq!(cut("覆盖率", 32), "覆盖率");
        assert_eq!(cut(&"字".repeat(40), 32).chars().count(), 32);
        assert!(cut(&"字".repeat(40), 32).ends_with('…'));
        assert_eq!(cut(&"a".repeat(255), 255), "a".repeat(255));
    }

    #[test]
    fn bounds_join_the_metric_and_its_kind() {
        let count = Metric {
            min: Some(-5.0),
            max: Some(100.0),
            ..Metric::new("c", "计数", Kind::Count)
        };
        assert_eq!(bounds(&count), (Some(0.0), Some(100.0)));
        let ratio = Metric {
            max: Some(2.0),
            ..Metric::new("r", "比例", Kind::Ratio)
        };
        assert_eq!(bounds(&ratio), (Some(0.0), Some(1.0)));
        let number = Metric::new("n", "数值", Kind::Number);
        assert_eq!(bounds(&number), (None, None));
        let money = Metric {
            max: Some(10.5),
            ..Metric::new("m", "金额", Kind::Money)
        };
        assert_eq!(bounds(&money), (Some(0.0), Some(10.5)));
    }
}
