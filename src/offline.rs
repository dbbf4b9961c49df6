//! The offline copy's texts and bookkeeping, kept pure so they are unit-tested natively; the
//! browser side is [`crate::sw_client`].
//!
//! The service worker (`sw.js`, written by `crates/pwa`) keeps each build in a cache named
//! by [`cache_name`]: the deployment's folder and the build's version. Several deployments
//! can share an origin (`user.github.io/a/` and `/b/`), so each one only ever lists and
//! deletes the caches of its own folder. `crates/pwa/sw.js` writes the same names; the
//! browser tests check the two agree.

use skincheck_core::Language;

/// First word of every cache the service worker creates; nothing else of the origin is
/// touched.
pub const CACHE_PREFIX: &str = "skincheck";
/// The worker's file, beside index.html.
pub const SERVICE_WORKER_FILE: &str = "sw.js";
/// How often an open page asks the server whether a new build was deployed (it also asks
/// when the page comes back to the foreground).
pub const UPDATE_CHECK_MINUTES: i32 = 60;

/// The cache of build `version` of the deployment at `scope_path` (its folder, `/` or
/// `/a/b/`): "skincheck /a/b/ 1f2e…". Spaces separate the parts: URL paths carry none.
pub fn cache_name(scope_path: &str, version: &str) -> String {
    format!("{CACHE_PREFIX} {scope_path} {version}")
}

/// The build version of one of this deployment's caches; `None` for another deployment's
/// or anybody else's cache.
pub fn version_of_cache<'a>(name: &'a str, scope_path: &str) -> Option<&'a str> {
    name.strip_prefix(CACHE_PREFIX)?
        .strip_prefix(' ')?
        .strip_prefix(scope_path)?
        .strip_prefix(' ')
        .filter(|v| !v.is_empty() && !v.contains(' '))
}

/// What the open tabs of one deployment tell each other before an update takes over
/// (a BroadcastChannel named by [`tab_channel`]): a tab that was asked answers if it is busy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TabMessage {
    /// "Is any tab busy?" from the tab whose user pressed Reload.
    Ask { id: u32 },
    /// "Yes: `what`" (e.g. a batch and its progress).
    Busy { id: u32, what: String },
}

/// The channel of the deployment at `scope_path`: tabs of another deployment never hear it.
pub fn tab_channel(scope_path: &str) -> String {
    format!("{CACHE_PREFIX} {scope_path} tabs")
}

/// The banner while Reload waits for other tabs' work (`busy`: what each says it does, in
/// its own words, "a batch (12 of 200)").
pub fn waiting_for_tabs_text(language: Language, busy: &[String]) -> String {
    match (language, busy) {
        (Language::En, [one]) => format!(
            "Waiting: another SkinCheck tab is running {one}. The new version starts when it \
             is done; nothing is lost."
        ),
        (Language::En, many) => format!(
            "Waiting: {} other SkinCheck tabs are busy ({}). The new version starts when they \
             are done; nothing is lost.",
            many.len(),
            many.join("; ")
        ),
        (Language::De, [one]) => format!(
            "Bitte warten: In einem anderen SkinCheck-Tab läuft noch {one}. Die neue Version \
             startet, sobald das erledigt ist; es geht nichts verloren."
        ),
        (Language::De, many) => format!(
            "Bitte warten: {} andere SkinCheck-Tabs sind noch beschäftigt ({}). Die neue \
             Version startet, sobald das erledigt ist; es geht nichts verloren.",
            many.len(),
            many.join("; ")
        ),
    }
}

/// The banner of a busy tab whose build was replaced from another tab.
pub fn deferred_reload_text(language: Language, what: &str) -> String {
    match language {
        Language::En => format!(
            "SkinCheck was updated in another tab. This tab reloads when {what} is done; \
             until then it keeps running the version it started with."
        ),
        Language::De => format!(
            "SkinCheck wurde in einem anderen Tab aktualisiert. Dieser Tab lädt neu, sobald \
             {what} fertig ist; bis dahin läuft hier weiter die Version, mit der er gestartet \
             wurde."
        ),
    }
}

/// One build kept for offline use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedBuild {
    pub version: String,
    pub files: u32,
    pub bytes: u64,
}

