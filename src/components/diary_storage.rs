use leptos::prelude::*;
use leptos::task::spawn_local;

use skincheck_history::messages::storage_text;

use crate::history_store::{DiarySize, HistoryStore, StorageError};
use crate::i18n::{language, t, use_i18n};
use crate::storage_persistence;

/// How much of this browser's storage the diary takes (entries, kept photos), and whether the
/// browser keeps it when space runs low, with a button that asks it to. Measured again
/// whenever `changes` moves.
#[component]
pub fn DiaryStorage(#[prop(into)] changes: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let size = RwSignal::new(None::<Result<DiarySize, StorageError>>);
    let persisted = RwSignal::new(None::<Option<bool>>);
    Effect::new(move |_| {
        changes.track();
        spawn_local(async move {
            let measured = async { HistoryStore::open().await?.size().await }.await;
            size.set(Some(measured));
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
            <h2 id="diary-storage-title" class="visually-hidden">{t!(i18n, history.storage.title)}</h2>
            {move || size.get().map(|s| match s {
                Ok(s) => view! {
                    <p data-testid="diary-size" data-bytes=s.bytes data-photos=s.photos data-entries=s.entries>
                        {move || storage_text(s.bytes, s.entries, s.photos, language(i18n.get_locale()))}
                    </p>
                }.into_any(),
                Err(e) => view! {
                    <p class="error" data-testid="diary-size-error">
                        {t!(i18n, history.storage.size_failed)} " " {move || e.message(language(i18n.get_locale()))} "."
                    </p>
                }.into_any(),
            })}
            {move || persisted.get().map(|p| view! {
                <p data-testid="diary-persistence" data-persisted=format!("{p:?}")>
                    {move || storage_persistence::describe(p, i18n.get_locale())}
                    {(p == Some(false)).then(|| view! {
                        " " <button type="button" class="link-button" data-testid="diary-persist" on:click=ask>
                            {t!(i18n, history.storage.ask)}
                        </button>
                    })}
                </p>
            })}
        </section>
    }
}
