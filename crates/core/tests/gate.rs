//! The quality gate through the card and the classifier: the card section is validated
//! against the model's features output, and a classification carries the verdict.

mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use common::{image_bytes, TINY};
use image::{Rgb, RgbImage};
use serde_json::{json, Value};
use skincheck_core::{
    decode_rgb, CardError, CheckReason, CheckStatus, Classifier, ModelCard, PatientMetadata,
};

/// The tiny card (16 early features, 7 classes) with a gate: photo thresholds from the doc
/// and OOD statistics with every class mean at 0 and identity whitening, so the score is
/// `||early_features||^2`; `threshold` as given.
fn card_with_gate(threshold: f32) -> Value {
    let mut card: Value = serde_json::from_str(TINY.card).unwrap();
    let (d, classes) = (16, 7);
    let mut whitening = vec![0.0f32; d * d];
    for i in 0..d {
        whitening[i * d + i] = 1.0;
    }
    card["outputs"]["early_features"] = json!({"name": "early_features", "shape": [1, d]});
    card["quality_gate"] = json!({
        "photo": {"min_source_side": 64, "min_brightness": 0.15, "max_brightness": 0.92,
                  "max_clipped_fraction": 0.25, "min_contrast": 0.02, "min_sharpness": 0.09},
        "ood": {"method": "mahalanobis", "output": "early_features", "feature_dim": d,
                "class_means": vec![0.0f32; classes * d], "whitening": whitening,
                "threshold": threshold},
        "validation": {"photos": 10}
    });
    card
}

fn parse(card: &Value) -> Result<ModelCard, CardError> {
    ModelCard::from_json(&card.to_string())
}

fn classifier(card: &Value) -> Classifier {
    Classifier::from_bytes(parse(card).unwrap(), TINY.onnx).unwrap()
}

#[test]
fn the_card_section_is_checked_against_the_output_it_reads() {
    let card = card_with_gate(1.0);
    assert!(parse(&card).unwrap().quality_gate.is_some());

    let mut wrong_dim = card.clone();
    wrong_dim["quality_gate"]["ood"]["feature_dim"] = json!(32);
    let err = parse(&wrong_dim).unwrap_err();
    assert!(matches!(err, CardError::QualityGate(_)), "{err}");

    let mut no_output = card.clone();
    no_output["outputs"]
        .as_object_mut()
        .unwrap()
        .remove("early_features");
    let err = parse(&no_output).unwrap_err().to_string();
    assert!(err.contains("\"early_features\" output"), "{err}");

    let mut short = card.clone();
    short["quality_gate"]["ood"]["class_means"] = json!([0.0, 0.0]);
    let err = parse(&short).unwrap_err().to_string();
    assert!(
        err.contains("class_means has 2 values, expected 112"),
        "{err}"
    );

    let mut method = card;
    method["quality_gate"]["ood"]["method"] = json!("energy");
    let err = parse(&method).unwrap_err();
    assert!(matches!(err, CardError::QualityGate(_)), "{err}");
}

#[test]
fn a_card_without_a_gate_judges_every_photo() {
    let mut card: Value = serde_json::from_str(TINY.card).unwrap();
    card.as_object_mut().unwrap().remove("quality_gate");
    let clf = classifier(&card);
    let flat = RgbImage::from_pixel(192, 192, Rgb([128, 128, 128]));
    let c = clf
        .classify(&flat, None, &PatientMetadata::default())
        .unwrap();
    assert_eq!(c.check.status, CheckStatus::Ok);
    assert!(c.check.reasons.is_empty());
    assert_eq!(c.check.ood_score, None);
    assert_eq!(c.check.measures.contrast, 0.0);
    // Nothing to score: no feature output is fetched from the network.
    assert_eq!(c.raw.gate_features, None);
}

#[test]
fn a_flat_photo_is_poor_quality_and_a_lesion_passes() {
    let clf = classifier(&card_with_gate(f32::MAX));
    let meta = PatientMetadata::default();
    let flat = RgbImage::from_pixel(192, 192, Rgb([128, 128, 128]));
    let c = clf.classify(&flat, None, &meta).unwrap();
    assert_eq!(c.check.status, CheckStatus::PoorQuality);
    assert_eq!(
        c.check.reasons,
        vec![CheckReason::TooBlurry, CheckReason::LowContrast]
    );
    let lesion = decode_rgb(image_bytes("mel_ISIC_0024310.png")).unwrap();
    let c = clf.classify(&lesion, None, &meta).unwrap();
    assert!(c.check.is_ok(), "{:?}", c.check);
    assert_eq!(c.check.measures.source_side, 192);
    // Zero means and identity whitening: the squared length of the early features.
    let f = c.raw.gate_features.as_ref().unwrap();
    assert_eq!(f.len(), 16);
    let want: f32 = f.iter().map(|v| v * v).sum();
    let score = c.check.ood_score.unwrap();
    assert!(
        (score - want).abs() <= 1e-5 * want.max(1.0),
        "{score} vs {want}"
    );
}

#[test]
fn a_low_threshold_flags_not_a_lesion() {
    let clf = classifier(&card_with_gate(-1.0));
    let lesion = decode_rgb(image_bytes("nv_ISIC_0024306.png")).unwrap();
    let c = clf
        .classify(&lesion, None, &PatientMetadata::default())
        .unwrap();
    assert_eq!(c.check.status, CheckStatus::NotALesion);
    assert_eq!(c.check.reasons, vec![CheckReason::NotALesion]);
    assert_eq!(c.check.headline(), Some(CheckReason::NotALesion.message()));
}

#[test]
fn a_small_square_is_too_small() {
    let clf = classifier(&card_with_gate(f32::MAX));
    let lesion = decode_rgb(image_bytes("mel_ISIC_0024310.png")).unwrap();
    let crop = skincheck_core::SquareCrop {
        x: 40,
        y: 40,
        side: 48,
    };
    let c = clf
        .classify(&lesion, Some(crop), &PatientMetadata::default())
        .unwrap();
    assert_eq!(c.check.measures.source_side, 48);
    assert_eq!(c.check.reasons.first(), Some(&CheckReason::TooSmall));
    assert_eq!(c.check.status, CheckStatus::PoorQuality);
}
