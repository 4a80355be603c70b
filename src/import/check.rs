//! Every cell of a form checked against site.yaml before anything is
//! written: the header row's metric ids, each row's county id, each figure
//! by the same checks a report's values get (`content::check_figure`,
//! `content::derive_values`), each problem placed at its cell.

use std::collections::BTreeMap;

use super::sheet::{Cell, Grid};
use crate::content::{Kind, Site, check_figure, derive_values};
use crate::diagnostics::{Diagnostic, Pos, cell_name, did_you_mean, shorten};
use crate::messages::{Text, hint_did_you_mean};
use crate::text;
use crate::yaml::{Node, Value};

/// One county's row, checked.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index into `Site::counties`.
    pub county: usize,
    /// Every metric of site.yaml: `Some` for the form's columns (the cell,
    /// `None` when empty), `None` for the metrics the form does not have.
    pub cells: Vec<Option<Option<f64>>>,
}

/// What a form holds once every cell is known to be right.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Index into the site's periods.
    pub period: usize,
    pub rows: Vec<Row>,
}

/// Where the header row is: the row among the first three whose first
/// cell is `county`.
fn id_row(grid: &Grid) -> Option<usize> {
    (0..3.min(grid.rows.len()))
        .find(|r| matches!(grid.cell(*r, 0), Cell::Text(t) if t.trim() == "county"))
}

/// Checks the whole form. `file` names it in messages; `period` is the
/// one asked for on the command line, which overrides the form's.
/// Problems of the whole file (no header row, no period) come back as a
/// `Text`; problems of cells as diagnostics, every one of them.
pub fn check(
    site: &Site,
    grid: &Grid,
    file: &str,
    period: Option<&str>,
) -> Result<Result<Checked, Vec<Diagnostic>>, Text> {
    let config = &site.config;
    let Some(period_id) = period.map(str::to_string).or_else(|| grid.period.clone()) else {
        return Err(if grid.csv {
            text!("import-csv-needs-period", file = file)
        } else {
            text!("import-no-period", file = file)
        });
    };
    let Some(period) = config.period_index(period_id.trim()) else {
        let ids: Vec<&str> = config.periods.iter().map(|p| p.id.as_str()).collect();
        return Err(text!(
            "import-unknown-period",
            period = shorten(&period_id),
            periods = ids.join(", ")
        ));
    };
    let Some(header) = id_row(grid) else {
        return Err(text!(
            "import-no-id-row",
            file = file,
            sheet = grid.sheet.as_str()
        ));
    };
    let mut out = Vec::new();
    let at = |row: usize, col: usize, message: Text| {
        Diagnostic::error(file, Pos::new(row + 1, col + 1), message).in_sheet(&grid.sheet)
    };

    // The header row: metric id -> column.
    let mut columns: Vec<(usize, usize)> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let ids: Vec<&str> = config.metrics.iter().map(|m| m.id.as_str()).collect();
    let width = grid.rows.get(header).map_or(0, Vec::len);
    for col in 1..width {
        let id = match grid.cell(header, col) {
            Cell::Empty => continue,
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(x) => crate::export::format_number(*x),
            Cell::Bool(b) => b.to_string(),
            Cell::Date | Cell::Error(_) => String::new(),
        };
        if id == "county_name" {
            continue;
        }
        if let Some(first) = seen.get(&id) {
            out.push(at(
                header,
                col,
                text!(
                    "import-duplicate-column",
                    id = shorten(&id),
                    first = cell_name(header + 1, first + 1)
                ),
            ));
            continue;
        }
        seen.insert(id.clone(), col);
        match config.metric_index(&id) {
            Some(m) if config.metrics[m].derived.is_some() => out.push(
                at(
                    header,
                    col,
                    text!(
                        "import-derived-column",
                        id = &id,
                        label = shorten(&config.metrics[m].label)
                    ),
                )
                .with_help(text!("import-derived-column-help")),
            ),
            Some(m) => columns.push((m, col)),
            None => out.push(
                at(
                    header,
                    col,
                    text!(
                        "import-unknown-column",
                        id = shorten(&id),
                        hint = hint_did_you_mean(did_you_mean(&id, ids.iter().copied()))
                    ),
                )
                .with_help(text!("import-unknown-column-help")),
            ),
        }
    }

    // The rows: county id -> its figures.
    let county_ids: Vec<&str> = site.counties.iter().map(|c| c.id.as_str()).collect();
    let mut rows = Vec::new();
    let mut first_row: BTreeMap<usize, usize> = BTreeMap::new();
    for r in header + 1..grid.rows.len() {
        let id = match grid.cell(r, 0) {
            Cell::Empty => {
                if let Some((_, col)) = columns
                    .iter()
                    .find(|(_, c)| *grid.cell(r, *c) != Cell::Empty)
                {
                    out.push(at(
                        r,
                        0,
                        text!(
                            "import-row-without-county",
                            cell = cell_name(r + 1, col + 1)
                        ),
                    ));
                }
                continue;
            }
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(x) => crate::export::format_number(*x),
            Cell::Bool(b) => b.to_string(),
            Cell::Date | Cell::Error(_) => String::new(),
        };
        let Some(county) = site.counties.iter().position(|c| c.id == id) else {
            let by_name = site
                .counties
                .iter()
                .find(|c| c.name == id)
                .map(|c| c.id.as_str());
            let hint = by_name.or_else(|| did_you_mean(&id, county_ids.iter().copied()));
            out.push(
                at(
                    r,
                    0,
                    text!(
                        "import-unknown-county",
                        id = shorten(&id),
                        hint = hint_did_you_mean(hint)
                    ),
                )
                .with_help(text!("import-unknown-county-help")),
            );
            continue;
        };
        if let Some(first) = first_row.get(&county) {
            out.push(at(
                r,
                0,
                text!(
                    "import-duplicate-county",
                    id = &id,
                    first = cell_name(first + 1, 1)
                ),
            ));
            continue;
        }
        first_row.insert(county, r);
        rows.push(check_row(
            site, grid, &columns, county, period, r, file, &mut out,
        ));
    }
    Ok(if out.is_empty() {
        Ok(Checked { period, rows })
    } else {
        crate::diagnostics::sort(&mut out);
        Err(out)
    })
}

