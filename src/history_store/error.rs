//! Why the diary could not be read or written, in words a person can act on: `Display` in
//! English (the console), [`StorageError::message`] in the page's language.

use skincheck_core::Language;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::DomException;

/// Why the history could not be read or written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    #[error(
        "this browser gives SkinCheck no storage (private browsing, or site data blocked): results \
         cannot be saved here; export them to a file instead"
    )]
    Unavailable,
    #[error(
        "the browser's storage for this site is full: delete older entries (or export the \
         history to a file and clear it), then save again"
    )]
    QuotaExceeded,
    #[error("another SkinCheck tab is upgrading the saved history: close other SkinCheck tabs and reload")]
    Blocked,
    #[error("the browser's storage failed: the database did not open")]
    NotOpened,
    #[error("the browser's storage failed: the request failed")]
    RequestFailed,
    #[error("the browser's storage failed: the change was not saved")]
    NotSaved,
    /// The browser's own words (a DOMException's name and message).
    #[error("the browser's storage failed: {0}")]
    Failed(String),
}

impl StorageError {
    /// Sorts a DOMException (or anything thrown) into the cases a user can act on.
    pub(super) fn from_js(error: &JsValue) -> Self {
        match error.dyn_ref::<DomException>() {
            Some(e) => match e.name().as_str() {
                "QuotaExceededError" => StorageError::QuotaExceeded,
                "SecurityError" | "InvalidStateError" => StorageError::Unavailable,
                _ => StorageError::Failed(format!("{}: {}", e.name(), e.message())),
            },
            None => StorageError::Failed(error.as_string().unwrap_or_else(|| format!("{error:?}"))),
        }
    }

    /// The reason as a sentence of the page (capitalised, no final stop).
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::En => crate::text::capitalise(&self.to_string()),
            Language::De => match self {
                StorageError::Unavailable => "Dieser Browser gibt SkinCheck keinen Speicher \
                    (privates Surfen oder blockierte Website-Daten): Ergebnisse lassen sich hier \
                    nicht speichern; exportieren Sie sie stattdessen in eine Datei"
                    .into(),
                StorageError::QuotaExceeded => "Der Speicher des Browsers für diese Website ist \
                    voll: Löschen Sie ältere Einträge (oder exportieren Sie den Verlauf in eine \
                    Datei und leeren Sie ihn) und speichern Sie dann erneut"
                    .into(),
                StorageError::Blocked => "Ein anderer SkinCheck-Tab aktualisiert gerade den \
                    gespeicherten Verlauf: Schließen Sie die anderen SkinCheck-Tabs und laden Sie \
                    die Seite neu"
                    .into(),
                StorageError::NotOpened => {
                    "Der Speicher des Browsers versagt: Die Datenbank ließ sich nicht öffnen".into()
                }
                StorageError::RequestFailed => {
                    "Der Speicher des Browsers versagt: Die Anfrage ist fehlgeschlagen".into()
                }
                StorageError::NotSaved => {
                    "Der Speicher des Browsers versagt: Die Änderung wurde nicht gespeichert".into()
                }
                StorageError::Failed(detail) => {
                    format!("Der Speicher des Browsers versagt ({detail})")
                }
            },
        }
    }
}
