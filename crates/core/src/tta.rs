//! Test-time augmentation: the card's `test_time_augmentation`, done the same way as
//! `contract.dihedral_views` in `training/` (parity-tested against onnxruntime).
//!
//! `dihedral8`: view `i` is the square rotated by `i % 4` counter-clockwise quarter turns
//! (numpy's `rot90` over the last two axes), then, for `i >= 4`, mirrored left-right. The
//! network runs once on the batch of 8; the logits are averaged (before the temperature) and
//! every view's activation map is turned back before the maps are averaged.

use serde::{Deserialize, Serialize};

/// Which views of the model input are averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TestTimeAugmentation {
    /// The view alone.
    #[default]
    None,
    /// The 8 rotations and mirror images of the square (dermoscopy has no up or down).
    Dihedral8,
}

impl TestTimeAugmentation {
    /// Number of views the network runs on per photo.
    pub fn views(self) -> usize {
        match self {
            TestTimeAugmentation::None => 1,
            TestTimeAugmentation::Dihedral8 => 8,
        }
    }
}

/// Where pixel `(row, col)` of view `view` comes from in an `n` x `n` square.
fn source_of(view: usize, row: usize, col: usize, n: usize) -> (usize, usize) {
    // Undo the mirror, then the quarter turns one at a time:
    // rot90(x)[r][c] = x[c][n - 1 - r].
    let (mut r, mut c) = if view >= 4 {
        (row, n - 1 - col)
    } else {
        (row, col)
    };
    for _ in 0..view % 4 {
        (r, c) = (c, n - 1 - r);
    }
    (r, c)
}

/// The views of one square CHW tensor (`channels` planes of `n` x `n`), one after the other.
pub fn views_of(chw: &[f32], channels: usize, n: usize, tta: TestTimeAugmentation) -> Vec<f32> {
    let plane = n * n;
    debug_assert_eq!(chw.len(), channels * plane);
    let mut out = Vec::with_capacity(chw.len() * tta.views());
    for view in 0..tta.views() {
        for ch in 0..channels {
            let src = &chw[ch * plane..(ch + 1) * plane];
            for row in 0..n {
                for col in 0..n {
                    let (r, c) = source_of(view, row, col, n);
                    out.push(src[r * n + c]);
                }
            }
        }
    }
    out
}

/// Averages per-view maps `[views, planes, h, w]` after turning each back to the original
/// orientation; returns `[planes, h, w]`. Maps of a square input are square (`h == w`).
pub fn average_maps(maps: &[f32], planes: usize, n: usize, views: usize) -> Vec<f32> {
    let plane = n * n;
    let per_view = planes * plane;
    debug_assert_eq!(maps.len(), views * per_view);
    let mut out = vec![0.0f32; per_view];
    for view in 0..views {
        let m = &maps[view * per_view..(view + 1) * per_view];
        for p in 0..planes {
            for row in 0..n {
                for col in 0..n {
                    let (r, c) = source_of(view, row, col, n);
                    out[p * plane + r * n + c] += m[p * plane + row * n + col];
                }
            }
        }
    }
    let scale = 1.0 / views as f32;
    out.iter_mut().for_each(|v| *v *= scale);
    out
}

/// Mean over the rows of a `[views, k]` matrix.
pub fn average_rows(rows: &[f32], k: usize) -> Vec<f32> {
    let views = rows.len() / k;
    (0..k)
        .map(|j| (0..views).map(|v| rows[v * k + j]).sum::<f32>() / views as f32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const D8: TestTimeAugmentation = TestTimeAugmentation::Dihedral8;

    fn square(n: usize) -> Vec<f32> {
        (0..n * n).map(|v| v as f32).collect()
    }

    #[test]
    fn view_one_is_a_counter_clockwise_quarter_turn() {
        // numpy: np.rot90([[0, 1], [2, 3]]) == [[1, 3], [0, 2]]; mirrored: [[2, 3], [0, 1]]
        // for view 4 (no turn, mirrored): [[1, 0], [3, 2]].
        let v = views_of(&square(2), 1, 2, D8);
        assert_eq!(&v[0..4], &[0.0, 1.0, 2.0, 3.0]);
        assert_eq!(&v[4..8], &[1.0, 3.0, 0.0, 2.0]);
        assert_eq!(&v[8..12], &[3.0, 2.0, 1.0, 0.0]);
        assert_eq!(&v[16..20], &[1.0, 0.0, 3.0, 2.0]);
        assert_eq!(&v[20..24], &[3.0, 1.0, 2.0, 0.0]);
    }

    #[test]
    fn the_eight_views_are_distinct_and_each_is_a_permutation() {
        let n = 3;
        let v = views_of(&square(n), 1, n, D8);
        let mut seen: Vec<Vec<f32>> = Vec::new();
        for view in v.chunks(n * n) {
            let mut sorted = view.to_vec();
            sorted.sort_by(f32::total_cmp);
            assert_eq!(sorted, square(n));
            assert!(!seen.contains(&view.to_vec()));
            seen.push(view.to_vec());
        }
    }

    #[test]
    fn averaging_turned_back_views_restores_the_map() {
        let n = 4;
        let planes = 2;
        let map: Vec<f32> = (0..planes * n * n).map(|v| (v * 7 % 11) as f32).collect();
        let views = views_of(&map, planes, n, D8);
        assert_eq!(average_maps(&views, planes, n, 8), map);
    }

    #[test]
    fn none_is_the_identity() {
        let map = square(3);
        assert_eq!(views_of(&map, 1, 3, TestTimeAugmentation::None), map);
        assert_eq!(average_rows(&[1.0, 2.0, 3.0, 5.0], 2), vec![2.0, 3.5]);
    }
}
