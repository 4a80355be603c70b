use pilotsite::build::check;
use pilotsite::diagnostics;
use pilotsite::messages;

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
                let workspace = std::env::var_os("GITHUB_WORKSPACE");
                let prefix = diagnostics::workspace_prefix(&cli.root, workspace.as_deref());
                print!("{}", diagnostics::render_github(&diags, lang, &prefix));
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
