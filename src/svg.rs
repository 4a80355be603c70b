//! A small SVG writer, shared by charts and maps: the few elements they
//! are made of (paths, rectangles, circles, text), coordinates rounded to
//! 0.1 px, so output is short and the same for the same drawing. Also the palette and its dark
//! mode, text width estimates, and the document's title and description.

use std::fmt::Write as _;

/// Colours in light mode and what `<style>` turns them into in dark mode
/// (the chart is an `<img>`, so it follows the reader's colour scheme, not
/// the page's CSS). Okabe-Ito blue and vermillion for pilots and
/// non-pilots, sky blue and orange in the dark.
pub const PILOT: &str = "#0072B2";
pub const CONTROL: &str = "#D55E00";
/// Single counties' lines on the trend chart: faint, but 2:1 or more
/// against the page in both schemes.
pub const PILOT_FAINT: &str = "#73B1D5";
pub const CONTROL_FAINT: &str = "#E69E66";
/// The fill of a non-pilot (outlined) bar.
pub const CONTROL_TINT: &str = "#F7E2D1";
pub const INK: &str = "#1A1A1A";
pub const MUTED: &str = "#595959";
/// Grid lines: faint on purpose (1.4:1).
pub const GRID: &str = "#DDDDDD";
/// The placebo band: a light fill, and an outline of 3:1 or more that
/// carries its extent.
pub const BAND: &str = "#E4E4E4";
pub const BAND_EDGE: &str = "#767676";
/// The page behind a drawing: the halo around map labels.
pub const PAPER: &str = "#FFFFFF";
/// A map's sequential ramp, lowest class first: ColorBrewer's five-class
/// Greens, a hue no group colour uses, light to dark; in dark mode the
/// order of lightness is reversed (the lowest class nearest the page), so
/// more is always more salient.
pub const RAMP: [&str; 5] = ["#EDF8E9", "#BAE4B3", "#74C476", "#31A354", "#006D2C"];
/// Counties without a figure on a map: grey hatching on a pale ground.
pub const NULL_FILL: &str = "#F2F2F2";

const DARK: [(&str, &str); 17] = [
    (PILOT, "#56B4E9"),
    (CONTROL, "#E69F00"),
    (PILOT_FAINT, "#325E78"),
    (CONTROL_FAINT, "#72540F"),
    (CONTROL_TINT, "#3A3016"),
    (INK, "#E6E6E6"),
    (MUTED, "#B0B0B0"),
    (GRID, "#3A3A3A"),
    (BAND, "#383838"),
    (BAND_EDGE, "#9A9A9A"),
    (PAPER, "#14171B"),
    (RAMP[0], "#1E3524"),
    (RAMP[1], "#2B5A35"),
    (RAMP[2], "#3D8549"),
    (RAMP[3], "#5FB36A"),
    (RAMP[4], "#A3E0A5"),
    (NULL_FILL, "#26292E"),
];

/// Text sizes in CSS pixels: labels (names, legends) and small text
/// (ticks, values, notes). A narrow chart is shown at its own size on a
/// phone, so these are the sizes the reader gets.
pub const LABEL_PX: f64 = 13.0;
pub const SMALL_PX: f64 = 12.0;

/// The `<style>` of a chart: fonts, and the dark palette (CSS overrides
/// presentation attributes, matched here by value) for the colours the
/// drawing `body` uses: a rule for every colour would be 1.3 KB in each
/// of a large site's 60,000 small charts.
fn style(body: &str) -> String {
    let mut s = String::from(
        "<style>text{font-family:system-ui,-apple-system,\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif}.halo{paint-order:stroke;stroke-linejoin:round}@media (prefers-color-scheme:dark){",
    );
    let mut attribute = String::with_capacity(20);
    for (light, dark) in DARK {
        for property in ["fill", "stroke"] {
            attribute.clear();
            let _ = write!(attribute, "{property}=\"{light}\"");
            if body.contains(attribute.as_str()) {
                let _ = write!(s, "[{attribute}]{{{property}:{dark}}}");
            }
        }
    }
    s.push_str("}</style>");
    s
}

/// A number for an attribute: at most one decimal.
fn n(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    // The exact decimal expansion (`{:.1}`) was a tenth of a build's CPU.
    // Away from a tie between two tenths, the nearest tenth of `10 v` as
    // computed is that of the exact value: the product's error is far
    // below the 0.001 margin at drawing sizes.
    let tenths = v * 10.0;
    let nearest = tenths.round();
    if (tenths - nearest).abs() < 0.499 && nearest.abs() < 1e12 {
        return tenth_text(nearest as i64);
    }
    exact_n(v)
}

