//! The JSON files the charts draw, as written by the training pipeline
//! (`training/skincheck_train/stats.py` and `train.py`) and by `skincheck evaluate`. Only the
//! parts that are drawn are typed; other fields are ignored so the files can grow.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use skincheck_metrics::EvaluationReport;

use crate::error::{ChartError, Inconsistency};

/// `text` parsed as `file`, or why it is not valid.
fn parse<T: DeserializeOwned>(file: &'static str, text: &str) -> Result<T, ChartError> {
    serde_json::from_str(text).map_err(|source| ChartError::Json { file, source })
}

/// Counts per category (an age bin, a sex, a body site…) for one class.
pub type Counts = BTreeMap<String, u64>;

/// `assets/dataset_stats.json`: the images the model was trained and tested on.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DatasetStats {
    pub total_images: u64,
    #[serde(default)]
    pub total_lesions: Option<u64>,
    /// Class codes in the model's order.
    pub classes: Vec<String>,
    pub images_per_class: Counts,
    #[serde(default)]
    pub lesions_per_class: Counts,
    /// Per class: `"0-4"`, `"5-9"`, … `"85-89"` and `"unknown"`, missing bins are 0.
    pub age_histogram_5y_per_class: BTreeMap<String, Counts>,
    pub sex_per_class: BTreeMap<String, Counts>,
    pub localization_per_class: BTreeMap<String, Counts>,
    /// How each diagnosis was confirmed: histo, follow_up, consensus, confocal.
    pub dx_type_per_class: BTreeMap<String, Counts>,
    #[serde(default)]
    pub split_counts: BTreeMap<String, SplitCount>,
    /// Diagnosis names by class code, for tables and hover texts. The file may carry them;
    /// the app passes the model card's with [`DatasetStats::with_class_names`]. A class
    /// without a name is shown by its code.
    #[serde(default)]
    pub class_names: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SplitCount {
    pub images: u64,
    #[serde(default)]
    pub lesions: Option<u64>,
    #[serde(default)]
    pub per_class: Counts,
}

impl DatasetStats {
    pub fn from_json(text: &str) -> Result<Self, ChartError> {
        let stats: DatasetStats = parse("dataset_stats.json", text)?;
        let bad = |reason| ChartError::Inconsistent {
            file: "dataset_stats.json",
            reason,
        };
        if stats.classes.is_empty() {
            return Err(bad(Inconsistency::NoClasses));
        }
        let sum: u64 = stats.classes.iter().map(|c| stats.images(c)).sum();
        if sum != stats.total_images {
            return Err(bad(Inconsistency::TotalMismatch {
                sum,
                total: stats.total_images,
            }));
        }
        Ok(stats)
    }

    /// The same statistics with `names` (class code, diagnosis name), e.g. the model card's
    /// classes, as the names the charts write.
    pub fn with_class_names(
        mut self,
        names: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>,
    ) -> Self {
        self.class_names
            .extend(names.into_iter().map(|(c, n)| (c.into(), n.into())));
        self
    }

    /// The diagnosis name of class `code`, the code itself when none was given.
    pub fn class_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.class_names.get(code).map_or(code, String::as_str)
    }

    /// Images of class `code` (0 if absent).
    pub fn images(&self, code: &str) -> u64 {
        self.images_per_class.get(code).copied().unwrap_or(0)
    }

    /// Every category key used by any class in `per_class`, ordered by `order` then name,
    /// `"unknown"` last.
    pub fn categories(per_class: &BTreeMap<String, Counts>, order: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = per_class.values().flat_map(|c| c.keys().cloned()).collect();
        keys.sort_unstable();
        keys.dedup();
        let rank = |k: &String| {
            (
                k == "unknown",
                order.iter().position(|o| o == k).unwrap_or(order.len()),
                k.clone(),
            )
        };
        keys.sort_unstable_by_key(rank);
        keys
    }

    /// The age bins in age order (`"0-4"` … `"85-89"`, then `"unknown"`).
    pub fn age_bins(&self) -> Vec<String> {
        let mut bins = Self::categories(&self.age_histogram_5y_per_class, &[]);
        bins.sort_unstable_by_key(|b| {
            let lower = b.split('-').next().and_then(|n| n.parse::<u32>().ok());
            (lower.is_none(), lower.unwrap_or(0), b.clone())
        });
        bins
    }
}

/// `count` of `key` in `per_class[class]`, 0 when absent.
pub fn count(per_class: &BTreeMap<String, Counts>, class: &str, key: &str) -> u64 {
    per_class
        .get(class)
        .and_then(|c| c.get(key))
        .copied()
        .unwrap_or(0)
}

/// All counts of `per_class[class]` added up, 0 when absent.
pub fn total(per_class: &BTreeMap<String, Counts>, class: &str) -> u64 {
    per_class.get(class).map_or(0, |c| c.values().sum())
}

/// `assets/training.json`: how the shipped model was trained. Only the history is drawn.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TrainingRun {
    pub history: Vec<Epoch>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub wall_time_s: Option<f64>,
}

