use pilotsite::diagnostics;
use pilotsite::example::{NewReportError, new_report};

use crate::cli::{Cli, NewReportArgs};

pub fn run(cli: &Cli, args: &NewReportArgs) -> u8 {
    let lang = cli.language();
    match new_report(&cli.root, &args.county, &args.period) {
        Ok(rel) => {
            if !cli.quiet {
                println!(
                    "{}",
                    pilotsite::text!("new-report-done", path = rel).render(lang)
                );
            }
            0
        }
        Err(NewReportError::Content(diags)) => {
            eprint!("{}", diagnostics::render_human(&diags, &cli.root, lang));
            super::CONTENT_ERROR
        }
        Err(NewReportError::Usage(message)) => {
            super::print_error(&message, lang);
            super::USAGE_ERROR
        }
    }
}
