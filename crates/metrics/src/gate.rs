//! The quality gate's figures in `evaluation.json`: how many labelled photos it refused to
//! judge (per true class and per reason), and how many photos that are not lesions it caught.
//! The classification metrics stay computed on every photo, flagged or not.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sample::SkippedImage;

/// The gate's verdict on one labelled photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateOutcome {
    pub truth: usize,
    /// Reason codes; empty when the photo was judged (`ok`).
    pub reasons: Vec<String>,
}

impl GateOutcome {
    pub fn flagged(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// Photos the gate refused to judge, among the labelled (lesion) photos.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityGateSummary {
    /// Flagged photos per true class code.
    pub flagged: BTreeMap<String, u64>,
    /// Evaluated photos per true class code.
    pub photos: BTreeMap<String, u64>,
    /// Flagged photos over all photos (none evaluated: null).
    pub flagged_fraction: Option<f64>,
    /// Photos per reason code (a photo with two reasons counts under both).
    pub by_reason: BTreeMap<String, u64>,
}

impl QualityGateSummary {
    /// Counts `outcomes`; every class and every one of `reason_codes` appears, zero or not.
    pub fn count(class_codes: &[String], reason_codes: &[&str], outcomes: &[GateOutcome]) -> Self {
        let mut flagged: BTreeMap<String, u64> =
            class_codes.iter().map(|c| (c.clone(), 0)).collect();
        let mut photos = flagged.clone();
        let mut by_reason: BTreeMap<String, u64> =
            reason_codes.iter().map(|r| (r.to_string(), 0)).collect();
        for o in outcomes {
            let Some(code) = class_codes.get(o.truth) else {
                continue;
            };
            *photos.entry(code.clone()).or_default() += 1;
            if o.flagged() {
                *flagged.entry(code.clone()).or_default() += 1;
            }
            for r in &o.reasons {
                *by_reason.entry(r.clone()).or_default() += 1;
            }
        }
        let total: u64 = photos.values().sum();
        let hit: u64 = flagged.values().sum();
        QualityGateSummary {
            flagged,
            photos,
            flagged_fraction: (total > 0).then(|| hit as f64 / total as f64),
            by_reason,
        }
    }

    pub fn total_flagged(&self) -> u64 {
        self.flagged.values().sum()
    }

    pub fn total_photos(&self) -> u64 {
        self.photos.values().sum()
    }
}

/// How the gate did on a folder of photos that are not dermatoscopic lesions: every one
/// should be flagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NonLesionSummary {
    pub photos: u64,
    pub flagged: u64,
    /// `flagged / photos` (no photos: null).
    pub detection_rate: Option<f64>,
    /// File names the gate let through as `ok`.
    pub missed: Vec<String>,
    /// Files that could not be classified at all, with the reason; not counted above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedImage>,
}

impl NonLesionSummary {
    /// From `(file name, flagged)` per classified photo, and the files that failed.
    pub fn count(photos: &[(String, bool)], skipped: Vec<SkippedImage>) -> Self {
        let flagged = photos.iter().filter(|(_, f)| *f).count() as u64;
        let n = photos.len() as u64;
        NonLesionSummary {
            photos: n,
            flagged,
            detection_rate: (n > 0).then(|| flagged as f64 / n as f64),
            missed: photos
                .iter()
                .filter(|(_, f)| !*f)
                .map(|(name, _)| name.clone())
                .collect(),
            skipped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(truth: usize, reasons: &[&str]) -> GateOutcome {
        GateOutcome {
            truth,
            reasons: reasons.iter().map(|r| r.to_string()).collect(),
        }
    }

    #[test]
    fn flagged_photos_are_counted_per_class_and_reason() {
        let codes: Vec<String> = ["nv", "mel", "df"].map(String::from).to_vec();
        let outcomes = [
            outcome(0, &[]),
            outcome(0, &["too_blurry", "not_a_lesion"]),
            outcome(1, &["not_a_lesion"]),
            outcome(1, &[]),
        ];
        let s = QualityGateSummary::count(&codes, &["too_blurry", "too_dark"], &outcomes);
        assert_eq!(s.flagged["nv"], 1);
        assert_eq!(s.flagged["mel"], 1);
        assert_eq!(s.flagged["df"], 0);
        assert_eq!(s.photos["nv"], 2);
        assert_eq!(s.photos["df"], 0);
        assert_eq!(s.flagged_fraction, Some(0.5));
        assert_eq!(s.by_reason["too_blurry"], 1);
        assert_eq!(s.by_reason["too_dark"], 0);
        assert_eq!(s.by_reason["not_a_lesion"], 2);
        assert_eq!((s.total_flagged(), s.total_photos()), (2, 4));
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["flagged"]["nv"], 1);
        assert_eq!(json["by_reason"]["not_a_lesion"], 2);
        let empty = QualityGateSummary::count(&codes, &[], &[]);
        assert_eq!(empty.flagged_fraction, None);
    }

    #[test]
    fn non_lesion_photos_report_the_detection_rate_and_the_misses() {
        let photos = [
            ("cat.jpg".to_owned(), true),
            ("page.png".to_owned(), false),
            ("car.jpg".to_owned(), true),
            ("sky.jpg".to_owned(), true),
        ];
        let s = NonLesionSummary::count(&photos, vec![]);
        assert_eq!((s.photos, s.flagged), (4, 3));
        assert_eq!(s.detection_rate, Some(0.75));
        assert_eq!(s.missed, vec!["page.png".to_owned()]);
        let json = serde_json::to_value(&s).unwrap();
        assert!(json.get("skipped").is_none());
        assert_eq!(NonLesionSummary::count(&[], vec![]).detection_rate, None);
    }
}
