use std::sync::Arc;

use leptos::prelude::*;
use skincheck_core::{Classification, TriageLevel};

use crate::i18n::{t_string, td_string, use_i18n};
use crate::state::use_app_state;

/// Benign / suspicious / malignant, in words and colour (never colour alone), with the
/// rule's reason in the page's language (the stored reason is English).
#[component]
pub fn TriageBadge(classification: Arc<Classification>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let level = classification.decision.triage.level;
    let text = move || {
        let locale = i18n.get_locale();
        match level {
            TriageLevel::Benign => (
                td_string!(locale, result.triage.benign),
                td_string!(locale, result.triage.benign_advice),
            ),
            TriageLevel::Suspicious => (
                td_string!(locale, result.triage.suspicious),
                td_string!(locale, result.triage.suspicious_advice),
            ),
            TriageLevel::Malignant => (
                td_string!(locale, result.triage.malignant),
                td_string!(locale, result.triage.malignant_advice),
            ),
        }
    };
    let reason = move || {
        let d = &classification.decision;
        let reason = match state.card() {
            Some(card) => {
                let class = card.classes.get(d.decision);
                let code = class.map_or("", |c| c.code.as_str());
                let name = crate::diagnoses::name(i18n.get_locale(), code)
                    .or(class.map(|c| c.name.as_str()))
                    .unwrap_or_default();
                let language = crate::i18n::language(i18n.get_locale());
                d.triage_reason(&card, language, name)
            }
            None => d.triage.reason.clone(),
        };
        reason.replace(" %", "\u{a0}%")
    };
    view! {
        <div class=format!("triage triage-{}", level.as_str()) data-testid="triage"
            data-level=level.as_str() role="status">
            <p class="triage-title"><span class="triage-icon" aria-hidden="true"></span>{move || text().0}</p>
            <p class="triage-advice">{move || text().1}</p>
            <p class="triage-reason">{move || t_string!(i18n, result.triage.why, reason = reason())}</p>
        </div>
    }
}
