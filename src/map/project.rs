//! From longitude and latitude to the page: projection, fitting a drawing
//! box, and simplifying outlines to what that box can show.
//!
//! **Projection.** A city or a province (at most 15° of latitude and 20°
//! of longitude) is drawn equirectangular: x is longitude times the cosine
//! of the middle latitude, y is latitude. Over such an extent that keeps
//! shapes and areas within a few per cent, needs no parameters, and is what
//! readers know from web maps at that scale. A larger extent (a whole
//! country) bends visibly under it and inflates the north, so it gets an
//! Albers equal-area conic with standard parallels at 1/6 and 5/6 of the
//! latitude range, centred on the extent: the projection national atlases
//! use for mid-latitude countries, true in area, so a choropleth does not
//! weigh northern counties more. (Near the equator the cone flattens; an
//! extent whose parallels cancel out falls back to equirectangular.) An
//! extent across the 180° meridian is not handled: it is drawn as wide as
//! the world.
//!
//! **Fitting.** [`Shapes`](super::Shapes) hold rings projected into a box
//! whose longer side is 1, north up; [`Fit`] scales that box into a
//! drawing box keeping its aspect ratio, centred.
//!
//! **Simplifying.** Each polygon is simplified with the topology-preserving
//! Visvalingam-Whyatt algorithm of the `geo` crate (a point goes when the
//! triangle it makes with its neighbours is smaller than the tolerance,
//! unless removing it would make the ring cross itself), at a tolerance in
//! square pixels of the drawing; islands and holes smaller than that area
//! go too, but a county always keeps its largest polygon. Pure.

use geo::{Area, SimplifyVwPreserve};

/// A closed ring of points (the first point is not repeated at the end).
pub type Ring = Vec<(f64, f64)>;

/// A polygon: its outer ring, then its holes (as GeoJSON gives them).
pub type Polygon = Vec<Ring>;

/// Latitude or longitude range beyond which a conic projection is used.
const MAX_LAT_SPAN: f64 = 15.0;
const MAX_LON_SPAN: f64 = 20.0;

/// A longitude/latitude range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub lon: (f64, f64),
    pub lat: (f64, f64),
}

impl Extent {
    /// The extent of `points` (`None` for none).
    pub fn of<'a>(points: impl IntoIterator<Item = &'a (f64, f64)>) -> Option<Extent> {
        let mut out: Option<Extent> = None;
        for &(lon, lat) in points {
            let e = out.get_or_insert(Extent {
                lon: (lon, lon),
                lat: (lat, lat),
            });
            e.lon = (e.lon.0.min(lon), e.lon.1.max(lon));
            e.lat = (e.lat.0.min(lat), e.lat.1.max(lat));
        }
        out
    }
}

/// How longitude and latitude become plane coordinates (x east, y north).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Projection {
    /// x = (λ − λ0) cos φ0, y = φ (degrees).
    Equirectangular { lon0: f64, cos_lat0: f64 },
    /// Albers equal-area conic on the sphere (radians).
    Albers {
        lon0: f64,
        n: f64,
        c: f64,
        rho0: f64,
    },
}

impl Projection {
    /// The projection for `extent` (see the module documentation).
    pub fn for_extent(extent: Extent) -> Projection {
        let lon0 = (extent.lon.0 + extent.lon.1) / 2.0;
        let lat0 = (extent.lat.0 + extent.lat.1) / 2.0;
        let lat_span = extent.lat.1 - extent.lat.0;
        let lon_span = extent.lon.1 - extent.lon.0;
        let flat = Projection::Equirectangular {
            lon0,
            cos_lat0: lat0.to_radians().cos().max(0.01),
        };
        if lat_span <= MAX_LAT_SPAN && lon_span <= MAX_LON_SPAN {
            return flat;
        }
        let phi1 = (extent.lat.0 + lat_span / 6.0).to_radians();
        let phi2 = (extent.lat.1 - lat_span / 6.0).to_radians();
        let n = (phi1.sin() + phi2.sin()) / 2.0;
        if n.abs() < 1e-3 {
            return flat;
        }
        let c = phi1.cos().powi(2) + 2.0 * n * phi1.sin();
        let rho0 = (c - 2.0 * n * lat0.to_radians().sin()).max(0.0).sqrt() / n;
        Projection::Albers { lon0, n, c, rho0 }
    }

