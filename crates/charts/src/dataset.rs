//! The Data page's charts: what HAM10000 looks like to the model. Each chart has a takeaway
//! computed from the data, a table (its text alternative) and a drawing function.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::data::{count, Counts, DatasetStats};
use crate::draw::{axis_height, heatmap, legend, thousands, Frame, Heatmap, Rows};
use crate::hit::HitRegion;
use crate::palette::{self, class_colour};
use crate::table::{percent, Table};
use crate::theme::{TextRole, Theme, INK};
use crate::ChartError;
use std::collections::BTreeMap;

/// The HAM10000 diagnosis names, for the codes the JSON files use.
pub fn class_name(code: &str) -> &str {
    match code {
        "nv" => "melanocytic nevus",
        "mel" => "melanoma",
        "bkl" => "benign keratosis",
        "bcc" => "basal cell carcinoma",
        "akiec" => "actinic keratosis / intraepithelial carcinoma",
        "vasc" => "vascular lesion",
        "df" => "dermatofibroma",
        other => other,
    }
}

/// `"45-49"` as `"45–49"` (an en dash for ranges).
fn range_text(bin: &str) -> String {
    bin.replace('-', "–")
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn pct(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
}

// ---------- images per diagnosis ----------

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

pub fn images_per_class_takeaway(stats: &DatasetStats) -> String {
    let (big, small) = largest_and_smallest(stats);
    let s = share(stats.images(big), stats.total_images);
    let ratio = stats.images(big) as f64 / stats.images(small).max(1) as f64;
    format!(
        "{} of the images are {big}: a model that always says {big} is {} accurate, so the \
         model is judged by balanced accuracy; the rarest class, {small}, has {:.0}× fewer images.",
        pct(s),
        pct(s),
        ratio
    )
}

pub fn images_per_class_table(stats: &DatasetStats) -> Table {
    let mut t = Table::new(["class", "diagnosis", "images", "share", "lesions"]);
    for c in &stats.classes {
        t.push([
            c.clone(),
            class_name(c).to_owned(),
            thousands(stats.images(c)),
            percent(stats.images(c), stats.total_images),
            stats
                .lesions_per_class
                .get(c)
                .map_or("–".into(), |&n| thousands(n)),
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
    let values: Vec<String> = stats
        .classes
        .iter()
        .map(|c| {
            format!(
                "{} ({})",
                thousands(stats.images(c)),
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
        .map(|d| (f64::from(d) / decades, thousands(10u64.pow(d))))
        .collect();
    rows.draw_axis(&frame, &ticks, "images (log scale)")?;
    rows.draw_labels(&frame, &stats.classes)?;
    let mut regions = Vec::new();
    for (i, c) in stats.classes.iter().enumerate() {
        let n = stats.images(c);
        let top = rows.row_top(i) + rows.row_height / 6;
        let bottom = rows.row_top(i + 1) - rows.row_height / 6;
        let end = rows.x(pos(n)).max(rows.x0 + 1);
        frame.rect((rows.x0, top), (end, bottom), class_colour(c, i))?;
        frame.text(
            &values[i],
            (end + t.px(5.0), (top + bottom) / 2),
            TextRole::Value,
            INK,
            HPos::Left,
            VPos::Center,
        )?;
        regions.push(frame.region(
            (rows.x0, rows.row_top(i)),
            (end.max(rows.x0 + t.px(24.0)), rows.row_top(i + 1) - 1),
            format!(
                "{c} ({}): {} images, {}",
                class_name(c),
                thousands(n),
                percent(n, stats.total_images)
            ),
        ));
    }
    Ok(regions)
}

// ---------- age ----------

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

pub fn age_takeaway(stats: &DatasetStats) -> String {
    let bins = stats.age_bins();
    let medians: Vec<(&String, usize)> = stats
        .classes
        .iter()
        .filter_map(|c| median_age_bin(stats, &bins, c).map(|m| (c, m)))
        .collect();
    let youngest = medians.iter().min_by_key(|(_, m)| *m);
    let oldest = medians.iter().max_by_key(|(_, m)| *m);
    match (youngest, oldest) {
        (Some((y, ym)), Some((o, om))) if ym != om => format!(
            "The median patient is {} years old for {y} but {} for {o}: age separates the \
             diagnoses, which is why the model takes it as an input.",
            range_text(&bins[*ym]),
            range_text(&bins[*om])
        ),
        _ => "The diagnoses have similar age distributions.".to_owned(),
    }
}

pub fn age_table(stats: &DatasetStats) -> Table {
    let mut headers = vec!["age".to_owned()];
    headers.extend(stats.classes.iter().cloned());
    let mut t = Table::new(headers);
    for bin in stats.age_bins() {
        let mut row = vec![range_text(&bin)];
        row.extend(
            stats
                .classes
                .iter()
                .map(|c| thousands(count(&stats.age_histogram_5y_per_class, c, &bin))),
        );
        t.push(row);
    }
    t
}

/// Ages (rows) by diagnosis (columns); each cell is the share of that diagnosis' images in
/// the age bin, so small classes are as readable as nevi.
pub fn draw_age<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stats: &DatasetStats,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let bins = stats.age_bins();
    let rows: Vec<String> = bins.iter().map(|b| range_text(b)).collect();
    column_share_heatmap(
        area,
        theme,
        stats,
        &stats.age_histogram_5y_per_class,
        &bins,
        &rows,
        "age",
        |c, row| {
            if row == "unknown" {
                format!("{c}, age not recorded")
            } else {
                format!("{c}, age {row}")
            }
        },
    )
}

/// A heatmap of `per_class` with categories as rows and classes as columns, each cell the
/// share of the column's class. Shared by the age and body-site charts.
#[allow(clippy::too_many_arguments)]
fn column_share_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    stats: &DatasetStats,
    per_class: &BTreeMap<String, Counts>,
    keys: &[String],
    row_names: &[String],
    corner: &str,
    describe: impl Fn(&str, &str) -> String,
) -> Result<Vec<HitRegion>, ChartError> {
    let class_total = |c: &str| per_class.get(c).map_or(0, |m| m.values().sum::<u64>());
    let cell_share = |r: usize, c: usize| {
        let class = &stats.classes[c];
        share(count(per_class, class, &keys[r]), class_total(class))
    };
    let max_share = (0..keys.len())
        .flat_map(|r| (0..stats.classes.len()).map(move |c| (r, c)))
        .map(|(r, c)| cell_share(r, c))
        .fold(0.0, f64::max)
        .max(f64::EPSILON);
    let fill = |r: usize, c: usize| palette::sequential(cell_share(r, c) / max_share);
    let label = |r: usize, c: usize| {
        let s = cell_share(r, c);
        (s >= 0.005).then(|| format!("{:.0}", 100.0 * s))
    };
    let hover = |r: usize, c: usize| {
        let class = &stats.classes[c];
        let n = count(per_class, class, &keys[r]);
        format!(
            "{}: {} of {} images ({})",
            describe(class, &row_names[r]),
            thousands(n),
            thousands(class_total(class)),
            percent(n, class_total(class))
        )
    };
    heatmap(
        area,
        theme,
        &Heatmap {
            rows: row_names,
            cols: &stats.classes,
            corner,
            col_title: "% of each diagnosis' images",
            fill: &fill,
            label: &label,
            hover: &hover,
        },
    )
}

// ---------- sex ----------

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
    let low = shares.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let high = shares.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    match (low, high) {
        (Some((lc, l)), Some((hc, h))) => format!(
            "Men account for {} of the images of known sex, from {} of {lc} to {} of {hc}.",
            pct(share(m, all)),
            pct(*l),
            pct(*h)
        ),
        _ => "The data set records no sex.".to_owned(),
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

// ---------- body site ----------

pub fn site_takeaway(stats: &DatasetStats) -> String {
    let sites = DatasetStats::categories(&stats.localization_per_class, &[]);
    let total = |c: &str| {
        stats
            .localization_per_class
            .get(c)
            .map_or(0, |m| m.values().sum::<u64>())
    };
    let all: u64 = stats.classes.iter().map(|c| total(c)).sum();
    let overall = |site: &str| {
        share(
            stats
                .classes
                .iter()
                .map(|c| count(&stats.localization_per_class, c, site))
                .sum(),
            all,
        )
    };
    // The class and site whose share most exceeds the site's share overall.
    let best = stats
        .classes
        .iter()
        .flat_map(|c| {
            sites
                .iter()
                .filter(|s| *s != "unknown")
                .map(move |s| (c, s))
        })
        .map(|(c, s)| {
            (
                c,
                s,
                share(count(&stats.localization_per_class, c, s), total(c)),
            )
        })
        .max_by(|a, b| (a.2 - overall(a.1)).total_cmp(&(b.2 - overall(b.1))));
    match best {
        Some((c, s, sh)) => format!(
            "{} of {c} images are of the {s}, against {} of all images: body site carries \
             information, so the model takes it as an input.",
            pct(sh),
            pct(overall(s))
        ),
        None => "The data set records no body sites.".to_owned(),
    }
}

/// Sites by how many images they have, most first, "unknown" last.
fn sites_by_size(stats: &DatasetStats) -> Vec<String> {
    let mut sites = DatasetStats::categories(&stats.localization_per_class, &[]);
    let size = |s: &str| -> u64 {
        stats
            .classes
            .iter()
            .map(|c| count(&stats.localization_per_class, c, s))
            .sum()
    };
    sites.sort_unstable_by_key(|s| (s == "unknown", std::cmp::Reverse(size(s)), s.clone()));
    sites
}

pub fn site_table(stats: &DatasetStats) -> Table {
    let mut headers = vec!["body site".to_owned()];
    headers.extend(stats.classes.iter().cloned());
    let mut t = Table::new(headers);
    for site in sites_by_size(stats) {
        let mut row = vec![site.clone()];
        row.extend(
            stats
                .classes
                .iter()
                .map(|c| thousands(count(&stats.localization_per_class, c, &site))),
        );
        t.push(row);
    }
    t
}

pub fn draw_site<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stats: &DatasetStats,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let sites = sites_by_size(stats);
    column_share_heatmap(
        area,
        theme,
        stats,
        &stats.localization_per_class,
        &sites,
        &sites,
        "body site",
        |c, s| format!("{c} on the {s}"),
    )
}

// ---------- how the diagnosis was confirmed ----------

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
        let total: u64 = stats
            .dx_type_per_class
            .get(c)
            .map_or(0, |m| m.values().sum());
        share(count(&stats.dx_type_per_class, c, "histo"), total)
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
                pct(histo(c))
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

// ---------- shared: stacked 100 % bars ----------

fn share_table(
    stats: &DatasetStats,
    per_class: &BTreeMap<String, Counts>,
    order: &[&str],
    name: impl Fn(&str) -> String,
) -> Table {
    let keys = DatasetStats::categories(per_class, order);
    let mut headers = vec!["class".to_owned()];
    headers.extend(keys.iter().map(|k| name(k)));
    let mut t = Table::new(headers);
    for c in &stats.classes {
        let total: u64 = per_class.get(c).map_or(0, |m| m.values().sum());
        let mut row = vec![c.clone()];
        row.extend(keys.iter().map(|k| {
            let n = count(per_class, c, k);
            format!("{} ({})", thousands(n), percent(n, total))
        }));
        t.push(row);
    }
    t
}

/// One 100 % bar per class split into `per_class`'s categories, with a legend on top.
fn stacked_shares<DB: DrawingBackend>(
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
    let keys = DatasetStats::categories(per_class, order);
    let items: Vec<(String, RGBColor)> = keys.iter().map(|k| (name(k), colour(k))).collect();
    let labels: Vec<String> = stats
        .classes
        .iter()
        .map(|c| {
            let total: u64 = per_class.get(c).map_or(0, |m| m.values().sum());
            format!("{c} ({})", thousands(total))
        })
        .collect();
    // Room right of the band for half of the last tick label ("100 %").
    let right = frame.measure("100 %", TextRole::Tick)?.0 / 2 + t.px(4.0);
    let probe = Rows::layout(&frame, &labels, 0, 0, right)?;
    let legend_h = legend(&frame, &items, probe.x0, 0)?;
    let rows = Rows::layout(&frame, &labels, legend_h + t.px(4.0), axis_height(t), right)?;
    let ticks: Vec<(f64, String)> = (0..=4)
        .map(|i| (f64::from(i) / 4.0, format!("{} %", 25 * i)))
        .collect();
    rows.draw_axis(&frame, &ticks, "share of the diagnosis' images")?;
    rows.draw_labels(&frame, &labels)?;
    let mut regions = Vec::new();
    for (i, c) in stats.classes.iter().enumerate() {
        let total: u64 = per_class.get(c).map_or(0, |m| m.values().sum());
        let top = rows.row_top(i) + rows.row_height / 6;
        let bottom = rows.row_top(i + 1) - rows.row_height / 6;
        let mut seen = 0;
        for k in &keys {
            let n = count(per_class, c, k);
            if n == 0 {
                continue;
            }
            let (a, b) = (rows.x(share(seen, total)), rows.x(share(seen + n, total)));
            seen += n;
            let fill = colour(k);
            frame.rect((a, top), (b, bottom), fill)?;
            let text = percent(n, total);
            let (w, _) = frame.measure(&text, TextRole::Value)?;
            if w + t.px(6.0) <= b - a {
                frame.text(
                    &text,
                    ((a + b) / 2, (top + bottom) / 2),
                    TextRole::Value,
                    palette::text_on(fill),
                    HPos::Center,
                    VPos::Center,
                )?;
            }
            regions.push(frame.region(
                (a, top),
                (b, bottom),
                format!(
                    "{c}, {}: {} of {} images ({})",
                    name(k),
                    thousands(n),
                    thousands(total),
                    percent(n, total)
                ),
            ));
        }
    }
    Ok(regions)
}
