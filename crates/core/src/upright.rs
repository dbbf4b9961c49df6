//! From a decoder's bytes to upright 8-bit RGB, each step in the buffer it is given where it
//! can be: at 64 megapixels every extra copy costs hundreds of megabytes, and wasm memory
//! never shrinks. Every step gives the pixels `DynamicImage::to_rgb8` and
//! `apply_orientation` give (the tests compare them).

use image::metadata::Orientation;
use image::{imageops, ColorType, DynamicImage, ImageBuffer, RgbImage};

use crate::preprocess::SquareCrop;

/// Bytes converted at a time: the conversion's only scratch memory.
const CHUNK_BYTES: usize = 1 << 20;

/// 8-bit RGB from a decoder's `colour` pixels (native-endian, as `read_image` writes them).
///
/// A pixel of 3 bytes or more (RGBA, 16-bit, float) is converted over its own buffer, front
/// to back: each converted chunk lands before any source byte not yet read. The buffer is
/// then shrunk, so the 16-bit or alpha pixels are gone before the next step. Grey grows, so
/// it gets a new buffer (at most 3 + 2 bytes a pixel). `None` for a colour type this
/// version of the `image` crate added later.
pub(crate) fn into_rgb8(
    mut buf: Vec<u8>,
    width: u32,
    height: u32,
    colour: ColorType,
) -> Option<RgbImage> {
    if colour == ColorType::Rgb8 {
        return RgbImage::from_raw(width, height, buf);
    }
    let pixel = usize::from(colour.bytes_per_pixel());
    let row = width as usize * pixel;
    let rows_per_chunk = (CHUNK_BYTES / row.max(1)).max(1);
    let mut grown = Vec::new();
    let mut written = 0;
    for first in (0..height as usize).step_by(rows_per_chunk) {
        let rows = rows_per_chunk.min(height as usize - first);
        let source = buf.get(first * row..(first + rows) * row)?;
        let rgb = rows_to_rgb8(source, width, rows as u32, colour)?;
        let rgb = rgb.as_raw();
        if pixel >= 3 {
            buf[written..written + rgb.len()].copy_from_slice(rgb);
        } else {
            grown.extend_from_slice(rgb);
        }
        written += rgb.len();
    }
    let out = if pixel >= 3 {
        buf.truncate(written);
        buf.shrink_to_fit();
        buf
    } else {
        grown
    };
    RgbImage::from_raw(width, height, out)
}