    pub fn project(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        match *self {
            Projection::Equirectangular { lon0, cos_lat0 } => ((lon - lon0) * cos_lat0, lat),
            Projection::Albers { lon0, n, c, rho0 } => {
                let rho = (c - 2.0 * n * lat.to_radians().sin()).max(0.0).sqrt() / n;
                let theta = n * (lon - lon0).to_radians();
                (rho * theta.sin(), rho0 - rho * theta.cos())
            }
        }
    }
}

/// Projects every polygon and moves them into a box whose longer side is
/// 1, north up (y grows downwards, as on screen). Returns the polygons and
/// the box's width and height.
pub fn project_all(
    counties: &[Vec<Polygon>],
    projection: Projection,
) -> (Vec<Vec<Polygon>>, f64, f64) {
    let projected: Vec<Vec<Polygon>> = counties
        .iter()
        .map(|polys| {
            polys
                .iter()
                .map(|poly| {
                    poly.iter()
                        .map(|ring| ring.iter().map(|p| projection.project(*p)).collect())
                        .collect()
                })
                .collect()
        })
        .collect();
    let all = projected.iter().flatten().flatten().flatten();
    let Some(e) = Extent::of(all) else {
        return (projected, 1.0, 1.0);
    };
    let (w, h) = (e.lon.1 - e.lon.0, e.lat.1 - e.lat.0);
    let side = w.max(h);
    let side = if side > 0.0 && side.is_finite() {
        side
    } else {
        1.0
    };
    let moved = projected
        .into_iter()
        .map(|polys| {
            polys
                .into_iter()
                .map(|poly| {
                    poly.into_iter()
                        .map(|ring| {
                            ring.into_iter()
                                .map(|(x, y)| ((x - e.lon.0) / side, (e.lat.1 - y) / side))
                                .collect()
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    (moved, w / side, h / side)
}

/// Where a unit box of `width` × `height` goes in a drawing box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Pixels per unit.
    pub scale: f64,
    pub left: f64,
    pub top: f64,
    /// The size of the drawn map, in pixels.
    pub width: f64,
    pub height: f64,
}

impl Fit {
    /// Fits `width` × `height` into at most `max_w` × `max_h` pixels, at
    /// (`left`, `top`), keeping the aspect ratio; the map is centred
    /// across `max_w` and starts at `top`.
    pub fn new(width: f64, height: f64, (left, top): (f64, f64), max_w: f64, max_h: f64) -> Fit {
        let (width, height) = (width.max(1e-9), height.max(1e-9));
        let scale = (max_w / width).min(max_h / height);
        let (w, h) = (width * scale, height * scale);
        Fit {
            scale,
            left: left + (max_w - w) / 2.0,
            top,
            width: w,
            height: h,
        }
    }

    pub fn apply(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (self.left + x * self.scale, self.top + y * self.scale)
    }
}

/// `polygons` (in unit coordinates) simplified for drawing at `scale`
/// pixels per unit with a tolerance of `tolerance` square pixels: still in
/// unit coordinates, rings closed (the first point not repeated),
/// polygons smaller than twice the tolerance dropped (except the largest),
/// holes too.
pub fn simplify(polygons: &[Polygon], scale: f64, tolerance: f64) -> Vec<Polygon> {
    let scale = if scale > 0.0 && scale.is_finite() {
        scale
    } else {
        1.0
    };
    let eps = tolerance / (scale * scale);
    let px2 = |a: f64| a * scale * scale;
    let mut simplified: Vec<(f64, Polygon)> = polygons
        .iter()
        .filter_map(|poly| {
            let mut rings = poly.iter().map(to_line);
            let exterior = rings.next()?;
            let polygon = geo::Polygon::new(exterior, rings.collect());
            let s = polygon.simplify_vw_preserve(eps);
            let area = px2(s.unsigned_area());
            let mut out = vec![from_line(s.exterior())];
            for hole in s.interiors() {
                let hole_area = px2(geo::Polygon::new(hole.clone(), vec![]).unsigned_area());
                if hole_area >= tolerance * 2.0 {
                    out.push(from_line(hole));
                }
            }
            out.retain(|r| r.len() >= 3);
            (!out.is_empty()).then_some((area, out))
        })
        .collect();
    let largest = simplified
        .iter()
        .map(|(a, _)| *a)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut kept_largest = false;
    simplified.retain(|(a, _)| {
        if *a == largest && !kept_largest {
            kept_largest = true;
            return true;
        }
        *a >= tolerance * 2.0
    });
    simplified.into_iter().map(|(_, p)| p).collect()
}

/// `polygons` in unit coordinates placed by `fit`, in pixels.
pub fn place(polygons: &[Polygon], fit: &Fit) -> Vec<Polygon> {
    polygons
        .iter()
        .map(|poly| {
            poly.iter()
                .map(|ring| ring.iter().map(|p| fit.apply(*p)).collect())
                .collect()
        })
        .collect()
}

fn to_line(ring: &Ring) -> geo::LineString<f64> {
    let mut points: Vec<geo::Coord<f64>> = ring
        .iter()
        .map(|&(x, y)| geo::coord! {x: x, y: y})
        .collect();
    if let Some(first) = points.first().copied() {
        points.push(first);
    }
    geo::LineString::new(points)
}

fn from_line(line: &geo::LineString<f64>) -> Ring {
    let mut ring: Ring = line.coords().map(|c| (c.x, c.y)).collect();
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    ring
}

/// Whether `p` is inside `rings` by the even-odd rule (as the SVG fills
/// them): inside an odd number of rings.
pub fn inside(rings: &[&Ring], (x, y): (f64, f64)) -> bool {
    let mut odd = false;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (x1, y1) = ring[i];
            let (x2, y2) = ring[(i + 1) % n];
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) / (y2 - y1) * (x2 - x1) {
                odd = !odd;
            }
        }
    }
    odd
}

/// The distance from `p` to the nearest edge of `rings`.
pub fn edge_distance(rings: &[&Ring], (x, y): (f64, f64)) -> f64 {
    let mut best = f64::INFINITY;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (ax, ay) = ring[i];
            let (bx, by) = ring[(i + 1) % n];
            let (dx, dy) = (bx - ax, by - ay);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (px, py) = (ax + t * dx - x, ay + t * dy - y);
            best = best.min(px * px + py * py);
        }
    }
    best.sqrt()
}

