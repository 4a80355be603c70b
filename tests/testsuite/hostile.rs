//! Hostile input: an XSS corpus written into every place a user can put
//! text (bodies, front matter, site.yaml, chart blocks), built with the
//! default `unsafe_html: false`, then every output file scanned for active
//! content. The hostile text must stay visible, escaped, where it is shown.
//!
//! The scanner tokenizes HTML, SVG and XML the way a browser would for the
//! purpose at hand: tags and their attributes (values entity-decoded once,
//! as a browser does), comments skipped, `<script>` and `<style>` contents
//! taken as raw text. Text between tags is inert by construction: a `<` in
//! text has been escaped, or it would have started a tag.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, read_tree};

/// A hostile string for one field; `mark` names the field so that its
/// escaped form can be found in the output.
fn evil(mark: &str) -> String {
    format!(
        "{mark}<script>alert(1)</script><img src=x onerror=alert(1)>\"'><svg onload=alert(1)>\
<a href=\"javascript:alert(1)\">a</a>&#106;avascript:alert(1),{{{{ 7*7 }}}}]]>\u{1}\u{b}\u{c}\u{fffe}"
    )
}

/// `s` as a YAML double-quoted scalar.
fn yq(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || c == '\u{fffe}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Raw HTML in a body: each line a classic attack.
const RAW_BODY: &str = r#"Inline <script>alert('inline')</script> and <img src=x onerror=alert(1)> in a paragraph.

## Heading <img src=x onerror=alert(1)>" onmouseover="alert(1)

<script>alert(1)</script>

<SCRIPT SRC=//evil.example/x.js></SCRIPT>

<img src="x" ONERROR="alert(1)">

<a href="javascript:alert(1)">lower</a>

<a href="JaVaScRiPt:alert(1)">upper</a>

<a href="&#106;avascript:alert(1)">decimal entity</a>

<a href="&#x6A;avascript&#x3A;alert(1)">hex entity</a>

<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">padded entities</a>

<a href="java&#9;script:alert(1)">tab entity</a>

<a href="java	script:alert(1)">literal tab</a>

<a href="java&NewLine;script&colon;alert(1)">named entities</a>

<a href=" &#14;  javascript:alert(1)">leading control</a>

<a href="vbscript:msgbox(1)">vbscript</a>

<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>

<svg><script>alert(1)</script></svg>

<svg onload=alert(1)>

<svg/onload=alert(1)>

<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a><animate attributeName="href" to="javascript:alert(1)"/></svg>

<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>

<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">

<iframe src="javascript:alert(1)"></iframe>

<iframe srcdoc="<script>alert(1)</script>"></iframe>

<form action="javascript:alert(1)"><input type="submit" formaction="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>

<object data="javascript:alert(1)"></object>

<embed src="javascript:alert(1)">

<meta http-equiv="refresh" content="0;url=javascript:alert(1)">

<base href="javascript:alert(1)//">

<style>body{background:url(javascript:alert(1))} p{width:expression(alert(1))}</style>

<p style="background:url(javascript:alert(1));width:expression(alert(1))">styled</p>

<div onclick="alert(1)" onmouseover="alert(1)">div</div>

<details open ontoggle=alert(1)><summary>s</summary></details>

<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>

<!--<img src="--><img src=x onerror=alert(1)//">

<input autofocus onfocus=alert(1)>

<body onload=alert(1)>

<link rel="stylesheet" href="javascript:alert(1)">

<table background="javascript:alert(1)"><tr><td>t</td></tr></table>

<video><source onerror="alert(1)"></video>

<img srcset="javascript:alert(1) 1x, x 2x">

<textarea><script>alert(1)</script></textarea>

<template><script>alert(1)</script></template>

[md link](javascript:alert(1)) and ![md img](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) and [upper](JaVaScRiPt:alert(1))

```html
<script>alert('block')</script>
```
"#;

/// Markdown only, no raw HTML: comrak's own escaping and URL filter apply.
const MARKDOWN_BODY: &str = r#"Plain markdown with `<script>alert('code')</script>` in code.

## Heading" onmouseover="alert(1)

[x](javascript:alert(1))

![x](javascript:alert(1))

[x](JaVaScRiPt:alert(1))

[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)

[x](vbscript:msgbox(1))

[x](&#106;avascript:alert(1))

[x](java&#9;script:alert(1))

[x](&#x20;javascript:alert(1))

[x](<javascript:alert(1)>)

[x](javascript&colon;alert(1))

[x]( javascript:alert(1) "title\" onmouseover=\"alert(1)")

<javascript:alert(1)>

[reference][r]

[r]: javascript:alert(1)

[x](file:///etc/passwd)

Footnote[^x" onmouseover="alert(1)] and[^q"onmouseover="alert(1)"].

[^x" onmouseover="alert(1)]: the note.
[^q"onmouseover="alert(1)"]: the other note.

| a" onmouseover="alert(1) | b |
|:--|--:|
| `<img src=x onerror=alert(1)>` | c |

- [x] task

```javascript:alert(1)
<script>alert('fenced')</script>
```
"#;

/// The hostile site: every text field of every file is `evil(...)`.
fn hostile_site() -> SiteTest {
    let t = SiteTest::empty();
    let site_yaml = format!(
        r#"title: {title}
description: {description}
language: en
labels:
  county: {label_county}
  pilot: {label_pilot}
  control: {label_control}
periods:
  - id: "2018"
    label: {p2018}
  - id: 2019-H1
    label: {p2019}
baseline: "2018"
metrics:
  - id: total
    label: {m_total}
    kind: count
    unit: {unit_total}
    category: {cat_a}
    description: {desc_total}
  - id: covered
    label: plain
    label_en: {m_covered}
    kind: count
    category: {cat_a}
  - id: coverage
    label: {m_coverage}
    kind: ratio
    ratio_of: [covered, total]
    category: {cat_b}
    description: {desc_coverage}
  - id: budget
    label: {m_budget}
    kind: money
    unit: {unit_budget}
  - id: policy
    label: {m_policy}
    kind: bool
"#,
        title = yq(&evil("SITE_TITLE")),
        description = yq(&evil("SITE_DESC")),
        label_county = yq(&evil("LABEL_COUNTY")),
        label_pilot = yq(&evil("LABEL_PILOT")),
        label_control = yq(&evil("LABEL_CONTROL")),
        p2018 = yq(&evil("PERIOD_2018")),
        p2019 = yq(&evil("PERIOD_2019")),
        m_total = yq(&evil("METRIC_TOTAL")),
        unit_total = yq(&evil("UNIT_TOTAL")),
        cat_a = yq(&evil("CATEGORY_A")),
        desc_total = yq(&evil("DESC_TOTAL")),
        m_covered = yq(&evil("METRIC_COVERED")),
        m_coverage = yq(&evil("METRIC_COVERAGE")),
        cat_b = yq(&evil("CATEGORY_B")),
        desc_coverage = yq(&evil("DESC_COVERAGE")),
        m_budget = yq(&evil("METRIC_BUDGET")),
        unit_budget = yq(&evil("UNIT_BUDGET")),
        m_policy = yq(&evil("METRIC_POLICY")),
    );
    t.write("site.yaml", &site_yaml);
    t.write(
        "content/_index.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\nextra: {{x: {}}}\n---\n{RAW_BODY}",
            yq(&evil("HOME_TITLE")),
            yq(&evil("HOME_DESC")),
            yq(&evil("HOME_EXTRA")),
        ),
    );
    for (id, pilot) in [("alpha", true), ("beta", false)] {
        let up = id.to_uppercase();
        t.write(
            &format!("content/counties/{id}/_index.md"),
            &format!(
                "---\nname: {}\npilot: {pilot}\ncode: {}\nextra:\n  note: {}\n  list: [{}]\n---\n{}",
                yq(&evil(&format!("COUNTY_{up}"))),
                yq(&evil(&format!("CODE_{up}"))),
                yq(&evil(&format!("COUNTY_EXTRA_{up}"))),
                yq(&evil(&format!("COUNTY_EXTRA_LIST_{up}"))),
                if pilot { RAW_BODY } else { MARKDOWN_BODY },
            ),
        );
        for (period, file, body) in [
            ("\"2018\"", "2018", RAW_BODY),
            ("2019-H1", "2019-h1", MARKDOWN_BODY),
        ] {
            let mark = format!("{up}_{}", file.to_uppercase().replace('-', "_"));
            let chart = format!(
                "\n```chart\nmetric: total\ntype: trend\ntitle: {}\n```\n\n```chart\nmetric: coverage\ntype: county\ntitle: {}\n```\n",
                yq(&evil(&format!("CHART_{mark}"))),
                yq(&evil(&format!("CHART_COUNTY_{mark}"))),
            );
            t.write(
                &format!("content/counties/{id}/{file}.md"),
                &format!(
                    r#"---
title: {title}
period: {period}
date: 2019-07-10
authors: [{author}, {author2}]
{summary}tags: [{tag1}, "javascript:alert(1)", "\"><img src=x onerror=alert(1)>", "../../../etc/passwd", "ＪａｖａＳｃｒｉｐｔ：ａｌｅｒｔ", "on load=alert(1)"]
metrics:
  total: 10
  covered: 5
  budget: 1.5
  policy: true
sources:
  total: {source}
  covered: {source2}
extra:
  a: {extra}
  nested: {{b: [{extra2}]}}
---
{chart}
{body}"#,
                    // Control characters, as pasted from a word processor.
                    body = body.replace("Plain markdown", "Plain\u{c}\u{b} markdown"),
                    title = yq(&evil(&format!("TITLE_{mark}"))),
                    author = yq(&evil(&format!("AUTHOR_{mark}"))),
                    author2 = yq(&evil(&format!("AUTHOR2_{mark}"))),
                    // Without a summary, the feed takes the first paragraph.
                    summary = if mark == "BETA_2019_H1" {
                        String::new()
                    } else {
                        format!("summary: {}\n", yq(&evil(&format!("SUMMARY_{mark}"))))
                    },
                    tag1 = yq(&evil(&format!("TAG_{mark}"))),
                    source = yq(&evil(&format!("SOURCE_{mark}"))),
                    source2 = yq(&evil(&format!("SOURCE2_{mark}"))),
                    extra = yq(&evil(&format!("EXTRA_{mark}"))),
                    extra2 = yq(&evil(&format!("EXTRA2_{mark}"))),
                ),
            );
        }
    }
    t.write(
        "content/pages/evil.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\nextra: {{x: {}}}\n---\n{RAW_BODY}\n{MARKDOWN_BODY}",
            yq(&evil("PAGE_TITLE")),
            yq(&evil("PAGE_DESC")),
            yq(&evil("PAGE_EXTRA")),
        ),
    );
    // Each attack also on a page of its own, so that none is hidden by
    // what an earlier one does to the parser (an unclosed `<style>` takes
    // the rest of the body with it).
    for (i, attack) in RAW_BODY
        .split("\n\n")
        .chain(MARKDOWN_BODY.split("\n\n"))
        .enumerate()
    {
        t.write(
            &format!("content/pages/attack-{i:02}.md"),
            &format!("---\ntitle: Attack {i}\n---\n{attack}\n"),
        );
    }
    t.write(
        "content/pages/plain.md",
        &format!(
            "---\ntitle: {}\n---\n{MARKDOWN_BODY}",
            yq(&evil("PLAIN_PAGE_TITLE")),
        ),
    );
    t
}

// ---------------------------------------------------------------------------
// The scanner.

/// A start tag as a browser's tokenizer sees it.
#[derive(Debug, Clone)]
struct Tag {
    /// Lower-cased.
    name: String,
    /// Lower-cased names, values with character references decoded once.
    attrs: Vec<(String, String)>,
    /// The tag as written, for messages.
    raw: String,
    /// For `<script>` and `<style>`: the raw text up to the end tag.
    content: Option<String>,
    /// An end tag (`</name>`), which has no attributes.
    end: bool,
    /// Ends in `/>`.
    self_closing: bool,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Finds `needle` (ASCII) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (from..=h.len().saturating_sub(n.len()))
        .find(|&i| i + n.len() <= h.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Every start tag of an HTML, SVG or XML document, and the problems the
/// tokenizer itself finds (constructs that should never be in our output).
fn tokenize(text: &str) -> (Vec<Tag>, Vec<String>) {
    let b = text.as_bytes();
    let mut tags = Vec::new();
    let mut problems = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let lt = i + off;
        let rest = &text[lt..];
        if rest.starts_with("<!--") {
            // `<!-->` and `<!--->` end at once in HTML.
            let end = if rest.starts_with("<!-->") {
                lt + 5
            } else if rest.starts_with("<!--->") {
                lt + 6
            } else {
                match text[lt + 4..].find("-->") {
                    Some(e) => lt + 4 + e + 3,
                    None => {
                        problems.push("an unclosed comment".to_string());
                        text.len()
                    }
                }
            };
            i = end;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            problems.push("a CDATA section".to_string());
            i = text[lt..].find("]]>").map_or(text.len(), |e| lt + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = text[lt..].find('>').map_or(text.len(), |e| lt + e + 1);
            let decl = &text[lt..end];
            let upper = decl.to_ascii_uppercase();
            if !(upper == "<!DOCTYPE HTML>" || decl.starts_with("<?xml ")) {
                problems.push(format!("a declaration {decl}"));
            }
            i = end;
            continue;
        }
        if rest.starts_with("</") {
            let end = text[lt..].find('>').map_or(text.len(), |e| lt + e + 1);
            let name = text[lt + 2..end.saturating_sub(1).max(lt + 2)]
                .trim()
                .to_ascii_lowercase();
            tags.push(Tag {
                name,
                attrs: Vec::new(),
                raw: text[lt..end].to_string(),
                content: None,
                end: true,
                self_closing: false,
            });
            i = end;
            continue;
        }
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            // A bare `<` is text.
            i = lt + 1;
            continue;
        }
        // The tag name.
        let mut j = lt + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = text[lt + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                self_closing = b[j] == b'/';
                j += 1;
            }
            if j >= b.len() {
                problems.push(format!("an unclosed tag <{name}"));
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            self_closing = false;
            let start = j;
            // An attribute name may start with `=`; it ends at space, `/`, `>` or `=`.
            j += 1;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=')
            {
                j += 1;
            }
            let attr = text[start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let end = b[j + 1..]
                        .iter()
                        .position(|c| *c == q)
                        .map_or(b.len(), |e| j + 1 + e);
                    value = decode_entities(&text[j + 1..end]);
                    j = (end + 1).min(b.len());
                } else {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&text[start..j]);
                }
            }
            attrs.push((attr, value));
        }
        let raw = text[lt..j].to_string();
        let mut content = None;
        if (name == "script" || name == "style") && !self_closing {
            let close = format!("</{name}");
            let end = find_ci(text, &close, j).unwrap_or(text.len());
            content = Some(text[j..end].to_string());
            j = end;
        }
        tags.push(Tag {
            name,
            attrs,
            raw,
            content,
            end: false,
            self_closing,
        });
        i = j;
    }
    (tags, problems)
}

/// Decodes character references once, as a browser does in an attribute
/// value: numeric ones with or without `;`, and the named ones an attack
/// would use.
fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("Tab", '\t'),
        ("NewLine", '\n'),
        ("colon", ':'),
        ("lpar", '('),
        ("rpar", ')'),
        ("sol", '/'),
        ("nbsp", '\u{a0}'),
        ("period", '.'),
    ];
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(num) = rest.strip_prefix('#') {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let len = digits
                .find(|c: char| {
                    !(if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    })
                })
                .unwrap_or(digits.len());
            if len > 0 {
                let n = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 })
                    .unwrap_or(0xFFFD);
                out.push(char::from_u32(n).unwrap_or('\u{FFFD}'));
                rest = &digits[len..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else if let Some((name, c)) = NAMED.iter().find(|(n, _)| rest.starts_with(n)) {
            rest = &rest[name.len()..];
            rest = rest.strip_prefix(';').unwrap_or(rest);
            out.push(*c);
            continue;
        }
        out.push('&');
    }
    out.push_str(rest);
    out
}

/// What a browser makes of a URL attribute's scheme: tabs and newlines
/// removed anywhere, C0 controls and spaces trimmed, case ignored.
fn dangerous_url(value: &str) -> bool {
    let cleaned: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = cleaned
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase();
    if let Some(data) = url.strip_prefix("data:") {
        return !["image/png", "image/gif", "image/jpeg", "image/webp"]
            .iter()
            .any(|ok| data.starts_with(ok));
    }
    ["javascript:", "vbscript:", "livescript:", "mocha:"]
        .iter()
        .any(|s| url.starts_with(s))
}

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "data",
    "cite",
    "lowsrc",
    "dynsrc",
    "ping",
    "codebase",
    "longdesc",
    "manifest",
    "icon",
    "profile",
    "usemap",
    "archive",
    "classid",
    "to",
    "from",
    "values",
];