/// [`n`] by the exact decimal expansion, rounding a tie to even.
fn exact_n(v: f64) -> String {
    let s = format!("{v:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if s == "-0" { "0".into() } else { s }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Stroke {
    pub colour: &'static str,
    pub width: f64,
    /// `stroke-dasharray`, for dashed lines.
    pub dash: Option<&'static str>,
}

impl Stroke {
    pub fn solid(colour: &'static str, width: f64) -> Stroke {
        Stroke {
            colour,
            width,
            dash: None,
        }
    }

    pub fn dashed(colour: &'static str, width: f64, dash: &'static str) -> Stroke {
        Stroke {
            colour,
            width,
            dash: Some(dash),
        }
    }
}

/// A text's box as drawn (estimated): left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
pub struct Boxed {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// The box of `s` at `px`, anchored at (x, y) and centred vertically.
pub fn text_box(x: f64, y: f64, px: f64, anchor: Anchor, s: &str) -> Boxed {
    let w = text_width(s, px);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - w / 2.0,
        Anchor::End => x - w,
    };
    Boxed {
        left,
        top: y - px / 2.0,
        right: left + w,
        bottom: y + px / 2.0,
    }
}

/// A straight line's two ends.
pub type Segment = ((f64, f64), (f64, f64));

pub struct Svg {
    out: String,
}

impl Svg {
    pub fn new(width: u32, height: u32) -> Svg {
        let mut out = String::with_capacity(16 * 1024);
        let _ = write!(
            out,
            "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        Svg { out }
    }

    /// A line through `points`; `class` marks lines of a kind (`faint`).
    pub fn path(&mut self, points: &[(f64, f64)], stroke: Stroke, class: Option<&str>) {
        if points.is_empty() {
            return;
        }
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{} {}", if i == 0 { 'M' } else { 'L' }, n(*x), n(*y));
        }
        if points.len() == 1 {
            // A lone point: a dot as long as the line is wide.
            d.push_str("h0");
        }
        let _ = write!(self.out, "<path d=\"{d}\" fill=\"none\"");
        if let Some(class) = class {
            let _ = write!(self.out, " class=\"{class}\"");
        }
        self.stroke_attrs(stroke);
        if points.len() == 1 {
            self.out.push_str(" stroke-linecap=\"round\"");
        }
        self.out.push_str("/>");
    }

    pub fn line(&mut self, a: (f64, f64), b: (f64, f64), stroke: Stroke) {
        self.path(&[a, b], stroke, None);
    }

    fn stroke_attrs(&mut self, stroke: Stroke) {
        let _ = write!(self.out, " stroke=\"{}\"", stroke.colour);
        // 1 is SVG's default width.
        if stroke.width != 1.0 {
            let _ = write!(self.out, " stroke-width=\"{}\"", n(stroke.width));
        }
        if let Some(dash) = stroke.dash {
            let _ = write!(self.out, " stroke-dasharray=\"{dash}\"");
        }
    }

    /// A rectangle between two corners, filled and/or outlined.
    pub fn rect(
        &mut self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        fill: Option<&str>,
        stroke: Option<Stroke>,
    ) {
        let (x, y) = (x0.min(x1), y0.min(y1));
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"",
            n(x),
            n(y),
            n((x1 - x0).abs()),
            n((y1 - y0).abs()),
            fill.unwrap_or("none")
        );
        if let Some(stroke) = stroke {
            self.stroke_attrs(stroke);
        }
        self.out.push_str("/>");
    }

    /// Straight lines from `a` to `b`, all in one stroke, as one path.
    pub fn lines(&mut self, lines: &[Segment], stroke: Stroke) {
        if lines.is_empty() {
            return;
        }
        self.out.push_str("<path d=\"");
        for ((x0, y0), (x1, y1)) in lines {
            let _ = write!(self.out, "M{} {}L{} {}", n(*x0), n(*y0), n(*x1), n(*y1));
        }
        self.out.push_str("\" fill=\"none\"");
        self.stroke_attrs(stroke);
        self.out.push_str("/>");
    }

    /// Filled dots of radius `r` at `points`, as one path: each a line of
    /// no length with round ends as wide as the dot (SVG draws those), a
    /// tenth of the bytes of a `<circle>` each.
    pub fn dots(&mut self, points: &[(f64, f64)], r: f64, colour: &str) {
        if points.is_empty() {
            return;
        }
        self.out.push_str("<path d=\"");
        for (x, y) in points {
            let _ = write!(self.out, "M{} {}h0", n(*x), n(*y));
        }
        let _ = write!(
            self.out,
            "\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>",
            n(2.0 * r)
        );
    }

    /// Hollow squares reaching `r` from `points`, outlined with `stroke`,
    /// as one path.
    pub fn squares(&mut self, points: &[(f64, f64)], r: f64, stroke: Stroke) {
        if points.is_empty() {
            return;
        }
        self.out.push_str("<path d=\"");
        let side = n(2.0 * r);
        for (x, y) in points {
            let _ = write!(
                self.out,
                "M{} {}h{side}v{side}h-{side}z",
                n(x - r),
                n(y - r)
            );
        }
        self.out.push_str("\" fill=\"none\"");
        self.stroke_attrs(stroke);
        self.out.push_str("/>");
    }

    pub fn circle(
        &mut self,
        (x, y): (f64, f64),
        r: f64,
        fill: Option<&str>,
        stroke: Option<Stroke>,
    ) {
        let _ = write!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"",
            n(x),
            n(y),
            n(r),
            fill.unwrap_or("none")
        );
        if let Some(stroke) = stroke {
            self.stroke_attrs(stroke);
        }
        self.out.push_str("/>");
    }

    /// Text centred vertically on `y`; returns its estimated box.
    pub fn text(
        &mut self,
        (x, y): (f64, f64),
        px: f64,
        fill: &str,
        anchor: Anchor,
        s: &str,
    ) -> Boxed {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{fill}\"{} dominant-baseline=\"middle\">{}</text>",
            n(x),
            n(y),
            n(px),
            anchor_attr(anchor),
            escape(s)
        );
        text_box(x, y, px, anchor, s)
    }

    /// Text with a halo of the page's colour around it, so it reads over
    /// any fill or hatching; returns its estimated box.
    pub fn halo_text(&mut self, (x, y): (f64, f64), px: f64, anchor: Anchor, s: &str) -> Boxed {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{INK}\" stroke=\"{PAPER}\" stroke-width=\"3\" class=\"halo\"{} dominant-baseline=\"middle\">{}</text>",
            n(x),
            n(y),
            n(px),
            anchor_attr(anchor),
            escape(s)
        );
        text_box(x, y, px, anchor, s)
    }

    /// A hatching pattern `id` for fills (`url(#id)`): lines of `line`
    /// colour over `ground`, at 45°, every `gap` pixels.
    pub fn hatch(&mut self, id: &str, ground: &str, line: &str, gap: f64) {
        let _ = write!(
            self.out,
            "<defs><pattern id=\"{id}\" width=\"{g}\" height=\"{g}\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"{g}\" height=\"{g}\" fill=\"{ground}\"/><path d=\"M0 0V{g}\" stroke=\"{line}\" stroke-width=\"{w}\"/></pattern></defs>",
            g = n(gap),
            w = n(gap / 3.0)
        );
    }

    /// A translucent area: a palette colour at `opacity`, so a light tint
    /// of it in either colour scheme, through which grid lines show.
    pub fn tint(&mut self, ring: &[(f64, f64)], colour: &str, opacity: f64) {
        let d = ring_path([ring]);
        if d.is_empty() {
            return;
        }
        let _ = write!(
            self.out,
            "<path d=\"{d}\" fill=\"{colour}\" fill-opacity=\"{}\"/>",
            opacity.clamp(0.0, 1.0)
        );
    }

    /// A filled area of rings, holes and islands by the even-odd rule
    /// whatever the rings' directions, with a `<title>` naming it.
    pub fn area<'r>(
        &mut self,
        rings: impl IntoIterator<Item = &'r [(f64, f64)]>,
        fill: &str,
        stroke: Option<Stroke>,
        title: Option<&str>,
    ) {
        let d = ring_path(rings);
        if d.is_empty() {
            return;
        }
        let _ = write!(
            self.out,
            "<path d=\"{d}\" fill=\"{fill}\" fill-rule=\"evenodd\""
        );
        if let Some(stroke) = stroke {
            self.stroke_attrs(stroke);
            self.out.push_str(" stroke-linejoin=\"round\"");
        }
        match title {
            Some(t) => {
                let _ = write!(self.out, "><title>{}</title></path>", escape(t));
            }
            None => self.out.push_str("/>"),
        }
    }

    /// The drawing, closed.
    pub fn end(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// The `text-anchor` attribute, left out for `start`, SVG's default.
fn anchor_attr(anchor: Anchor) -> &'static str {
    match anchor {
        Anchor::Start => "",
        Anchor::Middle => " text-anchor=\"middle\"",
        Anchor::End => " text-anchor=\"end\"",
    }
}

