//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task
//! lists and heading ids, through comrak.
//!
//! Why comrak and not pulldown-cmark: with `cjk_friendly_emphasis` comrak
//! bolds `**注意：**正文`, which CommonMark's flanking rules (and so
//! pulldown-cmark 0.13) leave as literal asterisks; tests/testsuite/markdown.rs
//! shows both. Internal links (`@/content/path.md` and relative `.md` paths,
//! the extension in any case) are rewritten to page URLs here, and a link to
//! a missing file is an error at its line. Links to a path of the site
//! (`/counties/dongtai/2018/`) get the base path put in front and are
//! recorded, to be checked against the site's files once they are known.
//! Raw HTML is sanitised with ammonia unless the site opts out.
//! This module does no I/O.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{NodeValue, Sourcepos};
use comrak::options::Plugins;
use comrak::{Anchorizer, Arena, Options};

use crate::content::Body;
use crate::diagnostics::{Diagnostic, Pos, shorten};
use crate::text;

/// What rendering needs to know about the rest of the site.
pub struct Context<'a> {
    /// Source path (`content/counties/x/2018.md`) -> page URL.
    pub urls: &'a BTreeMap<String, String>,
    pub unsafe_html: bool,
    /// Turns the YAML of a ```` ```chart ```` block in the file at the given
    /// path into the HTML that replaces it. Without it, chart blocks stay code.
    pub chart: Option<&'a ChartFn<'a>>,
    /// The accessible name of the box a table scrolls in on narrow screens
    /// ("表格" / "Table"), in the site's language.
    pub table_label: &'a str,
    /// The site's base path (`/` or `/pilot/`), put in front of links to
    /// a path of the site (`/counties/dongtai/2018/`).
    pub base_path: &'a str,
}

/// A chart block's YAML and the linking file's path -> HTML, or what is wrong.
pub type ChartFn<'a> = dyn Fn(&str, &str) -> Result<String, Diagnostic> + Sync + 'a;

/// A link to a heading: `[x](@/counties/a/2018.md#基本情况)` or `[x](#下一步打算)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub pos: Pos,
    /// The link as written.
    pub url: String,
    /// Source path of the page linked to.
    pub target: String,
    pub fragment: String,
}

/// A link to a path of the site (`[基线](/counties/dongtai/2018/)`), to be
/// checked once the site's files are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink {
    pub pos: Pos,
    /// The link as written.
    pub url: String,
    /// The path under the site's root, decoded, without the leading `/`,
    /// the query or the fragment (`counties/dongtai/2018/`).
    pub path: String,
    /// The fragment, decoded (empty when there is none).
    pub fragment: String,
}

/// Stands in for a chart in the HTML until it is replaced. Text cannot
/// forge it: the character (U+FFFC, which a copy from a word processor
/// leaves where a picture was) is taken out of every body before it is
/// parsed, so every one left in the HTML is a mark.
const CHART_MARK: char = '\u{FFFC}';

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Plain text of the first paragraph.
    pub first_paragraph: String,
    /// The whole body as plain text, blocks separated by newlines (for search).
    pub text: String,
    /// Whether the body has chart blocks (whose figures carry statistics).
    pub has_charts: bool,
    /// The ids of the body's headings, in order.
    pub heading_ids: Vec<String>,
    /// Links with a `#fragment` to content: where, the target's source
    /// path, and the fragment (decoded). Checked once every body is rendered.
    pub anchors: Vec<Anchor>,
    /// Links to a path of the site, checked once the site's files are known.
    pub site_links: Vec<SiteLink>,
    pub diagnostics: Vec<Diagnostic>,
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.cjk_friendly_emphasis = true;
    o.parse.sourcepos_chars = true;
    o
}

/// Writes `<hN id="...">` with ids that are unique in the document and keep
/// Chinese text as it is (`## 基本情况` -> `id="基本情况"`).
struct Headings(Mutex<(Anchorizer, Vec<String>)>);

