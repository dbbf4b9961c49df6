//! The model page's headline sentences, computed from a report (pure, so tested natively),
//! in the page's language.

use skincheck_core::Language;

use crate::gate::{NonLesionSummary, QualityGateSummary};
use crate::report::EvaluationReport;

/// `"78.1 %"`, or `"78.1 % (95 % CI 74.0–82.3)"` when an interval is known (German:
/// `"78,1 % (95-%-KI 74,0–82,3)"`).
pub fn percent_with_interval(
    value: Option<f64>,
    interval: Option<[f64; 2]>,
    language: Language,
) -> String {
    let Some(v) = value else {
        return not_available(language).to_owned();
    };
    let pct = |x: f64| language.decimal(100.0 * x, 1);
    match (interval, language) {
        (Some([lo, hi]), Language::En) => {
            format!("{} % (95 % CI {}–{})", pct(v), pct(lo), pct(hi))
        }
        (Some([lo, hi]), Language::De) => {
            format!("{} % (95-%-KI {}–{})", pct(v), pct(lo), pct(hi))
        }
        (None, _) => language.percent(v, 1),
    }
}

/// Written where a figure is undefined ("n/a", German "k. A.").
pub fn not_available(language: Language) -> &'static str {
    match language {
        Language::En => "n/a",
        Language::De => "k. A.",
    }
}

/// How much one photo of the rarest classes moves balanced accuracy (a recall of a class with
/// `n` photos moves by `1/n`, balanced accuracy by `1/(n·K)`), in words; `None` when every
/// class has enough photos for that to be under half a point.
pub fn small_class_caveat(report: &EvaluationReport, language: Language) -> Option<String> {
    let present: Vec<(&str, u64)> = report
        .per_class
        .iter()
        .filter(|c| c.metrics.support > 0)
        .map(|c| (c.code.as_str(), c.metrics.support))
        .collect();
    let k = present.len() as f64;
    let &(_, fewest) = present.iter().min_by_key(|(_, n)| *n)?;
    let points = 100.0 / (fewest as f64 * k);
    if points < 0.5 {
        return None;
    }
    let mut rare: Vec<(&str, u64)> = present
        .iter()
        .copied()
        .filter(|(_, n)| (*n as f64) < 2.0 * fewest as f64)
        .collect();
    rare.sort_by_key(|(_, n)| *n);
    let and = match language {
        Language::En => " and ",
        Language::De => " und ",
    };
    let listed = rare
        .iter()
        .map(|(code, n)| format!("{n} {code}"))
        .collect::<Vec<_>>()
        .join(and);
    let points = language.decimal(points, 1);
    Some(match language {
        Language::En => format!(
            "The test set has only {listed} photos: one photo of the rarest class moves \
             balanced accuracy by about {points} points, so small differences between models \
             mean little."
        ),
        Language::De => format!(
            "Die Testdaten enthalten nur {listed} Fotos: Ein einziges Foto der seltensten Klasse \
             verschiebt die balancierte Genauigkeit um etwa {points} Prozentpunkte, kleine \
             Unterschiede zwischen Modellen sagen daher wenig aus."
        ),
    })
}

/// `"31 of 1274 photos (2.4 %): nv 20, mel 5, …"`: the lesion photos the quality gate refused
/// to judge, with the classes that had any (most first).
pub fn gate_flagged_text(gate: &QualityGateSummary, language: Language) -> String {
    let mut per_class: Vec<(&String, u64)> = gate
        .flagged
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(c, n)| (c, *n))
        .collect();
    per_class.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let classes = per_class
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let (flagged, photos) = (gate.total_flagged(), gate.total_photos());
    let share = percent_with_interval(gate.flagged_fraction, None, language);
    let head = match language {
        Language::En => format!("{flagged} of {photos} photos ({share})"),
        Language::De => format!("{flagged} von {photos} Fotos ({share})"),
    };
    if classes.is_empty() {
        head
    } else {
        format!("{head}: {classes}")
    }
}

