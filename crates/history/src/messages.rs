//! The diary page's sentences that carry figures (counts, sizes, names), in each language:
//! built here, beside their tests, so a count never reads "1 entries" and no language is left
//! out. Fixed texts live in the app's locale files.

use skincheck_core::Language;

use skincheck_core::ResultRecord;

use crate::words::{
    every_weeks_text, lesion_name, not_judged_text, points_text, sex_text, site_text, triage_text,
};
use crate::{Change, HistoryEntry, ImportError, ImportPlan, Region, VERSION};

/// `one` for exactly 1, else `other`.
fn plural<'a>(n: usize, one: &'a str, other: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        other
    }
}

/// The status line for a refused import.
pub fn refused_text(reason: &ImportError, language: Language) -> String {
    let reason = reason.message(language);
    match language {
        Language::En => format!("Import refused: {reason}. Nothing was changed."),
        Language::De => format!("Import abgelehnt: {reason}. Es wurde nichts geändert."),
    }
}

/// What an import did: the merge's summary, the plans added, and an old file's version.
pub fn import_text(
    plan: &ImportPlan,
    plans_added: usize,
    from_version: u32,
    language: Language,
) -> String {
    let mut text = plan.summary(language);
    let n = plans_added;
    if n > 0 {
        text.push_str(&match language {
            Language::En => format!(" {n} re-check {} added.", plural(n, "plan", "plans")),
            Language::De => format!(
                " {n} {} hinzugefügt.",
                plural(n, "Kontrollerinnerung", "Kontrollerinnerungen")
            ),
        });
    }
    if from_version < VERSION {
        text.push_str(&match language {
            Language::En => format!(" (A version {from_version} file, read as version {VERSION}.)"),
            Language::De => {
                format!(" (Eine Datei der Version {from_version}, als Version {VERSION} gelesen.)")
            }
        });
    }
    text
}

/// "Exported 3 entries (1 with photos) and 1 re-check plan."
pub fn exported_text(entries: usize, photos: usize, plans: usize, language: Language) -> String {
    match language {
        Language::En => format!(
            "Exported {entries} {} ({photos} with photos) and {plans} re-check {}.",
            plural(entries, "entry", "entries"),
            plural(plans, "plan", "plans")
        ),
        Language::De => format!(
            "{entries} {} ({photos} mit Foto) und {plans} {} exportiert.",
            plural(entries, "Eintrag", "Einträge"),
            plural(plans, "Kontrollerinnerung", "Kontrollerinnerungen")
        ),
    }
}

