//! Re-check reminders as an iCalendar (RFC 5545) file: an offline page cannot schedule a
//! notification, but any calendar app can import an all-day event with an alarm.

use skincheck_core::Language;

use crate::schedule::{local_date, CivilDate, DueLesion};
use crate::words::{every_weeks_text, lesion_name};

/// One all-day reminder.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEvent {
    /// Stable for one lesion's due date, so importing the file again updates the event
    /// instead of adding a second one.
    pub uid: String,
    /// When the file was made (Unix ms); written as `DTSTAMP`.
    pub stamp_ms: i64,
    pub date: CivilDate,
    pub summary: String,
    pub description: String,
}

const PRODID: &str = "-//SkinCheck//Lesion diary//EN";
/// RFC 5545 3.1: a content line is at most 75 octets, CRLF excluded.
const LINE_OCTETS: usize = 75;
const DAY_MS: i64 = 86_400_000;

/// A VCALENDAR (VERSION:2.0, PRODID:-//SkinCheck//Lesion diary//EN, CALSCALE:GREGORIAN) with
/// one all-day VEVENT per event, each with a display alarm at 09:00 on its day (the start of
/// an all-day event is midnight local time). CRLF line ends, TEXT values escaped, lines
/// folded at 75 octets between characters.
pub fn ics_calendar(events: &[CalendarEvent]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".to_owned(),
    ];
    for e in events {
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", escape_text(&e.uid)),
            format!("DTSTAMP:{}", utc_date_time(e.stamp_ms)),
            format!("DTSTART;VALUE=DATE:{}", e.date.basic()),
            format!("DTEND;VALUE=DATE:{}", e.date.next_day().basic()),
            format!("SUMMARY:{}", escape_text(&e.summary)),
            format!("DESCRIPTION:{}", escape_text(&e.description)),
            // A reminder, not an appointment: the day stays free.
            "TRANSP:TRANSPARENT".to_owned(),
            "BEGIN:VALARM".to_owned(),
            "ACTION:DISPLAY".to_owned(),
            format!("DESCRIPTION:{}", escape_text(&e.summary)),
            "TRIGGER;RELATED=START:PT9H".to_owned(),
            "END:VALARM".to_owned(),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in &lines {
        fold_into(&mut out, line);
    }
    out
}

/// The reminder for one lesion's next look, in the page's language, on its due date in the
/// person's time zone, or today when that is past (an alarm in the past never shows).
pub fn recheck_event(
    due: &DueLesion,
    language: Language,
    now_ms: i64,
    utc_offset_minutes: i32,
) -> CalendarEvent {
    let due_date = local_date(due.due_ms, utc_offset_minutes);
    let date = due_date.max(local_date(now_ms, utc_offset_minutes));
    let lesion = lesion_name(&due.lesion, language);
    let every = every_weeks_text(due.every_weeks, language);
    let was_due = due_date.text(language);
    let (late, summary, description) = match language {
        Language::En => (
            format!("It was due on {was_due}. "),
            format!("SkinCheck: look at “{lesion}” again"),
            format!(
                "A reminder from your SkinCheck lesion diary ({every}): photograph “{lesion}” \
                 again and compare it with the earlier photos. SkinCheck is not a diagnosis: \
                 see a doctor about any change in size, shape or colour, or a lesion that \
                 itches, bleeds or looks unlike your others."
            ),
        ),
        Language::De => (
            format!("Die Kontrolle war am {was_due} fällig. "),
            format!("SkinCheck: „{lesion}“ erneut ansehen"),
            format!(
                "Eine Erinnerung aus Ihrem SkinCheck-Hauttagebuch ({every}): Fotografieren Sie \
                 „{lesion}“ erneut und vergleichen Sie das Foto mit den früheren. SkinCheck \
                 stellt keine Diagnose: Gehen Sie zu einer Ärztin oder einem Arzt, wenn sich \
                 Größe, Form oder Farbe verändern oder eine Hautveränderung juckt, blutet oder \
                 anders aussieht als Ihre übrigen."
            ),
        ),
    };
    let late = if date > due_date { late } else { String::new() };
    CalendarEvent {
        // From the stored label, so the event is the same whatever the language.
        uid: format!(
            "{:016x}-{}@skincheck.local",
            fnv1a(due.lesion.as_bytes()),
            due_date.basic()
        ),
        stamp_ms: now_ms,
        date,
        summary,
        description: format!("{late}{description}"),
    }
}

