//! Persistent storage (`navigator.storage.persist()`): without it a browser may clear the
//! diary's photos when the device runs low on space. `None` where the browser lacks the API.

use wasm_bindgen_futures::JsFuture;

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Absent on old browsers and outside secure contexts.
    js_sys::Reflect::has(&navigator, &"storage".into())
        .ok()
        .filter(|has| *has)
        .map(|_| navigator.storage())
}

/// Whether the browser has already agreed to keep this site's storage.
pub async fn persisted() -> Option<bool> {
    let promise = manager()?.persisted().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Asks the browser to keep this site's storage; whether it agreed.
pub async fn request() -> Option<bool> {
    let promise = manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// What to tell the person about it.
pub fn describe(persisted: Option<bool>) -> &'static str {
    match persisted {
        Some(true) => {
            "Kept: the browser agreed not to clear the diary when the device runs low on space."
        }
        Some(false) => {
            "Not guaranteed: the browser may clear this site's storage when the device runs \
             low on space. Export the diary now and then to keep a copy."
        }
        None => {
            "This browser does not say whether it keeps the diary: export it now and then to \
             keep a copy."
        }
    }
}
