//! Small preferences kept in `localStorage` (language, theme): this browser only, never sent
//! anywhere. Reached through `Reflect`, so the page needs no extra web-sys feature. Where site
//! data is blocked, reads give `None` and writes do nothing: the choice lasts for the visit.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The stored text under `key`.
pub fn get(key: &str) -> Option<String> {
    call(&storage()?, "getItem", &Array::of1(&key.into()))?.as_string()
}

/// Stores `value` under `key`; quietly a no-op where the browser refuses.
pub fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = call(&storage, "setItem", &Array::of2(&key.into(), &value.into()));
    }
}

/// `window.localStorage`; `None` where site data is blocked (reading it throws).
fn storage() -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &"localStorage".into())
        .ok()
        .filter(|s| s.is_object())
}

/// `target.method(...args)`, or `None` where it is missing or throws.
pub fn call(target: &JsValue, method: &str, args: &Array) -> Option<JsValue> {
    let function: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    function.apply(target, args).ok()
}
