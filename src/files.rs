//! Reading a photo the user gave, the same way for the classifier and the batch: refused by
//! its size before any byte is read, then read by the browser into a buffer of its own, which
//! is transferred to the worker (never copied through the page's wasm memory).

use js_sys::Uint8Array;

/// Files above this are refused before reading: no photo SkinCheck accepts (64 megapixels)
/// needs more, and reading a stray video would only stall the page.
pub const MAX_FILE_BYTES: f64 = 128.0 * 1024.0 * 1024.0;

/// The file's bytes, or a human reason why not.
pub async fn read_file(file: &web_sys::File) -> Result<Uint8Array, String> {
    if file.size() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is too large ({:.0} MB); SkinCheck reads files up to {:.0} MB: use a smaller copy of the photo",
            file.size() / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576.0
        ));
    }
    let blob = gloo_file::Blob::from(file.clone());
    let buffer = gloo_file::futures::read_as_array_buffer(&blob)
        .await
        .map_err(|e| format!("the file could not be read ({e})"))?;
    Ok(Uint8Array::new(&buffer))
}
