use crate::cli::{Cli, InitArgs};

pub fn run(cli: &Cli, args: &InitArgs) -> u8 {
    let dir = if args.dir.is_absolute() {
        args.dir.clone()
    } else {
        cli.root.join(&args.dir)
    };
    match pilotsite::example::init(&dir) {
        Ok(files) => {
            if !cli.quiet {
                println!(
                    "created a site with the example content in {} ({} files)",
                    dir.display(),
                    files.len()
                );
                println!("next: cd {} && pilotsite build", dir.display());
            }
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            super::USAGE_ERROR
        }
    }
}
