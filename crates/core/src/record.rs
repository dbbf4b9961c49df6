//! The flat result record shared by the CLI (`classify --json/--csv`) and the app's batch
//! export, so both produce the same columns, with text cells a spreadsheet cannot run
//! ([`csv_text`]).

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

    /// The record's columns of [`csv_header`](Self::csv_header): text through [`csv_text`],
    /// numbers as they are.
    pub fn csv_row(&self) -> String {
        let opt = |v: &Option<String>| csv_text(v.as_deref().unwrap_or_default());
        let mut cols = vec![
            csv_text(&self.file),
            csv_text(&self.top_class),
            format!("{:.6}", self.top_probability),
            csv_text(&self.decision),
            csv_text(&self.triage),
            csv_text(
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
            opt(&self.site),
            self.crop[0].to_string(),
            self.crop[1].to_string(),
            self.crop[2].to_string(),
            csv_text(&self.model_id),
            csv_text(&self.model_sha256),
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
        csv_text(file),
        ",".repeat(blanks),
        csv_text(message)
    )
}

/// A text cell of the CSV exports (file and folder names, labels, reasons), safe to open in
/// a spreadsheet: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would
/// run there as a formula (a file named `=HYPERLINK(…)`), so, as OWASP's CSV injection
/// guidance says, it gets a leading `'` and quotes. Otherwise RFC 4180 quoting where needed.
/// Numbers never pass through here, so a probability or crop stays a number.
pub fn csv_text(s: &str) -> String {
    let quoted = || s.replace('"', "\"\"");
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", quoted())
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", quoted())
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

    /// Names a spreadsheet would run as formulas, and what their cell must be.
    const HOSTILE: [(&str, &str); 8] = [
        (
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"",
        ),
        ("+1", "\"'+1\""),
        ("-2+3", "\"'-2+3\""),
        ("@SUM(A1:A9)", "\"'@SUM(A1:A9)\""),
        ("\t=1.jpg", "\"'\t=1.jpg\""),
        ("\r=1.jpg", "\"'\r=1.jpg\""),
        // Not a formula: plain RFC 4180 quoting, no prefix.
        ("a, \"b\".jpg", "\"a, \"\"b\"\".jpg\""),
        ("back=1.jpg", "back=1.jpg"),
    ];

    #[test]
    fn hostile_text_cells_are_neutralised_for_spreadsheets() {
        let card = card();
        let header = csv_header_with_error(&card);
        for (name, cell) in HOSTILE {
            let mut r = record(None);
            r.file = name.into();
            r.site = Some(name.into());
            r.model_id = name.into();
            let row = csv_result_row(&r);
            assert!(row.starts_with(&format!("{cell},nv,0.500000,")), "{row}");
            assert!(row.contains(&format!(",{cell},0,0,10,{cell},")), "{row}");
            let failed = csv_failure_row(&card, name, "=cmd|' /C calc'!A0");
            assert!(failed.starts_with(&format!("{cell},")), "{failed}");
            assert!(failed.ends_with(",\"'=cmd|' /C calc'!A0\""), "{failed}");
            assert_eq!(
                failed.matches(',').count() - cell.matches(',').count(),
                header.matches(',').count()
            );
        }
    }

    #[test]
    fn number_cells_stay_numbers() {
        let mut r = record(None);
        r.age = Some(45);
        r.crop = [12, 0, 300];
        let row = csv_result_row(&r);
        let probabilities = ",0.100000".repeat(card().classes.len());
        assert!(
            row.starts_with(&format!(
                "a.jpg,nv,0.500000,nv,benign,,0.250000{probabilities},45,"
            )),
            "{row}"
        );
        assert!(row.contains(",12,0,300,m,"), "{row}");
        assert!(!row.contains('\''), "{row}");
    }

    #[test]
    fn records_saved_before_the_gate_still_load() {
        let mut json = serde_json::to_value(record(None)).unwrap();
        json.as_object_mut().unwrap().remove("check");
        let back: ResultRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back.check, None);
    }
}
