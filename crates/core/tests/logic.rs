//! The pure parts of the core: metadata encoding, decision rule, triage, crops, activation maps.

mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use common::TINY;
use image::RgbImage;
use skincheck_core::decision::{softmax_with_temperature, top_k};
use skincheck_core::preprocess::{model_view, normalise_chw};
use skincheck_core::{
    Age, BodySite, CamTensor, Decision, Language, MetadataError, ModelCard, PatientMetadata, Sex,
    SquareCrop, TriageLevel,
};

fn card() -> ModelCard {
    ModelCard::from_json(TINY.card).unwrap()
}

#[test]
fn metadata_encoding_follows_the_card() {
    let enc = card().metadata_encoding;
    let none = PatientMetadata::default().encode(&enc);
    assert_eq!(none.len(), 20);
    assert_eq!(none[1], 1.0, "age-missing flag");
    assert_eq!(none[4], 1.0, "sex unknown");
    assert_eq!(none[19], 1.0, "site unknown");
    assert_eq!(none.iter().sum::<f32>(), 3.0);
    let given = PatientMetadata {
        age: Some(Age::new(55).unwrap()),
        sex: Some(Sex::Female),
        site: Some(BodySite::LowerExtremity),
    }
    .encode(&enc);
    assert!((given[0] - 0.55).abs() < 1e-7);
    assert_eq!(given[1], 0.0);
    assert_eq!(given[3], 1.0, "female is the second sex slot");
    assert_eq!(given[5 + 9], 1.0, "lower extremity is site 9");
    assert_eq!(given.iter().sum::<f32>(), 0.55 + 2.0);
}

#[test]
fn metadata_parsing_rejects_nonsense_with_reasons() {
    assert!(matches!(
        "130".parse::<Age>(),
        Err(MetadataError::AgeOutOfRange { .. })
    ));
    assert!(matches!(
        "-3".parse::<Age>(),
        Err(MetadataError::AgeOutOfRange { .. })
    ));
    assert_eq!("45.0".parse::<Age>().unwrap().years(), 45);
    assert!("x"
        .parse::<Sex>()
        .unwrap_err()
        .to_string()
        .contains("male or female"));
    let err = BodySite::parse_ham("elbow").unwrap_err();
    assert!(err.to_string().contains("upper extremity"), "{err}");
    assert_eq!(BodySite::parse_ham("unknown").unwrap(), None);
    assert_eq!(
        BodySite::parse_ham("Lower_Extremity").unwrap(),
        Some(BodySite::LowerExtremity)
    );
}

#[test]
fn isic_sites_map_onto_ham_sites() {
    let cases = [
        ("anterior torso", Some(BodySite::Trunk)),
        ("posterior torso", Some(BodySite::Back)),
        ("lateral torso", Some(BodySite::Trunk)),
        ("head/neck", Some(BodySite::Face)),
        ("palms/soles", Some(BodySite::Acral)),
        ("oral/genital", Some(BodySite::Genital)),
        ("upper extremity", Some(BodySite::UpperExtremity)),
        ("", None),
    ];
    for (isic, ham) in cases {
        assert_eq!(BodySite::parse_isic(isic).unwrap(), ham, "{isic}");
    }
    assert!(BodySite::parse_isic("tail").is_err());
}

#[test]
fn softmax_temperature_and_top_k() {
    let p = softmax_with_temperature(&[2.0, 1.0, 0.0], 1.0);
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    let hot = softmax_with_temperature(&[2.0, 1.0, 0.0], 4.0);
    assert!(hot[0] < p[0] && hot[2] > p[2], "temperature flattens");
    let big = softmax_with_temperature(&[1000.0, 0.0], 1.0);
    assert!(
        big[0].is_finite() && (big[0] - 1.0).abs() < 1e-6,
        "stable for large logits"
    );
    assert_eq!(top_k(&[0.1, 0.5, 0.3, 0.5], 3), vec![1, 3, 2]);
}

