//! The quality gate (docs/quality_gate.md): whether a photo can be judged at all, and if not,
//! why, in words a person can act on. Pure logic over the measures and the features, so the
//! page bundle (no tract) shares it with the worker and the CLI.

use serde::{Deserialize, Serialize};

use crate::error::CardError;
use crate::language::Language;
use crate::ood::OodStats;
use crate::quality::PhotoMeasures;

/// The gate's verdict on one photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The photo can be judged.
    Ok,
    /// The photo itself must be retaken (too small, blurry, dark, bright or flat).
    PoorQuality,
    /// A usable photo, but not of what the model was trained on.
    NotALesion,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Ok => "ok",
            CheckStatus::PoorQuality => "poor_quality",
            CheckStatus::NotALesion => "not_a_lesion",
        }
    }
}

/// Why a photo cannot be judged. The declaration order is the order reasons are listed in:
/// photo quality first, then `NotALesion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckReason {
    TooSmall,
    TooBlurry,
    TooDark,
    Overexposed,
    LowContrast,
    NotALesion,
}

impl CheckReason {
    /// Every reason, in listing order.
    pub const ALL: [CheckReason; 6] = [
        CheckReason::TooSmall,
        CheckReason::TooBlurry,
        CheckReason::TooDark,
        CheckReason::Overexposed,
        CheckReason::LowContrast,
        CheckReason::NotALesion,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CheckReason::TooSmall => "too_small",
            CheckReason::TooBlurry => "too_blurry",
            CheckReason::TooDark => "too_dark",
            CheckReason::Overexposed => "overexposed",
            CheckReason::LowContrast => "low_contrast",
            CheckReason::NotALesion => "not_a_lesion",
        }
    }

    /// What the person is told, with what to do about it.
    pub fn message(self) -> &'static str {
        match self {
            CheckReason::TooSmall => {
                "The lesion area is too small to judge: take the photo closer, or choose a larger square."
            }
            CheckReason::TooBlurry => {
                "The photo is too blurry to judge: hold the camera still and tap to focus."
            }
            CheckReason::TooDark => {
                "The photo is too dark to judge: use more light, without flash glare."
            }
            CheckReason::Overexposed => {
                "The photo is too bright to judge: avoid direct light and flash glare."
            }
            CheckReason::LowContrast => {
                "The photo has too little contrast to judge: is the lesion in the square?"
            }
            CheckReason::NotALesion => {
                "This does not look like a dermatoscopic photo of a skin lesion, so SkinCheck cannot judge it."
            }
        }
    }

    /// [`CheckReason::message`] in `language` (the page's; the CLI and CSVs use English).
    pub fn message_in(self, language: Language) -> &'static str {
        let Language::De = language else {
            return self.message();
        };
        match self {
            CheckReason::TooSmall => {
                "Der Bereich der Hautveränderung ist zu klein für eine Beurteilung: Fotografieren Sie näher oder wählen Sie ein größeres Quadrat."
            }
            CheckReason::TooBlurry => {
                "Das Foto ist zu unscharf für eine Beurteilung: Halten Sie die Kamera ruhig und tippen Sie zum Scharfstellen."
            }
            CheckReason::TooDark => {
                "Das Foto ist zu dunkel für eine Beurteilung: Sorgen Sie für mehr Licht, ohne Blitzreflexe."
            }
            CheckReason::Overexposed => {
                "Das Foto ist zu hell für eine Beurteilung: Vermeiden Sie direktes Licht und Blitzreflexe."
            }
            CheckReason::LowContrast => {
                "Das Foto hat zu wenig Kontrast für eine Beurteilung: Ist die Hautveränderung im Quadrat?"
            }
            CheckReason::NotALesion => {
                "Dies sieht nicht wie ein dermatoskopisches Foto einer Hautveränderung aus, daher kann SkinCheck es nicht beurteilen."
            }
        }
    }

    /// Whether retaking the photo is the fix (everything but `NotALesion`).
    pub fn is_photo_quality(self) -> bool {
        self != CheckReason::NotALesion
    }
}

