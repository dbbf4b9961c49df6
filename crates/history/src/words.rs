//! The diary's shared terms in each language (intervals, triage levels, the quality gate's
//! reasons, body sites, the unlabelled lesion), so the page, the shared report and the
//! calendar file say them alike. Unknown codes are shown as they are.

use skincheck_core::{BodySite, CheckReason, CheckStatus, Language, PhotoCheck};

use crate::UNLABELLED;

/// A lesion label as shown: the group of unlabelled entries has a name in each language
/// (the stored key stays [`UNLABELLED`]).
pub fn lesion_name(label: &str, language: Language) -> &str {
    match (label == UNLABELLED, language) {
        (true, Language::De) => "(ohne Bezeichnung)",
        _ => label,
    }
}

/// "every 4 weeks" / "alle 4 Wochen".
pub fn every_weeks_text(weeks: u16, language: Language) -> String {
    match (language, weeks) {
        (Language::En, 1) => "every week".into(),
        (Language::En, n) => format!("every {n} weeks"),
        (Language::De, 1) => "jede Woche".into(),
        (Language::De, n) => format!("alle {n} Wochen"),
    }
}

/// A saved triage level ("benign", "suspicious", "malignant") in words.
pub fn triage_text(level: &str, language: Language) -> &str {
    match language {
        Language::En => level,
        Language::De => match level {
            "benign" => "gutartig",
            "suspicious" => "verdächtig",
            "malignant" => "bösartig",
            other => other,
        },
    }
}

/// What the quality gate tells the person, with what to do about it.
pub fn check_reason_text(reason: CheckReason, language: Language) -> &'static str {
    match language {
        Language::En => reason.message(),
        Language::De => match reason {
            CheckReason::TooSmall => {
                "Der Bereich der Hautveränderung ist zu klein für eine Beurteilung: Fotografieren \
                 Sie näher, oder wählen Sie ein größeres Quadrat."
            }
            CheckReason::TooBlurry => {
                "Das Foto ist zu unscharf für eine Beurteilung: Halten Sie die Kamera ruhig und \
                 tippen Sie zum Scharfstellen."
            }
            CheckReason::TooDark => {
                "Das Foto ist zu dunkel für eine Beurteilung: Sorgen Sie für mehr Licht, ohne \
                 Blitzreflexe."
            }
            CheckReason::Overexposed => {
                "Das Foto ist zu hell für eine Beurteilung: Vermeiden Sie direktes Licht und \
                 Blitzreflexe."
            }
            CheckReason::LowContrast => {
                "Das Foto hat zu wenig Kontrast für eine Beurteilung: Ist die Hautveränderung im \
                 Quadrat?"
            }
            CheckReason::NotALesion => {
                "Dies sieht nicht wie ein dermatoskopisches Foto einer Hautveränderung aus, \
                 daher kann SkinCheck es nicht beurteilen."
            }
        },
    }
}

/// Why the gate refused a photo: its first reason, else its verdict.
pub fn not_judged_text(check: &PhotoCheck, language: Language) -> String {
    if let Some(reason) = check.reasons.first() {
        return check_reason_text(*reason, language).to_owned();
    }
    match (language, check.status) {
        (Language::En, status) => status.as_str().replace('_', " "),
        (Language::De, CheckStatus::Ok) => "in Ordnung".into(),
        (Language::De, CheckStatus::PoorQuality) => "Fotoqualität ungenügend".into(),
        (Language::De, CheckStatus::NotALesion) => "keine Hautveränderung".into(),
    }
}

/// A change in percentage points with its sign and one decimal: "+12.5" / "+12,5".
pub fn points_text(delta: f32, language: Language) -> String {
    let text = format!("{:+.1}", delta * 100.0);
    match language {
        Language::En => text,
        Language::De => text.replace('.', ","),
    }
}

