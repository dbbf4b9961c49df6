//! `skincheck bench`: model load time and per-image latency percentiles, native.

use std::path::Path;
use std::time::Instant;

use skincheck_core::preprocess::{model_view, normalize_chw};
use skincheck_core::{decode_rgb, PatientMetadata, SquareCrop};

use crate::error::{read, CliError};
use crate::model_files;

pub fn run(
    model: &Path,
    card: Option<&Path>,
    image: &Path,
    warmup: usize,
    runs: usize,
) -> Result<(), CliError> {
    let loaded = model_files::load(model, card)?;
    let classifier = &loaded.classifier;
    let c = classifier.card();
    let bytes = read(image)?;
    let metadata = PatientMetadata::default().encode(&c.metadata_encoding);
    let mut decode_ms = Vec::new();
    let mut pre_ms = Vec::new();
    let mut infer_ms = Vec::new();
    for i in 0..warmup + runs.max(1) {
        let t0 = Instant::now();
        let img = decode_rgb(&bytes).map_err(|e| CliError::Usage(e.to_string()))?;
        let t1 = Instant::now();
        let crop = SquareCrop::centered(img.width(), img.height());
        let view =
            model_view(&img, crop, &c.preprocessing).map_err(|e| CliError::Usage(e.to_string()))?;
        let tensor = normalize_chw(&view, &c.preprocessing);
        let t2 = Instant::now();
        classifier
            .run(&tensor, &metadata)
            .map_err(|e| CliError::Usage(e.to_string()))?;
        let t3 = Instant::now();
        if i >= warmup {
            decode_ms.push((t1 - t0).as_secs_f64() * 1e3);
            pre_ms.push((t2 - t1).as_secs_f64() * 1e3);
            infer_ms.push((t3 - t2).as_secs_f64() * 1e3);
        }
    }
    println!("model            {} ({})", c.model_id, model.display());
    println!(
        "model load       {:.1} ms (parse, hash check, optimise)",
        loaded.load_time.as_secs_f64() * 1e3
    );
    println!("image            {}", image.display());
    println!("runs             {} after {warmup} warm-up", infer_ms.len());
    println!("                    p50      p90      p99      max  (ms)");
    for (name, v) in [
        ("decode", &mut decode_ms),
        ("preprocess", &mut pre_ms),
        ("inference", &mut infer_ms),
    ] {
        v.sort_by(f64::total_cmp);
        println!(
            "{name:<14} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            percentile(v, 0.5),
            percentile(v, 0.9),
            percentile(v, 0.99),
            v[v.len() - 1]
        );
    }
    Ok(())
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}
