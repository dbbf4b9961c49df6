//! Rows and their life cycle.

use skincheck_core::record::{csv_failure_row, csv_header_with_error, csv_result_row};
use skincheck_core::{Language, ModelCard, ResultRecord};

/// Where one file is.
#[derive(Debug, Clone, PartialEq)]
pub enum RowStatus<T> {
    Queued,
    /// Sent to the classifier at this time (ms, any monotonic clock).
    Running {
        started_ms: f64,
    },
    /// `extra`: what the app keeps beside the record (a thumbnail).
    Done {
        record: Box<ResultRecord>,
        extra: T,
        took_ms: f64,
    },
    /// `message` is already in the page's language (it is shown and exported as it is).
    Failed {
        message: String,
    },
    /// Cancelled before it ran.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BatchRow<T> {
    /// The name shown and written to the CSV (the file's path inside a chosen folder).
    pub file: String,
    pub status: RowStatus<T>,
}

/// The progress line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub total: usize,
    /// Classified or failed.
    pub finished: usize,
    pub failed: usize,
    pub cancelled: usize,
    pub running: bool,
    /// Estimated time until the last queued file is done; `None` before the first result
    /// or when nothing is left.
    pub remaining_ms: Option<f64>,
}

/// A queue of files classified one at a time, in the order added.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchQueue<T> {
    rows: Vec<BatchRow<T>>,
    /// Total time of the finished files, for the time-left estimate.
    busy_ms: f64,
    timed: usize,
}

impl<T> Default for BatchQueue<T> {
    fn default() -> Self {
        BatchQueue {
            rows: Vec::new(),
            busy_ms: 0.0,
            timed: 0,
        }
    }
}

