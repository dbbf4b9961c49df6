//! The web app manifest (`web/manifest.webmanifest`, copied into every build) against the
//! worker template that answers its share target: the same path and form field, image types
//! the core decodes, and only relative URLs, so the build works under any sub-path.

use serde_json::Value;
use skincheck_pwa::sw_script::TEMPLATE;

const MANIFEST: &str = include_str!("../../../web/manifest.webmanifest");
/// What `crates/core` decodes (the `image` crate's features in the workspace).
const CORE_TYPES: [&str; 6] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "image/bmp",
    "image/tiff",
];

fn manifest() -> Value {
    serde_json::from_str(MANIFEST).expect("web/manifest.webmanifest is JSON")
}

fn text<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("manifest lacks {pointer}"))
}

/// Resolved against the manifest's own folder: no leading `/`, no scheme.
fn assert_relative(url: &str) {
    assert!(
        url.starts_with("./") && !url.contains("://"),
        "{url} is not relative to the app's folder"
    );
}

#[test]
fn the_share_target_is_the_path_the_worker_answers() {
    let m = manifest();
    let action = text(&m, "/share_target/action");
    assert_relative(action);
    let path = action.trim_start_matches("./");
    assert!(
        TEMPLATE.contains(&format!("new URL('{path}', SCOPE)")),
        "sw.js does not answer {action}"
    );
    assert_eq!(text(&m, "/share_target/method"), "POST");
    assert_eq!(text(&m, "/share_target/enctype"), "multipart/form-data");

    let files = m
        .pointer("/share_target/params/files")
        .and_then(Value::as_array)
        .expect("share_target takes files");
    assert_eq!(files.len(), 1);
    let field = text(&files[0], "/name");
    assert!(TEMPLATE.contains(&format!("const SHARE_FIELD = '{field}'")));
    let accept: Vec<&str> = files[0]["accept"]
        .as_array()
        .expect("accept is a list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for wanted in CORE_TYPES {
        assert!(
            accept.contains(&wanted),
            "share_target does not accept {wanted}"
        );
    }
    assert!(accept
        .iter()
        .all(|a| a.starts_with("image/") || a.starts_with('.')));
}

#[test]
fn file_handlers_open_the_classifier_with_every_decoded_type() {
    let m = manifest();
    let handlers = m["file_handlers"].as_array().expect("file_handlers");
    assert_eq!(handlers.len(), 1);
    assert_eq!(text(&handlers[0], "/action"), "./");
    let accept = handlers[0]["accept"].as_object().expect("accept by type");
    for wanted in CORE_TYPES {
        let extensions = accept
            .get(wanted)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("file_handlers lacks {wanted}"));
        assert!(!extensions.is_empty());
        assert!(extensions
            .iter()
            .all(|e| e.as_str().is_some_and(|e| e.starts_with('.'))));
    }
    // Every launch gets a window of its own: "focus-existing" would never navigate an open
    // window, so a share (a POST navigation) would be dropped, and "navigate-existing" would
    // replace an open window's unsaved result.
    assert_eq!(text(&m, "/launch_handler/client_mode"), "navigate-new");
}

#[test]
fn every_url_of_the_manifest_is_relative() {
    let m = manifest();
    for pointer in ["/id", "/start_url", "/scope", "/share_target/action"] {
        assert_relative(text(&m, pointer));
    }
    for icon in m["icons"].as_array().expect("icons") {
        let src = text(icon, "/src");
        assert!(!src.starts_with('/') && !src.contains("://"), "{src}");
    }
}
