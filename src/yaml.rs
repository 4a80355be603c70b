//! A YAML document as a tree of nodes that each know their line and column.
//!
//! Parsing goes through serde-saphyr (YAML 1.2, strict booleans so `no` stays
//! a string, alias-bomb limits, duplicate keys rejected). Validation of what the
//! tree means lives in `content`; this module only turns text into located
//! nodes or a located syntax error. It does no I/O.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::options::{DuplicateKeyPolicy, NonFiniteFloatPolicy};

use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Text;
use crate::text;

/// One YAML node and where it starts in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The value of a node. Mappings keep their source order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// The word a user would use for this kind of value, for error messages.
    /// What kind of value this is, in words for a message ("a list").
    pub fn kind_text(&self) -> Text {
        match self {
            Value::Null => text!("found-null"),
            Value::Bool(_) => text!("found-bool"),
            Value::Int(_) => text!("found-int"),
            Value::Float(_) => text!("found-number"),
            Value::Str(_) => text!("found-text"),
            Value::Seq(_) => text!("found-list"),
            Value::Map(_) => text!("found-mapping"),
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true/false",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The key of a mapping entry as text (numbers and booleans spelled as written).
    pub fn key_text(&self) -> String {
        match &self.value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_string(),
            Value::Seq(_) | Value::Map(_) => "(complex key)".to_string(),
        }
    }
}

/// The deepest nesting of lists and mappings a document may have. Front
/// matter needs three or four levels. Each level costs the deserializer tens
/// of kilobytes of stack in a debug build, and files are parsed on rayon
/// threads with 2 MiB stacks, so a deeper document is refused (by the
/// parser's budget, while it reads) long before it could overflow the stack.
pub const MAX_DEPTH: usize = 24;

/// The most values (scalars, lists, mappings) a document may hold once its
/// aliases are expanded: thousands of times what a site needs, and small
/// enough that an alias bomb ("billion laughs") is refused in a moment.
pub const MAX_NODES: usize = 100_000;

/// Parses one YAML document. An empty document is `Null` at 1:1.
pub fn parse(text: &str) -> Result<Node, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            pos: Pos::new(1, 1),
        });
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        non_finite_float_policy: NonFiniteFloatPolicy::PassThrough,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: MAX_NODES,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_NODES,
        },
    };
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|err| describe(text, &err))
}

/// Turns a serde-saphyr error into a message for people who do not know
/// YAML's vocabulary, at the place they have to change.
fn describe(text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(l.line() as usize, l.column().max(1) as usize))
        .unwrap_or(Pos::new(1, 1));
    let error = |message: String, help: Option<&str>| {
        let d = Diagnostic::error("", pos, message);
        match help {
            Some(h) => d.with_help(h),
            None => d,
        }
    };
    let too_deep = || {
        error(
            format!(
                "invalid YAML: lists and mappings are nested more than {MAX_DEPTH} levels deep"
            ),
            Some(
                "nothing in a site needs this much nesting; check the brackets and the indentation",
            ),
        )
    };
    let too_big = || {
        if text.contains('&') && text.contains('*') {
            error(
                format!(
                    "invalid YAML: the aliases (`*name`) here expand to more than {MAX_NODES} values"
                ),
                Some(
                    "each `*name` repeats the value marked `&name`, and repeating values that repeat others multiplies them; write the values out instead",
                ),
            )
        } else {
            error(
                format!("invalid YAML: more than {MAX_NODES} values"),
                Some(
                    "move large data out of the front matter, into the text or a file under static/",
                ),
            )
        }
    };
    match original(err) {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => too_deep(),
            BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => error(
                "invalid YAML: too much text".to_string(),
                Some("move large text out of the front matter, into the body"),
            ),
            _ => too_big(),
        },
        serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => too_big(),
        _ => {
            let raw = raw_message(&err.render_with_options(serde_saphyr::render_options! {
                snippets: serde_saphyr::SnippetMode::Off,
            }));
            if raw.contains("recursion limit exceeded") {
                return too_deep();
            }
            plain_words(text, pos, &raw)
        }
    }
}

/// The error behind alias and snippet wrappers.
fn original(mut err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = err
    {
        err = error;
    }
    err
}

/// serde-saphyr appends " at line L column C" to its plain messages; we print
/// the position ourselves, in front, so drop it here.
fn raw_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or("").trim();
    let first = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}

