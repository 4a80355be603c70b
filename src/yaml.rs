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

use crate::diagnostics::{Diagnostic, Pos, shorten};
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
///
/// Besides YAML's own errors, the slips of a Chinese input method are
/// refused at the line they are on, whether or not the text still reads as
/// YAML: a full-width colon after a key (`ratc_count：85`), indentation
/// typed with full-width spaces (`　　ratc_count: 85`), and a key line
/// with no space after its colon (`ratc_count:85`) where a `key: value`
/// line is plainly meant.
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
    match serde_saphyr::from_str_with_options::<Node>(text, options) {
        Ok(node) => match slips::in_tree(text, &node) {
            Some(slip) => Err(slip),
            None => Ok(node),
        },
        Err(err) => {
            let d = describe(text, &err);
            // The parser notices these slips a line late, or for another
            // reason; its vaguer messages give way to the slip.
            let vague = [
                "yaml-colon-missing",
                "yaml-colon-not-allowed",
                "yaml-indent-mismatch",
                "yaml-dash-expected",
                "yaml-list-not-allowed",
                "yaml-other",
            ];
            if vague.contains(&d.message.key)
                && let Some(slip) = slips::near(text, d.pos())
            {
                return Err(slip);
            }
            Err(d)
        }
    }
}

/// An error with its help.
fn located(pos: Pos, message: Text, help: Option<Text>) -> Diagnostic {
    let d = Diagnostic::error("", pos, message);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Turns a serde-saphyr error into a message for people who do not know
/// YAML's vocabulary, at the place they have to change.
fn describe(text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(l.line() as usize, l.column().max(1) as usize))
        .unwrap_or(Pos::new(1, 1));
    let too_deep = || {
        located(
            pos,
            text!("yaml-too-deep", max = MAX_DEPTH),
            Some(text!("yaml-too-deep-help")),
        )
    };
    let too_big = || {
        if text.contains('&') && text.contains('*') {
            located(
                pos,
                text!("yaml-alias-bomb", max = MAX_NODES),
                Some(text!("yaml-alias-bomb-help")),
            )
        } else {
            located(
                pos,
                text!("yaml-too-many-values", max = MAX_NODES),
                Some(text!("yaml-too-many-values-help")),
            )
        }
    };
    match original(err) {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => too_deep(),
            BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => located(
                pos,
                text!("yaml-too-much-text"),
                Some(text!("yaml-too-much-text-help")),
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

/// The parser's own message made a catalogue entry: the common ones each
/// have their own, in plain words, moved to the place to fix where the
/// parser noticed the problem later (a tab used for indentation, a bracket
/// never closed). Any other is `yaml-other`, which can only quote the
/// parser's English.
fn plain_words(text: &str, pos: Pos, raw: &str) -> Diagnostic {
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return located(pos, text!("yaml-duplicate-key", key = shorten(key)), None);
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
        return located(
            tab,
            text!("yaml-tab-indent"),
            Some(text!("yaml-tab-indent-help")),
        );
    }
    if mentions_tab {
        return located(pos, text!("yaml-tab"), Some(text!("yaml-tab-help")));
    }
    // `-` or `:` followed by a tab where YAML wants a space.
    if raw.contains("must be followed by a valid YAML whitespace")
        && let Some(line) = text.lines().nth(pos.line.saturating_sub(1))
        && let Some(col) = line.chars().position(|c| c == '\t')
    {
        return located(
            Pos::new(pos.line, col + 1),
            text!("yaml-tab"),
            Some(text!("yaml-tab-help")),
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
        return located(
            *open,
            text!("yaml-quote-open-line"),
            Some(text!("yaml-quote-open-line-help")),
        );
    }
    if let Some((open, bracket)) = scan.unclosed.filter(|(open, _)| *open <= pos) {
        let close = if bracket == '[' { "]" } else { "}" };
        return located(
            open,
            text!("yaml-bracket-unclosed", bracket = bracket.to_string()),
            Some(text!("yaml-bracket-unclosed-help", close = close)),
        );
    }
    let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
    let here = line.chars().nth(pos.col.saturating_sub(1));
    if raw.starts_with("simple key expected ':'") {
        return if line.chars().count() > 1024 && line.contains(':') {
            located(
                pos,
                text!("yaml-key-too-long"),
                Some(text!("yaml-key-too-long-help")),
            )
        } else {
            located(
                pos,
                text!("yaml-colon-missing"),
                Some(text!("yaml-colon-missing-help")),
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
            return located(
                Pos::new(pos.line, i + 1),
                text!(
                    "yaml-control-character",
                    code = format!("{:04X}", u32::from(c))
                ),
                Some(text!("yaml-control-character-help")),
            );
        }
        if let Some(c @ ('@' | '`')) = here {
            let which = if c == '@' { "at" } else { "backtick" };
            return located(
                pos,
                text!("yaml-reserved-start", char = which),
                Some(text!("yaml-reserved-start-help")),
            );
        }
    }
    if here == Some('"')
        && (raw.contains("escape") || raw.contains("hexadecimal"))
        && let Some((col, escape)) = bad_escape(line, pos.col)
    {
        return located(
            Pos::new(pos.line, col),
            text!("yaml-bad-escape", escape = escape),
            Some(text!("yaml-bad-escape-help")),
        );
    }
    if raw.contains("alias references unknown anchor") && here == Some('*') {
        let name: String = line
            .chars()
            .skip(pos.col)
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            .collect();
        return located(
            pos,
            text!("yaml-unknown-anchor", name = shorten(&name)),
            Some(text!("yaml-unknown-anchor-help")),
        );
    }
    if raw.contains("a BOM must not appear inside a document") {
        return located(pos, text!("yaml-bom"), Some(text!("yaml-bom-help")));
    }
    if raw.contains("mapping values are not allowed in this context") {
        return located(
            pos,
            text!("yaml-colon-not-allowed"),
            Some(text!("yaml-colon-not-allowed-help")),
        );
    }
    if raw == "unclosed quote" {
        return located(
            pos,
            text!("yaml-quote-unclosed"),
            Some(text!("yaml-quote-unclosed-help")),
        );
    }
    if raw.contains("did not find expected key") {
        return located(
            pos,
            text!("yaml-indent-mismatch"),
            Some(text!("yaml-indent-mismatch-help")),
        );
    }
    if raw.contains("did not find expected '-' indicator") {
        return located(
            pos,
            text!("yaml-dash-expected"),
            Some(text!("yaml-dash-expected-help")),
        );
    }
    if raw.contains("block sequence entries are not allowed") {
        return located(
            pos,
            text!("yaml-list-not-allowed"),
            Some(text!("yaml-list-not-allowed-help")),
        );
    }
    let words = if raw.is_empty() { "not valid" } else { raw };
    let words = words
        .replace("plain scalar", "unquoted value")
        .replace("quoted scalar", "quoted value")
        .replace("scalar", "value");
    located(pos, text!("yaml-other", detail = detail(&words)), None)
}

/// The parser's own message as an argument: its first line, cut at 200
/// characters (it can quote what the author wrote).
fn detail(words: &str) -> String {
    const MAX: usize = 200;
    let first = words.lines().next().unwrap_or("");
    match first.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &first[..i]),
        None => first.to_string(),
    }
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

/// The slips of a Chinese input method in YAML text, each found at its
/// own line: a full-width colon `：` after a key, indentation typed with
/// full-width spaces (U+3000), a key line with no space after its colon.
mod slips {
    use super::{Node, Value, scan};
    use crate::diagnostics::{Diagnostic, Pos, shorten};
    use crate::text;

    const FULL_WIDTH_SPACE: char = '\u{3000}';
    const FULL_WIDTH_COLON: char = '：';

    /// What a line holds where a key is expected.
    enum Slip {
        /// Full-width spaces in the indentation, the first at this column.
        Indent(usize),
        /// `key：value`, the `：` at this column.
        FullWidthColon {
            col: usize,
            key: String,
            value: String,
        },
        /// `key:value`, the `:` at this column.
        NoSpace {
            col: usize,
            key: String,
            value: String,
        },
    }

    impl Slip {
        fn diagnostic(self, line: usize) -> Diagnostic {
            match self {
                Slip::Indent(col) => {
                    Diagnostic::error("", Pos::new(line, col), text!("yaml-full-width-indent"))
                        .with_help(text!("yaml-full-width-indent-help"))
                }
                Slip::FullWidthColon { col, key, value } => Diagnostic::error(
                    "",
                    Pos::new(line, col),
                    text!(
                        "yaml-full-width-colon",
                        key = shorten(&key),
                        fixed = shorten(format!("{key}: {value}").trim_end()),
                    ),
                )
                .with_help(text!("yaml-full-width-colon-help")),
                Slip::NoSpace { col, key, value } => Diagnostic::error(
                    "",
                    Pos::new(line, col),
                    text!(
                        "yaml-colon-no-space",
                        fixed = shorten(&format!("{key}: {value}")),
                    ),
                )
                .with_help(text!("yaml-colon-no-space-help")),
            }
        }
    }

    /// A key as this site's files write them: `ratc_count`, `title`,
    /// `pilot_since`, `ratio_of`.
    fn key_len(s: &str) -> usize {
        let mut chars = s.char_indices();
        match chars.next() {
            Some((_, c)) if c.is_ascii_alphabetic() || c == '_' => {}
            _ => return 0,
        }
        chars
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(s.len(), |(i, _)| i)
    }

    /// The value after a colon, as an author would see it: without the
    /// spaces around it or a comment after it.
    fn value_of(rest: &str) -> String {
        let rest = rest.trim_matches([' ', FULL_WIDTH_SPACE, '\t']);
        let rest = match rest.find(" #") {
            Some(i) => &rest[..i],
            None => rest,
        };
        rest.trim_end().to_string()
    }

    /// The slip of one line, if it is a key line typed with one (after its
    /// ordinary spaces and a list's `- `).
    fn on_line(line: &str) -> Option<Slip> {
        let after_spaces = line.trim_start_matches(' ');
        let spaces = line.len() - after_spaces.len();
        if after_spaces.starts_with(FULL_WIDTH_SPACE) {
            // Only a line that, without them, is a key line: a paragraph
            // indented the Chinese way inside text stays as it is.
            let rest = after_spaces.trim_start_matches([' ', FULL_WIDTH_SPACE]);
            let rest = rest.strip_prefix("- ").unwrap_or(rest);
            let rest = rest.trim_start_matches(' ');
            let n = key_len(rest);
            let after = rest[n..].trim_start_matches(' ');
            return (n > 0 && after.starts_with([':', FULL_WIDTH_COLON]))
                .then(|| Slip::Indent(line[..spaces].chars().count() + 1));
        }
        let (content, list_item) = match after_spaces.strip_prefix("- ") {
            Some(rest) => (rest.trim_start_matches(' '), true),
            None => (after_spaces, false),
        };
        let start = line.len() - content.len();
        let n = key_len(content);
        if n == 0 {
            return None;
        }
        let key = &content[..n];
        let after = &content[n..];
        let spaced = after.trim_start_matches(' ');
        if let Some(rest) = spaced.strip_prefix(FULL_WIDTH_COLON) {
            let at = start + n + (after.len() - spaced.len());
            return Some(Slip::FullWidthColon {
                col: line[..at].chars().count() + 1,
                key: key.to_string(),
                value: value_of(rest),
            });
        }
        // `key:value`, not `http://…`, `C:\…` or `a::b`; never a list item
        // (`- a:b` is a fine text item).
        let rest = after.strip_prefix(':')?;
        let next = rest.chars().next()?;
        if list_item || next.is_whitespace() || matches!(next, '/' | '\\' | ':') {
            return None;
        }
        let at = start + n;
        Some(Slip::NoSpace {
            col: line[..at].chars().count() + 1,
            key: key.to_string(),
            value: value_of(rest),
        })
    }

    /// Lines (0-based) that are inside text: a block value (`|`, `>`) or
    /// a quoted value that goes on over several lines. Rough, like
    /// [`scan`]: it only decides which lines may be read as key lines.
    fn inside_text(text: &str) -> Vec<bool> {
        let lines: Vec<&str> = text.lines().collect();
        let mut inside = vec![false; lines.len()];
        let mut block: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            let indent = line.len() - line.trim_start_matches(' ').len();
            if let Some(parent) = block {
                if line.trim().is_empty() || indent > parent {
                    inside[i] = true;
                    continue;
                }
                block = None;
            }
            let code = match line.find(" #") {
                Some(at) => &line[..at],
                None => line,
            };
            let code = code
                .trim_end()
                .trim_end_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
            if let Some(before) = code.strip_suffix(['|', '>']) {
                let before = before.trim_end();
                if before.ends_with(':') || before.ends_with('-') || before.trim().is_empty() {
                    block = Some(indent);
                }
            }
        }
        for (open, close) in scan(text).quoted {
            if open.line < close.line && !inside[open.line - 1] {
                for flag in inside.iter_mut().take(close.line).skip(open.line) {
                    *flag = true;
                }
            }
        }
        inside
    }

    fn is_blank_or_comment(line: &str) -> bool {
        let t = line.trim();
        t.is_empty() || t.starts_with('#')
    }

    /// The slip that explains a syntax error found at `pos`: on that line,
    /// or on the key lines just above it (the parser often notices a slip
    /// only at the next line). Of several in a row, the first.
    pub(super) fn near(text: &str, pos: Pos) -> Option<Diagnostic> {
        let lines: Vec<&str> = text.lines().collect();
        let last = pos.line.min(lines.len());
        if last == 0 {
            return None;
        }
        let inside = inside_text(text);
        let mut found = None;
        for n in (1..=last).rev() {
            let line = lines[n - 1];
            if inside[n - 1] || is_blank_or_comment(line) {
                continue;
            }
            match on_line(line) {
                Some(slip) => found = Some((n, slip)),
                None if n == pos.line => {}
                None => break,
            }
        }
        found.map(|(n, slip)| slip.diagnostic(n))
    }

    /// A slip in a document that still parsed: a key starting with
    /// full-width spaces, or a text value standing alone on its line that
    /// reads `key：value` or `key:value` (a whole entry that became text).
    pub(super) fn in_tree(text: &str, root: &Node) -> Option<Diagnostic> {
        let starts = line_starts(text);
        let mut found: Option<Diagnostic> = None;
        let mut keep = |d: Diagnostic| {
            if found.as_ref().is_none_or(|f| d.pos() < f.pos()) {
                found = Some(d);
            }
        };
        walk(text, &starts, root, Place::Root, &mut keep);
        found
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Place {
        Root,
        Value,
        Item,
    }

    fn line_starts(text: &str) -> Vec<usize> {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect()
    }

    fn line_at<'t>(text: &'t str, starts: &[usize], line: usize) -> &'t str {
        let Some(&start) = starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let rest = &text[start..];
        let line = rest.split('\n').next().unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }

    fn walk(
        text: &str,
        starts: &[usize],
        node: &Node,
        place: Place,
        keep: &mut impl FnMut(Diagnostic),
    ) {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    if let Value::Str(k) = &key.value
                        && k.starts_with(FULL_WIDTH_SPACE)
                    {
                        keep(Slip::Indent(key.pos.col).diagnostic(key.pos.line));
                    }
                    walk(text, starts, value, Place::Value, keep);
                }
            }
            Value::Seq(items) => {
                for item in items {
                    walk(text, starts, item, Place::Item, keep);
                }
            }
            Value::Str(s) => {
                // Cheap tests first: most values are not `word:…`.
                let n = key_len(s);
                if n == 0
                    || !s[n..]
                        .trim_start_matches(' ')
                        .starts_with([':', FULL_WIDTH_COLON])
                {
                    return;
                }
                let line = line_at(text, starts, node.pos.line);
                let after_spaces = line.trim_start_matches(' ');
                let first = line.len() - after_spaces.len();
                let first = match (place, after_spaces.strip_prefix("- ")) {
                    (Place::Item, Some(rest)) => line.len() - rest.trim_start_matches(' ').len(),
                    _ => first,
                };
                // Only a value that starts its line: `key: a:b` is fine.
                if line[..first].chars().count() + 1 != node.pos.col {
                    return;
                }
                match on_line(line) {
                    Some(slip @ Slip::FullWidthColon { .. }) => {
                        keep(slip.diagnostic(node.pos.line))
                    }
                    Some(slip @ Slip::NoSpace { .. }) if place != Place::Item => {
                        keep(slip.diagnostic(node.pos.line))
                    }
                    _ => {}
                }
            }
            _ => {}
        }
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

    fn slip(text: &str) -> (&'static str, Pos, String) {
        let err = parse(text).unwrap_err();
        (
            err.code,
            err.pos(),
            err.message(crate::messages::Language::En),
        )
    }

    #[test]
    fn a_full_width_colon_is_named_at_its_line() {
        let expected = |line, col| {
            (
                "PS107",
                Pos::new(line, col),
                "a full-width colon `：` after `ratc_count`; type an ordinary colon and a space: `ratc_count: 72`"
                    .to_string(),
            )
        };
        // Between two metrics, last, alone (where the text still parses).
        let middle = "metrics:\n  township_total: 14\n  ratc_count：72\n  village_total: 432\n";
        assert_eq!(slip(middle), expected(3, 13));
        assert_eq!(
            slip("metrics:\n  a: 1\n  ratc_count：72\n"),
            expected(3, 13)
        );
        assert_eq!(slip("metrics:\n  ratc_count：72\n"), expected(2, 13));
        assert_eq!(
            slip("metrics:\n  ratc_count：72\n  a：1\n"),
            expected(2, 13)
        );
        assert_eq!(slip("ratc_count：72\n"), expected(1, 11));
        assert_eq!(
            slip("title: x\nratc_count ：72 # 农技协\nb: 1\n").1,
            Pos::new(2, 12)
        );
        // site.yaml's list of metrics.
        let site = "metrics:\n  - id：ratc_count\n    label: 农技协数\n";
        assert_eq!(slip(site).0, "PS107");
        assert_eq!(slip(site).1, Pos::new(2, 7));
        let site = "metrics:\n  - id: a\n    label：农技协数\n    kind: count\n";
        assert_eq!(slip(site).1, Pos::new(3, 10));
    }

    #[test]
    fn full_width_indentation_is_named_at_its_line() {
        let expected = |line, col| {
            (
                "PS106",
                Pos::new(line, col),
                "full-width spaces are used for indentation; indent with two ordinary spaces"
                    .to_string(),
            )
        };
        // Parsed as a new top-level key, or a syntax error on the next line.
        assert_eq!(
            slip("metrics:\n  a: 1\n　　ratc_count: 72\n"),
            expected(3, 1)
        );
        assert_eq!(
            slip("metrics:\n  a: 1\n　　ratc_count: 72\n  b: 2\n"),
            expected(3, 1)
        );
        assert_eq!(
            slip("metrics:\n　　ratc_count: 72\n  b: 2\n"),
            expected(2, 1)
        );
        assert_eq!(
            slip("metrics:\n  　ratc_count: 72\n  b: 2\n"),
            expected(2, 3)
        );
        assert_eq!(slip("metrics:\n  a: 1\n  　　b: 2\n").1, Pos::new(3, 3));
    }

    #[test]
    fn a_missing_space_after_a_colon_is_named_at_its_line() {
        let expected = |line, col| {
            (
                "PS108",
                Pos::new(line, col),
                "a space is missing after the colon: write `ratc_count: 72`".to_string(),
            )
        };
        assert_eq!(
            slip("metrics:\n  township_total: 14\n  ratc_count:72\n  village_total: 432\n"),
            expected(3, 13)
        );
        assert_eq!(slip("metrics:\n  a: 1\n  ratc_count:72\n"), expected(3, 13));
        assert_eq!(slip("metrics:\n  ratc_count:72\n"), expected(2, 13));
        assert_eq!(slip("metrics:\n  ratc_count:72\n  b:1\n"), expected(2, 13));
        assert_eq!(slip("title: x\nratc_count:72\n"), expected(2, 11));
    }

    #[test]
    fn colons_and_full_width_spaces_in_text_are_fine() {
        for ok in [
            "url: http://x.cn/a\n",
            "link:\n  http://x.cn/a\n",
            "time: 12:30\n",
            "note: a:b\n",
            "tags:\n  - a:b\n  - c\n",
            "path:\n  C:\\data\n",
            "summary: |\n  　　这是一段。\n  重点：乡镇科协\n  ratc_count：72\n",
            "summary: >-\n  第一段\n\n  　　第二段\n",
            "summary: \"第一段\n  　　第二段\"\n",
            "summary: 今年\n  重点：乡镇科协\n",
            "title: 东台：进展\n",
            "tags: [重点：乡镇, a:b]\n",
            "# ratc_count：72\na: 1\n",
        ] {
            assert!(parse(ok).is_ok(), "{ok:?}: {:?}", parse(ok));
        }
    }

    #[test]
    fn a_slip_below_another_error_does_not_hide_it() {
        // The parser's error is on line 2; the slip further down waits.
        let err = parse("a: 1\nb: [1, 2\nc: 3\nratc_count：72\n").unwrap_err();
        assert_eq!(err.code, "PS116", "{err:?}");
    }

    #[test]
    fn quoted_user_text_is_shortened() {
        let long = "7".repeat(4 << 20);
        for text in [
            format!("metrics:\n  ratc_count：{long}\n"),
            format!("metrics:\n  ratc_count:{long}\n"),
            format!("{}: 1\n{}: 2\n", "k".repeat(1000), "k".repeat(1000)),
        ] {
            let err = parse(&text).unwrap_err();
            for lang in crate::messages::Language::ALL {
                let message = err.message(lang);
                assert!(message.chars().count() < 300, "{}", &message[..300]);
            }
        }
    }
}
