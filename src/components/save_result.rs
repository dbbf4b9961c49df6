use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_core::ResultRecord;
use skincheck_history::HistoryEntry;

use crate::history_store::HistoryStore;
use crate::state::Pixels;
use crate::thumbnail::{jpeg_data_url, SAVED_SIDE};

/// Keeps a result in this browser's history, only when the user presses Save, under an
/// optional lesion label so results of the same lesion line up over time.
#[component]
pub fn SaveResult(record: ResultRecord, view: Arc<Pixels>) -> impl IntoView {
    let label = RwSignal::new(String::new());
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
    let save = move |_| {
        saving.set(true);
        let record = record.get_value();
        let thumbnail = jpeg_data_url(&view, SAVED_SIDE);
        let lesion = label.get_untracked();
        spawn_local(async move {
            let result = async {
                let thumbnail =
                    thumbnail.map_err(|e| format!("the thumbnail could not be made ({e})"))?;
                let now = js_sys::Date::now() as i64;
                let id = format!(
                    "{now}-{:08x}",
                    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
                );
                let entry = HistoryEntry::new(id, now, &lesion, thumbnail, record)
                    .map_err(|e| e.to_string())?;
                let store = HistoryStore::open().await.map_err(|e| e.to_string())?;
                store
                    .put_all(std::slice::from_ref(&entry))
                    .await
                    .map_err(|e| e.to_string())?;
                Ok::<String, String>(match entry.lesion.as_str() {
                    "" => "Saved to this browser's history.".to_string(),
                    l => format!("Saved to this browser's history under “{l}”."),
                })
            }
            .await;
            saving.set(false);
            status.set(Some(result));
        });
    };
    view! {
        <section class="save-result" aria-labelledby="save-title">
            <h3 id="save-title">"Follow this lesion over time"</h3>
            <p class="hint">"Save this result in this browser only (nothing is uploaded); see it later under History."</p>
            <div class="field">
                <label for="lesion-label">"Lesion label (optional)"</label>
                <input id="lesion-label" type="text" maxlength=skincheck_history::MAX_LABEL_CHARS.to_string()
                    placeholder="e.g. left shoulder mole" list="lesion-labels"
                    prop:value=move || label.get()
                    on:focus=move |_| load_known()
                    on:input=move |e| { label.set(event_target_value(&e)); status.set(None); }/>
                <datalist id="lesion-labels">
                    {move || known.get().into_iter().map(|l| view! { <option value=l></option> }).collect_view()}
                </datalist>
            </div>
            <button type="button" class="button" data-testid="save-result" data-file=file disabled=move || saving.get() on:click=save>
                "Save to history"
            </button>
            {move || status.get().map(|s| match s {
                Ok(text) => view! { <p class="status" role="status" data-testid="save-status">{text}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert" data-testid="save-error">"Not saved: " {e} "."</p> }.into_any(),
            })}
        </section>
    }
}