impl<T> BatchQueue<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues more files behind those already there; returns the index of the first.
    pub fn add(&mut self, files: impl IntoIterator<Item = String>) -> usize {
        let first = self.rows.len();
        self.rows.extend(files.into_iter().map(|file| BatchRow {
            file,
            status: RowStatus::Queued,
        }));
        first
    }

    pub fn rows(&self) -> &[BatchRow<T>] {
        &self.rows
    }

    pub fn row(&self, index: usize) -> Option<&BatchRow<T>> {
        self.rows.get(index)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The file to send next, marked running; `None` while one runs or none waits.
    pub fn start_next(&mut self, now_ms: f64) -> Option<usize> {
        if self.is_running() {
            return None;
        }
        let index = self
            .rows
            .iter()
            .position(|r| matches!(r.status, RowStatus::Queued))?;
        self.rows[index].status = RowStatus::Running { started_ms: now_ms };
        Some(index)
    }

    pub fn is_running(&self) -> bool {
        self.rows
            .iter()
            .any(|r| matches!(r.status, RowStatus::Running { .. }))
    }

    /// Records the outcome of the running file `index`. Returns false (and changes nothing)
    /// if that file is not the one running: a late reply after the queue was cleared.
    pub fn finish(
        &mut self,
        index: usize,
        outcome: Result<(ResultRecord, T), String>,
        now_ms: f64,
    ) -> bool {
        let Some(row) = self.rows.get_mut(index) else {
            return false;
        };
        let RowStatus::Running { started_ms } = row.status else {
            return false;
        };
        let took_ms = (now_ms - started_ms).max(0.0);
        self.busy_ms += took_ms;
        self.timed += 1;
        row.status = match outcome {
            Ok((record, extra)) => RowStatus::Done {
                record: Box::new(record),
                extra,
                took_ms,
            },
            Err(message) => RowStatus::Failed { message },
        };
        true
    }

    /// Stops the queue: files not yet sent are cancelled; the one running finishes and is
    /// kept. Returns how many were cancelled.
    pub fn cancel(&mut self) -> usize {
        let mut cancelled = 0;
        for row in &mut self.rows {
            if matches!(row.status, RowStatus::Queued) {
                row.status = RowStatus::Cancelled;
                cancelled += 1;
            }
        }
        cancelled
    }

    /// Forgets every row (the app drops their thumbnails with them).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    pub fn progress(&self) -> Progress {
        let count =
            |f: &dyn Fn(&RowStatus<T>) -> bool| self.rows.iter().filter(|r| f(&r.status)).count();
        let failed = count(&|s| matches!(s, RowStatus::Failed { .. }));
        let done = count(&|s| matches!(s, RowStatus::Done { .. }));
        let cancelled = count(&|s| matches!(s, RowStatus::Cancelled));
        let queued = count(&|s| matches!(s, RowStatus::Queued));
        let running = self.is_running();
        let left = queued + usize::from(running);
        let remaining_ms =
            (self.timed > 0 && left > 0).then(|| self.busy_ms / self.timed as f64 * left as f64);
        Progress {
            total: self.rows.len(),
            finished: done + failed,
            failed,
            cancelled,
            running,
            remaining_ms,
        }
    }

    /// The export: the CLI's `classify --csv` header, then one line per classified or failed
    /// file in `order` (row indices, e.g. the table's sort order). Queued or cancelled files
    /// have no result and are left out. The header is never translated: its column names are
    /// a file format that spreadsheets, scripts and the CLI's own CSV share.
    pub fn csv(&self, card: &ModelCard, order: &[usize]) -> String {
        let mut out = csv_header_with_error(card);
        out.push('\n');
        for row in order.iter().filter_map(|&i| self.rows.get(i)) {
            let line = match &row.status {
                RowStatus::Done { record, .. } => csv_result_row(record),
                RowStatus::Failed { message } => csv_failure_row(card, &row.file, message),
                _ => continue,
            };
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

impl Progress {
    /// "12 of 200 · about 1 min 5 s left" as the page shows it, in `language`.
    pub fn describe(&self, language: Language) -> String {
        let (of, failed, cancelled) = match language {
            Language::En => ("of", "failed", "cancelled"),
            Language::De => ("von", "fehlgeschlagen", "abgebrochen"),
        };
        let mut text = format!("{} {of} {}", self.finished, self.total);
        if self.failed > 0 {
            text.push_str(&format!(" ({} {failed})", self.failed));
        }
        if self.cancelled > 0 {
            text.push_str(&format!(" · {} {cancelled}", self.cancelled));
        }
        if let Some(ms) = self.remaining_ms {
            let left = duration_text(ms);
            text.push_str(&match language {
                Language::En => format!(" · about {left} left"),
                Language::De => format!(" · noch etwa {left}"),
            });
        }
        text
    }

    /// The batch as work another tab waits for, a noun phrase that reads the same in the
    /// sentences around it: "a batch (12 of 200)" / "ein Stapel (12 von 200)".
    pub fn busy_text(&self, language: Language) -> String {
        let progress = self.describe(language);
        match language {
            Language::En => format!("a batch ({progress})"),
            Language::De => format!("ein Stapel ({progress})"),
        }
    }
}

/// "45 s", "3 min 20 s", "1 h 2 min": unit symbols, written alike in English and German.
pub fn duration_text(ms: f64) -> String {
    let s = (ms / 1000.0).round().max(1.0) as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn record(file: &str, probabilities: &[f32], triage: &str) -> ResultRecord {
        let codes = ["nv", "mel", "bkl"];
        let probabilities: Vec<(String, f32)> = codes
            .iter()
            .zip(probabilities)
            .map(|(c, p)| (c.to_string(), *p))
            .collect();
        let (top, p) = probabilities
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .cloned()
            .expect("probabilities");
        ResultRecord {
            file: file.into(),
            top_class: top.clone(),
            top_probability: p,
            decision: top,
            triage: triage.into(),
            triage_reason: String::new(),
            check: None,
            malignant_probability: probabilities[1].1,
            probabilities,
            age: None,
            sex: None,
            site: Some("back".into()),
            crop: [0, 0, 10],
            model_id: "m, 1".into(),
            model_sha256: "ab".repeat(32),
        }
    }

    pub fn card() -> ModelCard {
        let json = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/tiny_model.json"
        ))
        .expect("fixture card");
        ModelCard::from_json(&json).expect("valid card")
    }

    #[test]
    fn files_run_one_at_a_time_in_order() {
        let mut q = BatchQueue::<()>::new();
        q.add(["a.jpg".into(), "b.jpg".into(), "c.jpg".into()]);
        assert_eq!(q.start_next(0.0), Some(0));
        assert_eq!(q.start_next(1.0), None, "one at a time");
        assert!(q.finish(
            0,
            Ok((record("a.jpg", &[0.6, 0.3, 0.1], "benign"), ())),
            100.0
        ));
        assert!(
            !q.finish(0, Err("late".into()), 150.0),
            "not running any more"
        );
        assert_eq!(q.start_next(100.0), Some(1));
        assert!(q.finish(1, Err("not an image".into()), 300.0));
        let p = q.progress();
        assert_eq!((p.total, p.finished, p.failed, p.running), (3, 2, 1, false));
        // Two files took 300 ms: 150 ms each, one left.
        assert_eq!(p.remaining_ms, Some(150.0));
        assert_eq!(
            p.describe(Language::En),
            "2 of 3 (1 failed) · about 1 s left"
        );
        assert_eq!(
            p.describe(Language::De),
            "2 von 3 (1 fehlgeschlagen) · noch etwa 1 s"
        );
        assert_eq!(q.start_next(300.0), Some(2));
        assert!(q.finish(
            2,
            Ok((record("c.jpg", &[0.1, 0.8, 0.1], "malignant"), ())),
            400.0
        ));
        assert_eq!(q.start_next(400.0), None);
        assert_eq!(q.progress().remaining_ms, None);
    }

    #[test]
    fn cancel_stops_the_queue_but_keeps_the_running_file() {
        let mut q = BatchQueue::<()>::new();
        q.add((0..5).map(|i| format!("{i}.jpg")));
        assert_eq!(q.start_next(0.0), Some(0));
        assert_eq!(q.cancel(), 4);
        assert!(q.finish(
            0,
            Ok((record("0.jpg", &[0.5, 0.3, 0.2], "benign"), ())),
            10.0
        ));
        assert_eq!(q.start_next(10.0), None, "nothing runs after cancel");
        let p = q.progress();
        assert_eq!((p.finished, p.cancelled, p.remaining_ms), (1, 4, None));
        assert_eq!(p.describe(Language::En), "1 of 5 · 4 cancelled");
        assert_eq!(p.describe(Language::De), "1 von 5 · 4 abgebrochen");
        assert_eq!(p.busy_text(Language::En), "a batch (1 of 5 · 4 cancelled)");
        assert_eq!(
            p.busy_text(Language::De),
            "ein Stapel (1 von 5 · 4 abgebrochen)"
        );
        // More files can be added and run afterwards.
        assert_eq!(q.add(["new.jpg".into()]), 5);
        assert_eq!(q.start_next(20.0), Some(5));
    }

    #[test]
    fn the_csv_has_the_cli_columns_in_the_given_order() {
        let card = card();
        let mut q = BatchQueue::<()>::new();
        q.add(["a.jpg".into(), "bad \"x\".png".into(), "later.jpg".into()]);
        q.start_next(0.0);
        q.finish(
            0,
            Ok((record("a.jpg", &[0.6, 0.3, 0.1], "benign"), ())),
            1.0,
        );
        q.start_next(1.0);
        q.finish(1, Err("the file is not an image".into()), 2.0);
        let csv = q.csv(&card, &[1, 0, 2]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines.len(),
            3,
            "header + 2 results, the queued file left out"
        );
        assert_eq!(
            lines[0],
            format!("{},error", ResultRecord::csv_header(&card))
        );
        let columns = lines[0].split(',').count();
        assert_eq!(
            lines[1],
            format!(
                "\"bad \"\"x\"\".png\"{},the file is not an image",
                ",".repeat(columns - 2)
            )
        );
        assert!(lines[2]
            .starts_with("a.jpg,nv,0.600000,nv,benign,,0.300000,0.600000,0.300000,0.100000,"));
        assert!(lines[2].ends_with(&format!(",\"m, 1\",{},", "ab".repeat(32))));
    }

    #[test]
    fn hostile_file_names_cannot_run_as_formulas_in_a_spreadsheet() {
        let card = card();
        // A name from a dropped folder, and the cell it must be.
        let names = [
            (
                "=HYPERLINK(\"http://evil.example\",\"click\")",
                "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"",
            ),
            ("+1.jpg", "\"'+1.jpg\""),
            ("-2+3.jpg", "\"'-2+3.jpg\""),
            ("@SUM(A1:A9).jpg", "\"'@SUM(A1:A9).jpg\""),
            ("photos/a, \"b\".jpg", "\"photos/a, \"\"b\"\".jpg\""),
        ];
        let mut q = BatchQueue::<()>::new();
        q.add(names.iter().map(|(n, _)| n.to_string()));
        q.add(["=1+1.png".to_string()]);
        for (i, (name, _)) in names.iter().enumerate() {
            q.start_next(0.0);
            let done = record(name, &[0.6, 0.3, 0.1], "benign");
            q.finish(i, Ok((done, ())), 1.0);
        }
        q.start_next(1.0);
        q.finish(names.len(), Err("-not an image".into()), 2.0);
        let csv = q.csv(&card, &(0..q.len()).collect::<Vec<_>>());
        let lines: Vec<&str> = csv.lines().skip(1).collect();
        for (line, (_, cell)) in lines.iter().zip(names) {
            // The probabilities and crop are the same numbers as for any other name.
            let rest = ",nv,0.600000,nv,benign,,0.300000,0.600000,0.300000,0.100000,,,back,0,0,10";
            let hash = "ab".repeat(32);
            assert_eq!(*line, format!("{cell}{rest},\"m, 1\",{hash},"));
        }
        let failed = lines[names.len()];
        assert!(failed.starts_with("\"'=1+1.png\","), "{failed}");
        assert!(failed.ends_with(",\"'-not an image\""), "{failed}");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(200.0), "1 s");
        assert_eq!(duration_text(45_000.0), "45 s");
        assert_eq!(duration_text(200_000.0), "3 min 20 s");
        assert_eq!(duration_text(3_720_000.0), "1 h 2 min");
    }
}