/// One training epoch's figures.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Epoch {
    pub epoch: u32,
    pub train_loss: f64,
    #[serde(default)]
    pub val_loss: Option<f64>,
    #[serde(default)]
    pub val_balanced_accuracy: Option<f64>,
    /// Learning rate per optimiser parameter group (`head`, `backbone`) at the epoch's end.
    #[serde(default)]
    pub lr: BTreeMap<String, f64>,
}

impl Epoch {
    /// The head's learning rate (the group the one-cycle schedule is quoted for), else the
    /// largest group's.
    pub fn learning_rate(&self) -> Option<f64> {
        self.lr
            .get("head")
            .copied()
            .or_else(|| self.lr.values().copied().reduce(f64::max))
    }
}

impl TrainingRun {
    pub fn from_json(text: &str) -> Result<Self, ChartError> {
        let run: TrainingRun = parse("training.json", text)?;
        if run.history.is_empty() {
            return Err(ChartError::Inconsistent {
                file: "training.json",
                reason: Inconsistency::NoEpochs,
            });
        }
        Ok(run)
    }
}

/// Parses `evaluation.json` and checks that its tables agree on the number of classes, so
/// the charts can index them without further checks.
pub fn evaluation_from_json(text: &str) -> Result<EvaluationReport, ChartError> {
    let report: EvaluationReport = parse("evaluation.json", text)?;
    let k = report.classes.len();
    let square = |m: usize, rows: &[usize]| m == k && rows.iter().all(|&r| r == k);
    let counts: Vec<usize> = report.confusion_matrix.iter().map(Vec::len).collect();
    let shares: Vec<usize> = report
        .confusion_matrix_normalized
        .iter()
        .map(Vec::len)
        .collect();
    let reason = if k == 0 {
        Some(Inconsistency::NoClasses)
    } else if !square(counts.len(), &counts) || !square(shares.len(), &shares) {
        Some(Inconsistency::NotSquare(k))
    } else if report.per_class.len() != k || report.roc.len() != k {
        Some(Inconsistency::PerClassCount(k))
    } else if report.class_names.len() != k {
        Some(Inconsistency::NameCount(k))
    } else {
        None
    };
    match reason {
        Some(reason) => Err(ChartError::Inconsistent {
            file: "evaluation.json",
            reason,
        }),
        None => Ok(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bins_are_in_age_order_with_unknown_last() {
        let json = r#"{"total_images": 3, "classes": ["a"], "images_per_class": {"a": 3},
            "age_histogram_5y_per_class": {"a": {"unknown": 1, "10-14": 1, "5-9": 1}},
            "sex_per_class": {}, "localization_per_class": {}, "dx_type_per_class": {},
            "extra": [1, 2]}"#;
        let s = DatasetStats::from_json(json).unwrap();
        assert_eq!(s.age_bins(), ["5-9", "10-14", "unknown"]);
    }

    #[test]
    fn inconsistent_totals_are_refused_with_a_reason() {
        let json = r#"{"total_images": 4, "classes": ["a"], "images_per_class": {"a": 3},
            "age_histogram_5y_per_class": {}, "sex_per_class": {},
            "localization_per_class": {}, "dx_type_per_class": {}}"#;
        let e = DatasetStats::from_json(json).unwrap_err().to_string();
        assert!(e.contains("add up to 3, not total_images 4"), "{e}");
        let e = DatasetStats::from_json("{").unwrap_err().to_string();
        assert!(e.starts_with("dataset_stats.json is not valid"), "{e}");
    }

    #[test]
    fn class_names_are_the_ones_given_else_the_code() {
        let json = r#"{"total_images": 3, "classes": ["a", "b"], "images_per_class": {"a": 3},
            "age_histogram_5y_per_class": {}, "sex_per_class": {},
            "localization_per_class": {}, "dx_type_per_class": {},
            "class_names": {"b": "Bee"}}"#;
        let s = DatasetStats::from_json(json).unwrap();
        assert_eq!((s.class_name("a"), s.class_name("b")), ("a", "Bee"));
        let s = s.with_class_names([("a", "Ay")]);
        assert_eq!((s.class_name("a"), s.class_name("b")), ("Ay", "Bee"));
        assert_eq!(total(&s.sex_per_class, "a"), 0);
    }

    #[test]
    fn categories_follow_the_given_order() {
        let mut per_class = BTreeMap::new();
        per_class.insert(
            "a".to_owned(),
            Counts::from([
                ("unknown".into(), 1),
                ("male".into(), 1),
                ("female".into(), 2),
            ]),
        );
        assert_eq!(
            DatasetStats::categories(&per_class, &["male", "female"]),
            ["male", "female", "unknown"]
        );
    }

    #[test]
    fn the_head_learning_rate_is_the_one_drawn() {
        let e: Epoch = serde_json::from_str(
            r#"{"epoch": 1, "train_loss": 1.0, "lr": {"backbone": 0.1, "head": 1.0}}"#,
        )
        .unwrap();
        assert_eq!(e.learning_rate(), Some(1.0));
        assert!(TrainingRun::from_json(r#"{"history": []}"#).is_err());
    }
}
