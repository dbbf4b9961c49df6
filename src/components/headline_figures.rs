use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_charts::{ChartError, Language};
use skincheck_metrics::headline::{
    gate_flagged_text, non_lesion_text, percent_with_interval, small_class_caveat,
};
use skincheck_metrics::{EvaluationReport, Intervals};

use super::chart_figure::{fetch_chart_data, ChartDataError};
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::state::use_app_state;

/// The shipped model's headline figures, read from `evaluation.json` (written by
/// `skincheck evaluate`, the same Rust code path as this app), with what they were measured on.
#[component]
pub fn HeadlineFigures() -> impl IntoView {
    let state = use_app_state();
    let i18n = use_i18n();
    let base = state.base.get_value();
    let report = RwSignal::new(None::<Result<EvaluationReport, ChartDataError>>);
    spawn_local(async move {
        let parse = |text: &str| {
            serde_json::from_str(text).map_err(|source| ChartError::Json {
                file: "evaluation.json",
                source,
            })
        };
        report.set(Some(
            fetch_chart_data(&base, "assets/evaluation.json", parse).await,
        ));
    });
    view! {
        {move || {
            let locale = i18n.get_locale();
            match report.get() {
                None => view! { <p>{t!(i18n, charts.model.loading_evaluation)}</p> }.into_any(),
                Some(Err(e)) => {
                    let reason = e.message(locale);
                    view! { <p class="notice">{t!(i18n, charts.model.failed_evaluation, reason)}</p> }
                        .into_any()
                }
                Some(Ok(r)) => figures(&r, locale).into_any(),
            }
        }}
    }
}

/// The figures in `locale` (redrawn by the caller when it changes).
fn figures(r: &EvaluationReport, locale: Locale) -> impl IntoView {
    let l = crate::i18n::language(locale);
    let pct = |v: Option<f64>| percent_with_interval(v, None, l);
    let auc = r
        .macro_auc
        .map_or_else(|| percent_with_interval(None, None, l), |v| l.decimal(v, 3));
    let iv = r.intervals.as_ref();
    let with_ci = |v, pick: fn(&Intervals) -> Option<[f64; 2]>| {
        percent_with_interval(v, iv.and_then(pick), l)
    };
    let intervals_note = iv.map(|i| {
        td_string!(
            locale,
            charts.headline.intervals,
            resamples = i.resamples,
            lesions = i.lesions
        )
        .to_string()
    });
    let caveat = small_class_caveat(r, l);
    let (sensitivity, specificity, count) = (
        with_ci(r.melanoma.sensitivity, |i| i.melanoma_sensitivity),
        with_ci(r.melanoma.specificity, |i| i.melanoma_specificity),
        r.melanoma.support,
    );
    let melanoma = if count == 1 {
        td_string!(
            locale,
            charts.headline.melanoma_value_singular,
            sensitivity,
            specificity,
            count
        )
    } else {
        td_string!(
            locale,
            charts.headline.melanoma_value_plural,
            sensitivity,
            specificity,
            count
        )
    };
    let (flagged, cleared) = (
        pct(r.triage.malignant_flagged),
        pct(r.triage.benign_cleared),
    );
    let before = l.decimal(r.reliability_before.ece, 3);
    let after = l.decimal(r.reliability_after.ece, 3);
    let measured_on = measured_on(r, locale);
    view! {
        <dl class="facts" data-testid="headline-figures">
            <dt>{td_string!(locale, charts.headline.balanced_accuracy)}</dt>
            <dd data-testid="balanced-accuracy">
                {with_ci(r.balanced_accuracy, |i| i.balanced_accuracy)}
            </dd>
            <dt>{td_string!(locale, charts.headline.accuracy)}</dt>
            <dd>{with_ci(r.accuracy, |i| i.accuracy)}</dd>
            <dt>{td_string!(locale, charts.headline.macro_auc)}</dt><dd>{auc}</dd>
            <dt>{td_string!(locale, charts.headline.melanoma)}</dt>
            <dd data-testid="melanoma-figures">{melanoma.to_string()}</dd>
            <dt>{td_string!(locale, charts.headline.triage)}</dt>
            <dd>{td_string!(locale, charts.headline.triage_value, flagged, cleared).to_string()}</dd>
            <dt>{td_string!(locale, charts.headline.calibration_error)}</dt>
            <dd>{td_string!(locale, charts.headline.calibration_value, before, after).to_string()}</dd>
            {r.quality_gate.as_ref().map(|g| view! {
                <dt>{td_string!(locale, charts.headline.gate_refused)}</dt>
                <dd data-testid="gate-flagged">{gate_flagged_text(g, l)}</dd>
            })}
            {r.non_lesion.as_ref().map(|n| view! {
                <dt>{td_string!(locale, charts.headline.non_lesion)}</dt>
                <dd data-testid="gate-non-lesion">{non_lesion_text(n, l)}</dd>
            })}
            <dt>{td_string!(locale, charts.headline.measured_on)}</dt>
            <dd>{measured_on}</dd>
        </dl>
        {intervals_note.map(|t| view! { <p class="note">{t}</p> })}
        {caveat.map(|t| view! { <p class="note" data-testid="small-class-caveat">{t}</p> })}
        {r.quality_gate.is_some().then(|| view! {
            <p class="note">{td_string!(locale, charts.headline.gate_note)}</p>
        })}
    }
}

/// What the figures were measured on. The report describes its data in English; the shipped
/// test split's description is translated, another one is shown as the file words it.
fn measured_on(r: &EvaluationReport, locale: Locale) -> String {
    let shipped = r
        .dataset
        .description
        .starts_with("the lesion-grouped test split of HAM10000");
    let description = match crate::i18n::language(locale) {
        Language::De if shipped => td_string!(locale, charts.headline.test_split).to_owned(),
        _ => r.dataset.description.clone(),
    };
    let images = r.images;
    if images == 1 {
        td_string!(
            locale,
            charts.headline.measured_on_value_singular,
            description,
            images
        )
        .to_string()
    } else {
        td_string!(
            locale,
            charts.headline.measured_on_value_plural,
            description,
            images
        )
        .to_string()
    }
}
