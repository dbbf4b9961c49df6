//! The post-build step on a build-shaped folder: CSP rewritten, sw.js listing the final
//! files, and a re-run on its own output changing nothing.

use std::path::PathBuf;

use skincheck_pwa::{finish_build, precache::hash_file, PwaError};

const INDEX: &str = r#"<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'">
<meta name="skincheck-card-sha256" content="">
<link rel="preload" as="fetch" crossorigin data-skincheck-model href="assets/model.onnx">
<script type="module">import init from './app-1a2b.js'; await init();</script>
</head><body></body></html>"#;

fn build_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skincheck-pwa-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join("app-1a2b.js"), "export default () => {};").unwrap();
    std::fs::write(dir.join("assets/model.json"), r#"{"onnx_file": "m.onnx"}"#).unwrap();
    dir
}

#[test]
fn writes_the_csp_hashes_and_a_worker_listing_the_final_files() {
    let dir = build_dir("finish");
    let summary = finish_build(&dir).unwrap();
    assert_eq!(summary.files, 3);
    assert_eq!(summary.inline_scripts, 1);

    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(!html.contains("'unsafe-inline'"), "{html}");
    let script = "import init from './app-1a2b.js'; await init();";
    assert!(html.contains(&skincheck_pwa::csp::source_expression(script)));

    // sw.js lists index.html with the hash of the rewritten page, not of trunk's.
    let worker = std::fs::read_to_string(dir.join("sw.js")).unwrap();
    let (index_sha, _) = hash_file(&dir.join("index.html")).unwrap();
    assert!(
        worker.contains(&index_sha),
        "sw.js lacks index.html's final sha256"
    );
    assert!(worker.contains(&format!("\"version\": \"{}\"", summary.version)));
    assert!(!worker.contains("\"url\": \"sw.js\""));

    // Idempotent: a second run (e.g. on a deployed dist) leaves every byte as it was.
    let again = finish_build(&dir).unwrap();
    assert_eq!(again, summary);
    assert_eq!(std::fs::read_to_string(dir.join("sw.js")).unwrap(), worker);

    // The page pins the card it was built with.
    let (card_sha, _) = hash_file(&dir.join("assets/model.json")).unwrap();
    assert!(html.contains(&format!(
        "name=\"skincheck-card-sha256\" content=\"{card_sha}\""
    )));

    // The model downloads with the page: its preload names the card's file.
    assert!(
        html.contains(r#"data-skincheck-model href="assets/m.onnx">"#),
        "{html}"
    );

    // A changed file (build B's model) gives a new version, a different worker, pin and
    // preload.
    std::fs::write(dir.join("assets/model.json"), r#"{"onnx_file": "b.onnx"}"#).unwrap();
    let b = finish_build(&dir).unwrap();
    assert_ne!(b.version, summary.version);
    assert_ne!(std::fs::read_to_string(dir.join("sw.js")).unwrap(), worker);
    let (b_sha, _) = hash_file(&dir.join("assets/model.json")).unwrap();
    let b_html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(b_html.contains(&b_sha) && !b_html.contains(&card_sha));
    assert!(b_html.contains(r#"href="assets/b.onnx""#) && !b_html.contains("m.onnx"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_card_that_is_not_json_or_names_no_model_is_a_clear_error() {
    let dir = build_dir("bad-card");
    std::fs::write(dir.join("assets/model.json"), "not json").unwrap();
    let error = finish_build(&dir).unwrap_err();
    assert!(matches!(error, PwaError::BadCard { .. }), "{error}");
    std::fs::write(dir.join("assets/model.json"), "{}").unwrap();
    let error = finish_build(&dir).unwrap_err();
    assert!(error.to_string().contains("names no ONNX file"), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_build_without_its_model_card_is_a_clear_error() {
    let dir = build_dir("no-card");
    std::fs::remove_file(dir.join("assets/model.json")).unwrap();
    let error = finish_build(&dir).unwrap_err();
    assert!(matches!(error, PwaError::NoCard { .. }), "{error}");
    assert!(error.to_string().contains("assets/model.json"), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_that_is_not_a_build_is_a_clear_error() {
    let dir = build_dir("not-a-build");
    std::fs::remove_file(dir.join("index.html")).unwrap();
    let error = finish_build(&dir).unwrap_err();
    assert!(matches!(error, PwaError::NotABuild { .. }));
    assert!(
        error.to_string().contains("index.html is missing"),
        "{error}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_workers_wasm_loses_its_function_names_before_it_is_listed() {
    let dir = build_dir("names");
    // A module with a `name` custom section (id 0, size, "name", one byte of names).
    let with_names = b"\0asm\x01\0\0\0\0\x06\x04name\x00".to_vec();
    std::fs::write(dir.join("worker_bg.wasm"), &with_names).unwrap();
    finish_build(&dir).unwrap();
    let stripped = std::fs::read(dir.join("worker_bg.wasm")).unwrap();
    assert_eq!(stripped, b"\0asm\x01\0\0\0");
    let (sha, _) = hash_file(&dir.join("worker_bg.wasm")).unwrap();
    let worker = std::fs::read_to_string(dir.join("sw.js")).unwrap();
    assert!(worker.contains(&sha), "sw.js lists the stripped worker");
    std::fs::remove_dir_all(&dir).unwrap();
}
