//! The layout the age and body-site charts share: categories (age bins, sites) as rows,
//! classes as columns, as a table of counts and as a heatmap of each class's shares.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use crate::data::{count, total, Counts, DatasetStats};
use crate::draw::{heatmap, Heatmap};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::table::{percent, share, thousands, words, Table};
use crate::theme::Theme;

/// `per_class`'s counts: one row per category in `keys`, named by `row_name` under
/// `corner`, and one column per class.
pub(super) fn counts_table(
    stats: &DatasetStats,
    per_class: &BTreeMap<String, Counts>,
    corner: &str,
    keys: &[String],
    row_name: impl Fn(&str) -> String,
    language: Language,
) -> Table {
    let rows = keys.iter().map(|key| {
        let cells = stats
            .classes
            .iter()
            .map(|c| thousands(count(per_class, c, key), language));
        (row_name(key), cells.collect())
    });
    Table::cross(corner, stats.classes.iter().cloned(), rows)
}

/// A heatmap of `per_class` with categories as rows and classes as columns, each cell the
/// share of the column's class, so small classes are as readable as nevi. `describe` names a
/// cell's class and category key for its hover text.
#[allow(clippy::too_many_arguments)]
pub(super) fn column_share_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    stats: &DatasetStats,
    per_class: &BTreeMap<String, Counts>,
    keys: &[String],
    row_names: &[String],
    corner: &str,
    describe: impl Fn(&str, &str) -> String,
) -> Result<Vec<HitRegion>, ChartError> {
    let cell_share = |r: usize, c: usize| {
        let class = &stats.classes[c];
        share(count(per_class, class, &keys[r]), total(per_class, class))
    };
    let max_share = (0..keys.len())
        .flat_map(|r| (0..stats.classes.len()).map(move |c| (r, c)))
        .map(|(r, c)| cell_share(r, c))
        .fold(0.0, f64::max)
        .max(f64::EPSILON);
    let fill = |r: usize, c: usize| theme.mode.sequential(cell_share(r, c) / max_share);
    let label = |r: usize, c: usize| {
        let s = cell_share(r, c);
        (s >= 0.005).then(|| format!("{:.0}", 100.0 * s))
    };
    let l = theme.language;
    let hover = |r: usize, c: usize| {
        let class = &stats.classes[c];
        let n = count(per_class, class, &keys[r]);
        let of = total(per_class, class);
        let (what, pct) = (describe(class, &keys[r]), percent(n, of));
        let (n, of) = (thousands(n, l), thousands(of, l));
        match l {
            Language::En => format!("{what}: {n} of {of} images ({pct})"),
            Language::De => format!("{what}: {n} von {of} Bildern ({pct})"),
        }
    };
    heatmap(
        area,
        theme,
        &Heatmap {
            rows: row_names,
            cols: &stats.classes,
            corner,
            col_title: words(
                l,
                "% of each diagnosis' images",
                "% der Bilder jeder Diagnose",
            ),
            fill: &fill,
            label: &label,
            hover: &hover,
        },
    )
}
