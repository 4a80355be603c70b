//! What the fuzz targets share: the minimal test site, loaded once per
//! process, and the conversion of the fuzzer's bytes to text.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use pilotsite::content::{Config, Site, parse_config};
use pilotsite::stats::{self, Panel, Stats};

/// The repository's small valid site.
pub const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/minimal");

/// Its site.yaml, embedded so the config targets never read the disk.
pub const SITE_YAML: &str = include_str!("../../tests/fixtures/minimal/site.yaml");

/// Every entry point takes `&str`, and `files::read_text` rejects a file
/// that is not UTF-8 before anything parses it, so inputs that are not
/// UTF-8 cannot reach the code under test: they are skipped, not
/// converted lossily (which would only feed U+FFFD-laden text that the
/// fuzzer can produce directly, and map many inputs onto one).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The minimal site's config, parsed once.
pub fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| match parse_config("site.yaml", SITE_YAML) {
        Ok(c) => c,
        Err(d) => panic!("the minimal fixture's site.yaml does not parse: {d:?}"),
    })
}

/// The minimal site with its panel and statistics, loaded once.
pub struct Fixture {
    pub site: Site,
    pub panel: Panel,
    pub stats: Stats,
    pub strings: BTreeMap<String, String>,
}

pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let loaded = pilotsite::content::load(Path::new(MINIMAL), false);
        let Some(site) = loaded.site else {
            panic!(
                "the minimal fixture does not load: {:?}",
                loaded.diagnostics
            );
        };
        let panel = Panel::from_site(&site);
        let stats = stats::compute(&panel, site.config.baseline);
        Fixture {
            site,
            panel,
            stats,
            strings: BTreeMap::new(),
        }
    })
}

impl Fixture {
    pub fn data(&self) -> pilotsite::chart::Data<'_> {
        pilotsite::chart::Data {
            site: &self.site,
            panel: &self.panel,
            stats: &self.stats,
            strings: &self.strings,
        }
    }
}
