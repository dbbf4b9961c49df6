//! Re-check reminders: a person's plan to look at a lesion again every few weeks, when that
//! falls due in their own calendar days, and the civil dates a reminder file needs.

use serde::{Deserialize, Serialize};
use skincheck_core::Language;
use thiserror::Error;

use crate::{HistoryEntry, MAX_LABEL_CHARS};

/// The intervals the diary offers; any whole number of weeks up to [`MAX_RECHECK_WEEKS`] is
/// accepted from a file.
pub const RECHECK_WEEKS_CHOICES: [u16; 6] = [2, 4, 8, 12, 26, 52];
/// Two years: a longer plan is no reminder.
pub const MAX_RECHECK_WEEKS: u16 = 104;

const DAY_MS: i64 = 86_400_000;
const WEEK_MS: i64 = 7 * DAY_MS;

/// A person's plan to look at one lesion again every N weeks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recheck {
    /// The lesion label as [`HistoryEntry::lesion_label`] gives it.
    pub lesion: String,
    pub every_weeks: u16,
}

/// Why a re-check plan cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecheckError {
    #[error("the reminder names no lesion")]
    NoLesion,
    #[error("the lesion label is longer than {MAX_LABEL_CHARS} characters")]
    LabelTooLong,
    #[error("every {0} weeks is not between 1 and {MAX_RECHECK_WEEKS} weeks")]
    BadInterval(u16),
}

impl RecheckError {
    /// The reason for the page: the English [`Display`](std::fmt::Display) text, or German.
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::En => self.to_string(),
            Language::De => match self {
                RecheckError::NoLesion => "Die Erinnerung nennt keine Hautveränderung".into(),
                RecheckError::LabelTooLong => format!(
                    "Die Bezeichnung der Hautveränderung ist länger als {MAX_LABEL_CHARS} Zeichen"
                ),
                RecheckError::BadInterval(weeks) => format!(
                    "Ein Abstand von {weeks} Wochen liegt nicht zwischen 1 und {MAX_RECHECK_WEEKS} Wochen"
                ),
            },
        }
    }
}

impl Recheck {
    pub fn validate(&self) -> Result<(), RecheckError> {
        if self.lesion.trim().is_empty() {
            return Err(RecheckError::NoLesion);
        }
        if self.lesion.chars().count() > MAX_LABEL_CHARS {
            return Err(RecheckError::LabelTooLong);
        }
        if !(1..=MAX_RECHECK_WEEKS).contains(&self.every_weeks) {
            return Err(RecheckError::BadInterval(self.every_weeks));
        }
        Ok(())
    }
}

/// When the next look is due: `every_weeks` after the lesion's last saved entry.
pub fn due_at_ms(last_saved_ms: i64, every_weeks: u16) -> i64 {
    last_saved_ms.saturating_add(i64::from(every_weeks) * WEEK_MS)
}

/// How a due date stands against today, in whole calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueState {
    Overdue { days: u32 },
    Today,
    Upcoming { days: u32 },
}

impl DueState {
    /// "Next look due in 12 days (13 Dec 2026).", "Due today (…).", "Overdue by 3 days (due
    /// …)."; `date` is the due date as the page writes it.
    pub fn text(self, language: Language, date: &str) -> String {
        let days = |n: u32| match (language, n) {
            (Language::En, 1) => "1 day".to_owned(),
            (Language::En, n) => format!("{n} days"),
            (Language::De, 1) => "1 Tag".to_owned(),
            (Language::De, n) => format!("{n} Tagen"),
        };
        match (language, self) {
            (Language::En, DueState::Overdue { days: n }) => {
                format!("Overdue by {} (due {date}).", days(n))
            }
            (Language::En, DueState::Today) => format!("Due today ({date})."),
            (Language::En, DueState::Upcoming { days: n }) => {
                format!("Next look due in {} ({date}).", days(n))
            }
            (Language::De, DueState::Overdue { days: n }) => {
                format!("Überfällig seit {} (fällig am {date}).", days(n))
            }
            (Language::De, DueState::Today) => format!("Heute fällig ({date})."),
            (Language::De, DueState::Upcoming { days: n }) => {
                format!("Nächste Kontrolle fällig in {} ({date}).", days(n))
            }
        }
    }
}

