//! Every chart of the Data and Model pages as one value that knows its title, takeaway,
//! table and drawing, so the page can render them all alike. Words and numbers come in a
//! [`Language`]: the `_in` methods and [`Theme::language`] take it, the plain ones are English
//! (the CLI's and the native tests' language).

use std::sync::Arc;

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;
use skincheck_metrics::EvaluationReport;

pub use crate::performance::ConfusionView;

use crate::data::{DatasetStats, TrainingRun};
use crate::error::{drawing_error, ChartError};
use crate::hit::HitRegion;
use crate::table::{words, Table};
use crate::theme::Theme;
use crate::{dataset, performance};

/// One chart and the data it draws.
#[derive(Debug, Clone)]
pub enum Chart {
    ImagesPerClass(Arc<DatasetStats>),
    Age(Arc<DatasetStats>),
    Sex(Arc<DatasetStats>),
    BodySite(Arc<DatasetStats>),
    Confirmation(Arc<DatasetStats>),
    Confusion(Arc<EvaluationReport>, ConfusionView),
    PerClass(Arc<EvaluationReport>),
    Roc(Arc<EvaluationReport>),
    Reliability(Arc<EvaluationReport>),
    Training(Arc<TrainingRun>),
}

impl Chart {
    /// The Data page's charts, in page order.
    pub fn dataset(stats: Arc<DatasetStats>) -> Vec<Chart> {
        vec![
            Chart::ImagesPerClass(stats.clone()),
            Chart::Age(stats.clone()),
            Chart::Sex(stats.clone()),
            Chart::BodySite(stats.clone()),
            Chart::Confirmation(stats),
        ]
    }

    /// The Model page's evaluation charts, in page order.
    pub fn evaluation(report: Arc<EvaluationReport>) -> Vec<Chart> {
        vec![
            Chart::Confusion(report.clone(), ConfusionView::Counts),
            Chart::Confusion(report.clone(), ConfusionView::RowShares),
            Chart::PerClass(report.clone()),
            Chart::Roc(report.clone()),
            Chart::Reliability(report),
        ]
    }

