//! Why a chart could not be read or drawn. A leaf module, so every other module can use it
//! without importing the crate root (which imports them).

/// Why a chart could not be read or drawn, in words a page can show.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("{file} is not valid: {source}")]
    Json {
        file: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("{file} is inconsistent: {reason}")]
    Inconsistent { file: &'static str, reason: String },
    #[error("the chart could not be drawn: {0}")]
    Drawing(String),
}

/// Wraps any plotters error (generic over the backend) into [`ChartError::Drawing`].
pub(crate) fn drawing_error<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Drawing(e.to_string())
}
