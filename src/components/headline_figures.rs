use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_metrics::headline::{
    gate_flagged_text, non_lesion_text, percent_with_interval, small_class_caveat,
};
use skincheck_metrics::{EvaluationReport, Intervals};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::state::use_app_state;

/// The shipped model's headline figures, read from `evaluation.json` (written by
/// `skincheck evaluate`, the same Rust code path as this app), with what they were measured on.
#[component]
pub fn HeadlineFigures() -> impl IntoView {
    let state = use_app_state();
    let url = crate::base_path::asset_url(&state.base.get_value(), "assets/evaluation.json");
    let report = RwSignal::new(None::<Result<EvaluationReport, String>>);
    spawn_local(async move {
        report.set(Some(fetch_report(&url).await));
    });
    view! {
        {move || match report.get() {
            None => view! { <p>"Loading the evaluation…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="notice">{format!("The evaluation could not be read: {e}")}</p> }.into_any(),
            Some(Ok(r)) => figures(&r).into_any(),
        }}
    }
}

fn figures(r: &EvaluationReport) -> impl IntoView {
    let pct = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{:.1} %", 100.0 * v));
    let auc = r.macro_auc.map_or("n/a".to_owned(), |v| format!("{v:.3}"));
    let iv = r.intervals.as_ref();
    let with_ci =
        |v, pick: fn(&Intervals) -> Option<[f64; 2]>| percent_with_interval(v, iv.and_then(pick));
    let intervals_note = iv.map(|i| {
        format!(
            "95 % intervals: {} resamples of the {} lesions (photos of one lesion together).",
            i.resamples, i.lesions
        )
    });
    let caveat = small_class_caveat(r);
    view! {
        <dl class="facts" data-testid="headline-figures">
            <dt>"Balanced accuracy"</dt>
            <dd data-testid="balanced-accuracy">
                {with_ci(r.balanced_accuracy, |i| i.balanced_accuracy)}
            </dd>
            <dt>"Accuracy"</dt><dd>{with_ci(r.accuracy, |i| i.accuracy)}</dd>
            <dt>"Macro AUC"</dt><dd>{auc}</dd>
            <dt>"Melanoma"</dt>
            <dd data-testid="melanoma-figures">{format!(
                "sensitivity {}, specificity {} ({} melanomas)",
                with_ci(r.melanoma.sensitivity, |i| i.melanoma_sensitivity),
                with_ci(r.melanoma.specificity, |i| i.melanoma_specificity),
                r.melanoma.support
            )}</dd>
            <dt>"Triage"</dt>
            <dd>{format!(
                "{} of malignant lesions flagged, {} of benign ones cleared",
                pct(r.triage.malignant_flagged),
                pct(r.triage.benign_cleared)
            )}</dd>
            <dt>"Calibration error"</dt>
            <dd>{format!(
                "{:.3} before, {:.3} after temperature scaling",
                r.reliability_before.ece, r.reliability_after.ece
            )}</dd>
            {r.quality_gate.as_ref().map(|g| view! {
                <dt>"Photos the gate refused"</dt>
                <dd data-testid="gate-flagged">{gate_flagged_text(g)}</dd>
            })}
            {r.non_lesion.as_ref().map(|n| view! {
                <dt>"Non-lesion pictures caught"</dt>
                <dd data-testid="gate-non-lesion">{non_lesion_text(n)}</dd>
            })}
            <dt>"Measured on"</dt>
            <dd>{format!("{} ({} images)", r.dataset.description, r.images)}</dd>
        </dl>
        {intervals_note.map(|t| view! { <p class="note">{t}</p> })}
        {caveat.map(|t| view! { <p class="note" data-testid="small-class-caveat">{t}</p> })}
        {r.quality_gate.is_some().then(|| view! {
            <p class="note">
                "The quality gate refuses photos it cannot judge (blurred, too dark or bright, too small, "
                "or unlike the dermatoscopic training photos); the figures above include them. The "
                "non-lesion pictures are photos and drawings that ship with scikit-image or are drawn "
                "by the project; no clinical (non-dermatoscopic) skin photos were available to test it."
            </p>
        })}
    }
}

async fn fetch_report(url: &str) -> Result<EvaluationReport, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| crate::browser::js_error_text(&e))?
        .dyn_into()
        .map_err(|_| "not a response".to_owned())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(
        response
            .text()
            .map_err(|e| crate::browser::js_error_text(&e))?,
    )
    .await
    .map_err(|e| crate::browser::js_error_text(&e))?
    .as_string()
    .unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| e.to_string())
}
