use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_history::{timeline, DueLesion, HistoryEntry};

use crate::components::{HistoryEntryItem, PhotoCompare, RecheckControl, TimelineChart};
use crate::history_store::HistoryStore;

/// One lesion of the diary: where it is, its re-check plan, its probabilities over time, its
/// entries (newest first), and for the entries picked the side-by-side view and the report.
#[component]
pub fn LesionView(
    label: String,
    /// The body-map region of its latest pinned entry.
    region: Option<&'static str>,
    /// Every entry of the diary (the lesion's are picked here).
    entries: Vec<HistoryEntry>,
    photo_ids: Vec<String>,
    due: Option<DueLesion>,
    class_names: Callback<Vec<String>, Vec<String>>,
    on_delete: Callback<String>,
    on_recheck: Callback<(String, Option<u16>)>,
) -> impl IntoView {
    let base = crate::state::use_app_state().base.get_value();
    let t = timeline(&entries, &label);
    let mut mine: Vec<HistoryEntry> = entries
        .into_iter()
        .filter(|e| e.lesion_label() == label)
        .collect();
    mine.sort_by_key(|e| std::cmp::Reverse(e.saved_at_ms));
    let picked = RwSignal::new(Vec::<String>::new());
    // The picked entries with their photos, oldest first; `None` until Compare is pressed.
    let compared = RwSignal::new(None::<Result<Vec<HistoryEntry>, String>>);
    let by_id: HashMap<String, HistoryEntry> =
        mine.iter().map(|e| (e.id.clone(), e.clone())).collect();
    let by_id = StoredValue::new(by_id);
    let compare = move |_| {
        let ids = picked.get_untracked();
        spawn_local(async move {
            let loaded = async {
                let photos = HistoryStore::open().await?.photos(&ids).await?;
                Ok::<_, crate::history_store::StorageError>(photos)
            }
            .await;
            compared.set(Some(loaded.map_err(|e| e.to_string()).map(|photos| {
                let mut list: Vec<HistoryEntry> = by_id.with_value(|m| {
                    ids.iter()
                        .filter_map(|id| m.get(id).cloned())
                        .map(|mut e| {
                            e.photo = photos.get(&e.id).cloned();
                            e
                        })
                        .collect()
                });
                list.sort_by_key(|e| e.saved_at_ms);
                list
            })));
        });
    };
    let report_href = {
        let label = label.clone();
        move || {
            let ids = picked.get().join(",");
            format!(
                "{base}/report?lesion={}&ids={}",
                String::from(js_sys::encode_uri_component(&label)),
                String::from(js_sys::encode_uri_component(&ids))
            )
        }
    };
    let class_name =
        Callback::new(move |code: String| class_names.run(vec![code]).pop().unwrap_or_default());
    let recheck_label = label.clone();
    view! {
        <section class="lesion" aria-labelledby="lesion-title" data-testid="lesion" data-lesion=label.clone()>
            <h2 id="lesion-title">{label.clone()}</h2>
            <p class="hint" data-testid="lesion-region">{match region {
                Some(name) => format!("On the body map: {name}."),
                None => "Not placed on the body map (place it in the classifier's details before saving).".to_owned(),
            }}</p>
            <RecheckControl lesion=label.clone() due=due
                on_change=Callback::new(move |weeks| on_recheck.run((recheck_label.clone(), weeks)))/>
            {t.map(|t| {
                let names = class_names.run(t.classes.clone());
                view! { <TimelineChart timeline=t names=names/> }
            })}
            <div class="input-buttons">
                <button type="button" class="button" data-testid="compare-open"
                    disabled=move || picked.with(|p| p.len() < 2) on:click=compare>
                    "Compare the picked entries"
                </button>
                <a class="button secondary" data-testid="report-open" href=report_href>
                    {move || if picked.with(|p| p.is_empty()) { "Report for the doctor (all entries)" } else { "Report for the doctor (picked entries)" }}
                </a>
            </div>
            {move || compared.get().map(|c| match c {
                Ok(list) => view! { <PhotoCompare entries=list class_name/> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">"The photos could not be read: " {e}</p> }.into_any(),
            })}
            <ul class="entries" data-testid="history-entries">
                {mine.into_iter().map(|e| {
                    let has_photo = photo_ids.contains(&e.id);
                    view! { <HistoryEntryItem entry=e has_photo picked on_delete/> }
                }).collect_view()}
            </ul>
        </section>
    }
}
