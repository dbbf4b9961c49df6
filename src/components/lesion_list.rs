use std::collections::BTreeMap;

use leptos::prelude::*;
use skincheck_history::LesionSummary;

/// Heading of the lesions that have no pin.
const NOT_PLACED: &str = "Not on the body map";

/// The diary's lesions grouped by body region (where each one's latest pin is), each a
/// button that opens it.
#[component]
pub fn LesionList(
    summaries: Signal<Vec<LesionSummary>>,
    current: Signal<Option<String>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let groups = move || {
        let mut groups: BTreeMap<(bool, &'static str), Vec<LesionSummary>> = BTreeMap::new();
        for s in summaries.get() {
            let region = s.pin.and_then(|p| p.region()).map(|r| r.name);
            groups
                .entry((region.is_none(), region.unwrap_or(NOT_PLACED)))
                .or_default()
                .push(s);
        }
        groups
    };
    view! {
        <nav class="lesion-list" aria-label="Lesions by body region">
            {move || groups().into_iter().map(|((_, region), list)| view! {
                <div class="lesion-group" data-region=region>
                    <h3>{region}</h3>
                    {list.into_iter().map(|s| {
                        let label = s.label.clone();
                        let pressed = { let label = label.clone(); move || current.get().as_deref() == Some(label.as_str()) };
                        view! {
                            <button type="button" class="lesion-button" data-lesion=label.clone()
                                aria-pressed=move || pressed().to_string()
                                on:click={ let label = label.clone(); move |_| on_select.run(label.clone()) }>
                                {format!("{} ({})", s.label, s.count)}
                            </button>
                        }
                    }).collect_view()}
                </div>
            }).collect_view()}
        </nav>
    }
}
