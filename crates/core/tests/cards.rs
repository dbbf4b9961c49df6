//! Cards the `model_card` fuzz target found accepted (or crashing the validation) although
//! later code cannot use them; each must be refused with a reason instead.

use serde_json::{json, Value};
use skincheck_core::{CardError, ModelCard};

const TINY: &str = include_str!("../../../tests/fixtures/tiny_model.json");

fn tiny() -> Value {
    serde_json::from_str(TINY).unwrap()
}

fn refused(card: &Value) -> CardError {
    ModelCard::from_json(&card.to_string()).expect_err("the card must be refused")
}

/// `"feature_dim": 4294967296` overflowed `dim * dim` in the OOD check: a panic in debug
/// builds; in release the wrapped product let an empty whitening matrix pass.
#[test]
fn an_ood_feature_dim_whose_matrix_overflows_is_refused() {
    for dim in [1u64 << 32, 1 << 63, u64::MAX] {
        let mut card = tiny();
        card["quality_gate"]["ood"]["feature_dim"] = json!(dim);
        card["outputs"]["early_features"]["shape"] = json!([1, dim]);
        let err = refused(&card);
        assert!(err.to_string().contains("too large"), "{dim}: {err}");
    }
}

/// `"temperature": 1e-45` passed "must be positive", and every probability became NaN
/// (`logits / T` is infinite). Calibration only fits temperatures in 0.05..=20.
#[test]
fn a_temperature_outside_the_calibrated_range_is_refused() {
    for t in [1e-45, 1e-30, 0.049, 20.5, 1e30] {
        let mut card = tiny();
        card["temperature"] = json!(t);
        let err = refused(&card);
        assert!(err.to_string().contains("temperature"), "{t}: {err}");
    }
    for t in [0.05, 0.45864327580952846, 20.0] {
        let mut card = tiny();
        card["temperature"] = json!(t);
        assert!(ModelCard::from_json(&card.to_string()).is_ok(), "{t}");
    }
}

/// `"age_divisor": 1e-45` passed "must be positive", and an age of 120 encoded as infinity.
#[test]
fn an_age_divisor_that_makes_the_age_infinite_is_refused() {
    for d in [1e-45, 1e-3, 0.5] {
        let mut card = tiny();
        card["metadata_encoding"]["age_divisor"] = json!(d);
        let err = refused(&card);
        assert!(err.to_string().contains("age_divisor"), "{d}: {err}");
    }
}

/// `"mean": [0.5, 0.5, -1e39]` (an f32 infinity) was accepted and every value of the blue
/// plane became infinite; a subnormal std did the same to a whole tensor.
#[test]
fn preprocessing_statistics_that_give_an_infinite_tensor_are_refused() {
    let cases = [
        ("mean", json!([0.5, 0.5, -1e39])),
        ("mean", json!([0.5, 1.5, 0.5])),
        ("std", json!([0.25, 1e-45, 0.25])),
        ("std", json!([0.25, 0.25, 1e39])),
        ("std", json!([0.25, 0.0, 0.25])),
    ];
    for (field, value) in cases {
        let mut card = tiny();
        card["preprocessing"][field] = value.clone();
        let err = refused(&card);
        assert!(err.to_string().contains("preprocessing"), "{value}: {err}");
    }
}

/// A cam shape `[1, 7, 2^53, 2^53]` was accepted, and `height * width` (which
/// `CamTensor::class_map` computes) overflowed. Maps are at most as fine as the input.
#[test]
fn an_activation_map_finer_than_the_input_is_refused() {
    for (h, w) in [(1u64 << 53, 1u64 << 53), (193, 6), (6, 0)] {
        let mut card = tiny();
        card["outputs"]["cam"]["shape"] = json!([1, 7, h, w]);
        let err = refused(&card);
        assert!(err.to_string().contains("cam shape"), "{h}x{w}: {err}");
    }
    let mut card = tiny();
    card["outputs"]["cam"]["shape"] = json!([1, 7, 192, 192]);
    assert!(ModelCard::from_json(&card.to_string()).is_ok());
}

/// `"size": 192000` (with the image input shape to match) was accepted, and the model view of
/// any photo asked for a 110 GB buffer: out of memory, an abort in the browser's wasm.
#[test]
fn a_model_input_too_large_to_allocate_is_refused() {
    for size in [192_000u64, 1025, u64::from(u32::MAX)] {
        let mut card = tiny();
        card["preprocessing"]["size"] = json!(size);
        card["inputs"]["image"]["shape"] = json!([1, 3, size, size]);
        let err = refused(&card);
        assert!(
            err.to_string().contains("preprocessing size"),
            "{size}: {err}"
        );
    }
    let mut card = tiny();
    card["preprocessing"]["size"] = json!(1024);
    card["inputs"]["image"]["shape"] = json!([1, 3, 1024, 1024]);
    assert!(ModelCard::from_json(&card.to_string()).is_ok());
}
