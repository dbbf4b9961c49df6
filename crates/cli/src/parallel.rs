//! Classifying many photos on every core, with a progress bar, results in input order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};

/// `work` on every item with `jobs` threads; `what` names the task on the progress bar.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    what: &str,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let progress = ProgressBar::new(items.len() as u64).with_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {what} [{{bar:40}}] {{pos}}/{{len}} images, {{per_sec}}, eta {{eta}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    break;
                };
                let outcome = work(item);
                results.lock().expect("no panics while holding")[i] = Some(outcome);
                progress.inc(1);
            });
        }
    });
    progress.finish_and_clear();
    results
        .into_inner()
        .expect("threads joined")
        .into_iter()
        .map(|r| r.expect("every index is claimed by exactly one worker"))
        .collect()
}
