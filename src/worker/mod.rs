//! The inference worker: the same core as the CLI, run off the main thread so the page stays
//! responsive while tract works. Its binary (`web/src/worker.rs`) is built by trunk as a
//! `data-type="worker"` app with the `worker` feature; the page starts it with
//! `new Worker("worker_loader.js")`.
//!
//! Messages are handled one at a time in arrival order (see [`crate::protocol`]).

mod listener;
mod session;

pub use listener::start;
