//! Reliability diagram bins and expected calibration error.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    pub lower: f64,
    pub upper: f64,
    pub count: u64,
    /// Mean top-class probability in the bin (`None` when empty).
    pub confidence: Option<f64>,
    /// Fraction of the bin whose top class was right.
    pub accuracy: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reliability {
    pub ece: f64,
    pub bins: Vec<ReliabilityBin>,
}

/// Equal-width bins over the top-class probability; ECE is the count-weighted mean gap
/// between confidence and accuracy. `samples` are `(top probability, top class was right)`.
pub fn reliability(samples: &[(f64, bool)], bins: usize) -> Reliability {
    let mut sums = vec![(0u64, 0.0f64, 0u64); bins];
    for &(conf, correct) in samples {
        let b = ((conf * bins as f64) as usize).min(bins - 1);
        sums[b].0 += 1;
        sums[b].1 += conf;
        sums[b].2 += u64::from(correct);
    }
    let n = samples.len().max(1) as f64;
    let mut ece = 0.0;
    let bins_out = sums
        .iter()
        .enumerate()
        .map(|(i, &(count, conf_sum, right))| {
            let (confidence, accuracy) = if count > 0 {
                let c = conf_sum / count as f64;
                let a = right as f64 / count as f64;
                ece += count as f64 / n * (c - a).abs();
                (Some(c), Some(a))
            } else {
                (None, None)
            };
            ReliabilityBin {
                lower: i as f64 / bins as f64,
                upper: (i + 1) as f64 / bins as f64,
                count,
                confidence,
                accuracy,
            }
        })
        .collect();
    Reliability {
        ece,
        bins: bins_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfectly_calibrated_has_zero_ece() {
        // 10 samples at 0.85 of which ~... use exact fractions: 4 at 0.75 with 3 right.
        let s = [(0.75, true), (0.75, true), (0.75, true), (0.75, false)];
        let r = reliability(&s, 10);
        assert!(r.ece.abs() < 1e-12);
        assert_eq!(r.bins[7].count, 4);
        assert_eq!(r.bins[7].accuracy, Some(0.75));
    }

    #[test]
    fn overconfidence_is_measured() {
        let s = [(0.95, true), (0.95, false)];
        let r = reliability(&s, 15);
        assert!((r.ece - 0.45).abs() < 1e-12);
        assert_eq!(r.bins.len(), 15);
        assert_eq!(r.bins[14].count, 2);
        assert!(r.bins[0].confidence.is_none());
    }
}
