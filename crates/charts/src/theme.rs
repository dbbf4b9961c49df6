//! Sizes shared by every chart, in CSS pixels, scaled to backend pixels by the device pixel
//! ratio so charts are as sharp on a phone as on a desktop and text keeps its size; and the
//! colours of the light or dark page they are drawn on ([`ColourMode`]).

use plotters::style::{IntoFont, RGBColor, TextStyle};

use skincheck_core::Language;

use crate::palette::{self, BLACK, BROWN, LIGHT_BROWN, WHITE, YELLOW};

/// plotters' family name for the charts' text: the browser's sans-serif in the app, the
/// bundled DejaVu Sans natively (see [`crate::register_native_font`]).
pub const FONT_FAMILY: &str = "sans-serif";

/// Text and axis colour (the page's body text), light mode.
pub const INK: RGBColor = RGBColor(0x1F, 0x29, 0x37);
/// Grid lines and reference lines, light mode.
pub const FAINT: RGBColor = RGBColor(0xD1, 0xD5, 0xDB);
/// Tick labels and secondary lines, light mode.
pub const MUTED: RGBColor = RGBColor(0x6B, 0x72, 0x80);

/// The dark page's background: `--bg` of `style/main.css` in dark mode, so a chart's canvas
/// is not a lighter box on the page. Change both together.
pub const DARK_BACKGROUND: RGBColor = RGBColor(0x15, 0x19, 0x1D);
pub const DARK_INK: RGBColor = RGBColor(0xE5, 0xE7, 0xEB);
pub const DARK_FAINT: RGBColor = RGBColor(0x37, 0x41, 0x51);
pub const DARK_MUTED: RGBColor = RGBColor(0x9C, 0xA3, 0xAF);
/// Empty heatmap cells on the dark page: a grey just lighter than the background.
pub const DARK_EMPTY: RGBColor = RGBColor(0x2A, 0x30, 0x37);
/// Where the dark confusion-matrix ramp starts (0 %), just lighter than the background.
const DARK_RAMP_START: RGBColor = RGBColor(0x1F, 0x24, 0x2A);

/// The page the charts are drawn on: light (the default, and what the CLI and native tests
/// render) or dark. Each mode has its neutrals, and keeps the palettes with WCAG AA contrast
/// against its background (checked by the tests below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ColourMode {
    #[default]
    Light,
    Dark,
}

impl ColourMode {
    pub const ALL: [ColourMode; 2] = [ColourMode::Light, ColourMode::Dark];

    pub fn background(self) -> RGBColor {
        match self {
            ColourMode::Light => WHITE,
            ColourMode::Dark => DARK_BACKGROUND,
        }
    }

    /// Text and axes.
    pub fn ink(self) -> RGBColor {
        match self {
            ColourMode::Light => INK,
            ColourMode::Dark => DARK_INK,
        }
    }

    /// Tick labels and secondary lines (still text contrast: 4.5:1).
    pub fn muted(self) -> RGBColor {
        match self {
            ColourMode::Light => MUTED,
            ColourMode::Dark => DARK_MUTED,
        }
    }

    /// Grid lines: deliberately low contrast, they only guide the eye.
    pub fn faint(self) -> RGBColor {
        match self {
            ColourMode::Light => FAINT,
            ColourMode::Dark => DARK_FAINT,
        }
    }

    /// A heatmap cell with nothing in it.
    pub fn empty(self) -> RGBColor {
        match self {
            ColourMode::Light => palette::EMPTY,
            ColourMode::Dark => DARK_EMPTY,
        }
    }

    /// A series colour as drawn in this mode. Light draws the palette as it is. Dark swaps
    /// the two colours lost on a dark page: Okabe–Ito's black becomes Okabe–Ito's yellow
    /// (left out on white for being too faint, the clearest on dark), and the timeline's
    /// brown a lighter brown; both stay apart from the others for colour-blind eyes.
    pub fn series(self, colour: RGBColor) -> RGBColor {
        match self {
            ColourMode::Dark if colour == BLACK => YELLOW,
            ColourMode::Dark if colour == BROWN => LIGHT_BROWN,
            _ => colour,
        }
    }

