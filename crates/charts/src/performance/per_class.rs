//! Recall, precision and F1 per diagnosis: three bars a class, each row labelled with its
//! number of test images. It shows which diagnoses the model finds (recall) and how far its
//! calls can be trusted (precision), class by class, where accuracy averages them away.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;
use skincheck_metrics::EvaluationReport;

use crate::draw::{Frame, Rows};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{decimal, lowest_and_highest, not_available, rate, whole_percent, words, Table};
use crate::theme::{TextRole, Theme};

/// The three bars of a class: English and German name, colour.
const METRICS: [(&str, &str, RGBColor); 3] = [
    ("recall", "Sensitivität", palette::BLUE),
    ("precision", "Präzision", palette::ORANGE),
    ("F1", "F1", palette::BLUISH_GREEN),
];

fn metric_values(report: &EvaluationReport, i: usize) -> [Option<f64>; 3] {
    let m = &report.per_class[i].metrics;
    [m.recall, m.precision, m.f1]
}

/// Test images of class `i` the model got right.
fn class_hits(report: &EvaluationReport, i: usize) -> u64 {
    report.confusion_matrix[i][i]
}

pub fn per_class_takeaway(report: &EvaluationReport, language: Language) -> String {
    let recalls: Vec<(&str, f64)> = report
        .per_class
        .iter()
        .filter_map(|c| c.metrics.recall.map(|r| (c.code.as_str(), r)))
        .collect();
    let Some(((low_class, low), (high_class, high))) = lowest_and_highest(&recalls) else {
        let none = words(
            language,
            "No class had test images.",
            "Keine Klasse hatte Testbilder.",
        );
        return none.to_owned();
    };
    let (low, high) = (whole_percent(*low), whole_percent(*high));
    let balanced = rate(report.balanced_accuracy, language);
    match language {
        Language::En => format!(
            "Recall runs from {low} ({low_class}) to {high} ({high_class}); balanced accuracy, \
             their mean, is {balanced}: the figure to compare models by on data this unbalanced."
        ),
        Language::De => format!(
            "Die Sensitivität reicht von {low} ({low_class}) bis {high} ({high_class}); die \
             balancierte Genauigkeit, ihr Mittelwert, beträgt {balanced}: die Kennzahl, an der \
             sich Modelle bei so unausgewogenen Daten messen lassen."
        ),
    }
}

pub fn per_class_table(report: &EvaluationReport, language: Language) -> Table {
    let headers = match language {
        Language::En => [
            "class",
            "test images",
            "predicted",
            "recall",
            "precision",
            "F1",
            "AUC",
        ],
        Language::De => [
            "Klasse",
            "Testbilder",
            "vorhergesagt",
            "Sensitivität",
            "Präzision",
            "F1",
            "AUC",
        ],
    };
    let mut t = Table::new(headers);
    for c in &report.per_class {
        t.push([
            c.code.clone(),
            c.metrics.support.to_string(),
            c.metrics.predicted.to_string(),
            rate(c.metrics.recall, language),
            rate(c.metrics.precision, language),
            rate(c.metrics.f1, language),
            decimal(c.auc, language),
        ]);
    }
    t
}

/// Three bars per class (recall, precision, F1), each row labelled with its test count.
pub fn draw_per_class<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &EvaluationReport,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let frame = Frame::new(area, theme);
    let t = theme;
    let l = t.language;
    let labels: Vec<String> = report
        .per_class
        .iter()
        .map(|c| format!("{} (n = {})", c.code, c.metrics.support))
        .collect();
    let items: Vec<(String, RGBColor)> = METRICS
        .iter()
        .map(|(en, de, c)| (words(l, en, de).to_owned(), t.mode.series(*c)))
        .collect();
    let value_w = frame.measure("100 %", TextRole::Value)?.0 + t.px(8.0);
    let axis = words(l, "on the test split", "auf den Testdaten");
    let rows = Rows::percent_bars_with_legend(&frame, &labels, &items, value_w, axis)?;
    let mut regions = Vec::new();
    for (i, class) in report.per_class.iter().enumerate() {
        let inner = rows.row_height * 4 / 5;
        let bar = (inner / 3).max(1);
        let top0 = rows.row_top(i) + (rows.row_height - inner) / 2;
        for (m, value) in metric_values(report, i).iter().enumerate() {
            let (en, de, colour) = METRICS[m];
            let name = words(l, en, de);
            let top = top0 + m as i32 * bar;
            let end = rows.x(value.unwrap_or(0.0));
            if value.is_some() {
                frame.rect(
                    (rows.x0, top),
                    (end.max(rows.x0 + 1), top + bar - t.px(1.0)),
                    t.mode.series(colour),
                )?;
            }
            let text = value.map_or(not_available(l).to_owned(), whole_percent);
            if bar >= t.px(9.0) {
                frame.value_after(&text, (end + t.px(4.0), top + bar / 2))?;
            }
            let (hits, code) = (class_hits(report, i), &class.code);
            let (support, predicted) = (class.metrics.support, class.metrics.predicted);
            let detail = match (m, l) {
                (0, Language::En) => format!(" ({hits} of {support} {code} found)"),
                (0, Language::De) => format!(" ({hits} von {support} {code} gefunden)"),
                (1, Language::En) => format!(" ({hits} of {predicted} called {code} were)"),
                (1, Language::De) => {
                    format!(" ({hits} von {predicted} als {code} eingestuften waren es)")
                }
                _ => String::new(),
            };
            regions.push(frame.region(
                (rows.x0, top),
                (end.max(rows.x0 + t.px(24.0)), top + bar - 1),
                format!("{code} {name}: {}{detail}", rate(*value, l)),
            ));
        }
    }
    Ok(regions)
}
