//! The one-file export of the whole diary, and its all-or-nothing import. Version 2 added
//! body-map pins, kept photos and re-check plans; version 1 files still import.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use skincheck_core::Language;
use thiserror::Error;

use crate::{EntryError, HistoryEntry, Recheck, RecheckError};

/// The `format` tag every export carries, so any other JSON is told apart at once.
pub const FORMAT: &str = "skincheck-history";
/// The export format's version; bumped whenever an older reader could misread a newer file.
/// 1: entries; 2: entries with optional `pin` and `photo`, and `rechecks`.
pub const VERSION: u32 = 2;
/// Every version this reader imports, oldest first.
const READABLE: [u32; 2] = [1, VERSION];
/// The largest history file imported, checked on the file's size before it is read
/// ([`check_import_size`]) and again on the text. A saved entry exports as about 5 kB (its
/// 96 px JPEG thumbnail in base64 and the record; 5.1 kB measured in the browser test), or
/// some 100 kB with a kept 512 px photo; so this is 50,000 entries, or some 2,500 with
/// photos, far more than anyone saves by hand. The page holds an import about four times
/// while checking it (the file's text, its copy in wasm memory, the parsed JSON, the
/// entries): about 1 GB at this size, still within a desktop tab's memory.
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

/// The file as this version writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub exported_at_ms: i64,
    pub entries: Vec<HistoryEntry>,
    #[serde(default)]
    pub rechecks: Vec<Recheck>,
}

/// What an accepted import file holds, whatever version it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub entries: Vec<HistoryEntry>,
    pub rechecks: Vec<Recheck>,
    /// The file's version (1 or 2), so the page can say an old file was read.
    pub from_version: u32,
}

/// Why an import file was refused. Nothing of a refused file is stored.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ImportError {
    #[error(
        "the file is {}, larger than the {} MB a history export can be",
        megabytes(*.bytes, Language::En),
        MAX_IMPORT_BYTES >> 20
    )]
    TooLarge { bytes: u64 },
    #[error("the file is not valid JSON ({0})")]
    NotJson(String),
    #[error("the file is not a SkinCheck history export (no \"format\": \"{FORMAT}\")")]
    NotAHistoryFile,
    #[error(
        "the file is a version {found} export; this SkinCheck reads {}",
        versions_read(Language::En)
    )]
    UnsupportedVersion { found: String },
    #[error("the file has no list of entries")]
    NoEntries,
    #[error("entry {number} cannot be read: {reason}")]
    UnreadableEntry { number: usize, reason: String },
    #[error(
        "entry {number} cannot be read: a version 1 entry has no \"{field}\" (it came with \
         version 2)"
    )]
    NewFieldInVersion1 { number: usize, field: &'static str },
    #[error("entry {number} is invalid: {source}")]
    InvalidEntry { number: usize, source: EntryError },
    #[error("entries {first} and {second} have the same id {id:?}")]
    DuplicateId {
        id: String,
        first: usize,
        second: usize,
    },
    #[error(
        "the re-check reminders cannot be read: a version 1 file has none (they came with \
         version 2)"
    )]
    RechecksInVersion1,
    #[error("the re-check reminders cannot be read: \"rechecks\" is not a list")]
    RechecksNotAList,
    #[error("re-check reminder {number} cannot be read: {reason}")]
    UnreadableRecheck { number: usize, reason: String },
    #[error("re-check reminder {number} is invalid: {source}")]
    InvalidRecheck { number: usize, source: RecheckError },
    #[error("re-check reminders {first} and {second} are both for the lesion {lesion:?}")]
    DuplicateRecheck {
        lesion: String,
        first: usize,
        second: usize,
    },
}

/// "versions 1 and 2" / "die Versionen 1 und 2".
fn versions_read(language: Language) -> String {
    let names: Vec<String> = READABLE.iter().map(u32::to_string).collect();
    match (language, names.split_last()) {
        (Language::En, Some((last, []))) => format!("version {last}"),
        (Language::En, Some((last, rest))) => format!("versions {} and {last}", rest.join(", ")),
        (Language::En, None) => "no version".into(),
        (Language::De, Some((last, []))) => format!("Version {last}"),
        (Language::De, Some((last, rest))) => {
            format!("die Versionen {} und {last}", rest.join(", "))
        }
        (Language::De, None) => "keine Version".into(),
    }
}

