use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use crate::batch_session::{display_name, use_batch};
use crate::components::{BatchDetail, BatchTable, MetadataForm, ModelStatusBar};
use crate::download::{download_text, today};
use crate::dropped_files::{accept_window_drops, take_entries, walk, NamedFile};
use crate::state::use_app_state;
use crate::text::capitalise;

/// Many photos at once: a queue with progress, a sortable result table, the heat map of a
/// row on click, and the CSV export (the CLI's `classify --csv` columns). All on the device.
#[component]
pub fn BatchPage() -> impl IntoView {
    let state = use_app_state();
    let batch = use_batch();
    let dragging = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let add = move |files: Vec<NamedFile>, unreadable: Vec<String>| match state.form.metadata() {
        Ok(metadata) => {
            error.set(None);
            batch.add(files, unreadable, metadata);
        }
        Err(message) => error.set(Some(format!(
            "{}: fix the details first",
            capitalise(&message)
        ))),
    };
    let on_pick = move |e: ev::Event| {
        let input: HtmlInputElement = event_target(&e);
        let files = input.files().map(|list| {
            (0..list.length())
                .filter_map(|i| list.get(i))
                .map(|f| {
                    let name = display_name(&f);
                    (f, name)
                })
                .collect()
        });
        add(files.unwrap_or_default(), Vec::new());
        input.set_value("");
    };
    accept_window_drops(dragging, move |data| {
        // Read now: the drop's items are gone once the event is over.
        let items = take_entries(&data);
        spawn_local(async move {
            let (files, unreadable) = walk(items).await;
            add(files, unreadable);
        });
    });

    let progress = Memo::new(move |_| batch.queue.with(|q| q.progress()));
    let has_results = move || progress.with(|p| p.finished > 0);
    let can_cancel = move || {
        batch.queue.with(|q| {
            q.rows()
                .iter()
                .any(|r| matches!(r.status, skincheck_batch::RowStatus::Queued))
        })
    };
    let export = move |_| {
        let saved = batch.csv().and_then(|csv| {
            download_text(
                &format!("skincheck-batch-{}.csv", today()),
                "text/csv",
                &csv,
            )
        });
        error.set(
            saved
                .err()
                .map(|e| format!("The CSV could not be saved: {e}")),
        );
    };

    view! {
        <div class="batch">
            <h1>"Batch classification"</h1>
            <ModelStatusBar/>
            <section class="dropzone" class:dragging=move || dragging.get() aria-labelledby="batch-input-title">
                <h2 id="batch-input-title">"1. Add photos"</h2>
                <p class="hint">"Drop photos anywhere on this page, or choose many photos or a whole folder. "
                    "Each is classified in its centred square, one after another, on this device; nothing is uploaded."</p>
                <div class="input-buttons">
                    <label class="button" for="batch-files">"Choose photos"</label>
                    <input id="batch-files" class="visually-hidden" type="file" accept="image/*" multiple on:change=on_pick/>
                    <label class="button secondary" for="batch-folder">"Choose a folder"</label>
                    <input id="batch-folder" class="visually-hidden" type="file" multiple prop:webkitdirectory=true on:change=on_pick/>
                </div>
                {move || {
                    let skipped = batch.skipped.get();
                    (!skipped.is_empty()).then(|| view! {
                        <p class="hint" data-testid="batch-skipped">
                            {format!("{} file(s) left out (not images, or unreadable): {}", skipped.len(), skipped.join(", "))}
                        </p>
                    })
                }}
                {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="batch-error">{e}</p> })}
            </section>
            <details class="batch-metadata">
                <summary>"Details applied to the photos added next (optional)"</summary>
                <MetadataForm/>
            </details>
            <section aria-labelledby="batch-progress-title" class="batch-progress">
                <h2 id="batch-progress-title">"2. Progress"</h2>
                <progress max=move || progress.with(|p| p.total.max(1)) value=move || progress.with(|p| p.finished)
                    aria-label="Photos classified"></progress>
                <p data-testid="batch-progress" aria-live="polite"
                    data-finished=move || progress.with(|p| p.finished)
                    data-total=move || progress.with(|p| p.total)
                    data-running=move || progress.with(|p| p.running).to_string()
                    data-cancelled=move || progress.with(|p| p.cancelled)>
                    {move || progress.with(|p| if p.total == 0 { "No photos yet.".to_string() } else { p.describe() })}
                </p>
                <div class="input-buttons">
                    <button type="button" class="button secondary" data-testid="batch-cancel"
                        disabled=move || !can_cancel() on:click=move |_| batch.cancel()>"Cancel"</button>
                    <button type="button" class="button" data-testid="batch-export"
                        disabled=move || !has_results() on:click=export>"Export CSV"</button>
                    <button type="button" class="button secondary" data-testid="batch-clear"
                        disabled=move || progress.with(|p| p.total == 0) on:click=move |_| batch.clear()>"Clear"</button>
                </div>
            </section>
            <div class="batch-results">
                <BatchTable/>
                <BatchDetail/>
            </div>
        </div>
    }
}