/// The card's `quality_gate.photo`: limits on [`PhotoMeasures`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhotoThresholds {
    pub min_source_side: u32,
    pub min_brightness: f32,
    pub max_brightness: f32,
    pub max_clipped_fraction: f32,
    pub min_contrast: f32,
    pub min_sharpness: f32,
}

impl PhotoThresholds {
    /// The photo-quality reasons that apply, in listing order; `Overexposed` once even when
    /// both the brightness and the clipped fraction are over.
    pub fn reasons(&self, m: &PhotoMeasures) -> Vec<CheckReason> {
        let rules = [
            (CheckReason::TooSmall, m.source_side < self.min_source_side),
            (CheckReason::TooBlurry, m.sharpness < self.min_sharpness),
            (CheckReason::TooDark, m.brightness < self.min_brightness),
            (
                CheckReason::Overexposed,
                m.brightness > self.max_brightness || m.clipped > self.max_clipped_fraction,
            ),
            (CheckReason::LowContrast, m.contrast < self.min_contrast),
        ];
        rules
            .into_iter()
            .filter_map(|(reason, fails)| fails.then_some(reason))
            .collect()
    }

    fn validate(&self) -> Result<(), CardError> {
        let values = [
            self.min_brightness,
            self.max_brightness,
            self.max_clipped_fraction,
            self.min_contrast,
            self.min_sharpness,
        ];
        if values.iter().any(|v| !v.is_finite()) {
            return Err(CardError::QualityGate(
                "photo thresholds must be finite numbers".into(),
            ));
        }
        if self.min_brightness > self.max_brightness {
            return Err(CardError::QualityGate(format!(
                "min_brightness {} is above max_brightness {}",
                self.min_brightness, self.max_brightness
            )));
        }
        Ok(())
    }
}

/// The card's `quality_gate` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityGate {
    pub photo: PhotoThresholds,
    /// Absent: photo quality is checked, "is it a lesion" is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ood: Option<OodStats>,
    /// Free-form figures from fitting the gate; shown, never interpreted.
    #[serde(default)]
    pub validation: serde_json::Value,
}

impl QualityGate {
    /// Checks the thresholds and the OOD statistics (the card checks `feature_dim` against
    /// the model's features output).
    pub fn validate(&self, num_classes: usize) -> Result<(), CardError> {
        self.photo.validate()?;
        match &self.ood {
            Some(ood) => ood.validate(num_classes),
            None => Ok(()),
        }
    }
}

/// The gate's result for one photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoCheck {
    pub status: CheckStatus,
    /// Every reason that applies, photo quality first; empty when `ok`.
    pub reasons: Vec<CheckReason>,
    /// The out-of-distribution score, when the card has OOD statistics and the model gave
    /// the output they read.
    pub ood_score: Option<f32>,
    pub measures: PhotoMeasures,
}

impl PhotoCheck {
    /// Applies `gate` (none: always `ok`) to a photo's measures and the features its OOD
    /// statistics read (`ood.output`, averaged over the test-time views).
    pub fn judge(
        gate: Option<&QualityGate>,
        measures: PhotoMeasures,
        features: Option<&[f32]>,
    ) -> PhotoCheck {
        let Some(gate) = gate else {
            return PhotoCheck {
                status: CheckStatus::Ok,
                reasons: Vec::new(),
                ood_score: None,
                measures,
            };
        };
        let mut reasons = gate.photo.reasons(&measures);
        let ood_score = gate
            .ood
            .as_ref()
            .zip(features)
            .map(|(ood, f)| ood.score(f))
            .filter(|s| s.is_finite());
        let off_distribution = gate
            .ood
            .as_ref()
            .zip(ood_score)
            .is_some_and(|(ood, s)| s > ood.threshold);
        if off_distribution {
            reasons.push(CheckReason::NotALesion);
        }
        let status = if reasons.iter().any(|r| r.is_photo_quality()) {
            CheckStatus::PoorQuality
        } else if off_distribution {
            CheckStatus::NotALesion
        } else {
            CheckStatus::Ok
        };
        PhotoCheck {
            status,
            reasons,
            ood_score,
            measures,
        }
    }

    pub fn is_ok(&self) -> bool {
        self.status == CheckStatus::Ok
    }

