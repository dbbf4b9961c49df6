//! How the diagnosis was confirmed: one 100 % bar per class split by HAM10000's `dx_type`
//! (histopathology, follow-up, expert consensus, confocal microscopy). It shows how far each
//! class's labels can be trusted: only histopathology is certain.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use super::stacked::{share_table, stacked_shares};
use crate::data::{count, total, DatasetStats};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{share, whole_percent, words, Table};
use crate::theme::Theme;

/// HAM10000's `dx_type` codes in the order the bars and legend show them.
const DX_TYPES: [&str; 4] = ["histo", "follow_up", "consensus", "confocal"];

/// What the HAM10000 `dx_type` codes mean, in English; [`dx_type_name_in`] for a language.
pub fn dx_type_name(code: &str) -> String {
    dx_type_name_in(code, Language::En)
}

pub fn dx_type_name_in(code: &str, language: Language) -> String {
    let name = match code {
        "histo" => words(language, "histopathology", "Histopathologie"),
        "follow_up" => words(language, "follow-up", "Verlaufskontrolle"),
        "consensus" => words(language, "expert consensus", "Expertenkonsens"),
        "confocal" => words(language, "confocal microscopy", "konfokale Mikroskopie"),
        other => return other.replace('_', " "),
    };
    name.to_owned()
}

pub fn dx_type_takeaway(stats: &DatasetStats, language: Language) -> String {
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
    let classes = match all_histo.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [rest @ .., last] => Some(format!(
            "{} {} {last}",
            rest.join(", "),
            words(language, "and", "und")
        )),
    };
    let first = match (&classes, language) {
        (None, _) => String::new(),
        (Some(c), Language::En) => format!("Every {c} image was confirmed by histopathology"),
        (Some(c), Language::De) => {
            format!("Jedes Bild von {c} wurde histopathologisch gesichert")
        }
    };
    let Some(c) = least.filter(|c| histo(c) < 1.0) else {
        return format!("{first}.");
    };
    let share = whole_percent(histo(c));
    match (language, first.is_empty()) {
        (Language::En, _) => {
            let joiner = if first.is_empty() { "" } else { ", but " };
            let only = if first.is_empty() { "Only" } else { "only" };
            format!(
                "{first}{joiner}{only} {share} of {c} images were: the rest rely on follow-up or \
                 expert consensus, so some labels may be wrong."
            )
        }
        (Language::De, true) => format!(
            "Nur {share} der Bilder von {c} wurden histopathologisch gesichert: Die übrigen \
             beruhen auf Verlaufskontrolle oder Expertenkonsens, manche Diagnosen können also \
             falsch sein."
        ),
        (Language::De, false) => format!(
            "{first}, aber nur {share} der Bilder von {c}: Die übrigen beruhen auf \
             Verlaufskontrolle oder Expertenkonsens, manche Diagnosen können also falsch sein."
        ),
    }
}

pub fn dx_type_table(stats: &DatasetStats, language: Language) -> Table {
    let name = |k: &str| dx_type_name_in(k, language);
    share_table(stats, &stats.dx_type_per_class, &DX_TYPES, name, language)
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
        &|k| dx_type_name_in(k, theme.language),
    )
}
