//! The page uses only the model card its build was made with. The post-build step
//! (`crates/pwa`, `card_pin`) writes the card's sha256 into index.html; the card fetched from
//! the network or from Cache Storage (shared by every app on the origin) must match it before
//! it is parsed, and the card in turn pins the ONNX file, which the worker checks.

use skincheck_core::Language;

/// The `<meta name>` holding the pin; `crates/pwa/src/card_pin.rs` writes the same.
pub const META_NAME: &str = "skincheck-card-sha256";

/// Whether `card_bytes` is the pinned card; a human reason in `language` if not.
pub fn check_card(
    card_bytes: &[u8],
    pinned: Option<&str>,
    language: Language,
) -> Result<(), String> {
    let Some(pinned) = pinned.map(str::trim).filter(|p| !p.is_empty()) else {
        return Err(match language {
            Language::En => {
                "this copy of SkinCheck does not say which model card it was built \
                             with (its post-build step did not run), so no model is used"
            }
            Language::De => {
                "diese Kopie von SkinCheck gibt nicht an, mit welcher Modellkarte \
                             sie gebaut wurde (ihr Nachbearbeitungsschritt lief nicht), daher \
                             wird kein Modell verwendet"
            }
        }
        .to_owned());
    };
    let got = skincheck_core::sha256_hex(card_bytes);
    if got.eq_ignore_ascii_case(pinned) {
        return Ok(());
    }
    let (got, pinned) = (&got[..12], pinned.get(..12).unwrap_or(pinned));
    Err(match language {
        Language::En => format!(
            "the model card is not the one this build of SkinCheck was made with (sha256 \
             {got}… instead of {pinned}…); it may have been replaced in this browser's storage. \
             Delete the offline copy on the About page and reload"
        ),
        Language::De => format!(
            "die Modellkarte ist nicht die, mit der dieser Build von SkinCheck erstellt wurde \
             (sha256 {got}… statt {pinned}…); sie wurde vielleicht im Speicher dieses Browsers \
             ersetzt. Löschen Sie die Offline-Kopie auf der Seite „Über“ und laden Sie neu"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pinned_card_is_accepted() {
        let card = br#"{"model_id":"a"}"#;
        let pin = skincheck_core::sha256_hex(card);
        let en = Language::En;
        assert_eq!(check_card(card, Some(&pin), en), Ok(()));
        assert_eq!(check_card(card, Some(&pin.to_uppercase()), en), Ok(()));
        let other = check_card(br#"{"model_id":"b"}"#, Some(&pin), en).unwrap_err();
        assert!(other.contains("not the one this build") && other.contains(&pin[..12]));
        for missing in [None, Some(""), Some("  ")] {
            let error = check_card(card, missing, en).unwrap_err();
            assert!(error.contains("does not say which model card"), "{error}");
        }
    }

    #[test]
    fn the_reasons_are_german_in_a_german_page() {
        let card = br#"{"model_id":"a"}"#;
        let pin = skincheck_core::sha256_hex(card);
        let other = check_card(br#"{"model_id":"b"}"#, Some(&pin), Language::De).unwrap_err();
        assert!(
            other.starts_with("die Modellkarte ist nicht die"),
            "{other}"
        );
        assert!(other.contains(&format!("statt {}…", &pin[..12])), "{other}");
        let missing = check_card(card, None, Language::De).unwrap_err();
        assert!(
            missing.contains("gibt nicht an, mit welcher Modellkarte"),
            "{missing}"
        );
    }
}
