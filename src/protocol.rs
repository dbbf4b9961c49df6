//! Messages between the page and the inference worker.
//!
//! Each message is a JS object `{ id, header, bytes }`: `id` a number the page gives each
//! request and the worker copies into its reply, so the reply reaches whoever asked (0 for
//! the unsolicited [`Reply::Ready`]); `header` the JSON of [`Request`] or [`Reply`] (small,
//! typed, shared by both sides); `bytes` an optional `Uint8Array` for the bulky payloads
//! (model file, photo, preview pixels) so they are transferred, never copied into JSON.
//! A request also carries the page's `language` (its code), so the `message` of a failure
//! comes back in the language the page speaks (the batch table shows them as they come).

#[cfg(target_arch = "wasm32")]
pub use envelope::{decode, encode, language, request_id, set_language};
use serde::{Deserialize, Serialize};
use skincheck_core::{Classification, Language, PatientMetadata, SquareCrop};

/// Page -> worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// `bytes`: the ONNX file. `sha256`: its hex digest when the page could compute it with
    /// WebCrypto (much faster than the worker's wasm sha256); otherwise the worker hashes.
    LoadModel {
        card_json: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sha256: Option<String>,
    },
    /// `bytes`: the photo as the user gave it. Replaces the previous photo.
    OpenImage { image_id: u32 },
    /// Classify the open photo in `crop`.
    Classify {
        image_id: u32,
        crop: SquareCrop,
        metadata: PatientMetadata,
    },
    /// `bytes`: one photo of a batch. Decoded, classified in its centred square (as the CLI
    /// does) and freed, without touching the open photo. `view`: answer with the model's view
    /// (for the heat map) instead of a thumbnail.
    ClassifyFile {
        job_id: u32,
        metadata: PatientMetadata,
        view: bool,
    },
    /// Benchmarks only (`scripts/bench.sh`): run the network on ready-made tensors. `bytes`:
    /// the image tensor then the metadata vector, little-endian f32, in the card's shapes.
    /// Kept in the shipped protocol on purpose: the benchmark must time the very worker
    /// binary users get, and a separate build would time another one. The page never sends
    /// it ([`crate::worker_client`] has no method for it).
    RunTensors { seq: u32 },
}

/// Worker -> page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reply {
    /// The worker's wasm is running and listening; nothing may be posted before this.
    Ready,
    ModelLoaded {
        load_ms: f64,
    },
    ModelFailed {
        message: String,
    },
    /// `bytes`: RGBA preview of `preview_width` x `preview_height` (the decoded photo, upright,
    /// shrunk to at most [`PREVIEW_MAX_SIDE`]).
    ImageOpened {
        image_id: u32,
        width: u32,
        height: u32,
        preview_width: u32,
        preview_height: u32,
        decode_ms: f64,
    },
    ImageFailed {
        image_id: u32,
        message: String,
    },
    /// `bytes`: RGBA of the `view_side` x `view_side` square exactly as the model saw it.
    Classified {
        image_id: u32,
        classification: Box<Classification>,
        classify_ms: f64,
        view_side: u32,
    },
    ClassifyFailed {
        image_id: u32,
        message: String,
    },
    /// `bytes`: RGBA of `side` x `side`: a [`THUMBNAIL_SIDE`] thumbnail of the model's view,
    /// or the view itself when it was asked for.
    FileClassified {
        job_id: u32,
        classification: Box<Classification>,
        classify_ms: f64,
        side: u32,
    },
    FileFailed {
        job_id: u32,
        message: String,
    },
    /// Answer to [`Request::RunTensors`]: the network's time alone and its outputs' digest.
    TensorsRun {
        seq: u32,
        run_ms: f64,
        logits: Vec<f32>,
        cam_sum: f64,
    },
    TensorsFailed {
        seq: u32,
        message: String,
    },
    /// The worker could not read the request itself (a bug, not a user error): never a
    /// model or photo failure.
    Unreadable {
        message: String,
    },
}

impl Reply {
    /// The reply's `kind` as it travels (`"model_loaded"`, …), for messages about it.
    pub fn kind(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("kind")?.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Side of a batch row's thumbnail: all a table row shows, and 200 of them stay small.
pub const THUMBNAIL_SIDE: u32 = 64;

/// Longest side of the preview the worker sends back: sharp on a desktop screen, small to move.
pub const PREVIEW_MAX_SIDE: u32 = 1024;

/// A protocol message could not be read (a bug, not a user error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message(Language::En))
    }
}

impl std::error::Error for ProtocolError {}

impl ProtocolError {
    /// The message in `language`; the detail stays as serde wrote it.
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::En => format!("internal message error: {}", self.0),
            Language::De => format!("interner Nachrichtenfehler: {}", self.0),
        }
    }
}

/// The worker's own reasons for not doing what was asked (the core's errors have theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    ModelNotLoaded,
    /// The page asked about a photo the worker no longer holds.
    PhotoNotOpen,
}

