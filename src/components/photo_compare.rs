use leptos::prelude::*;
use skincheck_history::messages::{compare_caption, compare_text, photo_alt};
use skincheck_history::{compare, HistoryEntry};

use crate::i18n::{language, t, t_string, use_i18n, Locale};

/// Two or more dates of one lesion side by side: each photo at the same size with its
/// probabilities, triage and the change since the previous one; for the first and last photo
/// a slider that wipes one over the other and a blink that alternates them, the ways a
/// dermatologist compares follow-up images. `entries` carry their photos, oldest first.
#[component]
pub fn PhotoCompare(
    entries: Vec<HistoryEntry>,
    class_name: Callback<String, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pair: Vec<(String, i64)> = entries
        .iter()
        .filter_map(|e| e.photo.clone().map(|p| (p, e.saved_at_ms)))
        .collect();
    let columns = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let change = (i > 0).then(|| compare(&entries[i - 1], e));
            column(e, change, class_name)
        })
        .collect_view();
    let overlay = (pair.len() >= 2).then(|| {
        let (first, last) = (pair[0].clone(), pair[pair.len() - 1].clone());
        view! { <WipeAndBlink first last/> }
    });
    view! {
        <section class="compare" aria-labelledby="compare-title" data-testid="compare">
            <h3 id="compare-title">{t!(i18n, history.compare.title)}</h3>
            <div class="compare-grid">{columns}</div>
            {overlay}
        </section>
    }
}

fn column(
    e: &HistoryEntry,
    change: Option<skincheck_history::Change>,
    class_name: Callback<String, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = e.record.clone();
    let (src, kept) = match &e.photo {
        Some(photo) => (photo.clone(), true),
        None => (e.thumbnail.clone(), false),
    };
    let at = e.saved_at_ms;
    let caption = move || {
        let lang = language(i18n.get_locale());
        compare_caption(&class_name.run(r.top_class.clone()), &r, lang)
    };
    let change_text = change.map(|c| move || compare_text(&c, language(i18n.get_locale())));
    view! {
        <figure class="compare-item" data-id=e.id.clone()>
            <img class="compare-photo" data-testid="compare-photo" data-kept=kept.to_string()
                src=src alt=move || photo_alt(&when(i18n.get_locale(), at), language(i18n.get_locale()))
                width="256" height="256"/>
            <figcaption>
                <strong>{move || when(i18n.get_locale(), at)}</strong>
                {(!kept).then(|| view! { <span class="hint">" "{t!(i18n, history.compare.thumbnail_only)}</span> })}
                <br/>
                {caption}
                {change_text.map(|t| view! { <br/><span data-testid="compare-change">{t}</span> })}
            </figcaption>
        </figure>
    }
}

/// The first and last photo stacked: a slider moves the boundary between them, Blink shows
/// them in turn.
#[component]
fn WipeAndBlink(first: (String, i64), last: (String, i64)) -> impl IntoView {
    let i18n = use_i18n();
    let alt = move |at: i64| {
        let locale = i18n.get_locale();
        photo_alt(&when(locale, at), language(locale))
    };
    let split = RwSignal::new(50u8);
    let blink = RwSignal::new(false);
    let showing_last = RwSignal::new(false);
    let handle = StoredValue::new(None::<IntervalHandle>);
    let toggle_blink = move |_| {
        let on = !blink.get_untracked();
        blink.set(on);
        if let Some(h) = handle.get_value() {
            h.clear();
        }
        handle.set_value(None);
        showing_last.set(false);
        if on {
            let h = set_interval_with_handle(
                move || showing_last.update(|s| *s = !*s),
                std::time::Duration::from_millis(700),
            )
            .ok();
            handle.set_value(h);
        }
    };
    on_cleanup(move || {
        if let Some(h) = handle.get_value() {
            h.clear();
        }
    });
    let clip = move || {
        if blink.get() {
            if showing_last.get() {
                "clip-path: inset(0 0 0 0)".to_owned()
            } else {
                "clip-path: inset(0 0 0 100%)".to_owned()
            }
        } else {
            format!("clip-path: inset(0 0 0 {}%)", split.get())
        }
    };
    view! {
        <div class="wipe" data-testid="wipe">
            <div class="wipe-frame">
                <img src=first.0 alt=move || alt(first.1) width="384" height="384"/>
                <img class="wipe-top" src=last.0 alt=move || alt(last.1) width="384" height="384" style=clip/>
            </div>
            <label for="wipe-split">{move || {
                let locale = i18n.get_locale();
                format!("{} ← → {}", when(locale, first.1), when(locale, last.1))
            }}</label>
            <input id="wipe-split" type="range" min="0" max="100" data-testid="wipe-split"
                prop:value=move || split.get().to_string() disabled=move || blink.get()
                on:input=move |e| split.set(event_target_value(&e).parse().unwrap_or(50))/>
            <button type="button" class="button secondary" data-testid="blink" aria-pressed=move || blink.get().to_string()
                on:click=toggle_blink>{move || if blink.get() {
                    t_string!(i18n, history.compare.stop_blinking)
                } else {
                    t_string!(i18n, history.compare.blink)
                }}</button>
        </div>
    }
}

/// The entry's local date and time, as the page's language writes them.
pub fn when(locale: Locale, ms: i64) -> String {
    crate::i18n::date_time_text(locale, ms as f64)
}
