//! Colours readable by colour-blind users: Okabe & Ito's eight for categories, viridis for
//! sequential values, and a blue/vermillion pair for right/wrong.
//!
//! Okabe, M. & Ito, K., "Color Universal Design" (2008); viridis: van der Walt & Smith,
//! matplotlib (2015), perceptually uniform and legible in grey scale.

use plotters::style::RGBColor;

pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// "Unknown" and other non-categories.
pub const GREY: RGBColor = RGBColor(0xA0, 0xA0, 0xA0);
/// The history timeline's eighth-class brown (beside Okabe–Ito's seven).
pub const BROWN: RGBColor = RGBColor(120, 94, 60);
/// [`BROWN`] lightened for the dark page, where the original has only 2.9:1 against the
/// background (see `theme::ColourMode::series`).
pub const LIGHT_BROWN: RGBColor = RGBColor(0x8A, 0x6C, 0x45);

/// Okabe–Ito without yellow (too faint for lines on white), in the order classes get them.
pub const CATEGORICAL: [RGBColor; 7] = [
    BLUE,
    VERMILLION,
    ORANGE,
    REDDISH_PURPLE,
    BLUISH_GREEN,
    SKY_BLUE,
    BLACK,
];

/// The colour of the class at `index` in the model's class order (the order the card,
/// `evaluation.json` and `dataset_stats.json` list classes in), the same on every chart.
/// The order, not a list of codes here, decides: the shipped card's order (nv, mel, bkl,
/// bcc, akiec, vasc, df) makes melanoma vermillion. Past seven classes the palette repeats.
pub fn class_colour(index: usize) -> RGBColor {
    CATEGORICAL[index % CATEGORICAL.len()]
}

/// Viridis at 9 stops; [`viridis`] interpolates between them.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x48, 0x28, 0x78),
    (0x3E, 0x49, 0x89),
    (0x31, 0x68, 0x8E),
    (0x26, 0x82, 0x8E),
    (0x1F, 0x9E, 0x89),
    (0x35, 0xB7, 0x79),
    (0x6E, 0xCE, 0x58),
    (0xFD, 0xE7, 0x25),
];

/// Viridis reversed so 0 is light (pale yellow, close to the page) and 1 dark purple: empty
/// cells recede and large values stand out. `t` is clamped to 0..=1.
pub fn viridis(t: f64) -> RGBColor {
    let t = 1.0 - t.clamp(0.0, 1.0);
    let pos = t * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Empty cells of a heatmap: a neutral light grey, so "none" differs from "a few".
pub const EMPTY: RGBColor = RGBColor(0xF3, 0xF4, 0xF6);

/// The heatmap colour of a share `t` (0..=1 of the map's largest): [`EMPTY`] for nothing,
/// else [`viridis`] from its light end.
pub fn sequential(t: f64) -> RGBColor {
    if t <= 0.0 || t.is_nan() {
        EMPTY
    } else {
        viridis(0.04 + 0.96 * t)
    }
}

/// A light-to-`full` ramp: 0 is nearly white, 1 is `full`. Used for the confusion matrix,
/// blue on the diagonal (right) and vermillion off it (wrong).
pub fn ramp(full: RGBColor, t: f64) -> RGBColor {
    let t = 0.06 + 0.94 * t.clamp(0.0, 1.0);
    let mix = |c: u8| (247.0 + (f64::from(c) - 247.0) * t).round() as u8;
    RGBColor(mix(full.0), mix(full.1), mix(full.2))
}

/// Black or white, whichever reads better on `background` (the higher WCAG contrast).
pub fn text_on(background: RGBColor) -> RGBColor {
    if contrast_ratio(background, BLACK) > contrast_ratio(background, WHITE) {
        BLACK
    } else {
        WHITE
    }
}

/// WCAG 2.x relative luminance of an sRGB colour: 0 for black, 1 for white.
pub fn relative_luminance(c: RGBColor) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}

