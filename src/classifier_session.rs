//! The classifier page's session: the open photo and its latest classification. At most one
//! classification is in flight; while it runs only the newest wish is kept (the latest
//! request wins, so dragging the square never builds a queue). Lives for the whole app, beside
//! [`crate::batch_session`], and talks to the worker through [`WorkerClient`]. When a fresh
//! worker replaces a broken one, the open photo is sent to it again from its file. Its
//! messages are in the page's language (the worker's come in it too).

use std::sync::Arc;

use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use skincheck_core::{PatientMetadata, SquareCrop};

use crate::files::read_file;
use crate::i18n::td_string;
use crate::protocol::{Reply, Request};
use crate::state::{AppState, ImageSlot, OpenImage, Pixels, ResultView};
use crate::worker_client::{unexpected, Answer, WorkerClient};

/// One classification the page wants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifyJob {
    pub image_id: u32,
    pub crop: SquareCrop,
    pub metadata: PatientMetadata,
}

#[derive(Clone, Copy)]
pub struct ClassifierSession {
    state: AppState,
    client: StoredValue<Option<WorkerClient>, LocalStorage>,
    /// The open photo's file (a handle, not its bytes), to reopen it in a fresh worker.
    file: StoredValue<Option<web_sys::File>, LocalStorage>,
    in_flight: StoredValue<bool>,
    /// The newest job asked for while one was in flight.
    next: StoredValue<Option<ClassifyJob>>,
    last_sent: StoredValue<Option<ClassifyJob>>,
    next_image_id: StoredValue<u32>,
}

impl ClassifierSession {
    /// A session without a worker yet ([`ClassifierSession::set_client`]).
    pub fn new(state: AppState) -> Self {
        ClassifierSession {
            state,
            client: StoredValue::new_local(None),
            file: StoredValue::new_local(None),
            in_flight: StoredValue::new(false),
            next: StoredValue::new(None),
            last_sent: StoredValue::new(None),
            next_image_id: StoredValue::new(1),
        }
    }

    pub fn set_client(&self, client: Option<WorkerClient>) {
        self.client.set_value(client);
    }

    /// Shows a new photo (`bytes`, read from `file`): the previous one's result, crop and
    /// late replies are dropped.
    pub fn open_image(&self, name: String, file: web_sys::File, bytes: Uint8Array) {
        self.file.set_value(Some(file));
        let image_id = self.next_image_id.get_value();
        self.next_image_id.set_value(image_id + 1);
        let state = self.state;
        state.image.set(ImageSlot::Decoding {
            id: image_id,
            name: name.clone(),
        });
        state.crop.set(None);
        state.result.set(None);
        state.result_error.set(None);
        state.busy.set(false);
        // A new photo starts again from its own top class.
        state.cam_class.set(None);
        self.last_sent.set_value(None);
        let Some(client) = self.client.get_value() else {
            let locale = crate::i18n::current();
            state.image.set(ImageSlot::Failed {
                name,
                message: td_string!(locale, errors.classifier_not_started).into(),
            });
            return;
        };
        let session = *self;
        client.request(
            Request::OpenImage { image_id },
            Some(bytes),
            move |answer| session.on_image_opened(image_id, answer),
        );
    }

    /// A photo that could not even be read: the page says why, ready for the next one.
    pub fn refuse_image(&self, name: String, message: String) {
        self.state.image.set(ImageSlot::Failed { name, message });
    }

    /// A fresh worker has none of the open photo: send it again from its file. Until it
    /// is open there, classifications wait (as behind one in flight).
    pub fn reopen_after_restart(&self) {
        let Some(image_id) = self.state.image.with_untracked(|s| s.open().map(|i| i.id)) else {
            return;
        };
        let (Some(client), Some(file)) = (self.client.get_value(), self.file.get_value()) else {
            return;
        };
        let session = *self;
        session.in_flight.set_value(true);
        session.last_sent.set_value(None);
        spawn_local(async move {
            let reopened = match read_file(&file).await {
                Ok(bytes) => bytes,
                Err(message) => return session.on_reopened(image_id, Err(message)),
            };
            let request = Request::OpenImage { image_id };
            client.request(request, Some(reopened), move |answer| {
                session.on_reopened(image_id, answer)
            });
        });
    }

