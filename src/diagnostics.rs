//! Located errors and warnings, and the three ways they are printed.
//!
//! A [`Diagnostic`] is created where a problem is found, carrying the file
//! (relative to the site root, `/`-separated), the 1-based line and column
//! (columns count characters, not bytes) and a message in the users' words.
//! Nothing here decides what is an error; it only collects and prints.
//! Every human rendering starts with the one-line form of the contract:
//! `error: content/x.md:12:3: message`.

use std::collections::BTreeMap;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::messages::{self, Arg, Language, Text, codes};

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind's stable code (`PS301`), see [`crate::messages::codes`].
    pub code: &'static str,
    /// Relative to the site root, `/`-separated.
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// Characters to underline in the snippet (at least 1). A `u32`, so
    /// that a diagnostic stays small enough to travel in `Result`s.
    pub len: u32,
    /// What is wrong: a catalogue entry, put in words when printed.
    pub message: Text,
    /// How to fix it, when we can say (boxed: most diagnostics travel in
    /// `Result`s, and most have no help).
    pub help: Option<Box<Text>>,
    /// A problem in a spreadsheet (`import`): the sheet's name. `line` is
    /// then the row and `col` the column, both 1-based, and the place
    /// reads `FILE:SHEET!C5` instead of `FILE:line:col`. (A `Box` of a
    /// `String` is one pointer wide.)
    pub sheet: Option<Box<String>>,
}

impl Diagnostic {
    /// An error whose headline is `message`; its code is the one
    /// registered for the message's key.
    pub fn error(path: impl Into<String>, pos: Pos, message: impl Into<Text>) -> Self {
        let message = message.into();
        let code = codes::code_of(message.key);
        debug_assert!(
            code.is_some(),
            "`{}` has no code in messages/codes.rs",
            message.key
        );
        Diagnostic {
            severity: Severity::Error,
            code: code.unwrap_or("PS000"),
            path: path.into(),
            line: pos.line,
            col: pos.col,
            len: 1,
            message,
            help: None,
            sheet: None,
        }
    }

    pub fn warning(path: impl Into<String>, pos: Pos, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(Box::new(help.into()));
        self
    }

    /// Underline `len` characters from the column instead of one.
    pub fn with_len(mut self, len: usize) -> Self {
        self.len = u32::try_from(len).unwrap_or(u32::MAX).max(1);
        self
    }

    /// A diagnostic found inside a piece of text (a front matter, a chart
    /// block), whose positions count from that text's start, made one of
    /// the file holding it: the text starts `lines` lines below the file's
    /// first line, `cols` characters into its first line. A diagnostic that
    /// already names a file (a theme template's) is left as it is.
    pub fn placed(mut self, path: &str, lines: usize, cols: usize) -> Self {
        if !self.path.is_empty() {
            return self;
        }
        self.path = path.to_string();
        self.line += lines;
        self.col += cols;
        self
    }

    /// The same problem at a spreadsheet's cell: `line` and `col` are the
    /// cell's row and column in `sheet`.
    pub fn in_sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(Box::new(sheet.to_string()));
        self
    }

    /// Where the problem is, after the file: `12:3`, or `Sheet!C5` in a
    /// spreadsheet.
    pub fn place(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{sheet}!{}", cell_name(self.line, self.col)),
            None => format!("{}:{}", self.line, self.col),
        }
    }

    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message in `lang`, made safe to print on one line.
    pub fn message(&self, lang: Language) -> String {
        printable(&self.message.render(lang)).into_owned()
    }

    /// The help line's text in `lang`: the help, if any, and where to read
    /// more (`pilotsite explain CODE`).
    pub fn help_line(&self, lang: Language) -> String {
        let code = Arg::from(self.code);
        match &self.help {
            Some(help) => messages::ui(
                lang,
                "help-with-code",
                &[("help", Arg::Text(help.clone())), ("code", code)],
            ),
            None => messages::ui(lang, "help-code-only", &[("code", code)]),
        }
    }

    /// The first line of the human form: `error: path:line:col: message`
    /// (`error: path:Sheet!C5: message` in a spreadsheet).
    /// `error` and `warning` stay English in every language: tools parse them.
    pub fn headline(&self, lang: Language) -> String {
        format!(
            "{}: {}:{}: {}",
            self.severity.word(),
            printable(&self.path),
            printable(&self.place()),
            self.message(lang)
        )
    }

    /// The GitHub Actions workflow command that annotates the line. `prefix`
    /// is the site's folder inside the repository (`""` or `site/`), since
    /// GitHub places annotations by path from the repository root.
    pub fn github_annotation(&self, lang: Language, prefix: &str) -> String {
        let mut message = self.message(lang);
        message.push_str("\nhelp: ");
        message.push_str(&printable(&self.help_line(lang)));
        if self.sheet.is_some() {
            // A cell is no line of the file: the annotation names the file
            // and the message starts with the cell.
            return format!(
                "::{} file={},title={}::{}",
                self.severity.word(),
                escape_property(&format!("{prefix}{}", self.path)),
                escape_property(&format!("pilotsite {}", self.code)),
                escape_data(&format!("{}: {message}", printable(&self.place())))
            );
        }
        format!(
            "::{} file={},line={},col={},title={}::{}",
            self.severity.word(),
            escape_property(&format!("{prefix}{}", self.path)),
            self.line,
            self.col,
            escape_property(&format!("pilotsite {}", self.code)),
            escape_data(&message)
        )
    }
}

