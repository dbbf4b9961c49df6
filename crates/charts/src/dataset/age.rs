//! Age by diagnosis: 5-year age bins (rows) by class (columns), each cell the share of the
//! class's images in the bin. It shows that age separates the diagnoses, which is why the
//! model takes the patient's age as an input.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use super::categories::{column_share_heatmap, counts_table};
use crate::data::{count, DatasetStats};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::table::{words, Table};
use crate::theme::Theme;

/// `"45-49"` as `"45–49"` (an en dash for ranges), `"unknown"` in words.
fn range_text(bin: &str, language: Language) -> String {
    if bin == "unknown" {
        words(language, "unknown", "unbekannt").to_owned()
    } else {
        bin.replace('-', "–")
    }
}

/// Index (into `bins`) of the bin holding the median known age of `class`.
fn median_age_bin(stats: &DatasetStats, bins: &[String], class: &str) -> Option<usize> {
    let known: Vec<(usize, u64)> = bins
        .iter()
        .enumerate()
        .filter(|(_, b)| b.as_str() != "unknown")
        .map(|(i, b)| (i, count(&stats.age_histogram_5y_per_class, class, b)))
        .collect();
    let total: u64 = known.iter().map(|(_, n)| n).sum();
    let mut seen = 0;
    for (i, n) in known {
        seen += n;
        if total > 0 && 2 * seen >= total {
            return Some(i);
        }
    }
    None
}

pub fn age_takeaway(stats: &DatasetStats, language: Language) -> String {
    let bins = stats.age_bins();
    let medians: Vec<(&String, usize)> = stats
        .classes
        .iter()
        .filter_map(|c| median_age_bin(stats, &bins, c).map(|m| (c, m)))
        .collect();
    let youngest = medians.iter().min_by_key(|(_, m)| *m);
    let oldest = medians.iter().max_by_key(|(_, m)| *m);
    match (youngest, oldest) {
        (Some((y, ym)), Some((o, om))) if ym != om => {
            let (young, old) = (
                range_text(&bins[*ym], language),
                range_text(&bins[*om], language),
            );
            match language {
                Language::En => format!(
                    "The median patient is {young} years old for {y} but {old} for {o}: age \
                     separates the diagnoses, which is why the model takes it as an input."
                ),
                Language::De => format!(
                    "Bei {y} sind die Patienten im Median {young} Jahre alt, bei {o} dagegen \
                     {old}: Das Alter trennt die Diagnosen, deshalb erhält das Modell es als \
                     Eingabe."
                ),
            }
        }
        _ => words(
            language,
            "The diagnoses have similar age distributions.",
            "Die Diagnosen haben ähnliche Altersverteilungen.",
        )
        .to_owned(),
    }
}

pub fn age_table(stats: &DatasetStats, language: Language) -> Table {
    counts_table(
        stats,
        &stats.age_histogram_5y_per_class,
        words(language, "age", "Alter"),
        &stats.age_bins(),
        |bin| range_text(bin, language),
        language,
    )
}

/// Ages (rows) by diagnosis (columns); each cell is the share of that diagnosis' images in
/// the age bin, so small classes are as readable as nevi.
pub fn draw_age<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stats: &DatasetStats,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let l = theme.language;
    let bins = stats.age_bins();
    let rows: Vec<String> = bins.iter().map(|b| range_text(b, l)).collect();
    column_share_heatmap(
        area,
        theme,
        stats,
        &stats.age_histogram_5y_per_class,
        &bins,
        &rows,
        words(l, "age", "Alter"),
        |c, bin| match (l, bin) {
            (Language::En, "unknown") => format!("{c}, age not recorded"),
            (Language::De, "unknown") => format!("{c}, Alter nicht erfasst"),
            (Language::En, _) => format!("{c}, age {}", range_text(bin, l)),
            (Language::De, _) => format!("{c}, Alter {}", range_text(bin, l)),
        },
    )
}