/// One county's row: each cell as a report's value, then the derived
/// metrics from the row merged over the county's report (a metric the
/// form has no column for keeps the report's figure).
#[allow(clippy::too_many_arguments)]
fn check_row(
    site: &Site,
    grid: &Grid,
    columns: &[(usize, usize)],
    county: usize,
    period: usize,
    r: usize,
    file: &str,
    out: &mut Vec<Diagnostic>,
) -> Row {
    let config = &site.config;
    let mut cells = vec![None; config.metrics.len()];
    for &(m, col) in columns {
        let metric = &config.metrics[m];
        let pos = Pos::new(r + 1, col + 1);
        let value = match grid.cell(r, col) {
            Cell::Empty => Value::Null,
            Cell::Number(x) => Value::Float(*x),
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Text(t) => typed(t, metric.kind, grid.csv),
            Cell::Date => {
                out.push(
                    Diagnostic::error(
                        file,
                        pos,
                        text!(
                            "import-cell-date",
                            id = &metric.id,
                            label = shorten(&metric.label)
                        ),
                    )
                    .in_sheet(&grid.sheet)
                    .with_help(text!("import-cell-date-help")),
                );
                cells[m] = Some(None);
                continue;
            }
            Cell::Error(e) => {
                out.push(
                    Diagnostic::error(
                        file,
                        pos,
                        text!(
                            "import-cell-error",
                            id = &metric.id,
                            label = shorten(&metric.label),
                            found = e.as_str()
                        ),
                    )
                    .in_sheet(&grid.sheet),
                );
                cells[m] = Some(None);
                continue;
            }
        };
        let (checked, problems) = check_figure(&Node { value, pos }, metric, file);
        let clean = problems.is_empty();
        out.extend(problems.into_iter().map(|d| d.in_sheet(&grid.sheet)));
        if checked.is_none() && metric.required && clean {
            out.push(
                Diagnostic::error(
                    file,
                    pos,
                    text!(
                        "metric-required-null",
                        id = &metric.id,
                        label = shorten(&metric.label)
                    ),
                )
                .in_sheet(&grid.sheet)
                .with_help(text!(
                    "metric-required-null-help",
                    label = shorten(&metric.label)
                )),
            );
        }
        cells[m] = Some(checked);
    }
    // A wrong cell counts as empty here: the derived values that need it
    // are not computed, the others are checked all the same.
    {
        let report = site.report_index(county, period).map(|i| &site.reports[i]);
        let mut values: Vec<Option<f64>> = config
            .metrics
            .iter()
            .enumerate()
            .map(|(m, metric)| match cells[m] {
                Some(cell) => cell,
                None if metric.derived.is_none() => report.and_then(|rep| rep.values[m]),
                None => None,
            })
            .collect();
        let column_of = |m: usize| columns.iter().find(|(c, _)| *c == m).map(|(_, col)| *col);
        for problem in derive_values(&mut values, config) {
            let col = column_of(problem.culprit).unwrap_or(0);
            let others: Vec<String> = problem
                .others
                .iter()
                .filter_map(|m| column_of(*m))
                .map(|c| cell_name(r + 1, c + 1))
                .collect();
            let help = if others.is_empty() {
                problem.help
            } else {
                text!(
                    "import-derived-help",
                    help = problem.help,
                    cells = others.join(", ")
                )
            };
            out.push(
                Diagnostic::error(file, Pos::new(r + 1, col + 1), problem.message)
                    .in_sheet(&grid.sheet)
                    .with_help(help),
            );
        }
    }
    Row { county, cells }
}

/// A text cell as the value it stands for: `true`/`false` in any case as
/// yes/no; in a CSV (where every cell is text) a number as a number and a
/// percentage of a ratio as the ratio, as a spreadsheet saves them;
/// anything else stays text, for the checks to say what it is.
fn typed(text: &str, kind: Kind, csv: bool) -> Value {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if t.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if csv {
        if let Some(x) = plain_number(t) {
            return Value::Float(x);
        }
        if kind == Kind::Ratio
            && let Some(p) = t.strip_suffix('%').map(str::trim)
            && plain_number(p).is_some()
            && let Ok(x) = format!("{p}e-2").parse()
        {
            // Parsed with the point moved, not divided: 73.1 / 100 is
            // 0.7309999999999999, `73.1e-2` is 0.731.
            return Value::Float(x);
        }
    }
    Value::Str(text.to_string())
}

/// Digits with an optional sign and decimal point (no `inf`, `nan` or
/// exponent, which `f64::from_str` would also take).
fn plain_number(t: &str) -> Option<f64> {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if ok { t.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_text_is_read_as_a_spreadsheet_saves_it() {
        assert_eq!(typed("12", Kind::Count, true), Value::Float(12.0));
        assert_eq!(typed("12", Kind::Count, false), Value::Str("12".into()));
        assert_eq!(typed("73.1%", Kind::Ratio, true), Value::Float(0.731));
        assert_eq!(typed("TRUE", Kind::Bool, false), Value::Bool(true));
        assert_eq!(typed("12个", Kind::Count, true), Value::Str("12个".into()));
        assert_eq!(typed("inf", Kind::Number, true), Value::Str("inf".into()));
    }
}
