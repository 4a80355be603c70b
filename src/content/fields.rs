//! Reading typed fields out of a located YAML mapping, collecting an error
//! for every field that is wrong instead of stopping at the first.
//!
//! A [`Fields`] reader is made for one mapping, hands out fields by name and,
//! when finished, reports every key that nobody asked for as unknown, with a
//! did-you-mean hint.

use crate::diagnostics::{Diagnostic, Pos, did_you_mean, shorten};
use crate::yaml::{Node, Value};

/// Where diagnostics go, and how YAML positions map into the file.
pub struct Sink<'a> {
    pub path: &'a str,
    pub line_offset: usize,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    /// The position of a node in the whole file.
    pub fn pos(&self, node: &Node) -> Pos {
        node.pos.offset_lines(self.line_offset)
    }

    pub fn error(
        &mut self,
        node: &Node,
        message: impl Into<crate::messages::Text>,
    ) -> &mut Diagnostic {
        let len = node_len(node);
        let d = Diagnostic::error(self.path, self.pos(node), message).with_len(len);
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }

    pub fn error_at(
        &mut self,
        pos: Pos,
        message: impl Into<crate::messages::Text>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(self.path, pos, message);
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }
}

/// Underline width for a scalar: its text length; otherwise one character.
fn node_len(node: &Node) -> usize {
    match &node.value {
        Value::Str(s) if !s.contains('\n') => s.chars().count(),
        Value::Int(i) => i.to_string().len(),
        Value::Bool(b) => b.to_string().len(),
        _ => 1,
    }
}

/// The fields of one mapping.
pub struct Fields<'n> {
    entries: &'n [(Node, Node)],
    used: Vec<bool>,
    /// Where the mapping itself is, for "missing field" errors.
    pub pos: Pos,
}

impl<'n> Fields<'n> {
    /// Reads `node` as a mapping. `what` names it in the error ("the front matter").
    pub fn new(node: &'n Node, what: &str, sink: &mut Sink) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                entries,
                used: vec![false; entries.len()],
                pos: sink.pos(node),
            }),
            Value::Null => Some(Fields {
                entries: &[],
                used: Vec::new(),
                pos: sink.pos(node),
            }),
            other => {
                sink.error(
                    node,
                    format!(
                        "{what} must be a set of `key: value` lines, found {}",
                        other.kind_name()
                    ),
                );
                None
            }
        }
    }

    /// Takes a field, marking it as known. Returns the key node and value node.
    pub fn take(&mut self, key: &str) -> Option<(&'n Node, &'n Node)> {
        let i = self
            .entries
            .iter()
            .position(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))?;
        self.used[i] = true;
        let (k, v) = &self.entries[i];
        Some((k, v))
    }

    /// Takes a field whose value is not null.
    pub fn value(&mut self, key: &str) -> Option<&'n Node> {
        self.take(key)
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// A required field: reports it missing at the mapping's position.
    pub fn required(&mut self, key: &str, sink: &mut Sink) -> Option<&'n Node> {
        let found = self.value(key);
        if found.is_none() {
            sink.error_at(self.pos, format!("missing required field `{key}`"));
        }
        found
    }

    /// An optional text field.
    pub fn string(&mut self, key: &str, sink: &mut Sink) -> Option<String> {
        self.value(key).and_then(|n| string(n, key, sink))
    }

    /// A required text field.
    pub fn required_string(&mut self, key: &str, sink: &mut Sink) -> Option<String> {
        self.required(key, sink).and_then(|n| string(n, key, sink))
    }

    /// Reports every key not taken as unknown. `context` names what the keys
    /// belong to ("a report"), for the help line.
    pub fn finish(self, known: &[&str], context: &str, sink: &mut Sink) {
        for (i, (key, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let name = key.key_text();
            let mut message = format!("unknown field `{}`", shorten(&name));
            if let Some(s) = did_you_mean(&name, known.iter().copied()) {
                message.push_str(&format!(" (did you mean `{s}`?)"));
            }
            sink.error(key, message).help = crate::messages::help(format!(
                "the fields of {context} are: {}; free-form data goes under `extra`",
                known.join(", ")
            ));
        }
    }
}

/// Text of a scalar node: strings as they are, numbers as written (so an
/// unquoted `2018` still reads as the period `2018`).
pub fn text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

pub fn string(node: &Node, field: &str, sink: &mut Sink) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        other => {
            sink.error(
                node,
                format!("`{field}` must be text, found {}", other.kind_name()),
            )
            .help = crate::messages::help(
                "put the text in quotes if it looks like a number or true/false",
            );
            None
        }
    }
}

pub fn boolean(node: &Node, field: &str, sink: &mut Sink) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        other => {
            let (found, help) = not_a_boolean(other);
            sink.error(
                node,
                format!("`{field}` must be true or false, found {found}"),
            )
            .help = help.map(|h| Box::new(h.into()));
            None
        }
    }
}

/// What a value that should be true or false is instead, and a hint when
/// it is `"true"` or `"false"` in quotes (text, which reads the same).
pub fn not_a_boolean(value: &Value) -> (String, Option<String>) {
    match value {
        Value::Str(s) if s == "true" || s == "false" => (
            format!("\"{s}\" in quotes"),
            Some(format!("write {s} without quotes")),
        ),
        Value::Str(s) => (format!("`{}`", shorten(s)), None),
        other => (other.kind_name().to_string(), None),
    }
}

pub fn string_list(node: &Node, field: &str, sink: &mut Sink) -> Vec<String> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| match text(item) {
                Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => {
                    sink.error(
                        item,
                        format!("each entry of `{field}` must be non-empty text"),
                    );
                    None
                }
            })
            .collect(),
        Value::Str(s) => vec![s.clone()],
        other => {
            sink.error(
                node,
                format!(
                    "`{field}` must be a list such as `[a, b]`, found {}",
                    other.kind_name()
                ),
            );
            Vec::new()
        }
    }
}

/// `extra` data as JSON for templates. Non-finite floats become null.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Str(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries
                .iter()
                .map(|(k, v)| (k.key_text(), to_json(v)))
                .collect(),
        ),
    }
}

pub fn extra(node: &Node, sink: &mut Sink) -> serde_json::Value {
    match &node.value {
        Value::Map(_) | Value::Null => to_json(node),
        other => {
            sink.error(
                node,
                format!(
                    "`extra` must be a mapping of `key: value` lines, found {}",
                    other.kind_name()
                ),
            );
            serde_json::Value::Null
        }
    }
}

/// `[a-z0-9][a-z0-9-]*`: the ids of counties and free pages.
pub fn is_slug_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A `YYYY-MM-DD` date that exists on the calendar.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !s[0..4]
        .bytes()
        .chain(s[5..7].bytes())
        .chain(s[8..10].bytes())
        .all(|c| c.is_ascii_digit())
    {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_dates() {
        assert!(is_slug_id("dongtai"));
        assert!(is_slug_id("a-1"));
        assert!(!is_slug_id("-a"));
        assert!(!is_slug_id("Dongtai"));
        assert!(!is_slug_id("dong_tai"));
        assert!(is_date("2020-02-29"));
        assert!(!is_date("2019-02-29"));
        assert!(!is_date("2019-7-10"));
    }
}
