//! Merging an import into the stored history. Nothing stored is ever replaced: an entry
//! already there is skipped, and one whose id a different stored entry has is kept beside it
//! as a copy under a new id, so importing the same export twice changes nothing; a re-check
//! plan is taken only for a lesion that has none.

use std::collections::{HashMap, HashSet};

use skincheck_core::Language;

use crate::{HistoryEntry, Recheck, MAX_ID_CHARS};

/// What importing a (fully validated) file does, worked out before anything is written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    /// What to store, in the file's order: the new entries and the copies, no id stored yet.
    pub to_store: Vec<HistoryEntry>,
    /// Entries new to this history.
    pub added: usize,
    /// Entries equal, apart from the id, to one stored (or earlier in the file): skipped.
    pub already_there: usize,
    /// Entries whose id a different stored entry (or an unreadable stored record) has.
    pub copies: Vec<KeptCopy>,
}

/// An imported entry stored under a new id, beside the different stored entry with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptCopy {
    pub id: String,
    pub new_id: String,
    /// The photo's file name, to tell the user which one.
    pub file: String,
}

/// The same saved result: everything but the id (an export of an export has the same ids,
/// but a result saved twice is still one result). The pin and the photo count: an import that
/// adds either to a stored result is kept as a copy, never dropped. So `stored` must carry its
/// photos, or every entry with one reads as changed.
fn same_result(a: &HistoryEntry, b: &HistoryEntry) -> bool {
    a.saved_at_ms == b.saved_at_ms
        && a.lesion == b.lesion
        && a.record == b.record
        && a.thumbnail == b.thumbnail
        && a.pin == b.pin
        && a.photo == b.photo
}

/// How `imported` merges into `stored`. `unreadable_ids` are the keys of stored records that
/// are damaged: never overwritten either. Entries are looked up by save time and file name,
/// so 10,000 against 10,000 is quick.
pub fn plan_import(
    stored: &[HistoryEntry],
    unreadable_ids: &[String],
    imported: &[HistoryEntry],
) -> ImportPlan {
    let mut known: HashMap<(i64, &str), Vec<&HistoryEntry>> = HashMap::new();
    for e in stored {
        known.entry(key(e)).or_default().push(e);
    }
    let stored_ids: HashSet<&str> = stored
        .iter()
        .map(|e| e.id.as_str())
        .chain(unreadable_ids.iter().map(String::as_str))
        .collect();
    // Ids a copy must not take: stored, unreadable, and every id of the file.
    let mut taken: HashSet<String> = stored_ids
        .iter()
        .map(|id| id.to_string())
        .chain(imported.iter().map(|e| e.id.clone()))
        .collect();
    let mut plan = ImportPlan::default();
    for e in imported {
        let same = known.entry(key(e)).or_default();
        if same.iter().any(|k| same_result(k, e)) {
            plan.already_there += 1;
            continue;
        }
        same.push(e);
        if stored_ids.contains(e.id.as_str()) {
            let new_id = copy_id(&e.id, &mut taken);
            plan.copies.push(KeptCopy {
                id: e.id.clone(),
                new_id: new_id.clone(),
                file: e.record.file.clone(),
            });
            plan.to_store.push(HistoryEntry {
                id: new_id,
                ..e.clone()
            });
        } else {
            plan.added += 1;
            plan.to_store.push(e.clone());
        }
    }
    plan
}

/// The imported re-check plans to store: those for lesions without a stored plan, the first
/// for each lesion, in the file's order. A stored plan is the person's latest choice here and
/// is never replaced.
pub fn plan_rechecks(stored: &[Recheck], imported: &[Recheck]) -> Vec<Recheck> {
    let mut planned: HashSet<&str> = stored.iter().map(|r| r.lesion.as_str()).collect();
    imported
        .iter()
        .filter(|r| planned.insert(r.lesion.as_str()))
        .cloned()
        .collect()
}

fn key(e: &HistoryEntry) -> (i64, &str) {
    (e.saved_at_ms, e.record.file.as_str())
}

