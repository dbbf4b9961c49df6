//! The Model page's charts, from `evaluation.json` (the shipped model measured by
//! `skincheck evaluate`, the Rust code path the app runs) and `training.json`.
//!
//! The drawing functions assume a report checked by [`crate::data::evaluation_from_json`]
//! (square confusion matrix, one entry per class everywhere).

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use skincheck_metrics::EvaluationReport;

use crate::data::TrainingRun;
use crate::draw::{axis_height, heatmap, legend, thousands, Frame, Heatmap, Rows};
use crate::hit::HitRegion;
use crate::palette::{self, class_colour, ramp};
use crate::table::{rate, Table};
use crate::theme::{TextRole, Theme, FAINT, INK, MUTED};
use crate::{drawing_error, ChartError};

fn pct(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
}

fn row_share(report: &EvaluationReport, t: usize, p: usize) -> f64 {
    let total: u64 = report.confusion_matrix[t].iter().sum();
    if total == 0 {
        0.0
    } else {
        report.confusion_matrix[t][p] as f64 / total as f64
    }
}

/// Which numbers the confusion matrix shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfusionView {
    Counts,
    /// Each row divided by its total: recall on the diagonal.
    RowShares,
}

// ---------- confusion matrix ----------

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
                pct(correct as f64 / n.max(1) as f64)
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
                pct(row_share(report, t, p)),
                report.confusion_matrix[t].iter().sum::<u64>(),
                codes[t]
            ),
            None => "Every test image was classified correctly.".to_owned(),
        },
    }
}

pub fn confusion_table(report: &EvaluationReport, view: ConfusionView) -> Table {
    let mut headers = vec!["true \\ predicted".to_owned()];
    headers.extend(report.classes.iter().cloned());
    let mut t = Table::new(headers);
    for (i, code) in report.classes.iter().enumerate() {
        let mut row = vec![code.clone()];
        row.extend((0..report.classes.len()).map(|j| match view {
            ConfusionView::Counts => report.confusion_matrix[i][j].to_string(),
            ConfusionView::RowShares => format!("{:.1} %", 100.0 * row_share(report, i, j)),
        }));
        t.push(row);
    }
    t
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
        let total: u64 = report.confusion_matrix[t].iter().sum();
        format!(
            "true {}, predicted {}: {} of {} ({:.1} %)",
            codes[t],
            codes[p],
            report.confusion_matrix[t][p],
            total,
            100.0 * row_share(report, t, p)
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

// ---------- recall, precision, F1 ----------

const METRICS: [(&str, RGBColor); 3] = [
    ("recall", palette::BLUE),
    ("precision", palette::ORANGE),
    ("F1", palette::BLUISH_GREEN),
];

fn metric_values(report: &EvaluationReport, i: usize) -> [Option<f64>; 3] {
    let m = &report.per_class[i].metrics;
    [m.recall, m.precision, m.f1]
}

pub fn per_class_takeaway(report: &EvaluationReport) -> String {
    let recalls: Vec<(&str, f64)> = report
        .per_class
        .iter()
        .filter_map(|c| c.metrics.recall.map(|r| (c.code.as_str(), r)))
        .collect();
    let low = recalls.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let high = recalls.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    match (low, high) {
        (Some(l), Some(h)) => format!(
            "Recall runs from {} ({}) to {} ({}); balanced accuracy, their mean, is {}: the \
             figure to compare models by on data this unbalanced.",
            pct(l.1),
            l.0,
            pct(h.1),
            h.0,
            rate(report.balanced_accuracy)
        ),
        _ => "No class had test images.".to_owned(),
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
            c.auc.map_or("n/a".into(), |a| format!("{a:.3}")),
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
    let probe = Rows::layout(&frame, &labels, 0, 0, value_w)?;
    let legend_h = legend(&frame, &items, probe.x0, 0)?;
    let rows = Rows::layout(
        &frame,
        &labels,
        legend_h + t.px(4.0),
        axis_height(t),
        value_w,
    )?;
    let ticks: Vec<(f64, String)> = (0..=4)
        .map(|i| (f64::from(i) / 4.0, format!("{} %", 25 * i)))
        .collect();
    rows.draw_axis(&frame, &ticks, "on the test split")?;
    rows.draw_labels(&frame, &labels)?;
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
            let text = value.map_or("n/a".to_owned(), pct);
            if bar >= t.px(9.0) {
                frame.text(
                    &text,
                    (end + t.px(4.0), top + bar / 2),
                    TextRole::Value,
                    INK,
                    HPos::Left,
                    VPos::Center,
                )?;
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

fn class_hits(report: &EvaluationReport, i: usize) -> u64 {
    report.confusion_matrix[i][i]
}

// ---------- ROC ----------

pub fn roc_takeaway(report: &EvaluationReport) -> String {
    let aucs: Vec<(&str, f64)> = report
        .roc
        .iter()
        .filter_map(|r| r.auc.map(|a| (r.code.as_str(), a)))
        .collect();
    let low = aucs.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let high = aucs.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    match (report.macro_auc, low, high) {
        (Some(m), Some(l), Some(h)) => format!(
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
        t.push([
            r.code.clone(),
            r.auc.map_or("n/a".into(), |a| format!("{a:.3}")),
            rate(at(0.1)),
            rate(at(0.2)),
        ]);
    }
    t
}

/// Space for axis tick labels and titles around a cartesian chart.
fn chart_builder<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    right_axis: bool,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_top(theme.upx(8.0))
        .margin_right(theme.upx(if right_axis { 4.0 } else { 14.0 }))
        .x_label_area_size(theme.upx(44.0))
        .y_label_area_size(theme.upx(if theme.narrow { 62.0 } else { 70.0 }));
    if right_axis {
        builder.right_y_label_area_size(theme.upx(66.0));
    }
    builder
}

pub fn draw_roc<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &EvaluationReport,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let frame = Frame::new(area, theme);
    let t = theme;
    let items: Vec<(String, RGBColor)> = report
        .roc
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let auc = r.auc.map_or("n/a".into(), |a| format!("{a:.3}"));
            (format!("{} AUC {auc}", r.code), class_colour(&r.code, i))
        })
        .collect();
    let legend_h = legend(&frame, &items, 0, 0)?;
    let (_, plot) = area.split_vertically(legend_h + t.px(4.0));
    let mut chart = unit_square_chart(
        &plot,
        t,
        "false positive rate (1 − specificity)",
        "sensitivity",
    )?;
    let mut regions = Vec::new();
    for (i, r) in report.roc.iter().enumerate() {
        let colour = class_colour(&r.code, i);
        chart
            .draw_series(LineSeries::new(
                r.points.iter().map(|p| (p[0], p[1])),
                colour.stroke_width(t.line_width()),
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
                    "{}: sensitivity {:.1} % at {:.1} % false positives",
                    r.code,
                    100.0 * p[1],
                    100.0 * p[0]
                ),
            ));
        }
    }
    Ok(regions)
}

