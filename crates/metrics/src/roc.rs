//! One-vs-rest ROC curves and their area.

/// ROC points `(false positive rate, true positive rate)` from (0,0) to (1,1), one per distinct
/// score threshold (tied scores move both rates at once).
pub fn roc_curve(scores: &[f64], positive: &[bool]) -> Vec<(f64, f64)> {
    let pos = positive.iter().filter(|p| **p).count() as f64;
    let neg = positive.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut points = vec![(0.0, 0.0)];
    let (mut tp, mut fp) = (0.0, 0.0);
    for (rank, &i) in order.iter().enumerate() {
        if positive[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_tie = order
            .get(rank + 1)
            .is_none_or(|&next| scores[next] != scores[i]);
        if last_of_tie {
            points.push((fp / neg, tp / pos));
        }
    }
    points
}

/// Trapezoidal area under a ROC curve (equals the Mann-Whitney probability, ties counted half).
pub fn auc(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    Some(
        points
            .windows(2)
            .map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0)
            .sum(),
    )
}

/// Keeps at most `max` points (always the first and last) so charts stay light.
pub fn thin(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max || max < 2 {
        return points.to_vec();
    }
    let step = (points.len() - 1) as f64 / (max - 1) as f64;
    (0..max)
        .map(|i| points[((i as f64 * step).round() as usize).min(points.len() - 1)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_inverted_rankings() {
        let labels = [true, true, false, false];
        let perfect = roc_curve(&[0.9, 0.8, 0.2, 0.1], &labels);
        assert_eq!(auc(&perfect), Some(1.0));
        assert_eq!(*perfect.last().unwrap(), (1.0, 1.0));
        let inverted = roc_curve(&[0.1, 0.2, 0.8, 0.9], &labels);
        assert_eq!(auc(&inverted), Some(0.0));
    }

    #[test]
    fn matches_pairwise_probability_with_ties() {
        let scores: [f64; 6] = [0.9, 0.5, 0.5, 0.3, 0.5, 0.1];
        let labels = [true, true, false, true, false, false];
        // Count positive-negative pairs ranked correctly, ties as one half.
        let mut wins = 0.0;
        let mut pairs = 0.0;
        for (i, &pi) in labels.iter().enumerate() {
            for (j, &pj) in labels.iter().enumerate() {
                if pi && !pj {
                    pairs += 1.0;
                    wins += match scores[i].total_cmp(&scores[j]) {
                        std::cmp::Ordering::Greater => 1.0,
                        std::cmp::Ordering::Equal => 0.5,
                        std::cmp::Ordering::Less => 0.0,
                    };
                }
            }
        }
        let area = auc(&roc_curve(&scores, &labels)).unwrap();
        assert!(
            (area - wins / pairs).abs() < 1e-12,
            "{area} vs {}",
            wins / pairs
        );
    }

    #[test]
    fn one_sided_labels_have_no_curve() {
        assert!(roc_curve(&[0.1, 0.2], &[true, true]).is_empty());
        assert_eq!(auc(&[]), None);
    }

    #[test]
    fn thinning_keeps_endpoints() {
        let pts: Vec<_> = (0..=1000)
            .map(|i| (i as f64 / 1000.0, i as f64 / 1000.0))
            .collect();
        let t = thin(&pts, 101);
        assert_eq!(t.len(), 101);
        assert_eq!(t[0], (0.0, 0.0));
        assert_eq!(*t.last().unwrap(), (1.0, 1.0));
    }
}
