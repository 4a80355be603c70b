use pilotsite::build::{BuildOptions, Failure, build};
use pilotsite::diagnostics;

use crate::cli::{BuildArgs, Cli};

pub fn run(cli: &Cli, args: &BuildArgs) -> u8 {
    let started = std::time::Instant::now();
    let options = BuildOptions {
        root: cli.root.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
    };
    match build(&options) {
        Ok(summary) => {
            if !summary.warnings.is_empty() && !cli.quiet {
                eprint!(
                    "{}",
                    diagnostics::render_human(&summary.warnings, &cli.root)
                );
            }
            if cli.verbose {
                for stage in &summary.stages {
                    let memory = stage.peak_memory.map_or(String::new(), |b| {
                        format!("  (peak memory {} MB)", b / (1024 * 1024))
                    });
                    println!(
                        "  {:>8.1} ms  {}{memory}",
                        stage.time.as_secs_f64() * 1000.0,
                        stage.name
                    );
                }
            }
            if !cli.quiet {
                let plural = |n: usize, one: &str, many: &str| {
                    format!("{n} {}", if n == 1 { one } else { many })
                };
                println!(
                    "built {}, {} and {} into {} in {} ms",
                    plural(summary.counties, "county", "counties"),
                    plural(summary.reports, "report", "reports"),
                    plural(summary.pages, "free page", "free pages"),
                    args.output.display(),
                    started.elapsed().as_millis()
                );
            }
            0
        }
        Err(Failure::Content(diags)) => {
            eprint!("{}", diagnostics::render_human(&diags, &cli.root));
            eprintln!(
                "build failed: {}; the previous output is unchanged",
                diagnostics::summary(&diags)
            );
            super::CONTENT_ERROR
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            super::USAGE_ERROR
        }
    }
}
