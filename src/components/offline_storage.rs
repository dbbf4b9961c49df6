use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;

use crate::i18n::{language, t, t_string, use_i18n, Locale};
use crate::offline::{ClearedCopy, StorageReport};
use crate::sw_client::{
    clear_offline_copy, storage_report, use_offline_state, OfflineState, OfflineStatus,
};

/// The About page's "Offline copy" section: whether this copy works offline, how much the
/// browser stores for it, and a button that deletes it all. Figures are kept, not sentences,
/// so a change of language rewrites every line at once.
#[component]
pub fn OfflineStorage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || language(i18n.get_locale());
    let offline = use_offline_state();
    // `None` inside: measuring failed (the browser's reason went to the console).
    let report: RwSignal<Option<Option<StorageReport>>> = RwSignal::new(None);
    let cleared: RwSignal<Option<Option<ClearedCopy>>> = RwSignal::new(None);
    let refresh = move || {
        spawn_local(async move {
            let measured = storage_report().await;
            if let Err(e) = &measured {
                web_sys::console::warn_1(&format!("storage could not be measured: {e}").into());
            }
            report.set(Some(measured.ok()))
        })
    };
    // Again whenever the worker's state changes (stored, deleted).
    Effect::new(move |_| {
        offline.status.track();
        refresh();
    });
    let clear = move |_| {
        spawn_local(async move {
            let outcome = clear_offline_copy(offline).await;
            if let Err(e) = &outcome {
                web_sys::console::warn_1(&format!("the offline copy: {e}").into());
            }
            cleared.set(Some(outcome.ok()));
            refresh();
        })
    };
    view! {
        <h2>{t!(i18n, about.offline.title)}</h2>
        <p data-testid="offline-status">{move || status_text(i18n, offline)}</p>
        {move || match report.get() {
            None => view! { <p>{t!(i18n, about.offline.measuring)}</p> }.into_any(),
            Some(None) => view! { <p class="error">{t!(i18n, about.offline.not_measured)}</p> }.into_any(),
            Some(Some(report)) => {
                let builds = report.clone();
                view! {
                    <dl class="facts">
                        <dt>{t!(i18n, about.offline.stored_by_site)}</dt>
                        <dd data-testid="storage-used">{move || report.usage_text(lang())}</dd>
                        <dt>{t!(i18n, about.offline.title)}</dt>
                        <dd data-testid="offline-builds">
                            {move || {
                                let lines = builds.build_lines(lang());
                                if lines.is_empty() {
                                    t_string!(i18n, about.offline.none).to_owned()
                                } else {
                                    lines.join("; ")
                                }
                            }}
                        </dd>
                    </dl>
                }.into_any()
            }
        }}
        <p>
            <button type="button" class="secondary" data-testid="clear-offline" on:click=clear>
                {t!(i18n, about.offline.delete)}
            </button>
        </p>
        {move || cleared.get().map(|outcome| match outcome {
            Some(copy) => view! {
                <p role="status" data-testid="offline-message">{move || copy.message(lang())}</p>
            }.into_any(),
            None => view! {
                <p class="error" role="alert" data-testid="offline-message">
                    {t!(i18n, about.offline.not_deleted)}
                </p>
            }.into_any(),
        })}
    }
}

fn status_text(i18n: I18nContext<Locale>, offline: OfflineState) -> &'static str {
    match offline.status.get() {
        OfflineStatus::Unsupported => t_string!(i18n, about.offline.unsupported),
        OfflineStatus::Installing => t_string!(i18n, about.offline.installing),
        OfflineStatus::Ready => t_string!(i18n, about.offline.ready),
        OfflineStatus::Cleared => t_string!(i18n, about.offline.cleared),
        OfflineStatus::Refused => t_string!(i18n, about.offline.refused),
        OfflineStatus::NotStored => t_string!(i18n, about.offline.not_stored),
    }
}
