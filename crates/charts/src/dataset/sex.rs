//! Sex by diagnosis: one 100 % bar per class split into male, female and unknown. It shows
//! how the share of men differs between diagnoses, which is why the model takes the
//! patient's sex as an input.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::stacked::{share_table, stacked_shares};
use crate::data::{count, DatasetStats};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{lowest_and_highest, share, whole_percent, Table};
use crate::theme::Theme;

const SEXES: [&str; 2] = ["male", "female"];

pub fn sex_takeaway(stats: &DatasetStats) -> String {
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
    match lowest_and_highest(&shares) {
        Some(((lc, l), (hc, h))) => format!(
            "Men account for {} of the images of known sex, from {} of {lc} to {} of {hc}.",
            whole_percent(share(m, all)),
            whole_percent(*l),
            whole_percent(*h)
        ),
        None => "The data set records no sex.".to_owned(),
    }
}

pub fn sex_table(stats: &DatasetStats) -> Table {
    share_table(stats, &stats.sex_per_class, &SEXES, |k| k.to_owned())
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
        &|k| k.to_owned(),
    )
}
