//! One saved result.

use serde::{Deserialize, Serialize};
use skincheck_core::{Language, ResultRecord};
use thiserror::Error;

use crate::words::number_text;
use crate::{BodyPin, PinError};

/// Longest id accepted (the app's are about 22 characters: save time and a random suffix).
pub const MAX_ID_CHARS: usize = 100;
/// Longest lesion label kept ("left shoulder mole" needs far less).
pub const MAX_LABEL_CHARS: usize = 80;
/// Largest thumbnail accepted: a 96 px JPEG is a few kB; anything near this is not one.
pub const MAX_THUMBNAIL_BYTES: usize = 64 * 1024;
/// The side of a kept photo: the square classified, at most this many pixels, enough for a
/// doctor to see the border and colours.
pub const PHOTO_SIDE: u32 = 512;
/// Largest kept photo accepted (the whole data URL): a 512 px JPEG is some 50 to 200 kB.
pub const MAX_PHOTO_BYTES: usize = 1024 * 1024;

/// A result the user chose to keep: the same record the CLI and the batch export write, plus
/// when it was saved, the lesion it belongs to, a small picture of the square classified and,
/// when the person chose, where the lesion is on the body map and the photo itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// Unique within a history; also the IndexedDB key.
    pub id: String,
    /// Unix time in milliseconds.
    pub saved_at_ms: i64,
    /// The user's name for the lesion ("left shoulder mole"); empty when none was given.
    #[serde(default)]
    pub lesion: String,
    /// `data:image/jpeg;base64,…` (or PNG) of the classified square, small.
    pub thumbnail: String,
    pub record: ResultRecord,
    /// Where the lesion is on the body map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<BodyPin>,
    /// The square classified at up to [`PHOTO_SIDE`] px (`data:image/jpeg;base64,…`), kept
    /// only when the person chose to, for comparing and showing a doctor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
}

/// Why an entry cannot be stored or imported.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EntryError {
    #[error("the entry has no id")]
    MissingId,
    #[error("the id is longer than {MAX_ID_CHARS} characters")]
    IdTooLong,
    #[error("the date {0} ms is not between the years 2000 and 2200")]
    BadDate(i64),
    #[error("the lesion label is longer than {MAX_LABEL_CHARS} characters")]
    LabelTooLong,
    #[error("the thumbnail is not a base64 PNG or JPEG data URL")]
    BadThumbnail,
    #[error("the thumbnail is larger than {} kB", MAX_THUMBNAIL_BYTES / 1024)]
    ThumbnailTooLarge,
    #[error("the kept photo is not a base64 PNG or JPEG data URL")]
    BadPhoto,
    #[error("the kept photo is larger than {} MB", MAX_PHOTO_BYTES >> 20)]
    PhotoTooLarge,
    #[error("the body-map pin cannot be used: {0}")]
    BadPin(PinError),
    #[error("the result has no probabilities")]
    NoProbabilities,
    #[error("the probability of {class} is {value}, not between 0 and 1")]
    ProbabilityOutOfRange { class: String, value: f32 },
    #[error("the probabilities add up to {0:.4}, not 1")]
    ProbabilitiesDoNotSumToOne(f32),
    #[error("the top class {0:?} is not one of the classes")]
    UnknownTopClass(String),
    #[error("the model hash {0:?} is not a sha256")]
    BadModelHash(String),
    #[error("the {0} is not a finite number")]
    NotFinite(&'static str),
}

