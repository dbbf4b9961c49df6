//! Every kind of awkward input a person can hand the app: a typed error with a clear message,
//! or the right pixels — never a panic.

mod common;

use std::io::Cursor;

use common::{classifier, image_bytes, png_header_only, TINY};
use image::{DynamicImage, ImageFormat, RgbImage};
use skincheck_core::{
    decode_rgb, CardError, Classifier, ImageInputError, ModelCard, ModelError, PatientMetadata,
    SquareCrop,
};

const MEL: &str = "mel_ISIC_0024310.png";

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn fixture_rgb() -> RgbImage {
    decode_rgb(image_bytes(MEL)).unwrap()
}

fn probabilities(clf: &Classifier, img: &RgbImage) -> Vec<f32> {
    clf.classify(img, None, &PatientMetadata::default())
        .unwrap()
        .decision
        .probabilities
}

#[test]
fn empty_file() {
    assert_eq!(decode_rgb(&[]), Err(ImageInputError::Empty));
    assert!(ImageInputError::Empty.to_string().contains("empty"));
}

#[test]
fn not_an_image() {
    for bytes in [
        b"%PDF-1.7 a document, not a photo".as_slice(),
        b"hello, world".as_slice(),
        &[0u8; 64],
    ] {
        let err = decode_rgb(bytes).unwrap_err();
        assert_eq!(err, ImageInputError::NotAnImage);
        assert!(err.to_string().contains("not an image"));
    }
}

#[test]
fn truncated_png() {
    let png = encode(&DynamicImage::ImageRgb8(fixture_rgb()), ImageFormat::Png);
    let err = decode_rgb(&png[..png.len() / 2]).unwrap_err();
    assert!(matches!(err, ImageInputError::Corrupt(_)), "{err:?}");
}

#[test]
fn jpeg_with_trailing_bytes_after_the_end_marker_is_fine() {
    let mut jpeg = encode(&DynamicImage::ImageRgb8(fixture_rgb()), ImageFormat::Jpeg);
    jpeg.extend_from_slice(b"vendor trailer \xff\xda not a scan");
    assert!(decode_rgb(&jpeg).is_ok());
}

#[test]
fn truncated_jpeg() {
    let jpeg = encode(&DynamicImage::ImageRgb8(fixture_rgb()), ImageFormat::Jpeg);
    for cut in [jpeg.len() / 2, 700, 40] {
        let err = decode_rgb(&jpeg[..cut]).unwrap_err();
        assert!(
            matches!(err, ImageInputError::Corrupt(_)),
            "cut at {cut}: {err:?}"
        );
        assert!(err.to_string().contains("damaged or incomplete"));
    }
}

#[test]
fn twelve_thousand_by_nine_thousand_is_refused_with_its_size() {
    let err = decode_rgb(&png_header_only(12_000, 9_000)).unwrap_err();
    assert_eq!(
        err,
        ImageInputError::TooLarge {
            width: 12_000,
            height: 9_000,
            megapixels: 108,
            limit_megapixels: 64
        }
    );
    assert!(err.to_string().contains("12000x9000"));
}

#[test]
fn fifty_megapixel_photo_is_classified() {
    // 8160x6120 = 49.9 MP, a current phone sensor; a smooth gradient keeps the JPEG small.
    let img = RgbImage::from_fn(8160, 6120, |x, y| {
        image::Rgb([(x / 32) as u8, (y / 24) as u8, ((x + y) / 56) as u8])
    });
    let jpeg = encode(&DynamicImage::ImageRgb8(img), ImageFormat::Jpeg);
    let decoded = decode_rgb(&jpeg).unwrap();
    assert_eq!(decoded.dimensions(), (8160, 6120));
    let p = probabilities(&classifier(&TINY), &decoded);
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
}

#[test]
fn tiny_image_is_refused() {
    let img = DynamicImage::ImageRgb8(RgbImage::new(20, 300));
    let err = decode_rgb(&encode(&img, ImageFormat::Png)).unwrap_err();
    assert!(matches!(err, ImageInputError::TooSmall { width: 20, .. }));
}

