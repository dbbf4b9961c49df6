//! The body map: a front and a back figure of a standing person (anatomical position, palms
//! forward) cut into named regions, each on a HAM10000 body site. The app draws the figures
//! from [`REGIONS`] and maps a tap back with [`region_at`], so what is drawn is exactly what a
//! pin lands on.

use serde::{Deserialize, Serialize};
use skincheck_core::{BodySite, Language};
use thiserror::Error;

use crate::words::number_text;

/// Width of the figures' frame: the SVG viewBox is `0 0 200 440`.
pub const FIGURE_WIDTH: f32 = 200.0;
/// Height of the figures' frame.
pub const FIGURE_HEIGHT: f32 = 440.0;

/// Which figure: the person seen from the front or from behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodySide {
    Front,
    Back,
}

impl BodySide {
    pub const ALL: [BodySide; 2] = [BodySide::Front, BodySide::Back];

    /// As written in the export file.
    pub fn as_str(self) -> &'static str {
        match self {
            BodySide::Front => "front",
            BodySide::Back => "back",
        }
    }

    /// The figure's name ("front" / "Vorderansicht").
    pub fn name(self, language: Language) -> &'static str {
        match (language, self) {
            (Language::En, side) => side.as_str(),
            (Language::De, BodySide::Front) => "Vorderansicht",
            (Language::De, BodySide::Back) => "Rückansicht",
        }
    }
}

/// A spot the person tapped on the figure, in figure coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyPin {
    pub side: BodySide,
    pub x: f32,
    pub y: f32,
}

/// Why a pin cannot be kept.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PinError {
    #[error("the pin's position is not a finite number")]
    NotFinite,
    #[error(
        "the pin at ({x}, {y}) is outside the {FIGURE_WIDTH} × {FIGURE_HEIGHT} frame of the figure"
    )]
    OutsideFigure { x: f32, y: f32 },
    #[error(
        "the pin at ({x}, {y}) of the {} figure is on no part of the body",
        side.as_str()
    )]
    NotOnBody { side: BodySide, x: f32, y: f32 },
}

impl PinError {
    /// The reason for the page: the English [`Display`](std::fmt::Display) text, or German.
    pub fn message(&self, language: Language) -> String {
        let de = |v: f32| number_text(v, Language::De);
        match language {
            Language::En => self.to_string(),
            Language::De => match self {
                PinError::NotFinite => "Die Position der Markierung ist keine endliche Zahl".into(),
                PinError::OutsideFigure { x, y } => format!(
                    "Die Markierung bei ({}; {}) liegt außerhalb des Rahmens der Figur \
                     ({FIGURE_WIDTH} × {FIGURE_HEIGHT})",
                    de(*x),
                    de(*y)
                ),
                PinError::NotOnBody { side, x, y } => format!(
                    "Die Markierung bei ({}; {}) der {} liegt auf keinem Körperteil",
                    de(*x),
                    de(*y),
                    side.name(Language::De)
                ),
            },
        }
    }
}

impl BodyPin {
    /// The region the pin is on.
    pub fn region(&self) -> Option<&'static Region> {
        region_at(self.side, self.x, self.y)
    }

    /// The HAM10000 site of the pin's region: what the model's metadata gets.
    pub fn site(&self) -> Option<BodySite> {
        self.region().map(|r| r.site)
    }

    /// A pin is kept only where a tap could have put it: a finite point, inside the frame, on
    /// a region.
    pub fn validate(&self) -> Result<(), PinError> {
        let (x, y) = (self.x, self.y);
        if !(x.is_finite() && y.is_finite()) {
            return Err(PinError::NotFinite);
        }
        if !((0.0..=FIGURE_WIDTH).contains(&x) && (0.0..=FIGURE_HEIGHT).contains(&y)) {
            return Err(PinError::OutsideFigure { x, y });
        }
        match self.region() {
            Some(_) => Ok(()),
            None => Err(PinError::NotOnBody {
                side: self.side,
                x,
                y,
            }),
        }
    }
}

