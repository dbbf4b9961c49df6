//! What changed between two saved results of one lesion: the side-by-side view's captions and
//! the doctor's report both show it.

use skincheck_core::Language;

use crate::HistoryEntry;

const DAY_MS: f64 = 86_400_000.0;

/// How a lesion's later entry differs from an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Later minus earlier, in days.
    pub days: f64,
    pub top_changed: bool,
    /// Later minus earlier.
    pub malignant_delta: f32,
    pub triage_changed: bool,
    /// Later minus earlier for each class both results have, in the later entry's card order.
    pub per_class: Vec<(String, f32)>,
    /// Both results came from the same model file: otherwise part of any change is the
    /// model's, not the lesion's.
    pub same_model: bool,
}

impl Change {
    /// How long after the earlier photo, as a person says it: "the same day", "1 day later",
    /// "12 days later" (whole days, rounded down).
    pub fn elapsed_text(&self, language: Language) -> String {
        let days = self.days.max(0.0).floor() as u64;
        match (language, days) {
            (Language::En, 0) => "the same day".into(),
            (Language::En, 1) => "1 day later".into(),
            (Language::En, n) => format!("{n} days later"),
            (Language::De, 0) => "am selben Tag".into(),
            (Language::De, 1) => "1 Tag später".into(),
            (Language::De, n) => format!("{n} Tage später"),
        }
    }
}

/// What changed from `earlier` to `later` (two entries of one lesion, in either model's
/// class order: per class only the classes both have).
pub fn compare(earlier: &HistoryEntry, later: &HistoryEntry) -> Change {
    let (a, b) = (&earlier.record, &later.record);
    let per_class = b
        .probabilities
        .iter()
        .filter_map(|(class, p)| {
            a.probabilities
                .iter()
                .find(|(c, _)| c == class)
                .map(|(_, q)| (class.clone(), p - q))
        })
        .collect();
    Change {
        days: (later.saved_at_ms - earlier.saved_at_ms) as f64 / DAY_MS,
        top_changed: a.top_class != b.top_class,
        malignant_delta: b.malignant_probability - a.malignant_probability,
        triage_changed: a.triage != b.triage,
        per_class,
        same_model: a.model_sha256 == b.model_sha256,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::entry;

    #[test]
    fn later_minus_earlier_for_every_shared_class() {
        let early = entry("a", 1_700_000_000_000, "mole", &[0.7, 0.2, 0.1]);
        let mut late = entry(
            "b",
            1_700_000_000_000 + 45 * 86_400_000 / 2,
            "mole",
            &[0.25, 0.75],
        );
        late.record.malignant_probability = 0.6;
        late.record.triage = "see a doctor".into();
        let c = compare(&early, &late);
        assert_eq!(c.days, 22.5);
        assert!(c.top_changed && c.triage_changed && c.same_model);
        assert!(
            (c.malignant_delta - 0.5).abs() < 1e-6,
            "{}",
            c.malignant_delta
        );
        // bkl is only in the earlier result: left out.
        let classes: Vec<&str> = c.per_class.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(classes, ["nv", "mel"]);
        assert!((c.per_class[0].1 + 0.45).abs() < 1e-6 && (c.per_class[1].1 - 0.55).abs() < 1e-6);

        let back = compare(&late, &early);
        assert_eq!(back.days, -22.5);
        assert_eq!(back.per_class.len(), 2);
        let same = compare(&early, &early);
        assert!(!same.top_changed && !same.triage_changed && same.malignant_delta == 0.0);
        assert!(same.per_class.iter().all(|(_, d)| *d == 0.0));
    }

    #[test]
    fn a_different_model_is_flagged() {
        let early = entry("a", 1_700_000_000_000, "mole", &[0.7, 0.3]);
        let mut late = entry("b", 1_710_000_000_000, "mole", &[0.7, 0.3]);
        late.record.model_sha256 = "cd".repeat(32);
        assert!(!compare(&early, &late).same_model);
    }

    #[test]
    fn the_time_between_is_said_in_whole_days() {
        let at = |days: f64| Change {
            days,
            top_changed: false,
            malignant_delta: 0.0,
            triage_changed: false,
            per_class: vec![],
            same_model: true,
        };
        assert_eq!(at(0.2).elapsed_text(Language::En), "the same day");
        assert_eq!(at(1.9).elapsed_text(Language::En), "1 day later");
        assert_eq!(at(30.0).elapsed_text(Language::En), "30 days later");
        assert_eq!(at(-3.0).elapsed_text(Language::De), "am selben Tag");
        assert_eq!(at(1.0).elapsed_text(Language::De), "1 Tag später");
        assert_eq!(at(12.5).elapsed_text(Language::De), "12 Tage später");
    }
}