/// A 0–100 % square on both axes with faint grid lines and the dashed diagonal: the frame
/// of the ROC curves (chance) and the reliability diagram (perfect calibration).
fn unit_square_chart<'a, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    t: &Theme,
    x_desc: &str,
    y_desc: &str,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, ChartError> {
    let mut chart = chart_builder(plot, t, false)
        .build_cartesian_2d(0f64..1f64, 0f64..1f64)
        .map_err(drawing_error)?;
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(6)
        .max_light_lines(0)
        .bold_line_style(FAINT.stroke_width(t.thin_width()))
        .axis_style(INK.stroke_width(t.thin_width()))
        .label_style(t.text(TextRole::Tick))
        .axis_desc_style(t.text(TextRole::Label))
        .x_label_formatter(&|v| format!("{:.0} %", 100.0 * v))
        .y_label_formatter(&|v| format!("{:.0} %", 100.0 * v))
        .set_all_tick_mark_size(t.upx(4.0))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()
        .map_err(drawing_error)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, 0.0), (1.0, 1.0)],
            t.px(6.0),
            t.px(5.0),
            MUTED.stroke_width(t.thin_width()),
        ))
        .map_err(drawing_error)?;
    Ok(chart)
}

// ---------- reliability ----------

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
    let frame = Frame::new(area, theme);
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
    let legend_h = legend(&frame, &items, 0, 0)?;
    let (_, plot) = area.split_vertically(legend_h + t.px(4.0));
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
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.0, p.1)),
                colour.stroke_width(t.line_width()),
            ))
            .map_err(drawing_error)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((p.0, p.1), t.px(4.0), colour.filled())),
            )
            .map_err(drawing_error)?;
        for p in &points {
            regions.push(HitRegion::around(
                chart.backend_coord(&(p.0, p.1)),
                t.px(7.0),
                format!(
                    "{name} scaling: {} images at {:.0} % confidence were {:.0} % right",
                    thousands(p.2),
                    100.0 * p.0,
                    100.0 * p.1
                ),
            ));
        }
    }
    Ok(regions)
}

// ---------- training curves ----------

fn sci(v: f64) -> String {
    format!("{v:.1e}")
}

