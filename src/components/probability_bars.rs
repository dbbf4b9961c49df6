use std::sync::Arc;

use leptos::prelude::*;
use skincheck_core::{Classification, ModelCard};

use crate::i18n::{language, t, t_string, use_i18n};
use crate::state::use_app_state;
use crate::text::probability;

/// The calibrated probability of every class, highest first. Each row carries its class
/// code and exact probability as data attributes (the browser test compares them with the
/// CLI) and selects its class for the activation map when pressed.
#[component]
pub fn ProbabilityBars(classification: Arc<Classification>, card: Arc<ModelCard>) -> impl IntoView {
    let i18n = use_i18n();
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
            let (code, card_name) = (class.code.clone(), class.name.clone());
            let name = move || {
                crate::diagnoses::name(i18n.get_locale(), &code)
                    .map_or_else(|| card_name.clone(), str::to_owned)
            };
            view! {
                <li class="prob-row" class:malignant=class.malignant data-class=class.code.clone()
                    data-probability=p.to_string()>
                    <button type="button" class="prob-button" aria-pressed=move || shown().to_string()
                        title=move || t_string!(i18n, result.probabilities.map_class)
                        on:click=move |_| state.cam_class.set(Some(i))>
                        <span class="prob-name">
                            {name}
                            <span class="prob-code">{format!(" ({})", class.code)}</span>
                            {decided.then(|| view! { <span class="tag">{t!(i18n, result.probabilities.decision)}</span> })}
                            {class.malignant.then(|| view! { <span class="tag tag-malignant">{t!(i18n, result.malignant)}</span> })}
                        </span>
                        <span class="prob-value">{move || probability(p, language(i18n.get_locale()))}</span>
                        <span class="prob-track" aria-hidden="true">
                            <span class="prob-fill" style:width=format!("{:.2}%", 100.0 * p)></span>
                        </span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3 id="prob-title">{t!(i18n, result.probabilities.title)}</h3>
        <ol class="probabilities" aria-labelledby="prob-title" data-testid="probabilities">{rows}</ol>
        <p class="hint">{t!(i18n, result.probabilities.hint)}</p>
    }
}
