use leptos::prelude::*;

use crate::state::{use_app_state, ModelStatus};
use crate::text::capitalise;

/// The one-time model load: bytes fetched of the total, then preparation, then ready or a
/// message saying what went wrong (including the core's hash-mismatch text).
#[component]
pub fn ModelStatusBar() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="model-status" aria-live="polite" data-testid="model-status"
            data-state=move || match state.model.get() {
                ModelStatus::Fetching { .. } => "fetching",
                ModelStatus::Preparing => "preparing",
                ModelStatus::Ready { .. } => "ready",
                ModelStatus::Failed(_) => "failed",
            }>
            {move || match state.model.get() {
                ModelStatus::Fetching { fetched, total } => {
                    let text = match total {
                        Some(total) => format!("Downloading the model: {} of {}", bytes(fetched), bytes(total)),
                        None => format!("Downloading the model: {}", bytes(fetched)),
                    };
                    view! {
                        <label for="model-progress">{text}</label>
                        <progress id="model-progress" max=total.map(|t| t.max(1) as f64).unwrap_or(1.0)
                            value=move || (total.is_some()).then_some(fetched as f64)></progress>
                    }.into_any()
                }
                ModelStatus::Preparing => view! {
                    <label for="model-progress">"Checking and preparing the model…"</label>
                    <progress id="model-progress"></progress>
                }.into_any(),
                ModelStatus::Ready { card, load_ms } => view! {
                    <p class="ok">
                        "Model ready (" {card.model_id.clone()} ", prepared in " {format!("{load_ms:.0}")} " ms). "
                        "Photos are classified on this device."
                    </p>
                }.into_any(),
                ModelStatus::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="model-error">
                        <strong>"The model could not be loaded. "</strong>{capitalise(&message)}"."
                    </p>
                }.into_any(),
            }}
        </div>
    }
}

/// Bytes for people: "1.4 MB", "16.2 kB".
fn bytes(n: u64) -> String {
    let n = n as f64;
    if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1} kB", n / 1e3)
    } else {
        format!("{n} bytes")
    }
}
