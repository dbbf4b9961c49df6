//! Turning user-supplied bytes into an upright 8-bit RGB image, with a human reason when that
//! is impossible. Shared by the CLI and the browser so both see the same pixels.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{ColorType, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};

use crate::error::ImageInputError;
use crate::preprocess::SquareCrop;
use crate::upright;

/// Largest photo accepted. 50-megapixel phone photos pass; a 12000x9000 scan does not.
pub const MAX_MEGAPIXELS: u64 = 64;
/// Below this the lesion cannot be resolved meaningfully.
pub const MIN_SIDE: u32 = 32;
/// Longest side accepted: a JPEG's own maximum. Longer pictures are strips, not photos.
pub const MAX_SIDE: u32 = 65_535;
/// The most a decode may allocate, its output included: the largest photo accepted in 8-bit
/// RGB (64 MP x 3 bytes = 192 MB) and the one copy of it an EXIF quarter turn needs.
///
/// The limit is on decoded bytes, not pixels: a 64 MP 16-bit RGBA PNG (512 MB decoded) is
/// refused from its header, a 48 MP one (384 MB) passes. Nothing after the decode holds more:
/// the conversion to 8-bit RGB and the crop reuse the decoded buffer, and a quarter turn of
/// the 8-bit photo (at most half of this) makes the one copy. So a photo's pixels never take
/// more than this at once, natively or in the worker's wasm memory. One decoder keeps memory
/// of its own outside the limit: the JPEG one, for a progressive JPEG, holds 2 bytes a sample
/// of coefficients (at 4:2:0, 64 MP still total 384 MB; at 4:4:4, 576 MB).
pub const MAX_DECODE_BYTES: u64 = 2 * MAX_MEGAPIXELS * 1_000_000 * 3;
const MB: u64 = 1_000_000;

/// Decodes any format the `image` crate reads, applies the EXIF orientation and converts to
/// 8-bit RGB (alpha dropped, grey replicated, 16-bit scaled, CMYK converted by the decoder).
pub fn decode_rgb(bytes: &[u8]) -> Result<RgbImage, ImageInputError> {
    let (stored, orientation) = decode_stored(bytes)?;
    Ok(upright::orient(stored, orientation))
}

/// The centred square of an upright photo, the only part a classification without a chosen
/// crop looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentredSquare {
    /// The square's pixels, upright.
    pub pixels: RgbImage,
    /// Where the square lies in the upright photo.
    pub crop: SquareCrop,
}

impl CentredSquare {
    /// The square as a crop of its own pixels (what to hand `model_view`).
    pub fn whole(&self) -> SquareCrop {
        SquareCrop {
            x: 0,
            y: 0,
            side: self.crop.side,
        }
    }
}

/// [`decode_rgb`] followed by the centred square, without ever holding the whole upright
/// photo: the square is cut before it is turned. The same pixels as cropping
/// [`decode_rgb`]'s image at [`SquareCrop::centred`].
pub fn decode_centred_square(bytes: &[u8]) -> Result<CentredSquare, ImageInputError> {
    let (stored, orientation) = decode_stored(bytes)?;
    let (pixels, crop) = upright::centred_square(stored, orientation);
    Ok(CentredSquare { pixels, crop })
}

/// The photo as stored, in 8-bit RGB, and the EXIF orientation that turns it upright.
fn decode_stored(bytes: &[u8]) -> Result<(RgbImage, Orientation), ImageInputError> {
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
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // The PNG decoder sizes its own buffers by the reader's limits; the side limits come
    // after our own check below, which explains a refusal better than a decoder can.
    reader.limits(alloc_limit());
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    let colour = decoder.color_type();
    let decoded = decoder.total_bytes();
    let too_much = || ImageInputError::DecodeTooLarge {
        width,
        height,
        colour: describe(colour),
        decoded_mb: decoded.div_ceil(MB),
        limit_mb: MAX_DECODE_BYTES / MB,
    };
    let mut limits = alloc_limit();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // As `ImageReader::decode` does: the output buffer is reserved first, and only what is
    // left may the decoder allocate on top of it (TIFF's strip buffers, for one).
    limits.reserve(decoded).map_err(|_| too_much())?;
    decoder.set_limits(limits).map_err(corrupt)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut buf = vec![0; usize::try_from(decoded).map_err(|_| too_much())?];
    decoder.read_image(&mut buf).map_err(|e| match e {
        ImageError::Limits(_) => too_much(),
        other => corrupt(other),
    })?;
    let rgb = upright::into_rgb8(buf, width, height, colour).ok_or_else(|| {
        ImageInputError::Corrupt(format!("its colour type ({colour:?}) is not supported"))
    })?;
    Ok((rgb, orientation))
}

fn alloc_limit() -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// "16-bit RGBA", "8-bit grey": how a person would name the decoded pixels.
fn describe(colour: ColorType) -> String {
    let bits = colour.bits_per_pixel() / u16::from(colour.channel_count().max(1));
    let kind = match (colour.has_color(), colour.has_alpha()) {
        (true, true) => "RGBA",
        (true, false) => "RGB",
        (false, true) => "grey with alpha",
        (false, false) => "grey",
    };
    format!("{bits}-bit {kind}")
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
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageInputError::TooLong {
            width,
            height,
            max: MAX_SIDE,
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

fn corrupt(err: ImageError) -> ImageInputError {
    match err {
        ImageError::Unsupported(_) => ImageInputError::NotAnImage,
        ImageError::Limits(_) => ImageInputError::Corrupt(
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
