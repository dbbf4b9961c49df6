//! The text alternative of a chart: a plain table the page puts under it.

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

/// `part / whole` as a whole percentage, `"–"` when `whole` is 0.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.0} %", 100.0 * part as f64 / whole as f64)
    }
}

/// A probability or rate as a percentage with one decimal, `"n/a"` when undefined.
pub fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{:.1} %", 100.0 * v))
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
        assert_eq!(rate(Some(0.4755)), "47.5 %");
        assert_eq!(rate(None), "n/a");
    }
}
