//! Geometry of the square the model sees, kept inside the photo whatever the user does.
//! Pure functions so the rules are unit-tested without a browser.

use skincheck_core::image_input::MIN_SIDE;
use skincheck_core::SquareCrop;

/// Smallest square offered: a tenth of the short side (a lesion is rarely smaller in a
/// usable photo), never below what the core accepts, never above the short side.
pub fn min_side(width: u32, height: u32) -> u32 {
    let short = width.min(height);
    (short / 10).max(MIN_SIDE).min(short)
}

/// `crop` forced inside a `width` x `height` photo, its side within the allowed range.
pub fn clamp(crop: SquareCrop, width: u32, height: u32) -> SquareCrop {
    let side = crop
        .side
        .clamp(min_side(width, height), width.min(height).max(1));
    SquareCrop {
        x: crop.x.min(width.saturating_sub(side)),
        y: crop.y.min(height.saturating_sub(side)),
        side,
    }
}

/// `crop` moved by (`dx`, `dy`) photo pixels, stopping at the edges.
pub fn moved(crop: SquareCrop, dx: i64, dy: i64, width: u32, height: u32) -> SquareCrop {
    let shift = |v: u32, d: i64| (i64::from(v) + d).max(0).min(i64::from(u32::MAX)) as u32;
    clamp(
        SquareCrop {
            x: shift(crop.x, dx),
            y: shift(crop.y, dy),
            side: crop.side,
        },
        width,
        height,
    )
}

/// `crop` resized to `side`, keeping its centre where the edges allow.
pub fn resized(crop: SquareCrop, side: u32, width: u32, height: u32) -> SquareCrop {
    let side = side.clamp(min_side(width, height), width.min(height).max(1));
    let centre = |v: u32| i64::from(v) * 2 + i64::from(crop.side);
    let origin = |c: i64| ((c - i64::from(side)) / 2).max(0) as u32;
    clamp(
        SquareCrop {
            x: origin(centre(crop.x)),
            y: origin(centre(crop.y)),
            side,
        },
        width,
        height,
    )
}

/// `crop` zoomed by `factor` (> 1 shows less of the photo: a smaller square).
pub fn zoomed(crop: SquareCrop, factor: f64, width: u32, height: u32) -> SquareCrop {
    let side = (f64::from(crop.side) / factor).round().max(1.0) as u32;
    resized(crop, side, width, height)
}

/// Keyboard step: a fiftieth of the short side, at least one pixel.
pub fn step(width: u32, height: u32) -> u32 {
    (width.min(height) / 50).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: u32 = 600;
    const H: u32 = 450;

    #[test]
    fn moving_stops_at_the_edges() {
        let c = SquareCrop::centred(W, H);
        assert_eq!(
            c,
            SquareCrop {
                x: 75,
                y: 0,
                side: 450
            }
        );
        assert_eq!(
            moved(c, -1000, -5, W, H),
            SquareCrop {
                x: 0,
                y: 0,
                side: 450
            }
        );
        assert_eq!(
            moved(c, 1000, 5, W, H),
            SquareCrop {
                x: 150,
                y: 0,
                side: 450
            }
        );
    }

    #[test]
    fn resizing_keeps_the_centre_and_the_limits() {
        let c = SquareCrop::centred(W, H);
        let small = resized(c, 100, W, H);
        assert_eq!(
            small,
            SquareCrop {
                x: 250,
                y: 175,
                side: 100
            }
        );
        assert_eq!(resized(small, 10, W, H).side, min_side(W, H));
        assert_eq!(
            resized(small, 5000, W, H),
            SquareCrop {
                x: 75,
                y: 0,
                side: 450
            }
        );
        assert_eq!(zoomed(c, 2.0, W, H).side, 225);
    }

    #[test]
    fn tiny_photos_still_get_a_valid_square() {
        assert_eq!(min_side(40, 32), 32);
        let c = clamp(
            SquareCrop {
                x: 9,
                y: 9,
                side: 999,
            },
            40,
            32,
        );
        assert_eq!(
            c,
            SquareCrop {
                x: 8,
                y: 0,
                side: 32
            }
        );
        assert!(c.checked(40, 32).is_ok());
    }
}
