//! The classifier page's parts, one component per file.

mod batch_detail;
mod batch_table;
mod cam_view;
mod chart_canvas;
mod chart_figure;
mod crop_editor;
mod diagnosis_info;
mod disclaimer;
mod headline_figures;
mod image_input;
mod json_link;
mod metadata_form;
mod model_status;
mod probability_bars;
mod result_panel;
mod save_result;
mod timeline_chart;
mod triage_badge;

pub use batch_detail::BatchDetail;
pub use batch_table::BatchTable;
pub use cam_view::CamView;
pub use chart_canvas::{ChartCanvas, ChartHeight, DrawChart};
pub use chart_figure::ChartFigure;
pub use crop_editor::CropEditor;
pub use diagnosis_info::DiagnosisInfo;
pub use disclaimer::Disclaimer;
pub use headline_figures::HeadlineFigures;
pub use image_input::{capitalise, ImageInput, MAX_FILE_BYTES};
pub use json_link::JsonLink;
pub use metadata_form::MetadataForm;
pub use model_status::ModelStatusBar;
pub use probability_bars::ProbabilityBars;
pub use result_panel::ResultPanel;
pub use save_result::SaveResult;
pub use timeline_chart::TimelineChart;
pub use triage_badge::TriageBadge;
