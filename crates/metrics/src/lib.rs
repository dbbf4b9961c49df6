//! Classification metrics over per-image probabilities, and the `evaluation.json` schema that
//! `skincheck evaluate` writes and the app's model page draws. Pure Rust, no model code.

pub mod bootstrap;
pub mod calibration;
pub mod classification;
pub mod gate;
pub mod headline;
pub mod report;
pub mod roc;
pub mod sample;

pub use bootstrap::Intervals;
pub use calibration::{reliability, Reliability, ReliabilityBin};
pub use classification::{ClassMetrics, ConfusionMatrix};
pub use gate::{GateOutcome, NonLesionSummary, QualityGateSummary};
pub use report::{EvaluationReport, Melanoma, RocCurve};
pub use roc::{auc, roc_curve};
