use leptos::prelude::*;
use skincheck_history::{
    ics_calendar, local_date, recheck_event, DueLesion, DueState, RECHECK_WEEKS_CHOICES,
};

use crate::browser::utc_offset_minutes;
use crate::download::download_text;

/// One lesion's re-check plan: how often to look again, when that is due, and the reminder
/// as a calendar file (an offline page cannot schedule a notification, a calendar can).
/// `due` is the lesion's row of `skincheck_history::due_lesions`, `None` without a plan.
#[component]
pub fn RecheckControl(
    lesion: String,
    due: Option<DueLesion>,
    on_change: Callback<Option<u16>>,
) -> impl IntoView {
    let weeks = due.as_ref().map(|d| d.every_weeks);
    let message = RwSignal::new(None::<Result<String, String>>);
    let download = {
        let due = due.clone();
        let lesion = lesion.clone();
        move |_| {
            let Some(due) = due.as_ref() else { return };
            let now = js_sys::Date::now() as i64;
            let event = recheck_event(due, now, utc_offset_minutes());
            let text = ics_calendar(std::slice::from_ref(&event));
            let name = format!("skincheck-recheck-{}.ics", file_slug(&lesion));
            message.set(Some(
                download_text(&name, "text/calendar", &text)
                    .map(|()| format!("Calendar reminder for {} downloaded: open it to add it to your calendar.", event.date.iso()))
                    .map_err(|e| format!("The reminder could not be saved: {e}")),
            ));
        }
    };
    view! {
        <div class="recheck" data-testid="recheck">
            <div class="field">
                <label for="recheck-weeks">"Look at it again"</label>
                <select id="recheck-weeks" data-testid="recheck-weeks"
                    on:change=move |e| on_change.run(event_target_value(&e).parse::<u16>().ok())>
                    <option value="" selected=weeks.is_none()>"No reminder"</option>
                    {RECHECK_WEEKS_CHOICES.map(|w| view! {
                        <option value=w.to_string() selected=weeks == Some(w)>{format!("every {w} weeks")}</option>
                    })}
                </select>
            </div>
            {due.map(|d| {
                let date = local_date(d.due_ms, utc_offset_minutes()).iso();
                view! {
                    <p class=move || if matches!(d.state, DueState::Upcoming { .. }) { "status" } else { "status due" }
                        data-testid="recheck-due" data-date=date.clone()>
                        {due_text(d.state, &date)}" "
                        <button type="button" class="link-button" data-testid="recheck-ics" on:click=download.clone()>
                            "Add to my calendar (.ics)"
                        </button>
                    </p>
                }
            })}
            {move || message.get().map(|m| match m {
                Ok(t) => view! { <p class="hint" role="status">{t}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            })}
        </div>
    }
}

/// "Due in 12 days (2026-12-13)", "Due today", "Overdue by 3 days (since 2026-11-28)".
pub fn due_text(state: DueState, date: &str) -> String {
    let days = |n: u32| {
        if n == 1 {
            "1 day".to_owned()
        } else {
            format!("{n} days")
        }
    };
    match state {
        DueState::Overdue { days: n } => format!("Overdue by {} (due {date}).", days(n)),
        DueState::Today => format!("Due today ({date})."),
        DueState::Upcoming { days: n } => format!("Next look due in {} ({date}).", days(n)),
    }
}

/// A lesion label as a file-name part: letters and digits, the rest as single dashes.
fn file_slug(label: &str) -> String {
    let mut slug = String::new();
    for c in label.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "lesion".into()
    } else {
        slug.chars().take(40).collect()
    }
}
