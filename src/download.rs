//! Saving text as a file the user downloads: a Blob, a temporary object URL (revoked right
//! after the click, so nothing stays allocated) and a click on a detached link.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use crate::i18n::td_string;

/// Offers `text` as a download named `name`. The error is a short reason in the page's
/// language, to follow "…could not be saved: "; the browser's own goes to the console.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    offer(name, mime, text).map_err(|detail| {
        web_sys::console::warn_1(&format!("download of {name}: {detail}").into());
        td_string!(crate::i18n::current(), app.download_failed).to_owned()
    })
}

fn offer(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let clicked = (|| {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let link: HtmlAnchorElement = document
            .create_element("a")
            .map_err(|e| format!("{e:?}"))?
            .dyn_into()
            .map_err(|_| "no link element")?;
        link.set_href(&url);
        link.set_download(name);
        link.click();
        Ok::<(), String>(())
    })();
    // Revoked once the browser has taken the download over (a moment after the click), so
    // the text is not held for the life of the page.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    clicked
}

/// Today's date as `YYYY-MM-DD` (local time), for file names: the same in every language,
/// so the names sort by date.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}
