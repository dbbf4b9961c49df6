use std::collections::HashMap;

use leptos::prelude::*;
use skincheck_history::LesionReport;
use skincheck_metrics::EvaluationReport;

use crate::components::photo_compare::when;
use crate::components::Disclaimer;

/// The printable report of one lesion for a doctor: every picked entry with its photo (or
/// thumbnail), date, probabilities, triage and the change since the one before; the model(s)
/// by id and sha256, the shipped model's measured sensitivity, and the disclaimer.
#[component]
pub fn ReportView(
    report: LesionReport,
    /// Photo (or thumbnail) per entry id.
    pictures: HashMap<String, (String, bool)>,
    evaluation: Option<EvaluationReport>,
) -> impl IntoView {
    let rows = report.rows.clone();
    let count = rows.len();
    let measured = evaluation.as_ref().map(measured_text);
    view! {
        <article class="report" data-testid="report" data-rows=count>
            <header>
                <h1>{format!("Lesion report: {}", report.lesion)}</h1>
                <p>{format!("Made with SkinCheck on {}. {}", when(js_sys::Date::now() as i64),
                    report.region.map_or("Body site not recorded on the body map.".to_owned(), |r| format!("Where: {r}.")))}</p>
                <Disclaimer/>
            </header>
            <table class="report-table">
                <thead><tr><th scope="col">"Date"</th><th scope="col">"Photo"</th><th scope="col">"Estimate"</th><th scope="col">"Change"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let (src, kept) = pictures.get(&row.entry_id).cloned().unwrap_or_default();
                        let estimate = match &row.not_judged {
                            Some(reason) => format!("Not judged: {reason} (top class {} {:.1} %)", row.top_class, row.top_probability * 100.0),
                            None => format!("{} {:.1} %; malignant {:.1} %; triage: {}", row.top_class,
                                row.top_probability * 100.0, row.malignant_probability * 100.0, row.triage),
                        };
                        let change = row.change.as_ref().map_or("first entry".to_owned(), |c| format!(
                            "{}: malignant {:+.1} points{}{}", c.elapsed_text(), c.malignant_delta * 100.0,
                            if c.top_changed { ", top class changed" } else { "" },
                            if c.triage_changed { ", triage changed" } else { "" }));
                        view! {
                            <tr data-id=row.entry_id.clone()>
                                <td>{when(row.saved_at_ms)}</td>
                                <td>{(!src.is_empty()).then(|| view! {
                                    <img class="report-photo" data-testid="report-photo" data-kept=kept.to_string() src=src
                                        alt=format!("The lesion on {}", when(row.saved_at_ms)) width="160" height="160"/>
                                })}</td>
                                <td>{estimate}</td>
                                <td>{change}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <section class="report-model">
                <h2>"The model"</h2>
                <ul>
                    {report.models.iter().map(|(id, sha)| view! {
                        <li data-testid="report-model">{format!("{id}, sha256 {sha}")}</li>
                    }).collect_view()}
                </ul>
                <p data-testid="report-measured">{measured.unwrap_or_else(|| "The model's measured figures could not be read.".to_owned())}</p>
                <p>"SkinCheck is an aid for learning and triage, trained on HAM10000 dermatoscopic photos; it is not a medical device and cannot rule a melanoma in or out. Please examine the lesion."</p>
            </section>
        </article>
    }
}

/// The shipped model's sensitivity in words, with what it was measured on.
pub fn measured_text(r: &EvaluationReport) -> String {
    let pct = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{:.0} %", v * 100.0));
    format!(
        "Measured on {} held-out photos ({}), model {}: it found {} of the {} melanomas \
         (sensitivity) and called {} of the other photos not melanoma (specificity); balanced \
         accuracy {} over the 7 classes.",
        r.images,
        r.dataset.description,
        r.model_id,
        pct(r.melanoma.sensitivity),
        r.melanoma.support,
        pct(r.melanoma.specificity),
        pct(r.balanced_accuracy)
    )
}
