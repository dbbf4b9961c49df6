//! The quality gate's out-of-distribution score (docs/quality_gate.md): the squared
//! Mahalanobis distance of the network's early features to the nearest class mean of the
//! training photos (Lee et al. 2018), so a photo that is not a dermatoscopic lesion can be told
//! apart from one the model knows.

use serde::{Deserialize, Serialize};

use crate::error::CardError;

/// The only scoring method this code knows.
pub const MAHALANOBIS: &str = "mahalanobis";
/// The card outputs a score can read: the frozen ImageNet prefix's pooled map (what the
/// shipped gate uses: it still holds generic features) and the classifier's pooled features.
pub const OUTPUT_EARLY_FEATURES: &str = "early_features";
pub const OUTPUT_FEATURES: &str = "features";

/// The card's `quality_gate.ood`, fitted by `training/skincheck_train/gate.py`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OodStats {
    pub method: String,
    /// Which of the card's `outputs` is scored (`early_features`).
    pub output: String,
    /// D: length of that output's vector.
    pub feature_dim: usize,
    /// The training photos' mean per class, C x D row-major, card class order.
    pub class_means: Vec<f32>,
    /// S_w^(-1/2), S_w the shared within-class covariance: D x D row-major.
    pub whitening: Vec<f32>,
    /// Photos scoring above this are flagged `not_a_lesion`.
    pub threshold: f32,
}

impl OodStats {
    /// `min_c ||whitening · (features - class_means[c])||^2`, in f64 (higher: less like the
    /// training photos). `features` must hold `feature_dim` values; any other length scores
    /// NaN, which the gate reads as "no score".
    pub fn score(&self, features: &[f32]) -> f32 {
        let dim = self.feature_dim;
        if features.len() != dim || dim == 0 {
            return f32::NAN;
        }
        self.class_means
            .chunks_exact(dim)
            .map(|mean| {
                let d: Vec<f64> = features
                    .iter()
                    .zip(mean)
                    .map(|(x, m)| f64::from(*x) - f64::from(*m))
                    .collect();
                self.whitening
                    .chunks_exact(dim)
                    .map(|row| {
                        let v: f64 = row.iter().zip(&d).map(|(w, x)| f64::from(*w) * x).sum();
                        v * v
                    })
                    .sum::<f64>()
            })
            .fold(f64::INFINITY, f64::min) as f32
    }

    /// Checks the method and output names, the lengths against `feature_dim` and
    /// `num_classes`, and that every number is finite. (The card checks that the output
    /// exists with `feature_dim` values.)
    pub fn validate(&self, num_classes: usize) -> Result<(), CardError> {
        let bad = |msg: String| Err(CardError::QualityGate(msg));
        if self.method != MAHALANOBIS {
            return bad(format!(
                "ood method {:?} is not supported (this app knows {MAHALANOBIS:?})",
                self.method
            ));
        }
        if ![OUTPUT_EARLY_FEATURES, OUTPUT_FEATURES].contains(&self.output.as_str()) {
            return bad(format!(
                "ood output {:?} is not one this app can score \
                 ({OUTPUT_EARLY_FEATURES:?} or {OUTPUT_FEATURES:?})",
                self.output
            ));
        }
        let dim = self.feature_dim;
        if dim == 0 {
            return bad("ood feature_dim must be positive".into());
        }
        // A feature_dim near the integer range would overflow these products (a panic in
        // debug builds, a wrapped length that an empty list matches in release).
        let (Some(means_len), Some(whitening_len)) =
            (num_classes.checked_mul(dim), dim.checked_mul(dim))
        else {
            return bad(format!("ood feature_dim {dim} is too large"));
        };
        let lengths = [
            ("class_means", self.class_means.len(), means_len),
            ("whitening", self.whitening.len(), whitening_len),
        ];
        for (name, got, want) in lengths {
            if got != want {
                return bad(format!("ood {name} has {got} values, expected {want}"));
            }
        }
        let mut all = self
            .class_means
            .iter()
            .chain(&self.whitening)
            .chain([&self.threshold]);
        if let Some(v) = all.find(|v| !v.is_finite()) {
            return bad(format!("ood statistics hold a non-finite number ({v})"));
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// D = 2, two classes at (0, 0) and (2, 2), whitening [[1, 0], [1, -1]], threshold 1.
    pub fn stats() -> OodStats {
        OodStats {
            method: MAHALANOBIS.into(),
            output: OUTPUT_EARLY_FEATURES.into(),
            feature_dim: 2,
            class_means: vec![0.0, 0.0, 2.0, 2.0],
            whitening: vec![1.0, 0.0, 1.0, -1.0],
            threshold: 1.0,
        }
    }

    #[test]
    fn the_score_matches_a_hand_computation() {
        // e = (3, 1). Class 0: d = (3, 1), W d = (3, 2): 13. Class 1: d = (1, -1),
        // W d = (1, 2): 5. Nearest: 5.
        assert!((stats().score(&[3.0, 1.0]) - 5.0).abs() < 1e-6);
        // At a class mean: 0.
        assert_eq!(stats().score(&[2.0, 2.0]), 0.0);
    }

    #[test]
    fn a_wrong_length_scores_nan() {
        assert!(stats().score(&[1.0]).is_nan());
    }

    #[test]
    fn validation_names_what_is_wrong() {
        assert!(stats().validate(2).is_ok());
        let err = stats().validate(3).unwrap_err().to_string();
        assert!(
            err.contains("class_means has 4 values, expected 6"),
            "{err}"
        );
        let mut s = stats();
        s.method = "relative_mahalanobis".into();
        let err = s.validate(2).unwrap_err().to_string();
        assert!(err.contains("relative_mahalanobis"), "{err}");
        let mut s = stats();
        s.output = "logits".into();
        assert!(s.validate(2).unwrap_err().to_string().contains("logits"));
        let mut s = stats();
        s.whitening.pop();
        assert!(s.validate(2).unwrap_err().to_string().contains("whitening"));
        let mut s = stats();
        s.threshold = f32::NAN;
        assert!(s
            .validate(2)
            .unwrap_err()
            .to_string()
            .contains("non-finite"));
        let mut s = stats();
        s.feature_dim = 0;
        assert!(s.validate(2).is_err());
    }
}
