//! Turning the core's messages into sentences of the page, and figures into its language.

use skincheck_core::Language;

/// Core messages start lower-case (they also end CLI lines); sentences in the page do not.
pub fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A calibrated probability as the page shows it: "42.1 %" / "42,1 %" (no-break space), and
/// "< 0.1 %" rather than a misleading "0.0 %".
pub fn probability(p: f32, language: Language) -> String {
    if p > 0.0 && p < 0.0005 {
        format!("< {}\u{a0}%", language.decimal(0.1, 1))
    } else {
        format!("{}\u{a0}%", language.decimal(f64::from(100.0 * p), 1))
    }
}

/// A size in bytes for people: "1.4 MB" / "1,4 MB", "16.2 kB", "512 bytes" / "512 Byte".
pub fn byte_size(n: u64, language: Language) -> String {
    let x = n as f64;
    if x >= 1e6 {
        format!("{} MB", language.decimal(x / 1e6, 1))
    } else if x >= 1e3 {
        format!("{} kB", language.decimal(x / 1e3, 1))
    } else {
        match language {
            Language::En => format!("{n} bytes"),
            Language::De => format!("{n} Byte"),
        }
    }
}

/// A JSON number as the language writes it: integers as they are, fractions with its
/// decimal mark ("5597.4" / "5597,4").
pub fn json_number(n: &serde_json::Number, language: Language) -> String {
    let text = n.to_string();
    match language {
        Language::En => text,
        Language::De => text.replace('.', ","),
    }
}

/// `one` for exactly 1, else `many` ("1 entry", "2 entries").
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::capitalise;

    #[test]
    fn only_the_first_letter_changes() {
        assert_eq!(capitalise("the file is empty"), "The file is empty");
        assert_eq!(capitalise("élan vital"), "Élan vital");
        assert_eq!(capitalise(""), "");
    }

    #[test]
    fn probabilities_use_the_language_decimal_mark() {
        use super::{probability, Language};
        assert_eq!(probability(0.4213, Language::En), "42.1\u{a0}%");
        assert_eq!(probability(0.4213, Language::De), "42,1\u{a0}%");
        assert_eq!(probability(0.0001, Language::De), "< 0,1\u{a0}%");
        assert_eq!(probability(0.0, Language::En), "0.0\u{a0}%");
    }

    #[test]
    fn sizes_use_the_language_words_and_marks() {
        use super::{byte_size, Language};
        assert_eq!(byte_size(13_500_000, Language::En), "13.5 MB");
        assert_eq!(byte_size(13_500_000, Language::De), "13,5 MB");
        assert_eq!(byte_size(16_200, Language::De), "16,2 kB");
        assert_eq!(byte_size(512, Language::En), "512 bytes");
        assert_eq!(byte_size(512, Language::De), "512 Byte");
    }

    #[test]
    fn json_numbers_use_the_language_decimal_mark() {
        use super::{json_number, Language};
        let n = |v: f64| serde_json::Number::from_f64(v).expect("finite");
        assert_eq!(json_number(&n(5597.4), Language::En), "5597.4");
        assert_eq!(json_number(&n(5597.4), Language::De), "5597,4");
        assert_eq!(
            json_number(&serde_json::Number::from(25), Language::De),
            "25"
        );
    }

    #[test]
    fn plural_picks_the_word_for_the_count() {
        assert_eq!(super::plural(1, "entry", "entries"), "entry");
        assert_eq!(super::plural(0, "entry", "entries"), "entries");
        assert_eq!(super::plural(2, "photo", "photos"), "photos");
    }
}
