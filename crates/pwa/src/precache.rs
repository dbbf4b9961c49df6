//! The build's file list: what the service worker downloads, verifies and serves offline.

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::PwaError;

/// One file of the build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrecacheEntry {
    /// Relative to the build's folder, `/`-separated and percent-encoded, so it resolves
    /// against the worker's own URL wherever the build is served.
    pub url: String,
    /// Lower-case hex; the worker refuses a download that does not match.
    pub sha256: String,
    pub size: u64,
}

/// Everything the worker needs to know about its build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildManifest {
    /// Names the worker's cache; changes whenever any file's content or name changes.
    pub version: String,
    /// Sorted by `url`.
    pub files: Vec<PrecacheEntry>,
}

/// Lists every file under `dir` except hidden ones and the top-level names in `exclude`
/// (the worker itself), with its sha256.
pub fn collect(dir: &Path, exclude: &[&str]) -> Result<BuildManifest, PwaError> {
    let mut files = Vec::new();
    walk(dir, "", exclude, &mut files)?;
    files.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(BuildManifest {
        version: build_version(&files),
        files,
    })
}

fn walk(
    dir: &Path,
    prefix: &str,
    exclude: &[&str],
    files: &mut Vec<PrecacheEntry>,
) -> Result<(), PwaError> {
    let read_error = |source| PwaError::Read {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let path = entry.path();
        let name = entry
            .file_name()
            .into_string()
            .map_err(|_| PwaError::FileName(path.clone()))?;
        if name.starts_with('.') || (prefix.is_empty() && exclude.contains(&name.as_str())) {
            continue;
        }
        let relative = format!("{prefix}{name}");
        // Follows symlinks, as a static server would.
        let meta = std::fs::metadata(&path).map_err(|source| PwaError::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            walk(&path, &format!("{relative}/"), exclude, files)?;
        } else if meta.is_file() {
            let (sha256, size) = hash_file(&path)?;
            files.push(PrecacheEntry {
                url: percent_encode_path(&relative),
                sha256,
                size,
            });
        }
    }
    Ok(())
}

/// sha256 (hex) and length of a file, streamed (the model is 13.5 MB).
pub fn hash_file(path: &Path) -> Result<(String, u64), PwaError> {
    let read_error = |source| PwaError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(read_error)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    Ok((hex(&hasher.finalize()), size))
}

/// 16 hex digits of the sha256 over every (url, sha256) pair: equal builds share a version,
/// and any change of content or name gives a new one.
pub fn build_version(files: &[PrecacheEntry]) -> String {
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.url.as_bytes());
        hasher.update(b"\0");
        hasher.update(file.sha256.as_bytes());
        hasher.update(b"\n");
    }
    hex(&hasher.finalize())[..16].to_owned()
}

/// A relative path as a URL path: unreserved characters and `/` kept, the rest `%XX`.
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("skincheck-pwa-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("assets/icons")).unwrap();
        std::fs::write(dir.join("index.html"), "<html></html>").unwrap();
        std::fs::write(dir.join("app-1a2b_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(dir.join("assets/model.onnx"), b"").unwrap();
        std::fs::write(dir.join("assets/icons/icon 192.png"), b"png").unwrap();
        std::fs::write(dir.join("sw.js"), "old worker").unwrap();
        std::fs::write(dir.join(".DS_Store"), "junk").unwrap();
        dir
    }

    #[test]
    fn lists_every_file_with_its_sha256_except_the_worker_and_hidden_files() {
        let dir = scratch("collect");
        let manifest = collect(&dir, &["sw.js"]).unwrap();
        let urls: Vec<&str> = manifest.files.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "app-1a2b_bg.wasm",
                "assets/icons/icon%20192.png",
                "assets/model.onnx",
                "index.html"
            ]
        );
        // sha256 of the empty string and of "<html></html>" (`sha256sum`).
        assert_eq!(
            manifest.files[2].sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(manifest.files[2].size, 0);
        assert_eq!(manifest.files[3].size, 13);
        assert_eq!(manifest.version.len(), 16);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_version_follows_content_and_names_only() {
        let dir = scratch("version");
        let first = collect(&dir, &["sw.js"]).unwrap();
        // The worker's own content does not feed the version.
        std::fs::write(dir.join("sw.js"), "new worker").unwrap();
        assert_eq!(collect(&dir, &["sw.js"]).unwrap(), first);
        // One changed byte in the model gives a new version.
        std::fs::write(dir.join("assets/model.onnx"), b"x").unwrap();
        let changed = collect(&dir, &["sw.js"]).unwrap();
        assert_ne!(changed.version, first.version);
        // So does a rename with the same content.
        std::fs::rename(dir.join("assets/model.onnx"), dir.join("assets/other.onnx")).unwrap();
        let renamed = collect(&dir, &["sw.js"]).unwrap();
        assert_ne!(renamed.version, changed.version);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn paths_become_relative_url_paths() {
        assert_eq!(
            percent_encode_path("assets/a b#?.json"),
            "assets/a%20b%23%3F.json"
        );
        assert_eq!(percent_encode_path("é.png"), "%C3%A9.png");
    }
}
