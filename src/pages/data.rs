use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_charts::{Chart, DatasetStats};
use skincheck_core::ModelCard;

use crate::components::{ChartFigure, JsonLink};
use crate::diagnoses::HAM10000;
use crate::state::use_app_state;

/// The training-data page: charts of `dataset_stats.json` (written by the training pipeline)
/// and the JSON files themselves to download.
#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app_state();
    let charts = RwSignal::new(None::<Result<Vec<Chart>, String>>);
    let base = state.base.get_value();
    spawn_local(async move {
        let stats =
            crate::fetch::fetch_asset(&base, "assets/dataset_stats.json", DatasetStats::from_json)
                .await;
        // The diagnosis names come from the model card; without it the charts write codes.
        let card =
            crate::fetch::fetch_asset(&base, crate::model_loader::CARD_PATH, ModelCard::from_json)
                .await
                .ok();
        let names = card
            .iter()
            .flat_map(|c| c.classes.iter().map(|k| (k.code.clone(), k.name.clone())));
        charts.set(Some(
            stats.map(|s| Chart::dataset(Arc::new(s.with_class_names(names)))),
        ));
    });
    view! {
        <section class="page prose charts-page">
            <h1>"Training data"</h1>
            <p>
                "The model learns from HAM10000, dermatoscopic images of pigmented skin "
                "lesions with seven diagnoses, collected in Vienna and Queensland: 8,481 of its "
                "10,015 images, split by lesion into training, validation and test. Source: "
                {HAM10000} ", licence CC BY-NC-SA 4.0."
            </p>
            <p class="hint">"Hover over or tap a bar or cell for its value; each chart's numbers are in the table under it."</p>
            {move || match charts.get() {
                None => view! { <p>"Loading the data set statistics…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice">{format!("The data set statistics could not be read: {e}")}</p> }.into_any(),
                Some(Ok(list)) => list.into_iter().map(|chart| view! { <ChartFigure chart=chart/> }).collect_view().into_any(),
            }}
            <h2>"Download the data"</h2>
            <ul>
                <li><JsonLink file="assets/dataset_stats.json" label="Data set statistics (dataset_stats.json)"/></li>
                <li><JsonLink file="assets/training.json" label="Training run (training.json)"/></li>
                <li><JsonLink file="assets/model.json" label="Model card (model.json)"/></li>
            </ul>
        </section>
    }
}
