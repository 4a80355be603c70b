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
                    format!("cannot read this theme file: {e}"),
                )
            })?,
        };
        String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(
                &self.shown_as,
                Pos::new(1, 1),
                "this theme file is not valid UTF-8",
            )
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
                format!(
                    "theme `{}` not found: there is no folder {dir}/",
                    config.theme
                ),
            )
            .with_help("remove `theme:` to use the built-in theme, or create the folder"));
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
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    if diagnostics.is_empty() {
        // All at once, so `extends` finds its parent whatever the order.
        let sources = templates
            .iter()
            .map(|(name, text, _)| (name.as_str(), text.as_str()));
        if let Err(e) = tera.add_raw_templates(sources) {
            let name = match e.kind() {
                tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                    r.filename().to_string()
                }
                _ => String::new(),
            };
            let shown_as = templates
                .iter()
                .find(|(n, _, _)| *n == name)
                .map_or("(theme)", |(_, _, s)| s.as_str());
            diagnostics.push(template_error(shown_as, &e));
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
        return Err(Diagnostic::error(
            path,
            node.pos,
            "UI strings must be `key: text` lines",
        ));
    };
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        match v.value {
            Value::Str(s) => {
                out.insert(k.key_text(), s);
            }
            _ => {
                return Err(Diagnostic::error(
                    path,
                    v.pos,
                    "each UI string must be text",
                ));
            }
        }
    }
    Ok(out)
}

/// A template error at the place tera found it.
pub fn template_error(shown_as: &str, e: &tera::Error) -> Diagnostic {
    let (pos, message, path) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let s = r.span();
            let path = shown_as.to_string();
            (
                Pos::new(s.start_line.max(1), s.start_col + 1),
                r.message().to_string(),
                path,
            )
        }
        _ => (Pos::new(1, 1), e.to_string(), shown_as.to_string()),
    };
    Diagnostic::error(path, pos, format!("template error: {message}"))
}
