//! Fixtures compiled into the test binaries, so the same tests run natively and under wasm32
//! (where there is no file system).
#![allow(dead_code)]

use serde::Deserialize;
use skincheck_core::{Age, BodySite, Classifier, ModelCard, PatientMetadata, PhotoCheck, Sex};

pub struct ModelFixture {
    pub card: &'static str,
    pub onnx: &'static [u8],
    pub reference: &'static str,
}

pub const TINY: ModelFixture = ModelFixture {
    card: include_str!("../../../../tests/fixtures/tiny_model.json"),
    onnx: include_bytes!("../../../../tests/fixtures/tiny_model.onnx"),
    reference: include_str!("../../../../tests/fixtures/reference_tiny_model.json"),
};

/// The model the app ships, with onnxruntime's outputs for it.
pub const SHIPPED: ModelFixture = ModelFixture {
    card: include_str!("../../../../assets/model.json"),
    onnx: include_bytes!("../../../../assets/model.onnx"),
    reference: include_str!("../../../../tests/fixtures/reference_model.json"),
};

/// HAM10000 fixture images (credits in their folder): six PNGs already at the model's
/// 192x192, and one full-size 1600x1200 JPEG that the preprocessing resizes.
pub const IMAGES: [(&str, &[u8]); 7] = [
    (
        "akiec_ISIC_0024329.png",
        include_bytes!("../../../../tests/fixtures/images/akiec_ISIC_0024329.png"),
    ),
    (
        "bcc_ISIC_0024345.png",
        include_bytes!("../../../../tests/fixtures/images/bcc_ISIC_0024345.png"),
    ),
    (
        "bkl_ISIC_0024312.png",
        include_bytes!("../../../../tests/fixtures/images/bkl_ISIC_0024312.png"),
    ),
    (
        "df_ISIC_0024318.png",
        include_bytes!("../../../../tests/fixtures/images/df_ISIC_0024318.png"),
    ),
    (
        "mel_ISIC_0024310.png",
        include_bytes!("../../../../tests/fixtures/images/mel_ISIC_0024310.png"),
    ),
    (
        "nv_ISIC_0024306.png",
        include_bytes!("../../../../tests/fixtures/images/nv_ISIC_0024306.png"),
    ),
    (
        LARGE_PHOTO,
        include_bytes!("../../../../tests/fixtures/images/mel_ISIC_0024315_1600x1200.jpg"),
    ),
];

/// The full-size fixture photo (a non-square JPEG the preprocessing box-averages by 3, then
/// resizes), and Python's model view of it (`contract.center_square_resize` after PIL's
/// decoding; written by `python -m skincheck_train.cli.fixture_images --large`).
pub const LARGE_PHOTO: &str = "mel_ISIC_0024315_1600x1200.jpg";
pub const LARGE_PHOTO_PYTHON_VIEW: &[u8] =
    include_bytes!("../../../../tests/fixtures/images/views/mel_ISIC_0024315_1600x1200_192.png");

pub fn image_bytes(name: &str) -> &'static [u8] {
    IMAGES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("fixture image {name} not compiled in"))
        .1
}

pub fn classifier(f: &ModelFixture) -> Classifier {
    let card = ModelCard::from_json(f.card).expect("fixture card is valid");
    Classifier::from_bytes(card, f.onnx).expect("fixture model loads")
}

#[derive(Deserialize)]
pub struct Reference {
    pub model_sha256: String,
    pub tolerance: f32,
    pub cases: Vec<ReferenceCase>,
}

#[derive(Deserialize)]
pub struct ReferenceCase {
    pub image: String,
    pub age: Option<f32>,
    pub sex: Option<String>,
    pub site: Option<String>,
    pub metadata_vector: Vec<f32>,
    pub logits: Vec<f32>,
    pub cam_shape: Vec<usize>,
    pub cam: Vec<f32>,
    pub probabilities: Vec<f32>,
    pub decision: String,
    pub triage: String,
    /// The quality gate's verdict (absent in references made before the gate).
    #[serde(default)]
    pub check: Option<PhotoCheck>,
}

impl ReferenceCase {
    pub fn metadata(&self) -> PatientMetadata {
        PatientMetadata {
            age: self.age.map(|a| Age::from_years_f32(a).unwrap()),
            sex: self.sex.as_deref().map(|s| s.parse::<Sex>().unwrap()),
            site: self
                .site
                .as_deref()
                .and_then(|s| BodySite::parse_ham(s).unwrap()),
        }
    }
}

pub fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "length differs");
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// A PNG declaring `width` x `height` 8-bit RGB whose pixel data is one short deflate block:
/// the size checks must reject it from the header, before allocating anything.
pub fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    png_header(width, height, 8, 2)
}

/// [`png_header_only`] with another bit depth and PNG colour type (2 RGB, 6 RGBA, 0 grey).
pub fn png_header(width: u32, height: u32, bit_depth: u8, colour_type: u8) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[bit_depth, colour_type, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    png.extend(png_chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// `png` with an eXIf chunk carrying `orientation`, right after its IHDR chunk.
pub fn with_png_exif_orientation(png: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec(); // big-endian TIFF, IFD at offset 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padding
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let after_ihdr = 8 + 4 + 4 + 13 + 4;
    let mut out = png[..after_ihdr].to_vec();
    out.extend(png_chunk(b"eXIf", &tiff));
    out.extend_from_slice(&png[after_ihdr..]);
    out
}

/// One PNG chunk: length, type, data, CRC of type and data.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    chunk
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
