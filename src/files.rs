//! Reading a photo the user gave, the same way for the classifier and the batch: refused by
//! its size before any byte is read, then read by the browser into a buffer of its own, which
//! is transferred to the worker (never copied through the page's wasm memory).

use js_sys::Uint8Array;

use crate::i18n::td_string;

/// Files above this are refused before reading: no photo SkinCheck accepts (64 megapixels)
/// needs more, and reading a stray video would only stall the page.
pub const MAX_FILE_BYTES: f64 = 128.0 * 1024.0 * 1024.0;

/// The file's bytes, or a human reason why not, in the page's language.
pub async fn read_file(file: &web_sys::File) -> Result<Uint8Array, String> {
    let locale = crate::i18n::current();
    if file.size() > MAX_FILE_BYTES {
        let megabytes = |bytes: f64| format!("{:.0}", bytes / 1_048_576.0);
        return Err(td_string!(
            locale,
            errors.file_too_large,
            size = megabytes(file.size()),
            limit = megabytes(MAX_FILE_BYTES)
        ));
    }
    let blob = gloo_file::Blob::from(file.clone());
    let buffer = gloo_file::futures::read_as_array_buffer(&blob)
        .await
        .map_err(|detail| td_string!(locale, errors.file_unreadable, detail))?;
    Ok(Uint8Array::new(&buffer))
}
