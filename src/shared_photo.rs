//! Photos that come from other apps: a share to the installed app (the manifest's
//! `share_target`, stored by the service worker, [`crate::share_target`]) and a file opened
//! with it (`file_handlers`, delivered through `window.launchQueue`). Either one reaches the
//! classifier exactly as a photo chosen with the file input does; what cannot be used ends in
//! the same message slot, in the page's language.

use std::cell::Cell;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, File, FilePropertyBag, Response};

use crate::browser::js_error_text;
use crate::classifier_session::ClassifierSession;
use crate::files::read_file;
use crate::i18n::{td_string, Locale};
use crate::share_target::{
    arrival, shared_cache_name, without_flag, Arrival, NAME_HEADER, SHARED_PHOTO,
};

thread_local! {
    /// `launchQueue` keeps one consumer per document; the session it feeds lives as long.
    static CONSUMING_LAUNCHES: Cell<bool> = const { Cell::new(false) };
}

/// Called by the classifier page when it mounts: takes a photo the worker stored for
/// `?shared=…` (once: the flag leaves the address at once) and, once per document, starts
/// taking files the system opens with the app.
pub fn receive(session: ClassifierSession, i18n: I18nContext<Locale>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    if let Some(what) = arrival(&search) {
        forget_flag(&window, &search);
        let scope_path = format!("{}/", crate::base_path::current());
        spawn_local(take_share(session, i18n, what, scope_path));
    }
    if !CONSUMING_LAUNCHES.with(|c| c.replace(true)) {
        if let Err(e) = consume_launches(&window, session, i18n) {
            web_sys::console::warn_1(&format!("files opened with SkinCheck: {e}").into());
        }
    }
}

/// Replaces the address (no new history entry) by the same one without the share flag.
fn forget_flag(window: &web_sys::Window, search: &str) {
    let location = window.location();
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        without_flag(search),
        location.hash().unwrap_or_default()
    );
    let replaced = Reflect::get(window, &"history".into()).and_then(|history| {
        let state = Reflect::get(&history, &"state".into())?;
        let replace: Function = Reflect::get(&history, &"replaceState".into())?.dyn_into()?;
        replace.call3(&history, &state, &JsValue::from_str(""), &url.into())
    });
    if let Err(e) = replaced {
        web_sys::console::warn_1(
            &format!("could not clean the address: {}", js_error_text(&e)).into(),
        );
    }
}

async fn take_share(
    session: ClassifierSession,
    i18n: I18nContext<Locale>,
    what: Arrival,
    scope_path: String,
) {
    let locale = i18n.get_locale_untracked();
    let failure = match what {
        Arrival::Photo => match take_stored_photo(&scope_path, locale).await {
            Ok(Taken::Photo { file, name, bytes }) => return session.open_image(name, file, bytes),
            Ok(Taken::Refused { name, message }) => return session.refuse_image(name, message),
            Err(e) => {
                web_sys::console::warn_1(&format!("the shared photo: {e}").into());
                td_string!(locale, share.not_received).to_owned()
            }
        },
        Arrival::NoImage => td_string!(locale, share.no_image).to_owned(),
        Arrival::Failed => td_string!(locale, share.not_received).to_owned(),
    };
    let name = td_string!(locale, share.shared_item).to_owned();
    session.refuse_image(name, failure);
}

/// The stored photo, read as a chosen file is ([`read_file`]: its size limit, its messages).
enum Taken {
    Photo {
        file: File,
        name: String,
        bytes: Uint8Array,
    },
    Refused {
        name: String,
        message: String,
    },
}

/// Takes the stored photo out of the cache: its bytes, and a file of them held in memory, so
/// no copy stays behind and the file still reads when a fresh worker needs the photo again.
async fn take_stored_photo(scope_path: &str, locale: Locale) -> Result<Taken, String> {
    let storage = web_sys::window()
        .ok_or("no window")?
        .caches()
        .map_err(|e| js_error_text(&e))?;
    let cache: Cache = await_js(storage.open(&shared_cache_name(scope_path)))
        .await?
        .unchecked_into();
    let key = format!("{scope_path}{SHARED_PHOTO}");
    let stored = await_js(cache.match_with_str(&key)).await?;
    let taken = match stored.dyn_into::<Response>() {
        Ok(response) => copy_out(&response, locale).await,
        Err(_) => Err("nothing was stored".to_owned()),
    };
    // Gone whether or not it could be read: a broken entry must not come back.
    await_js(cache.delete_with_str(&key)).await?;
    taken
}

