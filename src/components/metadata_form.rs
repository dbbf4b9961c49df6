//! Optional age, sex and body site. The values stay while photos change, and any change
//! re-runs the classification of the open photo. The site can be chosen from the list or by
//! placing the lesion on the body map, whose pin a saved diary entry keeps.

use leptos::prelude::*;
use skincheck_core::{BodySite, Sex};
use skincheck_history::BodyPin;

use crate::components::{BodyMap, MapPin};
use crate::state::{parse_age, use_app_state};
use crate::text::capitalise;

#[component]
pub fn MetadataForm() -> impl IntoView {
    let form = use_app_state().form;
    let age_error = move || {
        let text = form.age_text.get();
        (!text.trim().is_empty())
            .then(|| parse_age(&text).err())
            .flatten()
    };

    let place = Callback::new(move |pin: BodyPin| {
        form.pin.set(Some(pin));
        form.site.set(pin.site());
    });
    let placed = Signal::derive(move || {
        form.pin
            .get()
            .map(|pin| MapPin {
                key: "placed".into(),
                label: format!(
                    "The lesion, on the {}",
                    pin.region().map_or("body", |r| r.name)
                ),
                pin,
                due: false,
                current: true,
            })
            .into_iter()
            .collect::<Vec<_>>()
    });
    let placed_text = move || {
        form.pin.get().and_then(|pin| pin.region()).map(|region| {
            format!(
                "On the body map: {} (body site {}).",
                region.name,
                region.site.label()
            )
        })
    };

    view! {
        <fieldset class="metadata">
            <legend>"About the person (optional)"</legend>
            <p class="hint">"The model was trained with these details; leaving them out is fine."</p>
            <div class="field">
                <label for="age">"Age (years)"</label>
                <input id="age" name="age" type="number" min="0" max="120" step="any" inputmode="numeric"
                    prop:value=move || form.age_text.get()
                    aria-invalid=move || age_error().is_some().to_string()
                    aria-describedby="age-error"
                    on:input=move |e| form.age_text.set(event_target_value(&e))/>
                <p id="age-error" class="field-error" aria-live="polite">{age_error}</p>
            </div>
            <div class="field">
                <label for="sex">"Sex"</label>
                <select id="sex" name="sex"
                    on:change=move |e| form.sex.set(event_target_value(&e).parse::<Sex>().ok())>
                    <option value="" selected=move || form.sex.get().is_none()>"Not given"</option>
                    {Sex::ALL.map(|s| view! {
                        <option value=s.as_str() selected=move || form.sex.get() == Some(s)>{capitalise(s.as_str())}</option>
                    })}
                </select>
            </div>
            <div class="field">
                <label for="site">"Body site"</label>
                <select id="site" name="site"
                    on:change=move |e| {
                        let site = BodySite::parse_ham(&event_target_value(&e)).ok().flatten();
                        // A site chosen from the list that the pin is not on moves the pin away.
                        if form.pin.get_untracked().and_then(|p| p.site()) != site {
                            form.pin.set(None);
                        }
                        form.site.set(site);
                    }>
                    <option value="" selected=move || form.site.get().is_none()>"Not given"</option>
                    {BodySite::ALL.map(|s| view! {
                        <option value=s.as_str() selected=move || form.site.get() == Some(s)>{s.label()}</option>
                    })}
                </select>
            </div>
            <details class="body-map-place">
                <summary>"Place it on the body map"</summary>
                <p class="hint">"Tap where the lesion is (or move to a part with Tab and press Enter): it sets the body site, and a saved entry keeps the spot for your diary."</p>
                <BodyMap pins=placed on_place=place/>
                {move || placed_text().map(|text| view! {
                    <p data-testid="pin-placed">{text}" "
                        <button type="button" class="link-button" on:click=move |_| form.pin.set(None)>"Remove the pin"</button>
                    </p>
                })}
            </details>
        </fieldset>
    }
}
