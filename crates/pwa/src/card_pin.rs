//! The model this build expects, pinned into its page: the sha256 of `assets/model.json` goes
//! into `<meta name="skincheck-card-sha256">` of index.html. The page checks the card it
//! fetches (from the network or from Cache Storage, which the whole origin shares) against
//! it before use, and the card pins the ONNX file by its own sha256, which the worker checks:
//! index.html -> page wasm (trunk's integrity attributes) -> card -> model.

use crate::html_tag::{only_tag, with_attribute};

/// The meta element's name; `src/model_loader.rs` reads the same.
pub const META_NAME: &str = "skincheck-card-sha256";
/// The card, relative to the build's folder.
pub const CARD_PATH: &str = "assets/model.json";

/// Why the pin could not be written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PinError {
    #[error("no <meta name=\"{META_NAME}\" content=\"…\"> to pin the model card in (it belongs in the committed index.html)")]
    MissingMeta,
    #[error("{0} <meta name=\"{META_NAME}\"> elements; exactly one pins the card")]
    SeveralMetas(usize),
}

/// `html` with `card_sha256` as the content of its one pin element (idempotent).
pub fn pin_card(html: &str, card_sha256: &str) -> Result<String, PinError> {
    let tag = only_tag(html, &format!("name=\"{META_NAME}\"")).map_err(|n| match n {
        0 => PinError::MissingMeta,
        n => PinError::SeveralMetas(n),
    })?;
    with_attribute(html, tag, "content", card_sha256).ok_or(PinError::MissingMeta)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str =
        r#"<head><meta name="skincheck-card-sha256" content=""><title>x</title></head>"#;

    #[test]
    fn the_pin_replaces_the_placeholder_and_a_previous_pin() {
        let once = pin_card(PAGE, "ab12").unwrap();
        assert_eq!(
            once,
            r#"<head><meta name="skincheck-card-sha256" content="ab12"><title>x</title></head>"#
        );
        let again = pin_card(&once, "cd34").unwrap();
        assert!(again.contains(r#"content="cd34""#) && !again.contains("ab12"));
        assert_eq!(pin_card(&again, "cd34").unwrap(), again);
    }

    #[test]
    fn a_page_without_exactly_one_pin_is_an_error() {
        assert_eq!(pin_card("<head></head>", "ab"), Err(PinError::MissingMeta));
        let two = format!("{PAGE}{PAGE}");
        assert_eq!(pin_card(&two, "ab"), Err(PinError::SeveralMetas(2)));
        let no_content = r#"<meta name="skincheck-card-sha256">"#;
        assert_eq!(pin_card(no_content, "ab"), Err(PinError::MissingMeta));
    }
}
