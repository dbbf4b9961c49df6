//! The page's typed client of the inference worker: starts it, holds requests until it says
//! it is ready, and hands each reply to the callback of the request it answers. Every
//! failure reaches that caller too: a request that cannot be posted, a reply the page cannot
//! read, a worker that breaks. What the answers mean is for the callers
//! ([`crate::classifier_session`], [`crate::batch_session`], [`crate::model_loader`]).
//!
//! A worker breaks when it throws (its error event; a wasm panic leaves its state unusable)
//! or stays silent past [`crate::worker_health`]'s allowance. Then every waiting request
//! fails with the reason, the worker is terminated and a fresh one started; the owner hears
//! of it (to reload the model and reopen the photo) before the failed callers do, so
//! nothing they send next reaches a worker without a model.
//!
//! Every request carries the page's language, so the worker's messages come in it; the
//! client's own messages are made in it too (see [`crate::i18n::current`]).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::browser::{js_error_text, now_ms};
use crate::i18n::{current, language, td_string};
use crate::protocol::{self, Reply, Request};
use crate::worker_health::{allowance_ms, Health};

/// A reply with its bytes, or why none will come.
pub type Answer = Result<(Reply, Option<Uint8Array>), String>;

type Callback = Box<dyn FnOnce(Answer)>;

/// Who hears that a worker was replaced or given up.
type EventListener = Box<dyn Fn(&WorkerClient, WorkerEvent)>;

/// A request posted before the worker was ready: its id, itself and its bytes.
type Unsent = (u32, Request, Option<Uint8Array>);

/// How often the silence of a busy worker is checked.
const WATCHDOG_PERIOD_MS: i32 = 2_000;

/// What the owner hears: a fresh worker replaced a broken one, or none will (the reason).
pub enum WorkerEvent {
    Restarted(String),
    Stopped(String),
}

struct Pending {
    answer: Callback,
    allowance_ms: f64,
}

struct Inner {
    url: String,
    worker: RefCell<Worker>,
    ready: Cell<bool>,
    /// Set once no fresh worker will be started: every request fails with it.
    stopped: RefCell<Option<String>>,
    /// Posted before the worker was ready, in order.
    waiting: RefCell<Vec<Unsent>>,
    /// Requests sent (or waiting) and not answered yet, by id (ids grow: first is oldest).
    pending: RefCell<BTreeMap<u32, Pending>>,
    next_id: Cell<u32>,
    health: RefCell<Health>,
    on_event: EventListener,
    /// Kept alive as long as the client; attached to each worker it starts.
    on_message: Closure<dyn FnMut(MessageEvent)>,
    on_error: Closure<dyn FnMut(ErrorEvent)>,
    _watchdog: Closure<dyn FnMut()>,
}

/// Cheap to clone; one per app.
#[derive(Clone)]
pub struct WorkerClient(Rc<Inner>);

