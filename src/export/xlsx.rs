//! /data/metrics.xlsx: the figures of metrics.csv as an Excel workbook, for
//! offices that open data in Excel or WPS.
//!
//! The first sheet (说明, or About on an English site) says what the file
//! is. Then comes one sheet per period: a row per county (its id, its name
//! and its group in the site's words) and a column per metric, derived ones
//! included, under two header rows: the metric's label with its unit, then
//! its id as metrics.csv writes it, for programs. Figures are numbers and
//! booleans, never text, formatted by kind (ratios as percentages, counts
//! with thousands separators); a null is an empty cell. Values come from
//! [`figures`], the same table metrics.csv is written from, so the two
//! files always agree.
//!
//! The same site always gives the same bytes: the document's creation time
//! is the latest report date (1980-01-01 when no report has one) and
//! rust_xlsxwriter stamps every zip entry 1980-01-01 00:00.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::{Group, figures};
use crate::content::{Config, Derived, Kind, Language, Metric, Period, Site};
use crate::diagnostics::{Diagnostic, Pos};
use crate::urls::Urls;

/// Header rows above the counties on a period sheet: labels, then ids.
const HEADER_ROWS: u32 = 2;
/// Columns before the metrics on a period sheet: county id, name, group.
const COUNTY_COLUMNS: usize = 3;
/// Excel's longest sheet name, in UTF-16 code units.
const SHEET_NAME_MAX: usize = 31;
/// The width of a metric column, in Excel's character units.
const METRIC_WIDTH: usize = 16;
/// Words in a site's title or description that mark its figures as made up.
const ILLUSTRATIVE: [&str; 11] = [
    "示例数据",
    "非官方统计",
    "模拟数据",
    "虚构",
    "非真实统计",
    "illustrative",
    "fictitious",
    "not official",
    "sample data",
    "example data",
    "dummy data",
];

/// The workbook's bytes. `strings` are the theme's UI strings for the
/// site's language (site.yaml `labels` applied), which name the county, the
/// groups and the kinds; built-in words stand in for any that are missing.
pub fn metrics_xlsx(
    site: &Site,
    strings: &BTreeMap<String, String>,
) -> Result<Vec<u8>, Diagnostic> {
    workbook(site, &Words::new(site.config.language, strings)).map_err(|e| {
        Diagnostic::error(
            "(output)",
            Pos::new(1, 1),
            crate::text!("output-xlsx-failed", detail = e.to_string()),
        )
    })
}

fn workbook(site: &Site, words: &Words) -> Result<Vec<u8>, XlsxError> {
    let config = &site.config;
    let formats = Formats::new();
    let illustrative = is_illustrative(config);

    let mut book = Workbook::new();
    book.set_properties(&properties(site));

    let names = sheet_names(&config.periods, &[words.about_sheet]);
    let about = about_sheet(site, words, &formats, &names, illustrative)?;
    book.push_worksheet(about);

    // Numbers are shown with decimals only for metrics that have any.
    let mut fractional = vec![false; config.metrics.len()];
    for f in figures(site) {
        if f.value.is_some_and(|v| v.fract() != 0.0) {
            fractional[f.metric_index] = true;
        }
    }
    let value_formats: Vec<Format> = config
        .metrics
        .iter()
        .zip(&fractional)
        .map(|(m, fractional)| formats.value(m.kind, *fractional))
        .collect();

    let mut sheets = names
        .iter()
        .map(|name| period_sheet(name, site, words, &formats, illustrative))
        .collect::<Result<Vec<_>, _>>()?;
    for f in figures(site) {
        let Some(sheet) = sheets.get_mut(f.period_index) else {
            continue;
        };
        let row = row(f.county_index);
        if f.metric_index == 0 {
            sheet.write_string(row, 0, &f.county.id)?;
            sheet.write_string(row, 1, &f.county.name)?;
            sheet.write_string(row, 2, words.group(f.group))?;
        }
        let Some(value) = f.value else {
            continue;
        };
        let col = column(COUNTY_COLUMNS + f.metric_index);
        match f.metric.kind {
            Kind::Bool => {
                sheet.write_boolean_with_format(row, col, value != 0.0, &formats.boolean)?
            }
            // Adding 0.0 turns -0.0 into 0.0, as the CSV writes it.
            _ => sheet.write_number_with_format(
                row,
                col,
                value + 0.0,
                &value_formats[f.metric_index],
            )?,
        };
    }
    for sheet in sheets {
        book.push_worksheet(sheet);
    }
    book.save_to_buffer()
}

