//! Positions in a JSON text, for messages about a GeoJSON file.
//!
//! serde_json gives a line and column for bad syntax only; once the text
//! has parsed, its values carry no positions. This module finds them again
//! by walking the text itself: the start of each feature in `features`
//! (one pass over the file, done once), then a path of keys and indices
//! inside one feature (a walk over that feature only), so a file of many
//! features is read a bounded number of times. It is only ever run on text
//! that serde_json has accepted, and never recurses: a deeply nested file
//! costs no stack.

use crate::diagnostics::Pos;

/// One step of a path inside a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// A JSON text and what was found in it.
pub struct Located<'t> {
    text: &'t str,
    /// Byte offset of each element of the top-level `features` array.
    features: Vec<usize>,
}

impl<'t> Located<'t> {
    /// Indexes `text` (valid JSON): the start of every feature.
    pub fn new(text: &'t str) -> Located<'t> {
        let bytes = text.as_bytes();
        let start = skip_ws(bytes, 0);
        let features = find_in(bytes, start, &[Step::Key("features")])
            .filter(|(_, exact)| *exact)
            .map(|(at, _)| elements(bytes, at))
            .unwrap_or_default();
        Located { text, features }
    }

    /// The position of the value at `path` inside feature `feature`; where
    /// the path does not go all the way, the deepest value it reached.
    pub fn feature(&self, feature: usize, path: &[Step]) -> Pos {
        let Some(start) = self.features.get(feature) else {
            return Pos::new(1, 1);
        };
        let at = find_in(self.text.as_bytes(), *start, path).map_or(*start, |(at, _)| at);
        pos_at(self.text, at)
    }

    /// The position of the value at `path` from the top of the document.
    pub fn top(&self, path: &[Step]) -> Pos {
        let bytes = self.text.as_bytes();
        let start = skip_ws(bytes, 0);
        let at = find_in(bytes, start, path).map_or(start, |(at, _)| at);
        pos_at(self.text, at)
    }
}

/// Line and column (in characters, 1-based) of byte `offset`.
pub fn pos_at(text: &str, offset: usize) -> Pos {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos::new(line, col)
}

/// The column in characters of byte column `byte_col` (1-based) on
/// `line` (1-based) of `text`: serde_json counts bytes.
pub fn char_column(text: &str, line: usize, byte_col: usize) -> usize {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_col.max(1);
    };
    let mut end = byte_col.saturating_sub(1).min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    l[..end].chars().count() + 1
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (a `"`), past its closing quote.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of the value starting at `i`, iteratively (depth is a counter).
fn skip_value(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = skip_string(b, i);
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth == 0 {
                    return i;
                }
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' | b':' if depth == 0 => return i,
            b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// The start of each element of the array starting at `i`.
fn elements(b: &[u8], i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if b.get(i) != Some(&b'[') {
        return out;
    }
    let mut j = skip_ws(b, i + 1);
    if b.get(j) == Some(&b']') {
        return out;
    }
    while j < b.len() {
        out.push(j);
        j = skip_ws(b, skip_value(b, j));
        match b.get(j) {
            Some(b',') => j = skip_ws(b, j + 1),
            _ => break,
        }
    }
    out
}

/// The value of `key` in the object starting at `i`: the last one, as
/// serde_json keeps the last of duplicate keys.
fn member(b: &[u8], i: usize, key: &str) -> Option<usize> {
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut found = None;
    let mut j = skip_ws(b, i + 1);
    while b.get(j) == Some(&b'"') {
        let end = skip_string(b, j);
        let raw = std::str::from_utf8(&b[j..end]).unwrap_or("");
        let name: String = if raw.contains('\\') {
            serde_json::from_str(raw).unwrap_or_default()
        } else {
            raw.trim_matches('"').to_string()
        };
        j = skip_ws(b, end);
        if b.get(j) != Some(&b':') {
            break;
        }
        j = skip_ws(b, j + 1);
        if name == key {
            found = Some(j);
        }
        j = skip_ws(b, skip_value(b, j));
        match b.get(j) {
            Some(b',') => j = skip_ws(b, j + 1),
            _ => break,
        }
    }
    found
}

/// Follows `path` from the value at `i`: the deepest offset reached, and
/// whether it is the whole path.
fn find_in(b: &[u8], i: usize, path: &[Step]) -> Option<(usize, bool)> {
    let mut at = i;
    for step in path {
        let next = match step {
            Step::Key(k) => member(b, at, k),
            Step::Index(n) => elements(b, at).get(*n).copied(),
        };
        match next {
            Some(n) => at = n,
            None => return Some((at, false)),
        }
    }
    Some((at, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\", \"properties\": {\"name\": \"甲\"},\n   \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[1, 2], [3, 4.5e1]]]}},\n  {\"a\": \"\\\"[\", \"b\": [1, {\"c\": 2}]}\n ]}";

    #[test]
    fn features_and_paths_are_found() {
        let l = Located::new(TEXT);
        assert_eq!(l.features.len(), 2);
        assert_eq!(l.feature(0, &[]), Pos::new(3, 3));
        assert_eq!(l.feature(1, &[]), Pos::new(5, 3));
        assert_eq!(
            l.feature(0, &[Step::Key("properties"), Step::Key("name")]),
            Pos::new(3, 46)
        );
        let path = [
            Step::Key("geometry"),
            Step::Key("coordinates"),
            Step::Index(0),
            Step::Index(1),
            Step::Index(1),
        ];
        assert_eq!(l.feature(0, &path), Pos::new(4, 65));
        // A key after a string holding a quote and a bracket.
        assert_eq!(
            l.feature(1, &[Step::Key("b"), Step::Index(1), Step::Key("c")]),
            Pos::new(5, 31)
        );
        // A path that stops early gives the deepest value reached.
        assert_eq!(l.feature(1, &[Step::Key("zzz")]), Pos::new(5, 3));
        assert_eq!(l.feature(9, &[]), Pos::new(1, 1));
        assert_eq!(l.top(&[Step::Key("type")]), Pos::new(1, 10));
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(char_column("甲乙x", 1, 7), 3);
        assert_eq!(char_column("ab\n甲x", 2, 4), 2);
        assert_eq!(pos_at("甲\n乙丙", 7), Pos::new(2, 2));
    }
}