/// `"36 of 36 (100.0 %)"`, and the files let through when there are any.
pub fn non_lesion_text(non_lesion: &NonLesionSummary, language: Language) -> String {
    let (flagged, photos) = (non_lesion.flagged, non_lesion.photos);
    let share = percent_with_interval(non_lesion.detection_rate, None, language);
    let missed = non_lesion.missed.join(", ");
    match (language, missed.is_empty()) {
        (Language::En, true) => format!("{flagged} of {photos} ({share})"),
        (Language::En, false) => format!("{flagged} of {photos} ({share}); let through: {missed}"),
        (Language::De, true) => format!("{flagged} von {photos} ({share})"),
        (Language::De, false) => {
            format!("{flagged} von {photos} ({share}); durchgelassen: {missed}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{DatasetInfo, ModelInfo, Sample};

    fn report(supports: &[usize]) -> EvaluationReport {
        let k = supports.len();
        let codes: Vec<String> = (0..k).map(|i| format!("c{i}")).collect();
        let info = ModelInfo {
            model_id: "m",
            model_sha256: "0",
            class_codes: &codes,
            class_names: &codes,
            malignant: &vec![false; k],
            temperature: 1.0,
            melanoma_index: None,
        };
        let samples: Vec<Sample> = supports
            .iter()
            .enumerate()
            .flat_map(|(c, &n)| {
                (0..n).map(move |_| {
                    let mut p = vec![0.0; k];
                    p[c] = 1.0;
                    Sample {
                        truth: c,
                        probabilities: p.clone(),
                        uncalibrated: p,
                        decision: c,
                        triage: 0,
                    }
                })
            })
            .collect();
        let dataset = DatasetInfo {
            description: String::new(),
            labels_file: String::new(),
            skipped: Vec::new(),
        };
        EvaluationReport::compute(&info, dataset, &samples, "test")
    }

    const EN: Language = Language::En;
    const DE: Language = Language::De;

    #[test]
    fn intervals_are_shown_when_known() {
        assert_eq!(percent_with_interval(Some(0.781), None, EN), "78.1 %");
        assert_eq!(
            percent_with_interval(Some(0.781), Some([0.74, 0.823]), EN),
            "78.1 % (95 % CI 74.0–82.3)"
        );
        assert_eq!(percent_with_interval(None, Some([0.1, 0.2]), EN), "n/a");
        assert_eq!(
            percent_with_interval(Some(0.781), Some([0.74, 0.823]), DE),
            "78,1 % (95-%-KI 74,0–82,3)"
        );
        assert_eq!(percent_with_interval(Some(0.781), None, DE), "78,1 %");
        assert_eq!(percent_with_interval(None, None, DE), "k. A.");
    }

    #[test]
    fn the_caveat_names_the_rare_classes_and_the_size_of_one_photo() {
        // 7 classes, the rarest with 14 photos: 100 / (14 * 7) = 1.02 points.
        let r = report(&[853, 143, 139, 66, 42, 17, 14]);
        let text = small_class_caveat(&r, EN).unwrap();
        assert!(text.contains("14 c6 and 17 c5 photos"), "{text}");
        assert!(text.contains("about 1.0 points"), "{text}");
        let text = small_class_caveat(&r, DE).unwrap();
        assert!(text.contains("nur 14 c6 und 17 c5 Fotos"), "{text}");
        assert!(text.contains("etwa 1,0 Prozentpunkte"), "{text}");
        assert_eq!(small_class_caveat(&report(&[900, 800, 700]), EN), None);
    }

    #[test]
    fn gate_sentences_list_the_flagged_classes_and_the_misses() {
        let codes: Vec<String> = ["nv", "mel", "df"].map(String::from).to_vec();
        let outcome = |truth, reasons: &[&str]| crate::gate::GateOutcome {
            truth,
            reasons: reasons.iter().map(|r| r.to_string()).collect(),
        };
        let outcomes = [
            outcome(0, &["too_blurry"]),
            outcome(0, &[]),
            outcome(1, &["not_a_lesion"]),
            outcome(0, &["not_a_lesion"]),
        ];
        let g = QualityGateSummary::count(&codes, &["too_blurry"], &outcomes);
        assert_eq!(
            gate_flagged_text(&g, EN),
            "3 of 4 photos (75.0 %): nv 2, mel 1"
        );
        assert_eq!(
            gate_flagged_text(&g, DE),
            "3 von 4 Fotos (75,0 %): nv 2, mel 1"
        );
        let nl = NonLesionSummary::count(
            &[("cat.jpg".into(), false), ("white.png".into(), true)],
            Vec::new(),
        );
        assert_eq!(
            non_lesion_text(&nl, EN),
            "1 of 2 (50.0 %); let through: cat.jpg"
        );
        assert_eq!(
            non_lesion_text(&nl, DE),
            "1 von 2 (50,0 %); durchgelassen: cat.jpg"
        );
    }
}