/// The parser's own message, reworded where it is cryptic, and moved to the
/// place to fix where the parser noticed the problem later (a tab used for
/// indentation, a bracket never closed).
fn plain_words(text: &str, pos: Pos, raw: &str) -> Diagnostic {
    let error = |pos: Pos, message: String, help: Option<&str>| {
        let d = Diagnostic::error("", pos, message);
        match help {
            Some(h) => d.with_help(h),
            None => d,
        }
    };
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return error(
            pos,
            format!("`{key}` appears twice; keep one of the two lines"),
            None,
        );
    }
    let mentions_tab = raw
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "tab" || w == "tabs");
    let tab = if mentions_tab {
        indentation_tab(text, pos.line..).or_else(|| indentation_tab(text, 1..))
    } else {
        indentation_tab(text, pos.line..=pos.line)
    };
    if let Some(tab) = tab {
        return error(
            tab,
            "invalid YAML: a tab is used for indentation; YAML needs spaces".to_string(),
            Some(
                "replace the tab at the start of this line with spaces (most editors can convert tabs to spaces)",
            ),
        );
    }
    if mentions_tab {
        return error(
            pos,
            "invalid YAML: a tab is not allowed here; YAML needs spaces".to_string(),
            Some("replace the tab with spaces"),
        );
    }
    let scan = scan(text);
    if raw.contains("trailing content after")
        && let Some((open, _)) = scan
            .quoted
            .iter()
            .rev()
            .find(|(_, close)| *close < pos)
            .filter(|(open, close)| open.line < close.line && close.line == pos.line)
    {
        return error(
            *open,
            "invalid YAML: the quote opened here is not closed on this line".to_string(),
            Some("close the quote on this line; a quote left open takes in the lines below it"),
        );
    }
    if let Some((open, bracket)) = scan.unclosed.filter(|(open, _)| *open <= pos) {
        let close = if bracket == '[' { ']' } else { '}' };
        return error(
            open,
            format!("invalid YAML: unclosed bracket '{bracket}'"),
            Some(&format!("add the closing `{close}` after the last item")),
        );
    }
    let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
    let here = line.chars().nth(pos.col.saturating_sub(1));
    if raw.starts_with("simple key expected ':'") {
        return if line.chars().count() > 1024 && line.contains(':') {
            error(
                pos,
                "invalid YAML: this key is longer than 1024 characters, the most YAML allows"
                    .to_string(),
                Some("use a shorter key"),
            )
        } else {
            error(
                pos,
                "invalid YAML: a `:` is missing after the key on this line".to_string(),
                Some("write `key: value`, with the key and its `:` on one line"),
            )
        };
    }
    if raw.starts_with("unexpected character") {
        let control = line
            .chars()
            .enumerate()
            .skip(pos.col.saturating_sub(1))
            .find(|(_, c)| c.is_control() && *c != '\t');
        if let Some((i, c)) = control {
            return error(
                Pos::new(pos.line, i + 1),
                format!(
                    "invalid YAML: an invisible control character (U+{:04X}) is not allowed here",
                    u32::from(c)
                ),
                Some("delete it; it often comes with text pasted from another program"),
            );
        }
        if let Some(c @ ('@' | '`')) = here {
            let what = if c == '@' { "`@`" } else { "a backtick (`)" };
            return error(
                pos,
                format!("invalid YAML: a value cannot start with {what}"),
                Some("put the value in quotes"),
            );
        }
    }
    if here == Some('"')
        && (raw.contains("escape") || raw.contains("hexadecimal"))
        && let Some((col, escape)) = bad_escape(line, pos.col)
    {
        return error(
            Pos::new(pos.line, col),
            format!("invalid YAML: `{escape}` is not a valid escape in double quotes"),
            Some(
                "inside double quotes a backslash starts an escape such as `\\n`; write the text in single quotes, or double each backslash",
            ),
        );
    }
    if raw.contains("alias references unknown anchor") && here == Some('*') {
        let name: String = line
            .chars()
            .skip(pos.col)
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            .collect();
        return error(
            pos,
            format!(
                "invalid YAML: `*{name}` refers to an anchor `&{name}` that is not defined before it"
            ),
            Some("define `&name` on an earlier value, or remove the `*`"),
        );
    }
    if raw.contains("a BOM must not appear inside a document") {
        return error(
            pos,
            "invalid YAML: an invisible byte-order mark (U+FEFF) is not allowed here".to_string(),
            Some("delete it; it often comes with text pasted from another file"),
        );
    }
    if raw.contains("mapping values are not allowed in this context") {
        return error(
            pos,
            "invalid YAML: a `:` is not allowed here".to_string(),
            Some(
                "put text that contains `: ` in quotes, and check that this line is indented like the lines around it",
            ),
        );
    }
    let help = if raw.contains("did not find expected key") {
        Some("check the indentation: the keys of one mapping must start in the same column")
    } else if raw.contains("block sequence entries are not allowed") {
        Some("a list item `- ` starts its own line; a list on one line is written `[a, b]`")
    } else {
        None
    };
    let words = if raw.is_empty() { "not valid" } else { raw };
    let words = words
        .replace("plain scalar", "unquoted value")
        .replace("quoted scalar", "quoted value")
        .replace("scalar", "value");
    error(pos, format!("invalid YAML: {words}"), help)
}