/// The day number (days since 1970-01-01) of an instant in the person's time zone.
fn local_day(ms: i64, utc_offset_minutes: i32) -> i64 {
    ms.saturating_add(i64::from(utc_offset_minutes) * 60_000)
        .div_euclid(DAY_MS)
}

/// Calendar days in the person's time zone: `utc_offset_minutes` is minutes EAST of UTC
/// (i.e. `-Date.getTimezoneOffset()`). Counted in dates, not 24-hour spans, so a look due
/// tomorrow morning reads "in 1 day" late tonight.
pub fn due_state(due_ms: i64, now_ms: i64, utc_offset_minutes: i32) -> DueState {
    let days = local_day(due_ms, utc_offset_minutes) - local_day(now_ms, utc_offset_minutes);
    let count = |d: i64| u32::try_from(d.unsigned_abs()).unwrap_or(u32::MAX);
    match days {
        0 => DueState::Today,
        d if d < 0 => DueState::Overdue { days: count(d) },
        d => DueState::Upcoming { days: count(d) },
    }
}

/// One lesion's next look.
#[derive(Debug, Clone, PartialEq)]
pub struct DueLesion {
    pub lesion: String,
    pub every_weeks: u16,
    /// The lesion's newest entry: the interval runs from there.
    pub last_saved_ms: i64,
    pub due_ms: i64,
    pub state: DueState,
}

