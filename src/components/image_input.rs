//! The ways a photo gets in: drag and drop (anywhere on the page), the file picker, the
//! phone camera and paste. Every path ends in `ClassifierSession::open_image`; every failure ends in a
//! message in the page, ready for the next photo.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{FileList, HtmlInputElement};

use crate::classifier_session::{use_classifier, ClassifierSession};
use crate::dropped_files::accept_window_drops;
use crate::files::read_file;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::state::{use_app_state, ImageSlot};
use crate::text::capitalise;

#[component]
pub fn ImageInput() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let session = use_classifier();
    let dragging = RwSignal::new(false);
    let locale = move || i18n.get_locale_untracked();

    let open = move |file: web_sys::File, fallback_name: &str| {
        let name = match file.name() {
            n if n.is_empty() => fallback_name.to_owned(),
            n => n,
        };
        spawn_local(open_file(session, file, name));
    };
    let open_first = move |files: Option<FileList>, fallback_name: &str| {
        if let Some(file) = files.and_then(|list| list.get(0)) {
            open(file, fallback_name);
        }
    };

    let on_pick = move |e: ev::Event| {
        let input: HtmlInputElement = event_target(&e);
        open_first(
            input.files(),
            td_string!(locale(), classifier.input.picked_name),
        );
        // Let the same file be chosen again (e.g. after fixing the crop).
        input.set_value("");
    };
    let on_camera = on_pick;

    accept_window_drops(dragging, move |data| {
        open_first(
            data.files(),
            td_string!(locale(), classifier.input.dropped_name),
        )
    });
    let paste = window_event_listener(ev::paste, move |e| {
        let files = e.clipboard_data().and_then(|d| d.files());
        if files.as_ref().is_some_and(|f| f.length() > 0) {
            e.prevent_default();
            open_first(files, td_string!(locale(), classifier.input.pasted_name));
        }
    });
    on_cleanup(move || paste.remove());

    view! {
        <section class="dropzone" class:dragging=move || dragging.get() aria-labelledby="input-title">
            <h2 id="input-title">{t!(i18n, classifier.input.title)}</h2>
            <p class="hint">{t!(i18n, classifier.input.ways)}</p>
            <div class="input-buttons">
                <label class="button" for="file-input">{t!(i18n, classifier.input.choose)}</label>
                <input id="file-input" class="visually-hidden" type="file" accept="image/*" on:change=on_pick/>
                <label class="button secondary" for="camera-input">{t!(i18n, classifier.input.take)}</label>
                <input id="camera-input" class="visually-hidden" type="file" accept="image/*" capture="environment" on:change=on_camera/>
            </div>
            <p class="hint">{t!(i18n, classifier.input.advice)}</p>
            <div aria-live="polite" class="input-status">
                {move || match state.image.get() {
                    ImageSlot::Decoding { name, .. } => view! {
                        <p class="status">{t_string!(i18n, classifier.input.reading, name)}</p>
                    }.into_any(),
                    ImageSlot::Failed { name, message } => view! {
                        <p class="error" role="alert" data-testid="input-error">
                            <strong>{name} ": "</strong>{capitalise(&message)} ". " {t!(i18n, classifier.input.try_another)}
                        </p>
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
        </section>
    }
}

/// Reads `file` and hands it to the worker, or shows why it cannot be used.
async fn open_file(session: ClassifierSession, file: web_sys::File, name: String) {
    match read_file(&file).await {
        Ok(bytes) => session.open_image(name, file, bytes),
        Err(message) => session.refuse_image(name, message),
    }
}
