use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_history::{lesion_name, timeline, DueLesion, HistoryEntry, Region};

use crate::components::{HistoryEntryItem, PhotoCompare, RecheckControl, TimelineChart};
use crate::history_store::{HistoryStore, StorageError};
use crate::i18n::{language, t, t_string, use_i18n};

/// One lesion of the diary: where it is, its re-check plan, its probabilities over time, its
/// entries (newest first), and for the entries picked the side-by-side view and the report.
#[component]
pub fn LesionView(
    label: String,
    /// The body-map region of its latest pinned entry.
    region: Option<&'static Region>,
    /// Every entry of the diary (the lesion's are picked here).
    entries: Vec<HistoryEntry>,
    photo_ids: Vec<String>,
    due: Option<DueLesion>,
    class_names: Callback<Vec<String>, Vec<String>>,
    on_delete: Callback<String>,
    on_recheck: Callback<(String, Option<u16>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || language(i18n.get_locale());
    let base = crate::state::use_app_state().base.get_value();
    let t = timeline(&entries, &label);
    let mut mine: Vec<HistoryEntry> = entries
        .into_iter()
        .filter(|e| e.lesion_label() == label)
        .collect();
    mine.sort_by_key(|e| std::cmp::Reverse(e.saved_at_ms));
    let picked = RwSignal::new(Vec::<String>::new());
    // The picked entries with their photos, oldest first; `None` until Compare is pressed.
    let compared = RwSignal::new(None::<Result<Vec<HistoryEntry>, StorageError>>);
    let by_id: HashMap<String, HistoryEntry> =
        mine.iter().map(|e| (e.id.clone(), e.clone())).collect();
    let by_id = StoredValue::new(by_id);
    let compare = move |_| {
        let ids = picked.get_untracked();
        spawn_local(async move {
            let loaded = async {
                let photos = HistoryStore::open().await?.photos(&ids).await?;
                Ok::<_, StorageError>(photos)
            }
            .await;
            compared.set(Some(loaded.map(|photos| {
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
    let heading = label.clone();
    view! {
        <section class="lesion" aria-labelledby="lesion-title" data-testid="lesion" data-lesion=label.clone()>
            <h2 id="lesion-title">{move || lesion_name(&heading, lang()).to_owned()}</h2>
            <p class="hint" data-testid="lesion-region">{move || match region {
                Some(r) => format!("{} {}.", t_string!(i18n, history.lesion.on_map), r.name_in(lang())),
                None => t_string!(i18n, history.lesion.not_on_map).to_owned(),
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
                    {t!(i18n, history.lesion.compare)}
                </button>
                <a class="button secondary" data-testid="report-open" href=report_href>
                    {move || if picked.with(|p| p.is_empty()) {
                        t_string!(i18n, history.lesion.report_all)
                    } else {
                        t_string!(i18n, history.lesion.report_picked)
                    }}
                </a>
            </div>
            {move || compared.get().map(|c| match c {
                Ok(list) => view! { <PhotoCompare entries=list class_name/> }.into_any(),
                Err(e) => view! {
                    <p class="error" role="alert">
                        {t!(i18n, history.lesion.photos_failed)} " " {move || e.message(lang())} "."
                    </p>
                }.into_any(),
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
