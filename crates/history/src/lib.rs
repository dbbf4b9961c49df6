//! SkinCheck's local history of saved results: what one saved entry is ([`HistoryEntry`]), the
//! one-file export format ([`ExportFile`], versioned), import that accepts a whole file or
//! nothing ([`parse_import`], files up to [`MAX_IMPORT_BYTES`]) and merges it without
//! replacing anything stored ([`plan_import`]), and the per-lesion timeline the history page
//! charts ([`timeline`]).
//!
//! Nothing here touches storage: the app keeps entries in the browser's IndexedDB and only
//! calls these functions, so every rule is tested natively.

mod entry;
mod export;
mod merge;
mod timeline;

pub use entry::{EntryError, HistoryEntry, MAX_ID_CHARS, MAX_LABEL_CHARS, MAX_THUMBNAIL_BYTES};
pub use export::{
    check_import_size, export_json, parse_import, ExportFile, ImportError, FORMAT,
    MAX_IMPORT_BYTES, VERSION,
};
pub use merge::{plan_import, ImportPlan, KeptCopy};
pub use timeline::{lesions, timeline, LesionSummary, Timeline, TimelinePoint, UNLABELLED};

#[cfg(test)]
pub(crate) mod test_support;