/// The first invalid backslash escape in the double-quoted value that opens
/// at column `open` of `line`: its column and its text (`\\U` or `\\q`).
fn bad_escape(line: &str, open: usize) -> Option<(usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = open; // just after the opening quote (0-based)
    while i < chars.len() {
        match chars[i] {
            '"' => return None,
            '\\' => {
                let next = chars.get(i + 1).copied();
                let digits = match next {
                    Some('x') => 2,
                    Some('u') => 4,
                    Some('U') => 8,
                    _ => 0,
                };
                let valid = match next {
                    Some('x' | 'u' | 'U') => (i + 2..i + 2 + digits)
                        .all(|j| chars.get(j).is_some_and(char::is_ascii_hexdigit)),
                    Some(c) => "0abt\tnvfre \"/\\N_LP".contains(c),
                    None => true, // a line break: the value goes on
                };
                if !valid {
                    return Some((i + 1, chars[i..(i + 2).min(chars.len())].iter().collect()));
                }
                i += 2 + digits;
            }
            _ => i += 1,
        }
    }
    None
}

/// The first tab in the indentation of a line within `lines` (1-based).
/// Blank lines and comment lines may hold tabs.
fn indentation_tab(text: &str, lines: impl std::ops::RangeBounds<usize>) -> Option<Pos> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(n, _)| lines.contains(n))
        .find_map(|(n, line)| {
            let rest = line.trim_start_matches([' ', '\t']);
            if rest.is_empty() || rest.starts_with('#') {
                return None;
            }
            let indent = &line[..line.len() - rest.len()];
            indent
                .find('\t')
                .map(|b| Pos::new(n, indent[..b].chars().count() + 1))
        })
}

/// What a rough scan of YAML text finds: the first `[` or `{` that is never
/// closed, and where each quoted value opens and closes.
struct Scan {
    unclosed: Option<(Pos, char)>,
    quoted: Vec<(Pos, Pos)>,
}