impl Severity {
    /// `error` or `warning`, never translated.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Sorts diagnostics by file, then position, then message, so the output is
/// the same whatever order the parallel stages found them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, a.code, &a.message)
            .cmp(&(&b.path, b.line, b.col, b.code, &b.message))
    });
}

/// Renders diagnostics for a terminal: the headline, then the source line
/// with the place underlined, then the help. Sources are read from `root`.
pub fn render_human(diagnostics: &[Diagnostic], root: &Path, lang: Language) -> String {
    let mut sources: BTreeMap<&str, Option<String>> = BTreeMap::new();
    let mut out = String::new();
    for d in diagnostics {
        if d.sheet.is_some() {
            // A spreadsheet has no line to show: the headline names the cell.
            out.push_str(&d.headline(lang));
            out.push('\n');
            out.push_str(&snippet(d, None, lang));
            out.push('\n');
            continue;
        }
        let source = sources
            .entry(d.path.as_str())
            .or_insert_with(|| read_source(&root.join(&d.path)));
        out.push_str(&d.headline(lang));
        out.push('\n');
        let body = snippet(d, source.as_deref(), lang);
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

fn snippet(d: &Diagnostic, source: Option<&str>, lang: Language) -> String {
    let line_text = source
        .and_then(|s| s.lines().nth(d.line.saturating_sub(1)))
        .map(|l| l.trim_end_matches('\r'));
    let mut group = Group::with_level(match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    });
    if let Some(text) = line_text.filter(|t| !t.trim().is_empty() && t.len() <= 400) {
        let start = char_to_byte(text, d.col.saturating_sub(1));
        let end = char_to_byte(text, d.col.saturating_sub(1) + d.len as usize).max(start);
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
    }
    group = group.element(Level::HELP.message(printable(&d.help_line(lang)).into_owned()));
    Renderer::plain().render(&[group]).to_string()
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// The workflow commands for GitHub: every error, then every warning
/// (GitHub shows the first ten of each kind on a pull request, so an error
/// must never wait behind warnings), then one notice with the counts.
/// `prefix` is the site's folder in the repository ([`workspace_prefix`]).
pub fn render_github(diagnostics: &[Diagnostic], lang: Language, prefix: &str) -> String {
    let mut out = String::new();
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diagnostics.iter().partition(|d| d.is_error());
    for d in errors.iter().chain(&warnings) {
        out.push_str(&d.github_annotation(lang, prefix));
        out.push('\n');
    }
    if !diagnostics.is_empty() {
        let counts = messages::ui(
            lang,
            "github-summary",
            &[
                ("errors", errors.len().into()),
                ("warnings", warnings.len().into()),
            ],
        );
        out.push_str(&format!(
            "::notice title=pilotsite check::{}\n",
            escape_data(&counts)
        ));
    }
    out
}

/// The site's folder inside the repository, `/`-terminated (`docs/site/`),
/// or `""` when the site is the repository, or `workspace`
/// (`GITHUB_WORKSPACE`) is unset or does not contain it: GitHub places
/// annotations by their path from the repository root.
pub fn workspace_prefix(root: &Path, workspace: Option<&std::ffi::OsStr>) -> String {
    let Some(workspace) = workspace.filter(|w| !w.is_empty()) else {
        return String::new();
    };
    let (Ok(workspace), Ok(root)) = (Path::new(workspace).canonicalize(), root.canonicalize())
    else {
        return String::new();
    };
    match root.strip_prefix(&workspace) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            format!("{}/", parts.join("/"))
        }
        _ => String::new(),
    }
}

