//! When the inference worker counts as broken, and whether to start a fresh one: pure rules,
//! unit-tested natively, that [`crate::worker_client`] applies.
//!
//! A worker is broken when it throws (a wasm panic aborts mid-request and leaves its state
//! borrowed, so nothing it answers afterwards can be trusted) or when it says nothing for
//! longer than the slowest legitimate request could take while something waits for it.

use crate::protocol::Request;

/// Silence allowed while a request waits, by what the worker is doing. Generous: a slow phone
/// loading the model or decoding a 64-megapixel photo must not be taken for a hang.
pub fn allowance_ms(request: &Request) -> f64 {
    match request {
        Request::LoadModel { .. } => 180_000.0,
        _ => 90_000.0,
    }
}

/// Fresh workers started in a row without one answer in between before giving up: a model
/// that crashes every worker it is loaded into must end in a message, not a loop.
pub const MAX_RESTARTS_IN_A_ROW: u32 = 3;

/// Tracks silence and restarts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Health {
    /// When the worker last answered, or when it was given work while idle.
    last_progress_ms: f64,
    restarts_in_a_row: u32,
}

impl Health {
    /// A request was posted at `now`; `idle`: nothing else was waiting, so the silence only
    /// starts now.
    pub fn posted(&mut self, now: f64, idle: bool) {
        if idle {
            self.last_progress_ms = now;
        }
    }

    /// The worker answered at `now`: it works, so later failures start a new count.
    pub fn answered(&mut self, now: f64) {
        self.last_progress_ms = now;
        self.restarts_in_a_row = 0;
    }

    /// Whether the worker has been silent too long at `now`, given the allowance of the
    /// oldest request it has not answered (none: nothing waits).
    pub fn overdue(&self, now: f64, oldest_allowance_ms: Option<f64>) -> bool {
        oldest_allowance_ms.is_some_and(|allowance| now - self.last_progress_ms > allowance)
    }

    /// The worker broke at `now`: whether to start a fresh one (else give up).
    pub fn restart(&mut self, now: f64) -> bool {
        self.last_progress_ms = now;
        self.restarts_in_a_row += 1;
        self.restarts_in_a_row <= MAX_RESTARTS_IN_A_ROW
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skincheck_core::{PatientMetadata, SquareCrop};

    fn classify() -> Request {
        Request::Classify {
            image_id: 1,
            crop: SquareCrop {
                x: 0,
                y: 0,
                side: 10,
            },
            metadata: PatientMetadata::default(),
        }
    }

    #[test]
    fn silence_counts_only_while_something_waits() {
        let mut health = Health::default();
        health.posted(1_000.0, true);
        assert!(!health.overdue(1_000.0 + 89_000.0, Some(allowance_ms(&classify()))));
        assert!(health.overdue(1_000.0 + 91_000.0, Some(allowance_ms(&classify()))));
        assert!(
            !health.overdue(1e9, None),
            "an idle worker is never overdue"
        );
    }

    #[test]
    fn a_queued_request_does_not_reset_the_clock_of_the_running_one() {
        let mut health = Health::default();
        health.posted(0.0, true);
        health.posted(80_000.0, false);
        assert!(health.overdue(91_000.0, Some(allowance_ms(&classify()))));
        health.answered(91_000.0);
        assert!(!health.overdue(100_000.0, Some(allowance_ms(&classify()))));
    }

    #[test]
    fn loading_the_model_may_take_longer() {
        let mut health = Health::default();
        health.posted(0.0, true);
        let load = Request::LoadModel {
            card_json: String::new(),
            sha256: None,
        };
        assert!(!health.overdue(120_000.0, Some(allowance_ms(&load))));
        assert!(health.overdue(120_000.0, Some(allowance_ms(&classify()))));
    }

    #[test]
    fn restarts_stop_after_three_in_a_row_and_count_again_after_an_answer() {
        let mut health = Health::default();
        assert!(health.restart(0.0) && health.restart(1.0) && health.restart(2.0));
        assert!(!health.restart(3.0), "a fourth restart in a row is refused");
        health.answered(4.0);
        assert!(health.restart(5.0));
    }
}
