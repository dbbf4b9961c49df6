use leptos::prelude::*;

use crate::components::{HeadlineFigures, JsonLink};
use crate::state::use_app_state;

/// The model page. Its evaluation charts belong to a later release; until then it gives the
/// card's facts and links to the JSON files as published.
#[component]
pub fn ModelPage() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page prose">
            <h1>"The model"</h1>
            {move || state.card().map(|card| view! {
                <dl class="facts">
                    <dt>"Model"</dt><dd>{card.model_id.clone()}</dd>
                    <dt>"Architecture"</dt><dd>{card.architecture.clone()}</dd>
                    <dt>"Input"</dt>
                    <dd>{format!("{0} x {0} pixels plus age, sex and body site", card.preprocessing.size)}</dd>
                    <dt>"Calibration temperature"</dt><dd>{format!("{}", card.temperature)}</dd>
                    <dt>"Alert thresholds"</dt>
                    <dd>{format!(
                        "suspicious from {:.0} %, malignant from {:.0} % (summed probability of {})",
                        100.0 * card.triage.suspicious_threshold,
                        100.0 * card.triage.malignant_threshold,
                        card.triage.malignant_classes.join(", "),
                    )}</dd>
                </dl>
            })}
            <h2>"Measured performance"</h2>
            <HeadlineFigures/>
            <p class="notice">
                "Charts of the model's accuracy (per-class recall, ROC curves, calibration and "
                "the confusion matrix) come in a later release. The underlying files:"
            </p>
            <ul>
                <li><JsonLink file="assets/model.json" label="Model card (model.json)"/></li>
                <li><JsonLink file="assets/evaluation.json" label="Evaluation report (evaluation.json)"/></li>
                <li><JsonLink file="assets/training.json" label="Training run and calibration (training.json)"/></li>
            </ul>
        </section>
    }
}
