use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_charts::data::evaluation_from_json;
use skincheck_charts::{Chart, Language, TrainingRun};

use crate::components::{fetch_chart_data, ChartDataError, ChartFigure, HeadlineFigures, JsonLink};
use crate::i18n::{t, use_i18n};
use crate::state::use_app_state;

/// Charts being loaded (`None`), loaded, or why not.
type Loaded = RwSignal<Option<Result<Vec<Chart>, ChartDataError>>>;

/// The model page: the card's facts, the headline figures, and charts of the evaluation
/// (`evaluation.json`, from `skincheck evaluate`) and of the training run (`training.json`).
#[component]
pub fn ModelPage() -> impl IntoView {
    let state = use_app_state();
    let i18n = use_i18n();
    let evaluation: Loaded = RwSignal::new(None);
    let training: Loaded = RwSignal::new(None);
    let base = state.base.get_value();
    spawn_local(async move {
        let report = fetch_chart_data(&base, "assets/evaluation.json", evaluation_from_json).await;
        evaluation.set(Some(report.map(|r| Chart::evaluation(Arc::new(r)))));
        let run = fetch_chart_data(&base, "assets/training.json", TrainingRun::from_json).await;
        training.set(Some(run.map(|r| vec![Chart::Training(Arc::new(r))])));
    });
    // Each list of figures, or the sentence saying it is loading or could not be read.
    let charts = move |list: Loaded, is_evaluation: bool| {
        move || match list.get() {
            None if is_evaluation => {
                view! { <p>{t!(i18n, charts.model.loading_evaluation)}</p> }.into_any()
            }
            None => view! { <p>{t!(i18n, charts.model.loading_training)}</p> }.into_any(),
            Some(Err(e)) => {
                let reason = move || e.message(i18n.get_locale());
                let text = if is_evaluation {
                    t!(i18n, charts.model.failed_evaluation, reason).into_any()
                } else {
                    t!(i18n, charts.model.failed_training, reason).into_any()
                };
                view! { <p class="notice">{text}</p> }.into_any()
            }
            Some(Ok(list)) => list
                .into_iter()
                .map(|chart| view! { <ChartFigure chart=chart/> })
                .collect_view()
                .into_any(),
        }
    };
    let language = move || crate::i18n::language(i18n.get_locale());
    view! {
        <section class="page prose charts-page">
            <h1>{t!(i18n, charts.model.title)}</h1>
            {move || state.card().map(|card| {
                let size = card.preprocessing.size;
                let suspicious = format!("{:.0}", 100.0 * card.triage.suspicious_threshold);
                let malignant = format!("{:.0}", 100.0 * card.triage.malignant_threshold);
                let classes = card.triage.malignant_classes.join(", ");
                let temperature = card.temperature;
                view! {
                    <dl class="facts">
                        <dt>{t!(i18n, charts.model.model)}</dt><dd>{card.model_id.clone()}</dd>
                        <dt>{t!(i18n, charts.model.architecture)}</dt><dd lang="en">{card.architecture.clone()}</dd>
                        <dt>{t!(i18n, charts.model.input)}</dt>
                        <dd>{t!(i18n, charts.model.input_value, size)}</dd>
                        <dt>{t!(i18n, charts.model.temperature)}</dt>
                        <dd>{move || temperature_text(temperature, language())}</dd>
                        <dt>{t!(i18n, charts.model.thresholds)}</dt>
                        <dd>{t!(i18n, charts.model.thresholds_value, suspicious, malignant, classes)}</dd>
                    </dl>
                }
            })}
            <h2>{t!(i18n, charts.model.performance)}</h2>
            <HeadlineFigures/>
            <p class="hint">{t!(i18n, charts.model.hint)}</p>
            {charts(evaluation, true)}
            <h2>{t!(i18n, charts.model.training)}</h2>
            {charts(training, false)}
            <h2>{t!(i18n, charts.downloads.heading)}</h2>
            <ul>
                <li><JsonLink file="assets/model.json">{t!(i18n, charts.downloads.card)}</JsonLink></li>
                <li><JsonLink file="assets/evaluation.json">{t!(i18n, charts.downloads.evaluation)}</JsonLink></li>
                <li><JsonLink file="assets/training.json">{t!(i18n, charts.downloads.training_calibration)}</JsonLink></li>
            </ul>
        </section>
    }
}

/// The card's temperature as written in the file (all its digits), with the language's
/// decimal mark.
fn temperature_text(temperature: f32, language: Language) -> String {
    let text = temperature.to_string();
    match language {
        Language::En => text,
        Language::De => text.replace('.', ","),
    }
}
