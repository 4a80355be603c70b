use pilotsite::build::{BuildOptions, Failure, build};
use pilotsite::{diagnostics, messages};

use crate::cli::{BuildArgs, Cli};

pub fn run(cli: &Cli, args: &BuildArgs) -> u8 {
    let started = std::time::Instant::now();
    let options = BuildOptions {
        root: cli.root.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
    };
    let outcome = build(&options);
    let lang = cli.language();
    match outcome {
        Ok(summary) => {
            if !summary.warnings.is_empty() && !cli.quiet {
                eprint!(
                    "{}",
                    diagnostics::render_human(&summary.warnings, &cli.root, lang)
                );
            }
            if cli.verbose {
                for stage in &summary.stages {
                    let name = messages::ui(lang, stage.name, &[]);
                    let line = match stage.peak_memory {
                        Some(b) => pilotsite::text!(
                            "build-stage-memory",
                            stage = name,
                            ms = format!("{:>8.1}", stage.time.as_secs_f64() * 1000.0),
                            mb = b / (1024 * 1024)
                        ),
                        None => pilotsite::text!(
                            "build-stage",
                            stage = name,
                            ms = format!("{:>8.1}", stage.time.as_secs_f64() * 1000.0)
                        ),
                    };
                    println!("  {}", line.render(lang));
                }
            }
            if !cli.quiet {
                println!(
                    "{}",
                    messages::ui(
                        lang,
                        "build-done",
                        &[
                            ("counties", summary.counties.into()),
                            ("reports", summary.reports.into()),
                            ("pages", summary.pages.into()),
                            ("output", args.output.display().to_string().into()),
                            ("ms", (started.elapsed().as_millis() as u64).into()),
                        ]
                    )
                );
            }
            0
        }
        Err(Failure::Content(diags)) => {
            eprint!("{}", diagnostics::render_human(&diags, &cli.root, lang));
            eprintln!(
                "{}",
                messages::ui(
                    lang,
                    "build-failed",
                    &[("summary", diagnostics::summary(&diags, lang).into())]
                )
            );
            super::CONTENT_ERROR
        }
        Err(Failure::Usage(message)) => {
            super::print_error(&message, lang);
            super::USAGE_ERROR
        }
    }
}
