//! SkinCheck's inference core, identical on native targets and wasm32: the model card,
//! image decoding and preprocessing, metadata encoding, tract-onnx inference, the decision
//! rule, the quality gate and class activation maps. No web dependencies live here.

pub mod cam;
pub mod card;
pub mod check;
pub mod decision;
pub mod error;
pub mod image_input;
pub mod language;
pub mod metadata;
pub mod model;
pub mod ood;
pub mod preprocess;
pub mod quality;
pub mod record;
pub mod tta;
mod upright;

pub use cam::{ActivationMap, CamTensor};
pub use card::ModelCard;
pub use check::{CheckReason, CheckStatus, PhotoCheck, PhotoThresholds, QualityGate};
pub use decision::{Decision, Triage, TriageLevel};
pub use error::{CardError, ClassifyError, ImageInputError, MetadataError, ModelError};
pub use image_input::{decode_centred_square, decode_rgb, CentredSquare};
pub use language::Language;
pub use metadata::{Age, BodySite, PatientMetadata, Sex};
#[cfg(feature = "inference")]
pub use model::Classifier;
pub use model::{Classification, RawOutput};
pub use ood::OodStats;
pub use preprocess::SquareCrop;
pub use quality::PhotoMeasures;
pub use record::ResultRecord;
pub use tta::TestTimeAugmentation;

/// Hex sha256 of some bytes (the card pins the model file by it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
