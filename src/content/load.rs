//! Reads a site from disk: site.yaml, then every file under content/ in
//! parallel, then the checks that span files (one report per county and
//! period, profiles for every county folder, derived values).

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::config::{Config, Derived, Kind, parse_config_at};
use super::documents::{self, RawReport, display_number, inputs_of};
use super::{County, Page, Report, Site};
use crate::diagnostics::{self, Diagnostic, Pos, shorten};
use crate::files;
use crate::messages::Text;
use crate::text;

/// What loading produced: a site when there were no errors, and every
/// diagnostic found either way.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Names the site reserves at the top level, so free pages cannot take them.
pub const RESERVED_NAMES: &[&str] = &[
    "counties", "compare", "metrics", "periods", "tags", "search", "data", "feed", "sitemap", "404",
];

/// What a file under content/ is, by where it sits.
enum Entry {
    Home,
    Page(String),
    Profile(String),
    Report(String),
}

/// Hidden files, the temp and backup files editors leave beside the real
/// ones while saving (Vim's `.x.swp`, `x~` and `4913`, Emacs' `#x#`,
/// JetBrains' `x___jb_tmp___`, Office and WPS's `~$x` and `~WRL0001.tmp`,
/// `x.bak`), and the files Windows Explorer and macOS Finder drop into
/// folders they show (`Thumbs.db`, `desktop.ini`, `.DS_Store`).
pub fn is_ignored_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|end| lower.ends_with(end))
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || matches!(lower.as_str(), "thumbs.db" | "ehthumbs.db" | "desktop.ini")
}

/// Loads and validates the site at `root`. Drafts are validated always and
/// kept only when `drafts` is true.
pub fn load(root: &Path, drafts: bool) -> Loaded {
    let config = match read_config(root) {
        Ok(c) => c,
        Err(diagnostics) => {
            return Loaded {
                site: None,
                diagnostics,
            };
        }
    };
    let paths = match content_files(root) {
        Ok(p) => p,
        Err(d) => {
            return Loaded {
                site: None,
                diagnostics: vec![d],
            };
        }
    };
    let parsed: Vec<ParsedFile> = paths
        .par_iter()
        .map(|rel| parse_file(root, rel, &config))
        .collect();
    let parsed: Vec<&ParsedFile> = parsed.iter().collect();
    assemble(root, config, &parsed, drafts)
}

/// Reads and validates site.yaml.
pub fn read_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let text = files::read_text(root, "site.yaml").map_err(|d| vec![d])?;
    parse_config_at(root, "site.yaml", &text)
}

fn classify(rel: &str) -> Result<Entry, Text> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["content", "_index.md"] => Ok(Entry::Home),
        ["content", "pages", file] => match file.strip_suffix(".md") {
            Some(name) if super::is_slug_id(name) => {
                if RESERVED_NAMES.contains(&name) {
                    Err(text!("page-name-reserved", name = name))
                } else {
                    Ok(Entry::Page(name.to_string()))
                }
            }
            Some(name) => Err(text!("page-name-invalid", name = shorten(name))),
            None => Err(text!("pages-not-markdown")),
        },
        ["content", "counties", id, file] => {
            if !super::is_slug_id(id) {
                return Err(text!("county-folder-invalid", name = shorten(id)));
            }
            match *file {
                "_index.md" => Ok(Entry::Profile(id.to_string())),
                f if f.ends_with(".md") => Ok(Entry::Report(id.to_string())),
                _ => Err(text!("county-folder-not-markdown")),
            }
        }
        _ => Err(text!("content-unexpected-file")),
    }
}

/// One file under content/, read and parsed on its own (before the checks
/// that span files). `serve` keeps these between rebuilds and parses again
/// only the files that changed.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// Site-relative path.
    pub rel: String,
    doc: Option<Doc>,
    /// For a county profile, its county id, even when the profile has errors.
    profile_of: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
