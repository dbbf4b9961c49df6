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

/// `crop` moved by (`dx`, `dy`) photo pixels, stopping at the edges. Like every rule here, it
/// starts from the square forced inside ([`clamp`]), the one the page shows: a stale square
/// (larger than the photo, or off it) moves from where the user sees it.
pub fn moved(crop: SquareCrop, dx: i64, dy: i64, width: u32, height: u32) -> SquareCrop {
    let crop = clamp(crop, width, height);
    // Saturating: a drag far off the screen (or a rounded infinity) only reaches the edge.
    let shift =
        |v: u32, d: i64| i64::from(v).saturating_add(d).clamp(0, i64::from(u32::MAX)) as u32;
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
    let crop = clamp(crop, width, height);
    let side = side.clamp(min_side(width, height), width.min(height).max(1));
    // From twice the centre, in i64, so no sum of u32s can overflow.
    let origin = |v: u32| {
        let twice_centre = i64::from(v) * 2 + i64::from(crop.side);
        ((twice_centre - i64::from(side)) / 2).clamp(0, i64::from(u32::MAX)) as u32
    };
    clamp(
        SquareCrop {
            x: origin(crop.x),
            y: origin(crop.y),
            side,
        },
        width,
        height,
    )
}

/// `crop` zoomed by `factor` (> 1 shows less of the photo: a smaller square).
pub fn zoomed(crop: SquareCrop, factor: f64, width: u32, height: u32) -> SquareCrop {
    let crop = clamp(crop, width, height);
    // `as` saturates: a tiny factor asks for the largest square, which `resized` limits.
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

    // Counterexamples the properties below found, kept as they were found.

    /// A move by i64::MAX (a rounded infinite drag) overflowed `y + dy`: a panic in debug
    /// builds, and in release a wrap that sent the square to the opposite edge.
    #[test]
    fn a_move_by_the_largest_delta_reaches_the_edge() {
        let c = SquareCrop {
            x: 0,
            y: 1,
            side: 1,
        };
        assert_eq!(
            moved(c, i64::MAX, i64::MAX, 1, 87),
            SquareCrop {
                x: 0,
                y: 86,
                side: 1
            }
        );
        assert_eq!(
            moved(c, i64::MIN, i64::MIN, 1, 87),
            SquareCrop {
                x: 0,
                y: 0,
                side: 1
            }
        );
        let c = SquareCrop::centred(W, H);
        assert_eq!(moved(c, i64::MAX, 0, W, H).x, 150);
        assert_eq!(moved(c, i64::MIN, 0, W, H).x, 0);
    }

    /// A stale square off the photo (shown at y 99,999) did not move up one pixel: the move
    /// started from y 100,000, outside.
    #[test]
    fn a_stale_square_moves_from_where_it_is_shown() {
        let stale = SquareCrop {
            x: 0,
            y: 100_000,
            side: 0,
        };
        assert_eq!(clamp(stale, 1, 100_000).y, 99_999);
        assert_eq!(
            moved(stale, 0, -1, 1, 100_000),
            SquareCrop {
                x: 0,
                y: 99_998,
                side: 1
            }
        );
    }

    /// Resizing or zooming a stale square kept the centre of a square never shown (side 0,
    /// or a pixel larger than the photo), not of the one on screen.
    #[test]
    fn a_stale_square_is_resized_and_zoomed_as_shown() {
        let empty = SquareCrop {
            x: 0,
            y: 1,
            side: 0,
        };
        let shown = SquareCrop {
            x: 0,
            y: 1,
            side: 1,
        };
        assert_eq!(clamp(empty, 1, 2), shown);
        assert_eq!(resized(empty, 0, 1, 2), shown);
        assert_eq!(zoomed(empty, 1.1, 1, 2), shown);
        let too_big = SquareCrop {
            x: 0,
            y: 0,
            side: 100_001,
        };
        assert_eq!(
            zoomed(too_big, 1.1, 100_000, 100_000),
            SquareCrop {
                x: 4545,
                y: 4545,
                side: 90_909
            }
        );
    }

    /// For any photo (1 to 100,000 px a side), any square (inside or not: a stale one) and
    /// any sequence of moves, zooms and resizes: no panic, the square inside the photo, each
    /// rule acting on the square forced inside, moves monotonic, zooms one way only.
    #[cfg(not(target_arch = "wasm32"))] // proptest is a native dev-dependency only
    mod properties {
        use proptest::prelude::*;

        use super::*;

        #[derive(Debug, Clone)]
        enum Op {
            Move(i64, i64),
            Zoom(f64),
            Resize(u32),
            Centre,
        }

        fn photo_side() -> impl Strategy<Value = u32> {
            prop_oneof![1..=100_000u32, Just(1), Just(100_000), 1..=64u32]
        }

        fn any_coordinate() -> impl Strategy<Value = u32> {
            prop_oneof![
                0..=200_000u32,
                any::<u32>(),
                (u32::MAX - 200_000)..=u32::MAX
            ]
        }

        /// Mostly inside or a pixel off (what the page holds), else anything.
        fn crop_for(width: u32, height: u32) -> impl Strategy<Value = SquareCrop> {
            let short = width.min(height);
            let near = (0..=short + 1)
                .prop_flat_map(move |side| {
                    let room = |n: u32| 0..=n - side.min(n) + 1;
                    (room(width), room(height), Just(side))
                })
                .prop_map(|(x, y, side)| SquareCrop { x, y, side });
            let anything = (any_coordinate(), any_coordinate(), any_coordinate())
                .prop_map(|(x, y, side)| SquareCrop { x, y, side });
            prop_oneof![3 => near, 1 => anything]
        }

        /// Drags and key steps, far drags, and whatever a rounded f64 can become.
        fn delta() -> impl Strategy<Value = i64> {
            prop_oneof![
                -1_000..=1_000i64,
                -300_000..=300_000i64,
                any::<i64>(),
                Just(i64::MAX),
                Just(i64::MIN),
            ]
        }

        fn factor() -> impl Strategy<Value = f64> {
            prop_oneof![
                Just(1.1),
                Just(1.0 / 1.1),
                0.01..100.0f64,
                Just(f64::MIN_POSITIVE),
                Just(1e300),
            ]
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                4 => (delta(), delta()).prop_map(|(dx, dy)| Op::Move(dx, dy)),
                2 => delta().prop_map(|d| Op::Move(d, 0)),
                2 => delta().prop_map(|d| Op::Move(0, d)),
                3 => factor().prop_map(Op::Zoom),
                2 => any_coordinate().prop_map(Op::Resize),
                1 => Just(Op::Centre),
            ]
        }

        fn apply(op: &Op, c: SquareCrop, w: u32, h: u32) -> SquareCrop {
            match *op {
                Op::Move(dx, dy) => moved(c, dx, dy, w, h),
                Op::Zoom(f) => zoomed(c, f, w, h),
                Op::Resize(side) => resized(c, side, w, h),
                Op::Centre => SquareCrop::centred(w, h),
            }
        }

        /// Inside the photo, side within the allowed range.
        fn valid(c: SquareCrop, w: u32, h: u32) -> bool {
            let short = w.min(h);
            c.side >= 1
                && (min_side(w, h)..=short).contains(&c.side)
                && u64::from(c.x) + u64::from(c.side) <= u64::from(w)
                && u64::from(c.y) + u64::from(c.side) <= u64::from(h)
        }

        /// The direction of a change: -1, 0 or 1.
        fn sign(before: u32, after: u32) -> i64 {
            (i64::from(after) - i64::from(before)).signum()
        }

        fn config() -> ProptestConfig {
            // Counterexamples are kept as plain unit tests above, not in proptest's files.
            ProptestConfig {
                cases: 2048,
                failure_persistence: None,
                ..ProptestConfig::default()
            }
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn every_sequence_of_moves_and_zooms_stays_inside(
                (w, h, start, ops) in (photo_side(), photo_side()).prop_flat_map(|(w, h)| {
                    (Just(w), Just(h), crop_for(w, h), prop::collection::vec(op(), 1..24))
                }),
            ) {
                prop_assert!(min_side(w, h) >= 1 && min_side(w, h) <= w.min(h));
                prop_assert!(step(w, h) >= 1);
                let mut crop = start;
                for op in &ops {
                    // What the page shows of a square is the square forced inside.
                    let shown = clamp(crop, w, h);
                    prop_assert!(valid(shown, w, h), "clamp {crop:?} in {w}x{h}: {shown:?}");
                    prop_assert_eq!(clamp(shown, w, h), shown, "clamp is idempotent");
                    let after = apply(op, crop, w, h);
                    prop_assert!(valid(after, w, h), "{op:?} on {crop:?} in {w}x{h}: {after:?}");
                    prop_assert_eq!(
                        after,
                        apply(op, shown, w, h),
                        "{:?} on {:?} acts unlike on the square shown, {:?}, in {}x{}",
                        op, crop, shown, w, h
                    );
                    match *op {
                        Op::Move(dx, dy) => {
                            prop_assert_eq!(after.side, shown.side);
                            // Never the other way; not at all along an axis without a move.
                            prop_assert!(sign(shown.x, after.x) * dx.signum() >= 0);
                            prop_assert!(sign(shown.y, after.y) * dy.signum() >= 0);
                            if dx == 0 {
                                prop_assert_eq!(after.x, shown.x);
                            }
                            if dy == 0 {
                                prop_assert_eq!(after.y, shown.y);
                            }
                        }
                        Op::Zoom(f) if f > 1.0 => prop_assert!(after.side <= shown.side),
                        Op::Zoom(f) if f < 1.0 => prop_assert!(after.side >= shown.side),
                        Op::Zoom(_) => prop_assert_eq!(after.side, shown.side),
                        Op::Resize(side) => {
                            let want = side.clamp(min_side(w, h), w.min(h));
                            prop_assert_eq!(after.side, want);
                            // The centre stays where the edges allow.
                            let origin = |at: u32, room: u32| {
                                let c = i64::from(at) * 2 + i64::from(shown.side) - i64::from(want);
                                c.div_euclid(2).clamp(0, i64::from(room - want)) as u32
                            };
                            prop_assert_eq!(after.x, origin(shown.x, w));
                            prop_assert_eq!(after.y, origin(shown.y, h));
                        }
                        Op::Centre => {}
                    }
                    crop = after;
                }
            }
        }
    }
}
