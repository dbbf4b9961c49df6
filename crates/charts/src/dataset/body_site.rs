//! Body site by diagnosis: sites (rows, largest first) by class (columns), each cell the
//! share of the class's images taken there. It shows that where a lesion is carries
//! information, which is why the model takes the body site as an input.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use super::categories::{column_share_heatmap, counts_table};
use crate::data::{count, total, DatasetStats};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::table::{share, whole_percent, words, Table};
use crate::theme::Theme;

/// A HAM10000 `localization` in `language`; one the data set does not use keeps its name.
pub fn site_name(site: &str, language: Language) -> String {
    let w = |en, de| words(language, en, de);
    let name = match site {
        "abdomen" => w("abdomen", "Bauch"),
        "acral" => w("acral", "akral"),
        "back" => w("back", "Rücken"),
        "chest" => w("chest", "Brust"),
        "ear" => w("ear", "Ohr"),
        "face" => w("face", "Gesicht"),
        "foot" => w("foot", "Fuß"),
        "genital" => w("genital", "Genitalbereich"),
        "hand" => w("hand", "Hand"),
        "lower extremity" => w("lower extremity", "untere Extremität"),
        "neck" => w("neck", "Hals"),
        "scalp" => w("scalp", "Kopfhaut"),
        "trunk" => w("trunk", "Rumpf"),
        "upper extremity" => w("upper extremity", "obere Extremität"),
        "unknown" => w("unknown", "unbekannt"),
        other => return other.to_owned(),
    };
    name.to_owned()
}

pub fn site_takeaway(stats: &DatasetStats, language: Language) -> String {
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
    let Some((c, s, sh)) = best else {
        return words(
            language,
            "The data set records no body sites.",
            "Der Datensatz erfasst keine Körperstellen.",
        )
        .to_owned();
    };
    let (here, everywhere) = (whole_percent(sh), whole_percent(overall(s)));
    let site = site_name(s, language);
    match language {
        Language::En => format!(
            "{here} of {c} images are of the {site}, against {everywhere} of all images: body \
             site carries information, so the model takes it as an input."
        ),
        Language::De => format!(
            "{here} der Bilder von {c} stammen von der Körperstelle „{site}“, gegenüber \
             {everywhere} aller Bilder: Die Körperstelle ist aufschlussreich, deshalb erhält das \
             Modell sie als Eingabe."
        ),
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

pub fn site_table(stats: &DatasetStats, language: Language) -> Table {
    counts_table(
        stats,
        &stats.localization_per_class,
        words(language, "body site", "Körperstelle"),
        &sites_by_size(stats),
        |s| site_name(s, language),
        language,
    )
}

pub fn draw_site<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stats: &DatasetStats,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let l = theme.language;
    let sites = sites_by_size(stats);
    let names: Vec<String> = sites.iter().map(|s| site_name(s, l)).collect();
    column_share_heatmap(
        area,
        theme,
        stats,
        &stats.localization_per_class,
        &sites,
        &names,
        words(l, "body site", "Körperstelle"),
        |c, s| match l {
            Language::En => format!("{c} on the {}", site_name(s, l)),
            Language::De => format!("{c}, {}", site_name(s, l)),
        },
    )
}
