//! Cartesian plots with numeric axes (the ROC, reliability and training charts): plotters'
//! `ChartBuilder` with the theme's margins and one mesh style, the 0–100 % unit square, a
//! legend above the plot and lines with markers. The bar and heatmap layouts are in `draw`.

use plotters::chart::MeshStyle;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{legend, Frame};
use crate::error::{drawing_error, ChartError};
use crate::table::whole_percent;
use crate::theme::{TextRole, Theme};

/// A chart context with `f64` on both axes.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Space for axis tick labels and titles around a cartesian chart.
pub(crate) fn chart_builder<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    right_axis: bool,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_top(theme.upx(8.0))
        .margin_right(theme.upx(if right_axis { 4.0 } else { 14.0 }))
        .x_label_area_size(theme.upx(44.0))
        .y_label_area_size(theme.upx(if theme.narrow { 62.0 } else { 70.0 }));
    if right_axis {
        builder.right_y_label_area_size(theme.upx(66.0));
    }
    builder
}

/// The mesh every cartesian chart shares: six y labels, faint grid lines at the labels only,
/// the theme's text; the caller adds the x labels, formatters and axis titles.
pub(crate) fn themed_mesh<'a, 'b, DB: DrawingBackend>(
    chart: &'b mut Plot<'a, DB>,
    t: &Theme,
) -> MeshStyle<'a, 'b, RangedCoordf64, RangedCoordf64, DB> {
    let mut mesh = chart.configure_mesh();
    mesh.y_labels(6)
        .max_light_lines(0)
        .bold_line_style(t.mode.faint().stroke_width(t.thin_width()))
        .axis_style(t.mode.ink().stroke_width(t.thin_width()))
        .label_style(t.text(TextRole::Tick))
        .axis_desc_style(t.text(TextRole::Label))
        .set_all_tick_mark_size(t.upx(4.0));
    mesh
}

/// Draws a legend of `items` across the top of `area` and returns the area under it.
pub(crate) fn plot_under_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    items: &[(String, RGBColor)],
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let legend_h = legend(&Frame::new(area, theme), items, 0, 0)?;
    let (_, plot) = area.split_vertically(legend_h + theme.px(4.0));
    Ok(plot)
}

/// A 0–100 % square on both axes with faint grid lines and the dashed diagonal: the frame
/// of the ROC curves (chance) and the reliability diagram (perfect calibration).
pub(crate) fn unit_square_chart<'a, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    t: &Theme,
    x_desc: &str,
    y_desc: &str,
) -> Result<Plot<'a, DB>, ChartError> {
    let mut chart = chart_builder(plot, t, false)
        .build_cartesian_2d(0f64..1f64, 0f64..1f64)
        .map_err(drawing_error)?;
    themed_mesh(&mut chart, t)
        .x_labels(6)
        .x_label_formatter(&|v| whole_percent(*v))
        .y_label_formatter(&|v| whole_percent(*v))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()
        .map_err(drawing_error)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, 0.0), (1.0, 1.0)],
            t.px(6.0),
            t.px(5.0),
            t.mode.muted().stroke_width(t.thin_width()),
        ))
        .map_err(drawing_error)?;
    Ok(chart)
}

/// A data line through `points` with a filled circle of `radius` CSS pixels at each.
pub(crate) fn line_with_markers<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    points: &[(f64, f64)],
    colour: RGBColor,
    t: &Theme,
    radius: f64,
) -> Result<(), ChartError> {
    chart
        .draw_series(LineSeries::new(
            points.iter().copied(),
            colour.stroke_width(t.line_width()),
        ))
        .map_err(drawing_error)?;
    chart
        .draw_series(
            points
                .iter()
                .map(|&p| Circle::new(p, t.px(radius), colour.filled())),
        )
        .map_err(drawing_error)?;
    Ok(())
}