impl HeadingAdapter for Headings {
    fn enter(
        &self,
        out: &mut dyn fmt::Write,
        h: &HeadingMeta,
        _: Option<Sourcepos>,
    ) -> fmt::Result {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let id = state.0.anchorize(&h.content);
        state.1.push(id.clone());
        write!(out, "<h{} id=\"{}\">", h.level, escape_attr(&id))
    }
    fn exit(&self, out: &mut dyn fmt::Write, h: &HeadingMeta) -> fmt::Result {
        write!(out, "</h{}>", h.level)
    }
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Renders one body.
pub fn render(body: &Body, ctx: &Context) -> Rendered {
    let arena = Arena::new();
    let mut opts = options();
    // A U+FFFC in the text would be taken for a chart mark (see CHART_MARK).
    let markdown: Cow<str> = if body.markdown.contains(CHART_MARK) {
        Cow::Owned(body.markdown.replace(CHART_MARK, ""))
    } else {
        Cow::Borrowed(&body.markdown)
    };
    let root = comrak::parse_document(&arena, &markdown, &opts);
    let mut diagnostics = Vec::new();
    let mut site_links = Vec::new();
    let mut has_raw_html = false;
    let mut first_paragraph = None;
    let mut charts: Vec<String> = Vec::new();
    let mut has_charts = false;
    let mut anchors = Vec::new();
    for node in root.descendants() {
        let mut data = node.data_mut();
        let pos = Pos::new(
            data.sourcepos.start.line,
            data.sourcepos.start.column.max(1),
        )
        .offset_lines(body.line_offset);
        match &mut data.value {
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => has_raw_html = true,
            NodeValue::Link(link) | NodeValue::Image(link) => {
                match resolve_link(&body.path, &link.url, ctx) {
                    Resolved::External => {}
                    Resolved::Url {
                        url,
                        target,
                        fragment,
                    } => {
                        if !fragment.is_empty() {
                            anchors.push(Anchor {
                                pos,
                                url: link.url.clone(),
                                target,
                                fragment,
                            });
                        }
                        link.url = url;
                    }
                    Resolved::Site {
                        url,
                        path,
                        fragment,
                    } => {
                        site_links.push(SiteLink {
                            pos,
                            url: link.url.clone(),
                            path,
                            fragment,
                        });
                        link.url = url;
                    }
                    Resolved::Missing(target) => diagnostics.push(
                        Diagnostic::error(
                            &body.path,
                            pos,
                            text!("link-missing", url = shorten(&link.url)),
                        )
                        .with_help(text!("link-missing-help", target = shorten(&target))),
                    ),
                }
            }
            NodeValue::CodeBlock(block) if block.info.trim() == "chart" && ctx.chart.is_some() => {
                let Some(chart) = ctx.chart else { continue };
                has_charts = true;
                match chart(&block.literal, &body.path) {
                    Ok(html) => {
                        data.value = NodeValue::Paragraph;
                        drop(data);
                        let mark = format!("{CHART_MARK}{}{CHART_MARK}", charts.len());
                        charts.push(html);
                        let text =
                            arena.alloc(comrak::nodes::AstNode::from(NodeValue::Text(mark.into())));
                        node.append(text);
                    }
                    Err(e) => {
                        // The YAML starts on the line after the fence.
                        diagnostics.push(e.placed(&body.path, pos.line, pos.col - 1));
                    }
                }
            }
            NodeValue::Paragraph if first_paragraph.is_none() => {
                drop(data);
                first_paragraph = Some(plain_text(node));
            }
            _ => {}
        }
    }
    let text = document_text(root);
    // Raw HTML is only emitted when present, and then the whole output is
    // sanitised; otherwise comrak's own escaping and URL filtering apply.
    let sanitise = has_raw_html && !ctx.unsafe_html;
    opts.render.r#unsafe = has_raw_html;
    let headings = Headings(Mutex::new((Anchorizer::new(), Vec::new())));
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&headings);
    let mut html = String::with_capacity(body.markdown.len() * 3 / 2);
    // Writing to a String cannot fail.
    let _ = comrak::format_html_with_plugins(root, &opts, &mut html, &plugins);
    if sanitise {
        html = sanitise_html(&html);
    }
    html = scroll_boxes(&html, ctx.table_label);
    for (i, chart) in charts.iter().enumerate() {
        // A paragraph of its own, or bare in the item of a tight list.
        let mark = format!("{CHART_MARK}{i}{CHART_MARK}");
        let paragraph = format!("<p>{mark}</p>");
        html = if html.contains(&paragraph) {
            html.replacen(&paragraph, chart, 1)
        } else {
            html.replacen(&mark, chart, 1)
        };
    }
    Rendered {
        html,
        first_paragraph: first_paragraph.unwrap_or_default(),
        text,
        has_charts,
        heading_ids: headings
            .0
            .into_inner()
            .map_or_else(|e| e.into_inner().1, |state| state.1),
        anchors,
        site_links,
        diagnostics,
    }
}

