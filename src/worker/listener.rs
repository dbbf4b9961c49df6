//! The worker's message loop: decode a request, answer it, post the reply.

use crate::protocol::{self, Reply, Request};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::session;

/// Installs the message handler, then tells the page it may start posting (messages sent
/// before this point would find no handler and be lost).
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // The worker's wasm memory, for the browser tests and devtools: wasm memory never
    // shrinks, so its size after a photo is the most that photo cost. The glue keeps it
    // private; a failure here only loses that view.
    let _ = js_sys::Reflect::set(
        &scope,
        &"skincheckWasmMemory".into(),
        &wasm_bindgen::memory(),
    );
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let data = event.data();
        let id = protocol::request_id(&data);
        let language = protocol::language(&data);
        let reply = match protocol::decode::<Request>(&data) {
            Ok((request, bytes)) => session::handle(request, bytes, language),
            Err(e) => (
                Reply::Unreadable {
                    message: e.message(language),
                },
                None,
            ),
        };
        post(id, reply);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    post(0, (Reply::Ready, None));
}

/// Posts the reply to request `id` (0: not an answer).
fn post(id: u32, (reply, bytes): (Reply, Option<Uint8Array>)) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    match protocol::encode(id, &reply, bytes) {
        Ok((message, transfer)) => {
            if let Err(e) = scope.post_message_with_transfer(&message, &transfer) {
                web_sys::console::error_1(&e);
            }
        }
        Err(e) => web_sys::console::error_1(&JsValue::from_str(&e.to_string())),
    }
}
