//! Hover targets: rectangles in backend pixels, each with the value it shows.
//!
//! Drawing functions return them, computed from the same coordinates they draw with, so the
//! page only has to map the pointer to backend pixels (CSS pixels × device pixel ratio) and
//! ask [`hit_test`].

/// One hoverable part of a chart (a bar, a cell, a point) and the text shown for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitRegion {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub text: String,
}

impl HitRegion {
    /// The region spanning two corners given in any order.
    pub fn new(a: (i32, i32), b: (i32, i32), text: impl Into<String>) -> Self {
        HitRegion {
            left: a.0.min(b.0),
            top: a.1.min(b.1),
            right: a.0.max(b.0),
            bottom: a.1.max(b.1),
            text: text.into(),
        }
    }

    /// A square of half-size `radius` around a point, for markers on lines.
    pub fn around(centre: (i32, i32), radius: i32, text: impl Into<String>) -> Self {
        Self::new(
            (centre.0 - radius, centre.1 - radius),
            (centre.0 + radius, centre.1 + radius),
            text,
        )
    }

    pub fn contains(&self, x: i32, y: i32) -> bool {
        (self.left..=self.right).contains(&x) && (self.top..=self.bottom).contains(&y)
    }

    pub fn centre(&self) -> (i32, i32) {
        ((self.left + self.right) / 2, (self.top + self.bottom) / 2)
    }

    fn area(&self) -> i64 {
        i64::from(self.right - self.left + 1) * i64::from(self.bottom - self.top + 1)
    }
}

/// The region under `(x, y)`; where regions overlap (a point on a bar) the smallest wins,
/// being the more specific target.
pub fn hit_test(regions: &[HitRegion], x: i32, y: i32) -> Option<&HitRegion> {
    regions
        .iter()
        .filter(|r| r.contains(x, y))
        .min_by_key(|r| r.area())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_containing_region_wins() {
        let regions = vec![
            HitRegion::new((0, 0), (100, 100), "bar"),
            HitRegion::around((50, 50), 4, "point"),
        ];
        assert_eq!(
            hit_test(&regions, 50, 52).map(|r| r.text.as_str()),
            Some("point")
        );
        assert_eq!(
            hit_test(&regions, 10, 90).map(|r| r.text.as_str()),
            Some("bar")
        );
        assert_eq!(hit_test(&regions, 101, 50), None);
        assert_eq!(HitRegion::new((10, 20), (0, 5), "").centre(), (5, 12));
    }
}
