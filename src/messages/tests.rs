//! The catalogues are complete: the same entries, attributes and arguments
//! in every language; every code has a headline and an explanation with
//! both examples in every language; no two kinds share a code; every key
//! the code names exists, and every entry is used.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::codes::CODES;
use super::{Language, catalogue_files, explain, has, render};

/// Entry id -> (attribute names, argument names), from the `.ftl` text.
fn entries(lang: Language) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let mut out: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for (name, text) in catalogue_files(lang) {
        let resource = fluent_bundle::FluentResource::try_new(text.clone());
        assert!(
            resource.is_ok(),
            "{name}: not valid Fluent: {:?}",
            resource.err().map(|(_, e)| e)
        );
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(char::is_whitespace) {
                let id = line.split('=').next().unwrap_or("").trim().to_string();
                assert!(
                    out.insert(id.clone(), Default::default()).is_none(),
                    "{name}: `{id}` is defined twice in {}",
                    lang.code()
                );
                current = Some(id);
            } else if let Some(attr) = line.trim_start().strip_prefix('.') {
                let attr = attr.split('=').next().unwrap_or("").trim().to_string();
                if let Some(id) = &current {
                    out.get_mut(id).expect("current").0.insert(attr);
                }
            }
            if let Some(id) = &current {
                let vars = &mut out.get_mut(id).expect("current").1;
                for (i, _) in line.match_indices('$') {
                    let name: String = line[i + 1..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    vars.insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn every_language_has_every_entry_with_the_same_arguments() {
    let en = entries(Language::En);
    let zh = entries(Language::ZhCn);
    assert!(en.len() > 20, "the catalogues were not found");
    let en_ids: BTreeSet<&String> = en.keys().collect();
    let zh_ids: BTreeSet<&String> = zh.keys().collect();
    let only_en: Vec<_> = en_ids.difference(&zh_ids).collect();
    let only_zh: Vec<_> = zh_ids.difference(&en_ids).collect();
    assert!(only_en.is_empty(), "only in en: {only_en:?}");
    assert!(only_zh.is_empty(), "only in zh-CN: {only_zh:?}");
    for (id, (attrs, vars)) in &en {
        let (zh_attrs, zh_vars) = &zh[id];
        assert_eq!(attrs, zh_attrs, "`{id}`: attributes differ");
        assert_eq!(
            vars, zh_vars,
            "`{id}`: arguments differ between en and zh-CN"
        );
    }
}

#[test]
fn codes_are_unique_and_each_has_words_and_an_explanation() {
    let mut codes = BTreeSet::new();
    let mut keys = BTreeSet::new();
    for (code, key) in CODES {
        assert!(codes.insert(*code), "code {code} is given twice");
        assert!(keys.insert(*key), "`{key}` has two codes");
        assert!(
            code.len() == 5
                && code.starts_with("PS")
                && code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{code}: codes are PS and three digits"
        );
        for lang in Language::ALL {
            assert!(
                has(lang, key, None),
                "{code} `{key}` has no message in {}",
                lang.code()
            );
        }
    }
    for lang in Language::ALL {
        let all = explain::all(lang);
        let mut seen = BTreeSet::new();
        for e in &all {
            assert!(
                codes.contains(e.code.as_str()),
                "{}: an explanation of {}, which is no code",
                lang.code(),
                e.code
            );
            assert!(
                seen.insert(e.code.clone()),
                "{}: {} explained twice",
                lang.code(),
                e.code
            );
            assert!(!e.title.is_empty(), "{} {}: no title", lang.code(), e.code);
            assert!(
                !e.prose.is_empty(),
                "{} {}: no explanation",
                lang.code(),
                e.code
            );
            assert!(
                e.wrong.is_some(),
                "{} {}: no ```wrong example",
                lang.code(),
                e.code
            );
            assert!(
                e.right.is_some(),
                "{} {}: no ```right example",
                lang.code(),
                e.code
            );
        }
        for code in &codes {
            assert!(
                seen.contains(*code),
                "{code} has no explanation in locales/{}/explain/",
                lang.code()
            );
        }
    }
}

/// The string literals that name catalogue entries in the source.
fn keys_named_in_source() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        if entry.path().extension().is_none_or(|e| e != "rs")
            || entry.path().ends_with("messages/tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read source");
        let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for pattern in [
            "text!( \"",
            "text!(\"",
            "Text::new(\"",
            "\"help-",
            "ui(lang, \"",
        ] {
            for (i, _) in squeezed.match_indices(pattern) {
                // `"help-…"` names a key from its opening quote; the others
                // from just after theirs.
                let start = if pattern.starts_with('"') {
                    i + 1
                } else {
                    i + pattern.len()
                };
                let key: String = squeezed[start..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                    .collect();
                if key.starts_with(|c: char| c.is_ascii_lowercase()) {
                    let shown = entry.path().strip_prefix(&src).unwrap_or(entry.path());
                    out.insert(key, shown.display().to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_key_the_code_names_exists() {
    for (key, file) in keys_named_in_source() {
        for lang in Language::ALL {
            assert!(
                has(lang, &key, None),
                "src/{file} names `{key}`, which locales/{}/ lacks",
                lang.code()
            );
        }
    }
}

#[test]
fn every_entry_is_used() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = String::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("walk src");
        if entry.path().extension().is_some_and(|e| e == "rs") {
            all.push_str(&std::fs::read_to_string(entry.path()).expect("read"));
        }
    }
    for id in entries(Language::En).keys() {
        assert!(
            all.contains(&format!("\"{id}\"")),
            "`{id}` is in the catalogue but no code uses it"
        );
    }
}

#[test]
fn arguments_and_plurals() {
    let args = [("errors", 1.into()), ("warnings", 0.into())];
    assert_eq!(
        render(Language::En, "summary-counts", None, &args),
        "1 error"
    );
    let args = [("errors", 2.into()), ("warnings", 1.into())];
    assert_eq!(
        render(Language::En, "summary-counts", None, &args),
        "2 errors, 1 warning"
    );
    assert_eq!(
        render(Language::ZhCn, "summary-counts", None, &args),
        "2 个错误，1 个警告"
    );
    // No Unicode isolation marks around arguments.
    let t = crate::text!("hint-did-you-mean", name = "ratc_count");
    assert_eq!(t.render(Language::En), " (did you mean `ratc_count`?)");
    assert_eq!(t.render(Language::ZhCn), "（是不是想写 `ratc_count`？）");
}

#[test]
fn languages_from_tags_and_environment() {
    assert_eq!(Language::from_tag("zh-CN"), Some(Language::ZhCn));
    assert_eq!(Language::from_tag("zh_CN.UTF-8"), Some(Language::ZhCn));
    assert_eq!(Language::from_tag("en-GB"), Some(Language::En));
    assert_eq!(Language::from_tag("fr"), None);
    assert_eq!(
        Language::from_env_value(Some("zh_TW.UTF-8")),
        Language::ZhCn
    );
    assert_eq!(Language::from_env_value(Some("C")), Language::En);
    assert_eq!(Language::from_env_value(None), Language::En);
}

#[test]
fn the_site_language_is_read_even_from_a_broken_site_yaml() {
    use super::site_language_in;
    assert_eq!(
        site_language_in("title: x\nlanguage: en\n"),
        Some(Language::En)
    );
    assert_eq!(
        site_language_in("language: \"en\"  # English\n\tbad: [\n"),
        Some(Language::En)
    );
    assert_eq!(site_language_in("language：zh-CN\n"), Some(Language::ZhCn));
    assert_eq!(site_language_in("title: x\n"), Some(Language::ZhCn));
    // Nested `language:` keys (a metric's?) are not the site's.
    assert_eq!(
        site_language_in("labels:\n  language: en\n"),
        Some(Language::ZhCn)
    );
    assert_eq!(site_language_in("language: fr\n"), None);
}

#[test]
fn explain_prints_both_examples_in_the_language() {
    let zh = explain::explain("ps503", Language::ZhCn).expect("PS503");
    assert!(zh.starts_with("PS503: 图表块里的指标不存在\n"), "{zh}");
    assert!(
        zh.contains("错误写法：\n    metric: township_sast_coverge\n"),
        "{zh}"
    );
    assert!(
        zh.contains("正确写法：\n    metric: township_sast_coverage\n"),
        "{zh}"
    );
    let en = explain::explain("PS501", Language::En).expect("PS501");
    assert!(
        en.contains("Wrong:\n    ```chart\n    township_sast_coverage\n    ```\n"),
        "{en}"
    );
    assert_eq!(explain::explain("PS999", Language::En), None);
}
