//! County names on a map: each on its shape where it fits, else beside
//! it, never overlapping another name, else left out (the county is still
//! named by its `<title>` and in the table).
//!
//! A shape's candidate places are the points of a grid over it that lie
//! inside (even-odd), best first by their distance from the nearest edge:
//! the first is close to the pole of inaccessibility, the point a name
//! sits most comfortably on, and in a county of several islands it falls
//! in the largest. A name's box (estimated with `svg::text_box`) is tried
//! at places wholly inside its shape first, then where at least 60 % of
//! it is inside, then beside the shape (right, left, below, above);
//! larger counties choose first, so small ones move rather than large.

use super::project::{Ring, edge_distance, inside, ring_area};
use crate::svg::{Anchor, Boxed, text_box};

/// Grid cells across a shape's longer side when looking for places.
const GRID: usize = 24;
/// Space kept between two names, in pixels.
const GAP: f64 = 2.0;

/// A name to place: its shape in pixels and its text.
pub struct Wanted<'a> {
    pub rings: Vec<&'a Ring>,
    pub text: String,
}

/// A name placed: centred on (x, y).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Index into the `wanted` list.
    pub index: usize,
    pub x: f64,
    pub y: f64,
    pub boxed: (f64, f64, f64, f64),
}

fn bounds(rings: &[&Ring]) -> Option<(f64, f64, f64, f64)> {
    let mut it = rings.iter().flat_map(|r| r.iter());
    let &(x, y) = it.next()?;
    Some(it.fold((x, y, x, y), |(l, t, r, b), &(x, y)| {
        (l.min(x), t.min(y), r.max(x), b.max(y))
    }))
}

/// Places within the shape, best first.
fn inner_places(rings: &[&Ring]) -> Vec<(f64, f64)> {
    let Some((l, t, r, b)) = bounds(rings) else {
        return Vec::new();
    };
    let step = ((r - l).max(b - t) / GRID as f64).max(0.5);
    let mut places: Vec<((f64, f64), f64)> = Vec::new();
    let mut y = t + step / 2.0;
    while y < b {
        let mut x = l + step / 2.0;
        while x < r {
            if inside(rings, (x, y)) {
                places.push(((x, y), edge_distance(rings, (x, y))));
            }
            x += step;
        }
        y += step;
    }
    // Farthest from the edges first (to half a pixel), then nearest the
    // middle of the shape's box.
    let (cx, cy) = ((l + r) / 2.0, (t + b) / 2.0);
    let centre = |p: (f64, f64)| (p.0 - cx).powi(2) + (p.1 - cy).powi(2);
    places.sort_by(|a, b| {
        (b.1 * 2.0)
            .floor()
            .total_cmp(&(a.1 * 2.0).floor())
            .then(centre(a.0).total_cmp(&centre(b.0)))
            .then(a.0.1.total_cmp(&b.0.1))
            .then(a.0.0.total_cmp(&b.0.0))
    });
    places.into_iter().map(|(p, _)| p).collect()
}

/// The share of a name box that lies inside the shape, sampled on a
/// 5 × 3 grid.
fn share_inside(rings: &[&Ring], bx: &Boxed) -> f64 {
    let mut hits = 0;
    for i in 0..5 {
        for j in 0..3 {
            let x = bx.left + (bx.right - bx.left) * i as f64 / 4.0;
            let y = bx.top + (bx.bottom - bx.top) * j as f64 / 2.0;
            hits += usize::from(inside(rings, (x, y)));
        }
    }
    hits as f64 / 15.0
}

fn overlaps(a: &Boxed, b: &(f64, f64, f64, f64)) -> bool {
    a.left < b.2 + GAP && b.0 < a.right + GAP && a.top < b.3 + GAP && b.1 < a.bottom + GAP
}