impl WorkerClient {
    /// Starts the worker at `url`; `on_event` hears when it is replaced or given up. Fails
    /// only if the browser refuses workers.
    pub fn start(
        url: &str,
        on_event: impl Fn(&WorkerClient, WorkerEvent) + 'static,
    ) -> Result<Self, String> {
        let worker = new_worker(url)?;
        // The listeners hold only a weak handle, so the client and its worker are not leaked
        // in a cycle.
        let inner = Rc::new_cyclic(|weak: &Weak<Inner>| {
            let with_client = |f: fn(&WorkerClient, JsValue)| {
                let weak = weak.clone();
                move |value: JsValue| {
                    if let Some(inner) = weak.upgrade() {
                        f(&WorkerClient(inner), value);
                    }
                }
            };
            let message = with_client(|client, data| client.on_message(&data));
            let error = with_client(|client, event| {
                let message = event.unchecked_into::<ErrorEvent>().message();
                client.broke(if message.is_empty() {
                    td_string!(current(), errors.worker.crashed).into()
                } else {
                    message
                });
            });
            let tick = with_client(|client, _| client.check_silence());
            let on_message =
                Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| message(e.data()));
            let on_error =
                Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| error(e.into()));
            let watchdog = Closure::<dyn FnMut()>::new(move || tick(JsValue::UNDEFINED));
            attach(&worker, &on_message, &on_error);
            if let Some(window) = web_sys::window() {
                let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
                    watchdog.as_ref().unchecked_ref(),
                    WATCHDOG_PERIOD_MS,
                );
            }
            Inner {
                url: url.to_owned(),
                worker: RefCell::new(worker),
                ready: Cell::new(false),
                stopped: RefCell::new(None),
                waiting: RefCell::new(Vec::new()),
                pending: RefCell::new(BTreeMap::new()),
                next_id: Cell::new(1),
                health: RefCell::new(Health::default()),
                on_event: Box::new(on_event),
                on_message,
                on_error,
                _watchdog: watchdog,
            }
        });
        Ok(WorkerClient(inner))
    }

    /// Sends `request` (with `bytes`, transferred, not copied); `answer` is called exactly
    /// once, with the worker's reply or the reason there is none.
    pub fn request(
        &self,
        request: Request,
        bytes: Option<Uint8Array>,
        answer: impl FnOnce(Answer) + 'static,
    ) {
        if let Some(reason) = self.0.stopped.borrow().clone() {
            answer(Err(reason));
            return;
        }
        let id = self.0.next_id.get();
        // 0 is the id of unsolicited replies.
        self.0.next_id.set(id.checked_add(1).unwrap_or(1));
        let idle = self.0.pending.borrow().is_empty();
        self.0.health.borrow_mut().posted(now_ms(), idle);
        let pending = Pending {
            answer: Box::new(answer),
            allowance_ms: allowance_ms(&request),
        };
        self.0.pending.borrow_mut().insert(id, pending);
        if self.0.ready.get() {
            self.post(id, &request, bytes);
        } else {
            self.0.waiting.borrow_mut().push((id, request, bytes));
        }
    }

    fn post(&self, id: u32, request: &Request, bytes: Option<Uint8Array>) {
        let locale = current();
        let sent = protocol::encode(id, request, bytes)
            .map_err(|e| e.message(language(locale)))
            .and_then(|(message, transfer)| {
                protocol::set_language(&message, language(locale));
                self.0
                    .worker
                    .borrow()
                    .post_message_with_transfer(&message, &transfer)
                    .map_err(|e| js_error_text(&e))
            });
        if let Err(detail) = sent {
            let message = td_string!(locale, errors.worker.unreachable, detail);
            self.answer(id, Err(message));
        }
    }

    fn on_message(&self, data: &JsValue) {
        let id = protocol::request_id(data);
        let answer = protocol::decode::<Reply>(data).map_err(|e| e.message(language(current())));
        self.0.health.borrow_mut().answered(now_ms());
        match answer {
            Ok((Reply::Ready, _)) => self.on_ready(),
            Ok((Reply::Unreadable { message }, _)) => self.answer(id, Err(message)),
            Ok((reply, bytes)) => {
                if let Some(name) = crate::perf::mark_for(&reply) {
                    crate::perf::mark(name);
                }
                self.answer(id, Ok((reply, bytes)));
            }
            Err(message) => self.answer(id, Err(message)),
        }
    }

    /// The worker listens now: send what waited, in order.
    fn on_ready(&self) {
        self.0.ready.set(true);
        let waiting = std::mem::take(&mut *self.0.waiting.borrow_mut());
        for (id, request, bytes) in waiting {
            self.post(id, &request, bytes);
        }
    }

    fn check_silence(&self) {
        let oldest = self
            .0
            .pending
            .borrow()
            .values()
            .next()
            .map(|p| p.allowance_ms);
        if self.0.health.borrow().overdue(now_ms(), oldest) {
            let seconds = format!("{:.0}", oldest.unwrap_or_default() / 1000.0);
            self.broke(td_string!(current(), errors.worker.silent, seconds));
        }
    }

    /// Replaces a broken worker (or gives up), then fails every request that was waiting.
    fn broke(&self, reason: String) {
        if self.0.stopped.borrow().is_some() {
            return;
        }
        let reason = td_string!(current(), errors.worker.stopped, reason);
        self.0.worker.borrow().terminate();
        self.0.ready.set(false);
        self.0.waiting.borrow_mut().clear();
        let restart = self.0.health.borrow_mut().restart(now_ms());
        let fresh = restart
            .then(|| new_worker(&self.0.url))
            .transpose()
            .unwrap_or_else(|e| {
                web_sys::console::error_1(&JsValue::from_str(&e));
                None
            });
        let pending = std::mem::take(&mut *self.0.pending.borrow_mut());
        match fresh {
            Some(worker) => {
                attach(&worker, &self.0.on_message, &self.0.on_error);
                *self.0.worker.borrow_mut() = worker;
                (self.0.on_event)(self, WorkerEvent::Restarted(reason.clone()));
            }
            None => {
                let given_up = td_string!(current(), errors.worker.given_up, reason = &reason);
                *self.0.stopped.borrow_mut() = Some(given_up.clone());
                (self.0.on_event)(self, WorkerEvent::Stopped(given_up));
            }
        }
        for (_, waiting) in pending {
            (waiting.answer)(Err(reason.clone()));
        }
    }

    fn answer(&self, id: u32, answer: Answer) {
        // Taken out first: the callback may send the next request, which borrows again.
        let pending = self.0.pending.borrow_mut().remove(&id);
        match pending {
            Some(pending) => (pending.answer)(answer),
            None => web_sys::console::warn_1(&JsValue::from_str(&format!(
                "a worker reply answers no request (id {id}): {answer:?}"
            ))),
        }
    }
}

fn new_worker(url: &str) -> Result<Worker, String> {
    Worker::new(url).map_err(|e| {
        let detail = js_error_text(&e);
        td_string!(current(), errors.worker.not_started, detail)
    })
}

fn attach(
    worker: &Worker,
    on_message: &Closure<dyn FnMut(MessageEvent)>,
    on_error: &Closure<dyn FnMut(ErrorEvent)>,
) {
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
}

/// A reply of the wrong kind for its request: a bug in the worker, said as such.
pub fn unexpected(reply: &Reply) -> String {
    td_string!(current(), errors.worker.unexpected, kind = reply.kind())
}