/// Elements that never belong in our output, in any file.
const FORBIDDEN: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "math",
    "foreignobject",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
    "portal",
    "noembed",
    "xmp",
    "plaintext",
    "template",
    "textarea",
    "isindex",
];

/// The theme's own active elements, allowed in its search page only,
/// exactly as written; `base` is the base path as the page escapes it.
fn theme_script(base: &str) -> String {
    format!(r#"<script type="module" src="{base}search.js">"#)
}
fn theme_form(base: &str) -> String {
    format!(
        r#"<form id="search-form" class="search-form" role="search" action="{base}search/" method="get">"#
    )
}
const THEME_PAGE: &str = "search/index.html";

/// CSS that can run code or fetch: in `<style>` and `style=""`.
fn dangerous_css(css: &str) -> bool {
    let css = css.to_ascii_lowercase();
    [
        "expression",
        "javascript:",
        "vbscript:",
        "url(",
        "@import",
        "behavior",
        "-moz-binding",
        "</",
    ]
    .iter()
    .any(|s| css.contains(s))
}

/// Active content in one HTML, SVG or XML file: each problem described.
/// `allowed` lists exact start tags that may appear (the theme's own); an
/// allowed `<script>` must be empty (it loads a file of the theme).
fn scan_markup(file: &str, text: &str, allowed: &[&str]) -> Vec<String> {
    scan_markup_with(file, text, allowed, &|body| body.is_empty())
}

/// `scan_markup`, with a test for the contents of allowed scripts.
fn scan_markup_with(
    file: &str,
    text: &str,
    allowed: &[&str],
    script_ok: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let ext = file.rsplit('.').next().unwrap_or("");
    let (tags, mut problems) = tokenize(text);
    for tag in tags.iter().filter(|t| !t.end) {
        // The theme's own: exactly as written, and a script with the
        // expected contents.
        let own = allowed.contains(&tag.raw.as_str())
            && (tag.name != "script" || script_ok(tag.content.as_deref().unwrap_or("")));
        match tag.name.as_str() {
            "script" | "form" | "noscript" if !own => {
                problems.push(format!("{}: {}", tag.name, tag.raw));
            }
            "style" => {
                let css = tag.content.as_deref().unwrap_or("");
                if ext != "svg" || dangerous_css(css) {
                    problems.push(format!("style element: {}{css}", tag.raw));
                }
            }
            "meta" if tag.attr("http-equiv").is_some() => {
                problems.push(format!("meta http-equiv: {}", tag.raw));
            }
            // A county's small charts are drawn in its page: the drawing's
            // own element, with exactly these attributes; what is inside is
            // scanned like the rest of the page.
            "svg" if ext == "html" && !inline_chart(tag) => {
                problems.push(format!("inline svg: {}", tag.raw));
            }
            name if FORBIDDEN.contains(&name) => {
                problems.push(format!("forbidden element: {}", tag.raw));
            }
            _ => {}
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                problems.push(format!("event handler {name}: {}", tag.raw));
            } else if name == "srcset" {
                if value
                    .split(',')
                    .any(|c| dangerous_url(c.split_whitespace().next().unwrap_or("")))
                {
                    problems.push(format!("srcset: {}", tag.raw));
                }
            } else if URL_ATTRS.contains(&name.as_str()) && dangerous_url(value) {
                problems.push(format!("{name} URL: {}", tag.raw));
            } else if name == "style" && dangerous_css(value) {
                problems.push(format!("style attribute: {}", tag.raw));
            } else if name == "srcdoc" || name == "xmlns:xlink" && ext == "html" {
                problems.push(format!("{name}: {}", tag.raw));
            } else if ext == "xml" && name == "type" && matches!(value.as_str(), "html" | "xhtml") {
                // Feed readers would parse such text as HTML.
                problems.push(format!("markup-typed feed text: {}", tag.raw));
            }
        }
    }
    problems
        .into_iter()
        .map(|p| format!("{file}: {p}"))
        .collect()
}

