use leptos::prelude::*;
use skincheck_core::{CheckStatus, Classification, PhotoCheck};

use crate::components::TriageBadge;
use crate::i18n::{language, t, use_i18n};

/// Why the photo cannot be judged, shown before the estimate and instead of the triage; the
/// estimate itself stays behind an explicit "Show the estimate anyway" (`shown`).
#[component]
pub fn CheckNotice(check: PhotoCheck, shown: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let title = match check.status {
        CheckStatus::NotALesion => t!(i18n, result.check.not_a_lesion).into_any(),
        _ => t!(i18n, result.check.poor_quality).into_any(),
    };
    let reasons = check
        .reasons
        .iter()
        .map(|&r| view! { <li data-reason=r.code()>{move || r.message_in(language(i18n.get_locale()))}</li> })
        .collect_view();
    view! {
        <div class="check-notice" role="alert" data-testid="check" data-status=check.status.as_str()>
            <p class="check-title"><span class="check-icon" aria-hidden="true"></span>{title}</p>
            <ul class="check-reasons">{reasons}</ul>
            <p class="check-advice">{t!(i18n, result.check.advice)}</p>
            <button type="button" class="secondary" data-testid="show-anyway"
                aria-expanded=move || shown.get().to_string()
                on:click=move |_| shown.update(|s| *s = !*s)>
                {move || if shown.get() {
                    t!(i18n, result.check.hide).into_any()
                } else {
                    t!(i18n, result.check.show_anyway).into_any()
                }}
            </button>
        </div>
    }
}

/// The triage badge of a photo the gate passed; for one it refused, the plain statement that
/// there is no triage (its colour would read as a verdict).
#[component]
pub fn GatedTriage(classification: std::sync::Arc<Classification>) -> impl IntoView {
    let i18n = use_i18n();
    if classification.check.is_ok() {
        view! { <TriageBadge classification=classification/> }.into_any()
    } else {
        view! {
            <p class="no-triage" data-testid="no-triage">{t!(i18n, result.triage.none)}</p>
        }
        .into_any()
    }
}

/// A result the gate may have refused: for a refused photo, its notice first and `children`
/// (the estimate) only after "Show the estimate anyway"; for a judged photo, the estimate.
#[component]
pub fn GatedEstimate(check: PhotoCheck, children: ChildrenFn) -> impl IntoView {
    let judged = check.is_ok();
    let shown = RwSignal::new(judged);
    view! {
        {(!judged).then(|| view! { <CheckNotice check=check shown=shown/> })}
        <Show when=move || shown.get()>{children()}</Show>
    }
}
