//! `markdown::render` on the input as a report body: links (`@/`, relative
//! `.md`, fragments), chart blocks, raw HTML and its sanitising, footnotes,
//! tables, task lists, CJK emphasis, heading ids.
//!
//! Each input is rendered twice: safe mode with a chart callback that
//! always succeeds, and `unsafe_html` with one that always fails (so the
//! error's position is offset into the file). In safe mode no `<script>`,
//! `<iframe>` or `javascript:` link may survive.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pilotsite::content::Body;
use pilotsite::diagnostics::Pos;
use pilotsite::markdown::{ChartError, Context, render};

fn urls() -> &'static BTreeMap<String, String> {
    static URLS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    URLS.get_or_init(|| {
        [
            ("content/_index.md", "/"),
            ("content/pages/about.md", "/about/"),
            ("content/counties/alpha/_index.md", "/counties/alpha/"),
            ("content/counties/alpha/2018.md", "/counties/alpha/2018/"),
            (
                "content/counties/alpha/2019-h1.md",
                "/counties/alpha/2019-h1/",
            ),
            ("content/counties/beta/2018.md", "/counties/beta/2018/"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
    })
}

fn chart_ok(_yaml: &str, _path: &str) -> Result<String, ChartError> {
    Ok("<p>chart</p>".to_string())
}

fn chart_err(yaml: &str, _path: &str) -> Result<String, ChartError> {
    // Somewhere inside the block, as parse_block's errors are.
    let lines = yaml.lines().count().max(1);
    Err(ChartError {
        pos: Pos::new(1 + yaml.len() % lines, 1 + yaml.len() % 7),
        message: "bad chart".into(),
        help: Some("fix it".into()),
    })
}

/// Text never holds a raw `<` (it is escaped), so every `<` in the HTML
/// opens a tag: none may be a script, frame or style, nor carry an event
/// handler or a `javascript:` URL. Attribute values are double-quoted with
/// `"` escaped inside, so splitting a tag at `"` separates names (even
/// parts) from values (odd parts).
fn check_tags(html: &str) {
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or(tag).to_ascii_lowercase();
        let name = tag.split([' ', '/', '\n', '\t']).next().unwrap_or("");
        assert!(
            !["script", "iframe", "style", "object", "embed"].contains(&name),
            "<{name}> survived sanitising:\n{html}"
        );
        let parts: Vec<&str> = tag.split('"').collect();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 0 {
                for word in part.split_whitespace() {
                    assert!(
                        !(word.starts_with("on") && word.ends_with('=')),
                        "<{tag}> has an event handler after sanitising:\n{html}"
                    );
                }
            } else if ["href=", "src=", "action="]
                .iter()
                .any(|a| parts[i - 1].ends_with(a))
            {
                assert!(
                    !part.trim_start().starts_with("javascript:"),
                    "<{tag}> has a javascript: URL after sanitising:\n{html}"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(markdown) = pilotsite_fuzz::text(data) else {
        return;
    };
    let body = Body {
        path: "content/counties/alpha/2019-h1.md".into(),
        line_offset: 11,
        markdown: markdown.to_string(),
    };
    let ok: &pilotsite::markdown::ChartFn = &chart_ok;
    let safe = render(
        &body,
        &Context {
            urls: urls(),
            unsafe_html: false,
            chart: Some(ok),
            table_label: "Table",
        },
    );
    check_tags(&safe.html);
    for d in &safe.diagnostics {
        assert!(d.line > body.line_offset && d.col >= 1, "{d:?}");
    }
    let err: &pilotsite::markdown::ChartFn = &chart_err;
    let unsafe_ = render(
        &body,
        &Context {
            urls: urls(),
            unsafe_html: true,
            chart: Some(err),
            table_label: "Table",
        },
    );
    for d in &unsafe_.diagnostics {
        assert!(d.line > body.line_offset && d.col >= 1, "{d:?}");
    }
});
