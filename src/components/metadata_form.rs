//! Optional age, sex and body site. The values stay while photos change, and any change
//! re-runs the classification of the open photo. The site can be chosen from the list or by
//! placing the lesion on the body map, whose pin a saved diary entry keeps.

use leptos::prelude::*;
use skincheck_core::{BodySite, Sex};
use skincheck_history::BodyPin;

use crate::components::{BodyMap, MapPin};
use crate::i18n::{language, t, t_string, td_string, use_i18n, Locale};
use crate::state::{parse_age, use_app_state};
use crate::text::capitalise;

/// A body site as the form lists it, in `locale` (the core's label is English).
pub fn site_label(locale: Locale, site: BodySite) -> &'static str {
    match site {
        BodySite::Abdomen => td_string!(locale, classifier.sites.abdomen),
        BodySite::Acral => td_string!(locale, classifier.sites.acral),
        BodySite::Back => td_string!(locale, classifier.sites.back),
        BodySite::Chest => td_string!(locale, classifier.sites.chest),
        BodySite::Ear => td_string!(locale, classifier.sites.ear),
        BodySite::Face => td_string!(locale, classifier.sites.face),
        BodySite::Foot => td_string!(locale, classifier.sites.foot),
        BodySite::Genital => td_string!(locale, classifier.sites.genital),
        BodySite::Hand => td_string!(locale, classifier.sites.hand),
        BodySite::LowerExtremity => td_string!(locale, classifier.sites.lower_extremity),
        BodySite::Neck => td_string!(locale, classifier.sites.neck),
        BodySite::Scalp => td_string!(locale, classifier.sites.scalp),
        BodySite::Trunk => td_string!(locale, classifier.sites.trunk),
        BodySite::UpperExtremity => td_string!(locale, classifier.sites.upper_extremity),
    }
}

/// A sex as the form lists it, in `locale`.
pub fn sex_label(locale: Locale, sex: Sex) -> &'static str {
    match sex {
        Sex::Male => td_string!(locale, classifier.details.male),
        Sex::Female => td_string!(locale, classifier.details.female),
    }
}

#[component]
pub fn MetadataForm() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_app_state().form;
    let age_error = move || {
        let text = form.age_text.get();
        (!text.trim().is_empty())
            .then(|| parse_age(&text).err())
            .flatten()
            .map(|e| capitalise(&e.message(language(i18n.get_locale()))))
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
                label: match pin.region() {
                    Some(region) => {
                        let region = region.name_in(language(i18n.get_locale()));
                        t_string!(i18n, classifier.details.pin_label, region)
                    }
                    None => t_string!(i18n, classifier.details.pin_label_body).to_owned(),
                },
                pin,
                due: false,
                current: true,
            })
            .into_iter()
            .collect::<Vec<_>>()
    });
    let placed_text = move || {
        form.pin.get().and_then(|pin| pin.region()).map(|region| {
            t_string!(
                i18n,
                classifier.details.placed,
                region = region.name_in(language(i18n.get_locale())),
                site = site_label(i18n.get_locale(), region.site)
            )
        })
    };

    view! {
        <fieldset class="metadata">
            <legend>{t!(i18n, classifier.details.legend)}</legend>
            <p class="hint">{t!(i18n, classifier.details.hint)}</p>
            <div class="field">
                <label for="age">{t!(i18n, classifier.details.age)}</label>
                <input id="age" name="age" type="number" min="0" max="120" step="any" inputmode="numeric"
                    prop:value=move || form.age_text.get()
                    aria-invalid=move || age_error().is_some().to_string()
                    aria-describedby="age-error"
                    on:input=move |e| form.age_text.set(event_target_value(&e))/>
                <p id="age-error" class="field-error" aria-live="polite">{age_error}</p>
            </div>
            <div class="field">
                <label for="sex">{t!(i18n, classifier.details.sex)}</label>
                <select id="sex" name="sex"
                    on:change=move |e| form.sex.set(event_target_value(&e).parse::<Sex>().ok())>
                    <option value="" selected=move || form.sex.get().is_none()>{t!(i18n, classifier.details.not_given)}</option>
                    {Sex::ALL.map(|s| view! {
                        <option value=s.as_str() selected=move || form.sex.get() == Some(s)>{move || sex_label(i18n.get_locale(), s)}</option>
                    })}
                </select>
            </div>
            <div class="field">
                <label for="site">{t!(i18n, classifier.details.site)}</label>
                <select id="site" name="site"
                    on:change=move |e| {
                        let site = BodySite::parse_ham(&event_target_value(&e)).ok().flatten();
                        // A site chosen from the list that the pin is not on moves the pin away.
                        if form.pin.get_untracked().and_then(|p| p.site()) != site {
                            form.pin.set(None);
                        }
                        form.site.set(site);
                    }>
                    <option value="" selected=move || form.site.get().is_none()>{t!(i18n, classifier.details.not_given)}</option>
                    {BodySite::ALL.map(|s| view! {
                        <option value=s.as_str() selected=move || form.site.get() == Some(s)>{move || site_label(i18n.get_locale(), s)}</option>
                    })}
                </select>
            </div>
            <details class="body-map-place">
                <summary>{t!(i18n, classifier.details.place)}</summary>
                <p class="hint">{t!(i18n, classifier.details.place_hint)}</p>
                <BodyMap pins=placed on_place=place/>
                {move || placed_text().map(|text| view! {
                    <p data-testid="pin-placed">{text}" "
                        <button type="button" class="link-button" on:click=move |_| form.pin.set(None)>{t!(i18n, classifier.details.remove_pin)}</button>
                    </p>
                })}
            </details>
        </fieldset>
    }
}
