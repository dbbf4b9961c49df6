//! The body map: a front and a back figure drawn from the diary's regions
//! (`skincheck_history::REGIONS`, so what is drawn is exactly what a tap maps onto), with the
//! lesions' pins as focusable buttons. In placing mode a tap, or Enter on a focused region,
//! puts the pin there.

use leptos::prelude::*;
use skincheck_history::messages::place_label;
use skincheck_history::{regions, BodyPin, BodySide, Region, FIGURE_HEIGHT, FIGURE_WIDTH};
use wasm_bindgen::JsCast;

use crate::i18n::{language, t_string, use_i18n, Locale};
use crate::text::capitalise;

/// A pin to show: `key` identifies it to `on_pin`, `label` is what a screen reader says.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPin {
    pub key: String,
    pub label: String,
    pub pin: BodyPin,
    /// Due (or overdue) for a re-check: drawn in the warning colour.
    pub due: bool,
    /// The lesion shown or being placed.
    pub current: bool,
}

/// Both figures. `on_place` turns on placing (tap or keyboard); `on_pin` is called with the
/// key of a pressed pin.
#[component]
pub fn BodyMap(
    #[prop(into)] pins: Signal<Vec<MapPin>>,
    #[prop(optional)] on_place: Option<Callback<BodyPin>>,
    #[prop(optional)] on_pin: Option<Callback<String>>,
) -> impl IntoView {
    view! {
        <div class="body-map" data-testid="body-map">
            {[BodySide::Front, BodySide::Back].map(|side| view! {
                <Figure side pins on_place on_pin/>
            })}
        </div>
    }
}

#[component]
fn Figure(
    side: BodySide,
    pins: Signal<Vec<MapPin>>,
    on_place: Option<Callback<BodyPin>>,
    on_pin: Option<Callback<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = move || capitalise(side.name(language(i18n.get_locale())));
    let placing = on_place.is_some();
    let place_at = move |x: f32, y: f32| {
        let pin = BodyPin { side, x, y };
        if let (Some(place), true) = (on_place, pin.region().is_some()) {
            place.run(pin);
        }
    };
    // A tap: its position in figure coordinates, whatever size the figure is drawn at.
    let on_click = move |e: leptos::ev::MouseEvent| {
        let Some(svg) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = svg.get_bounding_client_rect();
        if rect.width() > 0.0 && rect.height() > 0.0 {
            let x =
                (f64::from(e.client_x()) - rect.left()) / rect.width() * f64::from(FIGURE_WIDTH);
            let y =
                (f64::from(e.client_y()) - rect.top()) / rect.height() * f64::from(FIGURE_HEIGHT);
            place_at(x as f32, y as f32);
        }
    };
    let mine = move || {
        pins.get()
            .into_iter()
            .filter(|p| p.pin.side == side)
            .collect::<Vec<_>>()
    };
    view! {
        <figure class="body-figure" data-testid=format!("body-map-{}", side.as_str())>
            <div class="body-figure-frame">
                <svg viewBox=format!("0 0 {FIGURE_WIDTH} {FIGURE_HEIGHT}") role="group"
                    aria-label=move || format!("{}, {}", t_string!(i18n, history.body_map.body), name())
                    class:placing=placing on:click=on_click>
                    {regions(side).map(|region| region_shape(region, placing, place_at, i18n)).collect_view()}
                </svg>
                {move || mine().into_iter().map(|p| pin_button(p, on_pin)).collect_view()}
            </div>
            <figcaption>{name}</figcaption>
        </figure>
    }
}

fn region_shape(
    region: &'static Region,
    placing: bool,
    place_at: impl Fn(f32, f32) + Copy + 'static,
    i18n: leptos_i18n::I18nContext<Locale>,
) -> impl IntoView {
    let lang = move || language(i18n.get_locale());
    let points = region
        .outline
        .iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect::<Vec<_>>()
        .join(" ");
    let on_key = move |e: leptos::ev::KeyboardEvent| {
        if matches!(e.key().as_str(), "Enter" | " ") {
            e.prevent_default();
            let (x, y) = region.centre();
            place_at(x, y);
        }
    };
    view! {
        <polygon class="body-region" points=points data-region=region.id
            tabindex=placing.then_some("0") role=placing.then_some("button")
            aria-label=move || placing.then(|| place_label(region, lang()))
            on:keydown=on_key>
            <title>{move || region.name_in(lang())}</title>
        </polygon>
    }
}

fn pin_button(p: MapPin, on_pin: Option<Callback<String>>) -> impl IntoView {
    let left = p.pin.x / FIGURE_WIDTH * 100.0;
    let top = p.pin.y / FIGURE_HEIGHT * 100.0;
    let key = p.key.clone();
    view! {
        <button type="button" class="body-pin" class:due=p.due class:current=p.current
            style=format!("left: {left:.2}%; top: {top:.2}%") aria-label=p.label.clone()
            title=p.label.clone() data-pin=p.key.clone() aria-pressed=p.current.to_string()
            on:click=move |e| {
                e.stop_propagation();
                if let Some(f) = on_pin {
                    f.run(key.clone());
                }
            }>
        </button>
    }
}
