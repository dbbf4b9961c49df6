use leptos::prelude::*;

use crate::batch_session::{use_batch, RowDetail};
use crate::components::{CamView, GatedEstimate, GatedTriage, ProbabilityBars, SaveResult};
use crate::state::use_app_state;
use crate::text::capitalise;

/// The row the user opened: its probabilities, triage and heat map (recomputed from the file),
/// and saving it to the history.
#[component]
pub fn BatchDetail() -> impl IntoView {
    let state = use_app_state();
    let batch = use_batch();
    let card = Memo::new(move |_| state.card());
    view! {
        <section class="batch-detail" aria-live="polite" data-testid="batch-detail">
            {move || {
                let name = |row: usize| batch.queue.with_untracked(|q| q.row(row).map(|r| r.file.clone())).unwrap_or_default();
                match (batch.detail.get(), card.get()) {
                    (None, _) => view! { <p class="placeholder">"Choose a classified row to see its heat map here."</p> }.into_any(),
                    (Some(RowDetail::Loading { row }), _) => view! { <p class="status">"Computing the heat map of " {name(row)} "…"</p> }.into_any(),
                    (Some(RowDetail::Failed { row, message }), _) => view! {
                        <p class="error" role="alert">{name(row)} ": " {capitalise(&message)} "."</p>
                    }.into_any(),
                    (Some(RowDetail::Ready { row, result }), Some(card)) => {
                        let file = name(row);
                        let c = result.classification.clone();
                        let record = skincheck_core::ResultRecord::new(&file, &c, &card);
                        view! {
                            <h2>{file}</h2>
                            <GatedEstimate check=c.check.clone()>
                                <GatedTriage classification=c.clone()/>
                                <ProbabilityBars classification=c.clone() card=card.clone()/>
                                <CamView result=result.clone() card=card.clone()/>
                                <SaveResult record=record.clone() result=result.clone()/>
                            </GatedEstimate>
                        }.into_any()
                    }
                    (Some(_), None) => ().into_any(),
                }
            }}
        </section>
    }
}
