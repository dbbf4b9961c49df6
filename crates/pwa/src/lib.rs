//! The web app's post-build step (a trunk `post_build` hook, also runnable on any built
//! `dist/`): makes the build an installable, offline, self-only PWA.
//!
//! 1. [`csp`]: replaces `'unsafe-inline'` in the page's `script-src` with the sha256 of each
//!    inline script trunk wrote (its wasm loader), so no other inline script can run.
//! 2. [`precache`]: lists every file of the build with its sha256 and size, and derives the
//!    build's version from them.
//! 3. [`card_pin`]: writes the sha256 of the model card into the page, which refuses any
//!    other card (say, one another app on the origin put into Cache Storage).
//! 4. [`preload`]: points index.html's model preload at the ONNX file the card names, so the
//!    model downloads while the page's wasm does.
//! 5. [`wasm_names`]: drops the inference worker's function names (a first visit would
//!    download them for nothing).
//! 6. [`sw_script`]: writes `sw.js` from the committed template with that list in it, so
//!    every new build is a byte-different worker the browser installs as an update, and the
//!    worker can verify each file it caches against the build that produced it.

pub mod card_pin;
pub mod csp;
mod html_tag;
pub mod precache;
pub mod preload;
pub mod sw_script;
pub mod wasm_names;

use std::path::{Path, PathBuf};

pub use precache::{BuildManifest, PrecacheEntry};

/// The page whose CSP is rewritten and which offline navigations fall back to.
pub const INDEX_HTML: &str = "index.html";
/// The worker's file name, at the top of the build so its scope is the whole app.
pub const SERVICE_WORKER: &str = "sw.js";

/// Why the post-build step failed. Each one stops the build: a dist without its CSP or with
/// a stale precache list must not be deployed.
#[derive(Debug, thiserror::Error)]
pub enum PwaError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a build of the app: {INDEX_HTML} is missing")]
    NotABuild { path: PathBuf },
    #[error("index.html: {0}")]
    Csp(#[from] csp::CspError),
    #[error("index.html: {0}")]
    Pin(#[from] card_pin::PinError),
    #[error("index.html: {0}")]
    Preload(#[from] preload::PreloadError),
    #[error(transparent)]
    Wasm(#[from] wasm_names::WasmError),
    #[error("the model card {path} is not valid JSON: {detail}")]
    BadCard { path: PathBuf, detail: String },
    #[error(
        "{path} is not a build of the app: its model card {} is missing",
        card_pin::CARD_PATH
    )]
    NoCard { path: PathBuf },
    #[error("file name {0:?} is not valid UTF-8; rename it so it can be listed in the precache")]
    FileName(PathBuf),
    #[error("the service worker template is broken: {0}")]
    Template(String),
}

/// What [`finish_build`] did, for the build log.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    pub version: String,
    pub files: usize,
    pub bytes: u64,
    pub inline_scripts: usize,
}

/// Rewrites the CSP of `dir/index.html` and pins the build's model card in it, then writes
/// `dir/sw.js` listing every file of `dir` (after the rewrite, so index.html's hash is the
/// final one). Running it again on its
/// own output gives the same files: it is safe to re-run on a dist whose files changed.
pub fn finish_build(dir: &Path) -> Result<BuildSummary, PwaError> {
    let index_path = dir.join(INDEX_HTML);
    if !index_path.is_file() {
        return Err(PwaError::NotABuild {
            path: dir.to_path_buf(),
        });
    }
    let html = read_text(&index_path)?;
    let hashes = csp::inline_script_hashes(&html);
    let card = dir.join(card_pin::CARD_PATH);
    if !card.is_file() {
        return Err(PwaError::NoCard {
            path: dir.to_path_buf(),
        });
    }
    let (card_sha256, _) = precache::hash_file(&card)?;
    let rewritten = csp::rewrite_script_src(&html, &hashes)?;
    let rewritten = card_pin::pin_card(&rewritten, &card_sha256)?;
    let rewritten = preload::preload_model(&rewritten, &onnx_file_of(&card)?)?;
    if rewritten != html {
        write(&index_path, rewritten.as_bytes())?;
    }
    strip_worker_names(dir)?;
    let manifest = precache::collect(dir, &[SERVICE_WORKER])?;
    let worker = sw_script::render(sw_script::TEMPLATE, &manifest)?;
    write(&dir.join(SERVICE_WORKER), worker.as_bytes())?;
    Ok(BuildSummary {
        version: manifest.version.clone(),
        files: manifest.files.len(),
        bytes: manifest.files.iter().map(|f| f.size).sum(),
        inline_scripts: hashes.len(),
    })
}

/// Drops the function names of the worker's wasm, if the build has one, unless
/// `SKINCHECK_KEEP_WASM_NAMES=1` asks to keep them (a build to be profiled).
fn strip_worker_names(dir: &Path) -> Result<(), PwaError> {
    let path = dir.join(wasm_names::WORKER_WASM);
    let keep = std::env::var_os(wasm_names::KEEP_NAMES_VARIABLE).is_some_and(|v| v == "1");
    if keep || !path.is_file() {
        return Ok(());
    }
    let wasm = std::fs::read(&path).map_err(|source| PwaError::Read {
        path: path.clone(),
        source,
    })?;
    if let Some(stripped) = wasm_names::without_names(&wasm)? {
        write(&path, &stripped)?;
    }
    Ok(())
}

/// The ONNX file the card at `path` names (`onnx_file`; empty when it names none).
fn onnx_file_of(path: &Path) -> Result<String, PwaError> {
    let bad = |detail: String| PwaError::BadCard {
        path: path.to_path_buf(),
        detail,
    };
    let card: serde_json::Value =
        serde_json::from_str(&read_text(path)?).map_err(|e| bad(e.to_string()))?;
    Ok(card
        .get("onnx_file")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned())
}

pub(crate) fn read_text(path: &Path) -> Result<String, PwaError> {
    std::fs::read_to_string(path).map_err(|source| PwaError::Read {
        path: path.to_path_buf(),
        source,
    })
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), PwaError> {
    std::fs::write(path, bytes).map_err(|source| PwaError::Write {
        path: path.to_path_buf(),
        source,
    })
}
