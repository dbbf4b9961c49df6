use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_history::{
    check_import_size, due_lesions, export_json, lesions, parse_import, plan_import, plan_rechecks,
    DueState, HistoryEntry, ImportError, Recheck, MAX_IMPORT_BYTES,
};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::browser::utc_offset_minutes;
use crate::components::{BodyMap, DiaryStorage, DueList, LesionList, LesionView, MapPin};
use crate::download::{download_text, today};
use crate::text::{capitalise, plural};
use std::future::Future;
use std::pin::Pin;

use crate::history_store::{HistoryStore, Loaded, StorageError};
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

/// The lesion diary kept in this browser: what is due for a re-check, the body map with each
/// lesion's pin, and per lesion its plan, a timeline of the class probabilities, its entries,
/// the side-by-side view and the report; delete one or all; export and import everything
/// (photos, pins and plans included) as one JSON file.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let state = use_app_state();
    // `None` while loading; `Err` when storage is unavailable.
    let entries = RwSignal::new(None::<Result<Vec<HistoryEntry>, String>>);
    let photo_ids = RwSignal::new(Vec::<String>::new());
    let rechecks = RwSignal::new(Vec::<Recheck>::new());
    // Moves on every reload, so the storage figures are measured again.
    let changes = RwSignal::new(0usize);
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
            .map(|loaded: Loaded| {
                damaged.set(loaded.damaged.len());
                photo_ids.set(loaded.photo_ids);
                rechecks.set(loaded.rechecks);
                loaded.entries
            })
            .map_err(|e| e.to_string());
            entries.set(Some(loaded));
            changes.update(|n| *n += 1);
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
    let due = Memo::new(move |_| {
        let now = js_sys::Date::now() as i64;
        rechecks.with(|r| due_lesions(&all(), r, now, utc_offset_minutes()))
    });
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
        spawn_local(async move {
            // The photos travel in the file too, so an import elsewhere has the whole diary.
            let ids = photo_ids.get_untracked();
            let photos = match HistoryStore::open().await {
                Ok(store) => store.photos(&ids).await,
                Err(e) => Err(e),
            };
            let photos = match photos {
                Ok(p) => p,
                Err(e) => {
                    let text = format!("The photos could not be read for the export: {e}");
                    notice.set(Some(Notice::Failed(text)));
                    return;
                }
            };
            for entry in &mut list {
                entry.photo = photos.get(&entry.id).cloned();
            }
            let plans = rechecks.get_untracked();
            let json = export_json(&list, &plans, js_sys::Date::now() as i64);
            let saved = download_text(
                &format!("skincheck-history-{}.json", today()),
                "application/json",
                &json,
            );
            notice.set(Some(match saved {
                Ok(()) => Notice::Done(format!(
                    "Exported {} entries ({} with photos) and {} re-check plans.",
                    list.len(),
                    photos.len(),
                    plans.len()
                )),
                Err(e) => Notice::Failed(format!("The export could not be saved: {e}")),
            }));
        });
    };
    let set_recheck = Callback::new(move |(lesion, weeks): (String, Option<u16>)| {
        change(Box::new(move |store| {
            Box::pin(async move {
                match weeks {
                    Some(every_weeks) => {
                        let plan = Recheck {
                            lesion: lesion.clone(),
                            every_weeks,
                        };
                        store.put_rechecks(&[plan]).await?;
                        Ok(format!("“{lesion}”: look again every {every_weeks} weeks."))
                    }
                    None => {
                        store.delete_recheck(&lesion).await?;
                        Ok(format!("“{lesion}”: no re-check reminder."))
                    }
                }
            })
        }))
    });
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
                        let mut stored = store.all().await?;
                        // With their photos, so an entry exported and imported again is
                        // recognised as the one stored, not kept as a copy.
                        let photos = store.photos(&stored.photo_ids).await?;
                        for entry in &mut stored.entries {
                            entry.photo = photos.get(&entry.id).cloned();
                        }
                        let plan = plan_import(&stored.entries, &stored.damaged, &imported.entries);
                        if !plan.to_store.is_empty() {
                            store.put_all(&plan.to_store).await?;
                        }
                        let plans = plan_rechecks(&stored.rechecks, &imported.rechecks);
                        if !plans.is_empty() {
                            store.put_rechecks(&plans).await?;
                        }
                        let mut text = plan.summary();
                        if !plans.is_empty() {
                            text.push_str(&format!(" {} re-check plans added.", plans.len()));
                        }
                        if imported.from_version < skincheck_history::VERSION {
                            text.push_str(&format!(
                                " (A version {} file, read as version {}.)",
                                imported.from_version,
                                skincheck_history::VERSION
                            ));
                        }
                        Ok(text)
                    })
                })),
            }
        });
    };

    let class_names = Callback::new(move |codes: Vec<String>| -> Vec<String> {
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
    });
    let on_delete = Callback::new(delete);
    // The lesions' pins: each lesion where its latest pinned entry put it.
    let map_pins = Signal::derive(move || {
        let due_now = due.get();
        summaries
            .get()
            .into_iter()
            .filter_map(|s| {
                let pin = s.pin?;
                let is_due = due_now
                    .iter()
                    .any(|d| d.lesion == s.label && !matches!(d.state, DueState::Upcoming { .. }));
                let region = pin.region().map_or("body", |r| r.name);
                Some(MapPin {
                    label: format!(
                        "{}: {region}, {} {}{}",
                        s.label,
                        s.count,
                        plural(s.count, "entry", "entries"),
                        if is_due { ", due for a re-check" } else { "" }
                    ),
                    current: current.get().as_deref() == Some(s.label.as_str()),
                    key: s.label,
                    pin,
                    due: is_due,
                })
            })
            .collect::<Vec<_>>()
    });

    view! {
        <div class="history">
            <h1>"History: your lesion diary"</h1>
            <p class="hint">"Results you saved, kept in this browser only. Save a result from the classifier or a batch row; "
                "give the same lesion label to follow one lesion over time, place it on the body map, keep its photos to compare them, "
                "and plan when to look again."</p>
            <DiaryStorage changes=changes/>
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
                        <DueList due=due.into() on_select=Callback::new(move |l| selected.set(Some(l)))/>
                        <div class="diary-overview">
                            <BodyMap pins=map_pins on_pin=Callback::new(move |l| selected.set(Some(l)))/>
                            <LesionList summaries=summaries.into() current=current.into()
                                on_select=Callback::new(move |l| selected.set(Some(l)))/>
                        </div>
                        {move || current.get().map(|label| {
                            let due_row = due.get().into_iter().find(|d| d.lesion == label);
                            // Where the lesion is: its latest pinned entry's region (LesionSummary).
                            let region = summaries.with(|list| {
                                list.iter().find(|s| s.label == label).and_then(|s| s.pin)
                            }).and_then(|p| p.region()).map(|r| r.name);
                            view! {
                                <LesionView label region entries=all() photo_ids=photo_ids.get() due=due_row
                                    class_names on_delete on_recheck=set_recheck/>
                            }
                        })}
                    }.into_any()
                }
            }}
        </div>
    }
}
