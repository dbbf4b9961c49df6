//! The page's colour theme: what the reader chose (follow the system, light or dark), how the
//! choice is kept in `localStorage`, and the scheme it comes to. The CSS does the page
//! itself (`style/main.css`: `prefers-color-scheme`, overridden by `<html data-theme>`); the
//! charts, drawn on canvases, need the resolved scheme to redraw in it.

/// The `localStorage` key of the choice.
pub const STORAGE_KEY: &str = "skincheck-theme";

/// What the theme menu offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ThemeChoice {
    /// Follow the system (`prefers-color-scheme`), also when it changes.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    /// In menu order.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// The stored value, also the menu's `<option value>`.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    /// The choice a stored value means. Nothing stored, or a value this build does not know
    /// (edited, or written by a later build), follows the system, as a first visit does.
    pub fn from_stored(value: Option<&str>) -> ThemeChoice {
        ThemeChoice::ALL
            .into_iter()
            .find(|c| Some(c.as_str()) == value.map(str::trim))
            .unwrap_or_default()
    }

    /// The value of `<html data-theme>`: none for [`ThemeChoice::System`], so the
    /// stylesheet's media query decides.
    pub fn data_theme(self) -> Option<&'static str> {
        match self {
            ThemeChoice::System => None,
            other => Some(other.as_str()),
        }
    }
}

/// The scheme the page is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scheme {
    #[default]
    Light,
    Dark,
}

/// The scheme of `choice` when the system prefers dark (`system_prefers_dark`) or not.
pub fn resolve(choice: ThemeChoice, system_prefers_dark: bool) -> Scheme {
    match choice {
        ThemeChoice::Light => Scheme::Light,
        ThemeChoice::Dark => Scheme::Dark,
        ThemeChoice::System if system_prefers_dark => Scheme::Dark,
        ThemeChoice::System => Scheme::Light,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_choice_comes_back_as_it_was() {
        for choice in ThemeChoice::ALL {
            assert_eq!(ThemeChoice::from_stored(Some(choice.as_str())), choice);
        }
        assert_eq!(ThemeChoice::from_stored(Some(" dark\n")), ThemeChoice::Dark);
    }

    #[test]
    fn nothing_or_an_unknown_value_follows_the_system() {
        for stored in [None, Some(""), Some("Dark"), Some("sepia"), Some("1")] {
            assert_eq!(
                ThemeChoice::from_stored(stored),
                ThemeChoice::System,
                "{stored:?}"
            );
        }
    }

    #[test]
    fn an_explicit_choice_overrides_the_system() {
        for system_dark in [false, true] {
            assert_eq!(resolve(ThemeChoice::Light, system_dark), Scheme::Light);
            assert_eq!(resolve(ThemeChoice::Dark, system_dark), Scheme::Dark);
        }
        assert_eq!(resolve(ThemeChoice::System, true), Scheme::Dark);
        assert_eq!(resolve(ThemeChoice::System, false), Scheme::Light);
    }

    #[test]
    fn only_an_explicit_choice_sets_the_attribute() {
        assert_eq!(ThemeChoice::System.data_theme(), None);
        assert_eq!(ThemeChoice::Light.data_theme(), Some("light"));
        assert_eq!(ThemeChoice::Dark.data_theme(), Some("dark"));
    }
}
