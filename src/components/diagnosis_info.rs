use std::sync::Arc;

use leptos::prelude::*;
use skincheck_core::ModelCard;

use crate::diagnoses::{describe, HAM10000};

/// A short, sourced description of each diagnosis; the top class's is open.
#[component]
pub fn DiagnosisInfo(card: Arc<ModelCard>, top: usize) -> impl IntoView {
    let items = card
        .classes
        .iter()
        .enumerate()
        .filter_map(|(i, class)| {
            let d = describe(&class.code)?;
            Some(view! {
                <details open=i == top>
                    <summary>{class.name.clone()}{class.malignant.then_some(" — malignant")}</summary>
                    <p>{d.summary}</p>
                    <p class="source">"Sources: " {d.source} "."</p>
                </details>
            })
        })
        .collect_view();
    view! {
        <h3>"About these diagnoses"</h3>
        <div class="diagnoses">{items}</div>
        <p class="source">"HAM10000 data descriptor: " {HAM10000} ". DermNet NZ: dermnetnz.org."</p>
    }
}