/// Wraps every table in a box that scrolls sideways on narrow screens, and
/// lets keyboards reach that box and every code block (which scroll too):
/// without it a wide table widens the whole page on a phone, and a box that
/// scrolls but takes no focus cannot be scrolled without a mouse. In the
/// output (comrak's, or ammonia's when there was raw HTML) `<table` and
/// `<pre` only ever start tags: text is escaped.
fn scroll_boxes(html: &str, label: &str) -> String {
    if !html.contains("<table") && !html.contains("<pre") {
        return html.to_string();
    }
    let open = format!(
        "<div class=\"table-scroll\" role=\"group\" tabindex=\"0\" aria-label=\"{}\"><table",
        escape_attr(label)
    );
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let tag_is = |name: &str| {
            rest.strip_prefix(name)
                .and_then(|after| after.chars().next())
                .is_some_and(|c| c == '>' || c.is_ascii_whitespace())
        };
        if tag_is("<table") {
            out.push_str(&open);
            rest = &rest["<table".len()..];
        } else if let Some(after) = rest.strip_prefix("</table>") {
            out.push_str("</table></div>");
            rest = after;
        } else if tag_is("<pre") {
            out.push_str("<pre tabindex=\"0\"");
            rest = &rest["<pre".len()..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn plain_text<'a>(node: &'a comrak::nodes::AstNode<'a>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// All the text of a document, a newline after every block; chart
/// placeholders and raw HTML left out.
fn document_text<'a>(root: &'a comrak::nodes::AstNode<'a>) -> String {
    use comrak::arena_tree::NodeEdge;
    let mut out = String::new();
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => match &node.data().value {
                NodeValue::Text(t) if !t.contains(CHART_MARK) => out.push_str(t),
                NodeValue::Code(c) => out.push_str(&c.literal),
                NodeValue::CodeBlock(c) => out.push_str(&c.literal),
                NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
                _ => {}
            },
            NodeEdge::End(node) => {
                if node.data().value.block() && !out.ends_with('\n') && !out.is_empty() {
                    out.push('\n');
                }
            }
        }
    }
    out.trim_end().to_string()
}

enum Resolved {
    External,
    /// The page URL, the target's source path, the decoded fragment.
    Url {
        url: String,
        target: String,
        fragment: String,
    },
    /// A path of the site: the URL with the base path, the path under the
    /// site's root and the fragment, decoded.
    Site {
        url: String,
        path: String,
        fragment: String,
    },
    /// The content path that was looked for.
    Missing(String),
}

/// Whether a link's path names a Markdown file: `.md` in any case, as an
/// input method or a file manager may have typed it (`2018.MD`).
fn is_markdown_file(path: &str) -> bool {
    path.len() >= 3
        && path
            .get(path.len() - 3..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".md"))
}