/// Whether an `<svg>` in a page is a chart pilotsite drew there: class
/// `inline-chart`, hidden from screen readers, numeric size and view box,
/// and nothing else.
fn inline_chart(tag: &Tag) -> bool {
    let number = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.');
    tag.attrs.len() == 5
        && tag.attrs.iter().all(|(name, value)| match name.as_str() {
            "class" => value == "inline-chart",
            "aria-hidden" => value == "true",
            "width" | "height" => number(value),
            "viewbox" => value.split(' ').all(number),
            _ => false,
        })
}

/// Why an XML document (feed, sitemap, SVG chart) would not parse: a
/// character XML forbids, an unknown entity, unbalanced tags. A feed reader
/// or an `<img>` gives up on the whole file at the first one.
fn xml_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let xml_char = |c: &char| {
        matches!(
            c,
            '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..
        )
    };
    if let Some(c) = text.chars().find(|c| !xml_char(c)) {
        problems.push(format!("a character XML forbids: {c:?}"));
    }
    for (i, _) in text.match_indices('&') {
        let rest = &text[i + 1..];
        let name = &rest[..rest.find(';').unwrap_or(0)];
        let ok = ["amp", "lt", "gt", "quot", "apos"].contains(&name)
            || name
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || name
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            problems.push(format!("a bad entity: &{}", &rest[..rest.len().min(12)]));
        }
    }
    let (tags, _) = tokenize(text);
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    for tag in &tags {
        if tag.end {
            if open.pop() != Some(tag.name.as_str()) {
                problems.push(format!("an unbalanced end tag {}", tag.raw));
                break;
            }
        } else {
            if open.is_empty() {
                roots += 1;
            }
            if !tag.self_closing {
                open.push(&tag.name);
            }
        }
    }
    if !open.is_empty() || roots != 1 {
        problems.push(format!("unclosed {open:?} or {roots} roots"));
    }
    problems
}

