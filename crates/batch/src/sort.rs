//! The result table's sort orders.

use std::cmp::Ordering;

use crate::{BatchQueue, RowStatus};

/// A column of the result table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// The order the files were added.
    Added,
    File,
    TopClass,
    TopProbability,
    /// Malignant, suspicious, benign (then by the malignant probability).
    Triage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    Ascending,
    Descending,
}

impl SortDirection {
    pub fn flipped(self) -> Self {
        match self {
            SortDirection::Ascending => SortDirection::Descending,
            SortDirection::Descending => SortDirection::Ascending,
        }
    }
}

fn triage_rank(level: &str) -> u8 {
    match level {
        "malignant" => 3,
        "suspicious" => 2,
        "benign" => 1,
        _ => 0,
    }
}

impl<T> BatchQueue<T> {
    /// Row indices in table order. Rows without a result always follow those with one (in
    /// the order added), whichever the direction; ties keep the order added.
    pub fn sorted(&self, key: SortKey, direction: SortDirection) -> Vec<usize> {
        let rows = self.rows();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&rows[a], &rows[b]);
            let by_key = match (&ra.status, &rb.status) {
                (RowStatus::Done { record: x, .. }, RowStatus::Done { record: y, .. }) => {
                    let o = match key {
                        SortKey::Added => a.cmp(&b),
                        SortKey::File => ra.file.to_lowercase().cmp(&rb.file.to_lowercase()),
                        SortKey::TopClass => x.top_class.cmp(&y.top_class),
                        SortKey::TopProbability => x.top_probability.total_cmp(&y.top_probability),
                        SortKey::Triage => triage_rank(&x.triage)
                            .cmp(&triage_rank(&y.triage))
                            .then(x.malignant_probability.total_cmp(&y.malignant_probability)),
                    };
                    match direction {
                        SortDirection::Ascending => o,
                        SortDirection::Descending => o.reverse(),
                    }
                }
                (RowStatus::Done { .. }, _) => Ordering::Less,
                (_, RowStatus::Done { .. }) => Ordering::Greater,
                _ => Ordering::Equal,
            };
            by_key.then(a.cmp(&b))
        });
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::tests::record;

    fn queue() -> BatchQueue<()> {
        let mut q = BatchQueue::new();
        let results = [
            ("b.jpg", [0.6, 0.3, 0.1], "suspicious"),
            ("A.jpg", [0.2, 0.7, 0.1], "malignant"),
            ("c.jpg", [0.1, 0.1, 0.8], "benign"),
        ];
        q.add([
            "b.jpg".into(),
            "A.jpg".into(),
            "waiting.jpg".into(),
            "c.jpg".into(),
        ]);
        for (i, (file, p, triage)) in [0, 1, 3].into_iter().zip(results) {
            q.start_next(0.0);
            // The queue runs in order, so row 2 would be next: finish it as failed in turn.
            if i == 3 {
                q.finish(2, Err("unreadable".into()), 0.0);
                q.start_next(0.0);
            }
            assert!(q.finish(i, Ok((record(file, &p, triage), ())), 1.0));
        }
        q
    }

    #[test]
    fn each_column_sorts_both_ways_with_unfinished_rows_last() {
        let q = queue();
        use SortDirection::*;
        assert_eq!(q.sorted(SortKey::Added, Ascending), [0, 1, 3, 2]);
        assert_eq!(q.sorted(SortKey::File, Ascending), [1, 0, 3, 2]);
        assert_eq!(q.sorted(SortKey::File, Descending), [3, 0, 1, 2]);
        assert_eq!(q.sorted(SortKey::TopClass, Ascending), [3, 1, 0, 2]);
        assert_eq!(q.sorted(SortKey::TopProbability, Descending), [3, 1, 0, 2]);
        assert_eq!(q.sorted(SortKey::Triage, Descending), [1, 0, 3, 2]);
        assert_eq!(q.sorted(SortKey::Triage, Ascending), [3, 0, 1, 2]);
    }
}
