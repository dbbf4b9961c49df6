//! Fixtures compiled into the test binaries, so the same tests run natively and under wasm32
//! (where there is no file system).
#![allow(dead_code)]

use serde::Deserialize;
use skincheck_core::{Age, BodySite, Classifier, ModelCard, PatientMetadata, PhotoCheck, Sex};

pub struct ModelFixture {
    pub card: &'static str,
    pub onnx: &'static [u8],
    pub reference: &'static str,
}

pub const TINY: ModelFixture = ModelFixture {
    card: include_str!("../../../../tests/fixtures/tiny_model.json"),
    onnx: include_bytes!("../../../../tests/fixtures/tiny_model.onnx"),
    reference: include_str!("../../../../tests/fixtures/reference_tiny_model.json"),
};

/// The model the app ships, with onnxruntime's outputs for it.
pub const SHIPPED: ModelFixture = ModelFixture {
    card: include_str!("../../../../assets/model.json"),
    onnx: include_bytes!("../../../../assets/model.onnx"),
    reference: include_str!("../../../../tests/fixtures/reference_model.json"),
};

/// HAM10000 fixture images (credits in their folder): six PNGs already at the model's
/// 192x192, and one full-size 1600x1200 JPEG that the preprocessing resizes.
pub const IMAGES: [(&str, &[u8]); 7] = [
    (
        "akiec_ISIC_0024329.png",
        include_bytes!("../../../../tests/fixtures/images/akiec_ISIC_0024329.png"),
    ),
    (
        "bcc_ISIC_0024345.png",
        include_bytes!("../../../../tests/fixtures/images/bcc_ISIC_0024345.png"),
    ),
    (
        "bkl_ISIC_0024312.png",
        include_bytes!("../../../../tests/fixtures/images/bkl_ISIC_0024312.png"),
    ),
    (
        "df_ISIC_0024318.png",
        include_bytes!("../../../../tests/fixtures/images/df_ISIC_0024318.png"),
    ),
    (
        "mel_ISIC_0024310.png",
        include_bytes!("../../../../tests/fixtures/images/mel_ISIC_0024310.png"),
    ),
    (
        "nv_ISIC_0024306.png",
        include_bytes!("../../../../tests/fixtures/images/nv_ISIC_0024306.png"),
    ),
    (
        LARGE_PHOTO,
        include_bytes!("../../../../tests/fixtures/images/mel_ISIC_0024315_1600x1200.jpg"),
    ),
];

/// The full-size fixture photo (a non-square JPEG the preprocessing box-averages by 3, then
/// resizes), and Python's model view of it (`contract.center_square_resize` after PIL's
/// decoding; written by `python -m skincheck_train.cli.fixture_images --large`).
pub const LARGE_PHOTO: &str = "mel_ISIC_0024315_1600x1200.jpg";
pub const LARGE_PHOTO_PYTHON_VIEW: &[u8] =
    include_bytes!("../../../../tests/fixtures/images/views/mel_ISIC_0024315_1600x1200_192.png");

pub fn image_bytes(name: &str) -> &'static [u8] {
    IMAGES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("fixture image {name} not compiled in"))
        .1
}

pub fn classifier(f: &ModelFixture) -> Classifier {
    let card = ModelCard::from_json(f.card).expect("fixture card is valid");
    Classifier::from_bytes(card, f.onnx).expect("fixture model loads")
}

#[derive(Deserialize)]
pub struct Reference {
    pub model_sha256: String,
    pub tolerance: f32,
    pub cases: Vec<ReferenceCase>,
}

#[derive(Deserialize)]
pub struct ReferenceCase {
    pub image: String,
    pub age: Option<f32>,
    pub sex: Option<String>,
    pub site: Option<String>,
    pub metadata_vector: Vec<f32>,
    pub logits: Vec<f32>,
    pub cam_shape: Vec<usize>,
    pub cam: Vec<f32>,
    pub probabilities: Vec<f32>,
    pub decision: String,
    pub triage: String,
    /// The quality gate's verdict (absent in references made before the gate).
    #[serde(default)]
    pub check: Option<PhotoCheck>,
}

impl ReferenceCase {
    pub fn metadata(&self) -> PatientMetadata {
        PatientMetadata {
            age: self.age.map(|a| Age::from_years_f32(a).unwrap()),
            sex: self.sex.as_deref().map(|s| s.parse::<Sex>().unwrap()),
            site: self
                .site
                .as_deref()
                .and_then(|s| BodySite::parse_ham(s).unwrap()),
        }
    }
}

pub fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "length differs");
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}