/// Title and description, and a creation time fixed by the content.
pub(super) fn properties(site: &Site) -> DocProperties {
    let config = &site.config;
    let latest = site
        .reports
        .iter()
        .filter_map(|r| r.date.as_deref())
        .max()
        .and_then(|d| {
            let year = d.get(0..4)?.parse().ok()?;
            let month = d.get(5..7)?.parse().ok()?;
            let day = d.get(8..10)?.parse().ok()?;
            ExcelDateTime::from_ymd(year, month, day).ok()
        });
    let mut p = DocProperties::new().set_title(&config.title);
    if let Some(created) = latest.or_else(|| ExcelDateTime::from_ymd(1980, 1, 1).ok()) {
        p = p.set_creation_datetime(&created);
    }
    if let Some(d) = &config.description {
        p = p.set_comment(d);
    }
    p
}

/// A period sheet with its header rows, column widths and frozen panes; the
/// counties' rows are filled in from the figures.
fn period_sheet(
    name: &str,
    site: &Site,
    words: &Words,
    formats: &Formats,
    illustrative: bool,
) -> Result<Worksheet, XlsxError> {
    let config = &site.config;
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let fixed = [
        (words.id, "county"),
        (words.county, "county_name"),
        (words.group, "group"),
    ];
    for (i, (label, id)) in fixed.iter().enumerate() {
        ws.write_string_with_format(0, column(i), *label, &formats.header)?;
        ws.write_string_with_format(1, column(i), *id, &formats.id_header)?;
    }
    let widths = [
        site.counties.iter().map(|c| width(&c.id)).max(),
        site.counties.iter().map(|c| width(&c.name)).max(),
        Some(width(words.pilot).max(width(words.control))),
    ];
    for (i, (w, (label, id))) in widths.iter().zip(fixed).enumerate() {
        let w = w.unwrap_or(0).max(width(label)).max(width(id)) + 2;
        ws.set_column_width(column(i), w.min(40) as f64)?;
    }
    let mut lines = 1;
    for (m, metric) in config.metrics.iter().enumerate() {
        let col = column(COUNTY_COLUMNS + m);
        let label = header_label(metric, config.language);
        lines = lines.max(width(&label).div_ceil(METRIC_WIDTH - 2));
        ws.write_string_with_format(0, col, label, &formats.header)?;
        ws.write_string_with_format(1, col, &metric.id, &formats.id_header)?;
        ws.set_column_width(col, METRIC_WIDTH as f64)?;
    }
    ws.set_row_height(0, 16 * lines.min(6) as u32 + 2)?;
    ws.set_freeze_panes(HEADER_ROWS, 2)?;
    // Printed: landscape A4, the header rows and county columns on every page.
    ws.set_landscape().set_paper_size(9);
    ws.set_repeat_rows(0, HEADER_ROWS - 1)?;
    ws.set_repeat_columns(0, 1)?;
    if illustrative {
        ws.set_header(format!("&C{}", words.notice_short.replace('&', "&&")));
    }
    Ok(ws)
}

