//! Layouts shared by the charts: horizontal bar rows, heatmaps and legends, drawn with
//! plotters' primitives in backend pixels so hover regions are exactly what is drawn.
//!
//! Coordinates: `area` may be a part of the root; plotters' primitives on it take pixels
//! relative to the area, hover regions are absolute backend pixels (what the page's pointer
//! maps to). [`Frame`] converts.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{drawing_error, ChartError};
use crate::hit::HitRegion;
use crate::palette;
use crate::theme::{TextRole, Theme, FONT_FAMILY, INK};

/// An area and its offset in the backend, with drawing shortcuts in area pixels.
pub(crate) struct Frame<'a, DB: DrawingBackend> {
    pub area: &'a DrawingArea<DB, Shift>,
    pub theme: &'a Theme,
    pub width: i32,
    pub height: i32,
    base: (i32, i32),
}

impl<'a, DB: DrawingBackend> Frame<'a, DB> {
    pub fn new(area: &'a DrawingArea<DB, Shift>, theme: &'a Theme) -> Self {
        let (w, h) = area.dim_in_pixel();
        Frame {
            area,
            theme,
            width: w as i32,
            height: h as i32,
            base: area.get_base_pixel(),
        }
    }

    /// Absolute backend pixels of a point in this area.
    pub fn abs(&self, p: (i32, i32)) -> (i32, i32) {
        (p.0 + self.base.0, p.1 + self.base.1)
    }

    /// A hover region over the area rectangle `a`–`b`.
    pub fn region(&self, a: (i32, i32), b: (i32, i32), text: String) -> HitRegion {
        HitRegion::new(self.abs(a), self.abs(b), text)
    }

    pub fn rect(&self, a: (i32, i32), b: (i32, i32), colour: RGBColor) -> Result<(), ChartError> {
        self.area
            .draw(&Rectangle::new([a, b], colour.filled()))
            .map_err(drawing_error)
    }

    pub fn line(
        &self,
        a: (i32, i32),
        b: (i32, i32),
        colour: RGBColor,
        width: u32,
    ) -> Result<(), ChartError> {
        self.area
            .draw(&PathElement::new(vec![a, b], colour.stroke_width(width)))
            .map_err(drawing_error)
    }

    pub fn text(
        &self,
        text: &str,
        at: (i32, i32),
        role: TextRole,
        colour: RGBColor,
        h: HPos,
        v: VPos,
    ) -> Result<(), ChartError> {
        let style = self.theme.text(role).color(&colour).pos(Pos::new(h, v));
        self.area
            .draw(&Text::new(text.to_owned(), at, style))
            .map_err(drawing_error)
    }

    /// A value written just right of `at` (a bar's end), vertically centred on it.
    pub fn value_after(&self, text: &str, at: (i32, i32)) -> Result<(), ChartError> {
        let ink = self.theme.mode.ink();
        self.text(text, at, TextRole::Value, ink, HPos::Left, VPos::Center)
    }

    /// A value centred on `at` inside a cell or bar filled with `fill`, in black or white,
    /// whichever reads better on it.
    pub fn value_on(&self, text: &str, at: (i32, i32), fill: RGBColor) -> Result<(), ChartError> {
        self.text(
            text,
            at,
            TextRole::Value,
            palette::text_on(fill),
            HPos::Center,
            VPos::Center,
        )
    }

    /// Width and height of `text` in backend pixels.
    ///
    /// Measured at the CSS size and scaled: in the browser plotters measures text in a
    /// `<span>` that wraps at the viewport's width, so measuring at backend size (3 × CSS on
    /// a phone) would cap long labels at the screen width.
    pub fn measure(&self, text: &str, role: TextRole) -> Result<(i32, i32), ChartError> {
        let scale = self.theme.scale;
        let css = (FONT_FAMILY, self.theme.text_size(role) / scale)
            .into_font()
            .color(&INK);
        let (w, h) = self
            .area
            .estimate_text_size(text, &css)
            .map_err(drawing_error)?;
        let up = |v: u32| (f64::from(v) * scale).round() as i32;
        Ok((up(w), up(h)))
    }

    pub fn widest(&self, texts: &[String], role: TextRole) -> Result<i32, ChartError> {
        texts
            .iter()
            .map(|t| self.measure(t, role).map(|s| s.0))
            .try_fold(0, |acc, w| w.map(|w| acc.max(w)))
    }
}

