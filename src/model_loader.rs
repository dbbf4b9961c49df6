//! Fetching the model once from the app's own `assets/`, with progress, then handing it to
//! the worker. Nothing here goes to another origin.

use std::sync::Arc;

use js_sys::{Reflect, Uint8Array};
use leptos::prelude::*;
use skincheck_core::ModelCard;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

use crate::base_path::asset_url;
use crate::browser::js_error_text;
use crate::i18n::{language, td_string, Locale};
use crate::protocol::{Reply, Request};
use crate::state::{AppState, ModelStatus};
use crate::worker_client::{unexpected, WorkerClient};

/// Bytes between two progress reports of a download.
const PROGRESS_STEP: u64 = 256 * 1024;

/// The card's path inside the app; the card names the ONNX file beside it.
pub const CARD_PATH: &str = "assets/model.json";

/// Why the model could not be fetched (the hash check happens in the worker).
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    Network {
        url: String,
        detail: String,
    },
    Status {
        url: String,
        status: u16,
    },
    /// The card's own problem, already said in the page's language.
    Card(String),
    /// Not the card this build pins (see [`crate::model_pin`]), said likewise.
    NotPinned(String),
}

impl FetchError {
    /// What the status bar says, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            FetchError::Network { url, detail } => {
                td_string!(locale, errors.fetch.network, url, detail)
            }
            FetchError::Status { url, status } => {
                td_string!(locale, errors.fetch.status, url, status)
            }
            FetchError::Card(e) | FetchError::NotPinned(e) => e.clone(),
        }
    }
}

/// English, for logs.
impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Locale::en))
    }
}

/// Fetches card and model, reporting bytes as they arrive, then starts the worker's load.
/// What fails is said in the language the page speaks when it fails.
pub async fn load(state: AppState, client: WorkerClient) {
    if let Err(e) = fetch_and_send(state, &client).await {
        let locale = crate::i18n::current();
        state.model.set(ModelStatus::Failed(e.message(locale)));
    }
}

async fn fetch_and_send(state: AppState, client: &WorkerClient) -> Result<(), FetchError> {
    let base = state.base.get_value();
    let card_url = asset_url(&base, CARD_PATH);
    let card_bytes = fetch_bytes(&card_url, |_, _| {}).await?.to_vec();
    let page_language = || language(crate::i18n::current());
    crate::model_pin::check_card(&card_bytes, pinned_card().as_deref(), page_language())
        .map_err(FetchError::NotPinned)?;
    let card_json = String::from_utf8_lossy(&card_bytes).into_owned();
    let card = ModelCard::from_json(&card_json)
        .map_err(|e| FetchError::Card(e.message(page_language())))?;
    let onnx_name = if card.onnx_file.is_empty() {
        "model.onnx"
    } else {
        card.onnx_file.as_str()
    };
    let onnx_url = asset_url(&base, &format!("assets/{onnx_name}"));
    let card_size = (card.size_bytes > 0).then_some(card.size_bytes);
    state.model.set(ModelStatus::Fetching {
        fetched: 0,
        total: card_size,
    });
    let onnx = fetch_bytes(&onnx_url, |fetched, header_total| {
        state.model.set(ModelStatus::Fetching {
            fetched,
            total: card_size.or(header_total),
        });
    })
    .await?;
    crate::perf::mark(crate::perf::marks::MODEL_FETCHED);
    let sha256 = sha256_hex(&onnx).await;
    send_to_worker(state, client, Arc::new(card), card_json, onnx, sha256);
    Ok(())
}

/// Hands the fetched model (and its sha256 if the page computed it) to the worker; its
/// answer sets `ModelStatus`, adopting the card only once the worker accepts the model.
fn send_to_worker(
    state: AppState,
    client: &WorkerClient,
    card: Arc<ModelCard>,
    card_json: String,
    onnx: Uint8Array,
    sha256: Option<String>,
) {
    state.model.set(ModelStatus::Preparing);
    let request = Request::LoadModel { card_json, sha256 };
    client.request(request, Some(onnx), move |answer| {
        state.model.set(match answer {
            Ok((Reply::ModelLoaded { load_ms }, _)) => ModelStatus::Ready { card, load_ms },
            Ok((Reply::ModelFailed { message }, _)) | Err(message) => ModelStatus::Failed(message),
            Ok((other, _)) => ModelStatus::Failed(unexpected(&other)),
        })
    });
}

/// The card's sha256 this page was built with, from its `<meta>`.
fn pinned_card() -> Option<String> {
    let selector = format!("meta[name=\"{}\"]", crate::model_pin::META_NAME);
    web_sys::window()?
        .document()?
        .query_selector(&selector)
        .ok()??
        .get_attribute("content")
}

/// The bytes' hex sha256 by the browser's WebCrypto (native code, off the main thread), or
/// `None` where it is unavailable (WebCrypto needs a secure context: https or localhost);
/// the worker then hashes in wasm, which takes about half of its model load.
async fn sha256_hex(bytes: &Uint8Array) -> Option<String> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let promise = subtle
        .digest_with_str_and_buffer_source("SHA-256", bytes)
        .ok()?;
    let digest = JsFuture::from(promise).await.ok()?;
    Some(
        Uint8Array::new(&digest)
            .to_vec()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

/// GETs `url` (same origin), streaming the body so `progress(fetched, content_length)` can
/// be reported as chunks arrive.
async fn fetch_bytes(
    url: &str,
    progress: impl Fn(u64, Option<u64>),
) -> Result<Uint8Array, FetchError> {
    let network = |e: JsValue| FetchError::Network {
        url: url.to_owned(),
        detail: js_error_text(&e),
    };
    let window = web_sys::window().ok_or_else(|| network(JsValue::from_str("no window")))?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(network)?
        .unchecked_into();
    if !response.ok() {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status: response.status(),
        });
    }
    let content_length = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<u64>().ok());
    let Some(body) = response.body() else {
        let buffer = JsFuture::from(response.array_buffer().map_err(network)?)
            .await
            .map_err(network)?;
        return Ok(Uint8Array::new(&buffer));
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut chunks: Vec<Uint8Array> = Vec::new();
    let mut fetched: u64 = 0;
    let mut reported: u64 = 0;
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(network)?;
        let done = Reflect::get(&step, &JsValue::from_str("done"))
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        let Ok(chunk) = Reflect::get(&step, &JsValue::from_str("value"))
            .and_then(|v| v.dyn_into::<Uint8Array>())
        else {
            break;
        };
        fetched += u64::from(chunk.length());
        chunks.push(chunk);
        // Every 256 KiB, not every chunk: each report re-renders the status bar, and once
        // the body is buffered all chunks arrive in one task (measured: a 322 ms long task
        // for the 13.5 MB model when reported per chunk; docs/benchmarks.md).
        if fetched - reported >= PROGRESS_STEP {
            reported = fetched;
            progress(fetched, content_length);
        }
    }
    let all = Uint8Array::new_with_length(fetched as u32);
    let mut offset = 0u32;
    for chunk in chunks {
        all.set(&chunk, offset);
        offset += chunk.length();
    }
    Ok(all)
}
