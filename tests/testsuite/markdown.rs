//! Why comrak renders our Markdown: Chinese emphasis.
//!
//! CommonMark's flanking rules treat `**` next to full-width punctuation
//! followed by a CJK letter as literal asterisks. pulldown-cmark 0.13 follows
//! the rules to the letter; comrak with `cjk_friendly_emphasis` implements
//! the CJK-friendly amendment. This test records the decision: if a future
//! pulldown-cmark passes, it could be reconsidered.

use std::collections::BTreeMap;

use pilotsite::content::Body;
use pilotsite::markdown::{Context, render};

const CASES: [(&str, &str); 2] = [
    ("**注意：**正文", "<strong>注意：</strong>正文"),
    (
        "试点县**“人均收入”**增长",
        "<strong>“人均收入”</strong>增长",
    ),
];

fn ours(md: &str) -> String {
    let body = Body {
        path: "content/pages/x.md".into(),
        line_offset: 0,
        markdown: md.into(),
    };
    let urls = BTreeMap::new();
    render(
        &body,
        &Context {
            urls: &urls,
            unsafe_html: false,
            chart: None,
            table_label: "Table",
            base_path: "/",
        },
    )
    .html
}

#[test]
fn chinese_emphasis_renders_bold() {
    for (md, expected) in CASES {
        let html = ours(md);
        assert!(html.contains(expected), "{md} -> {html}");
    }
}

#[test]
fn pulldown_cmark_leaves_it_unbolded() {
    let html = |md: &str| {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(md));
        out
    };
    for (md, expected) in CASES {
        assert!(
            !html(md).contains(expected),
            "pulldown-cmark now bolds {md}: reconsider the choice"
        );
    }
}