/// `a-copy`, else `a-copy-2`, … : the first not `taken` (then taken), cut to fit
/// [`MAX_ID_CHARS`].
fn copy_id(id: &str, taken: &mut HashSet<String>) -> String {
    for n in 1usize.. {
        let suffix = match n {
            1 => "-copy".to_string(),
            n => format!("-copy-{n}"),
        };
        let keep = MAX_ID_CHARS.saturating_sub(suffix.chars().count());
        let candidate: String = id.chars().take(keep).chain(suffix.chars()).collect();
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
    unreachable!("some copy number is free")
}

/// At most this many files are named in the summary.
const NAMED_COPIES: usize = 5;

impl ImportPlan {
    /// What the page says: "Imported: 12 added, 3 already there, 1 kept as a copy." and
    /// which photos were kept as copies.
    pub fn summary(&self, language: Language) -> String {
        let copies = self.copies.len();
        let de = language == Language::De;
        if self.added + self.already_there + copies == 0 {
            return match language {
                Language::En => "The file has no entries: nothing was changed.",
                Language::De => "Die Datei enthält keine Einträge: Es wurde nichts geändert.",
            }
            .into();
        }
        let (added, there) = match language {
            Language::En => ("added", "already there"),
            Language::De => ("hinzugefügt", "bereits vorhanden"),
        };
        let mut parts = vec![format!("{} {added}", self.added)];
        if self.already_there > 0 {
            parts.push(format!("{} {there}", self.already_there));
        }
        parts.extend((copies > 0).then(|| match (language, copies) {
            (Language::En, 1) => "1 kept as a copy".to_owned(),
            (Language::En, n) => format!("{n} kept as copies"),
            (Language::De, 1) => "1 als Kopie behalten".to_owned(),
            (Language::De, n) => format!("{n} als Kopien behalten"),
        }));
        let lead = if de { "Importiert" } else { "Imported" };
        let mut text = format!("{lead}: {}.", parts.join(", "));
        if copies > 0 {
            let mut files: Vec<&str> = self
                .copies
                .iter()
                .take(NAMED_COPIES)
                .map(|c| c.file.as_str())
                .collect();
            let more = copies.saturating_sub(NAMED_COPIES);
            let more =
                (more > 0).then(|| format!("{more} {}", if de { "weitere" } else { "more" }));
            files.extend(more.as_deref());
            let files = files.join(", ");
            text.push_str(&match language {
                Language::En => {
                    format!(" A different saved entry has the same id, so both are kept: {files}.")
                }
                Language::De => format!(
                    " Ein anderer gespeicherter Eintrag hat dieselbe ID, daher werden beide \
                     behalten: {files}."
                ),
            });
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::entry;

    fn stored() -> Vec<HistoryEntry> {
        vec![
            entry("a", 1_700_000_000_000, "mole", &[0.7, 0.3]),
            entry("b", 1_700_000_100_000, "mole", &[0.2, 0.8]),
        ]
    }

    #[test]
    fn importing_the_same_export_twice_changes_nothing() {
        let stored = stored();
        let plan = plan_import(&stored, &[], &stored);
        assert_eq!(plan.to_store, vec![]);
        assert_eq!((plan.added, plan.already_there), (0, 2));
        assert_eq!(
            plan.summary(Language::En),
            "Imported: 0 added, 2 already there."
        );
    }

    #[test]
    fn new_entries_are_added_in_the_files_order() {
        let new = vec![
            entry("d", 1_710_000_000_000, "", &[0.5, 0.5]),
            entry("c", 1_690_000_000_000, "knee", &[0.1, 0.9]),
        ];
        let plan = plan_import(&stored(), &[], &new);
        assert_eq!(plan.to_store, new);
        assert_eq!(plan.summary(Language::En), "Imported: 2 added.");
        assert_eq!(plan_import(&[], &[], &new).added, 2);
    }

    #[test]
    fn a_changed_entry_is_kept_beside_the_stored_one_under_a_new_id() {
        let stored = stored();
        let mut changed = stored[0].clone();
        changed.lesion = "left shoulder mole".into();
        let new = entry("e", 1_720_000_000_000, "", &[0.4, 0.6]);
        let imported = vec![changed.clone(), stored[1].clone(), new.clone()];
        let plan = plan_import(&stored, &[], &imported);
        let copy = HistoryEntry {
            id: "a-copy".into(),
            ..changed
        };
        assert_eq!(plan.to_store, vec![copy.clone(), new]);
        assert_eq!(
            plan.copies,
            vec![KeptCopy {
                id: "a".into(),
                new_id: "a-copy".into(),
                file: "a.jpg".into()
            }]
        );
        assert_eq!(
            plan.summary(Language::En),
            "Imported: 1 added, 1 already there, 1 kept as a copy. A different saved entry \
             has the same id, so both are kept: a.jpg."
        );
        // Imported again, the copy is already there too.
        let mut now = stored.clone();
        now.extend(plan.to_store);
        let again = plan_import(&now, &[], &imported);
        assert_eq!((again.to_store.len(), again.already_there), (0, 3));
        assert!(copy.validate().is_ok());
    }

    #[test]
    fn a_copy_takes_no_id_stored_unreadable_or_in_the_file() {
        let stored = vec![
            entry("a", 1_700_000_000_000, "", &[0.7, 0.3]),
            entry("a-copy", 1_700_000_000_001, "", &[0.7, 0.3]),
        ];
        let unreadable = vec!["a-copy-2".to_string(), "broken".to_string()];
        let imported = vec![
            entry("a", 1_710_000_000_000, "", &[0.7, 0.3]),
            entry("broken", 1_710_000_000_001, "", &[0.7, 0.3]),
            entry("a-copy-3", 1_710_000_000_002, "", &[0.7, 0.3]),
        ];
        let plan = plan_import(&stored, &unreadable, &imported);
        let ids: Vec<&str> = plan.to_store.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a-copy-4", "broken-copy", "a-copy-3"]);
        assert_eq!((plan.added, plan.copies.len()), (1, 2));
        assert!(
            plan.summary(Language::En).contains("2 kept as copies"),
            "{}",
            plan.summary(Language::En)
        );
    }

    #[test]
    fn a_copy_of_a_longest_id_still_fits() {
        let long = "é".repeat(MAX_ID_CHARS);
        let mut stored = entry("x", 1_700_000_000_000, "", &[0.7, 0.3]);
        stored.id = long.clone();
        let mut imported = stored.clone();
        imported.lesion = "other".into();
        let plan = plan_import(&[stored], &[], &[imported]);
        let copy = &plan.to_store[0];
        assert_eq!(copy.id.chars().count(), MAX_ID_CHARS);
        assert!(copy.id.ends_with("é-copy"), "{}", copy.id);
        assert!(copy.validate().is_ok());
    }

    #[test]
    fn entries_repeated_in_one_file_are_added_once() {
        let a = entry("a", 1_700_000_000_000, "", &[0.7, 0.3]);
        let twin = HistoryEntry {
            id: "a2".into(),
            ..a.clone()
        };
        let plan = plan_import(&[], &[], &[a.clone(), twin]);
        assert_eq!(plan.to_store, vec![a]);
        assert_eq!(plan.already_there, 1);
    }

    #[test]
    fn a_pin_or_photo_added_elsewhere_is_kept_as_a_copy() {
        let stored = stored();
        let mut pinned = stored[0].clone();
        pinned.pin = Some(crate::BodyPin {
            side: crate::BodySide::Back,
            x: 100.0,
            y: 120.0,
        });
        let mut photographed = stored[1].clone();
        photographed.photo = Some("data:image/jpeg;base64,/9j/".into());
        let imported = vec![pinned.clone(), photographed.clone()];
        let plan = plan_import(&stored, &[], &imported);
        let ids: Vec<&str> = plan.to_store.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a-copy", "b-copy"]);
        assert_eq!(plan.to_store[0].pin, pinned.pin);
        assert_eq!(plan.to_store[1].photo, photographed.photo);
        // Stored with them, the same file is already there.
        let again = plan_import(&imported, &[], &imported);
        assert_eq!((again.to_store.len(), again.already_there), (0, 2));
    }

    #[test]
    fn imported_plans_never_replace_a_stored_one() {
        let plan = |lesion: &str, every_weeks| Recheck {
            lesion: lesion.into(),
            every_weeks,
        };
        let stored = vec![plan("mole", 4)];
        let imported = vec![
            plan("knee", 8),
            plan("mole", 52),
            plan("back", 2),
            plan("knee", 2),
        ];
        assert_eq!(
            plan_rechecks(&stored, &imported),
            [plan("knee", 8), plan("back", 2)]
        );
        assert_eq!(plan_rechecks(&stored, &stored), []);
        assert_eq!(plan_rechecks(&[], &stored), stored);
    }

    #[test]
    fn the_summary_names_a_few_copies_and_counts_the_rest() {
        let plan = ImportPlan {
            copies: (0..7)
                .map(|i| KeptCopy {
                    id: format!("{i}"),
                    new_id: format!("{i}-copy"),
                    file: format!("{i}.jpg"),
                })
                .collect(),
            ..ImportPlan::default()
        };
        assert_eq!(
            plan.summary(Language::En),
            "Imported: 0 added, 7 kept as copies. A different saved entry has the same id, \
             so both are kept: 0.jpg, 1.jpg, 2.jpg, 3.jpg, 4.jpg, 2 more."
        );
        assert_eq!(
            ImportPlan::default().summary(Language::En),
            "The file has no entries: nothing was changed."
        );
        assert_eq!(
            plan.summary(Language::De),
            "Importiert: 0 hinzugefügt, 7 als Kopien behalten. Ein anderer gespeicherter \
             Eintrag hat dieselbe ID, daher werden beide behalten: 0.jpg, 1.jpg, 2.jpg, 3.jpg, \
             4.jpg, 2 weitere."
        );
        assert_eq!(
            ImportPlan::default().summary(Language::De),
            "Die Datei enthält keine Einträge: Es wurde nichts geändert."
        );
    }
}
