//! The batch page's runner: the queue ([`skincheck_batch::BatchQueue`]) plus the file handles,
//! fed to the worker one file at a time. Lives for the whole app, so a batch keeps running
//! while the user looks at another page.
//!
//! Memory stays flat however many files are queued: a row holds its `File` handle (a
//! reference to the file on disk, not its bytes), its record and a 64 px JPEG data URL. The
//! bytes of one file at a time go straight from the browser to the worker; the heat map of a
//! row is recomputed from its file when asked for.

use std::sync::Arc;

use js_sys::Reflect;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use skincheck_batch::{BatchQueue, SortDirection, SortKey};
use skincheck_core::{Classification, PatientMetadata, ResultRecord};
use wasm_bindgen::JsValue;

use crate::browser::now_ms;
use crate::dropped_files::NamedFile;
use crate::files::read_file;
use crate::i18n::{language, td_string, use_i18n, Locale};
use crate::protocol::{Reply, Request};
use crate::state::{AppState, ModelStatus, Pixels, ResultView};
use crate::worker_client::{unexpected, Answer, WorkerClient};

/// One queued file.
#[derive(Clone)]
struct QueuedFile {
    file: web_sys::File,
    metadata: PatientMetadata,
}

/// The heat map view of one row, recomputed on click.
#[derive(Debug, Clone, PartialEq)]
pub enum RowDetail {
    Loading { row: usize },
    Ready { row: usize, result: ResultView },
    Failed { row: usize, message: String },
}

impl RowDetail {
    pub fn row(&self) -> usize {
        match self {
            RowDetail::Loading { row }
            | RowDetail::Ready { row, .. }
            | RowDetail::Failed { row, .. } => *row,
        }
    }
}

/// The answer to one file sent to the worker: the classification, how long it took and the
/// pixels asked for (thumbnail or model view), or the reason it failed.
type FileOutcome = Result<(Classification, f64, Pixels), String>;

/// A job sent to the worker and not answered yet.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pending {
    Row { job_id: u32, row: usize },
    Detail { job_id: u32, row: usize },
}

#[derive(Clone, Copy)]
pub struct BatchSession {
    state: AppState,
    /// The page's language, for the messages made outside the view (rows that failed, the
    /// busy line another tab shows).
    i18n: I18nContext<Locale>,
    client: StoredValue<Option<WorkerClient>, LocalStorage>,
    /// Rows; `T` is the row's thumbnail as a data URL.
    pub queue: RwSignal<BatchQueue<String>>,
    files: StoredValue<Vec<QueuedFile>, LocalStorage>,
    pending: StoredValue<Vec<Pending>>,
    next_job: StoredValue<u32>,
    pub sort: RwSignal<(SortKey, SortDirection)>,
    pub detail: RwSignal<Option<RowDetail>>,
    /// Files left out of the last addition (not images), for the page to say so.
    pub skipped: RwSignal<Vec<String>>,
}

impl BatchSession {
    pub fn new(state: AppState, client: Option<WorkerClient>) -> Self {
        let session = BatchSession {
            state,
            i18n: use_i18n(),
            client: StoredValue::new_local(client),
            queue: RwSignal::new(BatchQueue::new()),
            files: StoredValue::new_local(Vec::new()),
            pending: StoredValue::new(Vec::new()),
            next_job: StoredValue::new(0),
            sort: RwSignal::new((SortKey::Added, SortDirection::Ascending)),
            detail: RwSignal::new(None),
            skipped: RwSignal::new(Vec::new()),
        };
        // Files added while the model loads start once it is ready.
        Effect::new(move |_| {
            if state.model.with(|m| matches!(m, ModelStatus::Ready { .. })) {
                session.pump();
            }
        });
        session
    }

    /// Queues image files, each under its listed name, with the details given now. Other
    /// files are listed in `skipped`, with `unreadable` ones (folders the browser refused).
    pub fn add(&self, files: Vec<NamedFile>, unreadable: Vec<String>, metadata: PatientMetadata) {
        let (images, others): (Vec<_>, Vec<_>) = files.into_iter().partition(|(f, _)| is_image(f));
        self.skipped.set(
            others
                .into_iter()
                .map(|(_, name)| name)
                .chain(unreadable)
                .collect(),
        );
        if images.is_empty() {
            return;
        }
        let names: Vec<String> = images.iter().map(|(_, name)| name.clone()).collect();
        self.files.update_value(|f| {
            f.extend(
                images
                    .into_iter()
                    .map(|(file, _)| QueuedFile { file, metadata }),
            )
        });
        self.queue.update(|q| {
            q.add(names);
        });
        self.pump();
    }

    /// Stops after the file being classified; the rest are marked cancelled.
    pub fn cancel(&self) {
        self.queue.update(|q| {
            q.cancel();
        });
    }

    /// Forgets every row, its thumbnail and its file handle.
    pub fn clear(&self) {
        // Late answers (the file in flight, a heat map) now find no job and are dropped.
        self.pending.update_value(|p| p.clear());
        self.queue.update(|q| q.clear());
        self.files.update_value(|f| *f = Vec::new());
        self.detail.set(None);
        self.skipped.set(Vec::new());
    }

    /// What the batch is doing while files wait or run ("a batch (12 of 200 · …)"), which
    /// an update must not interrupt; in this tab's language, asked again every few seconds.
    pub fn busy_text(&self) -> Option<String> {
        let progress = self.queue.with_untracked(|q| q.progress());
        (progress.total > progress.finished + progress.cancelled)
            .then(|| progress.busy_text(language(self.locale())))
    }

    fn locale(&self) -> Locale {
        self.i18n.get_locale_untracked()
    }

