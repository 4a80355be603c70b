//! YAML parsing and site.yaml validation, in memory.
//!
//! The brief was the whole path of a report (front matter split, YAML,
//! validation against a fixed config), but the library has no public entry
//! point that validates a report from text: `content::parse_file` reads
//! the file from disk and `documents`/`frontmatter` are private. So this
//! target fuzzes the two in-memory entry points there are: `yaml::parse`
//! on the input, and `content::parse_config` on the input as site.yaml.
//! `report_file` covers report validation through a file in a temporary
//! folder until an in-memory entry point exists.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pilotsite::diagnostics::Diagnostic;

fn check_positions(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(d.line >= 1 && d.col >= 1, "position below 1:1: {d:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = pilotsite_fuzz::text(data) else {
        return;
    };
    if let Err(e) = pilotsite::yaml::parse(text) {
        assert!(e.pos.line >= 1 && e.pos.col >= 1, "{e:?}");
    }
    // As site.yaml; a valid config must keep the invariants the rest of
    // the pipeline relies on.
    match pilotsite::content::parse_config("site.yaml", text) {
        Ok(config) => {
            if let Some(b) = config.baseline {
                assert!(b < config.periods.len());
            }
            for m in &config.metrics {
                match &m.derived {
                    Some(pilotsite::content::Derived::RatioOf(a, b)) => {
                        assert!(*a < config.metrics.len() && *b < config.metrics.len());
                    }
                    Some(pilotsite::content::Derived::SumOf(v)) => {
                        assert!(!v.is_empty(), "sum_of with no inputs: {}", m.id);
                        assert!(v.iter().all(|i| *i < config.metrics.len()));
                    }
                    None => {}
                }
            }
            let _ = pilotsite::schema::to_string(&config);
        }
        Err(d) => {
            check_positions(&d);
            for x in &d {
                let _ = x.headline();
                let _ = x.github_annotation();
            }
            let _ = pilotsite::diagnostics::render_json(&d);
        }
    }
});
