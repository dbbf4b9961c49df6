//! The page's client of the service worker (`sw.js`, written from `crates/pwa/sw.js`), which
//! keeps the offline copy: registers it, notices a newly deployed build waiting to take over,
//! lets the user switch to it, and reports and clears what is stored. Texts and numbers live in [`crate::offline`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, Cache, CacheStorage, RegistrationOptions, Response, ServiceWorker,
    ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState, StorageEstimate,
};

use crate::base_path::asset_url;
use crate::browser::js_error_text;
use crate::offline::{
    version_of_cache, CachedBuild, ClearedCopy, StorageReport, SERVICE_WORKER_FILE,
    UPDATE_CHECK_MINUTES,
};

/// Where the offline copy stands.
#[derive(Debug, Clone, PartialEq)]
pub enum OfflineStatus {
    /// No service workers here (an insecure origin: http on a host other than localhost).
    Unsupported,
    /// Registered; the first copy is still downloading.
    Installing,
    /// A build is stored and serves this page's reloads, online or not.
    Ready,
    /// The user deleted it; the next visit stores it again.
    Cleared,
    /// The browser refused to register the worker (the reason went to the console).
    Refused,
    /// The first install failed: a file did not download or did not match this build.
    NotStored,
}

/// Shared by the update banner and the About page.
#[derive(Debug, Clone, Copy)]
pub struct OfflineState {
    pub status: RwSignal<OfflineStatus>,
    /// A newly deployed build is installed and waiting for "Reload".
    pub update_ready: RwSignal<bool>,
    /// "Reload" was pressed; other tabs are busy with these first.
    pub waiting_for_tabs: RwSignal<Vec<String>>,
    /// Another tab let a new build take over; this tab finishes this first, then reloads.
    pub reload_held: RwSignal<Option<String>>,
}

