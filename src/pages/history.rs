use std::future::Future;
use std::pin::Pin;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_history::messages::{confirm_clear_text, pin_label, saved_count_text};
use skincheck_history::{
    check_import_size, due_lesions, export_json, lesions, parse_import, plan_import, plan_rechecks,
    DueState, HistoryEntry, ImportPlan, Recheck, MAX_IMPORT_BYTES,
};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::browser::utc_offset_minutes;
use crate::components::{BodyMap, DiaryStorage, DueList, LesionList, LesionView, MapPin};
use crate::download::{download_text, today};
use crate::history_store::{HistoryStore, Loaded, StorageError};
use crate::i18n::{language, t, td_string, use_i18n, Locale};
use crate::state::use_app_state;

mod notice;

use notice::{Notice, Said};

/// A change to the stored history, run once the store is open; it says what it did.
type StoreAction =
    Box<dyn FnOnce(HistoryStore) -> Pin<Box<dyn Future<Output = Result<Said, StorageError>>>>>;

/// The lesion diary kept in this browser: what is due for a re-check, the body map with each
/// lesion's pin, and per lesion its plan, a timeline of the class probabilities, its entries,
/// the side-by-side view and the report; delete one or all; export and import everything
/// (photos, pins and plans included) as one JSON file.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let state = use_app_state();
    let i18n = use_i18n();
    let lang = move || language(i18n.get_locale());
    // `None` while loading; `Err` when storage is unavailable.
    let entries = RwSignal::new(None::<Result<Vec<HistoryEntry>, StorageError>>);
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
            });
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
                Err(e) => Notice::Failed(Said::Storage(e)),
            }));
            reload();
        });
    };

    let delete = move |id: String| {
        change(Box::new(move |store| {
            Box::pin(async move { store.delete(&id).await.map(|()| Said::EntryDeleted) })
        }))
    };
    let delete_all = move |_| {
        confirm_clear.set(false);
        change(Box::new(|store| {
            Box::pin(async move { store.clear().await.map(|()| Said::AllDeleted) })
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
                    notice.set(Some(Notice::Failed(Said::ExportPhotos(e))));
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
                Ok(()) => Notice::Done(Said::Exported {
                    entries: list.len(),
                    photos: photos.len(),
                    plans: plans.len(),
                }),
                Err(e) => Notice::Failed(Said::ExportNotSaved(e)),
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
                        store.put_rechecks(&[plan]).await?
                    }
                    None => store.delete_recheck(&lesion).await?,
                }
                Ok(Said::Recheck { lesion, weeks })
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
            notice.set(Some(Notice::Failed(Said::Refused(reason))));
            return;
        }
        spawn_local(async move {
            let text = match JsFuture::from(file.text()).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) => {
                    notice.set(Some(Notice::Failed(Said::NotRead)));
                    return;
                }
            };
            match parse_import(&text) {
                Err(reason) => notice.set(Some(Notice::Failed(Said::Refused(reason)))),
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
                        Ok(Said::Imported {
                            // The counts and copies only: the stored entries need not stay.
                            plan: ImportPlan {
                                to_store: Vec::new(),
                                ..plan
                            },
                            plans_added: plans.len(),
                            from_version: imported.from_version,
                        })
                    })
                })),
            }
        });
    };

    let class_names = Callback::new(move |codes: Vec<String>| -> Vec<String> {
        let card = state.card();
        let locale = i18n.get_locale();
        codes
            .iter()
            .map(|code| {
                class_name(code, locale).map_or_else(
                    || {
                        card.as_ref()
                            .and_then(|c| c.classes.iter().find(|k| &k.code == code))
                            .map_or_else(|| code.clone(), |k| k.name.clone())
                    },
                    str::to_owned,
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
                Some(MapPin {
                    label: pin_label(&s.label, pin.region(), s.count, is_due, lang()),
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
            <h1>{t!(i18n, history.title)}</h1>
            <p class="hint">{t!(i18n, history.intro)}</p>
            <DiaryStorage changes=changes/>
            <div class="input-buttons">
                <button type="button" class="button" data-testid="history-export"
                    disabled=move || all().is_empty() on:click=export>{t!(i18n, history.export_all)}</button>
                <label class="button secondary" for="history-import">{t!(i18n, history.import)}</label>
                <input id="history-import" class="visually-hidden" type="file" accept="application/json,.json"
                    data-max-bytes=MAX_IMPORT_BYTES.to_string() on:change=import/>
                <button type="button" class="button secondary" data-testid="history-clear"
                    disabled=move || all().is_empty() on:click=move |_| confirm_clear.set(true)>{t!(i18n, history.delete_all_ask)}</button>
            </div>
            <Show when=move || confirm_clear.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text">{move || confirm_clear_text(all().len(), lang())}</p>
                    <button type="button" class="button danger" data-testid="history-clear-confirm" on:click=delete_all>{t!(i18n, history.delete_all)}</button>
                    <button type="button" class="button secondary" on:click=move |_| confirm_clear.set(false)>{t!(i18n, history.keep_them)}</button>
                </div>
            </Show>
            <div aria-live="polite">
                {move || notice.get().map(|n| {
                    let locale = i18n.get_locale();
                    match n {
                        Notice::Done(s) => view! { <p class="status" data-testid="history-notice">{s.text(locale)}</p> }.into_any(),
                        Notice::Failed(s) => view! { <p class="error" role="alert" data-testid="history-error">{s.text(locale)}</p> }.into_any(),
                    }
                })}
            </div>
            {move || (damaged.get() > 0).then(|| view! {
                <p class="error" role="alert" data-testid="history-damaged">
                    {t!(i18n, history.damaged, count = damaged.get())}
                </p>
            })}
            {move || match entries.get() {
                None => view! { <p class="status">{t!(i18n, history.reading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="error" role="alert" data-testid="storage-error">{move || format!("{}.", e.message(lang()))}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="placeholder" data-testid="history-empty">{t!(i18n, history.empty)}</p>
                }.into_any(),
                Some(Ok(list)) => {
                    let total = list.len();
                    view! {
                        <p data-testid="history-count" data-count=total>{move || saved_count_text(total, lang())}</p>
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
                            }).and_then(|p| p.region());
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

/// A HAM10000 class in the page's language, short enough for the chart's key ("Actinic
/// keratosis / intraepithelial carcinoma" reads as its first part); `None` for a class
/// SkinCheck has no name for.
fn class_name(code: &str, locale: Locale) -> Option<&'static str> {
    Some(match code {
        "akiec" => td_string!(locale, history.classes.akiec),
        "bcc" => td_string!(locale, history.classes.bcc),
        "bkl" => td_string!(locale, history.classes.bkl),
        "df" => td_string!(locale, history.classes.df),
        "mel" => td_string!(locale, history.classes.mel),
        "nv" => td_string!(locale, history.classes.nv),
        "vasc" => td_string!(locale, history.classes.vasc),
        _ => return None,
    })
}
