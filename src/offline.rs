//! The offline copy's texts and bookkeeping, kept pure so they are unit-tested natively; the
//! browser side is [`crate::sw_client`].
//!
//! The service worker (`sw.js`, written by `crates/pwa`) keeps each build in a cache named
//! by [`cache_name`]: the deployment's folder and the build's version. Several deployments
//! can share an origin (`user.github.io/a/` and `/b/`), so each one only ever lists and
//! deletes the caches of its own folder. `crates/pwa/sw.js` writes the same names; the
//! browser tests check the two agree.

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

/// The banner while Reload waits for other tabs' work.
pub fn waiting_for_tabs_text(busy: &[String]) -> String {
    let what = match busy {
        [one] => format!("another SkinCheck tab is running {one}"),
        many => format!(
            "{} other SkinCheck tabs are busy ({})",
            many.len(),
            many.join("; ")
        ),
    };
    format!("Waiting: {what}. The new version starts when it is done; nothing is lost.")
}

/// The banner of a busy tab whose build was replaced from another tab.
pub fn deferred_reload_text(what: &str) -> String {
    format!(
        "SkinCheck was updated in another tab. This tab reloads when {what} is done; until \
         then it keeps running the version it started with."
    )
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
    /// "14.2 MB of 1.2 GB this browser allows this site", or why it is unknown.
    pub fn usage_text(&self) -> String {
        match (self.usage, self.quota) {
            (Some(usage), Some(quota)) => format!(
                "{} of the {} this browser allows this site",
                format_bytes(usage),
                format_bytes(quota)
            ),
            (Some(usage), None) => format_bytes(usage),
            _ => "this browser does not say".to_owned(),
        }
    }

    /// One line per cached build: "version 1a2b…: 42 files, 14.1 MB".
    pub fn build_lines(&self) -> Vec<String> {
        self.builds
            .iter()
            .map(|b| {
                format!(
                    "build {}: {} {}, {}",
                    b.version,
                    b.files,
                    if b.files == 1 { "file" } else { "files" },
                    format_bytes(b.bytes)
                )
            })
            .collect()
    }
}

/// What "Delete the offline copy" did, in words.
pub fn cleared_message(builds_deleted: usize, bytes: u64, worker_removed: bool) -> String {
    if builds_deleted == 0 && !worker_removed {
        return "There was no offline copy to delete.".to_owned();
    }
    format!(
        "Deleted the offline copy ({}). This page keeps working until it is closed; the next \
         visit downloads SkinCheck again and, if the browser allows, keeps a new offline copy.",
        format_bytes(bytes)
    )
}

/// Bytes for people: "1.4 MB", "16.2 kB", "1.2 GB".
pub fn format_bytes(n: u64) -> String {
    let x = n as f64;
    if x >= 1e9 {
        format!("{:.1} GB", x / 1e9)
    } else if x >= 1e6 {
        format!("{:.1} MB", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.1} kB", x / 1e3)
    } else {
        format!("{n} bytes")
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
            waiting_for_tabs_text(&["a batch (12 of 200)".into()]),
            "Waiting: another SkinCheck tab is running a batch (12 of 200). The new version \
             starts when it is done; nothing is lost."
        );
        assert!(waiting_for_tabs_text(&["x".into(), "y".into()])
            .contains("2 other SkinCheck tabs are busy (x; y)"));
        assert!(deferred_reload_text("its batch").contains("reloads when its batch is done"));
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
            report.usage_text(),
            "14.2 MB of the 1.2 GB this browser allows this site"
        );
        assert_eq!(
            report.build_lines(),
            [
                "build aaaa: 42 files, 14.1 MB",
                "build bbbb: 1 file, 512 bytes"
            ]
        );
        assert_eq!(
            StorageReport::default().usage_text(),
            "this browser does not say"
        );
    }

    #[test]
    fn clearing_says_what_happened() {
        assert_eq!(
            cleared_message(0, 0, false),
            "There was no offline copy to delete."
        );
        let text = cleared_message(1, 14_100_000, true);
        assert!(
            text.starts_with("Deleted the offline copy (14.1 MB)."),
            "{text}"
        );
        assert_eq!(format_bytes(16_200), "16.2 kB");
    }
}
