//! 95 % intervals of the headline figures by a cluster bootstrap over lesions: several photos
//! of one lesion are not independent, so whole lesions are resampled with replacement
//! (photos of unknown lesion count as their own lesion).

use serde::{Deserialize, Serialize};

use crate::classification::ConfusionMatrix;
use crate::sample::Sample;

/// Resamples drawn by `skincheck evaluate`.
pub const RESAMPLES: usize = 2000;
/// Fixed seed: the same evaluation always prints the same intervals.
pub const SEED: u64 = 20_181;

/// `[low, high]` percentile intervals (2.5 %, 97.5 %) of each figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intervals {
    pub method: String,
    pub level: f64,
    pub resamples: usize,
    pub lesions: usize,
    pub balanced_accuracy: Option<[f64; 2]>,
    pub accuracy: Option<[f64; 2]>,
    pub melanoma_sensitivity: Option<[f64; 2]>,
    pub melanoma_specificity: Option<[f64; 2]>,
}

/// SplitMix64 (Steele et al. 2014): a few lines, fully reproducible across platforms.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is below 1e-15 for the sizes used here.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Intervals for `samples`, `groups[i]` naming the lesion of sample `i`.
pub fn intervals(
    samples: &[Sample],
    groups: &[Option<String>],
    classes: usize,
    melanoma_index: Option<usize>,
    resamples: usize,
    seed: u64,
) -> Intervals {
    assert_eq!(samples.len(), groups.len(), "one group per sample");
    let mut clusters: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut singles: Vec<Vec<usize>> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        match g {
            Some(g) => clusters.entry(g.as_str()).or_default().push(i),
            None => singles.push(vec![i]),
        }
    }
    let lesions: Vec<Vec<usize>> = clusters.into_values().chain(singles).collect();
    let mut rng = SplitMix64(seed);
    let mut figures: [Vec<f64>; 4] = Default::default();
    for _ in 0..resamples {
        let mut cm = ConfusionMatrix::new(classes);
        for _ in 0..lesions.len() {
            for &i in &lesions[rng.below(lesions.len())] {
                cm.counts[samples[i].truth][samples[i].decision] += 1;
            }
        }
        let (sens, spec) = melanoma_index.map_or((None, None), |m| cm.one_vs_rest(m));
        for (f, v) in figures
            .iter_mut()
            .zip([cm.balanced_accuracy(), cm.accuracy(), sens, spec])
        {
            f.extend(v);
        }
    }
    let [bacc, acc, sens, spec] = figures.map(|mut v| percentile_interval(&mut v, resamples));
    Intervals {
        method: "cluster bootstrap over lesions, percentile interval".into(),
        level: 0.95,
        resamples,
        lesions: lesions.len(),
        balanced_accuracy: bacc,
        accuracy: acc,
        melanoma_sensitivity: sens,
        melanoma_specificity: spec,
    }
}

/// 2.5th and 97.5th percentiles (nearest rank), when most resamples defined the figure.
fn percentile_interval(values: &mut [f64], resamples: usize) -> Option<[f64; 2]> {
    if values.is_empty() || values.len() * 2 < resamples {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at =
        |q: f64| values[((q * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
    Some([at(0.025), at(0.975)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(truth: usize, decision: usize) -> Sample {
        Sample {
            truth,
            probabilities: vec![0.5, 0.5],
            uncalibrated: vec![0.5, 0.5],
            decision,
            triage: 0,
        }
    }

    #[test]
    fn a_perfect_classifier_has_a_point_interval() {
        let s: Vec<_> = (0..40).map(|i| sample(i % 2, i % 2)).collect();
        let g: Vec<_> = (0..40).map(|i| Some(format!("L{i}"))).collect();
        let iv = intervals(&s, &g, 2, Some(1), 200, SEED);
        assert_eq!(iv.balanced_accuracy, Some([1.0, 1.0]));
        assert_eq!(iv.melanoma_sensitivity, Some([1.0, 1.0]));
        assert_eq!(iv.lesions, 40);
    }

    #[test]
    fn the_interval_contains_the_estimate_and_narrows_with_more_lesions() {
        // 70 % correct on class 1, all correct on class 0.
        let make = |n: usize| {
            let s: Vec<_> = (0..n)
                .map(|i| sample(i % 2, if i % 2 == 1 && i % 20 < 6 { 0 } else { i % 2 }))
                .collect();
            let g: Vec<_> = (0..n).map(|i| Some(format!("L{i}"))).collect();
            intervals(&s, &g, 2, Some(1), 1000, SEED)
        };
        let small = make(100).melanoma_sensitivity.unwrap();
        let large = make(2000).melanoma_sensitivity.unwrap();
        assert!(small[0] < 0.7 && 0.7 < small[1], "{small:?}");
        assert!(large[0] < 0.7 && 0.7 < large[1], "{large:?}");
        assert!(large[1] - large[0] < (small[1] - small[0]) / 2.0);
    }

    #[test]
    fn photos_of_one_lesion_move_together() {
        // 10 lesions of 10 photos each, half the lesions wrong: the interval must be far wider
        // than if the 100 photos were independent.
        let s: Vec<_> = (0..100)
            .map(|i| sample(1, usize::from(i / 10 % 2 == 0)))
            .collect();
        let clustered: Vec<_> = (0..100).map(|i| Some(format!("L{}", i / 10))).collect();
        let single: Vec<_> = (0..100).map(|_| None).collect();
        let a = intervals(&s, &clustered, 2, Some(1), 1000, SEED)
            .accuracy
            .unwrap();
        let b = intervals(&s, &single, 2, Some(1), 1000, SEED)
            .accuracy
            .unwrap();
        assert!(a[1] - a[0] > 1.8 * (b[1] - b[0]), "{a:?} vs {b:?}");
    }
}