/// Scans `text` skipping quoted text and comments, counting a bracket or a
/// quote only where a value starts. Only used to explain an error the parser
/// already found, so it may be rough.
fn scan(text: &str) -> Scan {
    let mut open: Vec<(Pos, char)> = Vec::new();
    let mut quoted = Vec::new();
    let (mut line, mut col) = (1, 0);
    // The last character that is not a space on this line, if any.
    let mut prev: Option<char> = None;
    let mut prev_raw = ' ';
    let mut quote: Option<(char, Pos)> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            (line, col, prev, prev_raw) = (line + 1, 0, None, ' ');
            continue;
        }
        col += 1;
        if let Some((q, start)) = quote {
            if c == '\\' && q == '"' {
                chars.next();
                col += 1;
            } else if c == q {
                if q == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                    col += 1;
                } else {
                    quote = None;
                    quoted.push((start, Pos::new(line, col)));
                    prev = Some(c);
                }
            }
            prev_raw = c;
            continue;
        }
        if c == '#' && prev_raw.is_whitespace() {
            while chars.peek().is_some_and(|&n| n != '\n') {
                chars.next();
            }
            continue;
        }
        let value_starts = matches!(prev, None | Some(':' | '-' | ',' | '[' | '{' | '?'));
        match c {
            '"' | '\'' if value_starts => quote = Some((c, Pos::new(line, col))),
            '[' | '{' if value_starts => open.push((Pos::new(line, col), c)),
            ']' | '}' => {
                open.pop();
            }
            _ => {}
        }
        if !c.is_whitespace() {
            prev = Some(c);
        }
        prev_raw = c;
    }
    Scan {
        unclosed: open.first().copied(),
        quoted,
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        let loc = spanned.referenced;
        Ok(Node {
            value: spanned.value,
            pos: Pos::new(loc.line().max(1) as usize, loc.column().max(1) as usize),
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Value, E> {
        Err(E::custom("binary values are not supported"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &Vec<(Node, Node)> {
        match &node.value {
            Value::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keys_and_values_carry_positions() {
        let doc = parse("title: 东台\nmetrics:\n  a: 1\n  b: null\n").unwrap();
        let m = map(&doc);
        assert_eq!(m[0].0.pos, Pos::new(1, 1));
        assert_eq!(m[0].1.value, Value::Str("东台".into()));
        let inner = map(&m[1].1);
        assert_eq!(inner[1].0.pos, Pos::new(4, 3));
        assert_eq!(inner[1].1.value, Value::Null);
        assert_eq!(inner[0].1.pos, Pos::new(3, 6));
    }

    #[test]
    fn strict_booleans_keep_no_as_text() {
        let doc = parse("a: no\nb: true\nc: 2018\n").unwrap();
        let m = map(&doc);
        assert_eq!(m[0].1.value, Value::Str("no".into()));
        assert_eq!(m[1].1.value, Value::Bool(true));
        assert_eq!(m[2].1.value, Value::Int(2018));
    }

    #[test]
    fn nan_reaches_validation() {
        let doc = parse("a: .nan\n").unwrap();
        assert!(matches!(map(&doc)[0].1.value, Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn duplicate_keys_are_located() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.pos().line, 3, "{err:?}");
        assert!(
            err.message(crate::messages::Language::En)
                .contains("`a` appears twice"),
            "{err:?}"
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.pos().line >= 2, "{err:?}");
    }

    #[test]
    fn an_unclosed_bracket_is_shown_where_it_opens() {
        let err = parse("tags: [a, b\ndate: x\n").unwrap_err();
        assert_eq!(err.pos(), Pos::new(1, 7), "{err:?}");
        assert_eq!(
            err.message(crate::messages::Language::En),
            "invalid YAML: unclosed bracket '['"
        );
    }

    #[test]
    fn a_tab_in_the_indentation_is_named_at_the_tab() {
        let err = parse("a:\n  b: 1\n\tc: 2\n").unwrap_err();
        assert_eq!(err.pos(), Pos::new(3, 1), "{err:?}");
        assert!(
            err.message(crate::messages::Language::En)
                .contains("a tab is used for indentation"),
            "{err:?}"
        );
        // A tab as the space after a colon, or on a blank line, is fine.
        assert!(parse("a:\t1\n\t\nb: 2\n").is_ok());
    }

    #[test]
    fn a_bad_escape_is_shown_at_its_backslash() {
        let err = parse("t: \"C:\\Users\"\n").unwrap_err();
        assert_eq!(err.pos(), Pos::new(1, 7), "{err:?}");
        assert!(
            err.message(crate::messages::Language::En)
                .contains("`\\U` is not a valid escape"),
            "{err:?}"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // Run on a thread with a 2 MiB stack, like rayon's workers.
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
                let block: String = (0..10_000)
                    .map(|i| format!("{}k:\n", "  ".repeat(i)))
                    .collect();
                let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
                (parse(&flow), parse(&block), parse(&at_limit))
            })
            .expect("spawn");
        let (flow, block, at_limit) = handle.join().expect("no overflow");
        for err in [flow.unwrap_err(), block.unwrap_err()] {
            assert!(
                err.message(crate::messages::Language::En)
                    .contains("nested more than"),
                "{err:?}"
            );
        }
        assert!(at_limit.is_ok());
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text = "a: &a [x, x, x, x, x, x, x, x, x]\n".to_string();
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            let items = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{items}]\n"));
        }
        let err = parse(&text).unwrap_err();
        assert!(
            err.message(crate::messages::Language::En)
                .contains("aliases"),
            "{err:?}"
        );
        assert_eq!(err.pos().line, 6, "{err:?}");
        // A few aliases are fine.
        assert!(parse("a: &a [1, 2]\nb: [*a, *a]\n").is_ok());
    }
}
