use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::offline::StorageReport;
use crate::sw_client::{
    clear_offline_copy, storage_report, use_offline_state, OfflineState, OfflineStatus,
};

/// The About page's "Offline copy" section: whether this copy works offline, how much the
/// browser stores for it, and a button that deletes it all.
#[component]
pub fn OfflineStorage() -> impl IntoView {
    let offline = use_offline_state();
    let report: RwSignal<Option<Result<StorageReport, String>>> = RwSignal::new(None);
    let message: RwSignal<Option<Result<String, String>>> = RwSignal::new(None);
    let refresh = move || spawn_local(async move { report.set(Some(storage_report().await)) });
    // Again whenever the worker's state changes (stored, deleted).
    Effect::new(move |_| {
        offline.status.track();
        refresh();
    });
    let clear = move |_| {
        spawn_local(async move {
            message.set(Some(clear_offline_copy(offline).await));
            refresh();
        })
    };
    view! {
        <h2>"Offline copy"</h2>
        <p data-testid="offline-status">{move || status_text(offline)}</p>
        {move || match report.get() {
            None => view! { <p>"Measuring storage…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error">"Storage could not be measured: " {e}</p> }.into_any(),
            Some(Ok(report)) => {
                let lines = report.build_lines();
                view! {
                    <dl class="facts">
                        <dt>"Stored by this site"</dt>
                        <dd data-testid="storage-used">{report.usage_text()}</dd>
                        <dt>"Offline copy"</dt>
                        <dd data-testid="offline-builds">
                            {if lines.is_empty() {
                                "none".to_owned()
                            } else {
                                lines.join("; ")
                            }}
                        </dd>
                    </dl>
                }.into_any()
            }
        }}
        <p>
            <button type="button" class="secondary" data-testid="clear-offline" on:click=clear>
                "Delete the offline copy"
            </button>
        </p>
        {move || message.get().map(|m| match m {
            Ok(text) => view! { <p role="status" data-testid="offline-message">{text}</p> }.into_any(),
            Err(e) => view! {
                <p class="error" role="alert" data-testid="offline-message">
                    "The offline copy could not be deleted: " {e}
                </p>
            }.into_any(),
        })}
    }
}

fn status_text(offline: OfflineState) -> String {
    match offline.status.get() {
        OfflineStatus::Unsupported => {
            "This browser cannot keep an offline copy here (service workers need https or \
             localhost). SkinCheck still works while online."
                .to_owned()
        }
        OfflineStatus::Installing => "Storing SkinCheck for offline use…".to_owned(),
        OfflineStatus::Ready => {
            "SkinCheck is stored on this device and works without a network. Photos are \
             stored only when you keep one in your diary, and only in this browser."
                .to_owned()
        }
        OfflineStatus::Cleared => {
            "The offline copy is deleted; the next visit while online stores it again.".to_owned()
        }
        OfflineStatus::Failed(e) => format!("No offline copy: {e}."),
    }
}