/// FNV-1a, 64 bits: a short id that stays the same across versions and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `YYYYMMDDTHHMMSSZ`.
fn utc_date_time(ms: i64) -> String {
    let seconds = ms.rem_euclid(DAY_MS) / 1000;
    format!(
        "{}T{:02}{:02}{:02}Z",
        local_date(ms, 0).basic(),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// RFC 5545 3.3.11: backslash, semicolon and comma escaped, line breaks as `\n`; other
/// control characters are not allowed in TEXT and become spaces.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded (RFC 5545 3.1): a CRLF and one space before any character
/// that would take the line past 75 octets, so no UTF-8 sequence is split.
fn fold_into(out: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        if octets + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::DueState;

    /// A content line read back: name, parameters, unescaped value.
    #[derive(Debug, PartialEq)]
    struct Property {
        name: String,
        params: Vec<String>,
        value: String,
    }

    /// A small reader, independent of the writer: checks the physical lines, unfolds, splits.
    fn parse(ics: &str) -> Vec<Property> {
        let bytes = ics.as_bytes();
        assert!(ics.ends_with("\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains(['\r', '\n']),
            "bare line break"
        );
        for line in bytes.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(line.len() <= 75, "{} octets", line.len());
            assert!(std::str::from_utf8(line).is_ok(), "a character is split");
        }
        ics.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(|line| {
                let (head, value) = line.split_once(':').expect("name: value");
                let mut parts = head.split(';');
                Property {
                    name: parts.next().unwrap_or_default().to_owned(),
                    params: parts.map(str::to_owned).collect(),
                    value: unescape(value),
                }
            })
            .collect()
    }

    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(c @ ('\\' | ';' | ',')) => out.push(c),
                other => panic!("bad escape \\{other:?}"),
            }
        }
        out
    }

    fn value<'a>(props: &'a [Property], name: &str) -> &'a Property {
        props
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    }

    fn due(lesion: &str, due_ms: i64, state: DueState) -> DueLesion {
        DueLesion {
            lesion: lesion.into(),
            every_weeks: 4,
            last_saved_ms: due_ms - 28 * DAY_MS,
            due_ms,
            state,
        }
    }

    /// 2026-12-01 10:00 UTC.
    const DUE_MS: i64 = 1_796_119_200_000;

    #[test]
    fn a_reminder_is_an_all_day_event_with_an_alarm_at_nine() {
        let now = DUE_MS - 10 * DAY_MS + 3_723_000; // 2026-11-21 11:02:03 UTC
        let event = recheck_event(
            &due(
                "left shoulder mole",
                DUE_MS,
                DueState::Upcoming { days: 10 },
            ),
            Language::En,
            now,
            60,
        );
        assert_eq!(event.date.iso(), "2026-12-01");
        let props = parse(&ics_calendar(std::slice::from_ref(&event)));
        let names: Vec<&str> = props.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "BEGIN",
                "VERSION",
                "PRODID",
                "CALSCALE",
                "BEGIN",
                "UID",
                "DTSTAMP",
                "DTSTART",
                "DTEND",
                "SUMMARY",
                "DESCRIPTION",
                "TRANSP",
                "BEGIN",
                "ACTION",
                "DESCRIPTION",
                "TRIGGER",
                "END",
                "END",
                "END"
            ]
        );
        assert_eq!(value(&props, "VERSION").value, "2.0");
        assert_eq!(
            value(&props, "PRODID").value,
            "-//SkinCheck//Lesion diary//EN"
        );
        assert_eq!(value(&props, "CALSCALE").value, "GREGORIAN");
        let start = value(&props, "DTSTART");
        assert_eq!(
            (start.params.as_slice(), start.value.as_str()),
            (&["VALUE=DATE".to_owned()][..], "20261201")
        );
        assert_eq!(value(&props, "DTEND").value, "20261202");
        assert_eq!(value(&props, "DTSTAMP").value, "20261121T110203Z");
        let trigger = value(&props, "TRIGGER");
        assert_eq!(
            (trigger.params.as_slice(), trigger.value.as_str()),
            (&["RELATED=START".to_owned()][..], "PT9H")
        );
        assert_eq!(value(&props, "ACTION").value, "DISPLAY");
        assert_eq!(
            value(&props, "SUMMARY").value,
            "SkinCheck: look at “left shoulder mole” again"
        );
        let text = &value(&props, "DESCRIPTION").value;
        assert!(
            text.contains("photograph “left shoulder mole” again"),
            "{text}"
        );
        assert!(text.contains("every 4 weeks"), "{text}");
        assert!(
            text.contains("SkinCheck is not a diagnosis: see a doctor"),
            "{text}"
        );
        assert!(!text.contains("was due"), "{text}");
        let uid = &value(&props, "UID").value;
        let (hash, rest) = uid.split_once('-').expect("hash-date");
        assert!(
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{uid}"
        );
        assert_eq!(rest, "20261201@skincheck.local");
    }

    #[test]
    fn uids_are_stable_per_lesion_and_due_date() {
        let a = |lesion: &str, due_ms: i64, now: i64| {
            recheck_event(&due(lesion, due_ms, DueState::Today), Language::En, now, 0).uid
        };
        assert_eq!(a("mole", DUE_MS, 0), a("mole", DUE_MS + 3_600_000, DAY_MS));
        assert_ne!(a("mole", DUE_MS, 0), a("mole ", DUE_MS, 0));
        assert_ne!(a("mole", DUE_MS, 0), a("mole", DUE_MS + DAY_MS, 0));
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn an_overdue_reminder_is_set_for_today_and_says_when_it_was_due() {
        let now = DUE_MS + 3 * DAY_MS;
        let overdue = due("knee", DUE_MS, DueState::Overdue { days: 3 });
        let event = recheck_event(&overdue, Language::En, now, 0);
        assert_eq!(event.date.iso(), "2026-12-04");
        assert!(
            event.description.starts_with("It was due on 2026-12-01. "),
            "{}",
            event.description
        );
        let german = recheck_event(&overdue, Language::De, now, 0);
        assert_eq!(german.summary, "SkinCheck: „knee“ erneut ansehen");
        assert!(
            german
                .description
                .starts_with("Die Kontrolle war am 01.12.2026 fällig. Eine Erinnerung"),
            "{}",
            german.description
        );
        assert!(german.description.contains("(alle 4 Wochen)"));
        assert_eq!((&german.uid, german.date), (&event.uid, event.date));
        assert!(
            event.uid.ends_with("-20261201@skincheck.local"),
            "{}",
            event.uid
        );
    }

    #[test]
    fn text_is_escaped_and_long_lines_folded_between_characters() {
        // Labels of every length up to the limit, multi-byte characters at every fold point.
        for n in 0..=crate::MAX_LABEL_CHARS {
            for unit in ["é", "“", "😀", "a,;\\"] {
                let label: String = unit
                    .repeat(n)
                    .chars()
                    .take(crate::MAX_LABEL_CHARS)
                    .collect();
                for language in Language::ALL {
                    let today = due(&label, DUE_MS, DueState::Today);
                    let event = recheck_event(&today, language, DUE_MS, 0);
                    let props = parse(&ics_calendar(&[event.clone(), event.clone()]));
                    assert_eq!(value(&props, "SUMMARY").value, event.summary);
                    assert_eq!(value(&props, "DESCRIPTION").value, event.description);
                    assert_eq!(value(&props, "UID").value, event.uid);
                    assert_eq!(props.iter().filter(|p| p.name == "SUMMARY").count(), 2);
                }
            }
        }
        let tricky = "a\\b;c,d\ne\r\nf\u{7}g\th";
        assert_eq!(escape_text(tricky), "a\\\\b\\;c\\,d\\ne\\nf g\th");
        assert_eq!(unescape(&escape_text(tricky)), "a\\b;c,d\ne\nf g\th");
        let mut folded = String::new();
        fold_into(&mut folded, &format!("SUMMARY:{}", "é".repeat(40)));
        // 8 + 33 × 2 = 74 octets fit; the next "é" would make 76.
        assert_eq!(
            folded.split("\r\n").map(str::len).collect::<Vec<_>>(),
            [74, 15, 0]
        );
    }

    #[test]
    fn an_empty_calendar_is_still_a_calendar() {
        assert_eq!(
            ics_calendar(&[]),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SkinCheck//Lesion diary//EN\r\n\
             CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n"
        );
    }
}
