//! Import files from outside the crate's own tests: the committed example export (a version 1
//! file, also the history fuzz target's seed), the version 2 diary seed of the fuzz target,
//! the committed version 1 fixture, and the inputs the fuzz target found.

use skincheck_history::{
    export_json, lesions, parse_import, timeline, BodyPin, BodySide, EntryError, ImportError,
    Recheck,
};

const EXAMPLE: &str = include_str!("../../../tests/fixtures/history_export.json");
const VERSION_1: &str = include_str!("fixtures/history_v1.json");
const DIARY_SEED: &str = include_str!("../../../fuzz/seeds/history/diary_v2.json");

#[test]
fn the_version_2_fuzz_seed_has_a_pin_a_photo_and_a_plan() {
    let diary = parse_import(DIARY_SEED).expect("the seed is a valid version 2 export");
    assert_eq!(diary.from_version, 2);
    let first = &diary.entries[0];
    let region = first
        .pin
        .and_then(|p| p.region())
        .expect("a pin on the body");
    assert_eq!(region.id, "left-forearm-back");
    assert!(first.photo.is_some());
    assert_eq!(
        diary.rechecks,
        [Recheck {
            lesion: "left shoulder mole".into(),
            every_weeks: 4
        }]
    );
}

#[test]
fn the_example_export_imports_and_round_trips() {
    let imported = parse_import(EXAMPLE).expect("the example export is valid");
    assert_eq!((imported.from_version, imported.rechecks.len()), (1, 0));
    let entries = imported.entries;
    assert_eq!(entries.len(), 3);
    assert!(entries[1].record.check.is_some() && entries[2].record.check.is_none());
    let list = lesions(&entries);
    assert_eq!(list.len(), 2);
    let mole = timeline(&entries, "left shoulder mole").expect("two entries");
    assert_eq!(mole.points.len(), 2);
    let again = parse_import(&export_json(&entries, &[], 1)).expect("re-import");
    assert_eq!((again.entries, again.from_version), (entries, 2));
}

#[test]
fn the_version_1_fixture_imports_and_becomes_version_2_with_a_pin_photo_and_plan() {
    let old = parse_import(VERSION_1).expect("the version 1 fixture is valid");
    assert_eq!(old.from_version, 1);
    let ids: Vec<&str> = old.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert!(old
        .entries
        .iter()
        .all(|e| e.pin.is_none() && e.photo.is_none()));

    let mut entries = old.entries;
    entries[2] = entries[2]
        .clone()
        .with_pin(Some(BodyPin {
            side: BodySide::Back,
            x: 50.0,
            y: 212.0,
        }))
        .and_then(|e| e.with_photo(Some("data:image/jpeg;base64,/9j/4AAQ".into())))
        .expect("a valid pin and photo");
    let plans = vec![Recheck {
        lesion: "left shoulder mole".into(),
        every_weeks: 12,
    }];
    let text = export_json(&entries, &plans, 1_730_000_000_000);
    let new = parse_import(&text).expect("the version 2 export is valid");
    assert_eq!(new.from_version, 2);
    assert_eq!((new.entries, new.rechecks), (entries, plans));
    // A version 1 reader would misread this file: it must say so, not guess.
    let as_v1 = text.replacen("\"version\": 2", "\"version\": 1", 1);
    assert!(matches!(
        parse_import(&as_v1),
        Err(ImportError::RechecksInVersion1)
    ));
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
