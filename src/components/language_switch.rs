use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::i18n::{choose, locale_of, t, t_string, use_i18n};

/// The language menu in the header: each language named in itself, the choice remembered
/// in localStorage and applied at once, `<html lang>` included.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(locale) = locale_of(&event_target_value(&ev)) {
            choose(i18n, locale);
        }
    };
    view! {
        <label class="language-switch">
            <span class="visually-hidden">{t!(i18n, app.language)}</span>
            <select
                data-testid="language"
                title=move || t_string!(i18n, app.language)
                on:change=on_change
                prop:value=move || i18n.get_locale().as_str()
            >
                <option value="en">"English"</option>
                <option value="de">"Deutsch"</option>
            </select>
        </label>
    }
}
