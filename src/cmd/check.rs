use std::path::Path;

use pilotsite::build::check;
use pilotsite::diagnostics::{self, Diagnostic};
use pilotsite::messages::{self, Language};

use crate::cli::{CheckArgs, Cli, Format};

pub fn run(cli: &Cli, args: &CheckArgs) -> u8 {
    let format = args.format.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
            Format::Github
        } else {
            Format::Human
        }
    });
    let diags = check(&cli.root, args.drafts);
    let lang = cli.language();
    let failed = diags.iter().any(|d| d.is_error());
    match format {
        Format::Json => println!("{}", diagnostics::render_json(&diags, lang)),
        Format::Human | Format::Github => {
            eprint!("{}", diagnostics::render_human(&diags, &cli.root, lang));
            if format == Format::Github {
                print!("{}", github(&diags, &cli.root, lang));
            }
            if !cli.quiet || failed {
                if diags.is_empty() {
                    eprintln!("{}", messages::ui(lang, "no-problems", &[]));
                } else {
                    eprintln!("{}", diagnostics::summary(&diags, lang));
                }
            }
        }
    }
    if failed { super::CONTENT_ERROR } else { 0 }
}

/// The workflow commands for GitHub: every error, then every warning
/// (GitHub shows the first ten of each kind on a pull request, so an error
/// must never wait behind warnings), then one notice with the counts.
fn github(diags: &[Diagnostic], root: &Path, lang: Language) -> String {
    let prefix = workspace_prefix(root);
    let mut out = String::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        out.push_str(&d.github_annotation(lang, &prefix));
        out.push('\n');
    }
    for d in diags.iter().filter(|d| !d.is_error()) {
        out.push_str(&d.github_annotation(lang, &prefix));
        out.push('\n');
    }
    if !diags.is_empty() {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        out.push_str(&format!(
            "::notice title=pilotsite check::{}\n",
            messages::ui(
                lang,
                "github-summary",
                &[
                    ("errors", errors.into()),
                    ("warnings", (diags.len() - errors).into())
                ]
            )
            .replace('%', "%25")
        ));
    }
    out
}

/// The site's folder inside the repository, `/`-terminated (`docs/site/`),
/// or `""` when the site is the repository (or `GITHUB_WORKSPACE` is not
/// set or does not contain it): GitHub places annotations by paths from
/// the repository root.
fn workspace_prefix(root: &Path) -> String {
    let Some(workspace) = std::env::var_os("GITHUB_WORKSPACE").filter(|w| !w.is_empty()) else {
        return String::new();
    };
    let (Ok(workspace), Ok(root)) = (Path::new(&workspace).canonicalize(), root.canonicalize())
    else {
        return String::new();
    };
    match root.strip_prefix(&workspace) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            format!("{}/", parts.join("/"))
        }
        _ => String::new(),
    }
}