    /// The message to show first: that of the first reason.
    pub fn headline(&self) -> Option<&'static str> {
        self.headline_in(Language::En)
    }

    /// [`PhotoCheck::headline`] in `language`.
    pub fn headline_in(&self, language: Language) -> Option<&'static str> {
        self.reasons.first().map(|r| r.message_in(language))
    }

    /// One CSV cell: `ok`, or the status and its reasons (`poor_quality: too_blurry;
    /// not_a_lesion`).
    pub fn summary(&self) -> String {
        if self.reasons.is_empty() {
            return self.status.as_str().to_owned();
        }
        let codes: Vec<&str> = self.reasons.iter().map(|r| r.code()).collect();
        format!("{}: {}", self.status.as_str(), codes.join("; "))
    }
}

/// [`PhotoCheck::judge`] as a free function.
pub fn judge(
    gate: Option<&QualityGate>,
    measures: PhotoMeasures,
    features: Option<&[f32]>,
) -> PhotoCheck {
    PhotoCheck::judge(gate, measures, features)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ood::tests::stats;

    fn gate() -> QualityGate {
        QualityGate {
            photo: PhotoThresholds {
                min_source_side: 64,
                min_brightness: 0.15,
                max_brightness: 0.92,
                max_clipped_fraction: 0.25,
                min_contrast: 0.02,
                min_sharpness: 0.09,
            },
            ood: Some(stats()),
            validation: serde_json::Value::Null,
        }
    }

    fn good() -> PhotoMeasures {
        PhotoMeasures {
            source_side: 600,
            brightness: 0.5,
            contrast: 0.1,
            clipped: 0.0,
            sharpness: 0.3,
        }
    }

    /// Early features at a class mean: score 0, under the threshold 1.
    const IN: [f32; 2] = [2.0, 2.0];
    /// Class 0: d = (-2, 4), W d = (-2, -6): 40; class 1: d = (-4, 2), W d = (-4, -6): 52.
    /// Score 40, over the threshold 1.
    const OUT: [f32; 2] = [-2.0, 4.0];

    #[test]
    fn no_gate_is_always_ok() {
        let c = judge(None, PhotoMeasures::default(), Some(&OUT));
        assert!(c.is_ok());
        assert!(c.reasons.is_empty());
        assert_eq!(c.ood_score, None);
        assert_eq!(c.summary(), "ok");
        assert_eq!(c.headline(), None);
    }

    #[test]
    fn a_good_photo_of_a_lesion_passes() {
        let c = judge(Some(&gate()), good(), Some(&IN));
        assert_eq!(c.status, CheckStatus::Ok);
        assert_eq!(c.ood_score, Some(0.0));
        assert_eq!(c.measures, good());
    }

    #[test]
    fn each_photo_rule_gives_its_reason() {
        type Change = fn(&mut PhotoMeasures);
        let cases: [(Change, CheckReason); 6] = [
            (|m| m.source_side = 63, CheckReason::TooSmall),
            (|m| m.sharpness = 0.05, CheckReason::TooBlurry),
            (|m| m.brightness = 0.1, CheckReason::TooDark),
            (|m| m.brightness = 0.95, CheckReason::Overexposed),
            (|m| m.clipped = 0.3, CheckReason::Overexposed),
            (|m| m.contrast = 0.01, CheckReason::LowContrast),
        ];
        for (change, reason) in cases {
            let mut m = good();
            change(&mut m);
            let c = judge(Some(&gate()), m, Some(&IN));
            assert_eq!(c.status, CheckStatus::PoorQuality, "{reason:?}");
            assert_eq!(c.reasons, vec![reason]);
            assert_eq!(c.headline(), Some(reason.message()));
        }
        // At the limits nothing fails.
        let mut m = good();
        m.source_side = 64;
        m.brightness = 0.92;
        m.clipped = 0.25;
        assert!(judge(Some(&gate()), m, Some(&IN)).is_ok());
    }

    #[test]
    fn every_reason_has_a_german_message_of_its_own() {
        let german: Vec<&str> = CheckReason::ALL
            .iter()
            .map(|r| r.message_in(Language::De))
            .collect();
        for (reason, text) in CheckReason::ALL.iter().zip(&german) {
            assert_eq!(reason.message_in(Language::En), reason.message());
            assert_ne!(*text, reason.message());
            assert!(text.ends_with(['.', '?']), "{text}");
        }
        let mut distinct = german.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), german.len());
        let c = judge(Some(&gate()), PhotoMeasures::default(), Some(&IN));
        assert_eq!(
            c.headline_in(Language::De),
            Some(CheckReason::TooSmall.message_in(Language::De))
        );
    }

    #[test]
    fn overexposed_is_listed_once() {
        let mut m = good();
        m.brightness = 0.97;
        m.clipped = 0.9;
        assert_eq!(
            judge(Some(&gate()), m, None).reasons,
            vec![CheckReason::Overexposed]
        );
    }

    #[test]
    fn out_of_distribution_features_are_not_a_lesion() {
        let c = judge(Some(&gate()), good(), Some(&OUT));
        assert!((c.ood_score.unwrap() - 40.0).abs() < 1e-5, "{c:?}");
        assert_eq!(c.status, CheckStatus::NotALesion);
        assert_eq!(c.reasons, vec![CheckReason::NotALesion]);
        assert_eq!(c.summary(), "not_a_lesion: not_a_lesion");
        assert_eq!(c.headline(), Some(CheckReason::NotALesion.message()));
    }

    #[test]
    fn poor_quality_wins_and_reasons_keep_the_table_order() {
        let m = PhotoMeasures {
            source_side: 10,
            brightness: 0.05,
            contrast: 0.001,
            clipped: 0.0,
            sharpness: 0.0,
        };
        let c = judge(Some(&gate()), m, Some(&OUT));
        assert_eq!(c.status, CheckStatus::PoorQuality);
        assert_eq!(
            c.reasons,
            vec![
                CheckReason::TooSmall,
                CheckReason::TooBlurry,
                CheckReason::TooDark,
                CheckReason::LowContrast,
                CheckReason::NotALesion,
            ]
        );
        assert_eq!(
            c.summary(),
            "poor_quality: too_small; too_blurry; too_dark; low_contrast; not_a_lesion"
        );
        assert_eq!(c.headline(), Some(CheckReason::TooSmall.message()));
    }

    #[test]
    fn without_ood_statistics_or_features_there_is_no_score() {
        let mut g = gate();
        g.ood = None;
        let c = judge(Some(&g), good(), Some(&OUT));
        assert!(c.is_ok());
        assert_eq!(c.ood_score, None);
        let c = judge(Some(&gate()), good(), None);
        assert!(c.is_ok());
        assert_eq!(c.ood_score, None);
        // Features of the wrong length give no score rather than a flag.
        assert_eq!(judge(Some(&gate()), good(), Some(&[1.0])).ood_score, None);
    }

    #[test]
    fn serialises_with_the_documented_codes() {
        let c = judge(Some(&gate()), PhotoMeasures::default(), Some(&IN));
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["status"], "poor_quality");
        assert_eq!(json["reasons"][0], "too_small");
        assert!(json["measures"]["sharpness"].is_number());
        let back: PhotoCheck = serde_json::from_value(json).unwrap();
        assert_eq!(back, c);
        for r in CheckReason::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
        for s in [
            CheckStatus::Ok,
            CheckStatus::PoorQuality,
            CheckStatus::NotALesion,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn the_card_section_parses_and_validates() {
        let json = r#"{"photo": {"min_source_side": 64, "min_brightness": 0.15,
            "max_brightness": 0.92, "max_clipped_fraction": 0.25, "min_contrast": 0.02,
            "min_sharpness": 0.09}}"#;
        let g: QualityGate = serde_json::from_str(json).unwrap();
        assert!(g.ood.is_none());
        assert!(g.validate(7).is_ok());
        let mut bad = g.clone();
        bad.photo.min_brightness = 0.95;
        assert!(bad.validate(7).is_err());
        assert!(gate().validate(2).is_ok());
        assert!(
            gate().validate(7).is_err(),
            "centres of 2 classes for a 7-class card"
        );
    }
}
