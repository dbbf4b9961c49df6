//! The flat result record shared by the CLI (`classify --json/--csv`) and the app's batch
//! export, so both produce the same columns.

use serde::{Deserialize, Serialize};

use crate::card::ModelCard;
use crate::check::PhotoCheck;
use crate::model::Classification;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRecord {
    pub file: String,
    pub top_class: String,
    pub top_probability: f32,
    pub decision: String,
    pub triage: String,
    pub triage_reason: String,
    /// The quality gate's verdict; `None` only in records saved before the gate existed.
    #[serde(default)]
    pub check: Option<PhotoCheck>,
    pub malignant_probability: f32,
    /// `(class code, calibrated probability)` in card order.
    pub probabilities: Vec<(String, f32)>,
    pub age: Option<u8>,
    pub sex: Option<String>,
    pub site: Option<String>,
    pub crop: [u32; 3],
    pub model_id: String,
    pub model_sha256: String,
}

impl ResultRecord {
    pub fn new(file: &str, c: &Classification, card: &ModelCard) -> Self {
        let d = &c.decision;
        let top = d.ranking[0];
        ResultRecord {
            file: file.to_owned(),
            top_class: card.classes[top].code.clone(),
            top_probability: d.probabilities[top],
            decision: card.classes[d.decision].code.clone(),
            triage: d.triage.level.as_str().to_owned(),
            triage_reason: d.triage.reason.clone(),
            check: Some(c.check.clone()),
            malignant_probability: d.triage.malignant_probability,
            probabilities: card
                .classes
                .iter()
                .zip(&d.probabilities)
                .map(|(class, p)| (class.code.clone(), *p))
                .collect(),
            age: c.metadata.age.map(|a| a.years()),
            sex: c.metadata.sex.map(|s| s.as_str().to_owned()),
            site: c.metadata.site.map(|s| s.as_str().to_owned()),
            crop: [c.crop.x, c.crop.y, c.crop.side],
            model_id: card.model_id.clone(),
            model_sha256: card.sha256.clone(),
        }
    }

    pub fn csv_header(card: &ModelCard) -> String {
        let mut cols: Vec<String> = [
            "file",
            "top_class",
            "top_probability",
            "decision",
            "triage",
            "check",
            "malignant_probability",
        ]
        .map(String::from)
        .to_vec();
        cols.extend(card.classes.iter().map(|c| format!("p_{}", c.code)));
        cols.extend(
            [
                "age",
                "sex",
                "site",
                "crop_x",
                "crop_y",
                "crop_side",
                "model_id",
                "model_sha256",
            ]
            .map(String::from),
        );
        cols.join(",")
    }

    pub fn csv_row(&self) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut cols = vec![
            csv_field(&self.file),
            self.top_class.clone(),
            format!("{:.6}", self.top_probability),
            self.decision.clone(),
            self.triage.clone(),
            csv_field(
                &self
                    .check
                    .as_ref()
                    .map(PhotoCheck::summary)
                    .unwrap_or_default(),
            ),
            format!("{:.6}", self.malignant_probability),
        ];
        cols.extend(self.probabilities.iter().map(|(_, p)| format!("{p:.6}")));
        cols.extend([
            self.age.map(|a| a.to_string()).unwrap_or_default(),
            opt(&self.sex),
            csv_field(&opt(&self.site)),
            self.crop[0].to_string(),
            self.crop[1].to_string(),
            self.crop[2].to_string(),
            csv_field(&self.model_id),
            self.model_sha256.clone(),
        ]);
        cols.join(",")
    }
}

/// The CSV header of `classify --csv` and the app's batch export: the record's columns, then
/// `error`.
pub fn csv_header_with_error(card: &ModelCard) -> String {
    format!("{},error", ResultRecord::csv_header(card))
}

/// A row of [`csv_header_with_error`] for a classified file (empty `error`).
pub fn csv_result_row(record: &ResultRecord) -> String {
    format!("{},", record.csv_row())
}

/// A row of [`csv_header_with_error`] for a file that could not be classified: its name, blank
/// result columns and the reason.
pub fn csv_failure_row(card: &ModelCard, file: &str, message: &str) -> String {
    let blanks = ResultRecord::csv_header(card).matches(',').count();
    format!(
        "{}{},{}",
        csv_field(file),
        ",".repeat(blanks),
        csv_field(message)
    )
}

/// RFC 4180 quoting where needed.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckReason, CheckStatus};
    use crate::quality::PhotoMeasures;

    fn card() -> ModelCard {
        ModelCard::from_json(include_str!("../../../tests/fixtures/tiny_model.json"))
            .expect("fixture card")
    }

    fn record(check: Option<PhotoCheck>) -> ResultRecord {
        ResultRecord {
            file: "a.jpg".into(),
            top_class: "nv".into(),
            top_probability: 0.5,
            decision: "nv".into(),
            triage: "benign".into(),
            triage_reason: String::new(),
            check,
            malignant_probability: 0.25,
            probabilities: card()
                .classes
                .iter()
                .map(|c| (c.code.clone(), 0.1))
                .collect(),
            age: None,
            sex: None,
            site: None,
            crop: [0, 0, 10],
            model_id: "m".into(),
            model_sha256: "ab".repeat(32),
        }
    }

    #[test]
    fn the_check_column_follows_the_triage() {
        let header = csv_header_with_error(&card());
        assert!(header.starts_with(
            "file,top_class,top_probability,decision,triage,check,malignant_probability,p_"
        ));
        let flagged = PhotoCheck {
            status: CheckStatus::PoorQuality,
            reasons: vec![CheckReason::TooBlurry, CheckReason::NotALesion],
            ood_score: Some(3.0),
            measures: PhotoMeasures::default(),
        };
        let row = csv_result_row(&record(Some(flagged)));
        assert!(
            row.starts_with(
                "a.jpg,nv,0.500000,nv,benign,poor_quality: too_blurry; not_a_lesion,0.250000,"
            ),
            "{row}"
        );
        assert_eq!(row.split(',').count(), header.split(',').count());
        // Records saved before the gate have an empty cell.
        let old = csv_result_row(&record(None));
        assert!(
            old.starts_with("a.jpg,nv,0.500000,nv,benign,,0.250000,"),
            "{old}"
        );
        let failed = csv_failure_row(&card(), "b.png", "not an image");
        assert_eq!(failed.split(',').count(), header.split(',').count());
    }

    #[test]
    fn records_saved_before_the_gate_still_load() {
        let mut json = serde_json::to_value(record(None)).unwrap();
        json.as_object_mut().unwrap().remove("check");
        let back: ResultRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back.check, None);
    }
}
