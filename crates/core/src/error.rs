//! Typed errors. Every message is written for the person using the app or CLI.

use thiserror::Error;

use crate::language::Language;

/// The model card (`model.json`) is unreadable or disagrees with itself.
#[derive(Debug, Error)]
pub enum CardError {
    #[error("the model card is not valid JSON for this version of SkinCheck: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the model card is inconsistent: {0}")]
    Invalid(String),
    #[error("the model card's quality gate is inconsistent: {0}")]
    QualityGate(String),
}

/// The ONNX model cannot be used.
#[derive(Debug, Error)]
pub enum ModelError {
    #[error(
        "the model file does not match its card (expected sha256 {expected}, got {actual}): \
         it is corrupt, truncated or from another version; reload the app or reinstall the model"
    )]
    HashMismatch { expected: String, actual: String },
    #[error("the model file could not be loaded: {0}")]
    Load(String),
    #[error("the model failed while classifying: {0}")]
    Inference(String),
}

/// A photo that cannot be classified, with the reason a person can act on.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImageInputError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error(
        "this file is not an image SkinCheck can read; use a JPEG, PNG, WebP, GIF, BMP or TIFF photo"
    )]
    NotAnImage,
    #[error("the image is damaged or incomplete and could not be decoded ({0})")]
    Corrupt(String),
    #[error(
        "the image is too large ({width}x{height} pixels, {megapixels} megapixels); \
         SkinCheck accepts up to {limit_megapixels} megapixels: use a smaller copy of the photo"
    )]
    TooLarge {
        width: u32,
        height: u32,
        megapixels: u64,
        limit_megapixels: u64,
    },
    #[error(
        "the image is too long ({width}x{height} pixels); SkinCheck accepts sides up to {max} \
         pixels: crop it around the lesion"
    )]
    TooLong { width: u32, height: u32, max: u32 },
    #[error(
        "the image needs more memory to decode than SkinCheck allows ({limit_mb} MB): \
         {width}x{height} pixels in {colour}, {decoded_mb} MB decoded; save it as an 8-bit \
         JPEG or use a smaller copy"
    )]
    DecodeTooLarge {
        width: u32,
        height: u32,
        /// The decoded pixels, e.g. "16-bit RGBA".
        colour: String,
        decoded_mb: u64,
        limit_mb: u64,
    },
    #[error("the image is too small ({width}x{height} pixels); at least {min}x{min} are needed")]
    TooSmall { width: u32, height: u32, min: u32 },
    #[error("the chosen square ({x},{y}, side {side}) lies outside the {width}x{height} image")]
    CropOutside {
        x: u32,
        y: u32,
        side: u32,
        width: u32,
        height: u32,
    },
}

/// Patient details that are out of range or unknown to the model.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum MetadataError {
    #[error("age must be a number of years between 0 and {max}, got {given}")]
    AgeOutOfRange { given: String, max: u8 },
    #[error("unknown sex {0:?}: use male or female (or leave it out)")]
    UnknownSex(String),
    #[error("unknown body site {given:?}; known sites: {known}")]
    UnknownSite { given: String, known: String },
}