/// Draws a legend (colour squares and names) wrapping over as many lines as the width
/// needs, from `top`; returns the height used.
pub(crate) fn legend<DB: DrawingBackend>(
    frame: &Frame<'_, DB>,
    items: &[(String, RGBColor)],
    left: i32,
    top: i32,
) -> Result<i32, ChartError> {
    let t = frame.theme;
    let line_height = t.px(22.0);
    let swatch = t.px(12.0);
    let gap = t.px(16.0);
    let (mut x, mut y) = (left, top);
    for (name, colour) in items {
        let (w, _) = frame.measure(name, TextRole::Label)?;
        let item_width = swatch + t.px(6.0) + w;
        if x > left && x + item_width > frame.width - t.px(4.0) {
            x = left;
            y += line_height;
        }
        let mid = y + line_height / 2;
        frame.rect(
            (x, mid - swatch / 2),
            (x + swatch, mid + swatch / 2),
            *colour,
        )?;
        frame.text(
            name,
            (x + swatch + t.px(6.0), mid),
            TextRole::Label,
            t.mode.ink(),
            HPos::Left,
            VPos::Center,
        )?;
        x += item_width + gap;
    }
    Ok(y + line_height - top)
}

/// Rows of horizontal bars: names on the left, a plot band, an axis underneath.
pub(crate) struct Rows {
    /// Left and right of the plot band.
    pub x0: i32,
    pub x1: i32,
    /// Top of the first row and the height of each.
    pub top: i32,
    pub row_height: i32,
    pub count: usize,
}

impl Rows {
    /// Lays out `labels` as rows under `top`, leaving `axis` pixels at the bottom and
    /// `right_margin` pixels right of the plot band (for value labels).
    pub fn layout<DB: DrawingBackend>(
        frame: &Frame<'_, DB>,
        labels: &[String],
        top: i32,
        axis: i32,
        right_margin: i32,
    ) -> Result<Rows, ChartError> {
        let t = frame.theme;
        let x0 = frame.widest(labels, TextRole::Tick)? + t.px(10.0);
        let count = labels.len().max(1);
        let row_height = ((frame.height - top - axis) / count as i32).max(1);
        Ok(Rows {
            x0,
            x1: (frame.width - right_margin).max(x0 + 1),
            top,
            row_height,
            count,
        })
    }

    /// Rows of bars that share a 0–100 % axis titled `axis_title`, under a legend of
    /// `items` that starts where the bars do.
    pub fn percent_bars_with_legend<DB: DrawingBackend>(
        frame: &Frame<'_, DB>,
        labels: &[String],
        items: &[(String, RGBColor)],
        right_margin: i32,
        axis_title: &str,
    ) -> Result<Rows, ChartError> {
        let t = frame.theme;
        let probe = Rows::layout(frame, labels, 0, 0, right_margin)?;
        let legend_h = legend(frame, items, probe.x0, 0)?;
        let rows = Rows::layout(
            frame,
            labels,
            legend_h + t.px(4.0),
            axis_height(t),
            right_margin,
        )?;
        let ticks: Vec<(f64, String)> = (0..=4)
            .map(|i| (f64::from(i) / 4.0, format!("{} %", 25 * i)))
            .collect();
        rows.draw_axis(frame, &ticks, axis_title)?;
        rows.draw_labels(frame, labels)?;
        Ok(rows)
    }

    pub fn row_top(&self, i: usize) -> i32 {
        self.top + i as i32 * self.row_height
    }

    pub fn bottom(&self) -> i32 {
        self.row_top(self.count)
    }

    /// Draws the row names, right-aligned against the plot band.
    pub fn draw_labels<DB: DrawingBackend>(
        &self,
        frame: &Frame<'_, DB>,
        labels: &[String],
    ) -> Result<(), ChartError> {
        for (i, label) in labels.iter().enumerate() {
            let mid = self.row_top(i) + self.row_height / 2;
            frame.text(
                label,
                (self.x0 - frame.theme.px(8.0), mid),
                TextRole::Tick,
                frame.theme.mode.ink(),
                HPos::Right,
                VPos::Center,
            )?;
        }
        Ok(())
    }

