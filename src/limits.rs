//! What the model's figures say about its limits, in words a person reads on the result and
//! About views: the measured melanoma sensitivity as "found N of M, about 1 in K missed".

use skincheck_core::Language;
use skincheck_metrics::EvaluationReport;

/// The test split's melanoma figures as counts.
#[derive(Debug, Clone, PartialEq)]
pub struct MelanomaFigures {
    pub photos: u64,
    pub found: u64,
    pub melanomas: u64,
    pub sensitivity: f64,
    /// The 95 % lesion-bootstrap interval of the sensitivity, where the evaluation has one.
    pub interval: Option<[f64; 2]>,
}

impl MelanomaFigures {
    /// `None` when the evaluation has no melanoma among its photos.
    pub fn of(report: &EvaluationReport) -> Option<Self> {
        let sensitivity = report.melanoma.sensitivity?;
        let melanomas = report.melanoma.support;
        (melanomas > 0).then(|| MelanomaFigures {
            photos: report.images,
            found: (sensitivity * melanomas as f64).round() as u64,
            melanomas,
            sensitivity,
            interval: report
                .intervals
                .as_ref()
                .and_then(|i| i.melanoma_sensitivity),
        })
    }

    /// "About 1 in K melanomas was missed": K from the missed share, `None` if none was.
    pub fn one_missed_in(&self) -> Option<u64> {
        let missed = 1.0 - self.sensitivity;
        (missed > 1e-9).then(|| (1.0 / missed).round().max(1.0) as u64)
    }

    /// The sentence, in `language`.
    pub fn sentence(&self, language: Language) -> String {
        let n = |v: u64| language.integer(v);
        let pct = |v: f64| language.percent(v, 0);
        let interval = self.interval.map(|[lo, hi]| match language {
            Language::En => format!(", 95 % interval {}–{}", pct(lo), pct(hi)),
            Language::De => format!(", 95-%-Intervall {}–{}", pct(lo), pct(hi)),
        });
        let interval = interval.unwrap_or_default();
        let missed = self.one_missed_in().map(|k| match (language, k) {
            (Language::En, 1) => " Most melanomas were missed.".to_owned(),
            (Language::De, 1) => " Die meisten Melanome wurden übersehen.".to_owned(),
            (Language::En, k) => format!(" About 1 in {k} melanomas was missed."),
            (Language::De, k) => format!(" Etwa jedes {k}. Melanom wurde übersehen."),
        });
        let missed = missed.unwrap_or_default();
        match language {
            Language::En => format!(
                "On {} test photos it had never seen, SkinCheck recognised {} of {} melanomas \
                 ({}{interval}).{missed} A low estimate never rules a melanoma out.",
                n(self.photos),
                n(self.found),
                n(self.melanomas),
                pct(self.sensitivity)
            ),
            Language::De => format!(
                "Auf {} Testfotos, die es nie gesehen hatte, erkannte SkinCheck {} von {} \
                 Melanomen ({}{interval}).{missed} Ein niedriger Wert schließt ein Melanom \
                 nie aus.",
                n(self.photos),
                n(self.found),
                n(self.melanomas),
                pct(self.sensitivity)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(sensitivity: f64) -> MelanomaFigures {
        MelanomaFigures {
            photos: 1274,
            found: (sensitivity * 143.0_f64).round() as u64,
            melanomas: 143,
            sensitivity,
            interval: Some([0.5468, 0.7308]),
        }
    }

    #[test]
    fn the_shipped_figures_read_in_both_languages() {
        let f = figures(92.0 / 143.0);
        assert_eq!(f.one_missed_in(), Some(3));
        assert_eq!(
            f.sentence(Language::En),
            "On 1,274 test photos it had never seen, SkinCheck recognised 92 of 143 melanomas \
             (64 %, 95 % interval 55 %–73 %). About 1 in 3 melanomas was missed. A low \
             estimate never rules a melanoma out."
        );
        let de = f.sentence(Language::De);
        assert!(de.starts_with("Auf 1.274 Testfotos"), "{de}");
        assert!(
            de.contains("92 von 143 Melanomen (64 %, 95-%-Intervall 55 %–73 %)"),
            "{de}"
        );
        assert!(de.contains("Etwa jedes 3. Melanom"), "{de}");
    }

    #[test]
    fn edge_cases_say_what_happened() {
        assert_eq!(figures(1.0).one_missed_in(), None);
        assert!(!figures(1.0).sentence(Language::En).contains("missed"));
        assert!(figures(0.2)
            .sentence(Language::En)
            .contains("Most melanomas were missed."));
        let shipped = include_str!("../assets/evaluation.json");
        let report: EvaluationReport = serde_json::from_str(shipped).expect("evaluation.json");
        let of = MelanomaFigures::of(&report).expect("the test split has melanomas");
        assert_eq!(
            (of.photos, of.melanomas),
            (report.images, report.melanoma.support)
        );
        assert!(of.found <= of.melanomas);
    }
}
