use leptos::prelude::*;
use skincheck_core::{CheckStatus, Classification, PhotoCheck};

use crate::components::TriageBadge;

/// Why the photo cannot be judged, shown before the estimate and instead of the triage; the
/// estimate itself stays behind an explicit "Show the estimate anyway" (`shown`).
#[component]
pub fn CheckNotice(check: PhotoCheck, shown: RwSignal<bool>) -> impl IntoView {
    let title = match check.status {
        CheckStatus::NotALesion => "SkinCheck cannot judge this photo",
        _ => "This photo cannot be judged",
    };
    let reasons = check
        .reasons
        .iter()
        .map(|r| view! { <li data-reason=r.code()>{r.message()}</li> })
        .collect_view();
    view! {
        <div class="check-notice" role="alert" data-testid="check" data-status=check.status.as_str()>
            <p class="check-title"><span class="check-icon" aria-hidden="true"></span>{title}</p>
            <ul class="check-reasons">{reasons}</ul>
            <p class="check-advice">
                "Try another photo: a sharp, evenly lit dermatoscopic close-up with the lesion in the square. "
                "Without a photo it can judge, SkinCheck gives no triage."
            </p>
            <button type="button" class="secondary" data-testid="show-anyway"
                aria-expanded=move || shown.get().to_string()
                on:click=move |_| shown.update(|s| *s = !*s)>
                {move || if shown.get() { "Hide the estimate" } else { "Show the estimate anyway" }}
            </button>
        </div>
    }
}

/// The triage badge of a photo the gate passed; for one it refused, the plain statement that
/// there is no triage (its colour would read as a verdict).
#[component]
pub fn GatedTriage(classification: std::sync::Arc<Classification>) -> impl IntoView {
    if classification.check.is_ok() {
        view! { <TriageBadge triage=classification.decision.triage.clone()/> }.into_any()
    } else {
        view! {
            <p class="no-triage" data-testid="no-triage">"No triage: SkinCheck cannot judge this photo."</p>
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
