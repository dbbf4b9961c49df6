//! Import files from outside the crate's own tests: the committed example export (also the
//! history fuzz target's seed) and the inputs the fuzz target found.

use skincheck_history::{export_json, lesions, parse_import, timeline, EntryError, ImportError};

const EXAMPLE: &str = include_str!("../../../tests/fixtures/history_export.json");

#[test]
fn the_example_export_imports_and_round_trips() {
    let entries = parse_import(EXAMPLE).expect("the example export is valid");
    assert_eq!(entries.len(), 3);
    assert!(entries[1].record.check.is_some() && entries[2].record.check.is_none());
    let list = lesions(&entries);
    assert_eq!(list.len(), 2);
    let mole = timeline(&entries, "left shoulder mole").expect("two entries");
    assert_eq!(mole.points.len(), 2);
    assert_eq!(
        parse_import(&export_json(&entries, 1)).expect("re-import"),
        entries
    );
}

/// Found by the history_import fuzz target: `"clipped": -1e39` parsed as -inf, the import was
/// accepted, and the next export wrote `"clipped": null`, which the import refuses.
#[test]
fn numbers_beyond_f32_are_refused_not_exported_as_null() {
    // (text in the first entry, its replacement, the name in the reason)
    let cases = [
        ("\"clipped\": 0.0", "\"clipped\": -1e39", "clipped fraction"),
        ("\"brightness\": 0.55", "\"brightness\": 1e39", "brightness"),
        (
            "\"ood_score\": 112.5",
            "\"ood_score\": 3.5e38",
            "out-of-distribution score",
        ),
        (
            "\"top_probability\": 0.85",
            "\"top_probability\": 1e39",
            "top probability",
        ),
        (
            "\"malignant_probability\": 0.09",
            "\"malignant_probability\": -1e300",
            "malignant probability",
        ),
    ];
    for (from, to, name) in cases {
        assert!(EXAMPLE.contains(from), "{from}");
        assert_eq!(
            parse_import(&EXAMPLE.replacen(from, to, 1)),
            Err(ImportError::InvalidEntry {
                number: 1,
                source: EntryError::NotFinite(name)
            }),
            "{to}"
        );
    }
    // The largest f32 itself is a number.
    let largest = EXAMPLE.replacen("\"sharpness\": 0.31", "\"sharpness\": 3.4e38", 1);
    assert!(parse_import(&largest).is_ok());
}