/// Path data for closed rings: each ring's first point absolute, the rest
/// relative to the one before, all in tenths of a pixel (so the rounding
/// never drifts), repeated points dropped, each ring closed with `z`.
/// Rings of fewer than three distinct points are left out.
pub fn ring_path<'r>(rings: impl IntoIterator<Item = &'r [(f64, f64)]>) -> String {
    let tenths = |v: f64| {
        if v.is_finite() {
            (v * 10.0).round().clamp(-1e12, 1e12) as i64
        } else {
            0
        }
    };
    let mut d = String::new();
    for ring in rings {
        let mut points: Vec<(i64, i64)> = Vec::with_capacity(ring.len());
        for &(x, y) in ring {
            let p = (tenths(x), tenths(y));
            if points.last() != Some(&p) {
                points.push(p);
            }
        }
        while points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        if points.len() < 3 {
            continue;
        }
        let (x0, y0) = points[0];
        let _ = write!(d, "M{} {}", tenth_text(x0), tenth_text(y0));
        d.push('l');
        let mut first = true;
        for w in points.windows(2) {
            for v in [w[1].0 - w[0].0, w[1].1 - w[0].1] {
                let t = tenth_text(v);
                if !first && !t.starts_with('-') {
                    d.push(' ');
                }
                d.push_str(&t);
                first = false;
            }
        }
        d.push('z');
    }
    d
}

