//! `sw.js`: the committed template (`crates/pwa/sw.js`) with this build's manifest in it.

use crate::{BuildManifest, PwaError};

/// The worker's source; its one placeholder is replaced by the build manifest.
pub const TEMPLATE: &str = include_str!("../sw.js");
/// Stands for the manifest in the template (a JS expression position).
pub const PLACEHOLDER: &str = "__SKINCHECK_BUILD__";

/// The template with `manifest` as a JS object literal (JSON) in place of the placeholder.
pub fn render(template: &str, manifest: &BuildManifest) -> Result<String, PwaError> {
    match template.matches(PLACEHOLDER).count() {
        1 => {}
        n => {
            return Err(PwaError::Template(format!(
                "{PLACEHOLDER} appears {n} times, expected once"
            )))
        }
    }
    let json =
        serde_json::to_string_pretty(manifest).map_err(|e| PwaError::Template(e.to_string()))?;
    Ok(template.replace(PLACEHOLDER, &json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PrecacheEntry;

    fn manifest() -> BuildManifest {
        BuildManifest {
            version: "0123456789abcdef".into(),
            files: vec![PrecacheEntry {
                url: "index.html".into(),
                sha256: "ab".repeat(32),
                size: 13,
            }],
        }
    }

    #[test]
    fn the_committed_template_gets_the_manifest_once() {
        let worker = render(TEMPLATE, &manifest()).unwrap();
        assert!(!worker.contains(PLACEHOLDER));
        assert!(worker.contains("\"version\": \"0123456789abcdef\""));
        assert!(worker.contains(&format!("\"sha256\": \"{}\"", "ab".repeat(32))));
        // The template is a worker that caches per version and verifies what it caches.
        for needed in [
            "addEventListener('install'",
            "addEventListener('activate'",
            "addEventListener('fetch'",
            "crypto.subtle.digest('SHA-256'",
            "skipWaiting",
        ] {
            assert!(TEMPLATE.contains(needed), "sw.js lacks {needed}");
        }
    }

    #[test]
    fn the_template_answers_the_share_target_itself() {
        // A POST to the manifest's share_target never goes to the (static) server: the worker
        // stores the photo and sends the page to ./?shared=… with a 303.
        for needed in [
            "new URL('share-target', SCOPE)",
            "request.method === 'POST' && request.url === SHARE_TARGET",
            "event.respondWith(receiveShare(request))",
            "request.formData()",
            "const SHARE_FIELD = 'photo'",
            "`${CACHE_PREFIX}shared photo`",
            "new URL('shared-photo', SCOPE)",
            "Response.redirect(new URL(`./?shared=${outcome}`, SCOPE).href, 303)",
            "outcome = '1'",
            "outcome = 'no-image'",
            "let outcome = 'failed'",
        ] {
            assert!(TEMPLATE.contains(needed), "sw.js lacks {needed}");
        }
        // The share is answered before the GET-only precache logic, which stays as it was.
        let share = TEMPLATE.find("receiveShare(request));").unwrap();
        let get_only = TEMPLATE
            .find("if (request.method !== 'GET') return;")
            .unwrap();
        assert!(share < get_only);
    }

    #[test]
    fn a_template_without_exactly_one_placeholder_is_refused() {
        assert!(render("const BUILD = {};", &manifest()).is_err());
        let twice = format!("{PLACEHOLDER}{PLACEHOLDER}");
        assert!(render(&twice, &manifest()).is_err());
    }
}