async fn copy_out(response: &Response, locale: Locale) -> Result<Taken, String> {
    let headers = response.headers();
    let name = headers
        .get(NAME_HEADER)
        .ok()
        .flatten()
        .and_then(|n| js_sys::decode_uri_component(&n).ok())
        .map(String::from)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| td_string!(locale, share.shared_photo).to_owned());
    let options = FilePropertyBag::new();
    options.set_type(
        &headers
            .get("Content-Type")
            .ok()
            .flatten()
            .unwrap_or_default(),
    );
    let blob = await_js(response.blob().map_err(|e| js_error_text(&e))?).await?;
    let stored = File::new_with_blob_sequence_and_options(&Array::of1(&blob), &name, &options)
        .map_err(|e| js_error_text(&e))?;
    let bytes = match read_file(&stored).await {
        Ok(bytes) => bytes,
        Err(message) => return Ok(Taken::Refused { name, message }),
    };
    let file = File::new_with_u8_array_sequence_and_options(&Array::of1(&bytes), &name, &options)
        .map_err(|e| js_error_text(&e))?;
    Ok(Taken::Photo { file, name, bytes })
}

/// `window.launchQueue.setConsumer(…)` where the browser has it (installed Chromium on the
/// desktop); the first file of a launch goes to the classifier. Launches without files (the
/// app's icon) are left alone.
fn consume_launches(
    window: &web_sys::Window,
    session: ClassifierSession,
    i18n: I18nContext<Locale>,
) -> Result<(), String> {
    let queue = Reflect::get(window, &"launchQueue".into()).map_err(|e| js_error_text(&e))?;
    if !queue.is_object() {
        return Ok(());
    }
    let set: Function = Reflect::get(&queue, &"setConsumer".into())
        .and_then(JsCast::dyn_into)
        .map_err(|_| "launchQueue has no setConsumer".to_owned())?;
    let consumer = Closure::<dyn FnMut(JsValue)>::new(move |params: JsValue| {
        let files = Reflect::get(&params, &"files".into()).unwrap_or(JsValue::UNDEFINED);
        if !Array::is_array(&files) {
            return;
        }
        let first = files.unchecked_into::<Array>().get(0);
        if !first.is_undefined() {
            spawn_local(open_launched(session, i18n, first));
        }
    });
    set.call1(&queue, consumer.as_ref())
        .map_err(|e| js_error_text(&e))?;
    // The queue holds the consumer for the document's life.
    consumer.forget();
    Ok(())
}

/// A `FileSystemFileHandle` of a launch, read with `getFile()`.
async fn open_launched(session: ClassifierSession, i18n: I18nContext<Locale>, handle: JsValue) {
    let file = async {
        let get: Function = Reflect::get(&handle, &"getFile".into())?.dyn_into()?;
        let promise: Promise = get.call0(&handle)?.dyn_into()?;
        JsFuture::from(promise).await?.dyn_into::<File>()
    };
    match file.await {
        Ok(file) => {
            let name = file.name();
            open(session, file, name).await;
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("the opened file: {}", js_error_text(&e)).into());
            let locale = i18n.get_locale_untracked();
            session.refuse_image(
                td_string!(locale, share.opened_file).to_owned(),
                td_string!(locale, share.launch_failed).to_owned(),
            );
        }
    }
}

/// As the file input does: read, then the worker; or the reason in the page.
async fn open(session: ClassifierSession, file: File, name: String) {
    match read_file(&file).await {
        Ok(bytes) => session.open_image(name, file, bytes),
        Err(message) => session.refuse_image(name, message),
    }
}

async fn await_js(promise: Promise) -> Result<JsValue, String> {
    JsFuture::from(promise).await.map_err(|e| js_error_text(&e))
}