impl EntryError {
    /// The reason for the page: the English [`Display`](std::fmt::Display) text, or German.
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::En => return self.to_string(),
            Language::De => {}
        }
        let de = |v: f32| number_text(v, Language::De);
        match self {
            EntryError::MissingId => "Der Eintrag hat keine ID".into(),
            EntryError::IdTooLong => format!("Die ID ist länger als {MAX_ID_CHARS} Zeichen"),
            EntryError::BadDate(ms) => {
                format!("Das Datum {ms} ms liegt nicht zwischen den Jahren 2000 und 2200")
            }
            EntryError::LabelTooLong => format!(
                "Die Bezeichnung der Hautveränderung ist länger als {MAX_LABEL_CHARS} Zeichen"
            ),
            EntryError::BadThumbnail => {
                "Das Vorschaubild ist keine Base64-Daten-URL eines PNG oder JPEG".into()
            }
            EntryError::ThumbnailTooLarge => format!(
                "Das Vorschaubild ist größer als {} kB",
                MAX_THUMBNAIL_BYTES / 1024
            ),
            EntryError::BadPhoto => {
                "Das aufbewahrte Foto ist keine Base64-Daten-URL eines PNG oder JPEG".into()
            }
            EntryError::PhotoTooLarge => format!(
                "Das aufbewahrte Foto ist größer als {} MB",
                MAX_PHOTO_BYTES >> 20
            ),
            EntryError::BadPin(pin) => format!(
                "Die Markierung auf der Körperkarte ist unbrauchbar: {}",
                pin.message(language)
            ),
            EntryError::NoProbabilities => "Das Ergebnis enthält keine Wahrscheinlichkeiten".into(),
            EntryError::ProbabilityOutOfRange { class, value } => format!(
                "Die Wahrscheinlichkeit von {class} ist {}, nicht zwischen 0 und 1",
                de(*value)
            ),
            EntryError::ProbabilitiesDoNotSumToOne(sum) => format!(
                "Die Wahrscheinlichkeiten ergeben zusammen {}, nicht 1",
                Language::De.decimal(f64::from(*sum), 4)
            ),
            EntryError::UnknownTopClass(class) => {
                format!("Die wahrscheinlichste Klasse „{class}“ ist keine der Klassen")
            }
            EntryError::BadModelHash(hash) => {
                format!("Der Modell-Hash „{hash}“ ist kein SHA-256-Wert")
            }
            EntryError::NotFinite(name) => {
                let name = match *name {
                    "top probability" => "höchste Wahrscheinlichkeit",
                    "malignant probability" => "Malignitätswahrscheinlichkeit",
                    "out-of-distribution score" => "Out-of-Distribution-Wert",
                    "brightness" => "Helligkeit",
                    "contrast" => "Kontrast",
                    "clipped fraction" => "Anteil übersteuerter Pixel",
                    "sharpness" => "Schärfe",
                    other => other,
                };
                format!("Der Wert „{name}“ ist keine endliche Zahl")
            }
        }
    }
}

/// 2000-01-01 and 2200-01-01 in Unix ms: outside this a date is a corrupt number.
const EARLIEST_MS: i64 = 946_684_800_000;
const LATEST_MS: i64 = 7_258_118_400_000;

impl HistoryEntry {
    /// Builds an entry from a result the user saves now, without pin or photo (see
    /// [`HistoryEntry::with_pin`], [`HistoryEntry::with_photo`]). The label is trimmed.
    pub fn new(
        id: String,
        saved_at_ms: i64,
        lesion: &str,
        thumbnail: String,
        record: ResultRecord,
    ) -> Result<Self, EntryError> {
        let entry = HistoryEntry {
            id,
            saved_at_ms,
            lesion: lesion.trim().to_owned(),
            thumbnail,
            record,
            pin: None,
            photo: None,
        };
        entry.validate()?;
        Ok(entry)
    }

    /// The entry with this pin (or none), checked.
    pub fn with_pin(self, pin: Option<BodyPin>) -> Result<Self, EntryError> {
        if let Some(pin) = &pin {
            pin.validate().map_err(EntryError::BadPin)?;
        }
        Ok(HistoryEntry { pin, ..self })
    }

    /// The entry with this kept photo (or none), checked.
    pub fn with_photo(self, photo: Option<String>) -> Result<Self, EntryError> {
        if let Some(photo) = &photo {
            validate_photo(photo)?;
        }
        Ok(HistoryEntry { photo, ..self })
    }

    /// Checks everything the history page and the timeline rely on.
    pub fn validate(&self) -> Result<(), EntryError> {
        if self.id.trim().is_empty() {
            return Err(EntryError::MissingId);
        }
        if self.id.chars().count() > MAX_ID_CHARS {
            return Err(EntryError::IdTooLong);
        }
        if !(EARLIEST_MS..LATEST_MS).contains(&self.saved_at_ms) {
            return Err(EntryError::BadDate(self.saved_at_ms));
        }
        if self.lesion.chars().count() > MAX_LABEL_CHARS {
            return Err(EntryError::LabelTooLong);
        }
        validate_thumbnail(&self.thumbnail)?;
        if let Some(photo) = &self.photo {
            validate_photo(photo)?;
        }
        if let Some(pin) = &self.pin {
            pin.validate().map_err(EntryError::BadPin)?;
        }
        let record = &self.record;
        validate_numbers(record)?;
        if record.probabilities.is_empty() {
            return Err(EntryError::NoProbabilities);
        }
        for (class, p) in &record.probabilities {
            if !(0.0..=1.0).contains(p) {
                return Err(EntryError::ProbabilityOutOfRange {
                    class: class.clone(),
                    value: *p,
                });
            }
        }
        let sum: f32 = record.probabilities.iter().map(|(_, p)| p).sum();
        if (sum - 1.0).abs() > 1e-3 {
            return Err(EntryError::ProbabilitiesDoNotSumToOne(sum));
        }
        if !record
            .probabilities
            .iter()
            .any(|(c, _)| *c == record.top_class)
        {
            return Err(EntryError::UnknownTopClass(record.top_class.clone()));
        }
        let hash = &record.model_sha256;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(EntryError::BadModelHash(hash.clone()));
        }
        Ok(())
    }

    /// The label shown for this entry's lesion.
    pub fn lesion_label(&self) -> &str {
        if self.lesion.is_empty() {
            crate::UNLABELLED
        } else {
            &self.lesion
        }
    }
}

