//! The worker's state (the loaded classifier, the open photo) and one function per request.

use std::cell::RefCell;

use crate::protocol::{Refusal, Reply, Request, PREVIEW_MAX_SIDE, THUMBNAIL_SIDE};
use image::buffer::ConvertBuffer;
use image::{imageops, RgbImage, RgbaImage};
use js_sys::Uint8Array;
use skincheck_core::{
    decode_centred_square, decode_rgb, Classifier, Language, ModelCard, PatientMetadata, SquareCrop,
};

use crate::browser::now_ms;

/// What survives between messages. One photo at a time: opening a new one frees the last.
#[derive(Default)]
struct Session {
    classifier: Option<Classifier>,
    image: Option<(u32, RgbImage)>,
}

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
}

/// Answers one request. Every failure becomes a reply with the core's human message, in the
/// `language` the page asked for.
pub fn handle(
    request: Request,
    bytes: Option<Uint8Array>,
    language: Language,
) -> (Reply, Option<Uint8Array>) {
    let bytes = bytes.map(|b| b.to_vec()).unwrap_or_default();
    match request {
        Request::LoadModel { card_json, sha256 } => (
            load_model(&card_json, &bytes, sha256.as_deref(), language),
            None,
        ),
        Request::OpenImage { image_id } => open_image(image_id, &bytes, language),
        Request::Classify {
            image_id,
            crop,
            metadata,
        } => classify(image_id, crop, &metadata, language),
        Request::ClassifyFile {
            job_id,
            metadata,
            view,
        } => classify_file(job_id, &bytes, &metadata, view, language),
        Request::RunTensors { seq } => (run_tensors(seq, &bytes), None),
    }
}

