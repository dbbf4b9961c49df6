//! The `evaluation.json` schema and how it is computed from per-image results.

use serde::{Deserialize, Serialize};

use crate::bootstrap::Intervals;
use crate::calibration::{reliability, Reliability};
use crate::classification::{ClassMetrics, ConfusionMatrix};
use crate::gate::{NonLesionSummary, QualityGateSummary};
use crate::roc::{auc, roc_curve, thin};
pub use crate::sample::{Sample, SkippedImage};

/// Bins of the reliability diagrams.
pub const RELIABILITY_BINS: usize = 15;
/// Points kept per ROC curve in the report.
pub const ROC_POINTS: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassReport {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub metrics: ClassMetrics,
    pub auc: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RocCurve {
    pub code: String,
    pub auc: Option<f64>,
    /// `[false positive rate, true positive rate]` pairs from (0,0) to (1,1).
    pub points: Vec<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Melanoma {
    pub sensitivity: Option<f64>,
    pub specificity: Option<f64>,
    pub support: u64,
}

/// Sensitivity of the triage for the malignant classes: how often a malignant lesion was
/// flagged suspicious or malignant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageSummary {
    pub levels: Vec<String>,
    /// Rows are true classes, columns triage levels.
    pub counts: Vec<Vec<u64>>,
    pub malignant_flagged: Option<f64>,
    pub benign_cleared: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationReport {
    pub schema_version: u32,
    pub generated_by: String,
    pub model_id: String,
    pub model_sha256: String,
    /// What the figures were measured on, in words, and the label file used.
    pub dataset: DatasetInfo,
    pub classes: Vec<String>,
    pub class_names: Vec<String>,
    pub images: u64,
    pub accuracy: Option<f64>,
    pub balanced_accuracy: Option<f64>,
    pub macro_auc: Option<f64>,
    pub melanoma: Melanoma,
    pub confusion_matrix: Vec<Vec<u64>>,
    pub confusion_matrix_normalized: Vec<Vec<f64>>,
    pub per_class: Vec<ClassReport>,
    pub roc: Vec<RocCurve>,
    pub reliability_before: Reliability,
    pub reliability_after: Reliability,
    pub temperature: f64,
    pub triage: TriageSummary,
    /// 95 % intervals of the headline figures (absent in older reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervals: Option<Intervals>,
    /// Labelled photos the quality gate refused to judge (absent when the card has no gate,
    /// and in older reports). The figures above include them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_gate: Option<QualityGateSummary>,
    /// The gate on photos that are not lesions (`evaluate --non-lesion DIR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_lesion: Option<NonLesionSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetInfo {
    pub description: String,
    pub labels_file: String,
    pub skipped: Vec<SkippedImage>,
}

/// What the report needs to know about the model besides the samples.
pub struct ModelInfo<'a> {
    pub model_id: &'a str,
    pub model_sha256: &'a str,
    pub class_codes: &'a [String],
    pub class_names: &'a [String],
    pub malignant: &'a [bool],
    pub temperature: f64,
    pub melanoma_index: Option<usize>,
}

impl EvaluationReport {
    pub fn compute(
        model: &ModelInfo<'_>,
        dataset: DatasetInfo,
        samples: &[Sample],
        generated_by: &str,
    ) -> Self {
        let k = model.class_codes.len();
        let cm = ConfusionMatrix::from_pairs(k, samples.iter().map(|s| (s.truth, s.decision)));
        let roc: Vec<RocCurve> = (0..k)
            .map(|c| {
                let scores: Vec<f64> = samples.iter().map(|s| s.probabilities[c]).collect();
                let labels: Vec<bool> = samples.iter().map(|s| s.truth == c).collect();
                let pts = roc_curve(&scores, &labels);
                RocCurve {
                    code: model.class_codes[c].clone(),
                    auc: auc(&pts),
                    points: thin(&pts, ROC_POINTS)
                        .iter()
                        .map(|&(x, y)| [x, y])
                        .collect(),
                }
            })
            .collect();
        let aucs: Vec<f64> = roc.iter().filter_map(|r| r.auc).collect();
        let macro_auc = (!aucs.is_empty()).then(|| aucs.iter().sum::<f64>() / aucs.len() as f64);
        let top = |p: &[f64], truth: usize| {
            let best = argmax(p);
            (p[best], best == truth)
        };
        let before: Vec<_> = samples
            .iter()
            .map(|s| top(&s.uncalibrated, s.truth))
            .collect();
        let after: Vec<_> = samples
            .iter()
            .map(|s| top(&s.probabilities, s.truth))
            .collect();
        let melanoma = match model.melanoma_index {
            Some(m) => {
                let (sensitivity, specificity) = cm.one_vs_rest(m);
                Melanoma {
                    sensitivity,
                    specificity,
                    support: cm.support(m),
                }
            }
            None => Melanoma {
                sensitivity: None,
                specificity: None,
                support: 0,
            },
        };
        EvaluationReport {
            schema_version: 1,
            generated_by: generated_by.to_owned(),
            model_id: model.model_id.to_owned(),
            model_sha256: model.model_sha256.to_owned(),
            dataset,
            classes: model.class_codes.to_vec(),
            class_names: model.class_names.to_vec(),
            images: samples.len() as u64,
            accuracy: cm.accuracy(),
            balanced_accuracy: cm.balanced_accuracy(),
            macro_auc,
            melanoma,
            confusion_matrix_normalized: cm.row_normalised(),
            per_class: (0..k)
                .map(|c| ClassReport {
                    code: model.class_codes[c].clone(),
                    name: model.class_names[c].clone(),
                    metrics: cm.class_metrics(c),
                    auc: roc[c].auc,
                })
                .collect(),
            confusion_matrix: cm.counts,
            roc,
            reliability_before: reliability(&before, RELIABILITY_BINS),
            reliability_after: reliability(&after, RELIABILITY_BINS),
            temperature: model.temperature,
            triage: triage_summary(k, model.malignant, samples),
            intervals: None,
            quality_gate: None,
            non_lesion: None,
        }
    }
}

fn triage_summary(k: usize, malignant: &[bool], samples: &[Sample]) -> TriageSummary {
    let mut counts = vec![vec![0u64; 3]; k];
    for s in samples {
        counts[s.truth][s.triage.min(2)] += 1;
    }
    let sum_where = |want_malignant: bool, levels: &[usize]| {
        let rows = (0..k).filter(|&c| malignant[c] == want_malignant);
        let (mut hit, mut total) = (0u64, 0u64);
        for c in rows {
            total += counts[c].iter().sum::<u64>();
            hit += levels.iter().map(|&l| counts[c][l]).sum::<u64>();
        }
        (total > 0).then(|| hit as f64 / total as f64)
    };
    TriageSummary {
        levels: vec!["benign".into(), "suspicious".into(), "malignant".into()],
        malignant_flagged: sum_where(true, &[1, 2]),
        benign_cleared: sum_where(false, &[0]),
        counts,
    }
}

fn argmax(p: &[f64]) -> usize {
    (0..p.len())
        .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(truth: usize, p: [f64; 3], decision: usize, triage: usize) -> Sample {
        Sample {
            truth,
            probabilities: p.to_vec(),
            uncalibrated: p.to_vec(),
            decision,
            triage,
        }
    }

    #[test]
    fn report_is_consistent_with_its_samples() {
        let codes: Vec<String> = ["nv", "mel", "bcc"].map(String::from).to_vec();
        let names = codes.clone();
        let info = ModelInfo {
            model_id: "m",
            model_sha256: "00",
            class_codes: &codes,
            class_names: &names,
            malignant: &[false, true, true],
            temperature: 1.0,
            melanoma_index: Some(1),
        };
        let samples = vec![
            sample(0, [0.8, 0.1, 0.1], 0, 0),
            sample(0, [0.4, 0.5, 0.1], 1, 1),
            sample(1, [0.2, 0.7, 0.1], 1, 2),
            sample(2, [0.3, 0.1, 0.6], 2, 2),
        ];
        let dataset = DatasetInfo {
            description: "unit".into(),
            labels_file: "x.csv".into(),
            skipped: vec![],
        };
        let r = EvaluationReport::compute(&info, dataset, &samples, "test");
        assert_eq!(r.images, 4);
        assert_eq!(
            r.confusion_matrix,
            vec![vec![1, 1, 0], vec![0, 1, 0], vec![0, 0, 1]]
        );
        assert_eq!(r.balanced_accuracy, Some((0.5 + 1.0 + 1.0) / 3.0));
        assert_eq!(r.melanoma.sensitivity, Some(1.0));
        assert_eq!(r.melanoma.specificity, Some(2.0 / 3.0));
        assert_eq!(r.triage.malignant_flagged, Some(1.0));
        assert_eq!(r.triage.benign_cleared, Some(0.5));
        assert_eq!(r.roc[1].points.last(), Some(&[1.0, 1.0]));
        assert_eq!(r.roc[1].auc, Some(1.0));
        let json = serde_json::to_string(&r).unwrap();
        let back: EvaluationReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back.confusion_matrix, r.confusion_matrix);
        assert_eq!(serde_json::to_string(&back).unwrap().len(), json.len());
    }
}