/// WCAG 2.x contrast ratio of two colours, 1 (same) to 21 (black on white), in either
/// order. AA asks 4.5 for body text, 3 for large text, lines and other graphics.
pub fn contrast_ratio(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_keep_their_colours_and_differ() {
        // The shipped card's class order.
        let codes = ["nv", "mel", "bkl", "bcc", "akiec", "vasc", "df"];
        let colours: Vec<_> = (0..codes.len()).map(class_colour).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let mel = codes.iter().position(|&c| c == "mel").unwrap();
        assert_eq!(class_colour(mel), VERMILLION);
        assert_eq!(class_colour(CATEGORICAL.len() + 1), CATEGORICAL[1]);
    }

    #[test]
    fn contrast_ratios_match_wcag() {
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        assert!(near(contrast_ratio(BLACK, WHITE), 21.0));
        assert!(near(contrast_ratio(WHITE, BLACK), 21.0));
        assert!(near(contrast_ratio(BLUE, BLUE), 1.0));
        // WebAIM's figures: #767676 is the lightest grey with 4.5:1 on white.
        assert!(near(
            contrast_ratio(RGBColor(0x76, 0x76, 0x76), WHITE),
            4.54
        ));
        assert!(near(
            contrast_ratio(RGBColor(0x77, 0x77, 0x77), WHITE),
            4.48
        ));
        assert!(near(contrast_ratio(RGBColor(0xFF, 0x00, 0x00), WHITE), 4.0));
        assert!(near(
            contrast_ratio(RGBColor(0x00, 0x00, 0xFF), WHITE),
            8.59
        ));
        assert!(near(relative_luminance(WHITE), 1.0) && relative_luminance(BLACK) == 0.0);
    }

    #[test]
    fn viridis_runs_from_light_to_dark() {
        assert_eq!(viridis(0.0), RGBColor(0xFD, 0xE7, 0x25));
        assert_eq!(viridis(1.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(7.0), viridis(1.0));
        assert_eq!(text_on(viridis(1.0)), RGBColor(0xFF, 0xFF, 0xFF));
        assert_eq!(text_on(viridis(0.0)), BLACK);
        assert_eq!(text_on(ramp(BLUE, 0.0)), BLACK);
    }

    /// sRGB to linear light.
    fn linear(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    /// How a dichromat sees `c`: Machado, Oliveira & Fernandes (2009), severity 1, applied
    /// in linear RGB; returned as linear RGB clamped to the gamut.
    fn simulate(c: RGBColor, m: &[[f64; 3]; 3]) -> [f64; 3] {
        let l = [linear(c.0), linear(c.1), linear(c.2)];
        let row = |r: &[f64; 3]| (r[0] * l[0] + r[1] * l[1] + r[2] * l[2]).clamp(0.0, 1.0);
        [row(&m[0]), row(&m[1]), row(&m[2])]
    }

    /// CIE L*a*b* (D65) of linear RGB.
    fn lab(l: [f64; 3]) -> [f64; 3] {
        let x = (0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2]) / 0.95047;
        let y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
        let z = (0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2]) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    #[test]
    fn categories_stay_apart_for_colour_blind_eyes() {
        const PROTANOPIA: [[f64; 3]; 3] = [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ];
        const DEUTERANOPIA: [[f64; 3]; 3] = [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ];
        const TRITANOPIA: [[f64; 3]; 3] = [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ];
        use crate::theme::ColourMode;
        // One colour per class of the shipped card (seven), on the light and the dark page,
        // the history timeline's eight on both, and right / wrong in the confusion matrix.
        let on = |mode: ColourMode, set: &[RGBColor]| -> Vec<RGBColor> {
            set.iter().map(|&c| mode.series(c)).collect()
        };
        let timeline = crate::timeline::CLASS_COLOURS;
        let pairs = [
            on(ColourMode::Light, &CATEGORICAL),
            on(ColourMode::Dark, &CATEGORICAL),
            on(ColourMode::Light, &timeline),
            on(ColourMode::Dark, &timeline),
            vec![BLUE, VERMILLION],
        ];
        for (name, m) in [
            ("protanopia", PROTANOPIA),
            ("deuteranopia", DEUTERANOPIA),
            ("tritanopia", TRITANOPIA),
        ] {
            for set in &pairs {
                for (i, a) in set.iter().enumerate() {
                    for b in &set[i + 1..] {
                        let (la, lb) = (lab(simulate(*a, &m)), lab(simulate(*b, &m)));
                        let delta = la
                            .iter()
                            .zip(lb)
                            .map(|(x, y)| (x - y).powi(2))
                            .sum::<f64>()
                            .sqrt();
                        assert!(
                            delta > 12.0,
                            "{a:?} and {b:?} look alike with {name} (ΔE {delta:.1})"
                        );
                    }
                }
            }
            // The check can fail: pure red and a green of similar lightness merge.
            let (r, g) = (RGBColor(0xD0, 0x40, 0x30), RGBColor(0x70, 0x80, 0x20));
            let d = lab(simulate(r, &m))
                .iter()
                .zip(lab(simulate(g, &m)))
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
                .sqrt();
            if name == "deuteranopia" {
                assert!(
                    d < 12.0,
                    "the simulation does not merge red and green ({d:.1})"
                );
            }
        }
    }
}
