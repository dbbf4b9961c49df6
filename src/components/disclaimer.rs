use leptos::prelude::*;

/// The one sentence that must sit next to every result.
pub const DISCLAIMER: &str =
    "Not a diagnosis. See a dermatologist about any new or changing lesion.";

/// The disclaimer, styled to stay in view beside the result.
#[component]
pub fn Disclaimer() -> impl IntoView {
    view! {
        <p class="disclaimer" role="note" data-testid="disclaimer">
            <strong>{DISCLAIMER}</strong>
            <span class="disclaimer-more">" An automated estimate from one photo; it can be wrong either way."</span>
        </p>
    }
}
