use leptos::prelude::*;

use crate::i18n::{t, td_string, use_i18n, Locale};

/// The one sentence that must sit next to every result, in English (the CLI's and the
/// printed report's default); the page takes it in its language from [`disclaimer`] or
/// `t!(i18n, result.disclaimer)`.
pub const DISCLAIMER: &str =
    "Not a diagnosis. See a dermatologist about any new or changing lesion.";

/// [`DISCLAIMER`] in `locale`.
pub fn disclaimer(locale: Locale) -> &'static str {
    td_string!(locale, result.disclaimer)
}

/// The disclaimer, styled to stay in view beside the result.
#[component]
pub fn Disclaimer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="disclaimer" role="note" data-testid="disclaimer">
            <strong>{t!(i18n, result.disclaimer)}</strong>
            <span class="disclaimer-more">" " {t!(i18n, result.disclaimer_more)}</span>
        </p>
    }
}