/// `@/x.md` is relative to content/; `x.md` and `../y/x.md` to the linking
/// file; `/content/x.md` to the site's root. Another path starting with `/`
/// is a path of the site. Anything with a scheme (or `//host`) is left alone.
fn resolve_link(from: &str, url: &str, ctx: &Context) -> Resolved {
    let (path, fragment) = match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let decoded_fragment = || crate::urls::percent_decode(fragment.trim_start_matches('#'));
    let target = if path.is_empty() && !fragment.is_empty() {
        // `#heading` on the same page: nothing to rewrite, only to check.
        return Resolved::Url {
            url: url.to_string(),
            target: from.to_string(),
            fragment: decoded_fragment(),
        };
    } else if let Some(rest) = path.strip_prefix("@/") {
        normalise(&format!("content/{rest}"))
    } else if path.starts_with("//") || path.contains(':') {
        return Resolved::External;
    } else if let Some(rest) = path.strip_prefix('/') {
        if !is_markdown_file(rest) {
            return site_link(url, path, fragment, ctx.base_path);
        }
        normalise(rest)
    } else if is_markdown_file(path) {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        normalise(&format!("{dir}/{path}"))
    } else {
        return Resolved::External;
    };
    let found = ctx.urls.get_key_value(&target).or_else(|| {
        // The same file with its name in another case (`2018.MD`,
        // `2019-H1.md` for 2019-h1.md): it is the one meant.
        let mut near = ctx
            .urls
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(&target));
        match (near.next(), near.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    });
    match found {
        Some((target, u)) => Resolved::Url {
            url: format!("{u}{fragment}"),
            target: target.clone(),
            fragment: decoded_fragment(),
        },
        None => Resolved::Missing(target),
    }
}

/// A link to a path of the site, `/counties/dongtai/2018/`: the base path
/// goes in front (a site published at `/pilot/` has the page at
/// `/pilot/counties/dongtai/2018/`), unless the link already starts with it.
fn site_link(url: &str, path: &str, fragment: &str, base_path: &str) -> Resolved {
    let path = path.split('?').next().unwrap_or(path);
    let base = base_path.trim_end_matches('/');
    let under_base = !base.is_empty() && (path == base || path.starts_with(base_path));
    let (href, site_path) = if under_base {
        (url.to_string(), path.get(base.len()..).unwrap_or(""))
    } else {
        (format!("{base}{url}"), path)
    };
    Resolved::Site {
        url: href,
        path: crate::urls::percent_decode(site_path.trim_start_matches('/')),
        fragment: crate::urls::percent_decode(fragment.trim_start_matches('#')),
    }
}

