//! One component per route.

mod about;
mod batch;
mod classifier;
mod data;
mod guide;
mod history;
mod model;
mod not_found;
mod report;

pub use about::AboutPage;
pub use batch::BatchPage;
pub use classifier::ClassifierPage;
pub use data::DataPage;
pub use guide::GuidePage;
pub use history::HistoryPage;
pub use model::ModelPage;
pub use not_found::NotFoundPage;
pub use report::ReportPage;
