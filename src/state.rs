//! The app's shared state: signals created once at the root and handed down by context, so a
//! photo and its result survive a visit to another page.

use std::sync::Arc;

use leptos::prelude::*;
use skincheck_core::{BodySite, Classification, ModelCard, PatientMetadata, Sex, SquareCrop};
use skincheck_history::BodyPin;

/// Where the model is in its one-time load.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelStatus {
    /// Fetching the card and model; `total` is unknown until the card or the server says.
    Fetching {
        fetched: u64,
        total: Option<u64>,
    },
    /// Bytes are in; the worker is checking the hash and optimising the network.
    Preparing,
    Ready {
        card: Arc<ModelCard>,
        load_ms: f64,
    },
    /// Why not, in the language the page spoke when it failed (as every message held here).
    Failed(String),
}

/// RGBA pixels ready for a canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// The open photo, decoded by the worker.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenImage {
    pub id: u32,
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub decode_ms: f64,
    pub preview: Arc<Pixels>,
}

/// The photo slot of the classifier page.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageSlot {
    Empty,
    /// Read from disk / camera / clipboard and sent to the worker.
    Decoding {
        id: u32,
        name: String,
    },
    Open(OpenImage),
    /// The last input could not be used; the page stays ready for the next one.
    Failed {
        name: String,
        message: String,
    },
}

impl ImageSlot {
    pub fn open(&self) -> Option<&OpenImage> {
        match self {
            ImageSlot::Open(image) => Some(image),
            _ => None,
        }
    }
}

/// One classification of the open photo.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultView {
    pub image_id: u32,
    pub classification: Arc<Classification>,
    pub classify_ms: f64,
    /// The square classified, in the open photo's pixels (the diary keeps this part of the
    /// photo); `None` for a batch row, whose photo is not open (its model view is kept).
    pub crop: Option<SquareCrop>,
    /// The square as the model saw it, at the model's input size.
    pub view: Arc<Pixels>,
}

/// The optional patient details as typed; kept between photos.
#[derive(Debug, Clone, Copy)]
pub struct MetadataForm {
    pub age_text: RwSignal<String>,
    pub sex: RwSignal<Option<Sex>>,
    pub site: RwSignal<Option<BodySite>>,
    /// Where on the body map the lesion is (it sets `site`; a saved entry keeps it).
    pub pin: RwSignal<Option<BodyPin>>,
}

#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The app's folder (see `base_path`).
    pub base: StoredValue<String>,
    pub model: RwSignal<ModelStatus>,
    pub image: RwSignal<ImageSlot>,
    pub crop: RwSignal<Option<SquareCrop>>,
    pub form: MetadataForm,
    pub result: RwSignal<Option<ResultView>>,
    /// A classification is on its way for the current photo / crop / details.
    pub busy: RwSignal<bool>,
    pub result_error: RwSignal<Option<String>>,
    /// Class whose activation map is shown; `None` follows the top class.
    pub cam_class: RwSignal<Option<usize>>,
    pub cam_opacity: RwSignal<f32>,
}

impl AppState {
    pub fn new(base: String) -> Self {
        AppState {
            base: StoredValue::new(base),
            model: RwSignal::new(ModelStatus::Fetching {
                fetched: 0,
                total: None,
            }),
            image: RwSignal::new(ImageSlot::Empty),
            crop: RwSignal::new(None),
            form: MetadataForm {
                age_text: RwSignal::new(String::new()),
                sex: RwSignal::new(None),
                site: RwSignal::new(None),
                pin: RwSignal::new(None),
            },
            result: RwSignal::new(None),
            busy: RwSignal::new(false),
            result_error: RwSignal::new(None),
            cam_class: RwSignal::new(None),
            cam_opacity: RwSignal::new(0.6),
        }
    }

    pub fn card(&self) -> Option<Arc<ModelCard>> {
        match self.model.get() {
            ModelStatus::Ready { card, .. } => Some(card),
            _ => None,
        }
    }
}

impl MetadataForm {
    /// The details as the model takes them, or the message to show next to the age field
    /// (in the page's language).
    pub fn metadata(&self) -> Result<PatientMetadata, String> {
        let age_text = self.age_text.get();
        let age = match age_text.trim() {
            "" => None,
            text => Some(
                parse_age(text)
                    .map_err(|e| e.message(crate::i18n::language(crate::i18n::current())))?,
            ),
        };
        Ok(PatientMetadata {
            age,
            sex: self.sex.get(),
            site: self.site.get(),
        })
    }
}

/// The core's one age rule (`skincheck_core::Age`: years 0..=120, fractions rounded), which
/// the CLI and the training code follow too; the error says why in any language.
pub fn parse_age(text: &str) -> Result<skincheck_core::Age, skincheck_core::MetadataError> {
    text.parse::<skincheck_core::Age>()
}

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
