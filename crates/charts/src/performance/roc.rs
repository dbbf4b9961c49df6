//! ROC curves, one diagnosis against the rest: sensitivity against the false positive rate
//! as the threshold moves, with each curve's AUC in the legend. It shows how well the model
//! ranks each diagnosis independently of any one decision threshold.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;
use skincheck_metrics::EvaluationReport;

use crate::axes::{plot_under_legend, unit_square_chart};
use crate::error::{drawing_error, ChartError};
use crate::hit::HitRegion;
use crate::table::{decimal, lowest_and_highest, rate, words, Table};
use crate::theme::Theme;

pub fn roc_takeaway(report: &EvaluationReport, language: Language) -> String {
    let aucs: Vec<(&str, f64)> = report
        .roc
        .iter()
        .filter_map(|r| r.auc.map(|a| (r.code.as_str(), a)))
        .collect();
    let (Some(mean), Some(((worst, low), (best, high)))) =
        (report.macro_auc, lowest_and_highest(&aucs))
    else {
        return words(
            language,
            "The test data had too few classes for ROC curves.",
            "Die Testdaten hatten zu wenige Klassen für ROC-Kurven.",
        )
        .to_owned();
    };
    let d = |v: f64| language.decimal(v, 3);
    let (mean, low, high) = (d(mean), d(*low), d(*high));
    match language {
        Language::En => format!(
            "Mean AUC {mean}: the model ranks {best} lesions best (AUC {high}) and {worst} worst \
             ({low}); the closer a curve hugs the top left, the fewer false alarms it costs to \
             find the class."
        ),
        Language::De => format!(
            "Mittlere AUC {mean}: Das Modell ordnet {best}-Läsionen am besten ein (AUC {high}), \
             {worst} am schlechtesten ({low}); je enger eine Kurve oben links anliegt, desto \
             weniger Fehlalarme kostet es, die Klasse zu finden."
        ),
    }
}

pub fn roc_table(report: &EvaluationReport, language: Language) -> Table {
    let headers = match language {
        Language::En => [
            "class",
            "AUC",
            "sensitivity at 10 % false positives",
            "at 20 %",
        ],
        Language::De => [
            "Klasse",
            "AUC",
            "Sensitivität bei 10 % falsch Positiven",
            "bei 20 %",
        ],
    };
    let mut t = Table::new(headers);
    for r in &report.roc {
        let at = |fpr: f64| {
            r.points
                .iter()
                .filter(|p| p[0] <= fpr)
                .map(|p| p[1])
                .fold(None, |a: Option<f64>, y| Some(a.map_or(y, |a| a.max(y))))
        };
        t.push([
            r.code.clone(),
            decimal(r.auc, language),
            rate(at(0.1), language),
            rate(at(0.2), language),
        ]);
    }
    t
}

pub fn draw_roc<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &EvaluationReport,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let t = theme;
    let l = t.language;
    let items: Vec<(String, RGBColor)> = report
        .roc
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                format!("{} AUC {}", r.code, decimal(r.auc, l)),
                t.class_colour(i),
            )
        })
        .collect();
    let plot = plot_under_legend(area, t, &items)?;
    let (x_desc, y_desc) = match l {
        Language::En => ("false positive rate (1 − specificity)", "sensitivity"),
        Language::De => ("Falsch-positiv-Rate (1 − Spezifität)", "Sensitivität"),
    };
    let mut chart = unit_square_chart(&plot, t, x_desc, y_desc)?;
    let mut regions = Vec::new();
    for (i, r) in report.roc.iter().enumerate() {
        chart
            .draw_series(LineSeries::new(
                r.points.iter().map(|p| (p[0], p[1])),
                t.class_colour(i).stroke_width(t.line_width()),
            ))
            .map_err(drawing_error)?;
        // About two dozen points per curve, always both ends.
        let step = (r.points.len() / 24).max(1);
        let last = r.points.len().saturating_sub(1);
        let shown = r
            .points
            .iter()
            .enumerate()
            .filter(|(j, _)| j.is_multiple_of(step) || *j == last);
        for (_, p) in shown {
            let (found, false_alarms) = (rate(Some(p[1]), l), rate(Some(p[0]), l));
            let text = match l {
                Language::En => {
                    format!(
                        "{}: sensitivity {found} at {false_alarms} false positives",
                        r.code
                    )
                }
                Language::De => format!(
                    "{}: Sensitivität {found} bei {false_alarms} falsch Positiven",
                    r.code
                ),
            };
            regions.push(HitRegion::around(
                chart.backend_coord(&(p[0], p[1])),
                t.px(5.0),
                text,
            ));
        }
    }
    Ok(regions)
}
