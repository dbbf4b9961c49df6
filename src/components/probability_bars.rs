use std::sync::Arc;

use leptos::prelude::*;
use skincheck_core::{Classification, ModelCard};

use crate::state::use_app_state;

/// The calibrated probability of every class, highest first. Each row carries its class
/// code and exact probability as data attributes (the browser test compares them with the
/// CLI) and selects its class for the activation map when pressed.
#[component]
pub fn ProbabilityBars(classification: Arc<Classification>, card: Arc<ModelCard>) -> impl IntoView {
    let state = use_app_state();
    let d = &classification.decision;
    let top = d.ranking.first().copied();
    let rows = d
        .ranking
        .iter()
        .filter_map(|&i| Some((i, card.classes.get(i)?.clone(), *d.probabilities.get(i)?)))
        .map(|(i, class, p)| {
            let shown = move || state.cam_class.get().or(top) == Some(i);
            let decided = i == d.decision;
            view! {
                <li class="prob-row" class:malignant=class.malignant data-class=class.code.clone()
                    data-probability=p.to_string()>
                    <button type="button" class="prob-button" aria-pressed=move || shown().to_string()
                        title="Show where the model saw this class"
                        on:click=move |_| state.cam_class.set(Some(i))>
                        <span class="prob-name">
                            {class.name.clone()}
                            <span class="prob-code">{format!(" ({})", class.code)}</span>
                            {decided.then(|| view! { <span class="tag">"decision"</span> })}
                            {class.malignant.then(|| view! { <span class="tag tag-malignant">"malignant"</span> })}
                        </span>
                        <span class="prob-value">{percent(p)}</span>
                        <span class="prob-track" aria-hidden="true">
                            <span class="prob-fill" style:width=format!("{:.2}%", 100.0 * p)></span>
                        </span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3 id="prob-title">"Estimated probabilities"</h3>
        <ol class="probabilities" aria-labelledby="prob-title" data-testid="probabilities">{rows}</ol>
        <p class="hint">
            "Calibrated on held-out images; \"decision\" marks the class chosen by the model's "
            "balanced rule, which can differ from the most probable one. Press a class to map it."
        </p>
    }
}

/// "42.1 %" (with a no-break space), and "< 0.1 %" rather than a misleading "0.0 %".
fn percent(p: f32) -> String {
    if p > 0.0 && p < 0.0005 {
        "< 0.1\u{a0}%".into()
    } else {
        format!("{:.1}\u{a0}%", 100.0 * p)
    }
}
