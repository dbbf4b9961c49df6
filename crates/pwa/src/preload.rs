//! The model's download starts with the page's: index.html carries
//! `<link rel="preload" as="fetch" crossorigin data-skincheck-model href="…">`, and this step
//! points its `href` at the ONNX file the build's card names. The browser then fetches the
//! model while it is still downloading and compiling the page's wasm, and the page's own
//! `fetch` of the same URL (src/model_loader.rs, same mode and credentials) takes the preloaded
//! response instead of starting the download only then.

use crate::html_tag::{only_tag, with_attribute};

/// The attribute that marks the model's preload element in the committed index.html.
pub const MODEL_PRELOAD_ATTRIBUTE: &str = "data-skincheck-model";

/// Why the preload could not be written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PreloadError {
    #[error("no <link … {MODEL_PRELOAD_ATTRIBUTE} href=\"…\"> to point at the model (it belongs in the committed index.html)")]
    Missing,
    #[error("{0} <link {MODEL_PRELOAD_ATTRIBUTE}> elements; exactly one preloads the model")]
    Several(usize),
    #[error("the card's onnx_file {0:?} is not a plain file name in assets/")]
    BadName(String),
    #[error("the model card names no ONNX file (onnx_file), so there is nothing to preload")]
    NoFile,
}

/// `html` with the model preload pointing at `assets/<onnx_file>` (idempotent).
pub fn preload_model(html: &str, onnx_file: &str) -> Result<String, PreloadError> {
    let tag = only_tag(html, MODEL_PRELOAD_ATTRIBUTE).map_err(|n| match n {
        0 => PreloadError::Missing,
        n => PreloadError::Several(n),
    })?;
    if onnx_file.is_empty() {
        return Err(PreloadError::NoFile);
    }
    if !is_plain_name(onnx_file) {
        return Err(PreloadError::BadName(onnx_file.to_owned()));
    }
    with_attribute(html, tag, "href", &format!("assets/{onnx_file}")).ok_or(PreloadError::Missing)
}

/// A file name that stays inside assets/ and needs no escaping in an attribute or a URL.
fn is_plain_name(name: &str) -> bool {
    !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<head><link rel="preload" as="fetch" crossorigin data-skincheck-model href="assets/model.onnx"><title>x</title></head>"#;

    #[test]
    fn the_preload_follows_the_cards_file_and_is_idempotent() {
        let tiny = preload_model(PAGE, "tiny_model.onnx").unwrap();
        assert!(tiny.contains(r#"data-skincheck-model href="assets/tiny_model.onnx">"#));
        assert_eq!(preload_model(&tiny, "tiny_model.onnx").unwrap(), tiny);
        let back = preload_model(&tiny, "model.onnx").unwrap();
        assert_eq!(back, PAGE);
    }

    #[test]
    fn a_card_without_a_file_is_an_error() {
        assert_eq!(preload_model(PAGE, ""), Err(PreloadError::NoFile));
    }

    #[test]
    fn a_page_without_exactly_one_preload_or_a_strange_name_is_an_error() {
        assert_eq!(
            preload_model("<head></head>", "m.onnx"),
            Err(PreloadError::Missing)
        );
        let two = format!("{PAGE}{PAGE}");
        assert_eq!(preload_model(&two, "m.onnx"), Err(PreloadError::Several(2)));
        for bad in ["../x.onnx", "a/b.onnx", "a\"b.onnx", ".hidden", "m o.onnx"] {
            assert_eq!(
                preload_model(PAGE, bad),
                Err(PreloadError::BadName(bad.to_owned()))
            );
        }
    }
}
