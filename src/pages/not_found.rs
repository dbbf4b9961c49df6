use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, use_i18n};
use crate::state::use_app_state;

/// Shown for any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    let home = format!("{}/", use_app_state().base.get_value());
    // The link sits inside the sentence, where each language puts it.
    let link = move |children: ChildrenFn| view! { <A href=home.clone()>{children()}</A> };
    view! {
        <section class="page prose">
            <h1>{t!(i18n, app.not_found.title)}</h1>
            <p>{t!(i18n, app.not_found.text, <home> = link)}</p>
        </section>
    }
}
