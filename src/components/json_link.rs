use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{t, use_i18n};
use crate::state::use_app_state;

/// A link to one of the app's JSON files, its label the children (translated by the page),
/// shown as "not published yet" when the file is not on the server (checked with a
/// same-origin HEAD request), rather than a dead link.
#[component]
pub fn JsonLink(file: &'static str, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let url = crate::base_path::asset_url(&state.base.get_value(), file);
    let available = RwSignal::new(None::<bool>);
    {
        let url = url.clone();
        spawn_local(async move {
            available.set(Some(exists(&url).await));
        });
    }
    view! {
        {move || match available.get() {
            Some(true) => view! { <a href=url.clone()>{children()}</a> }.into_any(),
            Some(false) => {
                view! { <span>{children()} " — " {t!(i18n, charts.downloads.not_published)}</span> }
                    .into_any()
            }
            None => view! { <span>{children()}</span> }.into_any(),
        }}
    }
}

async fn exists(url: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let init = web_sys::RequestInit::new();
    init.set_method("HEAD");
    match JsFuture::from(window.fetch_with_str_and_init(url, &init)).await {
        Ok(response) => response
            .dyn_into::<web_sys::Response>()
            .is_ok_and(|r| r.ok()),
        Err(_) => false,
    }
}