/// A HAM10000 body site as saved ("upper extremity") in words.
pub fn site_text(site: &str, language: Language) -> &str {
    let Ok(Some(known)) = BodySite::parse_ham(site) else {
        return site;
    };
    match language {
        Language::En => known.as_str(),
        Language::De => match known {
            BodySite::Abdomen => "Bauch",
            BodySite::Acral => "akral (Handfläche oder Fußsohle)",
            BodySite::Back => "Rücken",
            BodySite::Chest => "Brust",
            BodySite::Ear => "Ohr",
            BodySite::Face => "Gesicht",
            BodySite::Foot => "Fuß",
            BodySite::Genital => "Genitalbereich",
            BodySite::Hand => "Hand",
            BodySite::LowerExtremity => "untere Extremität",
            BodySite::Neck => "Hals",
            BodySite::Scalp => "Kopfhaut",
            BodySite::Trunk => "Rumpf",
            BodySite::UpperExtremity => "obere Extremität",
        },
    }
}

/// A saved sex ("male", "female") in words.
pub fn sex_text(sex: &str, language: Language) -> &str {
    match (language, sex) {
        (Language::De, "male") => "männlich",
        (Language::De, "female") => "weiblich",
        _ => sex,
    }
}

/// A measured value in words, with this language's decimal mark (`1.5` / `1,5`).
pub(crate) fn number_text(value: f32, language: Language) -> String {
    match language {
        Language::En => value.to_string(),
        Language::De => value.to_string().replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skincheck_core::PhotoMeasures;

    #[test]
    fn terms_are_said_in_each_language() {
        use Language::{De, En};
        assert_eq!(lesion_name(UNLABELLED, De), "(ohne Bezeichnung)");
        assert_eq!(lesion_name(UNLABELLED, En), UNLABELLED);
        assert_eq!(lesion_name("Muttermal", De), "Muttermal");
        assert_eq!(every_weeks_text(1, En), "every week");
        assert_eq!(every_weeks_text(4, En), "every 4 weeks");
        assert_eq!(every_weeks_text(1, De), "jede Woche");
        assert_eq!(every_weeks_text(26, De), "alle 26 Wochen");
        assert_eq!(triage_text("malignant", De), "bösartig");
        assert_eq!(triage_text("benign", En), "benign");
        assert_eq!(triage_text("see a doctor", De), "see a doctor");
        assert_eq!(points_text(0.125, De), "+12,5");
        assert_eq!(points_text(-0.05, En), "-5.0");
        assert_eq!(site_text("upper extremity", De), "obere Extremität");
        assert_eq!(site_text("lower_extremity", En), "lower extremity");
        assert_eq!(site_text("elbow", De), "elbow");
        assert_eq!(
            (sex_text("female", De), sex_text("male", En)),
            ("weiblich", "male")
        );
        assert_eq!(number_text(1.5, De), "1,5");
    }

    #[test]
    fn every_gate_reason_has_its_own_words_in_each_language() {
        for language in Language::ALL {
            let texts: std::collections::HashSet<&str> = CheckReason::ALL
                .iter()
                .map(|r| check_reason_text(*r, language))
                .collect();
            assert_eq!(texts.len(), CheckReason::ALL.len());
        }
        assert_eq!(
            check_reason_text(CheckReason::TooBlurry, Language::En),
            CheckReason::TooBlurry.message()
        );
        let check = |reasons: Vec<CheckReason>| PhotoCheck {
            status: CheckStatus::PoorQuality,
            reasons,
            ood_score: None,
            measures: PhotoMeasures {
                source_side: 400,
                brightness: 0.5,
                contrast: 0.1,
                clipped: 0.0,
                sharpness: 0.01,
            },
        };
        let blurry = check(vec![CheckReason::TooBlurry, CheckReason::TooDark]);
        assert!(not_judged_text(&blurry, Language::De).starts_with("Das Foto ist zu unscharf"));
        assert_eq!(
            not_judged_text(&check(vec![]), Language::En),
            "poor quality"
        );
        assert_eq!(
            not_judged_text(&check(vec![]), Language::De),
            "Fotoqualität ungenügend"
        );
    }
}
