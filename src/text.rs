//! Turning the core's messages into sentences of the page.

/// Core messages start lower-case (they also end CLI lines); sentences in the page do not.
pub fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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
}
