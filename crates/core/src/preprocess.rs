//! The card's preprocessing: a square of the photo, resized to the model's input size and
//! normalised into a CHW float tensor.

use image::imageops::FilterType;
use image::RgbImage;
use serde::{Deserialize, Serialize};

use crate::card::Preprocessing;
use crate::error::ImageInputError;

/// The square of the photo the model sees, in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SquareCrop {
    pub x: u32,
    pub y: u32,
    pub side: u32,
}

impl SquareCrop {
    /// The largest centred square: the card's `center_square` policy.
    pub fn centred(width: u32, height: u32) -> Self {
        let side = width.min(height);
        SquareCrop {
            x: (width - side) / 2,
            y: (height - side) / 2,
            side,
        }
    }

    /// Rejects a square that does not lie fully inside the image.
    pub fn checked(self, width: u32, height: u32) -> Result<Self, ImageInputError> {
        let inside = self.side > 0
            && u64::from(self.x) + u64::from(self.side) <= u64::from(width)
            && u64::from(self.y) + u64::from(self.side) <= u64::from(height);
        if inside {
            Ok(self)
        } else {
            Err(ImageInputError::CropOutside {
                x: self.x,
                y: self.y,
                side: self.side,
                width,
                height,
            })
        }
    }
}

/// The `size` x `size` RGB square the model sees.
///
/// A square already at `size` is used as is, so fixture images compare bit-exactly with the
/// Python reference. Squares far larger than `size` are first box-averaged by an integer
/// factor, which keeps a 50-megapixel photo fast without aliasing. The square is read where
/// it lies in `img`, never copied out at full size.
pub fn model_view(
    img: &RgbImage,
    crop: SquareCrop,
    pre: &Preprocessing,
) -> Result<RgbImage, ImageInputError> {
    let crop = crop.checked(img.width(), img.height())?;
    let square = image::imageops::crop_imm(img, crop.x, crop.y, crop.side, crop.side);
    let size = pre.size;
    if crop.side == size {
        return Ok(square.to_image());
    }
    let factor = crop.side / (2 * size);
    let filter = filter(&pre.filter);
    Ok(if factor >= 2 {
        image::imageops::resize(&box_downsample(img, crop, factor), size, size, filter)
    } else {
        image::imageops::resize(&*square, size, size, filter)
    })
}

/// Normalised CHW tensor data for an image already at the model size.
pub fn normalise_chw(view: &RgbImage, pre: &Preprocessing) -> Vec<f32> {
    let (w, h) = view.dimensions();
    let plane = (w * h) as usize;
    let mut out = vec![0.0f32; 3 * plane];
    for (i, px) in view.pixels().enumerate() {
        for c in 0..3 {
            out[c * plane + i] = (f32::from(px[c]) / 255.0 - pre.mean[c]) / pre.std[c];
        }
    }
    out
}

fn filter(name: &str) -> FilterType {
    match name {
        "nearest" => FilterType::Nearest,
        "catmullrom" | "bicubic" => FilterType::CatmullRom,
        "lanczos3" => FilterType::Lanczos3,
        _ => FilterType::Triangle,
    }
}

/// Means of `factor` x `factor` blocks of the square `crop` of `img`, from its top-left corner.
fn box_downsample(img: &RgbImage, crop: SquareCrop, factor: u32) -> RgbImage {
    let side = crop.side / factor;
    let area = factor * factor;
    RgbImage::from_fn(side, side, |x, y| {
        let mut sum = [0u32; 3];
        for dy in 0..factor {
            for dx in 0..factor {
                let p = img.get_pixel(crop.x + x * factor + dx, crop.y + y * factor + dy);
                for c in 0..3 {
                    sum[c] += u32::from(p[c]);
                }
            }
        }
        image::Rgb(sum.map(|s| ((s + area / 2) / area) as u8))
    })
}
