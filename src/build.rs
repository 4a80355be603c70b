//! The build pipeline: load and validate the content, load the theme, render
//! into a staging folder, and swap it in only when everything succeeded.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::content::{self, Site};
use crate::diagnostics::{self, Diagnostic, Pos};
use crate::messages::Text;
use crate::output::{Discard, Output, Staging, io_reason};
use crate::render;
use crate::text;
use crate::theme;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (where site.yaml is).
    pub root: PathBuf,
    /// The output folder; relative paths are taken from the site root.
    pub output: PathBuf,
    /// Overrides site.yaml's base_url.
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// What a successful build did, for the summary line and `--verbose`.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub counties: usize,
    pub reports: usize,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// The stages in order, with their times.
    pub stages: Vec<Stage>,
}

/// One stage of a build, for `--verbose`.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The catalogue entry naming the stage (`stage-load`).
    pub name: &'static str,
    pub time: Duration,
    /// The process's peak resident memory at the end of the stage, in bytes
    /// (Linux; `None` elsewhere).
    pub peak_memory: Option<u64>,
}

impl Stage {
    pub fn new(name: &'static str, time: Duration) -> Stage {
        Stage {
            name,
            time,
            peak_memory: peak_memory(),
        }
    }
}

/// VmHWM from /proc/self/status: the most memory the process has held.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Why a build stopped.
#[derive(Debug)]
pub enum Failure {
    /// The content has errors (exit 1): all of them.
    Content(Vec<Diagnostic>),
    /// The command line asked for something impossible (exit 2).
    Usage(Text),
}

/// Loads, validates and renders into `out`. Shared by `build` and `check`.
fn run(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    out: &dyn Output,
    stages: &mut Vec<Stage>,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let t = Instant::now();
    let loaded = content::load(root, drafts);
    stages.push(Stage::new("stage-load", t.elapsed()));
    let Some(mut site) = loaded.site else {
        let mut diagnostics = loaded.diagnostics;
        diagnostics.extend(render::links_without_site(root));
        diagnostics::sort(&mut diagnostics);
        return Err(diagnostics);
    };
    if let Some(url) = base_url {
        site.config
            .set_base_url(url)
            .map_err(|m| vec![base_url_error(m)])?;
    }
    let t = Instant::now();
    let theme = theme::load(root, &site.config)?;
    stages.push(Stage::new("stage-theme", t.elapsed()));
    let site = Arc::new(site);
    let mut diagnostics = render::render(site.clone(), Arc::new(theme), out, stages);
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics::sort(&mut diagnostics);
        return Err(diagnostics);
    }
    Ok((Arc::unwrap_or_clone(site), loaded.diagnostics))
}

/// A `--base-url` (or serve's address) that is no base URL, as an error of
/// the command line. `reason` says what is wrong with it.
pub fn base_url_error(reason: impl Into<crate::messages::Arg>) -> Diagnostic {
    Diagnostic::error(
        "(command line)",
        Pos::new(1, 1),
        Text::new("cmd-base-url-invalid").arg("reason", reason),
    )
}

/// `pilotsite build`: the whole site into `options.output`, or nothing.
pub fn build(options: &BuildOptions) -> Result<Summary, Failure> {
    // A bad --base-url is a usage error (exit 2), found before any work.
    if let Some(url) = &options.base_url {
        content::base_path_of(url)
            .map_err(|m| Failure::Usage(text!("cmd-base-url-invalid", reason = m)))?;
    }
    let output = resolve_output(&options.root, &options.output)?;
    let staging = Staging::new(&output).map_err(|e| {
        let reason = if e.path == output {
            io_reason(&e.error)
        } else {
            e.text()
        };
        Failure::Content(vec![Diagnostic::error(
            "(output)",
            Pos::new(1, 1),
            text!(
                "output-cannot-build-into",
                path = output.display().to_string(),
                reason = reason
            ),
        )])
    })?;
    let mut stages = Vec::new();
    let (site, warnings) = run(
        &options.root,
        options.base_url.as_deref(),
        options.drafts,
        &staging,
        &mut stages,
    )
    .map_err(Failure::Content)?;
    let t = Instant::now();
    staging.commit().map_err(|e| {
        Failure::Content(vec![Diagnostic::error(
            "(output)",
            Pos::new(1, 1),
            text!(
                "output-cannot-replace",
                path = output.display().to_string(),
                reason = io_reason(&e)
            ),
        )])
    })?;
    stages.push(Stage::new("stage-swap", t.elapsed()));
    Ok(Summary {
        counties: site.counties.len(),
        reports: site.reports.len(),
        pages: site.pages.len(),
        warnings,
        stages,
    })
}

/// `pilotsite check`: everything `build` checks, writing nothing, and the
/// data-quality warnings. Returns all diagnostics (errors and warnings).
pub fn check(root: &Path, drafts: bool) -> Vec<Diagnostic> {
    match run(root, None, drafts, &Discard, &mut Vec::new()) {
        Ok((site, mut warnings)) => {
            warnings.extend(content::data_quality(&site));
            diagnostics::sort(&mut warnings);
            warnings
        }
        Err(diagnostics) => diagnostics,
    }
}

/// The output folder, made absolute, refused where a build would destroy
/// the site: the root itself, content/, static/, themes/, or any folder
/// that contains one of them.
fn resolve_output(root: &Path, output: &Path) -> Result<PathBuf, Failure> {
    let root_abs = absolute(root);
    let out = if output.is_absolute() {
        normalise(output)
    } else {
        normalise(&root_abs.join(output))
    };
    let protected = ["content", "static", "themes"];
    if root_abs.starts_with(&out) {
        return Err(Failure::Usage(text!(
            "cmd-output-contains-site",
            path = out.display().to_string()
        )));
    }
    for dir in protected {
        let d = root_abs.join(dir);
        if out.starts_with(&d) {
            return Err(Failure::Usage(text!(
                "cmd-output-inside-site",
                path = out.display().to_string(),
                folder = dir
            )));
        }
    }
    Ok(out)
}

fn absolute(p: &Path) -> PathBuf {
    let p = p.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    });
    normalise(&p)
}

/// Resolves `.` and `..` without touching the disk (the output may not exist).
fn normalise(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}
