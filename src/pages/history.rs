use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_history::{
    check_import_size, export_json, lesions, parse_import, plan_import, timeline, HistoryEntry,
    ImportError, MAX_IMPORT_BYTES,
};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::components::TimelineChart;
use crate::download::{download_text, today};
use crate::text::capitalise;
use std::future::Future;
use std::pin::Pin;

use crate::history_store::{HistoryStore, StorageError};
use crate::state::use_app_state;

/// A change to the stored history, run once the store is open; it says what it did.
type StoreAction =
    Box<dyn FnOnce(HistoryStore) -> Pin<Box<dyn Future<Output = Result<String, StorageError>>>>>;

/// The status line for a refused import.
fn refused(reason: &ImportError) -> String {
    format!("Import refused: {reason}. Nothing was changed.")
}

/// What the page last did, for the status line.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    Done(String),
    Failed(String),
}

/// The results saved in this browser: per lesion a timeline of the class probabilities and
/// the entries themselves; delete one or all; export and import everything as one JSON file.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let state = use_app_state();
    // `None` while loading; `Err` when storage is unavailable.
    let entries = RwSignal::new(None::<Result<Vec<HistoryEntry>, String>>);
    let selected = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<Notice>);
    let confirm_clear = RwSignal::new(false);
    // Stored records that are not valid entries: counted and left alone.
    let damaged = RwSignal::new(0usize);

    let reload = move || {
        spawn_local(async move {
            let loaded = async {
                let store = HistoryStore::open().await?;
                store.all().await
            }
            .await
            .map(|loaded| {
                damaged.set(loaded.damaged.len());
                loaded.entries
            })
            .map_err(|e| e.to_string());
            entries.set(Some(loaded));
        })
    };
    reload();

    let all = move || {
        entries.with(|e| {
            e.as_ref()
                .and_then(|r| r.as_ref().ok())
                .cloned()
                .unwrap_or_default()
        })
    };
    let summaries = Memo::new(move |_| lesions(&all()));
    // The lesion shown: the one picked, else the most recent.
    let current = Memo::new(move |_| {
        let list = summaries.get();
        selected
            .get()
            .filter(|s| list.iter().any(|l| &l.label == s))
            .or_else(|| list.first().map(|l| l.label.clone()))
    });

    // Runs a change against the store, then reloads and says how it went.
    let change = move |action: StoreAction| {
        spawn_local(async move {
            let result = match HistoryStore::open().await {
                Ok(store) => action(store).await,
                Err(e) => Err(e),
            };
            notice.set(Some(match result {
                Ok(done) => Notice::Done(done),
                Err(e) => Notice::Failed(capitalise(&e.to_string())),
            }));
            reload();
        });
    };

    let delete = move |id: String| {
        change(Box::new(move |store| {
            Box::pin(async move { store.delete(&id).await.map(|()| "Entry deleted.".into()) })
        }))
    };
    let delete_all = move |_| {
        confirm_clear.set(false);
        change(Box::new(|store| {
            Box::pin(async move { store.clear().await.map(|()| "All entries deleted.".into()) })
        }))
    };
    let export = move |_| {
        let mut list = all();
        list.sort_by(|a, b| {
            a.saved_at_ms
                .cmp(&b.saved_at_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        let json = export_json(&list, js_sys::Date::now() as i64);
        let saved = download_text(
            &format!("skincheck-history-{}.json", today()),
            "application/json",
            &json,
        );
        notice.set(Some(match saved {
            Ok(()) => Notice::Done(format!("Exported {} entries.", list.len())),
            Err(e) => Notice::Failed(format!("The export could not be saved: {e}")),
        }));
    };
    let import = move |e: ev::Event| {
        let input: HtmlInputElement = event_target(&e);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        // By its size, before a byte is read: a huge file would take the tab's memory.
        if let Err(reason) = check_import_size(file.size() as u64) {
            notice.set(Some(Notice::Failed(refused(&reason))));
            return;
        }
        spawn_local(async move {
            let text = match JsFuture::from(file.text()).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) => {
                    notice.set(Some(Notice::Failed(
                        "The file could not be read. Nothing was changed.".into(),
                    )));
                    return;
                }
            };
            match parse_import(&text) {
                Err(reason) => notice.set(Some(Notice::Failed(refused(&reason)))),
                // Merged against what is stored now: nothing stored is replaced.
                Ok(imported) => change(Box::new(move |store| {
                    Box::pin(async move {
                        let stored = store.all().await?;
                        let plan = plan_import(&stored.entries, &stored.damaged, &imported);
                        if !plan.to_store.is_empty() {
                            store.put_all(&plan.to_store).await?;
                        }
                        Ok(plan.summary())
                    })
                })),
            }
        });
    };

    let class_names = move |codes: &[String]| -> Vec<String> {
        let card = state.card();
        codes
            .iter()
            .map(|code| {
                card.as_ref()
                    .and_then(|c| c.classes.iter().find(|k| &k.code == code))
                    // The key is narrow: "Actinic keratosis / intraepithelial carcinoma"
                    // reads as its first part.
                    .map_or_else(
                        || code.clone(),
                        |k| k.name.split(" / ").next().unwrap_or(&k.name).to_owned(),
                    )
            })
            .collect()
    };

    view! {
        <div class="history">
            <h1>"History"</h1>
            <p class="hint">"Results you saved, kept in this browser only. Save a result from the classifier or a batch row; "
                "give the same lesion label to follow one lesion over time."</p>
            <div class="input-buttons">
                <button type="button" class="button" data-testid="history-export"
                    disabled=move || all().is_empty() on:click=export>"Export all (JSON)"</button>
                <label class="button secondary" for="history-import">"Import…"</label>
                <input id="history-import" class="visually-hidden" type="file" accept="application/json,.json"
                    data-max-bytes=MAX_IMPORT_BYTES.to_string() on:change=import/>
                <button type="button" class="button secondary" data-testid="history-clear"
                    disabled=move || all().is_empty() on:click=move |_| confirm_clear.set(true)>"Delete all…"</button>
            </div>
            <Show when=move || confirm_clear.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text">{move || format!("Delete all {} saved entries from this browser? Export them first to keep a copy.", all().len())}</p>
                    <button type="button" class="button danger" data-testid="history-clear-confirm" on:click=delete_all>"Delete all"</button>
                    <button type="button" class="button secondary" on:click=move |_| confirm_clear.set(false)>"Keep them"</button>
                </div>
            </Show>
            <div aria-live="polite">
                {move || notice.get().map(|n| match n {
                    Notice::Done(t) => view! { <p class="status" data-testid="history-notice">{t}</p> }.into_any(),
                    Notice::Failed(t) => view! { <p class="error" role="alert" data-testid="history-error">{t}</p> }.into_any(),
                })}
            </div>
            {move || (damaged.get() > 0).then(|| view! {
                <p class="error" role="alert" data-testid="history-damaged">
                    {format!("{} stored entries are damaged and not shown; the others are below and export as usual.", damaged.get())}
                </p>
            })}
            {move || match entries.get() {
                None => view! { <p class="status">"Reading the saved history…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert" data-testid="storage-error">{capitalise(&e)} "."</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="placeholder" data-testid="history-empty">"Nothing saved yet."</p>
                }.into_any(),
                Some(Ok(list)) => {
                    let total = list.len();
                    view! {
                        <p data-testid="history-count" data-count=total>{format!("{total} saved entries.")}</p>
                        <nav class="lesion-list" aria-label="Lesions">
                            {summaries.get().into_iter().map(|s| {
                                let label = s.label.clone();
                                let pressed = { let label = label.clone(); move || current.get().as_deref() == Some(label.as_str()) };
                                view! {
                                    <button type="button" class="lesion-button" data-lesion=label.clone()
                                        aria-pressed=move || pressed().to_string()
                                        on:click={ let label = label.clone(); move |_| selected.set(Some(label.clone())) }>
                                        {format!("{} ({})", s.label, s.count)}
                                    </button>
                                }
                            }).collect_view()}
                        </nav>
                        {move || current.get().and_then(|label| {
                            let t = timeline(&all(), &label)?;
                            let names = class_names(&t.classes);
                            let mut mine: Vec<HistoryEntry> = all().into_iter().filter(|e| e.lesion_label() == label).collect();
                            mine.sort_by_key(|e| std::cmp::Reverse(e.saved_at_ms));
                            Some(view! {
                                <section class="lesion" aria-labelledby="lesion-title">
                                    <h2 id="lesion-title">{label.clone()}</h2>
                                    <TimelineChart timeline=t names=names/>
                                    <ul class="entries" data-testid="history-entries">
                                        {mine.into_iter().map(|e| entry_view(e, delete)).collect_view()}
                                    </ul>
                                </section>
                            })
                        })}
                    }.into_any()
                }
            }}
        </div>
    }
}

