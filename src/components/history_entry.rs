use leptos::prelude::*;
use skincheck_history::messages::{delete_label, details_text, pick_label, verdict_text};
use skincheck_history::HistoryEntry;

use crate::components::photo_compare::when;
use crate::i18n::{language, t, t_string, use_i18n};

/// One saved entry of a lesion: thumbnail, date, file, top class, triage, details, model;
/// a box that picks it for the side-by-side view and the report, and Delete.
#[component]
pub fn HistoryEntryItem(
    entry: HistoryEntry,
    has_photo: bool,
    picked: RwSignal<Vec<String>>,
    on_delete: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || language(i18n.get_locale());
    let e = StoredValue::new(entry);
    let (id, saved_at_ms, file, top, model_id, thumbnail) = e.with_value(|e| {
        let r = &e.record;
        (
            e.id.clone(),
            e.saved_at_ms,
            r.file.clone(),
            r.top_class.clone(),
            r.model_id.clone(),
            e.thumbnail.clone(),
        )
    });
    let pick_id = id.clone();
    let is_picked = {
        let id = id.clone();
        move || picked.with(|p| p.contains(&id))
    };
    let verdict = move || e.with_value(|e| verdict_text(&e.record, lang()));
    let details = move || {
        let text = e.with_value(|e| details_text(e, lang()));
        (!text.is_empty()).then(|| format!(" · {text}"))
    };
    let delete_name = file.clone();
    let item_id = id.clone();
    view! {
        <li class="entry" data-id=item_id data-top=top data-photo=has_photo.to_string()>
            <input type="checkbox" class="entry-pick" data-testid="entry-pick"
                aria-label=move || pick_label(&when(i18n.get_locale(), saved_at_ms), lang())
                prop:checked=is_picked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    picked.update(|p| {
                        p.retain(|x| x != &pick_id);
                        if on {
                            p.push(pick_id.clone());
                        }
                    });
                }/>
            <img class="thumb" src=thumbnail alt="" width="64" height="64"/>
            <div>
                <p><strong>{move || when(i18n.get_locale(), saved_at_ms)}</strong>" · "{file}
                    {has_photo.then(|| view! { " · " {t!(i18n, history.entry.photo_kept)} })}</p>
                <p>{verdict}{details}</p>
                <p class="hint">{t!(i18n, history.entry.model, id = model_id)}</p>
            </div>
            <button type="button" class="button secondary" data-testid="history-delete"
                aria-label=move || delete_label(&delete_name, lang())
                on:click=move |_| on_delete.run(id.clone())>{move || t_string!(i18n, history.entry.delete)}</button>
        </li>
    }
}
