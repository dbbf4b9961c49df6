//! Entries for the tests.

use skincheck_core::ResultRecord;

use crate::HistoryEntry;

/// An entry with probabilities for the classes nv, mel, … (as many as given).
pub fn entry(id: &str, saved_at_ms: i64, lesion: &str, probabilities: &[f32]) -> HistoryEntry {
    let codes = ["nv", "mel", "bkl", "bcc", "akiec", "vasc", "df"];
    let probabilities: Vec<(String, f32)> = codes
        .iter()
        .zip(probabilities)
        .map(|(c, p)| (c.to_string(), *p))
        .collect();
    let top = probabilities
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c.clone())
        .unwrap_or_default();
    HistoryEntry {
        id: id.into(),
        saved_at_ms,
        lesion: lesion.into(),
        thumbnail: "data:image/jpeg;base64,/9j/4AAQSkZJRg==".into(),
        record: ResultRecord {
            file: format!("{id}.jpg"),
            top_class: top.clone(),
            top_probability: probabilities.iter().map(|p| p.1).fold(0.0, f32::max),
            decision: top,
            triage: "benign".into(),
            triage_reason: "low".into(),
            check: None,
            malignant_probability: 0.1,
            probabilities,
            age: Some(40),
            sex: Some("female".into()),
            site: Some("back".into()),
            crop: [0, 0, 224],
            model_id: "m1".into(),
            model_sha256: "ab".repeat(32),
        },
        pin: None,
        photo: None,
    }
}
