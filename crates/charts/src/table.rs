//! The text alternative of a chart — a plain table the page puts under it — and the number
//! formats its cells, takeaways and hover texts share, so a figure reads the same everywhere,
//! in the page's language (German writes `0,951` and `8.481`).

use skincheck_core::Language;

/// Written where a figure is undefined (no test images, no curve, no learning rate), in
/// English; [`not_available`] gives it in a language.
pub const NOT_AVAILABLE: &str = "n/a";

/// [`NOT_AVAILABLE`] in `language` ("k. A.", keine Angabe).
pub fn not_available(language: Language) -> &'static str {
    words(language, NOT_AVAILABLE, "k. A.")
}

/// A short label in `language`. Both texts are written at the call, so neither can be
/// forgotten; sentences with figures `match` on the language instead.
pub fn words(language: Language, en: &'static str, de: &'static str) -> &'static str {
    match language {
        Language::En => en,
        Language::De => de,
    }
}

/// `one` for exactly 1, else `other` (both languages pluralise so).
pub fn plural(n: u64, one: &'static str, other: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        other
    }
}

/// Column headers and rows of already formatted cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// A cross table: `corner` heads the column of row names, `columns` the others; each row
    /// is its name, then one cell per column.
    pub fn cross(
        corner: &str,
        columns: impl IntoIterator<Item = impl Into<String>>,
        rows: impl IntoIterator<Item = (String, Vec<String>)>,
    ) -> Self {
        let mut headers = vec![corner.to_owned()];
        headers.extend(columns.into_iter().map(Into::into));
        let mut t = Table::new(headers);
        for (name, cells) in rows {
            let mut row = vec![name];
            row.extend(cells);
            t.push(row);
        }
        t
    }

    pub fn push(&mut self, row: impl IntoIterator<Item = impl Into<String>>) {
        self.rows.push(row.into_iter().map(Into::into).collect());
    }

    /// The cell in the row whose first cell is `key`, under the column headed `header`.
    pub fn cell(&self, key: &str, header: &str) -> Option<&str> {
        let column = self.headers.iter().position(|h| h == header)?;
        let row = self
            .rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c == key))?;
        row.get(column).map(String::as_str)
    }
}

/// `part / whole`, 0 when `whole` is 0.
pub fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// `part / whole` as a whole percentage, `"–"` when `whole` is 0. Whole percentages have no
/// decimal mark, so they read the same in every language.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        // (100 × part) / whole, not 100 × share: the order the figures were always rounded in.
        format!("{:.0} %", 100.0 * part as f64 / whole as f64)
    }
}

/// A fraction (0..=1) as a whole percentage: `0.674` is `"67 %"`.
pub fn whole_percent(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
}

/// A probability or rate as a percentage with one decimal, `"n/a"` when undefined.
pub fn rate(value: Option<f64>, language: Language) -> String {
    value.map_or_else(
        || not_available(language).to_owned(),
        |v| language.percent(v, 1),
    )
}

/// A figure with three decimals (an AUC, a loss), `"n/a"` when undefined.
pub fn decimal(value: Option<f64>, language: Language) -> String {
    value.map_or_else(
        || not_available(language).to_owned(),
        |v| language.decimal(v, 3),
    )
}

/// Counts with thousands separators, as the page writes them: 8,481 in English, 8.481 in
/// German.
pub fn thousands(n: u64, language: Language) -> String {
    language.integer(n)
}

/// Something named (a class, a category) with a value.
pub type Named<T> = (T, f64);

/// The items with the lowest and the highest value, for takeaways that quote the range
/// (the first lowest and the last highest on ties); `None` when there are none.
pub fn lowest_and_highest<T>(items: &[Named<T>]) -> Option<(&Named<T>, &Named<T>)> {
    let low = items.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let high = items.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    Some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_found_by_row_key_and_header() {
        let mut t = Table::new(["class", "images"]);
        t.push(["nv", "5"]);
        t.push(["mel", "2"]);
        assert_eq!(t.cell("mel", "images"), Some("2"));
        assert_eq!(t.cell("df", "images"), None);
        assert_eq!(percent(1, 3), "33 %");
        assert_eq!(percent(1, 0), "–");
        assert_eq!(rate(Some(0.4755), Language::En), "47.5 %");
        assert_eq!(rate(Some(0.4755), Language::De), "47,5 %");
        assert_eq!(rate(None, Language::En), "n/a");
        assert_eq!(rate(None, Language::De), "k. A.");
    }

    #[test]
    fn cross_tables_put_the_corner_over_the_row_names() {
        let t = Table::cross(
            "age",
            ["nv", "mel"],
            [("20–24".to_owned(), vec!["4".to_owned(), "0".to_owned()])],
        );
        assert_eq!(t.headers, ["age", "nv", "mel"]);
        assert_eq!(t.cell("20–24", "mel"), Some("0"));
        assert_eq!(decimal(Some(0.95071), Language::En), "0.951");
        assert_eq!(decimal(Some(0.95071), Language::De), "0,951");
        assert_eq!(decimal(None, Language::En), "n/a");
        assert_eq!(plural(1, "Bild", "Bilder"), "Bild");
        assert_eq!(plural(0, "image", "images"), "images");
        assert_eq!(whole_percent(0.674), "67 %");
        assert_eq!(share(1, 0), 0.0);
        let items = [("a", 0.5), ("b", 0.2), ("c", 0.9)];
        let (low, high) = lowest_and_highest(&items).unwrap();
        assert_eq!((low.0, high.0), ("b", "c"));
        assert!(lowest_and_highest::<&str>(&[]).is_none());
    }

    #[test]
    fn thousands_are_separated() {
        let en = |n| thousands(n, Language::En);
        assert_eq!(en(0), "0");
        assert_eq!(en(999), "999");
        assert_eq!(en(8481), "8,481");
        assert_eq!(en(1234567), "1,234,567");
        assert_eq!(thousands(1234567, Language::De), "1.234.567");
        assert_eq!(words(Language::De, "images", "Bilder"), "Bilder");
    }
}