/// What the About page shows about storage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StorageReport {
    /// The browser's estimate for this whole origin (caches, the HTTP cache excluded).
    pub usage: Option<u64>,
    pub quota: Option<u64>,
    pub builds: Vec<CachedBuild>,
}

impl StorageReport {
    /// "14.2 MB of the 1.2 GB this browser allows this site", or that it is unknown.
    pub fn usage_text(&self, language: Language) -> String {
        let bytes = |n| bytes_text(language, n);
        match (self.usage, self.quota, language) {
            (Some(usage), Some(quota), Language::En) => format!(
                "{} of the {} this browser allows this site",
                bytes(usage),
                bytes(quota)
            ),
            (Some(usage), Some(quota), Language::De) => format!(
                "{} der {}, die dieser Browser dieser Website zugesteht",
                bytes(usage),
                bytes(quota)
            ),
            (Some(usage), None, _) => bytes(usage),
            (None, _, Language::En) => "this browser does not say".to_owned(),
            (None, _, Language::De) => "dieser Browser gibt es nicht an".to_owned(),
        }
    }

    /// One line per cached build: "build 1a2b…: 42 files, 14.1 MB".
    pub fn build_lines(&self, language: Language) -> Vec<String> {
        self.builds
            .iter()
            .map(|b| {
                let size = bytes_text(language, b.bytes);
                let (version, files) = (&b.version, b.files);
                match (language, files) {
                    (Language::En, 1) => format!("build {version}: 1 file, {size}"),
                    (Language::En, _) => format!("build {version}: {files} files, {size}"),
                    (Language::De, 1) => format!("Version {version}: 1 Datei, {size}"),
                    (Language::De, _) => format!("Version {version}: {files} Dateien, {size}"),
                }
            })
            .collect()
    }
}

/// What "Delete the offline copy" removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClearedCopy {
    pub builds: usize,
    pub bytes: u64,
    pub worker_removed: bool,
}

impl ClearedCopy {
    /// [`cleared_message`] of this deletion.
    pub fn message(&self, language: Language) -> String {
        cleared_message(language, self.builds, self.bytes, self.worker_removed)
    }
}

/// What "Delete the offline copy" did, in words.
pub fn cleared_message(
    language: Language,
    builds_deleted: usize,
    bytes: u64,
    worker_removed: bool,
) -> String {
    let nothing = builds_deleted == 0 && !worker_removed;
    let size = bytes_text(language, bytes);
    match (language, nothing) {
        (Language::En, true) => "There was no offline copy to delete.".to_owned(),
        (Language::De, true) => "Es gab keine Offline-Kopie zum Löschen.".to_owned(),
        (Language::En, false) => format!(
            "Deleted the offline copy ({size}). This page keeps working until it is closed; \
             the next visit downloads SkinCheck again and, if the browser allows, keeps a new \
             offline copy."
        ),
        (Language::De, false) => format!(
            "Die Offline-Kopie wurde gelöscht ({size}). Diese Seite funktioniert weiter, bis \
             sie geschlossen wird; beim nächsten Besuch lädt SkinCheck erneut herunter und \
             legt, wenn der Browser es erlaubt, eine neue Offline-Kopie an."
        ),
    }
}