#[test]
fn png_with_alpha_uses_the_colour_channels() {
    let rgb = fixture_rgb();
    let rgba = image::RgbaImage::from_fn(rgb.width(), rgb.height(), |x, y| {
        let p = rgb.get_pixel(x, y);
        image::Rgba([p[0], p[1], p[2], ((x * 7 + y) % 256) as u8])
    });
    let decoded = decode_rgb(&encode(&DynamicImage::ImageRgba8(rgba), ImageFormat::Png)).unwrap();
    assert_eq!(decoded, rgb);
}

#[test]
fn sixteen_bit_png_matches_the_eight_bit_image() {
    let rgb = fixture_rgb();
    let rgb16 = DynamicImage::ImageRgb16(image::ImageBuffer::from_fn(
        rgb.width(),
        rgb.height(),
        |x, y| image::Rgb(rgb.get_pixel(x, y).0.map(|v| u16::from(v) * 257)),
    ));
    let decoded = decode_rgb(&encode(&rgb16, ImageFormat::Png)).unwrap();
    assert_eq!(decoded, rgb);
    let clf = classifier(&TINY);
    assert_eq!(probabilities(&clf, &decoded), probabilities(&clf, &rgb));
}

#[test]
fn grayscale_is_replicated_to_rgb() {
    let grey = DynamicImage::ImageRgb8(fixture_rgb()).to_luma8();
    let decoded = decode_rgb(&encode(
        &DynamicImage::ImageLuma8(grey.clone()),
        ImageFormat::Png,
    ))
    .unwrap();
    for (d, g) in decoded.pixels().zip(grey.pixels()) {
        assert_eq!(d.0, [g[0]; 3]);
    }
    let p = probabilities(&classifier(&TINY), &decoded);
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
}

#[test]
fn cmyk_jpeg_is_converted_to_rgb() {
    // Written by PIL from the mel fixture (tests/fixtures/inputs); compare to PIL's RGB JPEG
    // of the same pixels: only JPEG noise may separate them.
    let cmyk = decode_rgb(include_bytes!(
        "../../../tests/fixtures/inputs/mel_cmyk.jpg"
    ))
    .unwrap();
    let rgb = decode_rgb(include_bytes!(
        "../../../tests/fixtures/inputs/mel_rgb_q95.jpg"
    ))
    .unwrap();
    assert_eq!(cmyk.dimensions(), rgb.dimensions());
    let total: u64 = cmyk
        .as_raw()
        .iter()
        .zip(rgb.as_raw())
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum();
    let mean = total as f64 / cmyk.as_raw().len() as f64;
    assert!(mean < 6.0, "CMYK decode is off by {mean} levels on average");
}

/// Inserts an EXIF APP1 segment with the given orientation right after the JPEG SOI marker.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec(); // big-endian TIFF, IFD at offset 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padding
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn exif_orientation_six_equals_the_pre_rotated_image() {
    // A portrait as the camera stores it (sensor landscape turned), not square, so a wrong
    // rotation would also change the crop.
    let stored = image::imageops::crop_imm(&fixture_rgb(), 0, 0, 192, 160).to_image();
    let jpeg = encode(&DynamicImage::ImageRgb8(stored), ImageFormat::Jpeg);
    let plain = decode_rgb(&jpeg).unwrap();
    let rotated_file = decode_rgb(&with_exif_orientation(&jpeg, 6)).unwrap();
    let upright = image::imageops::rotate90(&plain);
    assert_eq!(rotated_file.dimensions(), (160, 192));
    assert_eq!(rotated_file, upright);
    let clf = classifier(&TINY);
    let p_exif = probabilities(&clf, &rotated_file);
    assert_eq!(p_exif, probabilities(&clf, &upright));
    assert_ne!(
        p_exif,
        probabilities(&clf, &plain),
        "orientation had no effect"
    );
}

#[test]
fn tampered_model_is_a_hash_error() {
    let card = ModelCard::from_json(TINY.card).unwrap();
    let mut bytes = TINY.onnx.to_vec();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    let err = Classifier::from_bytes(card.clone(), &bytes).err().unwrap();
    assert!(matches!(err, ModelError::HashMismatch { .. }));
    assert!(err.to_string().contains("does not match its card"));
    let truncated = Classifier::from_bytes(card, &TINY.onnx[..100])
        .err()
        .unwrap();
    assert!(matches!(truncated, ModelError::HashMismatch { .. }));
}

