//! Small helpers over the browser's JS values, shared by the page and the worker.

use wasm_bindgen::{JsCast, JsValue};

/// The message of a thrown JS value: an `Error`'s or a `DOMException`'s `message`, a thrown
/// string, else its debug text.
pub fn js_error_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| {
            js_sys::Reflect::get(e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Milliseconds on the high-resolution clock of whichever global runs this (a window or a
/// worker), else the wall clock.
pub fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Minutes east of UTC in this browser's time zone now (`getTimezoneOffset` is UTC minus local).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
