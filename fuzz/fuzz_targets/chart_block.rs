//! `chart::parse_block` on the input against the minimal site (loaded once
//! from tests/fixtures/minimal), outside a report and inside each county's
//! report. Every spec it accepts is then described and drawn as the build
//! does (`normalise`, then `path`, `figure` and `svg`), and also as parsed.
//!
//! The site and its values are fixed, so the specs a block can name are
//! few (metric x kind x county x period); `chart_draw` fuzzes the values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pilotsite::chart;

fuzz_target!(|data: &[u8]| {
    let Some(text) = pilotsite_fuzz::text(data) else {
        return;
    };
    let fixture = pilotsite_fuzz::fixture();
    let site = &fixture.site;
    let data = fixture.data();
    let owners = std::iter::once(None).chain((0..site.counties.len()).map(Some));
    // The same block often names the same chart whoever owns it: draw each once.
    let mut drawn = Vec::new();
    for own in owners {
        match chart::parse_block(text, site, own) {
            Ok((spec, _title)) => {
                assert!(spec.metric < site.config.metrics.len());
                assert!(spec.county.is_none_or(|c| c < site.counties.len()));
                assert!(spec.period.is_none_or(|p| p < site.config.periods.len()));
                let normal = chart::normalise(spec, &data);
                for s in [normal, spec] {
                    if drawn.contains(&s) {
                        continue;
                    }
                    drawn.push(s);
                    let figure = chart::figure(&s, &data);
                    for variant in chart::Variant::ALL {
                        let _ = chart::path(&s, site, variant);
                        let svg = chart::svg(&s, &data, variant);
                        assert!(svg.starts_with("<svg"), "{svg}");
                    }
                    assert!(!figure.title.is_empty());
                }
            }
            Err(e) => assert!(e.pos.line >= 1 && e.pos.col >= 1, "{e:?}"),
        }
    }
});
