//! From raw logits to what the user sees: calibrated probabilities, the balanced decision,
//! the ranking, and the benign / suspicious / malignant triage.

use serde::{Deserialize, Serialize};

use crate::card::ModelCard;

/// `softmax(logits / temperature)`, computed stably.
pub fn softmax_with_temperature(logits: &[f32], temperature: f32) -> Vec<f32> {
    let scaled: Vec<f32> = logits.iter().map(|l| l / temperature).collect();
    let max = scaled.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = scaled.iter().map(|s| (s - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

/// Indices of the `k` largest values, largest first (ties keep class order).
pub fn top_k(values: &[f32], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    idx.truncate(k);
    idx
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TriageLevel {
    Benign,
    Suspicious,
    Malignant,
}

impl TriageLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            TriageLevel::Benign => "benign",
            TriageLevel::Suspicious => "suspicious",
            TriageLevel::Malignant => "malignant",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Triage {
    pub level: TriageLevel,
    /// Summed calibrated probability of the card's malignant classes.
    pub malignant_probability: f32,
    /// Why, in words, citing the thresholds that applied.
    pub reason: String,
}

/// Everything derived from one image's logits by the card's rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Calibrated probabilities in card class order.
    pub probabilities: Vec<f32>,
    /// Class chosen by `argmax(log p + offsets)`, tuned for balanced accuracy.
    pub decision: usize,
    /// Class indices by probability, highest first.
    pub ranking: Vec<usize>,
    pub triage: Triage,
}

impl Decision {
    pub fn from_logits(logits: &[f32], card: &ModelCard) -> Self {
        let probabilities = softmax_with_temperature(logits, card.temperature);
        let adjusted: Vec<f32> = probabilities
            .iter()
            .zip(&card.decision_offsets)
            .map(|(p, o)| p.max(f32::MIN_POSITIVE).ln() + o)
            .collect();
        let decision = top_k(&adjusted, 1)[0];
        let ranking = top_k(&probabilities, probabilities.len());
        let triage = triage(&probabilities, decision, card);
        Decision {
            probabilities,
            decision,
            ranking,
            triage,
        }
    }
}

fn triage(probabilities: &[f32], decision: usize, card: &ModelCard) -> Triage {
    let rule = &card.triage;
    let malignant: Vec<usize> = rule
        .malignant_classes
        .iter()
        .filter_map(|c| card.class_index(c))
        .collect();
    let m: f32 = malignant.iter().map(|&i| probabilities[i]).sum();
    let decided_malignant = malignant.contains(&decision);
    let name = &card.classes[decision].name;
    let pct = |x: f32| format!("{:.0} %", 100.0 * x);
    let (level, reason) = if decided_malignant && m >= rule.malignant_threshold {
        (
            TriageLevel::Malignant,
            format!(
                "the most likely reading is {name}, and malignant diagnoses together reach {} \
                 (threshold {})",
                pct(m),
                pct(rule.malignant_threshold)
            ),
        )
    } else if decided_malignant {
        (
            TriageLevel::Suspicious,
            format!(
                "the decision rule points to {name}, although malignant diagnoses together \
                 reach only {}",
                pct(m)
            ),
        )
    } else if m >= rule.suspicious_threshold {
        (
            TriageLevel::Suspicious,
            format!(
                "malignant diagnoses together reach {}, at or above the {} alert threshold",
                pct(m),
                pct(rule.suspicious_threshold)
            ),
        )
    } else {
        (
            TriageLevel::Benign,
            format!(
                "the most likely reading is {name}, and malignant diagnoses together stay at {} \
                 (below the {} alert threshold)",
                pct(m),
                pct(rule.suspicious_threshold)
            ),
        )
    };
    Triage {
        level,
        malignant_probability: m,
        reason,
    }
}
