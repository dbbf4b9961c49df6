//! Why one of the app's own files could not be had, in words of the page's language (the
//! fetching itself, web-only, is `crate::fetch`).

use skincheck_core::Language;

/// Why an app file could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchProblem {
    /// No answer: offline, or the server is down.
    Unreachable,
    /// The server answered with this HTTP status.
    Status(u16),
    /// The answer's body could not be read as text.
    Unreadable,
    /// The text is not what the file should hold; the parser's reason (English).
    Invalid(String),
}

/// The sentence (lower-case, to follow "…: ") for `problem` with the file at `url`. German
/// leaves out the parser's English reason, which the console has.
pub fn problem_text(language: Language, url: &str, problem: &FetchProblem) -> String {
    use FetchProblem::*;
    match (language, problem) {
        (Language::En, Unreachable) => {
            format!("could not fetch {url} (offline, or the server did not answer)")
        }
        (Language::De, Unreachable) => {
            format!("{url} konnte nicht abgerufen werden (offline, oder der Server hat nicht geantwortet)")
        }
        (Language::En, Status(code)) => format!("{url} answered HTTP {code}"),
        (Language::De, Status(code)) => format!("{url} hat mit HTTP {code} geantwortet"),
        (Language::En, Unreadable) => format!("could not read {url}"),
        (Language::De, Unreadable) => format!("{url} konnte nicht gelesen werden"),
        (Language::En, Invalid(reason)) => format!("{url} could not be read: {reason}"),
        (Language::De, Invalid(_)) => {
            format!("{url} hat nicht das erwartete Format und konnte nicht gelesen werden")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_is_told_in_both_languages() {
        let url = "assets/model.json";
        let status = FetchProblem::Status(404);
        assert_eq!(
            problem_text(Language::En, url, &status),
            "assets/model.json answered HTTP 404"
        );
        assert_eq!(
            problem_text(Language::De, url, &status),
            "assets/model.json hat mit HTTP 404 geantwortet"
        );
        let invalid = FetchProblem::Invalid("missing field `classes`".into());
        assert!(problem_text(Language::En, url, &invalid).ends_with("missing field `classes`"));
        // The parser's English never reaches the German page.
        assert!(!problem_text(Language::De, url, &invalid).contains("missing"));
        for problem in [FetchProblem::Unreachable, FetchProblem::Unreadable] {
            let (en, de) = (
                problem_text(Language::En, url, &problem),
                problem_text(Language::De, url, &problem),
            );
            assert!(
                en.contains(url) && de.contains(url) && en != de,
                "{en} / {de}"
            );
        }
    }
}
