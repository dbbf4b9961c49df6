//! `skincheck evaluate`: the figures of the model page, computed by the same Rust code path
//! the browser runs, and how often the quality gate refuses to judge a photo.

use std::path::{Path, PathBuf};

use skincheck_core::decision::softmax_with_temperature;
use skincheck_core::{CheckReason, Classifier, PatientMetadata, TriageLevel};
use skincheck_metrics::report::{DatasetInfo, ModelInfo, Sample, SkippedImage};
use skincheck_metrics::{
    bootstrap, EvaluationReport, GateOutcome, NonLesionSummary, QualityGateSummary,
};

use crate::classify::classify_path;
use crate::error::CliError;
use crate::labels::{index_images, is_image_path, read_labels, LabelledImage};
use crate::parallel;

pub struct Options<'a> {
    pub images: &'a [PathBuf],
    pub labels: &'a Path,
    pub metadata: Option<&'a Path>,
    pub ignore_metadata: bool,
    pub limit: Option<usize>,
    pub jobs: usize,
    pub description: Option<String>,
    /// A folder of photos that are not lesions, which the gate should all flag.
    pub non_lesion: Option<&'a Path>,
}

pub fn run(classifier: &Classifier, opts: &Options<'_>) -> Result<EvaluationReport, CliError> {
    let card = classifier.card();
    let labels = read_labels(opts.labels, opts.metadata, card)?;
    // Listed first, so a wrong folder is reported before the long evaluation.
    let non_lesion = opts.non_lesion.map(list_photos).transpose()?;
    let index = index_images(opts.images)?;
    let mut skipped: Vec<SkippedImage> = labels
        .rejected
        .iter()
        .map(|r| SkippedImage {
            image: r.image_id.clone(),
            reason: r.reason.clone(),
        })
        .collect();
    let mut todo: Vec<(PathBuf, LabelledImage)> = Vec::new();
    for item in labels.images {
        match index.get(&item.image_id) {
            Some(path) => todo.push((path.clone(), item)),
            None => skipped.push(SkippedImage {
                image: item.image_id.clone(),
                reason: "no image file with this id in the image folders".into(),
            }),
        }
    }
    if let Some(limit) = opts.limit {
        todo.truncate(limit);
    }
    if todo.is_empty() {
        return Err(CliError::Usage(format!(
            "no labelled image found ({} rows rejected or missing)",
            skipped.len()
        )));
    }
    let outcomes = parallel::map(&todo, opts.jobs, "evaluating", |(path, item)| {
        evaluate_one(classifier, path, item, opts.ignore_metadata)
    });
    let mut samples = Vec::new();
    let mut lesions = Vec::new();
    let mut gated = Vec::new();
    for ((_, item), outcome) in todo.iter().zip(outcomes) {
        match outcome {
            Ok((sample, gate)) => {
                samples.push(sample);
                lesions.push(item.lesion.clone());
                gated.push(gate);
            }
            Err(reason) => skipped.push(SkippedImage {
                image: item.image_id.clone(),
                reason,
            }),
        }
    }
    let codes: Vec<String> = card.classes.iter().map(|c| c.code.clone()).collect();
    let names: Vec<String> = card.classes.iter().map(|c| c.name.clone()).collect();
    let malignant: Vec<bool> = card.classes.iter().map(|c| c.malignant).collect();
    let info = ModelInfo {
        model_id: &card.model_id,
        model_sha256: &card.sha256,
        class_codes: &codes,
        class_names: &names,
        malignant: &malignant,
        temperature: f64::from(card.temperature),
        melanoma_index: card.class_index("mel"),
    };
    let description = opts.description.clone().unwrap_or_else(|| {
        format!(
            "{} images listed in {}{}",
            samples.len(),
            opts.labels.display(),
            if opts.ignore_metadata {
                ", metadata withheld"
            } else {
                ""
            }
        )
    });
    let dataset = DatasetInfo {
        description,
        labels_file: opts
            .labels
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        skipped,
    };
    let generated_by = format!("skincheck evaluate {}", env!("CARGO_PKG_VERSION"));
    let mut report = EvaluationReport::compute(&info, dataset, &samples, &generated_by);
    report.intervals = Some(bootstrap::intervals(
        &samples,
        &lesions,
        card.num_classes(),
        info.melanoma_index,
        bootstrap::RESAMPLES,
        bootstrap::SEED,
    ));
    if card.quality_gate.is_some() {
        let reasons = CheckReason::ALL.map(CheckReason::code);
        report.quality_gate = Some(QualityGateSummary::count(&codes, &reasons, &gated));
    }
    if let Some(files) = non_lesion {
        report.non_lesion = Some(evaluate_non_lesions(classifier, &files, opts.jobs));
    }
    Ok(report)
}

