//! tract (this crate, native or wasm32) against onnxruntime (Python) on fixture images:
//! logits and activation maps within the reference's tolerance (1e-4), and the same metadata
//! vectors, calibrated probabilities, decisions and triage.

mod common;

use common::{classifier, image_bytes, max_abs_diff, ModelFixture, Reference, TINY};
use skincheck_core::decode_rgb;

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
    }
}

#[test]
fn tiny_fixture_model_matches_onnxruntime() {
    check_against_reference(&TINY);
}