    fn on_reopened(&self, image_id: u32, answer: Answer) {
        let failure = match answer {
            Ok((Reply::ImageOpened { .. }, _)) => None,
            Ok((Reply::ImageFailed { message, .. }, _)) | Err(message) => Some(message),
            Ok((other, _)) => Some(unexpected(&other)),
        };
        if let (Some(message), true) = (failure, self.is_current(image_id)) {
            let name = self
                .state
                .image
                .with_untracked(|s| s.open().map(|i| i.name.clone()));
            self.state.image.set(ImageSlot::Failed {
                name: name.unwrap_or_default(),
                message,
            });
        }
        self.finish();
    }

    /// Asks for a classification; while one runs, only the most recent request is kept.
    pub fn classify(&self, job: ClassifyJob) {
        let repeat = self.last_sent.get_value() == Some(job);
        if self.in_flight.get_value() {
            // The running request may already be the one wanted.
            self.next.set_value((!repeat).then_some(job));
        } else if !repeat {
            self.state.busy.set(true);
            self.send(job);
        }
    }

    fn send(&self, job: ClassifyJob) {
        let Some(client) = self.client.get_value() else {
            return;
        };
        self.in_flight.set_value(true);
        self.last_sent.set_value(Some(job));
        let request = Request::Classify {
            image_id: job.image_id,
            crop: job.crop,
            metadata: job.metadata,
        };
        let session = *self;
        client.request(request, None, move |answer| {
            session.on_classified(job, answer)
        });
    }

    fn on_image_opened(&self, image_id: u32, answer: Answer) {
        let state = self.state;
        let name = match state.image.get_untracked() {
            ImageSlot::Decoding { id, name } if id == image_id => name,
            // Another photo was opened meanwhile.
            _ => return,
        };
        let message = match answer {
            Ok((
                Reply::ImageOpened {
                    width,
                    height,
                    preview_width,
                    preview_height,
                    decode_ms,
                    ..
                },
                bytes,
            )) => {
                let preview = Pixels {
                    width: preview_width,
                    height: preview_height,
                    rgba: bytes.map(|b| b.to_vec()).unwrap_or_default(),
                };
                state.crop.set(Some(SquareCrop::centred(width, height)));
                state.image.set(ImageSlot::Open(OpenImage {
                    id: image_id,
                    name,
                    width,
                    height,
                    decode_ms,
                    preview: Arc::new(preview),
                }));
                return;
            }
            Ok((Reply::ImageFailed { message, .. }, _)) | Err(message) => message,
            Ok((other, _)) => unexpected(&other),
        };
        state.image.set(ImageSlot::Failed { name, message });
    }

    fn on_classified(&self, job: ClassifyJob, answer: Answer) {
        if self.is_current(job.image_id) {
            let state = self.state;
            match answer {
                Ok((
                    Reply::Classified {
                        image_id,
                        classification,
                        classify_ms,
                        view_side,
                    },
                    bytes,
                )) => {
                    state.result_error.set(None);
                    state.result.set(Some(ResultView {
                        image_id,
                        classification: Arc::new(*classification),
                        classify_ms,
                        crop: Some(job.crop),
                        view: Arc::new(Pixels {
                            width: view_side,
                            height: view_side,
                            rgba: bytes.map(|b| b.to_vec()).unwrap_or_default(),
                        }),
                    }));
                }
                Ok((Reply::ClassifyFailed { message, .. }, _)) | Err(message) => {
                    state.result_error.set(Some(message))
                }
                Ok((other, _)) => state.result_error.set(Some(unexpected(&other))),
            }
        }
        self.finish();
    }

    fn is_current(&self, image_id: u32) -> bool {
        self.state
            .image
            .with_untracked(|slot| slot.open().is_some_and(|image| image.id == image_id))
    }

    /// One reply is in: send the newest waiting request, if any.
    fn finish(&self) {
        self.in_flight.set_value(false);
        match self.next.try_update_value(Option::take).flatten() {
            Some(job) if self.is_current(job.image_id) => self.send(job),
            _ => self.state.busy.set(false),
        }
    }
}

pub fn use_classifier() -> ClassifierSession {
    expect_context::<ClassifierSession>()
}
