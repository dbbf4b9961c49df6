//! The History page's import: `parse_import` may refuse any file (nothing is stored then), but
//! the entries it accepts go straight into IndexedDB and the page's lists and charts, so these
//! must work on them (lists, timelines, the body map's regions, the re-check schedule, the
//! report), and exporting them again must give a file that imports to the same entries and
//! plans (an accepted history never turns into an export the app refuses).
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use skincheck_core::Language;
use skincheck_history::{
    due_lesions, export_json, ics_calendar, lesion_report, lesions, parse_import, recheck_event,
    report_text, timeline,
};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(imported) = parse_import(text) else {
        return;
    };
    let entries = &imported.entries;
    let summaries = lesions(entries);
    assert_eq!(
        summaries.iter().map(|s| s.count).sum::<usize>(),
        entries.len()
    );
    for s in &summaries {
        let t = timeline(entries, &s.label).expect("a listed lesion has a timeline");
        assert_eq!(t.points.len() + t.left_out, s.count);
        assert!(!t.points.is_empty(), "the newest entry is always charted");
        for p in &t.points {
            assert_eq!(p.probabilities.len(), t.classes.len());
        }
        let report = lesion_report(entries, &s.label, &[]).expect("a listed lesion has a report");
        assert_eq!(report.rows.len(), s.count);
        for language in Language::ALL {
            let text = report_text(&report, language, 60, "", "");
            assert!(text.ends_with('\n'), "the shared report is cut short");
        }
    }
    for e in entries {
        let _ = e.record.csv_row();
        assert!(
            e.pin.is_none_or(|p| p.region().is_some()),
            "a pin off the body"
        );
    }
    const NOW: i64 = 1_700_000_000_000;
    for due in due_lesions(entries, &imported.rechecks, NOW, 60) {
        for language in Language::ALL {
            let text = ics_calendar(&[recheck_event(&due, language, NOW, 60)]);
            assert!(
                text.split("\r\n").all(|line| line.len() <= 75),
                "a line over 75 octets"
            );
        }
    }
    let again = parse_import(&export_json(entries, &imported.rechecks, NOW))
        .unwrap_or_else(|e| panic!("the export of an accepted import is refused: {e}"));
    assert_eq!(
        (&again.entries, &again.rechecks, again.from_version),
        (entries, &imported.rechecks, 2)
    );
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    skincheck_fuzz::mutate_json(data, size, max_size, seed)
});