/// One part of a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Unique over both figures ("left-forearm-front"); the SVG's `data-region`.
    pub id: &'static str,
    /// As a person says it in English ("left forearm"), from the person's side: on the front
    /// figure the person's left is on the viewer's right. Also the page's `data-region`.
    pub name: &'static str,
    /// The same in German ("linker Unterarm"), in the nominative, as a label stands alone.
    pub name_de: &'static str,
    pub side: BodySide,
    pub site: BodySite,
    /// A closed polygon in figure coordinates (the last point joins the first).
    pub outline: &'static [(f32, f32)],
}

impl Region {
    /// The region's name in `language`.
    pub fn name_in(&self, language: Language) -> &'static str {
        match language {
            Language::En => self.name,
            Language::De => self.name_de,
        }
    }

    /// Whether the point is inside the outline (even-odd rule, edges half-open: a point on
    /// an edge two regions share belongs to only one of them, so a tap never lands on two).
    pub fn contains(&self, x: f32, y: f32) -> bool {
        polygon_contains(self.outline, x, y)
    }

    /// A point well inside the region, where a keyboard user's pin goes: the centroid when it
    /// is inside, else the middle of the widest span across the outline at the centroid's
    /// height (a bent outline's centroid can fall outside it).
    pub fn centre(&self) -> (f32, f32) {
        let (cx, cy) = centroid(self.outline);
        if self.contains(cx, cy) {
            return (cx, cy);
        }
        let mut crossings: Vec<f32> = edges(self.outline)
            .filter(|&((_, y1), (_, y2))| (y1 > cy) != (y2 > cy))
            .map(|((x1, y1), (x2, y2))| x1 + (cy - y1) * (x2 - x1) / (y2 - y1))
            .collect();
        crossings.sort_by(f32::total_cmp);
        crossings
            .chunks_exact(2)
            .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
            .map_or_else(
                || self.outline.first().copied().unwrap_or_default(),
                |span| ((span[0] + span[1]) / 2.0, cy),
            )
    }
}

/// The regions of one figure, in drawing order.
pub fn regions(side: BodySide) -> impl Iterator<Item = &'static Region> {
    REGIONS.iter().filter(move |r| r.side == side)
}

/// The region of the figure at a point, or `None` off the body.
pub fn region_at(side: BodySide, x: f32, y: f32) -> Option<&'static Region> {
    if !(x.is_finite() && y.is_finite()) {
        return None;
    }
    regions(side).find(|r| r.contains(x, y))
}

fn edges(outline: &[(f32, f32)]) -> impl Iterator<Item = ((f32, f32), (f32, f32))> + '_ {
    outline
        .iter()
        .copied()
        .zip(outline.iter().copied().cycle().skip(1))
}

