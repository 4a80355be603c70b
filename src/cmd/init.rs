use crate::cli::{Cli, InitArgs};

pub fn run(cli: &Cli, args: &InitArgs) -> u8 {
    let lang = cli.language();
    let dir = if args.dir.is_absolute() {
        args.dir.clone()
    } else {
        cli.root.join(&args.dir)
    };
    match pilotsite::example::init(&dir) {
        Ok(files) => {
            if !cli.quiet {
                let dir = dir.display().to_string();
                let done = pilotsite::text!("init-done", path = dir.as_str(), files = files.len());
                println!("{}", done.render(lang));
                let next = pilotsite::text!("init-next", path = dir);
                println!("{}", next.render(lang));
            }
            0
        }
        Err(message) => {
            super::print_error(&message, lang);
            super::USAGE_ERROR
        }
    }
}
