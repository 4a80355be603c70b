use pilotsite::messages::{self, explain};

use crate::cli::{Cli, ExplainArgs};

pub fn run(cli: &Cli, args: &ExplainArgs) -> u8 {
    let lang = cli.language();
    match explain::explain(&args.code, lang) {
        Some(text) => {
            print!("{text}");
            0
        }
        None => {
            eprintln!(
                "error: {}",
                messages::ui(
                    lang,
                    "explain-unknown",
                    &[("code", diagnostics_safe(&args.code).into())]
                )
            );
            super::USAGE_ERROR
        }
    }
}

fn diagnostics_safe(code: &str) -> String {
    pilotsite::diagnostics::shorten(&pilotsite::diagnostics::printable(code)).into_owned()
}