/// Places the names of `wanted` at `px`, within `area` (left, top, right,
/// bottom), none overlapping another; a name that fits nowhere is left
/// out. In order of `wanted`.
pub fn place(wanted: &[Wanted], px: f64, area: (f64, f64, f64, f64)) -> Vec<Placed> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    let size = |w: &Wanted| w.rings.iter().map(|r| ring_area(r)).sum::<f64>();
    order.sort_by(|a, b| {
        size(&wanted[*b])
            .total_cmp(&size(&wanted[*a]))
            .then(a.cmp(b))
    });
    let mut placed: Vec<Placed> = Vec::new();
    for i in order {
        let w = &wanted[i];
        let Some((l, t, r, b)) = bounds(&w.rings) else {
            continue;
        };
        let half_h = px / 2.0 + GAP;
        let half_w = crate::svg::text_width(&w.text, px) / 2.0 + GAP;
        let inner = inner_places(&w.rings);
        let beside = [
            (r + half_w, (t + b) / 2.0),
            (l - half_w, (t + b) / 2.0),
            ((l + r) / 2.0, b + half_h),
            ((l + r) / 2.0, t - half_h),
        ];
        let free = |bx: &Boxed| {
            bx.left >= area.0
                && bx.top >= area.1
                && bx.right <= area.2
                && bx.bottom <= area.3
                && !placed.iter().any(|p| overlaps(bx, &p.boxed))
        };
        let at = |(x, y): (f64, f64)| text_box(x, y, px, Anchor::Middle, &w.text);
        // Wholly inside, then mostly inside, then beside.
        let wholly = || {
            inner
                .iter()
                .copied()
                .find(|p| free(&at(*p)) && share_inside(&w.rings, &at(*p)) >= 1.0)
        };
        let mostly = || {
            inner
                .iter()
                .copied()
                .find(|p| free(&at(*p)) && share_inside(&w.rings, &at(*p)) >= 0.6)
        };
        let outside = || beside.iter().copied().find(|p| free(&at(*p)));
        if let Some((x, y)) = wholly().or_else(mostly).or_else(outside) {
            let bx = at((x, y));
            placed.push(Placed {
                index: i,
                x,
                y,
                boxed: (bx.left, bx.top, bx.right, bx.bottom),
            });
        }
    }
    placed.sort_by_key(|p| p.index);
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(l: f64, t: f64, r: f64, b: f64) -> Ring {
        vec![(l, t), (r, t), (r, b), (l, b)]
    }

    #[test]
    fn a_name_sits_inside_its_shape_and_none_overlap() {
        let big = rect(0.0, 0.0, 200.0, 100.0);
        let small = rect(200.0, 40.0, 215.0, 60.0);
        let wanted = vec![
            Wanted {
                rings: vec![&big],
                text: "大丰区".into(),
            },
            Wanted {
                rings: vec![&small],
                text: "亭湖区".into(),
            },
        ];
        let placed = place(&wanted, 13.0, (0.0, 0.0, 300.0, 100.0));
        assert_eq!(placed.len(), 2);
        let (a, b) = (&placed[0], &placed[1]);
        assert!(
            a.x > 40.0 && a.x < 160.0 && a.y > 30.0 && a.y < 70.0,
            "{a:?}"
        );
        // The small one does not fit inside: beside it, clear of the other.
        assert!(b.boxed.0 >= 215.0 || b.boxed.2 <= a.boxed.0, "{b:?}");
        let bx = text_box(a.x, a.y, 13.0, Anchor::Middle, "大丰区");
        assert!(!overlaps(&bx, &b.boxed));
    }

    #[test]
    fn a_name_with_nowhere_to_go_is_left_out() {
        let a = rect(0.0, 0.0, 20.0, 14.0);
        let b = rect(0.0, 0.0, 20.0, 14.0);
        let wanted = vec![
            Wanted {
                rings: vec![&a],
                text: "甲".into(),
            },
            Wanted {
                rings: vec![&b],
                text: "乙".into(),
            },
        ];
        let placed = place(&wanted, 13.0, (0.0, 0.0, 20.0, 14.0));
        assert_eq!(placed.len(), 1);
    }
}
