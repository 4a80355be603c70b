use pilotsite::content::read_config;
use pilotsite::{diagnostics, schema};

use crate::cli::{Cli, SchemaArgs};

pub fn run(cli: &Cli, args: &SchemaArgs) -> u8 {
    let config = match read_config(&cli.root) {
        Ok(c) => c,
        Err(diags) => {
            eprint!(
                "{}",
                diagnostics::render_human(&diags, &cli.root, cli.language())
            );
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
        eprintln!("error: cannot create {}: {e}", parent.display());
        return super::USAGE_ERROR;
    }
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return super::USAGE_ERROR;
    }
    if !cli.quiet {
        println!(
            "wrote {}: the JSON Schema of report front matter ({} typed metrics)",
            output.display(),
            config
                .metrics
                .iter()
                .filter(|m| m.derived.is_none())
                .count()
        );
    }
    0
}
