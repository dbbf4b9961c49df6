//! Turning user-supplied bytes into an upright 8-bit RGB image, with a human reason when that
//! is impossible. Shared by the CLI and the browser so both see the same pixels.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use crate::error::ImageInputError;

/// Largest photo accepted. 50-megapixel phone photos pass; a 12000x9000 scan does not, which
/// keeps the decoded buffer (3 bytes a pixel, twice during conversion) well inside wasm memory.
pub const MAX_MEGAPIXELS: u64 = 64;
/// Below this the lesion cannot be resolved meaningfully.
pub const MIN_SIDE: u32 = 32;

/// Decodes any format the `image` crate reads, applies the EXIF orientation and converts to
/// 8-bit RGB (alpha dropped, grey replicated, 16-bit scaled, CMYK converted by the decoder).
pub fn decode_rgb(bytes: &[u8]) -> Result<RgbImage, ImageInputError> {
    if bytes.is_empty() {
        return Err(ImageInputError::Empty);
    }
    let format = image::guess_format(bytes).map_err(|_| ImageInputError::NotAnImage)?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        // The JPEG decoder fills missing scan data with grey instead of failing; a half
        // photo must not be classified as if it were whole.
        return Err(ImageInputError::Corrupt(
            "the JPEG ends before its end-of-image marker: the file is truncated".into(),
        ));
    }
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    let mut limits = Limits::default();
    // Room for the decoded image plus one conversion copy at 16 bits per channel.
    limits.max_alloc = Some(MAX_MEGAPIXELS * 1_000_000 * 8 + (64 << 20));
    decoder.set_limits(limits).map_err(corrupt)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    img.apply_orientation(orientation);
    Ok(match img {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.to_rgb8(),
    })
}

fn check_size(width: u32, height: u32) -> Result<(), ImageInputError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_MEGAPIXELS * 1_000_000 {
        return Err(ImageInputError::TooLarge {
            width,
            height,
            megapixels: pixels.div_ceil(1_000_000),
            limit_megapixels: MAX_MEGAPIXELS,
        });
    }
    if width < MIN_SIDE || height < MIN_SIDE {
        return Err(ImageInputError::TooSmall {
            width,
            height,
            min: MIN_SIDE,
        });
    }
    Ok(())
}

fn corrupt(err: image::ImageError) -> ImageInputError {
    match err {
        image::ImageError::Unsupported(_) => ImageInputError::NotAnImage,
        image::ImageError::Limits(_) => ImageInputError::Corrupt(
            "it declares more memory than a photo of its size needs".into(),
        ),
        other => ImageInputError::Corrupt(other.to_string()),
    }
}

/// Walks the JPEG marker structure: header segments by their lengths, entropy-coded scans
/// byte by byte (where 0xFF is only ever followed by a stuffed 0x00 or a restart marker),
/// until the end-of-image marker. Bytes after that marker (vendor trailers) are ignored.
/// Public so the fuzz target `jpeg_complete` can reach it; [`decode_rgb`] is its only user.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    let mut in_scan = false;
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            if !in_scan {
                return false; // header segments must follow each other directly
            }
            i += 1;
            continue;
        }
        match bytes[i + 1] {
            0xD9 => return true,
            0xFF => i += 1,               // fill byte before a marker
            0x00 if in_scan => i += 2,    // stuffed 0xFF inside scan data
            0xD0..=0xD7 | 0x01 => i += 2, // restart markers and TEM carry no length
            marker => {
                let Some(len) = bytes.get(i + 2..i + 4) else {
                    return false;
                };
                i += 2 + usize::from(u16::from_be_bytes([len[0], len[1]]));
                in_scan = marker == 0xDA;
            }
        }
    }
    false
}
