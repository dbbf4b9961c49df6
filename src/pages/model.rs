use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_charts::data::evaluation_from_json;
use skincheck_charts::{Chart, TrainingRun};

use crate::components::{ChartFigure, HeadlineFigures, JsonLink};
use crate::state::use_app_state;

/// The model page: the card's facts, the headline figures, and charts of the evaluation
/// (`evaluation.json`, from `skincheck evaluate`) and of the training run (`training.json`).
#[component]
pub fn ModelPage() -> impl IntoView {
    let state = use_app_state();
    let evaluation = RwSignal::new(None::<Result<Vec<Chart>, String>>);
    let training = RwSignal::new(None::<Result<Vec<Chart>, String>>);
    let base = state.base.get_value();
    spawn_local(async move {
        let report =
            crate::fetch::fetch_asset(&base, "assets/evaluation.json", evaluation_from_json).await;
        evaluation.set(Some(report.map(|r| Chart::evaluation(Arc::new(r)))));
        let run =
            crate::fetch::fetch_asset(&base, "assets/training.json", TrainingRun::from_json).await;
        training.set(Some(run.map(|r| vec![Chart::Training(Arc::new(r))])));
    });
    let charts = move |list: RwSignal<Option<Result<Vec<Chart>, String>>>, what: &'static str| {
        move || match list.get() {
            None => view! { <p>{format!("Loading the {what}…")}</p> }.into_any(),
            Some(Err(e)) => {
                view! { <p class="notice">{format!("The {what} could not be read: {e}")}</p> }
                    .into_any()
            }
            Some(Ok(list)) => list
                .into_iter()
                .map(|chart| view! { <ChartFigure chart=chart/> })
                .collect_view()
                .into_any(),
        }
    };
    view! {
        <section class="page prose charts-page">
            <h1>"The model"</h1>
            {move || state.card().map(|card| view! {
                <dl class="facts">
                    <dt>"Model"</dt><dd>{card.model_id.clone()}</dd>
                    <dt>"Architecture"</dt><dd>{card.architecture.clone()}</dd>
                    <dt>"Input"</dt>
                    <dd>{format!("{0} x {0} pixels plus age, sex and body site", card.preprocessing.size)}</dd>
                    <dt>"Calibration temperature"</dt><dd>{format!("{}", card.temperature)}</dd>
                    <dt>"Alert thresholds"</dt>
                    <dd>{format!(
                        "suspicious from {:.0} %, malignant from {:.0} % (summed probability of {})",
                        100.0 * card.triage.suspicious_threshold,
                        100.0 * card.triage.malignant_threshold,
                        card.triage.malignant_classes.join(", "),
                    )}</dd>
                </dl>
            })}
            <h2>"Measured performance"</h2>
            <HeadlineFigures/>
            <p class="hint">"Hover over or tap a bar, cell or point for its value; each chart's numbers are in the table under it."</p>
            {charts(evaluation, "evaluation")}
            <h2>"Training"</h2>
            {charts(training, "training run")}
            <h2>"Download the data"</h2>
            <ul>
                <li><JsonLink file="assets/model.json" label="Model card (model.json)"/></li>
                <li><JsonLink file="assets/evaluation.json" label="Evaluation report (evaluation.json)"/></li>
                <li><JsonLink file="assets/training.json" label="Training run and calibration (training.json)"/></li>
            </ul>
        </section>
    }
}
