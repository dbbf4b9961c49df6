//! The page bundle: mounts the Leptos app (no inference code in here).

fn main() {
    #[cfg(target_arch = "wasm32")]
    skincheck_app::start_page();
}
