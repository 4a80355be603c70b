use pilotsite::content::read_config;
use pilotsite::example::cannot;
use pilotsite::{diagnostics, schema};

use crate::cli::{Cli, SchemaArgs};

pub fn run(cli: &Cli, args: &SchemaArgs) -> u8 {
    let lang = cli.language();
    let config = match read_config(&cli.root) {
        Ok(c) => c,
        Err(diags) => {
            eprint!("{}", diagnostics::render_human(&diags, &cli.root, lang));
            return super::CONTENT_ERROR;
        }
    };
    let text = schema::to_string(&config);
    let Some(output) = &args.output else {
        print!("{text}");
        return 0;
    };
    let path = if output.is_absolute() {
        output.clone()
    } else {
        cli.root.join(output)
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        super::print_error(&cannot("cmd-cannot-create-folder", parent, &e), lang);
        return super::USAGE_ERROR;
    }
    if let Err(e) = std::fs::write(&path, text) {
        super::print_error(&cannot("cmd-cannot-write", &path, &e), lang);
        return super::USAGE_ERROR;
    }
    if !cli.quiet {
        let typed = config
            .metrics
            .iter()
            .filter(|m| m.derived.is_none())
            .count();
        let done = pilotsite::text!(
            "schema-done",
            path = output.display().to_string(),
            metrics = typed
        );
        println!("{}", done.render(lang));
    }
    0
}
