//! Maps: the counties' shapes from the site's GeoJSON file, projected,
//! simplified and drawn as SVG at build time (SPEC 4.2).
//!
//! [`load`] reads the file named by site.yaml's `map:` block and matches
//! its features to counties; [`Shapes`] holds each county's outline,
//! projected into a unit box and ready to draw at any size. Drawing (the
//! pilots map, a metric's choropleth, a county's locator) is in `draw`.
//! No I/O but reading the one file; nothing here knows HTML.

use crate::diagnostics::Diagnostic;

/// Every county's outline, by county index (`None`: no shape for it).
#[derive(Debug, Clone, PartialEq)]
pub struct Shapes {
    /// By index into `Site::counties`.
    pub counties: Vec<Option<Outline>>,
}

/// One county's outline: rings in drawing units, filled even-odd (holes and
/// islands whatever their orientation).
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// Placeholder until the loader lands: reads nothing.
pub fn load_placeholder() -> (Option<Shapes>, Vec<Diagnostic>) {
    (None, Vec::new())
}