enum Doc {
    Home(Page),
    Page(Page),
    County(County),
    Report(Box<RawReport>),
}

/// Every file under content/ that is not ignored, sorted.
pub fn content_files(root: &Path) -> Result<Vec<String>, Diagnostic> {
    files::list(root, "content", is_ignored_name)
}

/// Reads and parses one content file against the site's schema.
pub fn parse_file(root: &Path, rel: &str, config: &Config) -> ParsedFile {
    let mut parsed = ParsedFile {
        rel: rel.to_string(),
        doc: None,
        profile_of: None,
        diagnostics: Vec::new(),
    };
    let entry = match classify(rel) {
        Ok(entry) => entry,
        Err(message) => {
            parsed.diagnostics.push(
                Diagnostic::error(rel, Pos::new(1, 1), message)
                    .with_help(text!("content-layout-help")),
            );
            return parsed;
        }
    };
    if let Entry::Profile(id) = &entry {
        parsed.profile_of = Some(id.clone());
    }
    let text = match files::read_text(root, rel) {
        Ok(t) => t,
        Err(d) => {
            parsed.diagnostics.push(d);
            return parsed;
        }
    };
    let diags = &mut parsed.diagnostics;
    parsed.doc = match entry {
        Entry::Home => documents::read_page("", rel, &text, diags).map(Doc::Home),
        Entry::Page(name) => documents::read_page(&name, rel, &text, diags).map(Doc::Page),
        Entry::Profile(id) => {
            documents::read_county(&id, rel, &text, config, diags).map(Doc::County)
        }
        Entry::Report(id) => {
            documents::read_report(&id, rel, &text, config, diags).map(|r| Doc::Report(Box::new(r)))
        }
    };
    parsed
}

/// Builds the site from its parsed files (sorted by path): the checks that
/// span files, derived values, the static file list.
pub fn assemble(root: &Path, config: Config, parsed: &[&ParsedFile], drafts: bool) -> Loaded {
    let mut diagnostics = Vec::new();
    let site = assemble_site(root, config, parsed, drafts, &mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Loaded {
        site: if has_errors { None } else { Some(site) },
        diagnostics,
    }
}

fn assemble_site(
    root: &Path,
    config: Config,
    parsed: &[&ParsedFile],
    drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    let paths: Vec<String> = parsed.iter().map(|p| p.rel.clone()).collect();
    diagnostics.extend(case_collisions(&paths));
    let mut home = None;
    let mut pages = Vec::new();
    let mut counties = Vec::new();
    let mut raw_reports = Vec::new();
    // Copied out of the parsed files in parallel: `serve` assembles the
    // whole site again after every edit, and on a large site the copying
    // is most of that.
    let docs: Vec<Option<Doc>> = parsed.par_iter().map(|file| file.doc.clone()).collect();
    for (file, doc) in parsed.iter().zip(docs) {
        diagnostics.extend(file.diagnostics.iter().cloned());
        match doc {
            Some(Doc::Home(p)) => home = Some(p),
            Some(Doc::Page(p)) => pages.push(p),
            Some(Doc::County(c)) => counties.push(c),
            Some(Doc::Report(r)) => raw_reports.push(*r),
            None => {}
        }
    }
    counties.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.id).cmp(&(b.order.unwrap_or(i64::MAX), &b.id))
    });
    pages.sort_by(|a, b| a.name.cmp(&b.name));

    // Folders whose profile exists but has errors: their reports are not
    // "without a profile", the profile's own errors say what is wrong.
    let profiled: std::collections::BTreeSet<&str> = parsed
        .iter()
        .filter_map(|p| p.profile_of.as_deref())
        .collect();
    let county_index: BTreeMap<&str, usize> = counties
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut reports = Vec::new();
    let mut seen: BTreeMap<(usize, usize), String> = BTreeMap::new();
    let mut missing_profile: BTreeMap<String, String> = BTreeMap::new();
    raw_reports.sort_by(|a, b| a.body.path.cmp(&b.body.path));
    for raw in raw_reports {
        let Some(&county) = county_index.get(raw.county_id.as_str()) else {
            if profiled.contains(raw.county_id.as_str()) {
                continue;
            }
            missing_profile
                .entry(raw.county_id.clone())
                .or_insert_with(|| raw.body.path.clone());
            continue;
        };
        if let Some(first) = seen.get(&(county, raw.period)) {
            diagnostics.push(
                Diagnostic::error(
                    &raw.body.path,
                    raw.period_pos,
                    text!(
                        "report-second-for-period",
                        county = shorten(&counties[county].name),
                        period = &config.periods[raw.period].id,
                        first = first
                    ),
                )
                .with_help(text!("report-second-for-period-help")),
            );
            continue;
        }
        seen.insert((county, raw.period), raw.body.path.clone());
        let report = finish_report(raw, county, &config, diagnostics);
        if drafts || !report.draft {
            reports.push(report);
        }
    }
    for (id, first_file) in missing_profile {
        diagnostics.push(
            Diagnostic::error(
                &first_file,
                Pos::new(1, 1),
                text!("county-no-profile", id = &id),
            )
            .with_help(text!("county-no-profile-help", id = &id)),
        );
    }
    reports.sort_by_key(|r| (r.county, r.period));
    // The counties are known: match the map's shapes to them. Its problems
    // join the others (errors fail the build, warnings reach `check`).
    let map = config.map.as_ref().and_then(|map| {
        let (shapes, found) = crate::map::load(root, map, &counties);
        diagnostics.extend(found);
        shapes.map(std::sync::Arc::new)
    });
    let pages = pages.into_iter().filter(|p| drafts || !p.draft).collect();

    let static_files = match files::list(root, "static", |_| false) {
        Ok(list) => list
            .into_iter()
            .filter_map(|p| p.strip_prefix("static/").map(str::to_string))
            .collect(),
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    };
    Site {
        root: root.to_path_buf(),
        config,
        home: home.filter(|h| drafts || !h.draft),
        counties,
        reports,
        pages,
        static_files,
        map,
    }
}

