use leptos::prelude::*;
use skincheck_history::{every_weeks_text, lesion_name, DueLesion};

use crate::i18n::{date_text, language, t, use_i18n};

/// The lesions with a re-check plan, the most overdue first; pressing one opens it.
#[component]
pub fn DueList(due: Signal<Vec<DueLesion>>, on_select: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || {
            let rows = due.get();
            (!rows.is_empty()).then(|| view! {
                <section class="due-list" aria-labelledby="due-title" data-testid="due-list">
                    <h2 id="due-title">{t!(i18n, history.due.title)}</h2>
                    <ul>
                        {rows.into_iter().map(|d| {
                            let lesion = d.lesion.clone();
                            let shown = d.lesion.clone();
                            let text = move || {
                                let locale = i18n.get_locale();
                                let lang = language(locale);
                                let date = date_text(locale, d.due_ms as f64);
                                format!(": {}. {}", every_weeks_text(d.every_weeks, lang), d.state.text(lang, &date))
                            };
                            view! {
                                <li data-lesion=d.lesion.clone() data-state=format!("{:?}", d.state)>
                                    <button type="button" class="link-button" on:click=move |_| on_select.run(lesion.clone())>
                                        {move || lesion_name(&shown, language(i18n.get_locale())).to_owned()}
                                    </button>
                                    {text}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}
