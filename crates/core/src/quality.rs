//! Photo-quality measures of the quality gate (docs/quality_gate.md), taken on the exact
//! pixels the network sees, so the CLI, the app and `training/` judge the same photo alike.

use image::RgbImage;
use serde::{Deserialize, Serialize};

/// Added to the contrast before dividing, so a flat photo has sharpness 0, not NaN.
const CONTRAST_FLOOR: f64 = 0.001;
/// Luma at or above which a pixel counts as clipped (blown out).
const CLIPPED_LUMA: f64 = 250.0 / 255.0;
/// Slack on the clipping comparison: a grey 250 pixel has luma exactly 250/255, which the
/// floating-point weights can land a hair below.
const CLIPPED_SLACK: f64 = 1e-9;

/// What the gate's photo-quality thresholds are compared with, for one model view.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct PhotoMeasures {
    /// Side of the chosen square in source pixels.
    pub source_side: u32,
    /// Mean luma, 0 (black) to 1 (white).
    pub brightness: f32,
    /// Population standard deviation of the luma.
    pub contrast: f32,
    /// Fraction of pixels with luma >= 250/255.
    pub clipped: f32,
    /// Detail relative to contrast: std of the Laplacian of the 2x2-averaged luma over
    /// (`contrast` + 0.001).
    pub sharpness: f32,
}

/// Measures the model view `view`, cut from a square of `source_side` source pixels.
pub fn measure(view: &RgbImage, source_side: u32) -> PhotoMeasures {
    measure_rgb(
        view.as_raw(),
        view.width() as usize,
        view.height() as usize,
        source_side,
    )
}

/// [`measure`] on packed RGB bytes (`width * height * 3`, row-major); extra bytes are
/// ignored, missing ones read as an image that ends early.
pub fn measure_rgb(rgb: &[u8], width: usize, height: usize, source_side: u32) -> PhotoMeasures {
    let luma: Vec<f64> = rgb
        .chunks_exact(3)
        .take(width * height)
        .map(|p| {
            (0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])) / 255.0
        })
        .collect();
    let height = luma.len().checked_div(width).unwrap_or(0);
    let (brightness, contrast) = mean_std(&luma);
    let clipped = if luma.is_empty() {
        0.0
    } else {
        luma.iter()
            .filter(|y| **y >= CLIPPED_LUMA - CLIPPED_SLACK)
            .count() as f64
            / luma.len() as f64
    };
    let detail = laplacian_std(&luma, width, height);
    PhotoMeasures {
        source_side,
        brightness: brightness as f32,
        contrast: contrast as f32,
        clipped: clipped as f32,
        sharpness: (detail / (contrast + CONTRAST_FLOOR)) as f32,
    }
}

/// Mean and population standard deviation (0, 0 for no values). Deviations are taken from
/// the first value, so identical values give exactly 0, not rounding noise.
fn mean_std(values: &[f64]) -> (f64, f64) {
    let Some(&origin) = values.first() else {
        return (0.0, 0.0);
    };
    let n = values.len() as f64;
    let shift = values.iter().map(|v| v - origin).sum::<f64>() / n;
    let var = values
        .iter()
        .map(|v| (v - origin - shift).powi(2))
        .sum::<f64>()
        / n;
    (origin + shift, var.sqrt())
}