/// The photos in `dir` (`--non-lesion`), sorted by name; none is an error.
fn list_photos(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let entries = std::fs::read_dir(dir).map_err(|source| CliError::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_image_path(p))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CliError::Usage(format!(
            "--non-lesion {}: no .jpg, .jpeg, .png or .webp photos in the folder",
            dir.display()
        )));
    }
    Ok(files)
}

/// Classifies every photo in `files` without metadata and counts those the gate flags.
fn evaluate_non_lesions(
    classifier: &Classifier,
    files: &[PathBuf],
    jobs: usize,
) -> NonLesionSummary {
    let outcomes = parallel::map(files, jobs, "non-lesion photos", |path| {
        classify_path(classifier, path, &PatientMetadata::default())
    });
    let mut photos = Vec::new();
    let mut skipped = Vec::new();
    for (path, outcome) in files.iter().zip(outcomes) {
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        match outcome {
            Ok(c) => photos.push((name, !c.check.is_ok())),
            Err(reason) => skipped.push(SkippedImage {
                image: name,
                reason,
            }),
        }
    }
    NonLesionSummary::count(&photos, skipped)
}

/// One labelled photo's sample for the metrics, and the gate's verdict on it.
fn evaluate_one(
    classifier: &Classifier,
    path: &Path,
    item: &LabelledImage,
    ignore_metadata: bool,
) -> Result<(Sample, GateOutcome), String> {
    let metadata = if ignore_metadata {
        PatientMetadata::default()
    } else {
        item.metadata
    };
    let c = classify_path(classifier, path, &metadata)?;
    let gate = GateOutcome {
        truth: item.truth,
        reasons: c
            .check
            .reasons
            .iter()
            .map(|r| r.code().to_owned())
            .collect(),
    };
    let to64 = |v: Vec<f32>| v.into_iter().map(f64::from).collect::<Vec<_>>();
    let sample = Sample {
        truth: item.truth,
        probabilities: to64(c.decision.probabilities),
        uncalibrated: to64(softmax_with_temperature(&c.raw.logits, 1.0)),
        decision: c.decision.decision,
        triage: match c.decision.triage.level {
            TriageLevel::Benign => 0,
            TriageLevel::Suspicious => 1,
            TriageLevel::Malignant => 2,
        },
    };
    Ok((sample, gate))
}

