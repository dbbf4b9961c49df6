//! Images per diagnosis: one bar per class on a log axis, labelled with its count and share.
//! It shows how unbalanced HAM10000 is — why the model is judged by balanced accuracy, not
//! accuracy.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use crate::data::DatasetStats;
use crate::draw::{axis_height, Frame, Rows};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::table::{percent, plural, share, thousands, whole_percent, words, Table};
use crate::theme::{TextRole, Theme};

/// The class with the most images and the one with the fewest (first in class order on ties).
fn largest_and_smallest(stats: &DatasetStats) -> (&str, &str) {
    let by = |pick_max: bool| {
        stats
            .classes
            .iter()
            .reduce(|best, c| {
                let (a, b) = (stats.images(c), stats.images(best));
                if (pick_max && a > b) || (!pick_max && a < b) {
                    c
                } else {
                    best
                }
            })
            .map_or("", String::as_str)
    };
    (by(true), by(false))
}

pub fn images_per_class_takeaway(stats: &DatasetStats, language: Language) -> String {
    let (big, small) = largest_and_smallest(stats);
    let s = whole_percent(share(stats.images(big), stats.total_images));
    let ratio = stats.images(big) as f64 / stats.images(small).max(1) as f64;
    match language {
        Language::En => format!(
            "{s} of the images are {big}: a model that always says {big} is {s} accurate, so \
             the model is judged by balanced accuracy; the rarest class, {small}, has {ratio:.0}× \
             fewer images."
        ),
        Language::De => format!(
            "{s} der Bilder sind {big}: Ein Modell, das immer {big} sagt, läge zu {s} richtig, \
             deshalb wird das Modell an der balancierten Genauigkeit gemessen; die seltenste \
             Klasse, {small}, hat {ratio:.0}-mal weniger Bilder."
        ),
    }
}

pub fn images_per_class_table(stats: &DatasetStats, language: Language) -> Table {
    let headers = match language {
        Language::En => ["class", "diagnosis", "images", "share", "lesions"],
        Language::De => ["Klasse", "Diagnose", "Bilder", "Anteil", "Läsionen"],
    };
    let mut t = Table::new(headers);
    for c in &stats.classes {
        t.push([
            c.clone(),
            stats.class_name(c).to_owned(),
            thousands(stats.images(c), language),
            percent(stats.images(c), stats.total_images),
            stats
                .lesions_per_class
                .get(c)
                .map_or("–".into(), |&n| thousands(n, language)),
        ]);
    }
    t
}

/// Horizontal bars on a log axis, so the 96 dermatofibromas are as visible as the 5,687
/// nevi, each labelled with its count and share.
pub fn draw_images_per_class<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stats: &DatasetStats,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let frame = Frame::new(area, theme);
    let t = theme;
    let l = t.language;
    let values: Vec<String> = stats
        .classes
        .iter()
        .map(|c| {
            format!(
                "{} ({})",
                thousands(stats.images(c), l),
                percent(stats.images(c), stats.total_images)
            )
        })
        .collect();
    let value_w = frame.widest(&values, TextRole::Value)? + t.px(10.0);
    let rows = Rows::layout(&frame, &stats.classes, t.px(4.0), axis_height(t), value_w)?;
    let max = stats
        .classes
        .iter()
        .map(|c| stats.images(c))
        .max()
        .unwrap_or(1)
        .max(10);
    let decades = (max as f64).log10().ceil().max(1.0);
    let pos = |v: u64| {
        if v == 0 {
            0.0
        } else {
            (v as f64).log10() / decades
        }
    };
    let ticks: Vec<(f64, String)> = (0..=decades as u32)
        .map(|d| (f64::from(d) / decades, thousands(10u64.pow(d), l)))
        .collect();
    let axis = words(l, "images (log scale)", "Bilder (logarithmische Skala)");
    rows.draw_axis(&frame, &ticks, axis)?;
    rows.draw_labels(&frame, &stats.classes)?;
    let mut regions = Vec::new();
    for (i, c) in stats.classes.iter().enumerate() {
        let n = stats.images(c);
        let top = rows.row_top(i) + rows.row_height / 6;
        let bottom = rows.row_top(i + 1) - rows.row_height / 6;
        let end = rows.x(pos(n)).max(rows.x0 + 1);
        frame.rect((rows.x0, top), (end, bottom), t.class_colour(i))?;
        frame.value_after(&values[i], (end + t.px(5.0), (top + bottom) / 2))?;
        regions.push(frame.region(
            (rows.x0, rows.row_top(i)),
            (end.max(rows.x0 + t.px(24.0)), rows.row_top(i + 1) - 1),
            format!(
                "{c} ({}): {} {}, {}",
                stats.class_name(c),
                thousands(n, l),
                match l {
                    Language::En => plural(n, "image", "images"),
                    Language::De => plural(n, "Bild", "Bilder"),
                },
                percent(n, stats.total_images)
            ),
        ));
    }
    Ok(regions)
}
