//! The theme: templates, UI strings and static assets. The built-in default
//! theme is embedded in the binary; a site's `themes/<name>/` overrides it
//! file by file (a site may also name its own theme and override only some
//! files: the rest come from the default).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

use crate::content::{Config, Language};
use crate::diagnostics::{Diagnostic, Pos};
use crate::files;
use crate::output::io_reason;
use crate::text;
use crate::yaml::{self, Value};

#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    Embedded(Cow<'static, [u8]>),
    Disk(PathBuf),
}

pub struct Theme {
    pub tera: tera::Tera,
    /// UI strings in the site's language.
    pub strings: BTreeMap<String, String>,
    /// Files of `static/` in the theme, by output path.
    pub static_files: Vec<(String, Source)>,
    /// Template name (`base.html`) -> the name errors use: the site's
    /// file (`themes/default/templates/base.html`) where it overrides the
    /// built-in one, else `(built-in theme)/templates/base.html`.
    templates: BTreeMap<String, String>,
}

impl Theme {
    /// A template error found while rendering `template`, placed in the
    /// file where tera found it: a page's template may fail in the
    /// template it extends or includes, and the error belongs there.
    pub fn template_error(&self, template: &str, e: &tera::Error) -> Diagnostic {
        template_error(&self.templates, template, e)
    }
}

/// One theme file: its path inside the theme, the name errors use, its bytes.
struct File {
    rel: String,
    shown_as: String,
    source: Source,
}

impl File {
    fn text(&self) -> Result<String, Diagnostic> {
        let bytes = match &self.source {
            Source::Embedded(b) => b.to_vec(),
            Source::Disk(p) => std::fs::read(p).map_err(|e| {
                Diagnostic::error(
                    &self.shown_as,
                    Pos::new(1, 1),
                    text!("theme-file-unreadable", reason = io_reason(&e)),
                )
            })?,
        };
        String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(&self.shown_as, Pos::new(1, 1), text!("theme-file-not-utf8"))
                .with_help(text!("theme-file-not-utf8-help"))
        })
    }
}

/// Every file of the theme, default first, then the site's overrides.
fn files(root: &Path, config: &Config) -> Result<BTreeMap<String, File>, Diagnostic> {
    let mut out = BTreeMap::new();
    for rel in DefaultTheme::iter() {
        if let Some(f) = DefaultTheme::get(&rel) {
            out.insert(
                rel.to_string(),
                File {
                    rel: rel.to_string(),
                    shown_as: format!("(built-in theme)/{rel}"),
                    source: Source::Embedded(f.data),
                },
            );
        }
    }
    let dir = format!("themes/{}", config.theme);
    if !root.join(&dir).is_dir() {
        if config.theme != "default" {
            return Err(Diagnostic::error(
                "site.yaml",
                Pos::new(1, 1),
                text!(
                    "theme-not-found",
                    name = crate::diagnostics::shorten(&config.theme),
                    folder = crate::diagnostics::shorten(&dir)
                ),
            )
            .with_help(text!("theme-not-found-help")));
        }
        return Ok(out);
    }
    for site_rel in files::list(root, &dir, crate::content::is_ignored_name)? {
        let rel = site_rel[dir.len() + 1..].to_string();
        out.insert(
            rel.clone(),
            File {
                rel,
                source: Source::Disk(root.join(&site_rel)),
                shown_as: site_rel,
            },
        );
    }
    Ok(out)
}

/// Loads the theme for a site: templates compiled, strings for its language.
pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let files = files(root, config).map_err(|d| vec![d])?;
    let mut diagnostics = Vec::new();
    let mut templates = Vec::new();
    let mut static_files = Vec::new();
    let lang_file = format!("i18n/{}.yaml", config.language.code());
    let mut strings = BTreeMap::new();
    for file in files.values() {
        if let Some(name) = file.rel.strip_prefix("templates/") {
            match file.text() {
                Ok(t) => templates.push((name.to_string(), t, file.shown_as.clone())),
                Err(d) => diagnostics.push(d),
            }
        } else if let Some(out) = file.rel.strip_prefix("static/") {
            static_files.push((out.to_string(), file.source.clone()));
        } else if file.rel == lang_file {
            match file.text().and_then(|t| read_strings(&file.shown_as, &t)) {
                Ok(s) => strings = s,
                Err(d) => diagnostics.push(d),
            }
        }
    }
    let shown: BTreeMap<String, String> = templates
        .iter()
        .map(|(name, _, shown_as)| (name.clone(), shown_as.clone()))
        .collect();
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    if diagnostics.is_empty() {
        // All at once, so `extends` finds its parent whatever the order.
        let sources = templates
            .iter()
            .map(|(name, text, _)| (name.as_str(), text.as_str()));
        if let Err(e) = tera.add_raw_templates(sources) {
            diagnostics.push(template_error(&shown, "", &e));
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    apply_labels(&mut strings, config);
    Ok(Theme {
        tera,
        strings,
        static_files,
        templates: shown,
    })
}

/// site.yaml's `labels` override the theme's words for county, pilot, control.
fn apply_labels(strings: &mut BTreeMap<String, String>, config: &Config) {
    let l = &config.labels;
    for (key, value) in [
        ("county", &l.county),
        ("pilot", &l.pilot),
        ("control", &l.control),
    ] {
        if let Some(v) = value {
            strings.insert(key.to_string(), v.clone());
        }
    }
    if config.language == Language::En {
        strings.entry("lang".into()).or_insert_with(|| "en".into());
    }
}

fn read_strings(path: &str, text: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
    let node = yaml::parse(text).map_err(|e| e.placed(path, 0, 0))?;
    let Value::Map(entries) = node.value else {
        return Err(
            Diagnostic::error(path, node.pos, text!("theme-strings-not-mapping"))
                .with_help(text!("theme-strings-not-mapping-help")),
        );
    };
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let found = v.value.kind_text();
        match v.value {
            Value::Str(s) => {
                out.insert(k.key_text(), s);
            }
            _ => {
                return Err(Diagnostic::error(
                    path,
                    v.pos,
                    text!(
                        "theme-string-not-text",
                        name = crate::diagnostics::shorten(&k.key_text()),
                        found = found
                    ),
                )
                .with_help(text!("theme-string-not-text-help")));
            }
        }
    }
    Ok(out)
}

/// A template error at the place tera found it: the template named in
/// tera's report (shown as `shown` says), else `template`.
fn template_error(shown: &BTreeMap<String, String>, template: &str, e: &tera::Error) -> Diagnostic {
    let shown_as = |name: &str| {
        shown
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("(theme)/templates/{name}"))
    };
    let (path, pos, detail) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let s = r.span();
            let name = if r.filename().is_empty() {
                template
            } else {
                r.filename()
            };
            (
                shown_as(name),
                Pos::new(s.start_line.max(1), s.start_col + 1),
                r.message().to_string(),
            )
        }
        _ => (shown_as(template), Pos::new(1, 1), e.to_string()),
    };
    Diagnostic::error(path, pos, text!("theme-template-error", detail = detail))
}