/// A number of tenths as text: `12.3`, `-0.5`, `7`.
fn tenth_text(v: i64) -> String {
    let (sign, a) = if v < 0 { ("-", -v) } else { ("", v) };
    if a % 10 == 0 {
        format!("{sign}{}", a / 10)
    } else {
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

/// Estimated width in pixels: CJK and other wide characters take a full
/// em, ASCII about 0.6 em.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * px
}

/// Shortens `text` to fit `max` pixels, ending with `…`.
pub fn fit(text: &str, px: f64, max: f64) -> String {
    if text_width(text, px) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = text_width("…", px);
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), px);
        if width + w > max {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Inserts the title, description and style into a drawing.
pub fn finish(svg: &str, title: &str, desc: &str) -> String {
    let head_end = svg.find('>').map_or(0, |i| i + 1);
    let (head, rest) = svg.split_at(head_end);
    let head = head.replacen("<svg ", "<svg role=\"img\" aria-labelledby=\"t d\" ", 1);
    let svg = format!(
        "{head}\n<title id=\"t\">{}</title>\n<desc id=\"d\">{}</desc>\n{}{rest}",
        escape(title),
        escape(desc),
        style(rest)
    );
    xml_chars_only(svg)
}

/// A drawing to sit inside an HTML page: hidden from screen readers (the
/// element around it speaks for it) and without a `<style>`: the page's
/// style sheet holds the dark palette for `.inline-chart` (`DARK`; a test
/// keeps the two the same) and the page's font applies.
pub fn inline(svg: &str) -> String {
    let head_end = svg.find('>').map_or(0, |i| i + 1);
    let (head, rest) = svg.split_at(head_end);
    let head = head
        .replacen(
            "<svg ",
            "<svg class=\"inline-chart\" aria-hidden=\"true\" ",
            1,
        )
        .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    // Every text is centred on its `y`, most are small: the style sheet
    // says so once (`.inline-chart text`) instead of each text.
    let rest = rest
        .replace(" dominant-baseline=\"middle\"", "")
        .replace(" font-size=\"12\"", "");
    // Most texts are muted: the style sheet colours a text without a fill.
    let muted = format!(" fill=\"{MUTED}\"");
    let mut out = head;
    let mut parts = rest.split("<text ");
    out.push_str(parts.next().unwrap_or(""));
    for part in parts {
        out.push_str("<text ");
        let tag_end = part.find('>').unwrap_or(part.len());
        let (tag, after) = part.split_at(tag_end);
        out.push_str(&tag.replacen(&muted, "", 1));
        out.push_str(after);
    }
    xml_chars_only(out)
}

/// `svg` without the characters XML forbids. Labels come from user text,
/// which may hold control characters (a form feed pasted from a word
/// processor); one would make a whole chart file an unreadable image.
/// Markup never holds them, so they can be dropped from the whole document.
fn xml_chars_only(svg: String) -> String {
    if svg.chars().all(is_xml_char) {
        svg
    } else {
        svg.chars().filter(|c| is_xml_char(*c)).collect()
    }
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..
    )
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.04), "12");
        assert_eq!(n(-0.01), "0");
        assert_eq!(n(3.26), "3.3");
        assert_eq!(n(f64::NAN), "0");
    }

    #[test]
    fn cjk_is_wider_than_ascii() {
        assert_eq!(text_width("东台市", 12.0), 36.0);
        assert!((text_width("abc", 10.0) - 18.0).abs() < 1e-9);
        assert_eq!(fit("东台市人民政府", 12.0, 40.0), "东台…");
        assert_eq!(fit("东台市", 12.0, 40.0), "东台市");
    }

    #[test]
    fn rings_are_relative_in_tenths_and_closed() {
        let square: &[(f64, f64)] = &[
            (1.0, 1.0),
            (11.04, 1.0),
            (11.0, 6.55),
            (1.0, 6.5),
            (1.0, 1.0),
        ];
        assert_eq!(ring_path([square]), "M1 1l10 0 0 5.6-10-0.1z");
        let degenerate: &[(f64, f64)] = &[(0.0, 0.0), (0.01, 0.0), (5.0, 5.0)];
        assert_eq!(ring_path([degenerate]), "");
        assert_eq!(tenth_text(-5), "-0.5");
    }

    #[test]
    fn numbers_read_as_their_exact_expansion_would() {
        let mut x: u64 = 1;
        let mut values = vec![
            0.0, -0.0, 0.05, -0.05, 0.15, 0.25, -0.04, 1e11, -1e13, 1e300,
        ];
        for _ in 0..100_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
            values.push((unit - 0.3) * 2000.0);
            values.push(((unit * 20000.0).round() - 10000.0) / 20.0);
        }
        for v in values {
            assert_eq!(n(v), exact_n(v), "{v:e}");
        }
        assert_eq!(n(f64::NAN), "0");
    }

    /// A chart drawn inside a page takes its dark palette from the theme's
    /// style sheet: the same pairs as a chart file's own `<style>`.
    #[test]
    fn the_style_sheet_has_the_dark_palette_of_inline_charts() {
        let css = include_str!("../themes/default/static/style.css");
        let dark = &css[css.find(".inline-chart [fill=").expect("inline rules")..];
        for (light, dark_colour) in DARK {
            for property in ["fill", "stroke"] {
                let rule = format!(
                    ".inline-chart [{property}=\"{light}\"] {{ {property}: {dark_colour}; }}"
                );
                assert!(dark.contains(&rule), "{rule}");
            }
        }
        let drawn = inline(&format!(
            "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\"><rect fill=\"{PILOT}\"/>\u{c}</svg>"
        ));
        assert_eq!(
            drawn,
            format!(
                "<svg class=\"inline-chart\" aria-hidden=\"true\" width=\"10\" height=\"10\" viewBox=\"0 0 10 10\"><rect fill=\"{PILOT}\"/></svg>"
            )
        );
    }

    #[test]
    fn every_colour_has_a_dark_one() {
        let all: String = DARK
            .iter()
            .map(|(c, _)| format!("<rect fill=\"{c}\" stroke=\"{c}\"/>"))
            .collect();
        // Only the colours a drawing uses get a rule.
        assert!(!style(&format!("<rect fill=\"{PILOT}\"/>")).contains(CONTROL));
        let style = style(&all);
        for colour in [
            PILOT,
            CONTROL,
            PILOT_FAINT,
            CONTROL_FAINT,
            CONTROL_TINT,
            INK,
            MUTED,
            GRID,
            BAND,
            BAND_EDGE,
            PAPER,
            RAMP[0],
            RAMP[1],
            RAMP[2],
            RAMP[3],
            RAMP[4],
            NULL_FILL,
        ] {
            assert!(
                style.contains(&format!("[stroke=\"{colour}\"]")),
                "{colour}"
            );
        }
    }
}