pub fn use_offline_state() -> OfflineState {
    expect_context::<OfflineState>()
}

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// The app's folder as the worker's scope path (`/`, `/a/`): its caches' names.
    static SCOPE_PATH: RefCell<String> = RefCell::new("/".to_owned());
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.serviceWorker` is undefined on insecure origins.
    Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers the worker for the app's folder (`base`), provides [`OfflineState`].
///
/// On a first visit (no worker controls the page yet) the registration waits until
/// `first_load_done`: the install then takes the model and the wasm the page has just
/// downloaded from the HTTP cache instead of downloading them a second time, and hashing
/// every file of the build does not compete with the model's first load.
pub fn start(base: &str, first_load_done: Signal<bool>) -> OfflineState {
    let state = OfflineState {
        status: RwSignal::new(OfflineStatus::Installing),
        update_ready: RwSignal::new(false),
        waiting_for_tabs: RwSignal::new(Vec::new()),
        reload_held: RwSignal::new(None),
    };
    provide_context(state);
    let scope = format!("{base}/");
    SCOPE_PATH.with(|s| *s.borrow_mut() = scope.clone());
    crate::update_guard::start(&scope);
    let Some(container) = container() else {
        state.status.set(OfflineStatus::Unsupported);
        return state;
    };
    reload_when_a_new_build_takes_over(&container, state);
    let worker_url = asset_url(base, SERVICE_WORKER_FILE);
    if container.controller().is_some() || first_load_done.get_untracked() {
        register(container, &worker_url, &scope, state);
        return state;
    }
    Effect::new(move |registered: Option<bool>| {
        if registered == Some(true) {
            return true;
        }
        let now = first_load_done.get();
        if now {
            register(container.clone(), &worker_url, &scope, state);
        }
        now
    });
    state
}

fn register(container: ServiceWorkerContainer, worker_url: &str, scope: &str, state: OfflineState) {
    let options = RegistrationOptions::new();
    options.set_scope(scope);
    let registered = container.register_with_options(worker_url, &options);
    spawn_local(async move {
        match JsFuture::from(registered).await {
            Ok(registration) => {
                let registration: ServiceWorkerRegistration = registration.unchecked_into();
                watch(&container, &registration, state);
                REGISTRATION.with(|r| *r.borrow_mut() = Some(registration));
                check_for_updates_now_and_then();
                if let Ok(ready) = container.ready() {
                    if JsFuture::from(ready).await.is_ok() {
                        state.status.set(OfflineStatus::Ready);
                    }
                }
            }
            Err(e) => {
                let detail = js_error_text(&e);
                web_sys::console::warn_1(&format!("offline worker refused: {detail}").into());
                state.status.set(OfflineStatus::Refused);
            }
        }
    });
}

/// A page that ran one build must not go on under another's worker (its cache would serve
/// the other build's files to it): when control passes to a new worker, reload, once this
/// tab's own work (a running batch) is done. The first worker taking over an uncontrolled
/// page (first visit) serves the same build: no reload.
fn reload_when_a_new_build_takes_over(container: &ServiceWorkerContainer, state: OfflineState) {
    let controlled = Rc::new(Cell::new(container.controller().is_some()));
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if controlled.replace(true) {
            spawn_local(async move {
                crate::update_guard::until_this_tab_is_idle(|held| state.reload_held.set(held))
                    .await;
                reload();
            });
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

/// Sets `update_ready` when a worker of another build is installed while this page is
/// controlled, now or later, and reports a first install that failed.
fn watch(
    container: &ServiceWorkerContainer,
    registration: &ServiceWorkerRegistration,
    state: OfflineState,
) {
    if registration.waiting().is_some() && container.controller().is_some() {
        state.update_ready.set(true);
    }
    // The first install may already be under way when `register` resolves.
    if let Some(installing) = registration.installing() {
        follow_install(container.clone(), installing, state);
    }
    let container = container.clone();
    let registration_ = registration.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        if let Some(installing) = registration_.installing() {
            follow_install(container.clone(), installing, state);
        }
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

fn follow_install(
    container: ServiceWorkerContainer,
    installing: ServiceWorker,
    state: OfflineState,
) {
    let worker = installing.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || match worker.state() {
        ServiceWorkerState::Installed if container.controller().is_some() => {
            state.update_ready.set(true)
        }
        ServiceWorkerState::Redundant if container.controller().is_none() => {
            state.status.set(OfflineStatus::NotStored)
        }
        _ => {}
    });
    installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Asks the server for a new `sw.js` when the page returns to the foreground and every
/// [`UPDATE_CHECK_MINUTES`] (browsers otherwise only check on navigations).
fn check_for_updates_now_and_then() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let check = Closure::<dyn FnMut()>::new(|| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if !hidden {
            check_for_update();
        }
    });
    if let Some(document) = window.document() {
        document.set_onvisibilitychange(Some(check.as_ref().unchecked_ref()));
    }
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        check.as_ref().unchecked_ref(),
        UPDATE_CHECK_MINUTES * 60 * 1000,
    );
    check.forget();
}

/// One update check; offline or on a server error it quietly stays on this build.
pub fn check_for_update() {
    REGISTRATION.with(|r| {
        if let Some(Ok(promise)) = r.borrow().as_ref().map(|reg| reg.update()) {
            spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    });
}

/// "Reload": once no other tab is busy, lets the waiting build take over; the controller
/// change then reloads the open pages.
pub fn activate_update(state: OfflineState) {
    if !state.waiting_for_tabs.get_untracked().is_empty() {
        // Already waiting for them.
        return;
    }
    spawn_local(async move {
        crate::update_guard::until_other_tabs_are_idle(|busy| state.waiting_for_tabs.set(busy))
            .await;
        take_over();
    });
}

fn take_over() {
    let waiting: Option<ServiceWorker> =
        REGISTRATION.with(|r| r.borrow().as_ref().and_then(|reg| reg.waiting()));
    match waiting {
        Some(worker) => {
            if worker
                .post_message(&JsValue::from_str("skip-waiting"))
                .is_err()
            {
                reload();
            }
        }
        // Already taken over (by another tab): this page only needs the reload.
        None => reload(),
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

fn cache_storage() -> Result<CacheStorage, String> {
    web_sys::window()
        .ok_or("no window")?
        .caches()
        .map_err(|e| format!("this browser keeps no caches here ({})", js_error_text(&e)))
}

async fn await_js(promise: js_sys::Promise) -> Result<JsValue, String> {
    JsFuture::from(promise).await.map_err(|e| js_error_text(&e))
}

/// This deployment's caches: their builds, files and bytes.
async fn cached_builds() -> Result<Vec<(String, CachedBuild)>, String> {
    let storage = cache_storage()?;
    let names: Array = await_js(storage.keys()).await?.unchecked_into();
    let scope = SCOPE_PATH.with(|s| s.borrow().clone());
    let mut builds = Vec::new();
    for name in names.iter().filter_map(|n| n.as_string()) {
        let Some(version) = version_of_cache(&name, &scope) else {
            continue;
        };
        let cache: Cache = await_js(storage.open(&name)).await?.unchecked_into();
        let responses: Array = await_js(cache.match_all()).await?.unchecked_into();
        let mut bytes = 0u64;
        for response in responses.iter() {
            let response: Response = response.unchecked_into();
            let blob_promise = response.blob().map_err(|e| js_error_text(&e))?;
            let blob: Blob = await_js(blob_promise).await?.unchecked_into();
            bytes += blob.size() as u64;
        }
        builds.push((
            name.clone(),
            CachedBuild {
                version: version.to_owned(),
                files: responses.length(),
                bytes,
            },
        ));
    }
    Ok(builds)
}

/// `navigator.storage.estimate()` plus the worker's caches; the error is the browser's
/// technical reason, for the console (the page says so in its own words).
pub async fn storage_report() -> Result<StorageReport, String> {
    let mut report = StorageReport::default();
    if let Some(window) = web_sys::window() {
        if let Ok(promise) = window.navigator().storage().estimate() {
            if let Ok(estimate) = JsFuture::from(promise).await {
                let estimate: StorageEstimate = estimate.unchecked_into();
                report.usage = estimate.get_usage().map(|u| u as u64);
                report.quota = estimate.get_quota().map(|q| q as u64);
            }
        }
    }
    report.builds = cached_builds().await?.into_iter().map(|(_, b)| b).collect();
    Ok(report)
}

/// Deletes this deployment's cached builds and unregisters its worker; returns what was
/// removed, or the browser's technical reason (for the console).
pub async fn clear_offline_copy(state: OfflineState) -> Result<ClearedCopy, String> {
    let builds = cached_builds().await?;
    let storage = cache_storage()?;
    let bytes = builds.iter().map(|(_, b)| b.bytes).sum();
    for (name, _) in &builds {
        await_js(storage.delete(name)).await?;
    }
    let mut worker_removed = false;
    if let Some(registration) = REGISTRATION.with(|r| r.borrow_mut().take()) {
        let promise = registration.unregister().map_err(|e| js_error_text(&e))?;
        worker_removed = await_js(promise).await?.is_truthy();
    }
    state.update_ready.set(false);
    state.status.set(OfflineStatus::Cleared);
    Ok(ClearedCopy {
        builds: builds.len(),
        bytes,
        worker_removed,
    })
}
