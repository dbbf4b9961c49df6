//! The translations are complete: every namespace exists in every language with the same
//! keys, the same `{{ interpolations }}` and no empty text, so no page is half translated.
//! (`build.rs` compiles the same files; leptos_i18n only warns about a missing key.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

const LANGUAGES: [&str; 2] = ["en", "de"];

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// Namespaces declared in build.rs, read from its `NAMESPACES` list.
fn declared_namespaces() -> Vec<String> {
    let build = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("build.rs"))
        .expect("build.rs");
    let list = build
        .split("const NAMESPACES")
        .nth(1)
        .and_then(|rest| rest.split('[').nth(2))
        .and_then(|rest| rest.split(']').next())
        .expect("build.rs declares NAMESPACES");
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `key.path -> text` of one locale file (nested objects flattened with dots).
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Value::String(text) => {
            out.insert(prefix.to_owned(), text.clone());
        }
        other => panic!("{prefix}: only strings and objects are used, found {other}"),
    }
}

fn load(language: &str, namespace: &str) -> BTreeMap<String, String> {
    let path = locales_dir()
        .join(language)
        .join(format!("{namespace}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut keys = BTreeMap::new();
    flatten("", &value, &mut keys);
    keys
}

/// The `{{ name }}` variables and `<tag>` components a text interpolates, sorted.
fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split("}}").next())
        .map(|name| name.trim().to_owned())
        .collect();
    found.extend(
        text.split('<')
            .skip(1)
            .filter_map(|rest| rest.split('>').next())
            .filter(|tag| {
                tag.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '/')
            })
            .map(|tag| format!("<{tag}>")),
    );
    found.sort();
    found
}

#[test]
fn every_declared_namespace_has_a_file_in_every_language_and_no_other_exists() {
    let declared = declared_namespaces();
    assert!(declared.len() >= 10, "NAMESPACES parsed as {declared:?}");
    for language in LANGUAGES {
        let mut present: Vec<String> = std::fs::read_dir(locales_dir().join(language))
            .expect("locale folder")
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".json")
                    .map(str::to_owned)
            })
            .collect();
        present.sort();
        let mut expected = declared.clone();
        expected.sort();
        assert_eq!(present, expected, "locales/{language}/ against build.rs");
    }
}

#[test]
fn every_key_exists_in_every_language_with_the_same_placeholders() {
    let mut problems = Vec::new();
    for namespace in declared_namespaces() {
        let english = load("en", &namespace);
        for language in &LANGUAGES[1..] {
            let other = load(language, &namespace);
            for key in english.keys().filter(|k| !other.contains_key(*k)) {
                problems.push(format!("{language}: missing {namespace}.{key}"));
            }
            for key in other.keys().filter(|k| !english.contains_key(*k)) {
                problems.push(format!(
                    "en: missing {namespace}.{key} (only in {language})"
                ));
            }
            for (key, text) in &english {
                if let Some(translated) = other.get(key) {
                    if placeholders(text) != placeholders(translated) {
                        problems.push(format!(
                            "{language}: {namespace}.{key} interpolates {:?}, English {:?}",
                            placeholders(translated),
                            placeholders(text)
                        ));
                    }
                }
            }
        }
        for language in LANGUAGES {
            for (key, text) in load(language, &namespace) {
                if text.trim().is_empty() {
                    problems.push(format!("{language}: {namespace}.{key} is empty"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_catch_a_missing_key_and_a_changed_placeholder() {
    assert_eq!(
        placeholders("{{ count }} of <b>{{ total }}</b>"),
        ["</b>", "<b>", "count", "total"]
    );
    let mut keys = BTreeMap::new();
    flatten(
        "",
        &serde_json::json!({"a": {"b": "x"}, "c": "y"}),
        &mut keys,
    );
    assert_eq!(keys.keys().collect::<Vec<_>>(), ["a.b", "c"]);
}
