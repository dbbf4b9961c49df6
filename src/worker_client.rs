//! The page's typed client of the inference worker: starts it, holds requests until it says
//! it is ready, and hands each reply to the callback of the request it answers. Every
//! failure reaches that caller too: a request that cannot be posted, a reply the page cannot
//! read, a worker that stops (its error event fails every request still waiting). What the
//! answers mean is for the callers ([`crate::classifier_session`], [`crate::batch_session`],
//! [`crate::model_loader`]).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::protocol::{self, Reply, Request};

/// A reply with its bytes, or why none will come.
pub type Answer = Result<(Reply, Option<Uint8Array>), String>;

type Callback = Box<dyn FnOnce(Answer)>;

struct Inner {
    worker: Worker,
    ready: Cell<bool>,
    /// Posted before the worker was ready, in order.
    waiting: RefCell<Vec<(u32, Request, Option<Uint8Array>)>>,
    /// Requests sent (or waiting) and not answered yet, by id.
    pending: RefCell<BTreeMap<u32, Callback>>,
    next_id: Cell<u32>,
    /// Told once when the worker stops (after the pending requests have failed).
    on_stopped: Box<dyn Fn(String)>,
    /// Kept alive as long as the worker they listen to.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// Cheap to clone; one per app.
#[derive(Clone)]
pub struct WorkerClient(Rc<Inner>);

impl WorkerClient {
    /// Starts the worker at `url`; `on_stopped` hears why if it stops. Fails only if the
    /// browser refuses workers.
    pub fn start(url: &str, on_stopped: impl Fn(String) + 'static) -> Result<Self, String> {
        let worker = Worker::new(url)
            .map_err(|e| format!("this browser could not start the background worker ({e:?})"))?;
        // The listeners hold only a weak handle, so the client and its worker are not leaked
        // in a cycle.
        let inner = Rc::new_cyclic(|weak: &Weak<Inner>| {
            let on_message = {
                let weak = weak.clone();
                Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                    if let Some(inner) = weak.upgrade() {
                        WorkerClient(inner).on_message(&event.data());
                    }
                })
            };
            let on_error = {
                let weak = weak.clone();
                Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                    if let Some(inner) = weak.upgrade() {
                        WorkerClient(inner).on_stopped(event.message());
                    }
                })
            };
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Inner {
                worker,
                ready: Cell::new(false),
                waiting: RefCell::new(Vec::new()),
                pending: RefCell::new(BTreeMap::new()),
                next_id: Cell::new(1),
                on_stopped: Box::new(on_stopped),
                _on_message: on_message,
                _on_error: on_error,
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
        let id = self.0.next_id.get();
        // 0 is the id of unsolicited replies.
        self.0.next_id.set(id.checked_add(1).unwrap_or(1));
        self.0.pending.borrow_mut().insert(id, Box::new(answer));
        if self.0.ready.get() {
            self.post(id, &request, bytes);
        } else {
            self.0.waiting.borrow_mut().push((id, request, bytes));
        }
    }

    fn post(&self, id: u32, request: &Request, bytes: Option<Uint8Array>) {
        let sent = protocol::encode(id, request, bytes)
            .map_err(|e| e.to_string())
            .and_then(|(message, transfer)| {
                self.0
                    .worker
                    .post_message_with_transfer(&message, &transfer)
                    .map_err(|e| crate::browser::js_error_text(&e))
            });
        if let Err(e) = sent {
            self.answer(
                id,
                Err(format!("could not reach the background worker: {e}")),
            );
        }
    }

    fn on_message(&self, data: &JsValue) {
        let id = protocol::request_id(data);
        let answer = protocol::decode::<Reply>(data).map_err(|e| e.to_string());
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

    /// Every request still waiting fails with the reason, then the owner is told.
    fn on_stopped(&self, reason: String) {
        let reason = format!("the background worker stopped: {reason}");
        self.0.waiting.borrow_mut().clear();
        let pending = std::mem::take(&mut *self.0.pending.borrow_mut());
        for (_, callback) in pending {
            callback(Err(reason.clone()));
        }
        (self.0.on_stopped)(reason);
    }

    fn answer(&self, id: u32, answer: Answer) {
        // Taken out first: the callback may send the next request, which borrows again.
        let callback = self.0.pending.borrow_mut().remove(&id);
        match callback {
            Some(callback) => callback(answer),
            None => web_sys::console::warn_1(&JsValue::from_str(&format!(
                "a worker reply answers no request (id {id}): {answer:?}"
            ))),
        }
    }
}

/// A reply of the wrong kind for its request: a bug in the worker, said as such.
pub fn unexpected(reply: &Reply) -> String {
    format!(
        "the background worker gave an unexpected answer ({})",
        reply.kind()
    )
}
