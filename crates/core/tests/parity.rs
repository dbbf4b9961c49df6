//! tract (this crate, native or wasm32) against onnxruntime (Python) on fixture images:
//! logits and activation maps within the reference's tolerance (1e-4), and the same metadata
//! vectors, calibrated probabilities, decisions and triage, and the quality gate's measures,
//! out-of-distribution score and verdict.

mod common;

use common::{classifier, image_bytes, max_abs_diff, ModelFixture, Reference, SHIPPED, TINY};
use skincheck_core::{decode_rgb, PhotoCheck};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn check_against_reference(fixture: &ModelFixture) {
    let clf = classifier(fixture);
    let card = clf.card().clone();
    let reference: Reference = serde_json::from_str(fixture.reference).unwrap();
    assert_eq!(
        reference.model_sha256, card.sha256,
        "reference made for another model"
    );
    assert!(reference.cases.len() >= 6);
    let mut checked = 0;
    for case in &reference.cases {
        let what = format!(
            "{} {:?} {:?} {:?}",
            case.image, case.age, case.sex, case.site
        );
        let meta = case.metadata();
        assert_eq!(
            meta.encode(&card.metadata_encoding),
            case.metadata_vector,
            "{what}"
        );
        let image = decode_rgb(image_bytes(&case.image)).unwrap();
        let c = clf.classify(&image, None, &meta).unwrap();
        let logit_diff = max_abs_diff(&c.raw.logits, &case.logits);
        assert!(
            logit_diff <= reference.tolerance,
            "{what}: logits differ by {logit_diff}"
        );
        assert_eq!(
            [c.raw.cam.classes, c.raw.cam.height, c.raw.cam.width].to_vec(),
            case.cam_shape
        );
        let cam_diff = max_abs_diff(&c.raw.cam.data, &case.cam);
        assert!(
            cam_diff <= reference.tolerance,
            "{what}: cam differs by {cam_diff}"
        );
        let prob_diff = max_abs_diff(&c.decision.probabilities, &case.probabilities);
        assert!(
            prob_diff <= 1e-5,
            "{what}: probabilities differ by {prob_diff}"
        );
        assert_eq!(
            card.classes[c.decision.decision].code, case.decision,
            "{what}"
        );
        assert_eq!(c.decision.triage.level.as_str(), case.triage, "{what}");
        if let Some(expected) = &case.check {
            assert_same_check(&c.check, expected, &what);
            checked += 1;
        }
    }
    if card.quality_gate.is_some() {
        assert_eq!(
            checked,
            reference.cases.len(),
            "the card has a quality gate: every reference case must carry `check`"
        );
    }
    eprintln!(
        "{}: quality gate compared on {checked} of {} cases",
        card.model_id,
        reference.cases.len()
    );
}

/// Measures within 1e-4 (sharpness 1e-3 relative), the same verdict and reasons, and the
/// out-of-distribution score within 1e-3 relative (scaled by at least 1, as scores near 0
/// have no meaningful relative error).
fn assert_same_check(got: &PhotoCheck, expected: &PhotoCheck, what: &str) {
    let (g, e) = (&got.measures, &expected.measures);
    assert_eq!(g.source_side, e.source_side, "{what}: source_side");
    for (name, a, b) in [
        ("brightness", g.brightness, e.brightness),
        ("contrast", g.contrast, e.contrast),
        ("clipped", g.clipped, e.clipped),
    ] {
        assert!((a - b).abs() <= 1e-4, "{what}: {name} {a} vs {b}");
    }
    assert!(
        (g.sharpness - e.sharpness).abs() <= 1e-3 * e.sharpness.abs().max(1e-3),
        "{what}: sharpness {} vs {}",
        g.sharpness,
        e.sharpness
    );
    assert_eq!(got.status, expected.status, "{what}: {got:?}");
    assert_eq!(got.reasons, expected.reasons, "{what}: {got:?}");
    match (got.ood_score, expected.ood_score) {
        (None, None) => {}
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= 1e-3 * b.abs().max(1.0),
            "{what}: ood score {a} vs {b}"
        ),
        (a, b) => panic!("{what}: ood score {a:?} vs {b:?}"),
    }
}

#[test]
fn tiny_fixture_model_matches_onnxruntime() {
    check_against_reference(&TINY);
}

#[test]
fn shipped_model_matches_onnxruntime() {
    check_against_reference(&SHIPPED);
}

/// The head is linear over pooled features and metadata, so the activation map of a class
/// carries that class's whole image evidence: the metadata part and bias are the same
/// whatever the picture, so logit differences between two images equal mean-CAM differences.
#[test]
fn shipped_activation_maps_account_for_the_logits() {
    let clf = classifier(&SHIPPED);
    let meta = skincheck_core::PatientMetadata::default();
    let a = clf
        .classify(
            &decode_rgb(image_bytes("mel_ISIC_0024310.png")).unwrap(),
            None,
            &meta,
        )
        .unwrap();
    let b = clf
        .classify(
            &decode_rgb(image_bytes("nv_ISIC_0024306.png")).unwrap(),
            None,
            &meta,
        )
        .unwrap();
    for k in 0..clf.card().num_classes() {
        let logit_gap = a.raw.logits[k] - b.raw.logits[k];
        let cam_gap = a.raw.cam.class_mean(k) - b.raw.cam.class_mean(k);
        assert!(
            (logit_gap - cam_gap).abs() < 1e-3,
            "class {k}: {logit_gap} vs {cam_gap}"
        );
    }
}
