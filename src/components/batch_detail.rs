use leptos::prelude::*;

use crate::batch_session::{use_batch, RowDetail};
use crate::components::{CamView, GatedEstimate, GatedTriage, ProbabilityBars, SaveResult};
use crate::i18n::{t, use_i18n};
use crate::state::use_app_state;
use crate::text::capitalise;

/// The row the user opened: its probabilities, triage and heat map (recomputed from the file),
/// and saving it to the history.
#[component]
pub fn BatchDetail() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let batch = use_batch();
    let card = Memo::new(move |_| state.card());
    view! {
        <section class="batch-detail" aria-live="polite" data-testid="batch-detail">
            {move || {
                let name = |row: usize| batch.queue.with_untracked(|q| q.row(row).map(|r| r.file.clone())).unwrap_or_default();
                match (batch.detail.get(), card.get()) {
                    (None, _) => view! { <p class="placeholder">{t!(i18n, batch.detail.placeholder)}</p> }.into_any(),
                    (Some(RowDetail::Loading { row }), _) => view! { <p class="status">{t!(i18n, batch.detail.loading, file = name(row))}</p> }.into_any(),
                    (Some(RowDetail::Failed { row, message }), _) => {
                        let reason = capitalise(&message);
                        view! {
                            <p class="error" role="alert">{t!(i18n, batch.detail.failed, file = name(row), reason)}</p>
                        }.into_any()
                    }
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
