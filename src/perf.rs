//! `performance.mark`s at the moments a user feels (model fetched, model ready, photo
//! decoded, result in), so cold start can be read from the browser's own timeline
//! (`scripts/bench.sh` does). Marking is best effort: a browser without the API loses
//! only the marks.

/// Mark names, all prefixed `skincheck:`.
pub mod marks {
    pub const MODEL_FETCHED: &str = "skincheck:model-fetched";
    pub const MODEL_READY: &str = "skincheck:model-ready";
    pub const IMAGE_OPENED: &str = "skincheck:image-opened";
    pub const CLASSIFIED: &str = "skincheck:classified";
}

/// Adds a mark to the page's performance timeline.
#[cfg(target_arch = "wasm32")]
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// The mark a worker reply stands for, if any.
pub fn mark_for(reply: &crate::protocol::Reply) -> Option<&'static str> {
    use crate::protocol::Reply;
    match reply {
        Reply::ModelLoaded { .. } => Some(marks::MODEL_READY),
        Reply::ImageOpened { .. } => Some(marks::IMAGE_OPENED),
        Reply::Classified { .. } => Some(marks::CLASSIFIED),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Reply;

    #[test]
    fn replies_users_wait_for_are_marked() {
        assert_eq!(
            mark_for(&Reply::ModelLoaded { load_ms: 1.0 }),
            Some(marks::MODEL_READY)
        );
        assert_eq!(mark_for(&Reply::Ready), None);
        assert!(marks::CLASSIFIED.starts_with("skincheck:"));
    }
}
