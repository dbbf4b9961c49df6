//! The confusion matrix: for each true diagnosis (row), how the model classified its test
//! images (columns), as counts or as shares of the row. It shows which diagnoses the model
//! mixes up, the errors a single accuracy figure hides.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;
use skincheck_metrics::EvaluationReport;

use crate::draw::{heatmap, Heatmap};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{plural, rate, share, thousands, whole_percent, words, Table};
use crate::theme::{ColourMode, Theme};

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

pub fn confusion_takeaway(
    report: &EvaluationReport,
    view: ConfusionView,
    language: Language,
) -> String {
    let l = language;
    let codes = &report.classes;
    let n: u64 = report.confusion_matrix.iter().flatten().sum();
    let correct: u64 = (0..codes.len())
        .map(|i| report.confusion_matrix[i][i])
        .sum();
    match view {
        ConfusionView::Counts => {
            let (right, all) = (thousands(correct, l), thousands(n, l));
            let pct = whole_percent(correct as f64 / n.max(1) as f64);
            let head = match l {
                Language::En => {
                    format!("{right} of the {all} test images ({pct}) are on the diagonal, i.e. right")
                }
                Language::De => format!(
                    "{right} der {all} Testbilder ({pct}) liegen auf der Diagonale, sind also richtig"
                ),
            };
            let Some((t, p)) = worst_confusion(report, |t, p| report.confusion_matrix[t][p] as f64)
            else {
                return format!("{head}.");
            };
            let (truth, called, m) = (&codes[t], &codes[p], report.confusion_matrix[t][p]);
            match l {
                Language::En => format!(
                    "{head}; the most frequent error is {truth} called {called} ({m} {}).",
                    plural(m, "image", "images")
                ),
                Language::De => format!(
                    "{head}; der häufigste Fehler ist {truth}, als {called} eingestuft ({m} {}).",
                    plural(m, "Bild", "Bilder")
                ),
            }
        }
        ConfusionView::RowShares => {
            let Some((t, p)) = worst_confusion(report, |t, p| row_share(report, t, p)) else {
                return words(
                    l,
                    "Every test image was classified correctly.",
                    "Jedes Testbild wurde richtig klassifiziert.",
                )
                .to_owned();
            };
            let (truth, taken) = (&codes[t], &codes[p]);
            let (pct, of) = (whole_percent(row_share(report, t, p)), row_total(report, t));
            match l {
                Language::En => format!(
                    "Relative to each diagnosis' size, the commonest confusion is {truth} taken \
                     for {taken}: {pct} of the {of} {truth} test images."
                ),
                Language::De => format!(
                    "Gemessen an der Größe jeder Diagnose ist die häufigste Verwechslung, dass \
                     {truth} für {taken} gehalten wird: {pct} der {of} Testbilder von {truth}."
                ),
            }
        }
    }
}

pub fn confusion_table(
    report: &EvaluationReport,
    view: ConfusionView,
    language: Language,
) -> Table {
    let k = report.classes.len();
    let rows = report.classes.iter().enumerate().map(|(i, code)| {
        let cells = (0..k).map(|j| match view {
            ConfusionView::Counts => report.confusion_matrix[i][j].to_string(),
            ConfusionView::RowShares => rate(Some(row_share(report, i, j)), language),
        });
        (code.clone(), cells.collect())
    });
    let corner = words(language, "true \\ predicted", "tatsächlich \\ vorhergesagt");
    Table::cross(corner, report.classes.iter().cloned(), rows)
}

/// The diagonal (right) in blue, errors in vermillion; the shade is the row share in both
/// views, so a class's colours do not depend on how many images it has. The square root
/// keeps the typical 5–30 % confusions visible next to 90 % recalls. On the light page.
pub fn confusion_cell_colour(report: &EvaluationReport, t: usize, p: usize) -> RGBColor {
    confusion_cell_colour_in(report, t, p, ColourMode::Light)
}

/// [`confusion_cell_colour`] on the page of `mode`: the ramp starts at its background.
pub fn confusion_cell_colour_in(
    report: &EvaluationReport,
    t: usize,
    p: usize,
    mode: ColourMode,
) -> RGBColor {
    let full = if t == p {
        palette::BLUE
    } else {
        palette::VERMILLION
    };
    mode.ramp(full, row_share(report, t, p).sqrt())
}

pub fn draw_confusion<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &EvaluationReport,
    view: ConfusionView,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let codes = &report.classes;
    let l = theme.language;
    let fill = |t: usize, p: usize| confusion_cell_colour_in(report, t, p, theme.mode);
    let label = |t: usize, p: usize| {
        Some(match view {
            ConfusionView::Counts => report.confusion_matrix[t][p].to_string(),
            ConfusionView::RowShares => format!("{:.0}", 100.0 * row_share(report, t, p)),
        })
    };
    let hover = |t: usize, p: usize| {
        let (truth, called) = (&codes[t], &codes[p]);
        let (m, of) = (report.confusion_matrix[t][p], row_total(report, t));
        let pct = rate(Some(row_share(report, t, p)), l);
        match l {
            Language::En => format!("true {truth}, predicted {called}: {m} of {of} ({pct})"),
            Language::De => {
                format!("tatsächlich {truth}, vorhergesagt {called}: {m} von {of} ({pct})")
            }
        }
    };
    heatmap(
        area,
        theme,
        &Heatmap {
            rows: codes,
            cols: codes,
            corner: words(l, "true", "tatsächlich"),
            col_title: match view {
                ConfusionView::Counts => words(l, "predicted (images)", "vorhergesagt (Bilder)"),
                ConfusionView::RowShares => words(
                    l,
                    "predicted (% of the true class)",
                    "vorhergesagt (% der tatsächlichen Klasse)",
                ),
            },
            fill: &fill,
            label: &label,
            hover: &hover,
        },
    )
}
