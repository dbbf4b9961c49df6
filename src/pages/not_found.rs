use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::use_app_state;

/// Shown for any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let home = format!("{}/", use_app_state().base.get_value());
    view! {
        <section class="page prose">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. " <A href=home>"Go to the classifier"</A>"."</p>
        </section>
    }
}