/// JSON numbers beyond the f32 range parse as infinities, which serde_json writes back as
/// `null`: an accepted entry would turn the next export into a file the import refuses.
fn validate_numbers(record: &ResultRecord) -> Result<(), EntryError> {
    let mut numbers = vec![
        ("top probability", Some(record.top_probability)),
        ("malignant probability", Some(record.malignant_probability)),
    ];
    if let Some(check) = &record.check {
        let m = &check.measures;
        numbers.extend([
            ("out-of-distribution score", check.ood_score),
            ("brightness", Some(m.brightness)),
            ("contrast", Some(m.contrast)),
            ("clipped fraction", Some(m.clipped)),
            ("sharpness", Some(m.sharpness)),
        ]);
    }
    match numbers
        .into_iter()
        .find(|(_, v)| v.is_some_and(|v| !v.is_finite()))
    {
        Some((name, _)) => Err(EntryError::NotFinite(name)),
        None => Ok(()),
    }
}

fn validate_thumbnail(url: &str) -> Result<(), EntryError> {
    check_data_url(url, MAX_THUMBNAIL_BYTES).map_err(|fault| match fault {
        DataUrlFault::NotOne => EntryError::BadThumbnail,
        DataUrlFault::TooLarge => EntryError::ThumbnailTooLarge,
    })
}

fn validate_photo(url: &str) -> Result<(), EntryError> {
    check_data_url(url, MAX_PHOTO_BYTES).map_err(|fault| match fault {
        DataUrlFault::NotOne => EntryError::BadPhoto,
        DataUrlFault::TooLarge => EntryError::PhotoTooLarge,
    })
}

enum DataUrlFault {
    NotOne,
    TooLarge,
}

