use pilotsite::content::load;
use pilotsite::diagnostics;
use pilotsite::example::cannot;
use pilotsite::export::form::{find_county, find_period, typed_metrics};
use pilotsite::export::{FormScope, form_xlsx};

use crate::cli::{Cli, FormArgs};

pub fn run(cli: &Cli, args: &FormArgs) -> u8 {
    let lang = cli.language();
    let loaded = load(&cli.root, false);
    let Some(site) = loaded.site else {
        eprint!(
            "{}",
            diagnostics::render_human(&loaded.diagnostics, &cli.root, lang)
        );
        return super::CONTENT_ERROR;
    };
    let scope = find_period(&site.config, &args.period).and_then(|period| {
        let county = match &args.county {
            Some(c) => Some(find_county(&site, c)?),
            None => None,
        };
        Ok(FormScope { period, county })
    });
    let scope = match scope {
        Ok(s) => s,
        Err(text) => {
            super::print_error(&text, lang);
            return super::USAGE_ERROR;
        }
    };
    let bytes = match form_xlsx(&site, scope) {
        Ok(b) => b,
        Err(d) => {
            eprint!("{}", diagnostics::render_human(&[d], &cli.root, lang));
            return super::CONTENT_ERROR;
        }
    };
    let period = &site.config.periods[scope.period];
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| format!("form-{}.xlsx", period.id).into());
    let path = if output.is_absolute() {
        output.clone()
    } else {
        cli.root.join(&output)
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        super::print_error(&cannot("cmd-cannot-create-folder", parent, &e), lang);
        return super::USAGE_ERROR;
    }
    if let Err(e) = std::fs::write(&path, bytes) {
        super::print_error(&cannot("cmd-cannot-write", &path, &e), lang);
        return super::USAGE_ERROR;
    }
    if !cli.quiet {
        let counties = if scope.county.is_some() {
            1
        } else {
            site.counties.len()
        };
        let done = pilotsite::text!(
            "form-done",
            path = output.display().to_string(),
            period = period.label.as_str(),
            counties = counties,
            metrics = typed_metrics(&site.config).count()
        );
        println!("{}", done.render(lang));
    }
    0
}
