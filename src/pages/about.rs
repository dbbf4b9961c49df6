use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::components::{Disclaimer, HonestLimits, OfflineStorage};
use crate::diagnoses::HAM10000;
use crate::i18n::{language, t, t_string, use_i18n, Locale};
use crate::state::{use_app_state, ModelStatus};
use crate::text::json_number;

/// What SkinCheck is, how it treats the photo, where its data come from, and which model
/// this copy runs.
#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    view! {
        <section class="page prose">
            <h1>{t!(i18n, about.title)}</h1>
            <Disclaimer/>
            <p>{t!(i18n, about.intro)}</p>
            <h2>{t!(i18n, about.privacy_title)}</h2>
            <p>{t!(i18n, about.privacy)}</p>
            <OfflineStorage/>
            <h2>{t!(i18n, about.data_title)}</h2>
            // The citation keeps its authors, title and DOI in every language.
            <p>{t!(i18n, about.data, citation = || view! { <cite lang="en">{HAM10000}</cite> })}</p>
            <HonestLimits/>
            <h2>{t!(i18n, about.model.title)}</h2>
            {move || match state.model.get() {
                ModelStatus::Ready { card, .. } => {
                    let training = card.training.clone();
                    view! {
                        <dl class="facts">
                            <dt>{t!(i18n, about.model.id)}</dt><dd><code>{card.model_id.clone()}</code></dd>
                            <dt>{t!(i18n, about.model.architecture)}</dt><dd lang="en">{card.architecture.clone()}</dd>
                            <dt>{t!(i18n, about.model.sha256)}</dt><dd><code class="hash">{card.sha256.clone()}</code></dd>
                            {move || {
                                // Card words keep their language for screen readers.
                                let english = (i18n.get_locale() != Locale::en).then_some("en");
                                training_rows(i18n, &training)
                                    .into_iter()
                                    .map(|row| {
                                        let lang = english.filter(|_| row.card_words);
                                        view! { <dt>{row.label}</dt><dd lang=lang>{row.value}</dd> }
                                    })
                                    .collect_view()
                            }}
                        </dl>
                    }.into_any()
                }
                ModelStatus::Failed(reason) => view! {
                    <p class="error" role="alert">{t!(i18n, about.model.failed, reason)}</p>
                }.into_any(),
                _ => view! { <p>{t!(i18n, about.model.loading)}</p> }.into_any(),
            }}
        </section>
    }
}

/// One row of the card's free-form `training` object.
struct TrainingRow {
    label: String,
    value: String,
    /// The card's own English words (not a number): marked `lang="en"` in a German page.
    card_words: bool,
}

/// The card's `training` object as rows, in the card's order. Labels are the page's; values
/// are the card's (written by the training run, in English), numbers with the page's
/// decimal mark.
fn training_rows(i18n: I18nContext<Locale>, training: &serde_json::Value) -> Vec<TrainingRow> {
    let Some(fields) = training.as_object() else {
        return Vec::new();
    };
    let lang = language(i18n.get_locale());
    fields
        .iter()
        .map(|(key, value)| {
            let label = match key.as_str() {
                "data" => t_string!(i18n, about.training.data),
                "citation" => t_string!(i18n, about.training.citation),
                "licence" => t_string!(i18n, about.training.licence),
                "device" => t_string!(i18n, about.training.device),
                "mode" => t_string!(i18n, about.training.mode),
                "epochs" => t_string!(i18n, about.training.epochs),
                "wall_time_s" => t_string!(i18n, about.training.wall_time_s),
                "notes" => t_string!(i18n, about.training.notes),
                // A field this page does not know yet: the card's own name for it.
                _ => "",
            };
            let (label, known) = match label {
                "" => (crate::text::capitalise(&key.replace('_', " ")), false),
                known => (known.to_owned(), true),
            };
            let (value, card_words) = match value {
                serde_json::Value::String(s) => (s.clone(), true),
                serde_json::Value::Number(n) => (json_number(n, lang), false),
                other => (other.to_string(), false),
            };
            TrainingRow {
                label,
                value,
                card_words: card_words || !known,
            }
        })
        .collect()
}