/// The first sheet: what the file is, then its periods and its metrics.
fn about_sheet(
    site: &Site,
    words: &Words,
    formats: &Formats,
    names: &[String],
    illustrative: bool,
) -> Result<Worksheet, XlsxError> {
    let config = &site.config;
    let zh = config.language == Language::ZhCn;
    let mut ws = Worksheet::new();
    ws.set_name(words.about_sheet)?;
    for (col, w) in [24, 30, 24, 12, 44, 60].into_iter().enumerate() {
        ws.set_column_width(column(col), w)?;
    }

    let mut row = 0;
    let title = if zh {
        format!("{}：指标数据", config.title)
    } else {
        format!("{}: figures", config.title)
    };
    ws.write_string_with_format(row, 0, title, &formats.title)?;
    row += 1;
    if illustrative {
        ws.write_string_with_format(row, 0, words.notice, &formats.notice)?;
        row += 1;
    }
    row += 1;

    let county = words.county;
    let baseline = config.baseline.and_then(|b| config.periods.get(b));
    let url = |rel: &str| data_url(config, rel);
    let mut about: Vec<(&str, String)> = Vec::new();
    if zh {
        about.push(("网站", config.title.clone()));
        if let Some(d) = &config.description {
            about.push(("简介", d.clone()));
        }
        about.extend([
            (
                "本文件",
                format!("网站全部指标数据的 Excel 版本，数值与 metrics.csv 相同，未经四舍五入。本表之后的每个工作表是一个报告期：每行一个{county}，每列一个指标。"),
            ),
            (
                "表头",
                "第 1 行为指标名称和单位，第 2 行为指标标识（与 metrics.csv 的 county、county_name、group、metric 一致，便于程序读取）。".into(),
            ),
            ("空白单元格", "未填报（不是 0）。".into()),
            (
                "数值格式",
                "比例显示为百分比（单元格中是 0 到 1 之间的小数）；是/否类指标为 TRUE/FALSE；自动计算的指标由其他指标算出，算法见下方指标表。".into(),
            ),
            (
                "组别",
                format!("{}或{}，由各{county}的档案确定，各期不变。", words.pilot, words.control),
            ),
            (
                "基线期",
                match baseline {
                    Some(p) => format!("{}：较基线的变化都以这一期为起点。", period_name(p, zh)),
                    None => "未设定。".into(),
                },
            ),
            (
                "metrics.csv",
                format!("{}：同样的数字，每行一个{county}、报告期和指标。", url("data/metrics.csv")),
            ),
            (
                "metrics.json",
                format!("{}：同样的数据，附指标定义。", url("data/metrics.json")),
            ),
            (
                "summary.json",
                format!("{}：网站展示的全部统计结果（组均值、较基线变化、双重差分）。", url("data/summary.json")),
            ),
        ]);
    } else {
        about.push(("Site", config.title.clone()));
        if let Some(d) = &config.description {
            about.push(("Description", d.clone()));
        }
        about.extend([
            (
                "This file",
                format!("Every figure of the site as an Excel workbook: the same values as metrics.csv, unrounded. Each sheet after this one is one period, with a row per {} and a column per metric.", county.to_lowercase()),
            ),
            (
                "Headers",
                "Row 1 holds each metric's name and unit, row 2 its id (as county, county_name, group and metric in metrics.csv), for programs.".into(),
            ),
            ("Empty cells", "Not reported (not zero).".into()),
            (
                "Formats",
                "Ratios are shown as percentages (the cell holds a number between 0 and 1); yes/no metrics are TRUE/FALSE; computed metrics are derived from others as the table of metrics below says.".into(),
            ),
            (
                "Groups",
                format!("{} or {}, fixed by each county's profile for every period.", words.pilot, words.control),
            ),
            (
                "Baseline",
                match baseline {
                    Some(p) => format!("{}: changes are measured from this period.", period_name(p, zh)),
                    None => "None set.".into(),
                },
            ),
            (
                "metrics.csv",
                format!("{}: the same figures, one row per county, period and metric.", url("data/metrics.csv")),
            ),
            (
                "metrics.json",
                format!("{}: the same data with the metric definitions.", url("data/metrics.json")),
            ),
            (
                "summary.json",
                format!("{}: every statistic the site shows (group means, changes since the baseline, difference in differences).", url("data/summary.json")),
            ),
        ]);
    }
    for (key, value) in about {
        ws.write_string_with_format(row, 0, key, &formats.key)?;
        ws.write_string(row, 1, value)?;
        row += 1;
    }

    row += 1;
    let (periods, sheet, id, label, note) = if zh {
        ("报告期", "工作表", "标识", "名称", "备注")
    } else {
        ("Periods", "Sheet", "Id", "Label", "Note")
    };
    ws.write_string_with_format(row, 0, periods, &formats.section)?;
    row += 1;
    table_header(&mut ws, row, &[sheet, id, label, note], formats)?;
    row += 1;
    for (p, (period, name)) in config.periods.iter().zip(names).enumerate() {
        ws.write_string(row, 0, name)?;
        ws.write_string(row, 1, &period.id)?;
        ws.write_string(row, 2, &period.label)?;
        if config.baseline == Some(p) {
            ws.write_string(row, 3, words.baseline)?;
        }
        row += 1;
    }

    row += 1;
    let headings: [&str; 6] = if zh {
        ["标识", "名称", "单位", "类型", "计算方式", "说明"]
    } else {
        ["Id", "Name", "Unit", "Kind", "Computed as", "Definition"]
    };
    ws.write_string_with_format(row, 0, words.metrics, &formats.section)?;
    row += 1;
    table_header(&mut ws, row, &headings, formats)?;
    row += 1;
    for metric in &config.metrics {
        ws.write_string(row, 0, &metric.id)?;
        ws.write_string(row, 1, metric.display_label(config.language))?;
        if let Some(unit) = &metric.unit {
            ws.write_string(row, 2, unit)?;
        }
        ws.write_string(row, 3, words.kind(metric.kind))?;
        if let Some(d) = &metric.derived {
            ws.write_string(row, 4, derivation(d, config))?;
        }
        if let Some(d) = &metric.description {
            ws.write_string(row, 5, d)?;
        }
        row += 1;
    }
    Ok(ws)
}

