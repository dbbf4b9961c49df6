//! The rules both languages implement, case by case from the committed files of
//! tests/fixtures/rules (written by `python -m skincheck_train.cli.rule_cases`, whose Python tests
//! assert the Python side gives every expected value): the Rust core must give them too.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use serde::Deserialize;
use skincheck_core::card::TriageRule;
use skincheck_core::{Age, Decision, MetadataError, ModelCard};

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
        // A data file's field (the CLI's labels): "missing" is exactly a field not given.
        let field = Age::from_field(&case.text);
        let field_ok = match (&case.expected, &field) {
            (serde_json::Value::Number(n), Ok(Some(age))) => {
                n.as_u64() == Some(u64::from(age.years()))
            }
            (serde_json::Value::String(s), Ok(None)) => s == "missing",
            (serde_json::Value::String(s), Err(_)) => s == "error",
            _ => false,
        };
        if !field_ok {
            failures.push(format!(
                "{:?} as a data field: expected {}, got {:?}",
                case.text, case.expected, field
            ));
        }
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

#[derive(Deserialize)]
struct DecisionCases {
    classes: Vec<String>,
    cases: Vec<DecisionCase>,
}

#[derive(Deserialize)]
struct DecisionCase {
    what: String,
    logits: Vec<f32>,
    temperature: f32,
    decision_offsets: Vec<f32>,
    triage: TriageRule,
    expected: ExpectedDecision,
}

#[derive(Deserialize)]
struct ExpectedDecision {
    decision: String,
    triage: String,
    malignant_probability: f32,
    probabilities: Vec<f32>,
}

/// Python computes the rule in float32 as this crate does (`decision.decide_many`), so the
/// decision, the triage, and the float32 probabilities and malignant mass are the same bits.
#[test]
fn decision_and_triage_match_the_shared_cases() {
    let file: DecisionCases = serde_json::from_str(include_str!(
        "../../../tests/fixtures/rules/decision_cases.json"
    ))
    .unwrap();
    let mut card = ModelCard::from_json(include_str!("../../../tests/fixtures/tiny_model.json"))
        .expect("tiny card");
    assert_eq!(card.class_codes(), file.classes);
    assert!(file.cases.len() >= 50);
    let mut failures = Vec::new();
    for case in &file.cases {
        card.temperature = case.temperature;
        card.decision_offsets = case.decision_offsets.clone();
        card.triage = case.triage.clone();
        let d = Decision::from_logits(&case.logits, &card);
        let e = &case.expected;
        let got = (
            card.classes[d.decision].code.as_str(),
            d.triage.level.as_str(),
        );
        if got != (e.decision.as_str(), e.triage.as_str()) {
            failures.push(format!(
                "{}: expected {} / {}, got {got:?} (m = {})",
                case.what, e.decision, e.triage, d.triage.malignant_probability
            ));
        }
        if d.triage.malignant_probability.to_bits() != e.malignant_probability.to_bits()
            || d.probabilities != e.probabilities
        {
            failures.push(format!(
                "{}: m {} vs {}, p {:?} vs {:?}",
                case.what,
                d.triage.malignant_probability,
                e.malignant_probability,
                d.probabilities,
                e.probabilities
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
