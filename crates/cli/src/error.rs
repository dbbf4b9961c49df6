use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum CliError {
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
    #[error("model card {path}: {source}")]
    Card {
        path: PathBuf,
        source: skincheck_core::CardError,
    },
    #[error("model {path}: {source}")]
    Model {
        path: PathBuf,
        source: skincheck_core::ModelError,
    },
    #[error("labels {path}: {message}")]
    Labels { path: PathBuf, message: String },
    #[error("{0}")]
    Metadata(#[from] skincheck_core::MetadataError),
    #[error("{0}")]
    Usage(String),
    #[error("{failed} of {total} images could not be classified")]
    SomeImagesFailed { failed: usize, total: usize },
}

pub fn read(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::Read {
        path: path.to_owned(),
        source,
    })
}