    /// The heatmap colour of a share `t` (0..=1 of the map's largest). Light is
    /// [`palette::sequential`]; dark runs viridis the other way, from dark purple (close to
    /// the page) to yellow, so on both pages small values recede and large ones stand out.
    pub fn sequential(self, t: f64) -> RGBColor {
        match self {
            ColourMode::Light => palette::sequential(t),
            ColourMode::Dark if t <= 0.0 || t.is_nan() => DARK_EMPTY,
            ColourMode::Dark => palette::viridis(0.96 * (1.0 - t.min(1.0))),
        }
    }

    /// A ramp from the background to `full` (the confusion matrix). Light is
    /// [`palette::ramp`]; dark starts just above the dark background.
    pub fn ramp(self, full: RGBColor, t: f64) -> RGBColor {
        match self {
            ColourMode::Light => palette::ramp(full, t),
            ColourMode::Dark => {
                let t = 0.06 + 0.94 * t.clamp(0.0, 1.0);
                let s = DARK_RAMP_START;
                let mix =
                    |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
                RGBColor(mix(s.0, full.0), mix(s.1, full.1), mix(s.2, full.2))
            }
        }
    }
}

/// Text roles and their sizes in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    /// Axis titles and legends.
    Label,
    /// Tick labels and category names.
    Tick,
    /// Numbers written on bars and cells.
    Value,
}

/// How one drawing is scaled: `scale` backend pixels per CSS pixel, `narrow` for phones;
/// and the page it is drawn on, `mode`; `language` for the words and numbers drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub scale: f64,
    pub narrow: bool,
    pub mode: ColourMode,
    pub language: Language,
}

impl Theme {
    /// For a drawing `css_width` CSS pixels wide on a screen with `device_pixel_ratio`.
    pub fn new(device_pixel_ratio: f64, css_width: f64) -> Self {
        let scale = if device_pixel_ratio.is_finite() && device_pixel_ratio > 0.0 {
            device_pixel_ratio.clamp(0.5, 4.0)
        } else {
            1.0
        };
        Theme {
            scale,
            narrow: css_width < 520.0,
            mode: ColourMode::Light,
            language: Language::En,
        }
    }

    /// The same drawing with its words and numbers in `language`.
    pub fn with_language(self, language: Language) -> Self {
        Theme { language, ..self }
    }

    /// The same sizes, drawn for a page in `mode`.
    pub fn with_mode(self, mode: ColourMode) -> Self {
        Theme { mode, ..self }
    }

    /// The colour of the class at `index` (the model's class order) in this mode.
    pub fn class_colour(&self, index: usize) -> RGBColor {
        self.mode.series(palette::class_colour(index))
    }

    /// Backend pixels for `css` CSS pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }

    /// Backend pixels as u32 (for plotters' label areas and margins).
    pub fn upx(&self, css: f64) -> u32 {
        self.px(css).max(0) as u32
    }

    /// The text size of `role` in backend pixels.
    pub fn text_size(&self, role: TextRole) -> f64 {
        let css = match (role, self.narrow) {
            (TextRole::Label, false) => 14.0,
            (TextRole::Label, true) => 12.5,
            (TextRole::Tick, false) => 13.0,
            (TextRole::Tick, true) => 11.5,
            (TextRole::Value, false) => 12.0,
            (TextRole::Value, true) => 10.5,
        };
        css * self.scale
    }

