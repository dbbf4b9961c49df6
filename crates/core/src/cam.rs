//! Class activation maps: where in the square the model found evidence for a class.

use serde::{Deserialize, Serialize};

/// The model's `cam` output for one image: `classes` maps of `height` x `width`, row-major.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CamTensor {
    pub classes: usize,
    pub height: usize,
    pub width: usize,
    pub data: Vec<f32>,
}

impl CamTensor {
    pub fn class_map(&self, class: usize) -> &[f32] {
        let n = self.height * self.width;
        &self.data[class * n..(class + 1) * n]
    }

    /// Mean activation of one class: its image contribution to the logit.
    pub fn class_mean(&self, class: usize) -> f32 {
        let map = self.class_map(class);
        map.iter().sum::<f32>() / map.len() as f32
    }

    /// The map of `class`, bilinearly upsampled to `width` x `height` (pixel centres aligned
    /// as in PyTorch's `align_corners=False`) and scaled to 0..=1 (all zero when flat).
    pub fn upsampled(&self, class: usize, width: u32, height: u32) -> ActivationMap {
        let src = self.class_map(class);
        let (sw, sh) = (self.width, self.height);
        let (min, max) = src
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            });
        let range = max - min;
        let coord = |dst: u32, dst_len: u32, src_len: usize| -> (usize, usize, f32) {
            let s = ((dst as f32 + 0.5) * src_len as f32 / dst_len as f32 - 0.5)
                .clamp(0.0, (src_len - 1) as f32);
            let i0 = s.floor() as usize;
            let i1 = (i0 + 1).min(src_len - 1);
            (i0, i1, s - i0 as f32)
        };
        let xs: Vec<_> = (0..width).map(|x| coord(x, width, sw)).collect();
        let mut values = Vec::with_capacity((width * height) as usize);
        for y in 0..height {
            let (y0, y1, fy) = coord(y, height, sh);
            for &(x0, x1, fx) in &xs {
                let top = src[y0 * sw + x0] * (1.0 - fx) + src[y0 * sw + x1] * fx;
                let bottom = src[y1 * sw + x0] * (1.0 - fx) + src[y1 * sw + x1] * fx;
                let v = top * (1.0 - fy) + bottom * fy;
                values.push(if range > 0.0 { (v - min) / range } else { 0.0 });
            }
        }
        ActivationMap {
            width,
            height,
            values,
        }
    }
}

/// A 0..=1 heat map at display resolution, row-major.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivationMap {
    pub width: u32,
    pub height: u32,
    pub values: Vec<f32>,
}

impl ActivationMap {
    /// RGBA pixels for an overlay: a colour-blind-safe ramp (dark blue -> yellow) whose alpha
    /// grows with the activation, times `opacity` (0..=1).
    pub fn to_rgba(&self, opacity: f32) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.values.len() * 4);
        for &v in &self.values {
            let [r, g, b] = viridis(v);
            out.extend_from_slice(&[r, g, b, (255.0 * opacity * v.clamp(0.0, 1.0)) as u8]);
        }
        out
    }
}

/// Viridis, piecewise-linear through 5 stops: perceptually ordered and colour-blind safe.
pub fn viridis(t: f32) -> [u8; 3] {
    const STOPS: [[f32; 3]; 5] = [
        [68.0, 1.0, 84.0],
        [59.0, 82.0, 139.0],
        [33.0, 145.0, 140.0],
        [94.0, 201.0, 98.0],
        [253.0, 231.0, 37.0],
    ];
    let t = t.clamp(0.0, 1.0) * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f32;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    [0, 1, 2].map(|c| (a[c] + (b[c] - a[c]) * f).round() as u8)
}
