use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use skincheck_charts::data::evaluation_from_json;
use skincheck_history::{lesion_name, lesion_report, report_text, LesionReport};
use skincheck_metrics::EvaluationReport;

use crate::browser::utc_offset_minutes;
use crate::components::report_view::measured_text;
use crate::components::ReportView;
use crate::history_store::{HistoryStore, StorageError};
use crate::i18n::{language, t, td_string, use_i18n};
use crate::share::{share_files, ShareFile, Sharing};
use crate::state::use_app_state;

/// Why there is no report to show.
#[derive(Clone)]
enum Missing {
    /// No entry of the lesion (or of the picked ones) is in the diary.
    NoEntries(String),
    Storage(StorageError),
}

/// What the report page shows once read.
#[derive(Clone)]
struct Loaded {
    report: LesionReport,
    pictures: HashMap<String, (String, bool)>,
    evaluation: Option<EvaluationReport>,
}

/// The report for the doctor, `report?lesion=LABEL&ids=ID,ID`: the lesion's picked entries
/// (all of them without `ids`), printable (the print stylesheet leaves only the report, and
/// the browser's "Save as PDF" makes the file), and shared as files where the browser can.
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let lesion = query.with_untracked(|q| q.get("lesion").unwrap_or_default());
    let ids: Vec<String> = query.with_untracked(|q| {
        q.get("ids")
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    });
    let i18n = use_i18n();
    let lang = move || language(i18n.get_locale());
    let loaded = RwSignal::new(None::<Result<Loaded, Missing>>);
    let base = state.base.get_value();
    {
        let lesion = lesion.clone();
        spawn_local(async move {
            let result = async {
                let store = HistoryStore::open().await.map_err(Missing::Storage)?;
                let all = store.all().await.map_err(Missing::Storage)?;
                let report = lesion_report(&all.entries, &lesion, &ids)
                    .ok_or_else(|| Missing::NoEntries(lesion.clone()))?;
                let wanted: Vec<String> = report.rows.iter().map(|r| r.entry_id.clone()).collect();
                let photos = store.photos(&wanted).await.map_err(Missing::Storage)?;
                let pictures = all
                    .entries
                    .iter()
                    .filter(|e| wanted.contains(&e.id))
                    .map(|e| {
                        let picture = match photos.get(&e.id) {
                            Some(photo) => (photo.clone(), true),
                            None => (e.thumbnail.clone(), false),
                        };
                        (e.id.clone(), picture)
                    })
                    .collect();
                // Without the figures the report still stands; it says they are missing.
                let evaluation = crate::fetch::fetch_asset(
                    &base,
                    "assets/evaluation.json",
                    evaluation_from_json,
                )
                .await
                .ok();
                Ok(Loaded {
                    report,
                    pictures,
                    evaluation,
                })
            }
            .await;
            loaded.set(Some(result));
        });
    }
    let sharing = Sharing::detect();
    let share_status = RwSignal::new(None::<Result<String, String>>);
    let share = move |_| {
        let Some(Ok(l)) = loaded.get_untracked() else {
            return;
        };
        // The shared text is in the page's language, as the report shown.
        let locale = i18n.get_locale_untracked();
        let language = language(locale);
        spawn_local(async move {
            let measured = l
                .evaluation
                .as_ref()
                .map(|r| measured_text(r, language))
                .unwrap_or_default();
            let text = report_text(
                &l.report,
                language,
                utc_offset_minutes(),
                &measured,
                td_string!(locale, report.share_disclaimer),
            );
            let mut files = vec![ShareFile::text("skincheck-report.txt", &text)];
            for row in &l.report.rows {
                if let Some((photo, true)) = l.pictures.get(&row.entry_id) {
                    files.push(ShareFile::data_url(
                        &format!("lesion-{}.jpg", row.entry_id),
                        photo,
                    ));
                }
            }
            let title = format!(
                "{} {}",
                td_string!(locale, report.share_title),
                lesion_name(&l.report.lesion, language)
            );
            share_status.set(Some(share_files(&title, &text, files, locale).await));
        });
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let back = format!("{}/history", state.base.get_value());
    view! {
        <div class="report-page">
            <div class="report-actions no-print">
                <a href=back>"← "{t!(i18n, report.back)}</a>
                <button type="button" class="button" data-testid="report-print" on:click=print>{t!(i18n, report.print)}</button>
                {sharing.can_share_files().then(|| view! {
                    <button type="button" class="button secondary" data-testid="report-share" on:click=share>{t!(i18n, report.share)}</button>
                })}
                {move || share_status.get().map(|s| match s {
                    Ok(t) => view! { <p role="status">{t}</p> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                })}
            </div>
            {move || match loaded.get() {
                None => view! { <h1>{t!(i18n, report.title)}</h1><p class="status">{t!(i18n, report.reading)}</p> }.into_any(),
                Some(Err(missing)) => {
                    let reason = match missing {
                        Missing::NoEntries(label) => {
                            let name = move || lesion_name(&label, lang()).to_owned();
                            t!(i18n, report.no_entries, lesion = name).into_any()
                        }
                        Missing::Storage(e) => (move || format!("{}.", e.message(lang()))).into_any(),
                    };
                    view! { <h1>{t!(i18n, report.title)}</h1><p class="error" role="alert" data-testid="report-error">{reason}</p> }.into_any()
                }
                Some(Ok(l)) => view! { <ReportView report=l.report pictures=l.pictures evaluation=l.evaluation/> }.into_any(),
            }}
        </div>
    }
}
