//! Training curves: training and validation loss, validation balanced accuracy and the
//! learning rate (right axis) per epoch, from `training.json`. It shows when the model
//! stopped improving and that the shipped epoch was not an overfitted one.

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use crate::axes::{chart_builder, line_with_markers, plot_under_legend, themed_mesh};
use crate::data::{Epoch, TrainingRun};
use crate::error::{drawing_error, ChartError};
use crate::hit::HitRegion;
use crate::palette;
use crate::table::{decimal, not_available, rate, whole_percent, words, Table};
use crate::theme::{TextRole, Theme};

/// A learning rate, e.g. `3.0e-4` (`3,0e-4` in German).
fn sci(v: f64, language: Language) -> String {
    let text = format!("{v:.1e}");
    match language {
        Language::En => text,
        Language::De => text.replace('.', ","),
    }
}

/// An epoch's learning rate as the table and hover texts write it.
fn learning_rate_text(e: &Epoch, language: Language) -> String {
    e.learning_rate()
        .map_or(not_available(language).into(), |v| sci(v, language))
}

/// The names of the curves and the table's columns, in `language`.
fn names(language: Language) -> [&'static str; 4] {
    match language {
        Language::En => [
            "training loss",
            "validation loss",
            "validation balanced accuracy",
            "learning rate",
        ],
        Language::De => [
            "Trainingsverlust",
            "Validierungsverlust",
            "balancierte Genauigkeit (Validierung)",
            "Lernrate",
        ],
    }
}

pub fn training_takeaway(run: &TrainingRun, language: Language) -> String {
    let l = language;
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
    let first = match (best, l) {
        (Some((e, b)), Language::En) => format!(
            "Validation balanced accuracy peaked at {} in epoch {e} of {last}",
            whole_percent(b)
        ),
        (Some((e, b)), Language::De) => format!(
            "Die balancierte Genauigkeit auf den Validierungsdaten erreichte ihr Maximum von {} \
             in Epoche {e} von {last}",
            whole_percent(b)
        ),
        (None, Language::En) => format!("The model trained for {last} epochs"),
        (None, Language::De) => format!("Das Modell wurde {last} Epochen lang trainiert"),
    };
    let Some(((e, peak), end)) = peak_lr.zip(run.history.last().and_then(|e| e.learning_rate()))
    else {
        return format!("{first}.");
    };
    let (peak, end) = (sci(peak, l), sci(end, l));
    match l {
        Language::En => format!(
            "{first}; the one-cycle learning rate rose to {peak} by epoch {e}, then annealed to \
             {end}."
        ),
        Language::De => format!(
            "{first}; die One-Cycle-Lernrate stieg bis Epoche {e} auf {peak} und fiel dann auf \
             {end}."
        ),
    }
}

pub fn training_table(run: &TrainingRun, language: Language) -> Table {
    let mut headers = vec![words(language, "epoch", "Epoche")];
    headers.extend(names(language));
    let mut t = Table::new(headers);
    for e in &run.history {
        t.push([
            e.epoch.to_string(),
            decimal(Some(e.train_loss), language),
            decimal(e.val_loss, language),
            rate(e.val_balanced_accuracy, language),
            learning_rate_text(e, language),
        ]);
    }
    t
}

/// One curve of the training chart: its value in an epoch.
type EpochValue = fn(&Epoch) -> Option<f64>;

pub fn draw_training<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: &TrainingRun,
    theme: &Theme,
) -> Result<Vec<HitRegion>, ChartError> {
    let t = theme;
    let l = t.language;
    let [train, val, balanced, _] = names(l);
    let series: [(&str, RGBColor, EpochValue); 3] = [
        (train, t.mode.series(palette::ORANGE), |e| {
            Some(e.train_loss)
        }),
        (val, t.mode.series(palette::VERMILLION), |e| e.val_loss),
        (balanced, t.mode.series(palette::BLUE), |e| {
            e.val_balanced_accuracy
        }),
    ];
    let mut items: Vec<(String, RGBColor)> = series.iter().map(|s| (s.0.to_owned(), s.1)).collect();
    let learning_rate = words(l, "learning rate (right axis)", "Lernrate (rechte Achse)");
    items.push((learning_rate.to_owned(), t.mode.muted()));
    let plot = plot_under_legend(area, t, &items)?;
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
    themed_mesh(&mut chart, t)
        .x_labels((epochs as usize).min(if t.narrow { 7 } else { 15 }))
        .x_label_formatter(&whole)
        .y_label_formatter(&|v| l.decimal(*v, 1))
        .x_desc(words(l, "epoch", "Epoche"))
        .y_desc(words(
            l,
            "loss · balanced accuracy",
            "Verlust · balancierte Genauigkeit",
        ))
        .draw()
        .map_err(drawing_error)?;
    chart
        .configure_secondary_axes()
        .y_labels(5)
        .axis_style(t.mode.ink().stroke_width(t.thin_width()))
        .label_style(t.text(TextRole::Tick).color(&t.mode.muted()))
        .y_label_formatter(&|v| if *v == 0.0 { "0".into() } else { sci(*v, l) })
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
            t.mode.muted().stroke_width(t.line_width()),
        ))
        .map_err(drawing_error)?;
    for (_, colour, value) in &series {
        let points: Vec<(f64, f64)> = run
            .history
            .iter()
            .filter_map(|e| value(e).map(|v| (f64::from(e.epoch), v)))
            .collect();
        line_with_markers(&mut chart, &points, *colour, t, 3.0)?;
    }
    // One hover band per epoch, the full height of the plot.
    let mut regions = Vec::new();
    for e in &run.history {
        let x = f64::from(e.epoch);
        let a = chart.backend_coord(&(x - 0.5, y_max));
        let b = chart.backend_coord(&(x + 0.5, 0.0));
        let (epoch, lr) = (
            words(l, "epoch", "Epoche"),
            words(l, "learning rate", "Lernrate"),
        );
        let text = format!(
            "{epoch} {}: {train} {}, {val} {}, {balanced} {}, {lr} {}",
            e.epoch,
            decimal(Some(e.train_loss), l),
            decimal(e.val_loss, l),
            rate(e.val_balanced_accuracy, l),
            learning_rate_text(e, l)
        );
        regions.push(HitRegion::new(a, b, text));
    }
    Ok(regions)
}
