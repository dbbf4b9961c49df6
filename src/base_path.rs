//! Where the app is served from, so it works at `/` and under any sub-path alike.
//!
//! Every route is one path segment below the app's folder (`/`, `/data`, `/model`,
//! `/about`), so the folder is the current path up to its last `/`. Asset and worker URLs are
//! built from it rather than from the site root.

/// The app's folder without the trailing slash: `""` at the site root, `"/sub"` under `/sub/`.
pub fn from_pathname(pathname: &str) -> String {
    match pathname.rfind('/') {
        Some(i) => pathname[..i].to_owned(),
        None => String::new(),
    }
}

/// The app's folder for the page as loaded.
#[cfg(target_arch = "wasm32")]
pub fn current() -> String {
    let pathname = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    from_pathname(&pathname)
}

/// URL of a file shipped with the app, e.g. `asset_url("/sub", "assets/model.json")`.
pub fn asset_url(base: &str, file: &str) -> String {
    format!("{base}/{}", file.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_the_path_up_to_the_last_slash() {
        assert_eq!(from_pathname("/"), "");
        assert_eq!(from_pathname("/about"), "");
        assert_eq!(from_pathname("/sub/"), "/sub");
        assert_eq!(from_pathname("/a/b/model"), "/a/b");
        assert_eq!(from_pathname("/sub/index.html"), "/sub");
        assert_eq!(
            asset_url("/sub", "assets/model.json"),
            "/sub/assets/model.json"
        );
        assert_eq!(asset_url("", "worker_loader.js"), "/worker_loader.js");
    }
}
