//! Compiles `locales/{en,de}/<namespace>.json` into the `i18n` module (`OUT_DIR/i18n/mod.rs`)
//! that `src/i18n.rs` includes. Keys missing in one language are reported as build warnings
//! here and fail `tests/locales.rs`, so no page is ever half translated.

use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// One file per namespace and language; the namespaces follow the app's pages and parts.
const NAMESPACES: [&str; 12] = [
    "app",
    "classifier",
    "result",
    "diagnoses",
    "batch",
    "history",
    "report",
    "charts",
    "about",
    "guide",
    "errors",
    "share",
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let config = Config::new("en")
        .and_then(|c| c.add_locale("de"))
        .and_then(|c| c.add_namespaces(NAMESPACES))
        // `t_string!`/`td_string!` with `{{ values }}` (messages built outside a view).
        .map(|c| c.parse_options(ParseOptions::new().interpolate_display(true)))
        .unwrap_or_else(|e| panic!("locale configuration: {e}"));
    let infos = TranslationsInfos::parse(config).unwrap_or_else(|e| panic!("locales/: {e}"));
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n");
    infos
        .generate_i18n_module(out)
        .unwrap_or_else(|e| panic!("writing the i18n module: {e}"));
}