    /// Row indices in the table's current order.
    pub fn order(&self) -> Vec<usize> {
        let (key, direction) = self.sort.get();
        self.queue.with(|q| q.sorted(key, direction))
    }

    /// The CSV export of the table in its current order, or why there is none.
    pub fn csv(&self) -> Result<String, String> {
        let no_model = || td_string!(self.locale(), batch.errors.no_model).to_owned();
        let card = self.state.card().ok_or_else(no_model)?;
        let order = self.order();
        Ok(self.queue.with(|q| q.csv(&card, &order)))
    }

    /// Recomputes the heat map of a classified row from its file.
    pub fn show_detail(&self, row: usize) {
        let Some(file) = self.files.with_value(|f| f.get(row).cloned()) else {
            return;
        };
        let job_id = self.new_job_id();
        self.pending.update_value(|p| {
            p.retain(|job| !matches!(job, Pending::Detail { .. }));
            p.push(Pending::Detail { job_id, row });
        });
        self.detail.set(Some(RowDetail::Loading { row }));
        self.send(job_id, file, true);
    }

    fn new_job_id(&self) -> u32 {
        let id = self.next_job.get_value().wrapping_add(1);
        self.next_job.set_value(id);
        id
    }

    /// Sends the next queued file, if the model is ready and none is in flight.
    fn pump(&self) {
        let ready = self
            .state
            .model
            .with_untracked(|m| matches!(m, ModelStatus::Ready { .. }));
        if !ready {
            return;
        }
        let now = now_ms();
        let Some(row) = self.queue.try_update(|q| q.start_next(now)).flatten() else {
            return;
        };
        let Some(file) = self.files.with_value(|f| f.get(row).cloned()) else {
            return;
        };
        let job_id = self.new_job_id();
        self.pending
            .update_value(|p| p.push(Pending::Row { job_id, row }));
        self.send(job_id, file, false);
    }

    fn send(&self, job_id: u32, queued: QueuedFile, view: bool) {
        let session = *self;
        spawn_local(async move {
            let client = session.client.get_value();
            match (client, read_file(&queued.file).await) {
                (Some(client), Ok(bytes)) => {
                    let request = Request::ClassifyFile {
                        job_id,
                        metadata: queued.metadata,
                        view,
                    };
                    client.request(request, Some(bytes), move |answer| {
                        session.on_outcome(job_id, file_outcome(answer))
                    });
                }
                (None, _) => session.on_outcome(
                    job_id,
                    Err(td_string!(session.locale(), batch.errors.no_classifier).to_owned()),
                ),
                (_, Err(message)) => session.on_outcome(job_id, Err(message)),
            }
        });
    }

    fn on_outcome(&self, job_id: u32, outcome: FileOutcome) {
        let Some(job) = self.pending.with_value(|p| {
            p.iter()
                .copied()
                .find(|j| matches!(j, Pending::Row { job_id: id, .. } | Pending::Detail { job_id: id, .. } if *id == job_id))
        }) else {
            // Cleared or replaced meanwhile.
            return;
        };
        self.pending.update_value(|p| p.retain(|j| *j != job));
        match job {
            Pending::Row { row, .. } => {
                let name = self
                    .queue
                    .with_untracked(|q| q.row(row).map(|r| r.file.clone()));
                let locale = self.locale();
                let result = match (outcome, self.state.card(), name) {
                    (Ok((classification, _, thumb)), Some(card), Some(name)) => {
                        let record = ResultRecord::new(&name, &classification, &card);
                        crate::thumbnail::jpeg_data_url(&thumb, thumb.width.max(thumb.height))
                            .map(|url| (record, url))
                            .map_err(|e| {
                                web_sys::console::warn_1(&format!("{name}: thumbnail: {e}").into());
                                td_string!(locale, batch.errors.no_thumbnail).to_owned()
                            })
                    }
                    (Err(message), _, _) => Err(message),
                    (Ok(_), None, _) => Err(td_string!(locale, batch.errors.no_model).to_owned()),
                    (Ok(_), _, None) => return,
                };
                let now = now_ms();
                self.queue.update(|q| {
                    q.finish(row, result, now);
                });
                self.pump();
            }
            Pending::Detail { row, .. } => {
                self.detail.set(Some(match outcome {
                    Ok((classification, classify_ms, view)) => RowDetail::Ready {
                        row,
                        result: ResultView {
                            image_id: 0,
                            classification: Arc::new(classification),
                            classify_ms,
                            crop: None,
                            view: Arc::new(view),
                        },
                    },
                    Err(message) => RowDetail::Failed { row, message },
                }));
            }
        }
    }
}

/// What a `ClassifyFile` answer means for the row.
fn file_outcome(answer: Answer) -> FileOutcome {
    match answer {
        Ok((
            Reply::FileClassified {
                classification,
                classify_ms,
                side,
                ..
            },
            bytes,
        )) => Ok((
            *classification,
            classify_ms,
            Pixels {
                width: side,
                height: side,
                rgba: bytes.map(|b| b.to_vec()).unwrap_or_default(),
            },
        )),
        Ok((Reply::FileFailed { message, .. }, _)) | Err(message) => Err(message),
        Ok((other, _)) => Err(unexpected(&other)),
    }
}

/// The path inside a chosen folder, else the file name.
pub fn display_name(file: &web_sys::File) -> String {
    Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|p| p.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

/// By type, or by extension when the browser gives none (common for folders).
fn is_image(file: &web_sys::File) -> bool {
    let kind = file.type_();
    if !kind.is_empty() {
        return kind.starts_with("image/");
    }
    let name = file.name().to_lowercase();
    ["jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp"]
        .iter()
        .any(|ext| name.ends_with(&format!(".{ext}")))
}

pub fn use_batch() -> BatchSession {
    expect_context::<BatchSession>()
}
