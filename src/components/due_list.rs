use leptos::prelude::*;
use skincheck_history::{local_date, DueLesion};

use crate::browser::utc_offset_minutes;
use crate::components::recheck_control::due_text;

/// The lesions with a re-check plan, the most overdue first; pressing one opens it.
#[component]
pub fn DueList(due: Signal<Vec<DueLesion>>, on_select: Callback<String>) -> impl IntoView {
    view! {
        {move || {
            let rows = due.get();
            (!rows.is_empty()).then(|| view! {
                <section class="due-list" aria-labelledby="due-title" data-testid="due-list">
                    <h2 id="due-title">"Re-checks"</h2>
                    <ul>
                        {rows.into_iter().map(|d| {
                            let date = local_date(d.due_ms, utc_offset_minutes()).iso();
                            let lesion = d.lesion.clone();
                            view! {
                                <li data-lesion=d.lesion.clone() data-state=format!("{:?}", d.state)>
                                    <button type="button" class="link-button" on:click=move |_| on_select.run(lesion.clone())>
                                        {d.lesion.clone()}
                                    </button>
                                    {format!(": every {} weeks. {}", d.every_weeks, due_text(d.state, &date))}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}
