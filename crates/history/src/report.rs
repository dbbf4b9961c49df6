//! The printable report of one lesion for a doctor: its results over time, each with what
//! changed since the one before, and the models that produced them.

use skincheck_core::{Language, PhotoCheck};

use crate::compare::{compare, Change};
use crate::schedule::local_date;
use crate::words::{lesion_name, not_judged_text, points_text, triage_text};
use crate::{HistoryEntry, Region};

/// What the printable report of one lesion shows (the UI adds the model's measured
/// sensitivity, fetched from evaluation.json, and the disclaimer).
#[derive(Debug, Clone, PartialEq)]
pub struct LesionReport {
    pub lesion: String,
    /// The latest pinned entry's region.
    pub region: Option<&'static Region>,
    /// Oldest first.
    pub rows: Vec<ReportRow>,
    /// Distinct `(model_id, model_sha256)`, in first-use order: a doctor should know when the
    /// model changed under the numbers.
    pub models: Vec<(String, String)>,
}

/// One saved result in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub entry_id: String,
    pub saved_at_ms: i64,
    pub top_class: String,
    pub top_probability: f32,
    pub malignant_probability: f32,
    pub triage: String,
    /// The quality gate's verdict when it refused the photo: its numbers are no reading.
    pub not_judged: Option<PhotoCheck>,
    /// Against the previous row.
    pub change: Option<Change>,
}

/// The report of the lesion shown as `lesion` (see [`HistoryEntry::lesion_label`]). `ids`:
/// the entries picked (all of the lesion's when empty; ids of other lesions are ignored);
/// `None` when nothing matches.
pub fn lesion_report(
    entries: &[HistoryEntry],
    lesion: &str,
    ids: &[String],
) -> Option<LesionReport> {
    let mut mine: Vec<&HistoryEntry> = entries
        .iter()
        .filter(|e| e.lesion_label() == lesion)
        .filter(|e| ids.is_empty() || ids.contains(&e.id))
        .collect();
    if mine.is_empty() {
        return None;
    }
    mine.sort_by(|a, b| {
        a.saved_at_ms
            .cmp(&b.saved_at_ms)
            .then_with(|| a.id.cmp(&b.id))
    });
    let region = mine
        .iter()
        .rev()
        .find_map(|e| e.pin.as_ref())
        .and_then(|pin| pin.region());
    let mut models: Vec<(String, String)> = Vec::new();
    let mut rows = Vec::with_capacity(mine.len());
    for (i, e) in mine.iter().enumerate() {
        let r = &e.record;
        let model = (r.model_id.clone(), r.model_sha256.clone());
        if !models.contains(&model) {
            models.push(model);
        }
        rows.push(ReportRow {
            entry_id: e.id.clone(),
            saved_at_ms: e.saved_at_ms,
            top_class: r.top_class.clone(),
            top_probability: r.top_probability,
            malignant_probability: r.malignant_probability,
            triage: r.triage.clone(),
            not_judged: r.check.clone().filter(|c| !c.is_ok()),
            change: i.checked_sub(1).map(|p| compare(mine[p], e)),
        });
    }
    Some(LesionReport {
        lesion: lesion.to_owned(),
        region,
        rows,
        models,
    })
}

impl ReportRow {
    /// The estimate in words: "nv 80.0 %, malignant 20.0 %, triage benign", or why it is
    /// none ("not judged: The photo is too blurry …").
    pub fn estimate_text(&self, language: Language) -> String {
        let pct = |p: f32| language.percent(f64::from(p), 1);
        let top = format!("{} {}", self.top_class, pct(self.top_probability));
        match (&self.not_judged, language) {
            (Some(check), Language::En) => format!(
                "not judged: {} (top class {top})",
                not_judged_text(check, language)
            ),
            (Some(check), Language::De) => format!(
                "nicht beurteilt: {} (wahrscheinlichste Klasse {top})",
                not_judged_text(check, language)
            ),
            (None, Language::En) => format!(
                "{top}, malignant {}, triage {}",
                pct(self.malignant_probability),
                self.triage
            ),
            (None, Language::De) => format!(
                "{top}, bösartig {}, Einschätzung: {}",
                pct(self.malignant_probability),
                triage_text(&self.triage, language)
            ),
        }
    }
}

