//! Reading typed fields out of a located YAML mapping, collecting an error
//! for every field that is wrong instead of stopping at the first.
//!
//! A [`Fields`] reader is made for one mapping, hands out fields by name and,
//! when finished, reports every key that nobody asked for as unknown, with a
//! did-you-mean hint.
//!
//! A misspelt required field (`titel:` for `title:`) is one mistake, not
//! two: the required field is not reported missing when an unknown key on
//! its own line is the misspelling, and that key's error says the field is
//! required. The error then sits on the line to correct.

use crate::diagnostics::{Diagnostic, Pos, did_you_mean, shorten};
use crate::messages::{Text, hint_did_you_mean};
use crate::text;
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

    pub fn error(&mut self, node: &Node, message: impl Into<Text>) -> &mut Diagnostic {
        let len = node_len(node);
        let d = Diagnostic::error(self.path, self.pos(node), message).with_len(len);
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }

    pub fn error_at(&mut self, pos: Pos, message: impl Into<Text>) -> &mut Diagnostic {
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
    /// What the mapping is ("the front matter"), for "missing field" help.
    what: Text,
    /// Required fields found missing while an unknown key close to their
    /// name was there: (field, index of that key). [`Fields::finish`]
    /// decides whether the key was the misspelling.
    missing: Vec<(String, usize)>,
}

impl<'n> Fields<'n> {
    /// Reads `node` as a mapping. `what` names it in the error
    /// (`text!("fields-front-matter")`).
    pub fn new(node: &'n Node, what: Text, sink: &mut Sink) -> Option<Self> {
        let entries: &'n [(Node, Node)] = match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            other => {
                sink.error(
                    node,
                    text!("fields-not-mapping", what = what, found = other.kind_text()),
                )
                .help = crate::messages::help(text!("fields-not-mapping-help"));
                return None;
            }
        };
        Some(Fields {
            entries,
            used: vec![false; entries.len()],
            pos: sink.pos(node),
            what,
            missing: Vec::new(),
        })
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

    /// A required field: reports it missing at the mapping's position, or,
    /// when a key not taken yet is a likely misspelling of it, leaves the
    /// decision to [`Fields::finish`] (which every reader calls).
    pub fn required(&mut self, key: &str, sink: &mut Sink) -> Option<&'n Node> {
        let taken = self.take(key);
        let found = taken.map(|(_, v)| v).filter(|v| v.value != Value::Null);
        if found.is_none() {
            match (taken, self.misspelling_of(key)) {
                (None, Some(i)) => self.missing.push((key.to_string(), i)),
                _ => self.report_missing(key, sink),
            }
        }
        found
    }

    /// A key not taken yet that is close enough to `field` to be it misspelt.
    fn misspelling_of(&self, field: &str) -> Option<usize> {
        self.entries
            .iter()
            .enumerate()
            .find(|(i, (k, _))| !self.used[*i] && did_you_mean(&k.key_text(), [field]).is_some())
            .map(|(i, _)| i)
    }

    fn report_missing(&self, key: &str, sink: &mut Sink) {
        sink.error_at(self.pos, text!("field-missing", name = key))
            .help = crate::messages::help(text!(
            "field-missing-help",
            name = key,
            what = self.what.clone()
        ));
    }

    /// An optional text field.
    pub fn string(&mut self, key: &str, sink: &mut Sink) -> Option<String> {
        self.value(key).and_then(|n| string(n, key, sink))
    }

    /// A required text field.
    pub fn required_string(&mut self, key: &str, sink: &mut Sink) -> Option<String> {
        self.required(key, sink).and_then(|n| string(n, key, sink))
    }

    /// Reports every key not taken as unknown, and every required field
    /// left missing. `known` are the mapping's fields, `context` names what
    /// they belong to (`text!("fields-report")`), for the help line.
    ///
    /// A required field whose misspelling is among the unknown keys (the
    /// key's did-you-mean is that field) is not reported missing: the
    /// unknown key's error, on the line to correct, says it is required.
    pub fn finish(self, known: &[&str], context: Text, sink: &mut Sink) {
        let mut misspelt: Vec<(usize, &str)> = Vec::new();
        for (field, i) in &self.missing {
            let key = self.entries[*i].0.key_text();
            if !self.used[*i] && did_you_mean(&key, known.iter().copied()) == Some(field.as_str()) {
                misspelt.push((*i, field));
            } else {
                self.report_missing(field, sink);
            }
        }
        for (i, (key, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let name = key.key_text();
            let near = did_you_mean(&name, known.iter().copied());
            let help = match misspelt.iter().find(|(at, _)| *at == i) {
                Some((_, field)) => text!(
                    "field-unknown-help-required",
                    name = *field,
                    typed = shorten(&name),
                    context = context.clone()
                ),
                None if known.contains(&"extra") => text!(
                    "field-unknown-help-extra",
                    context = context.clone(),
                    fields = known.join(", ")
                ),
                None => text!(
                    "field-unknown-help",
                    context = context.clone(),
                    fields = known.join(", ")
                ),
            };
            sink.error(
                key,
                text!(
                    "field-unknown",
                    name = shorten(&name),
                    hint = hint_did_you_mean(near)
                ),
            )
            .help = crate::messages::help(help);
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
            let help = match other {
                Value::Seq(_) => Some(text!("field-not-text-help-list")),
                Value::Map(_) => Some(text!("field-not-text-help-mapping")),
                Value::Null => None,
                _ => Some(text!("field-not-text-help")),
            };
            sink.error(
                node,
                text!("field-not-text", field = field, found = other.kind_text()),
            )
            .help = help.map(Box::new);
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
                text!("field-not-boolean", field = field, found = found),
            )
            .help = Some(Box::new(
                help.unwrap_or_else(|| text!("field-not-boolean-help")),
            ));
            None
        }
    }
}