/// The report of `--format json`: counts, then every diagnostic with its
/// code and its words in `lang`.
pub fn render_json(diagnostics: &[Diagnostic], lang: Language) -> String {
    #[derive(Serialize)]
    struct Item<'a> {
        severity: Severity,
        code: &'a str,
        path: &'a str,
        line: usize,
        col: usize,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<String>,
        /// `Sheet!C5` for a problem in a spreadsheet.
        #[serde(skip_serializing_if = "Option::is_none")]
        cell: Option<String>,
    }
    #[derive(Serialize)]
    struct Report<'a> {
        errors: usize,
        warnings: usize,
        diagnostics: Vec<Item<'a>>,
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let report = Report {
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics: diagnostics
            .iter()
            .map(|d| Item {
                severity: d.severity,
                code: d.code,
                path: &d.path,
                line: d.line,
                col: d.col,
                message: d.message.render(lang),
                help: d.help.as_ref().map(|h| h.render(lang)),
                cell: d.sheet.as_ref().map(|_| d.place()),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// A closing line such as `2 errors, 1 warning`.
pub fn summary(diagnostics: &[Diagnostic], lang: Language) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    messages::ui(
        lang,
        "summary-counts",
        &[("errors", errors.into()), ("warnings", warnings.into())],
    )
}

/// A cell's name in A1 notation: row 5 of column 3 is `C5`, column 27 is
/// `AA`.
pub fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col.max(1);
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
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
/// be a likely typo: used for "did you mean" hints. Candidates whose length
/// differs from the word's by more than the limit cannot be within it and
/// are skipped before any distance is computed, and a word longer than any
/// name (a pasted paragraph) gets no suggestion: the search stays a few
/// microseconds whatever the author typed.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    const LONGEST: usize = 200;
    if word.len() > LONGEST * 4 {
        return None;
    }
    let length = word.chars().count();
    if length > LONGEST {
        return None;
    }
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
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
    fn cells_are_named_in_a1_notation() {
        assert_eq!(cell_name(5, 3), "C5");
        assert_eq!(cell_name(1, 26), "Z1");
        assert_eq!(cell_name(2, 27), "AA2");
        assert_eq!(cell_name(10, 702), "ZZ10");
        assert_eq!(cell_name(10, 703), "AAA10");
    }

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
            crate::text!(
                "chart-block-unknown-field",
                name = "x\n::warning file=a::spoofed\u{1b}[2J",
                hint = messages::hint_did_you_mean(None)
            ),
        );
        let line = d.headline(Language::En);
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line}");
        assert!(line.contains("\\u{a}::warning"), "{line}");
    }

    #[test]
    fn github_lists_errors_before_warnings_then_a_summary() {
        let unknown = |name: &str| {
            crate::text!(
                "chart-block-unknown-type",
                name = name,
                hint = messages::hint_did_you_mean(None)
            )
        };
        let mut all: Vec<Diagnostic> = (1..=12)
            .map(|i| Diagnostic::warning("content/a.md", Pos::new(i, 1), unknown("w")))
            .collect();
        all.push(Diagnostic::error(
            "content/z.md",
            Pos::new(1, 1),
            unknown("e"),
        ));
        sort(&mut all);
        let out = render_github(&all, Language::En, "");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 14);
        assert!(lines[0].starts_with("::error file=content/z.md,"), "{out}");
        assert!(lines[1].starts_with("::warning "), "{out}");
        assert_eq!(
            lines[13],
            "::notice title=pilotsite check::1 error, 12 warnings. \
             A pull request shows at most ten of each; the job's log lists them all."
        );
        let zh = render_github(&all, Language::ZhCn, "");
        assert!(zh.ends_with("::notice title=pilotsite check::1 个错误，12 个警告。拉取请求上每类最多显示十条；任务日志里列出了全部。\n"), "{zh}");
    }

    #[test]
    fn annotations_name_files_from_the_repository_root() {
        let repo = tempfile::tempdir().expect("temp dir");
        let site = repo.path().join("docs").join("site");
        std::fs::create_dir_all(&site).expect("make the site folder");
        let ws = repo.path().as_os_str();
        assert_eq!(workspace_prefix(&site, Some(ws)), "docs/site/");
        assert_eq!(workspace_prefix(repo.path(), Some(ws)), "");
        assert_eq!(workspace_prefix(&site, None), "");
        let elsewhere = tempfile::tempdir().expect("temp dir");
        assert_eq!(
            workspace_prefix(&site, Some(elsewhere.path().as_os_str())),
            ""
        );
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
        let d = Diagnostic::error(
            "content/a,b.md",
            Pos::new(3, 4),
            crate::text!(
                "chart-block-unknown-type",
                name = "bad\nvalue 100%",
                hint = messages::hint_did_you_mean(None)
            ),
        );
        assert_eq!(
            d.github_annotation(Language::En, "site/"),
            "::error file=site/content/a%2Cb.md,line=3,col=4,title=pilotsite PS504::\
             unknown chart type `bad\\u{a}value 100%25`%0A\
             help: `pilotsite explain PS504` says what this means and how to fix it"
        );
    }
}
