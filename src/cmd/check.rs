use pilotsite::build::check;
use pilotsite::diagnostics;

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
    let failed = diags.iter().any(|d| d.is_error());
    match format {
        Format::Json => println!("{}", diagnostics::render_json(&diags)),
        Format::Human | Format::Github => {
            eprint!("{}", diagnostics::render_human(&diags, &cli.root));
            if format == Format::Github {
                for d in &diags {
                    println!("{}", d.github_annotation());
                }
            }
            if !cli.quiet || failed {
                if diags.is_empty() {
                    eprintln!("no problems found");
                } else {
                    eprintln!("{}", diagnostics::summary(&diags));
                }
            }
        }
    }
    if failed { super::CONTENT_ERROR } else { 0 }
}