/// What changed since the entry before: "10 days later, malignant +5.0 points, top class
/// changed".
pub fn change_text(change: &Change, language: Language) -> String {
    let points = points_text(change.malignant_delta, language);
    let (malignant, top, triage) = match language {
        Language::En => ("malignant", "top class changed", "triage changed"),
        Language::De => (
            "bösartig",
            "wahrscheinlichste Klasse geändert",
            "Einschätzung geändert",
        ),
    };
    let unit = match language {
        Language::En => "points",
        Language::De => "Prozentpunkte",
    };
    let mut text = format!(
        "{}, {malignant} {points} {unit}",
        change.elapsed_text(language)
    );
    for (changed, what) in [(change.top_changed, top), (change.triage_changed, triage)] {
        if changed {
            text.push_str(", ");
            text.push_str(what);
        }
    }
    text
}

/// The report as plain text in the page's language, the file shared with it: one line per
/// entry with its local date (`utc_offset_minutes` east of UTC), then the models, the
/// measured figures (`measured`, from the app's evaluation) and the disclaimer, both already
/// in that language.
pub fn report_text(
    report: &LesionReport,
    language: Language,
    utc_offset_minutes: i32,
    measured: &str,
    disclaimer: &str,
) -> String {
    let lesion = lesion_name(&report.lesion, language);
    let (title, place, model) = match language {
        Language::En => ("SkinCheck lesion report", "Where", "Model"),
        Language::De => ("SkinCheck-Bericht zur Hautveränderung", "Ort", "Modell"),
    };
    let mut out = format!("{title}: {lesion}\n");
    if let Some(region) = report.region {
        out.push_str(&format!("{place}: {}\n", region.name_in(language)));
    }
    out.push('\n');
    for row in &report.rows {
        let date = local_date(row.saved_at_ms, utc_offset_minutes).text(language);
        out.push_str(&format!("{date}: {}", row.estimate_text(language)));
        if let Some(c) = &row.change {
            out.push_str(&format!("; {}", change_text(c, language)));
        }
        out.push('\n');
    }
    out.push('\n');
    for (id, sha) in &report.models {
        out.push_str(&format!("{model} {id}, sha256 {sha}\n"));
    }
    if !measured.is_empty() {
        out.push_str(measured);
        out.push('\n');
    }
    out.push_str(disclaimer);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::entry;
    use crate::{BodyPin, BodySide, UNLABELLED};
    use skincheck_core::{CheckReason, CheckStatus, PhotoCheck, PhotoMeasures};

    const DAY: i64 = 86_400_000;
    const T0: i64 = 1_700_000_000_000;

    fn diary() -> Vec<HistoryEntry> {
        let pin = |x, y| {
            Some(BodyPin {
                side: BodySide::Front,
                x,
                y,
            })
        };
        let mut blurry = entry("c", T0 + 30 * DAY, "mole", &[0.5, 0.5]);
        blurry.record.check = Some(PhotoCheck {
            status: CheckStatus::PoorQuality,
            reasons: vec![CheckReason::TooBlurry],
            ood_score: None,
            measures: PhotoMeasures {
                source_side: 400,
                brightness: 0.5,
                contrast: 0.1,
                clipped: 0.0,
                sharpness: 0.01,
            },
        });
        blurry.record.model_id = "m2".into();
        blurry.record.model_sha256 = "cd".repeat(32);
        let mut late = entry("d", T0 + 60 * DAY, "mole", &[0.4, 0.6]);
        late.record.model_id = "m2".into();
        late.record.model_sha256 = "cd".repeat(32);
        vec![
            late,
            HistoryEntry {
                pin: pin(150.0, 212.0),
                ..entry("b", T0 + 10 * DAY, "mole", &[0.6, 0.4])
            },
            entry("x", T0, "knee", &[0.9, 0.1]),
            HistoryEntry {
                pin: pin(100.0, 120.0),
                ..entry("a", T0, "mole", &[0.8, 0.2])
            },
            blurry,
            entry("u", T0, "", &[0.9, 0.1]),
        ]
    }

    #[test]
    fn a_lesions_report_is_oldest_first_with_changes_and_models() {
        let report = lesion_report(&diary(), "mole", &[]).expect("has entries");
        assert_eq!(report.lesion, "mole");
        let ids: Vec<&str> = report.rows.iter().map(|r| r.entry_id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        // The latest pinned entry is b, on the left forearm (a, older, is on the chest).
        assert_eq!(report.region.map(|r| r.name), Some("left forearm"));
        assert_eq!(
            report.models,
            [
                ("m1".to_owned(), "ab".repeat(32)),
                ("m2".to_owned(), "cd".repeat(32))
            ]
        );
        assert_eq!(report.rows[0].change, None);
        let change = report.rows[1].change.as_ref().expect("after a");
        assert_eq!(change.days, 10.0);
        assert!((change.per_class[0].1 + 0.2).abs() < 1e-6);
        assert!(!report.rows[2].change.as_ref().expect("after b").same_model);
        let refused = report.rows[2].not_judged.as_ref().expect("refused");
        assert_eq!(refused.reasons, [CheckReason::TooBlurry]);
        assert_eq!(report.rows[3].not_judged, None);
        let last = &report.rows[3];
        assert_eq!(
            (last.top_class.as_str(), last.top_probability),
            ("mel", 0.6)
        );
        assert_eq!(
            (last.malignant_probability, last.triage.as_str()),
            (0.1, "benign")
        );
    }

    #[test]
    fn picked_entries_only_and_none_when_nothing_matches() {
        let picked = vec!["d".to_owned(), "a".to_owned(), "x".to_owned()];
        let report = lesion_report(&diary(), "mole", &picked).expect("a and d");
        let ids: Vec<&str> = report.rows.iter().map(|r| r.entry_id.as_str()).collect();
        assert_eq!(ids, ["a", "d"]);
        assert_eq!(report.rows[1].change.as_ref().map(|c| c.days), Some(60.0));
        assert_eq!(report.region.map(|r| r.name), Some("chest"));
        assert_eq!(report.models.len(), 2);

        let unlabelled = lesion_report(&diary(), UNLABELLED, &[]).expect("u");
        assert_eq!((unlabelled.rows.len(), unlabelled.region), (1, None));
        let german = report_text(&unlabelled, Language::De, 0, "", "Keine Diagnose.");
        assert!(german.starts_with("SkinCheck-Bericht zur Hautveränderung: (ohne Bezeichnung)\n"));
        assert_eq!(lesion_report(&diary(), "nowhere", &[]), None);
        assert_eq!(lesion_report(&diary(), "mole", &["x".to_owned()]), None);
        assert_eq!(lesion_report(&[], "mole", &[]), None);
    }

    #[test]
    fn the_text_report_lists_each_entry_by_local_date() {
        let report = lesion_report(&diary(), "mole", &[]).expect("mole has entries");
        let text = report_text(
            &report,
            Language::En,
            60,
            "Measured: sensitivity 64 %.",
            "Not a diagnosis.",
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "SkinCheck lesion report: mole");
        let dated: Vec<&&str> = lines.iter().filter(|l| l.starts_with("202")).collect();
        assert_eq!(dated.len(), report.rows.len());
        // T0 is 2023-11-14 22:13 UTC: 23:13 one hour east, the same day.
        assert!(
            dated[0].starts_with("2023-11-14: nv 80.0 %"),
            "{}",
            dated[0]
        );
        assert!(
            dated[1].contains("; 10 days later, malignant +"),
            "{}",
            dated[1]
        );
        assert!(
            text.contains("not judged: The photo is too blurry"),
            "{text}"
        );
        assert!(lines[1] == "Where: left forearm", "{text}");
        assert!(text.contains(&format!("Model m2, sha256 {}", "cd".repeat(32))));
        assert!(text.ends_with("Measured: sensitivity 64 %.\nNot a diagnosis.\n"));
    }

    #[test]
    fn the_text_report_speaks_german_with_german_dates_and_numbers() {
        let report = lesion_report(&diary(), "mole", &[]).expect("mole has entries");
        let text = report_text(
            &report,
            Language::De,
            60,
            "Gemessen: Sensitivität 64 %.",
            "Keine Diagnose.",
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "SkinCheck-Bericht zur Hautveränderung: mole");
        assert_eq!(lines[1], "Ort: linker Unterarm");
        assert_eq!(
            lines[3],
            "14.11.2023: nv 80,0 %, bösartig 10,0 %, Einschätzung: gutartig"
        );
        assert!(
            lines[4].starts_with("24.11.2023: nv 60,0 %, bösartig 10,0 %, Einschätzung: gutartig; 10 Tage später, bösartig +0,0 Prozentpunkte"),
            "{}",
            lines[4]
        );
        assert!(
            lines[5].contains("nicht beurteilt: Das Foto ist zu unscharf"),
            "{text}"
        );
        assert!(text.contains(&format!("Modell m2, sha256 {}", "cd".repeat(32))));
        assert!(
            !text.contains("malignant") && !text.contains("later"),
            "{text}"
        );
        let mut change = report.rows[1].change.clone().expect("after a");
        assert_eq!(
            change_text(&change, Language::En),
            "10 days later, malignant +0.0 points"
        );
        (change.top_changed, change.triage_changed) = (true, true);
        assert_eq!(
            change_text(&change, Language::De),
            "10 Tage später, bösartig +0,0 Prozentpunkte, wahrscheinlichste Klasse geändert, \
             Einschätzung geändert"
        );
    }
}