pub fn training_takeaway(run: &TrainingRun) -> String {
    let best = run
        .history
        .iter()
        .filter_map(|e| e.val_balanced_accuracy.map(|b| (e.epoch, b)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let peak_lr = run
        .history
        .iter()
        .filter_map(|e| e.learning_rate().map(|l| (e.epoch, l)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let last = run.history.last().map_or(0, |e| e.epoch);
    let first = match best {
        Some((e, b)) => format!(
            "Validation balanced accuracy peaked at {} in epoch {e} of {last}",
            pct(b)
        ),
        None => format!("The model trained for {last} epochs"),
    };
    match (peak_lr, run.history.last().and_then(|e| e.learning_rate())) {
        (Some((e, peak)), Some(end)) => format!(
            "{first}; the one-cycle learning rate rose to {} by epoch {e}, then annealed to {}.",
            sci(peak),
            sci(end)
        ),
        _ => format!("{first}."),
    }
}

pub fn training_table(run: &TrainingRun) -> Table {
    let mut t = Table::new([
        "epoch",
        "training loss",
        "validation loss",
        "validation balanced accuracy",
        "learning rate",
    ]);
    for e in &run.history {
        t.push([
            e.epoch.to_string(),
            format!("{:.3}", e.train_loss),
            e.val_loss.map_or("n/a".into(), |v| format!("{v:.3}")),
            rate(e.val_balanced_accuracy),
            e.learning_rate().map_or("n/a".into(), sci),
        ]);
    }
    t
}

/// One curve of the training chart: its value in an epoch.
type EpochValue = fn(&crate::data::Epoch) -> Option<f64>;

pub fn draw_training<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: &TrainingRun,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let frame = Frame::new(area, theme);
    let t = theme;
    let series: [(&str, RGBColor, EpochValue); 3] = [
        ("training loss", palette::ORANGE, |e| Some(e.train_loss)),
        ("validation loss", palette::VERMILLION, |e| e.val_loss),
        ("validation balanced accuracy", palette::BLUE, |e| {
            e.val_balanced_accuracy
        }),
    ];
    let mut items: Vec<(String, RGBColor)> = series.iter().map(|s| (s.0.to_owned(), s.1)).collect();
    items.push(("learning rate (right axis)".to_owned(), MUTED));
    let legend_h = legend(&frame, &items, 0, 0)?;
    let (_, plot) = area.split_vertically(legend_h + t.px(4.0));
    let epochs = run.history.iter().map(|e| e.epoch).max().unwrap_or(1);
    let x_range = 0.5f64..f64::from(epochs) + 0.5;
    let y_max = run
        .history
        .iter()
        .flat_map(|e| series.iter().filter_map(|s| (s.2)(e)))
        .fold(1.0, f64::max)
        * 1.05;
    let lr_max = run
        .history
        .iter()
        .filter_map(|e| e.learning_rate())
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE)
        * 1.1;
    let mut chart = chart_builder(&plot, t, true)
        .build_cartesian_2d(x_range.clone(), 0f64..y_max)
        .map_err(drawing_error)?
        .set_secondary_coord(x_range, 0f64..lr_max);
    let whole = |v: &f64| {
        if (v - v.round()).abs() < 1e-6 {
            format!("{v:.0}")
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .x_labels((epochs as usize).min(if t.narrow { 7 } else { 15 }))
        .y_labels(6)
        .max_light_lines(0)
        .bold_line_style(FAINT.stroke_width(t.thin_width()))
        .axis_style(INK.stroke_width(t.thin_width()))
        .label_style(t.text(TextRole::Tick))
        .axis_desc_style(t.text(TextRole::Label))
        .x_label_formatter(&whole)
        .y_label_formatter(&|v| format!("{v:.1}"))
        .set_all_tick_mark_size(t.upx(4.0))
        .x_desc("epoch")
        .y_desc("loss · balanced accuracy")
        .draw()
        .map_err(drawing_error)?;
    chart
        .configure_secondary_axes()
        .y_labels(5)
        .axis_style(INK.stroke_width(t.thin_width()))
        .label_style(t.text(TextRole::Tick).color(&MUTED))
        .y_label_formatter(&|v| if *v == 0.0 { "0".into() } else { sci(*v) })
        .draw()
        .map_err(drawing_error)?;
    chart
        .draw_secondary_series(DashedLineSeries::new(
            run.history
                .iter()
                .filter_map(|e| e.learning_rate().map(|l| (f64::from(e.epoch), l)))
                .collect::<Vec<_>>(),
            t.px(6.0),
            t.px(4.0),
            MUTED.stroke_width(t.line_width()),
        ))
        .map_err(drawing_error)?;
    for (_, colour, value) in &series {
        let points: Vec<(f64, f64)> = run
            .history
            .iter()
            .filter_map(|e| value(e).map(|v| (f64::from(e.epoch), v)))
            .collect();
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                colour.stroke_width(t.line_width()),
            ))
            .map_err(drawing_error)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&p| Circle::new(p, t.px(3.0), colour.filled())),
            )
            .map_err(drawing_error)?;
    }
    // One hover band per epoch, the full height of the plot.
    let mut regions = Vec::new();
    for e in &run.history {
        let x = f64::from(e.epoch);
        let a = chart.backend_coord(&(x - 0.5, y_max));
        let b = chart.backend_coord(&(x + 0.5, 0.0));
        regions.push(HitRegion::new(
            a,
            b,
            format!(
                "epoch {}: training loss {:.3}, validation loss {}, validation balanced accuracy {}, learning rate {}",
                e.epoch,
                e.train_loss,
                e.val_loss.map_or("n/a".into(), |v| format!("{v:.3}")),
                rate(e.val_balanced_accuracy),
                e.learning_rate().map_or("n/a".into(), sci)
            ),
        ));
    }
    Ok(regions)
}
