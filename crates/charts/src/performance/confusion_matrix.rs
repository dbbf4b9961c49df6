//! The confusion matrix: for each true diagnosis (row), how the model classified its test
//! images (columns), as counts or as shares of the row. It shows which diagnoses the model
//! mixes up, the errors a single accuracy figure hides.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_metrics::EvaluationReport;

use crate::draw::{heatmap, Heatmap};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette::{self, ramp};
use crate::table::{rate, share, thousands, whole_percent, Table};
use crate::theme::Theme;

/// Which numbers the confusion matrix shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfusionView {
    Counts,
    /// Each row divided by its total: recall on the diagonal.
    RowShares,
}

/// Test images of true class `t`.
fn row_total(report: &EvaluationReport, t: usize) -> u64 {
    report.confusion_matrix[t].iter().sum()
}

/// The share of true class `t`'s test images predicted as `p`.
fn row_share(report: &EvaluationReport, t: usize, p: usize) -> f64 {
    share(report.confusion_matrix[t][p], row_total(report, t))
}

/// The largest off-diagonal cell by `key`, as (true, predicted).
fn worst_confusion(
    report: &EvaluationReport,
    key: impl Fn(usize, usize) -> f64,
) -> Option<(usize, usize)> {
    let k = report.classes.len();
    (0..k)
        .flat_map(|t| (0..k).filter(move |&p| p != t).map(move |p| (t, p)))
        .filter(|&(t, p)| report.confusion_matrix[t][p] > 0)
        .max_by(|a, b| key(a.0, a.1).total_cmp(&key(b.0, b.1)))
}

pub fn confusion_takeaway(report: &EvaluationReport, view: ConfusionView) -> String {
    let codes = &report.classes;
    let n: u64 = report.confusion_matrix.iter().flatten().sum();
    let correct: u64 = (0..codes.len())
        .map(|i| report.confusion_matrix[i][i])
        .sum();
    match view {
        ConfusionView::Counts => {
            let head = format!(
                "{} of the {} test images ({}) are on the diagonal, i.e. right",
                thousands(correct),
                thousands(n),
                whole_percent(correct as f64 / n.max(1) as f64)
            );
            match worst_confusion(report, |t, p| report.confusion_matrix[t][p] as f64) {
                Some((t, p)) => format!(
                    "{head}; the most frequent error is {} called {} ({} images).",
                    codes[t], codes[p], report.confusion_matrix[t][p]
                ),
                None => format!("{head}."),
            }
        }
        ConfusionView::RowShares => match worst_confusion(report, |t, p| row_share(report, t, p)) {
            Some((t, p)) => format!(
                "Relative to each diagnosis' size, the commonest confusion is {} taken for {}: \
                 {} of the {} {} test images.",
                codes[t],
                codes[p],
                whole_percent(row_share(report, t, p)),
                row_total(report, t),
                codes[t]
            ),
            None => "Every test image was classified correctly.".to_owned(),
        },
    }
}

pub fn confusion_table(report: &EvaluationReport, view: ConfusionView) -> Table {
    let k = report.classes.len();
    let rows = report.classes.iter().enumerate().map(|(i, code)| {
        let cells = (0..k).map(|j| match view {
            ConfusionView::Counts => report.confusion_matrix[i][j].to_string(),
            ConfusionView::RowShares => rate(Some(row_share(report, i, j))),
        });
        (code.clone(), cells.collect())
    });
    Table::cross("true \\ predicted", report.classes.iter().cloned(), rows)
}

/// The diagonal (right) in blue, errors in vermillion; the shade is the row share in both
/// views, so a class's colours do not depend on how many images it has. The square root
/// keeps the typical 5–30 % confusions visible next to 90 % recalls.
pub fn confusion_cell_colour(report: &EvaluationReport, t: usize, p: usize) -> RGBColor {
    let full = if t == p {
        palette::BLUE
    } else {
        palette::VERMILLION
    };
    ramp(full, row_share(report, t, p).sqrt())
}

pub fn draw_confusion<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &EvaluationReport,
    view: ConfusionView,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let codes = &report.classes;
    let fill = |t: usize, p: usize| confusion_cell_colour(report, t, p);
    let label = |t: usize, p: usize| {
        Some(match view {
            ConfusionView::Counts => report.confusion_matrix[t][p].to_string(),
            ConfusionView::RowShares => format!("{:.0}", 100.0 * row_share(report, t, p)),
        })
    };
    let hover = |t: usize, p: usize| {
        format!(
            "true {}, predicted {}: {} of {} ({})",
            codes[t],
            codes[p],
            report.confusion_matrix[t][p],
            row_total(report, t),
            rate(Some(row_share(report, t, p)))
        )
    };
    heatmap(
        area,
        theme,
        &Heatmap {
            rows: codes,
            cols: codes,
            corner: "true",
            col_title: match view {
                ConfusionView::Counts => "predicted (images)",
                ConfusionView::RowShares => "predicted (% of the true class)",
            },
            fill: &fill,
            label: &label,
            hover: &hover,
        },
    )
}
