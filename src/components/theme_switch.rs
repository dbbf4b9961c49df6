use js_sys::{Array, Function, Reflect};
use leptos::prelude::*;
use skincheck_charts::ColourMode;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{t, t_string, use_i18n};
use crate::local_store::call;
use crate::theme::{resolve, Scheme, ThemeChoice, STORAGE_KEY};

/// The scheme the page is shown in now, for what paints its own colours: the charts'
/// canvases follow no stylesheet, so they redraw when it changes. Provided by
/// [`ThemeSwitch`].
#[derive(Debug, Clone, Copy)]
pub struct ColourScheme(pub Signal<Scheme>);

impl ColourScheme {
    /// The page's scheme; light where no [`ThemeSwitch`] provides one.
    pub fn current() -> Self {
        use_context::<ColourScheme>().unwrap_or(ColourScheme(Signal::stored(Scheme::Light)))
    }

    /// The charts' colour mode, tracked: an effect reading it reruns when the scheme changes.
    pub fn chart_mode(self) -> ColourMode {
        chart_mode(self.0.get())
    }

    /// [`ColourScheme::chart_mode`] without tracking it.
    pub fn chart_mode_untracked(self) -> ColourMode {
        chart_mode(self.0.get_untracked())
    }
}

fn chart_mode(scheme: Scheme) -> ColourMode {
    match scheme {
        Scheme::Light => ColourMode::Light,
        Scheme::Dark => ColourMode::Dark,
    }
}

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// The theme menu in the header: follow the system, light or dark. The choice is kept in
/// `localStorage` and applied as `<html data-theme>` (absent for "system", so the
/// stylesheet's `prefers-color-scheme` decides, also when the system switches at dusk).
/// Provides [`ColourScheme`] to the pages.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choice = RwSignal::new(ThemeChoice::from_stored(stored().as_deref()));
    apply(choice.get_untracked());
    let query = dark_query();
    let system_dark = RwSignal::new(query.as_ref().is_some_and(|q| matches(q)));
    if let Some(query) = query {
        follow(query, system_dark);
    }
    provide_context(ColourScheme(Signal::derive(move || {
        resolve(choice.get(), system_dark.get())
    })));
    let on_change = move |ev: leptos::ev::Event| {
        let picked = ThemeChoice::from_stored(Some(&event_target_value(&ev)));
        store(picked);
        apply(picked);
        choice.set(picked);
    };
    // `selected` picks the stored choice when the options are first inserted; `prop:value`
    // keeps the menu right afterwards.
    let first = choice.get_untracked();
    view! {
        <label class="theme-switch">
            <span class="visually-hidden">{t!(i18n, app.theme)}</span>
            <select
                data-testid="theme"
                title=move || t_string!(i18n, app.theme)
                on:change=on_change
                prop:value=move || choice.get().as_str()
            >
                <option value="system" selected=first == ThemeChoice::System>{t!(i18n, app.theme_system)}</option>
                <option value="light" selected=first == ThemeChoice::Light>{t!(i18n, app.theme_light)}</option>
                <option value="dark" selected=first == ThemeChoice::Dark>{t!(i18n, app.theme_dark)}</option>
            </select>
        </label>
    }
}

/// Sets or removes `<html data-theme>`, which the stylesheet's colours follow.
fn apply(choice: ThemeChoice) {
    let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match choice.data_theme() {
        Some(value) => html.set_attribute("data-theme", value),
        None => html.remove_attribute("data-theme"),
    };
}

fn stored() -> Option<String> {
    crate::local_store::get(STORAGE_KEY)
}

/// Keeps the choice for the next visit; without storage it lasts until the page closes.
fn store(choice: ThemeChoice) {
    crate::local_store::set(STORAGE_KEY, choice.as_str());
}

/// `window.matchMedia(DARK_QUERY)`, a `MediaQueryList` (an `EventTarget`).
fn dark_query() -> Option<web_sys::EventTarget> {
    let window: JsValue = web_sys::window()?.into();
    call(&window, "matchMedia", &Array::of1(&DARK_QUERY.into()))?
        .dyn_into()
        .ok()
}

/// `.matches` of a `MediaQueryList` or of its change event.
fn matches(list_or_event: &JsValue) -> bool {
    Reflect::get(list_or_event, &"matches".into())
        .ok()
        .and_then(|m| m.as_bool())
        .unwrap_or(false)
}

/// Keeps `system_dark` up to date with the system's setting while the switch is shown.
fn follow(query: web_sys::EventTarget, system_dark: RwSignal<bool>) {
    let on_change = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        system_dark.set(matches(&event));
    });
    let listener: &Function = on_change.as_ref().unchecked_ref();
    if query
        .add_event_listener_with_callback("change", listener)
        .is_err()
    {
        return;
    }
    let kept = StoredValue::new_local(Some((query, on_change)));
    on_cleanup(move || {
        if let Some((query, on_change)) = kept.try_update_value(Option::take).flatten() {
            let listener: &Function = on_change.as_ref().unchecked_ref();
            let _ = query.remove_event_listener_with_callback("change", listener);
        }
    });
}
