use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_charts::{Chart, DatasetStats};
use skincheck_core::ModelCard;

use crate::components::{fetch_chart_data, ChartDataError, ChartFigure, JsonLink};
use crate::diagnoses::HAM10000;
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::state::use_app_state;

/// The training-data page: charts of `dataset_stats.json` (written by the training pipeline)
/// and the JSON files themselves to download.
#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app_state();
    let i18n = use_i18n();
    let stats = RwSignal::new(None::<Result<Arc<DatasetStats>, ChartDataError>>);
    // The model card's (English) names, for classes this page has no translation of.
    let card_names = RwSignal::new(Vec::<(String, String)>::new());
    let base = state.base.get_value();
    spawn_local(async move {
        let read = fetch_chart_data(&base, "assets/dataset_stats.json", DatasetStats::from_json);
        let read = read.await;
        // Without the card the charts still name HAM10000's classes; others by their code.
        let card =
            crate::fetch::fetch_asset(&base, crate::model_loader::CARD_PATH, ModelCard::from_json)
                .await
                .ok();
        card_names.set(
            card.iter()
                .flat_map(|c| c.classes.iter().map(|k| (k.code.clone(), k.name.clone())))
                .collect(),
        );
        stats.set(Some(read.map(Arc::new)));
    });
    // The charts in the page's language: diagnosis names are part of their data.
    let charts = move || {
        let locale = i18n.get_locale();
        match stats.get() {
            None => view! { <p>{t!(i18n, charts.data.loading)}</p> }.into_any(),
            Some(Err(e)) => {
                let reason = e.message(locale);
                view! { <p class="notice">{t!(i18n, charts.data.failed, reason)}</p> }.into_any()
            }
            Some(Ok(s)) => {
                let names = card_names.with(|card| named_classes(locale, &s.classes, card));
                let named = Arc::new(DatasetStats::clone(&s).with_class_names(names));
                Chart::dataset(named)
                    .into_iter()
                    .map(|chart| view! { <ChartFigure chart=chart/> })
                    .collect_view()
                    .into_any()
            }
        }
    };
    view! {
        <section class="page prose charts-page">
            <h1>{t!(i18n, charts.data.title)}</h1>
            <p>{t!(i18n, charts.data.intro, source = || view! { <cite lang="en">{HAM10000}</cite> })}</p>
            <p class="hint">{t!(i18n, charts.data.hint)}</p>
            {charts}
            <h2>{t!(i18n, charts.downloads.heading)}</h2>
            <ul>
                <li><JsonLink file="assets/dataset_stats.json">{t!(i18n, charts.downloads.stats)}</JsonLink></li>
                <li><JsonLink file="assets/training.json">{t!(i18n, charts.downloads.training)}</JsonLink></li>
                <li><JsonLink file="assets/model.json">{t!(i18n, charts.downloads.card)}</JsonLink></li>
            </ul>
        </section>
    }
}

/// Each class's diagnosis name in `locale`: HAM10000's seven translated, any other the
/// model card's name (else the charts write its code).
fn named_classes(
    locale: Locale,
    classes: &[String],
    card: &[(String, String)],
) -> Vec<(String, String)> {
    classes
        .iter()
        .filter_map(|code| {
            let name = diagnosis_name(locale, code)
                .map(str::to_owned)
                .or_else(|| card.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()))?;
            Some((code.clone(), name))
        })
        .collect()
}

/// The name of a HAM10000 diagnosis code in `locale`.
fn diagnosis_name(locale: Locale, code: &str) -> Option<&'static str> {
    Some(match code {
        "nv" => td_string!(locale, charts.diagnosis.nv),
        "mel" => td_string!(locale, charts.diagnosis.mel),
        "bkl" => td_string!(locale, charts.diagnosis.bkl),
        "bcc" => td_string!(locale, charts.diagnosis.bcc),
        "akiec" => td_string!(locale, charts.diagnosis.akiec),
        "vasc" => td_string!(locale, charts.diagnosis.vasc),
        "df" => td_string!(locale, charts.diagnosis.df),
        _ => return None,
    })
}
