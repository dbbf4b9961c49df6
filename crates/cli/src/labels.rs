//! Reading ground truth for `evaluate`: the HAM10000 metadata CSV, or the ISIC challenge
//! ground-truth CSV (one-hot columns) with its optional metadata CSV.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use skincheck_core::{Age, BodySite, ModelCard, PatientMetadata, Sex};

use crate::error::{read, CliError};

#[derive(Debug, Clone, PartialEq)]
pub struct LabelledImage {
    pub image_id: String,
    pub truth: usize,
    pub metadata: PatientMetadata,
    /// The lesion shown (HAM `lesion_id`, ISIC metadata `lesion_id`): photos of one lesion are
    /// resampled together for the intervals. `None`: unknown, the photo counts alone.
    pub lesion: Option<String>,
}

/// Rows that cannot be used, with the reason (reported, never dropped silently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub image_id: String,
    pub reason: String,
}

pub struct Labels {
    pub images: Vec<LabelledImage>,
    pub rejected: Vec<Rejected>,
}

impl Labels {
    /// Keeps a labelled row, or records why its metadata made it unusable.
    fn push(
        &mut self,
        image_id: String,
        truth: usize,
        metadata: Result<PatientMetadata, CliError>,
        lesion: &str,
    ) {
        let lesion = lesion.trim();
        match metadata {
            Ok(metadata) => self.images.push(LabelledImage {
                image_id,
                truth,
                metadata,
                lesion: (!lesion.is_empty()).then(|| lesion.to_owned()),
            }),
            Err(e) => self.rejected.push(Rejected {
                image_id,
                reason: e.to_string(),
            }),
        }
    }
}

/// ISIC one-hot column names and the card class they map to (`None`: not a class of ours).
const ISIC_COLUMNS: [(&str, Option<&str>); 10] = [
    ("MEL", Some("mel")),
    ("NV", Some("nv")),
    ("BCC", Some("bcc")),
    ("AKIEC", Some("akiec")),
    ("AK", Some("akiec")),
    ("BKL", Some("bkl")),
    ("DF", Some("df")),
    ("VASC", Some("vasc")),
    ("SCC", None),
    ("UNK", None),
];

pub fn read_labels(
    labels: &Path,
    metadata: Option<&Path>,
    card: &ModelCard,
) -> Result<Labels, CliError> {
    let table = Table::read(labels)?;
    if table.has("dx") && table.has("image_id") {
        if let Some(path) = metadata {
            return Err(CliError::Usage(format!(
                "{} is a HAM10000 metadata CSV, which carries age, sex and site itself; \
                 --metadata {} is only for ISIC ground truth (leave it out, or use \
                 --ignore-metadata to evaluate without metadata)",
                labels.display(),
                path.display()
            )));
        }
        Ok(read_ham(&table, card))
    } else if table.has("image") && ISIC_COLUMNS.iter().any(|(c, _)| table.has(c)) {
        let meta = match metadata {
            Some(path) => Some(Table::read(path)?),
            None => None,
        };
        read_isic(&table, meta.as_ref(), card)
    } else {
        Err(CliError::Labels {
            path: labels.to_owned(),
            message: "neither a HAM10000 metadata CSV (image_id, dx, ...) nor an ISIC ground \
                      truth CSV (image, MEL, NV, ...)"
                .into(),
        })
    }
}

fn read_ham(table: &Table, card: &ModelCard) -> Labels {
    let mut out = Labels {
        images: Vec::new(),
        rejected: Vec::new(),
    };
    for row in &table.rows {
        let id = table.get(row, "image_id").to_owned();
        let dx = table.get(row, "dx").trim().to_ascii_lowercase();
        let Some(truth) = card.class_index(&dx) else {
            out.rejected.push(Rejected {
                image_id: id,
                reason: format!("diagnosis {dx:?} is not one of the model's classes"),
            });
            continue;
        };
        let lesion = table.get(row, "lesion_id").to_owned();
        out.push(id, truth, ham_metadata(table, row), &lesion);
    }
    out
}

