//! A lesion's saved results over time: what the history page charts.

use serde::Serialize;

use crate::{BodyPin, HistoryEntry};

/// How entries without a lesion label are grouped and shown.
pub const UNLABELLED: &str = "(no label)";

/// One lesion in the history list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LesionSummary {
    pub label: String,
    pub count: usize,
    pub first_ms: i64,
    pub last_ms: i64,
    /// Where the most recent entry with a body-map pin put the lesion.
    pub pin: Option<BodyPin>,
    /// When that entry was saved (which pin is the latest).
    #[serde(skip)]
    pin_ms: i64,
}

/// The lesions with entries, the most recently saved first.
pub fn lesions(entries: &[HistoryEntry]) -> Vec<LesionSummary> {
    let mut out: Vec<LesionSummary> = Vec::new();
    for e in entries {
        let label = e.lesion_label();
        match out.iter_mut().find(|s| s.label == label) {
            Some(s) => {
                s.count += 1;
                s.first_ms = s.first_ms.min(e.saved_at_ms);
                s.last_ms = s.last_ms.max(e.saved_at_ms);
                if e.pin.is_some() && (s.pin.is_none() || e.saved_at_ms >= s.pin_ms) {
                    s.pin = e.pin;
                    s.pin_ms = e.saved_at_ms;
                }
            }
            None => out.push(LesionSummary {
                label: label.to_owned(),
                count: 1,
                first_ms: e.saved_at_ms,
                last_ms: e.saved_at_ms,
                pin: e.pin,
                pin_ms: e.saved_at_ms,
            }),
        }
    }
    out.sort_by(|a, b| {
        b.last_ms
            .cmp(&a.last_ms)
            .then_with(|| a.label.cmp(&b.label))
    });
    out
}

/// One saved result of the lesion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelinePoint {
    pub entry_id: String,
    pub saved_at_ms: i64,
    /// In the order of [`Timeline::classes`].
    pub probabilities: Vec<f32>,
}

/// The probability of each class over time for one lesion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub label: String,
    /// Class codes, in the order of the newest entry's model.
    pub classes: Vec<String>,
    /// Oldest first.
    pub points: Vec<TimelinePoint>,
    /// Entries of this lesion left out because their model had other classes.
    pub left_out: usize,
}

/// The timeline of the lesion shown as `label` (see [`HistoryEntry::lesion_label`]), or
/// `None` when it has no entries.
pub fn timeline(entries: &[HistoryEntry], label: &str) -> Option<Timeline> {
    let mut mine: Vec<&HistoryEntry> = entries
        .iter()
        .filter(|e| e.lesion_label() == label)
        .collect();
    mine.sort_by(|a, b| {
        a.saved_at_ms
            .cmp(&b.saved_at_ms)
            .then_with(|| a.id.cmp(&b.id))
    });
    let newest = mine.last()?;
    let classes: Vec<String> = newest
        .record
        .probabilities
        .iter()
        .map(|(c, _)| c.clone())
        .collect();
    let mut points = Vec::with_capacity(mine.len());
    let mut left_out = 0;
    for e in mine {
        // A model with other classes cannot share the chart's lines.
        let same = e.record.probabilities.len() == classes.len()
            && e.record
                .probabilities
                .iter()
                .zip(&classes)
                .all(|((c, _), k)| c == k);
        if !same {
            left_out += 1;
            continue;
        }
        points.push(TimelinePoint {
            entry_id: e.id.clone(),
            saved_at_ms: e.saved_at_ms,
            probabilities: e.record.probabilities.iter().map(|(_, p)| *p).collect(),
        });
    }
    Some(Timeline {
        label: label.to_owned(),
        classes,
        points,
        left_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::entry;

    #[test]
    fn lesions_are_grouped_and_newest_first() {
        let entries = vec![
            entry("a", 1_700_000_000_000, "mole", &[0.7, 0.3]),
            entry("b", 1_700_000_100_000, "", &[0.7, 0.3]),
            entry("c", 1_690_000_000_000, "mole", &[0.7, 0.3]),
        ];
        let list = lesions(&entries);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].label, UNLABELLED);
        let mole = &list[1];
        assert_eq!(
            (
                mole.label.as_str(),
                mole.count,
                mole.first_ms,
                mole.last_ms,
                mole.pin
            ),
            ("mole", 2, 1_690_000_000_000, 1_700_000_000_000, None)
        );
    }

    #[test]
    fn a_lesion_is_where_its_latest_pinned_entry_put_it() {
        use crate::{BodyPin, BodySide};
        let pin = |x| BodyPin {
            side: BodySide::Front,
            x,
            y: 200.0,
        };
        let mut old = entry("a", 1_600_000_000_000, "mole", &[0.7, 0.3]);
        old.pin = Some(pin(60.0));
        let mut newer = entry("b", 1_650_000_000_000, "mole", &[0.7, 0.3]);
        newer.pin = Some(pin(140.0));
        // The newest entry has no pin: the lesion stays where the newer pin put it.
        let newest = entry("c", 1_700_000_000_000, "mole", &[0.7, 0.3]);
        for order in [
            vec![old.clone(), newer.clone(), newest.clone()],
            vec![newest, newer, old],
        ] {
            assert_eq!(lesions(&order)[0].pin, Some(pin(140.0)));
        }
    }

    #[test]
    fn a_timeline_is_sorted_by_date_and_aligned_by_class() {
        let mut other_model = entry("z", 1_650_000_000_000, "mole", &[0.5, 0.5]);
        other_model.record.probabilities[1].0 = "other".into();
        let entries = vec![
            entry("late", 1_700_000_000_000, "mole", &[0.4, 0.6]),
            entry("early", 1_600_000_000_000, "mole", &[0.9, 0.1]),
            entry("x", 1_650_000_000_000, "back", &[0.5, 0.5]),
            other_model,
        ];
        let t = timeline(&entries, "mole").expect("has entries");
        assert_eq!(t.classes, ["nv", "mel"]);
        assert_eq!(
            t.points
                .iter()
                .map(|p| p.entry_id.as_str())
                .collect::<Vec<_>>(),
            ["early", "late"]
        );
        assert_eq!(t.points[1].probabilities, [0.4, 0.6]);
        assert_eq!(t.left_out, 1);
        assert!(timeline(&entries, "nowhere").is_none());
    }
}