fn table_header(
    ws: &mut Worksheet,
    row: u32,
    headings: &[&str],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (i, h) in headings.iter().enumerate() {
        ws.write_string_with_format(row, column(i), *h, &formats.header)?;
    }
    Ok(())
}

/// A period's label, with its id when the label does not contain it.
pub(super) fn period_name(period: &Period, zh: bool) -> String {
    match (period.label.contains(&period.id), zh) {
        (true, _) => period.label.clone(),
        (false, true) => format!("{}（{}）", period.label, period.id),
        (false, false) => format!("{} ({})", period.label, period.id),
    }
}

/// How a derived metric is computed, by metric ids: `a ÷ b`, `a + b + c`.
pub(super) fn derivation(derived: &Derived, config: &Config) -> String {
    let id = |i: &usize| config.metrics.get(*i).map_or("?", |m| m.id.as_str());
    match derived {
        Derived::RatioOf(a, b) => format!("{} ÷ {}", id(a), id(b)),
        Derived::SumOf(v) => v.iter().map(id).collect::<Vec<_>>().join(" + "),
    }
}

/// A metric's column heading: its label in the site's language and its
/// unit, `乡镇（街道）总数（个）` or `Townships (个)`.
pub(super) fn header_label(metric: &Metric, lang: Language) -> String {
    let label = metric.display_label(lang);
    match (metric.unit.as_deref().filter(|u| !u.is_empty()), lang) {
        (None, _) => label.to_string(),
        (Some(u), Language::ZhCn) => format!("{label}（{u}）"),
        (Some(u), Language::En) => format!("{label} ({u})"),
    }
}

