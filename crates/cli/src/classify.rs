//! `skincheck classify`: one line of results per photo, or JSON / CSV records. Each carries
//! the quality gate's verdict; in text, a photo that cannot be judged says so first.

use std::path::PathBuf;

use skincheck_core::record::{csv_failure_row, csv_header_with_error, csv_result_row};
use skincheck_core::{
    decode_centred_square, Classification, Classifier, ClassifyError, PatientMetadata, PhotoCheck,
    ResultRecord,
};

use crate::error::{read, CliError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// Classifies each image; a bad image is reported and the others still run.
pub fn run(
    classifier: &Classifier,
    images: &[PathBuf],
    metadata: &PatientMetadata,
    format: Format,
) -> Result<(), CliError> {
    let card = classifier.card();
    let mut records = Vec::new();
    let mut failures = Vec::new();
    if format == Format::Csv {
        println!("{}", csv_header_with_error(card));
    }
    for path in images {
        let name = path.display().to_string();
        match classify_file(classifier, path, metadata) {
            Ok(record) => {
                match format {
                    Format::Text => print_text(classifier, &record),
                    Format::Csv => println!("{}", csv_result_row(&record)),
                    Format::Json => {}
                }
                records.push(record);
            }
            Err(message) => {
                eprintln!("{name}: {message}");
                if format == Format::Csv {
                    println!("{}", csv_failure_row(card, &name, &message));
                }
                failures.push(serde_json::json!({ "file": name, "error": message }));
            }
        }
    }
    if format == Format::Json {
        let out = serde_json::json!({ "results": records, "errors": failures });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("JSON of plain data")
        );
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(CliError::SomeImagesFailed {
            failed: failures.len(),
            total: images.len(),
        })
    }
}

/// Reads, decodes and classifies one photo (its centred square); a failure is its message.
/// Only the square is kept from the decode, so a large photo costs its decoded bytes once.
/// `evaluate` uses it too.
pub(crate) fn classify_path(
    classifier: &Classifier,
    path: &std::path::Path,
    metadata: &PatientMetadata,
) -> Result<Classification, String> {
    let bytes = read(path).map_err(|e| e.to_string())?;
    let square = decode_centred_square(&bytes).map_err(|e| e.to_string())?;
    drop(bytes);
    classifier
        .classify_centred(&square, metadata)
        .map_err(|e: ClassifyError| e.to_string())
}

fn classify_file(
    classifier: &Classifier,
    path: &std::path::Path,
    metadata: &PatientMetadata,
) -> Result<ResultRecord, String> {
    let c = classify_path(classifier, path, metadata)?;
    Ok(ResultRecord::new(
        &path.display().to_string(),
        &c,
        classifier.card(),
    ))
}

fn print_text(classifier: &Classifier, r: &ResultRecord) {
    let card = classifier.card();
    println!("{}", r.file);
    let judged = r.check.as_ref().is_none_or(PhotoCheck::is_ok);
    for reason in r.check.iter().flat_map(|c| &c.reasons) {
        let kind = if reason.is_photo_quality() {
            "POOR QUALITY"
        } else {
            "NOT A LESION"
        };
        println!("  check: {kind} — {}", reason.message());
    }
    if judged {
        println!(
            "  triage: {} ({})",
            r.triage.to_uppercase(),
            r.triage_reason
        );
    } else {
        println!(
            "  triage: NOT APPLICABLE (the photo cannot be judged; unchecked, the model says {})",
            r.triage
        );
    }
    let mut probs: Vec<(usize, f32)> = r
        .probabilities
        .iter()
        .enumerate()
        .map(|(i, (_, p))| (i, *p))
        .collect();
    probs.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (i, p) in probs {
        let class = &card.classes[i];
        let bar = "#".repeat((p * 40.0).round() as usize);
        let mark = if class.code == r.decision {
            "  <- decision"
        } else {
            ""
        };
        println!(
            "  {:>6.2} %  {:<6} {:<46} {bar}{mark}",
            p * 100.0,
            class.code,
            class.name
        );
    }
}
