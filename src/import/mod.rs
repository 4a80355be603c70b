//! `pilotsite import` (SPEC 4.4): a filled-in form (xlsx, xls, ods or CSV
//! in the layout `pilotsite form` writes) read back into the reports.
//!
//! Three steps, each its own module: `sheet` reads the file into a grid of
//! cells, `check` checks every cell against site.yaml with the checks a
//! report's values get and places each problem at its cell
//! (`FILE:SHEET!C5`), `edit` turns the checked rows into new report texts.
//! Nothing is written unless every cell is right, and then each file is
//! written whole or not at all (a temporary file renamed over it).

mod check;
mod edit;
mod sheet;

use std::path::Path;

pub use check::Checked;
pub use edit::{Change, describe};

use crate::content::{self, Site};
use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Text;
use crate::text;

/// What stopped an import before anything was written.
#[derive(Debug)]
pub enum ImportError {
    /// The file as a whole (cannot be read, has no header row or period).
    File(Text),
    /// The site does not load, or cells are wrong: every problem.
    Content(Vec<Diagnostic>),
}

/// The reports a form changes, planned and not yet written.
#[derive(Debug)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Rows whose report the form leaves as it is.
    pub unchanged: usize,
}

/// Reads and checks the form at `file` (named `shown` in messages) against
/// the site at `root` and works out every report it changes. `period`
/// overrides the period the workbook carries (a CSV carries none).
pub fn plan(
    root: &Path,
    file: &Path,
    shown: &str,
    period: Option<&str>,
) -> Result<Plan, ImportError> {
    let loaded = content::load(root, true);
    let Some(site) = loaded.site else {
        return Err(ImportError::Content(loaded.diagnostics));
    };
    let grid = sheet::read(file).map_err(ImportError::File)?;
    let checked = check::check(&site, &grid, shown, period)
        .map_err(ImportError::File)?
        .map_err(ImportError::Content)?;
    plan_checked(&site, &checked)
}

fn plan_checked(site: &Site, checked: &Checked) -> Result<Plan, ImportError> {
    let root = &site.root;
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).ok();
    let (changes, unchanged) = edit::changes(site, checked, &read).map_err(|problems| {
        ImportError::Content(
            problems
                .into_iter()
                .map(|p| {
                    Diagnostic::error(
                        &p.rel,
                        Pos::new(p.line, 1),
                        text!("import-block-not-editable"),
                    )
                    .with_help(text!("import-block-not-editable-help"))
                })
                .collect(),
        )
    })?;
    // A new report's file name must be free (a file there that is another
    // period's report, or none at all, would be overwritten).
    let taken: Vec<Diagnostic> = changes
        .iter()
        .filter(|c| c.created && root.join(&c.rel).exists())
        .map(|c| {
            Diagnostic::error(
                &c.rel,
                Pos::new(1, 1),
                text!("import-file-taken", path = c.rel.as_str()),
            )
        })
        .collect();
    if !taken.is_empty() {
        return Err(ImportError::Content(taken));
    }
    Ok(Plan { changes, unchanged })
}

/// A write that failed part way: the files written before it and the ones
/// left as they were.
#[derive(Debug)]
pub struct WriteFailure {
    pub written: Vec<String>,
    pub not_written: Vec<String>,
    pub reason: String,
}

/// Writes every change, each file through a temporary file beside it
/// (hidden, so the content walk never sees it) renamed over the report.
pub fn write(root: &Path, plan: &Plan) -> Result<(), WriteFailure> {
    let mut written = Vec::new();
    for (i, change) in plan.changes.iter().enumerate() {
        if let Err(e) = write_one(root, change) {
            return Err(WriteFailure {
                written,
                not_written: plan.changes[i..].iter().map(|c| c.rel.clone()).collect(),
                reason: format!("{}: {e}", change.rel),
            });
        }
        written.push(change.rel.clone());
    }
    Ok(())
}

fn write_one(root: &Path, change: &Change) -> std::io::Result<()> {
    let path = root.join(&change.rel);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.import-{}", std::process::id()));
    std::fs::write(&temp, &change.text)?;
    crate::platform::retry(|| std::fs::rename(&temp, &path)).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}
