//! Putting RGBA pixels on a `<canvas>`.

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// The canvas could not take the pixels (wrong length, no 2D context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanvasError(pub String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not draw the image: {}", self.0)
    }
}

/// Resizes `canvas` to `width` x `height` and fills it with `rgba`.
pub fn put_rgba(
    canvas: &HtmlCanvasElement,
    width: u32,
    height: u32,
    rgba: &[u8],
) -> Result<(), CanvasError> {
    if rgba.len() != (width as usize) * (height as usize) * 4 || width == 0 || height == 0 {
        return Err(CanvasError(format!(
            "{} bytes for {width}x{height} pixels",
            rgba.len()
        )));
    }
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    let context = context_2d(canvas)?;
    let data = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), width, height)
        .map_err(|e| CanvasError(format!("{e:?}")))?;
    context
        .put_image_data(&data, 0.0, 0.0)
        .map_err(|e| CanvasError(format!("{e:?}")))
}

fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, CanvasError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| CanvasError("the browser gave no 2D canvas".into()))
}
