//! Sizes shared by every chart, in CSS pixels, scaled to backend pixels by the device pixel
//! ratio so charts are as sharp on a phone as on a desktop and text keeps its size.

use plotters::style::{IntoFont, RGBColor, TextStyle};

/// plotters' family name for the charts' text: the browser's sans-serif in the app, the
/// bundled DejaVu Sans natively (see [`crate::register_native_font`]).
pub const FONT_FAMILY: &str = "sans-serif";

/// Text and axis colour (the page's body text).
pub const INK: RGBColor = RGBColor(0x1F, 0x29, 0x37);
/// Grid lines and reference lines.
pub const FAINT: RGBColor = RGBColor(0xD1, 0xD5, 0xDB);
pub const MUTED: RGBColor = RGBColor(0x6B, 0x72, 0x80);

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

/// How one drawing is scaled: `scale` backend pixels per CSS pixel, `narrow` for phones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub scale: f64,
    pub narrow: bool,
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
        }
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
        (FONT_FAMILY, self.text_size(role)).into_font().color(&INK)
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
    }
}