/// The figures a person reads in the terminal.
pub fn print_summary(r: &EvaluationReport) {
    let pct = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{:.1} %", v * 100.0));
    println!("{}", r.dataset.description);
    println!("images evaluated     {}", r.images);
    println!("images skipped       {}", r.dataset.skipped.len());
    let ci = |v: Option<[f64; 2]>| {
        v.map_or(String::new(), |[lo, hi]| {
            format!("  (95 % CI {:.1}-{:.1})", lo * 100.0, hi * 100.0)
        })
    };
    let iv = r.intervals.as_ref();
    println!(
        "balanced accuracy    {}{}",
        pct(r.balanced_accuracy),
        ci(iv.and_then(|i| i.balanced_accuracy))
    );
    println!(
        "accuracy             {}{}",
        pct(r.accuracy),
        ci(iv.and_then(|i| i.accuracy))
    );
    println!(
        "macro AUC            {}",
        r.macro_auc.map_or("n/a".into(), |v| format!("{v:.3}"))
    );
    println!(
        "melanoma             sensitivity {}{}, specificity {}{} ({} melanomas)",
        pct(r.melanoma.sensitivity),
        ci(iv.and_then(|i| i.melanoma_sensitivity)),
        pct(r.melanoma.specificity),
        ci(iv.and_then(|i| i.melanoma_specificity)),
        r.melanoma.support
    );
    println!(
        "triage               malignant flagged {}, benign cleared {}",
        pct(r.triage.malignant_flagged),
        pct(r.triage.benign_cleared)
    );
    println!(
        "calibration (ECE)    {:.3} before, {:.3} after temperature {:.2}",
        r.reliability_before.ece, r.reliability_after.ece, r.temperature
    );
    println!("\nper class            recall  precision     F1    AUC  support");
    for c in &r.per_class {
        println!(
            "  {:<6} {:>18} {:>10} {:>6} {:>6} {:>8}",
            c.code,
            pct(c.metrics.recall),
            pct(c.metrics.precision),
            c.metrics.f1.map_or("n/a".into(), |v| format!("{v:.2}")),
            c.auc.map_or("n/a".into(), |v| format!("{v:.3}")),
            c.metrics.support
        );
    }
    print_gate(r);
    println!("\nconfusion matrix (rows: truth, columns: decision)");
    print!("  {:<6}", "");
    for code in &r.classes {
        print!("{code:>7}");
    }
    println!();
    for (code, row) in r.classes.iter().zip(&r.confusion_matrix) {
        print!("  {code:<6}");
        for n in row {
            print!("{n:>7}");
        }
        println!();
    }
    for s in r.dataset.skipped.iter().take(20) {
        eprintln!("skipped {}: {}", s.image, s.reason);
    }
    if r.dataset.skipped.len() > 20 {
        eprintln!("... and {} more skipped", r.dataset.skipped.len() - 20);
    }
}

/// The quality gate's lines of the summary (the figures above include the flagged photos).
fn print_gate(r: &EvaluationReport) {
    let pct = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{:.1} %", v * 100.0));
    match &r.quality_gate {
        None => println!("quality gate         none in the model card: every photo judged"),
        Some(g) => {
            let reasons: Vec<String> = g
                .by_reason
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(code, n)| format!("{code} {n}"))
                .collect();
            println!(
                "quality gate         flagged {} of {} photos ({}){}",
                g.total_flagged(),
                g.total_photos(),
                pct(g.flagged_fraction),
                if reasons.is_empty() {
                    String::new()
                } else {
                    format!(": {}", reasons.join(", "))
                }
            );
            let per_class: Vec<String> = r
                .classes
                .iter()
                .map(|c| {
                    let n = |m: &std::collections::BTreeMap<String, u64>| {
                        m.get(c).copied().unwrap_or(0)
                    };
                    format!("{c} {}/{}", n(&g.flagged), n(&g.photos))
                })
                .collect();
            println!("  flagged per class  {}", per_class.join(", "));
        }
    }
    if let Some(n) = &r.non_lesion {
        println!(
            "non-lesion photos    flagged {} of {} ({})",
            n.flagged,
            n.photos,
            pct(n.detection_rate)
        );
        if !n.missed.is_empty() {
            let shown: Vec<&str> = n.missed.iter().take(10).map(String::as_str).collect();
            let more = n.missed.len().saturating_sub(shown.len());
            println!(
                "  judged as lesions  {}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
        for s in &n.skipped {
            eprintln!("non-lesion {} skipped: {}", s.image, s.reason);
        }
    }
}
