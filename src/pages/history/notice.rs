//! What the diary page last did, kept as what happened and worded when shown, so the status
//! line follows a change of language.

use skincheck_history::messages::{exported_text, import_text, recheck_set_text, refused_text};
use skincheck_history::{ImportError, ImportPlan};

use crate::history_store::StorageError;
use crate::i18n::{language, td_string, Locale};

/// One thing the page did or could not do.
#[derive(Debug, Clone, PartialEq)]
pub enum Said {
    EntryDeleted,
    AllDeleted,
    Exported {
        entries: usize,
        photos: usize,
        plans: usize,
    },
    /// The kept photos could not be read for the export.
    ExportPhotos(StorageError),
    /// The browser would not save the file (its own words).
    ExportNotSaved(String),
    Recheck {
        lesion: String,
        weeks: Option<u16>,
    },
    Refused(ImportError),
    /// The import file could not be read at all.
    NotRead,
    Imported {
        plan: ImportPlan,
        plans_added: usize,
        from_version: u32,
    },
    Storage(StorageError),
}

/// What the page last did, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Done(Said),
    Failed(Said),
}

impl Said {
    /// The status line in `locale`.
    pub fn text(&self, locale: Locale) -> String {
        let lang = language(locale);
        match self {
            Said::EntryDeleted => td_string!(locale, history.notice.entry_deleted).into(),
            Said::AllDeleted => td_string!(locale, history.notice.all_deleted).into(),
            Said::Exported {
                entries,
                photos,
                plans,
            } => exported_text(*entries, *photos, *plans, lang),
            Said::ExportPhotos(e) => format!(
                "{} {}.",
                td_string!(locale, history.notice.export_photos_failed),
                e.message(lang)
            ),
            Said::ExportNotSaved(detail) => format!(
                "{} {detail}",
                td_string!(locale, history.notice.export_not_saved)
            ),
            Said::Recheck { lesion, weeks } => recheck_set_text(lesion, *weeks, lang),
            Said::Refused(reason) => refused_text(reason, lang),
            Said::NotRead => td_string!(locale, history.notice.file_not_read).into(),
            Said::Imported {
                plan,
                plans_added,
                from_version,
            } => import_text(plan, *plans_added, *from_version, lang),
            Said::Storage(e) => format!("{}.", e.message(lang)),
        }
    }
}
