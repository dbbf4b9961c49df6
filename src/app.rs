//! The root component: shared state, the worker, the one-time model load, and the routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::batch_session::BatchSession;
use crate::classifier_session::ClassifierSession;
use crate::components::{LanguageSwitch, ThemeSwitch, UpdateBanner};
use crate::i18n::{t, t_string, use_i18n, I18nContextProvider};
use crate::pages::{
    AboutPage, BatchPage, ClassifierPage, DataPage, GuidePage, HistoryPage, ModelPage,
    NotFoundPage, ReportPage,
};
use crate::state::{AppState, ModelStatus};
use crate::worker_client::{WorkerClient, WorkerEvent};

/// The translations around everything: the language comes from the remembered choice
/// (localStorage), else the browser's languages, else English; `<html lang>` follows it.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Shell/>
        </I18nContextProvider>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    // Before anything is drawn, so a remembered choice never flashes the other language.
    if let Some(locale) = crate::i18n::remembered() {
        i18n.set_locale(locale);
        // leptos_i18n's provider applies the browser's languages in an effect of its own;
        // this effect, created after it, runs after it and restores the choice.
        Effect::new(move |_| i18n.set_locale(locale));
    }
    let base = crate::base_path::current();
    let state = AppState::new(base.clone());
    provide_context(state);
    let first_load_done = Signal::derive(move || {
        matches!(
            state.model.get(),
            ModelStatus::Ready { .. } | ModelStatus::Failed(_)
        )
    });
    crate::sw_client::start(&base, first_load_done);

    let classifier = ClassifierSession::new(state);
    let worker_url = crate::base_path::asset_url(&base, "worker_loader.js");
    let on_worker_event = move |client: &WorkerClient, event: WorkerEvent| match event {
        // Not ready from here on, so nothing is sent to the fresh worker before its model.
        WorkerEvent::Restarted(reason) => {
            web_sys::console::warn_1(&reason.into());
            state.model.set(ModelStatus::Fetching {
                fetched: 0,
                total: None,
            });
            spawn_local(crate::model_loader::load(state, client.clone()));
            classifier.reopen_after_restart();
        }
        WorkerEvent::Stopped(reason) => state.model.set(ModelStatus::Failed(reason)),
    };
    // The figures every result quotes, fetched with the initial load, not per result.
    let figures_base = base.clone();
    spawn_local(async move {
        crate::components::honest_limits::load_figures(&figures_base).await;
    });
    let client = match WorkerClient::start(&worker_url, on_worker_event) {
        Ok(client) => {
            spawn_local(crate::model_loader::load(state, client.clone()));
            Some(client)
        }
        Err(message) => {
            state.model.set(ModelStatus::Failed(message));
            None
        }
    };
    classifier.set_client(client.clone());
    provide_context(classifier);
    let batch = BatchSession::new(state, client);
    crate::update_guard::set_busy_probe(move || batch.busy_text());
    provide_context(batch);

    // Absolute link targets are used as written, so they carry the app's folder.
    let [home, data, model, about] =
        ["/", "/data", "/model", "/about"].map(|p| format!("{base}{p}"));
    let [batch, history, guide] = ["/batch", "/history", "/guide"].map(|p| format!("{base}{p}"));
    view! {
        <Router base=base.clone()>
            <a class="skip-link" href="#main">{t!(i18n, app.skip_to_content)}</a>
            <header class="site-header">
                <div class="brand">
                    <img src=crate::base_path::asset_url(&state.base.get_value(), "assets/icons/skincheck.svg") alt="" width="28" height="28"/>
                    <span>"SkinCheck"</span>
                </div>
                <nav aria-label=move || t_string!(i18n, app.nav_label)>
                    <A href=home exact=true>{t!(i18n, app.nav_classifier)}</A>
                    <A href=batch>{t!(i18n, app.nav_batch)}</A>
                    <A href=history>{t!(i18n, app.nav_history)}</A>
                    <A href=data>{t!(i18n, app.nav_data)}</A>
                    <A href=model>{t!(i18n, app.nav_model)}</A>
                    <A href=guide>{t!(i18n, app.nav_guide)}</A>
                    <A href=about>{t!(i18n, app.nav_about)}</A>
                </nav>
                <div class="header-controls">
                    <LanguageSwitch/>
                    <ThemeSwitch/>
                </div>
            </header>
            <UpdateBanner/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=ClassifierPage/>
                    <Route path=path!("/index.html") view=ClassifierPage/>
                    <Route path=path!("/data") view=DataPage/>
                    <Route path=path!("/model") view=ModelPage/>
                    <Route path=path!("/about") view=AboutPage/>
                    <Route path=path!("/batch") view=BatchPage/>
                    <Route path=path!("/history") view=HistoryPage/>
                    <Route path=path!("/report") view=ReportPage/>
                    <Route path=path!("/guide") view=GuidePage/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t!(i18n, app.footer)}</p>
            </footer>
        </Router>
    }
}