/// Std of the 4-neighbour Laplacian over the interior of the luma averaged over
/// non-overlapping 2x2 blocks (0 when the blocks have no interior).
fn laplacian_std(luma: &[f64], width: usize, height: usize) -> f64 {
    let (bw, bh) = (width / 2, height / 2);
    if bw < 3 || bh < 3 {
        return 0.0;
    }
    let blocks: Vec<f64> = (0..bh)
        .flat_map(|r| (0..bw).map(move |c| (r, c)))
        .map(|(r, c)| {
            let at = |dr: usize, dc: usize| luma[(2 * r + dr) * width + 2 * c + dc];
            (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4.0
        })
        .collect();
    let b = |r: usize, c: usize| blocks[r * bw + c];
    let laplacian: Vec<f64> = (1..bh - 1)
        .flat_map(|r| (1..bw - 1).map(move |c| (r, c)))
        .map(|(r, c)| b(r - 1, c) + b(r + 1, c) + b(r, c - 1) + b(r, c + 1) - 4.0 * b(r, c))
        .collect();
    mean_std(&laplacian).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    fn grey(n: u32, v: u8) -> RgbImage {
        RgbImage::from_pixel(n, n, Rgb([v, v, v]))
    }

    /// Squares of `block` x `block` pixels alternating between two greys.
    fn checkerboard(n: u32, block: u32) -> RgbImage {
        RgbImage::from_fn(n, n, |x, y| {
            let v = if (x / block + y / block).is_multiple_of(2) {
                60
            } else {
                200
            };
            Rgb([v, v, v])
        })
    }

    #[test]
    fn a_flat_photo_has_no_contrast_and_no_sharpness() {
        let m = measure(&grey(32, 128), 500);
        assert_eq!(m.source_side, 500);
        assert_eq!(m.contrast, 0.0);
        assert_eq!(m.sharpness, 0.0);
        assert_eq!(m.clipped, 0.0);
    }

    #[test]
    fn brightness_is_the_mean_luma() {
        let m = measure(&grey(16, 51), 16);
        assert!((m.brightness - 0.2).abs() < 1e-6, "{}", m.brightness);
        // Pure green weighs 0.587.
        let green = RgbImage::from_pixel(8, 8, Rgb([0, 255, 0]));
        assert!((measure(&green, 8).brightness - 0.587).abs() < 1e-6);
    }

    #[test]
    fn contrast_is_the_population_std_of_the_luma() {
        // Half black, half white: mean 0.5, every pixel 0.5 away.
        let img = RgbImage::from_fn(8, 8, |x, _| Rgb([if x < 4 { 0 } else { 255 }; 3]));
        let m = measure(&img, 8);
        assert!((m.brightness - 0.5).abs() < 1e-6);
        assert!((m.contrast - 0.5).abs() < 1e-6);
    }

    #[test]
    fn clipped_counts_the_blown_out_pixels() {
        let img = RgbImage::from_fn(10, 10, |_, y| Rgb([if y < 5 { 255 } else { 100 }; 3]));
        assert!((measure(&img, 10).clipped - 0.5).abs() < 1e-6);
        // Luma exactly 250/255 counts; 249 does not.
        assert_eq!(measure(&grey(4, 250), 4).clipped, 1.0);
        assert_eq!(measure(&grey(4, 249), 4).clipped, 0.0);
    }

    #[test]
    fn a_checkerboard_of_2x2_blocks_is_sharp() {
        let m = measure(&checkerboard(32, 2), 32);
        assert!(m.sharpness > 1.0, "{m:?}");
    }

    #[test]
    fn blurring_lowers_the_sharpness() {
        let sharp = checkerboard(64, 4);
        let blurred = image::imageops::blur(&sharp, 4.0);
        let (a, b) = (measure(&sharp, 64), measure(&blurred, 64));
        assert!(b.sharpness < a.sharpness / 5.0, "{a:?} vs {b:?}");
    }

    #[test]
    fn sharpness_matches_a_hand_computed_laplacian() {
        // 8x6 pixels -> 4x3 blocks, all black but block (1, 1) white. The interior is blocks
        // (1, 1) and (1, 2): L = -4 and 1, std 2.5. Luma: 4 white pixels of 48, mean 1/12,
        // std sqrt(11)/12.
        let img = RgbImage::from_fn(8, 6, |x, y| {
            Rgb([if (2..4).contains(&x) && (2..4).contains(&y) {
                255
            } else {
                0
            }; 3])
        });
        let m = measure(&img, 6);
        let contrast = 11f32.sqrt() / 12.0;
        assert!((m.contrast - contrast).abs() < 1e-6);
        let want = 2.5 / (contrast + 0.001);
        assert!(
            (m.sharpness - want).abs() < 1e-4,
            "{} vs {want}",
            m.sharpness
        );
        // Too small for an interior: 0.
        assert_eq!(measure(&checkerboard(4, 1), 4).sharpness, 0.0);
    }

    #[test]
    fn packed_bytes_measure_like_the_image() {
        let img = checkerboard(20, 3);
        assert_eq!(measure(&img, 7), measure_rgb(img.as_raw(), 20, 20, 7));
        assert_eq!(measure_rgb(&[], 0, 0, 0), PhotoMeasures::default());
    }
}
