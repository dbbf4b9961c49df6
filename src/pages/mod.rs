//! One component per route.

mod about;
mod classifier;
mod data;
mod model;
mod not_found;

pub use about::AboutPage;
pub use classifier::ClassifierPage;
pub use data::DataPage;
pub use model::ModelPage;
pub use not_found::NotFoundPage;