/// Bytes for people, as [`crate::text::byte_size`] writes them, and gigabytes besides (a
/// browser's quota): "1.4 MB" / "1,4 MB", "1.2 GB" / "1,2 GB".
pub fn bytes_text(language: Language, n: u64) -> String {
    if n >= 1_000_000_000 {
        format!("{} GB", language.decimal(n as f64 / 1e9, 1))
    } else {
        crate::text::byte_size(n, language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_deployments_caches_are_its_builds() {
        let name = cache_name("/a/", "0123456789abcdef");
        assert_eq!(name, "skincheck /a/ 0123456789abcdef");
        assert_eq!(version_of_cache(&name, "/a/"), Some("0123456789abcdef"));
        // Another deployment on the same origin, a folder inside this one, the root.
        assert_eq!(version_of_cache(&name, "/b/"), None);
        assert_eq!(version_of_cache("skincheck /a/b/ 01", "/a/"), None);
        assert_eq!(version_of_cache("skincheck / 01", "/"), Some("01"));
        assert_eq!(version_of_cache("skincheck /a/ 01", "/"), None);
        assert_eq!(version_of_cache("skincheck /a/ ", "/a/"), None);
        assert_eq!(version_of_cache("skincheck-0123", "/"), None);
        assert_eq!(version_of_cache("someone-else", "/"), None);
    }

    #[test]
    fn tabs_of_a_deployment_share_a_channel_and_say_what_they_wait_for() {
        assert_eq!(tab_channel("/a/"), "skincheck /a/ tabs");
        assert_ne!(tab_channel("/a/"), tab_channel("/b/"));
        let busy = TabMessage::Busy {
            id: 7,
            what: "a batch (12 of 200)".into(),
        };
        let json = serde_json::to_string(&busy).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"busy","id":7,"what":"a batch (12 of 200)"}"#
        );
        assert_eq!(serde_json::from_str::<TabMessage>(&json).unwrap(), busy);
        assert_eq!(
            waiting_for_tabs_text(Language::En, &["a batch (12 of 200)".into()]),
            "Waiting: another SkinCheck tab is running a batch (12 of 200). The new version \
             starts when it is done; nothing is lost."
        );
        assert_eq!(
            waiting_for_tabs_text(Language::De, &["ein Stapel (12 von 200)".into()]),
            "Bitte warten: In einem anderen SkinCheck-Tab läuft noch ein Stapel (12 von 200). \
             Die neue Version startet, sobald das erledigt ist; es geht nichts verloren."
        );
        let two = ["x".to_owned(), "y".to_owned()];
        assert!(waiting_for_tabs_text(Language::En, &two)
            .contains("2 other SkinCheck tabs are busy (x; y)"));
        assert!(waiting_for_tabs_text(Language::De, &two)
            .contains("2 andere SkinCheck-Tabs sind noch beschäftigt (x; y)"));
        assert!(deferred_reload_text(Language::En, "its batch")
            .contains("reloads when its batch is done"));
        assert!(deferred_reload_text(Language::De, "ein Stapel")
            .contains("lädt neu, sobald ein Stapel fertig ist"));
    }

    #[test]
    fn storage_is_described_in_words() {
        let report = StorageReport {
            usage: Some(14_234_567),
            quota: Some(1_200_000_000),
            builds: vec![
                CachedBuild {
                    version: "aaaa".into(),
                    files: 42,
                    bytes: 14_100_000,
                },
                CachedBuild {
                    version: "bbbb".into(),
                    files: 1,
                    bytes: 512,
                },
            ],
        };
        assert_eq!(
            report.usage_text(Language::En),
            "14.2 MB of the 1.2 GB this browser allows this site"
        );
        assert_eq!(
            report.usage_text(Language::De),
            "14,2 MB der 1,2 GB, die dieser Browser dieser Website zugesteht"
        );
        assert_eq!(
            report.build_lines(Language::En),
            [
                "build aaaa: 42 files, 14.1 MB",
                "build bbbb: 1 file, 512 bytes"
            ]
        );
        assert_eq!(
            report.build_lines(Language::De),
            [
                "Version aaaa: 42 Dateien, 14,1 MB",
                "Version bbbb: 1 Datei, 512 Byte"
            ]
        );
        assert_eq!(
            StorageReport::default().usage_text(Language::En),
            "this browser does not say"
        );
        assert_eq!(
            StorageReport::default().usage_text(Language::De),
            "dieser Browser gibt es nicht an"
        );
    }

    #[test]
    fn clearing_says_what_happened() {
        assert_eq!(
            cleared_message(Language::En, 0, 0, false),
            "There was no offline copy to delete."
        );
        assert_eq!(
            cleared_message(Language::De, 0, 0, false),
            "Es gab keine Offline-Kopie zum Löschen."
        );
        let text = cleared_message(Language::En, 1, 14_100_000, true);
        assert!(
            text.starts_with("Deleted the offline copy (14.1 MB)."),
            "{text}"
        );
        let text = cleared_message(Language::De, 1, 14_100_000, true);
        assert!(
            text.starts_with("Die Offline-Kopie wurde gelöscht (14,1 MB)."),
            "{text}"
        );
        assert_eq!(bytes_text(Language::En, 16_200), "16.2 kB");
        assert_eq!(bytes_text(Language::De, 16_200), "16,2 kB");
        assert_eq!(bytes_text(Language::De, 2_500_000_000), "2,5 GB");
    }
}
