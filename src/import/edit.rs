//! The reports a checked form changes, as new file texts. In an existing
//! report only the value tokens of its `metrics:` block change, found by
//! the positions the YAML parser reports; a metric not in the block gets a
//! line at the block's end with the block's indentation. Every other byte
//! (comments, key order, line endings, the body) stays. An empty cell
//! writes `null` over a figure and leaves a metric that is not listed
//! unlisted. Pure: texts in, texts out.

use std::fmt::Write as _;

use super::check::{Checked, Row};
use crate::content::{Config, Site, split_front_matter};
use crate::export::format_value;
use crate::messages::{Language, Text};
use crate::text;
use crate::yaml::{self, Node, Value};

/// One report that the form changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Site-relative path.
    pub rel: String,
    /// Whether the report is new.
    pub created: bool,
    /// The file's text after the import.
    pub text: String,
    /// (metric index, old, new) of figures that had a value and get another.
    pub changed: Vec<(usize, f64, f64)>,
    /// (metric index, new) of figures reported for the first time.
    pub added: Vec<(usize, f64)>,
    /// (metric index, old) of figures the form leaves empty.
    pub cleared: Vec<(usize, f64)>,
}

impl Change {
    pub fn figures(&self) -> usize {
        self.changed.len() + self.added.len() + self.cleared.len()
    }
}

/// A report whose `metrics:` block cannot be edited in place.
#[derive(Debug, Clone, PartialEq)]
pub struct NotEditable {
    pub rel: String,
    pub line: usize,
}

/// The changes a checked form makes, in the order of its rows, reports
/// that stay the same left out; `texts` gives an existing report's text.
pub fn changes(
    site: &Site,
    checked: &Checked,
    texts: &dyn Fn(&str) -> Option<String>,
) -> Result<(Vec<Change>, usize), Vec<NotEditable>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut unchanged = 0;
    for row in &checked.rows {
        let change = match site.report_index(row.county, checked.period) {
            Some(i) => {
                let report = &site.reports[i];
                let Some(text) = texts(&report.body.path) else {
                    problems.push(NotEditable {
                        rel: report.body.path.clone(),
                        line: 1,
                    });
                    continue;
                };
                match edit(&site.config, &report.body.path, &text, row) {
                    Ok(change) => change,
                    Err(e) => {
                        problems.push(e);
                        continue;
                    }
                }
            }
            None => create(site, checked.period, row),
        };
        if change.created || change.figures() > 0 {
            out.push(change);
        } else {
            unchanged += 1;
        }
    }
    if problems.is_empty() {
        Ok((out, unchanged))
    } else {
        Err(problems)
    }
}

