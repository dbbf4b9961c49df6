//! Small JPEG data URLs of RGBA pixels: what a batch row and a saved entry show. A data URL
//! is a plain string: nothing to revoke, nothing held by the browser beyond the text.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::canvas::put_rgba;
use crate::state::Pixels;

/// Side of a saved entry's thumbnail.
pub const SAVED_SIDE: u32 = 96;

/// `pixels` scaled to fit `side` x `side`, as a JPEG data URL.
pub fn jpeg_data_url(pixels: &Pixels, side: u32) -> Result<String, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas = || -> Result<HtmlCanvasElement, String> {
        document
            .create_element("canvas")
            .map_err(|e| format!("{e:?}"))?
            .dyn_into::<HtmlCanvasElement>()
            .map_err(|_| "no canvas".to_string())
    };
    let full = canvas()?;
    put_rgba(&full, pixels.width, pixels.height, &pixels.rgba).map_err(|e| e.to_string())?;
    let target = if pixels.width <= side && pixels.height <= side {
        full
    } else {
        let scale = f64::from(side) / f64::from(pixels.width.max(pixels.height));
        let (w, h) = (
            ((f64::from(pixels.width) * scale).round() as u32).max(1),
            ((f64::from(pixels.height) * scale).round() as u32).max(1),
        );
        let small = canvas()?;
        small.set_width(w);
        small.set_height(h);
        let context = small
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or("no 2D canvas")?;
        context
            .draw_image_with_html_canvas_element_and_dw_and_dh(
                &full,
                0.0,
                0.0,
                f64::from(w),
                f64::from(h),
            )
            .map_err(|e| format!("{e:?}"))?;
        small
    };
    target
        .to_data_url_with_type_and_encoder_options(
            "image/jpeg",
            &wasm_bindgen::JsValue::from_f64(0.85),
        )
        .map_err(|e| format!("{e:?}"))
}
