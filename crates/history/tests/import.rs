//! Import files from outside the crate's own tests: the committed example export (also the
//! history fuzz target's seed) and the inputs the fuzz target found.

use skincheck_history::{export_json, lesions, parse_import, timeline};

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
