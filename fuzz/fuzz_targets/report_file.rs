//! Report, county profile and page validation, through `content::parse_file`
//! and `content::assemble`.
//!
//! A stopgap: `parse_file` reads the file from disk, and there is no public
//! function that validates a content file from text. Each input is written
//! once to a file in a per-process temporary folder (tmpfs where there is
//! one), hard-linked as a report of county `alpha`, the profile of county
//! `beta` and a free page, so one write feeds all three readers. `alpha`
//! has a fixed valid profile, so `assemble` runs the cross-file checks and
//! computes derived values for the fuzzed report; a site it returns must
//! hold only finite values (one known exception, below). The diagnostics
//! are then rendered for a terminal (annotate-snippets excerpts of the
//! fuzzed text), which is what `pilotsite check` prints.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pilotsite::content::{ParsedFile, assemble, parse_file};

const ALPHA_PROFILE: &str = "content/counties/alpha/_index.md";
const REPORT: &str = "content/counties/alpha/2018.md";
const BETA_PROFILE: &str = "content/counties/beta/_index.md";
const PAGE: &str = "content/pages/about.md";

struct Setup {
    root: PathBuf,
    alpha: ParsedFile,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let base = if shm.is_dir() {
            shm
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("pilotsite-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in [
            "content/counties/alpha",
            "content/counties/beta",
            "content/pages",
        ] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        let profile =
            std::fs::read_to_string(format!("{}/{ALPHA_PROFILE}", pilotsite_fuzz::MINIMAL))
                .unwrap();
        std::fs::write(root.join(ALPHA_PROFILE), profile).unwrap();
        std::fs::write(root.join(REPORT), "").unwrap();
        std::fs::hard_link(root.join(REPORT), root.join(BETA_PROFILE)).unwrap();
        std::fs::hard_link(root.join(REPORT), root.join(PAGE)).unwrap();
        let alpha = parse_file(&root, ALPHA_PROFILE, pilotsite_fuzz::config());
        Setup { root, alpha }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = pilotsite_fuzz::text(data) else {
        return;
    };
    let config = pilotsite_fuzz::config();
    let Setup { root, alpha } = setup();
    // Truncates and rewrites the shared inode, so all three names see it.
    std::fs::write(root.join(REPORT), text).unwrap();
    let report = parse_file(root, REPORT, config);
    let beta = parse_file(root, BETA_PROFILE, config);
    let page = parse_file(root, PAGE, config);
    // Sorted by path, as `load` passes them: the report with its county's
    // profile (so a valid report makes a site), then the other two.
    let with_report = assemble(root, config.clone(), &[&report, alpha], true);
    let others = assemble(root, config.clone(), &[alpha, &beta, &page], true);
    for loaded in [&with_report, &others] {
        for d in &loaded.diagnostics {
            assert!(d.line >= 1 && d.col >= 1, "position below 1:1: {d:?}");
        }
        let _ = pilotsite::diagnostics::render_human(&loaded.diagnostics, root);
    }
    if let Some(site) = &with_report.site {
        // A site is only returned when every value obeys its metric. Known
        // and reported: a `sum_of` of large counts overflows to infinity and
        // is accepted (content/load.rs checks only the sign and bounds), so
        // derived values are checked only with PILOTSITE_FUZZ_STRICT set,
        // to let the fuzzer look past that one.
        let strict = std::env::var_os("PILOTSITE_FUZZ_STRICT").is_some();
        for r in &site.reports {
            for (m, v) in site.config.metrics.iter().zip(&r.values) {
                if let Some(v) = v
                    && (strict || m.derived.is_none())
                {
                    assert!(v.is_finite(), "`{}` is {v} in a valid site", m.id);
                }
            }
        }
    }
});
