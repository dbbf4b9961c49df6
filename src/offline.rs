//! The offline copy's texts and bookkeeping, kept pure so they are unit-tested natively; the
//! browser side is [`crate::sw_client`].
//!
//! The service worker (`sw.js`, written by `crates/pwa`) keeps each build in a cache named
//! [`CACHE_PREFIX`] + the build's version.

/// Prefix of every cache the service worker creates; nothing else of the origin is touched.
pub const CACHE_PREFIX: &str = "skincheck-";
/// The worker's file, beside index.html.
pub const SERVICE_WORKER_FILE: &str = "sw.js";
/// How often an open page asks the server whether a new build was deployed (it also asks
/// when the page comes back to the foreground).
pub const UPDATE_CHECK_MINUTES: i32 = 60;

/// The build version of one of the worker's caches, `None` for anybody else's cache.
pub fn version_of_cache(name: &str) -> Option<&str> {
    name.strip_prefix(CACHE_PREFIX).filter(|v| !v.is_empty())
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
    fn only_the_workers_caches_are_builds() {
        assert_eq!(
            version_of_cache("skincheck-0123456789abcdef"),
            Some("0123456789abcdef")
        );
        assert_eq!(version_of_cache("skincheck-"), None);
        assert_eq!(version_of_cache("someone-else"), None);
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