/// Resolves `.` and `..` segments.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn sanitise_html(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> Body {
        Body {
            path: "content/counties/a/2018.md".into(),
            line_offset: 5,
            markdown: md.into(),
        }
    }

    fn render_with(md: &str, unsafe_html: bool) -> Rendered {
        let mut urls = BTreeMap::new();
        urls.insert(
            "content/counties/a/2019-h1.md".to_string(),
            "/counties/a/2019-h1/".to_string(),
        );
        urls.insert(
            "content/counties/b/2018.md".to_string(),
            "/counties/b/2018/".to_string(),
        );
        render(
            &body(md),
            &Context {
                urls: &urls,
                unsafe_html,
                chart: None,
                table_label: "Table",
                base_path: "/",
            },
        )
    }

    #[test]
    fn chinese_emphasis_is_bold() {
        let r = render_with("**注意：**正文\n\n试点县**“人均收入”**增长\n", false);
        assert!(r.html.contains("<strong>注意：</strong>正文"), "{}", r.html);
        assert!(
            r.html.contains("<strong>“人均收入”</strong>增长"),
            "{}",
            r.html
        );
    }

    #[test]
    fn tables_and_code_blocks_scroll_in_a_focusable_box() {
        let wrap = "<div class=\"table-scroll\" role=\"group\" tabindex=\"0\" aria-label=\"Table\"><table>";
        let r = render_with(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n`<table>` and `<pre>`\n\n<table><tr><td>x</td></tr></table>\n\n```\ncode\n```\n",
            false,
        );
        assert_eq!(r.html.matches(wrap).count(), 2, "{}", r.html);
        assert_eq!(r.html.matches("</table></div>").count(), 2, "{}", r.html);
        assert!(r.html.contains("<code>&lt;table&gt;</code>"), "{}", r.html);
        assert!(
            r.html.contains("<pre tabindex=\"0\"><code>code"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<code>&lt;pre&gt;</code>"), "{}", r.html);
    }

    #[test]
    fn chinese_heading_ids_are_stable_and_unique() {
        let r = render_with("## 基本情况\n\n## 基本情况\n", false);
        assert!(r.html.contains("<h2 id=\"基本情况\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"基本情况-1\">"), "{}", r.html);
    }

    #[test]
    fn links_resolve_or_fail_at_their_line() {
        let r = render_with(
            "[a](@/counties/a/2019-h1.md#x) [b](../b/2018.md)\n\n[c](2020-h1.md)\n",
            false,
        );
        assert!(
            r.html.contains("href=\"/counties/a/2019-h1/#x\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/counties/b/2018/\""), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].col), (8, 1));
    }

    fn render_at(md: &str, base_path: &str) -> Rendered {
        let mut urls = BTreeMap::new();
        urls.insert(
            "content/counties/b/2018.md".to_string(),
            format!("{base_path}counties/b/2018/"),
        );
        let chart: &ChartFn = &|yaml, _| Ok(format!("<figure>{}</figure>", yaml.trim()));
        render(
            &body(md),
            &Context {
                urls: &urls,
                unsafe_html: false,
                chart: Some(chart),
                table_label: "Table",
                base_path,
            },
        )
    }

    #[test]
    fn links_to_site_paths_get_the_base_path_and_are_recorded() {
        let r = render_at(
            "[a](/counties/b/2018/#x) [b](/pilot/data/metrics.csv) [c](//cdn.example.org/x) \
             [d](/content/counties/b/2018.md) [e](/search/?q=%E5%9B%9B)\n",
            "/pilot/",
        );
        for href in [
            "href=\"/pilot/counties/b/2018/#x\"",
            "href=\"/pilot/data/metrics.csv\"",
            "href=\"//cdn.example.org/x\"",
            "href=\"/pilot/counties/b/2018/\"",
            "href=\"/pilot/search/?q=%E5%9B%9B\"",
        ] {
            assert!(r.html.contains(href), "no {href} in {}", r.html);
        }
        let paths: Vec<(&str, &str)> = r
            .site_links
            .iter()
            .map(|l| (l.path.as_str(), l.fragment.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("counties/b/2018/", "x"),
                ("data/metrics.csv", ""),
                ("search/", "")
            ]
        );
        assert!(r.diagnostics.is_empty());
        // At the root, links stay as written.
        let r = render_at("[a](/counties/b/2018/)\n", "/");
        assert!(r.html.contains("href=\"/counties/b/2018/\""), "{}", r.html);
    }

    #[test]
    fn markdown_links_resolve_whatever_the_case_of_the_extension() {
        let r = render_with(
            "[a](../b/2018.MD) [b](2019-H1.md) [c](@/counties/b/2018.Md)\n",
            false,
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(
            r.html.matches("href=\"/counties/b/2018/\"").count(),
            2,
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"/counties/a/2019-h1/\""),
            "{}",
            r.html
        );
        let r = render_with("x\n\n[a](../b/2017.MD)\n", false);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code, "PS510");
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].col), (8, 1));
    }

    #[test]
    fn charts_render_in_tight_lists_and_typed_marks_are_taken_out() {
        let r = render_at(
            "- a\n  ```chart\n  metric: m1\n  ```\n- b\n\n> ```chart\n> metric: m2\n> ```\n\n\
             typed \u{FFFC}0\u{FFFC} and `\u{FFFC}1\u{FFFC}`\n\n```chart\nmetric: m3\n```\n",
            "/",
        );
        assert!(!r.html.contains('\u{FFFC}'), "{}", r.html);
        assert!(
            r.html.contains("<li>a\n<figure>metric: m1</figure>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<blockquote>\n<figure>metric: m2</figure>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p>typed 0 and <code>1</code></p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<figure>metric: m3</figure>"), "{}", r.html);
        assert!(!r.text.contains('\u{FFFC}'));
    }

    #[test]
    fn raw_html_is_sanitised() {
        let r = render_with(
            "<script>alert(1)</script>\n\n<a href=\"javascript:x\" onclick=\"y\">z</a>\n\n[q](javascript:alert(1))\n",
            false,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        let kept = render_with("<b onclick=\"y\">z</b>\n", true);
        assert!(kept.html.contains("onclick"));
    }

    #[test]
    fn plain_text_separates_blocks() {
        let r = render_with("## 基本情况\n\n试点**进展**顺利。\n\n- 一\n- 二\n", false);
        assert_eq!(r.text, "基本情况\n试点进展顺利。\n一\n二");
    }

    #[test]
    fn extensions_render() {
        let r = render_with(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ x[^1]\n\n[^1]: note\n",
            false,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
    }
}