fn polygon_contains(outline: &[(f32, f32)], x: f32, y: f32) -> bool {
    edges(outline)
        .filter(|&((x1, y1), (x2, y2))| {
            (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        })
        .count()
        % 2
        == 1
}

/// Twice the signed area (shoelace): positive when the outline runs anticlockwise.
pub(crate) fn doubled_area(outline: &[(f32, f32)]) -> f32 {
    edges(outline)
        .map(|((x1, y1), (x2, y2))| x1 * y2 - x2 * y1)
        .sum()
}

/// The area-weighted centroid, whatever the outline's winding.
fn centroid(outline: &[(f32, f32)]) -> (f32, f32) {
    let a = doubled_area(outline);
    let (sx, sy) = edges(outline).fold((0.0, 0.0), |(sx, sy), ((x1, y1), (x2, y2))| {
        let cross = x1 * y2 - x2 * y1;
        (sx + (x1 + x2) * cross, sy + (y1 + y2) * cross)
    });
    (sx / (3.0 * a), sy / (3.0 * a))
}

mod figure;

pub use figure::REGIONS;

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    fn by_id(id: &str) -> &'static Region {
        REGIONS
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no region {id}"))
    }

    #[test]
    fn ids_and_names_are_unique_and_outlines_simple() {
        let ids: HashSet<&str> = REGIONS.iter().map(|r| r.id).collect();
        let names: HashSet<&str> = REGIONS.iter().map(|r| r.name).collect();
        assert_eq!((ids.len(), names.len()), (REGIONS.len(), REGIONS.len()));
        for r in REGIONS {
            assert!(
                r.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                r.id
            );
            assert!((5..=12).contains(&r.outline.len()), "{}", r.id);
        }
        assert_eq!(regions(BodySide::Front).count(), 20);
        assert_eq!(regions(BodySide::Back).count(), 20);
    }

    #[test]
    fn every_outline_is_inside_the_frame_and_a_simple_polygon() {
        for r in REGIONS {
            for &(x, y) in r.outline {
                assert!(
                    (0.0..=FIGURE_WIDTH).contains(&x) && (0.0..=FIGURE_HEIGHT).contains(&y),
                    "{} has ({x}, {y})",
                    r.id
                );
            }
            assert!(
                doubled_area(r.outline).abs() / 2.0 > 30.0,
                "{} is a sliver",
                r.id
            );
            let sides: Vec<_> = edges(r.outline).collect();
            let n = sides.len();
            for i in 0..n {
                for j in i + 2..n {
                    if i == 0 && j == n - 1 {
                        continue; // neighbours through the closing point
                    }
                    assert!(
                        !segments_cross(sides[i], sides[j]),
                        "{}: sides {i} and {j} cross",
                        r.id
                    );
                }
            }
        }
    }

    /// Proper crossings only; sides that meet at a point are neighbours and skipped above.
    fn segments_cross(a: ((f32, f32), (f32, f32)), b: ((f32, f32), (f32, f32))) -> bool {
        let turn = |p: (f32, f32), q: (f32, f32), r: (f32, f32)| {
            (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
        };
        let (d1, d2) = (turn(b.0, b.1, a.0), turn(b.0, b.1, a.1));
        let (d3, d4) = (turn(a.0, a.1, b.0), turn(a.0, a.1, b.1));
        d1 * d2 < 0.0 && d3 * d4 < 0.0
    }

    #[test]
    fn the_centre_of_each_region_maps_back_to_it() {
        for r in REGIONS {
            let (x, y) = r.centre();
            assert!(r.contains(x, y), "{}: centre ({x}, {y}) outside", r.id);
            assert_eq!(region_at(r.side, x, y).map(|h| h.id), Some(r.id));
            let pin = BodyPin { side: r.side, x, y };
            assert_eq!(pin.validate(), Ok(()));
            assert_eq!(pin.site(), Some(r.site));
        }
        // An outline whose centroid lies outside it still gets a point inside.
        let bent = Region {
            outline: &[
                (0.0, 0.0),
                (30.0, 0.0),
                (30.0, 30.0),
                (20.0, 30.0),
                (20.0, 10.0),
                (0.0, 10.0),
            ],
            ..REGIONS[0]
        };
        let (x, y) = bent.centre();
        assert!(bent.contains(x, y), "({x}, {y})");
    }

    /// Sampled every unit (off the grid the outlines use), no point is in two regions of one
    /// figure, the samples agree with the outlines' areas, and the body fills about 30 % of
    /// the frame (a person's silhouette, not a box or a stick figure).
    #[test]
    fn regions_do_not_overlap() {
        for side in BodySide::ALL {
            let mut covered = 0;
            for i in 0..200 {
                for j in 0..440 {
                    let (x, y) = (i as f32 + 0.31, j as f32 + 0.47);
                    let hits: Vec<&str> = regions(side)
                        .filter(|r| r.contains(x, y))
                        .map(|r| r.id)
                        .collect();
                    assert!(hits.len() <= 1, "({x}, {y}) is in {hits:?}");
                    covered += hits.len();
                }
            }
            let area: f32 = regions(side)
                .map(|r| doubled_area(r.outline).abs() / 2.0)
                .sum();
            assert!(
                (covered as f32 - area).abs() < area * 0.01,
                "{covered} vs {area}"
            );
            let frame = FIGURE_WIDTH * FIGURE_HEIGHT;
            assert!((0.25..0.35).contains(&(area / frame)), "{side:?}: {area}");
        }
    }

    /// Every part touches another: each figure is one body, not scattered pieces.
    #[test]
    fn each_figure_is_one_connected_body() {
        for side in BodySide::ALL {
            let parts: Vec<&Region> = regions(side).collect();
            let touch = |a: &Region, b: &Region| a.outline.iter().any(|p| b.outline.contains(p));
            let mut reached = vec![parts[0]];
            let mut i = 0;
            while i < reached.len() {
                let from = reached[i];
                for &p in &parts {
                    if !reached.iter().any(|r| r.id == p.id) && touch(from, p) {
                        reached.push(p);
                    }
                }
                i += 1;
            }
            assert_eq!(reached.len(), parts.len(), "{side:?}");
        }
    }

    #[test]
    fn paired_parts_mirror_each_other_and_are_named_from_the_persons_side() {
        for r in REGIONS {
            let (x, _) = r.centre();
            let persons_left = match r.side {
                BodySide::Front => x > 100.0,
                BodySide::Back => x < 100.0,
            };
            let word = |w: &str| r.name.split(' ').any(|part| part == w);
            if word("left") || word("right") {
                assert_eq!(word("left"), persons_left, "{} at x = {x}", r.id);
                let twin_name = if word("left") {
                    r.name.replace("left", "right")
                } else {
                    r.name.replace("right", "left")
                };
                let twin = REGIONS
                    .iter()
                    .find(|t| t.name == twin_name)
                    .unwrap_or_else(|| panic!("no {twin_name}"));
                let mirrored: Vec<(f32, f32)> = r
                    .outline
                    .iter()
                    .map(|&(x, y)| (FIGURE_WIDTH - x, y))
                    .collect();
                assert_eq!(twin.outline, mirrored.as_slice(), "{}", r.id);
            } else {
                assert!((x - 100.0).abs() < 1.0, "{} is off the midline", r.id);
            }
        }
        let at = |side, x, y| region_at(side, x, y).map(|r| r.id);
        assert_eq!(
            at(BodySide::Front, 150.0, 212.0),
            Some("left-forearm-front")
        );
        assert_eq!(
            at(BodySide::Front, 50.0, 212.0),
            Some("right-forearm-front")
        );
        assert_eq!(at(BodySide::Back, 50.0, 212.0), Some("left-forearm-back"));
        assert_eq!(at(BodySide::Front, 125.0, 45.0), Some("left-ear-front"));
        assert_eq!(at(BodySide::Front, 100.0, 50.0), Some("face"));
        assert_eq!(at(BodySide::Front, 74.0, 45.0), Some("right-ear-front"));
        assert_eq!(at(BodySide::Back, 126.0, 45.0), Some("right-ear-back"));
    }

    /// German names are unique and say the same side: "linke", "linker", … exactly where
    /// the English says "left".
    #[test]
    fn german_names_are_unique_and_keep_the_side() {
        let names: HashSet<&str> = REGIONS.iter().map(|r| r.name_in(Language::De)).collect();
        assert_eq!(names.len(), REGIONS.len());
        for r in REGIONS {
            let de = r.name_in(Language::De);
            let english = |w: &str| r.name.split(' ').any(|part| part == w);
            let german = |stem: &str| de.split(' ').any(|part| part.starts_with(stem));
            assert_eq!(english("left"), german("link"), "{}: {de}", r.id);
            assert_eq!(english("right"), german("recht"), "{}: {de}", r.id);
            assert_eq!(r.name_in(Language::En), r.name);
        }
        assert_eq!(
            region_at(BodySide::Back, 50.0, 212.0).map(|r| r.name_in(Language::De)),
            Some("Rückseite des linken Unterarms")
        );
    }

    #[test]
    fn pin_errors_read_in_each_language() {
        let off = PinError::NotOnBody {
            side: BodySide::Back,
            x: 5.5,
            y: 120.0,
        };
        assert_eq!(off.message(Language::En), off.to_string());
        assert_eq!(
            off.message(Language::De),
            "Die Markierung bei (5,5; 120) der Rückansicht liegt auf keinem Körperteil"
        );
        let outside = PinError::OutsideFigure { x: 1.0, y: 441.0 }.message(Language::De);
        assert!(
            outside.contains("außerhalb des Rahmens der Figur (200 × 440)"),
            "{outside}"
        );
        assert!(PinError::NotFinite
            .message(Language::De)
            .starts_with("Die Position"));
        assert_eq!(BodySide::Front.name(Language::De), "Vorderansicht");
        assert_eq!(BodySide::Back.name(Language::En), "back");
    }

    #[test]
    fn points_off_the_body_map_to_nothing() {
        for (x, y) in [
            (5.0, 5.0),
            (190.0, 10.0),
            (67.5, 140.0),  // between the right arm and the trunk
            (100.0, 260.0), // between the thighs
            (100.0, 420.0), // between the feet
            (10.0, 220.0),
            (100.0, 2.0),
            (-1.0, 100.0),
            (f32::NAN, 100.0),
        ] {
            for side in BodySide::ALL {
                assert_eq!(region_at(side, x, y), None, "({x}, {y})");
            }
        }
    }

    #[test]
    fn every_ham_site_can_be_pinned() {
        let sites: HashSet<BodySite> = REGIONS.iter().map(|r| r.site).collect();
        for site in BodySite::ALL {
            assert!(sites.contains(&site), "{site:?} is on no region");
        }
        let site_of = |id| by_id(id).site;
        assert_eq!(site_of("right-palm"), BodySite::Acral);
        assert_eq!(site_of("left-hand-back"), BodySite::Hand);
        assert_eq!(site_of("left-foot-top"), BodySite::Foot);
        assert_eq!(site_of("right-sole"), BodySite::Acral);
        assert_eq!(site_of("left-buttock"), BodySite::Trunk);
        assert_eq!(site_of("upper-back"), BodySite::Back);
        let front: HashMap<BodySite, usize> =
            regions(BodySide::Front).fold(HashMap::new(), |mut m, r| {
                *m.entry(r.site).or_default() += 1;
                m
            });
        assert_eq!(front.get(&BodySite::Back), None);
    }

    #[test]
    fn a_pin_is_checked_and_read_back_from_json() {
        let pin = BodyPin {
            side: BodySide::Back,
            x: 100.0,
            y: 120.0,
        };
        assert_eq!(pin.validate(), Ok(()));
        assert_eq!(pin.region().map(|r| r.name), Some("upper back"));
        let json = serde_json::to_string(&pin).expect("plain data");
        assert_eq!(json, r#"{"side":"back","x":100.0,"y":120.0}"#);
        assert_eq!(serde_json::from_str::<BodyPin>(&json).ok(), Some(pin));
        assert!(serde_json::from_str::<BodyPin>(r#"{"side":"top","x":1,"y":1}"#).is_err());
        assert!(serde_json::from_str::<BodyPin>(r#"{"side":"back","x":1,"y":1,"z":0}"#).is_err());

        let off = BodyPin { x: 5.0, ..pin };
        assert_eq!(
            off.validate(),
            Err(PinError::NotOnBody {
                side: BodySide::Back,
                x: 5.0,
                y: 120.0
            })
        );
        assert_eq!(
            off.validate().unwrap_err().to_string(),
            "the pin at (5, 120) of the back figure is on no part of the body"
        );
        assert_eq!(
            BodyPin { y: 441.0, ..pin }.validate(),
            Err(PinError::OutsideFigure { x: 100.0, y: 441.0 })
        );
        assert_eq!(
            BodyPin {
                x: f32::INFINITY,
                ..pin
            }
            .validate(),
            Err(PinError::NotFinite)
        );
    }
}
