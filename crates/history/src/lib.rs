//! SkinCheck's lesion diary, kept on the device: what one saved result is ([`HistoryEntry`],
//! optionally with a body-map pin and the photo), the body map's front and back figures
//! ([`REGIONS`], [`region_at`]), the one-file export format ([`ExportFile`], version 2; version
//! 1 files still import), import that accepts a whole file or nothing ([`parse_import`], files
//! up to [`MAX_IMPORT_BYTES`]) and merges it without replacing anything stored
//! ([`plan_import`], [`plan_rechecks`]), the per-lesion timeline the diary charts
//! ([`timeline`]), what changed between two photos ([`compare`]) and the report for a doctor
//! ([`lesion_report`]), and re-check reminders: when each is due in the person's calendar
//! ([`due_lesions`]) and as an iCalendar file ([`ics_calendar`]).
//!
//! Every sentence shown or shared ([`report_text`], [`recheck_event`], the errors'
//! `message`, [`messages`]) is in the page's [`Language`](skincheck_core::Language); the
//! errors' `Display` stays English for logs.
//!
//! Nothing here touches storage or the clock: the app keeps the diary in the browser's
//! IndexedDB and passes the time in, so every rule is tested natively.

mod body_map;
mod calendar;
mod compare;
mod entry;
mod export;
mod merge;
pub mod messages;
mod report;
mod schedule;
mod timeline;
mod words;

pub use body_map::{
    region_at, regions, BodyPin, BodySide, PinError, Region, FIGURE_HEIGHT, FIGURE_WIDTH, REGIONS,
};
pub use calendar::{ics_calendar, recheck_event, CalendarEvent};
pub use compare::{compare, Change};
pub use entry::{
    EntryError, HistoryEntry, MAX_ID_CHARS, MAX_LABEL_CHARS, MAX_PHOTO_BYTES, MAX_THUMBNAIL_BYTES,
    PHOTO_SIDE,
};
pub use export::{
    check_import_size, export_json, parse_import, ExportFile, ImportError, Imported, FORMAT,
    MAX_IMPORT_BYTES, VERSION,
};
pub use merge::{plan_import, plan_rechecks, ImportPlan, KeptCopy};
pub use report::{change_text, lesion_report, report_text, LesionReport, ReportRow};
pub use schedule::{
    due_at_ms, due_lesions, due_state, local_date, CivilDate, DueLesion, DueState, Recheck,
    RecheckError, MAX_RECHECK_WEEKS, RECHECK_WEEKS_CHOICES,
};
pub use timeline::{lesions, timeline, LesionSummary, Timeline, TimelinePoint, UNLABELLED};
pub use words::{
    check_reason_text, every_weeks_text, lesion_name, not_judged_text, points_text, sex_text,
    site_text, triage_text,
};

#[cfg(test)]
pub(crate) mod test_support;
