//! `skincheck bench`: model load time and per-image latency percentiles, native.
//!
//! With `--dump-inputs DIR` it also writes the exact tensors the network is given (the
//! model-view image as CHW f32 and the encoded metadata vector, little-endian) and tract's
//! outputs for them, so other runtimes (onnxruntime-web, Python onnxruntime, the app's
//! worker) can be timed on identical bytes and checked against tract (`scripts/bench.sh`).

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use skincheck_core::preprocess::{model_view, normalise_chw};
use skincheck_core::{decode_rgb, Classifier, PatientMetadata, RawOutput, SquareCrop};

use crate::error::{read, CliError};
use crate::model_files;

pub struct Options<'a> {
    pub model: &'a Path,
    pub card: Option<&'a Path>,
    pub image: &'a Path,
    pub warmup: usize,
    pub runs: usize,
    pub json: bool,
    pub dump_inputs: Option<&'a Path>,
}

/// Latency percentiles of one stage, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

impl Percentiles {
    /// Nearest-rank percentiles; `None` for no samples.
    pub fn of(samples: &[f64]) -> Option<Self> {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let max = *sorted.last()?;
        Some(Percentiles {
            p50: percentile(&sorted, 0.5),
            p90: percentile(&sorted, 0.9),
            p99: percentile(&sorted, 0.99),
            max,
        })
    }
}

/// What `--json` prints.
#[derive(Debug, Serialize)]
struct Report {
    model_id: String,
    model_load_ms: f64,
    warmup: usize,
    runs: usize,
    decode: Percentiles,
    preprocess: Percentiles,
    inference: Percentiles,
}

/// The tensors' description written beside them by `--dump-inputs`.
#[derive(Debug, Serialize)]
struct InputsManifest<'a> {
    model_id: &'a str,
    source_image: String,
    image: TensorFile<'a>,
    metadata: TensorFile<'a>,
    /// tract's outputs for these exact tensors: every other runtime is checked against them.
    tract_logits: &'a [f32],
    tract_cam_sum: f64,
}

#[derive(Debug, Serialize)]
struct TensorFile<'a> {
    name: &'a str,
    file: &'static str,
    shape: &'a [usize],
    dtype: &'static str,
}

pub fn run(opts: &Options) -> Result<(), CliError> {
    let loaded = model_files::load(opts.model, opts.card)?;
    let classifier = &loaded.classifier;
    let c = classifier.card();
    let bytes = read(opts.image)?;
    let metadata = PatientMetadata::default().encode(&c.metadata_encoding);
    let usage = |e: &dyn std::fmt::Display| CliError::Usage(e.to_string());
    let mut decode_ms = Vec::new();
    let mut pre_ms = Vec::new();
    let mut infer_ms = Vec::new();
    let mut last: Option<(Vec<f32>, RawOutput)> = None;
    for i in 0..opts.warmup + opts.runs.max(1) {
        let t0 = Instant::now();
        let img = decode_rgb(&bytes).map_err(|e| usage(&e))?;
        let t1 = Instant::now();
        let crop = SquareCrop::centred(img.width(), img.height());
        let view = model_view(&img, crop, &c.preprocessing).map_err(|e| usage(&e))?;
        let tensor = normalise_chw(&view, &c.preprocessing);
        let t2 = Instant::now();
        let raw = classifier.run(&tensor, &metadata).map_err(|e| usage(&e))?;
        let t3 = Instant::now();
        if i >= opts.warmup {
            decode_ms.push((t1 - t0).as_secs_f64() * 1e3);
            pre_ms.push((t2 - t1).as_secs_f64() * 1e3);
            infer_ms.push((t3 - t2).as_secs_f64() * 1e3);
        }
        last = Some((tensor, raw));
    }
    if let (Some(dir), Some((tensor, raw))) = (opts.dump_inputs, &last) {
        dump_inputs(dir, classifier, opts.image, tensor, &metadata, raw)?;
    }
    let stats = |v: &[f64]| Percentiles::of(v).expect("at least one run");
    let report = Report {
        model_id: c.model_id.clone(),
        model_load_ms: loaded.load_time.as_secs_f64() * 1e3,
        warmup: opts.warmup,
        runs: infer_ms.len(),
        decode: stats(&decode_ms),
        preprocess: stats(&pre_ms),
        inference: stats(&infer_ms),
    };
    if opts.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("JSON of plain data")
        );
    } else {
        print_text(&report, opts);
    }
    Ok(())
}

fn print_text(report: &Report, opts: &Options) {
    println!(
        "model            {} ({})",
        report.model_id,
        opts.model.display()
    );
    println!(
        "model load       {:.1} ms (parse, hash check, optimise)",
        report.model_load_ms
    );
    println!("image            {}", opts.image.display());
    println!(
        "runs             {} after {} warm-up",
        report.runs, report.warmup
    );
    println!("                    p50      p90      p99      max  (ms)");
    for (name, p) in [
        ("decode", &report.decode),
        ("preprocess", &report.preprocess),
        ("inference", &report.inference),
    ] {
        println!(
            "{name:<14} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            p.p50, p.p90, p.p99, p.max
        );
    }
}

fn dump_inputs(
    dir: &Path,
    classifier: &Classifier,
    image: &Path,
    tensor: &[f32],
    metadata: &[f32],
    raw: &RawOutput,
) -> Result<(), CliError> {
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|source| CliError::Write { path, source })
    };
    std::fs::create_dir_all(dir).map_err(|source| CliError::Write {
        path: dir.to_owned(),
        source,
    })?;
    // The batch the network really runs: one row per test-time view (the runtimes average
    // the rows' logits, as tract does).
    let (views, metadata) = classifier
        .batch_inputs(tensor, metadata)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let card = classifier.card();
    let (image_shape, metadata_shape) = classifier.batch_shapes();
    write("image.f32", &f32_le_bytes(&views))?;
    write("metadata.f32", &f32_le_bytes(&metadata))?;
    let manifest = InputsManifest {
        model_id: &card.model_id,
        source_image: image.display().to_string(),
        image: TensorFile {
            name: &card.inputs.image.name,
            file: "image.f32",
            shape: &image_shape,
            dtype: "float32-le",
        },
        metadata: TensorFile {
            name: &card.inputs.metadata.name,
            file: "metadata.f32",
            shape: &metadata_shape,
            dtype: "float32-le",
        },
        tract_logits: &raw.logits,
        tract_cam_sum: raw.cam.data.iter().map(|&v| f64::from(v)).sum(),
    };
    let text = serde_json::to_string_pretty(&manifest).expect("JSON of plain data");
    write("inputs.json", (text + "\n").as_bytes())
}

/// The values as consecutive little-endian f32 (what JS `Float32Array` and numpy read).
pub fn f32_le_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let p = Percentiles::of(&samples).expect("samples");
        assert_eq!((p.p50, p.p90, p.p99, p.max), (5.0, 9.0, 10.0, 10.0));
        assert!(Percentiles::of(&[]).is_none());
    }

    #[test]
    fn tensors_are_little_endian_f32() {
        assert_eq!(f32_le_bytes(&[1.0, -2.5]), [0, 0, 128, 63, 0, 0, 32, 192]);
    }
}