impl Refusal {
    pub fn message(self, language: Language) -> &'static str {
        match (self, language) {
            (Refusal::ModelNotLoaded, Language::En) => "the model is not loaded yet",
            (Refusal::ModelNotLoaded, Language::De) => "das Modell ist noch nicht geladen",
            (Refusal::PhotoNotOpen, Language::En) => "this photo is no longer open; add it again",
            (Refusal::PhotoNotOpen, Language::De) => {
                "dieses Foto ist nicht mehr geöffnet; fügen Sie es erneut hinzu"
            }
        }
    }
}

/// The `{ header, bytes }` JS objects themselves.
#[cfg(target_arch = "wasm32")]
mod envelope {
    use js_sys::{Object, Reflect, Uint8Array};
    use serde::{Deserialize, Serialize};
    use wasm_bindgen::{JsCast, JsValue};

    use super::{Language, ProtocolError};

    /// Builds the `{ id, header, bytes }` object and the list of buffers to transfer with it.
    pub fn encode<T: Serialize>(
        id: u32,
        header: &T,
        bytes: Option<Uint8Array>,
    ) -> Result<(JsValue, js_sys::Array), ProtocolError> {
        let json = serde_json::to_string(header).map_err(|e| ProtocolError(e.to_string()))?;
        let obj = Object::new();
        let set = |key: &str, value: &JsValue| {
            Reflect::set(&obj, &JsValue::from_str(key), value)
                .map(|_| ())
                .map_err(|e| ProtocolError(format!("{e:?}")))
        };
        set("id", &JsValue::from(id))?;
        set("header", &JsValue::from_str(&json))?;
        let transfer = js_sys::Array::new();
        if let Some(bytes) = bytes {
            transfer.push(&bytes.buffer());
            set("bytes", &bytes)?;
        }
        Ok((obj.into(), transfer))
    }

    /// The `id` of a message, readable even when its header is not (0 when absent, as in
    /// the benchmark's messages).
    pub fn request_id(data: &JsValue) -> u32 {
        Reflect::get(data, &JsValue::from_str("id"))
            .ok()
            .and_then(|id| id.as_f64())
            .filter(|id| id.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(id))
            .map_or(0, |id| id as u32)
    }

    /// Marks a request with the language its failures are to be told in.
    pub fn set_language(message: &JsValue, language: Language) {
        // Setting a property of the fresh plain object `encode` made cannot fail.
        let _ = Reflect::set(
            message,
            &JsValue::from_str("language"),
            &language.code().into(),
        );
    }

    /// The language a request asks for (English when absent, as in the benchmark's).
    pub fn language(data: &JsValue) -> Language {
        Reflect::get(data, &JsValue::from_str("language"))
            .ok()
            .and_then(|code| code.as_string())
            .and_then(|code| Language::from_code(&code))
            .unwrap_or_default()
    }

    /// Reads the `header` and `bytes` of a message.
    pub fn decode<T: for<'de> Deserialize<'de>>(
        data: &JsValue,
    ) -> Result<(T, Option<Uint8Array>), ProtocolError> {
        let header = Reflect::get(data, &JsValue::from_str("header"))
            .ok()
            .and_then(|h| h.as_string())
            .ok_or_else(|| ProtocolError("message without a header".into()))?;
        let header = serde_json::from_str(&header).map_err(|e| ProtocolError(e.to_string()))?;
        let bytes = Reflect::get(data, &JsValue::from_str("bytes"))
            .ok()
            .and_then(|b| b.dyn_into::<Uint8Array>().ok());
        Ok((header, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_round_trip_through_json() {
        let req = Request::Classify {
            image_id: 3,
            crop: SquareCrop {
                x: 1,
                y: 2,
                side: 300,
            },
            metadata: PatientMetadata::default(),
        };
        let json = serde_json::to_string(&req).expect("serialisable");
        assert!(json.contains("\"kind\":\"classify\""));
        let back: Request = serde_json::from_str(&json).expect("parsable");
        assert_eq!(back, req);
    }

    #[test]
    fn replies_name_their_kind() {
        assert_eq!(Reply::ModelLoaded { load_ms: 1.0 }.kind(), "model_loaded");
        let unreadable = Reply::Unreadable {
            message: "x".into(),
        };
        assert_eq!(unreadable.kind(), "unreadable");
    }

    #[test]
    fn the_worker_refuses_in_both_languages() {
        for refusal in [Refusal::ModelNotLoaded, Refusal::PhotoNotOpen] {
            assert_ne!(refusal.message(Language::En), refusal.message(Language::De));
        }
        assert_eq!(
            Refusal::ModelNotLoaded.message(Language::De),
            "das Modell ist noch nicht geladen"
        );
        let e = ProtocolError("eof".into());
        assert_eq!(e.to_string(), "internal message error: eof");
        assert_eq!(e.message(Language::De), "interner Nachrichtenfehler: eof");
    }
}
