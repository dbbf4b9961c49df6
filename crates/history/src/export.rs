//! The one-file export of the whole history, and its all-or-nothing import.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::{EntryError, HistoryEntry};

/// The `format` tag every export carries, so any other JSON is told apart at once.
pub const FORMAT: &str = "skincheck-history";
/// The export format's version; bumped whenever an older reader could misread a newer file.
pub const VERSION: u32 = 1;
/// The largest history file imported, checked on the file's size before it is read
/// ([`check_import_size`]) and again on the text. A saved entry exports as about 5 kB (its
/// 96 px JPEG thumbnail in base64 and the record; 5.1 kB measured in the browser test), so
/// this is some 50,000 entries, far more than anyone saves by hand; and the page holds an
/// import about four times while checking it (the file's text, its copy in wasm memory, the
/// parsed JSON, the entries): about 1 GB at this size, still within a desktop tab's memory.
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub exported_at_ms: i64,
    pub entries: Vec<HistoryEntry>,
}

/// Why an import file was refused. Nothing of a refused file is stored.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ImportError {
    #[error(
        "the file is {}, larger than the {} MB a history export can be",
        megabytes(*.bytes),
        MAX_IMPORT_BYTES >> 20
    )]
    TooLarge { bytes: u64 },
    #[error("the file is not valid JSON ({0})")]
    NotJson(String),
    #[error("the file is not a SkinCheck history export (no \"format\": \"{FORMAT}\")")]
    NotAHistoryFile,
    #[error("the file is a version {found} export; this SkinCheck reads version {VERSION}")]
    UnsupportedVersion { found: String },
    #[error("the file has no list of entries")]
    NoEntries,
    #[error("entry {number} cannot be read: {reason}")]
    UnreadableEntry { number: usize, reason: String },
    #[error("entry {number} is invalid: {source}")]
    InvalidEntry { number: usize, source: EntryError },
    #[error("entries {first} and {second} have the same id {id:?}")]
    DuplicateId {
        id: String,
        first: usize,
        second: usize,
    },
}

/// The export file of `entries` (in the order given), pretty-printed for people who look.
pub fn export_json(entries: &[HistoryEntry], exported_at_ms: i64) -> String {
    let file = ExportFile {
        format: FORMAT.into(),
        version: VERSION,
        exported_at_ms,
        entries: entries.to_vec(),
    };
    serde_json::to_string_pretty(&file).expect("history entries are plain data")
}

/// Refuses a file over [`MAX_IMPORT_BYTES`] from its size alone, so the page need not read it.
pub fn check_import_size(bytes: u64) -> Result<(), ImportError> {
    if bytes > MAX_IMPORT_BYTES {
        Err(ImportError::TooLarge { bytes })
    } else {
        Ok(())
    }
}

