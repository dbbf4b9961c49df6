//! The classifier page's parts, one component per file.

mod cam_view;
mod crop_editor;
mod diagnosis_info;
mod disclaimer;
mod headline_figures;
mod image_input;
mod json_link;
mod metadata_form;
mod model_status;
mod offline_storage;
mod probability_bars;
mod result_panel;
mod triage_badge;
mod update_banner;

pub use cam_view::CamView;
pub use crop_editor::CropEditor;
pub use diagnosis_info::DiagnosisInfo;
pub use disclaimer::Disclaimer;
pub use headline_figures::HeadlineFigures;
pub use image_input::{capitalise, ImageInput};
pub use json_link::JsonLink;
pub use metadata_form::MetadataForm;
pub use model_status::ModelStatusBar;
pub use offline_storage::OfflineStorage;
pub use probability_bars::ProbabilityBars;
pub use result_panel::ResultPanel;
pub use triage_badge::TriageBadge;
pub use update_banner::UpdateBanner;
