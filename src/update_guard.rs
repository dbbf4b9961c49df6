//! Updates never lose work. A new build takes over every open tab of the deployment at once
//! (each reloads, so an old page never runs under the new build's cache), so before the
//! "Reload" of one tab lets it, the other tabs are asked whether they are busy (a batch
//! running) over a BroadcastChannel, and the update waits until none is. A busy tab that is
//! taken over anyway (by an older tab that did not ask) holds its own reload until its work
//! is done. The texts and messages are in [`crate::offline`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{BroadcastChannel, MessageEvent};

use crate::offline::{tab_channel, TabMessage};

/// How long an asking tab listens for answers; tabs answer at once, in the same browser.
const ANSWER_WINDOW_MS: i32 = 400;
/// How often a waiting update or a held reload looks again.
const RECHECK_MS: i32 = 1_500;

type BusyProbe = Rc<dyn Fn() -> Option<String>>;

thread_local! {
    static PROBE: RefCell<Option<BusyProbe>> = const { RefCell::new(None) };
    static CHANNEL: RefCell<Option<BroadcastChannel>> = const { RefCell::new(None) };
    /// The answers to this tab's current question.
    static ANSWERS: RefCell<(u32, Vec<String>)> = const { RefCell::new((0, Vec::new())) };
    static NEXT_ASK: Cell<u32> = const { Cell::new(1) };
}

/// What this tab is busy with ("a batch (12 of 200)"), if anything; set once by the app.
pub fn set_busy_probe(probe: impl Fn() -> Option<String> + 'static) {
    PROBE.with(|p| *p.borrow_mut() = Some(Rc::new(probe)));
}

pub fn busy_here() -> Option<String> {
    let probe = PROBE.with(|p| p.borrow().clone());
    probe.and_then(|probe| probe())
}

/// Joins the tabs of the deployment at `scope_path` and answers their questions.
pub fn start(scope_path: &str) {
    let Ok(channel) = BroadcastChannel::new(&tab_channel(scope_path)) else {
        // No BroadcastChannel: updates still wait for this tab's own work.
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Some(message) = event
            .data()
            .as_string()
            .and_then(|text| serde_json::from_str::<TabMessage>(&text).ok())
        else {
            return;
        };
        match message {
            TabMessage::Ask { id } => {
                if let Some(what) = busy_here() {
                    post(&TabMessage::Busy { id, what });
                }
            }
            TabMessage::Busy { id, what } => ANSWERS.with(|a| {
                let mut answers = a.borrow_mut();
                if answers.0 == id {
                    answers.1.push(what);
                }
            }),
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    CHANNEL.with(|c| *c.borrow_mut() = Some(channel));
}

fn post(message: &TabMessage) {
    let Ok(text) = serde_json::to_string(message) else {
        return;
    };
    CHANNEL.with(|c| {
        if let Some(channel) = c.borrow().as_ref() {
            let _ = channel.post_message(&JsValue::from_str(&text));
        }
    });
}

/// What the other tabs of this deployment are busy with (empty: none is).
pub async fn busy_elsewhere() -> Vec<String> {
    if CHANNEL.with(|c| c.borrow().is_none()) {
        return Vec::new();
    }
    let id = NEXT_ASK.with(|n| n.replace(n.get().wrapping_add(1)));
    ANSWERS.with(|a| *a.borrow_mut() = (id, Vec::new()));
    post(&TabMessage::Ask { id });
    sleep(ANSWER_WINDOW_MS).await;
    ANSWERS.with(|a| std::mem::take(&mut a.borrow_mut().1))
}

/// Waits until the other tabs are idle, telling `waiting` what they are busy with meanwhile
/// (an empty list once they are done).
pub async fn until_other_tabs_are_idle(waiting: impl Fn(Vec<String>)) {
    loop {
        let busy = busy_elsewhere().await;
        let idle = busy.is_empty();
        waiting(busy);
        if idle {
            return;
        }
        sleep(RECHECK_MS).await;
    }
}

/// Waits until this tab is idle, telling `held` what it is finishing first.
pub async fn until_this_tab_is_idle(held: impl Fn(Option<String>)) {
    while let Some(what) = busy_here() {
        held(Some(what));
        sleep(RECHECK_MS).await;
    }
    held(None);
}

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
