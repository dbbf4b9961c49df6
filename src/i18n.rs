//! The page's translations: `locales/{en,de}/<namespace>.json`, compiled by `build.rs` into
//! the `i18n` module (leptos_i18n). Components use `t!(i18n, ns.key)`; code outside the view
//! tree asks [`current`] for the language and uses `td_string!`.

#[allow(missing_docs, clippy::all, clippy::pedantic)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub use generated::i18n::*;
pub use skincheck_core::Language;

/// The pure crates' language for a locale of the page.
pub fn language(locale: Locale) -> Language {
    match locale {
        Locale::en => Language::En,
        Locale::de => Language::De,
    }
}

/// The language the page speaks now (untracked: for code outside a reactive view).
pub fn current() -> Locale {
    leptos::prelude::use_context::<leptos_i18n::I18nContext<Locale>>()
        .map(|i18n| i18n.get_locale_untracked())
        .or_else(html_lang)
        .unwrap_or_default()
}

/// Async tasks (`spawn_local`) and DOM or worker callbacks run without a reactive owner, so
/// without the context; the provider keeps `<html lang>` in step with it.
fn html_lang() -> Option<Locale> {
    let html = web_sys::window()?.document()?.document_element()?;
    locale_of(&html.get_attribute("lang")?)
}

/// Where the person's choice of language is kept (this browser only, never sent anywhere).
const STORAGE_KEY: &str = "skincheck-lang";

/// The language chosen with the switch earlier, if any.
pub fn remembered() -> Option<Locale> {
    locale_of(&crate::local_store::get(STORAGE_KEY)?)
}

/// Switches the page to `locale` and remembers the choice for the next visit.
pub fn choose(i18n: leptos_i18n::I18nContext<Locale>, locale: Locale) {
    i18n.set_locale(locale);
    crate::local_store::set(STORAGE_KEY, language(locale).code());
}

/// The page locale of a language tag (`de`, `de-AT`); `None` for one SkinCheck lacks.
pub fn locale_of(tag: &str) -> Option<Locale> {
    match Language::from_code(tag)? {
        Language::En => Some(Locale::en),
        Language::De => Some(Locale::de),
    }
}

/// A moment (ms since the epoch) as this language writes a date, in the person's time zone
/// (`Intl.DateTimeFormat`, e.g. "2 Dec 2026" / "02.12.2026").
pub fn date_text(locale: Locale, epoch_ms: f64) -> String {
    intl_date(locale, epoch_ms, false)
}

/// A moment as date and time of day ("2 Dec 2026, 14:05" / "02.12.2026, 14:05").
pub fn date_time_text(locale: Locale, epoch_ms: f64) -> String {
    intl_date(locale, epoch_ms, true)
}

fn intl_date(locale: Locale, epoch_ms: f64, with_time: bool) -> String {
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        // Setting a property of a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    set("dateStyle", "medium");
    if with_time {
        set("timeStyle", "short");
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms));
    String::from(date.to_locale_string(language(locale).code(), &options))
}
