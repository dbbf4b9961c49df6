//! Typed errors. Every message is written for the person using the app or CLI.

use thiserror::Error;

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
