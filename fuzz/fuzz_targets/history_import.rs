//! The History page's import: `parse_import` may refuse any file (nothing is stored then), but
//! the entries it accepts go straight into IndexedDB and the page's lists and charts, so these
//! must work on them, and exporting them again must give a file that imports to the same
//! entries (an accepted history never turns into an export the app refuses).
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use skincheck_history::{export_json, lesions, parse_import, timeline};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(entries) = parse_import(text) else {
        return;
    };
    let summaries = lesions(&entries);
    assert_eq!(
        summaries.iter().map(|s| s.count).sum::<usize>(),
        entries.len()
    );
    for s in &summaries {
        let t = timeline(&entries, &s.label).expect("a listed lesion has a timeline");
        assert_eq!(t.points.len() + t.left_out, s.count);
        assert!(!t.points.is_empty(), "the newest entry is always charted");
        for p in &t.points {
            assert_eq!(p.probabilities.len(), t.classes.len());
        }
    }
    for e in &entries {
        let _ = e.record.csv_row();
    }
    let again = parse_import(&export_json(&entries, 1_700_000_000_000))
        .unwrap_or_else(|e| panic!("the export of an accepted import is refused: {e}"));
    assert_eq!(again, entries);
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    skincheck_fuzz::mutate_json(data, size, max_size, seed)
});
