use leptos::prelude::*;

use crate::components::JsonLink;
use crate::diagnoses::HAM10000;

/// The training-data page. Its charts belong to a later release; until then it says so and
/// points at the published JSON instead of showing placeholders dressed up as charts.
#[component]
pub fn DataPage() -> impl IntoView {
    view! {
        <section class="page prose">
            <h1>"Training data"</h1>
            <p>
                "The model learns from HAM10000, dermatoscopic images of pigmented skin "
                "lesions with seven diagnoses, collected in Vienna and Queensland: 8,481 of its "
                "10,015 images, split by lesion into training, validation and test. Source: "
                {HAM10000} ", licence CC BY-NC-SA 4.0."
            </p>
            <p class="notice">
                "Charts of the data (class balance, age, sex and body site, and how it was "
                "split for training and testing) come in a later release. Until then, the "
                "figures are published as JSON:"
            </p>
            <ul>
                <li><JsonLink file="assets/dataset_stats.json" label="Data set statistics (dataset_stats.json)"/></li>
                <li><JsonLink file="assets/training.json" label="Training run (training.json)"/></li>
                <li><JsonLink file="assets/model.json" label="Model card (model.json)"/></li>
            </ul>
        </section>
    }
}