/// Words a person types for yes and for no, in place of true and false.
const YES: &[&str] = &[
    "是",
    "是的",
    "有",
    "对",
    "已出台",
    "yes",
    "y",
    "on",
    "√",
    "✓",
];
const NO: &[&str] = &[
    "否",
    "不是",
    "无",
    "没有",
    "不",
    "未出台",
    "no",
    "n",
    "off",
    "×",
    "✗",
];

/// What a value that should be true or false is instead (the `found`
/// argument of a "must be true or false" message), and a help when we can
/// tell which was meant: `"true"` in quotes (text, which reads the same),
/// or a yes or no word such as 是, 否, yes, no.
pub fn not_a_boolean(value: &Value) -> (Text, Option<Text>) {
    match value {
        Value::Str(s) if s == "true" || s == "false" => (
            text!("field-found-quoted", text = s.as_str()),
            Some(text!("field-bool-unquote", text = s.as_str())),
        ),
        Value::Str(s) => {
            let word = s.trim().to_lowercase();
            let found = text!("field-found-value", text = shorten(s));
            let help = if YES.contains(&word.as_str()) {
                Some(text!("field-bool-yes", text = shorten(s.trim())))
            } else if NO.contains(&word.as_str()) {
                Some(text!("field-bool-no", text = shorten(s.trim())))
            } else {
                None
            };
            (found, help)
        }
        other => (other.kind_text(), None),
    }
}

pub fn string_list(node: &Node, field: &str, sink: &mut Sink) -> Vec<String> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| match text(item) {
                Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => {
                    sink.error(item, text!("field-list-entry", field = field));
                    None
                }
            })
            .collect(),
        Value::Str(s) => vec![s.clone()],
        other => {
            sink.error(
                node,
                text!("field-not-list", field = field, found = other.kind_text()),
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
                text!("field-extra-not-mapping", found = other.kind_text()),
            )
            .help = crate::messages::help(text!("field-extra-not-mapping-help"));
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
