use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::history_store::{DiarySize, HistoryStore};
use crate::offline::format_bytes;
use crate::storage_persistence;
use crate::text::plural;

/// How much of this browser's storage the diary takes (entries, kept photos), and whether the
/// browser keeps it when space runs low, with a button that asks it to. Measured again
/// whenever `changes` moves.
#[component]
pub fn DiaryStorage(#[prop(into)] changes: Signal<usize>) -> impl IntoView {
    let size = RwSignal::new(None::<Result<DiarySize, String>>);
    let persisted = RwSignal::new(None::<Option<bool>>);
    Effect::new(move |_| {
        changes.track();
        spawn_local(async move {
            let measured = async { HistoryStore::open().await?.size().await }.await;
            size.set(Some(measured.map_err(|e| e.to_string())));
            persisted.set(Some(storage_persistence::persisted().await));
        });
    });
    let ask = move |_| {
        spawn_local(async move {
            persisted.set(Some(storage_persistence::request().await));
        })
    };
    view! {
        <section class="diary-storage" aria-labelledby="diary-storage-title">
            <h2 id="diary-storage-title" class="visually-hidden">"Storage"</h2>
            {move || size.get().map(|s| match s {
                Ok(s) => view! {
                    <p data-testid="diary-size" data-bytes=s.bytes data-photos=s.photos data-entries=s.entries>
                        {format!("The diary takes {} of this browser's storage: {} saved {}, {} kept {}.",
                            format_bytes(s.bytes), s.entries, plural(s.entries, "entry", "entries"),
                            s.photos, plural(s.photos, "photo", "photos"))}
                    </p>
                }.into_any(),
                Err(e) => view! { <p class="error" data-testid="diary-size-error">"The diary's size could not be measured: " {e}</p> }.into_any(),
            })}
            {move || persisted.get().map(|p| view! {
                <p data-testid="diary-persistence" data-persisted=format!("{p:?}")>
                    {storage_persistence::describe(p)}
                    {(p == Some(false)).then(|| view! {
                        " " <button type="button" class="link-button" data-testid="diary-persist" on:click=ask>
                            "Ask the browser to keep it"
                        </button>
                    })}
                </p>
            })}
        </section>
    }
}
