//! A filled-in form read into a grid of cells: the first sheet of an xlsx,
//! xls or ods workbook (calamine), or a CSV file whose stem names its only
//! sheet. Reading only: nothing here knows what the cells mean.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::messages::Text;
use crate::text;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Bool(bool),
    Text(String),
    /// A date or time: Excel turned what was typed (`1-2`) into one.
    Date,
    /// An error value such as `#DIV/0!`.
    Error(String),
}

/// The cells of the sheet that holds the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The sheet's name as messages show it (a CSV's file stem).
    pub sheet: String,
    /// Rows from row 1, each from column A; missing cells are `Empty`.
    pub rows: Vec<Vec<Cell>>,
    /// The period the workbook carries (its defined name
    /// `pilotsite_period`); a CSV carries none.
    pub period: Option<String>,
    /// Whether this is a CSV (all cells text, read as typed).
    pub csv: bool,
}

impl Grid {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }
}

/// The defined name holding the period id, as the form writes it.
pub const PERIOD_NAME: &str = "pilotsite_period";

/// Reads `path`: by its extension a CSV, else a workbook of any format
/// calamine knows. The error is a message for the whole file.
pub fn read(path: &Path) -> Result<Grid, Text> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        read_csv(path)
    } else {
        read_workbook(path)
    }
}

fn cannot_read(path: &Path, reason: impl std::fmt::Display) -> Text {
    text!(
        "import-cannot-read",
        path = path.display().to_string(),
        reason = reason.to_string()
    )
}

fn read_workbook(path: &Path) -> Result<Grid, Text> {
    let mut workbook = open_workbook_auto(path).map_err(|e| cannot_read(path, e))?;
    let period = workbook
        .defined_names()
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(PERIOD_NAME))
        .map(|(_, formula)| period_of_formula(formula));
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return Err(cannot_read(path, "no sheet"));
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| cannot_read(path, e))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let (top, left) = (top as usize, left as usize);
    let mut rows = vec![Vec::new(); top];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left];
        cells.extend(row.iter().map(cell_of));
        rows.push(cells);
    }
    Ok(Grid {
        sheet,
        rows,
        period,
        csv: false,
    })
}

/// `="2019-H1"`, `"2019-H1"` or `2019-H1` -> `2019-H1`.
fn period_of_formula(formula: &str) -> String {
    let text = formula.trim();
    let text = text.strip_prefix('=').unwrap_or(text).trim();
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
        .replace("\"\"", "\"")
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::Bool(b) => Cell::Bool(*b),
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => Cell::Date,
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn read_csv(path: &Path) -> Result<Grid, Text> {
    let bytes = std::fs::read(path).map_err(|e| cannot_read(path, e))?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(text!(
            "import-csv-not-utf8",
            path = path.display().to_string()
        ));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| cannot_read(path, e))?;
        rows.push(
            record
                .iter()
                .map(|field| {
                    if field.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(field.to_string())
                    }
                })
                .collect(),
        );
    }
    let sheet = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Grid {
        sheet,
        rows,
        period: None,
        csv: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_formula_is_unquoted() {
        assert_eq!(period_of_formula("=\"2019-H1\""), "2019-H1");
        assert_eq!(period_of_formula("\"2019-H1\""), "2019-H1");
        assert_eq!(period_of_formula("2019-H1"), "2019-H1");
    }
}
