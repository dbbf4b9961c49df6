//! The ways a photo gets in: drag and drop (anywhere on the page), the file picker, the
//! phone camera and paste. Every path ends in `Engine::open_image`; every failure ends in a
//! message in the page, ready for the next photo.

use js_sys::Uint8Array;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{FileList, HtmlInputElement};

use crate::dropped_files::accept_window_drops;
use crate::engine::{use_engine, Engine};
use crate::state::{use_app_state, AppState, ImageSlot};

/// Files above this are refused before reading: no photo SkinCheck accepts (64 megapixels)
/// needs more, and reading a stray video would only stall the page.
pub const MAX_FILE_BYTES: f64 = 128.0 * 1024.0 * 1024.0;

#[component]
pub fn ImageInput() -> impl IntoView {
    let state = use_app_state();
    let engine = use_engine();
    let dragging = RwSignal::new(false);

    let open = move |file: web_sys::File, fallback_name: &str| {
        let name = match file.name() {
            n if n.is_empty() => fallback_name.to_owned(),
            n => n,
        };
        spawn_local(open_file(state, engine.clone(), file, name));
    };
    let open_first = {
        let open = open.clone();
        move |files: Option<FileList>, fallback_name: &str| {
            if let Some(file) = files.and_then(|list| list.get(0)) {
                open(file, fallback_name);
            }
        }
    };

    let on_pick = {
        let open_first = open_first.clone();
        move |e: ev::Event| {
            let input: HtmlInputElement = event_target(&e);
            open_first(input.files(), "photo");
            // Let the same file be chosen again (e.g. after fixing the crop).
            input.set_value("");
        }
    };
    let on_camera = on_pick.clone();

    {
        let open_first = open_first.clone();
        accept_window_drops(dragging, move |data| {
            open_first(data.files(), "dropped file")
        });
    }
    let paste = window_event_listener(ev::paste, move |e| {
        let files = e.clipboard_data().and_then(|d| d.files());
        if files.as_ref().is_some_and(|f| f.length() > 0) {
            e.prevent_default();
            open_first(files, "pasted image");
        }
    });
    on_cleanup(move || paste.remove());

    view! {
        <section class="dropzone" class:dragging=move || dragging.get() aria-labelledby="input-title">
            <h2 id="input-title">"1. Add a photo of the lesion"</h2>
            <p class="hint">"Drop a photo anywhere on this page, paste one (Ctrl+V / ⌘V), or:"</p>
            <div class="input-buttons">
                <label class="button" for="file-input">"Choose a photo"</label>
                <input id="file-input" class="visually-hidden" type="file" accept="image/*" on:change=on_pick/>
                <label class="button secondary" for="camera-input">"Take a photo"</label>
                <input id="camera-input" class="visually-hidden" type="file" accept="image/*" capture="environment" on:change=on_camera/>
            </div>
            <p class="hint">"A sharp, close, evenly lit photo works best; a dermatoscope photo best of all. The photo stays on this device."</p>
            <div aria-live="polite" class="input-status">
                {move || match state.image.get() {
                    ImageSlot::Decoding { name, .. } => view! { <p class="status">"Reading " {name} "…"</p> }.into_any(),
                    ImageSlot::Failed { name, message } => view! {
                        <p class="error" role="alert" data-testid="input-error">
                            <strong>{name} ": "</strong>{capitalise(&message)} ". Try another photo."
                        </p>
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
        </section>
    }
}

/// Reads `file` and hands it to the worker, or records why it cannot be used.
async fn open_file(state: AppState, engine: Option<Engine>, file: web_sys::File, name: String) {
    let fail = |message: String| {
        state.image.set(ImageSlot::Failed {
            name: name.clone(),
            message,
        })
    };
    let Some(engine) = engine else {
        fail("the classifier could not start in this browser".into());
        return;
    };
    let size = file.size();
    if size > MAX_FILE_BYTES {
        fail(format!(
            "the file is too large ({:.0} MB); SkinCheck reads files up to {:.0} MB: use a smaller copy of the photo",
            size / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576.0
        ));
        return;
    }
    match gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file)).await {
        Ok(bytes) => engine.open_image(name.clone(), Uint8Array::from(bytes.as_slice())),
        Err(e) => fail(format!("the file could not be read ({e})")),
    }
}

/// Core messages start lower-case (they also end CLI lines); sentences in the page do not.
pub fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
