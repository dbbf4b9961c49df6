use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use crate::batch_session::{display_name, use_batch};
use crate::components::{BatchDetail, BatchTable, MetadataForm, ModelStatusBar};
use crate::download::{download_text, today};
use crate::dropped_files::{accept_window_drops, take_entries, walk, NamedFile};
use crate::i18n::{language, t, t_string, use_i18n};
use crate::state::use_app_state;
use crate::text::capitalise;

/// What went wrong last on the page, kept as its parts so the sentence follows the language.
#[derive(Debug, Clone, PartialEq)]
enum PageError {
    /// The details form is invalid (its message).
    Details(String),
    /// The CSV could not be saved (why, already in the page's language).
    NotExported(String),
}

/// Many photos at once: a queue with progress, a sortable result table, the heat map of a
/// row on click, and the CSV export (the CLI's `classify --csv` columns). All on the device.
#[component]
pub fn BatchPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let batch = use_batch();
    let dragging = RwSignal::new(false);
    let error = RwSignal::new(None::<PageError>);

    let add = move |files: Vec<NamedFile>, unreadable: Vec<String>| match state.form.metadata() {
        Ok(metadata) => {
            error.set(None);
            batch.add(files, unreadable, metadata);
        }
        Err(message) => error.set(Some(PageError::Details(capitalise(&message)))),
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
        error.set(saved.err().map(PageError::NotExported));
    };
    let skipped_text = move || {
        let skipped = batch.skipped.get();
        let files = skipped.join(", ");
        match skipped.len() {
            0 => None,
            1 => Some(t!(i18n, batch.add.skipped_singular, files).into_any()),
            count => Some(t!(i18n, batch.add.skipped_plural, count, files).into_any()),
        }
    };

    view! {
        <div class="batch">
            <h1>{t!(i18n, batch.title)}</h1>
            <ModelStatusBar/>
            <section class="dropzone" class:dragging=move || dragging.get() aria-labelledby="batch-input-title">
                <h2 id="batch-input-title">{t!(i18n, batch.add.title)}</h2>
                <p class="hint">{t!(i18n, batch.add.hint)}</p>
                <div class="input-buttons">
                    <label class="button" for="batch-files">{t!(i18n, batch.add.choose_photos)}</label>
                    <input id="batch-files" class="visually-hidden" type="file" accept="image/*" multiple on:change=on_pick/>
                    <label class="button secondary" for="batch-folder">{t!(i18n, batch.add.choose_folder)}</label>
                    <input id="batch-folder" class="visually-hidden" type="file" multiple prop:webkitdirectory=true on:change=on_pick/>
                </div>
                {move || skipped_text().map(|text| view! {
                    <p class="hint" data-testid="batch-skipped">{text}</p>
                })}
                {move || error.get().map(|e| view! {
                    <p class="error" role="alert" data-testid="batch-error">
                        {match e {
                            PageError::Details(problem) => t!(i18n, batch.add.fix_details, problem).into_any(),
                            PageError::NotExported(reason) => t!(i18n, batch.progress.export_failed, reason).into_any(),
                        }}
                    </p>
                })}
            </section>
            <details class="batch-metadata">
                <summary>{t!(i18n, batch.metadata_summary)}</summary>
                <MetadataForm/>
            </details>
            <section aria-labelledby="batch-progress-title" class="batch-progress">
                <h2 id="batch-progress-title">{t!(i18n, batch.progress.title)}</h2>
                <progress max=move || progress.with(|p| p.total.max(1)) value=move || progress.with(|p| p.finished)
                    aria-label=move || t_string!(i18n, batch.progress.label)></progress>
                <p data-testid="batch-progress" aria-live="polite"
                    data-finished=move || progress.with(|p| p.finished)
                    data-total=move || progress.with(|p| p.total)
                    data-running=move || progress.with(|p| p.running).to_string()
                    data-cancelled=move || progress.with(|p| p.cancelled)>
                    {move || {
                        let lang = language(i18n.get_locale());
                        progress.with(|p| if p.total == 0 {
                            t_string!(i18n, batch.progress.none).to_owned()
                        } else {
                            p.describe(lang)
                        })
                    }}
                </p>
                <div class="input-buttons">
                    <button type="button" class="button secondary" data-testid="batch-cancel"
                        disabled=move || !can_cancel() on:click=move |_| batch.cancel()>{t!(i18n, batch.progress.cancel)}</button>
                    <button type="button" class="button" data-testid="batch-export"
                        disabled=move || !has_results() on:click=export>{t!(i18n, batch.progress.export)}</button>
                    <button type="button" class="button secondary" data-testid="batch-clear"
                        disabled=move || progress.with(|p| p.total == 0) on:click=move |_| batch.clear()>{t!(i18n, batch.progress.clear)}</button>
                </div>
            </section>
            <div class="batch-results">
                <BatchTable/>
                <BatchDetail/>
            </div>
        </div>
    }
}
