//! The rules both languages implement, case by case from the committed files of
//! tests/fixtures/rules (written by `python -m skincheck_train.rule_cases`, whose Python tests
//! assert the Python side gives every expected value): the Rust core must give them too.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use serde::Deserialize;
use skincheck_core::{Age, MetadataError};

#[derive(Deserialize)]
struct AgeCases {
    cases: Vec<AgeCase>,
}

#[derive(Deserialize)]
struct AgeCase {
    text: String,
    /// Whole years, "error", or "missing" (a field left empty: the caller's "not given").
    expected: serde_json::Value,
}

#[test]
fn age_rule_matches_the_shared_cases() {
    let file: AgeCases =
        serde_json::from_str(include_str!("../../../tests/fixtures/rules/age_cases.json")).unwrap();
    assert!(file.cases.len() >= 40);
    let mut failures = Vec::new();
    for case in &file.cases {
        let got = case.text.parse::<Age>();
        let ok = match (&case.expected, &got) {
            (serde_json::Value::Number(n), Ok(age)) => n.as_u64() == Some(u64::from(age.years())),
            // "missing" is the caller's reading of an empty field; `Age` itself rejects it.
            (serde_json::Value::String(s), Err(MetadataError::AgeOutOfRange { .. })) => {
                s == "error" || s == "missing"
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{:?}: expected {}, got {:?}",
                case.text, case.expected, got
            ));
        }
        // `from_years_f32` is the same rule on an already-parsed number.
        if let (Ok(years), Ok(age)) = (case.text.trim().parse::<f32>(), &got) {
            assert_eq!(Age::from_years_f32(years).unwrap(), *age, "{:?}", case.text);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
