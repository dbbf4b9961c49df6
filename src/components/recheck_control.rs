use leptos::prelude::*;
use skincheck_history::messages::reminder_saved_text;
use skincheck_history::{
    every_weeks_text, ics_calendar, local_date, recheck_event, DueLesion, DueState,
    RECHECK_WEEKS_CHOICES,
};

use crate::browser::utc_offset_minutes;
use crate::download::download_text;
use crate::i18n::{date_text, language, t, use_i18n};

/// What the calendar download did: the reminder's day (ms), or the browser's reason.
type Saved = Result<i64, String>;

/// One lesion's re-check plan: how often to look again, when that is due, and the reminder
/// as a calendar file (an offline page cannot schedule a notification, a calendar can).
/// `due` is the lesion's row of `skincheck_history::due_lesions`, `None` without a plan.
#[component]
pub fn RecheckControl(
    lesion: String,
    due: Option<DueLesion>,
    on_change: Callback<Option<u16>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || language(i18n.get_locale());
    let weeks = due.as_ref().map(|d| d.every_weeks);
    let message = RwSignal::new(None::<Saved>);
    let download = {
        let due = due.clone();
        let lesion = lesion.clone();
        move |_| {
            let Some(due) = due.as_ref() else { return };
            let now = js_sys::Date::now() as i64;
            let offset = utc_offset_minutes();
            let event = recheck_event(due, language(i18n.get_locale_untracked()), now, offset);
            let text = ics_calendar(std::slice::from_ref(&event));
            let name = format!("skincheck-recheck-{}.ics", file_slug(&lesion));
            // Noon of the event's day: the same date in any time zone near the person's.
            let day_ms = event.date.days_since_epoch() * 86_400_000 + 43_200_000
                - i64::from(offset) * 60_000;
            message.set(Some(
                download_text(&name, "text/calendar", &text).map(|()| day_ms),
            ));
        }
    };
    view! {
        <div class="recheck" data-testid="recheck">
            <div class="field">
                <label for="recheck-weeks">{t!(i18n, history.recheck.look_again)}</label>
                <select id="recheck-weeks" data-testid="recheck-weeks"
                    on:change=move |e| on_change.run(event_target_value(&e).parse::<u16>().ok())>
                    <option value="" selected=weeks.is_none()>{t!(i18n, history.recheck.no_reminder)}</option>
                    {RECHECK_WEEKS_CHOICES.map(|w| view! {
                        <option value=w.to_string() selected=weeks == Some(w)>{move || every_weeks_text(w, lang())}</option>
                    })}
                </select>
            </div>
            {due.map(|d| {
                let date = local_date(d.due_ms, utc_offset_minutes()).iso();
                let due_text = move || {
                    let locale = i18n.get_locale();
                    d.state.text(language(locale), &date_text(locale, d.due_ms as f64))
                };
                view! {
                    <p class=move || if matches!(d.state, DueState::Upcoming { .. }) { "status" } else { "status due" }
                        data-testid="recheck-due" data-date=date>
                        {due_text}" "
                        <button type="button" class="link-button" data-testid="recheck-ics" on:click=download.clone()>
                            {t!(i18n, history.recheck.add_to_calendar)}
                        </button>
                    </p>
                }
            })}
            {move || message.get().map(|m| match m {
                Ok(day_ms) => view! {
                    <p class="hint" role="status">
                        {move || reminder_saved_text(&date_text(i18n.get_locale(), day_ms as f64), lang())}
                    </p>
                }.into_any(),
                Err(e) => view! {
                    <p class="error" role="alert">{t!(i18n, history.recheck.not_saved)} " " {e}</p>
                }.into_any(),
            })}
        </div>
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
