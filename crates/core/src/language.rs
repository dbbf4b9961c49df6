//! The languages SkinCheck speaks, for the pure crates' sentences (errors, reports, chart
//! summaries) and numbers. The page's own strings live in `locales/`; this is the same choice
//! seen from code that has no Leptos.

use serde::{Deserialize, Serialize};

/// A language of the app. English is the default and the CLI's language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::De];

    /// The BCP 47 tag (`<html lang>`, `Intl` formatters, the locale files' folder names).
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
        }
    }

    /// The language of a BCP 47 tag such as `de-AT`; `None` for one SkinCheck lacks.
    pub fn from_code(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// `value` with `places` decimals and this language's decimal mark (`72.1` / `72,1`).
    pub fn decimal(self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        match self {
            Language::En => text,
            Language::De => text.replace('.', ","),
        }
    }

    /// A count with this language's thousands separator (`1,274` / `1.274`).
    pub fn integer(self, n: u64) -> String {
        let digits = n.to_string();
        let mark = match self {
            Language::En => ',',
            Language::De => '.',
        };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(mark);
            }
            out.push(c);
        }
        out
    }

    /// A share as a percentage with a space before the sign, as both languages write it in
    /// running text (`72.1 %`, `72,1 %`).
    pub fn percent(self, share: f64, places: usize) -> String {
        format!("{} %", self.decimal(share * 100.0, places))
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn tags_map_to_their_primary_language() {
        assert_eq!(Language::from_code("de-AT"), Some(Language::De));
        assert_eq!(Language::from_code("EN_gb"), Some(Language::En));
        assert_eq!(Language::from_code("fr"), None);
        assert_eq!(Language::from_code(""), None);
    }

    #[test]
    fn numbers_use_the_language_decimal_mark() {
        assert_eq!(Language::En.percent(0.7213, 1), "72.1 %");
        assert_eq!(Language::De.percent(0.7213, 1), "72,1 %");
        assert_eq!(Language::De.decimal(-3.0, 0), "-3");
        assert_eq!(Language::En.integer(1274), "1,274");
        assert_eq!(Language::De.integer(1_234_567), "1.234.567");
        assert_eq!(Language::De.integer(999), "999");
    }
}