/// Strings in a JSON document.
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            json_strings(x, out);
        }),
        _ => {}
    }
}

/// RFC 4180 records.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '"' => return Err(format!("a quote inside an unquoted field: {field}")),
            ',' => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err("an unclosed quote".into());
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Every problem in every output file of a site whose base path, as HTML
/// escapes it, is `base`.
fn scan_tree(tree: &BTreeMap<String, Vec<u8>>, base: &str) -> Vec<String> {
    let (script, form) = (theme_script(base), theme_form(base));
    let mut problems = Vec::new();
    for (file, bytes) in tree {
        // Output paths: plain segments, nothing a URL or shell would trip on.
        if file
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
            || file.chars().any(|c| {
                c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '\\' | ':' | '?' | '#')
            })
        {
            problems.push(format!("{file}: a suspicious output path"));
        }
        let ext = file.rsplit('.').next().unwrap_or("");
        if ext == "xlsx" {
            // A zip, not text; data.rs reads it back and checks that no
            // cell of it is a formula, whatever the content says.
            if !bytes.starts_with(b"PK\x03\x04") {
                problems.push(format!("{file}: not a zip"));
            }
            continue;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            problems.push(format!("{file}: not UTF-8"));
            continue;
        };
        match ext {
            "html" | "svg" | "xml" => {
                let allowed: &[&str] = if file == THEME_PAGE {
                    &[&script, &form, "<noscript>"]
                } else {
                    &[]
                };
                problems.extend(scan_markup(file, text, allowed));
                if ext != "html" {
                    problems.extend(
                        xml_problems(text)
                            .into_iter()
                            .map(|p| format!("{file}: {p}")),
                    );
                }
                if file == THEME_PAGE {
                    for own in [&script, &form] {
                        if text.matches(own.as_str()).count() != 1 {
                            problems.push(format!("{file}: expected the theme's {own} once"));
                        }
                    }
                }
            }
            "json" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
                    problems.push(format!("{file}: invalid JSON: {e}"));
                }
            }
            "csv" => match parse_csv(text) {
                Ok(rows) => {
                    let width = rows.first().map_or(0, Vec::len);
                    if let Some(bad) = rows.iter().find(|r| r.len() != width) {
                        problems.push(format!("{file}: a row of {} fields: {bad:?}", bad.len()));
                    }
                }
                Err(e) => problems.push(format!("{file}: invalid CSV: {e}")),
            },
            "txt" => {
                if text.to_ascii_lowercase().contains("<script") {
                    problems.push(format!("{file}: markup in a text file"));
                }
            }
            "" | "css" | "js" | "nojekyll" => {}
            other => problems.push(format!("{file}: an unexpected kind of file ({other})")),
        }
    }
    problems
}

