//! The page uses only the model card its build was made with. The post-build step
//! (`crates/pwa`, `card_pin`) writes the card's sha256 into index.html; the card fetched from
//! the network or from Cache Storage (shared by every app on the origin) must match it before
//! it is parsed, and the card in turn pins the ONNX file, which the worker checks.

/// The `<meta name>` holding the pin; `crates/pwa/src/card_pin.rs` writes the same.
pub const META_NAME: &str = "skincheck-card-sha256";

/// Whether `card_bytes` is the pinned card; a human reason if not.
pub fn check_card(card_bytes: &[u8], pinned: Option<&str>) -> Result<(), String> {
    let pinned = pinned.map(str::trim).filter(|p| !p.is_empty()).ok_or(
        "this copy of SkinCheck does not say which model card it was built with (its \
         post-build step did not run), so no model is used",
    )?;
    let got = skincheck_core::sha256_hex(card_bytes);
    if got.eq_ignore_ascii_case(pinned) {
        Ok(())
    } else {
        Err(format!(
            "the model card is not the one this build of SkinCheck was made with (sha256 \
             {}… instead of {}…); it may have been replaced in this browser's storage. \
             Delete the offline copy on the About page and reload",
            &got[..12],
            pinned.get(..12).unwrap_or(pinned)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pinned_card_is_accepted() {
        let card = br#"{"model_id":"a"}"#;
        let pin = skincheck_core::sha256_hex(card);
        assert_eq!(check_card(card, Some(&pin)), Ok(()));
        assert_eq!(check_card(card, Some(&pin.to_uppercase())), Ok(()));
        let other = check_card(br#"{"model_id":"b"}"#, Some(&pin)).unwrap_err();
        assert!(other.contains("not the one this build") && other.contains(&pin[..12]));
        for missing in [None, Some(""), Some("  ")] {
            let error = check_card(card, missing).unwrap_err();
            assert!(error.contains("does not say which model card"), "{error}");
        }
    }
}