fn ham_metadata(table: &Table, row: &[String]) -> Result<PatientMetadata, CliError> {
    Ok(PatientMetadata {
        age: Age::from_field(table.get(row, "age"))?,
        sex: optional(table.get(row, "sex"), |s| s.parse::<Sex>())?,
        site: BodySite::parse_ham(table.get(row, "localization"))?,
    })
}

fn read_isic(table: &Table, meta: Option<&Table>, card: &ModelCard) -> Result<Labels, CliError> {
    let meta_rows: HashMap<&str, &Vec<String>> = meta
        .map(|m| m.rows.iter().map(|r| (m.get(r, "image"), r)).collect())
        .unwrap_or_default();
    let mut out = Labels {
        images: Vec::new(),
        rejected: Vec::new(),
    };
    for row in &table.rows {
        let id = table.get(row, "image").to_owned();
        let hot = ISIC_COLUMNS
            .iter()
            .filter(|(col, _)| table.has(col))
            .find(|(col, _)| table.get(row, col).trim().parse::<f64>().unwrap_or(0.0) >= 0.5);
        let truth = match hot {
            Some((_, Some(code))) => card.class_index(code),
            Some((col, None)) => {
                out.rejected.push(Rejected {
                    image_id: id,
                    reason: format!("ISIC class {col} is not one of the model's classes"),
                });
                continue;
            }
            None => None,
        };
        let Some(truth) = truth else {
            out.rejected.push(Rejected {
                image_id: id,
                reason: "no class column is set to 1".into(),
            });
            continue;
        };
        let (metadata, lesion) = match (meta, meta_rows.get(id.as_str())) {
            (Some(m), Some(r)) => (isic_metadata(m, r), m.get(r, "lesion_id").to_owned()),
            _ => (Ok(PatientMetadata::default()), String::new()),
        };
        out.push(id, truth, metadata, &lesion);
    }
    Ok(out)
}

fn isic_metadata(table: &Table, row: &[String]) -> Result<PatientMetadata, CliError> {
    Ok(PatientMetadata {
        age: Age::from_field(table.get(row, "age_approx"))?,
        sex: optional(table.get(row, "sex"), |s| s.parse::<Sex>())?,
        site: BodySite::parse_isic(table.get(row, "anatom_site_general"))?,
    })
}

/// Empty, "unknown" and "nan" mean "not given".
fn optional<T, E>(s: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, CliError>
where
    CliError: From<E>,
{
    if skincheck_core::metadata::not_given(s) {
        Ok(None)
    } else {
        Ok(Some(parse(s.trim())?))
    }
}

/// A CSV held in memory with its header, looked up by column name.
struct Table {
    columns: HashMap<String, usize>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Result<Self, CliError> {
        let bytes = read(path)?;
        let bad = |message: String| CliError::Labels {
            path: path.to_owned(),
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(bytes.as_slice());
        let columns = reader
            .headers()
            .map_err(|e| bad(e.to_string()))?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_owned(), i))
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                r.map(|r| r.iter().map(str::to_owned).collect())
                    .map_err(|e| bad(e.to_string()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Table { columns, rows })
    }

    fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The cell, or "" when the column is absent.
    fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| row.get(i))
            .map_or("", String::as_str)
    }
}

/// Maps image ids to files in one or more folders (the full-resolution HAM10000 download
/// comes in two parts).
pub fn index_images(dirs: &[PathBuf]) -> Result<HashMap<String, PathBuf>, CliError> {
    let mut index = HashMap::new();
    for dir in dirs {
        let entries = std::fs::read_dir(dir).map_err(|source| CliError::Read {
            path: dir.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let is_image = is_image_path(&path);
            if let (true, Some(stem)) = (is_image, path.file_stem().and_then(|s| s.to_str())) {
                index.entry(stem.to_owned()).or_insert(path);
            }
        }
    }
    Ok(index)
}

/// Whether `path` names a photo the evaluation reads (.jpg, .jpeg, .png, .webp).
pub fn is_image_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "webp"
        )
    })
}
