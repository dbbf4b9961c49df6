//! The charts in German: every title, takeaway, table and hover text of the shipped data's
//! charts is German (no English word left), with German numbers, while English (the default,
//! the CLI's language) stays as it was.

use std::sync::Arc;

use plotters::prelude::*;
use skincheck_charts::data::evaluation_from_json;
use skincheck_charts::dataset::{dx_type_name_in, sex_name, site_name};
use skincheck_charts::{Chart, ConfusionView, DatasetStats, Language, Theme, TrainingRun};

const ASSETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets");

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{ASSETS}/{file}")).unwrap()
}

/// Every chart of the Data and Model pages, from the shipped JSON.
fn shipped_charts() -> Vec<Chart> {
    let stats = Arc::new(DatasetStats::from_json(&read("dataset_stats.json")).unwrap());
    let report = Arc::new(evaluation_from_json(&read("evaluation.json")).unwrap());
    let run = Arc::new(TrainingRun::from_json(&read("training.json")).unwrap());
    let mut charts = Chart::dataset(stats);
    charts.extend(Chart::evaluation(report));
    charts.push(Chart::Training(run));
    charts
}

/// The hover texts of `chart` drawn in `language` (800 CSS px, ratio 1).
fn hover_texts(chart: &Chart, language: Language) -> Vec<String> {
    skincheck_charts::register_native_font().unwrap();
    let theme = Theme::new(1.0, 800.0).with_language(language);
    let (width, height) = (800, chart.css_height(800.0).round() as u32);
    let mut rgb = vec![0u8; (width * height * 3) as usize];
    let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
    let regions = chart.draw(&root, &theme).unwrap();
    regions.into_iter().map(|r| r.text).collect()
}

/// English words that must not appear in a German text (as whole words).
const ENGLISH: [&str; 16] = [
    "the",
    "of",
    "images",
    "image",
    "and",
    "is",
    "are",
    "was",
    "true",
    "predicted",
    "recall",
    "precision",
    "sensitivity",
    "epoch",
    "loss",
    "class",
];

fn assert_german(what: &str, text: &str) {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    for english in ENGLISH {
        assert!(
            !words.iter().any(|w| w == english),
            "{what}: English {english:?} in {text:?}"
        );
    }
}

#[test]
fn every_chart_reads_in_german_and_english_stays_the_default() {
    for chart in shipped_charts() {
        let id = chart.id();
        assert_eq!(chart.title(), chart.title_in(Language::En));
        assert_eq!(chart.takeaway(), chart.takeaway_in(Language::En));
        assert_eq!(chart.table(), chart.table_in(Language::En));
        assert_ne!(chart.title_in(Language::De), chart.title(), "{id}");
        assert_ne!(chart.takeaway_in(Language::De), chart.takeaway(), "{id}");
        assert_german(id, chart.title_in(Language::De));
        assert_german(id, &chart.takeaway_in(Language::De));
        let table = chart.table_in(Language::De);
        assert_eq!(table.rows.len(), chart.table().rows.len(), "{id}");
        for header in &table.headers {
            assert_german(id, header);
        }
        for cell in table.rows.iter().flatten() {
            assert_german(id, cell);
        }
        let (english, german) = (
            hover_texts(&chart, Language::En),
            hover_texts(&chart, Language::De),
        );
        assert_eq!(english.len(), german.len(), "{id}: the same regions");
        for text in &german {
            assert_german(id, text);
        }
    }
}

#[test]
fn german_figures_use_the_decimal_comma_and_thousands_dots() {
    let stats = Arc::new(DatasetStats::from_json(&read("dataset_stats.json")).unwrap());
    let report = Arc::new(evaluation_from_json(&read("evaluation.json")).unwrap());
    let images = Chart::ImagesPerClass(stats.clone());
    let nv = stats.images("nv");
    assert!(nv >= 1000);
    let dotted = format!("{}.{:03}", nv / 1000, nv % 1000);
    let table = images.table_in(Language::De);
    assert_eq!(table.cell("nv", "Bilder"), Some(dotted.as_str()));
    assert!(images
        .takeaway_in(Language::De)
        .starts_with("67 % der Bilder sind nv: Ein Modell"));
    // The training hover: the German loss has a comma, the English one a point.
    let run = Arc::new(TrainingRun::from_json(&read("training.json")).unwrap());
    let first = &run.history[0];
    let training = Chart::Training(run.clone());
    let german = hover_texts(&training, Language::De);
    let loss = format!("{:.3}", first.train_loss).replace('.', ",");
    assert!(
        german[0].starts_with(&format!("Epoche {}: Trainingsverlust {loss}", first.epoch)),
        "{}",
        german[0]
    );
    let per_class = Chart::PerClass(report.clone()).table_in(Language::De);
    let recall = report.per_class[0].metrics.recall.unwrap();
    let expected = format!("{:.1} %", 100.0 * recall).replace('.', ",");
    let code = &report.per_class[0].code;
    assert_eq!(
        per_class.cell(code, "Sensitivität"),
        Some(expected.as_str())
    );
    let confusion = Chart::Confusion(report, ConfusionView::Counts);
    assert!(hover_texts(&confusion, Language::De)[0].starts_with("tatsächlich "));
}

#[test]
fn the_data_sets_categories_are_named_in_german() {
    assert_eq!(
        site_name("lower extremity", Language::De),
        "untere Extremität"
    );
    assert_eq!(site_name("back", Language::En), "back");
    assert_eq!(
        site_name("elbow", Language::De),
        "elbow",
        "unknown codes keep their name"
    );
    assert_eq!(sex_name("female", Language::De), "weiblich");
    assert_eq!(
        dx_type_name_in("follow_up", Language::De),
        "Verlaufskontrolle"
    );
    assert_eq!(dx_type_name_in("follow_up", Language::En), "follow-up");
    let stats = Arc::new(DatasetStats::from_json(&read("dataset_stats.json")).unwrap());
    let sites = Chart::BodySite(stats.clone()).table_in(Language::De);
    assert_eq!(sites.headers[0], "Körperstelle");
    assert!(sites.rows.iter().any(|r| r[0] == "Rücken"));
    assert_eq!(sites.rows.last().map(|r| r[0].as_str()), Some("unbekannt"));
    let sexes = Chart::Sex(stats.clone()).table_in(Language::De);
    assert_eq!(&sexes.headers[..3], ["Klasse", "männlich", "weiblich"]);
    let confirmed = Chart::Confirmation(stats.clone()).table_in(Language::De);
    assert!(confirmed.headers.contains(&"Histopathologie".to_owned()));
    let age = Chart::Age(stats).table_in(Language::De);
    assert_eq!(age.headers[0], "Alter");
    assert_eq!(age.rows.last().map(|r| r[0].as_str()), Some("unbekannt"));
}
