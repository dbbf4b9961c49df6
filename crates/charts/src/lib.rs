//! SkinCheck's charts. Every chart is a plain function generic over plotters'
//! `DrawingBackend`, so the app draws it on a `<canvas>` and native tests render the very
//! same code to a bitmap and check its pixels.
//!
//! The crate is split so that other charts can reuse the shared pieces:
//! - [`data`]: the JSON files the charts read (`dataset_stats.json`, `training.json`;
//!   `evaluation.json` is [`skincheck_metrics::EvaluationReport`]), parsed with clear errors;
//! - [`palette`] and [`theme`]: colour-blind-safe colours, font sizes and strokes scaled by
//!   the device pixel ratio, and the light or dark page ([`ColourMode`]) with WCAG contrast
//!   ([`palette::contrast_ratio`]) checked for both;
//! - [`hit`] and [`table`]: what a chart gives the page besides pixels — hover regions with
//!   their values and a table as the text alternative — and the number formats (`thousands`,
//!   `percent`, `rate`, …) every table, takeaway and hover text shares;
//! - [`dataset`] (the Data page) and [`performance`] (the Model page: evaluation and
//!   training curves): one file per chart, collected as [`Chart`] values that know their
//!   title, takeaway, table and drawing; [`timeline`]: the history page's chart.
//!
//! Class codes and names are never listed here: they come with the data (the classes of
//! `evaluation.json` and `dataset_stats.json`, the names the page passes from the model card
//! with [`DatasetStats::with_class_names`]), and a class's colour is its place in that order.
//!
//! Adding a chart: write a `draw_…<DB: DrawingBackend>` function
//! that returns its [`HitRegion`]s, plus a takeaway and a [`Table`] computed from the data;
//! the crate-private `draw` module has the shared layouts (labelled bar rows with an axis,
//! heatmaps, wrapping legends, text measured the same in the browser and natively) and
//! `axes` the cartesian ones (themed mesh, unit square, lines with markers). Add a
//! [`Chart`] variant to get the app's `ChartFigure` (title, takeaway, canvas, table) for
//! free, or draw it with the app's `ChartCanvas` directly (`src/components/chart_canvas.rs`:
//! sizing, device pixel ratio, redraw on resize, hover and keyboard values). Native tests
//! render it with `BitMapBackend` after [`register_native_font`].
//!
//! Modules import only from leaf modules (`error`, `table`, `theme`, `palette`, `hit`,
//! `data`, then `draw`, `axes`), never from the crate root or a parent that imports them.

mod axes;
pub mod chart;
pub mod data;
pub mod dataset;
mod draw;
mod error;
pub mod hit;
pub mod palette;
pub mod performance;
pub mod table;
pub mod theme;
pub mod timeline;

pub use chart::{Chart, ConfusionView};
pub use data::{DatasetStats, TrainingRun};
pub use error::{ChartError, Inconsistency};
pub use hit::{hit_test, HitRegion};
pub use table::Table;
pub use theme::{ColourMode, Theme};

/// The language of a chart's words and numbers: English by default (the CLI, the native
/// tests), German on the German page; set with [`Theme::with_language`] and the `_in`
/// methods of [`Chart`].
pub use skincheck_core::Language;

/// The plotters version the drawing functions are written against, for callers that build
/// their own backends (the app's canvas, tests' bitmaps).
pub use plotters;

/// Registers the committed DejaVu Sans (see `fonts/`) as plotters' `sans-serif` for native
/// rendering (tests, PNG export). In the browser the canvas draws text itself, so the font
/// is compiled in only off wasm32 and the app bundle does not carry it. Safe to call twice.
#[cfg(not(target_arch = "wasm32"))]
pub fn register_native_font() -> Result<(), ChartError> {
    static FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
    plotters::style::register_font(theme::FONT_FAMILY, plotters::style::FontStyle::Normal, FONT)
        .map_err(|_| ChartError::Drawing("the bundled DejaVu Sans font is unreadable".into()))
}
