//! From raw logits to what the user sees: calibrated probabilities, the balanced decision,
//! the ranking, and the benign / suspicious / malignant triage.

use serde::{Deserialize, Serialize};

use crate::card::ModelCard;
use crate::language::Language;

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
    let name = &card.classes[decision].name;
    let (level, reason) = triage_case(probabilities, decision, card, Language::En, name);
    Triage {
        level,
        malignant_probability: malignant_mass(probabilities, card),
        reason,
    }
}

impl Decision {
    /// The triage's reason in `language`, naming the decided class `class_name` (the page
    /// passes the name in its language): the stored [`Triage::reason`] is English.
    pub fn triage_reason(&self, card: &ModelCard, language: Language, class_name: &str) -> String {
        triage_case(
            &self.probabilities,
            self.decision,
            card,
            language,
            class_name,
        )
        .1
    }
}

/// Summed probability of the card's malignant classes.
fn malignant_mass(probabilities: &[f32], card: &ModelCard) -> f32 {
    card.triage
        .malignant_classes
        .iter()
        .filter_map(|c| card.class_index(c))
        .filter_map(|i| probabilities.get(i))
        .sum()
}

/// The triage rule: its level, and why in `language`, citing the thresholds that applied.
fn triage_case(
    probabilities: &[f32],
    decision: usize,
    card: &ModelCard,
    language: Language,
    name: &str,
) -> (TriageLevel, String) {
    let rule = &card.triage;
    let m = malignant_mass(probabilities, card);
    let decided_malignant = rule
        .malignant_classes
        .iter()
        .filter_map(|c| card.class_index(c))
        .any(|i| i == decision);
    // The share is scaled in f32, as the English reasons always were.
    let pct = |x: f32| format!("{} %", language.decimal(f64::from(100.0 * x), 0));
    let (m_pct, alert) = (pct(m), pct(rule.suspicious_threshold));
    if decided_malignant && m >= rule.malignant_threshold {
        let limit = pct(rule.malignant_threshold);
        let reason = match language {
            Language::De => format!(
                "die wahrscheinlichste Einordnung ist {name}, und bösartige Diagnosen erreichen \
                 zusammen {m_pct} (Schwelle {limit})"
            ),
            Language::En => format!(
                "the most likely reading is {name}, and malignant diagnoses together reach \
                 {m_pct} (threshold {limit})"
            ),
        };
        (TriageLevel::Malignant, reason)
    } else if decided_malignant {
        let reason = match language {
            Language::De => format!(
                "die Entscheidungsregel deutet auf {name} hin, obwohl bösartige Diagnosen \
                 zusammen nur {m_pct} erreichen"
            ),
            Language::En => format!(
                "the decision rule points to {name}, although malignant diagnoses together \
                 reach only {m_pct}"
            ),
        };
        (TriageLevel::Suspicious, reason)
    } else if m >= rule.suspicious_threshold {
        let reason = match language {
            Language::De => format!(
                "bösartige Diagnosen erreichen zusammen {m_pct}, auf oder über der Warnschwelle \
                 von {alert}"
            ),
            Language::En => format!(
                "malignant diagnoses together reach {m_pct}, at or above the {alert} alert \
                 threshold"
            ),
        };
        (TriageLevel::Suspicious, reason)
    } else {
        let reason = match language {
            Language::De => format!(
                "die wahrscheinlichste Einordnung ist {name}, und bösartige Diagnosen bleiben \
                 zusammen bei {m_pct} (unter der Warnschwelle von {alert})"
            ),
            Language::En => format!(
                "the most likely reading is {name}, and malignant diagnoses together stay at \
                 {m_pct} (below the {alert} alert threshold)"
            ),
        };
        (TriageLevel::Benign, reason)
    }
}
