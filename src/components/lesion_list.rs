use std::collections::BTreeMap;

use leptos::prelude::*;
use skincheck_history::{lesion_name, LesionSummary};

use crate::i18n::{language, t_string, use_i18n};

/// `data-region` of the group of lesions that have no pin.
const NOT_PLACED: &str = "none";

/// The diary's lesions grouped by body region (where each one's latest pin is), in the
/// page's language and its alphabetical order, each a button that opens it.
#[component]
pub fn LesionList(
    summaries: Signal<Vec<LesionSummary>>,
    current: Signal<Option<String>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let groups = move || {
        let lang = language(i18n.get_locale());
        // (unplaced last, shown name) -> (data-region, lesions)
        let mut groups: BTreeMap<(bool, String), (&'static str, Vec<LesionSummary>)> =
            BTreeMap::new();
        for s in summaries.get() {
            let region = s.pin.and_then(|p| p.region());
            let key = match region {
                Some(r) => (false, r.name_in(lang).to_owned()),
                None => (true, t_string!(i18n, history.lesions.not_placed).to_owned()),
            };
            groups
                .entry(key)
                .or_insert_with(|| (region.map_or(NOT_PLACED, |r| r.name), Vec::new()))
                .1
                .push(s);
        }
        groups
    };
    view! {
        <nav class="lesion-list" aria-label=move || t_string!(i18n, history.lesions.nav_label)>
            {move || groups().into_iter().map(|((_, heading), (region, list))| view! {
                <div class="lesion-group" data-region=region>
                    <h3>{heading}</h3>
                    {list.into_iter().map(|s| {
                        let label = s.label.clone();
                        let pressed = { let label = label.clone(); move || current.get().as_deref() == Some(label.as_str()) };
                        let shown = format!("{} ({})", lesion_name(&s.label, language(i18n.get_locale_untracked())), s.count);
                        view! {
                            <button type="button" class="lesion-button" data-lesion=label.clone()
                                aria-pressed=move || pressed().to_string()
                                on:click={ let label = label.clone(); move |_| on_select.run(label.clone()) }>
                                {shown}
                            </button>
                        }
                    }).collect_view()}
                </div>
            }).collect_view()}
        </nav>
    }
}
