//! ROC curves, one diagnosis against the rest: sensitivity against the false positive rate
//! as the threshold moves, with each curve's AUC in the legend. It shows how well the model
//! ranks each diagnosis independently of any one decision threshold.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_metrics::EvaluationReport;

use crate::axes::{plot_under_legend, unit_square_chart};
use crate::error::{drawing_error, ChartError};
use crate::hit::HitRegion;
use crate::palette::class_colour;
use crate::table::{decimal, lowest_and_highest, rate, Table};
use crate::theme::Theme;

pub fn roc_takeaway(report: &EvaluationReport) -> String {
    let aucs: Vec<(&str, f64)> = report
        .roc
        .iter()
        .filter_map(|r| r.auc.map(|a| (r.code.as_str(), a)))
        .collect();
    match (report.macro_auc, lowest_and_highest(&aucs)) {
        (Some(m), Some((l, h))) => format!(
            "Mean AUC {m:.3}: the model ranks {} lesions best (AUC {:.3}) and {} worst \
             ({:.3}); the closer a curve hugs the top left, the fewer false alarms it costs \
             to find the class.",
            h.0, h.1, l.0, l.1
        ),
        _ => "The test data had too few classes for ROC curves.".to_owned(),
    }
}

pub fn roc_table(report: &EvaluationReport) -> Table {
    let mut t = Table::new([
        "class",
        "AUC",
        "sensitivity at 10 % false positives",
        "at 20 %",
    ]);
    for r in &report.roc {
        let at = |fpr: f64| {
            r.points
                .iter()
                .filter(|p| p[0] <= fpr)
                .map(|p| p[1])
                .fold(None, |a: Option<f64>, y| Some(a.map_or(y, |a| a.max(y))))
        };
        t.push([r.code.clone(), decimal(r.auc), rate(at(0.1)), rate(at(0.2))]);
    }
    t
}

pub fn draw_roc<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &EvaluationReport,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let t = theme;
    let items: Vec<(String, RGBColor)> = report
        .roc
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                format!("{} AUC {}", r.code, decimal(r.auc)),
                class_colour(i),
            )
        })
        .collect();
    let plot = plot_under_legend(area, t, &items)?;
    let mut chart = unit_square_chart(
        &plot,
        t,
        "false positive rate (1 − specificity)",
        "sensitivity",
    )?;
    let mut regions = Vec::new();
    for (i, r) in report.roc.iter().enumerate() {
        chart
            .draw_series(LineSeries::new(
                r.points.iter().map(|p| (p[0], p[1])),
                class_colour(i).stroke_width(t.line_width()),
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
            regions.push(HitRegion::around(
                chart.backend_coord(&(p[0], p[1])),
                t.px(5.0),
                format!(
                    "{}: sensitivity {} at {} false positives",
                    r.code,
                    rate(Some(p[1])),
                    rate(Some(p[0]))
                ),
            ));
        }
    }
    Ok(regions)
}
