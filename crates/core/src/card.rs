//! The model card: the single source of every number the Rust side needs about the model
//! (class order, shapes, preprocessing, metadata encoding, calibration, triage thresholds).

use serde::{Deserialize, Serialize};

use crate::check::QualityGate;
use crate::error::CardError;
use crate::metadata::MetadataEncoding;
use crate::tta::TestTimeAugmentation;

/// Version of the card schema this code understands.
pub const SCHEMA_VERSION: u32 = 1;
/// The temperatures calibration fits in (`training/skincheck_train/calibrate.py`). Outside it
/// a card is broken, not calibrated: a subnormal temperature makes every probability NaN.
pub const TEMPERATURE_RANGE: std::ops::RangeInclusive<f32> = 0.05..=20.0;
/// The largest model input side accepted (the shipped model's is 192). Every photo is resized
/// to it, so the view, its tensor and each test-time view are allocated at this size: a card
/// with 192000 px asked for 110 GB.
pub const MAX_INPUT_SIDE: u32 = 1024;
/// The smallest preprocessing std accepted: one grey level of the 0..1 pixel scale.
const MIN_PIXEL_STD: f32 = 1.0 / 255.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    pub schema_version: u32,
    pub model_id: String,
    #[serde(default)]
    pub architecture: String,
    #[serde(default)]
    pub onnx_file: String,
    pub sha256: String,
    #[serde(default)]
    pub size_bytes: u64,
    pub classes: Vec<ClassInfo>,
    pub inputs: Inputs,
    pub outputs: Outputs,
    pub preprocessing: Preprocessing,
    /// Views averaged per photo (absent in older cards: none).
    #[serde(default)]
    pub test_time_augmentation: TestTimeAugmentation,
    pub metadata_encoding: MetadataEncoding,
    pub temperature: f32,
    pub decision_offsets: Vec<f32>,
    pub triage: TriageRule,
    /// When a photo cannot be judged (docs/quality_gate.md); absent in older cards, which
    /// judge every photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_gate: Option<QualityGate>,
    /// Free-form provenance (data, licence, device, epochs, wall time); shown, never interpreted.
    #[serde(default)]
    pub training: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassInfo {
    pub code: String,
    pub name: String,
    pub malignant: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TensorSpec {
    pub name: String,
    pub shape: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    pub image: TensorSpec,
    pub metadata: TensorSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outputs {
    pub logits: TensorSpec,
    pub cam: TensorSpec,
    /// The classifier's pooled image features `[1, F]`; absent in older models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<TensorSpec>,
    /// The frozen ImageNet prefix's pooled map `[1, D]`, which the quality gate's
    /// out-of-distribution score reads; absent in older models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_features: Option<TensorSpec>,
}

impl Outputs {
    /// The vector output called `key` in the card (`features` or `early_features`).
    pub fn vector(&self, key: &str) -> Option<&TensorSpec> {
        match key {
            crate::ood::OUTPUT_FEATURES => self.features.as_ref(),
            crate::ood::OUTPUT_EARLY_FEATURES => self.early_features.as_ref(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preprocessing {
    /// Only `center_square` exists: the largest centred square (or the user's square) is resized.
    pub resize: String,
    pub size: u32,
    #[serde(default = "default_filter")]
    pub filter: String,
    pub mean: [f32; 3],
    pub std: [f32; 3],
}

fn default_filter() -> String {
    "triangle".to_owned()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageRule {
    pub malignant_classes: Vec<String>,
    pub suspicious_threshold: f32,
    pub malignant_threshold: f32,
}

impl ModelCard {
    /// Parses and validates a card, so later code can index without checks.
    pub fn from_json(text: &str) -> Result<Self, CardError> {
        let card: ModelCard = serde_json::from_str(text)?;
        card.validate()?;
        Ok(card)
    }

    pub fn num_classes(&self) -> usize {
        self.classes.len()
    }

    pub fn class_index(&self, code: &str) -> Option<usize> {
        self.classes.iter().position(|c| c.code == code)
    }

    pub fn class_codes(&self) -> Vec<&str> {
        self.classes.iter().map(|c| c.code.as_str()).collect()
    }

    /// `(classes, height, width)` of the activation maps the model returns per image.
    pub fn cam_shape(&self) -> (usize, usize, usize) {
        let s = &self.outputs.cam.shape;
        (s[1], s[2], s[3])
    }

    fn validate(&self) -> Result<(), CardError> {
        let invalid = |msg: String| Err(CardError::Invalid(msg));
        if self.schema_version != SCHEMA_VERSION {
            return invalid(format!(
                "schema_version {} is not supported (this app reads {SCHEMA_VERSION})",
                self.schema_version
            ));
        }
        let n = self.classes.len();
        if n < 2 {
            return invalid(format!("{n} classes; at least 2 are needed"));
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return invalid("sha256 must be 64 hex digits".into());
        }
        if self.decision_offsets.len() != n {
            return invalid(format!(
                "{} decision offsets for {n} classes",
                self.decision_offsets.len()
            ));
        }
        if !TEMPERATURE_RANGE.contains(&self.temperature) {
            return invalid(format!(
                "temperature {} is outside {}..={}, the range calibration fits in",
                self.temperature,
                TEMPERATURE_RANGE.start(),
                TEMPERATURE_RANGE.end()
            ));
        }
        let p = &self.preprocessing;
        if p.resize != "center_square" {
            return invalid(format!("resize policy {:?} is not supported", p.resize));
        }
        if !(1..=MAX_INPUT_SIDE).contains(&p.size) {
            return invalid(format!(
                "preprocessing size {} must be from 1 to {MAX_INPUT_SIDE} pixels",
                p.size
            ));
        }
        // Statistics of pixels scaled to 0..1. Without these bounds a mean of -1e39 (an f32
        // infinity) or a subnormal std made every tensor value infinite.
        let mean_ok = p.mean.iter().all(|m| (0.0..=1.0).contains(m));
        let std_ok = p.std.iter().all(|s| s.is_finite() && *s >= MIN_PIXEL_STD);
        if !(mean_ok && std_ok) {
            return invalid(format!(
                "preprocessing mean {:?} must lie in 0..=1 and std {:?} be finite and at least \
                 1/255",
                p.mean, p.std
            ));
        }
        let size = p.size as usize;
        if self.inputs.image.shape != [1, 3, size, size] {
            return invalid(format!(
                "image input shape {:?} does not match preprocessing size {size}",
                self.inputs.image.shape
            ));
        }
        let m = &self.metadata_encoding;
        if self.inputs.metadata.shape != [1, m.length] {
            return invalid(format!(
                "metadata input shape {:?} does not match encoding length {}",
                self.inputs.metadata.shape, m.length
            ));
        }
        if self.outputs.logits.shape != [1, n] {
            return invalid(format!("logits shape {:?}", self.outputs.logits.shape));
        }
        // A map of the input is at most as fine as the input: that also bounds the map's size,
        // which a [1, n, 2^53, 2^53] shape once overflowed.
        let cam = &self.outputs.cam.shape;
        let side = 1..=size;
        if cam.len() != 4
            || cam[0] != 1
            || cam[1] != n
            || !side.contains(&cam[2])
            || !side.contains(&cam[3])
        {
            return invalid(format!(
                "cam shape {cam:?} must be [1, {n}, h, w] with h and w from 1 to {size}"
            ));
        }
        if self.test_time_augmentation != TestTimeAugmentation::None && cam[2] != cam[3] {
            return invalid(format!(
                "test-time augmentation needs a square cam, got {cam:?}"
            ));
        }
        let vectors = [
            ("features", &self.outputs.features),
            ("early_features", &self.outputs.early_features),
        ];
        for (name, spec) in vectors {
            if let Some(f) = spec {
                if f.shape.len() != 2 || f.shape[0] != 1 || f.shape[1] == 0 {
                    return invalid(format!("{name} shape {:?} must be [1, D]", f.shape));
                }
            }
        }
        m.validate().map_err(CardError::Invalid)?;
        for code in &self.triage.malignant_classes {
            if self.class_index(code).is_none() {
                return invalid(format!("triage names unknown class {code:?}"));
            }
        }
        let t = &self.triage;
        if !(0.0..=1.0).contains(&t.suspicious_threshold)
            || !(0.0..=1.0).contains(&t.malignant_threshold)
            || t.suspicious_threshold > t.malignant_threshold
        {
            return invalid(
                "triage thresholds must satisfy 0 <= suspicious <= malignant <= 1".into(),
            );
        }
        self.validate_quality_gate()
    }

    /// The gate's own consistency, and its OOD statistics against the output they read.
    fn validate_quality_gate(&self) -> Result<(), CardError> {
        let Some(gate) = &self.quality_gate else {
            return Ok(());
        };
        gate.validate(self.num_classes())?;
        if let Some(ood) = &gate.ood {
            let Some(spec) = self.outputs.vector(&ood.output) else {
                return Err(CardError::QualityGate(format!(
                    "ood statistics read the model's {:?} output, which the card lacks",
                    ood.output
                )));
            };
            if spec.shape[1] != ood.feature_dim {
                return Err(CardError::QualityGate(format!(
                    "ood feature_dim {} does not match the {} output shape {:?}",
                    ood.feature_dim, ood.output, spec.shape
                )));
            }
        }
        Ok(())
    }
}
