//! The seven HAM10000 diagnoses as the result panel explains them: their names and short
//! descriptions live in the `diagnoses` namespace of `locales/` (`diagnoses.<code>.name`,
//! `.summary`), written for a lay reader; each names its sources in text (no links to other
//! origins). Other pages that name a diagnosis by its code use [`name`] too.

/// One diagnosis: its class code and the title of the DermNet NZ page it cites (a title,
/// so it is cited as written, in English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Diagnosis {
    pub code: &'static str,
    pub dermnet: &'static str,
}

/// The HAM10000 data descriptor, cited by every entry.
pub const HAM10000: &str = "Tschandl, Rosendahl & Kittler, \"The HAM10000 dataset\", \
    Sci. Data 5:180161 (2018), doi:10.1038/sdata.2018.161";

pub const DIAGNOSES: [Diagnosis; 7] = [
    Diagnosis {
        code: "nv",
        dermnet: "Melanocytic naevus",
    },
    Diagnosis {
        code: "mel",
        dermnet: "Melanoma",
    },
    Diagnosis {
        code: "bkl",
        dermnet: "Seborrhoeic keratosis",
    },
    Diagnosis {
        code: "bcc",
        dermnet: "Basal cell carcinoma",
    },
    Diagnosis {
        code: "akiec",
        dermnet: "Actinic keratosis",
    },
    Diagnosis {
        code: "vasc",
        dermnet: "Cherry angioma",
    },
    Diagnosis {
        code: "df",
        dermnet: "Dermatofibroma",
    },
];

/// The diagnosis of a class code, if the model's class is one of HAM10000's seven.
pub fn describe(code: &str) -> Option<&'static Diagnosis> {
    DIAGNOSES.iter().find(|d| d.code == code)
}

#[cfg(target_arch = "wasm32")]
pub use texts::{name, summary};

#[cfg(target_arch = "wasm32")]
mod texts {
    use crate::i18n::{td_string, Locale};

    /// The diagnosis's name in `locale` ("Melanom"); `None` for a code that is not one of
    /// the seven (the card's own name is then all there is).
    pub fn name(locale: Locale, code: &str) -> Option<&'static str> {
        Some(match code {
            "nv" => td_string!(locale, diagnoses.nv.name),
            "mel" => td_string!(locale, diagnoses.mel.name),
            "bkl" => td_string!(locale, diagnoses.bkl.name),
            "bcc" => td_string!(locale, diagnoses.bcc.name),
            "akiec" => td_string!(locale, diagnoses.akiec.name),
            "vasc" => td_string!(locale, diagnoses.vasc.name),
            "df" => td_string!(locale, diagnoses.df.name),
            _ => return None,
        })
    }

    /// The short description for a lay reader, in `locale`.
    pub fn summary(locale: Locale, code: &str) -> Option<&'static str> {
        Some(match code {
            "nv" => td_string!(locale, diagnoses.nv.summary),
            "mel" => td_string!(locale, diagnoses.mel.summary),
            "bkl" => td_string!(locale, diagnoses.bkl.summary),
            "bcc" => td_string!(locale, diagnoses.bcc.summary),
            "akiec" => td_string!(locale, diagnoses.akiec.summary),
            "vasc" => td_string!(locale, diagnoses.vasc.summary),
            "df" => td_string!(locale, diagnoses.df.summary),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every diagnosis has a name and a summary in every language (`tests/locales.rs` checks
    /// the languages agree; this checks the codes match the locale file).
    #[test]
    fn every_diagnosis_has_its_texts() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en/diagnoses.json");
        let text = std::fs::read_to_string(path).expect("diagnoses.json");
        let texts: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        for d in DIAGNOSES {
            for key in ["name", "summary"] {
                assert!(texts[d.code][key].is_string(), "{}.{key}", d.code);
            }
        }
        assert_eq!(texts.as_object().map(|o| o.len()), Some(DIAGNOSES.len()));
        assert_eq!(describe("mel").map(|d| d.dermnet), Some("Melanoma"));
        assert_eq!(describe("xyz"), None);
    }
}
