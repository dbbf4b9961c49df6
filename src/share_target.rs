//! The hand-over of a photo shared to the installed app, kept pure so it is tested natively.
//! The service worker (`crates/pwa/sw.js`) answers the manifest's share target itself: it
//! puts the photo into [`shared_cache_name`] under [`SHARED_PHOTO`] and sends the page to
//! `./?shared=…`; the page ([`crate::shared_photo`]) reads [`arrival`], takes the photo and
//! drops the flag from the address with [`without_flag`]. Both sides use the names here.

use crate::offline::CACHE_PREFIX;

/// The query parameter the worker's redirect carries.
pub const QUERY_KEY: &str = "shared";
/// The photo's key in the share cache, relative to the app's folder (never fetched).
pub const SHARED_PHOTO: &str = "shared-photo";
/// The shared file's name, percent-encoded (`encodeURIComponent`), on the cached response.
pub const NAME_HEADER: &str = "X-SkinCheck-Name";

/// The cache holding the latest shared photo of the deployment at `scope_path` (`/`,
/// `/a/`): "skincheck /a/ shared photo". Its two last words keep it from ever being read as
/// one of the deployment's builds ([`crate::offline::version_of_cache`]).
pub fn shared_cache_name(scope_path: &str) -> String {
    format!("{CACHE_PREFIX} {scope_path} shared photo")
}

/// What the worker says arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// A photo waits in the share cache (`?shared=1`).
    Photo,
    /// The share held no image (`?shared=no-image`): text, a link, another kind of file.
    NoImage,
    /// The form could not be read or the photo not stored (`?shared=failed`, or a flag this
    /// build does not know).
    Failed,
}

/// The arrival a page address's query (`location.search`, with or without its `?`) reports;
/// `None` when it carries no share.
pub fn arrival(search: &str) -> Option<Arrival> {
    let value = pairs(search).find_map(|(key, value)| (key == QUERY_KEY).then_some(value))?;
    Some(match value {
        "1" => Arrival::Photo,
        "no-image" => Arrival::NoImage,
        _ => Arrival::Failed,
    })
}

/// The query without the share flag (`"?a=b"`, or `""` when nothing else is left), so a reload
/// or a bookmark never asks for the photo again.
pub fn without_flag(search: &str) -> String {
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(QUERY_KEY))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

fn pairs(search: &str) -> impl Iterator<Item = (&str, &str)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offline::{cache_name, version_of_cache};

    #[test]
    fn the_flag_says_what_arrived() {
        assert_eq!(arrival("?shared=1"), Some(Arrival::Photo));
        assert_eq!(arrival("shared=1"), Some(Arrival::Photo));
        assert_eq!(arrival("?lang=de&shared=no-image"), Some(Arrival::NoImage));
        assert_eq!(arrival("?shared=failed"), Some(Arrival::Failed));
        // A flag from another build, or a hand-made one, is never taken for a photo.
        assert_eq!(arrival("?shared="), Some(Arrival::Failed));
        assert_eq!(arrival("?shared"), Some(Arrival::Failed));
        assert_eq!(arrival("?shared=yes"), Some(Arrival::Failed));
        assert_eq!(arrival(""), None);
        assert_eq!(arrival("?"), None);
        assert_eq!(arrival("?sharedx=1&xshared=1"), None);
    }

    #[test]
    fn the_flag_is_dropped_and_the_rest_kept() {
        assert_eq!(without_flag("?shared=1"), "");
        assert_eq!(without_flag("?shared"), "");
        assert_eq!(without_flag("?a=b&shared=1&c"), "?a=b&c");
        assert_eq!(without_flag("?sharedx=1"), "?sharedx=1");
        assert_eq!(without_flag(""), "");
    }

    #[test]
    fn the_share_cache_is_this_deployments_and_never_a_build() {
        let name = shared_cache_name("/a/");
        assert_eq!(name, "skincheck /a/ shared photo");
        assert_eq!(version_of_cache(&name, "/a/"), None);
        assert_eq!(version_of_cache(&name, "/"), None);
        assert_ne!(shared_cache_name("/b/"), name);
        // The worker builds it from its build-cache prefix, "skincheck /a/ ".
        assert!(name.starts_with(&cache_name("/a/", "")));
    }

    #[test]
    fn the_worker_template_uses_the_same_names() {
        let worker = include_str!("../crates/pwa/sw.js");
        for needed in [
            "`${CACHE_PREFIX}shared photo`".to_owned(),
            format!("new URL('{SHARED_PHOTO}', SCOPE)"),
            format!("'{NAME_HEADER}'"),
            format!("./?{QUERY_KEY}=${{outcome}}"),
            "outcome = '1'".to_owned(),
            "outcome = 'no-image'".to_owned(),
            "let outcome = 'failed'".to_owned(),
        ] {
            assert!(worker.contains(&needed), "sw.js lacks {needed}");
        }
    }
}
