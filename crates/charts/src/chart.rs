//! Every chart of the Data and Model pages as one value that knows its title, takeaway,
//! table and drawing, so the page can render them all alike.

use std::sync::Arc;

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_metrics::EvaluationReport;

pub use crate::performance::ConfusionView;

use crate::data::{DatasetStats, TrainingRun};
use crate::error::{drawing_error, ChartError};
use crate::hit::HitRegion;
use crate::table::Table;
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

    pub fn title(&self) -> &'static str {
        match self {
            Chart::ImagesPerClass(_) => "Images per diagnosis",
            Chart::Age(_) => "Age by diagnosis",
            Chart::Sex(_) => "Sex by diagnosis",
            Chart::BodySite(_) => "Body site by diagnosis",
            Chart::Confirmation(_) => "How the diagnosis was confirmed",
            Chart::Confusion(_, ConfusionView::Counts) => "Confusion matrix (images)",
            Chart::Confusion(_, ConfusionView::RowShares) => {
                "Confusion matrix (share of each true diagnosis)"
            }
            Chart::PerClass(_) => "Recall, precision and F1 per diagnosis",
            Chart::Roc(_) => "ROC curves, one diagnosis against the rest",
            Chart::Reliability(_) => {
                "Calibration: reliability before and after temperature scaling"
            }
            Chart::Training(_) => "Training curves",
        }
    }

    /// One sentence saying what to take from the chart, computed from its data.
    pub fn takeaway(&self) -> String {
        match self {
            Chart::ImagesPerClass(s) => dataset::images_per_class_takeaway(s),
            Chart::Age(s) => dataset::age_takeaway(s),
            Chart::Sex(s) => dataset::sex_takeaway(s),
            Chart::BodySite(s) => dataset::site_takeaway(s),
            Chart::Confirmation(s) => dataset::dx_type_takeaway(s),
            Chart::Confusion(r, v) => performance::confusion_takeaway(r, *v),
            Chart::PerClass(r) => performance::per_class_takeaway(r),
            Chart::Roc(r) => performance::roc_takeaway(r),
            Chart::Reliability(r) => performance::reliability_takeaway(r),
            Chart::Training(t) => performance::training_takeaway(t),
        }
    }

    /// The chart's numbers as a table: its text alternative.
    pub fn table(&self) -> Table {
        match self {
            Chart::ImagesPerClass(s) => dataset::images_per_class_table(s),
            Chart::Age(s) => dataset::age_table(s),
            Chart::Sex(s) => dataset::sex_table(s),
            Chart::BodySite(s) => dataset::site_table(s),
            Chart::Confirmation(s) => dataset::dx_type_table(s),
            Chart::Confusion(r, v) => performance::confusion_table(r, *v),
            Chart::PerClass(r) => performance::per_class_table(r),
            Chart::Roc(r) => performance::roc_table(r),
            Chart::Reliability(r) => performance::reliability_table(r),
            Chart::Training(t) => performance::training_table(t),
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

    /// Draws the chart on `area` (cleared to white first) and returns its hover regions in
    /// backend pixels.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<Vec<HitRegion>, ChartError> {
        area.fill(&WHITE).map_err(drawing_error)?;
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
