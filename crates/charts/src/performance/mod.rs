//! The Model page's charts: how well the shipped model performs, from `evaluation.json`
//! (the model measured by `skincheck evaluate`, the Rust code path the app runs), and how its
//! training went, from `training.json`. One file per chart, each with its takeaway, table and
//! drawing.
//!
//! Named `performance` rather than `model`: in this project "model" already means the
//! network, its card (`model.json`) and the page.
//!
//! The drawing functions assume a report checked by [`crate::data::evaluation_from_json`]
//! (square confusion matrix, one entry per class everywhere).

mod confusion_matrix;
mod per_class;
mod reliability;
mod roc;
mod training;

pub use confusion_matrix::{
    confusion_cell_colour, confusion_cell_colour_in, confusion_table, confusion_takeaway,
    draw_confusion, ConfusionView,
};
pub use per_class::{draw_per_class, per_class_table, per_class_takeaway};
pub use reliability::{draw_reliability, reliability_table, reliability_takeaway};
pub use roc::{draw_roc, roc_table, roc_takeaway};
pub use training::{draw_training, training_table, training_takeaway};