impl ImportError {
    /// The reason for the page: the English [`Display`](std::fmt::Display) text, or German.
    /// The JSON reader's own details are English, so the German names only where in the
    /// file the problem is.
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::En => return self.to_string(),
            Language::De => {}
        }
        let de = Language::De;
        match self {
            ImportError::TooLarge { bytes } => format!(
                "Die Datei ist {} groß, mehr als die {} MB, die ein Verlaufsexport haben darf",
                megabytes(*bytes, de),
                MAX_IMPORT_BYTES >> 20
            ),
            ImportError::NotJson(reason) => match json_position(reason) {
                Some((line, column)) => format!(
                    "Die Datei ist kein gültiges JSON (Fehler in Zeile {line}, Spalte {column})"
                ),
                None => "Die Datei ist kein gültiges JSON".into(),
            },
            ImportError::NotAHistoryFile => format!(
                "Die Datei ist kein SkinCheck-Verlaufsexport (kein \"format\": \"{FORMAT}\")"
            ),
            ImportError::UnsupportedVersion { found } => format!(
                "Die Datei ist ein Export der Version {found}; dieses SkinCheck liest {}",
                versions_read(de)
            ),
            ImportError::NoEntries => "Die Datei enthält keine Liste von Einträgen".into(),
            ImportError::UnreadableEntry { number, .. } => format!(
                "Eintrag {number} kann nicht gelesen werden: Er hat nicht den Aufbau eines \
                 SkinCheck-Eintrags"
            ),
            ImportError::NewFieldInVersion1 { number, field } => format!(
                "Eintrag {number} kann nicht gelesen werden: Ein Eintrag der Version 1 hat kein \
                 \"{field}\" (das kam mit Version 2)"
            ),
            ImportError::InvalidEntry { number, source } => {
                format!("Eintrag {number} ist ungültig: {}", source.message(de))
            }
            ImportError::DuplicateId { id, first, second } => {
                format!("Die Einträge {first} und {second} haben dieselbe ID „{id}“")
            }
            ImportError::RechecksInVersion1 => "Die Kontrollerinnerungen können nicht gelesen \
                werden: Eine Datei der Version 1 hat keine (sie kamen mit Version 2)"
                .into(),
            ImportError::RechecksNotAList => "Die Kontrollerinnerungen können nicht gelesen \
                werden: \"rechecks\" ist keine Liste"
                .into(),
            ImportError::UnreadableRecheck { number, .. } => format!(
                "Kontrollerinnerung {number} kann nicht gelesen werden: Sie hat nicht den Aufbau \
                 einer SkinCheck-Kontrollerinnerung"
            ),
            ImportError::InvalidRecheck { number, source } => {
                format!(
                    "Kontrollerinnerung {number} ist ungültig: {}",
                    source.message(de)
                )
            }
            ImportError::DuplicateRecheck {
                lesion,
                first,
                second,
            } => format!(
                "Die Kontrollerinnerungen {first} und {second} gelten beide für die \
                 Hautveränderung „{lesion}“"
            ),
        }
    }
}

