use pilotsite::diagnostics;
use pilotsite::example::{NewReportError, new_report};

use crate::cli::{Cli, NewReportArgs};

pub fn run(cli: &Cli, args: &NewReportArgs) -> u8 {
    match new_report(&cli.root, &args.county, &args.period) {
        Ok(rel) => {
            if !cli.quiet {
                println!(
                    "created {rel}: fill in the figures (null means not reported) and the text"
                );
            }
            0
        }
        Err(NewReportError::Content(diags)) => {
            eprint!(
                "{}",
                diagnostics::render_human(&diags, &cli.root, cli.language())
            );
            super::CONTENT_ERROR
        }
        Err(NewReportError::Usage(message)) => {
            eprintln!("error: {message}");
            super::USAGE_ERROR
        }
    }
}
