//! Persistent storage (`navigator.storage.persist()`): without it a browser may clear the
//! diary's photos when the device runs low on space. `None` where the browser lacks the API.

use wasm_bindgen_futures::JsFuture;

use crate::i18n::{td_string, Locale};

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
pub fn describe(persisted: Option<bool>, locale: Locale) -> &'static str {
    match persisted {
        Some(true) => td_string!(locale, history.storage.kept),
        Some(false) => td_string!(locale, history.storage.not_guaranteed),
        None => td_string!(locale, history.storage.unknown),
    }
}
