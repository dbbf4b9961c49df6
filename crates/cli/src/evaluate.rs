//! `skincheck evaluate`: the figures of the model page, computed by the same Rust code path
//! the browser runs.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use skincheck_core::decision::softmax_with_temperature;
use skincheck_core::{decode_rgb, Classifier, PatientMetadata, TriageLevel};
use skincheck_metrics::report::{DatasetInfo, ModelInfo, Sample, SkippedImage};
use skincheck_metrics::{bootstrap, EvaluationReport};

use crate::error::{read, CliError};
use crate::labels::{index_images, read_labels, LabelledImage};

pub struct Options<'a> {
    pub images: &'a [PathBuf],
    pub labels: &'a Path,
    pub metadata: Option<&'a Path>,
    pub ignore_metadata: bool,
    pub limit: Option<usize>,
    pub jobs: usize,
    pub description: Option<String>,
}

pub fn run(classifier: &Classifier, opts: &Options<'_>) -> Result<EvaluationReport, CliError> {
    let card = classifier.card();
    let labels = read_labels(opts.labels, opts.metadata, card)?;
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
    let progress = ProgressBar::new(todo.len() as u64).with_style(
        ProgressStyle::with_template(
            "{spinner} evaluating [{bar:40}] {pos}/{len} images, {per_sec}, eta {eta}",
        )
        .expect("static template")
        .progress_chars("=> "),
    );
    let results: Mutex<Vec<Option<Result<Sample, String>>>> = Mutex::new(vec![None; todo.len()]);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..opts.jobs.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= todo.len() {
                    break;
                }
                let (path, item) = &todo[i];
                let outcome = evaluate_one(classifier, path, item, opts.ignore_metadata);
                results.lock().expect("no panics while holding")[i] = Some(outcome);
                progress.inc(1);
            });
        }
    });
    progress.finish_and_clear();
    let mut samples = Vec::new();
    let mut lesions = Vec::new();
    for ((_, item), outcome) in todo
        .iter()
        .zip(results.into_inner().expect("threads joined"))
    {
        match outcome.expect("every index is claimed by exactly one worker") {
            Ok(sample) => {
                samples.push(sample);
                lesions.push(item.lesion.clone());
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
    Ok(report)
}

fn evaluate_one(
    classifier: &Classifier,
    path: &Path,
    item: &LabelledImage,
    ignore_metadata: bool,
) -> Result<Sample, String> {
    let bytes = read(path).map_err(|e| e.to_string())?;
    let image = decode_rgb(&bytes).map_err(|e| e.to_string())?;
    let metadata = if ignore_metadata {
        PatientMetadata::default()
    } else {
        item.metadata
    };
    let c = classifier
        .classify(&image, None, &metadata)
        .map_err(|e| e.to_string())?;
    let to64 = |v: Vec<f32>| v.into_iter().map(f64::from).collect::<Vec<_>>();
    Ok(Sample {
        truth: item.truth,
        probabilities: to64(c.decision.probabilities),
        uncalibrated: to64(softmax_with_temperature(&c.raw.logits, 1.0)),
        decision: c.decision.decision,
        triage: match c.decision.triage.level {
            TriageLevel::Benign => 0,
            TriageLevel::Suspicious => 1,
            TriageLevel::Malignant => 2,
        },
    })
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
