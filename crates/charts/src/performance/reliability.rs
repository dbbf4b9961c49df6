//! The reliability diagram: how often the model's top class was right against how confident
//! it was, before and after temperature scaling, with the expected calibration error (ECE)
//! of each. It shows whether the probabilities the app quotes can be read as frequencies.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;
use skincheck_metrics::EvaluationReport;

use crate::axes::{line_with_markers, plot_under_legend, unit_square_chart};
use crate::error::ChartError;
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{plural, rate, thousands, whole_percent, words, Table};
use crate::theme::Theme;

pub fn reliability_takeaway(report: &EvaluationReport, language: Language) -> String {
    let l = language;
    let before = l.decimal(report.reliability_before.ece, 3);
    let after = l.decimal(report.reliability_after.ece, 3);
    let temperature = l.decimal(report.temperature, 2);
    let how = if report.temperature < 1.0 {
        words(
            l,
            "under-confident (its probabilities too cautious)",
            "zu zurückhaltend (seine Wahrscheinlichkeiten zu vorsichtig)",
        )
    } else {
        words(l, "over-confident", "zu selbstsicher")
    };
    match l {
        Language::En => format!(
            "The raw model was {how}; temperature scaling (T = {temperature}) cut the expected \
             calibration error from {before} to {after}, so its percentages can be read as \
             frequencies."
        ),
        Language::De => format!(
            "Das unskalierte Modell war {how}; die Temperaturskalierung (T = {temperature}) \
             senkte den erwarteten Kalibrierungsfehler von {before} auf {after}, sodass seine \
             Prozentangaben als Häufigkeiten gelesen werden können."
        ),
    }
}

pub fn reliability_table(report: &EvaluationReport, language: Language) -> Table {
    let headers = match language {
        Language::En => [
            "confidence bin",
            "images before",
            "accuracy before",
            "images after",
            "accuracy after",
        ],
        Language::De => [
            "Konfidenzbereich",
            "Bilder vorher",
            "Genauigkeit vorher",
            "Bilder nachher",
            "Genauigkeit nachher",
        ],
    };
    let mut t = Table::new(headers);
    for (b, a) in report
        .reliability_before
        .bins
        .iter()
        .zip(&report.reliability_after.bins)
    {
        t.push([
            format!("{:.0}–{:.0} %", 100.0 * b.lower, 100.0 * b.upper),
            b.count.to_string(),
            rate(b.accuracy, language),
            a.count.to_string(),
            rate(a.accuracy, language),
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
    let l = t.language;
    let ece = |r: &skincheck_metrics::Reliability| l.decimal(r.ece, 3);
    let temperature = l.decimal(report.temperature, 2);
    let (before, after) = (&report.reliability_before, &report.reliability_after);
    let series = [
        (
            words(l, "before", "vor"),
            match l {
                Language::En => format!("before scaling (ECE {})", ece(before)),
                Language::De => format!("vor der Skalierung (ECE {})", ece(before)),
            },
            before,
            t.mode.series(palette::ORANGE),
        ),
        (
            words(l, "after", "nach"),
            match l {
                Language::En => format!("after, T = {temperature} (ECE {})", ece(after)),
                Language::De => format!("danach, T = {temperature} (ECE {})", ece(after)),
            },
            after,
            t.mode.series(palette::BLUE),
        ),
    ];
    let mut items: Vec<(String, RGBColor)> = series.iter().map(|s| (s.1.clone(), s.3)).collect();
    let perfect = words(l, "perfect calibration", "perfekte Kalibrierung");
    items.push((perfect.to_owned(), t.mode.muted()));
    let plot = plot_under_legend(area, t, &items)?;
    let (x_desc, y_desc) = match l {
        Language::En => ("confidence (top-class probability)", "share right"),
        Language::De => (
            "Konfidenz (höchste Klassenwahrscheinlichkeit)",
            "Anteil richtig",
        ),
    };
    let mut chart = unit_square_chart(&plot, t, x_desc, y_desc)?;
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
            let (n, confidence, right) =
                (thousands(p.2, l), whole_percent(p.0), whole_percent(p.1));
            let text = match l {
                Language::En => format!(
                    "{name} scaling: {n} {} at {confidence} confidence were {right} right",
                    plural(p.2, "image", "images")
                ),
                Language::De => format!(
                    "{name} der Skalierung: {n} {} mit {confidence} Konfidenz waren zu {right} \
                     richtig",
                    plural(p.2, "Bild", "Bilder")
                ),
            };
            regions.push(HitRegion::around(
                chart.backend_coord(&(p.0, p.1)),
                t.px(7.0),
                text,
            ));
        }
    }
    Ok(regions)
}
