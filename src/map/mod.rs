//! Maps: the counties' shapes from the site's GeoJSON file, projected,
//! simplified and drawn as SVG at build time (SPEC 4.2).
//!
//! [`load`] reads the file named by site.yaml's `map:` block (`read`, with
//! positions found in the text by `locate`), matches its features to
//! counties and projects them (`project`); [`Shapes`] holds each county's
//! outline in a box whose longer side is 1, ready to be fitted and
//! simplified for any drawing size. The three maps (where the pilots are,
//! a metric's choropleth, a county's locator) are chart kinds: `draw` lays
//! them out, says them in words and draws them; `label` places county
//! names. Only [`load`] does I/O (reading the one file); nothing here
//! knows HTML.

pub mod draw;
pub mod label;
mod locate;
pub mod project;
mod read;

use std::path::Path;

use rayon::prelude::*;

use crate::content::{County, MapConfig};
use crate::diagnostics::Diagnostic;

pub use project::{Polygon, Projection, Ring};
pub use read::MAX_BYTES;

/// Every county's outline, by county index (`None`: no shape for it).
#[derive(Debug, Clone, PartialEq)]
pub struct Shapes {
    /// By index into `Site::counties`.
    pub counties: Vec<Option<Outline>>,
    /// The projected extent: width and height, the larger of them 1.
    pub width: f64,
    pub height: f64,
    /// How longitude and latitude were projected.
    pub projection: Projection,
}

/// How much detail a drawing can show: the large map of a wide or narrow
/// drawing, or the small locator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Wide,
    Narrow,
    Small,
}

impl Detail {
    pub const ALL: [Detail; 3] = [Detail::Wide, Detail::Narrow, Detail::Small];
}

/// One county's outline: polygons (an outer ring, then holes), projected
/// into the unit box, x to the right and y downwards, at the file's full
/// detail. Drawn even-odd, so holes and islands come out right whatever
/// the rings' orientation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub polygons: Vec<Polygon>,
    /// The same simplified for each [`Detail`] (in its order), still in
    /// unit coordinates: simplified once, drawn on many pages.
    pub simplified: [Vec<Polygon>; 3],
}

impl Outline {
    pub fn at(&self, detail: Detail) -> &[Polygon] {
        &self.simplified[detail as usize]
    }
}

/// Reads `config.file` (relative to `root`) and gives each of `counties`
/// its shape. Problems in the file are errors located in it (then no
/// shapes); a shape that names no county, and a county without a shape,
/// are warnings.
pub fn load(
    root: &Path,
    config: &MapConfig,
    counties: &[County],
) -> (Option<Shapes>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let Some(read) = read::read(root, config, counties, &mut diagnostics) else {
        return (None, diagnostics);
    };
    (Some(shapes(&read.counties)), diagnostics)
}

/// Projects each county's polygons (longitude/latitude) into [`Shapes`].
pub fn shapes(counties: &[Vec<Polygon>]) -> Shapes {
    let extent = project::Extent::of(counties.iter().flatten().flatten().flatten());
    let projection = extent.map_or(
        Projection::Equirectangular {
            lon0: 0.0,
            cos_lat0: 1.0,
        },
        Projection::for_extent,
    );
    let (projected, width, height) = project::project_all(counties, projection);
    let counties = projected
        .into_par_iter()
        .map(|polygons| {
            if polygons.is_empty() {
                return None;
            }
            let simplified = Detail::ALL.map(|detail| {
                let (scale, tolerance) = draw::detail_scale(detail, width, height);
                project::simplify(&polygons, scale, tolerance)
            });
            Some(Outline {
                polygons,
                simplified,
            })
        })
        .collect();
    Shapes {
        counties,
        width,
        height,
        projection,
    }
}

#[cfg(test)]
mod tests;
