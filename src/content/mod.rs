//! The content model: site.yaml, county profiles, reports and free pages,
//! read from disk and validated into typed values.
//!
//! Invariants: a [`Site`] that `load` returns without errors is internally
//! consistent (every report's county and period exist, every metric value has
//! the kind and bounds of its metric, derived values are computed). This
//! module knows nothing of HTML or templates; Markdown bodies stay source text
//! here, with the line they start on so later stages can locate errors.

mod config;
mod documents;
mod fields;
mod frontmatter;
mod load;
mod quality;
mod typing;

use std::sync::Arc;

pub use config::{
    Better, Config, Derived, Kind, Labels, Language, MapConfig, MapMatch, Measure, Metric, Period,
    base_path_of, default_months, parse_config, parse_config_at,
};
pub use documents::{check_figure, formula};
pub use fields::{is_date, is_slug_id};
pub use frontmatter::{Split, split as split_front_matter};
pub use load::{
    DerivedProblem, Loaded, ParsedFile, RESERVED_NAMES, assemble, content_files, derive_values,
    is_ignored_name, load, parse_file, read_config,
};
pub use quality::data_quality;
pub use typing::loose;

use std::path::PathBuf;

use crate::diagnostics::Pos;

/// Markdown source with where it sits in its file.
#[derive(Debug, Clone)]
pub struct Body {
    /// Site-relative path of the file, `/`-separated.
    pub path: String,
    /// Lines before the body's first line.
    pub line_offset: usize,
    /// Shared, not copied: assembling the site again after an edit (in
    /// `serve`) reuses every unchanged body, and the body cache knows an
    /// unchanged body by its pointer.
    pub markdown: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct County {
    pub id: String,
    pub name: String,
    pub pilot: bool,
    /// Index into `Config::periods`.
    pub pilot_since: Option<usize>,
    pub code: Option<String>,
    pub order: Option<i64>,
    pub extra: serde_json::Value,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct Report {
    /// Index into `Site::counties`.
    pub county: usize,
    /// Index into `Config::periods`.
    pub period: usize,
    pub title: String,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// One entry per metric of `Config::metrics`, derived ones computed.
    /// `None` is "not reported". Booleans are 1.0 and 0.0.
    pub values: Vec<Option<f64>>,
    /// Where each typed value is in the file; `None` for derived metrics
    /// and metrics not listed.
    pub value_pos: Vec<Option<Pos>>,
    /// Where `metrics:` is in the file.
    pub metrics_pos: Pos,
    /// metric index -> where the figure comes from, in metric order.
    pub sources: Vec<(usize, String)>,
    pub extra: serde_json::Value,
    pub body: Body,
}

/// A free page (`content/pages/<name>.md`) or the home intro (`content/_index.md`).
#[derive(Debug, Clone)]
pub struct Page {
    /// Empty for the home intro.
    pub name: String,
    pub title: String,
    pub description: Option<String>,
    pub draft: bool,
    pub extra: serde_json::Value,
    pub body: Body,
}

/// A whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub home: Option<Page>,
    /// In display order: `order`, then id.
    pub counties: Vec<County>,
    /// Sorted by county (display order), then period.
    pub reports: Vec<Report>,
    /// Sorted by name.
    pub pages: Vec<Page>,
    /// Files under static/, site-relative to static/, sorted.
    pub static_files: Vec<String>,
    /// The county shapes, when site.yaml has a `map:` block and its file
    /// reads.
    pub map: Option<std::sync::Arc<crate::map::Shapes>>,
}

impl Site {
    /// The report of a county at a period, if any.
    pub fn report_index(&self, county: usize, period: usize) -> Option<usize> {
        self.reports
            .binary_search_by(|r| (r.county, r.period).cmp(&(county, period)))
            .ok()
    }

    /// Site-relative source path -> the content it names, for `@/` links.
    pub fn content_paths(&self) -> impl Iterator<Item = &str> {
        self.home
            .iter()
            .map(|p| p.body.path.as_str())
            .chain(self.pages.iter().map(|p| p.body.path.as_str()))
            .chain(self.counties.iter().map(|c| c.body.path.as_str()))
            .chain(self.reports.iter().map(|r| r.body.path.as_str()))
    }
}
