//! The page's handle on the inference worker: starts it, holds messages until it says it is
//! ready, keeps at most one classification in flight (the latest request wins, so dragging
//! the square never builds a queue), and turns replies into state changes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use skincheck_core::{Classification, ModelCard, PatientMetadata, SquareCrop};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::protocol::{self, Reply, Request};
use crate::state::{AppState, ImageSlot, ModelStatus, OpenImage, Pixels, ResultView};

/// One classification the page wants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifyJob {
    pub image_id: u32,
    pub crop: SquareCrop,
    pub metadata: PatientMetadata,
}

/// The answer to one [`Engine::classify_file`]: the classification, how long it took and the
/// pixels asked for (thumbnail or model view), or the reason it failed.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub job_id: u32,
    pub result: Result<(Classification, f64, Pixels), String>,
}

pub type FileListener = Rc<dyn Fn(FileOutcome)>;

struct Inner {
    worker: Worker,
    state: AppState,
    ready: Cell<bool>,
    /// Posted before the worker was ready.
    waiting: RefCell<Vec<(Request, Option<Uint8Array>)>>,
    in_flight: Cell<bool>,
    next: Cell<Option<ClassifyJob>>,
    last_sent: Cell<Option<ClassifyJob>>,
    seq: Cell<u32>,
    next_image_id: Cell<u32>,
    /// The card sent with the model, adopted once the worker accepts it.
    card: RefCell<Option<Arc<ModelCard>>>,
    /// Who hears the answers to [`Engine::classify_file`] (the batch page's runner).
    file_listener: RefCell<Option<FileListener>>,
    /// Kept alive as long as the worker they listen to.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// Cheap to clone; lives for the whole app (stored in a local `StoredValue`).
#[derive(Clone)]
pub struct Engine(Rc<Inner>);

impl Engine {
    /// Starts the worker from the app's folder. Fails only if the browser refuses workers.
    pub fn start(state: AppState) -> Result<Engine, String> {
        let url = crate::base_path::asset_url(&state.base.get_value(), "worker_loader.js");
        let worker = Worker::new(&url)
            .map_err(|e| format!("this browser could not start the background worker ({e:?})"))?;
        // The listeners hold only a weak handle, so the engine and its worker are not
        // leaked in a cycle.
        let inner = Rc::new_cyclic(|weak: &std::rc::Weak<Inner>| {
            let weak = weak.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let Some(inner) = weak.upgrade() {
                    Engine(inner).on_message(&event);
                }
            });
            let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                state.model.set(ModelStatus::Failed(format!(
                    "the background worker stopped: {}",
                    event.message()
                )));
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Inner {
                worker,
                state,
                ready: Cell::new(false),
                waiting: RefCell::new(Vec::new()),
                in_flight: Cell::new(false),
                next: Cell::new(None),
                last_sent: Cell::new(None),
                seq: Cell::new(0),
                next_image_id: Cell::new(1),
                card: RefCell::new(None),
                file_listener: RefCell::new(None),
                _on_message: on_message,
                _on_error: on_error,
            }
        });
        let engine = Engine(inner);
        Ok(engine)
    }

    /// Hands the fetched model (and its sha256 if the page computed it) to the worker; the
    /// reply sets `ModelStatus`.
    pub fn load_model(
        &self,
        card: Arc<ModelCard>,
        card_json: String,
        onnx: Uint8Array,
        sha256: Option<String>,
    ) {
        *self.0.card.borrow_mut() = Some(card);
        self.0.state.model.set(ModelStatus::Preparing);
        self.post(Request::LoadModel { card_json, sha256 }, Some(onnx));
    }

    /// Sends a new photo; earlier photos' late replies are ignored from now on.
    pub fn open_image(&self, name: String, bytes: Uint8Array) {
        let image_id = self.0.next_image_id.get();
        self.0.next_image_id.set(image_id + 1);
        let state = self.0.state;
        state.image.set(ImageSlot::Decoding { id: image_id, name });
        state.crop.set(None);
        state.result.set(None);
        state.result_error.set(None);
        state.busy.set(false);
        // A new photo starts again from its own top class.
        state.cam_class.set(None);
        self.0.last_sent.set(None);
        self.post(Request::OpenImage { image_id }, Some(bytes));
    }

    /// Asks for a classification; while one runs, only the most recent request is kept.
    pub fn classify(&self, job: ClassifyJob) {
        let repeat = self.0.last_sent.get() == Some(job);
        if self.0.in_flight.get() {
            // The running request may already be the one wanted.
            self.0.next.set((!repeat).then_some(job));
        } else if !repeat {
            self.0.state.busy.set(true);
            self.send_classify(job);
        }
    }

    /// Classifies one file of a batch in its centred square; the answer goes to the file
    /// listener. `view`: answer with the model's view (heat map) instead of a thumbnail.
    pub fn classify_file(
        &self,
        job_id: u32,
        bytes: Uint8Array,
        metadata: PatientMetadata,
        view: bool,
    ) {
        self.post(
            Request::ClassifyFile {
                job_id,
                metadata,
                view,
            },
            Some(bytes),
        );
    }

    /// Replaces the listener of [`Engine::classify_file`] answers.
    pub fn set_file_listener(&self, listener: FileListener) {
        *self.0.file_listener.borrow_mut() = Some(listener);
    }

    fn send_classify(&self, job: ClassifyJob) {
        let seq = self.0.seq.get().wrapping_add(1);
        self.0.seq.set(seq);
        self.0.in_flight.set(true);
        self.0.last_sent.set(Some(job));
        self.post(
            Request::Classify {
                image_id: job.image_id,
                seq,
                crop: job.crop,
                metadata: job.metadata,
            },
            None,
        );
    }

    fn post(&self, request: Request, bytes: Option<Uint8Array>) {
        if !self.0.ready.get() {
            self.0.waiting.borrow_mut().push((request, bytes));
            return;
        }
        let sent = protocol::encode(&request, bytes)
            .map_err(|e| e.to_string())
            .and_then(|(message, transfer)| {
                self.0
                    .worker
                    .post_message_with_transfer(&message, &transfer)
                    .map_err(|e| format!("{e:?}"))
            });
        if let Err(e) = sent {
            self.0
                .state
                .result_error
                .set(Some(format!("could not reach the background worker: {e}")));
        }
    }

    fn on_message(&self, event: &MessageEvent) {
        let (reply, bytes) = match protocol::decode::<Reply>(&event.data()) {
            Ok(decoded) => decoded,
            Err(e) => {
                web_sys::console::error_1(&JsValue::from_str(&e.to_string()));
                return;
            }
        };
        if let Some(name) = crate::perf::mark_for(&reply) {
            crate::perf::mark(name);
        }
        let state = self.0.state;
        match reply {
            Reply::Ready => {
                self.0.ready.set(true);
                let waiting = std::mem::take(&mut *self.0.waiting.borrow_mut());
                for (request, bytes) in waiting {
                    self.post(request, bytes);
                }
            }
            Reply::ModelLoaded { load_ms } => match self.0.card.borrow().clone() {
                Some(card) => state.model.set(ModelStatus::Ready { card, load_ms }),
                None => state.model.set(ModelStatus::Failed(
                    "the worker loaded a model the page did not send".into(),
                )),
            },
            Reply::ModelFailed { message } => state.model.set(ModelStatus::Failed(message)),
            Reply::ImageOpened {
                image_id,
                width,
                height,
                preview_width,
                preview_height,
                decode_ms,
            } => {
                let name = match state.image.get_untracked() {
                    ImageSlot::Decoding { id, name } if id == image_id => name,
                    _ => return,
                };
                let preview = Pixels {
                    width: preview_width,
                    height: preview_height,
                    rgba: bytes.map(|b| b.to_vec()).unwrap_or_default(),
                };
                state.crop.set(Some(SquareCrop::centered(width, height)));
                state.image.set(ImageSlot::Open(OpenImage {
                    id: image_id,
                    name,
                    width,
                    height,
                    decode_ms,
                    preview: Arc::new(preview),
                }));
            }
            Reply::ImageFailed { image_id, message } => {
                if let ImageSlot::Decoding { id, name } = state.image.get_untracked() {
                    if id == image_id {
                        state.image.set(ImageSlot::Failed { name, message });
                    }
                }
            }
            Reply::Classified {
                image_id,
                classification,
                classify_ms,
                view_side,
                ..
            } => {
                if self.is_current(image_id) {
                    state.result_error.set(None);
                    state.result.set(Some(ResultView {
                        image_id,
                        classification: Arc::new(*classification),
                        classify_ms,
                        view: Arc::new(Pixels {
                            width: view_side,
                            height: view_side,
                            rgba: bytes.map(|b| b.to_vec()).unwrap_or_default(),
                        }),
                    }));
                }
                self.finish_classify();
            }
            Reply::ClassifyFailed {
                image_id, message, ..
            } => {
                if self.is_current(image_id) {
                    state.result_error.set(Some(message));
                }
                self.finish_classify();
            }
            // Benchmark replies (scripts/bench.sh talks to the worker itself).
            Reply::TensorsRun { .. } | Reply::TensorsFailed { .. } => {}
            Reply::FileClassified {
                job_id,
                classification,
                classify_ms,
                side,
            } => self.tell_file_listener(FileOutcome {
                job_id,
                result: Ok((
                    *classification,
                    classify_ms,
                    Pixels {
                        width: side,
                        height: side,
                        rgba: bytes.map(|b| b.to_vec()).unwrap_or_default(),
                    },
                )),
            }),
            Reply::FileFailed { job_id, message } => self.tell_file_listener(FileOutcome {
                job_id,
                result: Err(message),
            }),
        }
    }

    fn tell_file_listener(&self, outcome: FileOutcome) {
        // Cloned out first: the listener may send the next file, which borrows again.
        let listener = self.0.file_listener.borrow().clone();
        if let Some(listener) = listener {
            listener(outcome);
        }
    }

    fn is_current(&self, image_id: u32) -> bool {
        self.0
            .state
            .image
            .with_untracked(|slot| slot.open().is_some_and(|image| image.id == image_id))
    }

    /// One reply is in: send the newest waiting request, if any.
    fn finish_classify(&self) {
        self.0.in_flight.set(false);
        match self.0.next.take() {
            Some(job) if self.is_current(job.image_id) => self.send_classify(job),
            _ => self.0.state.busy.set(false),
        }
    }
}

/// The app's engine, stored where components can reach it.
pub type EngineHandle = StoredValue<Option<Engine>, LocalStorage>;

pub fn use_engine() -> Option<Engine> {
    use_context::<EngineHandle>().and_then(|handle| handle.get_value())
}
