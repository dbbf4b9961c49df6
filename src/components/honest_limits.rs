use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_charts::data::evaluation_from_json;

use crate::i18n::{language, t, use_i18n};
use crate::limits::MelanomaFigures;
use crate::state::use_app_state;

thread_local! {
    /// The shipped figures, read once per page load (every result shows them).
    static LOADED: std::cell::RefCell<Option<Option<MelanomaFigures>>> =
        const { std::cell::RefCell::new(None) };
}

/// What the model cannot know, shown on the About page and under every result: the data it
/// learnt from (dermatoscopic, two centres, light skin, adults), what that means for phone
/// photos and darker skin, and the measured melanoma sensitivity in words (from the shipped
/// `evaluation.json`, so the words follow the model).
#[component]
pub fn HonestLimits() -> impl IntoView {
    let i18n = use_i18n();
    let base = use_app_state().base.get_value();
    let figures: RwSignal<Option<Option<MelanomaFigures>>> =
        RwSignal::new(LOADED.with(|l| l.borrow().clone()));
    if figures.get_untracked().is_none() {
        spawn_local(async move { figures.set(Some(load_figures(&base).await)) });
    }
    view! {
        <section class="honest-limits" data-testid="honest-limits" aria-labelledby="limits-title">
            <h2 id="limits-title">{t!(i18n, guide.limits_title)}</h2>
            <p data-testid="limits-sensitivity">
                {move || match figures.get() {
                    None => t_string_loading(i18n),
                    Some(None) => crate::i18n::td_string!(i18n.get_locale(), guide.limits_missing).to_string(),
                    Some(Some(f)) => f.sentence(language(i18n.get_locale())),
                }}
            </p>
            <ul>
                <li>{t!(i18n, guide.limits_data)}</li>
                <li>{t!(i18n, guide.limits_skin)}</li>
                <li>{t!(i18n, guide.limits_phone)}</li>
                <li>{t!(i18n, guide.limits_dark_skin)}</li>
                <li>{t!(i18n, guide.limits_small_classes)}</li>
            </ul>
        </section>
    }
}

fn t_string_loading(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
    crate::i18n::td_string!(i18n.get_locale(), guide.limits_loading).to_string()
}

/// Reads the shipped figures and keeps a success for the page's lifetime. The app calls it
/// at start, with the model download, so a result never fetches anything of its own.
pub async fn load_figures(base: &str) -> Option<MelanomaFigures> {
    if let Some(kept) = LOADED.with(|l| l.borrow().clone()) {
        return kept;
    }
    let report =
        crate::fetch::fetch_asset(base, "assets/evaluation.json", evaluation_from_json).await;
    let loaded = report.ok().as_ref().and_then(MelanomaFigures::of);
    // A failed read is tried again by the next view; a success is kept.
    if loaded.is_some() {
        LOADED.with(|l| *l.borrow_mut() = Some(loaded.clone()));
    }
    loaded
}