    pub fn text(&self, role: TextRole) -> TextStyle<'static> {
        (FONT_FAMILY, self.text_size(role))
            .into_font()
            .color(&self.mode.ink())
    }

    /// Line width for data lines (2 CSS px), at least one backend pixel.
    pub fn line_width(&self) -> u32 {
        self.upx(2.0).max(1)
    }

    /// Thin lines (axes, references).
    pub fn thin_width(&self) -> u32 {
        self.upx(1.0).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_pixel_ratio() {
        let one = Theme::new(1.0, 800.0);
        let three = Theme::new(3.0, 360.0);
        assert_eq!(one.px(10.0), 10);
        assert_eq!(three.px(10.0), 30);
        assert!(three.narrow && !one.narrow);
        assert!(three.text_size(TextRole::Tick) > 2.5 * one.text_size(TextRole::Tick));
        assert_eq!(Theme::new(f64::NAN, 800.0).scale, 1.0);
        assert_eq!(one.mode, ColourMode::Light);
        assert_eq!(one.with_mode(ColourMode::Dark).px(10.0), 10);
    }

    /// Okabe–Ito colours with less than 3:1 on white. The light charts have drawn them since
    /// the start (their values are also written out and in the tables); listed here so the
    /// test notices a new one, or one fixed.
    const LIGHT_BELOW_3: [RGBColor; 3] = [palette::ORANGE, palette::SKY_BLUE, palette::GREY];

    /// Every colour a chart draws a series, bar or swatch with.
    fn series_colours() -> Vec<RGBColor> {
        let mut all = palette::CATEGORICAL.to_vec();
        all.extend(crate::timeline::CLASS_COLOURS);
        all.extend([palette::GREY, MUTED]);
        all
    }

    #[test]
    fn text_and_series_keep_wcag_aa_contrast_in_both_modes() {
        for mode in ColourMode::ALL {
            let bg = mode.background();
            for (name, text) in [("ink", mode.ink()), ("muted", mode.muted())] {
                let r = palette::contrast_ratio(text, bg);
                assert!(r >= 4.5, "{mode:?} {name} {text:?}: {r:.2}:1");
            }
            let mut lowest = f64::INFINITY;
            for c in series_colours() {
                let c = if c == MUTED { mode.muted() } else { c };
                let r = palette::contrast_ratio(mode.series(c), bg);
                if mode == ColourMode::Light && LIGHT_BELOW_3.contains(&c) {
                    assert!(
                        r < 3.0,
                        "{c:?} now has {r:.2}:1: drop it from LIGHT_BELOW_3"
                    );
                } else {
                    assert!(r >= 3.0, "{mode:?} series {c:?}: {r:.2}:1");
                    lowest = lowest.min(r);
                }
            }
            println!("{mode:?}: lowest series contrast {lowest:.2}:1");
        }
        // Dark mode swaps only what it must.
        assert_eq!(ColourMode::Dark.series(BLACK), YELLOW);
        assert_eq!(ColourMode::Dark.series(palette::BLUE), palette::BLUE);
        assert_eq!(ColourMode::Light.series(BLACK), BLACK);
    }

    #[test]
    fn values_on_cells_keep_text_contrast_on_every_step() {
        let mut lowest = f64::INFINITY;
        let mut check = |cell: RGBColor, what: &str| {
            let r = palette::contrast_ratio(palette::text_on(cell), cell);
            assert!(r >= 4.5, "{what} {cell:?}: {r:.2}:1");
            lowest = lowest.min(r);
        };
        for i in 0..=200 {
            let t = f64::from(i) / 200.0;
            check(palette::viridis(t), "viridis");
            for mode in ColourMode::ALL {
                check(mode.sequential(t), "sequential");
                check(mode.ramp(palette::BLUE, t), "ramp to blue");
                check(mode.ramp(palette::VERMILLION, t), "ramp to vermillion");
            }
        }
        for mode in ColourMode::ALL {
            check(mode.empty(), "empty");
        }
        println!("lowest value-on-cell contrast {lowest:.2}:1");
    }

    #[test]
    fn heatmaps_recede_into_either_page() {
        let l = palette::relative_luminance;
        for mode in ColourMode::ALL {
            let bg = l(mode.background());
            let (small, large) = (l(mode.sequential(0.05)), l(mode.sequential(1.0)));
            // The smallest shares lie closer to the page than the largest.
            assert!((small - bg).abs() < (large - bg).abs(), "{mode:?}");
            assert!(
                (l(mode.ramp(palette::BLUE, 0.0)) - bg).abs()
                    < (l(mode.ramp(palette::BLUE, 1.0)) - bg).abs()
            );
            assert_eq!(mode.sequential(0.0), mode.empty());
        }
        assert_eq!(ColourMode::Light.sequential(0.3), palette::sequential(0.3));
        assert_eq!(ColourMode::Dark.ramp(palette::BLUE, 1.0), palette::BLUE);
    }
}
