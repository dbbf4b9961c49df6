//! Fetching the app's own JSON files (same origin, relative to the app's folder).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser::js_error_text;

/// The text of `url`, or a sentence saying why it could not be had.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("the page has no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("could not fetch {url}: {}", js_error_text(&e)))?
        .dyn_into()
        .map_err(|_| format!("{url} gave no response"))?;
    if !response.ok() {
        return Err(format!("{url} answered HTTP {}", response.status()));
    }
    let body = response.text().map_err(|e| js_error_text(&e))?;
    JsFuture::from(body)
        .await
        .map_err(|e| format!("could not read {url}: {}", js_error_text(&e)))?
        .as_string()
        .ok_or_else(|| format!("{url} is not text"))
}

/// Fetches the app file `file` (e.g. `assets/evaluation.json`) and parses it with `parse`.
pub async fn fetch_asset<T, E: std::fmt::Display>(
    base: &str,
    file: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, String> {
    let text = fetch_text(&crate::base_path::asset_url(base, file)).await?;
    parse(&text).map_err(|e| e.to_string())
}
