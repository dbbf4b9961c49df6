use std::sync::Arc;

use leptos::prelude::*;
use skincheck_core::ModelCard;

use crate::diagnoses::{describe, name, summary, HAM10000};
use crate::i18n::{t, t_string, use_i18n};

/// A short, sourced description of each diagnosis; the top class's is open.
#[component]
pub fn DiagnosisInfo(card: Arc<ModelCard>, top: usize) -> impl IntoView {
    let i18n = use_i18n();
    let items = card
        .classes
        .iter()
        .enumerate()
        .filter_map(|(i, class)| {
            let d = describe(&class.code)?;
            let (code, card_name, malignant) = (d.code, class.name.clone(), class.malignant);
            let title = move || {
                let locale = i18n.get_locale();
                let mut text = name(locale, code).unwrap_or(&card_name).to_owned();
                if malignant {
                    text.push_str(" — ");
                    text.push_str(t_string!(i18n, result.malignant));
                }
                text
            };
            Some(view! {
                <details open=i == top>
                    <summary>{title}</summary>
                    <p>{move || summary(i18n.get_locale(), code)}</p>
                    <p class="source">{t!(i18n, result.about.sources, title = move || view! { <cite lang="en">{d.dermnet}</cite> })}</p>
                </details>
            })
        })
        .collect_view();
    view! {
        <h3>{t!(i18n, result.about.title)}</h3>
        <div class="diagnoses">{items}</div>
        <p class="source">{t!(i18n, result.about.credits, citation = || view! { <cite lang="en">{HAM10000}</cite> })}</p>
    }
}