    /// Vertical grid lines and tick labels at `ticks` (position 0..=1 along the band, text).
    pub fn draw_axis<DB: DrawingBackend>(
        &self,
        frame: &Frame<'_, DB>,
        ticks: &[(f64, String)],
        title: &str,
    ) -> Result<(), ChartError> {
        let t = frame.theme;
        let bottom = self.bottom();
        for (pos, text) in ticks {
            let x = self.x(*pos);
            frame.line((x, self.top), (x, bottom), t.mode.faint(), t.thin_width())?;
            frame.text(
                text,
                (x, bottom + t.px(4.0)),
                TextRole::Tick,
                t.mode.muted(),
                HPos::Center,
                VPos::Top,
            )?;
        }
        let ink = t.mode.ink();
        frame.line((self.x0, self.top), (self.x0, bottom), ink, t.thin_width())?;
        let (_, tick_h) = frame.measure("0", TextRole::Tick)?;
        frame.text(
            title,
            ((self.x0 + self.x1) / 2, bottom + t.px(8.0) + tick_h),
            TextRole::Label,
            ink,
            HPos::Center,
            VPos::Top,
        )
    }

    /// The x pixel of a position 0..=1 along the band.
    pub fn x(&self, pos: f64) -> i32 {
        self.x0 + (pos.clamp(0.0, 1.0) * f64::from(self.x1 - self.x0)).round() as i32
    }
}

/// Pixels the axis under [`Rows`] needs: tick labels and a title.
pub(crate) fn axis_height(theme: &Theme) -> i32 {
    theme.px(46.0)
}

/// A heatmap: named rows and columns, a fill and optional text per cell, a hover text per
/// cell. Columns are labelled on top, like a table's header.
pub(crate) struct Heatmap<'a> {
    pub rows: &'a [String],
    pub cols: &'a [String],
    /// Written above the row names (what the rows are).
    pub corner: &'a str,
    /// Written above the column names (what the columns are).
    pub col_title: &'a str,
    pub fill: &'a dyn Fn(usize, usize) -> RGBColor,
    pub label: &'a dyn Fn(usize, usize) -> Option<String>,
    pub hover: &'a dyn Fn(usize, usize) -> String,
}

pub(crate) fn heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    map: &Heatmap<'_>,
) -> Result<Vec<HitRegion>, ChartError> {
    let frame = Frame::new(area, theme);
    let t = theme;
    let (_, label_h) = frame.measure("Ag", TextRole::Label)?;
    let (_, tick_h) = frame.measure("Ag", TextRole::Tick)?;
    let title_y = t.px(3.0);
    let header_top = title_y + label_h + t.px(8.0);
    let grid_top = header_top + tick_h + t.px(8.0);
    let corner_w = frame.measure(map.corner, TextRole::Label)?.0;
    let x0 =
        (frame.widest(map.rows, TextRole::Tick)? + t.px(10.0)).max(corner_w.min(frame.width / 3));
    let (cols, rows) = (map.cols.len().max(1) as i32, map.rows.len().max(1) as i32);
    let cell_w = ((frame.width - x0 - t.px(2.0)) / cols).max(1);
    let cell_h = ((frame.height - grid_top - t.px(2.0)) / rows).max(1);
    let gap = t.px(1.0);
    let ink = t.mode.ink();

    frame.text(
        map.corner,
        (0, title_y),
        TextRole::Label,
        ink,
        HPos::Left,
        VPos::Top,
    )?;
    frame.text(
        map.col_title,
        (x0 + cell_w * cols / 2, title_y),
        TextRole::Label,
        ink,
        HPos::Center,
        VPos::Top,
    )?;
    for (c, name) in map.cols.iter().enumerate() {
        let x = x0 + c as i32 * cell_w + cell_w / 2;
        frame.text(
            name,
            (x, header_top),
            TextRole::Tick,
            ink,
            HPos::Center,
            VPos::Top,
        )?;
    }
    let mut regions = Vec::with_capacity(map.rows.len() * map.cols.len());
    for (r, name) in map.rows.iter().enumerate() {
        let y = grid_top + r as i32 * cell_h;
        frame.text(
            name,
            (x0 - t.px(8.0), y + cell_h / 2),
            TextRole::Tick,
            ink,
            HPos::Right,
            VPos::Center,
        )?;
        for c in 0..map.cols.len() {
            let x = x0 + c as i32 * cell_w;
            let fill = (map.fill)(r, c);
            let (a, b) = ((x, y), (x + cell_w - gap, y + cell_h - gap));
            frame.rect(a, b, fill)?;
            if let Some(text) = (map.label)(r, c) {
                let (w, h) = frame.measure(&text, TextRole::Value)?;
                if w + t.px(4.0) <= cell_w && h <= cell_h {
                    let centre = (x + (cell_w - gap) / 2, y + (cell_h - gap) / 2);
                    frame.value_on(&text, centre, fill)?;
                }
            }
            regions.push(frame.region(a, b, (map.hover)(r, c)));
        }
    }
    Ok(regions)
}