/// Where a data file lives: a full URL when site.yaml's `base_url` has a
/// host, else its path on the site.
fn data_url(config: &Config, rel: &str) -> String {
    let base = &config.base_url;
    if base.starts_with("http://") || base.starts_with("https://") {
        let slash = if base.ends_with('/') { "" } else { "/" };
        format!("{base}{slash}{rel}")
    } else {
        Urls::new(config).at(rel)
    }
}

/// Whether the site says its figures are made up, in its title or
/// description (the example's says 示例数据，非官方统计).
fn is_illustrative(config: &Config) -> bool {
    let text = format!(
        "{} {}",
        config.title,
        config.description.as_deref().unwrap_or("")
    )
    .to_lowercase();
    ILLUSTRATIVE.iter().any(|w| text.contains(w))
}

/// A sheet row for a county (below the header rows). Beyond Excel's last
/// row the write fails with an error rather than wrapping around.
fn row(county: usize) -> u32 {
    u32::try_from(county)
        .ok()
        .and_then(|r| r.checked_add(HEADER_ROWS))
        .unwrap_or(u32::MAX)
}

/// A sheet column; beyond Excel's last column the write fails.
pub(super) fn column(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Roughly how many of Excel's character units `text` takes: two for a
/// wide (CJK, full-width) character, one otherwise.
pub(super) fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

/// Whether Excel accepts `name` for a sheet: 1 to 31 UTF-16 code units,
/// none of `[]:*?/\` nor a control character, no apostrophe at either end,
/// and not `History`, which Excel keeps for itself.
pub fn is_valid_sheet_name(name: &str) -> bool {
    let len = name.encode_utf16().count();
    (1..=SHEET_NAME_MAX).contains(&len)
        && !name.contains(['[', ']', ':', '*', '?', '/', '\\'])
        && !name.chars().any(char::is_control)
        && !name.starts_with('\'')
        && !name.ends_with('\'')
        && !name.eq_ignore_ascii_case("history")
}

/// `text` made into a valid sheet name: forbidden characters become `_`,
/// it is cut to 31 UTF-16 code units (less `reserve`), and `History` or
/// nothing at all gets a `_`.
fn sanitise(text: &str, reserve: usize) -> String {
    let max = SHEET_NAME_MAX.saturating_sub(reserve).max(1);
    let mut out = String::new();
    let mut len = 0;
    for c in text.chars() {
        let c = if c.is_control() || "[]:*?/\\".contains(c) {
            '_'
        } else {
            c
        };
        if len + c.len_utf16() > max {
            break;
        }
        len += c.len_utf16();
        out.push(c);
    }
    if out.starts_with('\'') {
        out.replace_range(..1, "_");
    }
    if out.ends_with('\'') {
        out.pop();
        out.push('_');
    }
    if out.is_empty() || out.eq_ignore_ascii_case("history") {
        out.push('_');
    }
    out
}

/// The sheet name of each period: its label when that is a valid sheet name
/// that no other period's label nor a `reserved` name shares (Excel ignores
/// case), else its id (made valid); a name still taken gets ` (2)`, ` (3)`…
pub fn sheet_names(periods: &[Period], reserved: &[&str]) -> Vec<String> {
    let key = |s: &str| s.to_lowercase();
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    for p in periods {
        *labels.entry(key(&p.label)).or_default() += 1;
    }
    let mut taken: BTreeSet<String> = reserved.iter().map(|s| key(s)).collect();
    let mut names = Vec::with_capacity(periods.len());
    for p in periods {
        let label_ok = is_valid_sheet_name(&p.label)
            && labels.get(&key(&p.label)) == Some(&1)
            && !taken.contains(&key(&p.label));
        let mut candidates = Vec::new();
        if label_ok {
            candidates.push(p.label.clone());
        }
        candidates.push(sanitise(&p.id, 0));
        let name = match candidates.iter().find(|c| !taken.contains(&key(c))) {
            Some(c) => c.clone(),
            None => (2..)
                .map(|n| {
                    let suffix = format!(" ({n})");
                    format!("{}{suffix}", sanitise(&p.id, suffix.len()))
                })
                .find(|c| !taken.contains(&key(c)))
                .unwrap_or_default(),
        };
        taken.insert(key(&name));
        names.push(name);
    }
    names
}

/// The words of the workbook in the site's language; the theme's strings
/// (with site.yaml `labels`) where it has them.
struct Words<'a> {
    about_sheet: &'static str,
    notice: &'static str,
    notice_short: &'static str,
    id: &'a str,
    county: &'a str,
    group: &'a str,
    pilot: &'a str,
    control: &'a str,
    baseline: &'a str,
    metrics: &'a str,
    kinds: [&'a str; 5],
}

impl<'a> Words<'a> {
    fn new(lang: Language, strings: &'a BTreeMap<String, String>) -> Self {
        let zh = lang == Language::ZhCn;
        let s = |key: &str, zh_text: &'static str, en_text: &'static str| -> &'a str {
            match strings.get(key) {
                Some(v) if !v.is_empty() => v.as_str(),
                _ if zh => zh_text,
                _ => en_text,
            }
        };
        Words {
            about_sheet: if zh { "说明" } else { "About" },
            notice: if zh {
                "示例数据，非官方统计：本文件中的数字仅用于演示，不是官方统计数据。"
            } else {
                "Illustrative figures, not official statistics: the numbers in this file are for demonstration only."
            },
            notice_short: if zh {
                "示例数据，非官方统计"
            } else {
                "Illustrative figures, not official statistics"
            },
            id: s("metric_id", "编号", "Id"),
            county: s("county", "县（市、区）", "County"),
            group: s("status", "类别", "Group"),
            pilot: s("pilot", "试点地区", "Pilot"),
            control: s("control", "非试点地区", "Non-pilot"),
            baseline: s("baseline", "基线", "baseline"),
            metrics: s("metrics", "指标", "Metrics"),
            kinds: [
                s("kind_count", "计数", "count"),
                s("kind_number", "数值", "number"),
                s("kind_ratio", "比例", "ratio"),
                s("kind_money", "金额", "money"),
                s("kind_bool", "是/否", "yes/no"),
            ],
        }
    }

    fn group(&self, group: Group) -> &str {
        match group {
            Group::Pilot => self.pilot,
            Group::Control => self.control,
        }
    }

    fn kind(&self, kind: Kind) -> &str {
        self.kinds[match kind {
            Kind::Count => 0,
            Kind::Number => 1,
            Kind::Ratio => 2,
            Kind::Money => 3,
            Kind::Bool => 4,
        }]
    }
}

pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) notice: Format,
    pub(super) section: Format,
    pub(super) key: Format,
    pub(super) header: Format,
    pub(super) id_header: Format,
    pub(super) boolean: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            notice: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFEB9C)),
            section: Format::new().set_bold().set_font_size(12),
            key: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xF2F2F2)),
            id_header: Format::new()
                .set_font_color(Color::RGB(0x595959))
                .set_background_color(Color::RGB(0xF2F2F2))
                .set_border_bottom(FormatBorder::Thin),
            boolean: Format::new().set_align(FormatAlign::Center),
        }
    }

    /// The number format of a metric's cells: percentages for ratios,
    /// thousands separators for counts, two decimals for money and for
    /// numbers that are not all whole.
    fn value(&self, kind: Kind, fractional: bool) -> Format {
        let pattern = match kind {
            Kind::Ratio => "0.0%",
            Kind::Count => "#,##0",
            Kind::Money => "#,##0.00",
            Kind::Number if fractional => "#,##0.00",
            Kind::Number => "#,##0",
            Kind::Bool => "General",
        };
        Format::new().set_num_format(pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(id: &str, label: &str) -> Period {
        Period {
            id: id.into(),
            label: label.into(),
            short: None,
            months: 6,
        }
    }

    fn names(periods: &[(&str, &str)], reserved: &[&str]) -> Vec<String> {
        let periods: Vec<Period> = periods.iter().map(|(i, l)| period(i, l)).collect();
        sheet_names(&periods, reserved)
    }

    #[test]
    fn valid_sheet_names() {
        assert!(is_valid_sheet_name("2018年（基线）"));
        assert!(is_valid_sheet_name("2019 H1"));
        assert!(is_valid_sheet_name(&"期".repeat(31)));
        assert!(is_valid_sheet_name("it's"));
        // Full-width punctuation is not Excel's `:` or `/`.
        assert!(is_valid_sheet_name("2019年下半年：初报／修订"));
        assert!(!is_valid_sheet_name(""));
        assert!(!is_valid_sheet_name(&"期".repeat(32)));
        // An emoji takes two UTF-16 code units: 30 + 2 is too long.
        assert!(!is_valid_sheet_name(&format!("{}😀", "a".repeat(30))));
        for bad in ["a/b", "a\\b", "a:b", "a*b", "a?b", "[a]", "a\nb"] {
            assert!(!is_valid_sheet_name(bad), "{bad:?}");
        }
        assert!(!is_valid_sheet_name("'quoted"));
        assert!(!is_valid_sheet_name("quoted'"));
        assert!(!is_valid_sheet_name("History"));
        assert!(!is_valid_sheet_name("HISTORY"));
    }

    #[test]
    fn labels_are_used_when_valid_and_unique_else_ids() {
        assert_eq!(
            names(
                &[
                    ("2018", "2018年（基线）"),
                    ("2019-H1", "2019/上半年"),
                    ("2019-H2", "2019年下半年:初报"),
                    ("2020-H1", &"很长的报告期名称".repeat(4)),
                    ("2020-H2", "history"),
                ],
                &["说明"]
            ),
            ["2018年（基线）", "2019-H1", "2019-H2", "2020-H1", "2020-H2"]
        );
        // Labels shared by two periods (Excel ignores case) give way to ids,
        // and so does a label equal to a reserved name.
        assert_eq!(
            names(
                &[("q1", "Spring"), ("q2", "SPRING"), ("q3", "about")],
                &["About"]
            ),
            ["q1", "q2", "q3"]
        );
    }

    #[test]
    fn ids_are_cut_and_clashes_numbered() {
        let long = format!("{}-a", "x".repeat(40));
        let long2 = format!("{}-b", "x".repeat(40));
        let got = names(&[(&long, "[a]"), (&long2, "[b]")], &[]);
        assert_eq!(got[0], "x".repeat(31));
        assert_eq!(got[1], format!("{} (2)", "x".repeat(27)));
        // A label that is another period's id, and an id that is `History`.
        let got = names(&[("a", "b"), ("b", "b2:"), ("history", "?")], &[]);
        assert_eq!(got, ["b", "b (2)", "history_"]);
        for name in got {
            assert!(is_valid_sheet_name(&name), "{name}");
        }
        assert_eq!(sanitise("'x'", 0), "_x_");
        assert_eq!(sanitise("", 0), "_");
    }

    #[test]
    fn headings_carry_the_unit_in_the_site_language() {
        let metric = Metric {
            label_en: Some("Townships".into()),
            unit: Some("个".into()),
            ..Metric::new("township_total", "乡镇（街道）总数", Kind::Count)
        };
        assert_eq!(
            header_label(&metric, Language::ZhCn),
            "乡镇（街道）总数（个）"
        );
        assert_eq!(header_label(&metric, Language::En), "Townships (个)");
        let bare = Metric {
            unit: None,
            ..metric
        };
        assert_eq!(header_label(&bare, Language::ZhCn), "乡镇（街道）总数");
    }
}
