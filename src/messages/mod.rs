//! Every sentence pilotsite says to a person, in the site's language.
//!
//! The words live in Fluent catalogues, one folder per language under
//! `locales/` (`locales/en/*.ftl`, `locales/zh-CN/*.ftl`), embedded in the
//! binary. Code never assembles a sentence from pieces: it names a catalogue
//! entry and gives its arguments as a [`Text`], and the sentence is made
//! only when it is printed, in the language chosen then. An argument may
//! itself be a [`Text`] (a kind of value, "did you mean"), rendered in the
//! same language.
//!
//! Diagnostics carry a stable code ([`codes`]); `pilotsite explain CODE`
//! prints the explanation written for it in `locales/<lang>/explain/`.

pub mod codes;
pub mod explain;

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rust_embed::RustEmbed;

/// The languages pilotsite speaks, to readers and to authors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    ZhCn,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::ZhCn, Language::En];

    /// The language tag: `zh-CN` or `en`, as written in site.yaml and `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }

    /// `zh-CN` or `en` (also `zh`, `zh-Hans`, `en-GB`: any case, `_` or `-`).
    pub fn from_tag(tag: &str) -> Option<Language> {
        let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
        let primary = lower.split(['-', '.', '@']).next().unwrap_or("");
        match primary {
            "zh" => Some(Language::ZhCn),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The language of a `LANG`-style value (`zh_CN.UTF-8`): Chinese for
    /// any `zh*`, English otherwise (including `C` and unset).
    pub fn from_env_value(value: Option<&str>) -> Language {
        match value.and_then(Language::from_tag) {
            Some(Language::ZhCn) => Language::ZhCn,
            _ => Language::En,
        }
    }

    /// The language messages use when site.yaml cannot tell: `LC_ALL`,
    /// `LC_MESSAGES`, then `LANG`, as POSIX orders them.
    pub fn from_env() -> Language {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|v| !v.is_empty());
        Language::from_env_value(value.as_deref())
    }
}

/// The language of messages about the site at `root`: `chosen` (`--lang`)
/// if given, else site.yaml's `language` (read on its own, so that a
/// site.yaml with errors still decides the language of its errors), else
/// the environment's ([`Language::from_env`]).
pub fn language_for(root: &std::path::Path, chosen: Option<Language>) -> Language {
    chosen
        .or_else(|| site_language(root))
        .unwrap_or_else(Language::from_env)
}

/// site.yaml's `language:`, read from its text line by line rather than
/// parsed, so that a site.yaml with a YAML error (the case where its
/// messages matter most) still decides their language. A top-level
/// `language:` line with a value we know decides; a readable site.yaml
/// without one is Chinese, as the site is.
fn site_language(root: &std::path::Path) -> Option<Language> {
    let path = root.join("site.yaml");
    if !std::fs::metadata(&path).ok()?.is_file() {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    site_language_in(&String::from_utf8_lossy(&bytes))
}

fn site_language_in(text: &str) -> Option<Language> {
    let value = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .find_map(|l| l.strip_prefix("language").map(str::trim_start))
        .and_then(|rest| rest.strip_prefix([':', '：']));
    match value {
        Some(v) => {
            let v = v.split(" #").next().unwrap_or(v).trim();
            Language::from_tag(v.trim_matches(['"', '\'']))
        }
        None => Some(Language::ZhCn),
    }
}

/// One argument of a catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Text printed as given (user text is shortened and made printable
    /// when it is made an argument, see [`Text::arg`]).
    Str(String),
    /// A whole number, which Fluent can choose plural forms by.
    Int(i64),
    /// Another entry, rendered in the same language.
    Text(Box<Text>),
}

