//! The root component: shared state, the worker, the one-time model load, and the routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::batch_session::BatchSession;
use crate::classifier_session::ClassifierSession;
use crate::components::UpdateBanner;
use crate::pages::{
    AboutPage, BatchPage, ClassifierPage, DataPage, HistoryPage, ModelPage, NotFoundPage,
    ReportPage,
};
use crate::state::{AppState, ModelStatus};
use crate::worker_client::{WorkerClient, WorkerEvent};

#[component]
pub fn App() -> impl IntoView {
    let base = crate::base_path::current();
    let state = AppState::new(base.clone());
    provide_context(state);
    crate::sw_client::start(&base);

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
    let [batch, history] = ["/batch", "/history"].map(|p| format!("{base}{p}"));
    view! {
        <Router base=base.clone()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <div class="brand">
                    <img src=crate::base_path::asset_url(&state.base.get_value(), "assets/icons/skincheck.svg") alt="" width="28" height="28"/>
                    <span>"SkinCheck"</span>
                </div>
                <nav aria-label="Pages">
                    <A href=home exact=true>"Classifier"</A>
                    <A href=batch>"Batch"</A>
                    <A href=history>"History"</A>
                    <A href=data>"Data"</A>
                    <A href=model>"Model"</A>
                    <A href=about>"About"</A>
                </nav>
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
                </Routes>
            </main>
            <footer class="site-footer">
                <p>
                    "SkinCheck runs entirely in this browser: photos are never uploaded. "
                    "Not a diagnosis. See a dermatologist about any new or changing lesion."
                </p>
            </footer>
        </Router>
    }
}
