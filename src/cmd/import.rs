use pilotsite::diagnostics::{self, Diagnostic};
use pilotsite::import::{self, ImportError};
use pilotsite::messages::{self, Language};
use pilotsite::text;

use crate::cli::{Cli, Format, ImportArgs};

pub fn run(cli: &Cli, args: &ImportArgs) -> u8 {
    let lang = cli.language();
    let shown = args.file.display().to_string();
    let plan = match import::plan(&cli.root, &args.file, &shown, args.period.as_deref()) {
        Ok(plan) => plan,
        Err(ImportError::File(message)) => {
            super::print_error(&message, lang);
            return super::USAGE_ERROR;
        }
        Err(ImportError::Content(diags)) => {
            print_problems(cli, args.format, &diags, lang);
            return super::CONTENT_ERROR;
        }
    };
    let config = pilotsite::content::read_config(&cli.root).ok();
    if !cli.quiet
        && let Some(config) = &config
    {
        for change in &plan.changes {
            let lines = import::describe(config, change);
            let shown: Vec<&pilotsite::messages::Text> = if args.dry_run {
                lines.iter().collect()
            } else {
                lines.iter().take(1).collect()
            };
            for line in shown {
                println!("{}", diagnostics::printable(&line.render(lang)));
            }
        }
    }
    let figures: usize = plan.changes.iter().map(|c| c.figures()).sum();
    let created = plan.changes.iter().filter(|c| c.created).count();
    let summary = text!(
        "import-summary",
        dry_run = if args.dry_run { "yes" } else { "no" },
        figures = figures,
        reports = plan.changes.len(),
        created = created,
        unchanged = plan.unchanged
    );
    if args.dry_run {
        println!("{}", summary.render(lang));
        return 0;
    }
    match import::write(&cli.root, &plan) {
        Ok(()) => {
            if !cli.quiet {
                println!("{}", summary.render(lang));
            }
            0
        }
        Err(failure) => {
            let none = messages::ui(lang, "import-none", &[]);
            let list = |files: &[String]| {
                if files.is_empty() {
                    none.clone()
                } else {
                    files.join(", ")
                }
            };
            super::print_error(
                &text!(
                    "import-write-failed",
                    reason = failure.reason,
                    written = list(&failure.written),
                    not_written = list(&failure.not_written)
                ),
                lang,
            );
            super::CONTENT_ERROR
        }
    }
}

/// Problems printed as `check` prints them.
fn print_problems(cli: &Cli, format: Option<Format>, diags: &[Diagnostic], lang: Language) {
    let format = format.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
            Format::Github
        } else {
            Format::Human
        }
    });
    match format {
        Format::Json => println!("{}", diagnostics::render_json(diags, lang)),
        Format::Human | Format::Github => {
            eprint!("{}", diagnostics::render_human(diags, &cli.root, lang));
            if format == Format::Github {
                let workspace = std::env::var_os("GITHUB_WORKSPACE");
                let prefix = diagnostics::workspace_prefix(&cli.root, workspace.as_deref());
                print!("{}", diagnostics::render_github(diags, lang, &prefix));
            }
            eprintln!("{}", diagnostics::summary(diags, lang));
            eprintln!("{}", messages::ui(lang, "import-nothing-written", &[]));
        }
    }
}
