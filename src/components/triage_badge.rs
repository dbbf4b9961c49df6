use leptos::prelude::*;
use skincheck_core::{Triage, TriageLevel};

/// Benign / suspicious / malignant, in words and colour (never colour alone), with the
/// rule's reason.
#[component]
pub fn TriageBadge(triage: Triage) -> impl IntoView {
    let (title, advice) = match triage.level {
        TriageLevel::Benign => (
            "Looks benign",
            "Keep an eye on it; have it checked if it changes.",
        ),
        TriageLevel::Suspicious => (
            "Suspicious",
            "Have it checked by a doctor or dermatologist.",
        ),
        TriageLevel::Malignant => ("Possibly malignant", "See a dermatologist soon."),
    };
    view! {
        <div class=format!("triage triage-{}", triage.level.as_str()) data-testid="triage"
            data-level=triage.level.as_str() role="status">
            <p class="triage-title"><span class="triage-icon" aria-hidden="true"></span>{title}</p>
            <p class="triage-advice">{advice}</p>
            <p class="triage-reason">"Why: " {triage.reason.replace(" %", "\u{a0}%")} "."</p>
        </div>
    }
}