/// "256.1 MB": a size in MB (2^20 bytes), rounded up so a file over the limit never reads as
/// the limit itself.
fn megabytes(bytes: u64) -> String {
    let tenths = (u128::from(bytes) * 10).div_ceil(1 << 20);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// Reads an export file: every entry valid and ids unique, or the first reason it is not
/// (entries numbered from 1, as a person counts them).
pub fn parse_import(text: &str) -> Result<Vec<HistoryEntry>, ImportError> {
    check_import_size(text.len() as u64)?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    let object = value.as_object().ok_or(ImportError::NotAHistoryFile)?;
    if object.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ImportError::NotAHistoryFile);
    }
    match object.get("version") {
        Some(v) if v.as_u64() == Some(u64::from(VERSION)) => {}
        other => {
            return Err(ImportError::UnsupportedVersion {
                found: other.map_or_else(|| "(missing)".into(), |v| v.to_string()),
            })
        }
    }
    let raw = object
        .get("entries")
        .and_then(|e| e.as_array())
        .ok_or(ImportError::NoEntries)?;
    let mut entries = Vec::with_capacity(raw.len());
    let mut seen = std::collections::HashMap::new();
    for (i, value) in raw.iter().enumerate() {
        let number = i + 1;
        let entry: HistoryEntry =
            serde_json::from_value(value.clone()).map_err(|e| ImportError::UnreadableEntry {
                number,
                reason: e.to_string(),
            })?;
        entry
            .validate()
            .map_err(|source| ImportError::InvalidEntry { number, source })?;
        if let Some(first) = seen.insert(entry.id.clone(), number) {
            return Err(ImportError::DuplicateId {
                id: entry.id,
                first,
                second: number,
            });
        }
        entries.push(entry);
    }
    debug_assert_eq!(
        entries.iter().map(|e| &e.id).collect::<HashSet<_>>().len(),
        entries.len()
    );
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::entry;

    fn sample() -> Vec<HistoryEntry> {
        vec![
            entry("a", 1_700_000_000_000, "left shoulder mole", &[0.7, 0.3]),
            entry("b", 1_710_000_000_000, "", &[0.2, 0.5, 0.3]),
        ]
    }

    #[test]
    fn export_then_import_gives_identical_entries() {
        let entries = sample();
        let text = export_json(&entries, 1_720_000_000_000);
        assert!(text.contains("\"format\": \"skincheck-history\""));
        assert!(text.contains("\"version\": 1"));
        assert_eq!(parse_import(&text).expect("valid export"), entries);
    }

    #[test]
    fn the_quality_check_is_kept_with_the_entry() {
        use skincheck_core::{CheckReason, CheckStatus, PhotoCheck, PhotoMeasures};
        let mut refused = entry("c", 1_715_000_000_000, "", &[0.9, 0.1]);
        refused.record.check = Some(PhotoCheck {
            status: CheckStatus::PoorQuality,
            reasons: vec![CheckReason::TooBlurry, CheckReason::NotALesion],
            ood_score: Some(812.5),
            measures: PhotoMeasures {
                source_side: 150,
                brightness: 0.6,
                contrast: 0.1,
                clipped: 0.0,
                sharpness: 0.02,
            },
        });
        let text = export_json(std::slice::from_ref(&refused), 1_720_000_000_000);
        assert!(text.contains("\"too_blurry\""), "{text}");
        let back = parse_import(&text).expect("valid export");
        assert_eq!(back, vec![refused]);
        // Entries saved before the gate existed have no check and still import.
        let old = text.replace("\"check\"", "\"no_such_field\"");
        assert_eq!(
            parse_import(&old).expect("old export")[0].record.check,
            None
        );
    }

    #[test]
    fn an_empty_history_round_trips() {
        assert_eq!(parse_import(&export_json(&[], 1)), Ok(vec![]));
    }

    /// Edits the export's JSON, then imports it.
    fn import_edited(
        edit: impl FnOnce(&mut serde_json::Value),
    ) -> Result<Vec<HistoryEntry>, ImportError> {
        let mut value: serde_json::Value =
            serde_json::from_str(&export_json(&sample(), 1)).expect("json");
        edit(&mut value);
        parse_import(&value.to_string())
    }

    #[test]
    fn corrupt_files_are_refused_with_the_reason() {
        assert!(matches!(
            parse_import("{\"format\": "),
            Err(ImportError::NotJson(_))
        ));
        assert_eq!(parse_import("[1, 2]"), Err(ImportError::NotAHistoryFile));
        assert_eq!(
            import_edited(|v| v["format"] = "other".into()),
            Err(ImportError::NotAHistoryFile)
        );
        assert_eq!(
            import_edited(|v| v["version"] = 2.into()),
            Err(ImportError::UnsupportedVersion { found: "2".into() })
        );
        assert_eq!(
            import_edited(|v| v["entries"] = "none".into()),
            Err(ImportError::NoEntries)
        );
        let unreadable = import_edited(|v| v["entries"][1]["record"] = 3.into());
        assert!(
            matches!(
                &unreadable,
                Err(ImportError::UnreadableEntry { number: 2, .. })
            ),
            "{unreadable:?}"
        );
        assert_eq!(
            import_edited(|v| v["entries"][0]["record"]["probabilities"][0][1] = 7.into()),
            Err(ImportError::InvalidEntry {
                number: 1,
                source: EntryError::ProbabilityOutOfRange {
                    class: "nv".into(),
                    value: 7.0
                }
            })
        );
        assert_eq!(
            import_edited(|v| v["entries"][1]["id"] = "a".into()),
            Err(ImportError::DuplicateId {
                id: "a".into(),
                first: 1,
                second: 2
            })
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size_alone() {
        assert_eq!(check_import_size(0), Ok(()));
        assert_eq!(check_import_size(MAX_IMPORT_BYTES), Ok(()));
        let over = check_import_size(MAX_IMPORT_BYTES + 1).unwrap_err();
        assert_eq!(
            over,
            ImportError::TooLarge {
                bytes: MAX_IMPORT_BYTES + 1
            }
        );
        assert_eq!(
            over.to_string(),
            "the file is 256.1 MB, larger than the 256 MB a history export can be"
        );
        assert_eq!(
            check_import_size(3 << 30).unwrap_err().to_string(),
            "the file is 3072.0 MB, larger than the 256 MB a history export can be"
        );
        assert!(check_import_size(u64::MAX).is_err());
    }

    #[test]
    fn reasons_read_as_sentences() {
        let err = import_edited(|v| v["version"] = 9.into()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file is a version 9 export; this SkinCheck reads version 1"
        );
    }
}
