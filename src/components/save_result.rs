use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_core::ResultRecord;
use skincheck_history::{HistoryEntry, PHOTO_SIDE};

use crate::history_store::HistoryStore;
use crate::i18n::{language, t, t_string, td_string, use_i18n};
use crate::state::{use_app_state, ResultView};
use crate::thumbnail::{cropped_jpeg, jpeg_data_url, SAVED_SIDE};

/// Keeps a result in this browser's diary, only when the user presses Save, under an
/// optional lesion label so results of the same lesion line up over time; with the body-map
/// pin of the form, and the photo only when the person ticks the box.
#[component]
pub fn SaveResult(record: ResultRecord, result: ResultView) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let label = RwSignal::new(String::new());
    let keep_photo = RwSignal::new(false);
    // What became of the last save, said in the language of the moment it happened.
    let status = RwSignal::new(None::<Result<String, String>>);
    let saving = RwSignal::new(false);
    // Earlier labels, offered as suggestions (read only when the field is used).
    let known = RwSignal::new(Vec::<String>::new());
    let load_known = move || {
        if known.with_untracked(|k| k.is_empty()) {
            spawn_local(async move {
                if let Ok(store) = HistoryStore::open().await {
                    if let Ok(loaded) = store.all().await {
                        let mut labels: Vec<String> = loaded
                            .entries
                            .into_iter()
                            .map(|e| e.lesion)
                            .filter(|l| !l.is_empty())
                            .collect();
                        labels.sort();
                        labels.dedup();
                        known.set(labels);
                    }
                }
            });
        }
    };
    let file = record.file.clone();
    let record = StoredValue::new(record);
    let result = StoredValue::new(result);
    let save = move |_| {
        let locale = i18n.get_locale_untracked();
        saving.set(true);
        let record = record.get_value();
        let result = result.get_value();
        let thumbnail = jpeg_data_url(&result.view, SAVED_SIDE);
        // The photo: the square classified, cut from the open photo's preview; a batch row's
        // photo is not open, so its square as the model saw it is kept.
        let photo = keep_photo.get_untracked().then(|| match result.crop {
            Some(crop) => state.image.with_untracked(|slot| match slot.open() {
                Some(image) => {
                    cropped_jpeg(&image.preview, image.width, image.height, crop, PHOTO_SIDE)
                }
                None => Err(td_string!(locale, result.save.photo_closed).to_owned()),
            }),
            None => jpeg_data_url(&result.view, PHOTO_SIDE),
        });
        // The body-map pin belongs to the classifier's photo, not to a batch row.
        let pin = result.crop.and(state.form.pin.get_untracked());
        let lesion = label.get_untracked();
        spawn_local(async move {
            let result = async {
                let thumbnail = thumbnail
                    .map_err(|detail| td_string!(locale, result.save.no_thumbnail, detail))?;
                let photo = photo
                    .transpose()
                    .map_err(|detail| td_string!(locale, result.save.photo_not_kept, detail))?;
                let now = js_sys::Date::now() as i64;
                let id = format!(
                    "{now}-{:08x}",
                    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
                );
                let entry = HistoryEntry::new(id, now, &lesion, thumbnail, record)
                    .and_then(|e| e.with_pin(pin))
                    .and_then(|e| e.with_photo(photo))
                    .map_err(|e| e.message(language(locale)))?;
                let stored = |e: crate::history_store::StorageError| e.message(language(locale));
                let store = HistoryStore::open().await.map_err(stored)?;
                store
                    .put_all(std::slice::from_ref(&entry))
                    .await
                    .map_err(stored)?;
                let mut text = match entry.lesion.as_str() {
                    "" => td_string!(locale, result.save.saved).to_owned(),
                    label => td_string!(locale, result.save.saved_under, label),
                };
                if entry.photo.is_some() {
                    // Photos are what a browser clears first when space runs low: ask it not to.
                    let kept = crate::storage_persistence::request().await;
                    text.push_str(td_string!(locale, result.save.with_photo));
                    text.push(' ');
                    text.push_str(crate::storage_persistence::describe(kept, locale));
                } else {
                    text.push('.');
                }
                Ok::<String, String>(text)
            }
            .await;
            saving.set(false);
            status.set(Some(result));
        });
    };
    view! {
        <section class="save-result" aria-labelledby="save-title">
            <h3 id="save-title">{t!(i18n, result.save.title)}</h3>
            <p class="hint">{t!(i18n, result.save.hint)}</p>
            <div class="field">
                <label for="lesion-label">{t!(i18n, result.save.label)}</label>
                <input id="lesion-label" type="text" maxlength=skincheck_history::MAX_LABEL_CHARS.to_string()
                    placeholder=move || t_string!(i18n, result.save.placeholder) list="lesion-labels"
                    prop:value=move || label.get()
                    on:focus=move |_| load_known()
                    on:input=move |e| { label.set(event_target_value(&e)); status.set(None); }/>
                <datalist id="lesion-labels">
                    {move || known.get().into_iter().map(|l| view! { <option value=l></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field checkbox">
                <input id="keep-photo" type="checkbox" data-testid="keep-photo"
                    prop:checked=move || keep_photo.get()
                    on:change=move |e| keep_photo.set(event_target_checked(&e))/>
                <label for="keep-photo">{t!(i18n, result.save.keep_photo, side = PHOTO_SIDE)}</label>
            </div>
            {move || result.with_value(|r| r.crop).and(state.form.pin.get()).and_then(|p| p.region()).map(|r| {
                let region = r.name_in(language(i18n.get_locale()));
                view! { <p class="hint" data-testid="save-pin">{t_string!(i18n, result.save.pin, region)}</p> }
            })}
            <button type="button" class="button" data-testid="save-result" data-file=file disabled=move || saving.get() on:click=save>
                {t!(i18n, result.save.button)}
            </button>
            {move || status.get().map(|s| match s {
                Ok(text) => view! { <p class="status" role="status" data-testid="save-status">{text}</p> }.into_any(),
                Err(reason) => view! {
                    <p class="error" role="alert" data-testid="save-error">{t_string!(i18n, result.save.not_saved, reason)}</p>
                }.into_any(),
            })}
        </section>
    }
}