/// A few rows converted by the `image` crate's own conversion.
fn rows_to_rgb8(bytes: &[u8], width: u32, rows: u32, colour: ColorType) -> Option<RgbImage> {
    let u8s = || bytes.to_vec();
    let u16s = || -> Vec<u16> {
        bytes
            .chunks_exact(2)
            .map(|b| u16::from_ne_bytes([b[0], b[1]]))
            .collect()
    };
    let f32s = || -> Vec<f32> {
        bytes
            .chunks_exact(4)
            .map(|b| f32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    };
    let image = match colour {
        ColorType::L8 => DynamicImage::ImageLuma8(ImageBuffer::from_raw(width, rows, u8s())?),
        ColorType::La8 => DynamicImage::ImageLumaA8(ImageBuffer::from_raw(width, rows, u8s())?),
        ColorType::Rgb8 => DynamicImage::ImageRgb8(ImageBuffer::from_raw(width, rows, u8s())?),
        ColorType::Rgba8 => DynamicImage::ImageRgba8(ImageBuffer::from_raw(width, rows, u8s())?),
        ColorType::L16 => DynamicImage::ImageLuma16(ImageBuffer::from_raw(width, rows, u16s())?),
        ColorType::La16 => DynamicImage::ImageLumaA16(ImageBuffer::from_raw(width, rows, u16s())?),
        ColorType::Rgb16 => DynamicImage::ImageRgb16(ImageBuffer::from_raw(width, rows, u16s())?),
        ColorType::Rgba16 => DynamicImage::ImageRgba16(ImageBuffer::from_raw(width, rows, u16s())?),
        ColorType::Rgb32F => DynamicImage::ImageRgb32F(ImageBuffer::from_raw(width, rows, f32s())?),
        ColorType::Rgba32F => {
            DynamicImage::ImageRgba32F(ImageBuffer::from_raw(width, rows, f32s())?)
        }
        _ => return None,
    };
    Some(image.into_rgb8())
}

/// The whole photo turned upright: flips and the half turn in place, a quarter turn into one
/// new buffer (the stored one is freed as soon as it is copied).
pub(crate) fn orient(image: RgbImage, orientation: Orientation) -> RgbImage {
    let mut image = DynamicImage::ImageRgb8(image);
    image.apply_orientation(orientation);
    image.into_rgb8()
}

/// The upright photo's centred square, and where it lies in the upright photo.
///
/// The square is cut from the stored (not yet turned) photo in its own buffer, which is then
/// shrunk, and turned in place: the same pixels as turning the whole photo and cropping, with
/// no second photo-sized buffer even for a quarter turn.
pub(crate) fn centred_square(stored: RgbImage, orientation: Orientation) -> (RgbImage, SquareCrop) {
    let (width, height) = stored.dimensions();
    let (upright_w, upright_h) = if quarter_turn(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    let crop = SquareCrop::centred(upright_w, upright_h);
    let far = crop.side - 1;
    let (ax, ay) = stored_pixel(crop.x, crop.y, width, height, orientation);
    let (bx, by) = stored_pixel(crop.x + far, crop.y + far, width, height, orientation);
    let mut square = crop_in_place(stored, ax.min(bx), ay.min(by), crop.side);
    orient_square_in_place(&mut square, orientation);
    (square, crop)
}

fn quarter_turn(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The stored pixel that `orientation` moves to upright pixel (`u`, `v`) of a `width` x
/// `height` stored photo (the inverse of each transform `apply_orientation` makes).
fn stored_pixel(u: u32, v: u32, width: u32, height: u32, orientation: Orientation) -> (u32, u32) {
    let (w, h) = (width - 1, height - 1);
    match orientation {
        Orientation::NoTransforms => (u, v),
        Orientation::FlipHorizontal => (w - u, v),
        Orientation::FlipVertical => (u, h - v),
        Orientation::Rotate180 => (w - u, h - v),
        Orientation::Rotate90 => (v, h - u),
        Orientation::Rotate270 => (w - v, u),
        Orientation::Rotate90FlipH => (v, u),
        Orientation::Rotate270FlipH => (w - v, h - u),
    }
}

/// The `side` x `side` square at (`x`, `y`), moved row by row to the front of the photo's own
/// buffer (each row lands at or before where it was read), which is then shrunk.
fn crop_in_place(image: RgbImage, x: u32, y: u32, side: u32) -> RgbImage {
    if image.dimensions() == (side, side) {
        return image;
    }
    let width = image.width() as usize;
    let row = side as usize * 3;
    let mut buf = image.into_raw();
    for r in 0..side as usize {
        let from = ((y as usize + r) * width + x as usize) * 3;
        buf.copy_within(from..from + row, r * row);
    }
    buf.truncate(row * side as usize);
    buf.shrink_to_fit();
    RgbImage::from_raw(side, side, buf).expect("side x side RGB pixels")
}

/// `apply_orientation` for a square, every case in place: a quarter turn is a transpose and
/// a flip.
fn orient_square_in_place(square: &mut RgbImage, orientation: Orientation) {
    match orientation {
        Orientation::NoTransforms => {}
        Orientation::FlipHorizontal => imageops::flip_horizontal_in_place(square),
        Orientation::FlipVertical => imageops::flip_vertical_in_place(square),
        Orientation::Rotate180 => imageops::rotate180_in_place(square),
        Orientation::Rotate90 => {
            transpose_in_place(square);
            imageops::flip_horizontal_in_place(square);
        }
        Orientation::Rotate270 => {
            transpose_in_place(square);
            imageops::flip_vertical_in_place(square);
        }
        Orientation::Rotate90FlipH => transpose_in_place(square),
        Orientation::Rotate270FlipH => {
            transpose_in_place(square);
            imageops::rotate180_in_place(square);
        }
    }
}

/// Mirrors a square about its main diagonal: pixel (x, y) swaps with (y, x).
fn transpose_in_place(square: &mut RgbImage) {
    let n = square.width() as usize;
    let raw: &mut [u8] = square;
    for y in 0..n {
        for x in y + 1..n {
            let (a, b) = ((y * n + x) * 3, (x * n + y) * 3);
            for c in 0..3 {
                raw.swap(a + c, b + c);
            }
        }
    }
}
