//! The layout the sex and confirmation charts share: one 100 % bar per class split into
//! categories (sexes, ways of confirming the diagnosis), with a legend on top, and the same
//! numbers as a table of counts and shares.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use crate::data::{count, total, Counts, DatasetStats};
use crate::draw::{Frame, Rows};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::table::{percent, share, thousands, words, Table};
use crate::theme::{TextRole, Theme};

/// One row per class, one column per category of `per_class` (ordered by `order`, named by
/// `name`), each cell the count and its share of the class.
pub(super) fn share_table(
    stats: &DatasetStats,
    per_class: &BTreeMap<String, Counts>,
    order: &[&str],
    name: impl Fn(&str) -> String,
    language: Language,
) -> Table {
    let keys = DatasetStats::categories(per_class, order);
    let rows = stats.classes.iter().map(|c| {
        let of = total(per_class, c);
        let cells = keys.iter().map(|k| {
            let n = count(per_class, c, k);
            format!("{} ({})", thousands(n, language), percent(n, of))
        });
        (c.clone(), cells.collect())
    });
    let corner = words(language, "class", "Klasse");
    Table::cross(corner, keys.iter().map(|k| name(k)), rows)
}

/// One 100 % bar per class split into `per_class`'s categories, with a legend on top.
pub(super) fn stacked_shares<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    stats: &DatasetStats,
    per_class: &BTreeMap<String, Counts>,
    order: &[&str],
    colour: &dyn Fn(&str) -> RGBColor,
    name: &dyn Fn(&str) -> String,
) -> Result<Vec<HitRegion>, ChartError> {
    let frame = Frame::new(area, theme);
    let t = theme;
    let l = t.language;
    let keys = DatasetStats::categories(per_class, order);
    let colour = |k: &str| t.mode.series(colour(k));
    let items: Vec<(String, RGBColor)> = keys.iter().map(|k| (name(k), colour(k))).collect();
    let labels: Vec<String> = stats
        .classes
        .iter()
        .map(|c| format!("{c} ({})", thousands(total(per_class, c), l)))
        .collect();
    // Room right of the band for half of the last tick label ("100 %").
    let right = frame.measure("100 %", TextRole::Tick)?.0 / 2 + t.px(4.0);
    let rows = Rows::percent_bars_with_legend(
        &frame,
        &labels,
        &items,
        right,
        words(
            l,
            "share of the diagnosis' images",
            "Anteil an den Bildern der Diagnose",
        ),
    )?;
    let mut regions = Vec::new();
    for (i, c) in stats.classes.iter().enumerate() {
        let of = total(per_class, c);
        let top = rows.row_top(i) + rows.row_height / 6;
        let bottom = rows.row_top(i + 1) - rows.row_height / 6;
        let mut seen = 0;
        for k in &keys {
            let n = count(per_class, c, k);
            if n == 0 {
                continue;
            }
            let (a, b) = (rows.x(share(seen, of)), rows.x(share(seen + n, of)));
            seen += n;
            let fill = colour(k);
            frame.rect((a, top), (b, bottom), fill)?;
            let text = percent(n, of);
            let (w, _) = frame.measure(&text, TextRole::Value)?;
            if w + t.px(6.0) <= b - a {
                frame.value_on(&text, ((a + b) / 2, (top + bottom) / 2), fill)?;
            }
            let (what, pct) = (name(k), percent(n, of));
            let (n, of) = (thousands(n, l), thousands(of, l));
            let text = match l {
                Language::En => format!("{c}, {what}: {n} of {of} images ({pct})"),
                Language::De => format!("{c}, {what}: {n} von {of} Bildern ({pct})"),
            };
            regions.push(frame.region((a, top), (b, bottom), text));
        }
    }
    Ok(regions)
}