#[test]
fn decision_offsets_and_triage() {
    let mut card = card();
    card.temperature = 1.0;
    card.decision_offsets = vec![0.0; 7];
    // Probabilities ~ nv 0.6, mel 0.3: argmax nv, malignant mass 0.3+ -> suspicious.
    let logits: Vec<f32> = [0.6f32, 0.3, 0.04, 0.02, 0.02, 0.01, 0.01]
        .iter()
        .map(|p| p.ln())
        .collect();
    let d = Decision::from_logits(&logits, &card);
    assert_eq!(d.decision, 0);
    assert_eq!(d.ranking[..2], [0, 1]);
    assert_eq!(d.triage.level, TriageLevel::Suspicious);
    assert!((d.triage.malignant_probability - 0.34).abs() < 1e-5);
    // An offset favouring melanoma flips the decision; mass 0.34 < 0.5 keeps it suspicious.
    card.decision_offsets[1] = 1.0;
    let d = Decision::from_logits(&logits, &card);
    assert_eq!(d.decision, 1);
    assert_eq!(d.triage.level, TriageLevel::Suspicious);
    assert!(d.triage.reason.contains("Melanoma"), "{}", d.triage.reason);
    // The page's reason: the same rule in its language, with the name it gives.
    assert_eq!(
        d.triage_reason(&card, Language::En, &card.classes[1].name),
        d.triage.reason
    );
    let german = d.triage_reason(&card, Language::De, "Melanom");
    assert!(
        german.starts_with("die Entscheidungsregel deutet auf Melanom hin"),
        "{german}"
    );
    assert!(german.ends_with("zusammen nur 34 % erreichen"), "{german}");
    // Clearly malignant.
    let logits: Vec<f32> = [0.1f32, 0.8, 0.02, 0.05, 0.01, 0.01, 0.01]
        .iter()
        .map(|p| p.ln())
        .collect();
    assert_eq!(
        Decision::from_logits(&logits, &card).triage.level,
        TriageLevel::Malignant
    );
    // Clearly benign.
    card.decision_offsets = vec![0.0; 7];
    let logits: Vec<f32> = [0.9f32, 0.05, 0.02, 0.01, 0.0, 0.01, 0.01]
        .iter()
        .map(|p| p.max(1e-6).ln())
        .collect();
    let d = Decision::from_logits(&logits, &card);
    assert_eq!(d.triage.level, TriageLevel::Benign);
    assert!(
        d.triage_reason(&card, Language::De, "Nävus")
            .contains("(unter der Warnschwelle von "),
        "{}",
        d.triage_reason(&card, Language::De, "Nävus")
    );
}

#[test]
fn centred_square_and_passthrough() {
    assert_eq!(
        SquareCrop::centred(200, 150),
        SquareCrop {
            x: 25,
            y: 0,
            side: 150
        }
    );
    assert_eq!(
        SquareCrop::centred(150, 200),
        SquareCrop {
            x: 0,
            y: 25,
            side: 150
        }
    );
    let pre = card().preprocessing;
    let s = pre.size;
    assert_eq!(s, 192, "the tiny fixture's model size");
    let img = RgbImage::from_fn(300, s, |x, y| image::Rgb([x as u8, y as u8, 7]));
    let view = model_view(&img, SquareCrop::centred(300, s), &pre).unwrap();
    let left = ((300 - s) / 2) as u8; // 54
    assert_eq!(
        view.get_pixel(0, 0).0,
        [left, 0, 7],
        "a square at the model size is cut, not resampled"
    );
    let tensor = normalise_chw(&view, &pre);
    let plane = (s * s) as usize;
    assert_eq!(tensor.len(), 3 * plane);
    let expected = (f32::from(left) / 255.0 - pre.mean[0]) / pre.std[0];
    assert!((tensor[0] - expected).abs() < 1e-6);
    let blue = (7.0 / 255.0 - pre.mean[2]) / pre.std[2];
    assert!((tensor[2 * plane + 5] - blue).abs() < 1e-6);
}

#[test]
fn large_squares_are_resized_to_the_model_size() {
    let pre = card().preprocessing;
    let img = RgbImage::from_pixel(3000, 2000, image::Rgb([200, 100, 50]));
    let view = model_view(&img, SquareCrop::centred(3000, 2000), &pre).unwrap();
    assert_eq!(view.dimensions(), (192, 192));
    assert_eq!(
        view.get_pixel(100, 100).0,
        [200, 100, 50],
        "flat colour survives"
    );
}

#[test]
fn activation_map_upsampling() {
    // 2x2 map with its peak at the top-left.
    let cam = CamTensor {
        classes: 1,
        height: 2,
        width: 2,
        data: vec![4.0, 2.0, 2.0, 0.0],
    };
    assert_eq!(cam.class_mean(0), 2.0);
    let map = cam.upsampled(0, 8, 8);
    assert_eq!(map.values.len(), 64);
    assert_eq!(map.values[0], 1.0, "peak corner");
    assert_eq!(map.values[63], 0.0, "lowest corner");
    assert!(
        (map.values[8 * 4 + 4] - 0.375).abs() < 1e-6,
        "bilinear between cells"
    );
    assert!(map.values.iter().all(|v| (0.0..=1.0).contains(v)));
    let flat = CamTensor {
        classes: 1,
        height: 1,
        width: 1,
        data: vec![3.0],
    };
    assert!(flat.upsampled(0, 4, 4).values.iter().all(|v| *v == 0.0));
    let rgba = map.to_rgba(0.5);
    assert_eq!(rgba.len(), 64 * 4);
    assert_eq!(rgba[3], 127, "alpha follows activation and opacity");
    assert_eq!(rgba[63 * 4 + 3], 0);
}