/// Anything that can stop one classification.
#[derive(Debug, Error)]
pub enum ClassifyError {
    #[error(transparent)]
    Image(#[from] ImageInputError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Card(#[from] CardError),
}

// The page shows these errors in its language; `Display` stays English for the CLI and logs.
// Each `message` matches on the language, so no language can lack a variant's text.

impl ImageInputError {
    /// The message in `language` (English: the `Display` text).
    pub fn message(&self, language: Language) -> String {
        let Language::De = language else {
            return self.to_string();
        };
        match self {
            ImageInputError::Empty => "die Datei ist leer (0 Byte)".into(),
            ImageInputError::NotAnImage => "diese Datei ist kein Bild, das SkinCheck lesen kann; \
                verwenden Sie ein Foto im Format JPEG, PNG, WebP, GIF, BMP oder TIFF"
                .into(),
            ImageInputError::Corrupt(detail) => format!(
                "das Bild ist beschädigt oder unvollständig und konnte nicht dekodiert werden \
                 ({detail})"
            ),
            ImageInputError::TooLarge {
                width,
                height,
                megapixels,
                limit_megapixels,
            } => format!(
                "das Bild ist zu groß ({width}x{height} Pixel, {megapixels} Megapixel); \
                 SkinCheck nimmt bis zu {limit_megapixels} Megapixel an: verwenden Sie eine \
                 kleinere Kopie des Fotos"
            ),
            ImageInputError::TooLong { width, height, max } => format!(
                "das Bild ist zu lang ({width}x{height} Pixel); SkinCheck nimmt Seitenlängen bis \
                 {max} Pixel an: schneiden Sie es um die Hautveränderung herum zu"
            ),
            ImageInputError::DecodeTooLarge {
                width,
                height,
                colour,
                decoded_mb,
                limit_mb,
            } => format!(
                "das Bild braucht zum Dekodieren mehr Speicher, als SkinCheck erlaubt \
                 ({limit_mb} MB): {width}x{height} Pixel in {colour}, {decoded_mb} MB dekodiert; \
                 speichern Sie es als 8-Bit-JPEG oder verwenden Sie eine kleinere Kopie"
            ),
            ImageInputError::TooSmall { width, height, min } => format!(
                "das Bild ist zu klein ({width}x{height} Pixel); nötig sind mindestens \
                 {min}x{min}"
            ),
            ImageInputError::CropOutside {
                x,
                y,
                side,
                width,
                height,
            } => format!(
                "das gewählte Quadrat ({x},{y}, Seitenlänge {side}) liegt außerhalb des Bildes \
                 mit {width}x{height} Pixeln"
            ),
        }
    }
}

impl ModelError {
    /// The message in `language` (English: the `Display` text).
    pub fn message(&self, language: Language) -> String {
        let Language::De = language else {
            return self.to_string();
        };
        match self {
            ModelError::HashMismatch { expected, actual } => format!(
                "die Modelldatei passt nicht zu ihrer Modellkarte (erwartet sha256 {expected}, \
                 erhalten {actual}): sie ist beschädigt, unvollständig oder stammt aus einer \
                 anderen Version; laden Sie die App neu oder installieren Sie das Modell neu"
            ),
            ModelError::Load(detail) => {
                format!("die Modelldatei konnte nicht geladen werden: {detail}")
            }
            ModelError::Inference(detail) => {
                format!("beim Klassifizieren ist im Modell ein Fehler aufgetreten: {detail}")
            }
        }
    }
}

impl CardError {
    /// The message in `language` (English: the `Display` text); the technical detail after
    /// the colon stays as the parser or the check wrote it.
    pub fn message(&self, language: Language) -> String {
        let Language::De = language else {
            return self.to_string();
        };
        match self {
            CardError::Json(e) => format!(
                "die Modellkarte ist kein gültiges JSON für diese Version von SkinCheck: {e}"
            ),
            CardError::Invalid(detail) => format!("die Modellkarte ist widersprüchlich: {detail}"),
            CardError::QualityGate(detail) => {
                format!("die Qualitätsprüfung der Modellkarte ist widersprüchlich: {detail}")
            }
        }
    }
}

impl MetadataError {
    /// The message in `language` (English: the `Display` text).
    pub fn message(&self, language: Language) -> String {
        let Language::De = language else {
            return self.to_string();
        };
        match self {
            MetadataError::AgeOutOfRange { given, max } => format!(
                "das Alter muss eine Zahl von Jahren zwischen 0 und {max} sein, eingegeben: {given}"
            ),
            MetadataError::UnknownSex(given) => format!(
                "unbekanntes Geschlecht {given:?}: verwenden Sie male oder female (oder lassen Sie \
                 es weg)"
            ),
            MetadataError::UnknownSite { given, known } => {
                format!("unbekannte Körperstelle {given:?}; bekannte Stellen: {known}")
            }
        }
    }
}

impl ClassifyError {
    /// The message in `language` (English: the `Display` text).
    pub fn message(&self, language: Language) -> String {
        match self {
            ClassifyError::Image(e) => e.message(language),
            ClassifyError::Model(e) => e.message(language),
            ClassifyError::Card(e) => e.message(language),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_image_error() -> Vec<ImageInputError> {
        vec![
            ImageInputError::Empty,
            ImageInputError::NotAnImage,
            ImageInputError::Corrupt("eof".into()),
            ImageInputError::TooLarge {
                width: 12000,
                height: 9000,
                megapixels: 108,
                limit_megapixels: 64,
            },
            ImageInputError::TooLong {
                width: 30000,
                height: 10,
                max: 16384,
            },
            ImageInputError::DecodeTooLarge {
                width: 8000,
                height: 6000,
                colour: "16-bit RGBA".into(),
                decoded_mb: 384,
                limit_mb: 256,
            },
            ImageInputError::TooSmall {
                width: 10,
                height: 10,
                min: 32,
            },
            ImageInputError::CropOutside {
                x: 1,
                y: 2,
                side: 300,
                width: 100,
                height: 100,
            },
        ]
    }

    #[test]
    fn english_messages_are_the_display_text() {
        for e in every_image_error() {
            assert_eq!(e.message(Language::En), e.to_string());
        }
        let e = ModelError::Load("bad".into());
        assert_eq!(e.message(Language::En), e.to_string());
        let e = ClassifyError::from(ImageInputError::Empty);
        assert_eq!(e.message(Language::En), "the file is empty (0 bytes)");
    }

    #[test]
    fn german_messages_keep_the_figures_and_differ_from_english() {
        for e in every_image_error() {
            let german = e.message(Language::De);
            assert_ne!(german, e.to_string(), "{e:?}");
            for figure in ["12000x9000", "108", "16384", "384", "(1,2"] {
                if e.to_string().contains(figure) {
                    assert!(german.contains(figure), "{german}");
                }
            }
        }
        assert_eq!(
            ImageInputError::Empty.message(Language::De),
            "die Datei ist leer (0 Byte)"
        );
        let hash = ModelError::HashMismatch {
            expected: "aa".into(),
            actual: "bb".into(),
        };
        assert!(hash
            .message(Language::De)
            .contains("(erwartet sha256 aa, erhalten bb)"));
        let card = CardError::Invalid("no classes".into());
        assert_eq!(
            ClassifyError::from(card).message(Language::De),
            "die Modellkarte ist widersprüchlich: no classes"
        );
        let age = MetadataError::AgeOutOfRange {
            given: "130".into(),
            max: 120,
        };
        assert!(age.message(Language::De).starts_with("das Alter muss"));
        assert!(age.message(Language::De).ends_with("130"));
    }
}
