//! Body site by diagnosis: sites (rows, largest first) by class (columns), each cell the
//! share of the class's images taken there. It shows that where a lesion is carries
//! information, which is why the model takes the body site as an input.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::categories::{column_share_heatmap, counts_table};
use crate::data::{count, total, DatasetStats};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::table::{share, whole_percent, Table};
use crate::theme::Theme;

pub fn site_takeaway(stats: &DatasetStats) -> String {
    let per_class = &stats.localization_per_class;
    let sites = DatasetStats::categories(per_class, &[]);
    let all: u64 = stats.classes.iter().map(|c| total(per_class, c)).sum();
    let overall = |site: &str| {
        share(
            stats
                .classes
                .iter()
                .map(|c| count(per_class, c, site))
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
        .map(|(c, s)| (c, s, share(count(per_class, c, s), total(per_class, c))))
        .max_by(|a, b| (a.2 - overall(a.1)).total_cmp(&(b.2 - overall(b.1))));
    match best {
        Some((c, s, sh)) => format!(
            "{} of {c} images are of the {s}, against {} of all images: body site carries \
             information, so the model takes it as an input.",
            whole_percent(sh),
            whole_percent(overall(s))
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
    counts_table(
        stats,
        &stats.localization_per_class,
        "body site",
        &sites_by_size(stats),
        str::to_owned,
    )
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
