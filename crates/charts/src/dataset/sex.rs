//! Sex by diagnosis: one 100 % bar per class split into male, female and unknown. It shows
//! how the share of men differs between diagnoses, which is why the model takes the
//! patient's sex as an input.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use super::stacked::{share_table, stacked_shares};
use crate::data::{count, DatasetStats};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{lowest_and_highest, share, whole_percent, words, Table};
use crate::theme::Theme;

const SEXES: [&str; 2] = ["male", "female"];

/// A HAM10000 `sex` in `language`.
pub fn sex_name(sex: &str, language: Language) -> String {
    let name = match sex {
        "male" => words(language, "male", "männlich"),
        "female" => words(language, "female", "weiblich"),
        "unknown" => words(language, "unknown", "unbekannt"),
        other => return other.to_owned(),
    };
    name.to_owned()
}

pub fn sex_takeaway(stats: &DatasetStats, language: Language) -> String {
    let male_share = |c: &str| {
        let m = count(&stats.sex_per_class, c, "male");
        let f = count(&stats.sex_per_class, c, "female");
        (m + f > 0).then(|| share(m, m + f))
    };
    let (mut m, mut all) = (0, 0);
    for c in &stats.classes {
        m += count(&stats.sex_per_class, c, "male");
        all += count(&stats.sex_per_class, c, "male") + count(&stats.sex_per_class, c, "female");
    }
    let shares: Vec<(&String, f64)> = stats
        .classes
        .iter()
        .filter_map(|c| male_share(c).map(|s| (c, s)))
        .collect();
    let Some(((lc, l), (hc, h))) = lowest_and_highest(&shares) else {
        return words(
            language,
            "The data set records no sex.",
            "Der Datensatz erfasst kein Geschlecht.",
        )
        .to_owned();
    };
    let (men, low, high) = (
        whole_percent(share(m, all)),
        whole_percent(*l),
        whole_percent(*h),
    );
    match language {
        Language::En => format!(
            "Men account for {men} of the images of known sex, from {low} of {lc} to {high} of \
             {hc}."
        ),
        Language::De => format!(
            "Auf Männer entfallen {men} der Bilder mit bekanntem Geschlecht, von {low} bei {lc} \
             bis {high} bei {hc}."
        ),
    }
}

pub fn sex_table(stats: &DatasetStats, language: Language) -> Table {
    let name = |k: &str| sex_name(k, language);
    share_table(stats, &stats.sex_per_class, &SEXES, name, language)
}

pub fn draw_sex<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stats: &DatasetStats,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let colour = |k: &str| match k {
        "male" => palette::BLUISH_GREEN,
        "female" => palette::ORANGE,
        _ => palette::GREY,
    };
    stacked_shares(
        area,
        theme,
        stats,
        &stats.sex_per_class,
        &SEXES,
        &colour,
        &|k| sex_name(k, theme.language),
    )
}
