//! How the diagnosis was confirmed: one 100 % bar per class split by HAM10000's `dx_type`
//! (histopathology, follow-up, expert consensus, confocal microscopy). It shows how far each
//! class's labels can be trusted: only histopathology is certain.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::stacked::{share_table, stacked_shares};
use crate::data::{count, total, DatasetStats};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{share, whole_percent, Table};
use crate::theme::Theme;

/// HAM10000's `dx_type` codes in the order the bars and legend show them.
const DX_TYPES: [&str; 4] = ["histo", "follow_up", "consensus", "confocal"];

/// What the HAM10000 `dx_type` codes mean.
pub fn dx_type_name(code: &str) -> String {
    match code {
        "histo" => "histopathology".into(),
        "follow_up" => "follow-up".into(),
        "consensus" => "expert consensus".into(),
        "confocal" => "confocal microscopy".into(),
        other => other.replace('_', " "),
    }
}

pub fn dx_type_takeaway(stats: &DatasetStats) -> String {
    let histo = |c: &str| {
        share(
            count(&stats.dx_type_per_class, c, "histo"),
            total(&stats.dx_type_per_class, c),
        )
    };
    let all_histo: Vec<&str> = stats
        .classes
        .iter()
        .filter(|c| histo(c) >= 1.0)
        .map(String::as_str)
        .collect();
    let least = stats
        .classes
        .iter()
        .min_by(|a, b| histo(a).total_cmp(&histo(b)));
    let first = match all_histo.as_slice() {
        [] => String::new(),
        [one] => format!("Every {one} image was confirmed by histopathology"),
        [rest @ .., last] => format!(
            "Every {} and {last} image was confirmed by histopathology",
            rest.join(", ")
        ),
    };
    match least {
        Some(c) if histo(c) < 1.0 => {
            let joiner = if first.is_empty() { "" } else { ", but " };
            let only = if first.is_empty() { "Only" } else { "only" };
            format!(
                "{first}{joiner}{only} {} of {c} images were: the rest rely on follow-up or \
                 expert consensus, so some labels may be wrong.",
                whole_percent(histo(c))
            )
        }
        _ => format!("{first}."),
    }
}

pub fn dx_type_table(stats: &DatasetStats) -> Table {
    share_table(stats, &stats.dx_type_per_class, &DX_TYPES, dx_type_name)
}

pub fn draw_dx_type<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stats: &DatasetStats,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let colour = |k: &str| match k {
        "histo" => palette::BLUE,
        "follow_up" => palette::ORANGE,
        "consensus" => palette::BLUISH_GREEN,
        "confocal" => palette::REDDISH_PURPLE,
        _ => palette::GREY,
    };
    stacked_shares(
        area,
        theme,
        stats,
        &stats.dx_type_per_class,
        &DX_TYPES,
        &colour,
        &dx_type_name,
    )
}