/// One photo of a batch, start to end: decode, centred square, classify, free. Only the
/// square is kept from the decode (the whole photo is never needed). The open photo of the
/// classifier page stays as it is.
fn classify_file(
    job_id: u32,
    bytes: &[u8],
    metadata: &PatientMetadata,
    want_view: bool,
    language: Language,
) -> (Reply, Option<Uint8Array>) {
    let failed = |message: String| (Reply::FileFailed { job_id, message }, None);
    SESSION.with_borrow(|s| {
        let Some(classifier) = &s.classifier else {
            return failed(Refusal::ModelNotLoaded.message(language).into());
        };
        let start = now_ms();
        let square = match decode_centred_square(bytes) {
            Ok(square) => square,
            Err(e) => return failed(e.message(language)),
        };
        let view = match classifier.model_view(&square.pixels, square.whole()) {
            Ok(view) => view,
            Err(e) => return failed(e.message(language)),
        };
        let crop = square.crop;
        drop(square);
        let classification = match classifier.classify_view(&view, crop, metadata) {
            Ok(c) => c,
            Err(e) => return failed(e.message(language)),
        };
        let classify_ms = now_ms() - start;
        let pixels = if want_view {
            to_rgba(&view)
        } else {
            to_rgba(&imageops::thumbnail(&view, THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        };
        (
            Reply::FileClassified {
                job_id,
                classification: Box::new(classification),
                classify_ms,
                side: pixels.width(),
            },
            Some(Uint8Array::from(pixels.as_raw().as_slice())),
        )
    })
}

/// Times the network alone on the benchmark's tensors (the same bytes every runtime gets).
/// Its messages go to the benchmark script only, so they stay English.
fn run_tensors(seq: u32, bytes: &[u8]) -> Reply {
    SESSION.with_borrow(|s| {
        let Some(classifier) = &s.classifier else {
            return Reply::TensorsFailed {
                seq,
                message: Refusal::ModelNotLoaded.message(Language::En).into(),
            };
        };
        let values: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let image_len: usize = classifier.batch_shapes().0.iter().product();
        if values.len() < image_len {
            return Reply::TensorsFailed {
                seq,
                message: format!(
                    "expected at least {image_len} image values, got {}",
                    values.len()
                ),
            };
        }
        let (image, metadata) = values.split_at(image_len);
        let start = now_ms();
        match classifier.run_views(image, metadata) {
            Ok(raw) => Reply::TensorsRun {
                seq,
                run_ms: now_ms() - start,
                cam_sum: raw.cam.data.iter().map(|&v| f64::from(v)).sum(),
                logits: raw.logits,
            },
            Err(e) => Reply::TensorsFailed {
                seq,
                message: e.to_string(),
            },
        }
    })
}

fn load_model(card_json: &str, onnx: &[u8], sha256: Option<&str>, language: Language) -> Reply {
    let start = now_ms();
    let loaded = ModelCard::from_json(card_json)
        .map_err(|e| e.message(language))
        .and_then(|card| {
            match sha256 {
                Some(digest) => Classifier::from_bytes_with_sha256(card, onnx, digest),
                None => Classifier::from_bytes(card, onnx),
            }
            .map_err(|e| e.message(language))
        });
    match loaded {
        Ok(classifier) => {
            SESSION.with_borrow_mut(|s| s.classifier = Some(classifier));
            Reply::ModelLoaded {
                load_ms: now_ms() - start,
            }
        }
        Err(message) => Reply::ModelFailed { message },
    }
}

fn open_image(image_id: u32, bytes: &[u8], language: Language) -> (Reply, Option<Uint8Array>) {
    // Free the previous photo before decoding the next: two 50-megapixel photos at once
    // would double the worker's memory for nothing.
    SESSION.with_borrow_mut(|s| s.image = None);
    let start = now_ms();
    let image = match decode_rgb(bytes) {
        Ok(image) => image,
        Err(e) => {
            return (
                Reply::ImageFailed {
                    image_id,
                    message: e.message(language),
                },
                None,
            )
        }
    };
    let decode_ms = now_ms() - start;
    let preview = preview_rgba(&image);
    let reply = Reply::ImageOpened {
        image_id,
        width: image.width(),
        height: image.height(),
        preview_width: preview.width(),
        preview_height: preview.height(),
        decode_ms,
    };
    SESSION.with_borrow_mut(|s| s.image = Some((image_id, image)));
    (reply, Some(Uint8Array::from(preview.as_raw().as_slice())))
}

fn classify(
    image_id: u32,
    crop: SquareCrop,
    metadata: &PatientMetadata,
    language: Language,
) -> (Reply, Option<Uint8Array>) {
    let failed = |message: String| Reply::ClassifyFailed { image_id, message };
    let refused = |refusal: Refusal| (failed(refusal.message(language).into()), None);
    SESSION.with_borrow(|s| {
        let Some(classifier) = &s.classifier else {
            return refused(Refusal::ModelNotLoaded);
        };
        let image = match &s.image {
            Some((id, image)) if *id == image_id => image,
            _ => return refused(Refusal::PhotoNotOpen),
        };
        let start = now_ms();
        // The model's own view of the crop, computed once: it is classified and shown under
        // the activation map.
        let view = match classifier.model_view(image, crop) {
            Ok(view) => view,
            Err(e) => return (failed(e.message(language)), None),
        };
        match classifier.classify_view(&view, crop, metadata) {
            Ok(classification) => {
                let classify_ms = now_ms() - start;
                let rgba = to_rgba(&view);
                (
                    Reply::Classified {
                        image_id,
                        classification: Box::new(classification),
                        classify_ms,
                        view_side: view.width(),
                    },
                    Some(Uint8Array::from(rgba.as_raw().as_slice())),
                )
            }
            Err(e) => (failed(e.message(language)), None),
        }
    })
}

/// The photo shrunk to fit [`PREVIEW_MAX_SIDE`] (never enlarged), as RGBA for a canvas.
fn preview_rgba(image: &RgbImage) -> RgbaImage {
    let (w, h) = image.dimensions();
    let scale = f64::from(PREVIEW_MAX_SIDE) / f64::from(w.max(h));
    if scale >= 1.0 {
        return to_rgba(image);
    }
    let pw = ((f64::from(w) * scale).round() as u32).max(1);
    let ph = ((f64::from(h) * scale).round() as u32).max(1);
    to_rgba(&imageops::thumbnail(image, pw, ph))
}

fn to_rgba(image: &RgbImage) -> RgbaImage {
    image.convert()
}
