use leptos::prelude::*;
use skincheck_history::HistoryEntry;

use crate::components::photo_compare::when;

/// One saved entry of a lesion: thumbnail, date, file, top class, triage, details, model;
/// a box that picks it for the side-by-side view and the report, and Delete.
#[component]
pub fn HistoryEntryItem(
    entry: HistoryEntry,
    has_photo: bool,
    picked: RwSignal<Vec<String>>,
    on_delete: Callback<String>,
) -> impl IntoView {
    let e = entry;
    let r = &e.record;
    let details: Vec<String> = [
        r.age.map(|a| format!("{a} years")),
        r.sex.clone(),
        r.site.clone(),
        e.pin
            .and_then(|p| p.region())
            .map(|region| format!("on the {}", region.name)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let id = e.id.clone();
    let pick_id = e.id.clone();
    let is_picked = {
        let id = e.id.clone();
        move || picked.with(|p| p.contains(&id))
    };
    let verdict = match r.check.as_ref().and_then(|c| c.headline()) {
        // Refused by the quality gate: the reason, not a triage.
        Some(reason) => format!(
            "{} {:.1} % · not judged: {reason}",
            r.top_class,
            r.top_probability * 100.0
        ),
        None => format!(
            "{} {:.1} % · {}",
            r.top_class,
            r.top_probability * 100.0,
            r.triage
        ),
    };
    view! {
        <li class="entry" data-id=e.id.clone() data-top=r.top_class.clone() data-photo=has_photo.to_string()>
            <input type="checkbox" class="entry-pick" data-testid="entry-pick"
                aria-label=format!("Pick the entry of {} to compare or report", when(e.saved_at_ms))
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
            <img class="thumb" src=e.thumbnail.clone() alt="" width="64" height="64"/>
            <div>
                <p><strong>{when(e.saved_at_ms)}</strong>" · "{r.file.clone()}
                    {has_photo.then_some(" · photo kept")}</p>
                <p>{verdict}{(!details.is_empty()).then(|| format!(" · {}", details.join(", ")))}</p>
                <p class="hint">{format!("model {}", r.model_id)}</p>
            </div>
            <button type="button" class="button secondary" data-testid="history-delete"
                aria-label=format!("Delete the entry of {}", r.file) on:click=move |_| on_delete.run(id.clone())>"Delete"</button>
        </li>
    }
}