/// Line and column from serde_json's "… at line 3 column 7".
fn json_position(reason: &str) -> Option<(usize, usize)> {
    let (_, at) = reason.rsplit_once(" at line ")?;
    let (line, column) = at.split_once(" column ")?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// The export file of `entries` (in the order given) and the re-check plans, pretty-printed
/// for people who look.
pub fn export_json(entries: &[HistoryEntry], rechecks: &[Recheck], exported_at_ms: i64) -> String {
    let file = ExportFile {
        format: FORMAT.into(),
        version: VERSION,
        exported_at_ms,
        entries: entries.to_vec(),
        rechecks: rechecks.to_vec(),
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

/// "256.1 MB" / "256,1 MB": a size in MB (2^20 bytes), rounded up so a file over the limit
/// never reads as the limit itself.
fn megabytes(bytes: u64, language: Language) -> String {
    let tenths = (u128::from(bytes) * 10).div_ceil(1 << 20);
    let mark = match language {
        Language::En => '.',
        Language::De => ',',
    };
    format!("{}{mark}{} MB", tenths / 10, tenths % 10)
}

/// Reads an export file of version 1 or 2: every entry valid with a unique id, every
/// re-check plan valid and one per lesion, or the first reason it is not (entries and plans
/// numbered from 1, as a person counts them).
pub fn parse_import(text: &str) -> Result<Imported, ImportError> {
    check_import_size(text.len() as u64)?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    let Value::Object(file) = value else {
        return Err(ImportError::NotAHistoryFile);
    };
    if file.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ImportError::NotAHistoryFile);
    }
    let version = file.get("version");
    let from_version = match version.and_then(Value::as_u64) {
        Some(v) if READABLE.iter().any(|&r| u64::from(r) == v) => v as u32,
        _ => {
            return Err(ImportError::UnsupportedVersion {
                found: version.map_or_else(|| "(missing)".into(), |v| v.to_string()),
            })
        }
    };
    let file = if from_version == 1 {
        migrate_v1(file)?
    } else {
        file
    };
    read_v2(file, from_version)
}

/// Version 1 -> 2. A version 1 file is a version 2 file without pins, photos and re-check
/// plans, so the migration only adds the empty list of plans. A version 1 writer never wrote
/// `pin`, `photo` or `rechecks`: a "version 1" file with them was made or edited by something
/// else, and what it meant by them is unknown, so it is refused as unreadable rather than
/// read as version 2.
fn migrate_v1(mut file: Map<String, Value>) -> Result<Map<String, Value>, ImportError> {
    if file.contains_key("rechecks") {
        return Err(ImportError::RechecksInVersion1);
    }
    if let Some(Value::Array(entries)) = file.get("entries") {
        for (i, entry) in entries.iter().enumerate() {
            if let Some(field) = ["pin", "photo"]
                .into_iter()
                .find(|f| entry.get(f).is_some())
            {
                return Err(ImportError::NewFieldInVersion1 {
                    number: i + 1,
                    field,
                });
            }
        }
    }
    file.insert("version".into(), Value::from(2));
    file.insert("rechecks".into(), Value::Array(Vec::new()));
    Ok(file)
}

/// The entries and plans of a version 2 file (read by value: an import may be hundreds of
/// MB). A file without `rechecks` has none.
fn read_v2(mut file: Map<String, Value>, from_version: u32) -> Result<Imported, ImportError> {
    let Some(Value::Array(raw)) = file.remove("entries") else {
        return Err(ImportError::NoEntries);
    };
    let mut entries = Vec::with_capacity(raw.len());
    let mut seen = HashMap::new();
    for (i, value) in raw.into_iter().enumerate() {
        let number = i + 1;
        let entry: HistoryEntry =
            serde_json::from_value(value).map_err(|e| ImportError::UnreadableEntry {
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
    let raw = match file.remove("rechecks") {
        None => Vec::new(),
        Some(Value::Array(raw)) => raw,
        Some(_) => return Err(ImportError::RechecksNotAList),
    };
    let mut rechecks = Vec::with_capacity(raw.len());
    let mut seen = HashMap::new();
    for (i, value) in raw.into_iter().enumerate() {
        let number = i + 1;
        let plan: Recheck =
            serde_json::from_value(value).map_err(|e| ImportError::UnreadableRecheck {
                number,
                reason: e.to_string(),
            })?;
        plan.validate()
            .map_err(|source| ImportError::InvalidRecheck { number, source })?;
        if let Some(first) = seen.insert(plan.lesion.clone(), number) {
            return Err(ImportError::DuplicateRecheck {
                lesion: plan.lesion,
                first,
                second: number,
            });
        }
        rechecks.push(plan);
    }
    Ok(Imported {
        entries,
        rechecks,
        from_version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::entry;
    use crate::{BodyPin, BodySide, PinError, MAX_PHOTO_BYTES};

    fn sample() -> Vec<HistoryEntry> {
        vec![
            entry("a", 1_700_000_000_000, "left shoulder mole", &[0.7, 0.3]),
            entry("b", 1_710_000_000_000, "", &[0.2, 0.5, 0.3]),
        ]
    }

    fn plans() -> Vec<Recheck> {
        vec![
            Recheck {
                lesion: "left shoulder mole".into(),
                every_weeks: 4,
            },
            Recheck {
                lesion: crate::UNLABELLED.into(),
                every_weeks: 26,
            },
        ]
    }

    /// `sample()` with a pin and a photo on the first entry.
    fn diary() -> Vec<HistoryEntry> {
        let mut entries = sample();
        entries[0].pin = Some(BodyPin {
            side: BodySide::Front,
            x: 150.25,
            y: 212.5,
        });
        entries[0].photo = Some(format!("data:image/jpeg;base64,{}", "/9j/".repeat(5000)));
        entries
    }

    fn imported(entries: Vec<HistoryEntry>, rechecks: Vec<Recheck>, from_version: u32) -> Imported {
        Imported {
            entries,
            rechecks,
            from_version,
        }
    }

    #[test]
    fn export_then_import_gives_identical_entries_and_plans() {
        let text = export_json(&sample(), &plans(), 1_720_000_000_000);
        assert!(text.contains("\"format\": \"skincheck-history\""));
        assert!(text.contains("\"version\": 2"));
        // Entries without a pin or photo are written as version 1 wrote them.
        assert!(
            !text.contains("\"pin\"") && !text.contains("\"photo\""),
            "{text}"
        );
        assert_eq!(parse_import(&text), Ok(imported(sample(), plans(), 2)));
    }

    #[test]
    fn a_pin_and_a_photo_round_trip() {
        let text = export_json(&diary(), &[], 1_720_000_000_000);
        let value: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(
            value["entries"][0]["pin"],
            serde_json::json!({"side": "front", "x": 150.25, "y": 212.5})
        );
        assert!(value["entries"][1].get("photo").is_none());
        let back = parse_import(&text).expect("valid export");
        assert_eq!(back, imported(diary(), vec![], 2));
        let region = back.entries[0].pin.and_then(|p| p.region()).map(|r| r.id);
        assert_eq!(region, Some("left-forearm-front"));
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
        let text = export_json(std::slice::from_ref(&refused), &[], 1_720_000_000_000);
        assert!(text.contains("\"too_blurry\""), "{text}");
        let back = parse_import(&text).expect("valid export");
        assert_eq!(back.entries, vec![refused]);
        // Entries saved before the gate existed have no check and still import.
        let old = text.replace("\"check\"", "\"no_such_field\"");
        assert_eq!(
            parse_import(&old).expect("old export").entries[0]
                .record
                .check,
            None
        );
    }

    #[test]
    fn an_empty_history_round_trips() {
        assert_eq!(
            parse_import(&export_json(&[], &[], 1)),
            Ok(imported(vec![], vec![], 2))
        );
        // Version 2 files without the list of plans have none.
        let bare = r#"{"format": "skincheck-history", "version": 2, "entries": []}"#;
        assert_eq!(parse_import(bare), Ok(imported(vec![], vec![], 2)));
    }

    /// Written by hand as version 1 wrote it: no pin, photo or plans.
    const VERSION_1: &str = r#"{
      "format": "skincheck-history",
      "version": 1,
      "exported_at_ms": 1720000000000,
      "entries": [
        {
          "id": "1700000000000-a1",
          "saved_at_ms": 1700000000000,
          "lesion": "left shoulder mole",
          "thumbnail": "data:image/jpeg;base64,/9j/4AAQSkZJRg==",
          "record": {
            "file": "mole.jpg", "top_class": "nv", "top_probability": 0.8, "decision": "nv",
            "triage": "benign", "triage_reason": "low", "malignant_probability": 0.2,
            "probabilities": [["nv", 0.8], ["mel", 0.2]],
            "age": null, "sex": null, "site": "back", "crop": [0, 0, 300],
            "model_id": "m1",
            "model_sha256": "abababababababababababababababababababababababababababababababab"
          }
        }
      ]
    }"#;

    #[test]
    fn a_version_1_file_imports() {
        let back = parse_import(VERSION_1).expect("a version 1 file");
        assert_eq!((back.from_version, back.rechecks.len()), (1, 0));
        let e = &back.entries[0];
        assert_eq!(
            (e.id.as_str(), e.lesion.as_str()),
            ("1700000000000-a1", "left shoulder mole")
        );
        assert_eq!(
            (e.pin, e.photo.as_deref(), e.record.check.as_ref()),
            (None, None, None)
        );
        // Exported again it is a version 2 file of the same entries.
        let again = parse_import(&export_json(&back.entries, &[], 1)).expect("re-import");
        assert_eq!(again, imported(back.entries, vec![], 2));
    }

    /// The committed fixture: the version 1 export of these test entries, written by the
    /// version 1 code before version 2 existed.
    #[test]
    fn the_committed_version_1_fixture_imports_to_the_entries_it_was_made_from() {
        let fixture = include_str!("../tests/fixtures/history_v1.json");
        let made_from = vec![
            entry("a", 1_700_000_000_000, "left shoulder mole", &[0.7, 0.3]),
            entry("b", 1_710_000_000_000, "", &[0.2, 0.5, 0.3]),
            entry(
                "c",
                1_720_000_000_000,
                "left shoulder mole",
                &[0.6, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05],
            ),
        ];
        assert!(fixture.contains("\"version\": 1"));
        assert_eq!(parse_import(fixture), Ok(imported(made_from, vec![], 1)));
    }

    #[test]
    fn a_version_1_file_with_what_version_2_added_is_unreadable() {
        let edit = |f: &dyn Fn(&mut Value)| {
            let mut value: Value = serde_json::from_str(VERSION_1).expect("json");
            f(&mut value);
            parse_import(&value.to_string())
        };
        let pin = serde_json::json!({"side": "front", "x": 100.0, "y": 120.0});
        let pinned = edit(&|v| v["entries"][0]["pin"] = pin.clone());
        assert_eq!(
            pinned,
            Err(ImportError::NewFieldInVersion1 {
                number: 1,
                field: "pin"
            })
        );
        assert_eq!(
            pinned.unwrap_err().to_string(),
            "entry 1 cannot be read: a version 1 entry has no \"pin\" (it came with version 2)"
        );
        let photo = edit(&|v| v["entries"][0]["photo"] = "data:image/jpeg;base64,/9j/".into());
        assert_eq!(
            photo,
            Err(ImportError::NewFieldInVersion1 {
                number: 1,
                field: "photo"
            })
        );
        let rechecks = edit(&|v| v["rechecks"] = serde_json::json!([]));
        assert_eq!(
            rechecks.unwrap_err().to_string(),
            "the re-check reminders cannot be read: a version 1 file has none (they came with \
             version 2)"
        );
        // The same pin in a version 2 file is read.
        let v2 = edit(&|v| {
            v["version"] = 2.into();
            v["entries"][0]["pin"] = pin.clone();
        });
        assert_eq!(v2.map(|i| i.entries[0].pin.map(|p| p.y)), Ok(Some(120.0)));
    }

    /// Edits the export's JSON, then imports it.
    fn import_edited(edit: impl FnOnce(&mut Value)) -> Result<Imported, ImportError> {
        let mut value: Value =
            serde_json::from_str(&export_json(&diary(), &plans(), 1)).expect("json");
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
            import_edited(|v| v["version"] = 3.into()),
            Err(ImportError::UnsupportedVersion { found: "3".into() })
        );
        assert_eq!(
            import_edited(|v| v["version"] = "2".into()),
            Err(ImportError::UnsupportedVersion {
                found: "\"2\"".into()
            })
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
    fn a_damaged_version_2_file_is_refused_with_the_reason() {
        assert_eq!(
            import_edited(|v| v["entries"][0]["pin"]["x"] = 5.into()),
            Err(ImportError::InvalidEntry {
                number: 1,
                source: EntryError::BadPin(PinError::NotOnBody {
                    side: BodySide::Front,
                    x: 5.0,
                    y: 212.5
                })
            })
        );
        let side = import_edited(|v| v["entries"][0]["pin"]["side"] = "left".into());
        assert!(
            matches!(&side, Err(ImportError::UnreadableEntry { number: 1, .. })),
            "{side:?}"
        );
        let huge = format!("data:image/jpeg;base64,{}", "A".repeat(MAX_PHOTO_BYTES));
        assert_eq!(
            import_edited(|v| v["entries"][1]["photo"] = huge.into()),
            Err(ImportError::InvalidEntry {
                number: 2,
                source: EntryError::PhotoTooLarge
            })
        );
        assert_eq!(
            import_edited(|v| v["entries"][0]["photo"] = "javascript:alert(1)".into()),
            Err(ImportError::InvalidEntry {
                number: 1,
                source: EntryError::BadPhoto
            })
        );
        assert_eq!(
            import_edited(|v| v["rechecks"][1]["lesion"] = "left shoulder mole".into()),
            Err(ImportError::DuplicateRecheck {
                lesion: "left shoulder mole".into(),
                first: 1,
                second: 2
            })
        );
        assert_eq!(
            import_edited(|v| v["rechecks"][1]["every_weeks"] = 0.into()),
            Err(ImportError::InvalidRecheck {
                number: 2,
                source: RecheckError::BadInterval(0)
            })
        );
        let extra = import_edited(|v| v["rechecks"][0]["at"] = "09:00".into());
        assert!(
            matches!(
                &extra,
                Err(ImportError::UnreadableRecheck { number: 1, .. })
            ),
            "{extra:?}"
        );
        assert_eq!(
            import_edited(|v| v["rechecks"] = serde_json::json!({"mole": 4})),
            Err(ImportError::RechecksNotAList)
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
        assert_eq!(over.message(Language::En), over.to_string());
        assert_eq!(
            over.message(Language::De),
            "Die Datei ist 256,1 MB groß, mehr als die 256 MB, die ein Verlaufsexport haben darf"
        );
        assert!(check_import_size(u64::MAX).is_err());
    }

    #[test]
    fn reasons_read_as_sentences() {
        let err = import_edited(|v| v["version"] = 9.into()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file is a version 9 export; this SkinCheck reads versions 1 and 2"
        );
        let err = import_edited(|v| v["rechecks"][1]["lesion"] = "left shoulder mole".into());
        assert_eq!(
            err.unwrap_err().to_string(),
            "re-check reminders 1 and 2 are both for the lesion \"left shoulder mole\""
        );
        let err = import_edited(|v| v["entries"][1]["photo"] = "data:image/png;base64,".into());
        assert_eq!(
            err.unwrap_err().to_string(),
            "entry 2 is invalid: the kept photo is not a base64 PNG or JPEG data URL"
        );
    }

    #[test]
    fn reasons_read_in_german_and_match_the_english_elsewhere() {
        let de = |e: &ImportError| e.message(Language::De);
        let truncated = parse_import("{\"format\": ").unwrap_err();
        assert_eq!(truncated.message(Language::En), truncated.to_string());
        assert_eq!(
            de(&truncated),
            "Die Datei ist kein gültiges JSON (Fehler in Zeile 1, Spalte 11)"
        );
        assert_eq!(
            de(&ImportError::NotJson("odd".into())),
            "Die Datei ist kein gültiges JSON"
        );
        let version = import_edited(|v| v["version"] = 9.into()).unwrap_err();
        assert_eq!(
            de(&version),
            "Die Datei ist ein Export der Version 9; dieses SkinCheck liest die Versionen 1 und 2"
        );
        let invalid = import_edited(|v| v["entries"][1]["photo"] = "data:image/png;base64,".into());
        assert_eq!(
            de(&invalid.unwrap_err()),
            "Eintrag 2 ist ungültig: Das aufbewahrte Foto ist keine Base64-Daten-URL eines PNG \
             oder JPEG"
        );
        let twice = import_edited(|v| v["entries"][1]["id"] = "a".into()).unwrap_err();
        assert_eq!(de(&twice), "Die Einträge 1 und 2 haben dieselbe ID „a“");
        let plan = import_edited(|v| v["rechecks"][1]["every_weeks"] = 0.into()).unwrap_err();
        assert!(de(&plan).starts_with("Kontrollerinnerung 2 ist ungültig: Ein Abstand von 0"));
        let field = ImportError::NewFieldInVersion1 {
            number: 3,
            field: "photo",
        };
        assert!(de(&field).contains("hat kein \"photo\" (das kam mit Version 2)"));
        // German everywhere: no variant falls back to the English text.
        let all = [
            ImportError::TooLarge { bytes: 1 },
            ImportError::NotAHistoryFile,
            ImportError::NoEntries,
            ImportError::UnreadableEntry {
                number: 1,
                reason: "missing field `id`".into(),
            },
            ImportError::RechecksInVersion1,
            ImportError::RechecksNotAList,
            ImportError::UnreadableRecheck {
                number: 1,
                reason: "x".into(),
            },
            ImportError::DuplicateRecheck {
                lesion: "Knie".into(),
                first: 1,
                second: 2,
            },
            field,
            truncated,
        ];
        for e in &all {
            assert_ne!(de(e), e.to_string());
            assert!(
                !de(e).contains("cannot") && !de(e).contains("missing"),
                "{}",
                de(e)
            );
        }
    }
}
