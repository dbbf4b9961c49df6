use std::collections::HashMap;

use leptos::prelude::*;
use skincheck_core::Language;
use skincheck_history::messages::photo_alt;
use skincheck_history::{change_text, lesion_name, LesionReport};
use skincheck_metrics::EvaluationReport;

use crate::components::photo_compare::when;
use crate::components::Disclaimer;
use crate::i18n::{language, t, t_string, use_i18n};
use crate::text::capitalise;

/// The printable report of one lesion for a doctor, in the page's language: every picked
/// entry with its photo (or thumbnail), date, probabilities, triage and the change since the
/// one before; the model(s) by id and sha256, the shipped model's measured sensitivity, and
/// the disclaimer.
#[component]
pub fn ReportView(
    report: LesionReport,
    /// Photo (or thumbnail) per entry id.
    pictures: HashMap<String, (String, bool)>,
    evaluation: Option<EvaluationReport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || language(i18n.get_locale());
    let rows = report.rows.clone();
    let count = rows.len();
    let made_at = js_sys::Date::now() as i64;
    let lesion = report.lesion.clone();
    let region = report.region;
    let measured = move || match &evaluation {
        Some(r) => measured_text(r, lang()),
        None => t_string!(i18n, report.no_figures).to_owned(),
    };
    view! {
        <article class="report" data-testid="report" data-rows=count>
            <header>
                <h1>{move || format!("{} {}", t_string!(i18n, report.heading), lesion_name(&lesion, lang()))}</h1>
                <p>{move || {
                    let place = match region {
                        Some(r) => format!("{} {}.", t_string!(i18n, report.place), r.name_in(lang())),
                        None => t_string!(i18n, report.no_place).to_owned(),
                    };
                    format!("{} {}. {place}", t_string!(i18n, report.made_on), when(i18n.get_locale(), made_at))
                }}</p>
                <Disclaimer/>
            </header>
            <table class="report-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, report.col_date)}</th>
                    <th scope="col">{t!(i18n, report.col_photo)}</th>
                    <th scope="col">{t!(i18n, report.col_estimate)}</th>
                    <th scope="col">{t!(i18n, report.col_change)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let (src, kept) = pictures.get(&row.entry_id).cloned().unwrap_or_default();
                        let at = row.saved_at_ms;
                        let id = row.entry_id.clone();
                        let row = StoredValue::new(row);
                        let estimate = move || row.with_value(|r| capitalise(&r.estimate_text(lang())));
                        let change = move || row.with_value(|r| match &r.change {
                            Some(c) => capitalise(&change_text(c, lang())),
                            None => t_string!(i18n, report.first_entry).to_owned(),
                        });
                        view! {
                            <tr data-id=id>
                                <td>{move || when(i18n.get_locale(), at)}</td>
                                <td>{(!src.is_empty()).then(|| view! {
                                    <img class="report-photo" data-testid="report-photo" data-kept=kept.to_string() src=src
                                        alt=move || photo_alt(&when(i18n.get_locale(), at), lang()) width="160" height="160"/>
                                })}</td>
                                <td>{estimate}</td>
                                <td>{change}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <section class="report-model">
                <h2>{t!(i18n, report.model_title)}</h2>
                <ul>
                    {report.models.iter().map(|(id, sha)| view! {
                        <li data-testid="report-model">{format!("{id}, sha256 {sha}")}</li>
                    }).collect_view()}
                </ul>
                <p data-testid="report-measured">{measured}</p>
                <p>{t!(i18n, report.aid_only)}</p>
            </section>
        </article>
    }
}

/// The shipped model's sensitivity in words, with what it was measured on. The dataset's
/// description in evaluation.json is English, so the German names only the count.
pub fn measured_text(r: &EvaluationReport, language: Language) -> String {
    let pct = |v: Option<f64>| match (v, language) {
        (Some(v), _) => language.percent(v, 0),
        (None, Language::En) => "n/a".to_owned(),
        (None, Language::De) => "k. A.".to_owned(),
    };
    let m = &r.melanoma;
    let (sens, spec, balanced) = (
        pct(m.sensitivity),
        pct(m.specificity),
        pct(r.balanced_accuracy),
    );
    let classes = r.classes.len();
    match language {
        Language::En => format!(
            "Measured on {} held-out photos ({}), model {}: it found {sens} of the {} melanomas \
             (sensitivity) and called {spec} of the other photos not melanoma (specificity); \
             balanced accuracy {balanced} over the {classes} classes.",
            language.integer(r.images),
            r.dataset.description,
            r.model_id,
            language.integer(m.support),
        ),
        Language::De => format!(
            "Gemessen an {} zurückgehaltenen Fotos, Modell {}: Es erkannte {sens} der {} \
             Melanome (Sensitivität) und stufte {spec} der übrigen Fotos als kein Melanom ein \
             (Spezifität); balancierte Genauigkeit {balanced} über die {classes} Klassen.",
            language.integer(r.images),
            r.model_id,
            language.integer(m.support),
        ),
    }
}
