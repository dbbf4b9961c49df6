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
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let reply = match protocol::decode::<Request>(&event.data()) {
            Ok((request, bytes)) => session::handle(request, bytes),
            Err(e) => (
                Reply::ModelFailed {
                    message: e.to_string(),
                },
                None,
            ),
        };
        post(reply);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    post((Reply::Ready, None));
}

fn post((reply, bytes): (Reply, Option<Uint8Array>)) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    match protocol::encode(&reply, bytes) {
        Ok((message, transfer)) => {
            if let Err(e) = scope.post_message_with_transfer(&message, &transfer) {
                web_sys::console::error_1(&e);
            }
        }
        Err(e) => web_sys::console::error_1(&JsValue::from_str(&e.to_string())),
    }
}
