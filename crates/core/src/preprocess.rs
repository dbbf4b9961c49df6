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

/// Properties of the crop for any photo size (1 to 100,000 px a side) and any square a
/// caller may pass.
#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))] // proptest is a native dev-dependency only
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Photo sides of 1 to 100,000 px, with the extremes (1 x 100,000) drawn often.
    fn photo_side() -> impl Strategy<Value = u32> + Clone {
        prop_oneof![1..=100_000u32, Just(1), Just(100_000), 1..=64u32]
    }

    /// Any coordinate or side, near the photo sizes and near `u32::MAX`.
    fn any_coordinate() -> impl Strategy<Value = u32> {
        prop_oneof![
            0..=200_000u32,
            any::<u32>(),
            (u32::MAX - 200_000)..=u32::MAX
        ]
    }

    /// A square for a `width` x `height` photo: mostly inside or a pixel off, else anything.
    fn crop_for(width: u32, height: u32) -> impl Strategy<Value = SquareCrop> {
        let short = width.min(height);
        let near = (0..=short + 1)
            .prop_flat_map(move |side| {
                let room = |n: u32| 0..=n - side.min(n) + 1;
                (room(width), room(height), Just(side))
            })
            .prop_map(|(x, y, side)| SquareCrop { x, y, side });
        let anything = (any_coordinate(), any_coordinate(), any_coordinate())
            .prop_map(|(x, y, side)| SquareCrop { x, y, side });
        prop_oneof![3 => near, 1 => anything]
    }

    /// A photo size and a square for it.
    fn photo_and_crop(
        side: impl Strategy<Value = u32> + Clone,
    ) -> impl Strategy<Value = (u32, u32, SquareCrop)> {
        (side.clone(), side).prop_flat_map(|(w, h)| (Just(w), Just(h), crop_for(w, h)))
    }

    fn inside(c: SquareCrop, width: u32, height: u32) -> bool {
        c.side >= 1
            && u64::from(c.x) + u64::from(c.side) <= u64::from(width)
            && u64::from(c.y) + u64::from(c.side) <= u64::from(height)
    }

    fn config() -> ProptestConfig {
        // Counterexamples are kept as plain unit tests, not in proptest's files.
        ProptestConfig {
            cases: 2048,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn the_centred_square_is_the_largest_one_inside_and_centred(
            width in photo_side(),
            height in photo_side(),
        ) {
            let c = SquareCrop::centred(width, height);
            prop_assert!(inside(c, width, height), "{c:?} in {width}x{height}");
            prop_assert_eq!(c.side, width.min(height));
            // The margins left and right (top and bottom) differ by at most a pixel.
            prop_assert!(width - c.side - 2 * c.x <= 1);
            prop_assert!(height - c.side - 2 * c.y <= 1);
            prop_assert_eq!(c.checked(width, height), Ok(c));
        }

        #[test]
        fn checked_accepts_exactly_the_squares_inside(
            (width, height, c) in photo_and_crop(photo_side()),
        ) {
            match c.checked(width, height) {
                Ok(same) => prop_assert!(same == c && inside(c, width, height)),
                Err(e) => {
                    prop_assert!(!inside(c, width, height), "{c:?} refused: {e}");
                    prop_assert!(
                        matches!(e, ImageInputError::CropOutside { .. }),
                        "{c:?} in {width}x{height}: {e}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..config() })]

        #[test]
        fn the_model_view_is_the_model_size_or_a_refusal(
            (width, height, crop) in photo_and_crop(1..=160u32),
            size in 1..=24u32,
        ) {
            let pre = Preprocessing {
                resize: "center_square".into(),
                size,
                filter: "triangle".into(),
                mean: [0.5; 3],
                std: [0.25; 3],
            };
            let img = RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 7]));
            match model_view(&img, crop, &pre) {
                Ok(view) => {
                    prop_assert!(inside(crop, width, height));
                    prop_assert_eq!(view.dimensions(), (size, size));
                }
                Err(_) => prop_assert!(!inside(crop, width, height)),
            }
        }
    }
}
