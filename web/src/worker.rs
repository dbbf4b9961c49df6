//! The worker bundle: answers the page's classification requests with the wasm core.

fn main() {
    #[cfg(target_arch = "wasm32")]
    skincheck_app::worker::start();
}
