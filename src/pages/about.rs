use leptos::prelude::*;

use crate::components::{Disclaimer, OfflineStorage};
use crate::diagnoses::HAM10000;
use crate::state::{use_app_state, ModelStatus};

/// What SkinCheck is, how it treats the photo, where its data come from, and which model
/// this copy runs.
#[component]
pub fn AboutPage() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page prose">
            <h1>"About SkinCheck"</h1>
            <Disclaimer/>
            <p>
                "SkinCheck estimates which of seven common kinds of skin lesion a dermatoscopic "
                "photo most resembles, and how much of that estimate falls on the malignant "
                "kinds (melanoma, basal cell carcinoma, actinic keratosis / intraepithelial "
                "carcinoma). It is a learning and triage aid: it cannot examine the skin, "
                "know the lesion's history, or replace a biopsy."
            </p>
            <h2>"Privacy"</h2>
            <p>
                "Everything is computed on this device. The app downloads its own model once "
                "from the site it came from, then classifies photos inside the browser (in a "
                "background worker). Photos, ages, sexes and body sites are never uploaded, "
                "stored or sent anywhere; there are no analytics, cookies or third-party "
                "resources."
            </p>
            <OfflineStorage/>
            <h2>"Data"</h2>
            <p>
                "The model is trained on the HAM10000 dataset: " {HAM10000}
                ". Licensed under Creative Commons BY-NC-SA 4.0, so SkinCheck's model is for "
                "non-commercial use. The example images in the project's tests come from the "
                "same dataset."
            </p>
            <h2>"This copy's model"</h2>
            {move || match state.model.get() {
                ModelStatus::Ready { card, .. } => {
                    let training = training_text(&card.training);
                    view! {
                        <dl class="facts">
                            <dt>"Model id"</dt><dd><code>{card.model_id.clone()}</code></dd>
                            <dt>"Architecture"</dt><dd>{card.architecture.clone()}</dd>
                            <dt>"SHA-256"</dt><dd><code class="hash">{card.sha256.clone()}</code></dd>
                            {training.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                        </dl>
                    }.into_any()
                }
                ModelStatus::Failed(message) => view! {
                    <p class="error" role="alert">"The model could not be loaded: " {message}</p>
                }.into_any(),
                _ => view! { <p>"The model is still loading."</p> }.into_any(),
            }}
        </section>
    }
}

/// The card's free-form `training` object as label/value rows, in the card's order.
fn training_text(training: &serde_json::Value) -> Vec<(String, String)> {
    let Some(fields) = training.as_object() else {
        return Vec::new();
    };
    fields
        .iter()
        .map(|(key, value)| {
            let label = match key.as_str() {
                "data" => "Training data".to_owned(),
                "licence" => "Data licence".to_owned(),
                "device" => "Trained on".to_owned(),
                "epochs" => "Epochs".to_owned(),
                "wall_time_s" => "Training time (s)".to_owned(),
                "notes" => "Notes".to_owned(),
                other => crate::text::capitalise(&other.replace('_', " ")),
            };
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (label, text)
        })
        .collect()
}