fn entry_view(e: HistoryEntry, delete: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(e.saved_at_ms as f64));
    let when = String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED));
    let r = &e.record;
    let details: Vec<String> = [
        r.age.map(|a| format!("{a} years")),
        r.sex.clone(),
        r.site.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let id = e.id.clone();
    view! {
        <li class="entry" data-id=e.id.clone() data-top=r.top_class.clone()>
            <img class="thumb" src=e.thumbnail.clone() alt="" width="64" height="64"/>
            <div>
                <p><strong>{when}</strong>" · "{r.file.clone()}</p>
                <p>{match r.check.as_ref().and_then(|c| c.headline()) {
                        // Refused by the quality gate: the reason, not a triage.
                        Some(reason) => format!("{} {:.1} % · not judged: {reason}", r.top_class, r.top_probability * 100.0),
                        None => format!("{} {:.1} % · {}", r.top_class, r.top_probability * 100.0, r.triage),
                    }}
                    {(!details.is_empty()).then(|| format!(" · {}", details.join(", ")))}</p>
                <p class="hint">{format!("model {}", r.model_id)}</p>
            </div>
            <button type="button" class="button secondary" data-testid="history-delete"
                aria-label=format!("Delete the entry of {}", r.file) on:click=move |_| delete(id.clone())>"Delete"</button>
        </li>
    }
}
