//! The Data page's charts: what HAM10000 looks like to the model, from
//! `dataset_stats.json`. One file per chart, each with a takeaway computed from the data, a
//! table (its text alternative) and a drawing function; `categories` and `stacked` hold the
//! two layouts several charts share. Class codes come from [`DatasetStats::classes`] and
//! diagnosis names from [`DatasetStats::class_name`] (the model card's, passed in by the
//! page in its language), never from a list of this crate's own. The categories (sexes, body
//! sites, ways of confirming) are HAM10000's fixed codes, named here in each language.
//!
//! [`DatasetStats::classes`]: crate::data::DatasetStats::classes
//! [`DatasetStats::class_name`]: crate::data::DatasetStats::class_name

mod age;
mod body_site;
mod categories;
mod confirmation;
mod images_per_class;
mod sex;
mod stacked;

pub use age::{age_table, age_takeaway, draw_age};
pub use body_site::{draw_site, site_name, site_table, site_takeaway};
pub use confirmation::{
    draw_dx_type, dx_type_name, dx_type_name_in, dx_type_table, dx_type_takeaway,
};
pub use images_per_class::{
    draw_images_per_class, images_per_class_table, images_per_class_takeaway,
};
pub use sex::{draw_sex, sex_name, sex_table, sex_takeaway};
