//! Splits a content file into its YAML front matter and its Markdown body,
//! keeping line numbers so errors in either part point into the whole file.

use crate::diagnostics::{Diagnostic, Pos};
use crate::text;

/// A content file cut in two.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Lines before the YAML text (the opening `---`, and a BOM line never counts).
    pub yaml_line_offset: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// Lines before the body.
    pub body_line_offset: usize,
}

/// Cuts `text` at its `---` lines. A leading byte-order mark is skipped;
/// CRLF line endings work. Without front matter the whole file is an error,
/// since every content file needs at least a title or a name.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(path, Pos::new(1, 1), text!("front-matter-empty-file"))
                .with_help(text!("front-matter-empty-file-help")),
        );
    }
    let mut lines = LineIter { text, pos: 0 };
    let first = lines.next();
    if first.map(|(_, l)| l.trim_end()) != Some("---") {
        return Err(
            Diagnostic::error(path, Pos::new(1, 1), text!("front-matter-missing"))
                .with_help(text!("front-matter-missing-help")),
        );
    }
    let yaml_start = lines.pos;
    let mut line_no = 1;
    while let Some((start, line)) = lines.next() {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line_offset: 1,
                body: &text[lines.pos..],
                body_line_offset: line_no,
            });
        }
    }
    Err(
        Diagnostic::error(path, Pos::new(1, 1), text!("front-matter-unclosed"))
            .with_len(3)
            .with_help(text!("front-matter-unclosed-help")),
    )
}

/// Lines with their byte offsets; the terminator is not part of the line.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_offsets() {
        let s = split("a.md", "---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn crlf_and_bom_work() {
        let s = split("a.md", "\u{feff}---\r\ntitle: x\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: x\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unclosed_is_an_error_at_the_opening_line() {
        let e = split("a.md", "---\ntitle: x\nbody\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        assert!(
            e.message(crate::messages::Language::En)
                .contains("never closed")
        );
    }

    #[test]
    fn empty_files_say_so() {
        for text in ["", "\u{feff}", "\n\r\n  \n"] {
            let e = split("a.md", text).unwrap_err();
            assert_eq!((e.line, e.col), (1, 1));
            assert_eq!(
                e.message(crate::messages::Language::En),
                "the file is empty"
            );
        }
    }

    #[test]
    fn missing_front_matter() {
        let e = split("a.md", "title: x\n").unwrap_err();
        assert!(
            e.message(crate::messages::Language::En)
                .contains("does not start")
        );
    }
}

#[cfg(test)]
mod explained {
    use crate::messages::{Language, explain};

    /// What an explanation's example gives: the diagnostic's code, if any.
    fn code_of(example: &str, whole_file: bool) -> Option<&'static str> {
        let text = example
            .replace("<U+0008>", "\u{8}")
            .replace("<U+FEFF>", "\u{feff}");
        let yaml = if whole_file || text.starts_with("---") {
            match super::split("a.md", &text) {
                Ok(split) => split.yaml.to_string(),
                Err(d) => return Some(d.code),
            }
        } else {
            text
        };
        crate::yaml::parse(&yaml).err().map(|d| d.code)
    }

    /// Every PS1xx explanation's wrong example fails with its own code and
    /// its right example passes, in both languages. (The examples of
    /// PS123, PS126 and PS127 stand for texts too long to show.)
    #[test]
    fn examples_give_their_codes() {
        for lang in Language::ALL {
            for e in explain::all(lang) {
                if !e.code.starts_with("PS1")
                    || ["PS123", "PS126", "PS127"].contains(&e.code.as_str())
                {
                    continue;
                }
                let file = ["PS101", "PS102", "PS103"].contains(&e.code.as_str());
                let wrong = e.wrong.as_deref().unwrap_or("");
                let right = e.right.as_deref().unwrap_or("");
                assert_eq!(
                    code_of(wrong, file),
                    Some(e.code.as_str()),
                    "{} {}: wrong example",
                    lang.code(),
                    e.code
                );
                assert_eq!(
                    code_of(right, file),
                    None,
                    "{} {}: right example",
                    lang.code(),
                    e.code
                );
            }
        }
    }
}