/// A new report: title from the county's name and the period's label,
/// the period, the form's figures, no body.
fn create(site: &Site, period: usize, row: &Row) -> Change {
    let config = &site.config;
    let county = &site.counties[row.county];
    let p = &config.periods[period];
    let lang: Language = config.language;
    let title = text!(
        "import-report-title",
        county = county.name.as_str(),
        period = p.label.as_str()
    )
    .render(lang);
    let mut text = format!(
        "---\ntitle: {}\nperiod: {}\nmetrics:\n",
        quoted(&title),
        quoted(&p.id)
    );
    let mut added = Vec::new();
    for (m, cell) in row.cells.iter().enumerate() {
        if let Some(Some(value)) = cell {
            let _ = writeln!(
                text,
                "  {}: {}",
                config.metrics[m].id,
                format_value(config.metrics[m].kind, *value)
            );
            added.push((m, *value));
        }
    }
    text.push_str("---\n");
    Change {
        rel: format!("content/counties/{}/{}.md", county.id, p.slug()),
        created: true,
        text,
        changed: Vec::new(),
        added,
        cleared: Vec::new(),
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One existing report with the row's figures written in.
fn edit(config: &Config, rel: &str, text: &str, row: &Row) -> Result<Change, NotEditable> {
    let not_editable = |line: usize| NotEditable {
        rel: rel.to_string(),
        line,
    };
    let split = split_front_matter(rel, text).map_err(|_| not_editable(1))?;
    let tree = yaml::parse(split.yaml).map_err(|_| not_editable(1))?;
    let offset = split.yaml_line_offset;
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let Value::Map(top) = &tree.value else {
        return Err(not_editable(1));
    };
    let metrics = top.iter().find(|(k, _)| k.key_text() == "metrics");
    // Listed metrics: id -> (key, value).
    let entries: Vec<&(Node, Node)> = match metrics.map(|(_, v)| &v.value) {
        Some(Value::Map(entries)) => entries.iter().collect(),
        _ => Vec::new(),
    };
    if let Some((key, value)) = metrics {
        let flow = !entries.is_empty() && entries.iter().any(|(k, _)| k.pos.line == key.pos.line);
        let mixed = entries.iter().any(|(k, v)| {
            !matches!(
                v.value,
                Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_)
            ) || (v.pos.line != k.pos.line && v.value != Value::Null)
        });
        let lines_used: std::collections::BTreeSet<usize> =
            entries.iter().map(|(k, _)| k.pos.line).collect();
        if flow
            || mixed
            || lines_used.len() != entries.len()
            || !matches!(value.value, Value::Map(_) | Value::Null)
        {
            return Err(not_editable(key.pos.line + offset));
        }
    }
    let mut change = Change {
        rel: rel.to_string(),
        created: false,
        text: String::new(),
        changed: Vec::new(),
        added: Vec::new(),
        cleared: Vec::new(),
    };
    let mut new_lines = Vec::new();
    for (m, cell) in row.cells.iter().enumerate() {
        let Some(new) = cell else { continue };
        let metric = &config.metrics[m];
        let entry = entries.iter().find(|(k, _)| k.key_text() == metric.id);
        let old = match entry.map(|(_, v)| &v.value) {
            Some(Value::Bool(b)) => Some(if *b { 1.0 } else { 0.0 }),
            Some(Value::Int(i)) => Some(*i as f64),
            Some(Value::Float(x)) => Some(*x),
            _ => None,
        };
        match (old, new) {
            (Some(a), Some(b)) if a == *b => continue,
            (Some(a), Some(b)) => change.changed.push((m, a, *b)),
            (None, Some(b)) => change.added.push((m, *b)),
            (Some(a), None) => change.cleared.push((m, a)),
            (None, None) => continue,
        }
        let written = new.map_or_else(|| "null".to_string(), |v| format_value(metric.kind, v));
        match entry {
            Some((k, v)) => {
                let line = &mut lines[k.pos.line + offset - 1];
                replace_token(line, k, v, &written)
                    .ok_or_else(|| not_editable(k.pos.line + offset))?;
            }
            None => new_lines.push((metric.id.as_str(), written)),
        }
    }
    if !new_lines.is_empty() {
        let (after, indent) = match (metrics, entries.last()) {
            (Some(_), Some((k, _))) => {
                let line = &lines[k.pos.line + offset - 1];
                let indent: String = line.chars().take_while(|c| *c == ' ').collect();
                (k.pos.line + offset, indent)
            }
            (Some((k, v)), None) => {
                // `metrics:` with nothing, `null` or `{}` after it.
                let line = &mut lines[k.pos.line + offset - 1];
                if v.pos.line == k.pos.line {
                    replace_token(line, k, v, "")
                        .ok_or_else(|| not_editable(k.pos.line + offset))?;
                }
                (k.pos.line + offset, "  ".to_string())
            }
            (None, _) => {
                // No block: one before the closing `---`.
                let at = split.body_line_offset - 1;
                lines.insert(at, format!("metrics:{eol}"));
                (at + 1, "  ".to_string())
            }
        };
        for (at, (id, written)) in (after..).zip(new_lines) {
            if !lines[at - 1].ends_with('\n') {
                lines[at - 1].push_str(eol);
            }
            lines.insert(at, format!("{indent}{id}: {written}{eol}"));
        }
    }
    change.text = lines.concat();
    Ok(change)
}

/// Writes `new` in place of the value of entry `key: value` on `line` (the
/// value is a plain scalar on the key's line, or nothing: an implicit
/// null). `None` when the line is not as the positions say.
fn replace_token(line: &mut String, key: &Node, value: &Node, new: &str) -> Option<()> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let byte_at = |col: usize| chars.get(col).map_or(line.len(), |(i, _)| *i);
    let start = if value.pos.line == key.pos.line
        && (value.value != Value::Null || !after_colon_is_empty(line, key))
    {
        byte_at(value.pos.col - 1)
    } else {
        // An implicit null: the value goes after the key's colon.
        let key_start = byte_at(key.pos.col - 1);
        key_start + line[key_start..].find(':')? + 1
    };
    let rest = &line[start..];
    let content_end = rest.find(['\r', '\n']).unwrap_or(rest.len());
    let body = &rest[..content_end];
    let token_len = match body.find(" #").or_else(|| body.find("\t#")) {
        Some(i) => body[..i].trim_end().len(),
        None => body.trim_end().len(),
    };
    let end = start + token_len;
    let before = &line[..start];
    let space = if new.is_empty() || before.ends_with([' ', '\t']) {
        ""
    } else {
        " "
    };
    let replaced = format!("{before}{space}{new}{}", &line[end..]);
    *line = replaced;
    Some(())
}

/// Whether nothing but a comment follows `key:` on its line.
fn after_colon_is_empty(line: &str, key: &Node) -> bool {
    let start = line
        .char_indices()
        .nth(key.pos.col - 1)
        .map_or(line.len(), |(i, _)| i);
    let Some(colon) = line[start..].find(':') else {
        return true;
    };
    let rest = line[start + colon + 1..].trim();
    rest.is_empty() || rest.starts_with('#')
}

/// The words of a change for `--dry-run`.
pub fn describe(config: &Config, change: &Change) -> Vec<Text> {
    let kind = |m: usize| config.metrics[m].kind;
    let id = |m: usize| config.metrics[m].id.clone();
    let mut out = vec![if change.created {
        text!("import-file-new", path = change.rel.as_str())
    } else {
        text!("import-file-changed", path = change.rel.as_str())
    }];
    for (m, old, new) in &change.changed {
        out.push(text!(
            "import-figure-changed",
            id = id(*m),
            old = format_value(kind(*m), *old),
            new = format_value(kind(*m), *new)
        ));
    }
    for (m, new) in &change.added {
        out.push(text!(
            "import-figure-added",
            id = id(*m),
            new = format_value(kind(*m), *new)
        ));
    }
    for (m, old) in &change.cleared {
        out.push(text!(
            "import-figure-cleared",
            id = id(*m),
            old = format_value(kind(*m), *old)
        ));
    }
    out
}
