//! The reliability diagram: how often the model's top class was right against how confident
//! it was, before and after temperature scaling, with the expected calibration error (ECE)
//! of each. It shows whether the probabilities the app quotes can be read as frequencies.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_metrics::EvaluationReport;

use crate::axes::{line_with_markers, plot_under_legend, unit_square_chart};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{rate, thousands, whole_percent, Table};
use crate::theme::{Theme, MUTED};

pub fn reliability_takeaway(report: &EvaluationReport) -> String {
    let (before, after) = (report.reliability_before.ece, report.reliability_after.ece);
    let how = if report.temperature < 1.0 {
        "under-confident (its probabilities too cautious)"
    } else {
        "over-confident"
    };
    format!(
        "The raw model was {how}; temperature scaling (T = {:.2}) cut the expected \
         calibration error from {before:.3} to {after:.3}, so its percentages can be read as \
         frequencies.",
        report.temperature
    )
}

pub fn reliability_table(report: &EvaluationReport) -> Table {
    let mut t = Table::new([
        "confidence bin",
        "images before",
        "accuracy before",
        "images after",
        "accuracy after",
    ]);
    for (b, a) in report
        .reliability_before
        .bins
        .iter()
        .zip(&report.reliability_after.bins)
    {
        t.push([
            format!("{:.0}–{:.0} %", 100.0 * b.lower, 100.0 * b.upper),
            b.count.to_string(),
            rate(b.accuracy),
            a.count.to_string(),
            rate(a.accuracy),
        ]);
    }
    t
}

pub fn draw_reliability<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &EvaluationReport,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let t = theme;
    let series = [
        (
            "before",
            format!("before scaling (ECE {:.3})", report.reliability_before.ece),
            &report.reliability_before,
            palette::ORANGE,
        ),
        (
            "after",
            format!(
                "after, T = {:.2} (ECE {:.3})",
                report.temperature, report.reliability_after.ece
            ),
            &report.reliability_after,
            palette::BLUE,
        ),
    ];
    let mut items: Vec<(String, RGBColor)> = series.iter().map(|s| (s.1.clone(), s.3)).collect();
    items.push(("perfect calibration".to_owned(), MUTED));
    let plot = plot_under_legend(area, t, &items)?;
    let mut chart = unit_square_chart(
        &plot,
        t,
        "confidence (top-class probability)",
        "share right",
    )?;
    let mut regions = Vec::new();
    for (name, _, rel, colour) in &series {
        let points: Vec<(f64, f64, u64)> = rel
            .bins
            .iter()
            .filter_map(|b| Some((b.confidence?, b.accuracy?, b.count)))
            .collect();
        let xy: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
        line_with_markers(&mut chart, &xy, *colour, t, 4.0)?;
        for p in &points {
            regions.push(HitRegion::around(
                chart.backend_coord(&(p.0, p.1)),
                t.px(7.0),
                format!(
                    "{name} scaling: {} images at {} confidence were {} right",
                    thousands(p.2),
                    whole_percent(p.0),
                    whole_percent(p.1)
                ),
            ));
        }
    }
    Ok(regions)
}