// ---------------------------------------------------------------------------
// The scanner on known cases, so that a pass below means something.

#[test]
fn the_scanner_finds_what_browsers_would_run() {
    let bad = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=x></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img/src=\"x\"/onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#0000106avascript:alert(1)\">x</a>",
        "<a href=\"java&#9;script:alert(1)\">x</a>",
        "<a href=\"java&Tab;script&colon;alert(1)\">x</a>",
        "<a href=' JaVaScRiPt:alert(1)'>x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
        "<iframe src=x></iframe>",
        "<object data=x></object>",
        "<embed src=x>",
        "<form action=x></form>",
        "<base href=x>",
        "<meta http-equiv=\"refresh\" content=\"0\">",
        "<p style=\"width:expression(alert(1))\">x</p>",
        "<style>p{background:url(javascript:alert(1))}</style>",
        "<math><mtext>x</mtext></math>",
        "<!--> <img src=x onerror=alert(1)> -->",
        "<button formaction=javascript:alert(1)>",
    ];
    for html in bad {
        assert!(
            !scan_markup("x.html", html, &[]).is_empty(),
            "the scanner missed {html}"
        );
    }
    let good = [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<a href=\"&amp;#106;avascript:alert(1)\">x</a>",
        "<a href=\"/counties/a/\" title=\"onerror=alert(1)\">x</a>",
        "<img alt=\"<script>alert(1)</script> onerror=x\" src=\"/a.svg\">",
        "<p>a < b and c > d</p>",
        "<a href=\"java%09script:alert(1)\">x</a>",
        "<img src=\"data:image/png;base64,AAAA\">",
    ];
    for html in good {
        assert_eq!(
            scan_markup("x.html", html, &[]),
            Vec::<String>::new(),
            "{html}"
        );
    }
    assert_eq!(
        scan_markup(
            "x.html",
            "<script type=\"module\" src=\"/search.js\"></script>",
            &[&theme_script("/")]
        ),
        Vec::<String>::new()
    );
    assert!(!scan_markup("x.xml", "<summary type=\"html\">x</summary>", &[]).is_empty());
    assert_eq!(
        decode_entities("&amp;#106;avascript&colon;x&#x41&#65;"),
        "&#106;avascript:xAA"
    );
    assert_eq!(
        parse_csv("a,\"b,\"\"c\"\"\n\",d\n").unwrap(),
        vec![vec!["a", "b,\"c\"\n", "d"]]
    );
}