/// A base64 JPEG or PNG data URL of at most `limit` bytes: what an `<img>` shows and nothing
/// a page could run.
fn check_data_url(url: &str, limit: usize) -> Result<(), DataUrlFault> {
    let data = ["data:image/jpeg;base64,", "data:image/png;base64,"]
        .iter()
        .find_map(|prefix| url.strip_prefix(prefix))
        .ok_or(DataUrlFault::NotOne)?;
    if url.len() > limit {
        return Err(DataUrlFault::TooLarge);
    }
    let base64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    if data.is_empty() || data.len() % 4 != 0 || !data.bytes().all(base64) {
        return Err(DataUrlFault::NotOne);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::entry;
    use crate::BodySide;

    #[test]
    fn a_saved_result_is_valid_and_its_label_trimmed() {
        let e = entry("a", 1_700_000_000_000, "  left shoulder mole ", &[0.7, 0.3]);
        let made = HistoryEntry::new(e.id, e.saved_at_ms, &e.lesion, e.thumbnail, e.record)
            .expect("valid");
        assert_eq!(made.lesion, "left shoulder mole");
        assert_eq!(made.lesion_label(), "left shoulder mole");
    }

    #[test]
    fn each_broken_field_is_named() {
        let good = entry("a", 1_700_000_000_000, "x", &[0.7, 0.3]);
        let check = |f: &dyn Fn(&mut HistoryEntry), expected: EntryError| {
            let mut e = good.clone();
            f(&mut e);
            assert_eq!(e.validate(), Err(expected));
        };
        check(&|e| e.id = " ".into(), EntryError::MissingId);
        check(&|e| e.saved_at_ms = 12, EntryError::BadDate(12));
        check(&|e| e.lesion = "x".repeat(81), EntryError::LabelTooLong);
        check(
            &|e| e.thumbnail = "https://example.org/a.jpg".into(),
            EntryError::BadThumbnail,
        );
        check(
            &|e| e.thumbnail = "data:image/png;base64,ab$d".into(),
            EntryError::BadThumbnail,
        );
        check(
            &|e| e.thumbnail = format!("data:image/png;base64,{}", "A".repeat(70_000)),
            EntryError::ThumbnailTooLarge,
        );
        check(
            &|e| e.record.probabilities[0].1 = 1.5,
            EntryError::ProbabilityOutOfRange {
                class: "nv".into(),
                value: 1.5,
            },
        );
        check(
            &|e| e.record.probabilities[0].1 = 0.5,
            EntryError::ProbabilitiesDoNotSumToOne(0.8),
        );
        check(
            &|e| e.record.top_class = "xyz".into(),
            EntryError::UnknownTopClass("xyz".into()),
        );
        check(
            &|e| e.record.model_sha256 = "abc".into(),
            EntryError::BadModelHash("abc".into()),
        );
        check(
            &|e| e.record.probabilities.clear(),
            EntryError::NoProbabilities,
        );
        check(
            &|e| e.photo = Some("data:image/gif;base64,R0lG".into()),
            EntryError::BadPhoto,
        );
        check(
            &|e| {
                e.photo = Some(format!(
                    "data:image/jpeg;base64,{}",
                    "A".repeat(MAX_PHOTO_BYTES)
                ))
            },
            EntryError::PhotoTooLarge,
        );
        check(
            &|e| {
                e.pin = Some(BodyPin {
                    side: BodySide::Front,
                    x: 5.0,
                    y: 5.0,
                })
            },
            EntryError::BadPin(PinError::NotOnBody {
                side: BodySide::Front,
                x: 5.0,
                y: 5.0,
            }),
        );
    }

    #[test]
    fn reasons_read_in_each_language() {
        let pin = EntryError::BadPin(PinError::NotFinite);
        assert_eq!(pin.message(Language::En), pin.to_string());
        assert_eq!(
            pin.message(Language::De),
            "Die Markierung auf der Körperkarte ist unbrauchbar: Die Position der Markierung ist \
             keine endliche Zahl"
        );
        let p = EntryError::ProbabilityOutOfRange {
            class: "nv".into(),
            value: 1.5,
        };
        assert_eq!(
            p.message(Language::De),
            "Die Wahrscheinlichkeit von nv ist 1,5, nicht zwischen 0 und 1"
        );
        assert_eq!(
            EntryError::ProbabilitiesDoNotSumToOne(0.8).message(Language::De),
            "Die Wahrscheinlichkeiten ergeben zusammen 0,8000, nicht 1"
        );
        assert_eq!(
            EntryError::NotFinite("sharpness").message(Language::De),
            "Der Wert „Schärfe“ ist keine endliche Zahl"
        );
        assert_eq!(
            EntryError::PhotoTooLarge.message(Language::De),
            "Das aufbewahrte Foto ist größer als 1 MB"
        );
    }

    #[test]
    fn a_pin_and_a_photo_are_checked_as_they_are_added() {
        let e = entry("a", 1_700_000_000_000, "mole", &[0.7, 0.3]);
        let made = HistoryEntry::new(e.id, e.saved_at_ms, &e.lesion, e.thumbnail, e.record)
            .expect("valid");
        assert_eq!((made.pin, made.photo.as_deref()), (None, None));
        let pin = BodyPin {
            side: BodySide::Back,
            x: 100.0,
            y: 120.0,
        };
        // The largest photo accepted, to the byte.
        let prefix = "data:image/jpeg;base64,";
        let largest = format!(
            "{prefix}{}",
            "A".repeat((MAX_PHOTO_BYTES - prefix.len()) / 4 * 4)
        );
        let kept = made
            .clone()
            .with_pin(Some(pin))
            .and_then(|e| e.with_photo(Some(largest.clone())))
            .expect("valid");
        assert_eq!((kept.pin, kept.photo.as_ref()), (Some(pin), Some(&largest)));
        assert_eq!(kept.validate(), Ok(()));
        assert_eq!(kept.clone().with_pin(None).map(|e| e.pin), Ok(None));
        assert_eq!(
            made.clone().with_pin(Some(BodyPin { x: f32::NAN, ..pin })),
            Err(EntryError::BadPin(PinError::NotFinite))
        );
        assert_eq!(
            made.with_photo(Some("data:image/jpeg;base64,".into())),
            Err(EntryError::BadPhoto)
        );
    }
}
