//! The decode's memory rules: what is over the decode limit is refused from its header, and
//! the in-place steps (8-bit conversion over the decoded buffer, the EXIF turn, the centred
//! square cut before the turn) give exactly the pixels of the `image` crate's own
//! `to_rgb8` and `apply_orientation` on the whole photo.

mod common;

use std::io::Cursor;

use common::{classifier, image_bytes, png_header, png_header_only, with_png_exif_orientation};
use common::{LARGE_PHOTO, TINY};
use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer, ImageFormat, RgbImage, Rgba};
use skincheck_core::image_input::{MAX_DECODE_BYTES, MAX_SIDE};
use skincheck_core::{
    decode_centred_square, decode_rgb, ImageInputError, PatientMetadata, SquareCrop,
};

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// What decoding did before the in-place steps: the `image` crate's whole-image decode,
/// `apply_orientation`, then `to_rgb8`.
fn whole_image_pipeline(bytes: &[u8], orientation: u8) -> RgbImage {
    let mut img = image::load_from_memory(bytes).unwrap();
    img.apply_orientation(Orientation::from_exif(orientation).unwrap());
    img.to_rgb8()
}

/// 16-bit RGBA where every channel differs and no value is a multiple of 257, so both the
/// 16-to-8-bit rounding and the channel order show.
fn rgba16(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgba16(ImageBuffer::from_fn(width, height, |x, y| {
        Rgba([
            (x * 331 + y * 7) as u16,
            (y * 613 + x * 3) as u16,
            ((x ^ y) * 1021) as u16,
            (x * y * 17 + 1000) as u16,
        ])
    }))
}

#[test]
fn every_exif_orientation_gives_the_pixels_and_square_of_the_whole_image_pipeline() {
    // Landscape and portrait, with odd margins around the centred square (13 px), so a
    // square cut before the turn at the wrong side would be off by one pixel.
    for (width, height) in [(45, 32), (32, 45)] {
        let png = encode(&rgba16(width, height), ImageFormat::Png);
        for orientation in 1..=8u8 {
            let file = with_png_exif_orientation(&png, u16::from(orientation));
            let expected = whole_image_pipeline(&file, orientation);
            let label = format!("{width}x{height}, orientation {orientation}");
            assert_eq!(decode_rgb(&file).unwrap(), expected, "{label}");
            let square = decode_centred_square(&file).unwrap();
            let crop = SquareCrop::centred(expected.width(), expected.height());
            assert_eq!(square.crop, crop, "{label}");
            let cut = image::imageops::crop_imm(&expected, crop.x, crop.y, crop.side, crop.side);
            assert_eq!(square.pixels, cut.to_image(), "{label}");
        }
    }
}

#[test]
fn every_colour_type_converts_as_the_image_crate_does() {
    // 700x400 at up to 8 bytes a pixel spans several of the conversion's 1 MiB chunks.
    let source = rgba16(700, 400);
    let cases = [
        ("8-bit grey", DynamicImage::ImageLuma8(source.to_luma8())),
        (
            "8-bit grey+alpha",
            DynamicImage::ImageLumaA8(source.to_luma_alpha8()),
        ),
        ("8-bit RGB", DynamicImage::ImageRgb8(source.to_rgb8())),
        ("8-bit RGBA", DynamicImage::ImageRgba8(source.to_rgba8())),
        ("16-bit grey", DynamicImage::ImageLuma16(source.to_luma16())),
        (
            "16-bit grey+alpha",
            DynamicImage::ImageLumaA16(source.to_luma_alpha16()),
        ),
        ("16-bit RGB", DynamicImage::ImageRgb16(source.to_rgb16())),
        ("16-bit RGBA", source.clone()),
    ];
    for (label, img) in &cases {
        let png = encode(img, ImageFormat::Png);
        assert_eq!(
            decode_rgb(&png).unwrap(),
            whole_image_pipeline(&png, 1),
            "{label} PNG"
        );
    }
    // TIFF decodes through a strip buffer of its own, which the limit must leave room for.
    for (label, img) in [
        ("8-bit RGB", DynamicImage::ImageRgb8(source.to_rgb8())),
        ("16-bit RGBA", source.clone()),
        (
            "32-bit float RGB",
            DynamicImage::ImageRgb32F(source.to_rgb32f()),
        ),
    ] {
        let tiff = encode(&img, ImageFormat::Tiff);
        assert_eq!(
            decode_rgb(&tiff).unwrap(),
            whole_image_pipeline(&tiff, 1),
            "{label} TIFF"
        );
    }
}

#[test]
fn a_photo_over_the_decode_limit_is_refused_from_its_header() {
    // 9236x6928 = 63.99 MP: inside the pixel limit, but 512 MB as 16-bit RGBA.
    let err = decode_rgb(&png_header(9236, 6928, 16, 6)).unwrap_err();
    assert_eq!(
        err,
        ImageInputError::DecodeTooLarge {
            width: 9236,
            height: 6928,
            colour: "16-bit RGBA".into(),
            decoded_mb: 512,
            limit_mb: MAX_DECODE_BYTES / 1_000_000,
        }
    );
    let message = err.to_string();
    for part in [
        "9236x6928 pixels in 16-bit RGBA",
        "512 MB",
        "(384 MB)",
        "8-bit JPEG",
    ] {
        assert!(message.contains(part), "{part:?} missing from {message:?}");
    }
    // The same pixels in 8-bit RGB (192 MB) are within the limit: the header passes and the
    // missing pixel data is what fails.
    let err = decode_centred_square(&png_header(9236, 6928, 8, 2)).unwrap_err();
    assert!(matches!(err, ImageInputError::Corrupt(_)), "{err:?}");
}

#[test]
fn a_strip_longer_than_a_side_may_be_is_refused_with_its_size() {
    let err = decode_rgb(&png_header_only(MAX_SIDE + 1, 40)).unwrap_err();
    assert_eq!(
        err,
        ImageInputError::TooLong {
            width: MAX_SIDE + 1,
            height: 40,
            max: MAX_SIDE
        }
    );
    assert!(err.to_string().contains("crop it around the lesion"));
}

#[test]
fn classifying_the_centred_square_alone_equals_classifying_the_whole_photo() {
    let clf = classifier(&TINY);
    let metadata = PatientMetadata::default();
    let photo = image::load_from_memory(image_bytes(LARGE_PHOTO)).unwrap();
    let png = encode(&photo, ImageFormat::Png);
    // Upright, and turned a quarter by EXIF (1600x1200 stored, 1200x1600 upright).
    for orientation in [1, 6, 8] {
        let file = with_png_exif_orientation(&png, orientation);
        let whole = clf
            .classify(&decode_rgb(&file).unwrap(), None, &metadata)
            .unwrap();
        let alone = clf
            .classify_centred(&decode_centred_square(&file).unwrap(), &metadata)
            .unwrap();
        assert_eq!(alone.crop, whole.crop, "orientation {orientation}");
        assert_eq!(
            alone.decision.probabilities, whole.decision.probabilities,
            "orientation {orientation}"
        );
        assert_eq!(alone.check, whole.check, "orientation {orientation}");
    }
}