// ---------------------------------------------------------------------------
// The site.

#[test]
fn a_hostile_site_builds_into_inert_output() {
    let site = hostile_site();
    site.run(&["build"]).assert_success();
    // HOSTILE_KEEP=<folder> keeps the site and its output for a look.
    if let Ok(keep) = std::env::var("HOSTILE_KEEP") {
        crate::harness::copy_tree(site.root(), std::path::Path::new(&keep));
    }
    let tree = read_tree(&site.root().join("public"));
    assert!(tree.len() > 40, "too few files: {}", tree.len());

    let problems = scan_tree(&tree, "/");
    assert!(
        problems.is_empty(),
        "active content in the output:\n{}",
        problems.join("\n")
    );

    // The hostile text is still there, as text.
    let escaped = |mark: &str| {
        format!("{mark}&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
    };
    let expect = [
        ("counties/alpha/2018/index.html", "TITLE_ALPHA_2018"),
        ("counties/alpha/2018/index.html", "AUTHOR_ALPHA_2018"),
        ("counties/alpha/2018/index.html", "TAG_ALPHA_2018"),
        ("counties/alpha/2018/index.html", "SOURCE_ALPHA_2018"),
        ("counties/alpha/2018/index.html", "COUNTY_ALPHA"),
        ("counties/alpha/2018/index.html", "CHART_ALPHA_2018"),
        ("counties/alpha/2018/index.html", "METRIC_TOTAL"),
        ("counties/alpha/2018/index.html", "CATEGORY_A"),
        ("counties/alpha/2018/index.html", "SITE_TITLE"),
        ("counties/alpha/2018/index.html", "SITE_DESC"),
        ("counties/alpha/2018/index.html", "PERIOD_2018"),
        ("counties/alpha/2018/index.html", "LABEL_PILOT"),
        ("counties/alpha/index.html", "SUMMARY_ALPHA_2018"),
        ("counties/alpha/index.html", "CODE_ALPHA"),
        ("counties/index.html", "LABEL_CONTROL"),
        ("counties/index.html", "COUNTY_BETA"),
        ("metrics/total/index.html", "UNIT_TOTAL"),
        ("metrics/total/index.html", "DESC_TOTAL"),
        ("metrics/covered/index.html", "METRIC_COVERED"),
        ("compare/index.html", "CATEGORY_B"),
        ("index.html", "HOME_TITLE"),
        ("evil/index.html", "PAGE_TITLE"),
        ("evil/index.html", "PAGE_DESC"),
        ("feed.xml", "TITLE_BETA_2019_H1"),
        ("feed.xml", "SUMMARY_BETA_2018"),
        ("feed.xml", "AUTHOR_BETA_2019_H1"),
        ("feed.xml", "SITE_TITLE"),
    ];
    let mut missing = Vec::new();
    for (file, mark) in expect {
        let text = String::from_utf8_lossy(&tree[file]);
        if !text.contains(&escaped(mark)) {
            missing.push(format!("{file}: {mark}"));
        }
    }
    assert!(
        missing.is_empty(),
        "hostile text not shown escaped:\n{}",
        missing.join("\n")
    );
    let report = String::from_utf8_lossy(&tree["counties/alpha/2018/index.html"]);
    // Template syntax in content is text, not evaluated.
    assert!(
        report.contains("{{ 7*7 }}"),
        "template syntax in content changed"
    );
    assert!(report.contains("&amp;#106;avascript:alert(1)"));
    // Code shows raw HTML as text.
    assert!(
        tree.values().any(|b| String::from_utf8_lossy(b)
            .contains("<code class=\"language-html\">&lt;script&gt;alert('block')&lt;/script&gt;")),
        "the fenced code block is not shown as text"
    );
    let markdown_only = String::from_utf8_lossy(&tree["counties/alpha/2019-h1/index.html"]);
    assert!(
        markdown_only.contains("&lt;script&gt;alert("),
        "code span not shown"
    );

    // Charts: the metric label as escaped text in the SVG.
    let svgs: Vec<&String> = tree.keys().filter(|f| f.ends_with(".svg")).collect();
    assert!(!svgs.is_empty());
    assert!(
        tree.iter().any(|(f, b)| f.ends_with(".svg")
            && String::from_utf8_lossy(b).contains(&escaped("METRIC_TOTAL"))),
        "no chart shows the metric label as text"
    );

    // Tags: slugs keep nothing a URL or path would act on.
    for f in tree.keys().filter(|f| f.starts_with("tags/")) {
        assert!(
            f.chars()
                .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-/._".contains(c)),
            "tag file {f}"
        );
    }

    // JSON and CSV hold the hostile strings as data, exactly.
    let json: serde_json::Value =
        serde_json::from_slice(&tree["data/metrics.json"]).expect("metrics.json parses");
    let mut strings = Vec::new();
    json_strings(&json, &mut strings);
    for mark in ["SITE_TITLE", "COUNTY_BETA", "METRIC_TOTAL", "PERIOD_2018"] {
        assert!(
            strings.contains(&evil(mark)),
            "metrics.json lacks {mark} as data"
        );
    }
    let mut strings = Vec::new();
    for (path, bytes) in &tree {
        if path.starts_with("search/docs/") {
            let block = pilotsite::search::unpack(&String::from_utf8_lossy(bytes))
                .expect("a block of search/docs/ unpacks");
            let docs: serde_json::Value =
                serde_json::from_str(&block).expect("a block of search/docs/ parses");
            json_strings(&docs, &mut strings);
        }
    }
    assert!(
        strings.contains(&evil("TITLE_ALPHA_2018")),
        "the search index lacks a title as data"
    );
    let rows = parse_csv(&String::from_utf8_lossy(&tree["data/metrics.csv"])).expect("CSV");
    assert!(rows.iter().all(|r| r.len() == 7), "CSV rows of 7 fields");
    assert!(
        rows.iter().any(|r| r[1] == evil("COUNTY_BETA")),
        "the county name round-trips through the CSV"
    );
}

#[test]
fn a_hostile_base_url_stays_inert() {
    // The path may hold quotes and ampersands; the host anything but `/`.
    let site = SiteTest::fixture("minimal");
    site.run(&[
        "build",
        "--base-url",
        "https://x\"onmouseover=\"alert(1)'/a'b&c",
    ])
    .assert_success();
    let tree = read_tree(&site.root().join("public"));
    let problems = scan_tree(&tree, "/a&#39;b&amp;c/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The path is refused where it could break out of an attribute.
    for bad in ["/a\"b/", "/a<b/", "/a>b/", "/a b/", "javascript:alert(1)//"] {
        site.run(&["build", "--base-url", bad]).assert_status(2);
    }
}

#[test]
fn unsafe_html_keeps_raw_html_as_written() {
    let site = SiteTest::fixture("minimal");
    let yaml = site.read("site.yaml");
    site.write("site.yaml", &format!("unsafe_html: true\n{yaml}"));
    site.write(
        "content/pages/raw.md",
        "---\ntitle: \"<b>t</b>\"\n---\n<div class=\"x\" onclick=\"go()\"><script>run()</script></div>\n",
    );
    site.build();
    let page = site.page("raw/");
    assert!(
        page.contains("<div class=\"x\" onclick=\"go()\"><script>run()</script></div>"),
        "{page}"
    );
    // Front matter is text whatever the setting.
    assert!(page.contains("<h1>&lt;b&gt;t&lt;/b&gt;</h1>"), "{page}");
}

// ---------------------------------------------------------------------------
// The serve overlay.

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    text.split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string())
}

#[cfg(feature = "serve")]
#[test]
fn the_serve_error_overlay_escapes_hostile_content() {
    let site = SiteTest::fixture("minimal");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pilotsite"))
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pilotsite serve");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _guard = {
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("serve did not start listening");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Kill(child)
    };
    // A hostile key: the error names it, and the excerpt quotes the line.
    let key = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let text = site.read("content/counties/alpha/2018.md").replacen(
        "period:",
        &format!("{}: 1\nperiod:", yq(key)),
        1,
    );
    site.write("content/counties/alpha/2018.md", &text);
    let deadline = Instant::now() + Duration::from_secs(20);
    let page = loop {
        let page = get(port, "/");
        if page.contains("pilotsite-errors") {
            break page;
        }
        assert!(Instant::now() < deadline, "no overlay:\n{page}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"),
        "the hostile key is not shown escaped:\n{page}"
    );
    // The one script allowed is serve's own reload script.
    let reload = |body: &str| {
        body.starts_with("(function(){var s=new EventSource(") && !body.contains("alert")
    };
    let problems = scan_markup_with("overlay.html", &page, &["<script>"], &reload);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
