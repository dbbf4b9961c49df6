use leptos::prelude::*;

use crate::i18n::{language, t, t_string, use_i18n};
use crate::state::{use_app_state, ModelStatus};
use crate::text::{byte_size, capitalise};

/// The one-time model load: bytes fetched of the total, then preparation, then ready or a
/// message saying what went wrong (including the core's hash-mismatch text).
#[component]
pub fn ModelStatusBar() -> impl IntoView {
    let i18n = use_i18n();
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
                    let text = move || {
                        let bytes = |n| byte_size(n, language(i18n.get_locale()));
                        match total {
                            Some(total) => t_string!(i18n, classifier.model.downloading_of,
                                fetched = bytes(fetched), total = bytes(total)),
                            None => t_string!(i18n, classifier.model.downloading, fetched = bytes(fetched)),
                        }
                    };
                    view! {
                        <label for="model-progress">{text}</label>
                        <progress id="model-progress" max=total.map(|t| t.max(1) as f64).unwrap_or(1.0)
                            value=move || (total.is_some()).then_some(fetched as f64)></progress>
                    }.into_any()
                }
                ModelStatus::Preparing => view! {
                    <label for="model-progress">{t!(i18n, classifier.model.preparing)}</label>
                    <progress id="model-progress"></progress>
                }.into_any(),
                ModelStatus::Ready { card, load_ms } => view! {
                    <p class="ok">
                        {t!(i18n, classifier.model.ready, model = card.model_id.clone(), ms = format!("{load_ms:.0}"))}
                    </p>
                }.into_any(),
                ModelStatus::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="model-error">
                        <strong>{t!(i18n, classifier.model.failed)}" "</strong>{capitalise(&message)}"."
                    </p>
                }.into_any(),
            }}
        </div>
    }
}