/// A catalogue entry and its arguments: a sentence not yet in a language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// `text!("hint-did-you-mean", name = id)`: a [`Text`]; each value is converted
/// with `Into<Arg>` (strings, numbers, other texts).
#[macro_export]
macro_rules! text {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Text {
            key: $key,
            args: vec![$((stringify!($name), $crate::messages::Arg::from($value))),*],
        }
    };
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Str(s.clone())
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}
impl From<Cow<'_, str>> for Arg {
    fn from(s: Cow<'_, str>) -> Arg {
        Arg::Str(s.into_owned())
    }
}
impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}
macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_args!(usize, u32, u64, i32, i64);

impl Text {
    pub fn new(key: &'static str) -> Text {
        Text {
            key,
            args: Vec::new(),
        }
    }

    /// This text with one more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    /// The sentence in `lang`. A key missing from the catalogue (a bug the
    /// catalogue tests catch) prints as the key itself rather than nothing.
    pub fn render(&self, lang: Language) -> String {
        render(lang, self.key, None, &self.args)
    }
}

#[derive(RustEmbed)]
#[folder = "locales/"]
#[include = "*.ftl"]
#[include = "*.md"]
pub(crate) struct Catalogues;

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Language) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| Language::ALL.map(build_bundle));
    match lang {
        Language::ZhCn => &bundles[0],
        Language::En => &bundles[1],
    }
}

/// The `.ftl` files of one language, by name, in name order.
pub fn catalogue_files(lang: Language) -> Vec<(String, String)> {
    let prefix = format!("{}/", lang.code());
    let mut files: Vec<(String, String)> = Catalogues::iter()
        .filter(|name| name.starts_with(&prefix) && name.ends_with(".ftl"))
        .filter_map(|name| {
            let file = Catalogues::get(&name)?;
            let text = String::from_utf8(file.data.into_owned()).ok()?;
            Some((name.into_owned(), text))
        })
        .collect();
    files.sort();
    files
}

fn build_bundle(lang: Language) -> Bundle {
    let id = lang
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around arguments would end up in terminals
    // and CI logs as invisible characters.
    bundle.set_use_isolating(false);
    for (_, text) in catalogue_files(lang) {
        // A syntax error or a duplicate in a catalogue is caught by the
        // catalogue tests; what parses is still used.
        let resource = FluentResource::try_new(text).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// Whether `key` (with `.attribute` if given) exists in `lang`'s catalogue.
pub fn has(lang: Language, key: &str, attribute: Option<&str>) -> bool {
    let Some(message) = bundle(lang).get_message(key) else {
        return false;
    };
    match attribute {
        None => message.value().is_some(),
        Some(a) => message.get_attribute(a).is_some(),
    }
}

/// The message `key` (or its `.attribute`) in `lang` with `args`.
pub fn render(
    lang: Language,
    key: &str,
    attribute: Option<&str>,
    args: &[(&'static str, Arg)],
) -> String {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(key).and_then(|m| match attribute {
        None => m.value(),
        Some(a) => m.get_attribute(a).map(|a| a.value()),
    });
    let Some(pattern) = pattern else {
        return match attribute {
            None => key.to_string(),
            Some(a) => format!("{key}.{a}"),
        };
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value: FluentValue = match value {
            Arg::Str(s) => FluentValue::from(s.as_str()),
            Arg::Int(n) => FluentValue::from(*n),
            Arg::Text(t) => FluentValue::from(t.render(lang)),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// A help line for [`crate::diagnostics::Diagnostic::help`].
pub fn help(text: impl Into<Text>) -> Option<Box<Text>> {
    Some(Box::new(text.into()))
}

/// ` (did you mean `x`?)` after a name that is not known, or nothing when no
/// known name is close: the `hint` argument of "unknown …" messages.
pub fn hint_did_you_mean(near: Option<&str>) -> Text {
    match near {
        Some(name) => Text::new("hint-did-you-mean").arg("name", name),
        None => Text::new("hint-none"),
    }
}

/// A UI sentence with no diagnostic code (summaries, the serve overlay).
pub fn ui(lang: Language, key: &'static str, args: &[(&'static str, Arg)]) -> String {
    render(lang, key, None, args)
}

#[cfg(test)]
mod tests;
