//! Optional age, sex and body site. The values stay while photos change, and any change
//! re-runs the classification of the open photo.

use leptos::prelude::*;
use skincheck_core::{BodySite, Sex};

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
                    on:change=move |e| form.site.set(BodySite::parse_ham(&event_target_value(&e)).ok().flatten())>
                    <option value="" selected=move || form.site.get().is_none()>"Not given"</option>
                    {BodySite::ALL.map(|s| view! {
                        <option value=s.as_str() selected=move || form.site.get() == Some(s)>{s.label()}</option>
                    })}
                </select>
            </div>
        </fieldset>
    }
}
