use pilotsite::serve::{Options, ServeError, run as serve};

use crate::cli::{Cli, ServeArgs};

pub fn run(cli: &Cli, args: &ServeArgs) -> u8 {
    let options = Options {
        root: cli.root.clone(),
        interface: args.interface.clone(),
        port: args.port,
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        open: args.open,
        quiet: cli.quiet,
        lang: cli.lang.map(Into::into),
    };
    match serve(options) {
        Ok(()) => 0,
        Err(ServeError::Address(message)) => {
            eprintln!("error: {}", message.render(cli.language()));
            super::USAGE_ERROR
        }
        Err(ServeError::Other(message)) => {
            eprintln!("error: {}", message.render(cli.language()));
            super::CONTENT_ERROR
        }
    }
}