/// Two files whose paths differ only in case collide on case-insensitive
/// file systems (and in URLs); report the later one.
fn case_collisions(paths: &[String]) -> Vec<Diagnostic> {
    let mut by_lower: BTreeMap<String, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for p in paths {
        let lower = p.to_lowercase();
        if let Some(first) = by_lower.get(&lower) {
            out.push(
                Diagnostic::error(
                    p,
                    Pos::new(1, 1),
                    text!("file-name-case-collision", first = *first),
                )
                .with_help(text!("file-name-case-collision-help")),
            );
        } else {
            by_lower.insert(lower, p);
        }
    }
    out
}

/// Computes derived values and checks they stay within their kind's range.
fn finish_report(
    raw: RawReport,
    county: usize,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Report {
    let mut values = raw.values;
    for problem in derive_values(&mut values, config) {
        let pos = raw.value_pos[problem.culprit].unwrap_or(Pos::new(1, 1));
        diagnostics
            .push(Diagnostic::error(&raw.body.path, pos, problem.message).with_help(problem.help));
    }
    Report {
        county,
        period: raw.period,
        title: raw.title,
        date: raw.date,
        authors: raw.authors,
        summary: raw.summary,
        tags: raw.tags,
        draft: raw.draft,
        values,
        value_pos: raw.value_pos,
        metrics_pos: raw.metrics_pos,
        sources: raw.sources,
        extra: raw.extra,
        body: raw.body,
    }
}

/// A derived value out of its range, blamed on one of its inputs.
pub struct DerivedProblem {
    /// The metric index of the input the problem is shown at: a ratio's
    /// numerator, a sum's largest term.
    pub culprit: usize,
    /// The other inputs, for a place that can point at them too.
    pub others: Vec<usize>,
    pub message: Text,
    pub help: Text,
}

/// Computes the derived metrics of one report's typed-in `values` (in
/// metric order) into `values`, leaving out, and returning, each that
/// breaks its range: a count above its total, a sum above its maximum.
/// `import` runs the same on a form's rows.
pub fn derive_values(values: &mut [Option<f64>], config: &Config) -> Vec<DerivedProblem> {
    let mut problems = Vec::new();
    for (index, metric) in config.metrics.iter().enumerate() {
        let Some(derived) = &metric.derived else {
            continue;
        };
        let (value, culprit) = match derived {
            Derived::RatioOf(num, den) => match (values[*num], values[*den]) {
                (Some(n), Some(d)) if d != 0.0 => (Some(n / d), *num),
                _ => (None, *num),
            },
            Derived::SumOf(inputs) => {
                let sum = inputs.iter().map(|i| values[*i]).sum::<Option<f64>>();
                let largest = inputs
                    .iter()
                    .copied()
                    .max_by(|a, b| {
                        values[*a]
                            .unwrap_or(0.0)
                            .total_cmp(&values[*b].unwrap_or(0.0))
                    })
                    .unwrap_or(inputs[0]);
                (sum, largest)
            }
        };
        let Some(v) = value else { continue };
        let label = shorten(&metric.label);
        let (id, label) = (metric.id.as_str(), label.as_ref());
        let inputs = inputs_of(derived, config);
        let problem = if !v.is_finite() {
            Some((
                text!("derived-not-finite", id = id, label = label),
                text!("derived-not-finite-help"),
            ))
        } else if let (Derived::RatioOf(num, den), Kind::Ratio) = (derived, metric.kind)
            && v > 1.0
        {
            let (num_value, den_value) = (values[*num], values[*den]);
            let (num, den) = (&config.metrics[*num], &config.metrics[*den]);
            Some((
                text!(
                    "derived-ratio-above-one",
                    num = &num.id,
                    num_label = shorten(&num.label),
                    num_value = display_number(num_value.unwrap_or(0.0)),
                    den = &den.id,
                    den_label = shorten(&den.label),
                    den_value = display_number(den_value.unwrap_or(0.0)),
                    id = id,
                    label = label,
                    percent = format!("{:.1}", v * 100.0)
                ),
                text!("derived-ratio-above-one-help"),
            ))
        } else if let Some(max) = metric.max.filter(|m| v > *m) {
            Some((
                text!(
                    "derived-above-max",
                    id = id,
                    label = label,
                    value = rounded(v),
                    max = display_number(max)
                ),
                text!("derived-range-help", inputs = &inputs),
            ))
        } else if let Some(min) = metric.min.filter(|m| v < *m) {
            Some((
                text!(
                    "derived-below-min",
                    id = id,
                    label = label,
                    value = rounded(v),
                    min = display_number(min)
                ),
                text!("derived-range-help", inputs = &inputs),
            ))
        } else if match metric.kind {
            Kind::Ratio => !(0.0..=1.0).contains(&v),
            Kind::Count | Kind::Money => v < 0.0,
            Kind::Number | Kind::Bool => false,
        } {
            Some((
                text!(
                    "derived-out-of-range",
                    id = id,
                    label = label,
                    value = rounded(v)
                ),
                text!("derived-range-help", inputs = &inputs),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            let others = match derived {
                Derived::RatioOf(num, den) => vec![*num, *den],
                Derived::SumOf(inputs) => inputs.clone(),
            };
            problems.push(DerivedProblem {
                culprit,
                others: others.into_iter().filter(|i| *i != culprit).collect(),
                message,
                help,
            });
            continue;
        }
        values[index] = Some(v);
    }
    problems
}

/// A computed figure for a message: at most four decimals, no trailing zeros.
fn rounded(x: f64) -> String {
    display_number((x * 10_000.0).round() / 10_000.0)
}
