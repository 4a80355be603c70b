//! What is checked across pages once they are rendered: links to source
//! files and to paths of the site, links to headings, and files of
//! `static/` that a generated file would replace. Also the links `check`
//! can still check when the content has errors.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::Prepared;
use crate::diagnostics::{Diagnostic, Pos, did_you_mean, shorten};
use crate::markdown::{self, Rendered};
use crate::messages::hint_did_you_mean;
use crate::text;

/// The links of every body under `root`'s content/, checked on their own:
/// what `check` can still say about links when the content has errors, so
/// that a broken link is reported with them rather than after they are
/// fixed. Links name source files, so the files' names are enough; a link
/// to a path of the site needs the site, and waits.
pub fn links_without_site(root: &std::path::Path) -> Vec<Diagnostic> {
    let Ok(paths) = crate::content::content_files(root) else {
        return Vec::new();
    };
    let sources: BTreeMap<String, String> = paths
        .iter()
        .filter(|p| p.ends_with(".md"))
        .map(|p| (p.clone(), format!("/{p}")))
        .collect();
    let md = markdown::Context {
        urls: &sources,
        unsafe_html: false,
        chart: None,
        table_label: "",
        base_path: "/",
    };
    let bodies: HashMap<String, (Arc<str>, Arc<Rendered>)> = sources
        .keys()
        .collect::<Vec<_>>()
        .par_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(root.join(path.as_str())).ok()?;
            let (line_offset, markdown) = body_of(&text)?;
            let body = crate::content::Body {
                path: path.to_string(),
                line_offset,
                markdown: markdown.into(),
            };
            let rendered = markdown::render(&body, &md);
            Some((path.to_string(), (body.markdown, Arc::new(rendered))))
        })
        .collect();
    let mut out: Vec<Diagnostic> = bodies
        .values()
        .flat_map(|(_, r)| r.diagnostics.iter().cloned())
        .collect();
    out.extend(broken_anchors(&bodies));
    out
}

/// The Markdown after a file's front matter and the lines before it, or
/// nothing when the file has no closed front matter (an error of its own).
fn body_of(text: &str) -> Option<(usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        let line = line.trim_end();
        if i == 0 {
            if line != "---" {
                return None;
            }
        } else if line == "---" || line == "..." {
            return Some((i + 1, &text[offset..]));
        }
    }
    None
}

/// Links to a heading that the target page does not have.
pub(super) fn broken_anchors(
    bodies: &HashMap<String, (Arc<str>, Arc<Rendered>)>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (path, (_, rendered)) in bodies {
        for anchor in &rendered.anchors {
            let Some((_, target)) = bodies.get(&anchor.target) else {
                continue;
            };
            if !target.heading_ids.contains(&anchor.fragment) {
                out.push(no_heading(path, anchor, &target.heading_ids));
            }
        }
    }
    out
}

/// `link to `…`: x.md has no heading `#…``, with the headings it has.
fn no_heading(path: &str, anchor: &markdown::Anchor, headings: &[String]) -> Diagnostic {
    let d = Diagnostic::error(
        path,
        anchor.pos,
        text!(
            "link-no-heading",
            url = shorten(&anchor.url),
            target = anchor.target.as_str(),
            fragment = shorten(&anchor.fragment)
        ),
    );
    if headings.is_empty() {
        d.with_help(text!("link-no-heading-help-none"))
    } else {
        let list: Vec<String> = headings.iter().map(|i| format!("#{i}")).collect();
        d.with_help(text!("link-no-heading-help", headings = list.join(", ")))
    }
}

/// A file of static/ at `own` (under static/) that the file the site
/// makes at `generated` would replace.
pub(super) fn static_collision(own: &str, generated: &str) -> Diagnostic {
    Diagnostic::error(
        format!("static/{own}"),
        Pos::new(1, 1),
        text!("output-static-collision", file = generated),
    )
    .with_help(text!("output-static-collision-help", file = generated))
}

impl Prepared {
    /// Links to a path of the site that has no file, and links to a
    /// heading of a page that the page does not have.
    pub(super) fn dead_site_links(
        &self,
        bodies: &HashMap<String, (Arc<str>, Arc<Rendered>)>,
        source_urls: &BTreeMap<String, String>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut candidates: Option<Vec<String>> = None;
        let mut sources: Option<HashMap<&str, &str>> = None;
        let mut paths: Vec<&String> = bodies.keys().collect();
        paths.sort();
        for path in paths {
            let rendered = &bodies[path].1;
            for link in &rendered.site_links {
                let p = link.path.as_str();
                let page = if p.is_empty() || p.ends_with('/') {
                    Some(format!("{p}index.html"))
                } else {
                    self.has_file(&format!("{p}/index.html"))
                        .then(|| format!("{p}/index.html"))
                };
                let exists = match &page {
                    Some(file) => self.has_file(file),
                    None => self.has_file(p),
                };
                if !exists {
                    let near = candidates.get_or_insert_with(|| {
                        self.files
                            .keys()
                            .map(|f| f.strip_suffix("index.html").unwrap_or(f).to_string())
                            .collect()
                    });
                    let wanted = p.trim_end_matches("index.html");
                    let hint = did_you_mean(wanted, near.iter().map(String::as_str))
                        .map(|n| format!("/{n}"));
                    out.push(
                        Diagnostic::error(
                            path,
                            link.pos,
                            text!(
                                "link-dead-path",
                                url = shorten(&link.url),
                                hint = hint_did_you_mean(hint.as_deref())
                            ),
                        )
                        .with_help(text!("link-dead-path-help")),
                    );
                    continue;
                }
                if link.fragment.is_empty() {
                    continue;
                }
                // A page made from a body: its headings are known.
                let Some(page) = page else { continue };
                let sources = sources.get_or_insert_with(|| {
                    source_urls
                        .iter()
                        .map(|(source, url)| (url.as_str(), source.as_str()))
                        .collect()
                });
                let url = self.urls.at(page.trim_end_matches("index.html"));
                let Some(source) = sources.get(url.as_str()) else {
                    continue;
                };
                let Some((_, target)) = bodies.get(*source) else {
                    continue;
                };
                if !target.heading_ids.contains(&link.fragment) {
                    let anchor = markdown::Anchor {
                        pos: link.pos,
                        url: link.url.clone(),
                        target: source.to_string(),
                        fragment: link.fragment.clone(),
                    };
                    out.push(no_heading(path, &anchor, &target.heading_ids));
                }
            }
        }
        out
    }
}