/// The status line after a lesion's re-check plan was set (`Some(weeks)`) or ended.
pub fn recheck_set_text(lesion: &str, weeks: Option<u16>, language: Language) -> String {
    let lesion = lesion_name(lesion, language);
    match (language, weeks) {
        (Language::En, Some(w)) => {
            format!("“{lesion}”: look again {}.", every_weeks_text(w, language))
        }
        (Language::En, None) => format!("“{lesion}”: no re-check reminder."),
        (Language::De, Some(w)) => format!(
            "„{lesion}“: {} erneut ansehen.",
            capitalised(&every_weeks_text(w, language))
        ),
        (Language::De, None) => format!("„{lesion}“: keine Kontrollerinnerung."),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What a screen reader says for a lesion's pin on the body map: "mole: left forearm, 2
/// entries, due for a re-check".
pub fn pin_label(
    lesion: &str,
    region: Option<&Region>,
    count: usize,
    due: bool,
    language: Language,
) -> String {
    let lesion = lesion_name(lesion, language);
    let region = region.map(|r| r.name_in(language));
    match language {
        Language::En => format!(
            "{lesion}: {}, {count} {}{}",
            region.unwrap_or("body"),
            plural(count, "entry", "entries"),
            if due { ", due for a re-check" } else { "" }
        ),
        Language::De => format!(
            "{lesion}: {}, {count} {}{}",
            region.unwrap_or("Körper"),
            plural(count, "Eintrag", "Einträge"),
            if due { ", Kontrolle fällig" } else { "" }
        ),
    }
}

/// A region as a button of the body map in placing mode.
pub fn place_label(region: &Region, language: Language) -> String {
    match language {
        Language::En => format!("Place the lesion on the {}", region.name),
        Language::De => format!("Hautveränderung hier markieren: {}", region.name_de),
    }
}

/// A size as the page writes it: "1.2 MB" / "1,2 MB" (powers of 1000, as file sizes are shown).
pub fn size_text(bytes: u64, language: Language) -> String {
    let x = bytes as f64;
    let scaled = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        .into_iter()
        .find(|(unit, _)| x >= *unit);
    match (scaled, language) {
        (Some((unit, name)), _) => format!("{} {name}", language.decimal(x / unit, 1)),
        (None, Language::En) => format!("{bytes} bytes"),
        (None, Language::De) => format!("{bytes} Byte"),
    }
}

/// How much of the browser's storage the diary takes.
pub fn storage_text(bytes: u64, entries: usize, photos: usize, language: Language) -> String {
    let size = size_text(bytes, language);
    match language {
        Language::En => format!(
            "The diary takes {size} of this browser's storage: {entries} saved {}, {photos} kept {}.",
            plural(entries, "entry", "entries"),
            plural(photos, "photo", "photos")
        ),
        Language::De => format!(
            "Das Tagebuch belegt {size} des Speichers dieses Browsers: {entries} {}, {photos} {}.",
            plural(entries, "gespeicherter Eintrag", "gespeicherte Einträge"),
            plural(photos, "aufbewahrtes Foto", "aufbewahrte Fotos")
        ),
    }
}

/// The caption of a later photo in the side-by-side view: "The same day: malignant
/// probability +2.5 points, same top class."
pub fn compare_text(change: &Change, language: Language) -> String {
    let elapsed = capitalised(&change.elapsed_text(language));
    let points = points_text(change.malignant_delta, language);
    let pick = |yes: bool, texts: (&'static str, &'static str)| if yes { texts.0 } else { texts.1 };
    match language {
        Language::En => format!(
            "{elapsed}: malignant probability {points} points, {}{}{}.",
            pick(change.top_changed, ("top class changed", "same top class")),
            pick(change.triage_changed, (", triage changed", "")),
            pick(
                change.same_model,
                ("", " (another model: part of the change is the model's)")
            ),
        ),
        Language::De => format!(
            "{elapsed}: bösartig {points} Prozentpunkte, {}{}{}.",
            pick(
                change.top_changed,
                (
                    "wahrscheinlichste Klasse geändert",
                    "gleiche wahrscheinlichste Klasse"
                )
            ),
            pick(change.triage_changed, (", Einschätzung geändert", "")),
            pick(
                change.same_model,
                (
                    "",
                    " (anderes Modell: Ein Teil der Änderung geht auf das Modell zurück)"
                )
            ),
        ),
    }
}

/// What a screen reader says for a lesion's timeline chart.
pub fn chart_label(lesion: &str, points: usize, language: Language) -> String {
    let lesion = lesion_name(lesion, language);
    match language {
        Language::En => format!(
            "Probability of each class over time for {lesion}, {points} saved {}",
            plural(points, "result", "results")
        ),
        Language::De => format!(
            "Wahrscheinlichkeit jeder Klasse im Zeitverlauf für {lesion}, {points} {}",
            plural(points, "gespeichertes Ergebnis", "gespeicherte Ergebnisse")
        ),
    }
}

/// Below a timeline: the entries whose model had other classes.
pub fn left_out_text(left_out: usize, language: Language) -> String {
    match language {
        Language::En => format!(
            "{left_out} {} from a model with other classes {} not drawn.",
            plural(left_out, "result", "results"),
            plural(left_out, "is", "are")
        ),
        Language::De => format!(
            "{left_out} {} eines Modells mit anderen Klassen {} nicht eingezeichnet.",
            plural(left_out, "Ergebnis", "Ergebnisse"),
            plural(left_out, "ist", "sind")
        ),
    }
}

/// After the Share sheet sent the files.
pub fn shared_text(files: usize, language: Language) -> String {
    match language {
        Language::En => format!("Shared {files} {}.", plural(files, "file", "files")),
        Language::De => format!("{files} {} geteilt.", plural(files, "Datei", "Dateien")),
    }
}

/// "3 saved entries."
pub fn saved_count_text(entries: usize, language: Language) -> String {
    match language {
        Language::En => format!("{entries} saved {}.", plural(entries, "entry", "entries")),
        Language::De => format!(
            "{entries} {}.",
            plural(entries, "gespeicherter Eintrag", "gespeicherte Einträge")
        ),
    }
}

/// The question before everything is deleted.
pub fn confirm_clear_text(entries: usize, language: Language) -> String {
    match (language, entries) {
        (Language::En, 1) => {
            "Delete the saved entry from this browser? Export it first to keep a copy.".into()
        }
        (Language::En, n) => format!(
            "Delete all {n} saved entries from this browser? Export them first to keep a copy."
        ),
        (Language::De, 1) => "Den gespeicherten Eintrag aus diesem Browser löschen? Exportieren \
                              Sie ihn vorher, um eine Kopie zu behalten."
            .into(),
        (Language::De, n) => format!(
            "Alle {n} gespeicherten Einträge aus diesem Browser löschen? Exportieren Sie sie \
             vorher, um eine Kopie zu behalten."
        ),
    }
}

/// An entry's box that picks it for the side-by-side view and the report; `when` is its
/// date and time as the page writes them.
pub fn pick_label(when: &str, language: Language) -> String {
    match language {
        Language::En => format!("Pick the entry of {when} to compare or report"),
        Language::De => {
            format!("Eintrag vom {when} zum Vergleichen oder für den Bericht auswählen")
        }
    }
}

/// An entry's Delete button, named by the photo's file.
pub fn delete_label(file: &str, language: Language) -> String {
    match language {
        Language::En => format!("Delete the entry of {file}"),
        Language::De => format!("Eintrag von {file} löschen"),
    }
}

/// A lesion photo's text alternative.
pub fn photo_alt(when: &str, language: Language) -> String {
    match language {
        Language::En => format!("The lesion on {when}"),
        Language::De => format!("Die Hautveränderung am {when}"),
    }
}

/// After the calendar file was saved; `date` is the reminder's day as the page writes it.
pub fn reminder_saved_text(date: &str, language: Language) -> String {
    match language {
        Language::En => {
            format!("Calendar reminder for {date} downloaded: open it to add it to your calendar.")
        }
        Language::De => format!(
            "Kalendererinnerung für den {date} heruntergeladen: Öffnen Sie die Datei, um sie \
             Ihrem Kalender hinzuzufügen."
        ),
    }
}

/// A saved entry's verdict: "mel 62.0 % · suspicious", or the gate's reason when it
/// refused the photo ("mel 40.0 % · not judged: The photo is too blurry …").
pub fn verdict_text(record: &ResultRecord, language: Language) -> String {
    let top = format!(
        "{} {}",
        record.top_class,
        language.percent(f64::from(record.top_probability), 1)
    );
    match (record.check.as_ref().filter(|c| !c.is_ok()), language) {
        (Some(check), Language::En) => {
            format!("{top} · not judged: {}", not_judged_text(check, language))
        }
        (Some(check), Language::De) => {
            format!(
                "{top} · nicht beurteilt: {}",
                not_judged_text(check, language)
            )
        }
        (None, _) => format!("{top} · {}", triage_text(&record.triage, language)),
    }
}

/// A saved entry's details: age, sex, site and body-map region, those it has.
pub fn details_text(entry: &HistoryEntry, language: Language) -> String {
    let r = &entry.record;
    let age = r.age.map(|a| match language {
        Language::En => format!("{a} years"),
        Language::De => format!("{a} Jahre"),
    });
    let region = entry
        .pin
        .and_then(|p| p.region())
        .map(|region| match language {
            Language::En => format!("on the {}", region.name),
            Language::De => format!("Körperkarte: {}", region.name_de),
        });
    let sex = r.sex.as_deref().map(|s| sex_text(s, language).to_owned());
    let site = r.site.as_deref().map(|s| site_text(s, language).to_owned());
    [age, sex, site, region]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

/// A photo's caption in the side-by-side view: "Melanoma 62.0 %, malignant 70.0 %, triage:
/// suspicious" (`class` already named in the page's language).
pub fn compare_caption(class: &str, record: &ResultRecord, language: Language) -> String {
    let pct = |p: f32| language.percent(f64::from(p), 1);
    let (top, malignant) = (
        pct(record.top_probability),
        pct(record.malignant_probability),
    );
    let check = record.check.as_ref().filter(|c| !c.is_ok());
    match (check, language) {
        (Some(c), Language::En) => format!(
            "{class} {top}, malignant {malignant}, not judged: {}",
            not_judged_text(c, language)
        ),
        (None, Language::En) => {
            format!(
                "{class} {top}, malignant {malignant}, triage: {}",
                record.triage
            )
        }
        (Some(c), Language::De) => format!(
            "{class} {top}, bösartig {malignant}, nicht beurteilt: {}",
            not_judged_text(c, language)
        ),
        (None, Language::De) => format!(
            "{class} {top}, bösartig {malignant}, Einschätzung: {}",
            triage_text(&record.triage, language)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{region_at, BodySide, KeptCopy, UNLABELLED};
    use Language::{De, En};

    #[test]
    fn import_and_export_lines_read_in_each_language() {
        let plan = ImportPlan {
            added: 2,
            already_there: 1,
            ..ImportPlan::default()
        };
        assert_eq!(
            import_text(&plan, 1, 1, En),
            "Imported: 2 added, 1 already there. 1 re-check plan added. (A version 1 file, read \
             as version 2.)"
        );
        assert_eq!(
            import_text(&plan, 2, 2, De),
            "Importiert: 2 hinzugefügt, 1 bereits vorhanden. 2 Kontrollerinnerungen hinzugefügt."
        );
        let copied = ImportPlan {
            copies: vec![KeptCopy {
                id: "a".into(),
                new_id: "a-copy".into(),
                file: "a.jpg".into(),
            }],
            ..plan
        };
        assert!(import_text(&copied, 0, 1, De).contains("(Eine Datei der Version 1"));
        assert_eq!(
            exported_text(1, 0, 1, En),
            "Exported 1 entry (0 with photos) and 1 re-check plan."
        );
        assert_eq!(
            exported_text(3, 2, 0, De),
            "3 Einträge (2 mit Foto) und 0 Kontrollerinnerungen exportiert."
        );
        let big = crate::check_import_size(crate::MAX_IMPORT_BYTES + 1).unwrap_err();
        assert_eq!(
            refused_text(&big, En),
            "Import refused: the file is 256.1 MB, larger than the 256 MB a history export can \
             be. Nothing was changed."
        );
        assert!(refused_text(&big, De).starts_with("Import abgelehnt: Die Datei ist 256,1 MB"));
        assert!(refused_text(&big, De).ends_with(". Es wurde nichts geändert."));
    }

    #[test]
    fn lesion_lines_read_in_each_language() {
        assert_eq!(
            recheck_set_text("mole", Some(4), En),
            "“mole”: look again every 4 weeks."
        );
        assert_eq!(
            recheck_set_text("Muttermal", Some(1), De),
            "„Muttermal“: Jede Woche erneut ansehen."
        );
        assert_eq!(
            recheck_set_text(UNLABELLED, None, De),
            "„(ohne Bezeichnung)“: keine Kontrollerinnerung."
        );
        let forearm = region_at(BodySide::Back, 50.0, 212.0);
        assert_eq!(
            pin_label("mole", forearm, 2, false, En),
            "mole: back of left forearm, 2 entries"
        );
        assert_eq!(
            pin_label("Muttermal", forearm, 1, true, De),
            "Muttermal: Rückseite des linken Unterarms, 1 Eintrag, Kontrolle fällig"
        );
        assert_eq!(
            pin_label("x", None, 1, true, En),
            "x: body, 1 entry, due for a re-check"
        );
        let face = region_at(BodySide::Front, 100.0, 50.0).expect("face");
        assert_eq!(place_label(face, En), "Place the lesion on the face");
        assert_eq!(
            place_label(face, De),
            "Hautveränderung hier markieren: Gesicht"
        );
        assert_eq!(
            chart_label("mole", 1, De),
            "Wahrscheinlichkeit jeder Klasse im Zeitverlauf für mole, 1 gespeichertes Ergebnis"
        );
        assert_eq!(
            left_out_text(2, En),
            "2 results from a model with other classes are not drawn."
        );
        assert_eq!(
            left_out_text(1, De),
            "1 Ergebnis eines Modells mit anderen Klassen ist nicht eingezeichnet."
        );
        assert_eq!(
            (shared_text(1, En), shared_text(3, De)),
            ("Shared 1 file.".into(), "3 Dateien geteilt.".into())
        );
    }

    #[test]
    fn an_entrys_verdict_and_details_read_in_each_language() {
        let mut e = crate::test_support::entry("a", 1_700_000_000_000, "mole", &[0.38, 0.62]);
        e.record.triage = "suspicious".into();
        e.record.malignant_probability = 0.7;
        assert_eq!(verdict_text(&e.record, En), "mel 62.0 % · suspicious");
        assert_eq!(verdict_text(&e.record, De), "mel 62,0 % · verdächtig");
        assert_eq!(
            compare_caption("Melanom", &e.record, De),
            "Melanom 62,0 %, bösartig 70,0 %, Einschätzung: verdächtig"
        );
        assert_eq!(
            compare_caption("Melanoma", &e.record, En),
            "Melanoma 62.0 %, malignant 70.0 %, triage: suspicious"
        );
        assert_eq!(details_text(&e, De), "40 Jahre, weiblich, Rücken");
        (e.record.age, e.record.sex, e.record.site) = (None, None, None);
        assert_eq!(details_text(&e, En), "");
        e.record.age = Some(45);
        e.record.sex = Some("female".into());
        e.record.site = Some("upper extremity".into());
        e.pin = Some(crate::BodyPin {
            side: BodySide::Back,
            x: 50.0,
            y: 212.0,
        });
        assert_eq!(
            details_text(&e, En),
            "45 years, female, upper extremity, on the back of left forearm"
        );
        assert_eq!(
            details_text(&e, De),
            "45 Jahre, weiblich, obere Extremität, Körperkarte: Rückseite des linken Unterarms"
        );
        e.record.check = Some(skincheck_core::PhotoCheck {
            status: skincheck_core::CheckStatus::NotALesion,
            reasons: vec![skincheck_core::CheckReason::NotALesion],
            ood_score: Some(900.0),
            measures: skincheck_core::PhotoMeasures {
                source_side: 400,
                brightness: 0.5,
                contrast: 0.1,
                clipped: 0.0,
                sharpness: 0.2,
            },
        });
        assert!(verdict_text(&e.record, De).starts_with("mel 62,0 % · nicht beurteilt: Dies sieht"));
        assert!(compare_caption("Melanoma", &e.record, En).contains(", not judged: This does not"));
    }

    #[test]
    fn entry_lines_read_in_each_language() {
        assert_eq!(saved_count_text(1, En), "1 saved entry.");
        assert_eq!(saved_count_text(3, De), "3 gespeicherte Einträge.");
        assert!(confirm_clear_text(1, De).starts_with("Den gespeicherten Eintrag"));
        assert!(confirm_clear_text(4, En).starts_with("Delete all 4 saved entries"));
        assert_eq!(
            pick_label("02.12.2026, 14:05", De),
            "Eintrag vom 02.12.2026, 14:05 zum Vergleichen oder für den Bericht auswählen"
        );
        assert_eq!(delete_label("a.jpg", En), "Delete the entry of a.jpg");
        assert_eq!(photo_alt("2 Dec 2026", En), "The lesion on 2 Dec 2026");
        assert_eq!(
            photo_alt("02.12.2026", De),
            "Die Hautveränderung am 02.12.2026"
        );
        assert!(reminder_saved_text("01.12.2026", De)
            .starts_with("Kalendererinnerung für den 01.12.2026"));
    }

    #[test]
    fn storage_and_changes_read_in_each_language() {
        assert_eq!(size_text(512, En), "512 bytes");
        assert_eq!(size_text(1_240_000, De), "1,2 MB");
        assert_eq!(size_text(2_500, En), "2.5 kB");
        assert_eq!(
            storage_text(2_500, 2, 2, En),
            "The diary takes 2.5 kB of this browser's storage: 2 saved entries, 2 kept photos."
        );
        assert_eq!(
            storage_text(2_500, 1, 1, De),
            "Das Tagebuch belegt 2,5 kB des Speichers dieses Browsers: 1 gespeicherter Eintrag, \
             1 aufbewahrtes Foto."
        );
        let change = Change {
            days: 0.1,
            top_changed: false,
            malignant_delta: 0.025,
            triage_changed: true,
            per_class: vec![],
            same_model: false,
        };
        assert_eq!(
            compare_text(&change, En),
            "The same day: malignant probability +2.5 points, same top class, triage changed \
             (another model: part of the change is the model's)."
        );
        assert_eq!(
            compare_text(
                &Change {
                    same_model: true,
                    triage_changed: false,
                    ..change
                },
                De
            ),
            "Am selben Tag: bösartig +2,5 Prozentpunkte, gleiche \
             wahrscheinlichste Klasse."
        );
    }
}
