//! Turning the core's messages into sentences of the page.

/// Core messages start lower-case (they also end CLI lines); sentences in the page do not.
pub fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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
    fn plural_picks_the_word_for_the_count() {
        assert_eq!(super::plural(1, "entry", "entries"), "entry");
        assert_eq!(super::plural(0, "entry", "entries"), "entries");
        assert_eq!(super::plural(2, "photo", "photos"), "photos");
    }
}