/// The area of a ring (shoelace, unsigned).
pub fn ring_area(ring: &Ring) -> f64 {
    let n = ring.len();
    let mut s = 0.0;
    for i in 0..n {
        let (x1, y1) = ring[i];
        let (x2, y2) = ring[(i + 1) % n];
        s += x1 * y2 - x2 * y1;
    }
    (s / 2.0).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, s: f64, clockwise: bool) -> Ring {
        let mut r = vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s)];
        if clockwise {
            r.reverse();
        }
        r
    }

    #[test]
    fn a_city_is_equirectangular_and_a_country_conic() {
        let city = Extent {
            lon: (119.5, 121.0),
            lat: (32.5, 34.5),
        };
        let Projection::Equirectangular { cos_lat0, .. } = Projection::for_extent(city) else {
            panic!("a city is drawn equirectangular");
        };
        assert!((cos_lat0 - 33.5f64.to_radians().cos()).abs() < 1e-12);
        let country = Extent {
            lon: (73.0, 135.0),
            lat: (18.0, 53.0),
        };
        let p = Projection::for_extent(country);
        assert!(matches!(p, Projection::Albers { .. }), "{p:?}");
        // The centre of the extent is the origin; north is up; east is right.
        let (x, y) = p.project((104.0, 35.5));
        assert!(x.abs() < 1e-9 && y.abs() < 1e-9, "{x} {y}");
        assert!(p.project((104.0, 45.0)).1 > 0.0);
        assert!(p.project((120.0, 35.5)).0 > 0.0);
        // Equal area: two cells of one degree at the same latitude but far
        // apart in longitude have the same projected area.
        let cell = |lon: f64, lat: f64| {
            let r: Ring = [
                (lon, lat),
                (lon + 1.0, lat),
                (lon + 1.0, lat + 1.0),
                (lon, lat + 1.0),
            ]
            .iter()
            .map(|q| p.project(*q))
            .collect();
            ring_area(&r)
        };
        assert!((cell(80.0, 30.0) / cell(125.0, 30.0) - 1.0).abs() < 1e-9);
        // A one-degree cell at 50° is smaller than one at 20°, as on the globe.
        let ratio = cell(100.0, 50.0) / cell(100.0, 20.0);
        let globe = (50.5f64.to_radians().cos()) / (20.5f64.to_radians().cos());
        assert!((ratio - globe).abs() < 0.01, "{ratio} {globe}");
    }

    #[test]
    fn projected_shapes_fill_a_unit_box_north_up() {
        let north = vec![vec![square(120.0, 34.0, 0.5, false)]];
        let south = vec![vec![square(120.0, 33.0, 0.5, true)]];
        let p = Projection::for_extent(Extent {
            lon: (120.0, 120.5),
            lat: (33.0, 34.5),
        });
        let (out, w, h) = project_all(&[north, south], p);
        assert!((h - 1.0).abs() < 1e-12 && w < 1.0 && w > 0.2, "{w} {h}");
        let top_of = |c: &Vec<Polygon>| c[0][0].iter().map(|p| p.1).fold(f64::MAX, f64::min);
        assert!(
            top_of(&out[0]) < top_of(&out[1]),
            "north is drawn above south"
        );
        for p in out.iter().flatten().flatten().flatten() {
            assert!(p.0 >= -1e-12 && p.0 <= w + 1e-12 && p.1 >= -1e-12 && p.1 <= 1.0 + 1e-12);
        }
    }

    #[test]
    fn fitting_keeps_the_aspect_ratio_and_centres() {
        let f = Fit::new(0.5, 1.0, (8.0, 30.0), 700.0, 400.0);
        assert_eq!(f.scale, 400.0);
        assert_eq!((f.width, f.height), (200.0, 400.0));
        assert_eq!(f.left, 8.0 + 250.0);
        assert_eq!(f.apply((0.5, 1.0)), (458.0, 430.0));
        let f = Fit::new(1.0, 0.25, (0.0, 0.0), 200.0, 400.0);
        assert_eq!((f.width, f.height), (200.0, 50.0));
    }

    #[test]
    fn simplified_rings_stay_closed_inside_the_box_and_keep_islands() {
        // A wiggly outline of 400 points, an island, a hole and a speck.
        let mut wiggly: Ring = (0..400)
            .map(|i| {
                let a = i as f64 / 400.0 * std::f64::consts::TAU;
                let r = 0.4 + 0.0002 * ((i * 7) % 5) as f64;
                (0.5 + r * a.cos(), 0.5 + r * a.sin())
            })
            .collect();
        wiggly.reverse();
        let hole = square(0.45, 0.45, 0.1, false);
        let island = square(0.92, 0.92, 0.06, true);
        let speck = square(0.0, 0.0, 0.0001, false);
        let polys = vec![vec![wiggly, hole], vec![island], vec![speck]];
        let fit = Fit::new(1.0, 1.0, (10.0, 10.0), 300.0, 300.0);
        let out = place(&simplify(&polys, fit.scale, 0.5), &fit);
        assert_eq!(out.len(), 2, "the speck goes, the island stays");
        assert_eq!(out[0].len(), 2, "the hole stays");
        assert!(out[0][0].len() < 200, "{} points", out[0][0].len());
        for ring in out.iter().flatten() {
            assert!(ring.len() >= 3);
            assert_ne!(
                ring.first(),
                ring.last(),
                "closed by the path, not repeated"
            );
            for &(x, y) in ring {
                assert!((10.0..=310.0).contains(&x) && (10.0..=310.0).contains(&y));
            }
        }
        // Even-odd: the hole is outside, the island inside, whatever the
        // rings' directions.
        let rings: Vec<&Ring> = out.iter().flatten().collect();
        assert!(!inside(&rings, fit.apply((0.5, 0.5))));
        assert!(inside(&rings, fit.apply((0.2, 0.5))));
        assert!(inside(&rings, fit.apply((0.95, 0.95))));
        assert!(!inside(&rings, fit.apply((0.99, 0.5))));
    }

    #[test]
    fn a_county_keeps_its_largest_polygon_however_small() {
        let polys = vec![vec![square(0.0, 0.0, 0.001, false)]];
        let fit = Fit::new(1.0, 1.0, (0.0, 0.0), 100.0, 100.0);
        assert_eq!(simplify(&polys, fit.scale, 0.5).len(), 1);
    }
}
