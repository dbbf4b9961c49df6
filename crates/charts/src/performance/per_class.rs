//! Recall, precision and F1 per diagnosis: three bars a class, each row labelled with its
//! number of test images. It shows which diagnoses the model finds (recall) and how far its
//! calls can be trusted (precision), class by class, where accuracy averages them away.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_metrics::EvaluationReport;

use crate::draw::{Frame, Rows};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{decimal, lowest_and_highest, rate, whole_percent, Table, NOT_AVAILABLE};
use crate::theme::{TextRole, Theme};

const METRICS: [(&str, RGBColor); 3] = [
    ("recall", palette::BLUE),
    ("precision", palette::ORANGE),
    ("F1", palette::BLUISH_GREEN),
];

fn metric_values(report: &EvaluationReport, i: usize) -> [Option<f64>; 3] {
    let m = &report.per_class[i].metrics;
    [m.recall, m.precision, m.f1]
}

/// Test images of class `i` the model got right.
fn class_hits(report: &EvaluationReport, i: usize) -> u64 {
    report.confusion_matrix[i][i]
}

pub fn per_class_takeaway(report: &EvaluationReport) -> String {
    let recalls: Vec<(&str, f64)> = report
        .per_class
        .iter()
        .filter_map(|c| c.metrics.recall.map(|r| (c.code.as_str(), r)))
        .collect();
    match lowest_and_highest(&recalls) {
        Some((l, h)) => format!(
            "Recall runs from {} ({}) to {} ({}); balanced accuracy, their mean, is {}: the \
             figure to compare models by on data this unbalanced.",
            whole_percent(l.1),
            l.0,
            whole_percent(h.1),
            h.0,
            rate(report.balanced_accuracy)
        ),
        None => "No class had test images.".to_owned(),
    }
}

pub fn per_class_table(report: &EvaluationReport) -> Table {
    let mut t = Table::new([
        "class",
        "test images",
        "predicted",
        "recall",
        "precision",
        "F1",
        "AUC",
    ]);
    for c in &report.per_class {
        t.push([
            c.code.clone(),
            c.metrics.support.to_string(),
            c.metrics.predicted.to_string(),
            rate(c.metrics.recall),
            rate(c.metrics.precision),
            rate(c.metrics.f1),
            decimal(c.auc),
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
    let labels: Vec<String> = report
        .per_class
        .iter()
        .map(|c| format!("{} (n = {})", c.code, c.metrics.support))
        .collect();
    let items: Vec<(String, RGBColor)> =
        METRICS.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect();
    let value_w = frame.measure("100 %", TextRole::Value)?.0 + t.px(8.0);
    let rows =
        Rows::percent_bars_with_legend(&frame, &labels, &items, value_w, "on the test split")?;
    let mut regions = Vec::new();
    for (i, class) in report.per_class.iter().enumerate() {
        let inner = rows.row_height * 4 / 5;
        let bar = (inner / 3).max(1);
        let top0 = rows.row_top(i) + (rows.row_height - inner) / 2;
        for (m, value) in metric_values(report, i).iter().enumerate() {
            let (name, colour) = METRICS[m];
            let top = top0 + m as i32 * bar;
            let end = rows.x(value.unwrap_or(0.0));
            if value.is_some() {
                frame.rect(
                    (rows.x0, top),
                    (end.max(rows.x0 + 1), top + bar - t.px(1.0)),
                    colour,
                )?;
            }
            let text = value.map_or(NOT_AVAILABLE.to_owned(), whole_percent);
            if bar >= t.px(9.0) {
                frame.value_after(&text, (end + t.px(4.0), top + bar / 2))?;
            }
            let detail = match m {
                0 => format!(
                    " ({} of {} {} found)",
                    class_hits(report, i),
                    class.metrics.support,
                    class.code
                ),
                1 => format!(
                    " ({} of {} called {} were)",
                    class_hits(report, i),
                    class.metrics.predicted,
                    class.code
                ),
                _ => String::new(),
            };
            regions.push(frame.region(
                (rows.x0, top),
                (end.max(rows.x0 + t.px(24.0)), top + bar - 1),
                format!("{} {name}: {}{detail}", class.code, rate(*value)),
            ));
        }
    }
    Ok(regions)
}