#[test]
fn a_digest_computed_elsewhere_is_checked_against_the_card() {
    // The browser hashes with WebCrypto and passes the digest: a wrong one is refused, the
    // right one (any case) loads the same model as `from_bytes`.
    let card = ModelCard::from_json(TINY.card).unwrap();
    let digest = skincheck_core::sha256_hex(TINY.onnx);
    let mut wrong = digest.clone().into_bytes();
    wrong[0] = if wrong[0] == b'0' { b'1' } else { b'0' };
    let wrong = String::from_utf8(wrong).unwrap();
    let err = Classifier::from_bytes_with_sha256(card.clone(), TINY.onnx, &wrong)
        .err()
        .unwrap();
    assert!(matches!(err, ModelError::HashMismatch { .. }));
    let upper = digest.to_ascii_uppercase();
    let loaded = Classifier::from_bytes_with_sha256(card, TINY.onnx, &upper).unwrap();
    assert_eq!(loaded.card().sha256, digest);
}

#[test]
fn inconsistent_cards_are_refused() {
    let good: serde_json::Value = serde_json::from_str(TINY.card).unwrap();
    let mutations: [(&str, serde_json::Value); 4] = [
        ("temperature", serde_json::json!(0.0)),
        ("decision_offsets", serde_json::json!([0.0, 1.0])),
        ("sha256", serde_json::json!("abc")),
        ("schema_version", serde_json::json!(99)),
    ];
    for (field, value) in mutations {
        let mut card = good.clone();
        card[field] = value;
        let err = ModelCard::from_json(&card.to_string()).unwrap_err();
        assert!(matches!(err, CardError::Invalid(_)), "{field}: {err}");
    }
    assert!(matches!(
        ModelCard::from_json("{not json"),
        Err(CardError::Json(_))
    ));
}

/// An empty value list once underflowed `len() - 1` (a panic in debug builds) before the
/// emptiness check; offsets near `usize::MAX` must not overflow either.
#[test]
fn metadata_encodings_that_cannot_be_indexed_are_refused() {
    let good: serde_json::Value = serde_json::from_str(TINY.card).unwrap();
    let mutations: [(&str, serde_json::Value); 5] = [
        ("sex_values", serde_json::json!([])),
        ("site_values", serde_json::json!([])),
        ("site_offset", serde_json::json!(usize::MAX)),
        ("age_index", serde_json::json!(10_000)),
        ("age_divisor", serde_json::json!(0.0)),
    ];
    for (field, value) in mutations {
        let mut card = good.clone();
        card["metadata_encoding"][field] = value;
        let err = ModelCard::from_json(&card.to_string()).unwrap_err();
        assert!(matches!(err, CardError::Invalid(_)), "{field}: {err}");
    }
}

#[test]
fn crop_outside_the_image_is_an_error() {
    let clf = classifier(&TINY);
    let img = fixture_rgb();
    let crop = SquareCrop {
        x: 100,
        y: 100,
        side: 200,
    };
    let err = clf
        .classify(&img, Some(crop), &PatientMetadata::default())
        .unwrap_err();
    assert!(err.to_string().contains("outside"), "{err}");
}

#[test]
fn classifying_the_model_view_equals_classifying_the_photo() {
    let clf = classifier(&TINY);
    let photo = image::imageops::resize(
        &fixture_rgb(),
        400,
        300,
        image::imageops::FilterType::Triangle,
    );
    let crop = SquareCrop {
        x: 60,
        y: 20,
        side: 250,
    };
    let meta = PatientMetadata::default();
    let whole = clf.classify(&photo, Some(crop), &meta).unwrap();
    let view = clf.model_view(&photo, crop).unwrap();
    assert_eq!(view.dimensions(), (192, 192));
    let from_view = clf.classify_view(&view, crop, &meta).unwrap();
    assert_eq!(from_view, whole);
    let err = clf.classify_view(&photo, crop, &meta).unwrap_err();
    assert!(err.to_string().contains("192x192"), "{err}");
}
