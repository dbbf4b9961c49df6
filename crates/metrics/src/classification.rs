//! Confusion matrix and the figures derived from it.

use serde::{Deserialize, Serialize};

/// Rows are true classes, columns predicted classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    pub counts: Vec<Vec<u64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    pub support: u64,
    pub predicted: u64,
    /// `None` when nothing was predicted as / labelled as the class (0/0).
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl ConfusionMatrix {
    pub fn new(classes: usize) -> Self {
        ConfusionMatrix {
            counts: vec![vec![0; classes]; classes],
        }
    }

    /// Builds the matrix from `(true, predicted)` pairs.
    pub fn from_pairs(classes: usize, pairs: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut m = Self::new(classes);
        for (t, p) in pairs {
            m.counts[t][p] += 1;
        }
        m
    }

    pub fn classes(&self) -> usize {
        self.counts.len()
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    pub fn correct(&self) -> u64 {
        (0..self.classes()).map(|i| self.counts[i][i]).sum()
    }

    pub fn support(&self, class: usize) -> u64 {
        self.counts[class].iter().sum()
    }

    pub fn predicted(&self, class: usize) -> u64 {
        self.counts.iter().map(|row| row[class]).sum()
    }

    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.correct(), self.total())
    }

    pub fn recall(&self, class: usize) -> Option<f64> {
        ratio(self.counts[class][class], self.support(class))
    }

    pub fn precision(&self, class: usize) -> Option<f64> {
        ratio(self.counts[class][class], self.predicted(class))
    }

    /// Mean recall over the classes present in the data.
    pub fn balanced_accuracy(&self) -> Option<f64> {
        let recalls: Vec<f64> = (0..self.classes()).filter_map(|c| self.recall(c)).collect();
        (!recalls.is_empty()).then(|| recalls.iter().sum::<f64>() / recalls.len() as f64)
    }

    /// One class against the rest: `(sensitivity, specificity)`.
    pub fn one_vs_rest(&self, class: usize) -> (Option<f64>, Option<f64>) {
        let tp = self.counts[class][class];
        let positives = self.support(class);
        let negatives = self.total() - positives;
        let false_pos = self.predicted(class) - tp;
        (
            ratio(tp, positives),
            ratio(negatives - false_pos, negatives),
        )
    }

    pub fn class_metrics(&self, class: usize) -> ClassMetrics {
        let precision = self.precision(class);
        let recall = self.recall(class);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        ClassMetrics {
            support: self.support(class),
            predicted: self.predicted(class),
            precision,
            recall,
            f1,
        }
    }

    /// Each row divided by its total (rows without samples stay zero).
    pub fn row_normalised(&self) -> Vec<Vec<f64>> {
        self.counts
            .iter()
            .map(|row| {
                let total: u64 = row.iter().sum();
                row.iter()
                    .map(|&c| ratio(c, total).unwrap_or(0.0))
                    .collect()
            })
            .collect()
    }
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ConfusionMatrix {
        // true 0: 8 right, 2 as 1; true 1: 1 as 0, 3 right; true 2: 2 right, 2 as 0.
        ConfusionMatrix {
            counts: vec![vec![8, 2, 0], vec![1, 3, 0], vec![2, 0, 2]],
        }
    }

    #[test]
    fn accuracy_and_balanced_accuracy() {
        let m = sample();
        assert_eq!(m.total(), 18);
        assert!((m.accuracy().unwrap() - 13.0 / 18.0).abs() < 1e-12);
        let expected = (0.8 + 0.75 + 0.5) / 3.0;
        assert!((m.balanced_accuracy().unwrap() - expected).abs() < 1e-12);
    }

    #[test]
    fn precision_recall_f1() {
        let m = sample().class_metrics(0);
        assert_eq!((m.support, m.predicted), (10, 11));
        assert!((m.precision.unwrap() - 8.0 / 11.0).abs() < 1e-12);
        assert!((m.recall.unwrap() - 0.8).abs() < 1e-12);
        let (p, r) = (8.0 / 11.0, 0.8);
        assert!((m.f1.unwrap() - 2.0 * p * r / (p + r)).abs() < 1e-12);
    }

    #[test]
    fn one_vs_rest_sensitivity_specificity() {
        let (sens, spec) = sample().one_vs_rest(1);
        assert!((sens.unwrap() - 0.75).abs() < 1e-12);
        // 14 negatives, 2 of them predicted as class 1.
        assert!((spec.unwrap() - 12.0 / 14.0).abs() < 1e-12);
    }

    #[test]
    fn empty_classes_are_none_not_nan() {
        let m = ConfusionMatrix::from_pairs(3, [(0, 0), (0, 1)]);
        assert_eq!(m.recall(2), None);
        assert_eq!(m.precision(2), None);
        assert_eq!(m.balanced_accuracy(), Some(0.5));
        assert_eq!(m.row_normalised()[2], vec![0.0, 0.0, 0.0]);
    }
}