/// One row per recheck whose lesion has entries, soonest due first (overdue first). A plan
/// for a lesion whose entries were all deleted has nothing to run from and is left out.
pub fn due_lesions(
    entries: &[HistoryEntry],
    rechecks: &[Recheck],
    now_ms: i64,
    utc_offset_minutes: i32,
) -> Vec<DueLesion> {
    let mut rows: Vec<DueLesion> = rechecks
        .iter()
        .filter_map(|plan| {
            let last_saved_ms = entries
                .iter()
                .filter(|e| e.lesion_label() == plan.lesion)
                .map(|e| e.saved_at_ms)
                .max()?;
            let due_ms = due_at_ms(last_saved_ms, plan.every_weeks);
            Some(DueLesion {
                lesion: plan.lesion.clone(),
                every_weeks: plan.every_weeks,
                last_saved_ms,
                due_ms,
                state: due_state(due_ms, now_ms, utc_offset_minutes),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        a.due_ms
            .cmp(&b.due_ms)
            .then_with(|| a.lesion.cmp(&b.lesion))
    });
    rows
}

/// A date in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The date of an instant in the person's time zone (minutes east of UTC).
pub fn local_date(ms: i64, utc_offset_minutes: i32) -> CivilDate {
    CivilDate::from_days(local_day(ms, utc_offset_minutes))
}

impl CivilDate {
    /// ISO 8601: "2026-12-01" (years before 1 BC as "-0044-03-15").
    pub fn iso(&self) -> String {
        let sign = if self.year < 0 { "-" } else { "" };
        format!(
            "{sign}{:04}-{:02}-{:02}",
            self.year.unsigned_abs(),
            self.month,
            self.day
        )
    }

    /// As this language writes a date in running text: ISO 8601 in English (unambiguous
    /// wherever the reader is), "01.12.2026" in German.
    pub fn text(&self, language: Language) -> String {
        match language {
            Language::En => self.iso(),
            Language::De => format!("{:02}.{:02}.{}", self.day, self.month, self.year),
        }
    }

    /// ISO 8601 basic format, as iCalendar dates are written: "20261201".
    pub fn basic(&self) -> String {
        self.iso().replace('-', "")
    }

    pub fn next_day(&self) -> CivilDate {
        CivilDate::from_days(self.days_since_epoch() + 1)
    }

    /// Howard Hinnant's `civil_from_days`: day 0 is 1970-01-01, eras of 400 years make
    /// negative days and leap centuries exact.
    pub fn from_days(days: i64) -> CivilDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097); // [0, 146096]
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365], from 1 March
        let mp = (5 * doy + 2) / 153; // [0, 11], March first
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        CivilDate {
            // An i64 of milliseconds spans some 300 million years: always an i32.
            year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
            month: month as u8,
            day: day as u8,
        }
    }

    /// Hinnant's `days_from_civil`, the inverse of [`CivilDate::from_days`].
    pub fn days_since_epoch(&self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::entry;

    fn date(year: i32, month: u8, day: u8) -> CivilDate {
        CivilDate { year, month, day }
    }

    /// Unix ms of a UTC date and time.
    fn utc(year: i32, month: u8, day: u8, hour: i64, minute: i64) -> i64 {
        (date(year, month, day).days_since_epoch() * 24 * 60 + hour * 60 + minute) * 60_000
    }

    #[test]
    fn known_dates() {
        assert_eq!(local_date(0, 0), date(1970, 1, 1));
        assert_eq!(local_date(-1, 0), date(1969, 12, 31));
        assert_eq!(local_date(951_782_400_000, 0), date(2000, 2, 29));
        assert_eq!(local_date(1_700_000_000_000, 0), date(2023, 11, 14));
        // 2024-12-31 23:30 UTC is already 2025 an hour east, still 2024 an hour west.
        let late = 1_735_687_800_000;
        assert_eq!(local_date(late, 60), date(2025, 1, 1));
        assert_eq!(local_date(late, -60), date(2024, 12, 31));
        assert_eq!(local_date(late, 0).iso(), "2024-12-31");
        // 1900 is no leap year, 2000 is; and far back in the proleptic calendar.
        assert_eq!(CivilDate::from_days(-25_508), date(1900, 3, 1));
        assert_eq!(date(1900, 2, 28).next_day(), date(1900, 3, 1));
        assert_eq!(date(2000, 2, 28).next_day(), date(2000, 2, 29));
        assert_eq!(date(2026, 12, 31).next_day(), date(2027, 1, 1));
        assert_eq!(CivilDate::from_days(-719_528), date(0, 1, 1));
        assert_eq!(date(-1, 12, 31).next_day(), date(0, 1, 1));
        assert_eq!(date(-44, 3, 15).iso(), "-0044-03-15");
        assert_eq!(date(2026, 12, 1).iso(), "2026-12-01");
        assert_eq!(date(2026, 12, 1).basic(), "20261201");
        assert_eq!(date(2026, 12, 1).text(Language::De), "01.12.2026");
        assert_eq!(date(2026, 12, 1).text(Language::En), "2026-12-01");
        // The extremes do not panic.
        let _ = local_date(i64::MAX, 840);
        let _ = local_date(i64::MIN, -720);
    }

    #[test]
    fn days_and_dates_agree_from_1422_to_2380() {
        let mut previous = CivilDate::from_days(-200_000);
        for days in -199_999..150_000 {
            let d = CivilDate::from_days(days);
            assert_eq!(d.days_since_epoch(), days);
            assert!(d > previous);
            assert_eq!(previous.next_day(), d);
            assert!((1..=12).contains(&d.month) && (1..=31).contains(&d.day));
            previous = d;
        }
    }

    #[test]
    fn due_is_counted_in_the_persons_calendar_days() {
        let due = utc(2026, 3, 10, 8, 0);
        assert_eq!(due_state(due, utc(2026, 3, 10, 23, 0), 0), DueState::Today);
        assert_eq!(
            due_state(due, utc(2026, 3, 9, 23, 0), 0),
            DueState::Upcoming { days: 1 }
        );
        // 23:00 UTC on the 9th is already the 10th in Berlin (UTC+1).
        assert_eq!(due_state(due, utc(2026, 3, 9, 23, 0), 60), DueState::Today);
        // Due at midnight on the 10th in Los Angeles (UTC-8), where 07:00 UTC on the 12th
        // is still the 11th: one day overdue there, two in London.
        let now = utc(2026, 3, 12, 7, 0);
        assert_eq!(due_state(due, now, -480), DueState::Overdue { days: 1 });
        assert_eq!(due_state(due, now, 0), DueState::Overdue { days: 2 });
        assert_eq!(
            due_state(due, utc(2025, 3, 10, 12, 0), 0),
            DueState::Upcoming { days: 365 }
        );
        assert_eq!(
            due_state(i64::MIN, i64::MAX, 0),
            DueState::Overdue { days: u32::MAX }
        );
    }

    #[test]
    fn due_dates_are_said_in_each_language() {
        let (en, de) = (Language::En, Language::De);
        let d = "2026-12-13";
        assert_eq!(
            DueState::Upcoming { days: 12 }.text(en, d),
            "Next look due in 12 days (2026-12-13)."
        );
        assert_eq!(
            DueState::Overdue { days: 1 }.text(en, d),
            "Overdue by 1 day (due 2026-12-13)."
        );
        assert_eq!(DueState::Today.text(en, d), "Due today (2026-12-13).");
        let d = "13.12.2026";
        assert_eq!(
            DueState::Upcoming { days: 1 }.text(de, d),
            "Nächste Kontrolle fällig in 1 Tag (13.12.2026)."
        );
        assert_eq!(
            DueState::Overdue { days: 3 }.text(de, d),
            "Überfällig seit 3 Tagen (fällig am 13.12.2026)."
        );
        assert_eq!(DueState::Today.text(de, d), "Heute fällig (13.12.2026).");
    }

    #[test]
    fn plans_are_checked() {
        let plan = |lesion: &str, every_weeks| Recheck {
            lesion: lesion.into(),
            every_weeks,
        };
        assert_eq!(plan("mole", 4).validate(), Ok(()));
        assert_eq!(plan("mole", MAX_RECHECK_WEEKS).validate(), Ok(()));
        assert_eq!(plan(" ", 4).validate(), Err(RecheckError::NoLesion));
        assert_eq!(
            plan(&"é".repeat(81), 4).validate(),
            Err(RecheckError::LabelTooLong)
        );
        assert_eq!(
            plan("mole", 0).validate(),
            Err(RecheckError::BadInterval(0))
        );
        let bad = plan("mole", 105).validate().unwrap_err();
        assert_eq!(
            bad.to_string(),
            "every 105 weeks is not between 1 and 104 weeks"
        );
        assert_eq!(bad.message(Language::En), bad.to_string());
        assert_eq!(
            bad.message(Language::De),
            "Ein Abstand von 105 Wochen liegt nicht zwischen 1 und 104 Wochen"
        );
        assert!(RecheckError::NoLesion
            .message(Language::De)
            .contains("keine Hautveränderung"));
        assert!(RECHECK_WEEKS_CHOICES
            .iter()
            .all(|&w| plan("mole", w).validate().is_ok()));
        assert_eq!(due_at_ms(0, 2), 14 * DAY_MS);
        assert_eq!(due_at_ms(i64::MAX - 1, 52), i64::MAX);
    }

    #[test]
    fn due_lesions_run_from_the_newest_entry_soonest_first() {
        let day = DAY_MS;
        let start = utc(2026, 1, 1, 12, 0);
        let entries = vec![
            entry("a", start, "mole", &[0.7, 0.3]),
            entry("b", start + 20 * day, "mole", &[0.7, 0.3]),
            entry("c", start, "", &[0.7, 0.3]),
            entry("d", start + 5 * day, "knee", &[0.7, 0.3]),
        ];
        let plan = |lesion: &str, every_weeks| Recheck {
            lesion: lesion.into(),
            every_weeks,
        };
        let rechecks = vec![
            plan("mole", 4),
            plan(crate::UNLABELLED, 2),
            plan("knee", 8),
            plan("deleted", 2),
        ];
        let now = start + 30 * day;
        let rows = due_lesions(&entries, &rechecks, now, 0);
        let summary: Vec<(&str, i64, DueState)> = rows
            .iter()
            .map(|r| (r.lesion.as_str(), r.last_saved_ms, r.state))
            .collect();
        assert_eq!(
            summary,
            [
                (crate::UNLABELLED, start, DueState::Overdue { days: 16 }),
                ("mole", start + 20 * day, DueState::Upcoming { days: 18 }),
                ("knee", start + 5 * day, DueState::Upcoming { days: 31 }),
            ]
        );
        assert_eq!(rows[1].due_ms, start + 48 * day);
        assert_eq!(rows[1].every_weeks, 4);
        assert!(due_lesions(&[], &rechecks, now, 0).is_empty());
    }
}
