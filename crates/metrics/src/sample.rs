//! The per-image inputs of every metric: an evaluated photo, or one that could not be read.
//! A leaf module, so the report, the bootstrap and the gate summary all build on it without
//! importing each other.

use serde::{Deserialize, Serialize};

/// One evaluated image.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub truth: usize,
    /// Calibrated probabilities (after temperature), class order of the report.
    pub probabilities: Vec<f64>,
    /// Plain softmax of the logits (temperature 1), for the "before" reliability diagram.
    pub uncalibrated: Vec<f64>,
    /// The class chosen by the decision rule.
    pub decision: usize,
    /// Triage level index: 0 benign, 1 suspicious, 2 malignant.
    pub triage: usize,
}

/// A photo the evaluation could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedImage {
    pub image: String,
    pub reason: String,
}
