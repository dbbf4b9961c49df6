//! SkinCheck's browser app: a Leptos (client-side) page that classifies a skin-lesion photo
//! on the device. The photo never leaves the browser: the model is fetched once from the
//! app's own `assets/` and runs in a Web Worker ([`worker`]) on the same core crate the CLI
//! uses.
//!
//! trunk builds two wasm binaries from the `web/` package: the page ([`start_page`]) and,
//! with the `worker` feature, the worker ([`worker::start`]). Only the worker links tract;
//! the page bundle is built without the core's `inference` feature.
//!
//! Web code only exists on wasm32; natively this crate is the pure parts (crop geometry,
//! paths, texts, message types) and their tests.

pub mod base_path;
pub mod crop_geometry;
pub mod diagnoses;
pub mod fetch_problem;
pub mod limits;
pub mod model_pin;
pub mod offline;
pub mod perf;
pub mod protocol;
pub mod share_target;
pub mod text;
pub mod theme;
pub mod worker_health;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod batch_session;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod canvas;
#[cfg(target_arch = "wasm32")]
pub mod classifier_session;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod download;
#[cfg(target_arch = "wasm32")]
pub mod dropped_files;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod files;
#[cfg(target_arch = "wasm32")]
pub mod history_store;
#[cfg(target_arch = "wasm32")]
pub mod i18n;
#[cfg(target_arch = "wasm32")]
pub mod local_store;
#[cfg(target_arch = "wasm32")]
pub mod model_loader;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod share;
#[cfg(target_arch = "wasm32")]
pub mod shared_photo;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod storage_persistence;
#[cfg(target_arch = "wasm32")]
pub mod sw_client;
#[cfg(target_arch = "wasm32")]
pub mod thumbnail;
#[cfg(target_arch = "wasm32")]
pub mod update_guard;
#[cfg(all(target_arch = "wasm32", feature = "worker"))]
pub mod worker;
#[cfg(target_arch = "wasm32")]
pub mod worker_client;

/// Mounts the app into `<body>` (the page binary's whole `main`).
#[cfg(target_arch = "wasm32")]
pub fn start_page() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