    /// A stable name for element ids and test hooks.
    pub fn id(&self) -> &'static str {
        match self {
            Chart::ImagesPerClass(_) => "images-per-class",
            Chart::Age(_) => "age",
            Chart::Sex(_) => "sex",
            Chart::BodySite(_) => "body-site",
            Chart::Confirmation(_) => "confirmation",
            Chart::Confusion(_, ConfusionView::Counts) => "confusion-counts",
            Chart::Confusion(_, ConfusionView::RowShares) => "confusion-shares",
            Chart::PerClass(_) => "per-class",
            Chart::Roc(_) => "roc",
            Chart::Reliability(_) => "reliability",
            Chart::Training(_) => "training",
        }
    }

    /// The title in English; [`Chart::title_in`] for a language.
    pub fn title(&self) -> &'static str {
        self.title_in(Language::En)
    }

    pub fn title_in(&self, language: Language) -> &'static str {
        let w = |en, de| words(language, en, de);
        match self {
            Chart::ImagesPerClass(_) => w("Images per diagnosis", "Bilder je Diagnose"),
            Chart::Age(_) => w("Age by diagnosis", "Alter nach Diagnose"),
            Chart::Sex(_) => w("Sex by diagnosis", "Geschlecht nach Diagnose"),
            Chart::BodySite(_) => w("Body site by diagnosis", "Körperstelle nach Diagnose"),
            Chart::Confirmation(_) => w(
                "How the diagnosis was confirmed",
                "Wie die Diagnose gesichert wurde",
            ),
            Chart::Confusion(_, ConfusionView::Counts) => {
                w("Confusion matrix (images)", "Konfusionsmatrix (Bilder)")
            }
            Chart::Confusion(_, ConfusionView::RowShares) => w(
                "Confusion matrix (share of each true diagnosis)",
                "Konfusionsmatrix (Anteil je tatsächlicher Diagnose)",
            ),
            Chart::PerClass(_) => w(
                "Recall, precision and F1 per diagnosis",
                "Sensitivität, Präzision und F1 je Diagnose",
            ),
            Chart::Roc(_) => w(
                "ROC curves, one diagnosis against the rest",
                "ROC-Kurven, jede Diagnose gegen alle übrigen",
            ),
            Chart::Reliability(_) => w(
                "Calibration: reliability before and after temperature scaling",
                "Kalibrierung: Zuverlässigkeit vor und nach der Temperaturskalierung",
            ),
            Chart::Training(_) => w("Training curves", "Trainingskurven"),
        }
    }

    /// One sentence saying what to take from the chart, computed from its data, in English.
    pub fn takeaway(&self) -> String {
        self.takeaway_in(Language::En)
    }

    pub fn takeaway_in(&self, language: Language) -> String {
        let l = language;
        match self {
            Chart::ImagesPerClass(s) => dataset::images_per_class_takeaway(s, l),
            Chart::Age(s) => dataset::age_takeaway(s, l),
            Chart::Sex(s) => dataset::sex_takeaway(s, l),
            Chart::BodySite(s) => dataset::site_takeaway(s, l),
            Chart::Confirmation(s) => dataset::dx_type_takeaway(s, l),
            Chart::Confusion(r, v) => performance::confusion_takeaway(r, *v, l),
            Chart::PerClass(r) => performance::per_class_takeaway(r, l),
            Chart::Roc(r) => performance::roc_takeaway(r, l),
            Chart::Reliability(r) => performance::reliability_takeaway(r, l),
            Chart::Training(t) => performance::training_takeaway(t, l),
        }
    }

    /// The chart's numbers as a table, its text alternative, in English.
    pub fn table(&self) -> Table {
        self.table_in(Language::En)
    }

    pub fn table_in(&self, language: Language) -> Table {
        let l = language;
        match self {
            Chart::ImagesPerClass(s) => dataset::images_per_class_table(s, l),
            Chart::Age(s) => dataset::age_table(s, l),
            Chart::Sex(s) => dataset::sex_table(s, l),
            Chart::BodySite(s) => dataset::site_table(s, l),
            Chart::Confirmation(s) => dataset::dx_type_table(s, l),
            Chart::Confusion(r, v) => performance::confusion_table(r, *v, l),
            Chart::PerClass(r) => performance::per_class_table(r, l),
            Chart::Roc(r) => performance::roc_table(r, l),
            Chart::Reliability(r) => performance::reliability_table(r, l),
            Chart::Training(t) => performance::training_table(t, l),
        }
    }

    /// Height for a drawing `css_width` CSS pixels wide, in CSS pixels: tall enough for
    /// every row to stay legible on a phone, never taller than a desktop screen wants.
    pub fn css_height(&self, css_width: f64) -> f64 {
        let (ratio, min, max) = match self {
            Chart::ImagesPerClass(_) => (0.45, 280.0, 360.0),
            Chart::Age(_) => (0.8, 480.0, 600.0),
            Chart::Sex(_) | Chart::Confirmation(_) => (0.45, 320.0, 380.0),
            Chart::BodySite(_) => (0.7, 440.0, 540.0),
            Chart::Confusion(..) => (0.75, 330.0, 520.0),
            Chart::PerClass(_) => (0.6, 460.0, 560.0),
            Chart::Roc(_) | Chart::Reliability(_) => (0.75, 380.0, 520.0),
            Chart::Training(_) => (0.55, 340.0, 440.0),
        };
        (css_width * ratio).clamp(min, max)
    }

    /// Draws the chart on `area` (cleared to the theme's background first), its words in the
    /// theme's language, and returns its hover regions in backend pixels.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<Vec<HitRegion>, ChartError> {
        area.fill(&theme.mode.background()).map_err(drawing_error)?;
        let regions = match self {
            Chart::ImagesPerClass(s) => dataset::draw_images_per_class(area, s, theme),
            Chart::Age(s) => dataset::draw_age(area, s, theme),
            Chart::Sex(s) => dataset::draw_sex(area, s, theme),
            Chart::BodySite(s) => dataset::draw_site(area, s, theme),
            Chart::Confirmation(s) => dataset::draw_dx_type(area, s, theme),
            Chart::Confusion(r, v) => performance::draw_confusion(area, r, *v, theme),
            Chart::PerClass(r) => performance::draw_per_class(area, r, theme),
            Chart::Roc(r) => performance::draw_roc(area, r, theme),
            Chart::Reliability(r) => performance::draw_reliability(area, r, theme),
            Chart::Training(t) => performance::draw_training(area, t, theme),
        }?;
        area.present().map_err(drawing_error)?;
        Ok(regions)
    }
}
