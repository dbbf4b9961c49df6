use leptos::prelude::*;

use crate::components::{
    CamView, DiagnosisInfo, Disclaimer, GatedEstimate, GatedTriage, ProbabilityBars, SaveResult,
};
use crate::state::{use_app_state, ImageSlot, ModelStatus};
use crate::text::capitalise;

/// Everything the model says about the open photo, with the disclaimer always beside it.
#[component]
pub fn ResultPanel() -> impl IntoView {
    let state = use_app_state();
    // The result of the photo on screen (a late reply for an older photo never shows).
    let result = Memo::new(move |_| {
        let image_id = state.image.with(|s| s.open().map(|i| i.id))?;
        state.result.get().filter(|r| r.image_id == image_id)
    });
    let card = Memo::new(move |_| state.card());
    let image_name = move || {
        state
            .image
            .with_untracked(|s| s.open().map(|i| i.name.clone()))
            .unwrap_or_default()
    };

    view! {
        <section class="results" aria-labelledby="result-title" data-testid="results"
            aria-busy=move || state.busy.get().to_string()>
            <h2 id="result-title">"3. Result"</h2>
            // Sticky: stays in view while the result scrolls past.
            <div class="results-head">
                <Disclaimer/>
            </div>
            {move || state.result_error.get().map(|e| view! {
                <p class="error" role="alert" data-testid="result-error">{capitalise(&e)} "."</p>
            })}
            {move || match (result.get(), card.get()) {
                (Some(r), Some(card)) => {
                    let c = r.classification.clone();
                    view! {
                        // A photo the gate refuses shows its reason; the estimate only on request.
                        <GatedEstimate check=c.check.clone()>
                            <GatedTriage classification=c.clone()/>
                            <ProbabilityBars classification=c.clone() card=card.clone()/>
                            <p class="timing" data-testid="timing">
                                "Prediction took " <strong data-ms=format!("{:.1}", r.classify_ms)>{format!("{:.0} ms", r.classify_ms)}</strong>
                                " on this device (preprocessing and the network, in a background worker)"
                                {move || state.busy.get().then_some(" — updating…")}
                            </p>
                            <CamView result=r.clone() card=card.clone()/>
                            <SaveResult record=skincheck_core::ResultRecord::new(&image_name(), &c, &card) result=r.clone()/>
                            <DiagnosisInfo card=card.clone() top=c.decision.ranking.first().copied().unwrap_or(0)/>
                        </GatedEstimate>
                    }.into_any()
                }
                _ => view! { <p class="placeholder">{move || placeholder(&state.model.get(), &state.image.get(), state.busy.get())}</p> }.into_any(),
            }}
        </section>
    }
}

/// What to say while there is no result yet.
fn placeholder(model: &ModelStatus, image: &ImageSlot, busy: bool) -> &'static str {
    match (model, image) {
        (ModelStatus::Failed(_), _) => "No result: the model is not available (see above).",
        (_, ImageSlot::Empty | ImageSlot::Failed { .. }) => {
            "Add a photo to see the estimated diagnoses here."
        }
        (ModelStatus::Ready { .. }, ImageSlot::Open(_)) if busy => "Classifying…",
        (ModelStatus::Ready { .. }, _) => "Reading the photo…",
        _ => "The result appears once the model has loaded.",
    }
}
