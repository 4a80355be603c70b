//! `pilotsite explain CODE`: what a code means and how to fix it.
//!
//! Explanations are Markdown, in `locales/<lang>/explain/*.md`, one section
//! per code:
//!
//! ````text
//! ## PS101 A tab used for indentation
//!
//! What it means, in a sentence or two, and how to fix it.
//!
//! ```wrong
//! the line as an author might type it
//! ```
//!
//! ```right
//! the same line corrected
//! ```
//! ````
//!
//! The fences are labelled `wrong` and `right` so that the catalogue tests
//! can require both examples of every code in every language, and so that
//! `explain` can title them in the reader's language.

use super::{Catalogues, Language, codes, ui};

/// One code's explanation as written: prose, then the two examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub code: String,
    /// The heading after the code: the kind of problem in a few words.
    pub title: String,
    pub prose: String,
    pub wrong: Option<String>,
    pub right: Option<String>,
}

/// Every explanation of `lang`, in file then section order.
pub fn all(lang: Language) -> Vec<Explanation> {
    let prefix = format!("{}/explain/", lang.code());
    let mut names: Vec<String> = Catalogues::iter()
        .filter(|n| n.starts_with(&prefix) && n.ends_with(".md"))
        .map(|n| n.into_owned())
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        if let Some(file) = Catalogues::get(&name) {
            out.extend(parse(&String::from_utf8_lossy(&file.data)));
        }
    }
    out
}

/// The sections of one explanation file. A fence is three or more
/// backticks and is closed by a line of at least as many (so an example
/// that itself holds a ```` ```chart ```` block is fenced with four).
pub fn parse(text: &str) -> Vec<Explanation> {
    struct Fence {
        ticks: usize,
        label: String,
        body: String,
    }
    let mut out: Vec<Explanation> = Vec::new();
    let mut fence: Option<Fence> = None;
    for line in text.lines() {
        let ticks = line.chars().take_while(|c| *c == '`').count();
        if let Some(open) = &mut fence {
            if ticks >= open.ticks && line.trim_end().len() == ticks {
                let Fence { label, body, .. } = fence.take().expect("open fence");
                if let Some(e) = out.last_mut() {
                    match label.as_str() {
                        "wrong" => e.wrong = Some(body),
                        "right" => e.right = Some(body),
                        _ => e.prose.push_str(&body),
                    }
                }
            } else {
                open.body.push_str(line);
                open.body.push('\n');
            }
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            let heading = heading.trim();
            let (code, title) = heading.split_once(' ').unwrap_or((heading, ""));
            out.push(Explanation {
                code: code.to_string(),
                title: title.trim().to_string(),
                prose: String::new(),
                wrong: None,
                right: None,
            });
        } else if ticks >= 3 {
            fence = Some(Fence {
                ticks,
                label: line[ticks..].trim().to_string(),
                body: String::new(),
            });
        } else if let Some(e) = out.last_mut() {
            e.prose.push_str(line);
            e.prose.push('\n');
        }
    }
    for e in &mut out {
        e.prose = e.prose.trim().to_string();
    }
    out
}

/// What `pilotsite explain CODE` prints, or `None` for an unknown code.
pub fn explain(code: &str, lang: Language) -> Option<String> {
    let code = codes::code_of(codes::key_of(code)?)?;
    let found = all(lang).into_iter().find(|e| e.code == code)?;
    let mut out = format!("{code}: {}\n\n{}\n", found.title, found.prose);
    for (label, example) in [
        ("explain-wrong", &found.wrong),
        ("explain-right", &found.right),
    ] {
        if let Some(example) = example {
            out.push('\n');
            out.push_str(&ui(lang, label, &[]));
            out.push('\n');
            for line in example.lines() {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Some(out)
}
