//! Small JPEG data URLs of RGBA pixels: what a batch row and a saved entry show, and the photo
//! a person keeps in the diary. A data URL is a plain string: nothing to revoke, nothing held
//! by the browser beyond the text.

use skincheck_core::SquareCrop;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::canvas::put_rgba;
use crate::state::Pixels;

/// Side of a saved entry's thumbnail.
pub const SAVED_SIDE: u32 = 96;

/// A part of the pixels, in their own coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Source {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// `pixels` scaled to fit `side` x `side`, as a JPEG data URL.
pub fn jpeg_data_url(pixels: &Pixels, side: u32) -> Result<String, String> {
    let whole = Source {
        x: 0.0,
        y: 0.0,
        width: f64::from(pixels.width),
        height: f64::from(pixels.height),
    };
    jpeg_of(pixels, whole, side)
}

/// The square the model looked at, cut from the photo's preview (`preview` shows the whole
/// `photo_width` x `photo_height` photo, shrunk) and scaled to at most `side`, as a JPEG.
pub fn cropped_jpeg(
    preview: &Pixels,
    photo_width: u32,
    photo_height: u32,
    crop: SquareCrop,
    side: u32,
) -> Result<String, String> {
    if photo_width == 0 || photo_height == 0 {
        return Err("the photo has no pixels".into());
    }
    let sx = f64::from(preview.width) / f64::from(photo_width);
    let sy = f64::from(preview.height) / f64::from(photo_height);
    let square = Source {
        x: f64::from(crop.x) * sx,
        y: f64::from(crop.y) * sy,
        width: f64::from(crop.side) * sx,
        height: f64::from(crop.side) * sy,
    };
    jpeg_of(preview, square, side)
}

fn jpeg_of(pixels: &Pixels, source: Source, side: u32) -> Result<String, String> {
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
    let whole = source.x == 0.0
        && source.y == 0.0
        && source.width == f64::from(pixels.width)
        && source.height == f64::from(pixels.height);
    let fits = source.width <= f64::from(side) && source.height <= f64::from(side);
    let target = if whole && fits {
        full
    } else {
        let scale = (f64::from(side) / source.width.max(source.height)).min(1.0);
        let (w, h) = (
            ((source.width * scale).round() as u32).max(1),
            ((source.height * scale).round() as u32).max(1),
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
            .draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                &full,
                source.x,
                source.y,
                source.width,
                source.height,
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
