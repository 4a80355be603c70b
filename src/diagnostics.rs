//! Located errors and warnings, and the three ways they are printed.
//!
//! A [`Diagnostic`] is created where a problem is found, carrying the file
//! (relative to the site root, `/`-separated), the 1-based line and column
//! (columns count characters, not bytes) and a message in the users' words.
//! Nothing here decides what is an error; it only collects and prints.
//! Every human rendering starts with the one-line form of the contract:
//! `error: content/x.md:12:3: message`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }

    /// This position moved down by `lines` (for text embedded in a larger file).
    pub fn offset_lines(self, lines: usize) -> Self {
        Pos::new(self.line + lines, self.col)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the site, at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Relative to the site root, `/`-separated.
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// Characters to underline in the snippet (at least 1).
    #[serde(skip)]
    pub len: usize,
    pub message: String,
    /// How to fix it, when we can say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: pos.line,
            col: pos.col,
            len: 1,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Underline `len` characters from the column instead of one.
    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line of the human form: `error: path:line:col: message`.
    pub fn headline(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{level}: {}:{}:{}: {}",
            printable(&self.path),
            self.line,
            self.col,
            printable(&self.message)
        )
    }

    /// The GitHub Actions workflow command that annotates the line.
    pub fn github_annotation(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        format!(
            "::{level} file={},line={},col={}::{}",
            escape_property(&self.path),
            self.line,
            self.col,
            escape_data(&message)
        )
    }
}

/// Sorts diagnostics by file, then position, then message, so the output is
/// the same whatever order the parallel stages found them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
    });
}

/// Renders diagnostics for a terminal: the headline, then the source line
/// with the place underlined, then the help. Sources are read from `root`.
pub fn render_human(diagnostics: &[Diagnostic], root: &Path) -> String {
    let mut sources: BTreeMap<&str, Option<String>> = BTreeMap::new();
    let mut out = String::new();
    for d in diagnostics {
        let source = sources
            .entry(d.path.as_str())
            .or_insert_with(|| read_source(&root.join(&d.path)));
        out.push_str(&d.headline());
        out.push('\n');
        let body = snippet(d, source.as_deref());
        if !body.is_empty() {
            out.push_str(&body);
            out.push('\n');
        }
    }
    out
}

/// The text of a file for snippets: only a regular file (opening a named
/// pipe would wait forever) and only valid UTF-8.
fn read_source(path: &Path) -> Option<String> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

fn snippet(d: &Diagnostic, source: Option<&str>) -> String {
    let line_text = source
        .and_then(|s| s.lines().nth(d.line.saturating_sub(1)))
        .map(|l| l.trim_end_matches('\r'));
    let mut group = Group::with_level(match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    });
    let mut has_content = false;
    if let Some(text) = line_text.filter(|t| !t.trim().is_empty() && t.len() <= 400) {
        let start = char_to_byte(text, d.col.saturating_sub(1));
        let end = char_to_byte(text, d.col.saturating_sub(1) + d.len).max(start);
        let span = if start == end && start < text.len() {
            start..char_to_byte(text, d.col)
        } else {
            start..end
        };
        group = group.element(
            Snippet::source(text)
                .line_start(d.line)
                .path(d.path.as_str())
                .annotation(AnnotationKind::Primary.span(span)),
        );
        has_content = true;
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(printable(help).into_owned()));
        has_content = true;
    }
    if !has_content {
        return String::new();
    }
    Renderer::plain().render(&[group]).to_string()
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// One line of JSON per check run: `{"errors": n, "warnings": n, "diagnostics": [...]}`.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        errors: usize,
        warnings: usize,
        diagnostics: &'a [Diagnostic],
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let report = Report {
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// A closing line such as `2 errors, 1 warning`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut s = String::new();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let _ = write!(s, "{errors} error{}", plural(errors));
    if warnings > 0 {
        let _ = write!(s, ", {warnings} warning{}", plural(warnings));
    }
    s
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// User text quoted in a message, kept to one short line: a headline must
/// stay one line, and a pasted megabyte must not be printed back.
/// User text made safe to print on one terminal line: control characters
/// (newlines, escape sequences) are shown as `\u{..}`, so a message can
/// neither move the cursor nor start a line that CI would read as a
/// workflow command (`::error ...`).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

pub fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 60;
    let first = text.lines().next().unwrap_or("");
    let cut = first.char_indices().nth(MAX).map(|(i, _)| i);
    match cut {
        None if first.len() == text.trim_end_matches(['\n', '\r']).len() => {
            std::borrow::Cow::Borrowed(first)
        }
        None => format!("{first}…").into(),
        Some(i) => format!("{}…", &first[..i]).into(),
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to
/// be a likely typo: used for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent swaps), so
/// `cuont` is one edit from `count`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(
            did_you_mean(
                "township_sast_cuont",
                ["township_sast_count", "township_total"]
            ),
            Some("township_sast_count")
        );
        assert_eq!(did_you_mean("pliot", ["pilot", "name"]), Some("pilot"));
        assert_eq!(did_you_mean("zzz", ["pilot", "name"]), None);
    }

    #[test]
    fn messages_cannot_break_lines_or_print_escapes() {
        let d = Diagnostic::error(
            "content/a.md",
            Pos::new(1, 1),
            "unknown field `x\n::warning file=a::spoofed\u{1b}[2J`",
        );
        let line = d.headline();
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line}");
        assert!(line.contains("\\u{a}::warning"), "{line}");
    }

    #[test]
    fn shorten_keeps_one_short_line() {
        assert_eq!(shorten("二十"), "二十");
        assert_eq!(shorten("a\n"), "a");
        assert_eq!(shorten("yes\nno\n"), "yes…");
        let long = "x".repeat(1_000_000);
        assert_eq!(shorten(&long), format!("{}…", "x".repeat(60)));
    }

    #[test]
    fn github_annotation_escapes() {
        let d = Diagnostic::error("content/a,b.md", Pos::new(3, 4), "bad\nvalue 100%");
        assert_eq!(
            d.github_annotation(),
            "::error file=content/a%2Cb.md,line=3,col=4::bad%0Avalue 100%25"
        );
    }
}
