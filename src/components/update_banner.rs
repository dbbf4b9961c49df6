use leptos::prelude::*;

use crate::sw_client::{activate_update, use_offline_state};

/// "A new version is available — Reload", while a newly deployed build waits. Until the
/// click the page keeps running the build it loaded, model and wasm together.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let offline = use_offline_state();
    view! {
        <Show when=move || offline.update_ready.get()>
            <div class="update-banner" role="status" data-testid="update-banner">
                <span>"A new version of SkinCheck is available."</span>
                <button type="button" data-testid="update-reload" on:click=move |_| activate_update()>
                    "Reload"
                </button>
            </div>
        </Show>
    }
}
