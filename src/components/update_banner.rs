use leptos::prelude::*;

use crate::i18n::{language, t, use_i18n};
use crate::offline::{deferred_reload_text, waiting_for_tabs_text};
use crate::sw_client::{activate_update, use_offline_state};

/// "A new version is available — Reload", while a newly deployed build waits. Until the
/// click the page keeps running the build it loaded, model and wasm together. After it, the
/// banner says which other tab's work the update waits for; a busy tab taken over from
/// another says that it reloads once its work is done.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || language(i18n.get_locale());
    let offline = use_offline_state();
    let waiting = move || offline.waiting_for_tabs.get();
    view! {
        <Show when=move || offline.reload_held.get().is_some()>
            <div class="update-banner" role="status" data-testid="update-held">
                <span>{move || offline.reload_held.get().map(|what| deferred_reload_text(lang(), &what))}</span>
            </div>
        </Show>
        <Show when=move || offline.update_ready.get() && offline.reload_held.get().is_none()>
            <div class="update-banner" role="status" data-testid="update-banner">
                <Show
                    when=move || !waiting().is_empty()
                    fallback=move || view! {
                        <span>{t!(i18n, app.update.available)}</span>
                        <button type="button" data-testid="update-reload" on:click=move |_| activate_update(offline)>
                            {t!(i18n, app.update.reload)}
                        </button>
                    }
                >
                    <span data-testid="update-waiting">{move || waiting_for_tabs_text(lang(), &waiting())}</span>
                </Show>
            </div>
        </Show>
    }
}
