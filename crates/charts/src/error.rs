//! Why a chart could not be read or drawn. A leaf module, so every other module can use it
//! without importing the crate root (which imports them).

use skincheck_core::Language;

/// Why a chart could not be read or drawn. `Display` is English (logs, tests); the page
/// shows [`ChartError::message`] in its language.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("{file} is not valid: {source}")]
    Json {
        file: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("{file} is inconsistent: {reason}")]
    Inconsistent {
        file: &'static str,
        reason: Inconsistency,
    },
    #[error("the chart could not be drawn: {0}")]
    Drawing(String),
}

/// What is wrong with a file that parsed but cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Inconsistency {
    #[error("it lists no classes")]
    NoClasses,
    #[error("the classes' images add up to {sum}, not total_images {total}")]
    TotalMismatch { sum: u64, total: u64 },
    #[error("its history has no epochs")]
    NoEpochs,
    #[error("its confusion matrix is not {0} x {0}")]
    NotSquare(usize),
    #[error("it has per-class figures or ROC curves for other than {0} classes")]
    PerClassCount(usize),
    #[error("it names other than {0} classes")]
    NameCount(usize),
}

impl Inconsistency {
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::En => self.to_string(),
            Language::De => match self {
                Inconsistency::NoClasses => "sie nennt keine Klassen".to_owned(),
                Inconsistency::TotalMismatch { sum, total } => format!(
                    "die Bilder der Klassen ergeben zusammen {sum}, nicht total_images {total}"
                ),
                Inconsistency::NoEpochs => "ihr Verlauf enthält keine Epochen".to_owned(),
                Inconsistency::NotSquare(k) => {
                    format!("ihre Konfusionsmatrix ist nicht {k} × {k} groß")
                }
                Inconsistency::PerClassCount(k) => format!(
                    "sie hat Kennzahlen je Klasse oder ROC-Kurven für eine andere Zahl als {k} Klassen"
                ),
                Inconsistency::NameCount(k) => {
                    format!("sie benennt eine andere Zahl als {k} Klassen")
                }
            },
        }
    }
}

impl ChartError {
    /// The error as a sentence of the page in `language` (English is `Display`). German
    /// gives the JSON error's place, not serde's English description of it.
    pub fn message(&self, language: Language) -> String {
        match (language, self) {
            (Language::En, _) => self.to_string(),
            (Language::De, ChartError::Json { file, source }) => format!(
                "{file} ist kein gültiges JSON (Zeile {}, Spalte {})",
                source.line(),
                source.column()
            ),
            (Language::De, ChartError::Inconsistent { file, reason }) => {
                format!("{file} ist widersprüchlich: {}", reason.message(language))
            }
            (Language::De, ChartError::Drawing(_)) => {
                "Das Diagramm konnte nicht gezeichnet werden.".to_owned()
            }
        }
    }
}

/// Wraps any plotters error (generic over the backend) into [`ChartError::Drawing`].
pub(crate) fn drawing_error<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Drawing(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_both_languages() {
        let e = ChartError::Inconsistent {
            file: "dataset_stats.json",
            reason: Inconsistency::TotalMismatch { sum: 3, total: 4 },
        };
        assert_eq!(
            e.message(Language::En),
            "dataset_stats.json is inconsistent: the classes' images add up to 3, not total_images 4"
        );
        assert_eq!(
            e.message(Language::De),
            "dataset_stats.json ist widersprüchlich: die Bilder der Klassen ergeben zusammen 3, \
             nicht total_images 4"
        );
        let source = serde_json::from_str::<u8>("\n x").unwrap_err();
        let e = ChartError::Json {
            file: "training.json",
            source,
        };
        assert!(e
            .message(Language::En)
            .starts_with("training.json is not valid: "));
        assert_eq!(
            e.message(Language::De),
            "training.json ist kein gültiges JSON (Zeile 2, Spalte 2)"
        );
        for reason in [Inconsistency::NoClasses, Inconsistency::NotSquare(7)] {
            assert_ne!(reason.message(Language::De), reason.to_string());
        }
        let drawing = ChartError::Drawing("canvas lost".into()).message(Language::De);
        assert!(!drawing.contains("canvas"), "{drawing}");
    }
}
