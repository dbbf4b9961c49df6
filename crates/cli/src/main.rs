//! `skincheck`: classify dermatoscopic photos with SkinCheck's model, evaluate it on a
//! labelled set (this writes the app's `assets/evaluation.json`), and benchmark it.
//! An aid for learning and triage, never a diagnosis.

mod bench;
mod classify;
mod error;
mod evaluate;
mod labels;
mod model_files;
mod parallel;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use skincheck_core::{Age, BodySite, PatientMetadata, Sex};

use crate::error::CliError;

#[derive(Parser)]
#[command(
    name = "skincheck",
    version,
    about = "Skin-lesion classifier (HAM10000's 7 diagnoses). Not a diagnosis: see a \
             dermatologist about any changing lesion."
)]
struct Cli {
    /// ONNX model file.
    #[arg(long, global = true, default_value = model_files::DEFAULT_MODEL)]
    model: PathBuf,
    /// Model card (defaults to the model path with a .json extension).
    #[arg(long, global = true)]
    card: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify one or more photos and print the probabilities of the 7 diagnoses.
    Classify {
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// Age in years (0-120).
        #[arg(long)]
        age: Option<Age>,
        /// male or female.
        #[arg(long)]
        sex: Option<Sex>,
        /// Body site, HAM10000 vocabulary: abdomen, acral, back, chest, ear, face, foot,
        /// genital, hand, "lower extremity", neck, scalp, trunk, "upper extremity".
        #[arg(long)]
        site: Option<BodySite>,
        /// Print JSON records.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV (one row per image, the columns of the app's batch export).
        #[arg(long)]
        csv: bool,
    },
    /// Evaluate on labelled images; prints balanced accuracy, per-class recall, melanoma
    /// sensitivity/specificity, macro AUC, the confusion matrix and the photos the quality
    /// gate flags (the figures include them).
    #[command(after_help = "\
LABEL FORMATS (detected from the header):
  HAM10000 metadata CSV: image_id, dx, and optionally age, sex, localization (metadata is
    read from the same file).
  ISIC challenge ground truth: image plus one-hot columns MEL, NV, BCC, AKIEC (or AK), BKL,
    DF, VASC; rows labelled SCC or UNK are skipped (not HAM classes). Optional --metadata CSV
    with image, age_approx, anatom_site_general, sex.

ISIC SITES -> HAM SITES:
  anterior torso, lateral torso, torso -> trunk;  posterior torso -> back;
  head/neck -> face (HAM's most frequent head-and-neck site);  palms/soles -> acral;
  oral/genital -> genital;  upper/lower extremity unchanged;  empty or unknown -> unknown.")]
    Evaluate {
        /// Folder(s) of images named <image id>.jpg / .png (repeatable).
        #[arg(long, required = true)]
        images: Vec<PathBuf>,
        /// Ground-truth CSV.
        #[arg(long)]
        labels: PathBuf,
        /// ISIC metadata CSV (HAM's metadata lives in the labels file).
        #[arg(long)]
        metadata: Option<PathBuf>,
        /// Evaluate without age/sex/site, as for a user who gives none.
        #[arg(long)]
        ignore_metadata: bool,
        /// Write the full report (the app's evaluation.json schema) here.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Evaluate only the first N labelled images.
        #[arg(long)]
        limit: Option<usize>,
        /// What the figures are measured on, shown on the model page.
        #[arg(long)]
        description: Option<String>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Also classify every photo in DIR (.jpg, .jpeg, .png, .webp), none of them a
        /// dermatoscopic lesion, and report how many the quality gate flags.
        #[arg(long, value_name = "DIR")]
        non_lesion: Option<PathBuf>,
    },
    /// Time model loading and per-image latency (decode, preprocess, inference).
    Bench {
        image: PathBuf,
        #[arg(long, default_value_t = 5)]
        warmup: usize,
        #[arg(long, default_value_t = 30)]
        runs: usize,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Also write the network's exact input tensors (and tract's outputs) to DIR, for
        /// timing other runtimes on identical bytes (scripts/bench.sh).
        #[arg(long, value_name = "DIR")]
        dump_inputs: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Classify {
            images,
            age,
            sex,
            site,
            json,
            csv,
        } => {
            let loaded = model_files::load(&cli.model, cli.card.as_deref())?;
            let metadata = PatientMetadata { age, sex, site };
            let format = match (json, csv) {
                (true, _) => classify::Format::Json,
                (_, true) => classify::Format::Csv,
                _ => classify::Format::Text,
            };
            classify::run(&loaded.classifier, &images, &metadata, format)
        }
        Command::Evaluate {
            images,
            labels,
            metadata,
            ignore_metadata,
            json,
            limit,
            description,
            jobs,
            non_lesion,
        } => {
            let loaded = model_files::load(&cli.model, cli.card.as_deref())?;
            let jobs = jobs.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
            });
            let opts = evaluate::Options {
                images: &images,
                labels: &labels,
                metadata: metadata.as_deref(),
                ignore_metadata,
                limit,
                jobs,
                description,
                non_lesion: non_lesion.as_deref(),
            };
            let report = evaluate::run(&loaded.classifier, &opts)?;
            evaluate::print_summary(&report);
            if let Some(path) = json {
                let text = serde_json::to_string_pretty(&report).expect("JSON of plain data");
                std::fs::write(&path, text + "\n")
                    .map_err(|source| CliError::Write { path, source })?;
            }
            Ok(())
        }
        Command::Bench {
            image,
            warmup,
            runs,
            json,
            dump_inputs,
        } => bench::run(&bench::Options {
            model: &cli.model,
            card: cli.card.as_deref(),
            image: &image,
            warmup,
            runs,
            json,
            dump_inputs: dump_inputs.as_deref(),
        }),
    }
}
