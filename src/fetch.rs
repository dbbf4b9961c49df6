//! Fetching the app's own JSON files (same origin, relative to the app's folder). Failures
//! are told in the page's language; the browser's own reason goes to the console.

use skincheck_core::Language;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser::js_error_text;
use crate::fetch_problem::{problem_text, FetchProblem};

/// The page's language now (also inside spawned futures, which have no reactive owner).
fn page_language() -> Language {
    crate::i18n::language(crate::i18n::current())
}

/// The text of `url`, or a sentence saying why it could not be had.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let fail = |problem: FetchProblem, detail: Option<String>| {
        if let Some(detail) = detail {
            web_sys::console::warn_1(&format!("{url}: {detail}").into());
        }
        problem_text(page_language(), url, &problem)
    };
    let window = web_sys::window().ok_or_else(|| fail(FetchProblem::Unreachable, None))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| fail(FetchProblem::Unreachable, Some(js_error_text(&e))))?
        .dyn_into()
        .map_err(|_| fail(FetchProblem::Unreachable, None))?;
    if !response.ok() {
        return Err(fail(FetchProblem::Status(response.status()), None));
    }
    let body = response
        .text()
        .map_err(|e| fail(FetchProblem::Unreadable, Some(js_error_text(&e))))?;
    JsFuture::from(body)
        .await
        .map_err(|e| fail(FetchProblem::Unreadable, Some(js_error_text(&e))))?
        .as_string()
        .ok_or_else(|| fail(FetchProblem::Unreadable, None))
}

/// Fetches the app file `file` (e.g. `assets/evaluation.json`) and parses it with `parse`.
pub async fn fetch_asset<T, E: std::fmt::Display>(
    base: &str,
    file: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, String> {
    let text = fetch_text(&crate::base_path::asset_url(base, file)).await?;
    parse(&text).map_err(|e| {
        let reason = e.to_string();
        web_sys::console::warn_1(&format!("{file}: {reason}").into());
        problem_text(page_language(), file, &FetchProblem::Invalid(reason))
    })
}
